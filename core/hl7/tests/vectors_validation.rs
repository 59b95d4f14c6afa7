//! Runs the shared validation and ACK vectors (testdata/vectors/hl7_validation.json and
//! hl7_ack.json), which every host binding runs too.
//!
//! After an intended change of behaviour, `MEDCORE_REGENERATE_VECTORS=1 cargo test -p
//! medcore-hl7 --test vectors_validation` rewrites the expected results; review the diff.
use medcore_hl7::ack::{build_ack, AckOptions};
use medcore_hl7::profile::Profile;
use medcore_hl7::validate::{ValidationReport, Validator};
use serde_json::{json, Value};
use std::path::PathBuf;

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/vectors")
        .join(name)
}

fn profile(v: &Value) -> Profile {
    match v {
        Value::String(s) => {
            Profile::builtin(s).unwrap_or_else(|| Profile::from_toml(s).expect("TOML profile"))
        }
        other => Profile::from_json(&other.to_string()).expect("JSON profile"),
    }
}

fn validate(case: &Value) -> Option<ValidationReport> {
    let text = case["message"].as_str().unwrap();
    let msg = medcore_hl7::parse_str(text).ok()?;
    Some(Validator::new(profile(&case["profile"])).validate(&msg))
}

fn regenerate() -> bool {
    std::env::var_os("MEDCORE_REGENERATE_VECTORS").is_some()
}

#[test]
fn validation_vectors() {
    let p = path("hl7_validation.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    let mut failures = Vec::new();
    let cases = doc["cases"].as_array_mut().unwrap();
    assert!(cases.len() >= 20);
    for case in cases.iter_mut() {
        let got = match validate(case) {
            Some(r) => json!({
                "has_errors": r.has_errors(),
                "definitions": r.definitions,
                "structure": r.structure,
                "issues": r.issues,
            }),
            None => {
                let text = case["message"].as_str().unwrap();
                let e = medcore_hl7::parse_str(text).unwrap_err();
                json!({"parse_error": e.code()})
            }
        };
        if regenerate() {
            case["expected"] = got;
        } else if case["expected"] != got {
            failures.push(format!(
                "{}:\nexpected {}\n     got {}",
                case["name"], case["expected"], got
            ));
        }
    }
    if regenerate() {
        std::fs::write(&p, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ack_vectors() {
    let p = path("hl7_ack.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    let mut failures = Vec::new();
    let cases = doc["cases"].as_array_mut().unwrap();
    assert!(cases.len() >= 5);
    for case in cases.iter_mut() {
        let msg = medcore_hl7::parse_str(case["message"].as_str().unwrap()).unwrap();
        let report = Validator::new(profile(&case["profile"])).validate(&msg);
        let opts = AckOptions::new(
            case["control_id"].as_str().unwrap(),
            case["timestamp"].as_str().unwrap(),
        );
        let got = build_ack(&msg, &report, &opts);
        // Every ACK is itself a message that parses, with the original control id in MSA-2.
        let parsed = medcore_hl7::parse_str(&got).unwrap();
        assert_eq!(parsed.get("MSA-2").unwrap(), msg.get("MSH-10").unwrap());
        if regenerate() {
            case["expected_ack"] = json!(got);
        } else if case["expected_ack"] != json!(got) {
            failures.push(format!(
                "{}:\nexpected {:?}\n     got {:?}",
                case["name"], case["expected_ack"], got
            ));
        }
    }
    if regenerate() {
        std::fs::write(&p, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
