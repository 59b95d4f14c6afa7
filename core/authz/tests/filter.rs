//! Query filtering on the default set: residual conditions and SQL fragments.

mod common;
use common::*;
use medcore_authz::{
    default_policy_set, ConsentDecision, ConsentDirective, FilterRequest, Residual, SqlOptions,
    SqlPlaceholder, SqlSetEncoding, Value,
};

fn fr(role: &str, dept: &str, action: &str, ty: &str) -> FilterRequest {
    let req = request(
        principal("dr-ada", role, dept),
        action,
        resource(ty, "x", dept),
    );
    FilterRequest {
        principal: req.principal,
        action: action.into(),
        resource_type: ty.into(),
        environment: req.environment,
    }
}

#[test]
fn doctor_patient_filter_matches_direct_decisions() {
    let ps = default_policy_set();
    let f = ps
        .filter(&fr("Doctor", "cardiology", "read", "Patient"))
        .unwrap();
    assert!(f.approximated.is_empty());
    let cases = [
        (resource("Patient", "a", "cardiology"), true),
        (resource("Patient", "b", "oncology"), false),
        (
            with_care_team(resource("Patient", "c", "oncology"), &["dr-ada"]),
            true,
        ),
        (
            with_labels(resource("Patient", "d", "cardiology"), &["HIV"]),
            false,
        ),
        (
            with_care_team(
                with_labels(resource("Patient", "e", "oncology"), &["HIV"]),
                &["dr-ada"],
            ),
            true,
        ),
        (
            with_labels(resource("Patient", "f", "cardiology"), &["SUD"]),
            false,
        ),
        (
            with_care_team(
                with_labels(resource("Patient", "g", "cardiology"), &["SUD"]),
                &["dr-ada"],
            ),
            true,
        ),
    ];
    for (r, want) in cases {
        assert_eq!(f.matches(&r), want, "{}", r.id);
        let direct = request(
            principal("dr-ada", "Doctor", "cardiology"),
            "read",
            r.clone(),
        );
        assert_eq!(ps.authorize(&direct).is_allowed(), want, "{}", r.id);
    }
    let sql = f.to_sql(&ps, &SqlOptions::default()).unwrap();
    assert!(sql.sql.contains("= ANY(care_team)"), "{}", sql.sql);
    assert!(sql.sql.contains("department = $"), "{}", sql.sql);
    assert!(sql.params.contains(&Value::from("cardiology")));
    assert!(sql.params.contains(&Value::from("dr-ada")));
    let n = sql.sql.matches('$').count();
    assert_eq!(n, sql.params.len());
    assert!(!sql.sql.contains(';'));
}

#[test]
fn constant_filters() {
    let ps = default_policy_set();
    // No permit at all: FALSE.
    let f = ps.filter(&fr("LabTech", "lab", "read", "Bed")).unwrap();
    assert_eq!(f.residual, Residual::Const(false));
    let sql = f.to_sql(&ps, &SqlOptions::default()).unwrap();
    assert_eq!((sql.sql.as_str(), sql.params.len()), ("FALSE", 0));
    // Unconditional: TRUE.
    let f = ps.filter(&fr("Doctor", "x", "read", "Report")).unwrap();
    assert_eq!(f.to_sql(&ps, &SqlOptions::default()).unwrap().sql, "TRUE");
    assert!(ps.filter(&fr("Doctor", "x", "read", "Spaceship")).is_err());
}

#[test]
fn placeholder_styles_set_encodings_and_alias() {
    let ps = default_policy_set();
    let f = ps.filter(&fr("Nurse", "icu", "update", "Patient")).unwrap();
    let opts = SqlOptions {
        placeholder: SqlPlaceholder::Question,
        set_encoding: SqlSetEncoding::JsonArray,
        table_alias: Some("p".into()),
        ..Default::default()
    };
    let sql = f.to_sql(&ps, &opts).unwrap();
    assert!(sql.sql.contains("json_each(p.care_team)"), "{}", sql.sql);
    assert!(sql.sql.contains("p.department = ?"), "{}", sql.sql);
    assert_eq!(sql.sql.matches('?').count(), sql.params.len());
    // legal_hold is optional: the update filter guards it with IS NULL / IS NOT NULL.
    assert!(sql.sql.contains("p.legal_hold"), "{}", sql.sql);
    let pct = f
        .to_sql(
            &ps,
            &SqlOptions {
                placeholder: SqlPlaceholder::Percent,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(pct.sql.matches("%s").count(), pct.params.len());
    let bad = SqlOptions {
        table_alias: Some("p; DROP TABLE x".into()),
        ..Default::default()
    };
    assert_eq!(f.to_sql(&ps, &bad).unwrap_err().code(), "AUTHZ_FILTER");
    let mut cols = SqlOptions::default();
    cols.columns.insert("department".into(), "dept_code".into());
    assert!(f.to_sql(&ps, &cols).unwrap().sql.contains("dept_code = $"));
}

#[test]
fn consent_grants_become_patient_lists() {
    let ps = default_policy_set()
        .with_consents(&[ConsentDirective {
            id: "c-1".into(),
            patient: "p-7".into(),
            decision: Some(ConsentDecision::Permit),
            actors: vec!["dr-ada".into()],
            labels: vec!["SUD".into()],
            ..Default::default()
        }])
        .unwrap();
    let f = ps
        .filter(&fr("Doctor", "cardiology", "read", "Lab"))
        .unwrap();
    let mut sud7 = with_labels(resource("Lab", "l", "cardiology"), &["SUD"]);
    sud7.attributes.insert("patient".into(), "p-7".into());
    assert!(f.matches(&sud7));
    let sud1 = with_labels(resource("Lab", "l", "cardiology"), &["SUD"]);
    assert!(!f.matches(&sud1));
    let sql = f.to_sql(&ps, &SqlOptions::default()).unwrap();
    assert!(sql.params.contains(&Value::from("p-7")), "{sql:?}");
}
