//! `medcore hl7 validate --format json` and `medcore hl7 ack` as a script sees them: planted
//! defects at their exact location with their HL7 table 0357 code, exit codes 0/1/2.
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MSH: &str =
    "MSH|^~\\&|SENDAPP|SENDFAC|RECVAPP|RECVFAC|20240101120000||ADT^A01^ADT_A01|MSG00001|P|2.5";
const EVN: &str = "EVN|A01|20240101120000";
const PID: &str =
    "PID|1||12345^^^HOSP^MR||Doe^Jane^^^^^L||19800101|F|||1 Main St^^Springfield^IL^62701^USA";
const PV1: &str = "PV1|1|I|WARD^101^1";

fn write(name: &str, segs: &[&str]) -> (PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("medcore-cli-hl7val-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let mut text = segs.join("\r");
    text.push('\r');
    std::fs::write(&path, &text).unwrap();
    (path, text)
}

fn medcore(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_medcore"))
        .args(args)
        .output()
        .unwrap()
}

fn validate_json(profile: &str, path: &Path) -> (i32, Vec<Value>) {
    let out = medcore(&[
        "hl7",
        "validate",
        "--profile",
        profile,
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    (out.status.code().unwrap(), v.as_array().unwrap().clone())
}

/// The one issue of the only message, with every key of the contract present.
fn single_issue(msgs: &[Value]) -> Value {
    assert_eq!(msgs.len(), 1);
    let issues = msgs[0]["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{issues:#?}");
    let i = issues[0].clone();
    for key in [
        "severity",
        "code",
        "segment",
        "segment_index",
        "field",
        "repetition",
        "component",
        "subcomponent",
        "line",
        "offset",
        "message",
    ] {
        assert!(i.get(key).is_some(), "missing key {key} in {i}");
    }
    i
}

#[test]
fn planted_defects_in_json() {
    // Missing MSH-9: an error even under the default lenient profile.
    let msh = MSH.replace("ADT^A01^ADT_A01", "");
    let (p, text) = write("no_msh9.hl7", &[&msh, EVN, PID, PV1]);
    let (code, msgs) = validate_json("lenient", &p);
    assert_eq!(code, 1);
    let i = single_issue(&msgs);
    assert_eq!(
        (i["code"].as_u64(), i["severity"].as_str()),
        (Some(101), Some("error"))
    );
    assert_eq!(
        (
            i["segment"].as_str(),
            i["segment_index"].as_u64(),
            i["field"].as_u64()
        ),
        (Some("MSH"), Some(1), Some(9))
    );
    assert_eq!(
        i["offset"].as_u64(),
        Some(text.find("||MSG00001").unwrap() as u64 + 1)
    );

    // Bad date in PID-7.
    let pid = PID.replace("19800101", "19801340");
    let (p, text) = write("bad_dob.hl7", &[MSH, EVN, &pid, PV1]);
    let (code, msgs) = validate_json("strict", &p);
    assert_eq!(code, 1);
    let i = single_issue(&msgs);
    assert_eq!(i["code"].as_u64(), Some(102));
    assert_eq!(
        (
            i["segment"].as_str(),
            i["segment_index"].as_u64(),
            i["field"].as_u64(),
            i["repetition"].as_u64(),
            i["component"].as_u64()
        ),
        (Some("PID"), Some(3), Some(7), Some(1), Some(1))
    );
    assert_eq!(
        (i["line"].as_u64(), i["offset"].as_u64()),
        (Some(3), Some(text.find("19801340").unwrap() as u64))
    );
    assert!(i["subcomponent"].is_null());
    // Lenient: the same issue, as a warning, and exit 0.
    let (code, msgs) = validate_json("lenient", &p);
    assert_eq!(code, 0);
    assert_eq!(single_issue(&msgs)["severity"].as_str(), Some("warning"));

    // Value outside its table (PID-8, table 0001).
    let pid = PID.replace("|F|", "|X|");
    let (p, text) = write("bad_sex.hl7", &[MSH, EVN, &pid, PV1]);
    let (code, msgs) = validate_json("strict", &p);
    assert_eq!(code, 1);
    let i = single_issue(&msgs);
    assert_eq!(
        (
            i["code"].as_u64(),
            i["segment"].as_str(),
            i["field"].as_u64()
        ),
        (Some(103), Some("PID"), Some(8))
    );
    assert_eq!(
        i["offset"].as_u64(),
        Some(text.find("|X|").unwrap() as u64 + 1)
    );

    // Missing required segment (EVN, expected where PID is).
    let (p, _) = write("no_evn.hl7", &[MSH, PID, PV1]);
    let (code, msgs) = validate_json("strict", &p);
    assert_eq!(code, 1);
    let i = single_issue(&msgs);
    assert_eq!(
        (
            i["code"].as_u64(),
            i["segment"].as_str(),
            i["segment_index"].as_u64(),
            i["line"].as_u64()
        ),
        (Some(100), Some("EVN"), Some(2), Some(2))
    );
    assert!(i["field"].is_null());

    // Segments out of order.
    let (p, text) = write("order.hl7", &[MSH, EVN, PV1, PID]);
    let (code, msgs) = validate_json("strict", &p);
    assert_eq!(code, 1);
    let i = single_issue(&msgs);
    assert_eq!(
        (
            i["code"].as_u64(),
            i["segment"].as_str(),
            i["segment_index"].as_u64()
        ),
        (Some(100), Some("PID"), Some(4))
    );
    assert_eq!(
        i["offset"].as_u64(),
        Some(text.find("PID|").unwrap() as u64)
    );

    // Too many repetitions (PID-8 may occur once).
    let pid = PID.replace("|F|", "|F~M|");
    let (p, text) = write("reps.hl7", &[MSH, EVN, &pid, PV1]);
    let (code, msgs) = validate_json("strict", &p);
    assert_eq!(code, 1);
    let i = single_issue(&msgs);
    assert_eq!(
        (
            i["code"].as_u64(),
            i["field"].as_u64(),
            i["repetition"].as_u64()
        ),
        (Some(102), Some(8), Some(2))
    );
    assert_eq!(
        i["offset"].as_u64(),
        Some(text.find("~M").unwrap() as u64 + 1)
    );
}

#[test]
fn exit_codes_and_text() {
    let (p, _) = write("clean.hl7", &[MSH, EVN, PID, PV1]);
    let out = medcore(&[
        "hl7",
        "validate",
        "--profile",
        "strict",
        p.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 error(s)"));
    let out = medcore(&["hl7", "validate", "/nonexistent/file.hl7"]);
    assert_eq!(out.status.code(), Some(2));
    let out = medcore(&[
        "hl7",
        "validate",
        "--profile",
        "/nonexistent/profile.json",
        p.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let (bad, _) = write(
        "bad_profile.json",
        &["{\"severity\": {\"nope\": \"error\"}}"],
    );
    let out = medcore(&[
        "hl7",
        "validate",
        "--profile",
        bad.to_str().unwrap(),
        p.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("HL7_PROFILE_INVALID"));
    let out = medcore(&["hl7", "validate", "--format", "yaml", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn ack_for_a_message_with_errors() {
    let msh = MSH.replace("ADT^A01^ADT_A01", "");
    let (p, _) = write("ack_no_msh9.hl7", &[&msh, EVN, PID, PV1]);
    let out = medcore(&[
        "hl7",
        "ack",
        "--control-id",
        "ACK1",
        "--timestamp",
        "20240102030405",
        p.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "MSH|^~\\&|RECVAPP|RECVFAC|SENDAPP|SENDFAC|20240102030405||ACK|ACK1|P|2.5"
    );
    assert_eq!(lines[1], "MSA|AE|MSG00001");
    assert_eq!(lines[2], "ERR||MSH^1^9^1|101^Required field missing^HL70357|E||||MSH-9 (message type) is required but empty");
    assert_eq!(lines.len(), 3);
}
