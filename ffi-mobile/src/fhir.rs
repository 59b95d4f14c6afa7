//! FHIR R4: resources cross as FHIR JSON text (the core reads and writes it with an exact round
//! trip); a `FhirResource` is a parsed resource held in Rust with structural validation and the
//! way back to HL7 v2 for a Bundle, Safe Harbor de-identification and the masking an
//! authorization decision's obligations call for; HL7 v2 messages convert to a Bundle (JSON
//! text) with the warnings of what could not be carried over exactly, single and batch.

use crate::authz::AuthzObligation;
use crate::pii::{serde_name, PiiDeidPolicy, PiiTokenizer};
use crate::{guard, MedcoreError};
use medcore::fhir as core;
use medcore::fhir::{convert, deid, mask, to_v2, validate};
use std::sync::Arc;

/// Which kind of Bundle a conversion produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum FhirBundleKind {
    /// `batch`: entries are independent.
    Batch,
    /// `transaction`: all entries succeed or fail together.
    Transaction,
}

/// How an HL7 v2 message converts.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FhirConvertOptions {
    /// Bundle type (`null`: batch).
    #[uniffi(default = None)]
    pub bundle_kind: Option<FhirBundleKind>,
    /// The UTC offset (`+01:00`, `Z`) to assume for v2 times sent without one; without it
    /// such values keep only their date, with a warning.
    #[uniffi(default = None)]
    pub default_offset: Option<String>,
}

fn options(o: Option<FhirConvertOptions>) -> core::ConvertOptions {
    match o {
        None => core::ConvertOptions::default(),
        Some(o) => core::ConvertOptions {
            bundle_kind: match o.bundle_kind {
                Some(FhirBundleKind::Transaction) => core::BundleKind::Transaction,
                Some(FhirBundleKind::Batch) | None => core::BundleKind::Batch,
            },
            default_offset: o.default_offset,
        },
    }
}

/// Something a conversion could not carry over exactly.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FhirConvertWarning {
    /// The v2 location, e.g. `PID-7`.
    pub location: String,
    /// What happened.
    pub message: String,
}

/// A converted message.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FhirConversion {
    /// The Bundle, as FHIR JSON text.
    pub bundle_json: String,
    /// Values not carried over exactly (HL7 parse warnings included).
    pub warnings: Vec<FhirConvertWarning>,
}

fn conversion(c: convert::Conversion) -> FhirConversion {
    FhirConversion {
        bundle_json: core::to_json(&core::Resource::Bundle(Box::new(c.bundle))),
        warnings: c
            .warnings
            .into_iter()
            .map(|w| FhirConvertWarning {
                location: w.location,
                message: w.message,
            })
            .collect(),
    }
}

/// One result of a batch conversion.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum FhirConversionOutcome {
    /// The message converted.
    Ok {
        /// The conversion.
        conversion: FhirConversion,
    },
    /// The message did not convert.
    Failed {
        /// The stable error code (`FHIR_*`).
        code: String,
        /// The message.
        message: String,
    },
}

/// Converts one HL7 v2 message to a FHIR R4 Bundle (HL7 V2-to-FHIR IG mappings); errors are
/// `MedcoreException.Fhir` (`FHIR_HL7_PARSE`, `FHIR_CONVERSION`).
#[uniffi::export(default(options = None))]
pub fn fhir_from_v2(
    text: String,
    options: Option<FhirConvertOptions>,
) -> Result<FhirConversion, MedcoreError> {
    guard(|| {
        Ok(conversion(convert::convert_text(
            &text,
            &self::options(options),
        )?))
    })
}

/// Converts many HL7 v2 messages: one outcome per message, in order.
#[uniffi::export(default(options = None))]
pub fn fhir_from_v2_batch(
    texts: Vec<String>,
    options: Option<FhirConvertOptions>,
) -> Result<Vec<FhirConversionOutcome>, MedcoreError> {
    guard(|| {
        let o = self::options(options);
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        Ok(convert::convert_batch(&refs, &o)
            .into_iter()
            .map(|r| match r {
                Ok(c) => FhirConversionOutcome::Ok {
                    conversion: conversion(c),
                },
                Err(e) => FhirConversionOutcome::Failed {
                    code: e.code().to_string(),
                    message: e.to_string(),
                },
            })
            .collect())
    })
}

/// How bad a validation finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum FhirSeverity {
    /// The resource is not valid R4.
    Error,
    /// Valid, but probably not what was meant (e.g. an unresolved reference in a batch).
    Warning,
}

/// One structural validation finding.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FhirIssue {
    /// Error or warning.
    pub severity: FhirSeverity,
    /// Stable code, e.g. `FHIR_REQUIRED`, `FHIR_BINDING`.
    pub code: String,
    /// The element path, e.g. `Observation.code`.
    pub location: String,
    /// What is wrong.
    pub message: String,
}

fn issues(list: &[validate::Issue]) -> Vec<FhirIssue> {
    list.iter()
        .map(|i| FhirIssue {
            severity: match i.severity {
                validate::Severity::Error => FhirSeverity::Error,
                validate::Severity::Warning => FhirSeverity::Warning,
            },
            code: i.code.clone(),
            location: i.location.clone(),
            message: i.message.clone(),
        })
        .collect()
}

/// The HL7 v2 segments made from a Bundle: PID from its first Patient, PV1 from its first
/// Encounter and one OBX per Observation.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FhirV2Segments {
    /// PID, when the Bundle has a Patient.
    pub pid: Option<String>,
    /// PV1, when the Bundle has an Encounter.
    pub pv1: Option<String>,
    /// OBX from each Observation, in bundle order, numbered from 1.
    pub obx: Vec<String>,
    /// The segments joined with the v2 segment terminator (`\r`).
    pub text: String,
}

/// What de-identification did to one element.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FhirDeidChange {
    /// The element, e.g. `Patient.telecom[0]`.
    pub path: String,
    /// The Safe Harbor identifier category (`names`, `dates`, ...).
    pub kind: String,
    /// The action applied (`remove`, `year_only`, `tokenize`, ...).
    pub action: String,
}

/// A de-identified resource and what changed.
#[derive(uniffi::Record)]
pub struct FhirDeidentified {
    /// The de-identified resource.
    pub resource: Arc<FhirResource>,
    /// One entry per changed element.
    pub changes: Vec<FhirDeidChange>,
}

/// What masking did to one element.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct FhirMaskChange {
    /// The element, e.g. `Patient.identifier[1].value`.
    pub path: String,
    /// The obligation applied (`MASK` or `REDACT`).
    pub obligation: String,
    /// The obligation's field (`ssn`, `mrn`, ...).
    pub field: String,
}

/// A masked resource and what changed.
#[derive(uniffi::Record)]
pub struct FhirMasked {
    /// The masked resource.
    pub resource: Arc<FhirResource>,
    /// One entry per changed element.
    pub changes: Vec<FhirMaskChange>,
}

/// A FHIR R4 resource read from JSON, held in Rust; immutable, safe to share between threads.
#[derive(uniffi::Object)]
pub struct FhirResource {
    inner: core::Resource,
}

impl FhirResource {
    fn findings(&self) -> Vec<validate::Issue> {
        match &self.inner {
            core::Resource::Bundle(b) => validate::validate_bundle(b),
            r => validate::validate_resource(r),
        }
    }
}

#[uniffi::export]
impl FhirResource {
    /// Reads a resource from FHIR JSON. `strict` rejects elements the models do not know
    /// (`FHIR_UNKNOWN_ELEMENT`, naming the first); otherwise they are kept. Either way,
    /// writing the resource back gives the same JSON (key order aside).
    #[uniffi::constructor(default(strict = false))]
    pub fn parse(json: String, strict: bool) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            let mode = if strict {
                core::ReadMode::Strict
            } else {
                core::ReadMode::Lenient
            };
            Ok(Arc::new(FhirResource {
                inner: core::parse_resource(&json, mode)?,
            }))
        })
    }

    /// The resource type, e.g. `Patient`.
    pub fn resource_type(&self) -> String {
        self.inner.resource_type().to_string()
    }

    /// The logical id, when present.
    pub fn id(&self) -> Option<String> {
        self.inner.id().map(str::to_string)
    }

    /// The resource as compact FHIR JSON.
    pub fn to_json(&self) -> String {
        core::to_json(&self.inner)
    }

    /// Structural validation (required elements, cardinality, required bindings; for a
    /// Bundle also duplicate entries and references that resolve nowhere).
    pub fn validate(&self) -> Result<Vec<FhirIssue>, MedcoreError> {
        guard(|| Ok(issues(&self.findings())))
    }

    /// Whether validation finds no error (warnings allowed).
    pub fn is_valid(&self) -> Result<bool, MedcoreError> {
        guard(|| Ok(validate::is_valid(&self.findings())))
    }

    /// The validation findings as an OperationOutcome resource (FHIR JSON).
    pub fn operation_outcome(&self) -> Result<String, MedcoreError> {
        guard(|| {
            Ok(core::to_json(&core::Resource::from(
                validate::to_operation_outcome(&self.findings()),
            )))
        })
    }

    /// The HL7 v2 segments of a Bundle (PID, PV1, OBX); any other resource raises
    /// `InvalidArgument`.
    pub fn to_v2(&self) -> Result<FhirV2Segments, MedcoreError> {
        guard(|| match &self.inner {
            core::Resource::Bundle(b) => {
                let s = to_v2::bundle_to_v2(b);
                Ok(FhirV2Segments {
                    text: s.to_text(),
                    pid: s.pid,
                    pv1: s.pv1,
                    obx: s.obx,
                })
            }
            r => Err(MedcoreError::invalid(format!(
                "toV2 needs a Bundle, not a {}",
                r.resource_type()
            ))),
        })
    }

    /// HIPAA Safe Harbor de-identification (its id replaced; the same policy as
    /// `piiDeidentifyPid`); `tokenizer` is needed when an action is `TOKENIZE`.
    #[uniffi::method(default(tokenizer = None))]
    pub fn deidentify(
        &self,
        policy: PiiDeidPolicy,
        tokenizer: Option<Arc<PiiTokenizer>>,
    ) -> Result<FhirDeidentified, MedcoreError> {
        guard(|| {
            let p = policy.to_core()?;
            let tok = match &tokenizer {
                Some(t) => Some(t.lock()?),
                None => None,
            };
            let out = deid::deidentify_resource(&self.inner, &p, tok.as_deref())?;
            Ok(FhirDeidentified {
                resource: Arc::new(FhirResource { inner: out.value }),
                changes: out
                    .changes
                    .iter()
                    .map(|c| FhirDeidChange {
                        path: c.path.clone(),
                        kind: serde_name(&c.kind),
                        action: serde_name(&c.action),
                    })
                    .collect(),
            })
        })
    }

    /// Applies the `Mask` and `Redact` obligations of an authorization decision (the others
    /// change nothing).
    pub fn apply_obligations(
        &self,
        obligations: Vec<AuthzObligation>,
    ) -> Result<FhirMasked, MedcoreError> {
        guard(|| {
            let o: Vec<medcore::authz::Obligation> =
                obligations.into_iter().map(Into::into).collect();
            let out = mask::apply_obligations(&self.inner, &o)?;
            Ok(FhirMasked {
                resource: Arc::new(FhirResource { inner: out.value }),
                changes: out
                    .changes
                    .into_iter()
                    .map(|c| FhirMaskChange {
                        path: c.path,
                        obligation: c.obligation,
                        field: c.field,
                    })
                    .collect(),
            })
        })
    }
}
