//! HL7 v2: a message object over a parsed message, batch parsing and escape handling.

use crate::{guard, MedcoreError};
use medcore::hl7::{self, Delimiters, Message};
use std::sync::Arc;

/// A parsed HL7 v2 message that owns its text. Immutable and safe to share between threads.
#[derive(uniffi::Object)]
pub struct Hl7Message {
    msg: Message<'static>,
}

impl Hl7Message {
    /// The core message, for the other modules of this crate.
    pub(crate) fn core(&self) -> &Message<'static> {
        &self.msg
    }
}

/// One segment: its id, position and text.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Hl7Segment {
    /// The segment id, e.g. `PID`.
    pub id: String,
    /// 0-based position in the message.
    pub index: u32,
    /// 1-based input line where it starts.
    pub line: u32,
    /// 0-based byte offset in the message text.
    pub offset: u32,
    /// The number of the last field present.
    pub field_count: u32,
    /// The segment as written (still escaped), without its terminator.
    pub raw: String,
}

/// MSH-9 split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Hl7MessageType {
    /// MSH-9.1, e.g. `ADT`.
    pub code: String,
    /// MSH-9.2, e.g. `A01`.
    pub trigger: String,
    /// MSH-9.3, e.g. `ADT_A01` (empty when not sent).
    pub structure: String,
}

/// Something the parser tolerated and reports.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Hl7Warning {
    /// Stable code, e.g. `HL7_WARN_LINE_ENDING`.
    pub code: String,
    /// 1-based line.
    pub line: u32,
    /// 0-based byte offset in the input.
    pub offset: u32,
    /// What was tolerated.
    pub message: String,
}

/// The outcome of parsing one message of a batch.
#[derive(uniffi::Enum)]
pub enum Hl7ParseOutcome {
    /// The message parsed.
    Parsed {
        /// The message.
        message: Arc<Hl7Message>,
    },
    /// The message did not parse.
    Failed {
        /// The stable error code, e.g. `HL7_PARSE_NO_MSH`.
        code: String,
        /// The error message, naming the location.
        message: String,
    },
}

/// Decoded text and the escape sequences kept verbatim because they are unknown or malformed.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Hl7Decoded {
    /// The decoded text.
    pub text: String,
    /// Unknown or malformed escape sequences, as written.
    pub unknown: Vec<String>,
}

fn n(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

fn segment_record(s: hl7::Segment<'_>) -> Hl7Segment {
    Hl7Segment {
        id: s.id().to_string(),
        index: n(s.index()),
        line: n(s.line()),
        offset: n(s.offset()),
        field_count: n(s.field_count()),
        raw: s.raw().to_string(),
    }
}

fn parse_owned(data: &[u8]) -> Result<Arc<Hl7Message>, MedcoreError> {
    let msg = hl7::parse(data)?.into_owned();
    Ok(Arc::new(Hl7Message { msg }))
}

/// Reads a delimiter string: MSH-1 followed by MSH-2 (`|^~\&`, `|^~\&#`); `None` is `|^~\&`.
fn delimiters(spec: Option<String>) -> Result<Delimiters, MedcoreError> {
    let Some(spec) = spec else {
        return Ok(Delimiters::default());
    };
    let mut chars = spec.chars();
    let field = chars
        .next()
        .ok_or_else(|| MedcoreError::invalid("delimiters are empty"))?;
    Delimiters::from_header(field, chars.as_str())
        .map_err(|reason| MedcoreError::invalid(format!("delimiters {spec:?}: {reason}")))
}

/// Parses one HL7 v2 message (any line endings, BOM or MLLP framing; character set from MSH-18).
#[uniffi::export]
pub fn hl7_parse(data: Vec<u8>) -> Result<Arc<Hl7Message>, MedcoreError> {
    guard(|| parse_owned(&data))
}

/// Parses one HL7 v2 message given as text.
#[uniffi::export]
pub fn hl7_parse_text(text: String) -> Result<Arc<Hl7Message>, MedcoreError> {
    guard(|| parse_owned(text.as_bytes()))
}

/// Parses many independent messages in one call; one outcome per input, in order.
#[uniffi::export]
pub fn hl7_parse_many(messages: Vec<Vec<u8>>) -> Result<Vec<Hl7ParseOutcome>, MedcoreError> {
    guard(|| {
        Ok(messages
            .iter()
            .map(|m| match parse_owned(m) {
                Ok(message) => Hl7ParseOutcome::Parsed { message },
                Err(e) => Hl7ParseOutcome::Failed {
                    code: e.code().to_string(),
                    message: e.to_string(),
                },
            })
            .collect())
    })
}

/// Decodes HL7 escape sequences with the given delimiters (MSH-1 then MSH-2, e.g. `|^~\&#`;
/// `None` for `|^~\&`).
#[uniffi::export]
pub fn hl7_escape_decode(
    raw: String,
    delimiters: Option<String>,
) -> Result<Hl7Decoded, MedcoreError> {
    guard(|| {
        let d = self::delimiters(delimiters)?;
        let (text, unknown) = hl7::escape::decode_checked(&raw, &d);
        Ok(Hl7Decoded {
            text,
            unknown: unknown.into_iter().map(|u| u.sequence).collect(),
        })
    })
}

/// Escapes text for an HL7 value with the given delimiters (as in [`hl7_escape_decode`]).
#[uniffi::export]
pub fn hl7_escape_encode(text: String, delimiters: Option<String>) -> Result<String, MedcoreError> {
    guard(|| {
        let d = self::delimiters(delimiters)?;
        Ok(hl7::escape::encode(&text, &d)?.into_owned())
    })
}

#[uniffi::export]
impl Hl7Message {
    /// Parses one HL7 v2 message (the same as `hl7_parse`).
    #[uniffi::constructor]
    pub fn new(data: Vec<u8>) -> Result<Arc<Self>, MedcoreError> {
        hl7_parse(data)
    }

    /// The decoded value at a path such as `PID-5-1`, `PID-3(2)-1` or `OBX(3)-5`; `None` when
    /// the message has nothing there. A malformed path raises `HL7_PATH`.
    pub fn get(&self, path: String) -> Result<Option<String>, MedcoreError> {
        guard(|| Ok(self.msg.get(&path)?.map(|v| v.into_owned())))
    }

    /// The number of segments.
    pub fn segment_count(&self) -> u32 {
        n(self.msg.segment_count())
    }

    /// All segments in order.
    pub fn segments(&self) -> Vec<Hl7Segment> {
        self.msg.segments().map(segment_record).collect()
    }

    /// The segment at 0-based `index`, if any.
    pub fn segment(&self, index: u32) -> Option<Hl7Segment> {
        self.msg.segment(index as usize).map(segment_record)
    }

    /// The `occurrence`-th (1-based) segment with the given id, if any.
    pub fn find_segment(&self, id: String, occurrence: u32) -> Option<Hl7Segment> {
        self.msg
            .find_segment(&id, occurrence as usize)
            .map(segment_record)
    }

    /// The segment ids in order (e.g. `MSH`, `PID`, `OBX`).
    pub fn segment_ids(&self) -> Vec<String> {
        self.msg.segments().map(|s| s.id().to_string()).collect()
    }

    /// MSH-10, the message control id.
    pub fn control_id(&self) -> Option<String> {
        self.msg.control_id().map(str::to_string)
    }

    /// MSH-12.1, the HL7 version.
    pub fn version(&self) -> Option<String> {
        self.msg.version().map(str::to_string)
    }

    /// MSH-9 split into code, trigger event and structure.
    pub fn message_type(&self) -> Hl7MessageType {
        let t = self.msg.message_type();
        Hl7MessageType {
            code: t.code,
            trigger: t.trigger,
            structure: t.structure,
        }
    }

    /// The HL7 table 0211 name of the character set the message was read in.
    pub fn charset(&self) -> String {
        self.msg.charset().hl7_name().to_string()
    }

    /// The delimiters as written: MSH-1 followed by MSH-2 (e.g. `|^~\&`).
    pub fn delimiters(&self) -> String {
        let d = self.msg.delimiters();
        format!("{}{}", d.field, d.encoding_characters())
    }

    /// Everything the parser tolerated (line endings, BOM, MLLP framing, ...).
    pub fn warnings(&self) -> Vec<Hl7Warning> {
        self.msg
            .warnings()
            .iter()
            .map(|w| Hl7Warning {
                code: w.code.to_string(),
                line: n(w.line),
                offset: n(w.offset),
                message: w.message.clone(),
            })
            .collect()
    }

    /// The message text (UTF-8; transcoded when MSH-18 named a single-byte character set).
    pub fn text(&self) -> String {
        self.msg.text().to_string()
    }

    /// The whole message as JSON (the format of `medcore hl7 parse --format json`).
    pub fn to_json(&self) -> String {
        self.msg.to_json()
    }
}
