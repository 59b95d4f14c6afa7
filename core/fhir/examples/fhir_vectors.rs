//! Writes the shared FHIR conformance vectors `testdata/vectors/fhir_*.json` from their inputs
//! (FHIR-Converter samples, the hand-written R4 examples, small resources written here).
//!
//! Run from the repository root: `cargo run -p medcore-fhir --example fhir_vectors`.
//! `tests/vectors.rs` runs the files; every host binding runs the same files.

use medcore_fhir::convert::{convert_text, ConvertOptions};
use medcore_fhir::deid::{deidentify_resource, linkable_policy};
use medcore_fhir::mask::apply_obligations;
use medcore_fhir::model::to_value;
use medcore_fhir::to_v2::bundle_to_v2;
use medcore_fhir::validate::validate_resource;
use medcore_fhir::{parse_resource, ReadMode, Resource};
use medcore_pii::{DeidPolicy, SecretKey, Tokenizer};
use serde_json::{json, Value};
use std::path::Path;

const SAMPLES: [&str; 5] = [
    "ADT-A01-01",
    "ORU-R01-01",
    "VXU-V04-02",
    "SIU-S12-01",
    "OML-O21-01",
];

/// The key elements of a bundle's first Patient and Encounter and of every Observation.
fn key_elements(bundle: &Value) -> Value {
    let pick = |r: &Value, keys: &[&str]| {
        let mut o = serde_json::Map::new();
        for k in keys {
            if let Some(v) = r.get(*k) {
                o.insert((*k).to_string(), v.clone());
            }
        }
        Value::Object(o)
    };
    let mut out = Vec::new();
    let (mut patient, mut encounter) = (false, false);
    for e in bundle["entry"].as_array().into_iter().flatten() {
        let r = &e["resource"];
        match r["resourceType"].as_str() {
            Some("Patient") if !patient => {
                patient = true;
                let keys = [
                    "resourceType",
                    "identifier",
                    "name",
                    "gender",
                    "birthDate",
                    "address",
                    "telecom",
                ];
                out.push(pick(r, &keys));
            }
            Some("Encounter") if !encounter => {
                encounter = true;
                out.push(pick(r, &["resourceType", "class", "status", "period"]));
            }
            Some("Observation") => {
                let keys = [
                    "resourceType",
                    "status",
                    "code",
                    "valueQuantity",
                    "valueString",
                    "valueCodeableConcept",
                    "valueDateTime",
                    "valueRange",
                    "valueRatio",
                ];
                out.push(pick(r, &keys));
            }
            _ => {}
        }
    }
    Value::Array(out)
}

fn write(root: &Path, name: &str, v: &Value) {
    let text = serde_json::to_string_pretty(v).expect("vectors serialize") + "\n";
    std::fs::write(root.join("testdata/vectors").join(name), text).expect("write vectors");
    println!("wrote testdata/vectors/{name}");
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let ms = root.join("testdata/hl7/microsoft-FHIR-Converter/hl7v2");

    // v2 message -> key FHIR elements, and back to PID/PV1/OBX.
    let mut convert = Vec::new();
    let mut to_v2 = Vec::new();
    for s in SAMPLES {
        let bytes = std::fs::read(ms.join(format!("{s}.hl7"))).expect("sample");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let c = convert_text(&text, &ConvertOptions::default()).expect("converts");
        let b = to_value(&Resource::Bundle(Box::new(c.bundle.clone())));
        let types: Vec<&str> = b["entry"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["resource"]["resourceType"].as_str())
            .collect();
        convert.push(json!({
            "name": s,
            "message": text,
            "options": ConvertOptions::default(),
            "bundle_type": b["type"],
            "entry_types": types,
            "key_elements": key_elements(&b),
        }));
        let segs = bundle_to_v2(&c.bundle);
        to_v2.push(json!({ "name": s, "bundle": b, "expected": segs }));
    }
    write(
        &root,
        "fhir_convert.json",
        &json!({
            "description": "HL7 v2 message -> FHIR R4 Bundle (convert_text with options). entry_types lists every entry's resourceType in order; key_elements holds, in bundle order, the first Patient (identifier, name, gender, birthDate, address, telecom), the first Encounter (class, status, period) and every Observation (status, code, value[x]); each must equal the same elements of the converted bundle (absent keys absent). Messages from microsoft/FHIR-Converter (MIT).",
            "cases": convert,
        }),
    );
    write(
        &root,
        "fhir_to_v2.json",
        &json!({
            "description": "FHIR Bundle -> v2 segments (bundle_to_v2): expected.pid, expected.pv1 (null when absent) and expected.obx must equal the output exactly. Bundles are the conversions of fhir_convert.json's messages.",
            "cases": to_v2,
        }),
    );

    // A resource -> validation issues.
    let ex = root.join("testdata/fhir/examples");
    let mut resources: Vec<(String, String)> = Vec::new();
    for f in [
        "consent-privacy.json",
        "auditevent-read.json",
        "account-inpatient.json",
        "medication-amoxicillin.json",
        "practitionerrole-cardiology.json",
        "documentreference-discharge.json",
    ] {
        let text = std::fs::read_to_string(ex.join(f)).expect("example");
        resources.push((f.trim_end_matches(".json").to_string(), text));
    }
    for (n, t) in [
        (
            "observation-bad-status",
            r#"{"resourceType":"Observation","status":"done","valueString":""}"#,
        ),
        (
            "patient-bad-gender-telecom",
            r#"{"resourceType":"Patient","gender":"M","telecom":[{"value":"555"}],"extension":[{"valueString":"x"}]}"#,
        ),
        (
            "consent-missing",
            r#"{"resourceType":"Consent","status":"signed","provision":{"type":"allow","actor":[{"role":{"text":"r"}}],"data":[{"meaning":"all"}]}}"#,
        ),
        (
            "auditevent-missing",
            r#"{"resourceType":"AuditEvent","action":"X","outcome":"1","agent":[{"network":{"type":"9"}}],"source":{"site":"a"},"entity":[{"detail":[{"valueString":"v"}]}]}"#,
        ),
        (
            "account-missing",
            r#"{"resourceType":"Account","coverage":[{"priority":1}],"guarantor":[{"onHold":true}]}"#,
        ),
        (
            "medication-bad",
            r#"{"resourceType":"Medication","status":"available","ingredient":[{"isActive":true}]}"#,
        ),
        (
            "practitionerrole-bad",
            r#"{"resourceType":"PractitionerRole","availableTime":[{"daysOfWeek":["monday"]}],"notAvailable":[{"during":{"start":"2024-01-01"}}],"telecom":[{"value":"1"}]}"#,
        ),
        (
            "documentreference-bad",
            r#"{"resourceType":"DocumentReference","status":"final","docStatus":"done","relatesTo":[{"code":"copies"}]}"#,
        ),
    ] {
        resources.push((n.to_string(), t.to_string()));
    }
    let mut validation = Vec::new();
    for (n, t) in resources {
        let r = parse_resource(&t, ReadMode::Strict).expect("parses strictly");
        let issues = validate_resource(&r);
        let resource: Value = serde_json::from_str(&t).expect("json");
        validation.push(json!({ "name": n, "resource": resource, "issues": issues }));
    }
    write(
        &root,
        "fhir_validation.json",
        &json!({
            "description": "A resource (read in strict mode) -> validate_resource issues, in order: severity, code, location, message must all be equal. Resources: hand-written R4 examples (testdata/fhir/examples) and small invalid ones.",
            "cases": validation,
        }),
    );

    // A resource + de-identification (or obligations) -> expected output.
    let patient = r#"{"resourceType":"Patient","id":"p-1001",
      "text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">Maria Lopez</div>"},
      "extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName","valueString":"Garcia"}],
      "identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},"system":"urn:oid:2.16.840.1.113883.19.5","value":"MRN00123456"},
                    {"system":"http://hl7.org/fhir/sid/us-ssn","value":"123-45-6789"}],
      "name":[{"use":"official","family":"Lopez","given":["Maria","Elena"]}],
      "telecom":[{"system":"phone","value":"(555) 867-5309","use":"home"},{"system":"email","value":"maria.lopez@example.com"}],
      "gender":"female","birthDate":"1931-04-12",
      "address":[{"use":"home","line":["12 Elm St"],"city":"Springfield","state":"IL","postalCode":"62704-1234","country":"US"},
                 {"use":"old","city":"Walpole","state":"NH","postalCode":"03608"}],
      "maritalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus","code":"W"}]},
      "generalPractitioner":[{"reference":"Practitioner/dr-ada","display":"Dr Ada Lovelace"}]}"#;
    let obs = r#"{"resourceType":"Observation","id":"o-1","status":"final",
      "code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},
      "subject":{"reference":"Patient/p-1001","display":"Maria Lopez"},
      "effectiveDateTime":"2024-05-14T10:21:07+02:00","issued":"2024-05-14T10:30:00Z",
      "valueQuantity":{"value":72,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"},
      "note":[{"text":"Taken by her son John"}]}"#;
    let key_b64 = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=";
    let tok = Tokenizer::from_master(&SecretKey::from_base64(key_b64).expect("key"));
    let mut deid = Vec::new();
    for (n, t) in [("patient", patient), ("observation", obs)] {
        let r = parse_resource(t, ReadMode::Lenient).expect("parses");
        let resource: Value = serde_json::from_str(t).expect("json");
        let sh = DeidPolicy::safe_harbor("2024-01-01");
        let out = deidentify_resource(&r, &sh, None).expect("deid");
        deid.push(
            json!({"name": format!("{n}-safe-harbor"), "resource": resource, "policy": sh,
            "token_key": null, "expected": to_value(&out.value), "changes": out.changes}),
        );
        let lp = linkable_policy("2024-01-01", "hospital-a");
        let out = deidentify_resource(&r, &lp, Some(&tok)).expect("deid");
        deid.push(
            json!({"name": format!("{n}-linkable"), "resource": resource, "policy": lp,
            "token_key": key_b64, "expected": to_value(&out.value), "changes": out.changes}),
        );
    }
    let mut masking = Vec::new();
    let p = parse_resource(patient, ReadMode::Lenient).expect("parses");
    let resource: Value = serde_json::from_str(patient).expect("json");
    for (n, obligations) in [
        (
            "manager-default",
            json!([{"code":"MASK","field":"ssn","kind":"ssn"},{"code":"MASK","field":"mrn","kind":"mrn"},
                   {"code":"MASK","field":"dob","kind":"dob"},{"code":"MASK","field":"phone","kind":"phone"},
                   {"code":"MASK","field":"address","kind":"address"},{"code":"AUDIT","level":"low"}]),
        ),
        (
            "redact-and-mask",
            json!([{"code":"REDACT","field":"ssn"},{"code":"MASK","field":"email","kind":"email"},
                   {"code":"MASK","field":"name","kind":"name"},{"code":"MASK","field":"zip","kind":"zip"},
                   {"code":"REDACT","field":"generalPractitioner"}]),
        ),
    ] {
        let obl: Vec<medcore_authz::Obligation> =
            serde_json::from_value(obligations.clone()).expect("obligations");
        let out = apply_obligations(&p, &obl).expect("mask");
        masking.push(
            json!({"name": n, "resource": resource, "obligations": obligations,
            "expected": to_value(&out.value), "changes": out.changes}),
        );
    }
    write(
        &root,
        "fhir_deid.json",
        &json!({
            "description": "deid cases: deidentify_resource(resource, policy, tokenizer) where the tokenizer is Tokenizer::from_master(SecretKey::from_base64(token_key)) or none when token_key is null; expected (the resource) and changes must be equal. mask cases: apply_obligations(resource, obligations) (medcore-authz Obligation JSON); expected and changes must be equal.",
            "deid": deid,
            "mask": masking,
        }),
    );
}
