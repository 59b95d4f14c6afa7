"""Authorization vectors (testdata/vectors/authz_default.json: the role x resource x action
matrix of the default policy set), batch decisions and the decision-log hook."""

from __future__ import annotations

import pytest

from conftest import load_vectors
from medcore import authz, errors

CASES = load_vectors("authz_default.json")["cases"]
PS = authz.PolicySet.default()


def check(d: authz.Decision, expect: dict, name: str) -> None:
    assert d.effect == expect["effect"], name
    assert sorted(d.determining) == sorted(expect["determining"]), name
    assert d.obligations == expect["obligations"], name
    if "has_errors" in expect:
        assert bool(d.errors) == expect["has_errors"], name


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_vector(case: dict) -> None:
    check(PS.authorize(case["request"]), case["expect"], case["name"])
    check(PS.authorize(authz.Request.from_dict(case["request"])), case["expect"], case["name"])


def test_batch_equals_single_and_native_requests() -> None:
    reqs = [authz.Request.from_dict(c["request"]) for c in CASES]
    batch = PS.authorize_batch(reqs)
    mixed = PS.authorize_batch([c["request"] for c in CASES])
    assert batch == mixed == [PS.authorize(r) for r in reqs]
    for d, c in zip(batch, CASES):
        check(d, c["expect"], c["name"])
        assert bool(d) == (c["expect"]["effect"] == "allow")


def test_request_constructor_and_masks() -> None:
    r = CASES[0]["request"]
    req = authz.Request(r["principal"], r["action"], r["resource"], r.get("environment"))
    assert req == authz.Request.from_dict(r)
    d = PS.authorize(req)
    assert ("ssn", "ssn") in d.masks()
    assert d.to_dict()["effect"] == "allow"
    decision, explanation = PS.explain(req)
    assert decision == d and explanation


def test_decision_log_hook_receives_masked_events() -> None:
    events: list[dict] = []
    ps = authz.PolicySet.default()
    ps.set_decision_log(events.append)
    ps.authorize(CASES[0]["request"])
    ps.authorize_batch([c["request"] for c in CASES[:3]])
    assert len(events) == 4
    assert events[0]["effect"] == CASES[0]["expect"]["effect"]
    assert events[0]["principal"] != CASES[0]["request"]["principal"]["id"]
    assert events[0]["policy_hash"] == ps.hash
    ps.set_decision_log(None)
    ps.authorize(CASES[0]["request"])
    assert len(events) == 4


def test_policy_errors_carry_codes_and_locations() -> None:
    with pytest.raises(errors.AuthzUnknownRoleError) as info:
        authz.PolicySet.from_text('permit(role: Wizard, action: read, resource: Patient);', "x.pol")
    assert info.value.code == "AUTHZ_UNKNOWN_ROLE" and "x.pol:1:" in info.value.message
    with pytest.raises(errors.AuthzSyntaxError):
        authz.PolicySet.from_text("permit(", "y.pol")
    ps = authz.PolicySet.from_text(
        '@id("all-read") permit(role: Doctor, action: read, resource: Patient);'
    )
    assert len(ps) == 1


def test_filter_to_sql() -> None:
    r = CASES[0]["request"]
    fr = {
        "principal": r["principal"],
        "action": "read",
        "resource_type": "Patient",
        "environment": r.get("environment", {}),
    }
    assert isinstance(PS.filter(fr), dict)
    sql = PS.filter_sql(fr)
    assert isinstance(sql, dict) and sql
