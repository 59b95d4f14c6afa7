"""HL7 validation and ACK vectors (testdata/vectors/hl7_validation.json, hl7_ack.json), run
as the Rust tests run them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import load_vectors
from medcore import MedcoreError, hl7

VALIDATION = load_vectors("hl7_validation.json")["cases"]
ACK = load_vectors("hl7_ack.json")["cases"]


def validator(profile: Any) -> hl7.Validator:
    return hl7.Validator(profile if isinstance(profile, str) else json.dumps(profile))


@pytest.mark.parametrize("case", VALIDATION, ids=[c["name"] for c in VALIDATION])
def test_validation_vector(case: dict) -> None:
    try:
        msg = hl7.parse(case["message"])
    except MedcoreError as e:
        assert case["expected"] == {"parse_error": e.code}
        return
    report = validator(case["profile"]).validate(msg)
    got = {
        "has_errors": report.has_errors,
        "definitions": report.definitions,
        "structure": report.structure,
        "issues": report.issues,
    }
    assert got == case["expected"]
    assert report.to_dict()["issues"] == case["expected"]["issues"]
    assert len(report) == len(case["expected"]["issues"])


@pytest.mark.parametrize("case", ACK, ids=[c["name"] for c in ACK])
def test_ack_vector(case: dict) -> None:
    msg = hl7.parse(case["message"])
    report = validator(case["profile"]).validate(msg)
    ack = hl7.build_ack(msg, report, case["control_id"], case["timestamp"])
    assert ack == case["expected_ack"]
    assert hl7.parse(ack)["MSA-2"] == msg["MSH-10"]


def test_validate_many_equals_single_calls() -> None:
    msgs = [hl7.parse(c["message"]) for c in ACK]
    v = hl7.Validator("strict")
    assert v.validate_many(msgs) == [v.validate(m) for m in msgs]
    assert v.profile_name == "strict"


def test_bad_profile_raises_with_code() -> None:
    with pytest.raises(MedcoreError) as info:
        hl7.Validator("{not json")
    assert info.value.code.startswith("HL7_")


def test_ack_code_override() -> None:
    msg = hl7.parse(ACK[0]["message"])
    report = hl7.Validator().validate(msg)
    ack = hl7.build_ack(msg, report, "X1", "20240101000000", code="AR")
    assert hl7.parse(ack)["MSA-1"] == "AR"
    assert report.count("error") == 0
