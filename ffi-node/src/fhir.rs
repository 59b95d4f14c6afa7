//! `fhir`: conversions between `medcore::fhir` and JS values. FHIR JSON crosses as text (the
//! core reads and writes it with an exact round trip); a `FhirResource` is a parsed resource
//! held in Rust; HL7 v2 messages convert to a Bundle (JSON text) with the warnings of what
//! could not be carried over exactly. Batch conversion has an async variant.

use crate::errors::{self, guard, Result};
use crate::hl7::ErrorInfo;
use crate::names;
use crate::task::{self, Work};
use medcore::fhir as core;
use medcore::fhir::convert;
use medcore::fhir::validate;
use napi::bindgen_prelude::AsyncTask;
use napi_derive::napi;

fn fhir_err(e: core::FhirError) -> napi::Error<String> {
    errors::error(e.code(), e.to_string())
}

/// How an HL7 v2 message converts.
#[napi(object)]
pub struct FhirConvertOptions {
    /// Bundle type: `batch` (default) or `transaction`.
    #[napi(ts_type = "'batch' | 'transaction'")]
    pub bundle_kind: Option<String>,
    /// The UTC offset (`+01:00`, `Z`) to assume for v2 times sent without one; without it
    /// such values keep only their date, with a warning.
    pub default_offset: Option<String>,
}

fn options(o: &Option<FhirConvertOptions>) -> Result<core::ConvertOptions> {
    Ok(match o {
        None => core::ConvertOptions::default(),
        Some(o) => core::ConvertOptions {
            bundle_kind: names::parse_opt("bundleKind", &o.bundle_kind)?.unwrap_or_default(),
            default_offset: o.default_offset.clone(),
        },
    })
}

/// Something the conversion could not carry over exactly.
#[napi(object)]
pub struct FhirConvertWarning {
    /// The v2 location, e.g. `PID-7`.
    pub location: String,
    /// What happened.
    pub message: String,
}

/// A converted message.
#[napi(object)]
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

/// One item of a batch conversion.
#[napi(object)]
pub struct FhirConversionResult {
    /// The conversion.
    pub value: Option<FhirConversion>,
    /// Why the message did not convert.
    pub error: Option<ErrorInfo>,
}

type Conversions = Vec<std::result::Result<convert::Conversion, core::FhirError>>;

fn conversions(items: Conversions) -> Vec<FhirConversionResult> {
    items
        .into_iter()
        .map(|r| match r {
            Ok(c) => FhirConversionResult {
                value: Some(conversion(c)),
                error: None,
            },
            Err(e) => FhirConversionResult {
                value: None,
                error: Some(ErrorInfo {
                    code: e.code().to_string(),
                    message: e.to_string(),
                }),
            },
        })
        .collect()
}

/// Converts one HL7 v2 message to a FHIR R4 Bundle (HL7 V2-to-FHIR IG mappings).
#[napi]
pub fn fhir_from_v2(text: String, options: Option<FhirConvertOptions>) -> Result<FhirConversion> {
    guard(|| {
        let o = self::options(&options)?;
        convert::convert_text(&text, &o)
            .map(conversion)
            .map_err(fhir_err)
    })
}

/// Converts many HL7 v2 messages: one `{ value, error }` per message.
#[napi]
pub fn fhir_from_v2_batch(
    texts: Vec<String>,
    options: Option<FhirConvertOptions>,
) -> Result<Vec<FhirConversionResult>> {
    guard(|| {
        let o = self::options(&options)?;
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        Ok(conversions(convert::convert_batch(&refs, &o)))
    })
}

/// `fhirFromV2Batch` off the JS thread.
#[napi(ts_return_type = "Promise<Array<FhirConversionResult>>")]
pub fn fhir_from_v2_batch_async(
    texts: Vec<String>,
    options: Option<FhirConvertOptions>,
) -> Result<AsyncTask<Work<Conversions, Vec<FhirConversionResult>>>> {
    guard(|| {
        let o = self::options(&options)?;
        Ok(task::run(
            move || {
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                Ok(convert::convert_batch(&refs, &o))
            },
            conversions,
        ))
    })
}

/// One structural validation finding.
#[napi(object)]
pub struct FhirIssue {
    /// `error` (not valid R4) or `warning`.
    pub severity: String,
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
            severity: names::name(&i.severity),
            code: i.code.clone(),
            location: i.location.clone(),
            message: i.message.clone(),
        })
        .collect()
}

/// A FHIR R4 resource read from JSON, held in Rust.
#[napi]
pub struct FhirResource {
    inner: core::Resource,
}

#[napi]
impl FhirResource {
    /// Reads a resource from FHIR JSON. `strict` rejects elements the models do not know
    /// (`FHIR_UNKNOWN_ELEMENT`, naming the first); otherwise they are kept. Either way,
    /// writing the resource back gives the same JSON (key order aside).
    #[napi(factory)]
    pub fn parse(json: String, strict: Option<bool>) -> Result<FhirResource> {
        guard(|| {
            let mode = if strict.unwrap_or(false) {
                core::ReadMode::Strict
            } else {
                core::ReadMode::Lenient
            };
            core::parse_resource(&json, mode)
                .map(|inner| FhirResource { inner })
                .map_err(fhir_err)
        })
    }

    /// The resource type, e.g. `Patient`.
    #[napi(getter)]
    pub fn resource_type(&self) -> String {
        self.inner.resource_type().to_string()
    }

    /// The logical id, when present.
    #[napi(getter)]
    pub fn id(&self) -> Option<String> {
        self.inner.id().map(str::to_string)
    }

    /// The resource as compact FHIR JSON.
    #[napi]
    pub fn to_json(&self) -> String {
        core::to_json(&self.inner)
    }

    /// Structural validation (required elements, cardinality, required bindings; for a
    /// Bundle also duplicate entries and references that resolve nowhere).
    #[napi]
    pub fn validate(&self) -> Result<Vec<FhirIssue>> {
        guard(|| {
            Ok(match &self.inner {
                core::Resource::Bundle(b) => issues(&validate::validate_bundle(b)),
                r => issues(&validate::validate_resource(r)),
            })
        })
    }

    /// Whether validation finds no error (warnings allowed).
    #[napi]
    pub fn is_valid(&self) -> Result<bool> {
        guard(|| {
            let found = match &self.inner {
                core::Resource::Bundle(b) => validate::validate_bundle(b),
                r => validate::validate_resource(r),
            };
            Ok(validate::is_valid(&found))
        })
    }

    /// The validation findings as an OperationOutcome resource (FHIR JSON).
    #[napi]
    pub fn operation_outcome(&self) -> Result<String> {
        guard(|| {
            let found = match &self.inner {
                core::Resource::Bundle(b) => validate::validate_bundle(b),
                r => validate::validate_resource(r),
            };
            Ok(core::to_json(&validate::to_operation_outcome(&found)))
        })
    }
}
