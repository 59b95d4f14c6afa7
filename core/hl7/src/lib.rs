//! HL7 v2 engine: a zero-copy parser, escape handling, character sets, path access, message
//! building, batch files and MLLP framing.
//!
//! ```
//! let msg = medcore_hl7::parse(b"MSH|^~\\&|LAB||EHR||202401011200||ORU^R01|42|P|2.5\rPID|1||123^^^H^MR||Doe^Jane\r").unwrap();
//! assert_eq!(msg.get("PID-5-2").unwrap().as_deref(), Some("Jane"));
//! assert_eq!(msg.message_type().trigger, "R01");
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod ack;
pub mod batch;
mod build;
pub mod charset;
pub mod defs;
mod delimiters;
mod error;
pub mod escape;
mod json;
mod lazy;
mod message;
pub mod mllp;
mod owned;
mod parse;
mod path;
pub mod profile;
pub mod validate;

pub use build::MessageBuilder;
pub use delimiters::Delimiters;
pub use error::{Hl7Error, Location, Warning};
pub use lazy::{segment_value, LazyMessage};
pub use message::{Component, Field, Message, MessageType, Repetition, Segment, Subcomponent};
pub use parse::{parse, parse_str};
pub use path::Path;
