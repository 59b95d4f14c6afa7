//! `hl7` validation and ACK: conversions between `medcore::hl7::{profile, validate, ack}` and
//! JS values. Every call takes the message text (a `Buffer`, whose MSH-18 decides the character
//! set, or a UTF-8 string) and parses it with the core parser.

use crate::errors::{self, guard, Result};
use crate::task::{self, Outcome};
use medcore::hl7 as core;
use medcore::hl7::ack::{AckCode, AckOptions as CoreAckOptions};
use medcore::hl7::validate as cv;
use napi::bindgen_prelude::{AsyncTask, Buffer, Either};
use napi_derive::napi;
use std::sync::Arc;

fn text_bytes(data: &Either<Buffer, String>) -> &[u8] {
    match data {
        Either::A(b) => b.as_ref(),
        Either::B(s) => s.as_bytes(),
    }
}

/// A validation profile: which rules apply, at which severity, and the message's own
/// constraints (segments, fields, tables).
#[napi]
pub struct Profile {
    inner: core::profile::Profile,
}

#[napi]
impl Profile {
    /// The built-in `lenient` profile (the default).
    #[napi(factory)]
    pub fn lenient() -> Profile {
        Profile {
            inner: core::profile::Profile::lenient(),
        }
    }

    /// The built-in `strict` profile.
    #[napi(factory)]
    pub fn strict() -> Profile {
        Profile {
            inner: core::profile::Profile::strict(),
        }
    }

    /// A built-in profile by name (`lenient` or `strict`); throws `ERR_INVALID_ARG_VALUE` for another
    /// name.
    #[napi(factory)]
    pub fn builtin(name: String) -> Result<Profile> {
        guard(|| {
            core::profile::Profile::builtin(&name)
                .map(|inner| Profile { inner })
                .ok_or_else(|| {
                    errors::invalid_arg(format!(
                        "no built-in profile named {name:?} (lenient, strict)"
                    ))
                })
        })
    }

    /// Reads a profile from JSON text.
    #[napi(factory)]
    pub fn from_json(text: String) -> Result<Profile> {
        guard(|| {
            core::profile::Profile::from_json(&text)
                .map(|inner| Profile { inner })
                .map_err(errors::hl7)
        })
    }

    /// Reads a profile from TOML text.
    #[napi(factory)]
    pub fn from_toml(text: String) -> Result<Profile> {
        guard(|| {
            core::profile::Profile::from_toml(&text)
                .map(|inner| Profile { inner })
                .map_err(errors::hl7)
        })
    }

    /// Reads a profile from text: JSON when it starts with `{`, TOML otherwise.
    #[napi(factory)]
    pub fn from_text(text: String) -> Result<Profile> {
        guard(|| {
            core::profile::Profile::from_text(&text)
                .map(|inner| Profile { inner })
                .map_err(errors::hl7)
        })
    }

    /// The profile's name.
    #[napi(getter)]
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// What the profile is for.
    #[napi(getter)]
    pub fn description(&self) -> String {
        self.inner.description.clone()
    }

    /// The profile this one extends, if any.
    #[napi(getter)]
    pub fn extends(&self) -> Option<String> {
        self.inner.extends.clone()
    }
}

/// One problem found in a message: severity, HL7 table 0357 code, the rule, and where.
#[napi(object)]
pub struct Issue {
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// HL7 table 0357 code, e.g. `101`.
    pub code: u32,
    /// The text of the table 0357 code, e.g. `Required field missing`.
    pub code_text: String,
    /// The check that found it, e.g. `field_required`.
    pub rule: String,
    /// Segment id.
    pub segment: String,
    /// Position of the segment in the message, 1-based (MSH is 1).
    pub segment_index: u32,
    /// Field number.
    pub field: Option<u32>,
    /// Field repetition, 1-based.
    pub repetition: Option<u32>,
    /// Component, 1-based.
    pub component: Option<u32>,
    /// Subcomponent, 1-based.
    pub subcomponent: Option<u32>,
    /// Line of the input, 1-based.
    pub line: u32,
    /// Byte offset in the input.
    pub offset: u32,
    /// The HL7 path of the location, e.g. `PID-3(2)-4-1`.
    pub path: String,
    /// What is wrong, for a person.
    pub message: String,
}

fn num(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn issue(i: &cv::Issue) -> Issue {
    Issue {
        severity: i.severity.as_str().to_string(),
        code: u32::from(i.code.as_u16()),
        code_text: i.code.text().to_string(),
        rule: i.rule.as_str().to_string(),
        segment: i.segment.clone(),
        segment_index: num(i.segment_index),
        field: i.field.map(num),
        repetition: i.repetition.map(num),
        component: i.component.map(num),
        subcomponent: i.subcomponent.map(num),
        line: num(i.line),
        offset: num(i.offset),
        path: i.location().path(),
        message: i.message.clone(),
    }
}

/// The result of validating one message.
#[napi]
pub struct ValidationReport {
    inner: cv::ValidationReport,
}

#[napi]
impl ValidationReport {
    /// MSH-10.
    #[napi(getter)]
    pub fn control_id(&self) -> String {
        self.inner.control_id.clone()
    }

    /// MSH-9 as sent, e.g. `ADT^A01^ADT_A01`.
    #[napi(getter)]
    pub fn message_type(&self) -> String {
        self.inner.message_type.clone()
    }

    /// MSH-12 as sent.
    #[napi(getter)]
    pub fn version(&self) -> String {
        self.inner.version.clone()
    }

    /// The HL7 version whose definitions were used, absent when none apply.
    #[napi(getter)]
    pub fn definitions(&self) -> Option<String> {
        self.inner.definitions.clone()
    }

    /// The message structure checked, e.g. `ADT_A01`, absent when unknown.
    #[napi(getter)]
    pub fn structure(&self) -> Option<String> {
        self.inner.structure.clone()
    }

    /// Every issue found, in message order.
    #[napi(getter)]
    pub fn issues(&self) -> Vec<Issue> {
        self.inner.issues.iter().map(issue).collect()
    }

    /// Whether any issue has severity `error`.
    #[napi(getter)]
    pub fn has_errors(&self) -> bool {
        self.inner.has_errors()
    }

    /// The worst severity found, absent when there are no issues.
    #[napi(getter)]
    pub fn worst(&self) -> Option<String> {
        self.inner.worst().map(|s| s.as_str().to_string())
    }

    /// How many issues have this severity (`error`, `warning` or `info`).
    #[napi]
    pub fn count(&self, severity: String) -> Result<u32> {
        guard(|| {
            let s = match severity.as_str() {
                "error" => cv::Severity::Error,
                "warning" => cv::Severity::Warning,
                "info" => cv::Severity::Info,
                other => {
                    return Err(errors::invalid_arg(format!(
                        "unknown severity {other:?} (error, warning, info)"
                    )))
                }
            };
            Ok(num(self.inner.count(s)))
        })
    }

    /// The ACK code this report calls for: `AA`, `AE` or `AR`.
    #[napi(getter)]
    pub fn ack_code(&self) -> String {
        AckCode::for_report(&self.inner).as_str().to_string()
    }
}

fn report(inner: cv::ValidationReport) -> ValidationReport {
    ValidationReport { inner }
}

fn validate_one(
    v: &cv::Validator,
    bytes: &[u8],
) -> std::result::Result<cv::ValidationReport, core::Hl7Error> {
    core::parse(bytes).map(|msg| v.validate(&msg))
}

fn validate_all(v: &cv::Validator, items: &[Vec<u8>]) -> Outcome<Vec<cv::ValidationReport>> {
    items
        .iter()
        .enumerate()
        .map(|(i, b)| {
            validate_one(v, b).map_err(|e| task::failure(e.code(), format!("item {i}: {e}")))
        })
        .collect()
}

/// A validator: a profile prepared for many messages.
#[napi]
pub struct Validator {
    inner: Arc<cv::Validator>,
}

#[napi]
impl Validator {
    /// A validator for `profile`; the built-in `lenient` profile when absent.
    #[napi(constructor)]
    pub fn new(profile: Option<&Profile>) -> Validator {
        let p = profile
            .map(|p| p.inner.clone())
            .unwrap_or_else(core::profile::Profile::lenient);
        Validator {
            inner: Arc::new(cv::Validator::new(p)),
        }
    }

    /// The name of the profile in use.
    #[napi(getter)]
    pub fn profile_name(&self) -> String {
        self.inner.profile().name.clone()
    }

    /// Parses and validates one message; throws the parse error (e.g. `HL7_PARSE_NO_MSH`)
    /// when it does not parse.
    #[napi]
    pub fn validate(&self, data: Either<Buffer, String>) -> Result<ValidationReport> {
        guard(|| {
            validate_one(&self.inner, text_bytes(&data))
                .map(report)
                .map_err(errors::hl7)
        })
    }

    /// Validates many messages in one call; throws for the first one that does not parse
    /// (`item N: ...`).
    #[napi]
    pub fn validate_many(
        &self,
        items: Vec<Either<Buffer, String>>,
    ) -> Result<Vec<ValidationReport>> {
        guard(|| {
            items
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    validate_one(&self.inner, text_bytes(d))
                        .map(report)
                        .map_err(|e| errors::hl7_at(i, &e))
                })
                .collect()
        })
    }

    /// `validateMany` off the JS thread: resolves to the reports, rejects with the first
    /// parse error.
    #[napi(ts_return_type = "Promise<Array<ValidationReport>>")]
    pub fn validate_many_async(
        &self,
        items: Vec<Either<Buffer, String>>,
    ) -> AsyncTask<task::Work<Vec<cv::ValidationReport>, Vec<ValidationReport>>> {
        let v = Arc::clone(&self.inner);
        let owned: Vec<Vec<u8>> = items.iter().map(|d| text_bytes(d).to_vec()).collect();
        task::run(
            move || validate_all(&v, &owned),
            |reports| reports.into_iter().map(report).collect(),
        )
    }
}

/// How to build an ACK.
#[napi(object)]
pub struct AckOptions {
    /// MSH-10 of the ACK.
    pub control_id: String,
    /// MSH-7 of the ACK (HL7 DTM, e.g. `20240102030405+0000`).
    pub timestamp: String,
    /// Forces the MSA-1 code (`AA`, `AE`, `AR`); taken from the report when absent.
    pub code: Option<String>,
    /// Whether warnings also become ERR segments (default `true`).
    pub include_warnings: Option<bool>,
}

fn ack_options(o: &AckOptions) -> Result<CoreAckOptions> {
    let mut opts = CoreAckOptions::new(o.control_id.as_str(), o.timestamp.as_str());
    opts.code = match o.code.as_deref() {
        None => None,
        Some("AA") => Some(AckCode::AA),
        Some("AE") => Some(AckCode::AE),
        Some("AR") => Some(AckCode::AR),
        Some(other) => {
            return Err(errors::invalid_arg(format!(
                "unknown ACK code {other:?} (AA, AE, AR)"
            )))
        }
    };
    if let Some(w) = o.include_warnings {
        opts.include_warnings = w;
    }
    Ok(opts)
}

/// Builds the ACK for a message from its validation report: MSA-1 from the report (or
/// `options.code`), one ERR segment per issue. Segments end with CR, no MLLP framing.
#[napi]
pub fn build_ack(
    message: Either<Buffer, String>,
    report: &ValidationReport,
    options: AckOptions,
) -> Result<String> {
    guard(|| {
        let opts = ack_options(&options)?;
        let msg = core::parse(text_bytes(&message)).map_err(errors::hl7)?;
        Ok(core::ack::build_ack(&msg, &report.inner, &opts))
    })
}
