//! Parses every file given on the command line N times with one parser and prints the count:
//! a driver for profilers and instruction counts (callgrind), where wall-clock timing is noisy.
//!
//! `cargo run --release -p medcore-hl7 --example parse_corpus -- PARSER N FILE...` where PARSER is
//! `medcore`, `hl7-2` or `hl7-parser` (parse only), or `medcore+lenient`, `medcore+strict` or
//! `hl7-2+validate` (parse and validate; the count is then the number of issues).
use medcore_hl7::profile::Profile;
use medcore_hl7::validate::Validator;

fn main() {
    let mut args = std::env::args().skip(1);
    let parser = args.next().unwrap_or_else(|| "medcore".into());
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let files: Vec<String> = args
        .map(|p| {
            String::from_utf8_lossy(&std::fs::read(p).expect("readable file"))
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .collect();
    let lenient = Validator::new(Profile::lenient());
    let strict = Validator::new(Profile::strict());
    if parser.starts_with("medcore+") {
        // The definitions are decoded on first use: do it here, with the start-up, so that a
        // run with 0 rounds subtracts it.
        for v in medcore_hl7::defs::SUPPORTED_VERSIONS {
            let _ = medcore_hl7::defs::definitions(v);
        }
    }
    let mut segments = 0;
    for _ in 0..n {
        for f in &files {
            segments += match parser.as_str() {
                "medcore" => medcore_hl7::parse(f.as_bytes())
                    .map(|m| m.segment_count())
                    .unwrap_or(0),
                "hl7-2" => hl7_2::parse(f).map(|m| m.segments().count()).unwrap_or(0),
                "hl7-parser" => hl7_parser::parse_message_with_lenient_newlines(f)
                    .map(|m| m.segments().count())
                    .unwrap_or(0),
                "medcore+lenient" => medcore_hl7::parse(f.as_bytes())
                    .map(|m| lenient.validate(&m).issues.len())
                    .unwrap_or(0),
                "medcore+strict" => medcore_hl7::parse(f.as_bytes())
                    .map(|m| strict.validate(&m).issues.len())
                    .unwrap_or(0),
                "hl7-2+validate" => hl7_2::parse(f).map(|m| m.validate().len()).unwrap_or(0),
                other => panic!("unknown parser {other}"),
            };
        }
    }
    println!("{parser}: {} parses, {segments} segments", n * files.len());
}
