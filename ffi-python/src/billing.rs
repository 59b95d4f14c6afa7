//! `medcore.billing`: the MS-DRG grouper and IPPS pricer held as handles, invoices and
//! insurance adjudication. Money and rates travel as decimal strings (exact), never floats:
//! pass amounts as `str` (for example `str(decimal.Decimal(...))`).

use crate::conv::{from_py, list_from_py, to_py};
use crate::errors;
use medcore::billing as core;
use pyo3::prelude::*;

/// Registers the `billing` child module of `medcore._native`.
pub(crate) fn register(parent: &Bound<'_, PyModule>) -> PyResult<()> {
    let m = PyModule::new(parent.py(), "billing")?;
    m.add_class::<Grouper>()?;
    m.add_class::<Pricer>()?;
    m.add_class::<Invoice>()?;
    m.add_class::<Plan>()?;
    m.add_function(wrap_pyfunction!(invoice_totals, &m)?)?;
    parent.add_submodule(&m)?;
    Ok(())
}

/// The MS-DRG grouper with its bundled CMS tables: `Grouper()`, or `Grouper(json_text)` for
/// tables of your own.
#[pyclass(frozen, module = "medcore.billing")]
struct Grouper {
    inner: core::Grouper,
}

#[pymethods]
impl Grouper {
    #[new]
    #[pyo3(signature = (json = None))]
    fn new(py: Python<'_>, json: Option<&str>) -> PyResult<Self> {
        let inner = py
            .detach(|| match json {
                Some(text) => core::Grouper::from_json(text),
                None => core::Grouper::embedded(),
            })
            .map_err(errors::billing)?;
        Ok(Grouper { inner })
    }
    /// The grouper version (e.g. `43.0`).
    #[getter]
    fn version(&self) -> &str {
        self.inner.version()
    }
    /// The fiscal year of the tables.
    #[getter]
    fn fiscal_year(&self) -> u16 {
        self.inner.fiscal_year()
    }
    /// Whether an ICD-10-CM code is valid for this version.
    fn is_valid_diagnosis(&self, code: &str) -> bool {
        self.inner.is_valid_diagnosis(code)
    }
    /// Whether an ICD-10-PCS code is valid for this version.
    fn is_valid_procedure(&self, code: &str) -> bool {
        self.inner.is_valid_procedure(code)
    }
    /// Groups one claim (dict: id, age, sex, discharge_status, pdx, sdx, procedures); returns
    /// a dict with the DRG, MDC, severity, return code and the explanation.
    fn group<'py>(
        &self,
        py: Python<'py>,
        claim: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let c: core::Claim = from_py(claim)?;
        to_py(py, &self.inner.group(&c))
    }
    /// Groups many claims in one call (the GIL released while grouping).
    fn group_batch<'py>(
        &self,
        py: Python<'py>,
        claims: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let cs: Vec<core::Claim> = list_from_py(claims)?;
        let g = &self.inner;
        let r = py.detach(|| g.group_many(&cs));
        to_py(py, &r)
    }
    fn __repr__(&self) -> String {
        format!("Grouper(version={:?})", self.inner.version())
    }
}

/// The IPPS pricer with its bundled fiscal-year parameters.
#[pyclass(frozen, module = "medcore.billing")]
struct Pricer {
    inner: core::Pricer,
}

#[pymethods]
impl Pricer {
    #[new]
    fn new() -> PyResult<Self> {
        Ok(Pricer {
            inner: core::Pricer::embedded().map_err(errors::billing)?,
        })
    }
    /// Prices one discharge (dict like the core's `PricingInput`); amounts as strings.
    fn price<'py>(
        &self,
        py: Python<'py>,
        input: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let i: core::PricingInput = from_py(input)?;
        to_py(py, &self.inner.price(&i).map_err(errors::billing)?)
    }
    /// Prices many discharges (the GIL released); the first failure raises, naming its index.
    fn price_batch<'py>(
        &self,
        py: Python<'py>,
        inputs: &Bound<'py, PyAny>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let is: Vec<core::PricingInput> = list_from_py(inputs)?;
        let p = &self.inner;
        let r = py.detach(|| p.price_many(&is));
        r.into_iter()
            .enumerate()
            .map(|(i, r)| {
                r.map_err(|e| errors::billing_at(i, e))
                    .and_then(|v| to_py(py, &v))
            })
            .collect()
    }
}

/// The totals of an invoice given as a dict (lines, discount, tax rates): subtotal,
/// discount, net, tax, total, balance and per-line totals, as decimal strings.
#[pyfunction]
fn invoice_totals<'py>(
    py: Python<'py>,
    invoice: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let inv: core::Invoice = from_py(invoice)?;
    to_py(py, &inv.totals().map_err(errors::billing)?)
}

/// An invoice with its status machine (draft, issued, partially paid, paid, void):
/// `Invoice(data)` from a dict, or `Invoice.new(id, currency)`.
#[pyclass(module = "medcore.billing")]
struct Invoice {
    inner: core::Invoice,
}

#[pymethods]
impl Invoice {
    #[new]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Invoice {
            inner: from_py(data)?,
        })
    }
    /// An empty draft invoice in `currency` (ISO 4217 code).
    #[staticmethod]
    fn new(id: &str, currency: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Invoice {
            inner: core::Invoice::new(id, from_py(currency)?),
        })
    }
    /// The id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }
    /// The status (`draft`, `issued`, `partially_paid`, `paid`, `void`).
    #[getter]
    fn status(&self) -> &'static str {
        self.inner.status.as_str()
    }
    /// Current totals.
    fn totals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.totals().map_err(errors::billing)?)
    }
    /// Adds a line (dict) to a draft.
    fn add_line(&mut self, line: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inner.add_line(from_py(line)?).map_err(errors::billing)
    }
    /// Removes a line of a draft; returns it.
    fn remove_line<'py>(&mut self, py: Python<'py>, line_id: &str) -> PyResult<Bound<'py, PyAny>> {
        let l = self.inner.remove_line(line_id).map_err(errors::billing)?;
        to_py(py, &l)
    }
    /// Issues the draft; returns the totals.
    fn issue<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let t = self.inner.issue().map_err(errors::billing)?;
        to_py(py, &t)
    }
    /// Records a payment (dict: id, amount, method, reference); returns the totals.
    fn record_payment<'py>(
        &mut self,
        py: Python<'py>,
        payment: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let t = self
            .inner
            .record_payment(from_py(payment)?)
            .map_err(errors::billing)?;
        to_py(py, &t)
    }
    /// Issues a credit note (dict: id, amount, reason); returns the totals.
    fn credit<'py>(
        &mut self,
        py: Python<'py>,
        note: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let t = self.inner.credit(from_py(note)?).map_err(errors::billing)?;
        to_py(py, &t)
    }
    /// Records a refund (dict: id, amount, method, reason); returns the totals.
    fn refund<'py>(
        &mut self,
        py: Python<'py>,
        refund: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let t = self
            .inner
            .refund(from_py(refund)?)
            .map_err(errors::billing)?;
        to_py(py, &t)
    }
    /// Voids the invoice.
    fn void(&mut self) -> PyResult<()> {
        self.inner.void().map_err(errors::billing)
    }
    /// The invoice as plain data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "Invoice(id={:?}, status={:?}, lines={})",
            self.inner.id,
            self.inner.status.as_str(),
            self.inner.lines.len()
        )
    }
}

/// An insurance plan (dict like the core's `Plan`) that adjudicates claims against plan-year
/// accumulators.
#[pyclass(frozen, module = "medcore.billing")]
struct Plan {
    inner: core::Plan,
}

#[pymethods]
impl Plan {
    #[new]
    fn new(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let inner: core::Plan = from_py(data)?;
        inner.validate().map_err(errors::billing)?;
        Ok(Plan { inner })
    }
    /// Adjudicates one claim given the accumulators (a dict, or None at the start of the plan
    /// year). Returns `(adjudication, accumulators)`; the accumulators only change when the
    /// whole claim adjudicates.
    #[pyo3(signature = (claim, accumulators = None))]
    fn adjudicate<'py>(
        &self,
        py: Python<'py>,
        claim: &Bound<'py, PyAny>,
        accumulators: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
        let c: core::BenefitClaim = from_py(claim)?;
        let mut acc: core::Accumulators =
            accumulators.map(from_py).transpose()?.unwrap_or_default();
        let a = self
            .inner
            .adjudicate(&c, &mut acc)
            .map_err(errors::billing)?;
        Ok((to_py(py, &a)?, to_py(py, &acc)?))
    }
    /// Adjudicates a plan year's claims in order, carrying the accumulators. Returns
    /// `(adjudications, accumulators)`.
    #[pyo3(signature = (claims, accumulators = None))]
    fn adjudicate_many<'py>(
        &self,
        py: Python<'py>,
        claims: &Bound<'py, PyAny>,
        accumulators: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
        let cs: Vec<core::BenefitClaim> = list_from_py(claims)?;
        let mut acc: core::Accumulators =
            accumulators.map(from_py).transpose()?.unwrap_or_default();
        let a = self
            .inner
            .adjudicate_many(&cs, &mut acc)
            .map_err(errors::billing)?;
        Ok((to_py(py, &a)?, to_py(py, &acc)?))
    }
}
