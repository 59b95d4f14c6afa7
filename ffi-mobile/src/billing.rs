//! Billing: the MS-DRG grouper object (bundled CMS v43.0 tables or tables of your own), single
//! and batch grouping. Money-handling parts of `core/billing` (IPPS pricing, invoices,
//! adjudication) are not exposed to Kotlin/Swift yet.

use crate::{guard, MedcoreError};
use medcore::billing as core;
use std::sync::Arc;

/// Administrative sex on the claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ClaimSex {
    /// Male.
    Male,
    /// Female.
    Female,
    /// Unknown.
    Unknown,
}

/// One inpatient claim to group.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DrgClaim {
    /// Claim id (echoed in the result).
    #[uniffi(default = "")]
    pub id: String,
    /// Age in years.
    #[uniffi(default = 0)]
    pub age: u16,
    /// Administrative sex.
    #[uniffi(default = None)]
    pub sex: Option<ClaimSex>,
    /// UB-04 discharge status (`01` home when absent).
    #[uniffi(default = "01")]
    pub discharge_status: String,
    /// Principal diagnosis (ICD-10-CM, without the dot).
    pub pdx: String,
    /// Secondary diagnoses.
    #[uniffi(default)]
    pub sdx: Vec<String>,
    /// Procedures (ICD-10-PCS).
    #[uniffi(default)]
    pub procedures: Vec<String>,
}

impl From<DrgClaim> for core::Claim {
    fn from(c: DrgClaim) -> Self {
        core::Claim {
            id: c.id,
            age: c.age,
            sex: match c.sex {
                Some(ClaimSex::Male) => core::Sex::Male,
                Some(ClaimSex::Female) => core::Sex::Female,
                Some(ClaimSex::Unknown) | None => core::Sex::Unknown,
            },
            discharge_status: c.discharge_status,
            pdx: c.pdx,
            sdx: c.sdx,
            procedures: c.procedures,
        }
    }
}

/// Severity level the DRG reflects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum DrgSeverity {
    /// No complication or comorbidity.
    None,
    /// A complication or comorbidity (CC).
    Cc,
    /// A major complication or comorbidity (MCC).
    Mcc,
}

/// The partition of a DRG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum DrgKind {
    /// Surgical partition.
    Surgical,
    /// Medical partition.
    Medical,
    /// Ungroupable (998, 999).
    Ungroupable,
}

impl From<core::DrgKind> for DrgKind {
    fn from(k: core::DrgKind) -> Self {
        match k {
            core::DrgKind::Surgical => DrgKind::Surgical,
            core::DrgKind::Medical => DrgKind::Medical,
            core::DrgKind::Ungroupable => DrgKind::Ungroupable,
        }
    }
}

/// The grouping of one claim.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DrgResult {
    /// Claim id.
    pub id: String,
    /// The MS-DRG.
    pub drg: u16,
    /// The major diagnostic category (`01`...`25`, `PRE`), `null` when ungroupable.
    pub mdc: Option<String>,
    /// Surgical, medical or ungroupable.
    pub kind: DrgKind,
    /// The severity the DRG reflects.
    pub severity: DrgSeverity,
    /// The DRG title.
    pub title: String,
    /// The grouper return code (`OK` or why the claim did not group).
    pub return_code: String,
}

impl From<core::GroupResult> for DrgResult {
    fn from(r: core::GroupResult) -> Self {
        DrgResult {
            id: r.id,
            drg: r.drg,
            mdc: r.mdc,
            kind: r.kind.into(),
            severity: match r.severity {
                core::Severity::None => DrgSeverity::None,
                core::Severity::Cc => DrgSeverity::Cc,
                core::Severity::Mcc => DrgSeverity::Mcc,
            },
            title: r.title,
            return_code: r.return_code,
        }
    }
}

/// The MS-DRG grouper with its tables; prepare once and share between threads.
#[derive(uniffi::Object)]
pub struct DrgGrouper {
    inner: core::Grouper,
}

#[uniffi::export]
impl DrgGrouper {
    /// The grouper with the bundled CMS tables.
    #[uniffi::constructor]
    pub fn embedded() -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            Ok(Arc::new(DrgGrouper {
                inner: core::Grouper::embedded()?,
            }))
        })
    }

    /// A grouper over tables of your own (the JSON table file).
    #[uniffi::constructor]
    pub fn from_json(text: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            Ok(Arc::new(DrgGrouper {
                inner: core::Grouper::from_json(&text)?,
            }))
        })
    }

    /// The grouper version (e.g. `43.0`).
    pub fn version(&self) -> String {
        self.inner.version().to_string()
    }

    /// The fiscal year of the tables.
    pub fn fiscal_year(&self) -> u16 {
        self.inner.fiscal_year()
    }

    /// Whether an ICD-10-CM code is valid for this version.
    pub fn is_valid_diagnosis(&self, code: String) -> bool {
        self.inner.is_valid_diagnosis(&code)
    }

    /// Whether an ICD-10-PCS code is valid for this version.
    pub fn is_valid_procedure(&self, code: String) -> bool {
        self.inner.is_valid_procedure(&code)
    }

    /// The partition of a DRG.
    pub fn drg_kind(&self, drg: u16) -> DrgKind {
        self.inner.drg_kind(drg).into()
    }

    /// Groups one claim.
    pub fn group(&self, claim: DrgClaim) -> Result<DrgResult, MedcoreError> {
        guard(|| Ok(self.inner.group(&claim.into()).into()))
    }

    /// Groups many claims in one call, one result per claim, in order.
    pub fn group_batch(&self, claims: Vec<DrgClaim>) -> Result<Vec<DrgResult>, MedcoreError> {
        guard(|| {
            let c: Vec<core::Claim> = claims.into_iter().map(Into::into).collect();
            Ok(self
                .inner
                .group_many(&c)
                .into_iter()
                .map(Into::into)
                .collect())
        })
    }
}
