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
