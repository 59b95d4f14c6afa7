//! Maps core errors to the exception classes declared in `python/medcore/errors.py`
//! (one class per error kind, each carrying the core's stable `code`).

use medcore::hl7::Hl7Error;
use pyo3::prelude::*;

/// The exception class (in `medcore.errors`) for an HL7 error.
fn hl7_class(e: &Hl7Error) -> &'static str {
    match e {
        Hl7Error::NotAMessage { .. }
        | Hl7Error::Delimiters { .. }
        | Hl7Error::Segment { .. }
        | Hl7Error::MultipleMessages { .. }
        | Hl7Error::TooLarge { .. } => "Hl7ParseError",
        Hl7Error::Charset { .. } => "Hl7CharsetError",
        Hl7Error::Path { .. } => "Hl7PathError",
        Hl7Error::Encode { .. } => "Hl7EncodeError",
        Hl7Error::Batch { .. } => "Hl7BatchError",
        Hl7Error::Mllp { .. } => "MllpError",
        Hl7Error::Io { .. } => "Hl7IoError",
        _ => "Hl7Error",
    }
}

/// Builds `medcore.errors.<class>(message, code)`.
pub(crate) fn exception(class: &str, code: &str, message: String) -> PyErr {
    Python::attach(|py| {
        let made = py
            .import("medcore.errors")
            .and_then(|m| m.getattr(class))
            .and_then(|cls| cls.call1((message, code)));
        match made {
            Ok(instance) => PyErr::from_value(instance),
            Err(e) => e,
        }
    })
}

/// The exception for an HL7 error.
pub(crate) fn hl7(e: Hl7Error) -> PyErr {
    exception(hl7_class(&e), e.code(), e.to_string())
}

/// The exception for an HL7 error of the `index`-th item of a batch call.
pub(crate) fn hl7_at(index: usize, e: Hl7Error) -> PyErr {
    exception(hl7_class(&e), e.code(), format!("item {index}: {e}"))
}

/// The `medcore.errors` class name for a core error code: `PII_AUTH_FAILED` ->
/// `PiiAuthFailedError` (one class per code, declared in `python/medcore/errors.py`).
fn class_for_code(code: &str) -> String {
    let mut name = String::with_capacity(code.len() + 5);
    for part in code.split('_').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    name.push_str("Error");
    name
}

/// Builds the exception for a core error of a capability whose classes are named after the
/// codes; `base` (for example `PiiError`) is used for a code without its own class.
fn coded(base: &str, code: &str, message: String) -> PyErr {
    let class = class_for_code(code);
    let known = Python::attach(|py| {
        py.import("medcore.errors")
            .map(|m| m.hasattr(class.as_str()).unwrap_or(false))
            .unwrap_or(false)
    });
    exception(if known { &class } else { base }, code, message)
}

/// The exception for a triage error.
pub(crate) fn triage(e: medcore::triage::TriageError) -> PyErr {
    coded("TriageError", e.code(), e.to_string())
}

/// The exception for a triage error of the `index`-th item of a batch call.
pub(crate) fn triage_at(index: usize, e: medcore::triage::TriageError) -> PyErr {
    coded("TriageError", e.code(), format!("item {index}: {e}"))
}

/// The exception for a PII error.
pub(crate) fn pii(e: medcore::pii::PiiError) -> PyErr {
    coded("PiiError", e.code(), e.to_string())
}

/// The exception for a PII error of the `index`-th item of a batch call.
pub(crate) fn pii_at(index: usize, e: medcore::pii::PiiError) -> PyErr {
    coded("PiiError", e.code(), format!("item {index}: {e}"))
}

/// The exception for an authorization error.
pub(crate) fn authz(e: medcore::authz::AuthzError) -> PyErr {
    coded("AuthzError", e.code(), e.to_string())
}

/// The exception for a routing error.
pub(crate) fn routing(e: medcore::routing::RoutingError) -> PyErr {
    coded("RoutingError", e.code(), e.to_string())
}

/// The exception for a billing error.
pub(crate) fn billing(e: medcore::billing::BillingError) -> PyErr {
    coded("BillingError", e.code(), e.to_string())
}

/// The exception for a billing error of the `index`-th item of a batch call.
pub(crate) fn billing_at(index: usize, e: medcore::billing::BillingError) -> PyErr {
    coded("BillingError", e.code(), format!("item {index}: {e}"))
}

/// The exception for a FHIR error.
pub(crate) fn fhir(e: medcore::fhir::FhirError) -> PyErr {
    coded("FhirError", e.code(), e.to_string())
}

/// The exception for a FHIR error of the `index`-th item of a batch call.
pub(crate) fn fhir_at(index: usize, e: medcore::fhir::FhirError) -> PyErr {
    coded("FhirError", e.code(), format!("item {index}: {e}"))
}
