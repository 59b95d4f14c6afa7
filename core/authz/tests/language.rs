//! The policy language: parsing, locations of errors, schema validation, the JSON form,
//! combining algorithms, time windows.

mod common;
use common::*;
use medcore_authz::{
    default_schema, parse_policies, AuthzError, Combining, Effect, PolicySet, PolicySetBuilder,
    Value,
};

fn load(text: &str) -> Result<PolicySet, AuthzError> {
    PolicySet::from_text(default_schema(), "policy.txt", text)
}

fn err_at(text: &str) -> (String, u32, u32, String) {
    let e = load(text).expect_err("should fail");
    let loc = e.location().cloned().unwrap_or_default();
    (e.code().to_string(), loc.line, loc.column, e.to_string())
}

#[test]
fn the_issue_example_parses_and_decides() {
    let ps = load(
        "permit(role: Doctor, action: [read, update], resource: Patient)\n\
         when { resource.department == principal.department || principal in resource.care_team }\n\
         obligations { audit(low) };",
    )
    .unwrap();
    let d = ps.authorize(&request(
        principal("d", "Doctor", "x"),
        "update",
        resource("Patient", "p", "x"),
    ));
    assert_eq!(d.effect, Effect::Allow);
    assert_eq!(&*d.determining[0], "policy.txt:1");
    assert_eq!(
        ps.authorize(&request(
            principal("d", "Doctor", "y"),
            "update",
            resource("Patient", "p", "x")
        ))
        .effect,
        Effect::Deny
    );
}

#[test]
fn syntax_errors_name_line_and_column() {
    assert_eq!(
        err_at("permit(role: Doctor)\n  when { resource.department == }").0,
        "AUTHZ_SYNTAX"
    );
    let (_, line, col, msg) = err_at("permit(role: Doctor)\n  when { resource.department == };");
    assert_eq!((line, col), (2, 33), "{msg}");
    let (code, line, col, _) = err_at("permit(role: Doctor) when { \"open string };");
    assert_eq!((code.as_str(), line, col), ("AUTHZ_SYNTAX", 1, 29));
    let (code, line, col, _) = err_at("allow(role: Doctor);");
    assert_eq!((code.as_str(), line, col), ("AUTHZ_SYNTAX", 1, 1));
    let (code, _, _, msg) = err_at("permit(role: Doctor) when { resource.labels.size() };");
    assert_eq!(code, "AUTHZ_SYNTAX");
    assert!(msg.contains("unknown method `size`"), "{msg}");
    let deep = format!(
        "permit(role: Doctor) when {{ {}true{} }};",
        "(".repeat(500),
        ")".repeat(500)
    );
    assert_eq!(err_at(&deep).0, "AUTHZ_SYNTAX");
}

#[test]
fn unknown_names_are_errors_with_locations() {
    let (code, line, col, msg) = err_at("permit(role: Doctor, action: read, resource: Patient);\npermit(role: [Nurse, Janitor], action: read, resource: Bed);");
    assert_eq!(
        (code.as_str(), line, col),
        ("AUTHZ_UNKNOWN_ROLE", 2, 22),
        "{msg}"
    );
    assert!(
        msg.starts_with("policy.txt:2:22: unknown role `Janitor`"),
        "{msg}"
    );
    let (code, line, col, _) =
        err_at("permit(role: Doctor, action: [read, teleport], resource: Patient);");
    assert_eq!((code.as_str(), line, col), ("AUTHZ_UNKNOWN_ACTION", 1, 37));
    let (code, _, col, _) = err_at("permit(role: Doctor, action: read, resource: Spaceship);");
    assert_eq!((code.as_str(), col), ("AUTHZ_UNKNOWN_RESOURCE_TYPE", 46));
    let (code, line, col, msg) = err_at("permit(role: Doctor, action: read, resource: Bed)\n when { resource.care_team.isEmpty() };");
    assert_eq!(
        (code.as_str(), line, col),
        ("AUTHZ_UNKNOWN_ATTRIBUTE", 2, 9),
        "{msg}"
    );
    assert_eq!(
        err_at("permit(role: Doctor) when { principal.salary > 3 };").0,
        "AUTHZ_UNKNOWN_ATTRIBUTE"
    );
    assert_eq!(
        err_at("permit(role: Doctor) when { context.weather == \"rain\" };").0,
        "AUTHZ_UNKNOWN_ATTRIBUTE"
    );
    // An action that exists but applies to none of the rule's types.
    assert_eq!(
        err_at("permit(role: Doctor, action: dispense, resource: Bed);").0,
        "AUTHZ_INVALID_POLICY"
    );
    assert_eq!(
        err_at("permit(role: Doctor) obligations { mask(ssn, passport) };").0,
        "AUTHZ_INVALID_POLICY"
    );
    assert_eq!(
        err_at("permit(role: Doctor, resource: Bed) obligations { mask(ssn, ssn) };").0,
        "AUTHZ_UNKNOWN_ATTRIBUTE"
    );
    assert_eq!(
        err_at("@id(\"a\") permit(role: Doctor);\n@id(\"a\") permit(role: Nurse);").0,
        "AUTHZ_INVALID_POLICY"
    );
    assert_eq!(
        err_at("forbid hard(role: *) when { context.break_glass };").0,
        "AUTHZ_INVALID_POLICY"
    );
    assert_eq!(err_at("permit hard(role: Doctor);").0, "AUTHZ_SYNTAX");
}

#[test]
fn json_form_loads_and_reports_positions() {
    let doc = parse_policies("p", "@id(\"x\") permit(role: Nurse, action: read, resource: Bed) when { resource.ward == \"3B\" };").unwrap();
    let json = serde_json::to_string_pretty(&doc).unwrap();
    let mut b = PolicySetBuilder::new(default_schema());
    b.add_json("p.json", &json).unwrap();
    let ps = b.build().unwrap();
    assert!(ps
        .authorize(&request(
            principal("n", "Nurse", "x"),
            "read",
            resource("Bed", "b", "x")
        ))
        .is_allowed());
    let mut b = PolicySetBuilder::new(default_schema());
    let e = b
        .add_json("p.json", "{\n  \"rules\": [ { \"id\": 3 } ]\n}")
        .unwrap_err();
    assert_eq!(e.code(), "AUTHZ_SYNTAX");
    assert_eq!(e.location().unwrap().line, 2);
    let bad_role = json.replace("Nurse", "Plumber");
    let e = PolicySetBuilder::new(default_schema())
        .add_json("p.json", &bad_role)
        .map(|_| ())
        .unwrap_err();
    assert_eq!(e.code(), "AUTHZ_UNKNOWN_ROLE");
}

#[test]
fn combining_algorithms() {
    let rules = "@id(\"f\") forbid(role: Nurse, action: read, resource: Bed) when { resource.ward == \"3B\" };\n\
                 @id(\"p\") permit(role: Nurse, action: read, resource: Bed);\n";
    let req = request(
        principal("n", "Nurse", "x"),
        "read",
        resource("Bed", "b", "x"),
    );
    let deny = load(rules).unwrap();
    assert_eq!(deny.combining(), Combining::DenyOverrides);
    assert_eq!(deny.authorize(&req).effect, Effect::Deny);
    let permit = load(&format!("combining permit_overrides;\n{rules}")).unwrap();
    assert_eq!(permit.authorize(&req).effect, Effect::Allow);
    let first = load(&format!("combining first_applicable;\n{rules}")).unwrap();
    let d = first.authorize(&req);
    assert_eq!((d.effect, &*d.determining[0]), (Effect::Deny, "f"));
    let mut other_ward = req.clone();
    other_ward
        .resource
        .attributes
        .insert("ward".into(), "4A".into());
    let d = first.authorize(&other_ward);
    assert_eq!((d.effect, &*d.determining[0]), (Effect::Allow, "p"));
    // Hard forbids win under every algorithm.
    let hard = load("combining permit_overrides;\nforbid hard(role: *, action: read, resource: Bed) when { resource.ward == \"3B\" };\npermit(role: Nurse, action: read, resource: Bed);").unwrap();
    assert_eq!(hard.authorize(&req).effect, Effect::Deny);
    assert_eq!(
        err_at("permit(role: Nurse);\ncombining permit_overrides;").0,
        "AUTHZ_INVALID_POLICY"
    );
}

#[test]
fn time_windows_set_operations_and_presence() {
    let ps = load(
        "@id(\"day-shift\") permit(role: Nurse, action: update, resource: Bed)\n\
           when { within_hours(context.time, \"07:00\", \"19:00\") && principal has ward && resource.ward == principal.ward };\n\
         @id(\"night\") permit(role: Nurse, action: read, resource: Bed) when { within_hours(context.time, \"22:00\", \"06:00\") };\n\
         @id(\"until\") permit(role: Doctor, action: read, resource: Report) when { context.time < datetime(\"2026-06-01T00:00:00Z\") };\n\
         @id(\"sets\") permit(role: Manager, action: read, resource: Patient)\n\
           when { [\"HIV\", \"VIP\"].containsAny(resource.labels) == false && resource.labels.containsAll([]) && !(resource.confidentiality in [\"R\", \"V\"]) };",
    )
    .unwrap();
    let mut nurse = principal("n", "Nurse", "x");
    nurse.attributes.insert("ward".into(), "3B".into());
    let mut req = request(nurse.clone(), "update", resource("Bed", "b", "x"));
    assert!(ps.authorize(&req).is_allowed()); // 10:00 UTC
    req.environment.utc_offset_minutes = 10 * 60; // 20:00 local
    assert_eq!(ps.authorize(&req).effect, Effect::Deny);
    let mut night = request(nurse.clone(), "read", resource("Bed", "b", "x"));
    night.environment.time = MORNING + 13 * 3600; // 23:00 UTC
    assert!(ps.authorize(&night).is_allowed());
    night.environment.time = MORNING;
    assert_eq!(ps.authorize(&night).effect, Effect::Deny);
    let mut no_ward = nurse.clone();
    no_ward.attributes.remove("ward");
    assert_eq!(
        ps.authorize(&request(no_ward, "update", resource("Bed", "b", "x")))
            .effect,
        Effect::Deny
    );
    let mut doc_req = request(
        principal("d", "Doctor", "x"),
        "read",
        resource("Report", "r", "x"),
    );
    assert!(ps.authorize(&doc_req).is_allowed());
    doc_req.environment.time = 1_780_272_000; // 2026-06-01T00:00:00Z
    assert_eq!(ps.authorize(&doc_req).effect, Effect::Deny);
    let mgr = request(
        principal("m", "Manager", "x"),
        "read",
        resource("Patient", "p", "x"),
    );
    assert!(ps.authorize(&mgr).is_allowed());
    assert_eq!(
        ps.authorize(&request(
            principal("m", "Manager", "x"),
            "read",
            with_labels(resource("Patient", "p", "x"), &["VIP"])
        ))
        .effect,
        Effect::Deny
    );
    let mut restricted = resource("Patient", "p", "x");
    restricted
        .attributes
        .insert("confidentiality".into(), Value::from("R"));
    assert_eq!(
        ps.authorize(&request(principal("m", "Manager", "x"), "read", restricted))
            .effect,
        Effect::Deny
    );
}

#[test]
fn the_default_policy_text_round_trips_through_the_printer() {
    let doc = parse_policies("<default>", medcore_authz::DEFAULT_POLICY_TEXT).unwrap();
    let again = parse_policies("<printed>", &doc.to_string()).unwrap();
    assert_eq!(
        serde_json::to_value(&doc).unwrap(),
        serde_json::to_value(&again).unwrap()
    );
}

#[test]
fn schema_errors() {
    let e = medcore_authz::Schema::from_json("s.json", "{ \"roles\": {}, \"resources\": { \"A\": { \"attributes\": { \"x\": \"Float\" }, \"actions\": [\"read\"] } } }").unwrap_err();
    assert_eq!(e.code(), "AUTHZ_SCHEMA");
    let e = medcore_authz::Schema::from_json("s.json", "{ \"roles\": { \"A\": { \"inherits\": [\"B\"] }, \"B\": { \"inherits\": [\"A\"] } }, \"resources\": {} }").unwrap_err();
    assert!(e.to_string().contains("inherits itself"), "{e}");
    let e = medcore_authz::Schema::from_json("s.json", "{\n\"roles\": 3 }").unwrap_err();
    assert_eq!(e.location().unwrap().line, 2);
}
