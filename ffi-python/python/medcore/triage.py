"""Triage: NEWS2, qSOFA, SIRS, GCS, MEWS, PEWS, ESI, START/JumpSTART/SALT, ED scales and
dispatch priority, single and batch. Inputs are dicts with the core's field names; results are
dicts that explain themselves (each parameter's value, band and points, the citation).

>>> from medcore import triage
>>> triage.news2({"respiration_rate": 22, "spo2": 95, "supplemental_oxygen": False,
...               "systolic_bp": 105, "pulse": 112, "consciousness": "A",
...               "temperature": 38.4})["total"]
7
"""

from ._native import triage as _native

DispatchRules = _native.DispatchRules
EdTriage = _native.EdTriage
dispatch = _native.dispatch
dispatch_batch = _native.dispatch_batch
esi = _native.esi
esi_batch = _native.esi_batch
gcs = _native.gcs
gcs_batch = _native.gcs_batch
jumpstart = _native.jumpstart
mci_batch = _native.mci_batch
mci_triage = _native.mci_triage
mews = _native.mews
mews_batch = _native.mews_batch
news2 = _native.news2
news2_batch = _native.news2_batch
news2_summary = _native.news2_summary
news2_summary_batch = _native.news2_summary_batch
news2_totals = _native.news2_totals
pews = _native.pews
pews_batch = _native.pews_batch
qsofa = _native.qsofa
qsofa_batch = _native.qsofa_batch
salt = _native.salt
salt_batch = _native.salt_batch
sirs = _native.sirs
sirs_batch = _native.sirs_batch
start = _native.start

__all__ = [
    "DispatchRules",
    "EdTriage",
    "dispatch",
    "dispatch_batch",
    "esi",
    "esi_batch",
    "gcs",
    "gcs_batch",
    "jumpstart",
    "mci_batch",
    "mci_triage",
    "mews",
    "mews_batch",
    "news2",
    "news2_batch",
    "news2_summary",
    "news2_summary_batch",
    "news2_totals",
    "pews",
    "pews_batch",
    "qsofa",
    "qsofa_batch",
    "salt",
    "salt_batch",
    "sirs",
    "sirs_batch",
    "start",
]
