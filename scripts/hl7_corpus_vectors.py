#!/usr/bin/env python3
"""Writes testdata/vectors/hl7_corpus.json: for every HL7 file of the corpus, the messages it holds
and, per message, the segment ids in order, counted independently of medcore (a plain line split:
CR, LF or CRLF; blank lines dropped; a line that does not start with a segment id continues the
previous segment's value)."""
import json, pathlib, re

root = pathlib.Path(__file__).resolve().parent.parent
corpus = root / "testdata" / "hl7"
SEG = re.compile(rb"^[A-Z0-9]{3}(\||$)")
ENVELOPE = {b"FHS", b"BHS", b"BTS", b"FTS"}

def messages(data: bytes):
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = [l.strip(b"\x0b\x1c") for l in re.split(rb"\r\n|\r|\n", data)]
    msgs, cur = [], None
    for l in lines:
        if not l.strip():
            continue
        if not SEG.match(l):
            continue  # continuation of a value
        sid = l[:3]
        if sid == b"MSH":
            cur = []
            msgs.append(cur)
        elif sid in ENVELOPE:
            cur = None
            continue
        if cur is not None:
            cur.append(sid.decode())
    return msgs

out = []
for path in sorted(corpus.rglob("*")):
    if path.suffix not in (".hl7", ".txt") or not path.is_file():
        continue
    if "expected_fhir" in path.parts or path.name.startswith("PROVENANCE"):
        continue
    rel = path.relative_to(root).as_posix()
    out.append({
        "file": rel,
        "malformed": path.name.startswith("sample_bad"),
        "messages": [{"segments": m} for m in messages(path.read_bytes())],
    })
(root / "testdata" / "vectors" / "hl7_corpus.json").write_text(json.dumps(out, indent=1) + "\n")
print(len(out), "files,", sum(len(f["messages"]) for f in out), "messages")
