//! The shared conformance vectors in `testdata/vectors/pii_*.json`. The envelope and token files
//! were produced by an independent Python implementation of the documented formats
//! (`scripts/pii_vectors.py`); every binding runs the same files.

use medcore_pii::deid::{age_category, zip3};
use medcore_pii::{
    deidentify_pid, mask, normalize, ColumnContext, DeidPolicy, Delimiters, FieldContext, Keyring,
    PiiType, Tokenizer,
};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = format!(
        "{}/../../testdata/vectors/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

fn field(v: &Value) -> FieldContext {
    serde_json::from_value(v.clone()).unwrap()
}

fn column(v: &Value) -> ColumnContext {
    serde_json::from_value(v.clone()).unwrap()
}

#[test]
fn golden_envelopes_decrypt() {
    let v = load("pii_envelopes.json");
    let ring = Keyring::from_spec(s(&v["keyring_spec"])).unwrap();
    let cases = v["decrypt"].as_array().unwrap();
    assert!(cases.len() >= 6);
    for c in cases {
        let ctx = field(&c["context"]);
        let pt = ring.decrypt_text(&ctx, s(&c["envelope"])).unwrap();
        assert_eq!(std::str::from_utf8(&pt).unwrap(), s(&c["plaintext"]));
        let bin = hex::decode(s(&c["envelope_hex"])).unwrap();
        assert_eq!(&ring.decrypt(&ctx, &bin).unwrap()[..], &pt[..]);
        let info = medcore_pii::EnvelopeRef::parse(&bin).unwrap().info();
        assert_eq!(u64::from(info.key_id), c["key_id"].as_u64().unwrap());
    }
    for c in v["deterministic"].as_array().unwrap() {
        let col = column(&c["column"]);
        let env = ring
            .encrypt_deterministic_text(&col, s(&c["plaintext"]).as_bytes())
            .unwrap();
        assert_eq!(
            env,
            s(&c["envelope"]),
            "deterministic envelope of {}",
            c["plaintext"]
        );
        assert_eq!(
            &ring.decrypt_deterministic(&col, env.as_bytes()).unwrap()[..],
            s(&c["plaintext"]).as_bytes()
        );
    }
    for c in v["blind_index"].as_array().unwrap() {
        let kid = u32::try_from(c["key_id"].as_u64().unwrap()).unwrap();
        let bi = ring
            .blind_index_with(kid, &column(&c["column"]), s(&c["value"]).as_bytes())
            .unwrap();
        assert_eq!(bi, s(&c["index"]));
    }
    for c in v["errors"].as_array().unwrap() {
        let e = ring
            .decrypt_text(&field(&c["context"]), s(&c["envelope"]))
            .unwrap_err();
        assert_eq!(e.code(), s(&c["code"]), "{}: {e}", s(&c["name"]));
    }
}

#[test]
fn token_vectors() {
    let v = load("pii_tokens.json");
    let t1 = Tokenizer::from_spec(s(&v["token_keys_v1"])).unwrap();
    let t2 = Tokenizer::from_spec(s(&v["token_keys_v2"])).unwrap();
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() >= 30);
    for c in cases {
        let kind: PiiType = s(&c["type"]).parse().unwrap();
        let (tenant, value) = (s(&c["tenant"]), s(&c["value"]));
        assert_eq!(
            normalize(kind, value).unwrap(),
            s(&c["normalized"]),
            "normalize {kind} {value:?}"
        );
        assert_eq!(
            t1.tokenize_text(kind, tenant, value).unwrap(),
            s(&c["token_v1"])
        );
        assert_eq!(
            t2.tokenize_text(kind, tenant, value).unwrap(),
            s(&c["token_v2"])
        );
        assert_eq!(
            t2.rekey(tenant, s(&c["token_v1"])).unwrap(),
            s(&c["token_v2"])
        );
        assert!(t2.verify(kind, tenant, value, s(&c["token_v1"])).unwrap());
        assert!(!t2
            .verify(kind, "another-tenant", value, s(&c["token_v2"]))
            .unwrap());
    }
    for c in v["normalize_errors"].as_array().unwrap() {
        let kind: PiiType = s(&c["type"]).parse().unwrap();
        let e = normalize(kind, s(&c["value"])).unwrap_err();
        assert_eq!(e.code(), s(&c["code"]));
        assert!(e.to_string().contains(kind.as_str()), "{e}");
    }
}

#[test]
fn mask_vectors() {
    let v = load("pii_mask.json");
    for c in v["cases"].as_array().unwrap() {
        let kind: PiiType = s(&c["type"]).parse().unwrap();
        assert_eq!(
            mask(kind, s(&c["value"])),
            s(&c["masked"]),
            "mask {kind} {}",
            c["value"]
        );
    }
}

#[test]
fn deid_vectors() {
    let v = load("pii_deid.json");
    let policy = DeidPolicy::safe_harbor(s(&v["as_of"]));
    for c in v["pid"].as_array().unwrap() {
        let r = deidentify_pid(s(&c["segment"]), Delimiters::default(), &policy, None);
        if let Some(code) = c.get("error") {
            assert_eq!(r.unwrap_err().code(), s(code), "{}", s(&c["name"]));
            continue;
        }
        let r = r.unwrap();
        assert_eq!(r.segment, s(&c["expected"]), "{}", s(&c["name"]));
        assert_eq!(r.age.as_deref(), Some(s(&c["age"])));
        let changed: Vec<&str> = r.changes.iter().map(|ch| ch.field.as_str()).collect();
        let want: Vec<&str> = c["changed"].as_array().unwrap().iter().map(s).collect();
        assert_eq!(changed, want);
    }
    for c in v["zip3"].as_array().unwrap() {
        assert_eq!(
            zip3(s(&c["zip"])).as_deref(),
            c["expected"].as_str(),
            "zip {}",
            c["zip"]
        );
    }
    for c in v["age"].as_array().unwrap() {
        assert_eq!(
            age_category(u32::try_from(c["age"].as_u64().unwrap()).unwrap()),
            s(&c["expected"])
        );
    }
}
