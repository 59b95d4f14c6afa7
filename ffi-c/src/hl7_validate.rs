//! HL7 v2 validation and acknowledgments in the C ABI: profiles (built-in, JSON, TOML), a
//! validator handle, validation reports with their issues, and ACK building.

use crate::ffi::{boundary, cstr, handle, status, text, write, Failure};
use crate::hl7::medcore_hl7_message;
use crate::medcore_status;
use crate::strings::out_string;
use medcore::hl7::ack::{build_ack, AckCode, AckOptions};
use medcore::hl7::profile::Profile;
use medcore::hl7::validate::{Severity, ValidationReport, Validator};
use std::ffi::{c_char, CString};

/// A validation profile: the built-in `lenient` or `strict` one, or a custom profile read from
/// JSON or TOML text. Free with `medcore_hl7_profile_free`.
pub struct medcore_hl7_profile {
    profile: Profile,
}

/// A validator: a profile prepared for many messages. Immutable: it may be used from several
/// threads at once. Free with `medcore_hl7_validator_free`.
pub struct medcore_hl7_validator {
    validator: Validator,
}

/// The result of validating one message. Free with `medcore_hl7_report_free`; the strings it
/// lends (summary, issues) stay valid until then.
pub struct medcore_hl7_report {
    report: ValidationReport,
    control_id: CString,
    message_type: CString,
    version: CString,
    definitions: Option<CString>,
    structure: Option<CString>,
    issues: Vec<IssueStrings>,
}

struct IssueStrings {
    rule: CString,
    segment: CString,
    path: CString,
    message: CString,
}

fn c(s: &str) -> CString {
    CString::new(s.replace('\0', "\\0")).unwrap_or_default()
}

impl medcore_hl7_report {
    fn new_handle(report: ValidationReport) -> *mut medcore_hl7_report {
        let issues = report
            .issues
            .iter()
            .map(|i| IssueStrings {
                rule: c(i.rule.as_str()),
                segment: c(&i.segment),
                path: c(&i.location().path()),
                message: c(&i.message),
            })
            .collect();
        Box::into_raw(Box::new(medcore_hl7_report {
            control_id: c(&report.control_id),
            message_type: c(&report.message_type),
            version: c(&report.version),
            definitions: report.definitions.as_deref().map(c),
            structure: report.structure.as_deref().map(c),
            issues,
            report,
        }))
    }
}

/// How serious a validation issue is.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum medcore_hl7_severity {
    /// Worth knowing; the message is fine.
    MEDCORE_HL7_SEVERITY_INFO = 0,
    /// Not conformant, but commonly sent and accepted.
    MEDCORE_HL7_SEVERITY_WARNING = 1,
    /// The message does not conform.
    MEDCORE_HL7_SEVERITY_ERROR = 2,
}

impl From<Severity> for medcore_hl7_severity {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Info => medcore_hl7_severity::MEDCORE_HL7_SEVERITY_INFO,
            Severity::Warning => medcore_hl7_severity::MEDCORE_HL7_SEVERITY_WARNING,
            Severity::Error => medcore_hl7_severity::MEDCORE_HL7_SEVERITY_ERROR,
        }
    }
}

/// Acknowledgment codes (HL7 table 0008, original mode).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum medcore_hl7_ack_code {
    /// In `medcore_hl7_ack_options`: derive the code from the validation report.
    MEDCORE_HL7_ACK_DERIVE = 0,
    /// Application accept.
    MEDCORE_HL7_ACK_AA = 1,
    /// Application error: the message was processed but has errors.
    MEDCORE_HL7_ACK_AE = 2,
    /// Application reject: the message type, event, processing id or version is unsupported.
    MEDCORE_HL7_ACK_AR = 3,
}

impl From<AckCode> for medcore_hl7_ack_code {
    fn from(c: AckCode) -> Self {
        match c {
            AckCode::AA => medcore_hl7_ack_code::MEDCORE_HL7_ACK_AA,
            AckCode::AE => medcore_hl7_ack_code::MEDCORE_HL7_ACK_AE,
            AckCode::AR => medcore_hl7_ack_code::MEDCORE_HL7_ACK_AR,
        }
    }
}

/// What a report says about the message as a whole. The strings are borrowed from the report.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_hl7_report_summary {
    /// MSH-10, the message control id (empty when not sent).
    pub control_id: *const c_char,
    /// MSH-9 as sent, e.g. `ADT^A04^ADT_A01`.
    pub message_type: *const c_char,
    /// MSH-12 as sent.
    pub version: *const c_char,
    /// The definitions the message was checked against, e.g. `2.5`; NULL when none applied.
    pub definitions: *const c_char,
    /// The message structure the segments were matched against, e.g. `ADT_A01`; NULL when none.
    pub structure: *const c_char,
    /// 1 when any issue is an error, 0 otherwise.
    pub has_errors: u8,
    /// The number of issues.
    pub issue_count: usize,
    /// The number of errors.
    pub error_count: usize,
    /// The number of warnings.
    pub warning_count: usize,
    /// The number of infos.
    pub info_count: usize,
}

/// One validation issue with its full location. Positions are 1-based as HL7 counts them;
/// `field`, `repetition`, `component` and `subcomponent` are 0 when the issue is not that
/// precise. The strings are borrowed from the report.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_hl7_issue {
    /// How serious it is.
    pub severity: medcore_hl7_severity,
    /// The HL7 table 0357 code, e.g. 101 (required field missing).
    pub code: u16,
    /// The check that found it, e.g. `field_required`, `table_value`, `segment_missing`.
    pub rule: *const c_char,
    /// Segment id, e.g. `PID`.
    pub segment: *const c_char,
    /// Position of the segment in the message (MSH is 1).
    pub segment_index: usize,
    /// Field number (0: the issue is about the whole segment).
    pub field: usize,
    /// Field repetition (0: not specific).
    pub repetition: usize,
    /// Component (0: not specific).
    pub component: usize,
    /// Subcomponent (0: not specific).
    pub subcomponent: usize,
    /// Line of the input where the segment starts.
    pub line: usize,
    /// Byte offset in the input where the located element starts.
    pub offset: usize,
    /// The HL7 path of the location, e.g. `PID-7` or `PID-3(2)-4-1`.
    pub path: *const c_char,
    /// What is wrong, for a person.
    pub message: *const c_char,
}

/// How to build an ACK.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_hl7_ack_options {
    /// MSH-10 of the ACK: a new control id (NUL-terminated, required).
    pub control_id: *const c_char,
    /// MSH-7 of the ACK, an HL7 timestamp such as `20240101120000+0000` (required).
    pub timestamp: *const c_char,
    /// The code to send, a `medcore_hl7_ack_code`: `MEDCORE_HL7_ACK_DERIVE` (0) derives it
    /// from the report; a value outside the enum gives `MEDCORE_INVALID_ARGUMENT`.
    pub code: u32,
    /// Non-zero: write ERR segments for warnings too, not only for errors (the core default
    /// and what the shared ACK vectors use).
    pub include_warnings: u8,
}

fn new_profile(profile: Profile) -> *mut medcore_hl7_profile {
    Box::into_raw(Box::new(medcore_hl7_profile { profile }))
}

/// The built-in profile `name` (`"lenient"` or `"strict"`). Another name gives
/// `MEDCORE_HL7_PROFILE_INVALID`.
///
/// # Safety
/// `name` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_profile_builtin(
    name: *const c_char,
    out: *mut *mut medcore_hl7_profile,
) -> medcore_status {
    status(|| {
        let name = unsafe { cstr(name, "name")? };
        let p = Profile::builtin(name).ok_or_else(|| {
            Failure::core(
                "HL7_PROFILE_INVALID",
                format!("no built-in profile {name:?}: use \"lenient\" or \"strict\""),
            )
        })?;
        let p = new_profile(p);
        unsafe { write(out, p, "out") }.inspect_err(|_| unsafe { medcore_hl7_profile_free(p) })
    })
}

unsafe fn profile_from(
    data: *const c_char,
    len: usize,
    out: *mut *mut medcore_hl7_profile,
    read: fn(&str) -> Result<Profile, medcore::hl7::Hl7Error>,
) -> medcore_status {
    status(|| {
        let t = unsafe { text(data, len, "text")? };
        let p = new_profile(read(t)?);
        unsafe { write(out, p, "out") }.inspect_err(|_| unsafe { medcore_hl7_profile_free(p) })
    })
}

/// A custom profile from `len` bytes of JSON at `text` (it may extend a built-in profile).
/// A malformed profile gives `MEDCORE_HL7_PROFILE_INVALID` with the line and column.
///
/// # Safety
/// `text` must point to `len` bytes; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_profile_from_json(
    text: *const c_char,
    len: usize,
    out: *mut *mut medcore_hl7_profile,
) -> medcore_status {
    unsafe { profile_from(text, len, out, Profile::from_json) }
}

/// A custom profile from `len` bytes of TOML at `text`, as `medcore_hl7_profile_from_json`.
///
/// # Safety
/// `text` must point to `len` bytes; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_profile_from_toml(
    text: *const c_char,
    len: usize,
    out: *mut *mut medcore_hl7_profile,
) -> medcore_status {
    unsafe { profile_from(text, len, out, Profile::from_toml) }
}

/// A custom profile from text: JSON when it starts with `{`, TOML otherwise.
///
/// # Safety
/// `text` must point to `len` bytes; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_profile_from_text(
    text: *const c_char,
    len: usize,
    out: *mut *mut medcore_hl7_profile,
) -> medcore_status {
    unsafe { profile_from(text, len, out, Profile::from_text) }
}

/// The profile's name: a new string.
///
/// # Safety
/// `profile` a live profile; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_profile_name(
    profile: *const medcore_hl7_profile,
    out: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let p = unsafe { handle(profile, "profile")? };
        unsafe { out_string(Some(&p.profile.name), out, std::ptr::null_mut()) }
    })
}

/// Frees a profile. NULL is allowed.
///
/// # Safety
/// `profile` must be NULL or a live profile that is not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_profile_free(profile: *mut medcore_hl7_profile) {
    boundary(|| {
        if !profile.is_null() {
            // SAFETY: made by Box::into_raw in `new_profile`.
            drop(unsafe { Box::from_raw(profile) });
        }
    })
}

/// A validator for `profile` (copied: the profile may be freed afterwards).
///
/// # Safety
/// `profile` a live profile; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_validator_new(
    profile: *const medcore_hl7_profile,
    out: *mut *mut medcore_hl7_validator,
) -> medcore_status {
    status(|| {
        let p = unsafe { handle(profile, "profile")? };
        let v = Box::into_raw(Box::new(medcore_hl7_validator {
            validator: Validator::new(p.profile.clone()),
        }));
        unsafe { write(out, v, "out") }.inspect_err(|_| unsafe { medcore_hl7_validator_free(v) })
    })
}

/// Frees a validator. NULL is allowed.
///
/// # Safety
/// `validator` must be NULL or a live validator that is not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_validator_free(validator: *mut medcore_hl7_validator) {
    boundary(|| {
        if !validator.is_null() {
            // SAFETY: made by Box::into_raw in `medcore_hl7_validator_new`.
            drop(unsafe { Box::from_raw(validator) });
        }
    })
}

/// Validates a parsed message: structure, data types, tables and the profile's rules.
/// `*out` receives a new report (free with `medcore_hl7_report_free`).
///
/// # Safety
/// `validator` and `msg` live handles; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_validate(
    validator: *const medcore_hl7_validator,
    msg: *const medcore_hl7_message,
    out: *mut *mut medcore_hl7_report,
) -> medcore_status {
    status(|| {
        let v = unsafe { handle(validator, "validator")? };
        let m = unsafe { handle(msg, "msg")? };
        if out.is_null() {
            return Err(Failure::invalid("`out` is NULL"));
        }
        let r = medcore_hl7_report::new_handle(v.validator.validate(&m.msg));
        unsafe { write(out, r, "out") }
    })
}

/// Validates `count` messages in one call: `out_reports[i]` receives the report of
/// `messages[i]`. When an argument is unusable (a NULL array or message) nothing is written.
///
/// # Safety
/// `messages` must hold `count` live messages; `out_reports` valid for `count` writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_validate_many(
    validator: *const medcore_hl7_validator,
    messages: *const *const medcore_hl7_message,
    count: usize,
    out_reports: *mut *mut medcore_hl7_report,
) -> medcore_status {
    status(|| {
        let v = unsafe { handle(validator, "validator")? };
        if count == 0 {
            return Ok(());
        }
        if messages.is_null() || out_reports.is_null() {
            return Err(Failure::invalid("a NULL array was passed to validate_many"));
        }
        // SAFETY: the caller guarantees `count` entries.
        let msgs = unsafe { std::slice::from_raw_parts(messages, count) };
        let mut borrowed = Vec::with_capacity(count);
        for (i, m) in msgs.iter().enumerate() {
            borrowed.push(unsafe { handle(*m, &format!("messages[{i}]"))? });
        }
        for (i, m) in borrowed.into_iter().enumerate() {
            let r = medcore_hl7_report::new_handle(v.validator.validate(&m.msg));
            // SAFETY: the caller guarantees `count` writable entries.
            unsafe { out_reports.add(i).write(r) };
        }
        Ok(())
    })
}

/// Frees a report. NULL is allowed.
///
/// # Safety
/// `report` must be NULL or a live report that is not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_report_free(report: *mut medcore_hl7_report) {
    boundary(|| {
        if !report.is_null() {
            // SAFETY: made by Box::into_raw in `new_handle`.
            drop(unsafe { Box::from_raw(report) });
        }
    })
}

/// The report's summary (message identity, definitions, structure and issue counts).
///
/// # Safety
/// `report` a live report; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_report_get_summary(
    report: *const medcore_hl7_report,
    out: *mut medcore_hl7_report_summary,
) -> medcore_status {
    status(|| {
        let r = unsafe { handle(report, "report")? };
        let opt = |s: &Option<CString>| s.as_ref().map_or(std::ptr::null(), |s| s.as_ptr());
        let summary = medcore_hl7_report_summary {
            control_id: r.control_id.as_ptr(),
            message_type: r.message_type.as_ptr(),
            version: r.version.as_ptr(),
            definitions: opt(&r.definitions),
            structure: opt(&r.structure),
            has_errors: u8::from(r.report.has_errors()),
            issue_count: r.report.issues.len(),
            error_count: r.report.count(Severity::Error),
            warning_count: r.report.count(Severity::Warning),
            info_count: r.report.count(Severity::Info),
        };
        unsafe { write(out, summary, "out") }
    })
}

/// Issue `index` (0-based, in message order). An index out of range gives
/// `MEDCORE_INVALID_ARGUMENT`.
///
/// # Safety
/// `report` a live report; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_report_issue(
    report: *const medcore_hl7_report,
    index: usize,
    out: *mut medcore_hl7_issue,
) -> medcore_status {
    status(|| {
        let r = unsafe { handle(report, "report")? };
        let (i, s) = r
            .report
            .issues
            .get(index)
            .zip(r.issues.get(index))
            .ok_or_else(|| {
                Failure::invalid(format!(
                    "issue index {index} is out of range: the report has {} issues",
                    r.report.issues.len()
                ))
            })?;
        let issue = medcore_hl7_issue {
            severity: i.severity.into(),
            code: i.code.as_u16(),
            rule: s.rule.as_ptr(),
            segment: s.segment.as_ptr(),
            segment_index: i.segment_index,
            field: i.field.unwrap_or(0),
            repetition: i.repetition.unwrap_or(0),
            component: i.component.unwrap_or(0),
            subcomponent: i.subcomponent.unwrap_or(0),
            line: i.line,
            offset: i.offset,
            path: s.path.as_ptr(),
            message: s.message.as_ptr(),
        };
        unsafe { write(out, issue, "out") }
    })
}

/// The ACK code a report calls for: `AR` when an error says the message type, event,
/// processing id or version is unsupported, `AE` for any other error, `AA` otherwise.
/// `MEDCORE_HL7_ACK_DERIVE` for a NULL report.
///
/// # Safety
/// `report` must be NULL or a live report.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_ack_code_for_report(
    report: *const medcore_hl7_report,
) -> medcore_hl7_ack_code {
    boundary(|| match unsafe { report.as_ref() } {
        Some(r) => AckCode::for_report(&r.report).into(),
        None => medcore_hl7_ack_code::MEDCORE_HL7_ACK_DERIVE,
    })
}

impl crate::ffi::PanicValue for medcore_hl7_ack_code {
    fn after_panic() -> Self {
        medcore_hl7_ack_code::MEDCORE_HL7_ACK_DERIVE
    }
}

/// Builds the ACK for `msg` from its validation `report`: MSH with sender and receiver
/// swapped, MSA with the code and the original control id, one ERR per error (and per warning
/// when asked). `*out` receives the ACK text (segments end with CR), `*out_len` (if not NULL)
/// its length.
///
/// # Safety
/// `msg` and `report` live handles; `options` points to valid options; `out` valid for writes;
/// `out_len` NULL or valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_hl7_build_ack(
    msg: *const medcore_hl7_message,
    report: *const medcore_hl7_report,
    options: *const medcore_hl7_ack_options,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> medcore_status {
    status(|| {
        let m = unsafe { handle(msg, "msg")? };
        let r = unsafe { handle(report, "report")? };
        let o = unsafe { handle(options, "options")? };
        let mut opts = AckOptions::new(
            unsafe { cstr(o.control_id, "options.control_id")? },
            unsafe { cstr(o.timestamp, "options.timestamp")? },
        );
        opts.code = match o.code {
            0 => None,
            1 => Some(AckCode::AA),
            2 => Some(AckCode::AE),
            3 => Some(AckCode::AR),
            other => {
                return Err(Failure::invalid(format!(
                    "options.code {other} is not a medcore_hl7_ack_code"
                )))
            }
        };
        opts.include_warnings = o.include_warnings != 0;
        let ack = build_ack(&m.msg, &r.report, &opts);
        unsafe { out_string(Some(&ack), out, out_len) }
    })
}
