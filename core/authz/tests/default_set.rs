//! The embedded default policy set against the access matrix of DESIGN.md and the hospital
//! scenarios the design documents describe.

mod common;
use common::*;
use medcore_authz::{
    default_policy_set, AuditLevel, ConsentDecision, ConsentDirective, Effect, Obligation, Value,
};

const ROLES: [&str; 7] = [
    "Doctor",
    "Nurse",
    "Pharmacist",
    "LabTech",
    "Manager",
    "Admin",
    "SuperAdmin",
];
const TYPES: [&str; 6] = ["Patient", "Prescription", "Lab", "Bed", "User", "Report"];

/// The matrix of DESIGN.md ("The default hospital access matrix"), row by row.
const MATRIX: [[&str; 6]; 7] = [
    ["RW", "RW", "RW", "R", "R", "R"],
    ["RW", "R", "R", "RW", "-", "R"],
    ["R", "RW", "-", "-", "-", "R"],
    ["R", "-", "RW", "-", "-", "R"],
    ["R", "R", "R", "R", "R", "RW"],
    ["Full", "Full", "Full", "Full", "RW", "Full"],
    ["Full", "Full", "Full", "Full", "Full", "Full"],
];

/// The documented meaning of a cell: Read = read; Read/Write = read, create, update;
/// Full = every action of the type.
fn cell_allows(cell: &str, action: &str) -> bool {
    match cell {
        "-" => false,
        "R" => action == "read",
        "RW" => matches!(action, "read" | "create" | "update"),
        "Full" => true,
        other => panic!("unknown cell {other}"),
    }
}

#[test]
fn exhaustive_matrix_7_roles_6_resources_every_action() {
    let ps = default_policy_set();
    let mut checked = 0;
    for (ri, role) in ROLES.iter().enumerate() {
        for (ti, ty) in TYPES.iter().enumerate() {
            let actions = &ps.schema().resources[*ty].actions;
            for action in actions {
                let req = request(
                    principal("u-1", role, "cardiology"),
                    action,
                    resource(ty, "r-1", "cardiology"),
                );
                let d = ps.authorize(&req);
                let want = cell_allows(MATRIX[ri][ti], action);
                assert_eq!(d.is_allowed(), want, "{role} {action} {ty}: {d:?}");
                assert!(d.errors.is_empty(), "{role} {action} {ty}: {:?}", d.errors);
                assert_eq!(d, ps.authorize_full_scan(&req));
                checked += 1;
            }
        }
    }
    // 6 types with 6+6+5+5+5+5 actions, 7 roles.
    assert_eq!(checked, 7 * 32);
}

#[test]
fn clinical_records_need_department_or_care_team() {
    let ps = default_policy_set();
    let other_dept = request(
        principal("dr-a", "Doctor", "oncology"),
        "read",
        resource("Patient", "p-1", "cardiology"),
    );
    let d = ps.authorize(&other_dept);
    assert_eq!(d.effect, Effect::Deny);
    assert_eq!(
        d.determining.iter().map(|s| &**s).collect::<Vec<_>>(),
        ["clinical-relationship"]
    );
    assert!(!d.advice.is_empty());

    let team = request(
        principal("dr-a", "Doctor", "oncology"),
        "read",
        with_care_team(resource("Patient", "p-1", "cardiology"), &["dr-a"]),
    );
    assert!(ps.authorize(&team).is_allowed());
    // Managers are not clinical: the matrix gives them read everywhere.
    let mgr = request(
        principal("m-1", "Manager", "finance"),
        "read",
        resource("Lab", "l-1", "cardiology"),
    );
    let d = ps.authorize(&mgr);
    assert!(d.is_allowed());
    assert!(d.obligations.contains(&Obligation::Redact {
        field: "notes".into()
    }));
}

#[test]
fn masks_ssn_for_non_admins_only() {
    let ps = default_policy_set();
    for role in ["Doctor", "Nurse", "Pharmacist", "LabTech", "Manager"] {
        let d = ps.authorize(&request(
            principal("u", role, "cardiology"),
            "read",
            resource("Patient", "p-1", "cardiology"),
        ));
        assert!(d.is_allowed(), "{role}");
        assert!(
            d.masks().contains(&("ssn", "ssn")),
            "{role}: {:?}",
            d.obligations
        );
        assert!(d.obligations.contains(&Obligation::Audit {
            level: AuditLevel::Low
        }));
    }
    for role in ["Admin", "SuperAdmin"] {
        let d = ps.authorize(&request(
            principal("u", role, "it"),
            "read",
            resource("Patient", "p-1", "cardiology"),
        ));
        assert!(d.is_allowed());
        assert!(d.masks().is_empty(), "{role}");
    }
    // Fulfilling the obligation with a masking function.
    let d = ps.authorize(&request(
        principal("m", "Manager", "finance"),
        "read",
        resource("Patient", "p-1", "x"),
    ));
    let mut record = medcore_authz::Attributes::new();
    record.insert("ssn".into(), "123-45-6789".into());
    record.insert("name".into(), "Ada".into());
    d.apply_field_obligations(&mut record, |kind, v| {
        format!("{kind}:***{}", &v[v.len() - 4..])
    });
    assert_eq!(record["ssn"], Value::from("ssn:***6789"));
    assert_eq!(record["name"], Value::from("Ada"));
}

#[test]
fn sensitive_and_vip_records() {
    let ps = default_policy_set();
    let doc = || principal("dr-a", "Doctor", "cardiology");
    for label in ["HIV", "PSY", "GEN", "VIP"] {
        let r = with_labels(resource("Lab", "l-1", "cardiology"), &[label]);
        let d = ps.authorize(&request(doc(), "read", r.clone()));
        assert_eq!(d.effect, Effect::Deny, "{label}");
        let d = ps.authorize(&request(doc(), "read", with_care_team(r, &["dr-a"])));
        assert!(d.is_allowed(), "{label}");
        assert!(d.obligations.contains(&Obligation::Audit {
            level: AuditLevel::Medium
        }));
    }
    // Admins keep Full access to sensitive records (the matrix), with an audit.
    let d = ps.authorize(&request(
        principal("a", "Admin", "it"),
        "read",
        with_labels(resource("Lab", "l", "x"), &["HIV"]),
    ));
    assert!(d.is_allowed());
}

#[test]
fn break_glass_rules() {
    let ps = default_policy_set();
    let base = request(
        principal("dr-a", "Doctor", "oncology"),
        "read",
        with_labels(resource("Patient", "p-1", "cardiology"), &["PSY"]),
    );
    assert_eq!(ps.authorize(&base).effect, Effect::Deny);

    let bg = break_glass(
        base.clone(),
        "ETREAT",
        "unconscious patient in ED, no history available",
    );
    let d = ps.authorize(&bg);
    assert!(d.is_allowed(), "{d:?}");
    assert!(d.break_glass);
    assert!(d.obligations.contains(&Obligation::Audit {
        level: AuditLevel::High
    }));
    assert!(d.obligations.contains(&Obligation::RequireReason));
    assert!(ps
        .authorize(&break_glass(base.clone(), "BTG", "code blue"))
        .is_allowed());

    // Not honoured: blank reason, wrong purpose, non-clinical role, expired window.
    for req in [
        break_glass(base.clone(), "ETREAT", "   "),
        break_glass(base.clone(), "TREAT", "code blue"),
        {
            let mut r = break_glass(base.clone(), "ETREAT", "code blue");
            r.principal.roles = vec!["Manager".into()];
            r
        },
        {
            let mut r = break_glass(base.clone(), "ETREAT", "code blue");
            r.environment.break_glass.as_mut().unwrap().expires_at = Some(MORNING - 1);
            r
        },
    ] {
        let d = ps.authorize(&req);
        assert_eq!(d.effect, Effect::Deny, "{req:?}");
        assert!(!d.break_glass);
        assert!(d.obligations.contains(&Obligation::Audit {
            level: AuditLevel::High
        }));
        assert!(d
            .advice
            .iter()
            .any(|a| a.contains("break-glass not honoured")));
    }
    // A time-boxed declaration still in its window works.
    let mut boxed = break_glass(base.clone(), "ETREAT", "code blue");
    boxed.environment.break_glass.as_mut().unwrap().expires_at = Some(MORNING + 900);
    assert!(ps.authorize(&boxed).is_allowed());
    // Break-glass does not widen the matrix: a nurse still cannot sign a prescription.
    let nurse = break_glass(
        request(
            principal("n", "Nurse", "x"),
            "sign",
            resource("Prescription", "rx", "x"),
        ),
        "ETREAT",
        "code blue",
    );
    assert_eq!(ps.authorize(&nurse).effect, Effect::Deny);
}

#[test]
fn hard_forbids_beat_break_glass_and_admins() {
    let ps = default_policy_set();
    let mut held = resource("Patient", "p-1", "cardiology");
    held.attributes.insert("legal_hold".into(), true.into());
    for role in ["Admin", "SuperAdmin", "Doctor"] {
        let req = break_glass(
            request(principal("u", role, "cardiology"), "update", held.clone()),
            "ETREAT",
            "code blue",
        );
        let d = ps.authorize(&req);
        assert_eq!(d.effect, Effect::Deny, "{role}");
        assert_eq!(&*d.determining[0], "legal-hold");
        assert!(d.obligations.contains(&Obligation::Audit {
            level: AuditLevel::High
        }));
    }
    // Reading a record under legal hold is allowed.
    assert!(ps
        .authorize(&request(
            principal("u", "Doctor", "cardiology"),
            "read",
            held
        ))
        .is_allowed());

    // 42 CFR Part 2: SUD records without consent.
    let sud = with_labels(resource("Lab", "l-9", "cardiology"), &["SUD"]);
    let req = break_glass(
        request(
            principal("dr-b", "Doctor", "cardiology"),
            "read",
            sud.clone(),
        ),
        "ETREAT",
        "overdose",
    );
    let d = ps.authorize(&req);
    assert_eq!(d.effect, Effect::Deny);
    assert_eq!(&*d.determining[0], "part2-sud");
    // With the patient's consent to disclose SUD records to this clinician.
    let consent = ConsentDirective {
        id: "c-1".into(),
        patient: "p-1".into(),
        decision: Some(ConsentDecision::Permit),
        actors: vec!["dr-b".into()],
        labels: vec!["SUD".into()],
        ..Default::default()
    };
    let ps2 = ps.with_consents(&[consent]).unwrap();
    assert!(ps2
        .authorize(&request(
            principal("dr-b", "Doctor", "cardiology"),
            "read",
            sud.clone()
        ))
        .is_allowed());
    assert_eq!(
        ps2.authorize(&request(
            principal("dr-c", "Doctor", "cardiology"),
            "read",
            sud
        ))
        .effect,
        Effect::Deny
    );
    assert_ne!(ps.hash(), ps2.hash());
}

#[test]
fn patient_restriction_is_a_hard_forbid() {
    let ps = default_policy_set();
    let restriction = ConsentDirective {
        id: "r-7".into(),
        patient: "p-1".into(),
        decision: Some(ConsentDecision::Deny),
        actors: vec!["dr-ex".into()],
        ..Default::default()
    };
    let ps = ps.with_consents(&[restriction]).unwrap();
    let req = request(
        principal("dr-ex", "Doctor", "cardiology"),
        "read",
        resource("Patient", "p-1", "cardiology"),
    );
    let d = ps.authorize(&req);
    assert_eq!(d.effect, Effect::Deny);
    assert_eq!(&*d.determining[0], "consent:r-7");
    assert_eq!(
        ps.authorize(&break_glass(req, "ETREAT", "emergency"))
            .effect,
        Effect::Deny
    );
    // Another clinician and another patient are unaffected.
    assert!(ps
        .authorize(&request(
            principal("dr-ok", "Doctor", "cardiology"),
            "read",
            resource("Patient", "p-1", "cardiology")
        ))
        .is_allowed());
    let mut other = resource("Patient", "p-2", "cardiology");
    other.attributes.insert("patient".into(), "p-2".into());
    assert!(ps
        .authorize(&request(
            principal("dr-ex", "Doctor", "cardiology"),
            "read",
            other
        ))
        .is_allowed());
}

#[test]
fn missing_attribute_in_a_forbid_fails_closed() {
    let ps = default_policy_set();
    // No department on the principal: the relationship forbid cannot be evaluated.
    let mut p = principal("dr-a", "Doctor", "x");
    p.attributes.clear();
    let d = ps.authorize(&request(
        p,
        "read",
        resource("Patient", "p-1", "cardiology"),
    ));
    assert_eq!(d.effect, Effect::Deny);
    assert_eq!(&*d.determining[0], "clinical-relationship");
    assert!(!d.errors.is_empty());
}

#[test]
fn explanations_and_logging() {
    let ps = default_policy_set();
    let req = request(
        principal("dr-alice-0001", "Doctor", "oncology"),
        "read",
        resource("Patient", "patient-000123", "cardiology"),
    );
    let (d, ex) = ps.explain(&req);
    assert_eq!(d, ps.authorize(&req));
    assert!(ex.rules_considered < ex.rules_total);
    assert!(ex
        .trace
        .iter()
        .any(|t| &*t.id == "clinical-relationship" && t.determining));
    let sink = medcore_authz::MemorySink::new();
    let d2 = ps.authorize_logged(&req, &sink);
    assert_eq!(d, d2);
    let events = sink.take();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].principal, "*********0001");
    assert_eq!(events[0].resource, "**********0123");
    assert_eq!(events[0].policy_hash, ps.hash());
    assert_eq!(
        ps.authorize_batch(&[req.clone(), req.clone()]),
        vec![d.clone(), d]
    );
}
