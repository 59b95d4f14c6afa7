//! MLLP deframing of any byte stream, fed in pieces of any size, never panics, and never yields a
//! frame holding a framing byte or larger than the limit.
#![no_main]
use libfuzzer_sys::fuzz_target;
use medcore::hl7::mllp::{Deframer, END_BLOCK, START_BLOCK};

fuzz_target!(|data: &[u8]| {
    let Some((&split, stream)) = data.split_first() else { return };
    let mut d = Deframer::new(1024);
    let mut frames = Vec::new();
    for piece in stream.chunks(usize::from(split).max(1)) {
        d.push(piece);
        while let Some(f) = d.next_frame() {
            frames.push(f);
        }
    }
    frames.extend(d.finish());
    for f in frames.into_iter().flatten() {
        assert!(f.payload.len() <= 1024);
        assert!(!f.payload.contains(&START_BLOCK) && !f.payload.contains(&END_BLOCK));
    }
});
