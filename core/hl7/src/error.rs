//! Errors and warnings of the HL7 v2 engine.
//!
//! Every error has a stable machine-readable [`Hl7Error::code`] and a message that names the
//! location (line and byte offset, or the position in a path).

use serde::Serialize;
use std::fmt;

/// Where in the input something was found: 1-based line and 0-based byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    /// 1-based line (segment line) in the input.
    pub line: usize,
    /// 0-based byte offset in the input.
    pub offset: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, byte {}", self.line, self.offset)
    }
}

/// An error of the HL7 v2 engine.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Hl7Error {
    /// The input does not start with an MSH segment (after any BOM, MLLP framing or blank lines).
    NotAMessage {
        /// Where the first segment was expected.
        at: Location,
        /// What was found instead.
        found: String,
    },
    /// MSH-1/MSH-2 do not define a usable set of delimiters.
    Delimiters {
        /// Where the delimiters are.
        at: Location,
        /// What is wrong with them.
        reason: String,
    },
    /// A segment could not be read.
    Segment {
        /// Where the segment starts.
        at: Location,
        /// What is wrong with it.
        reason: String,
    },
    /// A second MSH (or a batch envelope segment) was found where one message was expected.
    MultipleMessages {
        /// Where the extra header starts.
        at: Location,
        /// The segment id found (MSH, FHS, BHS, BTS or FTS).
        segment: String,
    },
    /// The bytes cannot be read in the message's character set.
    Charset {
        /// The MSH-18 value, or a description of the problem.
        reason: String,
    },
    /// The input is larger than one message may be (4 GiB).
    TooLarge {
        /// The input size in bytes.
        size: usize,
    },
    /// A path such as `PID-3(2)-1` is malformed.
    Path {
        /// The path as given.
        path: String,
        /// 0-based character position of the problem in the path.
        position: usize,
        /// What is wrong.
        reason: String,
    },
    /// A value cannot be written with the message's delimiters (for example, no escape character).
    Encode {
        /// What is wrong.
        reason: String,
    },
    /// A batch or file envelope (FHS/BHS/BTS/FTS) is malformed.
    Batch {
        /// Where the problem is.
        at: Location,
        /// What is wrong.
        reason: String,
    },
    /// An MLLP stream is malformed.
    Mllp {
        /// Byte offset in the stream.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// A validation profile (JSON or TOML) is malformed.
    Profile {
        /// What is wrong, naming the place in the profile text.
        reason: String,
    },
    /// Reading the input failed.
    Io {
        /// The operating system's message.
        reason: String,
    },
}

impl Hl7Error {
    /// The stable machine-readable code of this error, e.g. `HL7_PARSE_SEGMENT`.
    pub fn code(&self) -> &'static str {
        match self {
            Hl7Error::NotAMessage { .. } => "HL7_PARSE_NO_MSH",
            Hl7Error::Delimiters { .. } => "HL7_PARSE_DELIMITERS",
            Hl7Error::Segment { .. } => "HL7_PARSE_SEGMENT",
            Hl7Error::MultipleMessages { .. } => "HL7_PARSE_MULTIPLE_MESSAGES",
            Hl7Error::Charset { .. } => "HL7_CHARSET",
            Hl7Error::TooLarge { .. } => "HL7_PARSE_TOO_LARGE",
            Hl7Error::Path { .. } => "HL7_PATH",
            Hl7Error::Encode { .. } => "HL7_ENCODE",
            Hl7Error::Batch { .. } => "HL7_BATCH",
            Hl7Error::Mllp { .. } => "HL7_MLLP",
            Hl7Error::Profile { .. } => "HL7_PROFILE_INVALID",
            Hl7Error::Io { .. } => "HL7_IO",
        }
    }
}

impl fmt::Display for Hl7Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Hl7Error::NotAMessage { at, found } => {
                write!(f, "{at}: expected an MSH segment, found {found:?}")
            }
            Hl7Error::Delimiters { at, reason } => write!(f, "{at}: bad delimiters: {reason}"),
            Hl7Error::Segment { at, reason } => write!(f, "{at}: {reason}"),
            Hl7Error::MultipleMessages { at, segment } => write!(
                f,
                "{at}: {segment} starts another message or batch envelope; read several messages with the batch reader"
            ),
            Hl7Error::Charset { reason } => write!(f, "character set: {reason}"),
            Hl7Error::TooLarge { size } => {
                write!(f, "input of {size} bytes is larger than one message may be (4 GiB)")
            }
            Hl7Error::Path {
                path,
                position,
                reason,
            } => write!(f, "path {path:?}, position {position}: {reason}"),
            Hl7Error::Encode { reason } => write!(f, "cannot encode value: {reason}"),
            Hl7Error::Batch { at, reason } => write!(f, "{at}: {reason}"),
            Hl7Error::Mllp { offset, reason } => write!(f, "MLLP stream, byte {offset}: {reason}"),
            Hl7Error::Profile { reason } => write!(f, "validation profile: {reason}"),
            Hl7Error::Io { reason } => write!(f, "I/O: {reason}"),
        }
    }
}

impl std::error::Error for Hl7Error {}

impl From<std::io::Error> for Hl7Error {
    fn from(e: std::io::Error) -> Self {
        Hl7Error::Io {
            reason: e.to_string(),
        }
    }
}

/// Something the parser tolerated and reports: a leniency is never silent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable machine-readable code, e.g. `HL7_WARN_LINE_ENDING`.
    pub code: &'static str,
    /// Where it was found.
    pub line: usize,
    /// 0-based byte offset in the input.
    pub offset: usize,
    /// What was tolerated, in words.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, byte {}: {} ({})",
            self.line, self.offset, self.message, self.code
        )
    }
}
