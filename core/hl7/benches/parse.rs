//! Parsing throughput against the Rust peers `hl7-2` and `hl7-parser`, in one run.
//!
//! Inputs: the 139 Microsoft FHIR-Converter samples (testdata/hl7/microsoft-FHIR-Converter/hl7v2),
//! and an ORU^R01 carrying a 2 MiB base64 PDF in OBX-5 (the large-payload case).
//! Every parser builds its full tree of fields down to subcomponents; medcore's borrows the input.
//!
//! Run: `cargo bench -p medcore-hl7 --bench parse`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::path::PathBuf;

fn samples() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/hl7/microsoft-FHIR-Converter/hl7v2");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            String::from_utf8(std::fs::read(p).unwrap())
                .unwrap()
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .collect()
}

fn large_payload() -> String {
    let mut s = String::from("MSH|^~\\&|LAB|HOSP|EHR|HOSP|20240105123000||ORU^R01^ORU_R01|1|P|2.5.1\rPID|1||123^^^HOSP^MR||Doe^Jane\rOBR|1||R1|11502-2^Lab report^LN\rOBX|1|ED|11502-2^Lab report^LN||^application^pdf^Base64^");
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut x: u32 = 12345;
    for _ in 0..(2 << 20) {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        s.push(alphabet[(x >> 16) as usize % 64] as char);
    }
    s.push_str("||||||F\r");
    s
}

/// A parser under test: parses one message, returns its segment count.
type ParseFn = fn(&str) -> usize;

/// medcore: the full tree, borrowed from the input.
fn medcore_parse(text: &str) -> usize {
    let m = medcore_hl7::parse(text.as_bytes()).unwrap();
    m.segment_count()
}

fn hl7_2_parse(text: &str) -> usize {
    hl7_2::parse(text).unwrap().segments().count()
}

fn hl7_parser_parse(text: &str) -> usize {
    hl7_parser::parse_message_with_lenient_newlines(text)
        .unwrap()
        .segments()
        .count()
}

fn bench(c: &mut Criterion) {
    let corpus = samples();
    let bytes: usize = corpus.iter().map(String::len).sum();
    let large = vec![large_payload()];
    for (name, inputs, total) in [
        ("microsoft_samples", &corpus, bytes),
        ("large_payload_2MiB", &large, large[0].len()),
    ] {
        let mut g = c.benchmark_group(format!("parse/{name}"));
        g.throughput(Throughput::Bytes(total as u64));
        let parsers: [(&str, ParseFn); 3] = [
            ("medcore", medcore_parse),
            ("hl7-2", hl7_2_parse),
            ("hl7-parser", hl7_parser_parse),
        ];
        for (peer, f) in parsers {
            g.bench_function(BenchmarkId::from_parameter(peer), |b| {
                b.iter(|| inputs.iter().map(|t| f(black_box(t))).sum::<usize>())
            });
        }
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
