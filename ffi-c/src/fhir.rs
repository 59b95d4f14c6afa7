//! FHIR R4 (medcore-fhir) in the C ABI: resources read from FHIR JSON and held as handles
//! (`medcore_fhir_resource`: type, id, JSON, structural validation, OperationOutcome, the way
//! back to HL7 v2 segments, Safe Harbor de-identification and MASK/REDACT obligations), and HL7
//! v2 messages converted to a FHIR Bundle (single and batch).
//!
//! FHIR resources cross as JSON text (the core reads and writes it with an exact round trip,
//! key order aside); every other document (options, issues, policies, obligations, changes) is
//! JSON text in the core serde shapes.

use crate::ffi::{boundary, cstr, handle, status, write, Failure};
use crate::json::{self, write_json};
use crate::medcore_status;
use crate::pii::medcore_pii_tokenizer;
use medcore::authz::Obligation;
use medcore::fhir::{self as core, convert, deid, mask, to_v2, validate, FhirError, Resource};
use medcore::pii::DeidPolicy;
use std::ffi::{c_char, CString};

impl From<FhirError> for Failure {
    fn from(e: FhirError) -> Failure {
        Failure::core(e.code(), e.to_string())
    }
}

fn c(s: &str) -> CString {
    CString::new(s.replace('\0', "\\0")).unwrap_or_default()
}

/// A FHIR R4 resource (a Bundle included) read from JSON. Immutable: one handle may be shared
/// by threads. Free with `medcore_fhir_resource_free`.
pub struct medcore_fhir_resource {
    inner: Resource,
    resource_type: CString,
    id: Option<CString>,
}

/// Reads a resource from FHIR JSON (`json`, borrowed for the call). `strict` 1 rejects
/// elements the models do not know (`MEDCORE_FHIR_UNKNOWN_ELEMENT`, naming the first); with 0
/// they are kept. Either way, writing the resource back gives the same JSON (key order aside).
/// Text that is not a FHIR resource fails with `MEDCORE_FHIR_JSON` or
/// `MEDCORE_FHIR_MISSING_RESOURCE_TYPE`. `*out` receives a new caller-owned handle.
///
/// # Safety
/// `json` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_fhir_resource_parse(
    json: *const c_char,
    strict: u8,
    out: *mut *mut medcore_fhir_resource,
) -> medcore_status {
    status(|| {
        let text = unsafe { cstr(json, "json")? };
        let mode = if strict != 0 {
            core::ReadMode::Strict
        } else {
            core::ReadMode::Lenient
        };
        let inner = core::parse_resource(text, mode)?;
        let h = Box::into_raw(Box::new(medcore_fhir_resource {
            resource_type: c(inner.resource_type()),
            id: inner.id().map(c),
            inner,
        }));
        unsafe { write(out, h, "out") }
    })
}

/// Frees a resource. NULL is allowed.
///
/// # Safety
/// `resource` NULL or a live handle not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_fhir_resource_free(resource: *mut medcore_fhir_resource) {
    boundary(|| {
        if !resource.is_null() {
            // SAFETY: made by Box::into_raw in `medcore_fhir_resource_parse`.
            drop(unsafe { Box::from_raw(resource) });
        }
    })
}

/// The resource type (e.g. `"Patient"`, `"Bundle"`), borrowed from the handle (valid while it
/// lives), or NULL for NULL.
///
/// # Safety
/// `resource` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn medcore_fhir_resource_type(
    resource: *const medcore_fhir_resource,
) -> *const c_char {
    boundary(|| {
        // SAFETY: the caller guarantees a live handle or NULL.
        unsafe { resource.as_ref() }.map_or(std::ptr::null(), |r| r.resource_type.as_ptr())
    })
}

/// The logical id, borrowed from the handle (valid while it lives), or NULL when the resource
/// has none (or for NULL).
///
/// # Safety
/// `resource` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn medcore_fhir_resource_id(
    resource: *const medcore_fhir_resource,
) -> *const c_char {
    boundary(|| {
        // SAFETY: the caller guarantees a live handle or NULL.
        unsafe { resource.as_ref() }
            .and_then(|r| r.id.as_ref())
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// The resource as compact FHIR JSON. `*out_json` receives a new caller-owned string (free
/// with `medcore_string_free`).
///
/// # Safety
/// `resource` a live handle; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_fhir_resource_to_json(
    resource: *const medcore_fhir_resource,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let r = unsafe { handle(resource, "resource")? };
        unsafe {
            crate::strings::out_string(
                Some(&core::to_json(&r.inner)),
                out_json,
                std::ptr::null_mut(),
            )
        }
    })
}

fn findings(r: &Resource) -> Vec<validate::Issue> {
    match r {
        Resource::Bundle(b) => validate::validate_bundle(b),
        r => validate::validate_resource(r),
    }
}

/// Structural validation (required elements, cardinality, required bindings; for a Bundle
/// also duplicate entries and references that resolve nowhere). `*out_json` receives a new
/// caller-owned JSON array of issues `[{severity ("error", "warning"), code (e.g.
/// "FHIR_REQUIRED", "FHIR_BINDING"), location (e.g. "Observation.code"), message}]`, empty
/// when nothing is found.
///
/// # Safety
/// `resource` a live handle; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_fhir_resource_validate(
    resource: *const medcore_fhir_resource,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let r = unsafe { handle(resource, "resource")? };
        unsafe { write_json(&findings(&r.inner), out_json) }
    })
}

/// 1 when validation finds no error (warnings allowed), else 0 (also for NULL).
///
/// # Safety
/// `resource` NULL or a live handle.
#[no_mangle]
pub unsafe extern "C" fn medcore_fhir_resource_is_valid(
    resource: *const medcore_fhir_resource,
) -> u8 {
    boundary(|| {
        // SAFETY: the caller guarantees a live handle or NULL.
        unsafe { resource.as_ref() }
            .map_or(0, |r| u8::from(validate::is_valid(&findings(&r.inner))))
    })
}

/// The validation findings as an OperationOutcome resource. `*out_json` receives a new
/// caller-owned FHIR JSON string.
///
/// # Safety
/// `resource` a live handle; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_fhir_resource_operation_outcome(
    resource: *const medcore_fhir_resource,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let r = unsafe { handle(resource, "resource")? };
        let oo = Resource::from(validate::to_operation_outcome(&findings(&r.inner)));
        unsafe {
            crate::strings::out_string(Some(&core::to_json(&oo)), out_json, std::ptr::null_mut())
        }
    })
}

fn bundle_of(r: &Resource) -> Result<&core::Bundle, Failure> {
    match r {
        Resource::Bundle(b) => Ok(b),
        other => Err(Failure::core(
            "FHIR_CONVERSION",
            format!("a Bundle is required, not a {}", other.resource_type()),
        )),
    }
}

/// HL7 v2 segments from a Bundle resource: PID from its first Patient, PV1 from its first
/// Encounter, one OBX per Observation. `*out_json` receives a new caller-owned string `{pid
/// (text or null), pv1 (text or null), obx: [text, ...]}`; `*out_text` (NULL: not wanted) the
/// same segments joined with `\r`. A resource that is not a Bundle fails with
/// `MEDCORE_FHIR_CONVERSION`.
///
/// # Safety
/// `bundle` a live handle; `out_json` valid for writes; `out_text` NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_fhir_resource_to_v2(
    bundle: *const medcore_fhir_resource,
    out_json: *mut *mut c_char,
    out_text: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let r = unsafe { handle(bundle, "bundle")? };
        let segs = to_v2::bundle_to_v2(bundle_of(&r.inner)?);
        let text = json::to_text(&segs)?;
        if out_json.is_null() {
            return Err(Failure::invalid("`out_json` is NULL"));
        }
        // SAFETY: checked non-NULL; the caller guarantees validity.
        unsafe {
            out_json.write(crate::strings::new_string(&text));
            if !out_text.is_null() {
                out_text.write(crate::strings::new_string(&segs.to_text()));
            }
        }
        Ok(())
    })
}

/// The `medcore_fhir_resource_to_v2` segments of many Bundles: `bundles_json` is a JSON
/// array of Bundle resources (read leniently); `*out_json` receives a new caller-owned JSON
/// array with, per Bundle, `{pid, pv1, obx}` or `{"error": {"code", "message"}}`.
///
/// # Safety
/// `bundles_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_fhir_to_v2_batch(
    bundles_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| unsafe {
        json::batch(
            bundles_json,
            "bundles_json",
            out_json,
            |v: &serde_json::Value| {
                let r = core::model::from_value(v, core::ReadMode::Lenient)?;
                Ok(to_v2::bundle_to_v2(bundle_of(&r)?))
            },
        )
    })
}

unsafe fn convert_options(s: *const c_char) -> Result<core::ConvertOptions, Failure> {
    if s.is_null() {
        return Ok(core::ConvertOptions::default());
    }
    unsafe { json::parse(s, "options_json") }
}

/// The JSON of one conversion: `{bundle: <Bundle resource>, warnings: [{location, message}]}`.
fn conversion_value(c: &convert::Conversion) -> serde_json::Value {
    serde_json::json!({
        "bundle": core::model::to_value(&Resource::Bundle(Box::new(c.bundle.clone()))),
        "warnings": c.warnings,
    })
}

/// Converts one HL7 v2 message (`text`, `len` bytes of UTF-8, borrowed) to a FHIR R4 Bundle
/// (HL7 V2-to-FHIR IG mappings). `options_json` is NULL (defaults) or `{bundle_kind ("batch"
/// default, "transaction"), default_offset (e.g. "+01:00", "Z"; the offset assumed for v2
/// times sent without one)}`. `*out_bundle_json` receives a new caller-owned string: the
/// Bundle as FHIR JSON; `*out_warnings_json` (NULL: not wanted) a new caller-owned JSON array
/// `[{location (e.g. "PID-7"), message}]` of what could not be carried over exactly. Fails
/// with `MEDCORE_FHIR_HL7_PARSE` or `MEDCORE_FHIR_CONVERSION`.
///
/// # Safety
/// `text` points to `len` readable bytes; `options_json` NULL or NUL-terminated;
/// `out_bundle_json` valid for writes; `out_warnings_json` NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_fhir_from_v2(
    text: *const c_char,
    len: usize,
    options_json: *const c_char,
    out_bundle_json: *mut *mut c_char,
    out_warnings_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let input = unsafe { crate::ffi::text(text, len, "text")? };
        let o = unsafe { convert_options(options_json)? };
        if out_bundle_json.is_null() {
            return Err(Failure::invalid("`out_bundle_json` is NULL"));
        }
        let conv = convert::convert_text(input, &o)?;
        let bundle = core::to_json(&Resource::Bundle(Box::new(conv.bundle)));
        let warnings = json::to_text(&conv.warnings)?;
        // SAFETY: checked non-NULL; the caller guarantees validity.
        unsafe {
            out_bundle_json.write(crate::strings::new_string(&bundle));
            if !out_warnings_json.is_null() {
                out_warnings_json.write(crate::strings::new_string(&warnings));
            }
        }
        Ok(())
    })
}

/// Converts `count` HL7 v2 messages (`texts[i]`, `lens[i]` bytes each, borrowed) in one call.
/// `options_json` as for `medcore_fhir_from_v2`. `*out_json` receives a new caller-owned JSON
/// array with, per message, `{bundle: <Bundle>, warnings: [...]}` or `{"error": {"code",
/// "message"}}`.
///
/// # Safety
/// `texts` and `lens` hold `count` entries (`texts[i]` readable for `lens[i]` bytes);
/// `options_json` NULL or NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_fhir_from_v2_batch(
    texts: *const *const c_char,
    lens: *const usize,
    count: usize,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let texts: &[*const c_char] = if count == 0 {
            &[]
        } else if texts.is_null() || lens.is_null() {
            return Err(Failure::invalid("`texts` or `lens` is NULL"));
        } else {
            // SAFETY: the caller guarantees `count` entries.
            unsafe { std::slice::from_raw_parts(texts, count) }
        };
        let lens: &[usize] = if count == 0 {
            &[]
        } else {
            // SAFETY: checked non-NULL above; the caller guarantees `count` entries.
            unsafe { std::slice::from_raw_parts(lens, count) }
        };
        let o = unsafe { convert_options(options_json)? };
        let mut inputs: Vec<Result<&str, Failure>> = Vec::with_capacity(count);
        for (i, (&t, &n)) in texts.iter().zip(lens).enumerate() {
            inputs.push(unsafe { crate::ffi::text(t, n, &format!("texts[{i}]")) });
        }
        let readable: Vec<&str> = inputs
            .iter()
            .filter_map(|r| r.as_ref().ok().copied())
            .collect();
        let mut converted = convert::convert_batch(&readable, &o).into_iter();
        let results: Vec<serde_json::Value> = inputs
            .iter()
            .map(|r| match r {
                Err(f) => json::error_value(f),
                Ok(_) => match converted.next() {
                    Some(Ok(c)) => conversion_value(&c),
                    Some(Err(e)) => json::error_value(&Failure::from(e)),
                    None => json::error_value(&Failure::invalid("missing conversion")),
                },
            })
            .collect();
        unsafe { write_json(&results, out_json) }
    })
}

/// De-identifies a resource (or every resource of a Bundle, with ids, fullUrls and references
/// rewritten consistently) under HIPAA Safe Harbor. `policy_json` (borrowed) is the pii
/// de-identification policy `{as_of ("2024-01-01": the date ages are computed at), tenant
/// (keys tokens), overrides: {<identifier kind>: "remove" | "tokenize" | "keep" | ...}}`;
/// `tokenizer` (NULL: none) keys the tokens and the replacement ids (without one, ids become
/// sequence numbers). `*out_json` receives a new caller-owned string `{value: <the
/// de-identified resource>, changes: [{path, kind, action}]}`.
///
/// # Safety
/// `resource` a live handle; `policy_json` NUL-terminated; `tokenizer` NULL or a live
/// tokenizer; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_fhir_resource_deidentify(
    resource: *const medcore_fhir_resource,
    policy_json: *const c_char,
    tokenizer: *const medcore_pii_tokenizer,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let r = unsafe { handle(resource, "resource")? };
        let policy: DeidPolicy = unsafe { json::parse(policy_json, "policy_json")? };
        // SAFETY: the caller guarantees a live tokenizer or NULL.
        let tok = unsafe { tokenizer.as_ref() }.map(|t| &t.inner);
        let v = match &r.inner {
            Resource::Bundle(b) => {
                let d = deid::deidentify_bundle(b, &policy, tok)?;
                serde_json::json!({
                    "value": core::model::to_value(&Resource::Bundle(Box::new(d.value))),
                    "changes": d.changes,
                })
            }
            other => {
                let d = deid::deidentify_resource(other, &policy, tok)?;
                serde_json::json!({
                    "value": core::model::to_value(&d.value),
                    "changes": d.changes,
                })
            }
        };
        unsafe { write_json(&v, out_json) }
    })
}

/// Applies authorization obligations to a resource (or every resource of a Bundle): MASK
/// masks the element the obligation's kind names, REDACT removes it; other obligations are
/// ignored. `obligations_json` (borrowed) is a JSON array of authz obligations, e.g.
/// `[{"code": "MASK", "field": "ssn", "kind": "ssn"}, {"code": "REDACT", "field": "notes"}]`
/// (the obligations a decision returns, `medcore_authz_decision_to_json`). `*out_json`
/// receives a new caller-owned string `{value: <the masked resource>, changes: [{path,
/// obligation, field}]}`.
///
/// # Safety
/// `resource` a live handle; `obligations_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_fhir_resource_mask(
    resource: *const medcore_fhir_resource,
    obligations_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let r = unsafe { handle(resource, "resource")? };
        let obligations: Vec<Obligation> =
            unsafe { json::parse(obligations_json, "obligations_json")? };
        let v = match &r.inner {
            Resource::Bundle(b) => {
                let m = mask::apply_obligations_bundle(b, &obligations)?;
                serde_json::json!({
                    "value": core::model::to_value(&Resource::Bundle(Box::new(m.value))),
                    "changes": m.changes,
                })
            }
            other => {
                let m = mask::apply_obligations(other, &obligations)?;
                serde_json::json!({
                    "value": core::model::to_value(&m.value),
                    "changes": m.changes,
                })
            }
        };
        unsafe { write_json(&v, out_json) }
    })
}
