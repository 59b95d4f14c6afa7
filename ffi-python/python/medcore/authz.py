"""Authorization: policy sets (the embedded hospital default or your own policy text), requests
built natively, single and batch decisions with obligations, break-glass, explanations, query
filters and a decision-log hook.

>>> from medcore import authz
>>> ps = authz.PolicySet.default()
>>> req = authz.Request(
...     {"id": "dr-ada", "roles": ["Doctor"], "attributes": {"department": "cardiology"}},
...     "read",
...     {"type": "Patient", "id": "p-1", "attributes": {"patient": "p-1",
...      "department": "cardiology", "care_team": [], "labels": [], "confidentiality": "N"}},
...     {"time": 1772445600, "purpose_of_use": "TREAT"})
>>> ps.authorize(req).effect
'allow'
"""

from ._native import authz as _native

DEFAULT_POLICY_TEXT = _native.DEFAULT_POLICY_TEXT
DEFAULT_SCHEMA_JSON = _native.DEFAULT_SCHEMA_JSON
Decision = _native.Decision
PolicySet = _native.PolicySet
Request = _native.Request
mask_identifier = _native.mask_identifier

__all__ = [
    "DEFAULT_POLICY_TEXT",
    "DEFAULT_SCHEMA_JSON",
    "Decision",
    "PolicySet",
    "Request",
    "mask_identifier",
]
