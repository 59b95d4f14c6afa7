//! Escape decoding never panics, tokens re-encode exactly, and decode inverts encode.
#![no_main]
use libfuzzer_sys::fuzz_target;
use medcore::hl7::{escape, Delimiters};

fuzz_target!(|text: &str| {
    let d = Delimiters { truncation: Some('#'), ..Delimiters::default() };
    let _ = escape::decode_checked(text, &d);
    assert_eq!(escape::encode_tokens(&escape::tokens(text, &d), &d), text);
    let encoded = escape::encode(text, &d).expect("standard delimiters can escape anything");
    assert_eq!(escape::decode(&encoded, &d), text);
});
