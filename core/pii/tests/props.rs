//! Property tests: round trips, and every kind of tampering is an error, never garbage.

use medcore_pii::{FieldContext, Keyring, PiiError, SecretKey};
use proptest::prelude::*;
use std::sync::OnceLock;

fn ring() -> &'static Keyring {
    static R: OnceLock<Keyring> = OnceLock::new();
    R.get_or_init(|| Keyring::generate().unwrap())
}

fn ctx_strategy() -> impl Strategy<Value = FieldContext> {
    ("[a-z]{1,8}", "[a-z_]{1,10}", "[a-z_]{1,10}", "[0-9]{1,6}")
        .prop_map(|(t, tb, c, r)| FieldContext::new(t, tb, c, r))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn roundtrip_binary_and_text(ctx in ctx_strategy(), pt in proptest::collection::vec(any::<u8>(), 0..300)) {
        let r = ring();
        let bin = r.encrypt(&ctx, &pt).unwrap();
        prop_assert_eq!(&r.decrypt(&ctx, &bin).unwrap()[..], &pt[..]);
        let text = r.encrypt_text(&ctx, &pt).unwrap();
        prop_assert!(text.starts_with("mc1:"));
        prop_assert_eq!(&r.decrypt_text(&ctx, &text).unwrap()[..], &pt[..]);
        let det = r.encrypt_deterministic(&ctx.column_context(), &pt).unwrap();
        prop_assert_eq!(&r.decrypt(&ctx, &det).unwrap()[..], &pt[..]);
    }

    #[test]
    fn flipped_bit_is_an_error(ctx in ctx_strategy(), pt in proptest::collection::vec(any::<u8>(), 0..64), bit in any::<usize>(), det in any::<bool>()) {
        let r = ring();
        let mut env = if det { r.encrypt_deterministic(&ctx.column_context(), &pt).unwrap() } else { r.encrypt(&ctx, &pt).unwrap() };
        let i = bit % (env.len() * 8);
        env[i / 8] ^= 1 << (i % 8);
        prop_assert!(r.decrypt(&ctx, &env).is_err());
    }

    #[test]
    fn truncation_is_an_error(ctx in ctx_strategy(), pt in proptest::collection::vec(any::<u8>(), 0..64), cut in any::<usize>()) {
        let r = ring();
        let env = r.encrypt(&ctx, &pt).unwrap();
        let n = cut % env.len();
        prop_assert!(r.decrypt(&ctx, &env[..n]).is_err());
        let text = r.encrypt_text(&ctx, &pt).unwrap();
        let m = cut % text.len();
        prop_assert!(r.decrypt_text(&ctx, &text[..m]).is_err());
    }

    #[test]
    fn wrong_key_is_auth_failed(ctx in ctx_strategy(), pt in proptest::collection::vec(any::<u8>(), 0..64)) {
        let other = Keyring::from_master(SecretKey::generate().unwrap());
        let env = ring().encrypt(&ctx, &pt).unwrap();
        prop_assert_eq!(other.decrypt(&ctx, &env).unwrap_err(), PiiError::AuthFailed);
    }

    #[test]
    fn wrong_context_is_auth_failed(ctx in ctx_strategy(), other in ctx_strategy(), pt in proptest::collection::vec(any::<u8>(), 0..64)) {
        prop_assume!(ctx != other);
        let env = ring().encrypt(&ctx, &pt).unwrap();
        prop_assert_eq!(ring().decrypt(&other, &env).unwrap_err(), PiiError::AuthFailed);
    }

    #[test]
    fn swapped_record_ids_fail(ctx in ctx_strategy(), pt1 in proptest::collection::vec(any::<u8>(), 0..32), pt2 in proptest::collection::vec(any::<u8>(), 0..32)) {
        let a = ctx.clone();
        let mut b = ctx;
        b.record_id.push('7');
        let r = ring();
        let ea = r.encrypt(&a, &pt1).unwrap();
        let eb = r.encrypt(&b, &pt2).unwrap();
        // The ciphertexts of two rows swapped in the database: both fail.
        prop_assert_eq!(r.decrypt(&a, &eb).unwrap_err(), PiiError::AuthFailed);
        prop_assert_eq!(r.decrypt(&b, &ea).unwrap_err(), PiiError::AuthFailed);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
        let ctx = FieldContext::new("t", "patients", "ssn", "1");
        prop_assert!(ring().decrypt(&ctx, &bytes).is_err());
    }
}
