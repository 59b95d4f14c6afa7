//! `medcore hl7 to-fhir` and `medcore fhir validate` as a contract: output shapes and exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn medcore() -> Command {
    Command::new(env!("CARGO_BIN_EXE_medcore"))
}

fn testdata(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn to_fhir_prints_one_valid_bundle_per_message() {
    let a01 = testdata("hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7");
    let oru = testdata("hl7/microsoft-FHIR-Converter/hl7v2/ORU-R01-01.hl7");
    let out = medcore()
        .args(["hl7", "to-fhir", "--transaction", &a01, &oru])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let bundles: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(bundles.len(), 2);
    assert_eq!(bundles[0]["resourceType"], "Bundle");
    assert_eq!(bundles[0]["type"], "transaction");
    // ADT-A01-01: PID-5 EVERYMAN^ADAM, PID-8 M.
    let patient = bundles[0]["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["resourceType"] == "Patient")
        .unwrap();
    assert_eq!(patient["resource"]["name"][0]["family"], "EVERYMAN");
    assert_eq!(patient["resource"]["gender"], "male");

    // The bundle validates through `medcore fhir validate` (standard input).
    let mut child = medcore()
        .args(["fhir", "validate", "--strict", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that fails early exits without reading its input.
    let line = text.lines().next().unwrap();
    if let Err(e) = child.stdin.take().unwrap().write_all(line.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let oo: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(oo["resourceType"], "OperationOutcome");
    assert_eq!(oo["issue"][0]["severity"], "information");
}

#[test]
fn validate_exits_1_on_an_invalid_resource_and_2_on_a_missing_file() {
    let dir = std::env::temp_dir().join(format!("medcore-fhir-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("obs.json");
    std::fs::write(&f, r#"{"resourceType":"Observation","status":"done"}"#).unwrap();
    let out = medcore()
        .args(["fhir", "validate", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let oo: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags: Vec<&str> = oo["issue"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["diagnostics"].as_str())
        .collect();
    assert!(
        diags.iter().any(|d| d.starts_with("FHIR_BINDING")),
        "{diags:?}"
    );
    assert!(
        diags.iter().any(|d| d.starts_with("FHIR_REQUIRED")),
        "{diags:?}"
    );
    let out = medcore()
        .args(["fhir", "validate", dir.join("nope.json").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}
