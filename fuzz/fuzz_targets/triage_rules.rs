//! Untrusted rule tables and inputs: dispatch rule tables, ED discriminator tables, and
//! JSON inputs to the scores must give a value or an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use medcore::triage as t;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(rules) = t::dispatch::DispatchRules::from_json(text) {
        let findings: Vec<String> = rules.data().findings.keys().take(3).cloned().collect();
        let _ = rules.prioritise(&t::DispatchCall { findings, age_years: Some(40.0) });
    }
    if let Ok(engine) = t::edscale::EdTriage::from_json(text) {
        let _ = engine.triage(&t::edscale::EdTriageInput { presentation: "x".into(), findings: vec![] });
    }
    if let Ok(input) = serde_json::from_str::<t::News2Input>(text) {
        let _ = t::news2(&input);
    }
    if let Ok(input) = serde_json::from_str::<t::EsiInput>(text) {
        let _ = t::esi(&input);
    }
    if let Ok(bands) = serde_json::from_str::<t::MewsBands>(text) {
        if bands.validate().is_ok() {
            let _ = t::mews(&t::MewsInput { heart_rate: Some(80.0), ..Default::default() }, &bands);
        }
    }
});
