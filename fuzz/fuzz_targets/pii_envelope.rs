//! Envelope parsing and decryption on untrusted bytes: never panics; anything that decrypts must
//! be an envelope this keyring produced for this context (re-encrypting it round-trips).
#![no_main]

use libfuzzer_sys::fuzz_target;
use medcore::pii::envelope::{decode_any, from_text, EnvelopeRef};
use medcore::pii::{FieldContext, Keyring, Tokenizer};
use std::sync::OnceLock;

fn ring() -> &'static Keyring {
    static R: OnceLock<Keyring> = OnceLock::new();
    // A fixed fuzzing key (bytes 0..31): the target must be reproducible.
    R.get_or_init(|| {
        let k: Vec<u8> = (0u8..32).collect();
        Keyring::from_raw_key(&k).expect("32-byte key")
    })
}

fn tokenizer() -> &'static Tokenizer {
    static T: OnceLock<Tokenizer> = OnceLock::new();
    T.get_or_init(|| Tokenizer::from_master(&medcore::pii::SecretKey::from_bytes(&[7u8; 32]).expect("key")))
}

fuzz_target!(|data: &[u8]| {
    let ctx = FieldContext::new("t", "patients", "ssn", "1");
    let _ = EnvelopeRef::parse(data).map(|e| e.info());
    let _ = decode_any(data);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = from_text(s);
        let _ = tokenizer().rekey("t", s);
        let _ = medcore::pii::deidentify_pid(s, Default::default(), &medcore::pii::DeidPolicy::safe_harbor("2026-01-15"), None);
        for k in medcore::pii::PiiType::ALL {
            let _ = medcore::pii::normalize(k, s);
            let _ = medcore::pii::mask(k, s);
        }
    }
    if let Ok(pt) = ring().decrypt(&ctx, data) {
        // Forging is infeasible, so a success means the fuzzer replayed a real envelope.
        let again = ring().encrypt(&ctx, &pt).expect("encrypt");
        assert_eq!(&ring().decrypt(&ctx, &again).expect("round trip")[..], &pt[..]);
    }
    let _ = ring().rewrap(&ctx, data);
});
