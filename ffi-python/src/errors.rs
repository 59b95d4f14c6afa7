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
