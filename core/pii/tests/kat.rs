//! Published known-answer tests: RFC 4231 (HMAC-SHA-256), the GCM specification test cases 13-16
//! used by NIST's GCM validation (McGrew and Viega, "The Galois/Counter Mode of Operation", 2005,
//! appendix B; AES-256), and RFC 5869 test case 1 (HKDF-SHA-256).

use medcore_pii::primitives::{aead_open, aead_seal, hkdf_sha256, hmac_sha256, Aead};

fn h(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

#[test]
fn rfc4231_hmac_sha256() {
    let key131 = vec![0xaa; 131];
    let cases: [(Vec<u8>, Vec<u8>, &str); 7] = [
        (vec![0x0b; 20], b"Hi There".to_vec(), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (b"Jefe".to_vec(), b"what do ya want for nothing?".to_vec(), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (vec![0xaa; 20], vec![0xdd; 50], "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ((1u8..=25).collect(), vec![0xcd; 50], "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        // Test case 5 is truncated to 128 bits.
        (vec![0x0c; 20], b"Test With Truncation".to_vec(), "a3b6167473100ee06e0c796c2955552b"),
        (key131.clone(), b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (key131, b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(), "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ];
    for (i, (key, data, want)) in cases.iter().enumerate() {
        let got = hmac_sha256(key, data);
        let want = h(want);
        assert_eq!(
            &got[..want.len()],
            &want[..],
            "RFC 4231 test case {}",
            i + 1
        );
    }
}

#[test]
fn gcm_spec_aes256_test_cases() {
    let k0 = vec![0u8; 32];
    let n0 = vec![0u8; 12];
    // Test case 13: empty plaintext.
    assert_eq!(
        aead_seal(Aead::Aes256Gcm, &k0, &n0, b"", b"").unwrap(),
        h("530f8afbc74536b9a963b4f1c4cb738b")
    );
    // Test case 14: one zero block.
    assert_eq!(
        aead_seal(Aead::Aes256Gcm, &k0, &n0, b"", &[0u8; 16]).unwrap(),
        h("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919")
    );
    let k = h("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
    let iv = h("cafebabefacedbaddecaf888");
    let p = h("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255");
    let c = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";
    // Test case 15: 64-byte plaintext, no AAD.
    let tc15 = h(&format!("{c}b094dac5d93471bdec1a502270e3cc6c"));
    assert_eq!(aead_seal(Aead::Aes256Gcm, &k, &iv, b"", &p).unwrap(), tc15);
    assert_eq!(
        &aead_open(Aead::Aes256Gcm, &k, &iv, b"", &tc15).unwrap()[..],
        &p[..]
    );
    // Test case 16: 60-byte plaintext with 20 bytes of AAD.
    let aad = h("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    let tc16 = h(&format!("{}76fc6ece0f4e1768cddf8853bb2d551b", &c[..120]));
    assert_eq!(
        aead_seal(Aead::Aes256Gcm, &k, &iv, &aad, &p[..60]).unwrap(),
        tc16
    );
    assert!(
        aead_open(Aead::Aes256Gcm, &k, &iv, b"", &tc16).is_err(),
        "AAD is authenticated"
    );
}

#[test]
fn rfc5869_hkdf_sha256_case1() {
    let okm = hkdf_sha256(
        &h("000102030405060708090a0b0c"),
        &[0x0b; 22],
        &h("f0f1f2f3f4f5f6f7f8f9"),
        42,
    )
    .unwrap();
    assert_eq!(
        &okm[..],
        &h("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
            [..]
    );
}
