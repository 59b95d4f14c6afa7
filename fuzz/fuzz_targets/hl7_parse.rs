//! Any bytes: parsing never panics; the lazy parse accepts and rejects the same inputs and reads
//! the same values; a parsed message can be walked, decoded, serialized, rebuilt and re-parsed
//! into the same segments.
#![no_main]
use libfuzzer_sys::fuzz_target;
use medcore::hl7;

fuzz_target!(|data: &[u8]| {
    let lazy = hl7::LazyMessage::parse(data);
    let msg = match (hl7::parse(data), lazy) {
        (Ok(msg), Ok(lazy)) => {
            assert_eq!(msg.warnings(), lazy.warnings());
            assert_eq!(msg.segment_count(), lazy.segment_count());
            (msg, lazy)
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.code(), b.code());
            return;
        }
        (a, b) => panic!("parse {:?}, lazy parse {:?}", a.err(), b.err()),
    };
    let (msg, lazy) = msg;
    for (i, seg) in msg.segments().enumerate() {
        for f in seg.fields() {
            for (ri, r) in f.repetitions().enumerate() {
                for (ci, c) in r.components().enumerate() {
                    for (si, s) in c.subcomponents().enumerate() {
                        let _ = s.decoded();
                        if i < 8 && si < 3 {
                            let path = format!(
                                "{}-{}({})-{}-{}",
                                seg.id(),
                                f.number(),
                                ri + 1,
                                ci + 1,
                                si + 1
                            );
                            let Ok(path) = path.parse::<hl7::Path>() else {
                                continue;
                            };
                            let Some(span) = lazy.segment_span(i) else {
                                continue;
                            };
                            let seg_text = &lazy.text()[span];
                            assert_eq!(
                                hl7::segment_value(seg_text, lazy.delimiters(), &path),
                                Some(s.decoded()),
                                "{path}"
                            );
                        }
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
