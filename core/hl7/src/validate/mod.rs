//! Validation of HL7 v2 messages against the embedded definitions and a profile.

pub mod datatype;
pub mod issue;
pub(crate) mod structure;

pub use issue::{ErrorCode, Issue, Location, Rule, Severity};
