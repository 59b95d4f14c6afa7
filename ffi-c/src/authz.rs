//! Authorization (medcore-authz) in the C ABI.
//!
//! A policy set is an opaque handle (`medcore_authz_policy_set`: the embedded default set, or
//! policy text of your own, optionally extended with consent directives). Requests are native
//! structs (`medcore_authz_request` with typed `medcore_authz_attribute` arrays); decisions are
//! handles read with getters (effect, determining rules, obligations with their masks, advice,
//! evaluation errors, break-glass) or as JSON. Documents (policy text, schema, consent
//! directives, filter requests, explanations, SQL filters, log events) are JSON text.

use crate::ffi::{boundary, cstr, handle, status, write, Failure};
use crate::json::{self, write_json};
use crate::medcore_status;
use crate::strings::{medcore_string_list, out_string};
use medcore::authz::{
    self, default_policy_set, default_schema, AuthzError, BreakGlass, ConsentDirective, Decision,
    DecisionEvent, DecisionLogSink, Environment, FilterRequest, Obligation, PolicySet, Principal,
    Request, Resource, Schema, SqlOptions, Value,
};
use std::ffi::{c_char, c_void, CString};
use std::sync::RwLock;

impl From<AuthzError> for Failure {
    fn from(e: AuthzError) -> Failure {
        let location = e.location().map(|l| (l.source.clone(), l.line, l.column));
        Failure {
            location,
            ..Failure::core(e.code(), e.to_string())
        }
    }
}

fn c(s: &str) -> CString {
    CString::new(s.replace('\0', "\\0")).unwrap_or_default()
}

/// The type of an attribute value.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum medcore_authz_value_kind {
    /// `boolean` (0 or 1).
    MEDCORE_AUTHZ_BOOL = 0,
    /// `long_value`.
    MEDCORE_AUTHZ_LONG = 1,
    /// `string`.
    MEDCORE_AUTHZ_STRING = 2,
    /// A set of strings: `strings`, `count` items.
    MEDCORE_AUTHZ_STRING_SET = 3,
    /// A set of integers: `longs`, `count` items.
    MEDCORE_AUTHZ_LONG_SET = 4,
}

/// One named attribute of a principal, resource or request context. Only the members its
/// `kind` names are read; the others may hold anything. Borrowed for the call.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_authz_attribute {
    /// The attribute name, as declared in the schema (e.g. `department`, `care_team`).
    pub name: *const c_char,
    /// Which member holds the value.
    pub kind: medcore_authz_value_kind,
    /// MEDCORE_AUTHZ_BOOL: 0 or 1.
    pub boolean: u8,
    /// MEDCORE_AUTHZ_LONG: the integer (also times, seconds since the epoch).
    pub long_value: i64,
    /// MEDCORE_AUTHZ_STRING: the text.
    pub string: *const c_char,
    /// MEDCORE_AUTHZ_STRING_SET: `count` strings (NULL allowed when `count` is 0).
    pub strings: *const *const c_char,
    /// MEDCORE_AUTHZ_LONG_SET: `count` integers (NULL allowed when `count` is 0).
    pub longs: *const i64,
    /// The number of set items.
    pub count: usize,
}

/// One authorization question. Every pointer is borrowed for the call; arrays are (pointer,
/// count) pairs where NULL is allowed with count 0.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_authz_request {
    /// The user's identifier.
    pub principal_id: *const c_char,
    /// Directly assigned roles (e.g. `Doctor`); inherited roles come from the schema.
    pub roles: *const *const c_char,
    /// The number of roles.
    pub role_count: usize,
    /// Principal attributes (e.g. `department`).
    pub principal_attributes: *const medcore_authz_attribute,
    /// The number of principal attributes.
    pub principal_attribute_count: usize,
    /// The action (e.g. `read`).
    pub action: *const c_char,
    /// The resource type (e.g. `Patient`).
    pub resource_type: *const c_char,
    /// The resource identifier.
    pub resource_id: *const c_char,
    /// Resource attributes (e.g. `patient`, `care_team`, `labels`, `confidentiality`).
    pub resource_attributes: *const medcore_authz_attribute,
    /// The number of resource attributes.
    pub resource_attribute_count: usize,
    /// The time of the request, seconds since the epoch (UTC).
    pub time: i64,
    /// Offset of local time from UTC in minutes.
    pub utc_offset_minutes: i32,
    /// HL7 PurposeOfUse code (TREAT, ETREAT, BTG, ...); NULL: none.
    pub purpose_of_use: *const c_char,
    /// Where the request comes from (e.g. `ward-terminal`); NULL: not stated.
    pub origin: *const c_char,
    /// Break-glass reason; NULL: no break-glass declaration.
    pub break_glass_reason: *const c_char,
    /// 1 when the break-glass declaration ends at `break_glass_expires_at`.
    pub break_glass_has_expiry: u8,
    /// End of the break-glass window, seconds since the epoch (read when
    /// `break_glass_has_expiry` is 1).
    pub break_glass_expires_at: i64,
    /// Further context attributes declared in the schema.
    pub context_attributes: *const medcore_authz_attribute,
    /// The number of context attributes.
    pub context_attribute_count: usize,
}

unsafe fn array<'a, T>(p: *const T, n: usize, what: &str) -> Result<&'a [T], Failure> {
    if n == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(Failure::invalid(format!("`{what}` is NULL with count {n}")));
    }
    // SAFETY: the caller guarantees `n` readable items.
    Ok(unsafe { std::slice::from_raw_parts(p, n) })
}

unsafe fn opt_str(p: *const c_char, what: &str) -> Result<Option<String>, Failure> {
    if p.is_null() {
        Ok(None)
    } else {
        Ok(Some(unsafe { cstr(p, what)? }.to_string()))
    }
}

unsafe fn attributes(
    p: *const medcore_authz_attribute,
    n: usize,
    what: &str,
) -> Result<authz::Attributes, Failure> {
    let mut out = authz::Attributes::new();
    for a in unsafe { array(p, n, what)? } {
        let name = unsafe { cstr(a.name, "attribute name")? };
        let value = match a.kind {
            medcore_authz_value_kind::MEDCORE_AUTHZ_BOOL => Value::Bool(a.boolean != 0),
            medcore_authz_value_kind::MEDCORE_AUTHZ_LONG => Value::Long(a.long_value),
            medcore_authz_value_kind::MEDCORE_AUTHZ_STRING => {
                Value::String(unsafe { cstr(a.string, name)? }.to_string())
            }
            medcore_authz_value_kind::MEDCORE_AUTHZ_STRING_SET => Value::Set(
                unsafe { array(a.strings, a.count, name)? }
                    .iter()
                    .map(|s| Ok(Value::String(unsafe { cstr(*s, name)? }.to_string())))
                    .collect::<Result<_, Failure>>()?,
            ),
            medcore_authz_value_kind::MEDCORE_AUTHZ_LONG_SET => Value::Set(
                unsafe { array(a.longs, a.count, name)? }
                    .iter()
                    .map(|v| Value::Long(*v))
                    .collect(),
            ),
        };
        out.insert(name.to_string(), value);
    }
    Ok(out)
}

unsafe fn request(r: &medcore_authz_request) -> Result<Request, Failure> {
    let roles = unsafe { array(r.roles, r.role_count, "roles")? }
        .iter()
        .map(|s| Ok(unsafe { cstr(*s, "role")? }.to_string()))
        .collect::<Result<_, Failure>>()?;
    let break_glass =
        unsafe { opt_str(r.break_glass_reason, "break_glass_reason")? }.map(|reason| BreakGlass {
            reason,
            expires_at: (r.break_glass_has_expiry != 0).then_some(r.break_glass_expires_at),
        });
    Ok(Request {
        principal: Principal {
            id: unsafe { cstr(r.principal_id, "principal_id")? }.to_string(),
            roles,
            attributes: unsafe {
                attributes(
                    r.principal_attributes,
                    r.principal_attribute_count,
                    "principal_attributes",
                )?
            },
        },
        action: unsafe { cstr(r.action, "action")? }.to_string(),
        resource: Resource {
            kind: unsafe { cstr(r.resource_type, "resource_type")? }.to_string(),
            id: unsafe { cstr(r.resource_id, "resource_id")? }.to_string(),
            attributes: unsafe {
                attributes(
                    r.resource_attributes,
                    r.resource_attribute_count,
                    "resource_attributes",
                )?
            },
        },
        environment: Environment {
            time: r.time,
            utc_offset_minutes: r.utc_offset_minutes,
            purpose_of_use: unsafe { opt_str(r.purpose_of_use, "purpose_of_use")? },
            origin: unsafe { opt_str(r.origin, "origin")? },
            break_glass,
            attributes: unsafe {
                attributes(
                    r.context_attributes,
                    r.context_attribute_count,
                    "context_attributes",
                )?
            },
        },
    })
}

/// Receives one decision log event: `event_json` is borrowed for the call (copy it to keep
/// it): `{decision_id, time, principal (masked), roles, action, resource_type, resource
/// (masked), effect, determining, obligations, purpose_of_use, break_glass_reason, break_glass,
/// errors, policy_hash}`. It runs on the deciding thread, so it must be cheap or hand off.
pub type medcore_authz_log_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, event_json: *const c_char)>;

#[derive(Clone, Copy)]
struct Hook {
    f: unsafe extern "C" fn(*mut c_void, *const c_char),
    user_data: *mut c_void,
}

// SAFETY: the caller of `medcore_authz_policy_set_set_decision_log` promises that the function
// and its user data may be used from any thread that decides with the set.
unsafe impl Send for Hook {}
unsafe impl Sync for Hook {}

impl DecisionLogSink for Hook {
    fn record(&self, event: &DecisionEvent) {
        if let Ok(text) = json::to_text(event) {
            let text = c(&text);
            // SAFETY: the host registered this function for this user data.
            unsafe { (self.f)(self.user_data, text.as_ptr()) };
        }
    }
}

/// A compiled policy set. Free with `medcore_authz_policy_set_free`. It may be shared between
/// threads for deciding; setting the decision log is synchronised.
pub struct medcore_authz_policy_set {
    inner: PolicySet,
    hash: CString,
    log: RwLock<Option<Hook>>,
}

impl medcore_authz_policy_set {
    fn new_handle(inner: PolicySet) -> *mut medcore_authz_policy_set {
        Box::into_raw(Box::new(medcore_authz_policy_set {
            hash: c(inner.hash()),
            inner,
            log: RwLock::new(None),
        }))
    }

    fn hook(&self) -> Option<Hook> {
        match self.log.read() {
            Ok(h) => *h,
            Err(p) => *p.into_inner(),
        }
    }

    fn decide(&self, req: &Request) -> Decision {
        match self.hook() {
            Some(h) => self.inner.authorize_logged(req, &h),
            None => self.inner.authorize(req),
        }
    }
}

/// The embedded default hospital policy set (the role x resource x action matrix of the
/// design). `*out` receives a new caller-owned handle.
///
/// # Safety
/// `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_policy_set_new_default(
    out: *mut *mut medcore_authz_policy_set,
) -> medcore_status {
    status(|| unsafe {
        write(
            out,
            medcore_authz_policy_set::new_handle(default_policy_set()),
            "out",
        )
    })
}

/// Parses, checks and compiles policy text (the grammar of `docs/authz-policy.md`) against a
/// schema. `source` names the text in error locations (NULL: `"policies"`); `schema_json` is
/// the schema as JSON text (NULL: the default hospital schema). Errors carry a location
/// (`medcore_last_error_location`). `*out` receives a new caller-owned handle.
///
/// # Safety
/// `text` NUL-terminated; `source`, `schema_json` NULL or NUL-terminated; `out` valid for
/// writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_policy_set_from_text(
    text: *const c_char,
    source: *const c_char,
    schema_json: *const c_char,
    out: *mut *mut medcore_authz_policy_set,
) -> medcore_status {
    status(|| {
        let text = unsafe { cstr(text, "text")? };
        let source = unsafe { opt_str(source, "source")? }.unwrap_or_else(|| "policies".into());
        let schema = match unsafe { opt_str(schema_json, "schema_json")? } {
            Some(s) => Schema::from_json("<schema>", &s)?,
            None => default_schema(),
        };
        let ps = PolicySet::from_text(schema, &source, text)?;
        unsafe { write(out, medcore_authz_policy_set::new_handle(ps), "out") }
    })
}

/// A new set: `ps` with consent directives added. `consents_json` is a JSON array of
/// `{id, patient, decision: "deny"|"permit", actors: [..], roles: [..], actions: [..],
/// resource_types: [..], labels: [..], purposes: [..], start, end}` (empty lists mean "any";
/// times in seconds since the epoch). `ps` is unchanged; `*out` receives a new caller-owned
/// handle (without the decision log hook).
///
/// # Safety
/// `ps` a live set; `consents_json` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_policy_set_with_consents(
    ps: *const medcore_authz_policy_set,
    consents_json: *const c_char,
    out: *mut *mut medcore_authz_policy_set,
) -> medcore_status {
    status(|| {
        let ps = unsafe { handle(ps, "ps")? };
        let consents: Vec<ConsentDirective> =
            unsafe { json::parse(consents_json, "consents_json")? };
        let next = ps.inner.with_consents(&consents)?;
        unsafe { write(out, medcore_authz_policy_set::new_handle(next), "out") }
    })
}

/// The set's SHA-256 (hex), naming the exact policy version in decision logs. Borrowed from
/// the set; NULL for a NULL set.
///
/// # Safety
/// `ps` NULL or a live set.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_policy_set_hash(
    ps: *const medcore_authz_policy_set,
) -> *const c_char {
    boundary(|| unsafe { ps.as_ref() }.map_or(std::ptr::null(), |p| p.hash.as_ptr()))
}

/// The number of rules in the set (consent restrictions included); 0 for NULL.
///
/// # Safety
/// `ps` NULL or a live set.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_policy_set_rule_count(
    ps: *const medcore_authz_policy_set,
) -> usize {
    boundary(|| unsafe { ps.as_ref() }.map_or(0, |p| p.inner.rules().len()))
}

/// Sets (or, with `hook` NULL, removes) the decision log hook: every later
/// `medcore_authz_authorize*` call on this set sends one event per decision to
/// `hook(user_data, event_json)`. The hook and `user_data` must stay usable, from every thread
/// that decides with the set, until the hook is replaced or the set is freed.
///
/// # Safety
/// `ps` a live set; `hook` NULL or a function safe to call with `user_data`.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_policy_set_set_decision_log(
    ps: *const medcore_authz_policy_set,
    hook: medcore_authz_log_fn,
    user_data: *mut c_void,
) -> medcore_status {
    status(|| {
        let ps = unsafe { handle(ps, "ps")? };
        let next = hook.map(|f| Hook { f, user_data });
        match ps.log.write() {
            Ok(mut h) => *h = next,
            Err(p) => *p.into_inner() = next,
        }
        Ok(())
    })
}

/// Frees a policy set. NULL is allowed.
///
/// # Safety
/// `ps` NULL or a live set not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_policy_set_free(ps: *mut medcore_authz_policy_set) {
    boundary(|| {
        if !ps.is_null() {
            // SAFETY: made by Box::into_raw in `new_handle`.
            drop(unsafe { Box::from_raw(ps) });
        }
    })
}

struct ObligationStrings {
    code: CString,
    field: Option<CString>,
    kind: Option<CString>,
    level: Option<CString>,
}

/// A decision. Free with `medcore_authz_decision_free`; the strings it lends stay valid until
/// then.
pub struct medcore_authz_decision {
    decision: Decision,
    effect: CString,
    determining: Vec<CString>,
    obligations: Vec<ObligationStrings>,
    advice: Vec<CString>,
    errors: Vec<(CString, CString)>,
}

impl medcore_authz_decision {
    fn new_handle(decision: Decision) -> *mut medcore_authz_decision {
        let obligations = decision
            .obligations
            .iter()
            .map(|o| {
                let (field, kind, level) = match o {
                    Obligation::Mask { field, kind } => (Some(c(field)), Some(c(kind)), None),
                    Obligation::Redact { field } => (Some(c(field)), None, None),
                    Obligation::Audit { level } => (None, None, Some(c(level.as_str()))),
                    Obligation::Encrypt { field } => (field.as_deref().map(c), None, None),
                    Obligation::RequireReason => (None, None, None),
                };
                ObligationStrings {
                    code: c(o.code()),
                    field,
                    kind,
                    level,
                }
            })
            .collect();
        Box::into_raw(Box::new(medcore_authz_decision {
            effect: c(if decision.is_allowed() {
                "allow"
            } else {
                "deny"
            }),
            determining: decision.determining.iter().map(|d| c(d)).collect(),
            advice: decision.advice.iter().map(|a| c(a)).collect(),
            errors: decision
                .errors
                .iter()
                .map(|e| (c(&e.rule), c(&e.message)))
                .collect(),
            obligations,
            decision,
        }))
    }
}

/// A decision as a whole. The strings are borrowed from the decision.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_authz_decision_summary {
    /// 1 when access is granted (subject to the obligations).
    pub allowed: u8,
    /// `allow` or `deny`.
    pub effect: *const c_char,
    /// 1 when a valid break-glass declaration was in force.
    pub break_glass: u8,
    /// The number of determining rule ids (`medcore_authz_decision_determining`).
    pub determining_count: usize,
    /// The number of obligations (`medcore_authz_decision_obligation`).
    pub obligation_count: usize,
    /// The number of advice texts (`medcore_authz_decision_advice`).
    pub advice_count: usize,
    /// The number of evaluation errors (`medcore_authz_decision_error`).
    pub error_count: usize,
}

/// One obligation (HL7 ObligationPolicy codes). The strings are borrowed from the decision.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_authz_obligation {
    /// `MASK`, `REDACT`, `AUDIT`, `ENCRYPT` or `REQUIRE_REASON`.
    pub code: *const c_char,
    /// MASK, REDACT: the resource field; ENCRYPT: the field or NULL (the whole record); NULL
    /// otherwise.
    pub field: *const c_char,
    /// MASK: the identifier kind (`ssn`, `mrn`, `name`, `dob`, `phone`, `email`, `address`,
    /// `zip`, `generic`) for a masking function; NULL otherwise.
    pub kind: *const c_char,
    /// AUDIT: `low`, `medium` or `high`; NULL otherwise.
    pub level: *const c_char,
}

/// One evaluation problem. The strings are borrowed from the decision.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_authz_rule_error {
    /// The rule id.
    pub rule: *const c_char,
    /// What went wrong.
    pub message: *const c_char,
}

fn opt_ptr(s: &Option<CString>) -> *const c_char {
    s.as_ref().map_or(std::ptr::null(), |s| s.as_ptr())
}

fn out_of_range(what: &str, index: usize, len: usize) -> Failure {
    Failure::invalid(format!(
        "{what} index {index} is out of range: there are {len}"
    ))
}

/// The decision's summary.
///
/// # Safety
/// `decision` a live decision; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_decision_get_summary(
    decision: *const medcore_authz_decision,
    out: *mut medcore_authz_decision_summary,
) -> medcore_status {
    status(|| {
        let d = unsafe { handle(decision, "decision")? };
        let s = medcore_authz_decision_summary {
            allowed: u8::from(d.decision.is_allowed()),
            effect: d.effect.as_ptr(),
            break_glass: u8::from(d.decision.break_glass),
            determining_count: d.determining.len(),
            obligation_count: d.obligations.len(),
            advice_count: d.advice.len(),
            error_count: d.errors.len(),
        };
        unsafe { write(out, s, "out") }
    })
}

/// Determining rule id `index` (0-based), borrowed from the decision; NULL when out of range
/// or for a NULL decision.
///
/// # Safety
/// `decision` NULL or a live decision.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_decision_determining(
    decision: *const medcore_authz_decision,
    index: usize,
) -> *const c_char {
    boundary(|| {
        unsafe { decision.as_ref() }
            .and_then(|d| d.determining.get(index))
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// Advice text `index` (0-based), borrowed from the decision; NULL when out of range or for a
/// NULL decision.
///
/// # Safety
/// `decision` NULL or a live decision.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_decision_advice(
    decision: *const medcore_authz_decision,
    index: usize,
) -> *const c_char {
    boundary(|| {
        unsafe { decision.as_ref() }
            .and_then(|d| d.advice.get(index))
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// Obligation `index` (0-based), in order: rule obligations, then one AUDIT at the highest
/// level. An index out of range gives `MEDCORE_INVALID_ARGUMENT`.
///
/// # Safety
/// `decision` a live decision; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_decision_obligation(
    decision: *const medcore_authz_decision,
    index: usize,
    out: *mut medcore_authz_obligation,
) -> medcore_status {
    status(|| {
        let d = unsafe { handle(decision, "decision")? };
        let o = d
            .obligations
            .get(index)
            .ok_or_else(|| out_of_range("obligation", index, d.obligations.len()))?;
        let v = medcore_authz_obligation {
            code: o.code.as_ptr(),
            field: opt_ptr(&o.field),
            kind: opt_ptr(&o.kind),
            level: opt_ptr(&o.level),
        };
        unsafe { write(out, v, "out") }
    })
}

/// Evaluation error `index` (0-based). An index out of range gives
/// `MEDCORE_INVALID_ARGUMENT`.
///
/// # Safety
/// `decision` a live decision; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_decision_error(
    decision: *const medcore_authz_decision,
    index: usize,
    out: *mut medcore_authz_rule_error,
) -> medcore_status {
    status(|| {
        let d = unsafe { handle(decision, "decision")? };
        let (rule, message) = d
            .errors
            .get(index)
            .ok_or_else(|| out_of_range("error", index, d.errors.len()))?;
        let v = medcore_authz_rule_error {
            rule: rule.as_ptr(),
            message: message.as_ptr(),
        };
        unsafe { write(out, v, "out") }
    })
}

/// The decision as JSON text: `{effect: "allow"|"deny", determining: [..], obligations:
/// [{code: "MASK", field, kind} | {code: "REDACT", field} | {code: "AUDIT", level} |
/// {code: "ENCRYPT", field?} | {code: "REQUIRE_REASON"}], advice: [..], errors: [{rule,
/// message}], break_glass}`. `*out_json` receives a new caller-owned string.
///
/// # Safety
/// `decision` a live decision; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_decision_to_json(
    decision: *const medcore_authz_decision,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let d = unsafe { handle(decision, "decision")? };
        unsafe { write_json(&d.decision, out_json) }
    })
}

/// Frees a decision. NULL is allowed.
///
/// # Safety
/// `decision` NULL or a live decision not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_decision_free(decision: *mut medcore_authz_decision) {
    boundary(|| {
        if !decision.is_null() {
            // SAFETY: made by Box::into_raw in `new_handle`.
            drop(unsafe { Box::from_raw(decision) });
        }
    })
}

/// Decides one request (sending an event to the decision log hook, when one is set).
/// `*out` receives a new caller-owned decision. A request the set cannot read (a NULL
/// string) fails with `MEDCORE_INVALID_ARGUMENT`; attributes the schema does not declare are
/// evaluation errors inside the decision (see `medcore_authz_check_request`).
///
/// # Safety
/// `ps` a live set; `request` a valid request; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_authorize(
    ps: *const medcore_authz_policy_set,
    request: *const medcore_authz_request,
    out: *mut *mut medcore_authz_decision,
) -> medcore_status {
    status(|| {
        let ps = unsafe { handle(ps, "ps")? };
        let req = unsafe { self::request(handle(request, "request")?)? };
        let d = ps.decide(&req);
        unsafe { write(out, medcore_authz_decision::new_handle(d), "out") }
    })
}

/// Decides `count` requests: `out_decisions[i]` receives a new caller-owned decision or NULL,
/// `out_statuses[i]` its status. `MEDCORE_OK` when the arguments were usable, even if some
/// requests could not be read; the last error then describes the last such request.
///
/// # Safety
/// `ps` a live set; `requests` holds `count` valid requests; the output arrays are valid for
/// `count` writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_authorize_batch(
    ps: *const medcore_authz_policy_set,
    requests: *const medcore_authz_request,
    count: usize,
    out_decisions: *mut *mut medcore_authz_decision,
    out_statuses: *mut medcore_status,
) -> medcore_status {
    status(|| {
        let ps = unsafe { handle(ps, "ps")? };
        if count == 0 {
            return Ok(());
        }
        if requests.is_null() || out_decisions.is_null() || out_statuses.is_null() {
            return Err(Failure::invalid(
                "a NULL array was passed to authorize_batch",
            ));
        }
        // SAFETY: the caller guarantees `count` requests.
        let reqs = unsafe { std::slice::from_raw_parts(requests, count) };
        let read: Vec<Result<Request, Failure>> =
            reqs.iter().map(|r| unsafe { request(r) }).collect();
        let ok: Vec<Request> = read
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .cloned()
            .collect();
        let decisions = match ps.hook() {
            Some(h) => ps.inner.authorize_batch_logged(&ok, &h),
            None => ps.inner.authorize_batch(&ok),
        };
        let mut decisions = decisions.into_iter();
        let mut last_failure = None;
        for (i, r) in read.into_iter().enumerate() {
            let (h, st) = match r {
                Ok(_) => match decisions.next() {
                    Some(d) => (
                        medcore_authz_decision::new_handle(d),
                        medcore_status::MEDCORE_OK,
                    ),
                    None => (std::ptr::null_mut(), medcore_status::MEDCORE_PANIC),
                },
                Err(f) => {
                    let st = f.status;
                    last_failure = Some(Failure {
                        message: format!("request {i}: {}", f.message),
                        ..f
                    });
                    (std::ptr::null_mut(), st)
                }
            };
            // SAFETY: the caller guarantees `count` writable entries in each array.
            unsafe {
                out_decisions.add(i).write(h);
                out_statuses.add(i).write(st);
            }
        }
        if let Some(f) = last_failure {
            let _ = status(|| Err(f));
        }
        Ok(())
    })
}

/// Decides one request and says why: `*out` receives a new caller-owned decision and
/// `*out_explanation_json` a new caller-owned string `{rules_total, rules_considered,
/// effective_roles: [..], combining, break_glass: null | "<status>", trace: [{id, kind, hard,
/// outcome: "applies"|"not_applicable"|"error", message?, determining}]}`. Not logged.
///
/// # Safety
/// `ps` a live set; `request` a valid request; `out` and `out_explanation_json` valid for
/// writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_explain(
    ps: *const medcore_authz_policy_set,
    request: *const medcore_authz_request,
    out: *mut *mut medcore_authz_decision,
    out_explanation_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let ps = unsafe { handle(ps, "ps")? };
        let req = unsafe { self::request(handle(request, "request")?)? };
        if out.is_null() {
            return Err(Failure::invalid("`out` is NULL"));
        }
        let (d, why) = ps.inner.explain(&req);
        unsafe { write_json(&why, out_explanation_json)? };
        unsafe { write(out, medcore_authz_decision::new_handle(d), "out") }
    })
}

/// Break-glass state of a request.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum medcore_authz_break_glass {
    /// No break-glass declaration.
    MEDCORE_AUTHZ_BREAK_GLASS_NONE = 0,
    /// A valid declaration (purpose ETREAT or BTG, a reason, a clinical role, not expired).
    MEDCORE_AUTHZ_BREAK_GLASS_VALID = 1,
    /// A declaration that does not count; the reason says why.
    MEDCORE_AUTHZ_BREAK_GLASS_INVALID = 2,
}

/// Whether the request carries a valid break-glass declaration. `*out_state` receives the
/// state; when it is INVALID and `out_reason` is not NULL, `*out_reason` receives a new
/// caller-owned string saying why (NULL otherwise).
///
/// # Safety
/// `ps` a live set; `request` a valid request; `out_state` valid for writes; `out_reason` NULL
/// or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_break_glass_status(
    ps: *const medcore_authz_policy_set,
    request: *const medcore_authz_request,
    out_state: *mut medcore_authz_break_glass,
    out_reason: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let ps = unsafe { handle(ps, "ps")? };
        let req = unsafe { self::request(handle(request, "request")?)? };
        use medcore_authz_break_glass::*;
        let (state, reason) = match ps.inner.break_glass_status(&req) {
            None => (MEDCORE_AUTHZ_BREAK_GLASS_NONE, None),
            Some(Ok(())) => (MEDCORE_AUTHZ_BREAK_GLASS_VALID, None),
            Some(Err(why)) => (MEDCORE_AUTHZ_BREAK_GLASS_INVALID, Some(why)),
        };
        unsafe { write(out_state, state, "out_state")? };
        if !out_reason.is_null() {
            unsafe { out_string(reason.as_deref(), out_reason, std::ptr::null_mut())? };
        }
        Ok(())
    })
}

/// Checks a request against the schema: `*out` receives a new caller-owned list (free with
/// `medcore_string_list_free`) of problems (unknown roles, undeclared or mistyped attributes);
/// empty when the request is well formed.
///
/// # Safety
/// `ps` a live set; `request` a valid request; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_check_request(
    ps: *const medcore_authz_policy_set,
    request: *const medcore_authz_request,
    out: *mut *mut medcore_string_list,
) -> medcore_status {
    status(|| {
        let ps = unsafe { handle(ps, "ps")? };
        let req = unsafe { self::request(handle(request, "request")?)? };
        let problems = ps.inner.check_request(&req);
        unsafe { write(out, medcore_string_list::new_handle(problems), "out") }
    })
}

/// The decision log event for a request and its decision (identifiers masked), as the hook
/// receives it. `*out_json` receives a new caller-owned string.
///
/// # Safety
/// `ps` a live set; `request` a valid request; `decision` a live decision; `out_json` valid
/// for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_decision_event(
    ps: *const medcore_authz_policy_set,
    request: *const medcore_authz_request,
    decision: *const medcore_authz_decision,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let ps = unsafe { handle(ps, "ps")? };
        let req = unsafe { self::request(handle(request, "request")?)? };
        let d = unsafe { handle(decision, "decision")? };
        let event = ps.inner.decision_event(&req, &d.decision);
        unsafe { write_json(&event, out_json) }
    })
}

/// "Which resources may I see": the condition a resource of one type must meet for the
/// principal to be allowed the action. `request_json` is `{principal: {id, roles: [..],
/// attributes: {..}}, action, resource_type, environment: {time, utc_offset_minutes,
/// purpose_of_use, origin, break_glass: {reason, expires_at}, attributes}}`; `*out_json`
/// receives a new caller-owned string `{resource_type, residual, approximated: [rule ids]}`
/// where `residual` is the condition tree over resource attributes, each node one of
/// `{"const": true|false}`, `{"error": "<message>"}`, `{"leaf": {"test": "cmp", attr, op,
/// value} | {"test": ..., attr, ...}}`, `{"not": node}`, `{"and": [nodes]}`, `{"or": [nodes]}`,
/// `{"applies": {rule, cond: node, on_error}}` (`$id` as an attribute is the resource id).
///
/// # Safety
/// `ps` a live set; `request_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_filter(
    ps: *const medcore_authz_policy_set,
    request_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let ps = unsafe { handle(ps, "ps")? };
        let fr: FilterRequest = unsafe { json::parse(request_json, "request_json")? };
        let f = ps.inner.filter(&fr)?;
        unsafe { write_json(&f, out_json) }
    })
}

/// The filter of `medcore_authz_filter` rendered as a parameterized SQL WHERE fragment.
/// `options_json` (NULL: defaults) is `{placeholder: "dollar"|"question"|"percent",
/// set_encoding: "postgres_array"|"json_array", columns: {attribute: column}, table_alias}`; `*out_json` receives a new caller-owned
/// string `{sql, params: [..]}` (with `approximated` rule ids from the filter).
///
/// # Safety
/// `ps` a live set; `request_json` NUL-terminated; `options_json` NULL or NUL-terminated;
/// `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_filter_sql(
    ps: *const medcore_authz_policy_set,
    request_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let ps = unsafe { handle(ps, "ps")? };
        let fr: FilterRequest = unsafe { json::parse(request_json, "request_json")? };
        let opts: SqlOptions = if options_json.is_null() {
            SqlOptions::default()
        } else {
            unsafe { json::parse(options_json, "options_json")? }
        };
        let f = ps.inner.filter(&fr)?;
        let sql = f.to_sql(&ps.inner, &opts)?;
        let value = serde_json::json!({
            "sql": sql.sql,
            "params": sql.params,
            "approximated": f.approximated,
        });
        unsafe { write_json(&value, out_json) }
    })
}

/// An identifier masked as decision logs show it (all but the last characters replaced by
/// `*`). `*out` receives a new caller-owned string.
///
/// # Safety
/// `id` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_authz_mask_identifier(
    id: *const c_char,
    out: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let id = unsafe { cstr(id, "id")? };
        let masked = authz::mask_identifier(id);
        unsafe { out_string(Some(&masked), out, std::ptr::null_mut()) }
    })
}
