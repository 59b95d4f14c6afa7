//! `medcore.fhir`: conversions between `medcore::fhir` and Python objects.
//!
//! A `Resource` is a parsed FHIR R4 resource held in Rust (read from a dict, JSON `str` or
//! UTF-8 `bytes`; written back with `to_dict()` or `to_json()`). HL7 v2 messages (text, bytes
//! or a parsed `medcore.hl7.Message`) convert to a Bundle with the warnings of what could not be
//! carried over exactly; Bundles convert back to PID, PV1 and OBX segments. De-identification
//! and obligation masking return the changed resource with the list of changes. Batch calls
//! release the GIL.

use crate::conv::{from_py, list_from_py, to_py};
use crate::errors;
use medcore::fhir as core;
use medcore::fhir::{convert, deid, mask, to_v2, validate};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};
use std::borrow::Cow;
use std::sync::Arc;

/// Registers the `fhir` child module of `medcore._native`.
pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = PyModule::new(parent.py(), "fhir")?;
    m.add_class::<Resource>()?;
    m.add_class::<Issue>()?;
    m.add_class::<ConvertWarning>()?;
    m.add_class::<Conversion>()?;
    m.add_class::<V2Segments>()?;
    m.add_class::<Deidentified>()?;
    m.add_class::<Masked>()?;
    m.add_function(wrap_pyfunction!(parse, &m)?)?;
    m.add_function(wrap_pyfunction!(parse_bundle, &m)?)?;
    m.add_function(wrap_pyfunction!(from_v2, &m)?)?;
    m.add_function(wrap_pyfunction!(from_v2_batch, &m)?)?;
    m.add_function(wrap_pyfunction!(v2_to_bundle_json, &m)?)?;
    m.add_function(wrap_pyfunction!(v2_to_bundle_json_batch, &m)?)?;
    m.add_function(wrap_pyfunction!(bundle_to_v2, &m)?)?;
    m.add_function(wrap_pyfunction!(bundle_to_v2_batch, &m)?)?;
    m.add_function(wrap_pyfunction!(patient_to_pid, &m)?)?;
    m.add_function(wrap_pyfunction!(encounter_to_pv1, &m)?)?;
    m.add_function(wrap_pyfunction!(observation_to_obx, &m)?)?;
    m.add_function(wrap_pyfunction!(deidentify_resource, &m)?)?;
    m.add_function(wrap_pyfunction!(deidentify_bundle, &m)?)?;
    m.add_function(wrap_pyfunction!(linkable_policy, &m)?)?;
    m.add_function(wrap_pyfunction!(apply_obligations, &m)?)?;
    m.add_function(wrap_pyfunction!(apply_obligations_bundle, &m)?)?;
    m.add_function(wrap_pyfunction!(apply_decision, &m)?)?;
    parent.add_submodule(&m)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Resources

fn read_mode(strict: bool) -> core::ReadMode {
    if strict {
        core::ReadMode::Strict
    } else {
        core::ReadMode::Lenient
    }
}

/// Reads a resource from a `Resource` (copied), a dict, JSON `str` or UTF-8 `bytes`.
fn resource_of(obj: &Bound<'_, PyAny>, mode: core::ReadMode) -> PyResult<core::Resource> {
    if let Ok(r) = obj.cast::<Resource>() {
        return Ok(r.get().inner.clone());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return core::parse_resource(&s.to_cow()?, mode).map_err(errors::fhir);
    }
    let bytes: Option<Cow<'_, [u8]>> = if let Ok(b) = obj.cast::<PyBytes>() {
        Some(Cow::Borrowed(b.as_bytes()))
    } else if let Ok(b) = obj.cast::<PyByteArray>() {
        Some(Cow::Owned(b.to_vec()))
    } else {
        None
    };
    if let Some(b) = bytes {
        let text = std::str::from_utf8(&b).map_err(|e| {
            errors::fhir(core::FhirError::Json {
                location: "$".into(),
                message: format!("not UTF-8: {e}"),
            })
        })?;
        return core::parse_resource(text, mode).map_err(errors::fhir);
    }
    if obj.is_instance_of::<pyo3::types::PyDict>() {
        let value: serde_json::Value = from_py(obj)?;
        return core::model::from_value(&value, mode).map_err(errors::fhir);
    }
    Err(PyTypeError::new_err(format!(
        "expected a medcore.fhir.Resource, dict, str or bytes, got {}",
        obj.get_type().name()?
    )))
}

/// Reads a Bundle (see [`resource_of`]); any other resource type is an error.
fn bundle_of(obj: &Bound<'_, PyAny>, mode: core::ReadMode) -> PyResult<core::Bundle> {
    match resource_of(obj, mode)? {
        core::Resource::Bundle(b) => Ok(*b),
        other => Err(errors::fhir(core::FhirError::Json {
            location: other.resource_type().to_string(),
            message: "expected a Bundle".into(),
        })),
    }
}

fn wrap(py: Python<'_>, inner: core::Resource) -> PyResult<Py<Resource>> {
    Py::new(py, Resource { inner })
}

/// A FHIR R4 resource read from JSON, held in Rust.
#[pyclass(frozen, eq, module = "medcore.fhir")]
#[derive(PartialEq)]
pub(crate) struct Resource {
    inner: core::Resource,
}

impl Resource {
    fn issues(&self) -> Vec<validate::Issue> {
        match &self.inner {
            core::Resource::Bundle(b) => validate::validate_bundle(b),
            r => validate::validate_resource(r),
        }
    }
}

#[pymethods]
impl Resource {
    /// Reads a resource (see `medcore.fhir.parse`).
    #[staticmethod]
    #[pyo3(signature = (data, strict = false))]
    fn parse(data: &Bound<'_, PyAny>, strict: bool) -> PyResult<Self> {
        Ok(Resource {
            inner: resource_of(data, read_mode(strict))?,
        })
    }
    /// The resource type, e.g. `Patient`.
    #[getter]
    fn resource_type(&self) -> &str {
        self.inner.resource_type()
    }
    /// The logical id, when present.
    #[getter]
    fn id(&self) -> Option<&str> {
        self.inner.id()
    }
    /// The resource as compact FHIR JSON text.
    fn to_json(&self) -> String {
        core::to_json(&self.inner)
    }
    /// The resource as plain Python data (the FHIR JSON shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    /// Structural validation (required elements, cardinality, required bindings; for a
    /// Bundle also duplicate entries and references that resolve nowhere).
    fn validate(&self) -> Vec<Issue> {
        self.issues()
            .into_iter()
            .map(|inner| Issue { inner })
            .collect()
    }
    /// Whether validation finds no error (warnings allowed).
    fn is_valid(&self) -> bool {
        validate::is_valid(&self.issues())
    }
    /// The validation findings as an OperationOutcome resource.
    fn operation_outcome(&self) -> Resource {
        Resource {
            inner: core::Resource::OperationOutcome(Box::new(validate::to_operation_outcome(
                &self.issues(),
            ))),
        }
    }
    fn __repr__(&self) -> String {
        format!(
            "Resource(resource_type={:?}, id={:?})",
            self.inner.resource_type(),
            self.inner.id()
        )
    }
}

/// Reads one resource from a dict, JSON `str` or UTF-8 `bytes`. `strict` rejects elements the
/// models do not know (`FhirUnknownElementError`, naming the first); otherwise they are kept.
/// Either way, writing the resource back gives the same JSON (key order aside).
#[pyfunction]
#[pyo3(signature = (data, strict = false))]
fn parse(data: &Bound<'_, PyAny>, strict: bool) -> PyResult<Resource> {
    Resource::parse(data, strict)
}

/// Reads a Bundle (see `parse`); any other resource type raises `FhirJsonError`.
#[pyfunction]
#[pyo3(signature = (data, strict = false))]
fn parse_bundle(data: &Bound<'_, PyAny>, strict: bool) -> PyResult<Resource> {
    Ok(Resource {
        inner: core::Resource::Bundle(Box::new(bundle_of(data, read_mode(strict))?)),
    })
}

/// One structural validation finding.
#[pyclass(frozen, eq, module = "medcore.fhir")]
#[derive(PartialEq)]
struct Issue {
    inner: validate::Issue,
}

#[pymethods]
impl Issue {
    /// `error` (not valid R4) or `warning`.
    #[getter]
    fn severity(&self) -> &'static str {
        match self.inner.severity {
            validate::Severity::Error => "error",
            validate::Severity::Warning => "warning",
        }
    }
    /// Stable rule code, e.g. `FHIR_REQUIRED`, `FHIR_BINDING`.
    #[getter]
    fn code(&self) -> &str {
        &self.inner.code
    }
    /// The element path, e.g. `Observation.code`.
    #[getter]
    fn location(&self) -> &str {
        &self.inner.location
    }
    /// What is wrong.
    #[getter]
    fn message(&self) -> &str {
        &self.inner.message
    }
    /// The finding as a dict (`severity`, `code`, `location`, `message`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "Issue(severity={:?}, code={:?}, location={:?}, message={:?})",
            self.severity(),
            self.inner.code,
            self.inner.location,
            self.inner.message
        )
    }
}

// ---------------------------------------------------------------------------------------------
// HL7 v2 to FHIR

/// A v2 message argument: a parsed `medcore.hl7.Message`, text, or bytes (MSH-18 decides the
/// character set).
enum V2<'a> {
    Message(Arc<medcore::hl7::Message<'static>>),
    Text(Cow<'a, str>),
    Bytes(Cow<'a, [u8]>),
}

impl<'a> V2<'a> {
    fn extract(obj: &'a Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(m) = obj.cast::<crate::hl7::Message>() {
            return Ok(V2::Message(m.get().shared()));
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(V2::Text(Cow::Owned(s.to_cow()?.into_owned())));
        }
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(V2::Bytes(Cow::Borrowed(b.as_bytes())));
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return Ok(V2::Bytes(Cow::Owned(b.to_vec())));
        }
        Err(PyTypeError::new_err(format!(
            "expected a medcore.hl7.Message, str or bytes, got {}",
            obj.get_type().name()?
        )))
    }

    fn convert(&self, o: &core::ConvertOptions) -> Result<convert::Conversion, core::FhirError> {
        match self {
            V2::Message(m) => convert::convert_message(m, o),
            V2::Text(t) => convert::convert_text(t, o),
            V2::Bytes(b) => {
                let m = medcore::hl7::parse(b)?;
                convert::convert_message(&m, o)
            }
        }
    }
}

fn bundle_json(b: core::Bundle) -> String {
    core::to_json(&core::Resource::Bundle(Box::new(b)))
}

/// Something the conversion could not carry over exactly.
#[pyclass(frozen, eq, get_all, module = "medcore.fhir")]
#[derive(Clone, PartialEq)]
struct ConvertWarning {
    /// The v2 location, e.g. `PID-7` (`HL7` for a parse warning).
    location: String,
    /// What happened.
    message: String,
}

#[pymethods]
impl ConvertWarning {
    fn __repr__(&self) -> String {
        format!(
            "ConvertWarning(location={:?}, message={:?})",
            self.location, self.message
        )
    }
}

/// A converted message: the Bundle and the warnings.
#[pyclass(frozen, module = "medcore.fhir")]
struct Conversion {
    bundle: Py<Resource>,
    warnings: Vec<ConvertWarning>,
}

fn conversion(py: Python<'_>, c: convert::Conversion) -> PyResult<Conversion> {
    Ok(Conversion {
        bundle: wrap(py, core::Resource::Bundle(Box::new(c.bundle)))?,
        warnings: c
            .warnings
            .into_iter()
            .map(|w| ConvertWarning {
                location: w.location,
                message: w.message,
            })
            .collect(),
    })
}

#[pymethods]
impl Conversion {
    /// The Bundle.
    #[getter]
    fn bundle(&self, py: Python<'_>) -> Py<Resource> {
        self.bundle.clone_ref(py)
    }
    /// Values not carried over exactly (HL7 parse warnings included).
    #[getter]
    fn warnings(&self) -> Vec<ConvertWarning> {
        self.warnings.clone()
    }
    /// The Bundle as FHIR JSON text.
    #[getter]
    fn bundle_json(&self) -> String {
        self.bundle.get().to_json()
    }
    fn __repr__(&self) -> String {
        format!(
            "Conversion(bundle={}, warnings={})",
            self.bundle.get().__repr__(),
            self.warnings.len()
        )
    }
}

/// Converts one HL7 v2 message (text, bytes or a parsed `medcore.hl7.Message`) to a FHIR R4
/// Bundle following the HL7 V2-to-FHIR IG. `bundle_kind` is `batch` or `transaction`;
/// `default_offset` (`+01:00`, `Z`) is assumed for v2 times sent without one (without it such
/// values keep only their date, with a warning).
#[pyfunction]
#[pyo3(signature = (message, bundle_kind = None, default_offset = None))]
fn from_v2(
    py: Python<'_>,
    message: &Bound<'_, PyAny>,
    bundle_kind: Option<&Bound<'_, PyAny>>,
    default_offset: Option<String>,
) -> PyResult<Conversion> {
    let o = opts(bundle_kind, default_offset)?;
    let c = V2::extract(message)?.convert(&o).map_err(errors::fhir)?;
    conversion(py, c)
}

fn opts(
    bundle_kind: Option<&Bound<'_, PyAny>>,
    default_offset: Option<String>,
) -> PyResult<core::ConvertOptions> {
    Ok(core::ConvertOptions {
        bundle_kind: match bundle_kind {
            Some(k) if !k.is_none() => from_py(k)?,
            _ => core::BundleKind::default(),
        },
        default_offset,
    })
}

fn v2_items<'a>(items: &'a [Bound<'_, PyAny>]) -> PyResult<Vec<V2<'a>>> {
    items.iter().map(V2::extract).collect()
}

/// Converts many messages without holding the GIL. The first message that fails raises its
/// error (the message names the item); with `return_exceptions=True` the error takes the
/// item's place in the list instead.
#[pyfunction]
#[pyo3(signature = (messages, bundle_kind = None, default_offset = None, return_exceptions = false))]
fn from_v2_batch(
    py: Python<'_>,
    messages: &Bound<'_, PyAny>,
    bundle_kind: Option<&Bound<'_, PyAny>>,
    default_offset: Option<String>,
    return_exceptions: bool,
) -> PyResult<Vec<Py<PyAny>>> {
    let o = opts(bundle_kind, default_offset)?;
    let items: Vec<Bound<'_, PyAny>> = messages.try_iter()?.collect::<PyResult<_>>()?;
    let inputs = v2_items(&items)?;
    let results: Vec<_> = py.detach(|| inputs.iter().map(|m| m.convert(&o)).collect());
    results
        .into_iter()
        .enumerate()
        .map(|(i, r)| match r {
            Ok(c) => Ok(Py::new(py, conversion(py, c)?)?.into_any()),
            Err(e) if return_exceptions => Ok(errors::fhir_at(i, e).into_value(py).into_any()),
            Err(e) => Err(errors::fhir_at(i, e)),
        })
        .collect()
}

/// Converts one message straight to Bundle JSON text (warnings dropped; see `from_v2`).
#[pyfunction]
#[pyo3(signature = (message, bundle_kind = None, default_offset = None))]
fn v2_to_bundle_json(
    message: &Bound<'_, PyAny>,
    bundle_kind: Option<&Bound<'_, PyAny>>,
    default_offset: Option<String>,
) -> PyResult<String> {
    let o = opts(bundle_kind, default_offset)?;
    let c = V2::extract(message)?.convert(&o).map_err(errors::fhir)?;
    Ok(bundle_json(c.bundle))
}

/// `v2_to_bundle_json` for many messages, without holding the GIL; the first message that
/// fails raises its error (the message names the item).
#[pyfunction]
#[pyo3(signature = (messages, bundle_kind = None, default_offset = None))]
fn v2_to_bundle_json_batch(
    py: Python<'_>,
    messages: &Bound<'_, PyAny>,
    bundle_kind: Option<&Bound<'_, PyAny>>,
    default_offset: Option<String>,
) -> PyResult<Vec<String>> {
    let o = opts(bundle_kind, default_offset)?;
    let items: Vec<Bound<'_, PyAny>> = messages.try_iter()?.collect::<PyResult<_>>()?;
    let inputs = v2_items(&items)?;
    py.detach(|| {
        inputs
            .iter()
            .enumerate()
            .map(|(i, m)| {
                m.convert(&o)
                    .map(|c| bundle_json(c.bundle))
                    .map_err(|e| (i, e))
            })
            .collect::<Result<Vec<_>, _>>()
    })
    .map_err(|(i, e)| errors::fhir_at(i, e))
}

// ---------------------------------------------------------------------------------------------
// FHIR to HL7 v2

/// The v2 segments made from a Bundle: its first Patient, first Encounter and every
/// Observation.
#[pyclass(frozen, eq, module = "medcore.fhir")]
#[derive(PartialEq)]
struct V2Segments {
    inner: to_v2::V2Segments,
}

#[pymethods]
impl V2Segments {
    /// PID from the first Patient.
    #[getter]
    fn pid(&self) -> Option<&str> {
        self.inner.pid.as_deref()
    }
    /// PV1 from the first Encounter.
    #[getter]
    fn pv1(&self) -> Option<&str> {
        self.inner.pv1.as_deref()
    }
    /// OBX from each Observation, in bundle order, numbered from 1.
    #[getter]
    fn obx(&self) -> Vec<String> {
        self.inner.obx.clone()
    }
    /// The segments joined with the v2 segment terminator (`\r`).
    fn to_text(&self) -> String {
        self.inner.to_text()
    }
    /// The segments as a dict (`pid`, `pv1`, `obx`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "V2Segments(pid={}, pv1={}, obx={})",
            self.inner.pid.is_some(),
            self.inner.pv1.is_some(),
            self.inner.obx.len()
        )
    }
}

/// PID, PV1 and OBX segments from a Bundle (a `Resource`, dict, JSON `str` or `bytes`).
#[pyfunction]
fn bundle_to_v2(bundle: &Bound<'_, PyAny>) -> PyResult<V2Segments> {
    let b = bundle_of(bundle, core::ReadMode::Lenient)?;
    Ok(V2Segments {
        inner: to_v2::bundle_to_v2(&b),
    })
}

/// `bundle_to_v2` for many bundles, without holding the GIL.
#[pyfunction]
fn bundle_to_v2_batch(py: Python<'_>, bundles: &Bound<'_, PyAny>) -> PyResult<Vec<V2Segments>> {
    let list = bundles
        .try_iter()?
        .map(|b| bundle_of(&b?, core::ReadMode::Lenient))
        .collect::<PyResult<Vec<_>>>()?;
    let out = py.detach(|| to_v2::bundle_to_v2_batch(&list));
    Ok(out.into_iter().map(|inner| V2Segments { inner }).collect())
}

fn typed<T>(
    obj: &Bound<'_, PyAny>,
    want: &str,
    pick: impl FnOnce(core::Resource) -> Option<T>,
) -> PyResult<T> {
    let r = resource_of(obj, core::ReadMode::Lenient)?;
    let got = r.resource_type().to_string();
    pick(r).ok_or_else(|| {
        errors::fhir(core::FhirError::Json {
            location: got,
            message: format!("expected a {want}"),
        })
    })
}

fn optional_bundle(bundle: Option<&Bound<'_, PyAny>>) -> PyResult<Option<core::Bundle>> {
    bundle
        .filter(|b| !b.is_none())
        .map(|b| bundle_of(b, core::ReadMode::Lenient))
        .transpose()
}

/// The PID segment of a Patient.
#[pyfunction]
fn patient_to_pid(patient: &Bound<'_, PyAny>) -> PyResult<String> {
    let p = typed(patient, "Patient", |r| match r {
        core::Resource::Patient(p) => Some(p),
        _ => None,
    })?;
    Ok(to_v2::patient_to_pid(&p))
}

/// The PV1 segment of an Encounter; `bundle` resolves its participants and locations.
#[pyfunction]
#[pyo3(signature = (encounter, bundle = None))]
fn encounter_to_pv1(
    encounter: &Bound<'_, PyAny>,
    bundle: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let e = typed(encounter, "Encounter", |r| match r {
        core::Resource::Encounter(e) => Some(e),
        _ => None,
    })?;
    let b = optional_bundle(bundle)?;
    Ok(to_v2::encounter_to_pv1(&e, b.as_ref()))
}

/// The OBX segment of an Observation, numbered `set_id`; `bundle` resolves its performers.
#[pyfunction]
#[pyo3(signature = (observation, set_id = 1, bundle = None))]
fn observation_to_obx(
    observation: &Bound<'_, PyAny>,
    set_id: u32,
    bundle: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let o = typed(observation, "Observation", |r| match r {
        core::Resource::Observation(o) => Some(o),
        _ => None,
    })?;
    let b = optional_bundle(bundle)?;
    Ok(to_v2::observation_to_obx(&o, set_id, b.as_ref()))
}

// ---------------------------------------------------------------------------------------------
// De-identification and masking

/// A de-identified resource or bundle and what was changed.
#[pyclass(frozen, module = "medcore.fhir")]
struct Deidentified {
    value: Py<Resource>,
    changes: Vec<deid::DeidChange>,
}

#[pymethods]
impl Deidentified {
    /// The de-identified resource or bundle.
    #[getter]
    fn value(&self, py: Python<'_>) -> Py<Resource> {
        self.value.clone_ref(py)
    }
    /// Every element changed, in document order: dicts with `path`, `kind` (the Safe Harbor
    /// identifier kind) and `action`.
    #[getter]
    fn changes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.changes)
    }
    fn __repr__(&self) -> String {
        format!(
            "Deidentified(value={}, changes={})",
            self.value.get().__repr__(),
            self.changes.len()
        )
    }
}

/// A masked resource or bundle and what was changed.
#[pyclass(frozen, module = "medcore.fhir")]
struct Masked {
    value: Py<Resource>,
    changes: Vec<mask::MaskChange>,
}

#[pymethods]
impl Masked {
    /// The masked resource or bundle.
    #[getter]
    fn value(&self, py: Python<'_>) -> Py<Resource> {
        self.value.clone_ref(py)
    }
    /// Every element changed: dicts with `path`, `obligation` (`MASK` or `REDACT`) and
    /// `field`.
    #[getter]
    fn changes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.changes)
    }
    fn __repr__(&self) -> String {
        format!(
            "Masked(value={}, changes={})",
            self.value.get().__repr__(),
            self.changes.len()
        )
    }
}

fn deid_policy(
    as_of: Option<&str>,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<medcore::pii::DeidPolicy> {
    match (policy, as_of) {
        (Some(p), _) if !p.is_none() => from_py(p),
        (_, Some(d)) => Ok(medcore::pii::DeidPolicy::safe_harbor(d)),
        _ => Err(PyTypeError::new_err(
            "de-identification needs `as_of` (YYYY-MM-DD) or a `policy`",
        )),
    }
}

/// De-identifies one resource (HIPAA Safe Harbor through `medcore.pii`). `policy` is a dict
/// shaped like `medcore.pii`'s `DeidPolicy` (`as_of`, optional `overrides` and `tenant`);
/// `as_of` alone gives the Safe Harbor defaults. `tokenizer` (a `medcore.pii.Tokenizer`) is
/// needed for `tokenize` actions and keys the new resource ids (else sequence numbers).
#[pyfunction]
#[pyo3(signature = (resource, as_of = None, policy = None, tokenizer = None))]
fn deidentify_resource(
    py: Python<'_>,
    resource: &Bound<'_, PyAny>,
    as_of: Option<&str>,
    policy: Option<&Bound<'_, PyAny>>,
    tokenizer: Option<PyRef<'_, crate::pii::Tokenizer>>,
) -> PyResult<Deidentified> {
    let policy = deid_policy(as_of, policy)?;
    let r = resource_of(resource, core::ReadMode::Lenient)?;
    let out = deid::deidentify_resource(&r, &policy, tokenizer.as_deref().map(|t| t.core()))
        .map_err(errors::fhir)?;
    Ok(Deidentified {
        value: wrap(py, out.value)?,
        changes: out.changes,
    })
}

/// De-identifies every resource of a Bundle (see `deidentify_resource`), without holding the
/// GIL; resource ids, `fullUrl`s, request urls and references are rewritten consistently.
#[pyfunction]
#[pyo3(signature = (bundle, as_of = None, policy = None, tokenizer = None))]
fn deidentify_bundle(
    py: Python<'_>,
    bundle: &Bound<'_, PyAny>,
    as_of: Option<&str>,
    policy: Option<&Bound<'_, PyAny>>,
    tokenizer: Option<PyRef<'_, crate::pii::Tokenizer>>,
) -> PyResult<Deidentified> {
    let policy = deid_policy(as_of, policy)?;
    let b = bundle_of(bundle, core::ReadMode::Lenient)?;
    let tok = tokenizer.as_deref().map(|t| t.core());
    let out = py
        .detach(|| deid::deidentify_bundle(&b, &policy, tok))
        .map_err(errors::fhir)?;
    Ok(Deidentified {
        value: wrap(py, core::Resource::Bundle(Box::new(out.value)))?,
        changes: out.changes,
    })
}

/// Safe Harbor defaults, except that identifiers, names and telecoms are tokenized (`tenant`
/// keys the tokens) so that records stay linkable: a policy dict for `deidentify_*`.
#[pyfunction]
fn linkable_policy<'py>(py: Python<'py>, as_of: &str, tenant: &str) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, &deid::linkable_policy(as_of, tenant))
}

fn masked(py: Python<'_>, out: mask::Masked<core::Resource>) -> PyResult<Masked> {
    Ok(Masked {
        value: wrap(py, out.value)?,
        changes: out.changes,
    })
}

/// Applies the MASK and REDACT obligations (dicts as `medcore.authz.Decision.obligations`
/// gives them) to one resource; other obligations are ignored.
#[pyfunction]
fn apply_obligations(
    py: Python<'_>,
    resource: &Bound<'_, PyAny>,
    obligations: &Bound<'_, PyAny>,
) -> PyResult<Masked> {
    let r = resource_of(resource, core::ReadMode::Lenient)?;
    let list: Vec<medcore::authz::Obligation> = list_from_py(obligations)?;
    masked(
        py,
        mask::apply_obligations(&r, &list).map_err(errors::fhir)?,
    )
}

/// Applies a `medcore.authz.Decision`'s MASK and REDACT obligations to one resource.
#[pyfunction]
fn apply_decision(
    py: Python<'_>,
    resource: &Bound<'_, PyAny>,
    decision: PyRef<'_, crate::authz::Decision>,
) -> PyResult<Masked> {
    let r = resource_of(resource, core::ReadMode::Lenient)?;
    masked(
        py,
        mask::apply_decision(&r, decision.core()).map_err(errors::fhir)?,
    )
}

/// Applies the MASK and REDACT obligations to every resource of a Bundle.
#[pyfunction]
fn apply_obligations_bundle(
    py: Python<'_>,
    bundle: &Bound<'_, PyAny>,
    obligations: &Bound<'_, PyAny>,
) -> PyResult<Masked> {
    let b = bundle_of(bundle, core::ReadMode::Lenient)?;
    let list: Vec<medcore::authz::Obligation> = list_from_py(obligations)?;
    let out = mask::apply_obligations_bundle(&b, &list).map_err(errors::fhir)?;
    Ok(Masked {
        value: wrap(py, core::Resource::Bundle(Box::new(out.value)))?,
        changes: out.changes,
    })
}
