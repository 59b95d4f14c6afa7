//! Fuzzes the billing inputs that arrive from outside: claims to group (JSON), invoices,
//! pricing inputs and adjudication claims. None may panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use medcore::billing::{Accumulators, BenefitClaim, Claim, Grouper, Invoice, Plan, Pricer, PricingInput};
use std::sync::OnceLock;

static GROUPER: OnceLock<Grouper> = OnceLock::new();
static PRICER: OnceLock<Pricer> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let grouper = GROUPER.get_or_init(|| Grouper::embedded().expect("bundled tables"));
    let pricer = PRICER.get_or_init(|| Pricer::embedded().expect("bundled parameters"));
    if let Ok(claim) = serde_json::from_slice::<Claim>(data) {
        let _ = grouper.group(&claim);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = grouper.group(&Claim { pdx: text.to_string(), sdx: vec![text.to_string()], procedures: vec![text.to_string()], ..Claim::default() });
    }
    if let Ok(inv) = serde_json::from_slice::<Invoice>(data) {
        let _ = inv.totals();
    }
    if let Ok(input) = serde_json::from_slice::<PricingInput>(data) {
        let _ = pricer.price(&input);
    }
    if let Ok((plan, claim)) = serde_json::from_slice::<(Plan, BenefitClaim)>(data) {
        let _ = plan.adjudicate(&claim, &mut Accumulators::default());
    }
});
