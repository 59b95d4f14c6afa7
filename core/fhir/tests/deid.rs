//! Safe Harbor de-identification and obligation-driven masking on the bundles converted from the
//! 139 FHIR-Converter samples (testdata/hl7/microsoft-FHIR-Converter, MIT).

mod common;

use medcore_authz::{default_policy_set, Obligation, Principal, Request};
use medcore_fhir::convert::{convert_text, ConvertOptions};
use medcore_fhir::deid::{deidentify_bundle, deidentify_resource, linkable_policy};
use medcore_fhir::mask::{apply_decision, apply_obligations};
use medcore_fhir::model::{self, Bundle};
use medcore_fhir::validate::{is_valid, validate_bundle};
use medcore_fhir::Resource;
use medcore_pii::{DeidPolicy, SecretKey, Tokenizer};
use serde_json::Value;
use std::collections::BTreeSet;

fn bundles() -> Vec<(String, Bundle)> {
    common::samples()
        .into_iter()
        .map(|(n, t)| {
            let b = convert_text(&t, &ConvertOptions::default()).unwrap().bundle;
            (n, b)
        })
        .collect()
}

fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// The identifying values of the people in a bundle (patients and related persons): identifier
/// values, name parts, telecom values, street lines, cities, full ZIP codes, full dates of birth.
fn identifying_values(b: &Bundle) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for e in &b.entry {
        let v = match &e.resource {
            Some(r @ Resource::Patient(_)) | Some(r @ Resource::RelatedPerson(_)) => {
                model::to_value(r)
            }
            _ => continue,
        };
        let mut add = |x: Option<&Value>| {
            let mut s = Vec::new();
            if let Some(x) = x {
                strings(x, &mut s);
            }
            out.extend(s.into_iter().filter(|s| s.len() >= 4));
        };
        for id in v["identifier"].as_array().into_iter().flatten() {
            // A value that is just its assigning authority's name (MDM-T01-01: PROSOLV in
            // urn:id:PROSOLV) names the system, not the person.
            let system = id["system"].as_str().unwrap_or("");
            if !id["value"].as_str().is_some_and(|x| system.ends_with(x)) {
                add(id.get("value"));
            }
        }
        for n in v["name"].as_array().into_iter().flatten() {
            add(n.get("family"));
            add(n.get("given"));
        }
        for t in v["telecom"].as_array().into_iter().flatten() {
            add(t.get("value"));
        }
        for a in v["address"].as_array().into_iter().flatten() {
            add(a.get("line"));
            add(a.get("city"));
            if a["postalCode"].as_str().is_some_and(|z| z.len() > 3) {
                add(a.get("postalCode"));
            }
        }
        if v["birthDate"].as_str().is_some_and(|d| d.len() > 4) {
            add(v.get("birthDate"));
        }
    }
    out
}

fn is_date_with_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
}

#[test]
fn no_safe_harbor_identifier_survives() {
    let policy = DeidPolicy::safe_harbor("2024-01-01");
    let mut checked = 0;
    for (name, b) in bundles() {
        let ids = identifying_values(&b);
        let out = deidentify_bundle(&b, &policy, None).unwrap();
        // MessageHeader holds only MSH system data (MDM-T01-01's patient is called PROSOLV, like
        // its sending application): checked for dates, not for name coincidences.
        let mut checked_bundle = out.value.clone();
        checked_bundle
            .entry
            .retain(|e| !matches!(e.resource, Some(Resource::MessageHeader(_))));
        let v = model::to_value(&Resource::Bundle(Box::new(checked_bundle)));
        let mut all = Vec::new();
        strings(&v, &mut all);
        let mut header_strings = Vec::new();
        for e in &out.value.entry {
            if let Some(r @ Resource::MessageHeader(_)) = &e.resource {
                strings(&model::to_value(r), &mut header_strings);
            }
        }
        assert!(
            !header_strings.iter().any(|s| is_date_with_month(s)),
            "{name}"
        );
        for s in &all {
            assert!(!ids.contains(s), "{name}: {s:?} survived");
            // System URIs are built from assigning authority and application names (MDM-T01-01's
            // patient is called PROSOLV, like its sending application, urn:id:PROSOLV).
            let uri = s.starts_with("urn:") || s.contains("://");
            for id in ids.iter().filter(|i| i.len() >= 6 && !uri) {
                assert!(!s.contains(id.as_str()), "{name}: {id:?} survived in {s:?}");
            }
            assert!(
                !is_date_with_month(s),
                "{name}: date {s:?} survived in {}",
                v.to_string()
                    .split(s.as_str())
                    .next()
                    .map(|x| &x[x.len().saturating_sub(300)..])
                    .unwrap_or("")
            );
        }
        // Old resource ids (derived from identifiers by the converter) are gone too.
        for e in &b.entry {
            let id = e.resource.as_ref().and_then(|r| r.id()).unwrap_or("");
            assert!(!all.iter().any(|s| s.contains(id)), "{name}: id {id}");
        }
        // Still a structurally valid bundle with every reference resolved.
        let issues = validate_bundle(&out.value);
        assert!(is_valid(&issues), "{name}: {issues:#?}");
        assert!(!out.changes.is_empty());
        checked += ids.len();
    }
    assert!(checked > 1000, "{checked}");
}

#[test]
fn ages_over_89_and_zip3_rules() {
    // HHS guidance (2012) section 2.4: ZIP3 036 is restricted -> 000; birth year removed over 89.
    let json = r#"{"resourceType":"Patient","id":"p","birthDate":"1925-03-04",
        "address":[{"line":["1 Main St"],"city":"Walpole","state":"NH","postalCode":"03608","country":"US"},
                   {"city":"Springfield","state":"IL","postalCode":"62704-1234"}],
        "extension":[{"url":"http://example.org/age","valueQuantity":{"value":98,"unit":"a",
            "system":"http://unitsofmeasure.org","code":"a"}}]}"#;
    let r = medcore_fhir::parse_resource(json, medcore_fhir::ReadMode::Lenient).unwrap();
    let out = deidentify_resource(&r, &DeidPolicy::safe_harbor("2024-01-01"), None).unwrap();
    let v = model::to_value(&out.value);
    assert!(v.get("birthDate").is_none(), "{v}");
    assert_eq!(v["address"][0]["postalCode"], "000");
    assert_eq!(v["address"][0]["state"], "NH");
    assert!(v["address"][0].get("city").is_none());
    assert!(v["address"][0].get("line").is_none());
    assert_eq!(v["address"][1]["postalCode"], "627");
    let age = &v["extension"][0]["valueQuantity"];
    assert_eq!(
        (age["value"].as_i64(), age["comparator"].as_str()),
        (Some(90), Some(">="))
    );
    // 1960 is 63 at the policy date: the year stays.
    let young = r#"{"resourceType":"Patient","birthDate":"1960-07-01"}"#;
    let r = medcore_fhir::parse_resource(young, medcore_fhir::ReadMode::Lenient).unwrap();
    let out = deidentify_resource(&r, &DeidPolicy::safe_harbor("2024-01-01"), None).unwrap();
    assert_eq!(model::to_value(&out.value)["birthDate"], "1960");
}

#[test]
fn tokenized_identifiers_stay_linkable() {
    let key = SecretKey::from_bytes(&[7u8; 32]).unwrap();
    let tok = Tokenizer::from_master(&key);
    let policy = linkable_policy("2024-01-01", "hospital-a");
    let all = bundles();
    let get = |n: &str| &all.iter().find(|(x, _)| x == n).unwrap().1;
    // The same patient (PATID1234) is in both messages.
    let patient = |b: &Bundle| {
        let out = deidentify_bundle(b, &policy, Some(&tok)).unwrap();
        out.value
            .entry
            .iter()
            .find_map(|e| match &e.resource {
                Some(Resource::Patient(p)) => Some(p.as_ref().clone()),
                _ => None,
            })
            .unwrap()
    };
    let a = patient(get("ADT-A01-01"));
    let b = patient(get("ADT-A02-01"));
    assert_eq!(a.id, b.id);
    assert!(!a.identifier.is_empty());
    let ids: Vec<_> = a
        .identifier
        .iter()
        .map(|i| i.value.clone().unwrap())
        .collect();
    assert!(ids.iter().all(|v| v.starts_with("mct1:")), "{ids:?}");
    assert_eq!(
        ids,
        b.identifier
            .iter()
            .map(|i| i.value.clone().unwrap())
            .collect::<Vec<_>>()
    );
    assert!(a.name.iter().all(|n| n
        .text
        .as_deref()
        .is_some_and(|t| t.starts_with("mct1:name:"))));
    // Another key gives other tokens.
    let other = Tokenizer::from_master(&SecretKey::from_bytes(&[9u8; 32]).unwrap());
    let c = deidentify_bundle(get("ADT-A01-01"), &policy, Some(&other)).unwrap();
    let cv = model::to_value(&Resource::Bundle(Box::new(c.value)));
    assert!(!cv.to_string().contains(&ids[0]));
}

fn manager_read_patient() -> medcore_authz::Decision {
    let ps = default_policy_set();
    let mut req = Request {
        principal: Principal {
            id: "mgr-1".into(),
            roles: vec!["Manager".into()],
            ..Default::default()
        },
        ..Default::default()
    };
    req.principal
        .attributes
        .insert("department".into(), "cardiology".into());
    req.action = "read".into();
    req.resource = medcore_authz::Resource {
        kind: "Patient".into(),
        id: "p-1".into(),
        ..Default::default()
    };
    for (k, v) in [
        ("patient", "p-1"),
        ("department", "cardiology"),
        ("confidentiality", "N"),
    ] {
        req.resource.attributes.insert(k.into(), v.into());
    }
    req.resource
        .attributes
        .insert("care_team".into(), Vec::<String>::new().into());
    req.resource
        .attributes
        .insert("labels".into(), Vec::<String>::new().into());
    ps.authorize(&req)
}

/// Paths of the leaves that differ between two JSON values.
fn diff(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let p = format!("{path}.{k}");
                match (x.get(k), y.get(k)) {
                    (Some(va), Some(vb)) => diff(va, vb, &p, out),
                    _ => out.push(p),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                diff(va, vb, &format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push(path.to_string()),
        _ => {}
    }
}

#[test]
fn masks_apply_exactly_to_what_the_obligations_name() {
    // Default policy, rule mask-identifiers-manager: mask(ssn), mask(mrn), mask(dob),
    // mask(phone), mask(address).
    let d = manager_read_patient();
    assert!(d.is_allowed());
    let masks: BTreeSet<_> = d.masks().into_iter().map(|(f, _)| f.to_string()).collect();
    assert_eq!(
        masks,
        ["address", "dob", "mrn", "phone", "ssn"]
            .map(String::from)
            .into()
    );
    let mut patients = 0;
    for (name, b) in bundles() {
        for e in &b.entry {
            let Some(r @ Resource::Patient(p)) = &e.resource else {
                continue;
            };
            patients += 1;
            let out = apply_decision(r, &d).unwrap();
            let before = model::to_value(r);
            let after = model::to_value(&out.value);
            let mut changed = Vec::new();
            diff(&before, &after, "Patient", &mut changed);
            // Every changed leaf is under an element an obligation names, and is reported.
            for c in &changed {
                let ok = c.starts_with("Patient.birthDate")
                    || c.starts_with("Patient.address")
                    || (c.starts_with("Patient.identifier[") && c.ends_with("].value"))
                    || (c.starts_with("Patient.telecom[") && c.ends_with("].value"));
                assert!(ok, "{name}: {c} changed");
                assert!(
                    out.changes.iter().any(|m| c.starts_with(&m.path)),
                    "{name}: {c} not reported"
                );
            }
            // Only SSN/MRN identifiers and phone telecoms changed; the values are pii masks.
            for (i, id) in p.identifier.iter().enumerate() {
                let code = id
                    .type_
                    .as_ref()
                    .and_then(|t| t.coding.first())
                    .and_then(|c| c.code.as_deref())
                    .unwrap_or("");
                let named = matches!(code, "SS" | "MR" | "MRT" | "PI" | "PT")
                    || id.system.as_deref() == Some("http://hl7.org/fhir/sid/us-ssn");
                let was = &before["identifier"][i]["value"];
                let now = &after["identifier"][i]["value"];
                assert_eq!(named, was != now, "{name}: identifier {i} ({code})");
            }
            for (i, t) in p.telecom.iter().enumerate() {
                let phone = matches!(t.system.as_deref(), Some("phone" | "fax" | "sms" | "pager"));
                assert_eq!(
                    phone,
                    before["telecom"][i] != after["telecom"][i],
                    "{name}: telecom {i}"
                );
            }
            if let Some(bd) = &p.birth_date {
                assert_eq!(after["birthDate"].as_str(), Some(&bd[..4]));
            }
            // Name, gender and everything not named are untouched.
            for k in [
                "name",
                "gender",
                "maritalStatus",
                "communication",
                "extension",
            ] {
                assert_eq!(before.get(k), after.get(k), "{name}: {k}");
            }
        }
    }
    assert!(patients >= 100, "{patients}");
}

#[test]
fn redact_removes_only_the_named_elements() {
    let json = r#"{"resourceType":"Patient","id":"p","gender":"female",
        "identifier":[{"system":"http://hl7.org/fhir/sid/us-ssn","value":"123-45-6789"},
                      {"type":{"coding":[{"code":"MR"}]},"value":"MRN00123456"}],
        "telecom":[{"system":"email","value":"jane.doe@example.com"},{"system":"phone","value":"(555) 867-5309"}],
        "note":[{"text":"lives with daughter"}]}"#;
    let r = medcore_fhir::parse_resource(json, medcore_fhir::ReadMode::Lenient).unwrap();
    let obligations = vec![
        Obligation::Redact {
            field: "ssn".into(),
        },
        Obligation::Mask {
            field: "email".into(),
            kind: "email".into(),
        },
        Obligation::Redact {
            field: "notes".into(),
        },
    ];
    let out = apply_obligations(&r, &obligations).unwrap();
    let v = model::to_value(&out.value);
    assert_eq!(v["identifier"].as_array().unwrap().len(), 1);
    assert_eq!(v["identifier"][0]["value"], "MRN00123456");
    // medcore-pii mask table: jane.doe@example.com -> j***@example.com.
    assert_eq!(v["telecom"][0]["value"], "j***@example.com");
    assert_eq!(v["telecom"][1]["value"], "(555) 867-5309");
    assert!(v.get("note").is_none());
    assert_eq!(v["gender"], "female");
    let paths: Vec<&str> = out.changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Patient.identifier[0]",
            "Patient.telecom[0].value",
            "Patient.note"
        ]
    );
}
