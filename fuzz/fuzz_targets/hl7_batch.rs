//! Batch splitting of any bytes never panics, and the streaming reader agrees with the in-memory
//! splitter on the message count.
#![no_main]
use libfuzzer_sys::fuzz_target;
use medcore::hl7::batch;

fuzz_target!(|data: &[u8]| {
    let a = batch::split(data).filter(|u| u.as_ref().is_ok_and(|u| u.kind == batch::UnitKind::Message)).count();
    let b = batch::Reader::new(data).filter(|u| u.as_ref().is_ok_and(|u| u.kind == batch::UnitKind::Message)).count();
    assert_eq!(a, b);
});
