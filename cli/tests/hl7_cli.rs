//! The `medcore hl7` command line as a contract: output shapes and exit codes.

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
fn parse_json_is_an_array_of_messages_with_segments() {
    let out = medcore()
        .args([
            "hl7",
            "parse",
            "--format",
            "json",
            &testdata("hl7/python-hl7/sample_file1.hl7"),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let msgs = v.as_array().unwrap();
    assert_eq!(msgs.len(), 3, "a file with two batches of 2 + 1 messages");
    let ids: Vec<&str> = msgs[0]["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["MSH", "EVN", "PID", "PD1", "NK1", "PV1"]);
    assert_eq!(msgs[0]["segments"][2]["fields"][2][0], "0000112234");
}

#[test]
fn get_prints_one_line_per_message_from_standard_input() {
    let mut child = medcore()
        .args(["hl7", "get", "-", "PID-5-2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"MSH|^~\\&|A||B||2024||ADT^A01|1|P|2.5\nPID|1||1||Doe^Jane\nMSH|^~\\&|A||B||2024||ADT^A01|2|P|2.5\r\nPID|1||2||Roe^Rick\r\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "Jane\nRick\n");
}

#[test]
fn malformed_input_exits_1_with_a_located_error_and_usage_errors_exit_2() {
    let out = medcore()
        .args([
            "hl7",
            "parse",
            "--format",
            "json",
            &testdata("hl7/python-hl7/sample_bad_batch.hl7"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let err = v
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m.get("error").is_some())
        .unwrap();
    assert_eq!(err["error"]["code"], "HL7_BATCH");
    assert!(err["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("line 2,"));

    let out = medcore()
        .args(["hl7", "get", "/nonexistent/file.hl7", "PID-3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = medcore()
        .args([
            "hl7",
            "get",
            &testdata("hl7/python-hl7/sample_hl7.hl7"),
            "PID-x",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("position 4"));
}

#[test]
fn demo_runs() {
    let out = medcore().arg("demo").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("PID-5-1  = EVERYMAN"));
}
