//! Consent, AuditEvent, Account, Medication, PractitionerRole and DocumentReference: exact JSON
//! round trip and structural validation on the hand-written R4 examples in testdata/fhir/examples
//! (see PROVENANCE.txt there), and on the FHIR-Converter's expected bundles (Microsoft, MIT).

mod common;

use medcore_fhir::model::{self, ConsentSource, MedicationIngredientItem};
use medcore_fhir::validate::{is_valid, validate_resource};
use medcore_fhir::{parse_bundle, parse_resource, ReadMode, Resource};
use serde_json::Value;
use std::path::PathBuf;

fn example(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/fhir/examples")
        .join(name);
    std::fs::read_to_string(p).expect("example exists")
}

const EXAMPLES: [(&str, &str); 6] = [
    ("consent-privacy.json", "Consent"),
    ("auditevent-read.json", "AuditEvent"),
    ("account-inpatient.json", "Account"),
    ("medication-amoxicillin.json", "Medication"),
    ("practitionerrole-cardiology.json", "PractitionerRole"),
    ("documentreference-discharge.json", "DocumentReference"),
];

#[test]
fn examples_round_trip_strictly_and_are_valid() {
    for (file, rt) in EXAMPLES {
        let text = example(file);
        let input: Value = serde_json::from_str(&text).unwrap();
        let r = parse_resource(&text, ReadMode::Strict).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(r.resource_type(), rt);
        assert!(r.is_typed(), "{file}");
        assert_eq!(model::to_value(&r), input, "{file}");
        let issues = validate_resource(&r);
        assert!(issues.is_empty(), "{file}: {issues:#?}");
    }
}

#[test]
fn typed_access_to_choices_and_backbones() {
    let Resource::Consent(c) =
        parse_resource(&example("consent-privacy.json"), ReadMode::Strict).unwrap()
    else {
        panic!("not a Consent")
    };
    assert!(matches!(c.source, Some(ConsentSource::Attachment(_))));
    let deny = &c.provision.as_ref().unwrap().provision[0];
    assert_eq!(deny.type_.as_deref(), Some("deny"));
    assert_eq!(deny.class_[0].code.as_deref(), Some("Observation"));

    let Resource::Medication(m) =
        parse_resource(&example("medication-amoxicillin.json"), ReadMode::Strict).unwrap()
    else {
        panic!("not a Medication")
    };
    assert!(matches!(
        m.ingredient[0].item,
        Some(MedicationIngredientItem::CodeableConcept(_))
    ));
    assert!(matches!(
        m.ingredient[1].item,
        Some(MedicationIngredientItem::Reference(_))
    ));

    let Resource::AuditEvent(a) =
        parse_resource(&example("auditevent-read.json"), ReadMode::Strict).unwrap()
    else {
        panic!("not an AuditEvent")
    };
    assert_eq!(a.agent.len(), 2);
    assert_eq!(a.entity[0].detail.len(), 2);
}

/// Each rule of the new models catches what it is for (R4 cardinalities and required bindings).
#[test]
fn validation_rules_of_the_new_resources() {
    let cases: [(&str, &[(&str, &str)]); 6] = [
        (
            r#"{"resourceType":"Consent","status":"signed","provision":{"type":"allow",
               "actor":[{"role":{"text":"r"}}],"data":[{"meaning":"all"}]}}"#,
            &[
                ("FHIR_BINDING", "Consent.status"),
                ("FHIR_REQUIRED", "Consent.scope"),
                ("FHIR_REQUIRED", "Consent.category"),
                ("FHIR_REQUIRED", "Consent.policyRule"),
                ("FHIR_BINDING", "Consent.provision.type"),
                ("FHIR_REQUIRED", "Consent.provision.actor[0].reference"),
                ("FHIR_BINDING", "Consent.provision.data[0].meaning"),
                ("FHIR_REQUIRED", "Consent.provision.data[0].reference"),
            ],
        ),
        (
            r#"{"resourceType":"AuditEvent","action":"X","outcome":"1",
               "agent":[{"network":{"type":"9"}}],"source":{"site":"a"},
               "entity":[{"detail":[{"valueString":"v"}]}]}"#,
            &[
                ("FHIR_REQUIRED", "AuditEvent.type"),
                ("FHIR_BINDING", "AuditEvent.action"),
                ("FHIR_REQUIRED", "AuditEvent.recorded"),
                ("FHIR_BINDING", "AuditEvent.outcome"),
                ("FHIR_REQUIRED", "AuditEvent.agent[0].requestor"),
                ("FHIR_BINDING", "AuditEvent.agent[0].network.type"),
                ("FHIR_REQUIRED", "AuditEvent.source.observer"),
                ("FHIR_REQUIRED", "AuditEvent.entity[0].detail[0].type"),
            ],
        ),
        (
            r#"{"resourceType":"Account","coverage":[{"priority":1}],"guarantor":[{"onHold":true}]}"#,
            &[
                ("FHIR_REQUIRED", "Account.status"),
                ("FHIR_REQUIRED", "Account.coverage[0].coverage"),
                ("FHIR_REQUIRED", "Account.guarantor[0].party"),
            ],
        ),
        (
            r#"{"resourceType":"Medication","status":"available","ingredient":[{"isActive":true}]}"#,
            &[
                ("FHIR_BINDING", "Medication.status"),
                ("FHIR_REQUIRED", "Medication.ingredient[0].item[x]"),
            ],
        ),
        (
            r#"{"resourceType":"PractitionerRole","availableTime":[{"daysOfWeek":["monday"]}],
               "notAvailable":[{"during":{"start":"2024-01-01"}}],"telecom":[{"value":"1"}]}"#,
            &[
                ("FHIR_REQUIRED", "PractitionerRole.telecom[0].system"),
                (
                    "FHIR_BINDING",
                    "PractitionerRole.availableTime[0].daysOfWeek",
                ),
                (
                    "FHIR_REQUIRED",
                    "PractitionerRole.notAvailable[0].description",
                ),
            ],
        ),
        (
            r#"{"resourceType":"DocumentReference","status":"final","docStatus":"done",
               "relatesTo":[{"code":"copies"}]}"#,
            &[
                ("FHIR_BINDING", "DocumentReference.status"),
                ("FHIR_BINDING", "DocumentReference.docStatus"),
                ("FHIR_BINDING", "DocumentReference.relatesTo[0].code"),
                ("FHIR_REQUIRED", "DocumentReference.relatesTo[0].target"),
                ("FHIR_REQUIRED", "DocumentReference.content"),
            ],
        ),
    ];
    for (json, expected) in cases {
        let r = parse_resource(json, ReadMode::Strict).unwrap_or_else(|e| panic!("{json}: {e}"));
        let issues = validate_resource(&r);
        let got: Vec<(&str, &str)> = issues
            .iter()
            .map(|i| (i.code.as_str(), i.location.as_str()))
            .collect();
        assert_eq!(got, expected, "{json}");
        assert!(!is_valid(&issues));
    }
}

/// The converter's expected bundles hold 535 resources of these six types; all are valid except
/// one DocumentReference in VXU-V04-01, which the converter's template writes without the
/// `status` and `content` R4 requires (1..1 and 1..*): the validator reports exactly those.
#[test]
fn expected_bundle_resources_of_the_new_types_validate() {
    let mut checked = 0;
    let mut errors: Vec<String> = Vec::new();
    for (name, text) in common::expected_bundles() {
        let b = parse_bundle(&text, ReadMode::Strict).unwrap();
        for e in &b.entry {
            let Some(r) = &e.resource else { continue };
            if !matches!(
                r,
                Resource::Consent(_)
                    | Resource::Account(_)
                    | Resource::Medication(_)
                    | Resource::PractitionerRole(_)
                    | Resource::DocumentReference(_)
            ) {
                continue;
            }
            checked += 1;
            for i in validate_resource(r) {
                errors.push(format!("{name}: {} {}", i.code, i.location));
            }
        }
    }
    assert_eq!(checked, 535);
    assert_eq!(
        errors,
        [
            "VXU-V04-01: FHIR_REQUIRED DocumentReference.status",
            "VXU-V04-01: FHIR_REQUIRED DocumentReference.content",
        ]
    );
}
