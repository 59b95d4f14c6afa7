//! Python bindings of medcore: the native module `medcore._native`.
//!
//! One glue module per capability (`hl7.rs`, `triage.rs`, `pii.rs`, `authz.rs`, `routing.rs`,
//! `billing.rs`, `fhir.rs`), each registering a child module that the
//! Python package re-exports as `medcore.<capability>`. The glue only converts types, maps
//! errors (`errors.rs`) and releases the GIL around batch work; every piece of logic lives in
//! the `medcore` crate.
#![warn(missing_docs)]

use pyo3::prelude::*;

mod authz;
mod billing;
mod conv;
mod errors;
mod fhir;
mod hl7;
mod pii;
mod routing;
mod triage;

/// Test-only hook: panics inside Rust, to prove a panic surfaces as a Python exception.
#[cfg(feature = "test-panic")]
#[pyfunction]
fn _panic_for_test(message: &str) {
    medcore::testing::panic_for_test(message)
}

/// The native module.
#[pymodule]
#[pyo3(name = "_native")]
fn medcore_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", medcore::VERSION)?;
    hl7::register(m)?;
    triage::register(m)?;
    pii::register(m)?;
    authz::register(m)?;
    routing::register(m)?;
    billing::register(m)?;
    fhir::register(m)?;
    #[cfg(feature = "test-panic")]
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    Ok(())
}
