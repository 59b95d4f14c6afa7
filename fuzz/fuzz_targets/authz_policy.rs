//! Fuzzes the authorization policy parser and loader: arbitrary text must parse or fail with
//! an error, never panic; whatever parses must print back to text that parses the same.
#![no_main]
use libfuzzer_sys::fuzz_target;
use medcore::authz::{default_schema, parse_policies, PolicySet};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(doc) = parse_policies("<fuzz>", text) {
        let printed = doc.to_string();
        let again = parse_policies("<printed>", &printed).expect("printed policies parse");
        assert_eq!(
            serde_json::to_value(&again).expect("json"),
            serde_json::to_value(&doc).expect("json")
        );
    }
    let _ = PolicySet::from_text(default_schema(), "<fuzz>", text);
});
