//! The crate's one error type.

use std::fmt;

/// Everything that can go wrong reading, validating or converting FHIR data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FhirError {
    /// The input is not JSON, or not the JSON shape a FHIR element requires.
    Json {
        /// Where (a FHIRPath-like location) the problem is.
        location: String,
        /// What the JSON reader reported.
        message: String,
    },
    /// A JSON object has no `resourceType`, or a non-string one.
    MissingResourceType {
        /// Where the resource is.
        location: String,
    },
    /// Strict mode: an element that the models do not know.
    UnknownElement {
        /// The unknown element's path, e.g. `Patient.foo`.
        location: String,
    },
    /// The HL7 v2 message could not be parsed.
    Hl7 {
        /// The HL7 error code (e.g. `HL7_PARSE_SEGMENT`).
        hl7_code: &'static str,
        /// The HL7 error message, naming the location.
        message: String,
    },
    /// The HL7 v2 message lacks something the conversion needs (e.g. no MSH, no PID).
    Conversion {
        /// The segment or field concerned (e.g. `MSH-9`).
        location: String,
        /// What is missing or wrong.
        message: String,
    },
}

impl FhirError {
    /// A stable machine-readable code for the variant.
    pub fn code(&self) -> &'static str {
        match self {
            FhirError::Json { .. } => "FHIR_JSON",
            FhirError::MissingResourceType { .. } => "FHIR_MISSING_RESOURCE_TYPE",
            FhirError::UnknownElement { .. } => "FHIR_UNKNOWN_ELEMENT",
            FhirError::Hl7 { .. } => "FHIR_HL7_PARSE",
            FhirError::Conversion { .. } => "FHIR_CONVERSION",
        }
    }
}

impl fmt::Display for FhirError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FhirError::Json { location, message } => {
                write!(f, "{location}: invalid JSON: {message}")
            }
            FhirError::MissingResourceType { location } => {
                write!(f, "{location}: resource has no string resourceType")
            }
            FhirError::UnknownElement { location } => write!(f, "{location}: unknown element"),
            FhirError::Hl7 { hl7_code, message } => write!(f, "HL7 v2 ({hl7_code}): {message}"),
            FhirError::Conversion { location, message } => write!(f, "{location}: {message}"),
        }
    }
}

impl std::error::Error for FhirError {}

impl From<medcore_hl7::Hl7Error> for FhirError {
    fn from(e: medcore_hl7::Hl7Error) -> Self {
        FhirError::Hl7 {
            hl7_code: e.code(),
            message: e.to_string(),
        }
    }
}
