//! Error mapping and the panic boundary: every core error becomes a JS `Error` whose `code` is
//! the core's stable code (e.g. `HL7_PARSE_SEGMENT`) and whose message names the location.

use medcore::hl7::Hl7Error;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The result type of every export: the error's status string becomes `err.code` in JS.
pub(crate) type Result<T> = napi::Result<T, String>;

/// Code of the error raised when Rust panicked (a bug, never expected).
pub(crate) const PANIC_CODE: &str = "MEDCORE_PANIC";

/// A JS error with this code and message.
pub(crate) fn error(code: &str, message: String) -> napi::Error<String> {
    napi::Error::new(code.to_string(), message)
}

/// The JS error for an HL7 error.
pub(crate) fn hl7(e: Hl7Error) -> napi::Error<String> {
    error(e.code(), e.to_string())
}

/// The JS error for an HL7 error of the `index`-th item of a batch call.
pub(crate) fn hl7_at(index: usize, e: &Hl7Error) -> napi::Error<String> {
    error(e.code(), format!("item {index}: {e}"))
}

/// The message a panic carried.
pub(crate) fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    let text = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".into());
    format!("internal error (Rust panic): {text}")
}

/// Runs `f`, turning a panic into an error with code `MEDCORE_PANIC`.
pub(crate) fn guard<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(error(PANIC_CODE, panic_message(payload))))
}

/// Code of the error raised for an argument value the host cannot convert (Node's own code).
pub(crate) const INVALID_ARG: &str = "ERR_INVALID_ARG_VALUE";

/// The JS error for an argument value that names nothing the core knows (an unknown enum
/// name, an out-of-range number).
pub(crate) fn invalid_arg(message: String) -> napi::Error<String> {
    error(INVALID_ARG, message)
}

/// The JS error for a triage error (`TRIAGE_OUT_OF_RANGE`, `TRIAGE_UNKNOWN_CODE`...).
pub(crate) fn triage(e: medcore::triage::TriageError) -> napi::Error<String> {
    error(e.code(), e.to_string())
}

/// The JS error for a PII error (`PII_AUTH_FAILED`, `PII_KEY_UNKNOWN`...).
pub(crate) fn pii(e: medcore::pii::PiiError) -> napi::Error<String> {
    error(e.code(), e.to_string())
}

/// The JS error for an authorization error (`AUTHZ_SYNTAX`, `AUTHZ_UNKNOWN_ROLE`...).
pub(crate) fn authz(e: medcore::authz::AuthzError) -> napi::Error<String> {
    error(e.code(), e.to_string())
}
