//! `fhir`: conversions between `medcore::fhir` and JS values. FHIR JSON crosses as text (the
//! core reads and writes it with an exact round trip); a `FhirResource` is a parsed resource
//! held in Rust; HL7 v2 messages convert to a Bundle (JSON text) with the warnings of what
//! could not be carried over exactly, and Bundles convert back to PID, PV1 and OBX segments.
//! Safe Harbor de-identification and obligation masking return the changed JSON with the list
//! of changes. Batch and Bundle-wide calls have async variants.

use crate::errors::{self, guard, Result};
use crate::hl7::ErrorInfo;
use crate::task::{self, Work};
use crate::{authz, names, pii};
use medcore::fhir as core;
use medcore::fhir::{convert, deid, mask, to_v2, validate};
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
            let outcome = core::Resource::from(validate::to_operation_outcome(&found));
            Ok(core::to_json(&outcome))
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Reading resources passed as JSON text

fn read(json: &str) -> std::result::Result<core::Resource, core::FhirError> {
    core::parse_resource(json, core::ReadMode::Lenient)
}

fn read_bundle(json: &str) -> std::result::Result<core::Bundle, core::FhirError> {
    match read(json)? {
        core::Resource::Bundle(b) => Ok(*b),
        other => Err(not_a(&other, "Bundle")),
    }
}

fn not_a(r: &core::Resource, want: &str) -> core::FhirError {
    core::FhirError::Json {
        location: r.resource_type().to_string(),
        message: format!("expected a {want}"),
    }
}

fn read_optional_bundle(json: &Option<String>) -> Result<Option<core::Bundle>> {
    json.as_deref()
        .map(read_bundle)
        .transpose()
        .map_err(fhir_err)
}

fn failure(e: core::FhirError) -> task::Failure {
    task::failure(e.code(), e.to_string())
}

fn error_info(e: core::FhirError) -> ErrorInfo {
    ErrorInfo {
        code: e.code().to_string(),
        message: e.to_string(),
    }
}

fn bundle_text(b: core::Bundle) -> String {
    core::to_json(&core::Resource::Bundle(Box::new(b)))
}

// ---------------------------------------------------------------------------------------------
// FHIR to HL7 v2

/// The v2 segments made from a Bundle: its first Patient, first Encounter and every
/// Observation.
#[napi(object)]
pub struct FhirV2Segments {
    /// PID from the first Patient.
    pub pid: Option<String>,
    /// PV1 from the first Encounter.
    pub pv1: Option<String>,
    /// OBX from each Observation, in bundle order, numbered from 1.
    pub obx: Vec<String>,
    /// The segments joined with the v2 segment terminator (`\r`).
    pub text: String,
}

fn segments(s: to_v2::V2Segments) -> FhirV2Segments {
    let text = s.to_text();
    FhirV2Segments {
        pid: s.pid,
        pv1: s.pv1,
        obx: s.obx,
        text,
    }
}

/// One item of a batch Bundle-to-v2 call.
#[napi(object)]
pub struct FhirV2SegmentsResult {
    /// The segments.
    pub value: Option<FhirV2Segments>,
    /// Why the Bundle could not be read.
    pub error: Option<ErrorInfo>,
}

type SegmentsList = Vec<std::result::Result<to_v2::V2Segments, core::FhirError>>;

fn bundles_to_v2(jsons: &[String]) -> SegmentsList {
    jsons
        .iter()
        .map(|j| read_bundle(j).map(|b| to_v2::bundle_to_v2(&b)))
        .collect()
}

fn segments_results(items: SegmentsList) -> Vec<FhirV2SegmentsResult> {
    items
        .into_iter()
        .map(|r| match r {
            Ok(s) => FhirV2SegmentsResult {
                value: Some(segments(s)),
                error: None,
            },
            Err(e) => FhirV2SegmentsResult {
                value: None,
                error: Some(error_info(e)),
            },
        })
        .collect()
}

/// PID, PV1 and OBX segments from a Bundle (FHIR JSON text).
#[napi]
pub fn fhir_bundle_to_v2(bundle_json: String) -> Result<FhirV2Segments> {
    guard(|| {
        let b = read_bundle(&bundle_json).map_err(fhir_err)?;
        Ok(segments(to_v2::bundle_to_v2(&b)))
    })
}

/// `fhirBundleToV2` for many Bundles: one `{ value, error }` per Bundle.
#[napi]
pub fn fhir_bundle_to_v2_batch(bundle_jsons: Vec<String>) -> Result<Vec<FhirV2SegmentsResult>> {
    guard(|| Ok(segments_results(bundles_to_v2(&bundle_jsons))))
}

/// `fhirBundleToV2Batch` off the JS thread.
#[napi(ts_return_type = "Promise<Array<FhirV2SegmentsResult>>")]
pub fn fhir_bundle_to_v2_batch_async(
    bundle_jsons: Vec<String>,
) -> Result<AsyncTask<Work<SegmentsList, Vec<FhirV2SegmentsResult>>>> {
    guard(|| {
        Ok(task::run(
            move || Ok(bundles_to_v2(&bundle_jsons)),
            segments_results,
        ))
    })
}

/// The PID segment of a Patient (FHIR JSON text).
#[napi]
pub fn fhir_patient_to_pid(patient_json: String) -> Result<String> {
    guard(|| match read(&patient_json).map_err(fhir_err)? {
        core::Resource::Patient(p) => Ok(to_v2::patient_to_pid(&p)),
        other => Err(fhir_err(not_a(&other, "Patient"))),
    })
}

/// The PV1 segment of an Encounter; `bundleJson` (a Bundle) resolves its participants and
/// locations.
#[napi]
pub fn fhir_encounter_to_pv1(
    encounter_json: String,
    bundle_json: Option<String>,
) -> Result<String> {
    guard(|| {
        let e = match read(&encounter_json).map_err(fhir_err)? {
            core::Resource::Encounter(e) => e,
            other => return Err(fhir_err(not_a(&other, "Encounter"))),
        };
        let b = read_optional_bundle(&bundle_json)?;
        Ok(to_v2::encounter_to_pv1(&e, b.as_ref()))
    })
}

/// The OBX segment of an Observation, numbered `setId` (default 1); `bundleJson` (a Bundle)
/// resolves its performers.
#[napi]
pub fn fhir_observation_to_obx(
    observation_json: String,
    set_id: Option<u32>,
    bundle_json: Option<String>,
) -> Result<String> {
    guard(|| {
        let o = match read(&observation_json).map_err(fhir_err)? {
            core::Resource::Observation(o) => o,
            other => return Err(fhir_err(not_a(&other, "Observation"))),
        };
        let b = read_optional_bundle(&bundle_json)?;
        Ok(to_v2::observation_to_obx(
            &o,
            set_id.unwrap_or(1),
            b.as_ref(),
        ))
    })
}

// ---------------------------------------------------------------------------------------------
// De-identification

/// One element the de-identification changed.
#[napi(object)]
pub struct FhirDeidChange {
    /// The element, e.g. `Patient.identifier[0]`.
    pub path: String,
    /// The Safe Harbor identifier kind it held, e.g. `names`.
    pub kind: String,
    /// The action applied, e.g. `remove`, `tokenize`.
    pub action: String,
}

/// A de-identified resource or Bundle and what was changed.
#[napi(object)]
pub struct FhirDeidentified {
    /// The de-identified resource or Bundle, as FHIR JSON text.
    pub json: String,
    /// Every element changed, in document order.
    pub changes: Vec<FhirDeidChange>,
}

fn deidentified(json: String, changes: Vec<deid::DeidChange>) -> FhirDeidentified {
    FhirDeidentified {
        json,
        changes: changes
            .iter()
            .map(|c| FhirDeidChange {
                path: c.path.clone(),
                kind: names::name(&c.kind),
                action: names::name(&c.action),
            })
            .collect(),
    }
}

type DeidBundle = deid::Deidentified<core::Bundle>;

fn deidentified_bundle(d: DeidBundle) -> FhirDeidentified {
    deidentified(bundle_text(d.value), d.changes)
}

/// De-identifies one resource (FHIR JSON text) under `policy` (HIPAA Safe Harbor through
/// `medcore.pii`). `tokenizer` is needed for `tokenize` actions and keys the new resource ids
/// (else sequence numbers); references are rewritten to the ids the referenced resources get.
#[napi]
pub fn fhir_deidentify_resource(
    json: String,
    policy: pii::DeidPolicy,
    tokenizer: Option<&pii::Tokenizer>,
) -> Result<FhirDeidentified> {
    guard(|| {
        let policy = pii::deid_policy(&policy)?;
        let r = read(&json).map_err(fhir_err)?;
        let tok = tokenizer.map(pii::Tokenizer::shared);
        let out = deid::deidentify_resource(&r, &policy, tok.as_deref()).map_err(fhir_err)?;
        Ok(deidentified(core::to_json(&out.value), out.changes))
    })
}

/// De-identifies every resource of a Bundle (FHIR JSON text; see `fhirDeidentifyResource`);
/// resource ids, `fullUrl`s, request urls and references are rewritten consistently.
#[napi]
pub fn fhir_deidentify_bundle(
    json: String,
    policy: pii::DeidPolicy,
    tokenizer: Option<&pii::Tokenizer>,
) -> Result<FhirDeidentified> {
    guard(|| {
        let policy = pii::deid_policy(&policy)?;
        let b = read_bundle(&json).map_err(fhir_err)?;
        let tok = tokenizer.map(pii::Tokenizer::shared);
        deid::deidentify_bundle(&b, &policy, tok.as_deref())
            .map(deidentified_bundle)
            .map_err(fhir_err)
    })
}

/// `fhirDeidentifyBundle` off the JS thread.
#[napi(ts_return_type = "Promise<FhirDeidentified>")]
pub fn fhir_deidentify_bundle_async(
    json: String,
    policy: pii::DeidPolicy,
    tokenizer: Option<&pii::Tokenizer>,
) -> Result<AsyncTask<Work<DeidBundle, FhirDeidentified>>> {
    guard(|| {
        let policy = pii::deid_policy(&policy)?;
        let tok = tokenizer.map(pii::Tokenizer::shared);
        Ok(task::run(
            move || {
                let b = read_bundle(&json).map_err(failure)?;
                deid::deidentify_bundle(&b, &policy, tok.as_deref()).map_err(failure)
            },
            deidentified_bundle,
        ))
    })
}

/// Safe Harbor defaults, except that identifiers, names and telecoms are tokenized (`tenant`
/// keys the tokens) so that records stay linkable: a policy for `fhirDeidentify*`.
#[napi]
pub fn fhir_linkable_policy(as_of: String, tenant: String) -> pii::DeidPolicy {
    let p = deid::linkable_policy(&as_of, &tenant);
    pii::DeidPolicy {
        as_of: p.as_of,
        overrides: Some(
            p.overrides
                .iter()
                .map(|(k, a)| (names::name(k), names::name(a)))
                .collect(),
        ),
        tenant: Some(p.tenant),
    }
}

// ---------------------------------------------------------------------------------------------
// Obligation masking

/// One element changed by an obligation.
#[napi(object)]
pub struct FhirMaskChange {
    /// The element, e.g. `Patient.identifier[1].value`.
    pub path: String,
    /// The obligation code: `MASK` or `REDACT`.
    pub obligation: String,
    /// The obligation's field.
    pub field: String,
}

/// A masked resource or Bundle and what was changed.
#[napi(object)]
pub struct FhirMasked {
    /// The masked resource or Bundle, as FHIR JSON text.
    pub json: String,
    /// Every element changed.
    pub changes: Vec<FhirMaskChange>,
}

fn masked(json: String, changes: Vec<mask::MaskChange>) -> FhirMasked {
    FhirMasked {
        json,
        changes: changes
            .into_iter()
            .map(|c| FhirMaskChange {
                path: c.path,
                obligation: c.obligation,
                field: c.field,
            })
            .collect(),
    }
}

type MaskedBundle = mask::Masked<core::Bundle>;

fn masked_bundle(m: MaskedBundle) -> FhirMasked {
    masked(bundle_text(m.value), m.changes)
}

/// The core obligation an `Obligation` object (as `Decision.obligations` gives them) names.
fn obligation(o: &authz::Obligation) -> Result<medcore::authz::Obligation> {
    let mut v = serde_json::Map::new();
    v.insert("code".into(), o.code.clone().into());
    for (k, f) in [("field", &o.field), ("kind", &o.kind), ("level", &o.level)] {
        if let Some(x) = f {
            v.insert(k.into(), x.clone().into());
        }
    }
    serde_json::from_value(serde_json::Value::Object(v))
        .map_err(|e| errors::invalid_arg(format!("obligations: {e}")))
}

fn obligations(list: &[authz::Obligation]) -> Result<Vec<medcore::authz::Obligation>> {
    list.iter().map(obligation).collect()
}

/// Applies the MASK and REDACT obligations (as `Decision.obligations` gives them) to one
/// resource (FHIR JSON text); other obligations are ignored.
#[napi]
pub fn fhir_apply_obligations(
    json: String,
    obligations: Vec<authz::Obligation>,
) -> Result<FhirMasked> {
    guard(|| {
        let list = self::obligations(&obligations)?;
        let r = read(&json).map_err(fhir_err)?;
        let out = mask::apply_obligations(&r, &list).map_err(fhir_err)?;
        Ok(masked(core::to_json(&out.value), out.changes))
    })
}

/// Applies a decision's MASK and REDACT obligations to one resource (FHIR JSON text).
#[napi]
pub fn fhir_apply_decision(json: String, decision: authz::Decision) -> Result<FhirMasked> {
    fhir_apply_obligations(json, decision.obligations)
}

/// Applies the MASK and REDACT obligations to every resource of a Bundle (FHIR JSON text).
#[napi]
pub fn fhir_apply_obligations_bundle(
    json: String,
    obligations: Vec<authz::Obligation>,
) -> Result<FhirMasked> {
    guard(|| {
        let list = self::obligations(&obligations)?;
        let b = read_bundle(&json).map_err(fhir_err)?;
        mask::apply_obligations_bundle(&b, &list)
            .map(masked_bundle)
            .map_err(fhir_err)
    })
}

/// `fhirApplyObligationsBundle` off the JS thread.
#[napi(ts_return_type = "Promise<FhirMasked>")]
pub fn fhir_apply_obligations_bundle_async(
    json: String,
    obligations: Vec<authz::Obligation>,
) -> Result<AsyncTask<Work<MaskedBundle, FhirMasked>>> {
    guard(|| {
        let list = self::obligations(&obligations)?;
        Ok(task::run(
            move || {
                let b = read_bundle(&json).map_err(failure)?;
                mask::apply_obligations_bundle(&b, &list).map_err(failure)
            },
            masked_bundle,
        ))
    })
}
