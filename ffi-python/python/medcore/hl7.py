"""HL7 v2: parsing, paths, escapes, building, batch files, MLLP framing, validation and ACKs.

>>> from medcore import hl7
>>> msg = hl7.parse(b"MSH|^~\\\\&|LAB||EHR||202401011200||ORU^R01|42|P|2.5\\rPID|1||123||Doe^Jane\\r")
>>> msg["PID-5-2"]
'Jane'
"""

from ._native import hl7 as _native

Batch = _native.Batch
Component = _native.Component
Deframer = _native.Deframer
Delimiters = _native.Delimiters
Field = _native.Field
Frame = _native.Frame
Message = _native.Message
MessageBuilder = _native.MessageBuilder
MessageType = _native.MessageType
Repetition = _native.Repetition
Segment = _native.Segment
Subcomponent = _native.Subcomponent
UnknownEscape = _native.UnknownEscape
ValidationReport = _native.ValidationReport
Validator = _native.Validator
Warning = _native.Warning

build_ack = _native.build_ack
escape = _native.escape
frame = _native.frame
parse = _native.parse
parse_batch = _native.parse_batch
parse_many = _native.parse_many
unescape = _native.unescape
unescape_checked = _native.unescape_checked

__all__ = [
    "Batch",
    "Component",
    "Deframer",
    "Delimiters",
    "Field",
    "Frame",
    "Message",
    "MessageBuilder",
    "MessageType",
    "Repetition",
    "Segment",
    "Subcomponent",
    "UnknownEscape",
    "ValidationReport",
    "Validator",
    "Warning",
    "build_ack",
    "escape",
    "frame",
    "parse",
    "parse_batch",
    "parse_many",
    "unescape",
    "unescape_checked",
]
