//! FHIR R4 (4.0.1) for medcore: resource models with an exact JSON round trip, structural
//! validation, HL7 v2 to FHIR conversion following the HL7 V2-to-FHIR Implementation Guide, and
//! the way back for PID, PV1 and OBX ([`to_v2`]).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod convert;
pub mod deid;
mod error;
pub mod mask;
pub mod model;
pub mod to_v2;
pub mod validate;
pub use convert::{BundleKind, ConvertOptions};
pub use error::FhirError;
pub use model::{parse_bundle, parse_resource, to_json, Bundle, ReadMode, Resource};
