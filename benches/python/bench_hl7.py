"""HL7 v2 parsing from Python: medcore (PyO3 binding) against python-hl7, same run, same input:
the typical ADT^A01 (testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7, CR
terminators). One message per call, and a batch of 1,000 (medcore: one parse_many call;
python-hl7 has no batch API, so a loop). Each result is checked once (PID-5.1).

    (cd ffi-python && maturin develop --release)
    python benches/python/bench_hl7.py [seconds-per-case]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable

import hl7 as python_hl7

from medcore import hl7

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 1.5
BATCH = 1000
FILE = Path(__file__).resolve().parents[2] / "testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7"
TEXT = FILE.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r").strip()
DATA = TEXT.encode("utf-8")


def rate(fn: Callable[[], object], per_call: int, warm_up: int = 3) -> float:
    for _ in range(warm_up):
        fn()
    n = 0
    start = time.perf_counter()
    end = start + SECONDS
    now = start
    while now < end:
        fn()
        n += 1
        now = time.perf_counter()
    return n * per_call / (now - start)


def main() -> None:
    assert hl7.parse(DATA)["PID-5-1"] == "EVERYMAN"
    assert str(python_hl7.parse(TEXT).segment("PID")[5][0][0]).split("&")[0] == "EVERYMAN"
    texts = [TEXT] * BATCH
    datas = [DATA] * BATCH
    rows = [
        ("medcore (bytes)", rate(lambda: hl7.parse(DATA), 1), rate(lambda: hl7.parse_many(datas), BATCH)),
        ("medcore (str)", rate(lambda: hl7.parse(TEXT), 1), rate(lambda: hl7.parse_many(texts), BATCH)),
        (
            "python-hl7 " + python_hl7.__version__,
            rate(lambda: python_hl7.parse(TEXT), 1),
            # One pass of 1,000 (about 20 s): already warm from the single-message case.
            rate(lambda: [python_hl7.parse(t) for t in texts], BATCH, warm_up=0),
        ),
    ]
    for name, single, batch in rows:
        print(f"{name:24} single {single:>10.0f} msg/s   batch {batch:>10.0f} msg/s")
    peer = rows[-1]
    for name, single, batch in rows[:2]:
        print(f"{name} / python-hl7: single {single / peer[1]:.0f}x, batch {batch / peer[2]:.0f}x")


if __name__ == "__main__":
    main()
