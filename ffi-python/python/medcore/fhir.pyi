"""FHIR R4: resources, validation, HL7 v2 to FHIR and back, de-identification, masking."""

from collections.abc import Iterable, Mapping
from typing import Any, Literal, Optional, Union, final

from .authz import Decision
from .errors import FhirError
from .hl7 import Message
from .pii import Tokenizer

_Json = Union[dict[str, Any], str, bytes, bytearray]
_ResourceIn = Union[Resource, _Json]
_V2In = Union[Message, str, bytes, bytearray]
_BundleKind = Optional[Literal["batch", "transaction"]]

__all__ = [
    "Conversion",
    "ConvertWarning",
    "Deidentified",
    "Issue",
    "Masked",
    "Resource",
    "V2Segments",
    "apply_decision",
    "apply_obligations",
    "apply_obligations_bundle",
    "bundle_to_v2",
    "bundle_to_v2_batch",
    "deidentify_bundle",
    "deidentify_resource",
    "encounter_to_pv1",
    "from_v2",
    "from_v2_batch",
    "linkable_policy",
    "observation_to_obx",
    "parse",
    "parse_bundle",
    "patient_to_pid",
    "v2_to_bundle_json",
    "v2_to_bundle_json_batch",
]

@final
class Resource:
    """A FHIR R4 resource read from JSON, held in Rust."""

    @staticmethod
    def parse(data: _ResourceIn, strict: bool = False) -> Resource:
        """Reads a resource (see ``medcore.fhir.parse``)."""
    @property
    def resource_type(self) -> str:
        """The resource type, e.g. ``Patient``."""
    @property
    def id(self) -> Optional[str]:
        """The logical id, when present."""
    def to_json(self) -> str:
        """The resource as compact FHIR JSON text."""
    def to_dict(self) -> dict[str, Any]:
        """The resource as plain Python data (the FHIR JSON shape)."""
    def validate(self) -> list[Issue]:
        """Structural validation (required elements, cardinality, required bindings; for a
        Bundle also duplicate entries and references that resolve nowhere)."""
    def is_valid(self) -> bool:
        """Whether validation finds no error (warnings allowed)."""
    def operation_outcome(self) -> Resource:
        """The validation findings as an OperationOutcome resource."""
    def __eq__(self, other: object, /) -> bool: ...

@final
class Issue:
    """One structural validation finding."""

    @property
    def severity(self) -> Literal["error", "warning"]:
        """``error`` (not valid R4) or ``warning``."""
    @property
    def code(self) -> str:
        """Stable rule code, e.g. ``FHIR_REQUIRED``, ``FHIR_BINDING``."""
    @property
    def location(self) -> str:
        """The element path, e.g. ``Observation.code``."""
    @property
    def message(self) -> str:
        """What is wrong."""
    def to_dict(self) -> dict[str, str]:
        """The finding as a dict (``severity``, ``code``, ``location``, ``message``)."""
    def __eq__(self, other: object, /) -> bool: ...

def parse(data: _ResourceIn, strict: bool = False) -> Resource:
    """Reads one resource from a dict, JSON ``str`` or UTF-8 ``bytes``. ``strict`` rejects
    elements the models do not know (``FhirUnknownElementError``); otherwise they are kept."""

def parse_bundle(data: _ResourceIn, strict: bool = False) -> Resource:
    """Reads a Bundle (see ``parse``); any other resource type raises ``FhirJsonError``."""

@final
class ConvertWarning:
    """Something the conversion could not carry over exactly."""

    @property
    def location(self) -> str:
        """The v2 location, e.g. ``PID-7`` (``HL7`` for a parse warning)."""
    @property
    def message(self) -> str:
        """What happened."""
    def __eq__(self, other: object, /) -> bool: ...

@final
class Conversion:
    """A converted message: the Bundle and the warnings."""

    @property
    def bundle(self) -> Resource:
        """The Bundle."""
    @property
    def warnings(self) -> list[ConvertWarning]:
        """Values not carried over exactly (HL7 parse warnings included)."""
    @property
    def bundle_json(self) -> str:
        """The Bundle as FHIR JSON text."""

def from_v2(
    message: _V2In, bundle_kind: _BundleKind = None, default_offset: Optional[str] = None
) -> Conversion:
    """Converts one HL7 v2 message (text, bytes or a parsed ``medcore.hl7.Message``) to a FHIR
    R4 Bundle following the HL7 V2-to-FHIR IG."""

def from_v2_batch(
    messages: Iterable[_V2In],
    bundle_kind: _BundleKind = None,
    default_offset: Optional[str] = None,
    return_exceptions: bool = False,
) -> list[Union[Conversion, FhirError]]:
    """Converts many messages, releasing the GIL. The first failure raises; with
    ``return_exceptions=True`` the error takes the item's place instead."""

def v2_to_bundle_json(
    message: _V2In, bundle_kind: _BundleKind = None, default_offset: Optional[str] = None
) -> str:
    """Converts one message straight to Bundle JSON text (warnings dropped)."""

def v2_to_bundle_json_batch(
    messages: Iterable[_V2In],
    bundle_kind: _BundleKind = None,
    default_offset: Optional[str] = None,
) -> list[str]:
    """``v2_to_bundle_json`` for many messages, releasing the GIL."""

@final
class V2Segments:
    """The v2 segments made from a Bundle: its first Patient, first Encounter and every
    Observation."""

    @property
    def pid(self) -> Optional[str]:
        """PID from the first Patient."""
    @property
    def pv1(self) -> Optional[str]:
        """PV1 from the first Encounter."""
    @property
    def obx(self) -> list[str]:
        """OBX from each Observation, in bundle order, numbered from 1."""
    def to_text(self) -> str:
        """The segments joined with the v2 segment terminator (``\\r``)."""
    def to_dict(self) -> dict[str, Any]:
        """The segments as a dict (``pid``, ``pv1``, ``obx``)."""
    def __eq__(self, other: object, /) -> bool: ...

def bundle_to_v2(bundle: _ResourceIn) -> V2Segments:
    """PID, PV1 and OBX segments from a Bundle."""

def bundle_to_v2_batch(bundles: Iterable[_ResourceIn]) -> list[V2Segments]:
    """``bundle_to_v2`` for many bundles, releasing the GIL."""

def patient_to_pid(patient: _ResourceIn) -> str:
    """The PID segment of a Patient."""

def encounter_to_pv1(encounter: _ResourceIn, bundle: Optional[_ResourceIn] = None) -> str:
    """The PV1 segment of an Encounter; ``bundle`` resolves its participants and locations."""

def observation_to_obx(
    observation: _ResourceIn, set_id: int = 1, bundle: Optional[_ResourceIn] = None
) -> str:
    """The OBX segment of an Observation, numbered ``set_id``; ``bundle`` resolves its
    performers."""

@final
class Deidentified:
    """A de-identified resource or bundle and what was changed."""

    @property
    def value(self) -> Resource:
        """The de-identified resource or bundle."""
    @property
    def changes(self) -> list[dict[str, str]]:
        """Every element changed, in document order: ``path``, ``kind``, ``action``."""

@final
class Masked:
    """A masked resource or bundle and what was changed."""

    @property
    def value(self) -> Resource:
        """The masked resource or bundle."""
    @property
    def changes(self) -> list[dict[str, str]]:
        """Every element changed: ``path``, ``obligation`` (MASK or REDACT), ``field``."""

def deidentify_resource(
    resource: _ResourceIn,
    as_of: Optional[str] = None,
    policy: Optional[Mapping[str, Any]] = None,
    tokenizer: Optional[Tokenizer] = None,
) -> Deidentified:
    """De-identifies one resource (HIPAA Safe Harbor); ``as_of`` alone gives the defaults,
    ``policy`` is a ``DeidPolicy`` dict, ``tokenizer`` serves ``tokenize`` actions."""

def deidentify_bundle(
    bundle: _ResourceIn,
    as_of: Optional[str] = None,
    policy: Optional[Mapping[str, Any]] = None,
    tokenizer: Optional[Tokenizer] = None,
) -> Deidentified:
    """De-identifies every resource of a Bundle, releasing the GIL; ids, ``fullUrl``s and
    references are rewritten consistently."""

def linkable_policy(as_of: str, tenant: str) -> dict[str, Any]:
    """Safe Harbor defaults, except that identifiers, names and telecoms are tokenized."""

def apply_obligations(
    resource: _ResourceIn, obligations: Iterable[Mapping[str, Any]]
) -> Masked:
    """Applies the MASK and REDACT obligations to one resource."""

def apply_decision(resource: _ResourceIn, decision: Decision) -> Masked:
    """Applies a ``medcore.authz.Decision``'s MASK and REDACT obligations to one resource."""

def apply_obligations_bundle(
    bundle: _ResourceIn, obligations: Iterable[Mapping[str, Any]]
) -> Masked:
    """Applies the MASK and REDACT obligations to every resource of a Bundle."""
