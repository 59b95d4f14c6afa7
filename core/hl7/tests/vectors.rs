//! The shared conformance vectors (testdata/vectors/hl7_*.json) that every host binding runs too.

use medcore_hl7::{escape, parse, Delimiters};
use serde_json::Value;
use std::path::PathBuf;

fn load(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/vectors")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn check_gets(name: &str, msg: &medcore_hl7::Message<'_>, gets: &Value) {
    for (path, expected) in gets.as_object().unwrap() {
        let got = msg.get(path).unwrap();
        assert_eq!(got.as_deref(), expected.as_str(), "{name}: {path}");
    }
}

#[test]
fn parse_vectors() {
    let v = load("hl7_parse.json");
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() >= 15);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let text = case["message"].as_str().unwrap();
        match parse(text.as_bytes()) {
            Ok(msg) => {
                assert!(
                    case["error"].is_null(),
                    "{name}: expected {}",
                    case["error"]
                );
                let ids: Vec<&str> = msg.segments().map(|s| s.id()).collect();
                let expected: Vec<&str> = case["segments"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap())
                    .collect();
                assert_eq!(ids, expected, "{name}");
                check_gets(name, &msg, &case["get"]);
                let codes: Vec<&str> = msg.warnings().iter().map(|w| w.code).collect();
                let expected: Vec<&str> = case["warning_codes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap())
                    .collect();
                assert_eq!(codes, expected, "{name}: {:?}", msg.warnings());
            }
            Err(e) => assert_eq!(Some(e.code()), case["error"].as_str(), "{name}: {e}"),
        }
    }
}

#[test]
fn charset_vectors() {
    let v = load("hl7_charset.json");
    for case in v["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let hex = case["hex"].as_str().unwrap();
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let msg = parse(&bytes).unwrap();
        assert_eq!(
            msg.charset().hl7_name(),
            case["charset"].as_str().unwrap(),
            "{name}"
        );
        check_gets(name, &msg, &case["get"]);
        let codes: Vec<&str> = msg.warnings().iter().map(|w| w.code).collect();
        let expected: Vec<&str> = case
            .get("warning_codes")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|s| s.as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(codes, expected, "{name}");
    }
}

#[test]
fn escape_vectors() {
    let v = load("hl7_escape.json");
    for case in v["cases"].as_array().unwrap() {
        let d = Delimiters {
            truncation: case
                .get("truncation")
                .and_then(Value::as_str)
                .and_then(|s| s.chars().next()),
            ..Delimiters::default()
        };
        let raw = case["raw"].as_str().unwrap();
        let decoded = case["decoded"].as_str().unwrap();
        let (got, unknown) = escape::decode_checked(raw, &d);
        assert_eq!(got, decoded, "decode {raw:?}");
        let unknown: Vec<String> = unknown.into_iter().map(|u| u.sequence).collect();
        let expected: Vec<String> = case
            .get("unknown")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
            .unwrap_or_default();
        assert_eq!(unknown, expected, "unknown escapes in {raw:?}");
        let encoded = escape::encode(decoded, &d).unwrap();
        assert_eq!(
            encoded,
            case["encoded"].as_str().unwrap(),
            "encode {decoded:?}"
        );
        assert_eq!(
            escape::decode(&encoded, &d),
            decoded,
            "round trip {decoded:?}"
        );
        // Tokens re-encode to the raw text exactly.
        assert_eq!(escape::encode_tokens(&escape::tokens(raw, &d), &d), raw);
    }
}
