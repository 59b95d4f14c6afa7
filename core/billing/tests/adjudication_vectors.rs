//! Runs testdata/vectors/billing_adjudication.json: a family's plan year, exact to the cent.
use medcore_billing::{Accumulators, BenefitClaim, Decimal, Plan};
use serde_json::Value;
use std::str::FromStr;

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("string amount")).expect("decimal")
}

#[test]
fn plan_year_scenarios_exact_to_the_cent() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/vectors/billing_adjudication.json"
    ))
    .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let plan: Plan = serde_json::from_value(v["plan"].clone()).unwrap();
    let mut acc = Accumulators::default();
    for sc in v["scenarios"].as_array().unwrap() {
        let name = sc["name"].as_str().unwrap();
        let claim: BenefitClaim = serde_json::from_value(sc["claim"].clone()).unwrap();
        let out = plan.adjudicate(&claim, &mut acc).unwrap();
        for (got, want) in out.lines.iter().zip(sc["lines"].as_array().unwrap()) {
            let ctx = format!("{name} / {}", got.line_id);
            assert_eq!(got.line_id, want["id"].as_str().unwrap(), "{ctx}");
            assert_eq!(got.allowed, dec(&want["allowed"]), "{ctx} allowed");
            assert_eq!(got.deductible, dec(&want["deductible"]), "{ctx} deductible");
            assert_eq!(got.copay, dec(&want["copay"]), "{ctx} copay");
            assert_eq!(
                got.coinsurance,
                dec(&want["coinsurance"]),
                "{ctx} coinsurance"
            );
            assert_eq!(got.plan_pays, dec(&want["plan"]), "{ctx} plan");
            assert_eq!(got.patient_pays, dec(&want["patient"]), "{ctx} patient");
            let adjs: Vec<String> = got
                .adjustments
                .iter()
                .map(|a| format!("{}-{} {}", a.group, a.code, a.amount.normalize()))
                .collect();
            let want_adjs: Vec<String> = want["adjustments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| {
                    let s = a.as_str().unwrap();
                    let (k, amt) = s.split_once(' ').unwrap();
                    format!("{k} {}", Decimal::from_str(amt).unwrap().normalize())
                })
                .collect();
            assert_eq!(adjs, want_adjs, "{ctx} adjustments");
            // Billed is fully explained: plan pays + every adjustment.
            let adj_sum: Decimal = got.adjustments.iter().map(|a| a.amount).sum();
            assert_eq!(got.billed, got.plan_pays + adj_sum, "{ctx} balance");
        }
        assert_eq!(out.lines.len(), sc["lines"].as_array().unwrap().len());
        let s = serde_json::to_value(&out.summary).unwrap();
        for (k, want) in sc["summary"].as_object().unwrap() {
            assert_eq!(dec(&s[k]), dec(want), "{name} summary {k}");
        }
    }
    let fa = &v["final_accumulators"];
    assert_eq!(acc.family_deductible, dec(&fa["family_deductible"]));
    assert_eq!(acc.family_out_of_pocket, dec(&fa["family_out_of_pocket"]));
    for (m, want) in fa["members"].as_object().unwrap() {
        let got = &acc.members[m];
        assert_eq!(got.deductible, dec(&want["deductible"]), "member {m}");
        assert_eq!(got.out_of_pocket, dec(&want["out_of_pocket"]), "member {m}");
    }
}

#[test]
fn invalid_plan_is_rejected_and_accumulators_untouched() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/vectors/billing_adjudication.json"
    ))
    .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let mut plan: Plan = serde_json::from_value(v["plan"].clone()).unwrap();
    let claim: BenefitClaim = serde_json::from_value(v["scenarios"][0]["claim"].clone()).unwrap();
    let mut acc = Accumulators::default();
    let mut bad = claim.clone();
    bad.lines[2].billed = Decimal::from(-1);
    assert_eq!(
        plan.adjudicate(&bad, &mut acc).unwrap_err().code(),
        "BILLING_INVALID_VALUE"
    );
    assert_eq!(acc, Accumulators::default());
    plan.coinsurance = Decimal::from(2);
    assert_eq!(
        plan.adjudicate(&claim, &mut acc).unwrap_err().code(),
        "BILLING_INVALID_VALUE"
    );
}
