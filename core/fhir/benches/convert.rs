//! HL7 v2 ADT^A01 to FHIR Bundle JSON, on one core: parse, convert, serialize.
//!
//! Inputs: the FHIR-Converter's ADT-A01 samples (testdata/hl7/microsoft-FHIR-Converter, MIT;
//! ADT-A01-01 is a 26-segment message exercising most PID/PV1 fields) and a typical 8-segment
//! admission.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use medcore_fhir::convert::{v2_to_bundle_json, ConvertOptions};
use std::hint::black_box;

const TYPICAL: &str = "MSH|^~\\&|ADT1|GOOD HEALTH HOSPITAL|GHH LAB|GHH|20240302081500+0100||ADT^A01^ADT_A01|MSG00001|P|2.5.1\r\
EVN|A01|20240302081500+0100\r\
PID|1||PATID1234^^^GHH^MR~123456789^^^USSSA^SS||EVERYWOMAN^EVE^E||19620320|F|||153 FERNWOOD DR.^^STATESVILLE^OH^35292||(206)3345232|(206)752-121||||AC555444444\r\
NK1|1|NUCLEAR^NELDA^W|SPO^Spouse^HL70063||(206)3345232\r\
PV1|1|I|2000^2012^01||||004777^ATTEND^AARON^A|||SUR||||ADM|A0|||||||||||||||||||||||||20240302080000+0100\r\
OBX|1|NM|8867-4^Heart rate^LN||72|/min^per minute^UCUM|60-100|N|||F|||20240302081000+0100\r\
AL1|1|DA|70618^Penicillin^RXNORM|SV|hives\r\
DG1|1||I10^Essential (primary) hypertension^I10||20240302";

fn sample(name: &str) -> String {
    let path = format!(
        "{}/../../testdata/hl7/microsoft-FHIR-Converter/hl7v2/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    String::from_utf8_lossy(&std::fs::read(path).expect("sample")).into_owned()
}

fn bench(c: &mut Criterion) {
    let opts = ConvertOptions::default();
    let mut g = c.benchmark_group("adt_a01_to_bundle_json");
    g.throughput(Throughput::Elements(1));
    for (name, text) in [
        ("typical", TYPICAL.to_string()),
        ("ms_ADT-A01-01", sample("ADT-A01-01.hl7")),
        ("ms_ADT-A01-02", sample("ADT-A01-02.hl7")),
    ] {
        assert!(v2_to_bundle_json(&text, &opts).is_ok());
        g.bench_function(name, |b| {
            b.iter(|| v2_to_bundle_json(black_box(&text), &opts).map(|s| s.len()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
