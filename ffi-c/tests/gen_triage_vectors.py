#!/usr/bin/env python3
"""Turns the shared triage vectors (testdata/vectors/triage_*.json) into a C header for the C
tests: `gen_triage_vectors.py VECTOR_DIR OUT.h`. Inputs become the C ABI's input structs (a
missing measurement is NAN, a missing yes/no MEDCORE_TRIAGE_UNKNOWN, a missing code NULL, a GCS
component not testable MEDCORE_TRIAGE_GCS_NOT_TESTABLE); expected values are copied from the
vector files as they are. Fields of the expected results a vector does not state are marked
"not checked" (-1 or NULL)."""
import json
import math
import sys
from pathlib import Path

from gen_vectors import c_str

# Field order of the C input structs (include/medcore.h): positional initializers keep the
# header valid C11 and C++17.
NUM, FLAG, BOOL, CODE, GCS = "num", "flag", "bool", "code", "gcs"
STRUCTS = {
    "news2": [("respiration_rate", NUM), ("spo2", NUM), ("spo2_scale2", BOOL),
              ("supplemental_oxygen", FLAG), ("systolic_bp", NUM), ("pulse", NUM),
              ("consciousness", CODE), ("temperature", NUM)],
    "qsofa": [("respiration_rate", NUM), ("systolic_bp", NUM), ("altered_mentation", FLAG),
              ("gcs", NUM)],
    "sirs": [("temperature", NUM), ("heart_rate", NUM), ("respiration_rate", NUM),
             ("paco2", NUM), ("white_cell_count", NUM), ("band_neutrophils", NUM)],
    "gcs": [("eye", GCS), ("verbal", GCS), ("motor", GCS)],
    "mews": [("systolic_bp", NUM), ("heart_rate", NUM), ("respiration_rate", NUM),
             ("temperature", NUM), ("consciousness", CODE)],
    "pews": [("age_months", NUM), ("behaviour", CODE), ("skin_colour", CODE),
             ("capillary_refill_s", NUM), ("heart_rate", NUM), ("respiration_rate", NUM),
             ("work_of_breathing", CODE), ("fio2_percent", NUM), ("oxygen_flow_lpm", NUM),
             ("quarter_hourly_nebulisers", FLAG), ("post_operative_vomiting", FLAG)],
    "mci": [("age_years", NUM), ("walking", FLAG), ("breathing", FLAG),
            ("breathing_after_airway_repositioning", FLAG),
            ("breathing_after_rescue_breaths", FLAG), ("respiration_rate", NUM),
            ("radial_pulse", FLAG), ("capillary_refill_s", NUM), ("follows_commands", FLAG),
            ("avpu", CODE)],
    "salt": [("walks", FLAG), ("waves_or_purposeful_movement", FLAG), ("breathing", FLAG),
             ("obeys_commands", FLAG), ("peripheral_pulse", FLAG),
             ("respiratory_distress", FLAG), ("major_haemorrhage_controlled", FLAG),
             ("minor_injuries_only", FLAG), ("likely_to_survive", FLAG)],
}


def c_value(kind, v):
    if kind == NUM:
        if v is None:
            return "NAN"
        if isinstance(v, float) and not math.isfinite(v):
            return "INFINITY" if v > 0 else "-INFINITY"
        return repr(float(v))
    if kind == FLAG:
        return "MEDCORE_TRIAGE_UNKNOWN" if v is None else ("1" if v else "0")
    if kind == BOOL:
        return "1" if v else "0"
    if kind == GCS:
        if v is None:
            return "MEDCORE_TRIAGE_GCS_MISSING"
        return "MEDCORE_TRIAGE_GCS_NOT_TESTABLE" if v == "NT" else str(int(v))
    return c_str(v)


def c_input(struct, inp):
    fields = dict(STRUCTS[struct])
    unknown = set(inp) - set(fields)
    if unknown:
        raise SystemExit(f"{struct}: input fields the C struct lacks: {sorted(unknown)}")
    return "{" + ", ".join(c_value(k, inp.get(name)) for name, k in STRUCTS[struct]) + "}"


def num(v):
    return "-1" if v is None else str(int(v))


def tri(v):
    return "-1" if v is None else ("1" if v else "0")


class Out:
    def __init__(self):
        self.lines = []
        self.n = 0

    def str_list(self, items):
        if items is None:
            return "NULL"
        name = f"list_{self.n}"
        self.n += 1
        body = ", ".join([c_str(i) for i in items] + ["NULL"])
        self.lines.append(f"static const char *const {name}[] = {{{body}}};")
        return name

    def params(self, exp):
        rows = []
        for pname, pts in (exp.get("points") or {}).items():
            rows.append(f"{{{c_str(pname)}, {num(pts)}, NULL, -1}}")
        for p in exp.get("breakdown") or []:
            rows.append(
                f"{{{c_str(p['parameter'])}, {num(p.get('points'))}, {c_str(p.get('band'))}, "
                f"{tri(p.get('between_rows'))}}}"
            )
        if not rows:
            return "NULL", 0
        name = f"params_{self.n}"
        self.n += 1
        self.lines.append(f"static const vec_param {name}[] = {{{', '.join(rows)}}};")
        return name, len(rows)

    def score(self, case):
        exp = case["expected"]
        params, count = self.params(exp)
        error = (exp.get("error") or {}).get("code")
        return (
            f"{{{c_str(case['id'])}, {c_str(error)}, {num(exp.get('total'))}, "
            f"{num(exp.get('max_possible'))}, {c_str(exp.get('risk'))}, {tri(exp.get('partial'))}, "
            f"{params}, {count}, {self.str_list(exp.get('missing'))}}}"
        )

    def mci(self, case):
        exp = case["expected"]
        return (
            f"{{{c_str(case['id'])}, {c_str(exp.get('category'))}, "
            f"{self.str_list(exp.get('missing'))}}}"
        )

    def json_table(self, prefix, cases, with_input=True):
        """Cases compared as JSON: id, input JSON text (or NULL), expected JSON text."""
        rows = []
        for c in cases:
            inp = json.dumps(c["input"]) if with_input else None
            rows.append(f"{{{c_str(c['id'])}, {c_str(inp)}, {c_str(json.dumps(c['expected']))}}}")
        self.lines.append(f"static const vec_json {prefix}_JSON[] = {{{', '.join(rows)}}};")
        self.lines.append(f"#define {prefix}_JSON_COUNT {len(cases)}")

    def table(self, prefix, struct, cases, expected):
        inputs = [c_input(struct, c["input"]) for c in cases]
        exps = [expected(c) for c in cases]
        self.lines.append(
            f"static const medcore_triage_{struct}_input {prefix}_INPUTS[] = "
            f"{{{', '.join(inputs)}}};"
        )
        kind = "vec_mci" if struct == "mci" else "vec_score"
        self.lines.append(f"static const {kind} {prefix}_EXPECTED[] = {{{', '.join(exps)}}};")
        self.lines.append(f"#define {prefix}_COUNT {len(cases)}")


def main():
    src, out = Path(sys.argv[1]), Path(sys.argv[2])

    def load(name):
        return json.loads((src / name).read_text(encoding="utf-8"))

    o = Out()
    o.lines += [
        "/* Generated by ffi-c/tests/gen_triage_vectors.py from testdata/vectors/triage_*.json;",
        " * do not edit. */",
        "#include <math.h>",
        "#include <stddef.h>",
        '#include "medcore.h"',
        "/* points/between_rows -1 and band NULL: not stated by the vector. */",
        "typedef struct { const char *parameter; int points; const char *band; int between_rows; }",
        "  vec_param;",
        "/* error: the expected error code, or NULL; total, max_possible, partial -1 and risk,",
        " * missing NULL: not stated by the vector. */",
        "typedef struct { const char *id; const char *error; long total; long max_possible;",
        "  const char *risk; int partial; const vec_param *params; size_t param_count;",
        "  const char *const *missing; } vec_score;",
        "/* category NULL: no category (findings missing). */",
        "typedef struct { const char *id; const char *category; const char *const *missing; }",
        "  vec_mci;",
        "/* input: JSON text (NULL when the input is a struct); expected: the JSON the result must",
        " * contain (or {\"error\": {\"code\": ...}}). */",
        "typedef struct { const char *id; const char *input; const char *expected; } vec_json;",
    ]
    news2 = load("triage_news2.json")
    o.table("NEWS2", "news2", news2["cases"] + news2["between_rows"], o.score)
    o.table("QSOFA", "qsofa", load("triage_qsofa.json")["cases"], o.score)
    o.table("SIRS", "sirs", load("triage_sirs.json")["cases"], o.score)
    o.table("GCS", "gcs", load("triage_gcs.json")["cases"], o.score)
    o.table("START", "mci", load("triage_start.json")["cases"], o.mci)
    o.table("JUMPSTART", "mci", load("triage_jumpstart.json")["cases"], o.mci)
    mixed = load("triage_cases.json")["cases"]
    for inst in ("news2", "mews", "pews"):
        o.table(f"CASES_{inst.upper()}", inst,
                [c for c in mixed if c["instrument"] == inst], o.score)
    # SALT: native input struct, the whole result compared as JSON.
    salt = [c for c in mixed if c["instrument"] == "salt"]
    o.lines.append(
        "static const medcore_triage_salt_input SALT_INPUTS[] = {"
        + ", ".join(c_input("salt", c["input"]) for c in salt) + "};")
    o.json_table("SALT", salt, with_input=False)
    # ESI and dispatch: JSON in, JSON out.
    for inst in ("esi", "dispatch"):
        o.json_table(inst.upper(), [c for c in mixed if c["instrument"] == inst])
    covered = {"news2", "mews", "pews", "salt", "esi", "dispatch"}
    skipped = sorted({c["instrument"] for c in mixed} - covered)
    if skipped:
        o.lines.append(f"/* triage_cases.json instruments not in the C ABI: {', '.join(skipped)} */")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(o.lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
