from . import errors as errors
from . import hl7 as hl7
from .errors import MedcoreError as MedcoreError

__version__: str
__all__ = ["MedcoreError", "__version__", "errors", "hl7"]
