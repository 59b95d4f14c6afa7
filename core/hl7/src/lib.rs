//! HL7 v2 engine.
#![forbid(unsafe_code)]
