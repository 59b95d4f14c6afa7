#!/usr/bin/env python3
"""Parsing throughput of the Python HL7 peers (python-hl7, hl7apy) on the 139 Microsoft samples,
one core, as MB/s: the Python side of the HL7 section of BENCHMARKS.md.

Run: scripts/bench-python-peers.sh (creates a venv with the peers and runs this file)."""
import pathlib, re, time

root = pathlib.Path(__file__).resolve().parents[2]
samples = sorted((root / "testdata/hl7/microsoft-FHIR-Converter/hl7v2").iterdir())
# Both peers want CR-separated text without a BOM; normalizing is not counted.
texts = [re.sub(r"\r\n|\n", "\r", p.read_text(encoding="utf-8-sig")).strip("\r") for p in samples]
total = sum(len(t.encode()) for t in texts)

def rate(name, parse, min_seconds=3.0):
    ok = 0
    for t in texts:
        try:
            parse(t)
            ok += 1
        except Exception:
            pass
    rounds, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_seconds:
        for t in texts:
            try:
                parse(t)
            except Exception:
                pass
        rounds += 1
    elapsed = time.perf_counter() - start
    print(f"{name:12} {total * rounds / elapsed / 1e6:8.3f} MB/s  ({ok}/{len(texts)} messages parse)")

import hl7
rate("python-hl7", hl7.parse)
try:
    from hl7apy.parser import parse_message
    from hl7apy.consts import VALIDATION_LEVEL
    rate("hl7apy", lambda t: parse_message(t, validation_level=VALIDATION_LEVEL.TOLERANT, find_groups=False))
except ImportError:
    print("hl7apy not installed")
