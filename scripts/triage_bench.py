#!/usr/bin/env python3
"""Python peer for the NEWS2 benchmark: vitalscore.score_news2 per call.

Same patient spread as core/triage/benches/triage.rs (a deterministic mix across every band).
Reports wall-clock and process CPU time per score.

Usage: .venv/bin/pip install vitalscore && .venv/bin/python scripts/triage_bench.py
"""
import time

from vitalscore import score_news2

ACVPU = ["A", "A", "A", "C", "V"]


def patients(n):
    state = 0x20170101
    mask = (1 << 64) - 1

    def nxt(m):
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) & mask
        return (state >> 33) % m

    out = []
    for _ in range(n):
        rr = 6 + nxt(24)
        spo2 = 85 + nxt(16)
        scale2 = nxt(10) == 0
        o2 = nxt(4) == 0
        sbp = 80 + nxt(150)
        pulse = 35 + nxt(110)
        c = ACVPU[nxt(5)]
        temp = 34.5 + nxt(60) / 10.0
        out.append((rr, float(spo2), o2, sbp, pulse, c, temp, scale2))
    return out


def main():
    ps = patients(10_000)
    # Warm up.
    for p in ps[:1000]:
        score_news2(*p[:7], use_spo2_scale2=p[7])
    rounds = 5
    w0, c0 = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        for p in ps:
            r = score_news2(*p[:7], use_spo2_scale2=p[7])
            r.total, r.risk  # noqa: B018 - compute the derived properties as a caller would
    w1, c1 = time.perf_counter(), time.process_time()
    n = rounds * len(ps)
    print(f"vitalscore score_news2: {(w1 - w0) / n * 1e9:,.0f} ns wall, {(c1 - c0) / n * 1e9:,.0f} ns CPU per score ({n} scores)")


if __name__ == "__main__":
    main()
