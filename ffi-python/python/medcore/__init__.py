"""medcore: the healthcare core library.

One submodule per capability (``medcore.hl7`` now); every exception is in ``medcore.errors``.
"""

from . import errors, hl7
from ._native import __version__
from .errors import MedcoreError

__all__ = ["MedcoreError", "__version__", "errors", "hl7"]
