//! Every message of the public corpus (testdata/hl7) parses into the segments counted
//! independently by scripts/hl7_corpus_vectors.py; the deliberately malformed batch files give
//! clear errors with their location.

use medcore_hl7::batch::{self, UnitKind};
use serde_json::Value;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn vectors() -> Vec<Value> {
    let text = std::fs::read_to_string(root().join("testdata/vectors/hl7_corpus.json")).unwrap();
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn expected_ids(file: &Value) -> Vec<Vec<String>> {
    file["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            m["segments"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn corpus_messages_parse_with_the_right_segments() {
    let files = vectors();
    assert!(files.len() >= 169, "corpus vectors missing");
    let mut messages = 0;
    for file in files.iter().filter(|f| !f["malformed"].as_bool().unwrap()) {
        let name = file["file"].as_str().unwrap();
        let data = std::fs::read(root().join(name)).unwrap();
        let mut got = Vec::new();
        for unit in batch::split(&data) {
            let unit = unit.unwrap_or_else(|e| panic!("{name}: {e}"));
            if unit.kind != UnitKind::Message {
                continue;
            }
            let msg = medcore_hl7::parse(unit.bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            got.push(
                msg.segments()
                    .map(|s| s.id().to_string())
                    .collect::<Vec<_>>(),
            );
        }
        assert_eq!(got, expected_ids(file), "{name}");
        messages += got.len();
    }
    assert!(messages >= 160, "only {messages} messages checked");
}

#[test]
fn streaming_reader_agrees_with_in_memory_split() {
    for file in vectors() {
        let name = file["file"].as_str().unwrap();
        let data = std::fs::read(root().join(name)).unwrap();
        let a: Vec<_> = batch::split(&data)
            .map(|u| {
                u.map(|u| (u.kind, u.bytes.to_vec(), u.at))
                    .map_err(|e| e.to_string())
            })
            .collect();
        // Feed the reader in small pieces to exercise lines split across reads.
        struct Trickle<'a>(&'a [u8]);
        impl std::io::Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(buf.len()).min(7);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let b: Vec<_> = batch::Reader::new(Trickle(&data))
            .map(|u| {
                u.map(|u| (u.kind, trim_end(&u.bytes), u.at))
                    .map_err(|e| e.to_string())
            })
            .collect();
        let a: Vec<_> = a
            .into_iter()
            .map(|u| u.map(|(k, bytes, at)| (k, trim_end(&bytes), at)))
            .collect();
        assert_eq!(a, b, "{name}");
    }
}

fn trim_end(b: &[u8]) -> Vec<u8> {
    let end = b
        .iter()
        .rposition(|&c| c != b'\r' && c != b'\n')
        .map_or(0, |i| i + 1);
    b[..end].to_vec()
}

#[test]
fn malformed_batch_files_give_located_errors() {
    let cases = [
        ("sample_bad_batch.hl7", "segment EVN", 2),
        (
            "sample_bad_batch1.hl7",
            "BHS opens a batch while the batch opened at line 1 has no BTS",
            4,
        ),
        ("sample_bad_file.hl7", "segment EVN", 3),
        (
            "sample_bad_file1.hl7",
            "BHS opens a batch while the batch opened at line 2 has no BTS",
            5,
        ),
        (
            "sample_bad_file2.hl7",
            "FHS starts a second file inside the file opened at line 1",
            5,
        ),
        ("sample_bad_file3.hl7", "segment EVN", 2),
    ];
    for (file, text, line) in cases {
        let data = std::fs::read(root().join("testdata/hl7/python-hl7").join(file)).unwrap();
        let errors: Vec<_> = batch::split(&data).filter_map(Result::err).collect();
        let found = errors.iter().find(|e| e.to_string().contains(text));
        let e =
            found.unwrap_or_else(|| panic!("{file}: no error containing {text:?} in {errors:?}"));
        assert_eq!(e.code(), "HL7_BATCH");
        assert!(
            e.to_string().starts_with(&format!("line {line},")),
            "{file}: {e}"
        );
    }
}

#[test]
fn good_batch_files_have_no_envelope_errors() {
    for name in [
        "sample_batch.hl7",
        "sample_batch1.hl7",
        "sample_file.hl7",
        "sample_file1.hl7",
    ] {
        let data = std::fs::read(root().join("testdata/hl7/python-hl7").join(name)).unwrap();
        let errors: Vec<_> = batch::split(&data).filter_map(Result::err).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}
