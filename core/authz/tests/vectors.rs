//! Runs the shared conformance vectors testdata/vectors/authz_*.json (also run by every host
//! binding).

use medcore_authz::{default_policy_set, Effect, Obligation, Request};
use serde::Deserialize;

#[derive(Deserialize)]
struct Expect {
    effect: Effect,
    determining: Vec<String>,
    obligations: Vec<Obligation>,
    has_errors: bool,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    request: Request,
    expect: Expect,
}

#[derive(Deserialize)]
struct File {
    policy_set: String,
    cases: Vec<Case>,
}

#[test]
fn default_set_vectors() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/vectors");
    let text = std::fs::read_to_string(dir.join("authz_default.json")).expect("vectors");
    let file: File = serde_json::from_str(&text).expect("vector json");
    assert_eq!(file.policy_set, "default");
    let ps = default_policy_set();
    assert!(file.cases.len() >= 30);
    for c in &file.cases {
        let d = ps.authorize(&c.request);
        let mut det: Vec<String> = d.determining.iter().map(|s| s.to_string()).collect();
        det.sort();
        let mut want = c.expect.determining.clone();
        want.sort();
        assert_eq!(d.effect, c.expect.effect, "{}", c.name);
        assert_eq!(det, want, "{}", c.name);
        assert_eq!(d.obligations, c.expect.obligations, "{}", c.name);
        assert_eq!(
            !d.errors.is_empty(),
            c.expect.has_errors,
            "{}: {:?}",
            c.name,
            d.errors
        );
        // Batch and single answers agree.
        assert_eq!(ps.authorize_batch(std::slice::from_ref(&c.request))[0], d);
    }
}
