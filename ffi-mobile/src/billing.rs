//! Billing: the MS-DRG grouper object (bundled CMS v43.0 tables or tables of your own), single
//! and batch grouping, and the IPPS pricer with money as exact decimal strings. Invoices are in
//! [`crate::billing_invoice`], insurance adjudication in [`crate::billing_adjudication`].

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

/// Reads an exact decimal string; a malformed one is an `InvalidArgument` naming `field`.
pub(crate) fn dec(field: &str, s: &str) -> Result<core::Decimal, MedcoreError> {
    s.trim()
        .parse::<core::Decimal>()
        .map_err(|e| MedcoreError::invalid(format!("{field}: `{s}` is not a decimal: {e}")))
}

/// Reads an optional decimal string, `default` when absent.
pub(crate) fn dec_or(
    field: &str,
    s: &Option<String>,
    default: core::Decimal,
) -> Result<core::Decimal, MedcoreError> {
    match s {
        Some(v) => dec(field, v),
        None => Ok(default),
    }
}

/// A hospital's payment factors; every amount and factor is a decimal string.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IppsProvider {
    /// Wage index.
    pub wage_index: String,
    /// Operating cost-of-living adjustment (`null`: 1).
    #[uniffi(default = None)]
    pub cola: Option<String>,
    /// Capital cost-of-living adjustment (`null`: 1).
    #[uniffi(default = None)]
    pub capital_cola: Option<String>,
    /// Geographic adjustment factor (`null`: computed from the wage index).
    #[uniffi(default = None)]
    pub gaf: Option<String>,
    /// Operating IME factor (`null`: 0).
    #[uniffi(default = None)]
    pub operating_ime: Option<String>,
    /// Operating DSH factor (`null`: 0).
    #[uniffi(default = None)]
    pub operating_dsh: Option<String>,
    /// Capital IME factor (`null`: 0).
    #[uniffi(default = None)]
    pub capital_ime: Option<String>,
    /// Capital DSH factor (`null`: 0).
    #[uniffi(default = None)]
    pub capital_dsh: Option<String>,
    /// Uncompensated care payment per claim (`null`: 0).
    #[uniffi(default = None)]
    pub uncompensated_care_per_claim: Option<String>,
    /// Operating cost-to-charge ratio (`null`: 0).
    #[uniffi(default = None)]
    pub operating_ccr: Option<String>,
    /// Capital cost-to-charge ratio (`null`: 0).
    #[uniffi(default = None)]
    pub capital_ccr: Option<String>,
}

/// One discharge to price.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IppsInput {
    /// Federal fiscal year.
    pub fiscal_year: u16,
    /// MS-DRG.
    pub drg: u16,
    /// DRG weight (`null`: from the bundled Table 5).
    #[uniffi(default = None)]
    pub weight: Option<String>,
    /// Geometric mean length of stay (`null`: from Table 5).
    #[uniffi(default = None)]
    pub gmlos: Option<String>,
    /// Whether the DRG is a post-acute transfer DRG (`null`: from Table 5).
    #[uniffi(default = None)]
    pub post_acute: Option<bool>,
    /// Whether the DRG is a special-pay DRG (`null`: from Table 5).
    #[uniffi(default = None)]
    pub special_pay: Option<bool>,
    /// Length of stay, days.
    #[uniffi(default = 0)]
    pub length_of_stay: u32,
    /// UB-04 discharge status.
    #[uniffi(default = "01")]
    pub discharge_status: String,
    /// Covered charges (decimal string; `null`: 0).
    #[uniffi(default = None)]
    pub covered_charges: Option<String>,
    /// The hospital's factors.
    pub provider: IppsProvider,
}

impl IppsInput {
    fn to_core(&self) -> Result<core::PricingInput, MedcoreError> {
        let zero = core::Decimal::ZERO;
        let one = core::Decimal::ONE;
        let p = &self.provider;
        Ok(core::PricingInput {
            fiscal_year: self.fiscal_year,
            drg: self.drg,
            weight: self
                .weight
                .as_deref()
                .map(|w| dec("weight", w))
                .transpose()?,
            gmlos: self.gmlos.as_deref().map(|w| dec("gmlos", w)).transpose()?,
            post_acute: self.post_acute,
            special_pay: self.special_pay,
            length_of_stay: self.length_of_stay,
            discharge_status: self.discharge_status.clone(),
            covered_charges: dec_or("covered_charges", &self.covered_charges, zero)?,
            provider: core::ProviderFactors {
                wage_index: dec("wage_index", &p.wage_index)?,
                cola: dec_or("cola", &p.cola, one)?,
                capital_cola: dec_or("capital_cola", &p.capital_cola, one)?,
                gaf: p.gaf.as_deref().map(|g| dec("gaf", g)).transpose()?,
                operating_ime: dec_or("operating_ime", &p.operating_ime, zero)?,
                operating_dsh: dec_or("operating_dsh", &p.operating_dsh, zero)?,
                capital_ime: dec_or("capital_ime", &p.capital_ime, zero)?,
                capital_dsh: dec_or("capital_dsh", &p.capital_dsh, zero)?,
                uncompensated_care_per_claim: dec_or(
                    "uncompensated_care_per_claim",
                    &p.uncompensated_care_per_claim,
                    zero,
                )?,
                operating_ccr: dec_or("operating_ccr", &p.operating_ccr, zero)?,
                capital_ccr: dec_or("capital_ccr", &p.capital_ccr, zero)?,
            },
        })
    }
}

/// The transfer rule applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum IppsTransfer {
    /// Not a transfer case.
    None,
    /// Transfer to another acute-care hospital: per diem.
    Acute,
    /// Post-acute transfer in a post-acute DRG: per diem.
    PostAcute,
    /// Post-acute transfer in a special-pay DRG: 50% + 50% per diem.
    SpecialPay,
}

/// Every component of an IPPS payment; amounts are exact decimal strings.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
#[allow(missing_docs)]
pub struct IppsResult {
    pub fiscal_year: u16,
    pub drg: u16,
    pub weight: String,
    pub labor_share: String,
    pub operating_federal: String,
    pub operating_ime: String,
    pub operating_dsh: String,
    pub gaf: String,
    pub capital_federal: String,
    pub capital_ime: String,
    pub capital_dsh: String,
    pub full_payment: String,
    pub transfer: IppsTransfer,
    pub per_diem: String,
    pub base_payment: String,
    pub cost: String,
    pub outlier_threshold: String,
    pub operating_outlier: String,
    pub capital_outlier: String,
    pub uncompensated_care: String,
    pub total_payment: String,
}

impl From<core::PricingResult> for IppsResult {
    fn from(r: core::PricingResult) -> Self {
        IppsResult {
            fiscal_year: r.fiscal_year,
            drg: r.drg,
            weight: r.weight.to_string(),
            labor_share: r.labor_share.to_string(),
            operating_federal: r.operating_federal.to_string(),
            operating_ime: r.operating_ime.to_string(),
            operating_dsh: r.operating_dsh.to_string(),
            gaf: r.gaf.to_string(),
            capital_federal: r.capital_federal.to_string(),
            capital_ime: r.capital_ime.to_string(),
            capital_dsh: r.capital_dsh.to_string(),
            full_payment: r.full_payment.to_string(),
            transfer: match r.transfer {
                core::TransferKind::None => IppsTransfer::None,
                core::TransferKind::Acute => IppsTransfer::Acute,
                core::TransferKind::PostAcute => IppsTransfer::PostAcute,
                core::TransferKind::SpecialPay => IppsTransfer::SpecialPay,
            },
            per_diem: r.per_diem.to_string(),
            base_payment: r.base_payment.to_string(),
            cost: r.cost.to_string(),
            outlier_threshold: r.outlier_threshold.to_string(),
            operating_outlier: r.operating_outlier.to_string(),
            capital_outlier: r.capital_outlier.to_string(),
            uncompensated_care: r.uncompensated_care.to_string(),
            total_payment: r.total_payment.to_string(),
        }
    }
}

/// One result of a pricing batch.
// A record crossing the boundary by value: boxing it would not change what the host receives.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum IppsOutcome {
    /// The discharge was priced.
    Ok {
        /// The payment.
        result: IppsResult,
    },
    /// The discharge was rejected.
    Failed {
        /// The stable error code (`BILLING_*` or `MEDCORE_INVALID_ARGUMENT`).
        code: String,
        /// The message.
        message: String,
    },
}

/// The IPPS pricer with its bundled fiscal-year parameters and Table 5.
#[derive(uniffi::Object)]
pub struct IppsPricer {
    inner: core::Pricer,
}

#[uniffi::export]
impl IppsPricer {
    /// The pricer with the bundled CMS parameters.
    #[uniffi::constructor]
    pub fn embedded() -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            Ok(Arc::new(IppsPricer {
                inner: core::Pricer::embedded()?,
            }))
        })
    }

    /// Prices one discharge.
    pub fn price(&self, input: IppsInput) -> Result<IppsResult, MedcoreError> {
        guard(|| Ok(self.inner.price(&input.to_core()?)?.into()))
    }

    /// Prices many discharges; one outcome per input, in order.
    pub fn price_batch(&self, inputs: Vec<IppsInput>) -> Result<Vec<IppsOutcome>, MedcoreError> {
        guard(|| {
            Ok(inputs
                .iter()
                .map(|i| {
                    let r = i.to_core().and_then(|c| Ok(self.inner.price(&c)?.into()));
                    match r {
                        Ok(result) => IppsOutcome::Ok { result },
                        Err(e) => IppsOutcome::Failed {
                            code: e.code().to_string(),
                            message: e.to_string(),
                        },
                    }
                })
                .collect())
        })
    }
}
