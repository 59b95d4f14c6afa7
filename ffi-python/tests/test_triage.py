"""Triage vectors (testdata/vectors/triage_*.json), run as the Rust tests run them."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import load_vectors
from medcore import errors, triage

NEWS2 = load_vectors("triage_news2.json")
CASES = load_vectors("triage_cases.json")["cases"]

ROW_KEYS = (
    "respiration_rate",
    "spo2",
    "spo2_scale2",
    "supplemental_oxygen",
    "systolic_bp",
    "pulse",
    "consciousness",
    "temperature",
)


def row(inp: dict) -> tuple:
    return tuple(inp.get(k, False if k == "spo2_scale2" else None) for k in ROW_KEYS)


def points(score: dict) -> dict:
    return {p["parameter"]: p["points"] for p in score["breakdown"]}


def test_news2_every_vector_in_one_batch() -> None:
    cases = NEWS2["cases"] + NEWS2["between_rows"]
    assert len(NEWS2["cases"]) >= 20_000
    scores = triage.news2_batch([c["input"] for c in cases])
    totals = triage.news2_totals([row(c["input"]) for c in cases])
    for case, score, fast in zip(cases, scores, totals):
        exp = case["expected"]
        assert (score["total"], score["risk"]) == (exp["total"], exp["risk"]), case["id"]
        assert not score["partial"], case["id"]
        assert points(score) == exp["points"], case["id"]
        assert fast == (exp["total"], exp["total"], False, exp["risk"]), case["id"]


def test_news2_single_and_summary_agree_with_batch() -> None:
    for case in NEWS2["cases"][:50]:
        single = triage.news2(case["input"])
        summary = triage.news2_summary(case["input"])
        assert single["total"] == summary["total"] == case["expected"]["total"]
        assert summary["risk"] == case["expected"]["risk"]
    summaries = triage.news2_summary_batch([c["input"] for c in NEWS2["cases"][:50]])
    assert [s["total"] for s in summaries] == [c["expected"]["total"] for c in NEWS2["cases"][:50]]


def test_news2_missing_parameter_is_partial() -> None:
    (total, max_possible, partial, risk) = triage.news2_totals(
        [(None, 96.0, False, False, 120.0, 70.0, "A", 37.0)]
    )[0]
    assert partial and max_possible > total


@pytest.mark.parametrize("name", ["qsofa", "sirs", "gcs"])
def test_score_vectors(name: str) -> None:
    v = load_vectors(f"triage_{name}.json")["cases"]
    single = getattr(triage, name)
    batch = getattr(triage, f"{name}_batch")([c["input"] for c in v])
    for case, got in zip(v, batch):
        assert got == single(case["input"])
        exp = case["expected"]
        assert got["total"] == exp["total"], case["id"]
        assert got["risk"] == exp["risk"], case["id"]
        for key in ("partial", "max_possible"):
            if key in exp:
                assert got[key] == exp[key], case["id"]
        for param, pts in exp.get("points", {}).items():
            assert points(got)[param] == pts, (case["id"], param)


@pytest.mark.parametrize(
    "file,protocol,run",
    [
        ("triage_start.json", "start", triage.start),
        ("triage_jumpstart.json", "jumpstart", triage.mci_triage),
    ],
)
def test_mci_vectors(file: str, protocol: str, run: Any) -> None:
    v = load_vectors(file)["cases"]
    for case in v:
        got = run(case["input"])
        assert got["protocol"] == protocol, case["id"]
        assert got["category"] == case["expected"]["category"], case["id"]
        assert got["missing"] == case["expected"]["missing"], case["id"]
    if protocol == "jumpstart":
        batch = triage.mci_batch([c["input"] for c in v])
        assert [b["category"] for b in batch] == [c["expected"]["category"] for c in v]


def subset(expected: Any, got: Any, path: str) -> None:
    """Every expected key is present in `got` with the same value, and an expected list is a
    prefix of the result (core/triage/tests/cases.rs compares the same way)."""
    if isinstance(expected, dict):
        assert isinstance(got, dict), path
        for k, v in expected.items():
            subset(v, got.get(k), f"{path}.{k}")
    elif isinstance(expected, list):
        assert isinstance(got, list) and len(got) >= len(expected), path
        for i, (e, g) in enumerate(zip(expected, got)):
            subset(e, g, f"{path}[{i}]")
    else:
        assert expected == got, f"{path}: expected {expected!r}, got {got!r}"


RULES = triage.DispatchRules()
RUNNERS = {
    "news2": triage.news2,
    "mews": triage.mews,
    "pews": triage.pews,
    "esi": triage.esi,
    "salt": triage.salt,
    "dispatch": lambda i: triage.dispatch(RULES, i),
}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hand_written_case(case: dict) -> None:
    run = RUNNERS[case["instrument"]]
    try:
        got = run(case["input"])
    except errors.TriageError as e:
        got = {"error": {"code": e.code, "message": e.message}}
    subset(case["expected"], got, case["id"])


def test_errors_carry_codes_and_batch_index() -> None:
    with pytest.raises(errors.TriageOutOfRangeError) as info:
        triage.news2({"spo2": 101})
    assert info.value.code == "TRIAGE_OUT_OF_RANGE"
    with pytest.raises(errors.TriageError) as info2:
        triage.news2_totals([(12.0, 96.0, False, False, 120.0, 70.0, "A", 37.0),
                             (12.0, 96.0, False, False, 120.0, 70.0, "Q", 37.0)])
    assert info2.value.code == "TRIAGE_UNKNOWN_CODE" and "item 1" in info2.value.message
    with pytest.raises(ValueError):
        triage.qsofa({"respiration_rate": "fast"})


def test_batches_of_other_instruments() -> None:
    mews = [c["input"] for c in CASES if c["instrument"] == "mews"]
    assert triage.mews_batch(mews) == [triage.mews(i) for i in mews]
    pews = [c["input"] for c in CASES if c["instrument"] == "pews"]
    assert triage.pews_batch(pews) == [triage.pews(i) for i in pews]
    esi = [c["input"] for c in CASES if c["instrument"] == "esi"]
    assert triage.esi_batch(esi) == [triage.esi(i) for i in esi]
    calls = [
        c["input"] for c in CASES if c["instrument"] == "dispatch" and "error" not in c["expected"]
    ]
    assert triage.dispatch_batch(RULES, calls) == [triage.dispatch(RULES, c) for c in calls]
    salt = [c["input"] for c in CASES if c["instrument"] == "salt"]
    assert triage.salt_batch(salt) == [triage.salt(i) for i in salt]


def test_ed_triage_example_table() -> None:
    # The cases of core/triage/tests/mci_dispatch.rs on the shipped example discriminators.
    ed = triage.EdTriage()
    r = ed.triage(
        {"presentation": "shortness_of_breath", "findings": ["recent_onset", "spo2_below_90"]}
    )
    assert (r["level"]["level"], r["discriminator"]) == (2, "spo2_below_90")
    r2 = ed.triage_batch([{"presentation": "limb_injury"}])[0]
    assert (r2["level"]["level"], r2["discriminator"]) == (5, None)
    with pytest.raises(errors.TriageUnknownCodeError):
        ed.triage({"presentation": "headache"})
