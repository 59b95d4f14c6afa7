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

Every other capability has its own branch, one class per error code (the class name is the
code in CamelCase plus ``Error``):

    MedcoreError
    └── TriageError
        ├── TriageOutOfRangeError              TRIAGE_OUT_OF_RANGE
        ├── TriageUnknownCodeError             TRIAGE_UNKNOWN_CODE
        ├── TriageInconsistentInputError       TRIAGE_INCONSISTENT_INPUT
        ├── TriageInvalidTableError            TRIAGE_INVALID_TABLE
    └── PiiError
        ├── PiiAuthFailedError                 PII_AUTH_FAILED
        ├── PiiKeyDestroyedError               PII_KEY_DESTROYED
        ├── PiiKeyDisabledError                PII_KEY_DISABLED
        ├── PiiKeyUnknownError                 PII_KEY_UNKNOWN
        ├── PiiEnvelopeFormatError             PII_ENVELOPE_FORMAT
        ├── PiiTokenFormatError                PII_TOKEN_FORMAT
        ├── PiiNormalizeError                  PII_NORMALIZE
        ├── PiiKeyFormatError                  PII_KEY_FORMAT
        ├── PiiKeyStateError                   PII_KEY_STATE
        ├── PiiRandomError                     PII_RANDOM
        ├── PiiUnwrapError                     PII_UNWRAP
        ├── PiiDeidentifyError                 PII_DEIDENTIFY
        ├── PiiIoError                         PII_IO
    └── AuthzError
        ├── AuthzSyntaxError                   AUTHZ_SYNTAX
        ├── AuthzUnknownRoleError              AUTHZ_UNKNOWN_ROLE
        ├── AuthzUnknownActionError            AUTHZ_UNKNOWN_ACTION
        ├── AuthzUnknownResourceTypeError      AUTHZ_UNKNOWN_RESOURCE_TYPE
        ├── AuthzUnknownAttributeError         AUTHZ_UNKNOWN_ATTRIBUTE
        ├── AuthzInvalidPolicyError            AUTHZ_INVALID_POLICY
        ├── AuthzSchemaError                   AUTHZ_SCHEMA
        ├── AuthzBadRequestError               AUTHZ_BAD_REQUEST
        ├── AuthzFilterError                   AUTHZ_FILTER
    └── RoutingError
        ├── RoutingOsmPbfError                 ROUTING_OSM_PBF
        ├── RoutingEdgeListError               ROUTING_EDGE_LIST
        ├── RoutingEmptyGraphError             ROUTING_EMPTY_GRAPH
        ├── RoutingGraphFileError              ROUTING_GRAPH_FILE
        ├── RoutingNodeOutOfRangeError         ROUTING_NODE_OUT_OF_RANGE
        ├── RoutingEdgeOutOfRangeError         ROUTING_EDGE_OUT_OF_RANGE
        ├── RoutingTrafficError                ROUTING_TRAFFIC
        ├── RoutingCoordinatesError            ROUTING_COORDINATES
        ├── RoutingNoRoadNearbyError           ROUTING_NO_ROAD_NEARBY
        ├── RoutingDispatchError               ROUTING_DISPATCH
        ├── RoutingGeofenceError               ROUTING_GEOFENCE
    └── BillingError
        ├── BillingCurrencyMismatchError       BILLING_CURRENCY_MISMATCH
        ├── BillingInvalidCurrencyError        BILLING_INVALID_CURRENCY
        ├── BillingInvalidValueError           BILLING_INVALID_VALUE
        ├── BillingOverflowError               BILLING_OVERFLOW
        ├── BillingInvalidTransitionError      BILLING_INVALID_TRANSITION
        ├── BillingUnknownTaxCategoryError     BILLING_UNKNOWN_TAX_CATEGORY
        ├── BillingUnknownFiscalYearError      BILLING_UNKNOWN_FISCAL_YEAR
        ├── BillingUnknownDrgError             BILLING_UNKNOWN_DRG
        ├── BillingDataError                   BILLING_DATA
        ├── BillingInputError                  BILLING_INPUT
    └── FhirError
        ├── FhirJsonError                      FHIR_JSON
        ├── FhirMissingResourceTypeError       FHIR_MISSING_RESOURCE_TYPE
        ├── FhirUnknownElementError            FHIR_UNKNOWN_ELEMENT
        ├── FhirHl7ParseError                  FHIR_HL7_PARSE
        ├── FhirConversionError                FHIR_CONVERSION

Input that cannot be converted (a missing field, a wrong type) raises ``ValueError`` or
``TypeError``, as Python does.
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
    "TriageError",
    "TriageOutOfRangeError",
    "TriageUnknownCodeError",
    "TriageInconsistentInputError",
    "TriageInvalidTableError",
    "PiiError",
    "PiiAuthFailedError",
    "PiiKeyDestroyedError",
    "PiiKeyDisabledError",
    "PiiKeyUnknownError",
    "PiiEnvelopeFormatError",
    "PiiTokenFormatError",
    "PiiNormalizeError",
    "PiiKeyFormatError",
    "PiiKeyStateError",
    "PiiRandomError",
    "PiiUnwrapError",
    "PiiDeidentifyError",
    "PiiIoError",
    "AuthzError",
    "AuthzSyntaxError",
    "AuthzUnknownRoleError",
    "AuthzUnknownActionError",
    "AuthzUnknownResourceTypeError",
    "AuthzUnknownAttributeError",
    "AuthzInvalidPolicyError",
    "AuthzSchemaError",
    "AuthzBadRequestError",
    "AuthzFilterError",
    "RoutingError",
    "RoutingOsmPbfError",
    "RoutingEdgeListError",
    "RoutingEmptyGraphError",
    "RoutingGraphFileError",
    "RoutingNodeOutOfRangeError",
    "RoutingEdgeOutOfRangeError",
    "RoutingTrafficError",
    "RoutingCoordinatesError",
    "RoutingNoRoadNearbyError",
    "RoutingDispatchError",
    "RoutingGeofenceError",
    "BillingError",
    "BillingCurrencyMismatchError",
    "BillingInvalidCurrencyError",
    "BillingInvalidValueError",
    "BillingOverflowError",
    "BillingInvalidTransitionError",
    "BillingUnknownTaxCategoryError",
    "BillingUnknownFiscalYearError",
    "BillingUnknownDrgError",
    "BillingDataError",
    "BillingInputError",
    "FhirError",
    "FhirJsonError",
    "FhirMissingResourceTypeError",
    "FhirUnknownElementError",
    "FhirHl7ParseError",
    "FhirConversionError",
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


class TriageError(MedcoreError):
    """An error of the triage instruments."""


class TriageOutOfRangeError(TriageError):
    """A value is impossible (SpO2 above 100, a negative rate); the message names the field."""


class TriageUnknownCodeError(TriageError):
    """A code is not one the instrument knows (an ACVPU letter, a finding)."""


class TriageInconsistentInputError(TriageError):
    """Inputs contradict each other."""


class TriageInvalidTableError(TriageError):
    """A band, age or rule table is malformed."""


class PiiError(MedcoreError):
    """An error of the PII engine (tokens, encryption, keys, de-identification)."""


class PiiAuthFailedError(PiiError):
    """Decryption failed; every cryptographic failure is this one opaque error."""


class PiiKeyDestroyedError(PiiError):
    """The envelope's key was destroyed."""


class PiiKeyDisabledError(PiiError):
    """The key is disabled or below the minimum decryption version."""


class PiiKeyUnknownError(PiiError):
    """No key with that id."""


class PiiEnvelopeFormatError(PiiError):
    """The envelope is malformed."""


class PiiTokenFormatError(PiiError):
    """A token or identifier type is malformed."""


class PiiNormalizeError(PiiError):
    """The value cannot be read as its identifier type."""


class PiiKeyFormatError(PiiError):
    """A key, key spec or keyring document is malformed."""


class PiiKeyStateError(PiiError):
    """The keyring's key states do not allow the operation."""


class PiiRandomError(PiiError):
    """The OS random number generator failed."""


class PiiUnwrapError(PiiError):
    """The key-encryption key (or the host callback) could not unwrap a key."""


class PiiDeidentifyError(PiiError):
    """The segment cannot be de-identified."""


class PiiIoError(PiiError):
    """Reading a key file failed."""


class AuthzError(MedcoreError):
    """An error of the authorization engine (policy loading, requests, filters)."""


class AuthzSyntaxError(AuthzError):
    """Policy text does not parse; the message names source:line:column."""


class AuthzUnknownRoleError(AuthzError):
    """A policy names a role the schema does not declare."""


class AuthzUnknownActionError(AuthzError):
    """A policy names an action the schema does not declare."""


class AuthzUnknownResourceTypeError(AuthzError):
    """A policy names a resource type the schema does not declare."""


class AuthzUnknownAttributeError(AuthzError):
    """A policy uses an attribute the schema does not declare."""


class AuthzInvalidPolicyError(AuthzError):
    """A policy is well formed but invalid."""


class AuthzSchemaError(AuthzError):
    """The schema is malformed."""


class AuthzBadRequestError(AuthzError):
    """A request is malformed."""


class AuthzFilterError(AuthzError):
    """A query filter cannot be built."""


class RoutingError(MedcoreError):
    """An error of the routing engine."""


class RoutingOsmPbfError(RoutingError):
    """An OpenStreetMap PBF file cannot be read."""


class RoutingEdgeListError(RoutingError):
    """An edge list is malformed."""


class RoutingEmptyGraphError(RoutingError):
    """The graph has no usable roads."""


class RoutingGraphFileError(RoutingError):
    """A prepared graph file is malformed or of another version."""


class RoutingNodeOutOfRangeError(RoutingError):
    """A node id is not in the graph."""


class RoutingEdgeOutOfRangeError(RoutingError):
    """An edge id is not in the graph."""


class RoutingTrafficError(RoutingError):
    """A traffic update is invalid."""


class RoutingCoordinatesError(RoutingError):
    """A position is invalid or the graph has no coordinates."""


class RoutingNoRoadNearbyError(RoutingError):
    """No road within the snapping radius."""


class RoutingDispatchError(RoutingError):
    """Dispatch input is invalid."""


class RoutingGeofenceError(RoutingError):
    """A geofence is invalid."""


class BillingError(MedcoreError):
    """An error of the billing engine (money, invoices, adjudication, grouping, pricing)."""


class BillingCurrencyMismatchError(BillingError):
    """Amounts in different currencies were combined."""


class BillingInvalidCurrencyError(BillingError):
    """A currency code is unknown."""


class BillingInvalidValueError(BillingError):
    """An amount, rate or quantity is invalid."""


class BillingOverflowError(BillingError):
    """An amount is too large."""


class BillingInvalidTransitionError(BillingError):
    """The invoice's status does not allow the operation."""


class BillingUnknownTaxCategoryError(BillingError):
    """A line names a tax category the invoice does not define."""


class BillingUnknownFiscalYearError(BillingError):
    """No pricing parameters for the fiscal year."""


class BillingUnknownDrgError(BillingError):
    """No weight for the DRG."""


class BillingDataError(BillingError):
    """Bundled or supplied tables are malformed."""


class BillingInputError(BillingError):
    """An input is invalid."""


class FhirError(MedcoreError):
    """An error reading, validating or converting FHIR data."""


class FhirJsonError(FhirError):
    """The input is not JSON, or not the shape a FHIR element requires."""


class FhirMissingResourceTypeError(FhirError):
    """A JSON object has no string ``resourceType``."""


class FhirUnknownElementError(FhirError):
    """Strict reading: an element the models do not know."""


class FhirHl7ParseError(FhirError):
    """The HL7 v2 message could not be parsed (the HL7 code is in the message)."""


class FhirConversionError(FhirError):
    """The HL7 v2 message lacks something the conversion needs (e.g. no MSH, no PID)."""
