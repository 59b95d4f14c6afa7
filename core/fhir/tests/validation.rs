//! Structural validation: the converted bundles of all 139 FHIR-Converter samples are valid, and
//! the rules catch what they are for.

mod common;

use medcore_fhir::convert::{convert_text, BundleKind, ConvertOptions};
use medcore_fhir::validate::{is_valid, to_operation_outcome, validate_bundle, validate_resource};
use medcore_fhir::{parse_resource, ReadMode};

#[test]
fn every_converted_sample_is_structurally_valid() {
    for kind in [BundleKind::Batch, BundleKind::Transaction] {
        let opts = ConvertOptions {
            bundle_kind: kind,
            ..Default::default()
        };
        for (name, text) in common::samples() {
            let c = convert_text(&text, &opts).unwrap();
            let issues = validate_bundle(&c.bundle);
            assert!(is_valid(&issues), "{name}: {issues:#?}");
            // References all point inside the bundle.
            assert!(issues.is_empty(), "{name}: {issues:#?}");
        }
    }
}

#[test]
fn rules_find_missing_required_elements_and_bad_codes() {
    let obs = r#"{"resourceType":"Observation","status":"done","valueString":""}"#;
    let r = parse_resource(obs, ReadMode::Strict).unwrap();
    let issues = validate_resource(&r);
    let codes: Vec<(&str, &str)> = issues
        .iter()
        .map(|i| (i.code.as_str(), i.location.as_str()))
        .collect();
    assert!(
        codes.contains(&("FHIR_BINDING", "Observation.status")),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("FHIR_REQUIRED", "Observation.code")),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("FHIR_EMPTY", "Observation.valueString")),
        "{codes:?}"
    );
    assert!(!is_valid(&issues));
    let oo = to_operation_outcome(&issues);
    assert_eq!(oo.issue.len(), issues.len());

    let p = r#"{"resourceType":"Patient","gender":"M","telecom":[{"value":"555"}],
        "extension":[{"valueString":"x"}]}"#;
    let issues = validate_resource(&parse_resource(p, ReadMode::Strict).unwrap());
    let locs: Vec<&str> = issues.iter().map(|i| i.location.as_str()).collect();
    assert_eq!(
        locs,
        [
            "Patient.gender",
            "Patient.telecom[0].system",
            "Patient.extension[0].url"
        ]
    );
}

#[test]
fn bundle_rules_catch_duplicates_and_dangling_references() {
    let b = r#"{"resourceType":"Bundle","type":"batch","entry":[
        {"fullUrl":"urn:uuid:1","resource":{"resourceType":"Observation","id":"1","status":"final",
          "code":{"text":"x"},"subject":{"reference":"Patient/9"}},"request":{"method":"PUT","url":"Observation/1"}},
        {"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","id":"2"}}]}"#;
    let bundle = medcore_fhir::parse_bundle(b, ReadMode::Strict).unwrap();
    let issues = validate_bundle(&bundle);
    let codes: Vec<&str> = issues.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "FHIR_UNRESOLVED_REFERENCE",
            "FHIR_DUPLICATE_FULLURL",
            "FHIR_REQUIRED"
        ]
    );
}
