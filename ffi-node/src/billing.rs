//! `billing`: MS-DRG grouping. A `Grouper` is a long-lived handle on the embedded MS-DRG
//! tables (or tables from JSON); claims are plain objects, one `GroupResult` per claim.

use crate::errors::{self, guard, Result};
use crate::names;
use crate::task::{self, Work};
use medcore::billing as core;
use napi::bindgen_prelude::AsyncTask;
use napi_derive::napi;
use std::sync::Arc;

fn billing_err(e: core::BillingError) -> napi::Error<String> {
    errors::error(e.code(), e.to_string())
}

/// An inpatient claim to group.
#[napi(object)]
pub struct Claim {
    /// Claim id (echoed in the result).
    pub id: Option<String>,
    /// Age in years at admission.
    pub age: Option<u32>,
    /// `M`, `F` or `U` (the default).
    pub sex: Option<String>,
    /// Discharge status (UB-04 patient status), default `01` (home).
    pub discharge_status: Option<String>,
    /// Principal diagnosis, ICD-10-CM without the dot.
    pub pdx: String,
    /// Secondary diagnoses.
    pub sdx: Option<Vec<String>>,
    /// ICD-10-PCS procedures.
    pub procedures: Option<Vec<String>>,
}

fn claim(c: &Claim) -> Result<core::Claim> {
    Ok(core::Claim {
        id: c.id.clone().unwrap_or_default(),
        age: u16::try_from(c.age.unwrap_or(0))
            .map_err(|_| errors::invalid_arg(format!("age {:?} is out of range", c.age)))?,
        sex: match &c.sex {
            Some(s) => names::parse("sex", s)?,
            None => core::Sex::default(),
        },
        discharge_status: c.discharge_status.clone().unwrap_or_else(|| "01".into()),
        pdx: c.pdx.clone(),
        sdx: c.sdx.clone().unwrap_or_default(),
        procedures: c.procedures.clone().unwrap_or_default(),
    })
}

/// The DRG a claim groups to.
#[napi(object)]
pub struct GroupResult {
    /// The claim id.
    pub id: String,
    /// MS-DRG number.
    pub drg: u32,
    /// Major diagnostic category, e.g. `01`; absent for pre-MDC DRGs and errors.
    pub mdc: Option<String>,
    /// `medical`, `surgical`... (the core's name).
    pub kind: String,
    /// Severity level (the core's name, e.g. `CC`).
    pub severity: String,
    /// The DRG title.
    pub title: String,
    /// Grouper return code, `OK` when grouped.
    pub return_code: String,
}

fn group_result(r: &core::GroupResult) -> GroupResult {
    GroupResult {
        id: r.id.clone(),
        drg: u32::from(r.drg),
        mdc: r.mdc.clone(),
        kind: names::name(&r.kind),
        severity: names::name(&r.severity),
        title: r.title.clone(),
        return_code: r.return_code.clone(),
    }
}

/// An MS-DRG grouper.
#[napi]
pub struct Grouper {
    inner: Arc<core::Grouper>,
}

#[napi]
impl Grouper {
    /// The embedded MS-DRG tables.
    #[napi(factory)]
    pub fn embedded() -> Result<Grouper> {
        guard(|| {
            core::Grouper::embedded()
                .map(|g| Grouper { inner: Arc::new(g) })
                .map_err(billing_err)
        })
    }

    /// Tables from JSON (the embedded tables' format).
    #[napi(factory)]
    pub fn from_json(text: String) -> Result<Grouper> {
        guard(|| {
            core::Grouper::from_json(&text)
                .map(|g| Grouper { inner: Arc::new(g) })
                .map_err(billing_err)
        })
    }

    /// The MS-DRG version, e.g. `43.0`.
    #[napi(getter)]
    pub fn version(&self) -> String {
        self.inner.version().to_string()
    }

    /// The fiscal year the tables apply to.
    #[napi(getter)]
    pub fn fiscal_year(&self) -> u32 {
        u32::from(self.inner.fiscal_year())
    }

    /// Whether `code` is a valid ICD-10-CM diagnosis for these tables.
    #[napi]
    pub fn is_valid_diagnosis(&self, code: String) -> bool {
        self.inner.is_valid_diagnosis(&code)
    }

    /// Whether `code` is a valid ICD-10-PCS procedure for these tables.
    #[napi]
    pub fn is_valid_procedure(&self, code: String) -> bool {
        self.inner.is_valid_procedure(&code)
    }

    /// Groups one claim.
    #[napi]
    pub fn group(&self, claim: Claim) -> Result<GroupResult> {
        guard(|| Ok(group_result(&self.inner.group(&self::claim(&claim)?))))
    }

    /// Groups many claims, one result each.
    #[napi]
    pub fn group_many(&self, claims: Vec<Claim>) -> Result<Vec<GroupResult>> {
        guard(|| {
            let cs = claims.iter().map(claim).collect::<Result<Vec<_>>>()?;
            Ok(self
                .inner
                .group_many(&cs)
                .iter()
                .map(group_result)
                .collect())
        })
    }

    /// `groupMany` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<GroupResult>>")]
    pub fn group_many_async(
        &self,
        claims: Vec<Claim>,
    ) -> Result<AsyncTask<Work<Vec<core::GroupResult>, Vec<GroupResult>>>> {
        guard(|| {
            let cs = claims.iter().map(claim).collect::<Result<Vec<_>>>()?;
            let g = Arc::clone(&self.inner);
            Ok(task::run(
                move || Ok(g.group_many(&cs)),
                |rs| rs.iter().map(group_result).collect(),
            ))
        })
    }

    /// The kind of a DRG number (`medical`, `surgical`...).
    #[napi]
    pub fn drg_kind(&self, drg: u32) -> Result<String> {
        guard(|| {
            let n = u16::try_from(drg)
                .map_err(|_| errors::invalid_arg(format!("DRG {drg} is out of range")))?;
            Ok(names::name(&self.inner.drg_kind(n)))
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Pricing, invoices, adjudication: plain objects in the core's own JSON shape (snake_case keys,
// the same as `testdata/vectors/billing_*.json` and every other host), money and rates as
// decimal strings. A non-integer JS number is refused (binary floats cannot carry cents
// exactly); integers (fiscal year, DRG, length of stay, visit limits) pass as numbers.

/// A plain object in the core's JSON shape.
type Data = serde_json::Value;

/// Refuses non-integer numbers anywhere in `v` (money must be a decimal string).
fn exact(path: &str, v: &Data) -> Result<()> {
    match v {
        serde_json::Value::Number(n) if !(n.is_i64() || n.is_u64()) => Err(errors::invalid_arg(
            format!("{path}: {n} is not exact; pass amounts and rates as decimal strings"),
        )),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, x)| exact(&format!("{path}[{i}]"), x)),
        serde_json::Value::Object(m) => m
            .iter()
            .try_for_each(|(k, x)| exact(&format!("{path}.{k}"), x)),
        _ => Ok(()),
    }
}

/// The core value of a plain object (`what` names it in errors); nulls count as absent.
fn from_data<T: serde::de::DeserializeOwned>(what: &str, v: Data) -> Result<T> {
    exact(what, &v)?;
    serde_json::from_value(strip_nulls(v)).map_err(|e| errors::invalid_arg(format!("{what}: {e}")))
}

fn strip_nulls(v: Data) -> Data {
    match v {
        serde_json::Value::Object(m) => serde_json::Value::Object(
            m.into_iter()
                .filter(|(_, x)| !x.is_null())
                .map(|(k, x)| (k, strip_nulls(x)))
                .collect(),
        ),
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(strip_nulls).collect())
        }
        other => other,
    }
}

/// A core value as a plain object.
fn to_data<T: serde::Serialize>(v: &T) -> Result<Data> {
    serde_json::to_value(v).map_err(|e| errors::error("BILLING_INVALID_VALUE", e.to_string()))
}

/// One item of a batch: the value, or why it failed.
#[napi(object)]
pub struct DataResult {
    /// The result, in the core's JSON shape.
    #[napi(ts_type = "Record<string, any>")]
    pub value: Option<Data>,
    /// Why the item failed.
    pub error: Option<crate::hl7::ErrorInfo>,
}

type Priced = Vec<std::result::Result<core::PricingResult, core::BillingError>>;

fn priced(items: Priced) -> Vec<DataResult> {
    items
        .into_iter()
        .map(|r| match r {
            Ok(v) => match serde_json::to_value(&v) {
                Ok(value) => DataResult {
                    value: Some(value),
                    error: None,
                },
                Err(e) => DataResult {
                    value: None,
                    error: Some(crate::hl7::ErrorInfo {
                        code: "BILLING_INVALID_VALUE".into(),
                        message: e.to_string(),
                    }),
                },
            },
            Err(e) => DataResult {
                value: None,
                error: Some(crate::hl7::ErrorInfo {
                    code: e.code().to_string(),
                    message: e.to_string(),
                }),
            },
        })
        .collect()
}

/// The IPPS pricer with its bundled fiscal-year parameters and Table 5 weights (a long-lived
/// handle).
#[napi]
pub struct Pricer {
    inner: Arc<core::Pricer>,
}

#[napi]
impl Pricer {
    /// The bundled parameters.
    #[napi(factory)]
    pub fn embedded() -> Result<Pricer> {
        guard(|| {
            Ok(Pricer {
                inner: Arc::new(core::Pricer::embedded().map_err(billing_err)?),
            })
        })
    }

    /// Prices one discharge. `input` is the core's `PricingInput` (`fiscal_year`, `drg`,
    /// `weight`, `length_of_stay`, `discharge_status`, `covered_charges`, `provider`: wage
    /// index, IME, DSH, CCRs...); amounts in the result are decimal strings.
    #[napi(ts_return_type = "Record<string, any>")]
    pub fn price(&self, #[napi(ts_arg_type = "Record<string, any>")] input: Data) -> Result<Data> {
        guard(|| {
            let i: core::PricingInput = from_data("input", input)?;
            to_data(&self.inner.price(&i).map_err(billing_err)?)
        })
    }

    /// Prices many discharges: one `{ value, error }` per input.
    #[napi]
    pub fn price_batch(
        &self,
        #[napi(ts_arg_type = "Array<Record<string, any>>")] inputs: Vec<Data>,
    ) -> Result<Vec<DataResult>> {
        guard(|| {
            let is = pricing_inputs(inputs)?;
            Ok(priced(self.inner.price_many(&is)))
        })
    }

    /// `priceBatch` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<DataResult>>")]
    pub fn price_batch_async(
        &self,
        #[napi(ts_arg_type = "Array<Record<string, any>>")] inputs: Vec<Data>,
    ) -> Result<AsyncTask<Work<Priced, Vec<DataResult>>>> {
        guard(|| {
            let is = pricing_inputs(inputs)?;
            let p = Arc::clone(&self.inner);
            Ok(task::run(move || Ok(p.price_many(&is)), priced))
        })
    }
}

fn pricing_inputs(inputs: Vec<Data>) -> Result<Vec<core::PricingInput>> {
    inputs
        .into_iter()
        .enumerate()
        .map(|(i, v)| from_data(&format!("inputs[{i}]"), v))
        .collect()
}

/// The totals of an invoice given in the core's JSON shape (lines, discount, tax rates):
/// subtotal, discount, net, tax, total, balance and per-line totals, as decimal strings.
#[napi(ts_return_type = "Record<string, any>")]
pub fn invoice_totals(#[napi(ts_arg_type = "Record<string, any>")] invoice: Data) -> Result<Data> {
    guard(|| {
        let inv: core::Invoice = from_data("invoice", invoice)?;
        to_data(&inv.totals().map_err(billing_err)?)
    })
}

/// An invoice with its status machine (draft, issued, partially paid, paid, void).
#[napi]
pub struct Invoice {
    inner: core::Invoice,
}

#[napi]
impl Invoice {
    /// An invoice from the core's JSON shape (`id`, `currency`, `lines`, `discount`,
    /// `tax_rates`...).
    #[napi(constructor)]
    pub fn new(#[napi(ts_arg_type = "Record<string, any>")] data: Data) -> Result<Invoice> {
        guard(|| {
            Ok(Invoice {
                inner: from_data("invoice", data)?,
            })
        })
    }

    /// An empty draft invoice in `currency` (ISO 4217 code, e.g. `EUR`).
    #[napi(factory)]
    pub fn draft(id: String, currency: String) -> Result<Invoice> {
        guard(|| {
            let c: core::Currency = from_data("currency", Data::String(currency))?;
            Ok(Invoice {
                inner: core::Invoice::new(id, c),
            })
        })
    }

    /// The id.
    #[napi(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// The status: `draft`, `issued`, `partially_paid`, `paid` or `void`.
    #[napi(getter)]
    pub fn status(&self) -> String {
        self.inner.status.as_str().to_string()
    }

    /// Current totals.
    #[napi(ts_return_type = "Record<string, any>")]
    pub fn totals(&self) -> Result<Data> {
        guard(|| to_data(&self.inner.totals().map_err(billing_err)?))
    }

    /// Adds a line (`id`, `kind`, `quantity`, `unit_price`, `tax_category`...) to a draft.
    #[napi]
    pub fn add_line(
        &mut self,
        #[napi(ts_arg_type = "Record<string, any>")] line: Data,
    ) -> Result<()> {
        guard(|| {
            let l: core::InvoiceLine = from_data("line", line)?;
            self.inner.add_line(l).map_err(billing_err)
        })
    }

    /// Removes a line of a draft; returns it.
    #[napi(ts_return_type = "Record<string, any>")]
    pub fn remove_line(&mut self, line_id: String) -> Result<Data> {
        guard(|| to_data(&self.inner.remove_line(&line_id).map_err(billing_err)?))
    }

    /// Issues the draft; returns the totals.
    #[napi(ts_return_type = "Record<string, any>")]
    pub fn issue(&mut self) -> Result<Data> {
        guard(|| to_data(&self.inner.issue().map_err(billing_err)?))
    }

    /// Records a payment (`id`, `amount`, `method`, `reference`); returns the totals.
    #[napi(ts_return_type = "Record<string, any>")]
    pub fn record_payment(
        &mut self,
        #[napi(ts_arg_type = "{ id: string; amount: string; method: string; reference?: string }")]
        payment: Data,
    ) -> Result<Data> {
        guard(|| {
            let p: core::Payment = from_data("payment", payment)?;
            to_data(&self.inner.record_payment(p).map_err(billing_err)?)
        })
    }

    /// Issues a credit note (`id`, `amount`, `reason`); returns the totals.
    #[napi(ts_return_type = "Record<string, any>")]
    pub fn credit(
        &mut self,
        #[napi(ts_arg_type = "{ id: string; amount: string; reason?: string }")] note: Data,
    ) -> Result<Data> {
        guard(|| {
            let n: core::CreditNote = from_data("note", note)?;
            to_data(&self.inner.credit(n).map_err(billing_err)?)
        })
    }

    /// Records a refund (`id`, `amount`, `method`, `reason`); returns the totals.
    #[napi(ts_return_type = "Record<string, any>")]
    pub fn refund(
        &mut self,
        #[napi(ts_arg_type = "{ id: string; amount: string; method: string; reason?: string }")]
        refund: Data,
    ) -> Result<Data> {
        guard(|| {
            let r: core::Refund = from_data("refund", refund)?;
            to_data(&self.inner.refund(r).map_err(billing_err)?)
        })
    }

    /// Voids the invoice.
    #[napi]
    pub fn void(&mut self) -> Result<()> {
        guard(|| self.inner.void().map_err(billing_err))
    }

    /// The invoice in the core's JSON shape.
    #[napi(js_name = "toJSON", ts_return_type = "Record<string, any>")]
    pub fn to_json(&self) -> Result<Data> {
        guard(|| to_data(&self.inner))
    }
}

/// An adjudication with the accumulators after it.
#[napi(object)]
pub struct Adjudicated {
    /// The adjudication (lines with CARC adjustments, EOB summary), decimal strings.
    #[napi(ts_type = "Record<string, any>")]
    pub adjudication: Data,
    /// The plan-year accumulators to pass to the next claim.
    #[napi(ts_type = "Record<string, any>")]
    pub accumulators: Data,
}

/// Adjudications of a plan year's claims with the accumulators after the last.
#[napi(object)]
pub struct AdjudicatedMany {
    /// One adjudication per claim, in order.
    #[napi(ts_type = "Array<Record<string, any>>")]
    pub adjudications: Vec<Data>,
    /// The plan-year accumulators after the last claim.
    #[napi(ts_type = "Record<string, any>")]
    pub accumulators: Data,
}

/// An insurance plan (deductibles, out-of-pocket maxima, coinsurance, benefits per category)
/// that adjudicates claims against plan-year accumulators.
#[napi]
pub struct Plan {
    inner: core::Plan,
}

#[napi]
impl Plan {
    /// A plan from the core's JSON shape (validated).
    #[napi(constructor)]
    pub fn new(#[napi(ts_arg_type = "Record<string, any>")] data: Data) -> Result<Plan> {
        guard(|| {
            let inner: core::Plan = from_data("plan", data)?;
            inner.validate().map_err(billing_err)?;
            Ok(Plan { inner })
        })
    }

    /// Adjudicates one claim (`id`, `member_id`, `lines`) given the accumulators (absent at the
    /// start of the plan year). The accumulators only change when the whole claim adjudicates.
    #[napi]
    pub fn adjudicate(
        &self,
        #[napi(ts_arg_type = "Record<string, any>")] claim: Data,
        #[napi(ts_arg_type = "Record<string, any>")] accumulators: Option<Data>,
    ) -> Result<Adjudicated> {
        guard(|| {
            let c: core::BenefitClaim = from_data("claim", claim)?;
            let mut acc: core::Accumulators = match accumulators {
                Some(a) => from_data("accumulators", a)?,
                None => core::Accumulators::default(),
            };
            let a = self.inner.adjudicate(&c, &mut acc).map_err(billing_err)?;
            Ok(Adjudicated {
                adjudication: to_data(&a)?,
                accumulators: to_data(&acc)?,
            })
        })
    }

    /// Adjudicates a plan year's claims in order, carrying the accumulators.
    #[napi]
    pub fn adjudicate_many(
        &self,
        #[napi(ts_arg_type = "Array<Record<string, any>>")] claims: Vec<Data>,
        #[napi(ts_arg_type = "Record<string, any>")] accumulators: Option<Data>,
    ) -> Result<AdjudicatedMany> {
        guard(|| {
            let cs = claims
                .into_iter()
                .enumerate()
                .map(|(i, c)| from_data(&format!("claims[{i}]"), c))
                .collect::<Result<Vec<core::BenefitClaim>>>()?;
            let mut acc: core::Accumulators = match accumulators {
                Some(a) => from_data("accumulators", a)?,
                None => core::Accumulators::default(),
            };
            let a = self
                .inner
                .adjudicate_many(&cs, &mut acc)
                .map_err(billing_err)?;
            Ok(AdjudicatedMany {
                adjudications: a.iter().map(to_data).collect::<Result<_>>()?,
                accumulators: to_data(&acc)?,
            })
        })
    }
}
