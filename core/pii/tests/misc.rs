//! Envelope parsing errors with offsets, tokenizer lifecycle, de-identification with tokenization,
//! and the redaction of secrets in `Debug`.

use medcore_pii::deid::{age_at, date_to_year, DeidAction, IdentifierKind};
use medcore_pii::envelope::{from_text, EnvelopeRef};
use medcore_pii::{
    deidentify_pid, DeidPolicy, Delimiters, PiiError, PiiType, SecretKey, Token, Tokenizer,
};

#[test]
fn envelope_errors_name_the_offset() {
    assert_eq!(
        EnvelopeRef::parse(&[]).unwrap_err(),
        PiiError::EnvelopeFormat {
            offset: 0,
            reason: "empty input".into()
        }
    );
    match EnvelopeRef::parse(&[1, 9]).unwrap_err() {
        PiiError::EnvelopeFormat { offset, .. } => assert_eq!(offset, 1),
        e => panic!("{e}"),
    }
    match EnvelopeRef::parse(&[1, 1, 0, 0, 0, 1, 0, 0]).unwrap_err() {
        PiiError::EnvelopeFormat { offset, reason } => {
            assert_eq!(offset, 8);
            assert!(reason.contains("nonce"));
        }
        e => panic!("{e}"),
    }
    match from_text("mc1:AAAA!AAA").unwrap_err() {
        PiiError::EnvelopeFormat { offset, .. } => assert_eq!(offset, 8),
        e => panic!("{e}"),
    }
    assert_eq!(from_text("xx").unwrap_err().code(), "PII_ENVELOPE_FORMAT");
}

#[test]
fn tokens_are_domain_separated_and_rotate() {
    let root1 = SecretKey::generate().unwrap();
    let mut t = Tokenizer::from_master(&root1);
    let a = t.tokenize(PiiType::Ssn, "st-mary", "123-45-6789").unwrap();
    let b = t.tokenize(PiiType::Ssn, "north", "123-45-6789").unwrap();
    let c = t.tokenize(PiiType::Mrn, "st-mary", "123456789").unwrap();
    assert_ne!(a.bytes, b.bytes, "tenant separates");
    assert_ne!(a.bytes, c.bytes, "type separates");
    assert_eq!(
        a,
        t.tokenize(PiiType::Ssn, "st-mary", "123 45 6789").unwrap(),
        "normalized"
    );
    let old = a.to_text();
    assert_eq!(Token::parse(&old).unwrap(), a);
    t.rotate_with(2, &SecretKey::generate().unwrap()).unwrap();
    let new = t
        .tokenize_text(PiiType::Ssn, "st-mary", "123-45-6789")
        .unwrap();
    assert!(new.starts_with("mct1:ssn:2:"));
    assert_eq!(t.rekey("st-mary", &old).unwrap(), new);
    assert_eq!(
        t.rekey("st-mary", &new).unwrap(),
        new,
        "rekeying a current token is the identity"
    );
    assert!(t.rotate_with(2, &root1).is_err());
    let batch = t.tokenize_batch(PiiType::Ssn, "st-mary", &["123-45-6789", "bad"]);
    assert_eq!(batch[0].as_ref().unwrap(), &new);
    assert_eq!(batch[1].as_ref().unwrap_err().code(), "PII_NORMALIZE");
    t.rotate_with(4_000_000_000, &SecretKey::generate().unwrap())
        .unwrap();
    let wide = t
        .tokenize_text(PiiType::Ssn, "st-mary", "123-45-6789")
        .unwrap();
    assert!(wide.starts_with("mct1:ssn:4000000000:"), "{wide}");
    assert_eq!(Token::parse(&wide).unwrap().key_id, 4_000_000_000);
    let batch = t.tokenize_batch(PiiType::Ssn, "st-mary", &["123-45-6789"]);
    assert_eq!(batch[0].as_ref().unwrap(), &wide);
    assert_eq!(
        Token::parse("mct1:ssn:x:abc").unwrap_err().code(),
        "PII_TOKEN_FORMAT"
    );
    assert_eq!(
        Token::parse("mct1:zzz:1:abc").unwrap_err().code(),
        "PII_TOKEN_FORMAT"
    );
    let dbg = format!("{t:?}");
    assert!(dbg.contains("key_ids") && !dbg.contains(&*root1.to_base64()));
}

#[test]
fn deidentify_with_tokenized_mrn() {
    let tok = Tokenizer::generate().unwrap();
    let mut policy = DeidPolicy::safe_harbor("2026-01-15");
    policy.tenant = "st-mary".into();
    policy
        .overrides
        .insert(IdentifierKind::MedicalRecordNumbers, DeidAction::Tokenize);
    let seg = "PID|1||MRN12345^^^HOSP^MR||DOE^JANE||19870304|F";
    let r = deidentify_pid(seg, Delimiters::default(), &policy, Some(&tok)).unwrap();
    let want = tok
        .tokenize_text(PiiType::Mrn, "st-mary", "MRN12345")
        .unwrap();
    assert_eq!(r.segment, format!("PID|1||{want}||||1987|F"));
    let e = deidentify_pid(seg, Delimiters::default(), &policy, None).unwrap_err();
    assert_eq!(e.code(), "PII_DEIDENTIFY");
    // Keep overrides leave the field untouched.
    policy
        .overrides
        .insert(IdentifierKind::Names, DeidAction::Keep);
    let r = deidentify_pid(seg, Delimiters::default(), &policy, Some(&tok)).unwrap();
    assert!(r.segment.contains("DOE^JANE"));
}

#[test]
fn safe_harbor_kinds_and_dates() {
    assert_eq!(IdentifierKind::ALL.len(), 18);
    assert_eq!(IdentifierKind::Names.paragraph(), 'A');
    assert_eq!(IdentifierKind::OtherUniqueIdentifiers.paragraph(), 'R');
    assert_eq!(IdentifierKind::Dates.default_action(), DeidAction::YearOnly);
    assert_eq!(
        IdentifierKind::SocialSecurityNumbers.default_action(),
        DeidAction::Remove
    );
    assert_eq!(date_to_year("200103041230").unwrap(), "2001");
    assert_eq!(date_to_year("03/04/2001").unwrap(), "2001");
    assert_eq!(age_at("19360116", "2026-01-15").unwrap(), 89);
    assert_eq!(age_at("19360115", "2026-01-15").unwrap(), 90);
    assert_eq!(age_at("1936", "2026-01-15").unwrap(), 90);
}

#[test]
fn handles_are_send_and_sync() {
    fn check<T: Send + Sync + 'static>() {}
    check::<medcore_pii::Keyring>();
    check::<Tokenizer>();
    check::<medcore_pii::LocalKek>();
    check::<medcore_pii::CallbackUnwrapper>();
}

#[test]
fn encrypt_into_appends_a_fresh_envelope_to_a_reused_buffer() {
    use medcore_pii::{FieldContext, Keyring};
    let ring = Keyring::generate().unwrap();
    let ctx = FieldContext::new("st-mary", "patients", "ssn", "10042");
    let mut buf = b"prefix".to_vec();
    ring.encrypt_into(&ctx, b"123-45-6789", &mut buf).unwrap();
    assert_eq!(&buf[..6], b"prefix");
    let first = buf[6..].to_vec();
    assert_eq!(first.len(), 6 + 12 + 11 + 16);
    assert_eq!(&*ring.decrypt(&ctx, &first).unwrap(), b"123-45-6789");
    buf.clear();
    ring.encrypt_into(&ctx, b"123-45-6789", &mut buf).unwrap();
    // Same value, new nonce: a different envelope that still decrypts.
    assert_ne!(buf, first);
    assert_ne!(buf[6..18], first[6..18]);
    assert_eq!(&*ring.decrypt(&ctx, &buf).unwrap(), b"123-45-6789");
    // Without a primary key nothing is appended.
    let empty = Keyring::new();
    let mut out = vec![1u8];
    assert!(empty.encrypt_into(&ctx, b"x", &mut out).is_err());
    assert_eq!(out, [1u8]);
}
