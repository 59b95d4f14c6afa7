//! HL7 v2 validation and acknowledgments: a validator object over a profile (built-in or
//! custom JSON/TOML text), the validation report as plain records, and ACK building.

use crate::hl7::Hl7Message;
use crate::{guard, MedcoreError};
use medcore::hl7::ack::{self, AckCode, AckOptions};
use medcore::hl7::profile::Profile;
use medcore::hl7::validate::{ErrorCode, Issue, Rule, Severity, ValidationReport, Validator};
use std::sync::Arc;

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Hl7Severity {
    /// Informational only.
    Info,
    /// Worth attention; the message is still accepted.
    Warning,
    /// The message does not conform.
    Error,
}

/// The validation rule an issue comes from (each maps to one HL7 table 0357 code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Hl7Rule {
    /// A required segment is missing.
    SegmentMissing,
    /// A segment is out of order for the message structure.
    SegmentOutOfOrder,
    /// A segment the structure does not allow here.
    SegmentUnexpected,
    /// A segment repeats more often than allowed.
    SegmentRepetition,
    /// A segment id not defined by the standard.
    SegmentUnknown,
    /// A Z (site-defined) segment.
    ZSegment,
    /// A segment the profile does not support.
    SegmentNotSupported,
    /// A required field is empty.
    FieldRequired,
    /// A field repeats more often than allowed.
    FieldRepetition,
    /// A field the profile does not support.
    FieldNotSupported,
    /// A field withdrawn from the standard.
    FieldWithdrawn,
    /// A field beyond the segment's definition.
    FieldUndefined,
    /// A value that does not match its data type.
    DataType,
    /// A required component is empty.
    ComponentRequired,
    /// A value not in its HL7 or profile table.
    TableValue,
    /// A value longer than allowed.
    Length,
    /// MSH-9.1 is not a supported message type.
    MessageType,
    /// MSH-9.2 is not a supported trigger event.
    EventCode,
    /// MSH-9.3 does not match the message type and event.
    MessageStructure,
    /// MSH-11 is not a supported processing id.
    ProcessingId,
    /// MSH-12 is not a supported version.
    Version,
}

/// One validation issue with its full location.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Hl7Issue {
    /// How serious it is.
    pub severity: Hl7Severity,
    /// The HL7 table 0357 code, e.g. `101` (required field missing).
    pub code: u16,
    /// The table 0357 text of `code`, e.g. `Required field missing`.
    pub code_text: String,
    /// The rule that found it.
    pub rule: Hl7Rule,
    /// The segment id, e.g. `PID`.
    pub segment: String,
    /// 1-based position of the segment in the message.
    pub segment_index: u32,
    /// 1-based field number, when the issue is about a field.
    pub field: Option<u32>,
    /// 1-based repetition, when known.
    pub repetition: Option<u32>,
    /// 1-based component, when known.
    pub component: Option<u32>,
    /// 1-based subcomponent, when known.
    pub subcomponent: Option<u32>,
    /// 1-based input line of the segment.
    pub line: u32,
    /// 0-based byte offset of the segment in the message text.
    pub offset: u32,
    /// The location as a path, e.g. `PID-3(2)-1`.
    pub path: String,
    /// The message for a person, naming the location.
    pub message: String,
}

/// The result of validating one message.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Hl7ValidationReport {
    /// MSH-10, the message control id.
    pub control_id: String,
    /// MSH-9 as sent, e.g. `ADT^A04^ADT_A01`.
    pub message_type: String,
    /// MSH-12 as sent.
    pub version: String,
    /// The definitions the message was checked against, e.g. `2.5.1`.
    pub definitions: Option<String>,
    /// The message structure the segments were matched against, e.g. `ADT_A01`.
    pub structure: Option<String>,
    /// Every issue found, in message order.
    pub issues: Vec<Hl7Issue>,
    /// `true` when any issue is an error.
    pub has_errors: bool,
    /// The most serious severity among the issues, `None` when there are none.
    pub worst: Option<Hl7Severity>,
}

/// Acknowledgment codes (HL7 table 0008, original mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Hl7AckCode {
    /// Application accept.
    Aa,
    /// Application error: processed, with errors.
    Ae,
    /// Application reject: unsupported message type, event, processing id or version.
    Ar,
}

/// What the caller supplies for an ACK.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Hl7AckOptions {
    /// MSH-10 of the ACK: a new control id.
    pub control_id: String,
    /// MSH-7 of the ACK, an HL7 timestamp such as `20240101120000+0000`.
    pub timestamp: String,
    /// The code to send; `None` derives it from the validation report.
    #[uniffi(default = None)]
    pub code: Option<Hl7AckCode>,
    /// Write ERR segments for warnings too (not only errors).
    #[uniffi(default = true)]
    pub include_warnings: bool,
}

/// A validator: a profile prepared once for many messages. Immutable, shareable across threads.
#[derive(uniffi::Object)]
pub struct Hl7Validator {
    inner: Validator,
}

fn n(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

fn back(v: u32) -> usize {
    v as usize
}

impl From<Severity> for Hl7Severity {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Info => Hl7Severity::Info,
            Severity::Warning => Hl7Severity::Warning,
            Severity::Error => Hl7Severity::Error,
        }
    }
}

impl From<Hl7Severity> for Severity {
    fn from(s: Hl7Severity) -> Self {
        match s {
            Hl7Severity::Info => Severity::Info,
            Hl7Severity::Warning => Severity::Warning,
            Hl7Severity::Error => Severity::Error,
        }
    }
}

macro_rules! rules {
    ($($v:ident),* $(,)?) => {
        impl From<Rule> for Hl7Rule {
            fn from(r: Rule) -> Self {
                match r { $(Rule::$v => Hl7Rule::$v,)* }
            }
        }
        impl From<Hl7Rule> for Rule {
            fn from(r: Hl7Rule) -> Self {
                match r { $(Hl7Rule::$v => Rule::$v,)* }
            }
        }
    };
}

rules!(
    SegmentMissing,
    SegmentOutOfOrder,
    SegmentUnexpected,
    SegmentRepetition,
    SegmentUnknown,
    ZSegment,
    SegmentNotSupported,
    FieldRequired,
    FieldRepetition,
    FieldNotSupported,
    FieldWithdrawn,
    FieldUndefined,
    DataType,
    ComponentRequired,
    TableValue,
    Length,
    MessageType,
    EventCode,
    MessageStructure,
    ProcessingId,
    Version,
);

impl From<AckCode> for Hl7AckCode {
    fn from(c: AckCode) -> Self {
        match c {
            AckCode::AA => Hl7AckCode::Aa,
            AckCode::AE => Hl7AckCode::Ae,
            AckCode::AR => Hl7AckCode::Ar,
        }
    }
}

impl From<Hl7AckCode> for AckCode {
    fn from(c: Hl7AckCode) -> Self {
        match c {
            Hl7AckCode::Aa => AckCode::AA,
            Hl7AckCode::Ae => AckCode::AE,
            Hl7AckCode::Ar => AckCode::AR,
        }
    }
}

fn issue_record(i: &Issue) -> Hl7Issue {
    Hl7Issue {
        severity: i.severity.into(),
        code: i.code.as_u16(),
        code_text: i.code.text().to_string(),
        rule: i.rule.into(),
        segment: i.segment.clone(),
        segment_index: n(i.segment_index),
        field: i.field.map(n),
        repetition: i.repetition.map(n),
        component: i.component.map(n),
        subcomponent: i.subcomponent.map(n),
        line: n(i.line),
        offset: n(i.offset),
        path: i.location().path(),
        message: i.message.clone(),
    }
}

fn report_record(r: &ValidationReport) -> Hl7ValidationReport {
    Hl7ValidationReport {
        control_id: r.control_id.clone(),
        message_type: r.message_type.clone(),
        version: r.version.clone(),
        definitions: r.definitions.clone(),
        structure: r.structure.clone(),
        issues: r.issues.iter().map(issue_record).collect(),
        has_errors: r.has_errors(),
        worst: r.worst().map(Into::into),
    }
}

fn core_report(r: &Hl7ValidationReport) -> Result<ValidationReport, MedcoreError> {
    let issues = r
        .issues
        .iter()
        .map(|i| {
            let code = ErrorCode::try_from(i.code).map_err(MedcoreError::invalid)?;
            Ok(Issue {
                severity: i.severity.into(),
                code,
                rule: i.rule.into(),
                segment: i.segment.clone(),
                segment_index: back(i.segment_index),
                field: i.field.map(back),
                repetition: i.repetition.map(back),
                component: i.component.map(back),
                subcomponent: i.subcomponent.map(back),
                line: back(i.line),
                offset: back(i.offset),
                message: i.message.clone(),
            })
        })
        .collect::<Result<Vec<_>, MedcoreError>>()?;
    Ok(ValidationReport {
        control_id: r.control_id.clone(),
        message_type: r.message_type.clone(),
        version: r.version.clone(),
        definitions: r.definitions.clone(),
        structure: r.structure.clone(),
        issues,
    })
}

fn validator(profile: Profile) -> Arc<Hl7Validator> {
    Arc::new(Hl7Validator {
        inner: Validator::new(profile),
    })
}

#[uniffi::export]
impl Hl7Validator {
    /// A validator with the built-in `lenient` profile (the default).
    #[uniffi::constructor]
    pub fn lenient() -> Arc<Self> {
        validator(Profile::lenient())
    }

    /// A validator with the built-in `strict` profile.
    #[uniffi::constructor]
    pub fn strict() -> Arc<Self> {
        validator(Profile::strict())
    }

    /// A validator with a built-in profile by name (`lenient` or `strict`); any other name
    /// raises `MEDCORE_INVALID_ARGUMENT`.
    #[uniffi::constructor]
    pub fn builtin(name: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            Profile::builtin(&name).map(validator).ok_or_else(|| {
                MedcoreError::invalid(format!(
                    "profile {name:?}: only 'lenient' and 'strict' are built in"
                ))
            })
        })
    }

    /// A validator with a custom profile given as text: JSON when it starts with `{`, TOML
    /// otherwise. A bad profile raises `HL7_PROFILE_INVALID`.
    #[uniffi::constructor]
    pub fn from_text(text: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| Ok(validator(Profile::from_text(&text)?)))
    }

    /// A validator with a custom profile given as JSON text.
    #[uniffi::constructor]
    pub fn from_json(text: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| Ok(validator(Profile::from_json(&text)?)))
    }

    /// A validator with a custom profile given as TOML text.
    #[uniffi::constructor]
    pub fn from_toml(text: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| Ok(validator(Profile::from_toml(&text)?)))
    }

    /// The name of the profile in use.
    pub fn profile_name(&self) -> String {
        self.inner.profile().name.clone()
    }

    /// Validates one parsed message.
    pub fn validate(&self, message: Arc<Hl7Message>) -> Hl7ValidationReport {
        report_record(&self.inner.validate(message.core()))
    }

    /// Validates many parsed messages in one call; one report per message, in order.
    pub fn validate_all(&self, messages: Vec<Arc<Hl7Message>>) -> Vec<Hl7ValidationReport> {
        messages
            .iter()
            .map(|m| report_record(&self.inner.validate(m.core())))
            .collect()
    }
}

/// The ACK code a validation report calls for: `Ar` for an unsupported message type, event,
/// processing id or version, `Ae` for any other error, `Aa` otherwise.
#[uniffi::export]
pub fn hl7_ack_code_for_report(report: Hl7ValidationReport) -> Result<Hl7AckCode, MedcoreError> {
    guard(|| Ok(AckCode::for_report(&core_report(&report)?).into()))
}

/// Builds the ACK for `original` from its validation report: sender and receiver swapped, MSA
/// with the code and the original MSH-10, one ERR segment per error (and warning, when
/// `options.include_warnings`). Segments end with CR.
#[uniffi::export]
pub fn hl7_build_ack(
    original: Arc<Hl7Message>,
    report: Hl7ValidationReport,
    options: Hl7AckOptions,
) -> Result<String, MedcoreError> {
    guard(|| {
        let opts = AckOptions {
            control_id: options.control_id,
            timestamp: options.timestamp,
            code: options.code.map(Into::into),
            include_warnings: options.include_warnings,
        };
        Ok(ack::build_ack(
            original.core(),
            &core_report(&report)?,
            &opts,
        ))
    })
}
