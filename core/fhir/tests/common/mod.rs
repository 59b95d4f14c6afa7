//! Shared test helpers: the Microsoft FHIR-Converter samples under `testdata/`.
#![allow(dead_code)]

use std::path::PathBuf;

/// `testdata/hl7/microsoft-FHIR-Converter` (MIT; see its PROVENANCE.txt).
pub fn ms_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/hl7/microsoft-FHIR-Converter")
}

/// Every expected bundle: (sample name, JSON text), sorted by name.
pub fn expected_bundles() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let root = ms_dir().join("expected_fhir");
    for dir in std::fs::read_dir(&root).expect("expected_fhir exists") {
        let dir = dir.expect("dir entry").path();
        for f in std::fs::read_dir(&dir).expect("message type dir") {
            let f = f.expect("file").path();
            let name = f
                .file_name()
                .unwrap()
                .to_string_lossy()
                .replace("-expected.json", "");
            out.push((
                name,
                std::fs::read_to_string(&f).expect("read expected bundle"),
            ));
        }
    }
    out.sort();
    out
}

/// Every HL7 v2 sample: (sample name, message text), sorted by name.
pub fn samples() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for f in std::fs::read_dir(ms_dir().join("hl7v2")).expect("hl7v2 exists") {
        let f = f.expect("file").path();
        let name = f.file_stem().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&f).expect("read sample");
        out.push((name, String::from_utf8_lossy(&bytes).into_owned()));
    }
    out.sort();
    out
}
