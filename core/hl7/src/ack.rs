//! Acknowledgment (ACK) messages built from a received message and its validation result.
//!
//! The ACK's MSH swaps sender and receiver (MSH-3/4 with MSH-5/6), carries the caller's new
//! control id and timestamp, the original processing id and version, and `ACK^<event>^ACK` as
//! its type. MSA holds the acknowledgment code and the original MSH-10. One ERR segment is
//! written per error or warning: from v2.5 on with ERR-2 (location), ERR-3 (table 0357 code),
//! ERR-4 (severity) and ERR-8 (the message for a person); before v2.5 with ERR-1 (segment,
//! sequence, field and code).

use crate::escape;
use crate::validate::{ErrorCode, Issue, Severity, ValidationReport};
use crate::{Delimiters, Message};
use serde::{Deserialize, Serialize};

/// Acknowledgment codes (HL7 table 0008, original mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AckCode {
    /// Application accept.
    AA,
    /// Application error: the message was processed but has errors.
    AE,
    /// Application reject: the message type, event, processing id or version is not supported.
    AR,
}

impl AckCode {
    /// `AA`, `AE` or `AR`.
    pub fn as_str(self) -> &'static str {
        match self {
            AckCode::AA => "AA",
            AckCode::AE => "AE",
            AckCode::AR => "AR",
        }
    }

    /// The code a validation result calls for: `AR` when an error says the message type,
    /// event, processing id or version is unsupported, `AE` for any other error, `AA` otherwise.
    pub fn for_report(report: &ValidationReport) -> AckCode {
        let errors = report
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Error);
        let mut code = AckCode::AA;
        for i in errors {
            match i.code {
                ErrorCode::UnsupportedMessageType
                | ErrorCode::UnsupportedEventCode
                | ErrorCode::UnsupportedProcessingId
                | ErrorCode::UnsupportedVersionId => return AckCode::AR,
                _ => code = AckCode::AE,
            }
        }
        code
    }
}

/// What the caller supplies for an ACK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckOptions {
    /// MSH-10 of the ACK: a new control id.
    pub control_id: String,
    /// MSH-7 of the ACK, an HL7 timestamp such as `20240101120000+0000`.
    pub timestamp: String,
    /// The code to send; `None` derives it from the validation result.
    pub code: Option<AckCode>,
    /// Write ERR segments for warnings too (not only errors).
    pub include_warnings: bool,
}

impl AckOptions {
    /// Options with a control id and timestamp, the code derived from the validation result,
    /// ERR segments for errors and warnings.
    pub fn new(control_id: impl Into<String>, timestamp: impl Into<String>) -> AckOptions {
        AckOptions {
            control_id: control_id.into(),
            timestamp: timestamp.into(),
            code: None,
            include_warnings: true,
        }
    }
}

fn version_at_least(version: &str, major: u32, minor: u32) -> bool {
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let a = parts.next().unwrap_or(0);
    let b = parts.next().unwrap_or(0);
    let c = parts.next().unwrap_or(0);
    (a, b, c) >= (major, minor, 0)
}

fn version_has_structure_component(version: &str) -> bool {
    // MSG.3 (message structure) exists from v2.3.1 on.
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let v = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    v >= (2, 3, 1)
}

/// Text written into a field: escaped with the message's delimiters; if it has no escape
/// character, delimiters in the text are replaced by spaces.
fn text(value: &str, d: &Delimiters) -> String {
    match escape::encode(value, d) {
        Ok(s) => s.into_owned(),
        Err(_) => value
            .chars()
            .map(|c| {
                if c == d.field
                    || c == d.component
                    || c == d.repetition
                    || Some(c) == d.subcomponent
                    || c == '\r'
                    || c == '\n'
                {
                    ' '
                } else {
                    c
                }
            })
            .collect(),
    }
}

/// Builds the ACK for `original`, using `report` (its validation result) for the code and the
/// ERR segments. Segments end with CR; the result has no trailing MLLP framing.
pub fn build_ack(original: &Message<'_>, report: &ValidationReport, opts: &AckOptions) -> String {
    let d = original.delimiters();
    let fs = d.field;
    let cs = d.component;
    let msh = original.segment(0);
    let raw_field = |n: usize| -> &str {
        msh.as_ref()
            .and_then(|s| s.field(n))
            .map(|f| f.raw())
            .unwrap_or("")
    };
    let version_field = raw_field(12);
    let version = version_field.split(cs).next().unwrap_or("");
    let mtype = original.message_type();
    let code = opts.code.unwrap_or_else(|| AckCode::for_report(report));

    let mut out = String::with_capacity(256);
    // MSH
    out.push_str("MSH");
    out.push(fs);
    out.push_str(&d.encoding_characters());
    for v in [
        raw_field(5),
        raw_field(6),
        raw_field(3),
        raw_field(4),
        &text(&opts.timestamp, d),
        "",
    ] {
        out.push(fs);
        out.push_str(v);
    }
    out.push(fs);
    out.push_str("ACK");
    if !mtype.trigger.is_empty() {
        out.push(cs);
        out.push_str(&text(&mtype.trigger, d));
        if version_has_structure_component(version) {
            out.push(cs);
            out.push_str("ACK");
        }
    }
    out.push(fs);
    out.push_str(&text(&opts.control_id, d));
    out.push(fs);
    out.push_str(raw_field(11));
    out.push(fs);
    out.push_str(version_field);
    out.push('\r');

    // MSA
    let issues: Vec<&Issue> = report
        .issues
        .iter()
        .filter(|i| {
            i.severity == Severity::Error
                || (opts.include_warnings && i.severity == Severity::Warning)
        })
        .collect();
    out.push_str("MSA");
    out.push(fs);
    out.push_str(code.as_str());
    out.push(fs);
    out.push_str(raw_field(10));
    let modern = version_at_least(version, 2, 5);
    if !modern {
        // MSA-3 (text message) and MSA-6 (error condition) describe the first error before
        // v2.5 moved them to ERR.
        if let Some(first) = issues.iter().find(|i| i.severity == Severity::Error) {
            out.push(fs);
            out.push_str(&text(&first.message, d));
            out.push(fs);
            out.push(fs);
            out.push(fs);
            out.push_str(&format!(
                "{}{cs}{}{cs}HL70357",
                first.code.as_u16(),
                text(first.code.text(), d)
            ));
        }
    }
    out.push('\r');

    // ERR
    for i in issues {
        out.push_str("ERR");
        out.push(fs);
        if modern {
            // ERR-1 is left empty from v2.5 on.
            out.push(fs);
            out.push_str(&error_location(original, i, cs));
            out.push(fs);
            out.push_str(&format!(
                "{}{cs}{}{cs}HL70357",
                i.code.as_u16(),
                text(i.code.text(), d)
            ));
            out.push(fs);
            out.push_str(match i.severity {
                Severity::Error => "E",
                Severity::Warning => "W",
                Severity::Info => "I",
            });
            for _ in 5..8 {
                out.push(fs);
            }
            out.push(fs);
            out.push_str(&text(&i.message, d));
        } else {
            // ERR-1 (ELD): segment id ^ sequence ^ field position ^ code (CE, as subcomponents).
            let sub = d.subcomponent.unwrap_or(' ');
            out.push_str(&format!(
                "{}{cs}{}{cs}{}{cs}{}{sub}{}{sub}HL70357",
                i.segment,
                segment_sequence(original, i),
                i.field.map(|f| f.to_string()).unwrap_or_default(),
                i.code.as_u16(),
                text(i.code.text(), d)
            ));
        }
        out.push('\r');
    }
    out
}

/// ERL.2: the occurrence of the segment id within the message (1 for the first PID).
fn segment_sequence(original: &Message<'_>, i: &Issue) -> usize {
    let upto = i.segment_index.saturating_sub(1);
    let n = original
        .segments()
        .take(upto + 1)
        .filter(|s| s.id() == i.segment)
        .count();
    n.max(1)
}

/// ERR-2 (ERL): segment id ^ sequence ^ field ^ repetition ^ component ^ subcomponent.
fn error_location(original: &Message<'_>, i: &Issue, cs: char) -> String {
    let mut parts = vec![i.segment.clone(), segment_sequence(original, i).to_string()];
    if let Some(f) = i.field {
        parts.push(f.to_string());
        parts.push(i.repetition.unwrap_or(1).to_string());
        if let Some(c) = i.component {
            parts.push(c.to_string());
            if let Some(s) = i.subcomponent {
                parts.push(s.to_string());
            }
        }
    }
    parts.join(&cs.to_string())
}
