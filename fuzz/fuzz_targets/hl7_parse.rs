//! Any bytes: parsing never panics; a parsed message can be walked, decoded, serialized, rebuilt
//! and re-parsed into the same segments.
#![no_main]
use libfuzzer_sys::fuzz_target;
use medcore::hl7;

fuzz_target!(|data: &[u8]| {
    let Ok(msg) = hl7::parse(data) else { return };
    for seg in msg.segments() {
        for f in seg.fields() {
            for r in f.repetitions() {
                for c in r.components() {
                    for s in c.subcomponents() {
                        let _ = s.decoded();
                    }
                }
            }
        }
    }
    let _ = msg.to_json();
    let _ = msg.get("PID-3(2)-1");
    let rebuilt = hl7::MessageBuilder::from_message(&msg).encode();
    if let Ok(again) = hl7::parse_str(&rebuilt) {
        assert_eq!(again.segment_count(), msg.segment_count());
    }
});
