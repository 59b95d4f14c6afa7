//! Validation issues: what is wrong, how bad it is (severity), its HL7 table 0357 code and its
//! exact location.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; the message is fine.
    Info,
    /// Not conformant, but commonly sent and accepted.
    Warning,
    /// The message does not conform.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// HL7 table 0357 (message error condition codes). Serialized as its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u16", try_from = "u16")]
pub enum ErrorCode {
    /// 100: segments not in the proper order, required segments missing, or too many of one.
    SegmentSequence,
    /// 101: a required field is missing.
    RequiredFieldMissing,
    /// 102: a value does not match its data type (or repeats more than allowed).
    DataType,
    /// 103: a value is not in its table.
    TableValueNotFound,
    /// 104: a value is longer than allowed (table 0357 since v2.7).
    ValueTooLong,
    /// 200: the message type is not supported.
    UnsupportedMessageType,
    /// 201: the trigger event is not supported.
    UnsupportedEventCode,
    /// 202: the processing id is not supported.
    UnsupportedProcessingId,
    /// 203: the version id is not supported.
    UnsupportedVersionId,
    /// 207: the application failed while processing the message.
    ApplicationInternalError,
}

impl ErrorCode {
    /// The table 0357 number, e.g. 101.
    pub fn as_u16(self) -> u16 {
        match self {
            ErrorCode::SegmentSequence => 100,
            ErrorCode::RequiredFieldMissing => 101,
            ErrorCode::DataType => 102,
            ErrorCode::TableValueNotFound => 103,
            ErrorCode::ValueTooLong => 104,
            ErrorCode::UnsupportedMessageType => 200,
            ErrorCode::UnsupportedEventCode => 201,
            ErrorCode::UnsupportedProcessingId => 202,
            ErrorCode::UnsupportedVersionId => 203,
            ErrorCode::ApplicationInternalError => 207,
        }
    }

    /// The table 0357 text, e.g. `Required field missing`.
    pub fn text(self) -> &'static str {
        match self {
            ErrorCode::SegmentSequence => "Segment sequence error",
            ErrorCode::RequiredFieldMissing => "Required field missing",
            ErrorCode::DataType => "Data type error",
            ErrorCode::TableValueNotFound => "Table value not found",
            ErrorCode::ValueTooLong => "Value too long",
            ErrorCode::UnsupportedMessageType => "Unsupported message type",
            ErrorCode::UnsupportedEventCode => "Unsupported event code",
            ErrorCode::UnsupportedProcessingId => "Unsupported processing id",
            ErrorCode::UnsupportedVersionId => "Unsupported version id",
            ErrorCode::ApplicationInternalError => "Application internal error",
        }
    }
}

impl From<ErrorCode> for u16 {
    fn from(c: ErrorCode) -> u16 {
        c.as_u16()
    }
}

impl TryFrom<u16> for ErrorCode {
    type Error = String;
    fn try_from(n: u16) -> Result<Self, String> {
        Ok(match n {
            100 => ErrorCode::SegmentSequence,
            101 => ErrorCode::RequiredFieldMissing,
            102 => ErrorCode::DataType,
            103 => ErrorCode::TableValueNotFound,
            104 => ErrorCode::ValueTooLong,
            200 => ErrorCode::UnsupportedMessageType,
            201 => ErrorCode::UnsupportedEventCode,
            202 => ErrorCode::UnsupportedProcessingId,
            203 => ErrorCode::UnsupportedVersionId,
            207 => ErrorCode::ApplicationInternalError,
            _ => return Err(format!("{n} is not a supported HL7 table 0357 code")),
        })
    }
}

/// The check that found an issue. Profiles set a severity per rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// A segment the structure requires is absent (100).
    SegmentMissing,
    /// A segment appears where the structure does not allow it, though it belongs to the
    /// structure elsewhere (100).
    SegmentOutOfOrder,
    /// A segment that the message structure does not contain at all (100).
    SegmentUnexpected,
    /// A segment repeats more often than the structure allows (100).
    SegmentRepetition,
    /// A segment id that the HL7 version does not define (and not a Z-segment) (100).
    SegmentUnknown,
    /// A Z-segment (locally defined) (100 when not allowed).
    ZSegment,
    /// A segment the profile marks as not supported (usage X) is present (100).
    SegmentNotSupported,
    /// A required field is empty (101).
    FieldRequired,
    /// A field repeats more often than allowed (102).
    FieldRepetition,
    /// A field the profile marks as not supported (usage X) is valued (102).
    FieldNotSupported,
    /// A field the standard has withdrawn is valued (102).
    FieldWithdrawn,
    /// A segment has more fields than its definition (102).
    FieldUndefined,
    /// A value does not match its data type (102).
    DataType,
    /// A required component of a composite value is empty (101).
    ComponentRequired,
    /// A coded value is not in its table (103).
    TableValue,
    /// A value is longer than the profile allows (104).
    Length,
    /// MSH-9 names a message type the version does not define (200).
    MessageType,
    /// MSH-9 names a trigger event the version does not define for the message type (201).
    EventCode,
    /// MSH-9-3 names a structure that does not exist or does not fit the event (201).
    MessageStructure,
    /// MSH-11 is not a known processing id (202).
    ProcessingId,
    /// MSH-12 is not a version with embedded definitions (203).
    Version,
}

impl Rule {
    /// The rule's stable name, as serialized (e.g. `segment_missing`, `z_segment`).
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::SegmentMissing => "segment_missing",
            Rule::SegmentOutOfOrder => "segment_out_of_order",
            Rule::SegmentUnexpected => "segment_unexpected",
            Rule::SegmentRepetition => "segment_repetition",
            Rule::SegmentUnknown => "segment_unknown",
            Rule::ZSegment => "z_segment",
            Rule::SegmentNotSupported => "segment_not_supported",
            Rule::FieldRequired => "field_required",
            Rule::FieldRepetition => "field_repetition",
            Rule::FieldNotSupported => "field_not_supported",
            Rule::FieldWithdrawn => "field_withdrawn",
            Rule::FieldUndefined => "field_undefined",
            Rule::DataType => "data_type",
            Rule::ComponentRequired => "component_required",
            Rule::TableValue => "table_value",
            Rule::Length => "length",
            Rule::MessageType => "message_type",
            Rule::EventCode => "event_code",
            Rule::MessageStructure => "message_structure",
            Rule::ProcessingId => "processing_id",
            Rule::Version => "version",
        }
    }

    /// The table 0357 code issues of this rule carry.
    pub fn code(self) -> ErrorCode {
        match self {
            Rule::SegmentMissing
            | Rule::SegmentOutOfOrder
            | Rule::SegmentUnexpected
            | Rule::SegmentRepetition
            | Rule::SegmentUnknown
            | Rule::ZSegment
            | Rule::SegmentNotSupported => ErrorCode::SegmentSequence,
            Rule::FieldRequired | Rule::ComponentRequired => ErrorCode::RequiredFieldMissing,
            Rule::FieldRepetition
            | Rule::FieldNotSupported
            | Rule::FieldWithdrawn
            | Rule::FieldUndefined
            | Rule::DataType => ErrorCode::DataType,
            Rule::TableValue => ErrorCode::TableValueNotFound,
            Rule::Length => ErrorCode::ValueTooLong,
            Rule::MessageType => ErrorCode::UnsupportedMessageType,
            Rule::EventCode | Rule::MessageStructure => ErrorCode::UnsupportedEventCode,
            Rule::ProcessingId => ErrorCode::UnsupportedProcessingId,
            Rule::Version => ErrorCode::UnsupportedVersionId,
        }
    }
}

/// Where an issue is. Numbers are 1-based as HL7 counts them: `segment_index` is the segment's
/// position in the message (MSH is 1), `field` follows the standard's numbering (MSH-1 is the
/// field separator), `line` is the 1-based line (segment) in the input and `offset` the byte
/// offset in the input where the located element starts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Location {
    /// Segment id, e.g. `PID`.
    pub segment: String,
    /// Position of the segment in the message, 1-based.
    pub segment_index: usize,
    /// Field number.
    pub field: Option<usize>,
    /// Field repetition, 1-based.
    pub repetition: Option<usize>,
    /// Component, 1-based.
    pub component: Option<usize>,
    /// Subcomponent, 1-based.
    pub subcomponent: Option<usize>,
    /// Line of the input, 1-based.
    pub line: usize,
    /// Byte offset in the input.
    pub offset: usize,
}

impl Location {
    /// The HL7 path of the location, e.g. `PID(1)-7` or `PID-3(2)-4-1`.
    pub fn path(&self) -> String {
        let mut s = self.segment.clone();
        if let Some(f) = self.field {
            s.push_str(&format!("-{f}"));
            if let Some(r) = self.repetition {
                if r > 1 {
                    s.push_str(&format!("({r})"));
                }
            }
            if let Some(c) = self.component {
                s.push_str(&format!("-{c}"));
                if let Some(sc) = self.subcomponent {
                    s.push_str(&format!("-{sc}"));
                }
            }
        }
        s
    }
}

/// One problem found in a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// How serious it is.
    pub severity: Severity,
    /// HL7 table 0357 code.
    pub code: ErrorCode,
    /// The check that found it.
    pub rule: Rule,
    /// Segment id.
    pub segment: String,
    /// Position of the segment in the message, 1-based.
    pub segment_index: usize,
    /// Field number.
    pub field: Option<usize>,
    /// Field repetition, 1-based.
    pub repetition: Option<usize>,
    /// Component, 1-based.
    pub component: Option<usize>,
    /// Subcomponent, 1-based.
    pub subcomponent: Option<usize>,
    /// Line of the input, 1-based.
    pub line: usize,
    /// Byte offset in the input.
    pub offset: usize,
    /// What is wrong, for a person.
    pub message: String,
}

impl Issue {
    /// Builds an issue at `loc`.
    pub fn new(severity: Severity, rule: Rule, loc: &Location, message: String) -> Issue {
        Issue {
            severity,
            code: rule.code(),
            rule,
            segment: loc.segment.clone(),
            segment_index: loc.segment_index,
            field: loc.field,
            repetition: loc.repetition,
            component: loc.component,
            subcomponent: loc.subcomponent,
            line: loc.line,
            offset: loc.offset,
            message,
        }
    }

    /// The location of the issue.
    pub fn location(&self) -> Location {
        Location {
            segment: self.segment.clone(),
            segment_index: self.segment_index,
            field: self.field,
            repetition: self.repetition,
            component: self.component,
            subcomponent: self.subcomponent,
            line: self.line,
            offset: self.offset,
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} at {} (line {}, byte {}): {}",
            self.severity,
            self.code.as_u16(),
            self.location().path(),
            self.line,
            self.offset,
            self.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Rule;

    #[test]
    fn rule_names_are_the_serialized_names() {
        let rules = [
            Rule::SegmentMissing,
            Rule::SegmentOutOfOrder,
            Rule::SegmentUnexpected,
            Rule::SegmentRepetition,
            Rule::SegmentUnknown,
            Rule::ZSegment,
            Rule::SegmentNotSupported,
            Rule::FieldRequired,
            Rule::FieldRepetition,
            Rule::FieldNotSupported,
            Rule::FieldWithdrawn,
            Rule::FieldUndefined,
            Rule::DataType,
            Rule::ComponentRequired,
            Rule::TableValue,
            Rule::Length,
            Rule::MessageType,
            Rule::EventCode,
            Rule::MessageStructure,
            Rule::ProcessingId,
            Rule::Version,
        ];
        for r in rules {
            let serialized = serde_json::to_value(r).unwrap_or_default();
            assert_eq!(serialized.as_str(), Some(r.as_str()), "{r:?}");
        }
    }
}
