"""The examples in the module docstrings run and give what they show."""

from __future__ import annotations

import doctest

import pytest

from medcore import authz, billing, fhir, hl7, pii, routing, triage


@pytest.mark.parametrize("module", [hl7, triage, pii, authz, routing, billing, fhir])
def test_module_examples(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0
