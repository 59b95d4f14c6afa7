//! JSON text in / JSON text out, for documents and complex inputs (policy text, consents,
//! plans, invoices, ESI findings, ...): the core crates' serde types, unchanged.
//!
//! Inputs are NUL-terminated UTF-8 JSON text; a text that does not match the documented shape
//! fails with `MEDCORE_JSON_INVALID`. Outputs are new strings owned by the caller (freed with
//! `medcore_string_free`). Batch calls take a JSON array and return a JSON array with one
//! element per input: the result, or `{"error": {"code": "...", "message": "..."}}`.

use crate::ffi::{cstr, Failure};
use crate::medcore_status;
use crate::strings::new_string;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::ffi::c_char;

/// Reads JSON text into a core type.
///
/// # Safety
/// `s` must be NULL or a NUL-terminated string.
pub unsafe fn parse<T: DeserializeOwned>(s: *const c_char, what: &str) -> Result<T, Failure> {
    let text = unsafe { cstr(s, what)? };
    from_text(text, what)
}

/// Reads JSON text (already a `&str`) into a core type.
pub fn from_text<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, Failure> {
    serde_json::from_str(text).map_err(|e| invalid(what, e))
}

/// A `MEDCORE_JSON_INVALID` failure naming the argument.
pub fn invalid(what: &str, e: impl std::fmt::Display) -> Failure {
    Failure {
        status: medcore_status::MEDCORE_JSON_INVALID,
        code: "MEDCORE_JSON_INVALID".into(),
        message: format!("`{what}`: {e}"),
        location: None,
    }
}

/// Serializes a value to JSON text.
pub fn to_text<T: Serialize + ?Sized>(value: &T) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(|e| Failure::invalid(format!("serializing: {e}")))
}

/// Writes a value as a new JSON string through `out`.
///
/// # Safety
/// `out` must be NULL or valid for writes.
pub unsafe fn write_json<T: Serialize + ?Sized>(
    value: &T,
    out: *mut *mut c_char,
) -> Result<(), Failure> {
    if out.is_null() {
        return Err(Failure::invalid("`out_json` is NULL"));
    }
    let text = to_text(value)?;
    // SAFETY: checked non-NULL; the caller guarantees it is valid for writes.
    unsafe { out.write(new_string(&text)) };
    Ok(())
}

/// The batch element for a failure: `{"error": {"code": ..., "message": ...}}`.
pub fn error_value(f: &Failure) -> serde_json::Value {
    serde_json::json!({"error": {"code": f.code, "message": f.message}})
}

/// Runs `run` over every element of a JSON array and writes the JSON array of results (a
/// failed element becomes `{"error": {...}}`).
///
/// # Safety
/// `inputs` must be NULL or a NUL-terminated string; `out` NULL or valid for writes.
pub unsafe fn batch<I: DeserializeOwned, O: Serialize>(
    inputs: *const c_char,
    what: &str,
    out: *mut *mut c_char,
    run: impl Fn(&I) -> Result<O, Failure>,
) -> Result<(), Failure> {
    let items: Vec<serde_json::Value> = unsafe { parse(inputs, what)? };
    let results: Vec<serde_json::Value> = items
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            serde_json::from_value::<I>(v)
                .map_err(|e| invalid(&format!("{what}[{i}]"), e))
                .and_then(|input| run(&input))
                .and_then(|o| {
                    serde_json::to_value(o)
                        .map_err(|e| Failure::invalid(format!("serializing: {e}")))
                })
                .unwrap_or_else(|f| error_value(&f))
        })
        .collect();
    unsafe { write_json(&results, out) }
}
