"""The shared conformance vectors (testdata/vectors/hl7_*.json), run exactly as the Rust tests
run them: same inputs, same expected segments, values, warnings and error codes."""

from __future__ import annotations

import pytest

from conftest import ROOT, load_vectors
from medcore import MedcoreError, hl7

PARSE = load_vectors("hl7_parse.json")["cases"]
CHARSET = load_vectors("hl7_charset.json")["cases"]
ESCAPE = load_vectors("hl7_escape.json")["cases"]
CORPUS = load_vectors("hl7_corpus.json")


def test_vector_files_are_not_empty() -> None:
    assert len(PARSE) >= 15 and len(CHARSET) >= 3 and len(ESCAPE) >= 15 and len(CORPUS) >= 169


@pytest.mark.parametrize("case", PARSE, ids=[c["name"] for c in PARSE])
def test_parse_vector(case: dict) -> None:
    if case["error"] is not None:
        with pytest.raises(MedcoreError) as info:
            hl7.parse(case["message"].encode("utf-8"))
        assert info.value.code == case["error"]
        return
    for data in (case["message"], case["message"].encode("utf-8")):
        msg = hl7.parse(data)
        assert [s.id for s in msg.segments] == case["segments"]
        for path, expected in case["get"].items():
            assert msg.get(path) == expected, path
        assert [w.code for w in msg.warnings] == case["warning_codes"]


@pytest.mark.parametrize("case", CHARSET, ids=[c["name"] for c in CHARSET])
def test_charset_vector(case: dict) -> None:
    msg = hl7.parse(bytes.fromhex(case["hex"]))
    assert msg.charset == case["charset"]
    for path, expected in case["get"].items():
        assert msg[path] == expected, path
    assert [w.code for w in msg.warnings] == case.get("warning_codes", [])


@pytest.mark.parametrize("case", ESCAPE, ids=[c["raw"] for c in ESCAPE])
def test_escape_vector(case: dict) -> None:
    d = hl7.Delimiters(truncation=case.get("truncation"))
    decoded, unknown = hl7.unescape_checked(case["raw"], d)
    assert decoded == case["decoded"]
    assert [u.sequence for u in unknown] == case.get("unknown", [])
    assert hl7.unescape(case["raw"], d) == case["decoded"]
    encoded = hl7.escape(case["decoded"], d)
    assert encoded == case["encoded"]
    assert hl7.unescape(encoded, d) == case["decoded"]


def test_corpus_vectors() -> None:
    checked = 0
    for entry in CORPUS:
        data = (ROOT / entry["file"]).read_bytes()
        batch = hl7.parse_batch(data)
        if entry["malformed"]:
            assert batch.errors, entry["file"]
            assert all(e.code == "HL7_BATCH" for e in batch.errors), entry["file"]
            assert all(str(e).startswith("line ") for e in batch.errors), entry["file"]
            continue
        assert batch.errors == [], entry["file"]
        got = [[s.id for s in m] for m in batch]
        assert got == [m["segments"] for m in entry["messages"]], entry["file"]
        checked += len(got)
    assert checked >= 160
