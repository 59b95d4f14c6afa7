//! Patient invoices: line items, discounts, taxes by category, credit notes, payments,
//! refunds and the invoice status machine.
//!
//! # How totals are computed (and where rounding remainders go)
//!
//! All rounding is half-even to the currency's minor unit, and the invoice total is always the
//! sum of the rounded line totals:
//!
//! 1. each line's gross is `quantity x unit_price`, rounded;
//! 2. a line discount (percent or fixed amount, never more than the gross) is rounded;
//! 3. an invoice-level discount is computed on the sum of the discounted lines, rounded once,
//!    and allocated back to the lines in proportion to their discounted amounts with the
//!    largest-remainder method ([`crate::money::allocate_largest_remainder`]);
//! 4. tax is computed once per tax category on the sum of that category's net lines, rounded
//!    once, and allocated back to the category's lines by largest remainder.
//!
//! So every line carries a rounded net and a rounded tax, the per-category tax equals the rate
//! applied to the category base (rounded once, not once per line), and nothing is lost.
//!
//! # Status machine
//!
//! | from \ action | edit lines | issue | pay | credit | refund | void |
//! |---|---|---|---|---|---|---|
//! | draft | yes | issued | - | - | - | void |
//! | issued | - | - | partially paid / paid | issued / paid | - | void (no payments) |
//! | partially paid | - | - | partially paid / paid | partially paid / paid | - | - |
//! | paid | - | - | - | paid (refund due) | paid | - |
//! | void | - | - | - | - | - | - |
//!
//! Every other combination is a [`BillingError::InvalidTransition`].

use crate::error::BillingError;
use crate::money::{allocate_largest_remainder, check_bounded, Currency, Rounding};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a line bills for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// A consultation fee.
    Consultation,
    /// A procedure.
    Procedure,
    /// A laboratory test.
    LabTest,
    /// A medication (quantity in dispensing units).
    Medication,
    /// Bed-days of an inpatient stay.
    BedDay,
    /// Supplies.
    Supply,
}

/// A discount: a percentage (0-100) or a fixed amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Discount {
    /// A percentage of the amount, 0 to 100.
    Percent {
        /// The percentage.
        percent: Decimal,
    },
    /// A fixed amount, capped at the amount discounted.
    Amount {
        /// The amount.
        amount: Decimal,
    },
}

/// One line of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    /// Line identifier, unique within the invoice.
    pub id: String,
    /// What the line bills for.
    pub kind: LineKind,
    /// Optional billing code (CPT, LOINC, NDC, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Human description.
    #[serde(default)]
    pub description: String,
    /// Quantity (units, bed-days, tablets); non-negative.
    pub quantity: Decimal,
    /// Price per unit; non-negative.
    pub unit_price: Decimal,
    /// A discount on this line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<Discount>,
    /// Tax category; must have a rate in the invoice's tax table.
    #[serde(default = "default_tax_category")]
    pub tax_category: String,
}

fn default_tax_category() -> String {
    "exempt".to_string()
}

/// A tax rate for a category, as a fraction (0.07 for 7%).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxRate {
    /// The category name.
    pub category: String,
    /// The rate as a fraction, 0 to 1.
    pub rate: Decimal,
}

/// How a payment or refund was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Cash.
    Cash,
    /// Credit or debit card.
    Card,
    /// Bank transfer.
    BankTransfer,
    /// Cheque.
    Cheque,
    /// Paid by an insurer.
    Insurance,
    /// Mobile money wallet.
    MobileMoney,
    /// Anything else.
    Other,
}

/// A payment received against an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// Payment identifier.
    pub id: String,
    /// Amount received (positive, in minor units of the invoice currency).
    pub amount: Decimal,
    /// How it was paid.
    pub method: PaymentMethod,
    /// External reference (card authorization, transfer id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// A credit note reducing what is owed on an issued invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditNote {
    /// Credit note identifier.
    pub id: String,
    /// Amount credited (positive).
    pub amount: Decimal,
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// Money returned to the payer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    /// Refund identifier.
    pub id: String,
    /// Amount returned (positive).
    pub amount: Decimal,
    /// How it was returned.
    pub method: PaymentMethod,
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// Invoice status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Being prepared; lines may change.
    #[default]
    Draft,
    /// Sent to the payer; lines are frozen.
    Issued,
    /// Some but not all of the balance is paid.
    PartiallyPaid,
    /// Nothing is owed (a refund may be due after a credit note).
    Paid,
    /// Cancelled.
    Void,
}

impl InvoiceStatus {
    /// The status name as serialized.
    pub fn as_str(&self) -> &'static str {
        match self {
            InvoiceStatus::Draft => "draft",
            InvoiceStatus::Issued => "issued",
            InvoiceStatus::PartiallyPaid => "partially_paid",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Void => "void",
        }
    }
}

/// An invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// Invoice identifier.
    pub id: String,
    /// Currency of every amount on the invoice.
    #[serde(default)]
    pub currency: Currency,
    /// Line items.
    pub lines: Vec<InvoiceLine>,
    /// A discount on the whole invoice, allocated to lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<Discount>,
    /// Tax rates by category.
    #[serde(default)]
    pub tax_rates: Vec<TaxRate>,
    /// Current status.
    #[serde(default)]
    pub status: InvoiceStatus,
    /// Payments received.
    #[serde(default)]
    pub payments: Vec<Payment>,
    /// Credit notes issued.
    #[serde(default)]
    pub credit_notes: Vec<CreditNote>,
    /// Refunds made.
    #[serde(default)]
    pub refunds: Vec<Refund>,
}

/// The computed amounts of one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineTotals {
    /// Line identifier.
    pub line_id: String,
    /// Quantity x unit price, rounded.
    pub gross: Decimal,
    /// Line discount plus this line's share of the invoice discount.
    pub discount: Decimal,
    /// Gross minus discount.
    pub net: Decimal,
    /// This line's share of its category's tax.
    pub tax: Decimal,
    /// Net plus tax.
    pub total: Decimal,
}

/// Tax of one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxTotals {
    /// The category.
    pub category: String,
    /// Its rate.
    pub rate: Decimal,
    /// Sum of the net lines in the category.
    pub base: Decimal,
    /// Base x rate, rounded once.
    pub tax: Decimal,
}

/// Every computed amount of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceTotals {
    /// Currency.
    pub currency: Currency,
    /// Per-line amounts, in line order.
    pub lines: Vec<LineTotals>,
    /// Sum of line grosses.
    pub subtotal: Decimal,
    /// Sum of all discounts.
    pub discount: Decimal,
    /// Sum of line nets.
    pub net: Decimal,
    /// Per-category tax, sorted by category.
    pub taxes: Vec<TaxTotals>,
    /// Sum of taxes.
    pub tax: Decimal,
    /// Net plus tax: equals the sum of the line totals.
    pub total: Decimal,
    /// Sum of credit notes.
    pub credited: Decimal,
    /// Sum of payments.
    pub paid: Decimal,
    /// Sum of refunds.
    pub refunded: Decimal,
    /// Total - credited - paid + refunded; negative when a refund is due.
    pub balance: Decimal,
}

fn discount_amount(
    d: &Discount,
    base: Decimal,
    dp: u32,
    loc: &str,
) -> Result<Decimal, BillingError> {
    match d {
        Discount::Percent { percent } => {
            if *percent < Decimal::ZERO || *percent > Decimal::ONE_HUNDRED {
                return Err(BillingError::invalid(
                    loc,
                    "discount percent must be 0 to 100",
                ));
            }
            let v = base
                .checked_mul(*percent)
                .ok_or_else(|| BillingError::Overflow(loc.to_string()))?
                / Decimal::ONE_HUNDRED;
            Ok(Rounding::HalfEven.round(v, dp))
        }
        Discount::Amount { amount } => {
            if amount.is_sign_negative() {
                return Err(BillingError::invalid(
                    loc,
                    "discount amount must not be negative",
                ));
            }
            Ok(Rounding::HalfEven.round(*amount, dp).min(base))
        }
    }
}

fn positive(amount: Decimal, loc: &str) -> Result<(), BillingError> {
    if amount <= Decimal::ZERO {
        return Err(BillingError::invalid(loc, "amount must be positive"));
    }
    Ok(())
}

impl Invoice {
    /// A new draft invoice with no lines.
    pub fn new(id: impl Into<String>, currency: Currency) -> Self {
        Invoice {
            id: id.into(),
            currency,
            lines: Vec::new(),
            discount: None,
            tax_rates: Vec::new(),
            status: InvoiceStatus::Draft,
            payments: Vec::new(),
            credit_notes: Vec::new(),
            refunds: Vec::new(),
        }
    }

    fn transition_error(&self, action: &str) -> BillingError {
        BillingError::InvalidTransition {
            invoice: self.id.clone(),
            from: self.status.as_str().to_string(),
            action: action.to_string(),
        }
    }

    /// Computes every amount of the invoice.
    pub fn totals(&self) -> Result<InvoiceTotals, BillingError> {
        let dp = self.currency.minor_units();
        let rates: BTreeMap<&str, Decimal> = self
            .tax_rates
            .iter()
            .map(|t| (t.category.as_str(), t.rate))
            .collect();
        for t in &self.tax_rates {
            if t.rate < Decimal::ZERO || t.rate > Decimal::ONE {
                return Err(BillingError::invalid(
                    format!("tax category {}", t.category),
                    "rate must be a fraction from 0 to 1",
                ));
            }
        }
        let mut gross = Vec::with_capacity(self.lines.len());
        let mut after_line = Vec::with_capacity(self.lines.len());
        let mut line_disc = Vec::with_capacity(self.lines.len());
        for line in &self.lines {
            let loc = format!("invoice {} line {}", self.id, line.id);
            check_bounded(line.quantity, &loc)?;
            check_bounded(line.unit_price, &loc)?;
            if let Some(Discount::Amount { amount } | Discount::Percent { percent: amount }) =
                &line.discount
            {
                check_bounded(*amount, &loc)?;
            }
            if line.quantity.is_sign_negative() || line.unit_price.is_sign_negative() {
                return Err(BillingError::invalid(
                    loc,
                    "quantity and unit price must not be negative",
                ));
            }
            if !rates.contains_key(line.tax_category.as_str()) && line.tax_category != "exempt" {
                return Err(BillingError::UnknownTaxCategory {
                    line: line.id.clone(),
                    category: line.tax_category.clone(),
                });
            }
            let g = line
                .quantity
                .checked_mul(line.unit_price)
                .ok_or_else(|| BillingError::Overflow(loc.clone()))?;
            let g = Rounding::HalfEven.round(g, dp);
            let d = match &line.discount {
                Some(d) => discount_amount(d, g, dp, &loc)?,
                None => Decimal::ZERO,
            };
            gross.push(g);
            line_disc.push(d);
            after_line.push(g - d);
        }
        if let Some(Discount::Amount { amount } | Discount::Percent { percent: amount }) =
            &self.discount
        {
            check_bounded(*amount, &format!("invoice {} discount", self.id))?;
        }
        for (what, list) in [
            (
                "payment",
                self.payments.iter().map(|p| p.amount).collect::<Vec<_>>(),
            ),
            (
                "credit note",
                self.credit_notes.iter().map(|c| c.amount).collect(),
            ),
            ("refund", self.refunds.iter().map(|r| r.amount).collect()),
        ] {
            for a in list {
                check_bounded(a, &format!("invoice {} {what}", self.id))?;
            }
        }
        if self.lines.len() + self.payments.len() + self.credit_notes.len() + self.refunds.len()
            > 100_000
        {
            return Err(BillingError::invalid(
                format!("invoice {}", self.id),
                "too many entries",
            ));
        }
        let sum_after: Decimal = after_line.iter().sum();
        let inv_disc = match &self.discount {
            Some(d) => discount_amount(d, sum_after, dp, &format!("invoice {} discount", self.id))?,
            None => Decimal::ZERO,
        };
        let alloc = allocate_largest_remainder(inv_disc, &after_line, dp)?;
        let net: Vec<Decimal> = after_line.iter().zip(&alloc).map(|(a, b)| a - b).collect();

        // Tax per category, rounded once, allocated to the category's lines.
        let mut tax = vec![Decimal::ZERO; self.lines.len()];
        let mut by_cat: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, line) in self.lines.iter().enumerate() {
            by_cat
                .entry(line.tax_category.as_str())
                .or_default()
                .push(i);
        }
        let mut taxes = Vec::new();
        for (cat, idx) in &by_cat {
            let rate = rates.get(cat).copied().unwrap_or(Decimal::ZERO);
            let base: Decimal = idx.iter().filter_map(|i| net.get(*i)).sum();
            let t = Rounding::HalfEven.round(
                base.checked_mul(rate)
                    .ok_or_else(|| BillingError::Overflow(format!("tax {cat}")))?,
                dp,
            );
            let weights: Vec<Decimal> = idx.iter().filter_map(|i| net.get(*i).copied()).collect();
            let parts = allocate_largest_remainder(t, &weights, dp)?;
            for (i, p) in idx.iter().zip(parts) {
                if let Some(slot) = tax.get_mut(*i) {
                    *slot = p;
                }
            }
            taxes.push(TaxTotals {
                category: cat.to_string(),
                rate,
                base,
                tax: t,
            });
        }
        let lines: Vec<LineTotals> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| LineTotals {
                line_id: l.id.clone(),
                gross: gross[i],
                discount: line_disc[i] + alloc[i],
                net: net[i],
                tax: tax[i],
                total: net[i] + tax[i],
            })
            .collect();
        let total: Decimal = lines.iter().map(|l| l.total).sum();
        let credited: Decimal = self.credit_notes.iter().map(|c| c.amount).sum();
        let paid: Decimal = self.payments.iter().map(|p| p.amount).sum();
        let refunded: Decimal = self.refunds.iter().map(|r| r.amount).sum();
        Ok(InvoiceTotals {
            currency: self.currency,
            subtotal: gross.iter().sum(),
            discount: lines.iter().map(|l| l.discount).sum(),
            net: net.iter().sum(),
            tax: taxes.iter().map(|t| t.tax).sum(),
            total,
            credited,
            paid,
            refunded,
            balance: total - credited - paid + refunded,
            taxes,
            lines,
        })
    }

    /// Adds a line to a draft invoice.
    pub fn add_line(&mut self, line: InvoiceLine) -> Result<(), BillingError> {
        if self.status != InvoiceStatus::Draft {
            return Err(self.transition_error("add a line"));
        }
        if self.lines.iter().any(|l| l.id == line.id) {
            return Err(BillingError::invalid(
                format!("invoice {} line {}", self.id, line.id),
                "duplicate line id",
            ));
        }
        self.lines.push(line);
        Ok(())
    }

    /// Removes a line from a draft invoice; returns it.
    pub fn remove_line(&mut self, line_id: &str) -> Result<InvoiceLine, BillingError> {
        if self.status != InvoiceStatus::Draft {
            return Err(self.transition_error("remove a line"));
        }
        let pos = self
            .lines
            .iter()
            .position(|l| l.id == line_id)
            .ok_or_else(|| {
                BillingError::invalid(
                    format!("invoice {} line {line_id}", self.id),
                    "no such line",
                )
            })?;
        Ok(self.lines.remove(pos))
    }

    /// Issues a draft invoice (its totals must compute and be positive).
    pub fn issue(&mut self) -> Result<InvoiceTotals, BillingError> {
        if self.status != InvoiceStatus::Draft {
            return Err(self.transition_error("issue"));
        }
        let t = self.totals()?;
        if t.total <= Decimal::ZERO {
            return Err(BillingError::invalid(
                format!("invoice {}", self.id),
                "nothing to bill",
            ));
        }
        self.status = InvoiceStatus::Issued;
        Ok(t)
    }

    fn settle_status(&mut self, t: &InvoiceTotals) {
        self.status = if t.balance <= Decimal::ZERO {
            InvoiceStatus::Paid
        } else if t.paid - t.refunded > Decimal::ZERO {
            InvoiceStatus::PartiallyPaid
        } else {
            InvoiceStatus::Issued
        };
    }

    /// Records a payment; it may not exceed the balance.
    pub fn record_payment(&mut self, payment: Payment) -> Result<InvoiceTotals, BillingError> {
        if !matches!(
            self.status,
            InvoiceStatus::Issued | InvoiceStatus::PartiallyPaid
        ) {
            return Err(self.transition_error("record a payment"));
        }
        let loc = format!("invoice {} payment {}", self.id, payment.id);
        positive(payment.amount, &loc)?;
        let before = self.totals()?;
        if payment.amount > before.balance {
            return Err(BillingError::invalid(
                loc,
                format!(
                    "payment {} exceeds balance {}",
                    payment.amount, before.balance
                ),
            ));
        }
        self.payments.push(payment);
        let t = self.totals()?;
        self.settle_status(&t);
        Ok(t)
    }

    /// Issues a credit note; total credits may not exceed the invoice total. Crediting a paid
    /// invoice leaves a negative balance: the refund due.
    pub fn credit(&mut self, note: CreditNote) -> Result<InvoiceTotals, BillingError> {
        if !matches!(
            self.status,
            InvoiceStatus::Issued | InvoiceStatus::PartiallyPaid | InvoiceStatus::Paid
        ) {
            return Err(self.transition_error("issue a credit note"));
        }
        let loc = format!("invoice {} credit note {}", self.id, note.id);
        positive(note.amount, &loc)?;
        let before = self.totals()?;
        if before.credited + note.amount > before.total {
            return Err(BillingError::invalid(
                loc,
                "credits would exceed the invoice total",
            ));
        }
        self.credit_notes.push(note);
        let t = self.totals()?;
        self.settle_status(&t);
        Ok(t)
    }

    /// Refunds money to the payer; only what is due back (a negative balance) can be refunded.
    pub fn refund(&mut self, refund: Refund) -> Result<InvoiceTotals, BillingError> {
        if self.status != InvoiceStatus::Paid {
            return Err(self.transition_error("refund"));
        }
        let loc = format!("invoice {} refund {}", self.id, refund.id);
        positive(refund.amount, &loc)?;
        let before = self.totals()?;
        if refund.amount > -before.balance {
            return Err(BillingError::invalid(
                loc,
                format!(
                    "refund {} exceeds the amount due back {}",
                    refund.amount, -before.balance
                ),
            ));
        }
        self.refunds.push(refund);
        self.totals()
    }

    /// Voids a draft invoice, or an issued one with no payments.
    pub fn void(&mut self) -> Result<(), BillingError> {
        match self.status {
            InvoiceStatus::Draft => {}
            InvoiceStatus::Issued if self.payments.is_empty() => {}
            _ => return Err(self.transition_error("void")),
        }
        self.status = InvoiceStatus::Void;
        Ok(())
    }
}

/// Computes the totals of many invoices in one call.
pub fn totals_many(invoices: &[Invoice]) -> Vec<Result<InvoiceTotals, BillingError>> {
    invoices.iter().map(Invoice::totals).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn line(id: &str, kind: LineKind, qty: Decimal, price: Decimal, cat: &str) -> InvoiceLine {
        InvoiceLine {
            id: id.into(),
            kind,
            code: None,
            description: String::new(),
            quantity: qty,
            unit_price: price,
            discount: None,
            tax_category: cat.into(),
        }
    }

    fn sample() -> Invoice {
        let mut inv = Invoice::new("INV-1", Currency::USD);
        inv.tax_rates = vec![
            TaxRate {
                category: "goods".into(),
                rate: dec!(0.0725),
            },
            TaxRate {
                category: "services".into(),
                rate: dec!(0),
            },
        ];
        inv.add_line(line(
            "1",
            LineKind::Consultation,
            dec!(1),
            dec!(150.00),
            "services",
        ))
        .unwrap();
        inv.add_line(line(
            "2",
            LineKind::Medication,
            dec!(3),
            dec!(3.335),
            "goods",
        ))
        .unwrap();
        inv.add_line(line("3", LineKind::Supply, dec!(7), dec!(1.99), "goods"))
            .unwrap();
        inv.add_line(line("4", LineKind::BedDay, dec!(2), dec!(800), "services"))
            .unwrap();
        inv.discount = Some(Discount::Percent { percent: dec!(10) });
        inv
    }

    #[test]
    fn totals_equal_sum_of_rounded_lines() {
        let t = sample().totals().unwrap();
        // Line grosses: 150.00, 10.005 -> 10.00 (half-even), 13.93, 1600.00.
        assert_eq!(t.lines[1].gross, dec!(10.00));
        assert_eq!(t.subtotal, dec!(1773.93));
        // 10% of 1773.93 = 177.393 -> 177.39, allocated by largest remainder.
        assert_eq!(t.discount, dec!(177.39));
        assert_eq!(t.net, dec!(1596.54));
        // Goods base: 9.00 + 12.54 = 21.54 (after allocation); tax 21.54 x 7.25% = 1.56165 -> 1.56.
        let goods = t.taxes.iter().find(|x| x.category == "goods").unwrap();
        assert_eq!(goods.base, dec!(21.54));
        assert_eq!(goods.tax, dec!(1.56));
        assert_eq!(t.total, t.lines.iter().map(|l| l.total).sum::<Decimal>());
        assert_eq!(t.total, dec!(1598.10));
        assert_eq!(
            t.lines.iter().map(|l| l.discount).sum::<Decimal>(),
            dec!(177.39)
        );
    }

    #[test]
    fn status_machine_and_payments() {
        let mut inv = sample();
        assert_eq!(
            inv.record_payment(Payment {
                id: "p0".into(),
                amount: dec!(1),
                method: PaymentMethod::Cash,
                reference: None
            })
            .unwrap_err()
            .code(),
            "BILLING_INVALID_TRANSITION"
        );
        inv.issue().unwrap();
        assert!(inv
            .add_line(line("5", LineKind::LabTest, dec!(1), dec!(1), "services"))
            .is_err());
        let t = inv
            .record_payment(Payment {
                id: "p1".into(),
                amount: dec!(598.10),
                method: PaymentMethod::Card,
                reference: None,
            })
            .unwrap();
        assert_eq!(t.balance, dec!(1000.00));
        assert_eq!(inv.status, InvoiceStatus::PartiallyPaid);
        assert_eq!(inv.void().unwrap_err().code(), "BILLING_INVALID_TRANSITION");
        assert!(inv
            .record_payment(Payment {
                id: "p2".into(),
                amount: dec!(1000.01),
                method: PaymentMethod::Cash,
                reference: None
            })
            .is_err());
        inv.record_payment(Payment {
            id: "p2".into(),
            amount: dec!(1000.00),
            method: PaymentMethod::Insurance,
            reference: None,
        })
        .unwrap();
        assert_eq!(inv.status, InvoiceStatus::Paid);
        // A credit note on a paid invoice makes a refund due.
        let t = inv
            .credit(CreditNote {
                id: "c1".into(),
                amount: dec!(50),
                reason: "duplicate lab".into(),
            })
            .unwrap();
        assert_eq!(t.balance, dec!(-50));
        assert!(inv
            .refund(Refund {
                id: "r1".into(),
                amount: dec!(60),
                method: PaymentMethod::Card,
                reason: String::new()
            })
            .is_err());
        let t = inv
            .refund(Refund {
                id: "r1".into(),
                amount: dec!(50),
                method: PaymentMethod::Card,
                reason: String::new(),
            })
            .unwrap();
        assert_eq!(t.balance, dec!(0));
        assert_eq!(inv.status, InvoiceStatus::Paid);
    }

    #[test]
    fn void_rules() {
        let mut inv = sample();
        inv.issue().unwrap();
        inv.void().unwrap();
        assert_eq!(inv.status, InvoiceStatus::Void);
        assert_eq!(
            inv.issue().unwrap_err().code(),
            "BILLING_INVALID_TRANSITION"
        );
        assert!(inv
            .credit(CreditNote {
                id: "c".into(),
                amount: dec!(1),
                reason: String::new()
            })
            .is_err());
    }

    #[test]
    fn unknown_tax_category_and_bad_values() {
        let mut inv = sample();
        inv.lines[0].tax_category = "luxury".into();
        assert_eq!(
            inv.totals().unwrap_err().code(),
            "BILLING_UNKNOWN_TAX_CATEGORY"
        );
        let mut inv = sample();
        inv.lines[0].quantity = dec!(-1);
        assert_eq!(inv.totals().unwrap_err().code(), "BILLING_INVALID_VALUE");
    }
}
