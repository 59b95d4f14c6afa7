"""FHIR vectors (testdata/vectors/fhir_*.json), run exactly as core/fhir/tests/vectors.rs runs
them, plus the Python surface: input forms, errors, batch calls."""

from __future__ import annotations

import base64
import json
from typing import Any, Callable

import pytest

from conftest import load_vectors
from medcore import authz, errors, fhir, hl7, pii

CONVERT = load_vectors("fhir_convert.json")["cases"]
TO_V2 = load_vectors("fhir_to_v2.json")["cases"]
VALIDATION = load_vectors("fhir_validation.json")["cases"]
DEID = load_vectors("fhir_deid.json")

PATIENT_KEYS = ["identifier", "name", "gender", "birthDate"]
ENCOUNTER_KEYS = ["class", "status"]


def test_vector_counts() -> None:
    assert len(CONVERT) == 5 and len(TO_V2) == 5 and len(VALIDATION) == 14
    assert len(DEID["deid"]) == 4 and len(DEID["mask"]) == 2


@pytest.mark.parametrize("case", CONVERT, ids=[c["name"] for c in CONVERT])
def test_convert_vector(case: dict[str, Any]) -> None:
    opts = case["options"]
    out = fhir.from_v2(case["message"], opts["bundle_kind"], opts["default_offset"])
    b = out.bundle.to_dict()
    assert b == json.loads(out.bundle_json)
    assert b["type"] == case["bundle_type"]
    assert [e["resource"]["resourceType"] for e in b["entry"]] == case["entry_types"]
    # Each key-element object equals the same elements of the matching resource (the first
    # Patient, the first Encounter, every Observation).
    seen: set[str] = set()
    expected = iter(case["key_elements"])
    for e in b["entry"]:
        r = e["resource"]
        rt = r["resourceType"]
        if rt in ("Patient", "Encounter"):
            if rt in seen:
                continue
            seen.add(rt)
        elif rt != "Observation":
            continue
        want = next(expected)
        for k, v in want.items():
            assert r.get(k) == v, f"{case['name']} {rt}.{k}"
        if rt != "Observation":
            for k in PATIENT_KEYS if rt == "Patient" else ENCOUNTER_KEYS:
                if k not in want:
                    assert k not in r, f"{case['name']} {rt}.{k}"
    assert next(expected, None) is None, "fewer resources than vectors"


@pytest.mark.parametrize("case", CONVERT, ids=[c["name"] for c in CONVERT])
def test_convert_input_forms_agree(case: dict[str, Any]) -> None:
    text = case["message"]
    want = fhir.v2_to_bundle_json(text)
    assert fhir.from_v2(text).bundle_json == want
    assert fhir.v2_to_bundle_json(text.encode("utf-8")) == want
    assert fhir.v2_to_bundle_json(hl7.parse(text)) == want


@pytest.mark.parametrize("case", TO_V2, ids=[c["name"] for c in TO_V2])
def test_to_v2_vector(case: dict[str, Any]) -> None:
    bundle = fhir.parse_bundle(case["bundle"], strict=True)
    got = fhir.bundle_to_v2(bundle)
    assert got.to_dict() == case["expected"]
    assert got.pid == case["expected"]["pid"] and got.obx == case["expected"]["obx"]
    assert fhir.bundle_to_v2(json.dumps(case["bundle"])) == got


def test_to_v2_batch_and_single_segments() -> None:
    bundles = [c["bundle"] for c in TO_V2]
    got = fhir.bundle_to_v2_batch(bundles)
    assert [g.to_dict() for g in got] == [c["expected"] for c in TO_V2]
    case = TO_V2[0]
    entries = [e["resource"] for e in case["bundle"]["entry"]]
    patient = next(r for r in entries if r["resourceType"] == "Patient")
    encounter = next(r for r in entries if r["resourceType"] == "Encounter")
    obs = [r for r in entries if r["resourceType"] == "Observation"]
    assert fhir.patient_to_pid(patient) == case["expected"]["pid"]
    assert fhir.encounter_to_pv1(encounter, case["bundle"]) == case["expected"]["pv1"]
    assert [
        fhir.observation_to_obx(o, i + 1, case["bundle"]) for i, o in enumerate(obs)
    ] == case["expected"]["obx"]
    assert got[0].to_text() == "\r".join(
        [case["expected"]["pid"], case["expected"]["pv1"], *case["expected"]["obx"]]
    )
    with pytest.raises(errors.FhirJsonError):
        fhir.patient_to_pid(encounter)


@pytest.mark.parametrize("case", VALIDATION, ids=[c["name"] for c in VALIDATION])
def test_validation_vector(case: dict[str, Any]) -> None:
    r = fhir.parse(case["resource"], strict=True)
    issues = r.validate()
    assert [i.to_dict() for i in issues] == case["issues"]
    assert [
        {"severity": i.severity, "code": i.code, "location": i.location, "message": i.message}
        for i in issues
    ] == case["issues"]
    assert r.is_valid() == (not case["issues"])
    oo = r.operation_outcome().to_dict()
    assert oo["resourceType"] == "OperationOutcome"
    assert len(oo["issue"]) == max(1, len(issues))


def test_validation_vectors_invalid_count() -> None:
    assert sum(1 for c in VALIDATION if fhir.parse(c["resource"]).validate()) == 8


@pytest.mark.parametrize("case", DEID["deid"], ids=[c["name"] for c in DEID["deid"]])
def test_deid_vector(case: dict[str, Any]) -> None:
    tok = None
    if case["token_key"] is not None:
        tok = pii.Tokenizer.from_master(base64.b64decode(case["token_key"]))
    out = fhir.deidentify_resource(case["resource"], policy=case["policy"], tokenizer=tok)
    assert out.value.to_dict() == case["expected"]
    assert out.changes == case["changes"]


@pytest.mark.parametrize("case", DEID["mask"], ids=[c["name"] for c in DEID["mask"]])
def test_mask_vector(case: dict[str, Any]) -> None:
    out = fhir.apply_obligations(case["resource"], case["obligations"])
    assert out.value.to_dict() == case["expected"]
    assert out.changes == case["changes"]


def test_deid_defaults_and_bundles() -> None:
    case = DEID["deid"][0]
    assert case["policy"]["overrides"] == {} and case["policy"]["tenant"] == ""
    out = fhir.deidentify_resource(case["resource"], as_of=case["policy"]["as_of"])
    assert out.value.to_dict() == case["expected"]
    with pytest.raises(TypeError):
        fhir.deidentify_resource(case["resource"])
    policy = fhir.linkable_policy("2024-01-01", "")
    assert policy["overrides"]["names"] == "tokenize"
    bundle = fhir.from_v2(CONVERT[0]["message"]).bundle
    d = fhir.deidentify_bundle(bundle, as_of="2024-01-01")
    assert d.value.resource_type == "Bundle" and d.changes
    text = d.value.to_json()
    assert "EVERYMAN" not in text and "PATID1234" not in text
    m = fhir.apply_obligations_bundle(bundle, DEID["mask"][0]["obligations"])
    assert m.changes and all(c["path"].startswith("Bundle.entry[") for c in m.changes)


def test_apply_decision_masks_like_its_obligations() -> None:
    ps = authz.PolicySet.default()
    req = authz.Request(
        {"id": "dr-ada", "roles": ["Doctor"], "attributes": {"department": "cardiology"}},
        "read",
        {"type": "Patient", "id": "p-1", "attributes": {"patient": "p-1",
         "department": "cardiology", "care_team": [], "labels": [], "confidentiality": "N"}},
        {"time": 1772445600, "purpose_of_use": "TREAT"},
    )
    decision = ps.authorize(req)
    assert {"code": "MASK", "field": "ssn", "kind": "ssn"} in decision.obligations
    resource = DEID["mask"][0]["resource"]
    by_decision = fhir.apply_decision(resource, decision)
    by_list = fhir.apply_obligations(resource, decision.obligations)
    assert by_decision.value == by_list.value
    assert by_decision.changes == by_list.changes


def test_resource_round_trip_and_input_forms() -> None:
    src = VALIDATION[0]["resource"]
    r = fhir.parse(src)
    assert r.to_dict() == src
    assert json.loads(r.to_json()) == src
    assert fhir.parse(json.dumps(src)) == r
    assert fhir.parse(json.dumps(src).encode()) == r
    assert fhir.parse(bytearray(json.dumps(src).encode())) == r
    assert fhir.Resource.parse(r) == r
    assert r.resource_type == src["resourceType"] and r.id == src.get("id")
    with pytest.raises(TypeError):
        fhir.parse(42)  # type: ignore[arg-type]


def test_errors_carry_codes() -> None:
    cases: list[tuple[Callable[[], object], type[errors.FhirError], str]] = [
        (lambda: fhir.parse("{not json"), errors.FhirJsonError, "FHIR_JSON"),
        (lambda: fhir.parse(b"\xff\xfe"), errors.FhirJsonError, "FHIR_JSON"),
        (lambda: fhir.parse({"id": "x"}), errors.FhirMissingResourceTypeError,
         "FHIR_MISSING_RESOURCE_TYPE"),
        (lambda: fhir.parse({"resourceType": "Patient", "foo": 1}, strict=True),
         errors.FhirUnknownElementError, "FHIR_UNKNOWN_ELEMENT"),
        (lambda: fhir.parse({"resourceType": "Patient", "gender": 5}), errors.FhirJsonError,
         "FHIR_JSON"),
        (lambda: fhir.parse_bundle({"resourceType": "Patient"}), errors.FhirJsonError,
         "FHIR_JSON"),
        (lambda: fhir.from_v2("not a message"), errors.FhirHl7ParseError, "FHIR_HL7_PARSE"),
    ]
    for call, cls, code in cases:
        with pytest.raises(cls) as info:
            call()
        assert isinstance(info.value, errors.FhirError)
        assert info.value.code == code
    # Lenient reading keeps unknown elements and writes them back.
    assert fhir.parse({"resourceType": "Patient", "foo": 1}).to_dict()["foo"] == 1
    with pytest.raises(ValueError):
        fhir.from_v2(CONVERT[0]["message"], "collection")  # type: ignore[arg-type]


def test_batch_conversion() -> None:
    texts = [c["message"] for c in CONVERT]
    many = fhir.from_v2_batch(texts)
    assert [m.bundle_json for m in many] == [  # type: ignore[union-attr]
        fhir.from_v2(t).bundle_json for t in texts
    ]
    assert fhir.v2_to_bundle_json_batch(texts) == [fhir.v2_to_bundle_json(t) for t in texts]
    tx = fhir.from_v2_batch(texts[:1], "transaction")
    assert tx[0].bundle.to_dict()["type"] == "transaction"  # type: ignore[union-attr]
    mixed = [texts[0], "garbage", hl7.parse(texts[1])]
    with pytest.raises(errors.FhirHl7ParseError, match="item 1"):
        fhir.from_v2_batch(mixed)
    with pytest.raises(errors.FhirHl7ParseError, match="item 1"):
        fhir.v2_to_bundle_json_batch(mixed)
    got = fhir.from_v2_batch(mixed, return_exceptions=True)
    assert isinstance(got[0], fhir.Conversion) and isinstance(got[2], fhir.Conversion)
    assert isinstance(got[1], errors.FhirHl7ParseError) and got[1].code == "FHIR_HL7_PARSE"


def test_conversion_warnings() -> None:
    msg = (
        "MSH|^~\\&|APP|FAC|||202401021030||ADT^A01|MSG1|P|2.5\r"
        "PID|1||12345^^^H^MR||Doe^Jane||198001011200|F"
    )
    without = fhir.from_v2(msg)
    assert any(w.location == "PID-7" for w in without.warnings)
    with_offset = fhir.from_v2(msg, default_offset="+01:00")
    patient = [
        e["resource"] for e in with_offset.bundle.to_dict()["entry"]
        if e["resource"]["resourceType"] == "Patient"
    ][0]
    assert patient["birthDate"] == "1980-01-01"
