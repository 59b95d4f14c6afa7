//! Currency-aware amounts and the explicit rounding rules used across billing.
//!
//! Two rules are used, each named where it applies:
//! - invoices and adjudication round to the currency's minor unit with banker's rounding
//!   ([`Rounding::HalfEven`]);
//! - IPPS pricing follows the CMS Pricer: intermediate products are rounded half-up to 9
//!   decimals and payments half-up to cents ([`pricer_intermediate`], [`pricer_cents`]).

use crate::error::BillingError;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 currency code (three upper-case ASCII letters), serialized as a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    /// United States dollar.
    pub const USD: Currency = Currency(*b"USD");
    /// Euro.
    pub const EUR: Currency = Currency(*b"EUR");

    /// Parses a three-letter code (case-insensitive).
    pub fn new(code: &str) -> Result<Self, BillingError> {
        let b = code.as_bytes();
        if b.len() != 3 || !b.iter().all(u8::is_ascii_alphabetic) {
            return Err(BillingError::InvalidCurrency(code.to_string()));
        }
        Ok(Currency([
            b[0].to_ascii_uppercase(),
            b[1].to_ascii_uppercase(),
            b[2].to_ascii_uppercase(),
        ]))
    }

    /// The code as a string slice.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Number of decimal places of the minor unit (ISO 4217): 0 for JPY, KRW, ...,
    /// 3 for BHD, KWD, OMR, JOD, TND, IQD, LYD; 2 otherwise.
    pub fn minor_units(&self) -> u32 {
        match &self.0 {
            b"JPY" | b"KRW" | b"ISK" | b"CLP" | b"VND" | b"XAF" | b"XOF" | b"UGX" | b"PYG"
            | b"RWF" => 0,
            b"BHD" | b"KWD" | b"OMR" | b"JOD" | b"TND" | b"IQD" | b"LYD" => 3,
            _ => 2,
        }
    }
}

impl Default for Currency {
    fn default() -> Self {
        Currency::USD
    }
}

impl TryFrom<String> for Currency {
    type Error = BillingError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Currency::new(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_string()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A rounding rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Round half to even (banker's rounding): the default for invoices.
    #[default]
    HalfEven,
    /// Round half away from zero (Java `RoundingMode.HALF_UP`): used by the IPPS Pricer.
    HalfUp,
    /// Round toward zero.
    Down,
}

impl Rounding {
    fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::Down => RoundingStrategy::ToZero,
        }
    }

    /// Rounds `value` to `dp` decimal places under this rule.
    pub fn round(self, value: Decimal, dp: u32) -> Decimal {
        value.round_dp_with_strategy(dp, self.strategy())
    }
}

/// The largest magnitude accepted for any input amount, quantity, rate or factor
/// (one trillion). Keeping inputs below it keeps every product and sum far from the
/// decimal type's limits, so arithmetic on validated inputs cannot overflow.
pub const MAX_INPUT: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);

/// Checks that an input value is within [`MAX_INPUT`] in magnitude.
pub fn check_bounded(value: Decimal, location: &str) -> Result<(), BillingError> {
    if value.abs() > MAX_INPUT {
        return Err(BillingError::invalid(
            location,
            "value out of range (magnitude above 10^12)",
        ));
    }
    Ok(())
}

/// Rounds an intermediate IPPS product the way the Pricer does: half-up to 9 decimals.
pub fn pricer_intermediate(value: Decimal) -> Decimal {
    Rounding::HalfUp.round(value, 9)
}

/// Rounds an IPPS payment the way the Pricer does: half-up to cents.
pub fn pricer_cents(value: Decimal) -> Decimal {
    Rounding::HalfUp.round(value, 2)
}

/// An amount of money in one currency. The amount is exact; rounding happens only when asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// The exact amount.
    pub amount: Decimal,
    /// Its currency.
    pub currency: Currency,
}

impl Money {
    /// An amount in a currency.
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }
    }

    /// Zero in a currency.
    pub fn zero(currency: Currency) -> Self {
        Money::new(Decimal::ZERO, currency)
    }

    /// Rounds to the currency's minor unit under `rule`.
    pub fn rounded(self, rule: Rounding) -> Self {
        Money::new(
            rule.round(self.amount, self.currency.minor_units()),
            self.currency,
        )
    }

    fn same(&self, other: &Money, location: &str) -> Result<(), BillingError> {
        if self.currency != other.currency {
            return Err(BillingError::CurrencyMismatch {
                location: location.to_string(),
                left: self.currency.to_string(),
                right: other.currency.to_string(),
            });
        }
        Ok(())
    }

    /// Adds two amounts of the same currency.
    pub fn checked_add(self, other: Money) -> Result<Money, BillingError> {
        self.same(&other, "add")?;
        let v = self
            .amount
            .checked_add(other.amount)
            .ok_or_else(|| BillingError::Overflow("add".into()))?;
        Ok(Money::new(v, self.currency))
    }

    /// Subtracts an amount of the same currency.
    pub fn checked_sub(self, other: Money) -> Result<Money, BillingError> {
        self.same(&other, "subtract")?;
        let v = self
            .amount
            .checked_sub(other.amount)
            .ok_or_else(|| BillingError::Overflow("subtract".into()))?;
        Ok(Money::new(v, self.currency))
    }

    /// Multiplies by a factor (quantity, rate), exactly.
    pub fn checked_mul(self, factor: Decimal) -> Result<Money, BillingError> {
        let v = self
            .amount
            .checked_mul(factor)
            .ok_or_else(|| BillingError::Overflow("multiply".into()))?;
        Ok(Money::new(v, self.currency))
    }

    /// Splits this amount (rounded to minor units) into parts proportional to `weights`,
    /// so that the parts add up exactly to the rounded amount (largest-remainder method).
    pub fn allocate(self, weights: &[Decimal], rule: Rounding) -> Result<Vec<Money>, BillingError> {
        let dp = self.currency.minor_units();
        let parts = allocate_largest_remainder(rule.round(self.amount, dp), weights, dp)?;
        Ok(parts
            .into_iter()
            .map(|a| Money::new(a, self.currency))
            .collect())
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// Splits `total` (already at `dp` decimals) into parts proportional to non-negative `weights`
/// with the largest-remainder (Hamilton) method: every part is first truncated to `dp`
/// decimals, then the units left over go one at a time to the parts with the largest
/// truncated remainders, ties to the earlier part. The parts always add up to `total`.
/// When every weight is zero the parts are zero except the last, which takes `total`.
pub fn allocate_largest_remainder(
    total: Decimal,
    weights: &[Decimal],
    dp: u32,
) -> Result<Vec<Decimal>, BillingError> {
    if weights.is_empty() {
        return Ok(Vec::new());
    }
    if weights.iter().any(|w| w.is_sign_negative() && !w.is_zero()) {
        return Err(BillingError::invalid("allocation", "negative weight"));
    }
    let sum: Decimal = weights
        .iter()
        .try_fold(Decimal::ZERO, |a, w| a.checked_add(*w))
        .ok_or_else(|| BillingError::Overflow("allocation".into()))?;
    let n = weights.len();
    if sum.is_zero() {
        let mut out = vec![Decimal::ZERO; n];
        if let Some(last) = out.last_mut() {
            *last = total;
        }
        return Ok(out);
    }
    let unit = Decimal::new(1, dp);
    let negative = total.is_sign_negative();
    let abs_total = total.abs();
    let mut parts = Vec::with_capacity(n);
    let mut rems = Vec::with_capacity(n);
    let mut assigned = Decimal::ZERO;
    for w in weights {
        let exact = abs_total
            .checked_mul(*w)
            .and_then(|x| x.checked_div(sum))
            .ok_or_else(|| BillingError::Overflow("allocation".into()))?;
        let floor = exact.round_dp_with_strategy(dp, RoundingStrategy::ToZero);
        rems.push(exact - floor);
        assigned += floor;
        parts.push(floor);
    }
    let mut left = abs_total - assigned;
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| rems[*b].cmp(&rems[*a]).then(a.cmp(b)));
    let mut i = 0;
    while left >= unit && n > 0 {
        let idx = order[i % n];
        parts[idx] += unit;
        left -= unit;
        i += 1;
    }
    if negative {
        for p in parts.iter_mut() {
            *p = -*p;
        }
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn half_even_and_half_up_differ_on_ties() {
        assert_eq!(Rounding::HalfEven.round(dec!(2.345), 2), dec!(2.34));
        assert_eq!(Rounding::HalfUp.round(dec!(2.345), 2), dec!(2.35));
        assert_eq!(Rounding::HalfEven.round(dec!(2.355), 2), dec!(2.36));
        assert_eq!(Rounding::HalfUp.round(dec!(-2.345), 2), dec!(-2.35));
        assert_eq!(pricer_intermediate(dec!(1.0000000005)), dec!(1.000000001));
        assert_eq!(pricer_cents(dec!(11519.078961)), dec!(11519.08));
    }

    #[test]
    fn currency_minor_units_and_mismatch() {
        let jpy = Currency::new("jpy").unwrap();
        assert_eq!(jpy.code(), "JPY");
        assert_eq!(
            Money::new(dec!(100.5), jpy)
                .rounded(Rounding::HalfEven)
                .amount,
            dec!(100)
        );
        assert!(Currency::new("US").is_err());
        let e = Money::new(dec!(1), Currency::USD)
            .checked_add(Money::new(dec!(1), Currency::EUR))
            .unwrap_err();
        assert_eq!(e.code(), "BILLING_CURRENCY_MISMATCH");
    }

    #[test]
    fn max_input_is_one_trillion() {
        assert_eq!(MAX_INPUT, dec!(1000000000000));
        assert!(check_bounded(dec!(1000000000000.01), "x").is_err());
        assert!(check_bounded(dec!(-5), "x").is_ok());
    }

    #[test]
    fn largest_remainder_sums_exactly() {
        // 100.00 in three equal parts: 33.34, 33.33, 33.33 (first part wins the tie).
        let parts =
            allocate_largest_remainder(dec!(100.00), &[dec!(1), dec!(1), dec!(1)], 2).unwrap();
        assert_eq!(parts, vec![dec!(33.34), dec!(33.33), dec!(33.33)]);
        let parts = allocate_largest_remainder(dec!(-10.00), &[dec!(1), dec!(2)], 2).unwrap();
        assert_eq!(parts, vec![dec!(-3.33), dec!(-6.67)]);
        assert_eq!(parts.iter().sum::<Decimal>(), dec!(-10.00));
    }
}
