//! Insurance adjudication: a `Plan` object (validated once) adjudicates claims against the
//! plan-year accumulators, which cross as a record the host keeps between claims. Amounts and
//! rates are exact decimal strings, never floats.

use crate::billing::dec;
use crate::{guard, MedcoreError};
use medcore::billing as core;
use std::collections::HashMap;
use std::sync::Arc;

fn dec_opt(field: &str, s: &Option<String>) -> Result<Option<core::Decimal>, MedcoreError> {
    s.as_deref().map(|v| dec(field, v)).transpose()
}

/// The benefit of a plan for one service category.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Benefit {
    /// Service category this benefit applies to (e.g. `specialist`, `inpatient`).
    pub category: String,
    /// Whether the category is covered at all.
    #[uniffi(default = true)]
    pub covered: bool,
    /// Fixed copay per line.
    #[uniffi(default = "0")]
    pub copay: String,
    /// Patient coinsurance share (0-1); the plan's default when `null`.
    #[uniffi(default = None)]
    pub coinsurance: Option<String>,
    /// Whether the deductible applies.
    #[uniffi(default = true)]
    pub deductible_applies: bool,
    /// Whether the service needs pre-authorization.
    #[uniffi(default = false)]
    pub preauth_required: bool,
    /// Most the plan pays for one line.
    #[uniffi(default = None)]
    pub per_service_limit: Option<String>,
    /// Most the plan pays for this category in a plan year.
    #[uniffi(default = None)]
    pub annual_limit: Option<String>,
    /// Most lines (visits) covered in a plan year.
    #[uniffi(default = None)]
    pub annual_visit_limit: Option<u32>,
}

/// An insurance plan as plain data (the core's `Plan`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PlanData {
    /// Plan identifier.
    pub id: String,
    /// Display name.
    #[uniffi(default = "")]
    pub name: String,
    /// ISO 4217 currency of every amount.
    #[uniffi(default = "USD")]
    pub currency: String,
    /// Individual deductible per plan year.
    pub deductible_individual: String,
    /// Family deductible per plan year (embedded); `null` for single coverage.
    #[uniffi(default = None)]
    pub deductible_family: Option<String>,
    /// Individual out-of-pocket maximum.
    pub oop_max_individual: String,
    /// Family out-of-pocket maximum; `null` for single coverage.
    #[uniffi(default = None)]
    pub oop_max_family: Option<String>,
    /// Default patient coinsurance share (0-1).
    pub coinsurance: String,
    /// Benefits by category; a category not listed is not covered.
    pub benefits: Vec<Benefit>,
}

impl PlanData {
    fn to_core(&self) -> Result<core::Plan, MedcoreError> {
        Ok(core::Plan {
            id: self.id.clone(),
            name: self.name.clone(),
            currency: core::Currency::new(&self.currency)?,
            deductible_individual: dec("deductible_individual", &self.deductible_individual)?,
            deductible_family: dec_opt("deductible_family", &self.deductible_family)?,
            oop_max_individual: dec("oop_max_individual", &self.oop_max_individual)?,
            oop_max_family: dec_opt("oop_max_family", &self.oop_max_family)?,
            coinsurance: dec("coinsurance", &self.coinsurance)?,
            benefits: self
                .benefits
                .iter()
                .map(|b| {
                    let at = format!("benefit {}", b.category);
                    Ok(core::Benefit {
                        category: b.category.clone(),
                        covered: b.covered,
                        copay: dec(&format!("{at} copay"), &b.copay)?,
                        coinsurance: dec_opt(&format!("{at} coinsurance"), &b.coinsurance)?,
                        deductible_applies: b.deductible_applies,
                        preauth_required: b.preauth_required,
                        per_service_limit: dec_opt(
                            &format!("{at} per_service_limit"),
                            &b.per_service_limit,
                        )?,
                        annual_limit: dec_opt(&format!("{at} annual_limit"), &b.annual_limit)?,
                        annual_visit_limit: b.annual_visit_limit,
                    })
                })
                .collect::<Result<_, MedcoreError>>()?,
        })
    }
}

/// One service line of a claim to adjudicate.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ServiceLine {
    /// Line identifier.
    pub id: String,
    /// Service category (matched against the plan's benefits).
    pub category: String,
    /// Procedure or service code.
    #[uniffi(default = None)]
    pub code: Option<String>,
    /// Amount billed by the provider.
    pub billed: String,
    /// Contracted (fee schedule) amount; the billed amount when `null`.
    #[uniffi(default = None)]
    pub allowed: Option<String>,
    /// Whether a pre-authorization was obtained.
    #[uniffi(default = false)]
    pub preauthorized: bool,
}

/// A claim for one member, to adjudicate against a plan.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BenefitClaim {
    /// Claim identifier.
    pub id: String,
    /// Member (patient) identifier within the family.
    pub member_id: String,
    /// Service lines, adjudicated in order.
    pub lines: Vec<ServiceLine>,
}

impl BenefitClaim {
    fn to_core(&self) -> Result<core::BenefitClaim, MedcoreError> {
        Ok(core::BenefitClaim {
            id: self.id.clone(),
            member_id: self.member_id.clone(),
            lines: self
                .lines
                .iter()
                .map(|l| {
                    let at = format!("claim {} line {}", self.id, l.id);
                    Ok(core::ServiceLine {
                        id: l.id.clone(),
                        category: l.category.clone(),
                        code: l.code.clone(),
                        billed: dec(&format!("{at} billed"), &l.billed)?,
                        allowed: dec_opt(&format!("{at} allowed"), &l.allowed)?,
                        preauthorized: l.preauthorized,
                    })
                })
                .collect::<Result<_, MedcoreError>>()?,
        })
    }
}

/// What one member has accumulated in the plan year.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MemberAccumulator {
    /// Deductible paid.
    pub deductible: String,
    /// Out-of-pocket paid (copay + deductible + coinsurance).
    pub out_of_pocket: String,
}

/// Accumulators for one family and one plan year: pass what the previous claim returned to the
/// next one (`Accumulators()` at the start of the year).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Accumulators {
    /// Per member.
    #[uniffi(default)]
    pub members: HashMap<String, MemberAccumulator>,
    /// Family deductible paid.
    #[uniffi(default = "0")]
    pub family_deductible: String,
    /// Family out-of-pocket paid.
    #[uniffi(default = "0")]
    pub family_out_of_pocket: String,
    /// Plan payments per category (for annual limits).
    #[uniffi(default)]
    pub category_paid: HashMap<String, String>,
    /// Lines per category (for visit limits).
    #[uniffi(default)]
    pub category_visits: HashMap<String, u32>,
}

impl Accumulators {
    fn to_core(&self) -> Result<core::Accumulators, MedcoreError> {
        Ok(core::Accumulators {
            members: self
                .members
                .iter()
                .map(|(k, m)| {
                    Ok((
                        k.clone(),
                        core::MemberAccumulator {
                            deductible: dec(&format!("member {k} deductible"), &m.deductible)?,
                            out_of_pocket: dec(
                                &format!("member {k} out_of_pocket"),
                                &m.out_of_pocket,
                            )?,
                        },
                    ))
                })
                .collect::<Result<_, MedcoreError>>()?,
            family_deductible: dec("family_deductible", &self.family_deductible)?,
            family_out_of_pocket: dec("family_out_of_pocket", &self.family_out_of_pocket)?,
            category_paid: self
                .category_paid
                .iter()
                .map(|(k, v)| Ok((k.clone(), dec(&format!("category_paid {k}"), v)?)))
                .collect::<Result<_, MedcoreError>>()?,
            category_visits: self
                .category_visits
                .iter()
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
        })
    }
}

impl From<core::Accumulators> for Accumulators {
    fn from(a: core::Accumulators) -> Self {
        Accumulators {
            members: a
                .members
                .into_iter()
                .map(|(k, m)| {
                    (
                        k,
                        MemberAccumulator {
                            deductible: m.deductible.to_string(),
                            out_of_pocket: m.out_of_pocket.to_string(),
                        },
                    )
                })
                .collect(),
            family_deductible: a.family_deductible.to_string(),
            family_out_of_pocket: a.family_out_of_pocket.to_string(),
            category_paid: a
                .category_paid
                .into_iter()
                .map(|(k, v)| (k, v.to_string()))
                .collect(),
            category_visits: a.category_visits.into_iter().collect(),
        }
    }
}

/// A claim adjustment: group code (`CO` contractual, `PR` patient responsibility), CARC code
/// and amount.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Adjustment {
    /// Group code: `CO` or `PR`.
    pub group: String,
    /// Claim adjustment reason code (1 deductible, 2 coinsurance, 3 copay, 45 above the
    /// allowed amount, 96 not covered, 119 benefit maximum, 197 no pre-authorization).
    pub code: u16,
    /// Amount.
    pub amount: String,
}

/// The adjudication of one line (decimal strings).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LineAdjudication {
    /// Line identifier.
    pub line_id: String,
    /// Billed amount.
    pub billed: String,
    /// Allowed amount (0 when not covered or denied).
    pub allowed: String,
    /// Deductible applied.
    pub deductible: String,
    /// Copay applied.
    pub copay: String,
    /// Coinsurance applied.
    pub coinsurance: String,
    /// What the plan pays.
    pub plan_pays: String,
    /// What the patient owes.
    pub patient_pays: String,
    /// Adjustments with reason codes; billed = plan pays + sum of adjustments.
    pub adjustments: Vec<Adjustment>,
}

/// Explanation-of-benefits summary of a claim (decimal strings).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EobSummary {
    /// Sum billed.
    pub billed: String,
    /// Sum allowed.
    pub allowed: String,
    /// Sum the plan pays.
    pub plan_pays: String,
    /// Sum the patient owes.
    pub patient_pays: String,
    /// Sum written off by the provider (CO adjustments).
    pub provider_write_off: String,
    /// Deductible applied on this claim.
    pub deductible: String,
    /// Copays on this claim.
    pub copay: String,
    /// Coinsurance on this claim.
    pub coinsurance: String,
    /// Individual deductible still open after this claim.
    pub deductible_remaining: String,
    /// Individual out-of-pocket still open after this claim.
    pub out_of_pocket_remaining: String,
}

/// The adjudication of a claim.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Adjudication {
    /// Claim identifier.
    pub claim_id: String,
    /// Member identifier.
    pub member_id: String,
    /// ISO 4217 currency.
    pub currency: String,
    /// Per-line results, in claim order.
    pub lines: Vec<LineAdjudication>,
    /// Summary.
    pub summary: EobSummary,
}

impl From<core::Adjudication> for Adjudication {
    fn from(a: core::Adjudication) -> Self {
        let s = a.summary;
        Adjudication {
            claim_id: a.claim_id,
            member_id: a.member_id,
            currency: a.currency.code().to_string(),
            lines: a
                .lines
                .into_iter()
                .map(|l| LineAdjudication {
                    line_id: l.line_id,
                    billed: l.billed.to_string(),
                    allowed: l.allowed.to_string(),
                    deductible: l.deductible.to_string(),
                    copay: l.copay.to_string(),
                    coinsurance: l.coinsurance.to_string(),
                    plan_pays: l.plan_pays.to_string(),
                    patient_pays: l.patient_pays.to_string(),
                    adjustments: l
                        .adjustments
                        .into_iter()
                        .map(|x| Adjustment {
                            group: x.group,
                            code: x.code,
                            amount: x.amount.to_string(),
                        })
                        .collect(),
                })
                .collect(),
            summary: EobSummary {
                billed: s.billed.to_string(),
                allowed: s.allowed.to_string(),
                plan_pays: s.plan_pays.to_string(),
                patient_pays: s.patient_pays.to_string(),
                provider_write_off: s.provider_write_off.to_string(),
                deductible: s.deductible.to_string(),
                copay: s.copay.to_string(),
                coinsurance: s.coinsurance.to_string(),
                deductible_remaining: s.deductible_remaining.to_string(),
                out_of_pocket_remaining: s.out_of_pocket_remaining.to_string(),
            },
        }
    }
}

/// One adjudicated claim and the accumulators after it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Adjudicated {
    /// The adjudication.
    pub adjudication: Adjudication,
    /// The accumulators to pass to the next claim.
    pub accumulators: Accumulators,
}

/// A plan year's claims adjudicated in order, and the accumulators after the last.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AdjudicatedMany {
    /// One adjudication per claim, in order.
    pub adjudications: Vec<Adjudication>,
    /// The accumulators after the last claim.
    pub accumulators: Accumulators,
}

/// An insurance plan, validated once, that adjudicates claims against plan-year accumulators;
/// safe to share between threads.
#[derive(uniffi::Object)]
pub struct Plan {
    inner: core::Plan,
}

fn accumulators(a: &Option<Accumulators>) -> Result<core::Accumulators, MedcoreError> {
    Ok(a.as_ref()
        .map(Accumulators::to_core)
        .transpose()?
        .unwrap_or_default())
}

#[uniffi::export]
impl Plan {
    /// A plan from data; amounts and rates are checked (`BILLING_INVALID_VALUE`).
    #[uniffi::constructor]
    pub fn new(data: PlanData) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            let inner = data.to_core()?;
            inner.validate()?;
            Ok(Arc::new(Plan { inner }))
        })
    }

    /// A plan from its JSON form (amounts as strings); a bad document raises `Billing`
    /// `BILLING_INPUT`.
    #[uniffi::constructor]
    pub fn from_json(text: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            let inner: core::Plan =
                serde_json::from_str(&text).map_err(|e| core::BillingError::Input {
                    location: "plan".to_string(),
                    message: e.to_string(),
                })?;
            inner.validate()?;
            Ok(Arc::new(Plan { inner }))
        })
    }

    /// The plan identifier.
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// Adjudicates one claim given the accumulators (`null` at the start of the plan year).
    /// The accumulators returned include this claim; on an error nothing is counted.
    pub fn adjudicate(
        &self,
        claim: BenefitClaim,
        accumulators: Option<Accumulators>,
    ) -> Result<Adjudicated, MedcoreError> {
        guard(|| {
            let c = claim.to_core()?;
            let mut acc = self::accumulators(&accumulators)?;
            let a = self.inner.adjudicate(&c, &mut acc)?;
            Ok(Adjudicated {
                adjudication: a.into(),
                accumulators: acc.into(),
            })
        })
    }

    /// Adjudicates a plan year's claims in order, carrying the accumulators; the first claim
    /// that fails raises.
    pub fn adjudicate_many(
        &self,
        claims: Vec<BenefitClaim>,
        accumulators: Option<Accumulators>,
    ) -> Result<AdjudicatedMany, MedcoreError> {
        guard(|| {
            let cs: Vec<core::BenefitClaim> = claims
                .iter()
                .map(BenefitClaim::to_core)
                .collect::<Result<_, _>>()?;
            let mut acc = self::accumulators(&accumulators)?;
            let a = self.inner.adjudicate_many(&cs, &mut acc)?;
            Ok(AdjudicatedMany {
                adjudications: a.into_iter().map(Into::into).collect(),
                accumulators: acc.into(),
            })
        })
    }
}
