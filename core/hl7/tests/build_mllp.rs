//! Building messages, re-encoding, MLLP framing, and properties that must hold for any input.

use medcore_hl7::mllp::{frame, Deframer};
use medcore_hl7::{escape, parse, parse_str, Delimiters, MessageBuilder};
use proptest::prelude::*;
use std::path::PathBuf;

#[test]
fn builder_sets_values_at_every_level_and_escapes_them() {
    let mut b = MessageBuilder::new(Delimiters::default()).unwrap();
    b.set("MSH-3", "MEDCORE").unwrap();
    b.set("MSH-9-1", "ADT").unwrap();
    b.set("MSH-9-2", "A01").unwrap();
    b.set("MSH-12", "2.5.1").unwrap();
    b.set("PID-3(2)-1", "B-22").unwrap();
    b.set("PID-3-1", "A-1").unwrap();
    b.set("PID-5-1-1", "O'Brien & Sons").unwrap();
    b.set("PID-5-2", "Mary|Ann").unwrap();
    b.set("OBX-5", "line 1\nline 2").unwrap();
    b.set("OBX(2)-5", "second").unwrap();
    let text = b.encode();
    assert_eq!(
        text,
        "MSH|^~\\&|MEDCORE||||||ADT^A01|||2.5.1\rPID|||A-1~B-22||O'Brien \\T\\ Sons^Mary\\F\\Ann\rOBX|||||line 1\\.br\\line 2\rOBX|||||second\r"
    );
    let msg = parse_str(&text).unwrap();
    assert!(msg.warnings().is_empty(), "{:?}", msg.warnings());
    assert_eq!(
        msg.get("PID-5-1-1").unwrap().as_deref(),
        Some("O'Brien & Sons")
    );
    assert_eq!(msg.get("PID-5-2").unwrap().as_deref(), Some("Mary|Ann"));
    assert_eq!(msg.get("OBX-5").unwrap().as_deref(), Some("line 1\nline 2"));
    assert_eq!(msg.get("PID-3(2)-1").unwrap().as_deref(), Some("B-22"));
    assert_eq!(b.get("OBX(2)-5").unwrap().as_deref(), Some("second"));
}

#[test]
fn builder_refuses_what_it_cannot_write() {
    let mut b = MessageBuilder::new(Delimiters::default()).unwrap();
    assert_eq!(b.set("MSH-2", "x").unwrap_err().code(), "HL7_ENCODE");
    assert_eq!(b.set("OBX(3)-1", "x").unwrap_err().code(), "HL7_ENCODE");
    assert_eq!(
        b.set_encoded("PID-5-1", "a^b").unwrap_err().code(),
        "HL7_ENCODE"
    );
    assert_eq!(b.set("PID-0", "x").unwrap_err().code(), "HL7_PATH");
    assert_eq!(b.add_segment("pid").unwrap_err().code(), "HL7_ENCODE");
    let no_escape = Delimiters {
        escape: None,
        ..Delimiters::default()
    };
    assert!(MessageBuilder::new(no_escape).is_err());
}

#[test]
fn every_corpus_message_re_encodes_exactly() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/hl7/microsoft-FHIR-Converter/hl7v2");
    let mut n = 0;
    for entry in std::fs::read_dir(root).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        let msg = parse(&data).unwrap();
        let again = MessageBuilder::from_message(&msg).encode();
        // Same segments, CR terminated, no BOM: compare segment by segment.
        let original: Vec<&str> = msg.segments().map(|s| s.raw()).collect();
        let rebuilt: Vec<&str> = again.trim_end_matches('\r').split('\r').collect();
        assert_eq!(original, rebuilt);
        n += 1;
    }
    assert_eq!(n, 139);
}

#[test]
fn mllp_frames_and_deframes_in_any_chunking() {
    let a = b"MSH|^~\\&|A\rPID|1\r".to_vec();
    let b = b"MSH|^~\\&|B\r".to_vec();
    let mut stream = frame(&a).unwrap();
    stream.extend(b"\r\n");
    stream.extend(frame(&b).unwrap());
    for chunk in 1..stream.len() {
        let mut d = Deframer::default();
        let mut frames = Vec::new();
        for piece in stream.chunks(chunk) {
            d.push(piece);
            while let Some(f) = d.next_frame() {
                frames.push(f.unwrap().payload);
            }
        }
        frames.extend(d.finish().into_iter().map(|f| f.unwrap().payload));
        assert_eq!(frames, vec![a.clone(), b.clone()], "chunk size {chunk}");
    }
}

#[test]
fn mllp_reports_junk_unfinished_frames_and_oversize() {
    let mut d = Deframer::new(8);
    d.push(b"junk\x0bMSH|1\x1c\r\x0bTOO LONG FOR LIMIT\x1c\r\x0bunfinished");
    let mut out: Vec<_> = std::iter::from_fn(|| d.next_frame()).collect();
    out.extend(d.finish());
    let summary: Vec<String> = out
        .iter()
        .map(|r| match r {
            Ok(f) => format!("frame {:?}", String::from_utf8_lossy(&f.payload)),
            Err(e) => format!("{}: {e}", e.code()),
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            "HL7_MLLP: MLLP stream, byte 0: 4 bytes outside any frame; skipped".to_string(),
            "frame \"MSH|1\"".to_string(),
            "HL7_MLLP: MLLP stream, byte 12: frame longer than the 8-byte limit; dropped"
                .to_string(),
            "HL7_MLLP: MLLP stream, byte 33: the stream ended inside a frame (no 0x1C)".to_string(),
        ]
    );
    assert_eq!(frame(b"a\x0bb").unwrap_err().code(), "HL7_MLLP");
}

proptest! {
    #[test]
    fn decode_inverts_encode(s in "\\PC*") {
        let d = Delimiters { truncation: Some('#'), ..Delimiters::default() };
        let e = escape::encode(&s, &d).unwrap();
        prop_assert_eq!(escape::decode(&e, &d), s.as_str());
    }

    #[test]
    fn tokens_reencode_any_text_exactly(s in "[a-zA-Z0-9\\\\.XHNFSTREP+ -]{0,40}") {
        let d = Delimiters::default();
        prop_assert_eq!(escape::encode_tokens(&escape::tokens(&s, &d), &d), s);
    }

    #[test]
    fn parser_never_panics_and_locates_errors(body in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut input = b"MSH|^~\\&|".to_vec();
        input.extend(&body);
        match parse(&input) {
            Ok(m) => {
                for seg in m.segments() {
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
                let _ = m.to_json();
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        let _ = parse(&body);
    }

    #[test]
    fn builder_round_trips_any_value(v in "\\PC{0,30}", field in 3usize..20, comp in 1usize..4) {
        let mut b = MessageBuilder::new(Delimiters::default()).unwrap();
        let path = format!("ZZZ-{field}-{comp}");
        b.set(&path, &v).unwrap();
        let text = b.encode();
        let msg = parse_str(&text).unwrap();
        let got = msg.get(&path).unwrap().map(|c| c.into_owned()).unwrap_or_default();
        prop_assert_eq!(got, v);
    }
}
