from . import authz as authz
from . import billing as billing
from . import errors as errors
from . import fhir as fhir
from . import hl7 as hl7
from . import pii as pii
from . import routing as routing
from . import triage as triage
from .errors import MedcoreError as MedcoreError

__version__: str
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
