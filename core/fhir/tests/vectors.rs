//! Runs the shared FHIR vectors (testdata/vectors/fhir_*.json, written by
//! `examples/fhir_vectors.rs`); every host binding runs the same files the same way.

use medcore_authz::Obligation;
use medcore_fhir::convert::{convert_text, ConvertOptions};
use medcore_fhir::deid::deidentify_resource;
use medcore_fhir::mask::apply_obligations;
use medcore_fhir::model::{from_value, to_value};
use medcore_fhir::to_v2::{bundle_to_v2, V2Segments};
use medcore_fhir::validate::{validate_resource, Issue};
use medcore_fhir::{ReadMode, Resource};
use medcore_pii::{DeidPolicy, SecretKey, Tokenizer};
use serde_json::Value;
use std::path::PathBuf;

fn load(name: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/vectors")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(p).expect("vector file")).expect("json")
}

fn cases<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key].as_array().expect("cases")
}

#[test]
fn convert_vectors() {
    let v = load("fhir_convert.json");
    assert_eq!(cases(&v, "cases").len(), 5);
    for c in cases(&v, "cases") {
        let name = c["name"].as_str().unwrap();
        let opts: ConvertOptions = serde_json::from_value(c["options"].clone()).unwrap();
        let out = convert_text(c["message"].as_str().unwrap(), &opts).unwrap();
        let b = to_value(&Resource::Bundle(Box::new(out.bundle)));
        assert_eq!(b["type"], c["bundle_type"], "{name}");
        let types: Vec<Value> = b["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["resource"]["resourceType"].clone())
            .collect();
        assert_eq!(&Value::Array(types), &c["entry_types"], "{name}");
        // Each key-element object equals the same elements of the matching resource.
        let mut seen_patient = false;
        let mut seen_encounter = false;
        let mut expected = c["key_elements"].as_array().unwrap().iter();
        for e in b["entry"].as_array().unwrap() {
            let r = &e["resource"];
            let rt = r["resourceType"].as_str().unwrap();
            let take = match rt {
                "Patient" => !std::mem::replace(&mut seen_patient, true),
                "Encounter" => !std::mem::replace(&mut seen_encounter, true),
                "Observation" => true,
                _ => false,
            };
            if !take {
                continue;
            }
            let want = expected.next().expect("a key-element object per resource");
            for (k, wv) in want.as_object().unwrap() {
                assert_eq!(&r[k], wv, "{name} {rt}.{k}");
            }
            // Key elements absent from the vector are absent from the output too.
            for k in [
                "identifier",
                "name",
                "gender",
                "birthDate",
                "class",
                "status",
                "code",
            ] {
                if want.get(k).is_none() && rt != "Observation" {
                    let expected_keys: &[&str] = match rt {
                        "Patient" => &["identifier", "name", "gender", "birthDate"],
                        _ => &["class", "status"],
                    };
                    if expected_keys.contains(&k) {
                        assert!(r.get(k).is_none(), "{name} {rt}.{k}");
                    }
                }
            }
        }
        assert!(
            expected.next().is_none(),
            "{name}: fewer resources than vectors"
        );
    }
}

#[test]
fn to_v2_vectors() {
    let v = load("fhir_to_v2.json");
    for c in cases(&v, "cases") {
        let name = c["name"].as_str().unwrap();
        let Resource::Bundle(b) = from_value(&c["bundle"], ReadMode::Strict).unwrap() else {
            panic!("{name}: not a bundle")
        };
        let want: V2Segments = serde_json::from_value(c["expected"].clone()).unwrap();
        assert_eq!(bundle_to_v2(&b), want, "{name}");
    }
}

#[test]
fn validation_vectors() {
    let v = load("fhir_validation.json");
    let mut invalid = 0;
    for c in cases(&v, "cases") {
        let name = c["name"].as_str().unwrap();
        let r = from_value(&c["resource"], ReadMode::Strict).unwrap();
        let want: Vec<Issue> = serde_json::from_value(c["issues"].clone()).unwrap();
        let got = validate_resource(&r);
        assert_eq!(got, want, "{name}");
        invalid += usize::from(!got.is_empty());
    }
    assert_eq!(invalid, 8);
}

#[test]
fn deid_and_mask_vectors() {
    let v = load("fhir_deid.json");
    for c in cases(&v, "deid") {
        let name = c["name"].as_str().unwrap();
        let r = from_value(&c["resource"], ReadMode::Lenient).unwrap();
        let policy: DeidPolicy = serde_json::from_value(c["policy"].clone()).unwrap();
        let tok = c["token_key"]
            .as_str()
            .map(|k| Tokenizer::from_master(&SecretKey::from_base64(k).unwrap()));
        let out = deidentify_resource(&r, &policy, tok.as_ref()).unwrap();
        assert_eq!(to_value(&out.value), c["expected"], "{name}");
        assert_eq!(
            serde_json::to_value(&out.changes).unwrap(),
            c["changes"],
            "{name}"
        );
    }
    for c in cases(&v, "mask") {
        let name = c["name"].as_str().unwrap();
        let r = from_value(&c["resource"], ReadMode::Lenient).unwrap();
        let obligations: Vec<Obligation> =
            serde_json::from_value(c["obligations"].clone()).unwrap();
        let out = apply_obligations(&r, &obligations).unwrap();
        assert_eq!(to_value(&out.value), c["expected"], "{name}");
        assert_eq!(
            serde_json::to_value(&out.changes).unwrap(),
            c["changes"],
            "{name}"
        );
    }
    assert_eq!(cases(&v, "deid").len(), 4);
    assert_eq!(cases(&v, "mask").len(), 2);
}
