//! `medcore.triage`: every triage instrument, single and batch. Inputs are dicts (or objects
//! pythonize can read) with the core's field names; results are plain dicts carrying the
//! explanation (each parameter's value, band and points, the citation).

use crate::conv::{from_py, list_from_py, to_py};
use crate::errors;
use medcore::triage as core;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

/// Registers the `triage` child module of `medcore._native`.
pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = PyModule::new(parent.py(), "triage")?;
    m.add_function(wrap_pyfunction!(news2, &m)?)?;
    m.add_function(wrap_pyfunction!(news2_batch, &m)?)?;
    m.add_function(wrap_pyfunction!(news2_summary, &m)?)?;
    m.add_function(wrap_pyfunction!(news2_summary_batch, &m)?)?;
    m.add_function(wrap_pyfunction!(news2_totals, &m)?)?;
    m.add_function(wrap_pyfunction!(qsofa, &m)?)?;
    m.add_function(wrap_pyfunction!(qsofa_batch, &m)?)?;
    m.add_function(wrap_pyfunction!(sirs, &m)?)?;
    m.add_function(wrap_pyfunction!(sirs_batch, &m)?)?;
    m.add_function(wrap_pyfunction!(gcs, &m)?)?;
    m.add_function(wrap_pyfunction!(gcs_batch, &m)?)?;
    m.add_function(wrap_pyfunction!(esi, &m)?)?;
    m.add_function(wrap_pyfunction!(esi_batch, &m)?)?;
    m.add_function(wrap_pyfunction!(salt, &m)?)?;
    m.add_function(wrap_pyfunction!(salt_batch, &m)?)?;
    m.add_function(wrap_pyfunction!(start, &m)?)?;
    m.add_function(wrap_pyfunction!(jumpstart, &m)?)?;
    m.add_function(wrap_pyfunction!(mci_triage, &m)?)?;
    m.add_function(wrap_pyfunction!(mci_batch, &m)?)?;
    m.add_function(wrap_pyfunction!(mews, &m)?)?;
    m.add_function(wrap_pyfunction!(mews_batch, &m)?)?;
    m.add_function(wrap_pyfunction!(pews, &m)?)?;
    m.add_function(wrap_pyfunction!(pews_batch, &m)?)?;
    m.add_function(wrap_pyfunction!(dispatch, &m)?)?;
    m.add_function(wrap_pyfunction!(dispatch_batch, &m)?)?;
    m.add_class::<DispatchRules>()?;
    m.add_class::<EdTriage>()?;
    parent.add_submodule(&m)?;
    Ok(())
}

/// Converts a batch of core results: the first error raises, naming its item.
fn batch_out<'py, T: serde::Serialize>(
    py: Python<'py>,
    results: Vec<Result<T, core::TriageError>>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    results
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            r.map_err(|e| errors::triage_at(i, e))
                .and_then(|v| to_py(py, &v))
        })
        .collect()
}

macro_rules! instrument {
    ($single:ident, $batch:ident, $input:ty, $core:expr, $core_batch:expr, $doc:literal) => {
        #[doc = $doc]
        #[pyfunction]
        fn $single<'py>(py: Python<'py>, input: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
            let input: $input = from_py(input)?;
            let r = $core(&input).map_err(errors::triage)?;
            to_py(py, &r)
        }

        /// Scores many inputs in one call (the GIL is released while scoring); the first
        /// invalid input raises, naming its index.
        #[pyfunction]
        fn $batch<'py>(
            py: Python<'py>,
            inputs: &Bound<'py, PyAny>,
        ) -> PyResult<Vec<Bound<'py, PyAny>>> {
            let inputs: Vec<$input> = list_from_py(inputs)?;
            let results = py.detach(|| $core_batch(&inputs));
            batch_out(py, results)
        }
    };
}

instrument!(
    news2,
    news2_batch,
    core::News2Input,
    core::news2,
    core::news2_batch,
    "NEWS2 (RCP 2017) with the explanation of every parameter."
);
instrument!(
    qsofa,
    qsofa_batch,
    core::QsofaInput,
    core::qsofa,
    core::qsofa_batch,
    "qSOFA (Sepsis-3)."
);
instrument!(
    sirs,
    sirs_batch,
    core::SirsInput,
    core::sirs,
    core::sirs_batch,
    "SIRS criteria (ACCP/SCCM 1992)."
);
instrument!(
    gcs,
    gcs_batch,
    core::GcsInput,
    core::gcs,
    core::gcs_batch,
    "Glasgow Coma Scale (eye, verbal, motor; NT per component)."
);
instrument!(
    esi,
    esi_batch,
    core::EsiInput,
    core::esi,
    core::esi_batch,
    "Emergency Severity Index (v4 or v5): level, decision path, up-triage suggestion."
);
instrument!(
    salt,
    salt_batch,
    core::SaltInput,
    core::salt,
    core::salt_batch,
    "SALT mass-casualty triage."
);
instrument!(
    mci_triage,
    mci_batch,
    core::MciInput,
    core::mci_triage,
    core::mci_batch,
    "START or JumpSTART, chosen by age."
);

/// START mass-casualty triage (adults).
#[pyfunction]
fn start<'py>(py: Python<'py>, input: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let input: core::MciInput = from_py(input)?;
    to_py(py, &core::start(&input).map_err(errors::triage)?)
}

/// JumpSTART mass-casualty triage (children).
#[pyfunction]
fn jumpstart<'py>(py: Python<'py>, input: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let input: core::MciInput = from_py(input)?;
    to_py(py, &core::jumpstart(&input).map_err(errors::triage)?)
}

/// NEWS2 without the explanation: total, max_possible, points per parameter, partial, risk.
#[pyfunction]
fn news2_summary<'py>(py: Python<'py>, input: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let input: core::News2Input = from_py(input)?;
    to_py(py, &core::news2_summary(&input).map_err(errors::triage)?)
}

/// [`news2_summary`] for many inputs (dicts), the GIL released while scoring.
#[pyfunction]
fn news2_summary_batch<'py>(
    py: Python<'py>,
    inputs: &Bound<'py, PyAny>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let inputs: Vec<core::News2Input> = list_from_py(inputs)?;
    let results = py.detach(|| core::news2_summary_batch(&inputs));
    batch_out(py, results)
}

/// One NEWS2 row: (respiration_rate, spo2, spo2_scale2, supplemental_oxygen, systolic_bp,
/// pulse, consciousness, temperature), None for a missing value.
type News2Row = (
    Option<f64>,
    Option<f64>,
    bool,
    Option<bool>,
    Option<f64>,
    Option<f64>,
    Option<String>,
    Option<f64>,
);

/// High-volume NEWS2: rows are tuples in the order of [`News2Row`]; returns one
/// `(total, max_possible, partial, risk)` tuple per row. The GIL is released while scoring.
#[pyfunction]
fn news2_totals<'py>(py: Python<'py>, rows: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let mut inputs = Vec::new();
    for (i, row) in rows.try_iter()?.enumerate() {
        let (rr, spo2, scale2, o2, sbp, pulse, avpu, temp): News2Row = row?.extract()?;
        let consciousness = avpu
            .map(|c| core::Acvpu::from_code(&c))
            .transpose()
            .map_err(|e| errors::triage_at(i, e))?;
        inputs.push(core::News2Input {
            respiration_rate: rr,
            spo2,
            spo2_scale2: scale2,
            supplemental_oxygen: o2,
            systolic_bp: sbp,
            pulse,
            consciousness,
            temperature: temp,
        });
    }
    let results = py.detach(|| core::news2_summary_batch(&inputs));
    let bands = [
        core::RiskBand::Low,
        core::RiskBand::LowMedium,
        core::RiskBand::Medium,
        core::RiskBand::High,
        core::RiskBand::Indeterminate,
    ]
    .iter()
    .map(|b| to_py(py, b))
    .collect::<PyResult<Vec<_>>>()?;
    let out = PyList::empty(py);
    for (i, r) in results.into_iter().enumerate() {
        let s = r.map_err(|e| errors::triage_at(i, e))?;
        let risk = bands
            .get(s.risk as usize)
            .cloned()
            .map_or_else(|| to_py(py, &s.risk), Ok)?;
        out.append(PyTuple::new(
            py,
            [
                s.total.into_pyobject(py)?.into_any(),
                s.max_possible.into_pyobject(py)?.into_any(),
                pyo3::types::PyBool::new(py, s.partial)
                    .to_owned()
                    .into_any(),
                risk,
            ],
        )?)?;
    }
    Ok(out)
}

/// MEWS; `bands` overrides the default Subbe 2001 bands (same shape as the core's `MewsBands`).
#[pyfunction]
#[pyo3(signature = (input, bands = None))]
fn mews<'py>(
    py: Python<'py>,
    input: &Bound<'py, PyAny>,
    bands: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let input: core::MewsInput = from_py(input)?;
    let bands: core::MewsBands = bands.map(from_py).transpose()?.unwrap_or_default();
    to_py(py, &core::mews(&input, &bands).map_err(errors::triage)?)
}

/// MEWS for many inputs with one band table (the GIL released while scoring).
#[pyfunction]
#[pyo3(signature = (inputs, bands = None))]
fn mews_batch<'py>(
    py: Python<'py>,
    inputs: &Bound<'py, PyAny>,
    bands: Option<&Bound<'py, PyAny>>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let inputs: Vec<core::MewsInput> = list_from_py(inputs)?;
    let bands: core::MewsBands = bands.map(from_py).transpose()?.unwrap_or_default();
    let results = py.detach(|| core::mews_batch(&inputs, &bands));
    batch_out(py, results)
}

/// PEWS; `ages` overrides the default (Brighton) age bands.
#[pyfunction]
#[pyo3(signature = (input, ages = None))]
fn pews<'py>(
    py: Python<'py>,
    input: &Bound<'py, PyAny>,
    ages: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let input: core::PewsInput = from_py(input)?;
    let ages: core::PewsAgeBands = ages.map(from_py).transpose()?.unwrap_or_default();
    to_py(py, &core::pews(&input, &ages).map_err(errors::triage)?)
}

/// PEWS for many inputs with one age-band table (the GIL released while scoring).
#[pyfunction]
#[pyo3(signature = (inputs, ages = None))]
fn pews_batch<'py>(
    py: Python<'py>,
    inputs: &Bound<'py, PyAny>,
    ages: Option<&Bound<'py, PyAny>>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let inputs: Vec<core::PewsInput> = list_from_py(inputs)?;
    let ages: core::PewsAgeBands = ages.map(from_py).transpose()?.unwrap_or_default();
    let results = py.detach(|| core::pews_batch(&inputs, &ages));
    batch_out(py, results)
}

/// A dispatch-priority rule table: `DispatchRules()` is the shipped example table,
/// `DispatchRules(json_text)` a table of your own.
#[pyclass(frozen, module = "medcore.triage")]
struct DispatchRules {
    inner: core::DispatchRules,
}

#[pymethods]
impl DispatchRules {
    #[new]
    #[pyo3(signature = (json = None))]
    fn new(json: Option<&str>) -> PyResult<Self> {
        let inner = match json {
            Some(text) => core::DispatchRules::from_json(text).map_err(errors::triage)?,
            None => core::DispatchRules::example(),
        };
        Ok(DispatchRules { inner })
    }
    /// The table as plain data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, self.inner.data())
    }
    fn __repr__(&self) -> String {
        "DispatchRules(...)".to_string()
    }
}

/// Dispatch priority of a call: determinant level, response plan, ARP targets and the routing
/// request (unit type, urgency).
#[pyfunction]
fn dispatch<'py>(
    py: Python<'py>,
    rules: PyRef<'py, DispatchRules>,
    call: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let call: core::DispatchCall = from_py(call)?;
    to_py(
        py,
        &core::dispatch(&rules.inner, &call).map_err(errors::triage)?,
    )
}

/// [`dispatch`] for many calls with one table (the GIL released).
#[pyfunction]
fn dispatch_batch<'py>(
    py: Python<'py>,
    rules: PyRef<'py, DispatchRules>,
    calls: &Bound<'py, PyAny>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let calls: Vec<core::DispatchCall> = list_from_py(calls)?;
    let r = &rules.inner;
    let results = py.detach(|| core::dispatch_batch(r, &calls));
    batch_out(py, results)
}

/// An emergency-department triage scale (CTAS or Manchester style) with its discriminator
/// table: `EdTriage()` is the shipped example table, `EdTriage(json_text)` your own.
#[pyclass(frozen, module = "medcore.triage")]
struct EdTriage {
    inner: core::EdTriage,
}

#[pymethods]
impl EdTriage {
    #[new]
    #[pyo3(signature = (json = None))]
    fn new(json: Option<&str>) -> PyResult<Self> {
        let inner = match json {
            Some(text) => core::EdTriage::from_json(text),
            None => core::EdTriage::example(),
        }
        .map_err(errors::triage)?;
        Ok(EdTriage { inner })
    }
    /// Triages one presentation: the most urgent discriminator present decides.
    fn triage<'py>(
        &self,
        py: Python<'py>,
        input: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let input: core::EdTriageInput = from_py(input)?;
        to_py(py, &self.inner.triage(&input).map_err(errors::triage)?)
    }
    /// Triages many presentations (the GIL released).
    fn triage_batch<'py>(
        &self,
        py: Python<'py>,
        inputs: &Bound<'py, PyAny>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let inputs: Vec<core::EdTriageInput> = list_from_py(inputs)?;
        let results = py.detach(|| self.inner.triage_batch(&inputs));
        batch_out(py, results)
    }
    fn __repr__(&self) -> String {
        "EdTriage(...)".to_string()
    }
}
