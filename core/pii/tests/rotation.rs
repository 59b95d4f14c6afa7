//! Keyring lifecycle, exactly the scenario of the PII protection issue: encrypt under k1, rotate
//! to k2, old data decrypts, rewrap, disable k1, still decrypts; destroying k1 before rewrap gives a
//! clear error naming the key id.

use medcore_pii::envelope::EnvelopeRef;
use medcore_pii::{
    CallbackUnwrapper, ColumnContext, FieldContext, KeyState, Keyring, LocalKek, PiiError,
    SecretKey,
};

fn ctx() -> FieldContext {
    FieldContext::new("st-mary", "patients", "ssn", "10042")
}

#[test]
fn rotation_scenario() {
    let mut ring = Keyring::generate().unwrap();
    let c = ctx();
    let old = ring.encrypt_text(&c, b"123-45-6789").unwrap();
    assert_eq!(ring.primary_id(), Some(1));

    let k2 = ring.rotate().unwrap();
    assert_eq!(k2, 2);
    assert_eq!(ring.status()[0].state, KeyState::DecryptOnly);
    // Old data still decrypts.
    assert_eq!(&ring.decrypt_text(&c, &old).unwrap()[..], b"123-45-6789");
    // New data goes under k2.
    let new = ring.encrypt(&c, b"x").unwrap();
    assert_eq!(EnvelopeRef::parse(&new).unwrap().key_id, 2);

    // Rewrap: the result is under k2, text stays text, and no plaintext reaches the caller.
    let rewrapped = String::from_utf8(ring.rewrap(&c, old.as_bytes()).unwrap()).unwrap();
    assert!(rewrapped.starts_with("mc1:"));
    let bin = medcore_pii::envelope::from_text(&rewrapped).unwrap();
    assert_eq!(EnvelopeRef::parse(&bin).unwrap().key_id, 2);

    // Disable k1: the rewrapped data still decrypts, the old envelope is refused by name.
    ring.disable(1).unwrap();
    assert_eq!(
        &ring.decrypt_text(&c, &rewrapped).unwrap()[..],
        b"123-45-6789"
    );
    let e = ring.decrypt_text(&c, &old).unwrap_err();
    assert_eq!(e.code(), "PII_KEY_DISABLED");
    assert!(e.to_string().contains("key 1"), "{e}");
    ring.enable(1).unwrap();
    assert!(ring.decrypt_text(&c, &old).is_ok());
}

#[test]
fn destroy_before_rewrap_names_the_key() {
    let mut ring = Keyring::generate().unwrap();
    let c = ctx();
    let old = ring.encrypt_text(&c, b"123-45-6789").unwrap();
    ring.rotate().unwrap();
    ring.destroy(1).unwrap();
    let e = ring.decrypt_text(&c, &old).unwrap_err();
    assert_eq!(e, PiiError::KeyDestroyed { key_id: 1 });
    assert_eq!(e.code(), "PII_KEY_DESTROYED");
    assert!(e.to_string().contains("key 1"));
    // Rewrap cannot rescue it either.
    assert_eq!(
        ring.rewrap(&c, old.as_bytes()).unwrap_err().code(),
        "PII_KEY_DESTROYED"
    );
    // The primary can be neither disabled nor destroyed.
    assert_eq!(ring.destroy(2).unwrap_err().code(), "PII_KEY_STATE");
    assert_eq!(ring.disable(2).unwrap_err().code(), "PII_KEY_STATE");
}

#[test]
fn min_decryption_version() {
    let mut ring = Keyring::generate().unwrap();
    let c = ctx();
    let old = ring.encrypt(&c, b"v").unwrap();
    ring.rotate().unwrap();
    ring.set_min_decryption_version(2).unwrap();
    let e = ring.decrypt(&c, &old).unwrap_err();
    assert_eq!(e.code(), "PII_KEY_DISABLED");
    assert!(e.to_string().contains("minimum decryption version"));
    assert!(ring.set_min_decryption_version(3).is_err());
}

#[test]
fn deterministic_and_blind_index() {
    let ring = Keyring::generate().unwrap();
    let col = ColumnContext::new("st-mary", "patients", "ssn");
    let a = ring.encrypt_deterministic(&col, b"123456789").unwrap();
    let b = ring.encrypt_deterministic(&col, b"123456789").unwrap();
    assert_eq!(a, b, "deterministic: equal in, equal out");
    let other_col = ColumnContext::new("st-mary", "patients", "mrn");
    assert_ne!(
        a,
        ring.encrypt_deterministic(&other_col, b"123456789")
            .unwrap()
    );
    // Any record id of the column decrypts it; another column does not.
    assert_eq!(
        &ring.decrypt(&col.field("1"), &a).unwrap()[..],
        b"123456789"
    );
    assert_eq!(
        ring.decrypt(&other_col.field("1"), &a).unwrap_err(),
        PiiError::AuthFailed
    );
    // Random-nonce encryption differs every time.
    let c = col.field("1");
    assert_ne!(
        ring.encrypt(&c, b"x").unwrap(),
        ring.encrypt(&c, b"x").unwrap()
    );
    let bi = ring.blind_index(&col, b"123456789").unwrap();
    assert!(bi.starts_with("bi1:1:"));
    assert_eq!(bi, ring.blind_index(&col, b"123456789").unwrap());
    assert_ne!(bi, ring.blind_index(&other_col, b"123456789").unwrap());
}

#[test]
fn keyring_document_with_local_kek_and_callback() {
    let root2 = SecretKey::generate().unwrap();
    let mut ring = Keyring::generate().unwrap();
    ring.rotate_with(root2.clone()).unwrap();
    ring.rotate().unwrap();
    ring.destroy(1).unwrap();
    let c = ctx();
    let env = ring.encrypt(&c, b"secret").unwrap();
    let kek_secret = SecretKey::generate().unwrap();
    let kek = LocalKek::new("local-kek-1", &kek_secret);
    let doc = ring.to_document(&kek).unwrap();
    let json = serde_json::to_string(&doc).unwrap();
    assert!(
        !json.contains(&*root2.to_base64()),
        "document holds wrapped keys only"
    );
    assert!(json.contains("\"destroyed\""));
    let back: medcore_pii::KeyringDocument = serde_json::from_str(&json).unwrap();
    let ring2 = Keyring::from_document(&back, &kek).unwrap();
    assert_eq!(ring2.status(), ring.status());
    assert_eq!(&ring2.decrypt(&c, &env).unwrap()[..], b"secret");

    // A host callback (what a KMS/Vault binding provides) that delegates to the local KEK.
    let kek2 = LocalKek::new("local-kek-1", &kek_secret);
    let cb = CallbackUnwrapper::new(move |kek_id, key_id, wrapped| {
        medcore_pii::KeyUnwrapper::unwrap_key(&kek2, kek_id, key_id, wrapped)
            .map(|z| z.to_vec())
            .map_err(|e| e.to_string())
    });
    let ring3 = Keyring::from_document(&back, &cb).unwrap();
    assert_eq!(&ring3.decrypt(&c, &env).unwrap()[..], b"secret");
    let failing = CallbackUnwrapper::new(|_, _, _| Err("KMS said AccessDenied".into()));
    let e = Keyring::from_document(&back, &failing).unwrap_err();
    assert_eq!(e.code(), "PII_UNWRAP");
    assert!(e.to_string().contains("AccessDenied"));
    // The wrong KEK is refused.
    let wrong = LocalKek::new("local-kek-1", &SecretKey::generate().unwrap());
    assert_eq!(
        Keyring::from_document(&back, &wrong).unwrap_err(),
        PiiError::AuthFailed
    );
}

#[test]
fn key_spec_env_and_debug_redaction() {
    let k1 = SecretKey::generate().unwrap();
    let k2 = SecretKey::generate().unwrap();
    let spec = format!(
        "1:{}, 2:{}\nmin-decryption-version=1",
        &*k1.to_base64(),
        &*k2.to_base64()
    );
    std::env::set_var("MEDCORE_PII_KEYS_TEST_SPEC", &spec);
    let ring = Keyring::from_env("MEDCORE_PII_KEYS_TEST_SPEC").unwrap();
    assert_eq!(ring.primary_id(), Some(2));
    assert_eq!(ring.status()[0].state, KeyState::DecryptOnly);
    let dbg = format!("{ring:?} {k1:?}");
    assert!(
        !dbg.contains(&*k1.to_base64()) && dbg.contains("redacted"),
        "{dbg}"
    );
    // Same material through the raw-bytes source gives a compatible key.
    let raw = Keyring::from_raw_key(k2.expose()).unwrap();
    let env = raw.encrypt(&ctx(), b"z").unwrap();
    // raw holds k2 as version 1; in `ring` version 1 is k1, so authentication fails.
    assert_eq!(
        ring.decrypt(&ctx(), &env).unwrap_err().code(),
        "PII_AUTH_FAILED"
    );
    let e = Keyring::from_spec("1:not-a-key").unwrap_err();
    assert_eq!(e.code(), "PII_KEY_FORMAT");
    assert!(
        !e.to_string().contains("not-a-key"),
        "key text must not leak into errors: {e}"
    );
    assert_eq!(
        Keyring::from_env("MEDCORE_PII_NO_SUCH_VAR")
            .unwrap_err()
            .code(),
        "PII_KEY_FORMAT"
    );
    // Single master secret.
    let m = Keyring::from_spec(&k1.to_base64()).unwrap();
    assert_eq!(m.primary_id(), Some(1));
    // Destroyed entry.
    let d = Keyring::from_spec(&format!("1:destroyed,2:{}", &*k2.to_base64())).unwrap();
    assert_eq!(d.status()[0].state, KeyState::Destroyed);
}

#[test]
fn batch_functions() {
    let ring = Keyring::generate().unwrap();
    let col = ColumnContext::new("t", "patients", "phone");
    let ids = ["1", "2", "3"];
    let vals: [&[u8]; 3] = [b"a", b"bb", b"ccc"];
    let out = ring.encrypt_column(&col, &ids, &vals).unwrap();
    let ctxs: Vec<FieldContext> = ids.iter().map(|i| col.field(*i)).collect();
    let envs: Vec<&[u8]> = out.iter().map(|s| s.as_bytes()).collect();
    let back = ring.decrypt_batch(&ctxs, &envs).unwrap();
    for (b, v) in back.iter().zip(vals) {
        assert_eq!(&b.as_ref().unwrap()[..], v);
    }
    // Rows swapped: each fails.
    let swapped: Vec<&[u8]> = vec![envs[1], envs[0], envs[2]];
    let res = ring.decrypt_batch(&ctxs, &swapped).unwrap();
    assert!(res[0].is_err() && res[1].is_err() && res[2].is_ok());
    assert!(
        ring.encrypt_batch(&ctxs[..2], &vals).is_err(),
        "length mismatch"
    );
}

#[test]
fn two_phase_document_load_for_single_threaded_hosts() {
    // The host collects the wrapped keys, unwraps each itself (here with the local KEK standing
    // in for a KMS), then loads the keyring from its answers.
    let mut ring = Keyring::generate().unwrap();
    ring.rotate().unwrap();
    ring.rotate().unwrap();
    ring.destroy(1).unwrap();
    let c = ctx();
    let env = ring.encrypt(&c, b"secret").unwrap();
    let kek = LocalKek::new("kms-key-1", &SecretKey::generate().unwrap());
    let doc = ring.to_document(&kek).unwrap();
    let wrapped = doc.wrapped_keys().unwrap();
    assert_eq!(
        wrapped.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        vec![2, 3],
        "destroyed keys have nothing to unwrap"
    );
    let answers: Vec<(u32, Vec<u8>)> = wrapped
        .iter()
        .map(|(id, w)| {
            let raw = medcore_pii::KeyUnwrapper::unwrap_key(&kek, &doc.kek_id, *id, w).unwrap();
            (*id, raw.to_vec())
        })
        .collect();
    let ring2 = Keyring::from_document(&doc, &medcore_pii::UnwrappedKeys::new(answers)).unwrap();
    assert_eq!(ring2.status(), ring.status());
    assert_eq!(&ring2.decrypt(&c, &env).unwrap()[..], b"secret");
    // A key the host did not answer for is refused with PII_UNWRAP.
    let partial = medcore_pii::UnwrappedKeys::new(vec![]);
    let e = Keyring::from_document(&doc, &partial).unwrap_err();
    assert_eq!(e.code(), "PII_UNWRAP");
    // Corrupt wrapped text is refused before any host call.
    let mut bad = doc.clone();
    bad.keys[1].wrapped = Some("!!".into());
    assert_eq!(bad.wrapped_keys().unwrap_err().code(), "PII_KEY_FORMAT");
}
