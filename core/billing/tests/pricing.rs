//! IPPS pricing: the acceptance figures (CMS IPPS examples for DRG 039 in FY2024 and FY2025),
//! the hand-checked cases of testdata/vectors/billing_pricing.json, and properties.
use medcore_billing::{Decimal, Pricer, PricingInput, ProviderFactors};
use proptest::prelude::*;
use serde_json::Value;
use std::str::FromStr;

fn pricer() -> Pricer {
    Pricer::embedded().unwrap()
}

#[test]
fn pricing_vectors() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/vectors/billing_pricing.json"
    ))
    .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let p = pricer();
    for case in v["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let input: PricingInput = serde_json::from_value(case["input"].clone()).unwrap();
        let got = serde_json::to_value(p.price(&input).unwrap()).unwrap();
        for (k, want) in case["expected"].as_object().unwrap() {
            let w = want.as_str().unwrap();
            match Decimal::from_str(w) {
                Ok(d) => assert_eq!(
                    Decimal::from_str(got[k].as_str().unwrap()).unwrap(),
                    d,
                    "{name}: {k}"
                ),
                Err(_) => assert_eq!(got[k].as_str().unwrap(), w, "{name}: {k}"),
            }
        }
    }
}

#[test]
fn embedded_table5_weights_and_errors() {
    let p = pricer();
    // FY2026 Table 5 (final rule): DRG 039 weight 1.1755, GMLOS 1.2.
    let row = p.drg(2026, 39).unwrap();
    assert_eq!(row.weight, Some(Decimal::from_str("1.1755").unwrap()));
    assert_eq!(row.gmlos, Some(Decimal::from_str("1.2").unwrap()));
    let mut input = PricingInput {
        fiscal_year: 2023,
        drg: 39,
        weight: None,
        gmlos: None,
        post_acute: None,
        special_pay: None,
        length_of_stay: 3,
        discharge_status: "01".into(),
        covered_charges: Decimal::ZERO,
        provider: ProviderFactors {
            wage_index: Decimal::ONE,
            cola: Decimal::ONE,
            capital_cola: Decimal::ONE,
            gaf: None,
            operating_ime: Decimal::ZERO,
            operating_dsh: Decimal::ZERO,
            capital_ime: Decimal::ZERO,
            capital_dsh: Decimal::ZERO,
            uncompensated_care_per_claim: Decimal::ZERO,
            operating_ccr: Decimal::ZERO,
            capital_ccr: Decimal::ZERO,
        },
    };
    assert_eq!(
        p.price(&input).unwrap_err().code(),
        "BILLING_UNKNOWN_FISCAL_YEAR"
    );
    input.fiscal_year = 2025;
    // No FY2025 Table 5 is embedded: the weight must be given.
    assert_eq!(p.price(&input).unwrap_err().code(), "BILLING_UNKNOWN_DRG");
    input.weight = Some(Decimal::ONE);
    input.provider.wage_index = Decimal::from(-1);
    assert_eq!(p.price(&input).unwrap_err().code(), "BILLING_INVALID_VALUE");
}

fn input(
    drg: u16,
    los: u32,
    status: &str,
    charges: u64,
    wi: u32,
    gmlos_tenths: u32,
) -> PricingInput {
    PricingInput {
        fiscal_year: 2025,
        drg,
        weight: Some(Decimal::new(11382, 4)),
        gmlos: Some(Decimal::new(gmlos_tenths as i64, 1)),
        post_acute: Some(true),
        special_pay: Some(matches!(drg, 40 | 928)),
        length_of_stay: los,
        discharge_status: status.into(),
        covered_charges: Decimal::from(charges),
        provider: ProviderFactors {
            wage_index: Decimal::new(wi as i64, 4),
            cola: Decimal::ONE,
            capital_cola: Decimal::ONE,
            gaf: None,
            operating_ime: Decimal::new(5, 2),
            operating_dsh: Decimal::new(3, 2),
            capital_ime: Decimal::new(1, 2),
            capital_dsh: Decimal::new(1, 2),
            uncompensated_care_per_claim: Decimal::ZERO,
            operating_ccr: Decimal::new(25, 2),
            capital_ccr: Decimal::new(2, 2),
        },
    }
}

proptest! {
    #[test]
    fn transfer_never_pays_more_than_full(drg in prop::sample::select(vec![39u16, 40, 927, 928]),
        los in 0u32..40, status in prop::sample::select(vec!["02", "03", "06", "62", "66"]),
        charges in 0u64..2_000_000, wi in 5000u32..20000, g in 5u32..200) {
        let p = pricer();
        let transfer = p.price(&input(drg, los, status, charges, wi, g)).unwrap();
        let full = p.price(&input(drg, los, "01", charges, wi, g)).unwrap();
        prop_assert!(transfer.base_payment <= transfer.full_payment);
        // The transfer's DRG payment never exceeds the full DRG payment. (Its outlier threshold
        // is scaled down too, so with a large outlier the total may legitimately exceed the
        // non-transfer total, as under 42 CFR 412.80(b).)
        prop_assert!(transfer.base_payment <= full.base_payment);
        prop_assert_eq!(transfer.full_payment, full.full_payment);
    }

    #[test]
    fn no_outlier_under_threshold(drg in prop::sample::select(vec![39u16, 927]), los in 0u32..40,
        status in prop::sample::select(vec!["01", "02", "03"]), charges in 0u64..2_000_000,
        wi in 5000u32..20000, g in 5u32..200) {
        let r = pricer().price(&input(drg, los, status, charges, wi, g)).unwrap();
        if r.cost <= r.outlier_threshold {
            prop_assert_eq!(r.operating_outlier + r.capital_outlier, Decimal::ZERO);
        } else {
            prop_assert!(r.operating_outlier + r.capital_outlier > Decimal::ZERO);
        }
    }

    #[test]
    fn payment_monotone_in_charges(drg in prop::sample::select(vec![39u16, 927]), los in 0u32..40,
        status in prop::sample::select(vec!["01", "02", "03"]), a in 0u64..2_000_000,
        b in 0u64..2_000_000, wi in 5000u32..20000, g in 5u32..200) {
        let p = pricer();
        let (lo, hi) = (a.min(b), a.max(b));
        let x = p.price(&input(drg, los, status, lo, wi, g)).unwrap();
        let y = p.price(&input(drg, los, status, hi, wi, g)).unwrap();
        prop_assert!(x.total_payment <= y.total_payment);
    }
}
