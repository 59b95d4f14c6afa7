//! `medcore billing ...` end to end: JSON, JSON lines and CSV input, exit codes.
use std::io::Write;
use std::process::{Command, Stdio};

fn run(args: &[&str], stdin: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_medcore"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that fails early (a missing key, say) exits without reading its input.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn price_acceptance_case() {
    let (code, out) = run(
        &["billing", "price", "-"],
        r#"{"fiscal_year": 2025, "drg": 39, "weight": "1.1382", "provider": {"wage_index": "1.7807"}}"#,
    );
    assert_eq!(code, 0);
    assert!(out.contains(r#""operating_federal": "11519.08""#), "{out}");
}

#[test]
fn group_json_lines_and_csv() {
    let (code, out) = run(
        &["billing", "group", "-"],
        "{\"id\":\"a\",\"age\":70,\"sex\":\"F\",\"pdx\":\"I50.21\",\"sdx\":[\"N17.9\"]}\n{\"id\":\"b\",\"age\":70,\"sex\":\"M\",\"pdx\":\"I214\",\"procedures\":[\"02703DZ\"]}\n",
    );
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].contains(r#""drg":292"#) && lines[1].contains(r#""drg":322"#),
        "{out}"
    );
    let (code, out) = run(
        &["billing", "group", "--csv", "-"],
        "id,age,sex,discharge_status,pdx,sdx,procedures\nx,65,F,1,J189,N179;E1165,\ny,40,M,1,NOPE,,\n",
    );
    assert_eq!(code, 1, "an ungroupable claim makes the exit status 1");
    assert!(
        out.contains(r#""drg":194"#) && out.contains(r#""return_code":"INVALID_PDX""#),
        "{out}"
    );
}

#[test]
fn invoice_error_is_reported_with_code() {
    let (code, out) = run(
        &["billing", "invoice", "-"],
        r#"[{"id": "I", "lines": [{"id": "1", "kind": "supply", "quantity": "-1", "unit_price": "2"}]}]"#,
    );
    assert_eq!(code, 1);
    assert!(out.contains("BILLING_INVALID_VALUE"), "{out}");
}
