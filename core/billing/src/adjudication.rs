//! Insurance adjudication: plan benefits applied to the lines of a claim, with accumulators
//! carried across the claims of a plan year, CARC-style reason codes and an
//! explanation-of-benefits summary.
//!
//! # Order of application, per line
//!
//! 1. Not covered (no benefit for the category, or `covered: false`): the patient owes the
//!    billed amount, `PR-96`.
//! 2. Pre-authorization required but absent: denied, provider liability, `CO-197`.
//! 3. Visit limit for the plan year already used: patient owes the allowed amount, `PR-119`.
//! 4. Billed above the allowed (contracted) amount: the difference is written off, `CO-45`.
//! 5. Copay (`PR-3`), then deductible (`PR-1`, embedded: the individual and the family
//!    deductible both count down, whichever is met first ends it), then coinsurance on the rest
//!    (`PR-2`, half-even to cents). Each is capped by the out-of-pocket maximum still open
//!    (individual and family); once it is reached the plan pays the whole allowed amount.
//! 6. Benefit maximums: what the plan would pay above the per-service limit or the category's
//!    annual limit is moved to the patient, `PR-119` (it does not count toward the OOP max).
//!
//! Copays, deductible and coinsurance count toward the out-of-pocket maximum.

use crate::error::BillingError;
use crate::money::{Currency, Rounding};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// CARC 1: deductible amount.
pub const CARC_DEDUCTIBLE: u16 = 1;
/// CARC 2: coinsurance amount.
pub const CARC_COINSURANCE: u16 = 2;
/// CARC 3: copayment amount.
pub const CARC_COPAY: u16 = 3;
/// CARC 45: charge exceeds the fee schedule / contracted amount.
pub const CARC_OVER_ALLOWED: u16 = 45;
/// CARC 96: non-covered charge.
pub const CARC_NOT_COVERED: u16 = 96;
/// CARC 119: benefit maximum for this period or occurrence reached.
pub const CARC_BENEFIT_MAXIMUM: u16 = 119;
/// CARC 197: pre-certification / authorization absent.
pub const CARC_NO_PREAUTH: u16 = 197;

/// The benefit of a plan for one service category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Benefit {
    /// Service category this benefit applies to (e.g. "specialist", "inpatient").
    pub category: String,
    /// Whether the category is covered at all.
    #[serde(default = "yes")]
    pub covered: bool,
    /// Fixed copay per line.
    #[serde(default)]
    pub copay: Decimal,
    /// Patient coinsurance share (0-1); the plan's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coinsurance: Option<Decimal>,
    /// Whether the deductible applies.
    #[serde(default = "yes")]
    pub deductible_applies: bool,
    /// Whether the service needs pre-authorization.
    #[serde(default)]
    pub preauth_required: bool,
    /// Most the plan pays for one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_service_limit: Option<Decimal>,
    /// Most the plan pays for this category in a plan year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_limit: Option<Decimal>,
    /// Most lines (visits) covered in a plan year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_visit_limit: Option<u32>,
}

fn yes() -> bool {
    true
}

/// An insurance plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Plan identifier.
    pub id: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Currency of every amount.
    #[serde(default)]
    pub currency: Currency,
    /// Individual deductible per plan year.
    pub deductible_individual: Decimal,
    /// Family deductible per plan year (embedded); absent for single coverage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deductible_family: Option<Decimal>,
    /// Individual out-of-pocket maximum.
    pub oop_max_individual: Decimal,
    /// Family out-of-pocket maximum; absent for single coverage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oop_max_family: Option<Decimal>,
    /// Default patient coinsurance share (0-1).
    pub coinsurance: Decimal,
    /// Benefits by category; a category not listed is not covered.
    pub benefits: Vec<Benefit>,
}

/// One service line of a claim to adjudicate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLine {
    /// Line identifier.
    pub id: String,
    /// Service category (matched against the plan's benefits).
    pub category: String,
    /// Procedure or service code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Amount billed by the provider.
    pub billed: Decimal,
    /// Contracted (fee schedule) amount; the billed amount when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Decimal>,
    /// Whether a pre-authorization was obtained.
    #[serde(default)]
    pub preauthorized: bool,
}

/// A claim for one member, to adjudicate against a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenefitClaim {
    /// Claim identifier.
    pub id: String,
    /// Member (patient) identifier within the family.
    pub member_id: String,
    /// Service lines, adjudicated in order.
    pub lines: Vec<ServiceLine>,
}

/// What one member has accumulated in the plan year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberAccumulator {
    /// Deductible paid.
    pub deductible: Decimal,
    /// Out-of-pocket paid (copay + deductible + coinsurance).
    pub out_of_pocket: Decimal,
}

/// Accumulators for one family and one plan year; pass the same value to every claim of the year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accumulators {
    /// Per member.
    #[serde(default)]
    pub members: BTreeMap<String, MemberAccumulator>,
    /// Family deductible paid.
    #[serde(default)]
    pub family_deductible: Decimal,
    /// Family out-of-pocket paid.
    #[serde(default)]
    pub family_out_of_pocket: Decimal,
    /// Plan payments per category (for annual limits).
    #[serde(default)]
    pub category_paid: BTreeMap<String, Decimal>,
    /// Lines per category (for visit limits).
    #[serde(default)]
    pub category_visits: BTreeMap<String, u32>,
}

/// A claim adjustment: group code (`CO` contractual, `PR` patient responsibility), CARC code
/// and amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    /// Group code: `CO` or `PR`.
    pub group: String,
    /// Claim adjustment reason code.
    pub code: u16,
    /// Amount.
    pub amount: Decimal,
}

/// The adjudication of one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineAdjudication {
    /// Line identifier.
    pub line_id: String,
    /// Billed amount.
    pub billed: Decimal,
    /// Allowed amount (0 when not covered or denied).
    pub allowed: Decimal,
    /// Deductible applied.
    pub deductible: Decimal,
    /// Copay applied.
    pub copay: Decimal,
    /// Coinsurance applied.
    pub coinsurance: Decimal,
    /// What the plan pays.
    pub plan_pays: Decimal,
    /// What the patient owes.
    pub patient_pays: Decimal,
    /// Adjustments with reason codes; billed = plan pays + sum of adjustments.
    pub adjustments: Vec<Adjustment>,
}

/// Explanation-of-benefits summary of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EobSummary {
    /// Sum billed.
    pub billed: Decimal,
    /// Sum allowed.
    pub allowed: Decimal,
    /// Sum the plan pays.
    pub plan_pays: Decimal,
    /// Sum the patient owes.
    pub patient_pays: Decimal,
    /// Sum written off by the provider (CO adjustments).
    pub provider_write_off: Decimal,
    /// Deductible applied on this claim.
    pub deductible: Decimal,
    /// Copays on this claim.
    pub copay: Decimal,
    /// Coinsurance on this claim.
    pub coinsurance: Decimal,
    /// Individual deductible still open after this claim.
    pub deductible_remaining: Decimal,
    /// Individual out-of-pocket still open after this claim.
    pub out_of_pocket_remaining: Decimal,
}

/// The adjudication of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjudication {
    /// Claim identifier.
    pub claim_id: String,
    /// Member identifier.
    pub member_id: String,
    /// Currency.
    pub currency: Currency,
    /// Per-line results, in claim order.
    pub lines: Vec<LineAdjudication>,
    /// Summary.
    pub summary: EobSummary,
}

fn nonneg(v: Decimal, loc: &str) -> Result<(), BillingError> {
    crate::money::check_bounded(v, loc)?;
    if v.is_sign_negative() && !v.is_zero() {
        return Err(BillingError::invalid(loc, "must not be negative"));
    }
    Ok(())
}

fn fraction(v: Decimal, loc: &str) -> Result<(), BillingError> {
    if v < Decimal::ZERO || v > Decimal::ONE {
        return Err(BillingError::invalid(loc, "must be a fraction from 0 to 1"));
    }
    Ok(())
}

fn claim_too_long(lines: usize) -> bool {
    lines > 100_000
}

fn adj(out: &mut Vec<Adjustment>, group: &str, code: u16, amount: Decimal) {
    if !amount.is_zero() {
        out.push(Adjustment {
            group: group.to_string(),
            code,
            amount,
        });
    }
}

impl Plan {
    /// Checks amounts and rates for consistency.
    pub fn validate(&self) -> Result<(), BillingError> {
        let p = format!("plan {}", self.id);
        nonneg(
            self.deductible_individual,
            &format!("{p} deductible_individual"),
        )?;
        nonneg(self.oop_max_individual, &format!("{p} oop_max_individual"))?;
        if let Some(f) = self.deductible_family {
            nonneg(f, &format!("{p} deductible_family"))?;
        }
        if let Some(f) = self.oop_max_family {
            nonneg(f, &format!("{p} oop_max_family"))?;
        }
        fraction(self.coinsurance, &format!("{p} coinsurance"))?;
        for b in &self.benefits {
            let l = format!("{p} benefit {}", b.category);
            nonneg(b.copay, &format!("{l} copay"))?;
            if let Some(c) = b.coinsurance {
                fraction(c, &format!("{l} coinsurance"))?;
            }
            for v in [b.per_service_limit, b.annual_limit].into_iter().flatten() {
                nonneg(v, &format!("{l} limit"))?;
            }
        }
        Ok(())
    }

    fn benefit(&self, category: &str) -> Option<&Benefit> {
        self.benefits.iter().find(|b| b.category == category)
    }

    /// Adjudicates one claim, updating the plan-year accumulators.
    ///
    /// The accumulators are only changed when the whole claim adjudicates without error.
    pub fn adjudicate(
        &self,
        claim: &BenefitClaim,
        accumulators: &mut Accumulators,
    ) -> Result<Adjudication, BillingError> {
        self.validate()?;
        if claim_too_long(claim.lines.len()) {
            return Err(BillingError::invalid(
                format!("claim {}", claim.id),
                "too many lines",
            ));
        }
        let dp = self.currency.minor_units();
        let mut acc = accumulators.clone();
        let mut lines = Vec::with_capacity(claim.lines.len());
        for line in &claim.lines {
            let loc = format!("claim {} line {}", claim.id, line.id);
            nonneg(line.billed, &format!("{loc} billed"))?;
            let billed = Rounding::HalfEven.round(line.billed, dp);
            let allowed_in = match line.allowed {
                Some(a) => {
                    nonneg(a, &format!("{loc} allowed"))?;
                    Rounding::HalfEven.round(a, dp).min(billed)
                }
                None => billed,
            };
            let mut out = LineAdjudication {
                line_id: line.id.clone(),
                billed,
                allowed: Decimal::ZERO,
                deductible: Decimal::ZERO,
                copay: Decimal::ZERO,
                coinsurance: Decimal::ZERO,
                plan_pays: Decimal::ZERO,
                patient_pays: Decimal::ZERO,
                adjustments: Vec::new(),
            };
            let benefit = match self.benefit(&line.category) {
                Some(b) if b.covered => b,
                _ => {
                    out.patient_pays = billed;
                    adj(&mut out.adjustments, "PR", CARC_NOT_COVERED, billed);
                    lines.push(out);
                    continue;
                }
            };
            if benefit.preauth_required && !line.preauthorized {
                adj(&mut out.adjustments, "CO", CARC_NO_PREAUTH, billed);
                lines.push(out);
                continue;
            }
            adj(
                &mut out.adjustments,
                "CO",
                CARC_OVER_ALLOWED,
                billed - allowed_in,
            );
            out.allowed = allowed_in;
            let visits = acc
                .category_visits
                .entry(line.category.clone())
                .or_insert(0);
            if benefit.annual_visit_limit.is_some_and(|max| *visits >= max) {
                out.patient_pays = allowed_in;
                adj(&mut out.adjustments, "PR", CARC_BENEFIT_MAXIMUM, allowed_in);
                lines.push(out);
                continue;
            }
            *visits += 1;

            let member = acc.members.entry(claim.member_id.clone()).or_default();
            let mut oop_open = (self.oop_max_individual - member.out_of_pocket).max(Decimal::ZERO);
            if let Some(f) = self.oop_max_family {
                oop_open = oop_open.min((f - acc.family_out_of_pocket).max(Decimal::ZERO));
            }
            let mut rest = allowed_in;
            let copay = benefit.copay.min(rest).min(oop_open);
            rest -= copay;
            oop_open -= copay;
            let mut ded = Decimal::ZERO;
            if benefit.deductible_applies {
                let mut open = (self.deductible_individual - member.deductible).max(Decimal::ZERO);
                if let Some(f) = self.deductible_family {
                    open = open.min((f - acc.family_deductible).max(Decimal::ZERO));
                }
                ded = open.min(rest).min(oop_open);
            }
            rest -= ded;
            oop_open -= ded;
            let rate = benefit.coinsurance.unwrap_or(self.coinsurance);
            let coins = Rounding::HalfEven.round(rest * rate, dp).min(oop_open);
            let mut plan_pays = allowed_in - copay - ded - coins;
            let mut over_max = Decimal::ZERO;
            if let Some(limit) = benefit.per_service_limit {
                if plan_pays > limit {
                    over_max += plan_pays - limit;
                    plan_pays = limit;
                }
            }
            let paid = acc
                .category_paid
                .entry(line.category.clone())
                .or_insert(Decimal::ZERO);
            if let Some(limit) = benefit.annual_limit {
                let open = (limit - *paid).max(Decimal::ZERO);
                if plan_pays > open {
                    over_max += plan_pays - open;
                    plan_pays = open;
                }
            }
            *paid += plan_pays;
            member.deductible += ded;
            member.out_of_pocket += copay + ded + coins;
            acc.family_deductible += ded;
            acc.family_out_of_pocket += copay + ded + coins;
            adj(&mut out.adjustments, "PR", CARC_COPAY, copay);
            adj(&mut out.adjustments, "PR", CARC_DEDUCTIBLE, ded);
            adj(&mut out.adjustments, "PR", CARC_COINSURANCE, coins);
            adj(&mut out.adjustments, "PR", CARC_BENEFIT_MAXIMUM, over_max);
            out.copay = copay;
            out.deductible = ded;
            out.coinsurance = coins;
            out.plan_pays = plan_pays;
            out.patient_pays = copay + ded + coins + over_max;
            lines.push(out);
        }
        let member = acc
            .members
            .get(&claim.member_id)
            .cloned()
            .unwrap_or_default();
        let mut ded_open = (self.deductible_individual - member.deductible).max(Decimal::ZERO);
        if let Some(f) = self.deductible_family {
            ded_open = ded_open.min((f - acc.family_deductible).max(Decimal::ZERO));
        }
        let mut oop_open = (self.oop_max_individual - member.out_of_pocket).max(Decimal::ZERO);
        if let Some(f) = self.oop_max_family {
            oop_open = oop_open.min((f - acc.family_out_of_pocket).max(Decimal::ZERO));
        }
        let sum = |f: fn(&LineAdjudication) -> Decimal| lines.iter().map(f).sum::<Decimal>();
        let summary = EobSummary {
            billed: sum(|l| l.billed),
            allowed: sum(|l| l.allowed),
            plan_pays: sum(|l| l.plan_pays),
            patient_pays: sum(|l| l.patient_pays),
            provider_write_off: lines
                .iter()
                .flat_map(|l| l.adjustments.iter())
                .filter(|a| a.group == "CO")
                .map(|a| a.amount)
                .sum(),
            deductible: sum(|l| l.deductible),
            copay: sum(|l| l.copay),
            coinsurance: sum(|l| l.coinsurance),
            deductible_remaining: ded_open,
            out_of_pocket_remaining: oop_open,
        };
        *accumulators = acc;
        Ok(Adjudication {
            claim_id: claim.id.clone(),
            member_id: claim.member_id.clone(),
            currency: self.currency,
            lines,
            summary,
        })
    }

    /// Adjudicates the claims of one family's plan year in order, carrying the accumulators.
    pub fn adjudicate_many(
        &self,
        claims: &[BenefitClaim],
        accumulators: &mut Accumulators,
    ) -> Result<Vec<Adjudication>, BillingError> {
        claims
            .iter()
            .map(|c| self.adjudicate(c, accumulators))
            .collect()
    }
}
