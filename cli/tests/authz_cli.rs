//! `medcore authz`: validate, check (single and batch, explain, consents), filter; exit codes and
//! error locations. Requests come from the shared vectors (`testdata/vectors/authz_default.json`).
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(args: &[&str], stdin: Option<&str>) -> (i32, serde_json::Value, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_medcore"))
        .args(args)
        .current_dir(root())
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
    let stderr = String::from_utf8(out.stderr).unwrap();
    let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), json, text + &stderr)
}

fn cases() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(root().join("testdata/vectors/authz_default.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["cases"].as_array().unwrap().clone()
}

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("medcore-authz-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, contents).unwrap();
    p
}

#[test]
fn validate_accepts_the_shipped_policy_and_schema() {
    let (code, v, out) = run(
        &[
            "authz",
            "validate",
            "--schema",
            "core/authz/policies/default-schema.json",
            "core/authz/policies/default.policy",
        ],
        None,
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(v["valid"], true);
    assert!(v["rules"].as_u64().unwrap() > 10, "{out}");
    assert_eq!(v["hash"].as_str().unwrap().len(), 64, "{out}");
}

#[test]
fn validate_names_file_line_and_column_of_a_bad_policy() {
    let bad = temp_file(
        "bad.policy",
        "combining deny_overrides;\n@id(\"ok\")\npermit(role: Doctor, action: [read], resource: [Patient]);\npermit(role: Doctor, action: [read, resource: [Patient]);\n",
    );
    let (code, v, out) = run(&["authz", "validate", bad.to_str().unwrap()], None);
    assert_eq!(code, 1, "{out}");
    assert_eq!(v["valid"], false);
    let err = v["error"].as_str().unwrap();
    assert!(
        err.contains("bad.policy:4:"),
        "error names file and line: {err}"
    );
    assert!(err.contains("AUTHZ_"), "error carries its code: {err}");
}

#[test]
fn check_single_requests_match_the_vectors_and_set_the_exit_code() {
    for case in cases() {
        let req = serde_json::to_string(&case["request"]).unwrap();
        let (code, v, out) = run(&["authz", "check", "-"], Some(&req));
        let name = case["name"].as_str().unwrap();
        let effect = case["expect"]["effect"].as_str().unwrap();
        assert_eq!(v["decision"]["effect"], effect, "{name}: {out}");
        assert_eq!(
            v["decision"]["obligations"], case["expect"]["obligations"],
            "{name}: {out}"
        );
        assert_eq!(code, if effect == "allow" { 0 } else { 1 }, "{name}");
    }
}

#[test]
fn check_batch_gives_one_decision_per_request_in_order() {
    let cases = cases();
    let reqs: Vec<_> = cases.iter().map(|c| c["request"].clone()).collect();
    let (code, v, out) = run(
        &["authz", "check", "-"],
        Some(&serde_json::to_string(&reqs).unwrap()),
    );
    let out_list = v.as_array().unwrap_or_else(|| panic!("array out: {out}"));
    assert_eq!(out_list.len(), cases.len());
    for (c, d) in cases.iter().zip(out_list) {
        assert_eq!(
            d["decision"]["effect"], c["expect"]["effect"],
            "{}",
            c["name"]
        );
        let mut det: Vec<String> = d["decision"]["determining"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect();
        det.sort();
        assert_eq!(
            serde_json::json!(det),
            c["expect"]["determining"],
            "{}",
            c["name"]
        );
    }
    // The vectors hold denials, so the batch as a whole is not allowed.
    assert!(cases.iter().any(|c| c["expect"]["effect"] == "deny"));
    assert_eq!(code, 1);
}

#[test]
fn explain_lists_the_rules_considered() {
    let case = &cases()[0];
    let req = serde_json::to_string(&case["request"]).unwrap();
    let (code, v, out) = run(&["authz", "check", "--explain", "-"], Some(&req));
    assert_eq!(code, 0, "{out}");
    assert!(!v["explanation"].is_null(), "{out}");
    assert!(out.contains("matrix-doctor-rw"), "{out}");
}

#[test]
fn malformed_request_is_an_error_naming_the_input() {
    let (code, _, out) = run(&["authz", "check", "-"], Some("{\"principal\": 3"));
    assert_ne!(code, 0);
    assert!(out.contains("-:") || out.contains("line"), "{out}");
}

#[test]
fn filter_prints_a_parameterized_sql_fragment() {
    let req = serde_json::json!({
        "principal": {"id": "dr-ada", "roles": ["Doctor"], "attributes": {"department": "cardiology"}},
        "action": "read",
        "resource_type": "Patient",
        "environment": {"time": 1772445600, "purpose_of_use": "TREAT"}
    });
    let (code, v, out) = run(
        &["authz", "filter", "--placeholder", "question", "-"],
        Some(&req.to_string()),
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(v["resource_type"], "Patient");
    let sql = v["sql"].as_str().unwrap();
    assert!(sql.contains('?'), "{sql}");
    assert!(
        !sql.contains("cardiology"),
        "values are parameters, not inlined: {sql}"
    );
    assert!(
        v["params"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "cardiology"),
        "{out}"
    );
}
