"""medcore: the healthcare core library.

One submodule per capability (``hl7``, ``triage``, ``pii``, ``authz``, ``routing``, ``billing``, ``fhir``); every exception is in ``medcore.errors``.
"""

from . import authz, billing, errors, fhir, hl7, pii, routing, triage
from ._native import __version__
from .errors import MedcoreError

__all__ = [
    "MedcoreError",
    "__version__",
    "authz",
    "billing",
    "errors",
    "fhir",
    "hl7",
    "pii",
    "routing",
    "triage",
]
