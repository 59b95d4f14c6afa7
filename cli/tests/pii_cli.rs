//! `medcore pii ...` end to end: keys from the environment, line and CSV modes, exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn medcore(args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_medcore"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    // A command that fails early (a missing key, say) exits without reading its input.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn encrypt_decrypt_rewrap_lines_and_csv() {
    let k1 = out(&medcore(&["pii", "keygen", "--id", "1"], &[], ""))
        .trim()
        .to_string();
    let k2 = out(&medcore(&["pii", "keygen", "--id", "2"], &[], ""))
        .trim()
        .to_string();
    assert!(k1.starts_with("1:") && k1.len() == 45, "{k1}");
    let env1 = [("MEDCORE_PII_KEYS", k1.as_str())];
    let ctx = [
        "--tenant",
        "t",
        "--table",
        "patients",
        "--column",
        "ssn",
        "--record-id",
        "7",
    ];
    let enc = medcore(
        &[&["pii", "encrypt"][..], &ctx].concat(),
        &env1,
        "123-45-6789\n078-05-1120\n",
    );
    assert!(enc.status.success());
    let envs = out(&enc);
    assert_eq!(envs.lines().count(), 2);
    assert!(envs.lines().all(|l| l.starts_with("mc1:")));
    let dec = medcore(&[&["pii", "decrypt"][..], &ctx].concat(), &env1, &envs);
    assert_eq!(out(&dec), "123-45-6789\n078-05-1120\n");
    // Another record id: authentication fails, exit status 1, the error code on stderr.
    let other = [
        "--tenant",
        "t",
        "--table",
        "patients",
        "--column",
        "ssn",
        "--record-id",
        "8",
    ];
    let bad = medcore(&[&["pii", "decrypt"][..], &other].concat(), &env1, &envs);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("PII_AUTH_FAILED"));
    // Rotate: key 2 primary, key 1 decrypt-only; rewrap moves data to key 2.
    let both = format!("{k1},{k2}");
    let env2 = [("MEDCORE_PII_KEYS", both.as_str())];
    let rw = out(&medcore(
        &[&["pii", "rewrap"][..], &ctx].concat(),
        &env2,
        &envs,
    ));
    assert!(rw.lines().all(|l| l.starts_with("mc1:AQEAAAAC")), "{rw}");
    let k2_only = k2.replacen("2:", "1:destroyed,2:", 1);
    let env3 = [("MEDCORE_PII_KEYS", k2_only.as_str())];
    assert_eq!(
        out(&medcore(
            &[&["pii", "decrypt"][..], &ctx].concat(),
            &env3,
            &rw
        )),
        "123-45-6789\n078-05-1120\n"
    );
    let gone = medcore(&[&["pii", "decrypt"][..], &ctx].concat(), &env3, &envs);
    assert!(String::from_utf8_lossy(&gone.stderr).contains("PII_KEY_DESTROYED"));

    // CSV mode with record ids from a column.
    let csv = "id,name,ssn\n1,Jane,123-45-6789\n2,Bob,078-05-1120\n";
    let e = out(&medcore(
        &[
            "pii",
            "encrypt",
            "--table",
            "patients",
            "--csv-column",
            "ssn",
            "--id-column",
            "id",
        ],
        &env1,
        csv,
    ));
    assert!(e.starts_with("id,name,ssn\n1,Jane,mc1:"));
    let d = out(&medcore(
        &[
            "pii",
            "decrypt",
            "--table",
            "patients",
            "--csv-column",
            "ssn",
            "--id-column",
            "id",
        ],
        &env1,
        &e,
    ));
    assert_eq!(d, csv);
}

#[test]
fn tokenize_mask_deidentify() {
    let k = out(&medcore(&["pii", "keygen"], &[], ""))
        .trim()
        .to_string();
    let env = [("MEDCORE_PII_TOKEN_KEYS", k.as_str())];
    let t = out(&medcore(
        &["pii", "tokenize", "--type", "ssn", "--tenant", "t"],
        &env,
        "123-45-6789\n123 45 6789\n",
    ));
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0], lines[1]);
    assert!(lines[0].starts_with("mct1:ssn:1:"));
    let bad = medcore(&["pii", "tokenize", "--type", "ssn"], &env, "12\n");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("PII_NORMALIZE"));
    let m = out(&medcore(
        &["pii", "mask", "--type", "email"],
        &[],
        "jane.doe@example.com\n",
    ));
    assert_eq!(m, "j***@example.com\n");
    let msg = "MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5\rPID|1||MRN1^^^H^MR||DOE^JANE||19870304|F|||1 ELM ST^^SPRINGFIELD^IL^62704\rPV1|1|I\r";
    let d = medcore(&["pii", "deidentify", "--as-of", "2026-01-15"], &[], msg);
    assert!(d.status.success());
    assert_eq!(
        out(&d),
        "MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5\rPID|1||||||1987|F|||^^^IL^627\rPV1|1|I\r"
    );
    let no_keys = medcore(
        &["pii", "tokenize", "--type", "ssn"],
        &[("MEDCORE_PII_TOKEN_KEYS", "")],
        "1\n",
    );
    assert_eq!(no_keys.status.code(), Some(2));
}
