//! medcore's C ABI.
//!
//! Every export goes through [`boundary`]: a panic is caught and reported as `MEDCORE_PANIC`, never
//! unwound into C. Failures set a thread-local last error (status, stable code, message) that
//! `medcore_last_error_code` and `medcore_last_error_message` read back. The header
//! `include/medcore.h` is generated from this crate by cbindgen (see `tests/header.rs`).
//!
//! Adding a capability: a module `src/<capability>.rs` with its handles and functions (prefix
//! `medcore_<capability>_`), one block of status codes in [`medcore_status`] and their entries in
//! [`status_for_code`].
#![allow(non_camel_case_types)]
#![warn(missing_docs)]

pub mod authz;
pub mod billing;
mod ffi;
pub mod fhir;
pub mod hl7;
pub mod hl7_validate;
pub mod json;
pub mod pii;
pub mod routing;
pub mod strings;
#[cfg(feature = "test-panic")]
pub mod testing;
pub mod triage;
pub mod triage_acuity;

pub use ffi::{boundary, Failure};

use std::ffi::c_char;

/// Result of a call. Numbers are stable: new kinds get new numbers, old ones never change.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum medcore_status {
    /// Success.
    MEDCORE_OK = 0,
    /// An error kind this header predates; `medcore_last_error_code()` names it.
    MEDCORE_ERROR = 1,
    /// A NULL pointer where one is not allowed, invalid UTF-8, or an index out of range.
    MEDCORE_INVALID_ARGUMENT = 2,
    /// A bug inside medcore was caught at the boundary; the process is safe to continue.
    MEDCORE_PANIC = 3,
    /// MEDCORE_JSON_INVALID: a JSON text argument is not JSON or does not have the documented
    /// shape.
    MEDCORE_JSON_INVALID = 4,
    /// HL7_PARSE_NO_MSH: the input does not start with an MSH segment.
    MEDCORE_HL7_PARSE_NO_MSH = 100,
    /// HL7_PARSE_DELIMITERS: MSH-1/MSH-2 do not define usable delimiters.
    MEDCORE_HL7_PARSE_DELIMITERS = 101,
    /// HL7_PARSE_SEGMENT: a segment could not be read.
    MEDCORE_HL7_PARSE_SEGMENT = 102,
    /// HL7_PARSE_MULTIPLE_MESSAGES: a second message header where one message was expected.
    MEDCORE_HL7_PARSE_MULTIPLE_MESSAGES = 103,
    /// HL7_PARSE_TOO_LARGE: the input is larger than one message may be.
    MEDCORE_HL7_PARSE_TOO_LARGE = 104,
    /// HL7_CHARSET: the bytes cannot be read in the message's character set.
    MEDCORE_HL7_CHARSET = 105,
    /// HL7_PATH: a path such as `PID-3(2)-1` is malformed.
    MEDCORE_HL7_PATH = 106,
    /// HL7_ENCODE: a value cannot be written with the given delimiters.
    MEDCORE_HL7_ENCODE = 107,
    /// HL7_BATCH: a batch or file envelope is malformed.
    MEDCORE_HL7_BATCH = 108,
    /// HL7_MLLP: an MLLP stream is malformed.
    MEDCORE_HL7_MLLP = 109,
    /// HL7_IO: reading the input failed.
    MEDCORE_HL7_IO = 110,
    /// HL7_PROFILE_INVALID: a validation profile is malformed or unknown.
    MEDCORE_HL7_PROFILE_INVALID = 111,
    /// AUTHZ_SYNTAX: policy text does not follow the grammar (with a location).
    MEDCORE_AUTHZ_SYNTAX = 300,
    /// AUTHZ_UNKNOWN_ROLE: a policy names a role the schema does not declare.
    MEDCORE_AUTHZ_UNKNOWN_ROLE = 301,
    /// AUTHZ_UNKNOWN_ACTION: a policy names an action the schema does not declare.
    MEDCORE_AUTHZ_UNKNOWN_ACTION = 302,
    /// AUTHZ_UNKNOWN_RESOURCE_TYPE: a policy names a resource type the schema does not declare.
    MEDCORE_AUTHZ_UNKNOWN_RESOURCE_TYPE = 303,
    /// AUTHZ_UNKNOWN_ATTRIBUTE: a policy reads an attribute the schema does not declare.
    MEDCORE_AUTHZ_UNKNOWN_ATTRIBUTE = 304,
    /// AUTHZ_INVALID_POLICY: a policy is well formed but invalid (types, duplicate ids, ...).
    MEDCORE_AUTHZ_INVALID_POLICY = 305,
    /// AUTHZ_SCHEMA: the schema is malformed.
    MEDCORE_AUTHZ_SCHEMA = 306,
    /// AUTHZ_BAD_REQUEST: a request or consent directive is malformed.
    MEDCORE_AUTHZ_BAD_REQUEST = 307,
    /// AUTHZ_FILTER: a filter cannot be computed (unknown resource type, ...).
    MEDCORE_AUTHZ_FILTER = 308,
    /// ROUTING_OSM_PBF: an OpenStreetMap PBF file cannot be read.
    MEDCORE_ROUTING_OSM_PBF = 400,
    /// ROUTING_EDGE_LIST: an edge list is malformed.
    MEDCORE_ROUTING_EDGE_LIST = 401,
    /// ROUTING_EMPTY_GRAPH: the graph has no usable roads.
    MEDCORE_ROUTING_EMPTY_GRAPH = 402,
    /// ROUTING_GRAPH_FILE: a prepared graph file is damaged or of another version.
    MEDCORE_ROUTING_GRAPH_FILE = 403,
    /// ROUTING_NODE_OUT_OF_RANGE: a node id is out of range.
    MEDCORE_ROUTING_NODE_OUT_OF_RANGE = 404,
    /// ROUTING_EDGE_OUT_OF_RANGE: an edge id is out of range.
    MEDCORE_ROUTING_EDGE_OUT_OF_RANGE = 405,
    /// ROUTING_TRAFFIC: a traffic update is invalid.
    MEDCORE_ROUTING_TRAFFIC = 406,
    /// ROUTING_COORDINATES: a position is not a valid WGS 84 coordinate.
    MEDCORE_ROUTING_COORDINATES = 407,
    /// ROUTING_NO_ROAD_NEARBY: no road lies within the snap radius.
    MEDCORE_ROUTING_NO_ROAD_NEARBY = 408,
    /// ROUTING_DISPATCH: a dispatch input is invalid (no hospitals, unknown unit, ...).
    MEDCORE_ROUTING_DISPATCH = 409,
    /// ROUTING_GEOFENCE: a geofence is malformed.
    MEDCORE_ROUTING_GEOFENCE = 410,
    /// PII_AUTH_FAILED: an envelope does not authenticate (tampered, wrong key or wrong context).
    MEDCORE_PII_AUTH_FAILED = 500,
    /// PII_KEY_DESTROYED: the envelope's key was destroyed.
    MEDCORE_PII_KEY_DESTROYED = 501,
    /// PII_KEY_DISABLED: the envelope's key is disabled.
    MEDCORE_PII_KEY_DISABLED = 502,
    /// PII_KEY_UNKNOWN: the envelope's key id is not in the keyring.
    MEDCORE_PII_KEY_UNKNOWN = 503,
    /// PII_ENVELOPE_FORMAT: an envelope is malformed.
    MEDCORE_PII_ENVELOPE_FORMAT = 504,
    /// PII_TOKEN_FORMAT: a token is malformed.
    MEDCORE_PII_TOKEN_FORMAT = 505,
    /// PII_NORMALIZE: a value cannot be read as its PII type.
    MEDCORE_PII_NORMALIZE = 506,
    /// PII_KEY_FORMAT: a key spec, key or keyring document is malformed.
    MEDCORE_PII_KEY_FORMAT = 507,
    /// PII_KEY_STATE: a key state change is not allowed.
    MEDCORE_PII_KEY_STATE = 508,
    /// PII_RANDOM: the system random source failed.
    MEDCORE_PII_RANDOM = 509,
    /// PII_UNWRAP: the host's unwrap function refused a key.
    MEDCORE_PII_UNWRAP = 510,
    /// PII_DEIDENTIFY: a segment cannot be de-identified.
    MEDCORE_PII_DEIDENTIFY = 511,
    /// PII_IO: reading key material failed.
    MEDCORE_PII_IO = 512,
    /// TRIAGE_OUT_OF_RANGE: a measurement is impossible (negative rate, SpO2 above 100 %).
    MEDCORE_TRIAGE_OUT_OF_RANGE = 200,
    /// TRIAGE_UNKNOWN_CODE: a coded finding (ACVPU letter, behaviour, ...) is not known.
    MEDCORE_TRIAGE_UNKNOWN_CODE = 201,
    /// TRIAGE_INCONSISTENT_INPUT: inputs contradict each other.
    MEDCORE_TRIAGE_INCONSISTENT_INPUT = 202,
    /// TRIAGE_INVALID_TABLE: a band, rule or level table supplied as data is malformed.
    MEDCORE_TRIAGE_INVALID_TABLE = 203,
    /// BILLING_CURRENCY_MISMATCH: two amounts in different currencies were combined.
    MEDCORE_BILLING_CURRENCY_MISMATCH = 600,
    /// BILLING_INVALID_CURRENCY: a currency code is not three ASCII letters (ISO 4217).
    MEDCORE_BILLING_INVALID_CURRENCY = 601,
    /// BILLING_INVALID_VALUE: a value is out of its allowed range (negative quantity, rate above 100 %, ...).
    MEDCORE_BILLING_INVALID_VALUE = 602,
    /// BILLING_OVERFLOW: an amount does not fit in a decimal.
    MEDCORE_BILLING_OVERFLOW = 603,
    /// BILLING_INVALID_TRANSITION: the invoice status machine does not allow the action.
    MEDCORE_BILLING_INVALID_TRANSITION = 604,
    /// BILLING_UNKNOWN_TAX_CATEGORY: an invoice line uses a tax category with no rate.
    MEDCORE_BILLING_UNKNOWN_TAX_CATEGORY = 605,
    /// BILLING_UNKNOWN_FISCAL_YEAR: no IPPS parameters for the fiscal year.
    MEDCORE_BILLING_UNKNOWN_FISCAL_YEAR = 606,
    /// BILLING_UNKNOWN_DRG: a DRG is not in the loaded tables.
    MEDCORE_BILLING_UNKNOWN_DRG = 607,
    /// BILLING_DATA: grouper or parameter tables cannot be read.
    MEDCORE_BILLING_DATA = 608,
    /// BILLING_INPUT: a claim or plan input cannot be read.
    MEDCORE_BILLING_INPUT = 609,
    /// FHIR_JSON: FHIR JSON is not JSON, or not the shape an element requires.
    MEDCORE_FHIR_JSON = 700,
    /// FHIR_MISSING_RESOURCE_TYPE: a JSON object has no (string) `resourceType`.
    MEDCORE_FHIR_MISSING_RESOURCE_TYPE = 701,
    /// FHIR_UNKNOWN_ELEMENT: strict reading met an element the models do not know.
    MEDCORE_FHIR_UNKNOWN_ELEMENT = 702,
    /// FHIR_HL7_PARSE: the HL7 v2 message cannot be parsed.
    MEDCORE_FHIR_HL7_PARSE = 703,
    /// FHIR_CONVERSION: the input lacks something the conversion needs (no PID, not a Bundle, ...).
    MEDCORE_FHIR_CONVERSION = 704,
}

/// The status for a stable machine-readable error code of the core (`Hl7Error::code()` and
/// friends). Codes this table does not know map to `MEDCORE_ERROR`.
pub fn status_for_code(code: &str) -> medcore_status {
    use medcore_status::*;
    match code {
        "MEDCORE_INVALID_ARGUMENT" => MEDCORE_INVALID_ARGUMENT,
        "MEDCORE_PANIC" => MEDCORE_PANIC,
        "MEDCORE_JSON_INVALID" => MEDCORE_JSON_INVALID,
        "HL7_PARSE_NO_MSH" => MEDCORE_HL7_PARSE_NO_MSH,
        "HL7_PARSE_DELIMITERS" => MEDCORE_HL7_PARSE_DELIMITERS,
        "HL7_PARSE_SEGMENT" => MEDCORE_HL7_PARSE_SEGMENT,
        "HL7_PARSE_MULTIPLE_MESSAGES" => MEDCORE_HL7_PARSE_MULTIPLE_MESSAGES,
        "HL7_PARSE_TOO_LARGE" => MEDCORE_HL7_PARSE_TOO_LARGE,
        "HL7_CHARSET" => MEDCORE_HL7_CHARSET,
        "HL7_PATH" => MEDCORE_HL7_PATH,
        "HL7_ENCODE" => MEDCORE_HL7_ENCODE,
        "HL7_BATCH" => MEDCORE_HL7_BATCH,
        "HL7_MLLP" => MEDCORE_HL7_MLLP,
        "HL7_IO" => MEDCORE_HL7_IO,
        "HL7_PROFILE_INVALID" => MEDCORE_HL7_PROFILE_INVALID,
        "AUTHZ_SYNTAX" => MEDCORE_AUTHZ_SYNTAX,
        "AUTHZ_UNKNOWN_ROLE" => MEDCORE_AUTHZ_UNKNOWN_ROLE,
        "AUTHZ_UNKNOWN_ACTION" => MEDCORE_AUTHZ_UNKNOWN_ACTION,
        "AUTHZ_UNKNOWN_RESOURCE_TYPE" => MEDCORE_AUTHZ_UNKNOWN_RESOURCE_TYPE,
        "AUTHZ_UNKNOWN_ATTRIBUTE" => MEDCORE_AUTHZ_UNKNOWN_ATTRIBUTE,
        "AUTHZ_INVALID_POLICY" => MEDCORE_AUTHZ_INVALID_POLICY,
        "AUTHZ_SCHEMA" => MEDCORE_AUTHZ_SCHEMA,
        "AUTHZ_BAD_REQUEST" => MEDCORE_AUTHZ_BAD_REQUEST,
        "AUTHZ_FILTER" => MEDCORE_AUTHZ_FILTER,
        "ROUTING_OSM_PBF" => MEDCORE_ROUTING_OSM_PBF,
        "ROUTING_EDGE_LIST" => MEDCORE_ROUTING_EDGE_LIST,
        "ROUTING_EMPTY_GRAPH" => MEDCORE_ROUTING_EMPTY_GRAPH,
        "ROUTING_GRAPH_FILE" => MEDCORE_ROUTING_GRAPH_FILE,
        "ROUTING_NODE_OUT_OF_RANGE" => MEDCORE_ROUTING_NODE_OUT_OF_RANGE,
        "ROUTING_EDGE_OUT_OF_RANGE" => MEDCORE_ROUTING_EDGE_OUT_OF_RANGE,
        "ROUTING_TRAFFIC" => MEDCORE_ROUTING_TRAFFIC,
        "ROUTING_COORDINATES" => MEDCORE_ROUTING_COORDINATES,
        "ROUTING_NO_ROAD_NEARBY" => MEDCORE_ROUTING_NO_ROAD_NEARBY,
        "ROUTING_DISPATCH" => MEDCORE_ROUTING_DISPATCH,
        "ROUTING_GEOFENCE" => MEDCORE_ROUTING_GEOFENCE,
        "PII_AUTH_FAILED" => MEDCORE_PII_AUTH_FAILED,
        "PII_KEY_DESTROYED" => MEDCORE_PII_KEY_DESTROYED,
        "PII_KEY_DISABLED" => MEDCORE_PII_KEY_DISABLED,
        "PII_KEY_UNKNOWN" => MEDCORE_PII_KEY_UNKNOWN,
        "PII_ENVELOPE_FORMAT" => MEDCORE_PII_ENVELOPE_FORMAT,
        "PII_TOKEN_FORMAT" => MEDCORE_PII_TOKEN_FORMAT,
        "PII_NORMALIZE" => MEDCORE_PII_NORMALIZE,
        "PII_KEY_FORMAT" => MEDCORE_PII_KEY_FORMAT,
        "PII_KEY_STATE" => MEDCORE_PII_KEY_STATE,
        "PII_RANDOM" => MEDCORE_PII_RANDOM,
        "PII_UNWRAP" => MEDCORE_PII_UNWRAP,
        "PII_DEIDENTIFY" => MEDCORE_PII_DEIDENTIFY,
        "PII_IO" => MEDCORE_PII_IO,
        "TRIAGE_OUT_OF_RANGE" => MEDCORE_TRIAGE_OUT_OF_RANGE,
        "TRIAGE_UNKNOWN_CODE" => MEDCORE_TRIAGE_UNKNOWN_CODE,
        "TRIAGE_INCONSISTENT_INPUT" => MEDCORE_TRIAGE_INCONSISTENT_INPUT,
        "TRIAGE_INVALID_TABLE" => MEDCORE_TRIAGE_INVALID_TABLE,
        "BILLING_CURRENCY_MISMATCH" => MEDCORE_BILLING_CURRENCY_MISMATCH,
        "BILLING_INVALID_CURRENCY" => MEDCORE_BILLING_INVALID_CURRENCY,
        "BILLING_INVALID_VALUE" => MEDCORE_BILLING_INVALID_VALUE,
        "BILLING_OVERFLOW" => MEDCORE_BILLING_OVERFLOW,
        "BILLING_INVALID_TRANSITION" => MEDCORE_BILLING_INVALID_TRANSITION,
        "BILLING_UNKNOWN_TAX_CATEGORY" => MEDCORE_BILLING_UNKNOWN_TAX_CATEGORY,
        "BILLING_UNKNOWN_FISCAL_YEAR" => MEDCORE_BILLING_UNKNOWN_FISCAL_YEAR,
        "BILLING_UNKNOWN_DRG" => MEDCORE_BILLING_UNKNOWN_DRG,
        "BILLING_DATA" => MEDCORE_BILLING_DATA,
        "BILLING_INPUT" => MEDCORE_BILLING_INPUT,
        "FHIR_JSON" => MEDCORE_FHIR_JSON,
        "FHIR_MISSING_RESOURCE_TYPE" => MEDCORE_FHIR_MISSING_RESOURCE_TYPE,
        "FHIR_UNKNOWN_ELEMENT" => MEDCORE_FHIR_UNKNOWN_ELEMENT,
        "FHIR_HL7_PARSE" => MEDCORE_FHIR_HL7_PARSE,
        "FHIR_CONVERSION" => MEDCORE_FHIR_CONVERSION,
        _ => MEDCORE_ERROR,
    }
}

/// The library version, e.g. `"0.1.0"`. Static: never free it.
#[no_mangle]
pub extern "C" fn medcore_version() -> *const c_char {
    boundary(|| ffi::static_cstr(concat!(env!("CARGO_PKG_VERSION"), "\0")))
}

/// The message of the last call on this thread that did not return `MEDCORE_OK`, or `""` when
/// there was none. Valid until the next failing call on this thread; never free it.
#[no_mangle]
pub extern "C" fn medcore_last_error_message() -> *const c_char {
    boundary(ffi::last_error_message)
}

/// The stable machine-readable code of the last failure on this thread (e.g.
/// `"HL7_PARSE_NO_MSH"`, `"MEDCORE_INVALID_ARGUMENT"`, `"MEDCORE_PANIC"`), or `""` when there
/// was none. Valid until the next failing call on this thread; never free it.
#[no_mangle]
pub extern "C" fn medcore_last_error_code() -> *const c_char {
    boundary(ffi::last_error_code)
}

/// Where the last failure on this thread lies in a document (policy text, schema, ...): when
/// it has a location, writes the source name (borrowed, valid until the next failing call on
/// this thread; never free it), the 1-based line and column through the non-NULL out-pointers
/// and returns 1; otherwise returns 0 and writes nothing.
///
/// # Safety
/// Each out-pointer must be NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_last_error_location(
    out_source: *mut *const c_char,
    out_line: *mut u32,
    out_column: *mut u32,
) -> u8 {
    boundary(|| match ffi::last_error_location() {
        Some((s, l, c)) => {
            // SAFETY: the caller guarantees NULL or writable pointers.
            unsafe {
                ffi::write_opt(out_source, s);
                ffi::write_opt(out_line, l);
                ffi::write_opt(out_column, c);
            }
            1
        }
        None => 0,
    })
}
