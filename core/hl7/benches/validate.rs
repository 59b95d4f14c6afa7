//! parse+validate throughput over the 139 Microsoft FHIR-Converter sample messages, medcore
//! (lenient and strict profiles) against hl7-2 (parse + its dictionary validation), same run.
//!
//! cargo bench -p medcore-hl7 --bench validate -- --warm-up-time 1 --measurement-time 3
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use medcore_hl7::profile::Profile;
use medcore_hl7::validate::Validator;
use std::path::Path;

fn samples() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/hl7/microsoft-FHIR-Converter/hl7v2");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("sample directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "hl7"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).expect("sample")).into_owned())
        .collect()
}

fn bench(c: &mut Criterion) {
    let msgs = samples();
    let bytes: usize = msgs.iter().map(String::len).sum();
    // Every sample must be checkable by both libraries for the comparison to be fair.
    for m in &msgs {
        medcore_hl7::parse_str(m).expect("medcore parses every sample");
        hl7_2::parse(m).expect("hl7-2 parses every sample");
    }
    let lenient = Validator::new(Profile::lenient());
    let strict = Validator::new(Profile::strict());
    let mut g = c.benchmark_group("parse+validate/microsoft-139");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("medcore lenient", |b| {
        b.iter(|| {
            let mut n = 0;
            for m in &msgs {
                if let Ok(msg) = medcore_hl7::parse_str(black_box(m)) {
                    n += lenient.validate(&msg).issues.len();
                }
            }
            n
        })
    });
    g.bench_function("medcore strict", |b| {
        b.iter(|| {
            let mut n = 0;
            for m in &msgs {
                if let Ok(msg) = medcore_hl7::parse_str(black_box(m)) {
                    n += strict.validate(&msg).issues.len();
                }
            }
            n
        })
    });
    g.bench_function("hl7-2", |b| {
        b.iter(|| {
            let mut n = 0;
            for m in &msgs {
                if let Ok(msg) = hl7_2::parse(black_box(m)) {
                    n += msg.validate().len();
                }
            }
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
