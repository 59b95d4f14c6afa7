#!/usr/bin/env python3
"""Generates the triage conformance vectors in testdata/vectors/triage_*.json.

Expected values come from the published instruments, transcribed here as plain tables
independently of the Rust code (RCP NEWS2 2017 chart 1-4; Sepsis-3 qSOFA; Teasdale GCS;
START; JumpSTART; ACCP/SCCM SIRS). Every case is also run through the open oracles:
`vitalscore` (MIT: NEWS2, qSOFA, GCS, START) and `medcalc-bench` (Apache-2.0: SIRS). Where an
oracle disagrees with the published rule, the published rule is the expected value and the
case carries an `oracle` object with the oracle's answer; each kind of disagreement is
described in the file's `notes`.

Usage:  python3 -m venv .venv && .venv/bin/pip install vitalscore medcalc-bench
        .venv/bin/python scripts/triage_oracle.py
"""
import itertools
import json
import os
import random
import sys
from collections import Counter

import vitalscore
from vitalscore import score_gcs, score_news2, score_qsofa, score_start

try:
    from medcalc.sirs_criteria import sirs_criteria_explanation
except ImportError:  # pragma: no cover
    sirs_criteria_explanation = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "testdata", "vectors")

# ---------------------------------------------------------------------------------------
# NEWS2, RCP 2017 chart 1: rows as printed (inclusive bounds; None = open end).
RR = [(None, 8, 3), (9, 11, 1), (12, 20, 0), (21, 24, 2), (25, None, 3)]
SPO2_1 = [(None, 91, 3), (92, 93, 2), (94, 95, 1), (96, None, 0)]
SPO2_2_AIR = [(None, 83, 3), (84, 85, 2), (86, 87, 1), (88, 92, 0), (93, None, 0)]
SPO2_2_O2 = [(None, 83, 3), (84, 85, 2), (86, 87, 1), (88, 92, 0), (93, 94, 1), (95, 96, 2), (97, None, 3)]
SBP = [(None, 90, 3), (91, 100, 2), (101, 110, 1), (111, 219, 0), (220, None, 3)]
PULSE = [(None, 40, 3), (41, 50, 1), (51, 90, 0), (91, 110, 1), (111, 130, 2), (131, None, 3)]
TEMP = [(None, 35.0, 3), (35.1, 36.0, 1), (36.1, 38.0, 0), (38.1, 39.0, 1), (39.1, None, 2)]


def chart(rows, v):
    """Points for v. A value between two printed rows takes the row with more points."""
    prev = None
    for lo, hi, pts in rows:
        if lo is not None and v < lo:
            return max(prev[2], pts) if prev else pts
        if hi is None or v <= hi:
            return pts
        prev = (lo, hi, pts)
    return prev[2]


def news2_expected(c):
    pts = {
        "respiration_rate": chart(RR, c["respiration_rate"]),
        "spo2": chart(
            (SPO2_2_O2 if c["supplemental_oxygen"] else SPO2_2_AIR) if c["spo2_scale2"] else SPO2_1,
            c["spo2"],
        ),
        "supplemental_oxygen": 2 if c["supplemental_oxygen"] else 0,
        "systolic_bp": chart(SBP, c["systolic_bp"]),
        "pulse": chart(PULSE, c["pulse"]),
        "consciousness": 0 if c["consciousness"] == "A" else 3,
        "temperature": chart(TEMP, c["temperature"]),
    }
    total = sum(pts.values())
    top = max(pts.values())
    # RCP 2017 chart 2: 0 and 1-4 low; 3 in any single parameter low-medium; 5-6 medium; 7+ high.
    if total >= 7:
        risk = "high"
    elif total >= 5:
        risk = "medium"
    elif top >= 3:
        risk = "low_medium"
    else:
        risk = "low"
    return {"total": total, "points": pts, "risk": risk}


VS_RISK = {"Low": "low", "Medium": "medium", "High": "high"}


def news2_oracle(c):
    r = score_news2(
        c["respiration_rate"], c["spo2"], c["supplemental_oxygen"], c["systolic_bp"], c["pulse"],
        c["consciousness"], c["temperature"], use_spo2_scale2=c["spo2_scale2"],
    )
    pts = {
        "respiration_rate": r.rr_score, "spo2": r.spo2_score, "supplemental_oxygen": r.o2_score,
        "systolic_bp": r.sbp_score, "pulse": r.hr_score, "consciousness": r.consciousness_score,
        "temperature": r.temp_score,
    }
    return {"total": r.total, "points": pts, "risk": VS_RISK[r.risk.value]}


def edges(rows, step):
    vals = set()
    for lo, hi, _ in rows:
        for e in (lo, hi):
            if e is not None:
                for d in (-step, 0, step):
                    vals.add(round(e + d, 1))
    return sorted(vals)


RR_V = sorted(set(edges(RR, 1)) | {1, 4, 40, 60})
SBP_V = sorted(set(edges(SBP, 1)) | {50, 250})
PULSE_V = sorted(set(edges(PULSE, 1)) | {20, 180})
TEMP_V = sorted(set(edges(TEMP, 0.1)) | {30.0, 42.0})
SPO2_1_V = sorted(set(edges(SPO2_1, 1)) | {60, 100})
SPO2_2_V = sorted(set(edges(SPO2_2_O2, 1)) | {60, 100})
ACVPU = ["A", "C", "V", "P", "U"]


def news2_cases():
    rng = random.Random(20170101)
    cases = []
    seen = set()

    def add(c):
        key = tuple(sorted(c.items()))
        if key not in seen:
            seen.add(key)
            cases.append(c)

    base = dict(respiration_rate=16, spo2=97, spo2_scale2=False, supplemental_oxygen=False,
                systolic_bp=120, pulse=70, consciousness="A", temperature=37.0)
    # 1. every edge of every parameter, alone, on both scales, air and oxygen, every ACVPU.
    for scale2, o2, acvpu in itertools.product([False, True], [False, True], ACVPU):
        ctx = dict(base, spo2_scale2=scale2, supplemental_oxygen=o2, consciousness=acvpu,
                   spo2=90 if scale2 else 97)
        for field, values in [("respiration_rate", RR_V), ("systolic_bp", SBP_V), ("pulse", PULSE_V),
                              ("temperature", TEMP_V), ("spo2", SPO2_2_V if scale2 else SPO2_1_V)]:
            for v in values:
                add(dict(ctx, **{field: v}))
    # 2. combinations: every scale x oxygen x ACVPU x SpO2 edge, with the other four
    #    parameters drawn from their edge sets.
    for scale2, o2, acvpu in itertools.product([False, True], [False, True], ACVPU):
        for spo2 in (SPO2_2_V if scale2 else SPO2_1_V):
            for _ in range(80):
                add(dict(spo2_scale2=scale2, supplemental_oxygen=o2, consciousness=acvpu, spo2=spo2,
                         respiration_rate=rng.choice(RR_V), systolic_bp=rng.choice(SBP_V),
                         pulse=rng.choice(PULSE_V), temperature=rng.choice(TEMP_V)))
    return cases


def news2_file():
    cases = news2_cases()
    out = []
    kinds = Counter()
    examples = {}
    for i, c in enumerate(cases):
        exp = news2_expected(c)
        ora = news2_oracle(c)
        case = {"id": f"news2-{i:05d}", "input": c, "expected": exp}
        if ora != exp:
            diff = [k for k in ("total", "risk") if ora[k] != exp[k]]
            diff += [f"points.{p}" for p in exp["points"] if ora["points"][p] != exp["points"][p]]
            kind = ",".join(diff)
            if kind == "risk" and exp["risk"] == "low_medium" and ora["risk"] == "medium":
                kind = "risk: single-parameter 3 with aggregate < 5"
            kinds[kind] += 1
            examples.setdefault(kind, case["id"])
            case["oracle"] = ora
        out.append(case)
    # Values between printed rows: the chart is silent; medcore scores the more abnormal row.
    between = []
    for field, vals in [("temperature", [34.95, 35.05, 35.95, 36.05, 38.05, 38.95, 39.05]),
                        ("respiration_rate", [8.5, 11.5, 20.5, 24.5]),
                        ("pulse", [40.5, 50.5, 90.5, 110.5, 130.5]),
                        ("systolic_bp", [90.5, 100.5, 110.5, 219.5]),
                        ("spo2", [91.5, 93.5, 95.5])]:
        for v in vals:
            c = dict(respiration_rate=16, spo2=97, spo2_scale2=False, supplemental_oxygen=False,
                     systolic_bp=120, pulse=70, consciousness="A", temperature=37.0)
            c[field] = v
            exp = news2_expected(c)
            case = {"id": f"news2-between-{field}-{v}", "input": c, "expected": exp}
            ora = news2_oracle(c)
            if ora != exp:
                case["oracle"] = ora
                kinds["between printed rows (chart silent): " + field] += 1
                examples.setdefault("between printed rows (chart silent): " + field, case["id"])
            between.append(case)
    for v in [92.5, 87.5]:
        for o2 in (False, True):
            c = dict(respiration_rate=16, spo2=v, spo2_scale2=True, supplemental_oxygen=o2,
                     systolic_bp=120, pulse=70, consciousness="A", temperature=37.0)
            exp = news2_expected(c)
            case = {"id": f"news2-between-spo2s2-{v}-{'o2' if o2 else 'air'}", "input": c, "expected": exp}
            ora = news2_oracle(c)
            if ora != exp:
                case["oracle"] = ora
                kinds["between printed rows (chart silent): spo2 scale 2"] += 1
            between.append(case)
    notes = [
        "Expected values: RCP 2017 NEWS2 chart 1 (scoring), chart 2 (thresholds and triggers); "
        "risk bands low / low_medium / medium / high.",
        f"Oracle: vitalscore {vitalscore.__version__ if hasattr(vitalscore, '__version__') else '0.1.1'} (MIT). "
        "Cases where it disagrees carry an `oracle` object; the chart is the expected value.",
    ]
    for kind, n in sorted(kinds.items()):
        notes.append(f"Disagreement '{kind}': {n} case(s), e.g. {examples.get(kind, '-')}.")
    if kinds.get("risk: single-parameter 3 with aggregate < 5"):
        notes.append("vitalscore calls a single-parameter 3 with aggregate below 5 'Medium'; RCP chart 2 "
                     "calls it low-medium (a distinct trigger with a 1-hourly, ward-team response).")
    notes.append("Values between printed rows (e.g. 38.05 C, 20.5/min): the chart is silent; medcore "
                 "scores the more abnormal of the two neighbouring rows. vitalscore uses upper-inclusive "
                 "thresholds, which equals this on the high side and under-scores on the low side.")
    write("triage_news2.json", {"instrument": "news2", "source": "RCP 2017", "notes": notes,
                                "cases": out, "between_rows": between})
    return len(out), kinds


# ---------------------------------------------------------------------------------------
def qsofa_file():
    cases, kinds = [], Counter()
    for rr, sbp, gcs in itertools.product([8, 20, 21, 22, 23, 40], [60, 99, 100, 101, 102, 180],
                                          [3, 8, 13, 14, 15]):
        exp_pts = {"respiration_rate": int(rr >= 22), "altered_mentation": int(gcs < 15),
                   "systolic_bp": int(sbp <= 100)}
        total = sum(exp_pts.values())
        exp = {"total": total, "points": exp_pts, "risk": "high" if total >= 2 else "low"}
        r = score_qsofa(gcs, rr, sbp)
        ora = {"total": r.total, "points": {"respiration_rate": int(r.high_rr),
               "altered_mentation": int(r.altered_mentation), "systolic_bp": int(r.low_sbp)},
               "risk": "high" if r.sepsis_alert else "low"}
        case = {"id": f"qsofa-{len(cases):04d}",
                "input": {"respiration_rate": rr, "systolic_bp": sbp, "gcs": gcs}, "expected": exp}
        if ora != exp:
            case["oracle"] = ora
            kinds["qsofa"] += 1
        cases.append(case)
    notes = ["Expected: Sepsis-3 (Singer 2016; Seymour 2016): RR >= 22, GCS < 15, SBP <= 100; >= 2 positive.",
             "Oracle: vitalscore score_qsofa.", f"Disagreements: {sum(kinds.values())}."]
    write("triage_qsofa.json", {"instrument": "qsofa", "notes": notes, "cases": cases})
    return len(cases), kinds


def gcs_file():
    cases, kinds = [], Counter()
    for e, v, m in itertools.product(range(1, 5), range(1, 6), range(1, 7)):
        t = e + v + m
        exp = {"total": t, "risk": "low" if t >= 13 else "medium" if t >= 9 else "high", "partial": False}
        r = score_gcs(e, v, m)
        sev = {"Mild TBI": "low", "Moderate TBI": "medium", "Severe TBI": "high"}[r.severity]
        ora = {"total": r.total, "risk": sev, "partial": False}
        case = {"id": f"gcs-{e}{v}{m}", "input": {"eye": e, "verbal": v, "motor": m}, "expected": exp}
        if ora != exp:
            case["oracle"] = ora
            kinds["gcs"] += 1
        cases.append(case)
    # Not testable (Teasdale 2014): no oracle supports NT; expected from the range rule.
    nt = []
    for e, v, m in [(4, "NT", 6), ("NT", 5, 6), (1, "NT", 1), (2, "NT", 4), ("NT", "NT", 6), (3, 4, "NT")]:
        known = sum(x for x in (e, v, m) if x != "NT")
        lo = known + sum(1 for x in (e, v, m) if x == "NT")
        hi = known + sum(mx for x, mx in zip((e, v, m), (4, 5, 6)) if x == "NT")
        band = lambda t: "low" if t >= 13 else "medium" if t >= 9 else "high"
        risk = band(lo) if band(lo) == band(hi) else "indeterminate"
        nt.append({"id": f"gcs-nt-{e}{v}{m}", "input": {"eye": e, "verbal": v, "motor": m},
                   "expected": {"total": known, "max_possible": hi, "risk": risk, "partial": True}})
    notes = ["Expected: Teasdale & Jennett 1974; severity 13-15 mild (low), 9-12 moderate (medium), "
             "3-8 severe (high). NT per Teasdale et al. 2014: partial, band only if every consistent total "
             "falls in one band.", "Oracle: vitalscore score_gcs (no NT support).",
             f"Disagreements: {sum(kinds.values())}."]
    write("triage_gcs.json", {"instrument": "gcs", "notes": notes, "cases": cases + nt})
    return len(cases) + len(nt), kinds


# ---------------------------------------------------------------------------------------
def start_expected(c):
    """START as published (Benson 1996): returns (category or None, missing)."""
    if c.get("walking") is None:
        return None, ["walking"]
    if c["walking"]:
        return "minor", []
    rr = c.get("respiration_rate")
    breathing = c.get("breathing", None if rr is None else rr > 0)
    if breathing is None:
        return None, ["breathing"]
    if not breathing:
        after = c.get("breathing_after_airway_repositioning")
        if after is None:
            return None, ["breathing_after_airway_repositioning"]
        return ("immediate" if after else "dead"), []
    if rr is None:
        return None, ["respiration_rate"]
    if rr > 30:
        return "immediate", []
    pulse, crt = c.get("radial_pulse"), c.get("capillary_refill_s")
    if pulse is False or (crt is not None and crt > 2):
        return "immediate", []
    if pulse is None and crt is None:
        return None, ["radial_pulse"]
    f = c.get("follows_commands")
    if f is None:
        return None, ["follows_commands"]
    return ("delayed" if f else "immediate"), []


VS_START = {"Immediate": "immediate", "Delayed": "delayed", "Minor": "minor", "Deceased": "dead"}


def start_file():
    cases, kinds, examples = [], Counter(), {}
    for walk, rr, pulse, crt, follows in itertools.product(
            [True, False], ["apnoeic", 0, 10, 30, 31, 45], [None, True, False], [None, 1.5, 2.0, 2.5],
            [None, True, False]):
        c = {"walking": walk}
        if rr == "apnoeic":
            c["breathing"] = False
            c["breathing_after_airway_repositioning"] = False
        else:
            c["respiration_rate"] = rr
        for k, v in [("radial_pulse", pulse), ("capillary_refill_s", crt), ("follows_commands", follows)]:
            if v is not None:
                c[k] = v
        cat, missing = start_expected(c)
        exp = {"category": cat, "missing": missing}
        r = score_start(walk, None if rr == "apnoeic" else rr, has_radial_pulse=pulse,
                        cap_refill_seconds=crt, follows_commands=follows)
        ora = VS_START[r.priority.value]
        case = {"id": f"start-{len(cases):04d}", "input": c, "expected": exp}
        if ora != cat:
            if rr == 0:
                kind = "respiration rate 0 (apnoea) treated as breathing by the oracle"
            elif cat is None:
                kind = "oracle assumes an unassessed finding is normal (medcore reports it missing)"
            elif pulse is False and crt is not None and crt <= 2:
                kind = "oracle lets capillary refill override an absent radial pulse"
            else:
                kind = "other"
            kinds[kind] += 1
            examples.setdefault(kind, case["id"])
            case["oracle"] = {"category": ora}
        cases.append(case)
    # Breathing after airway repositioning: the oracle has no such input.
    for after in (True, False):
        c = {"walking": False, "breathing": False, "breathing_after_airway_repositioning": after}
        cat, missing = start_expected(c)
        cases.append({"id": f"start-reposition-{after}", "input": c,
                      "expected": {"category": cat, "missing": missing}})
    notes = ["Expected: START as published (Benson, Koenig & Schultz 1996): walking -> minor; apnoeic "
             "after airway repositioning -> dead, breathing after it -> immediate; RR > 30 -> immediate; "
             "radial pulse absent OR capillary refill > 2 s -> immediate; cannot follow commands -> "
             "immediate; else delayed. A finding needed but not assessed gives no category.",
             "Oracle: vitalscore score_start."]
    for kind, n in sorted(kinds.items()):
        notes.append(f"Disagreement '{kind}': {n} case(s), e.g. {examples[kind]}.")
    write("triage_start.json", {"instrument": "start", "notes": notes, "cases": cases})
    return len(cases), kinds


def jumpstart_expected(c):
    """JumpSTART as published (Romig 2002)."""
    if c["walking"]:
        return "minor"
    rr = c.get("respiration_rate")
    breathing = c.get("breathing", None if rr is None else rr > 0)
    if not breathing:
        if c["breathing_after_airway_repositioning"]:
            return "immediate"
        if not c["radial_pulse"]:
            return "dead"
        return "immediate" if c["breathing_after_rescue_breaths"] else "dead"
    if rr < 15 or rr > 45:
        return "immediate"
    if not c["radial_pulse"]:
        return "immediate"
    return "immediate" if c["avpu"] in ("pain_inappropriate", "unresponsive") else "delayed"


def jumpstart_file():
    cases = []
    avpus = ["alert", "voice", "pain_appropriate", "pain_inappropriate", "unresponsive"]
    for walk, rr, pulse, avpu in itertools.product([True, False], [10, 14, 15, 30, 45, 46, 60],
                                                   [True, False], avpus):
        c = {"age_years": 5, "walking": walk, "respiration_rate": rr, "radial_pulse": pulse, "avpu": avpu}
        cases.append({"id": f"jumpstart-{len(cases):04d}", "input": c,
                      "expected": {"category": jumpstart_expected(c), "missing": []}})
    for after, pulse, rescue in itertools.product([True, False], [True, False], [True, False]):
        c = {"age_years": 3, "walking": False, "breathing": False,
             "breathing_after_airway_repositioning": after, "radial_pulse": pulse,
             "breathing_after_rescue_breaths": rescue}
        cases.append({"id": f"jumpstart-apnoea-{after}-{pulse}-{rescue}", "input": c,
                      "expected": {"category": jumpstart_expected(c), "missing": []}})
    notes = ["Expected: JumpSTART as published (Romig 2002), transcribed independently here; no open "
             "oracle implements JumpSTART. RR < 15 or > 45 -> immediate; apnoeic: position airway, "
             "pulse check, five rescue breaths."]
    write("triage_jumpstart.json", {"instrument": "jumpstart", "notes": notes, "cases": cases})
    return len(cases), Counter()


def sirs_file():
    cases, kinds, examples = [], Counter(), {}
    for t, hr, rr, paco2, wbc in itertools.product([35.9, 36.0, 38.0, 38.1], [90, 91], [20, 21],
                                                   [None, 31.9, 32.0], [3.9, 4.0, 12.0, 12.1]):
        crit = [t > 38 or t < 36, hr > 90, rr > 20 or (paco2 is not None and paco2 < 32), wbc > 12 or wbc < 4]
        total = sum(crit)
        # The respiratory criterion is undetermined when RR does not meet it and PaCO2 is absent.
        undetermined = paco2 is None and rr <= 20
        exp = {"total": total, "max_possible": total + int(undetermined),
               "risk": "medium" if total >= 2 else "low", "partial": undetermined}
        c = {"temperature": t, "heart_rate": hr, "respiration_rate": rr, "white_cell_count": wbc,
             "band_neutrophils": 0}
        if paco2 is not None:
            c["paco2"] = paco2
        case = {"id": f"sirs-{len(cases):04d}", "input": c, "expected": exp}
        if sirs_criteria_explanation is not None:
            p = {"temperature": (t, "degrees celsius"), "heart_rate": (hr, "beats per minute"),
                 "respiratory_rate": (rr, "breaths per minute"), "wbc": (wbc * 1000, "m^3")}
            if paco2 is not None:
                p["paco2"] = (paco2, "mm Hg")
            ora = sirs_criteria_explanation(p)["Answer"]
            if ora != total:
                kind = ("heart rate <= 90 counted as a criterion by the oracle" if hr <= 90 and ora == total + 1
                        else "other")
                kinds[kind] += 1
                examples.setdefault(kind, case["id"])
                case["oracle"] = {"total": ora}
        cases.append(case)
    notes = ["Expected: ACCP/SCCM 1992 (Bone et al.): T > 38 or < 36 C; HR > 90; RR > 20 or PaCO2 < 32 mmHg; "
             "WBC > 12 or < 4 x10^9/L or > 10 % bands. WBC in 10^9/L. A criterion not met by the values given "
             "while an alternative is absent (RR <= 20, no PaCO2) is undetermined: partial, max_possible + 1.",
             "Oracle: medcalc-bench 1.7.0 sirs_criteria_explanation (WBC given per mm^3)."]
    for kind, n in sorted(kinds.items()):
        notes.append(f"Disagreement '{kind}': {n} case(s), e.g. {examples[kind]}.")
    write("triage_sirs.json", {"instrument": "sirs", "notes": notes, "cases": cases})
    return len(cases), kinds


def write(name, obj):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=None, separators=(",", ":"))
        f.write("\n")


def main():
    summary = {}
    for name, fn in [("news2", news2_file), ("qsofa", qsofa_file), ("gcs", gcs_file),
                     ("start", start_file), ("jumpstart", jumpstart_file), ("sirs", sirs_file)]:
        n, kinds = fn()
        summary[name] = (n, dict(kinds))
        print(f"{name}: {n} cases; oracle disagreements: {dict(kinds) or 'none'}")
    if summary["news2"][0] < 20000:
        sys.exit("fewer than 20,000 NEWS2 cases")


if __name__ == "__main__":
    main()
