//! Fuzzes the FHIR JSON reader: arbitrary text must read or fail with an error, never panic;
//! whatever reads must write back to the same JSON value and validate without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;
use medcore::fhir::{model, parse_resource, validate, ReadMode};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for mode in [ReadMode::Lenient, ReadMode::Strict] {
        if let Ok(r) = parse_resource(text, mode) {
            let again = parse_resource(&model::to_json(&r), mode).expect("written JSON reads");
            assert_eq!(again, r);
            let _ = validate::validate_resource(&r);
        }
    }
});
