//! HL7 v2 engine.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod defs;
pub mod profile;
pub mod validate;
