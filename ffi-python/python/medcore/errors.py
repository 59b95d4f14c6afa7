"""Every exception medcore raises, in one place.

Each class stands for one kind of core error; ``code`` is the core's stable machine-readable
code (for example ``HL7_PARSE_SEGMENT``) and the message names the location.

    MedcoreError
    └── Hl7Error
        ├── Hl7ParseError        HL7_PARSE_NO_MSH, HL7_PARSE_DELIMITERS, HL7_PARSE_SEGMENT,
        │   │                    HL7_PARSE_MULTIPLE_MESSAGES, HL7_PARSE_TOO_LARGE
        │   └── Hl7CharsetError  HL7_CHARSET
        ├── Hl7PathError         HL7_PATH
        ├── Hl7EncodeError       HL7_ENCODE
        ├── Hl7BatchError        HL7_BATCH
        ├── MllpError            HL7_MLLP
        └── Hl7IoError           HL7_IO

A later capability adds its own branch here (``PiiError`` and its kinds, and so on).
A panic inside the native code (a bug, never expected) surfaces as
``pyo3_runtime.PanicException``; the interpreter keeps running.
"""

from __future__ import annotations

__all__ = [
    "MedcoreError",
    "Hl7Error",
    "Hl7ParseError",
    "Hl7CharsetError",
    "Hl7PathError",
    "Hl7EncodeError",
    "Hl7BatchError",
    "MllpError",
    "Hl7IoError",
]


class MedcoreError(Exception):
    """Base class of every medcore error. ``code`` is the core's stable error code."""

    code: str

    def __init__(self, message: str, code: str = "MEDCORE_ERROR") -> None:
        super().__init__(message)
        self.code = code

    @property
    def message(self) -> str:
        """The core's message, naming the location."""
        return str(self.args[0]) if self.args else ""

    def __reduce__(self) -> tuple[type[MedcoreError], tuple[str, str]]:
        return (type(self), (self.message, self.code))


class Hl7Error(MedcoreError):
    """An error of the HL7 v2 engine."""


class Hl7ParseError(Hl7Error):
    """The input is not a readable HL7 v2 message."""


class Hl7CharsetError(Hl7ParseError):
    """The bytes cannot be read in the message's character set (MSH-18)."""


class Hl7PathError(Hl7Error):
    """A path such as ``PID-3(2)-1`` is malformed."""


class Hl7EncodeError(Hl7Error):
    """A value cannot be written with the message's delimiters."""


class Hl7BatchError(Hl7Error):
    """A batch or file envelope (FHS/BHS/BTS/FTS) is malformed."""


class MllpError(Hl7Error):
    """An MLLP stream is malformed."""


class Hl7IoError(Hl7Error):
    """Reading the input failed."""
