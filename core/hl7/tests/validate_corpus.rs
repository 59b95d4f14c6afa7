//! Every message of the public corpus under testdata/hl7 (Microsoft FHIR-Converter samples,
//! python-hl7 samples, hl7-parser samples, V2-to-FHIR IG samples) validates without an error
//! under the built-in lenient profile. The deliberately malformed python-hl7 `sample_bad_*`
//! files are left out: they are parser test cases.
use medcore_hl7::batch::{self, UnitKind};
use medcore_hl7::profile::Profile;
use medcore_hl7::validate::{Severity, Validator};
use std::path::{Path, PathBuf};

fn walk(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for e in entries {
            walk(&e, out);
        }
    } else if p.extension().is_some_and(|e| e == "hl7" || e == "txt") {
        out.push(p.to_path_buf());
    }
}

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/hl7");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files
        .into_iter()
        .filter(|f| {
            let s = f.to_string_lossy();
            !s.contains("sample_bad")
                && !s.contains("PROVENANCE")
                && !s.contains("expected_fhir")
                && !s.contains("mappings")
        })
        .collect()
}

#[test]
fn corpus_has_no_errors_under_lenient() {
    let v = Validator::new(Profile::lenient());
    let mut messages = 0;
    let mut problems = Vec::new();
    for f in corpus() {
        let data = std::fs::read(&f).unwrap();
        for unit in batch::split(&data) {
            let unit = unit.unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            if unit.kind != UnitKind::Message {
                continue;
            }
            let msg =
                medcore_hl7::parse(unit.bytes).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            messages += 1;
            let report = v.validate(&msg);
            assert!(report.definitions.is_some());
            for i in report
                .issues
                .iter()
                .filter(|i| i.severity == Severity::Error)
            {
                problems.push(format!("{}: {i}", f.display()));
            }
        }
    }
    assert!(messages >= 160, "only {messages} messages read");
    assert!(
        problems.is_empty(),
        "{} errors:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
