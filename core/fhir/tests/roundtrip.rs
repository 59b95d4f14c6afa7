//! Every resource in the Microsoft FHIR-Converter's expected bundles (132 golden R4 bundles,
//! testdata/hl7/microsoft-FHIR-Converter/expected_fhir, MIT) reads into the models and writes back
//! to the same JSON.

mod common;

use medcore_fhir::model::{self, ExtensionValue, ObservationValue, PatientDeceased};
use medcore_fhir::{parse_bundle, parse_resource, ReadMode, Resource};
use serde_json::Value;
use std::collections::BTreeMap;

#[test]
fn every_expected_resource_round_trips() {
    let bundles = common::expected_bundles();
    assert_eq!(bundles.len(), 132);
    let mut typed: BTreeMap<String, usize> = BTreeMap::new();
    let mut other: BTreeMap<String, usize> = BTreeMap::new();
    let mut strict_rejects: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    for (name, text) in &bundles {
        let input: Value = serde_json::from_str(text).unwrap();
        let bundle = parse_bundle(text, ReadMode::Lenient)
            .unwrap_or_else(|e| panic!("{name}: {e} [{}]", e.code()));
        // The whole bundle writes back to exactly the input value.
        assert_eq!(model::to_value(&bundle_resource(&bundle)), input, "{name}");
        let entries = input["entry"].as_array().unwrap();
        assert_eq!(bundle.entry.len(), entries.len());
        for (entry, raw) in bundle.entry.iter().zip(entries) {
            let r = entry.resource.as_ref().expect("entry has a resource");
            assert_eq!(
                model::to_value(r),
                raw["resource"],
                "{name} {}",
                r.resource_type()
            );
            total += 1;
            if r.is_typed() {
                *typed.entry(r.resource_type().to_string()).or_default() += 1;
                let text = raw["resource"].to_string();
                if parse_resource(&text, ReadMode::Strict).is_err() {
                    *strict_rejects
                        .entry(r.resource_type().to_string())
                        .or_default() += 1;
                }
            } else {
                *other.entry(r.resource_type().to_string()).or_default() += 1;
            }
        }
    }
    // Counted independently (Python json over the same files): 7,629 resources, 7,117 of them of
    // a modelled type (6,582 before PractitionerRole 342, Account 132, Medication 32,
    // DocumentReference 23 and Consent 6 were modelled).
    assert_eq!(total, 7629);
    assert_eq!(typed.values().sum::<usize>(), 7117, "{typed:?}");
    for (rt, n) in [
        ("PractitionerRole", 342),
        ("Account", 132),
        ("Medication", 32),
        ("DocumentReference", 23),
        ("Consent", 6),
    ] {
        assert_eq!(typed.get(rt), Some(&n), "{rt}");
    }
    assert!(typed.contains_key("Patient") && typed.contains_key("Observation"));
    // Every typed resource of the converter's output uses only modelled elements.
    assert!(
        strict_rejects.is_empty(),
        "strict mode rejected: {strict_rejects:?}"
    );
    assert!(other.contains_key("Device"), "{other:?}");
}

fn bundle_resource(b: &model::Bundle) -> Resource {
    Resource::Bundle(Box::new(b.clone()))
}

#[test]
fn choice_types_and_primitive_extensions_are_typed_and_kept() {
    // From ADT-A01-01-expected.json (Patient): birthDate with a patient-birthTime extension.
    let json = r#"{"resourceType":"Patient","id":"p1","birthDate":"1988-08-18",
        "_birthDate":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthTime",
        "valueDateTime":"1988-08-18T14:41:00+05:30"}]},
        "deceasedDateTime":"2008-08-25T15:31:30+05:30","multipleBirthInteger":2}"#;
    let r = parse_resource(json, ReadMode::Strict).unwrap();
    let Resource::Patient(p) = &r else {
        panic!("not a Patient")
    };
    assert_eq!(
        p.deceased,
        Some(PatientDeceased::DateTime(
            "2008-08-25T15:31:30+05:30".into()
        ))
    );
    assert!(p.extra.contains_key("_birthDate"));
    let back = model::to_value(&r);
    assert_eq!(back, serde_json::from_str::<Value>(json).unwrap());

    let obs = r#"{"resourceType":"Observation","status":"final","code":{"text":"hr"},
        "valueQuantity":{"value":60,"unit":"beats/min"},
        "extension":[{"url":"u","valueBoolean":true}]}"#;
    let Resource::Observation(o) = parse_resource(obs, ReadMode::Strict).unwrap() else {
        panic!("not an Observation")
    };
    let Some(ObservationValue::Quantity(q)) = &o.value else {
        panic!("no quantity")
    };
    assert_eq!(q.value.as_ref().and_then(|v| v.as_i64()), Some(60));
    assert_eq!(o.extension[0].value, Some(ExtensionValue::Boolean(true)));
}

#[test]
fn unknown_elements_are_kept_or_rejected_by_mode() {
    let json =
        r#"{"resourceType":"Patient","gender":"female","name":[{"family":"Doe","nickname":"J"}]}"#;
    let r = parse_resource(json, ReadMode::Lenient).unwrap();
    assert_eq!(
        model::to_value(&r),
        serde_json::from_str::<Value>(json).unwrap()
    );
    let e = parse_resource(json, ReadMode::Strict).unwrap_err();
    assert_eq!(e.code(), "FHIR_UNKNOWN_ELEMENT");
    assert!(e.to_string().contains("Patient.name[0].nickname"), "{e}");
}

#[test]
fn misshapen_elements_are_errors_not_losses() {
    // valueQuantity must be an object; a string would be dropped by a naive reader.
    let json = r#"{"resourceType":"Observation","status":"final","valueQuantity":"60"}"#;
    let e = parse_resource(json, ReadMode::Lenient).unwrap_err();
    assert_eq!(e.code(), "FHIR_JSON");
    let e = parse_resource(
        r#"{"resourceType":"Patient","gender":3}"#,
        ReadMode::Lenient,
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("Patient"), "{e}");
    assert_eq!(
        parse_resource("[1]", ReadMode::Lenient).unwrap_err().code(),
        "FHIR_MISSING_RESOURCE_TYPE"
    );
    assert_eq!(
        parse_resource("{", ReadMode::Lenient).unwrap_err().code(),
        "FHIR_JSON"
    );
}
