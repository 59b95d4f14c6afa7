//! IPPS pricing: the Medicare inpatient prospective payment for one discharge.
//!
//! Follows the structure of the CMS IPPS Pricer, with its rounding: every intermediate product
//! is rounded half-up to 9 decimals and every payment component half-up to cents
//! ([`crate::money::pricer_intermediate`], [`crate::money::pricer_cents`]).
//!
//! - Operating federal payment = (labor x wage index + non-labor x COLA) x DRG weight, with the
//!   Table 1A split (labor share 67.6%) when the wage index is above 1 and the Table 1B split
//!   (62%) otherwise.
//! - Capital federal payment = capital rate x weight x GAF (wage index ^ 0.6848 rounded to 4
//!   decimals, or the provider's published GAF) x capital COLA.
//! - IME and DSH are provider factors applied to each component; uncompensated care is a
//!   per-claim amount added to the payment.
//! - Transfers: per diem = full payment / GMLOS; an acute transfer (or a post-acute transfer in
//!   a post-acute DRG) pays per diem x (LOS + 1), a special-pay DRG pays
//!   50% of the full payment + 50% of the per diem x (LOS + 1); never more than the full payment.
//! - Outliers: cost = charges x (operating CCR + capital CCR); threshold = base payment +
//!   fixed-loss amount (wage-adjusted, and scaled like the base payment for transfers);
//!   outlier = (cost - threshold) x 80% (90% for burn DRGs) when positive, split between
//!   operating and capital by their CCRs.
//!
//! Fiscal-year parameters are data ([`FyParameters`]); FY2024 and FY2025 are embedded.

use crate::error::BillingError;
use crate::money::{pricer_cents, pricer_intermediate};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const EMBEDDED_PARAMETERS: &str = include_str!("../data/ipps_fy_parameters.json");
const EMBEDDED_TABLE5: &str = include_str!("../data/msdrg_v43_table5.json");

/// The IPPS parameters of one federal fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FyParameters {
    /// Federal fiscal year (October to September), e.g. 2025.
    pub fiscal_year: u16,
    /// Labor share when the wage index is above 1 (0.676).
    pub labor_share_high: Decimal,
    /// Labor share when the wage index is 1 or below (0.62).
    pub labor_share_low: Decimal,
    /// Table 1A labor-related standardized amount.
    pub labor_high: Decimal,
    /// Table 1A non-labor standardized amount.
    pub nonlabor_high: Decimal,
    /// Table 1B labor-related standardized amount.
    pub labor_low: Decimal,
    /// Table 1B non-labor standardized amount.
    pub nonlabor_low: Decimal,
    /// Capital federal rate.
    pub capital_federal_rate: Decimal,
    /// Exponent of the geographic adjustment factor (GAF = wage index ^ exponent).
    pub gaf_exponent: Decimal,
    /// Fixed-loss outlier threshold.
    pub fixed_loss_threshold: Decimal,
    /// Marginal cost factor for outliers (0.80).
    pub marginal_cost: Decimal,
    /// Marginal cost factor for burn DRGs (0.90).
    pub burn_marginal_cost: Decimal,
    /// Burn DRGs.
    pub burn_drgs: Vec<u16>,
}

/// One row of Table 5: a DRG's weight, lengths of stay and transfer flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrgWeight {
    /// MS-DRG number.
    pub drg: u16,
    /// Major diagnostic category ("PRE" for Pre-MDC), absent for 998/999.
    #[serde(default)]
    pub mdc: Option<String>,
    /// "surgical", "medical" or "ungroupable".
    pub kind: String,
    /// Post-acute transfer DRG.
    pub post_acute: bool,
    /// Special-pay post-acute transfer DRG.
    pub special_pay: bool,
    /// Relative weight (after the 10% cap).
    pub weight: Option<Decimal>,
    /// Geometric mean length of stay.
    pub gmlos: Option<Decimal>,
    /// Arithmetic mean length of stay.
    pub amlos: Option<Decimal>,
    /// DRG title.
    pub title: String,
}

/// A Table 5 for one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table5 {
    /// Where the figures come from.
    pub source: String,
    /// Fiscal year.
    pub fiscal_year: u16,
    /// MS-DRG grouper version, e.g. "43.0".
    pub grouper_version: String,
    /// Rows.
    pub drgs: Vec<DrgWeight>,
}

/// The hospital-specific inputs of a payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderFactors {
    /// Wage index of the hospital's area (after reclassification).
    pub wage_index: Decimal,
    /// Operating cost-of-living adjustment (Alaska/Hawaii), 1 elsewhere.
    #[serde(default = "one")]
    pub cola: Decimal,
    /// Capital cost-of-living adjustment, 1 elsewhere.
    #[serde(default = "one")]
    pub capital_cola: Decimal,
    /// The published GAF; computed from the wage index when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gaf: Option<Decimal>,
    /// Operating indirect medical education factor.
    #[serde(default)]
    pub operating_ime: Decimal,
    /// Operating disproportionate share factor (the empirically justified part).
    #[serde(default)]
    pub operating_dsh: Decimal,
    /// Capital IME factor.
    #[serde(default)]
    pub capital_ime: Decimal,
    /// Capital DSH factor.
    #[serde(default)]
    pub capital_dsh: Decimal,
    /// Uncompensated care amount per claim.
    #[serde(default)]
    pub uncompensated_care_per_claim: Decimal,
    /// Operating cost-to-charge ratio.
    #[serde(default)]
    pub operating_ccr: Decimal,
    /// Capital cost-to-charge ratio.
    #[serde(default)]
    pub capital_ccr: Decimal,
}

fn one() -> Decimal {
    Decimal::ONE
}

/// One discharge to price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricingInput {
    /// Fiscal year of the discharge.
    pub fiscal_year: u16,
    /// MS-DRG.
    pub drg: u16,
    /// Relative weight; looked up in the loaded Table 5 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Decimal>,
    /// Geometric mean LOS; looked up when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gmlos: Option<Decimal>,
    /// Post-acute / special-pay flags; looked up when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_acute: Option<bool>,
    /// Special-pay flag; looked up when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_pay: Option<bool>,
    /// Length of stay in days.
    #[serde(default)]
    pub length_of_stay: u32,
    /// UB-04 patient discharge status (two digits, e.g. "01" home, "02" acute transfer).
    #[serde(default = "home")]
    pub discharge_status: String,
    /// Total covered charges.
    #[serde(default)]
    pub covered_charges: Decimal,
    /// Hospital factors.
    pub provider: ProviderFactors,
}

fn home() -> String {
    "01".to_string()
}

/// The kind of transfer payment applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferKind {
    /// Not a transfer case.
    None,
    /// Transfer to another acute-care hospital: per diem.
    Acute,
    /// Post-acute transfer in a post-acute DRG: per diem.
    PostAcute,
    /// Post-acute transfer in a special-pay DRG: 50% + 50% per diem.
    SpecialPay,
}

/// Every component of an IPPS payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricingResult {
    /// Fiscal year.
    pub fiscal_year: u16,
    /// MS-DRG.
    pub drg: u16,
    /// Weight used.
    pub weight: Decimal,
    /// Labor share used (by the wage-index rule).
    pub labor_share: Decimal,
    /// Operating federal payment (no IME/DSH), cents.
    pub operating_federal: Decimal,
    /// Operating IME payment.
    pub operating_ime: Decimal,
    /// Operating DSH payment.
    pub operating_dsh: Decimal,
    /// GAF used.
    pub gaf: Decimal,
    /// Capital federal payment (no IME/DSH).
    pub capital_federal: Decimal,
    /// Capital IME payment.
    pub capital_ime: Decimal,
    /// Capital DSH payment.
    pub capital_dsh: Decimal,
    /// Full DRG payment (operating + capital with IME and DSH).
    pub full_payment: Decimal,
    /// Transfer rule applied.
    pub transfer: TransferKind,
    /// Per diem (full payment / GMLOS), 0 when not a transfer.
    pub per_diem: Decimal,
    /// DRG payment after the transfer rule (never above the full payment).
    pub base_payment: Decimal,
    /// Estimated cost (charges x CCRs).
    pub cost: Decimal,
    /// Outlier threshold (base payment + adjusted fixed-loss amount).
    pub outlier_threshold: Decimal,
    /// Operating outlier payment.
    pub operating_outlier: Decimal,
    /// Capital outlier payment.
    pub capital_outlier: Decimal,
    /// Uncompensated care payment.
    pub uncompensated_care: Decimal,
    /// Total payment.
    pub total_payment: Decimal,
}

/// A pricer: fiscal-year parameters and Table 5 rows, loaded once.
#[derive(Debug, Clone)]
pub struct Pricer {
    params: BTreeMap<u16, FyParameters>,
    tables: BTreeMap<u16, BTreeMap<u16, DrgWeight>>,
}

#[derive(Deserialize)]
struct ParameterFile {
    years: Vec<FyParameters>,
}

fn r9(v: Decimal) -> Decimal {
    pricer_intermediate(v)
}

fn mul(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, BillingError> {
    a.checked_mul(b)
        .map(r9)
        .ok_or_else(|| BillingError::Overflow(format!("pricing {what}")))
}

/// Acute-to-acute transfer discharge statuses (short-term hospital, CAH, with planned
/// readmission variants).
pub const ACUTE_TRANSFER_STATUSES: &[&str] = &["02", "66", "82", "94"];
/// Post-acute transfer discharge statuses (SNF, cancer/children's hospital, home health,
/// swing bed, IRF, LTCH, psychiatric, with planned readmission variants).
pub const POST_ACUTE_STATUSES: &[&str] = &[
    "03", "05", "06", "61", "62", "63", "65", "83", "85", "86", "89", "90", "91", "93",
];

impl Pricer {
    /// A pricer with the embedded FY2024/FY2025 parameters and the FY2026 (v43) Table 5.
    pub fn embedded() -> Result<Self, BillingError> {
        let mut p = Pricer {
            params: BTreeMap::new(),
            tables: BTreeMap::new(),
        };
        let file: ParameterFile =
            serde_json::from_str(EMBEDDED_PARAMETERS).map_err(|e| BillingError::Data {
                location: "ipps_fy_parameters.json".into(),
                message: e.to_string(),
            })?;
        for y in file.years {
            p.add_parameters(y);
        }
        let t5: Table5 = serde_json::from_str(EMBEDDED_TABLE5).map_err(|e| BillingError::Data {
            location: "msdrg_v43_table5.json".into(),
            message: e.to_string(),
        })?;
        p.add_table5(t5);
        Ok(p)
    }

    /// Adds (or replaces) the parameters of a fiscal year.
    pub fn add_parameters(&mut self, params: FyParameters) {
        self.params.insert(params.fiscal_year, params);
    }

    /// Adds (or replaces) the Table 5 of a fiscal year.
    pub fn add_table5(&mut self, table: Table5) {
        let rows = table.drgs.into_iter().map(|r| (r.drg, r)).collect();
        self.tables.insert(table.fiscal_year, rows);
    }

    /// The parameters of a fiscal year.
    pub fn parameters(&self, fiscal_year: u16) -> Option<&FyParameters> {
        self.params.get(&fiscal_year)
    }

    /// The Table 5 row of a DRG in a fiscal year.
    pub fn drg(&self, fiscal_year: u16, drg: u16) -> Option<&DrgWeight> {
        self.tables.get(&fiscal_year).and_then(|t| t.get(&drg))
    }

    /// Prices one discharge.
    pub fn price(&self, input: &PricingInput) -> Result<PricingResult, BillingError> {
        let fy = self
            .params
            .get(&input.fiscal_year)
            .ok_or(BillingError::UnknownFiscalYear(input.fiscal_year))?;
        let row = self.drg(input.fiscal_year, input.drg);
        let weight = input
            .weight
            .or_else(|| row.and_then(|r| r.weight))
            .ok_or(BillingError::UnknownDrg(input.drg))?;
        let pv = &input.provider;
        let loc = format!("pricing DRG {:03}", input.drg);
        for (name, v) in [
            ("weight", weight),
            ("wage_index", pv.wage_index),
            ("cola", pv.cola),
            ("capital_cola", pv.capital_cola),
            ("covered_charges", input.covered_charges),
            ("operating_ccr", pv.operating_ccr),
            ("capital_ccr", pv.capital_ccr),
        ] {
            if v.is_sign_negative() && !v.is_zero() {
                return Err(BillingError::invalid(
                    format!("{loc} {name}"),
                    "must not be negative",
                ));
            }
        }
        let high = pv.wage_index > Decimal::ONE;
        let (labor, nonlabor, labor_share) = if high {
            (fy.labor_high, fy.nonlabor_high, fy.labor_share_high)
        } else {
            (fy.labor_low, fy.nonlabor_low, fy.labor_share_low)
        };
        let adjusted_rate =
            r9(mul(labor, pv.wage_index, "labor")? + mul(nonlabor, pv.cola, "non-labor")?);
        let operating_federal = pricer_cents(mul(adjusted_rate, weight, "operating")?);
        let operating_ime = pricer_cents(mul(operating_federal, pv.operating_ime, "IME")?);
        let operating_dsh = pricer_cents(mul(operating_federal, pv.operating_dsh, "DSH")?);
        let gaf = match pv.gaf {
            Some(g) => g,
            None => gaf(pv.wage_index, fy.gaf_exponent)?,
        };
        let capital_rate = mul(
            mul(fy.capital_federal_rate, gaf, "GAF")?,
            pv.capital_cola,
            "capital COLA",
        )?;
        let capital_federal = pricer_cents(mul(capital_rate, weight, "capital")?);
        let capital_ime = pricer_cents(mul(capital_federal, pv.capital_ime, "capital IME")?);
        let capital_dsh = pricer_cents(mul(capital_federal, pv.capital_dsh, "capital DSH")?);
        let full_operating = operating_federal + operating_ime + operating_dsh;
        let full_capital = capital_federal + capital_ime + capital_dsh;
        let full_payment = full_operating + full_capital;

        let status = input.discharge_status.trim();
        let post_acute = input
            .post_acute
            .or(row.map(|r| r.post_acute))
            .unwrap_or(false);
        let special_pay = input
            .special_pay
            .or(row.map(|r| r.special_pay))
            .unwrap_or(false);
        let transfer = if ACUTE_TRANSFER_STATUSES.contains(&status) {
            TransferKind::Acute
        } else if POST_ACUTE_STATUSES.contains(&status) && special_pay {
            TransferKind::SpecialPay
        } else if POST_ACUTE_STATUSES.contains(&status) && post_acute {
            TransferKind::PostAcute
        } else {
            TransferKind::None
        };
        // Fraction of the full payment a transfer earns (1 when not a transfer).
        let (fraction, per_diem) = match transfer {
            TransferKind::None => (Decimal::ONE, Decimal::ZERO),
            _ => {
                let gmlos = input
                    .gmlos
                    .or_else(|| row.and_then(|r| r.gmlos))
                    .filter(|g| *g >= Decimal::new(1, 1))
                    .ok_or_else(|| {
                        BillingError::invalid(
                            format!("{loc} gmlos"),
                            "no geometric mean length of stay",
                        )
                    })?;
                let days = Decimal::from(input.length_of_stay) + Decimal::ONE;
                let ratio = r9(days / gmlos);
                let f = if transfer == TransferKind::SpecialPay {
                    r9(Decimal::new(5, 1) + r9(Decimal::new(5, 1) * ratio))
                } else {
                    ratio
                };
                (f.min(Decimal::ONE), pricer_cents(r9(full_payment / gmlos)))
            }
        };
        let (base_operating, base_capital) = if fraction == Decimal::ONE {
            (full_operating, full_capital)
        } else {
            (
                pricer_cents(mul(full_operating, fraction, "transfer")?),
                pricer_cents(mul(full_capital, fraction, "transfer")?),
            )
        };
        let base_payment = base_operating + base_capital;

        // Outliers.
        let op_cost = mul(input.covered_charges, pv.operating_ccr, "operating cost")?;
        let cap_cost = mul(input.covered_charges, pv.capital_ccr, "capital cost")?;
        let cost = pricer_cents(op_cost + cap_cost);
        let wage_adj = r9(mul(labor_share, pv.wage_index, "outlier labor")?
            + mul(Decimal::ONE - labor_share, pv.cola, "outlier non-labor")?);
        let fixed_loss = mul(
            mul(fy.fixed_loss_threshold, wage_adj, "fixed loss")?,
            fraction,
            "fixed loss transfer",
        )?;
        let outlier_threshold = pricer_cents(r9(fixed_loss + base_payment));
        let mc = if fy.burn_drgs.contains(&input.drg) {
            fy.burn_marginal_cost
        } else {
            fy.marginal_cost
        };
        let (operating_outlier, capital_outlier) = if cost > outlier_threshold {
            let total = mul(cost - outlier_threshold, mc, "outlier")?;
            let ccr = pv.operating_ccr + pv.capital_ccr;
            let op_share = if ccr.is_zero() {
                Decimal::ONE
            } else {
                r9(pv.operating_ccr / ccr)
            };
            let op = pricer_cents(mul(total, op_share, "operating outlier")?);
            (op, pricer_cents(total) - op)
        } else {
            (Decimal::ZERO, Decimal::ZERO)
        };
        let uncompensated_care = pricer_cents(pv.uncompensated_care_per_claim);
        let total_payment = base_payment + operating_outlier + capital_outlier + uncompensated_care;
        Ok(PricingResult {
            fiscal_year: input.fiscal_year,
            drg: input.drg,
            weight,
            labor_share,
            operating_federal,
            operating_ime,
            operating_dsh,
            gaf,
            capital_federal,
            capital_ime,
            capital_dsh,
            full_payment,
            transfer,
            per_diem,
            base_payment,
            cost,
            outlier_threshold,
            operating_outlier,
            capital_outlier,
            uncompensated_care,
            total_payment,
        })
    }

    /// Prices many discharges in one call.
    pub fn price_many(&self, inputs: &[PricingInput]) -> Vec<Result<PricingResult, BillingError>> {
        inputs.iter().map(|i| self.price(i)).collect()
    }
}

/// Geographic adjustment factor: wage index ^ exponent, rounded half-up to 4 decimals (as
/// published in the IPPS tables).
pub fn gaf(wage_index: Decimal, exponent: Decimal) -> Result<Decimal, BillingError> {
    let w = wage_index.to_f64().unwrap_or(0.0);
    let e = exponent.to_f64().unwrap_or(0.0);
    let g = w.powf(e);
    Decimal::from_f64(g)
        .map(|d| crate::money::Rounding::HalfUp.round(d, 4))
        .ok_or_else(|| BillingError::invalid("GAF", "wage index out of range"))
}
