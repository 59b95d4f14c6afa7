//! medcore for Kotlin and Swift, through UniFFI.
//!
//! This crate only converts types and maps errors: every piece of logic lives in `medcore`.
//! One module per capability (`hl7`, `hl7_validate`, `triage`, `authz`, `routing`, `pii`, `billing`, `billing_invoice`, `billing_adjudication`, `fhir`); each adds its variant to [`MedcoreError`].
//!
//! Panics: every fallible export runs through [`guard`], which turns a panic into
//! `MedcoreError::Internal` (code `MEDCORE_PANIC`); UniFFI's own scaffolding also catches panics
//! in the infallible ones and raises them as an internal exception in the host. No panic unwinds
//! into the host.
#![warn(missing_docs)]

pub mod authz;
pub mod billing;
pub mod billing_adjudication;
pub mod billing_invoice;
mod error;
pub mod fhir;
pub mod hl7;
pub mod hl7_validate;
pub mod pii;
pub mod routing;
#[cfg(feature = "test-panic")]
pub mod testing;
pub mod triage;

pub use error::{guard, MedcoreError};

uniffi::setup_scaffolding!();

/// The library version, e.g. `0.1.0`.
#[uniffi::export]
pub fn medcore_version() -> String {
    medcore::VERSION.to_string()
}
