//! `medcore triage`: flags, JSON object, JSON array and JSON lines in; JSON out; exit codes.
use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], stdin: Option<&str>) -> (i32, serde_json::Value, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_medcore"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn medcore");
    if let Some(s) = stdin {
        // A command that fails early exits without reading its input.
        if let Err(e) = child.stdin.take().unwrap().write_all(s.as_bytes()) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), json, text)
}

#[test]
fn news2_from_flags() {
    let (code, v, _) = run(
        &[
            "triage", "news2", "--rr", "23", "--spo2", "94", "--oxygen", "true", "--sbp", "102",
            "--pulse", "112", "--acvpu", "C", "--temp", "38.4",
        ],
        None,
    );
    assert_eq!(code, 0);
    assert_eq!(v["total"], 12);
    assert_eq!(v["risk"], "high");
    assert_eq!(v["partial"], false);
}

#[test]
fn impossible_value_is_an_error_object_with_exit_1() {
    let (code, v, _) = run(&["triage", "news2", "--spo2", "101"], None);
    assert_eq!(code, 1);
    assert_eq!(v["error"]["code"], "TRIAGE_OUT_OF_RANGE");
    let (code, v, _) = run(&["triage", "news2", "--acvpu", "Z"], None);
    assert_eq!(
        (code, v["error"]["code"].as_str()),
        (1, Some("TRIAGE_UNKNOWN_CODE"))
    );
}

#[test]
fn batch_array_and_json_lines() {
    let (code, v, _) = run(
        &["triage", "qsofa", "--json", "-"],
        Some(r#"[{"respiration_rate":24,"systolic_bp":95},{"gcs":15}]"#),
    );
    assert_eq!(code, 0);
    assert_eq!(v[0]["total"], 2);
    assert_eq!(v[1]["partial"], true);
    let (code, _, text) = run(
        &["triage", "gcs", "--json", "-"],
        Some("{\"eye\":4,\"verbal\":5,\"motor\":6}\n{\"eye\":9}\n"),
    );
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["total"], 15);
    assert_eq!(lines[1]["error"]["code"], "TRIAGE_OUT_OF_RANGE");
}

#[test]
fn esi_start_salt_and_dispatch() {
    let (_, v, _) = run(
        &[
            "triage",
            "esi",
            "--age",
            "22",
            "--lsi",
            "false",
            "--unresponsive",
            "false",
            "--high-risk",
            "false",
            "--confused",
            "false",
            "--severe-pain",
            "false",
            "--resource",
            "labs",
            "--resource",
            "ct",
            "--hr",
            "120",
        ],
        None,
    );
    assert_eq!(v["level"], 3);
    assert_eq!(v["up_triage"]["to_level"], 2);
    let (_, v, _) = run(
        &["triage", "start", "--walking", "false", "--rr", "35"],
        None,
    );
    assert_eq!(v["category"], "immediate");
    let (_, v, _) = run(
        &["triage", "jumpstart", "--age", "30", "--walking", "true"],
        None,
    );
    assert_eq!(v["protocol"], "start");
    let (_, v, _) = run(
        &["triage", "salt", "--json", "-"],
        Some(r#"{"breathing":false}"#),
    );
    assert_eq!(v["category"], "dead");
    let (code, v, _) = run(&["triage", "dispatch", "--finding", "not_breathing"], None);
    assert_eq!(
        (code, v["level"].as_str(), v["routing"]["unit"].as_str()),
        (0, Some("echo"), Some("als"))
    );
    let (code, _, _) = run(
        &["triage", "news2", "--json", "/nonexistent/file.json"],
        None,
    );
    assert_eq!(code, 2);
}
