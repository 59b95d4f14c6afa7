//! Patient invoices: the invoice as plain data (records), its totals (single and batch) and the
//! `Invoice` object with the core's status machine (draft, issued, partially paid, paid, void).
//! Every amount, quantity and rate crosses as an exact decimal string, never a float; a
//! malformed one raises `InvalidArgument` naming the field.

use crate::billing::dec;
use crate::{guard, MedcoreError};
use medcore::billing as core;
use std::sync::{Arc, Mutex, MutexGuard};

fn currency(code: &str) -> Result<core::Currency, MedcoreError> {
    Ok(core::Currency::new(code)?)
}

fn input_error(location: &str, e: impl std::fmt::Display) -> MedcoreError {
    core::BillingError::Input {
        location: location.to_string(),
        message: e.to_string(),
    }
    .into()
}

/// What a line bills for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
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

impl From<LineKind> for core::LineKind {
    fn from(k: LineKind) -> Self {
        match k {
            LineKind::Consultation => core::LineKind::Consultation,
            LineKind::Procedure => core::LineKind::Procedure,
            LineKind::LabTest => core::LineKind::LabTest,
            LineKind::Medication => core::LineKind::Medication,
            LineKind::BedDay => core::LineKind::BedDay,
            LineKind::Supply => core::LineKind::Supply,
        }
    }
}

impl From<core::LineKind> for LineKind {
    fn from(k: core::LineKind) -> Self {
        match k {
            core::LineKind::Consultation => LineKind::Consultation,
            core::LineKind::Procedure => LineKind::Procedure,
            core::LineKind::LabTest => LineKind::LabTest,
            core::LineKind::Medication => LineKind::Medication,
            core::LineKind::BedDay => LineKind::BedDay,
            core::LineKind::Supply => LineKind::Supply,
        }
    }
}

/// A discount: a percentage (0-100) or a fixed amount, as decimal strings.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Discount {
    /// A percentage of the amount, 0 to 100.
    Percent {
        /// The percentage, e.g. `"12.5"`.
        percent: String,
    },
    /// A fixed amount, capped at the amount discounted.
    Amount {
        /// The amount, e.g. `"25.00"`.
        amount: String,
    },
}

impl Discount {
    fn to_core(&self, field: &str) -> Result<core::Discount, MedcoreError> {
        Ok(match self {
            Discount::Percent { percent } => core::Discount::Percent {
                percent: dec(&format!("{field}.percent"), percent)?,
            },
            Discount::Amount { amount } => core::Discount::Amount {
                amount: dec(&format!("{field}.amount"), amount)?,
            },
        })
    }
}

impl From<core::Discount> for Discount {
    fn from(d: core::Discount) -> Self {
        match d {
            core::Discount::Percent { percent } => Discount::Percent {
                percent: percent.to_string(),
            },
            core::Discount::Amount { amount } => Discount::Amount {
                amount: amount.to_string(),
            },
        }
    }
}

/// One line of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct InvoiceLine {
    /// Line identifier, unique within the invoice.
    pub id: String,
    /// What the line bills for.
    pub kind: LineKind,
    /// Optional billing code (CPT, LOINC, NDC, ...).
    #[uniffi(default = None)]
    pub code: Option<String>,
    /// Human description.
    #[uniffi(default = "")]
    pub description: String,
    /// Quantity (units, bed-days, tablets), a non-negative decimal string.
    pub quantity: String,
    /// Price per unit, a non-negative decimal string.
    pub unit_price: String,
    /// A discount on this line.
    #[uniffi(default = None)]
    pub discount: Option<Discount>,
    /// Tax category; must have a rate in the invoice's tax table (`exempt` needs none).
    #[uniffi(default = "exempt")]
    pub tax_category: String,
}

impl InvoiceLine {
    fn to_core(&self) -> Result<core::InvoiceLine, MedcoreError> {
        let at = format!("line {}", self.id);
        Ok(core::InvoiceLine {
            id: self.id.clone(),
            kind: self.kind.into(),
            code: self.code.clone(),
            description: self.description.clone(),
            quantity: dec(&format!("{at} quantity"), &self.quantity)?,
            unit_price: dec(&format!("{at} unit_price"), &self.unit_price)?,
            discount: self
                .discount
                .as_ref()
                .map(|d| d.to_core(&format!("{at} discount")))
                .transpose()?,
            tax_category: self.tax_category.clone(),
        })
    }
}

impl From<core::InvoiceLine> for InvoiceLine {
    fn from(l: core::InvoiceLine) -> Self {
        InvoiceLine {
            id: l.id,
            kind: l.kind.into(),
            code: l.code,
            description: l.description,
            quantity: l.quantity.to_string(),
            unit_price: l.unit_price.to_string(),
            discount: l.discount.map(Into::into),
            tax_category: l.tax_category,
        }
    }
}

/// A tax rate for a category, as a fraction (`"0.07"` for 7%).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TaxRate {
    /// The category name.
    pub category: String,
    /// The rate as a fraction, 0 to 1.
    pub rate: String,
}

/// How a payment or refund was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
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

impl From<PaymentMethod> for core::PaymentMethod {
    fn from(m: PaymentMethod) -> Self {
        match m {
            PaymentMethod::Cash => core::PaymentMethod::Cash,
            PaymentMethod::Card => core::PaymentMethod::Card,
            PaymentMethod::BankTransfer => core::PaymentMethod::BankTransfer,
            PaymentMethod::Cheque => core::PaymentMethod::Cheque,
            PaymentMethod::Insurance => core::PaymentMethod::Insurance,
            PaymentMethod::MobileMoney => core::PaymentMethod::MobileMoney,
            PaymentMethod::Other => core::PaymentMethod::Other,
        }
    }
}

impl From<core::PaymentMethod> for PaymentMethod {
    fn from(m: core::PaymentMethod) -> Self {
        match m {
            core::PaymentMethod::Cash => PaymentMethod::Cash,
            core::PaymentMethod::Card => PaymentMethod::Card,
            core::PaymentMethod::BankTransfer => PaymentMethod::BankTransfer,
            core::PaymentMethod::Cheque => PaymentMethod::Cheque,
            core::PaymentMethod::Insurance => PaymentMethod::Insurance,
            core::PaymentMethod::MobileMoney => PaymentMethod::MobileMoney,
            core::PaymentMethod::Other => PaymentMethod::Other,
        }
    }
}

/// A payment received against an invoice.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Payment {
    /// Payment identifier.
    pub id: String,
    /// Amount received (positive decimal string).
    pub amount: String,
    /// How it was paid.
    pub method: PaymentMethod,
    /// External reference (card authorization, transfer id).
    #[uniffi(default = None)]
    pub reference: Option<String>,
}

impl Payment {
    fn to_core(&self) -> Result<core::Payment, MedcoreError> {
        Ok(core::Payment {
            id: self.id.clone(),
            amount: dec(&format!("payment {} amount", self.id), &self.amount)?,
            method: self.method.into(),
            reference: self.reference.clone(),
        })
    }
}

/// A credit note reducing what is owed on an issued invoice.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CreditNote {
    /// Credit note identifier.
    pub id: String,
    /// Amount credited (positive decimal string).
    pub amount: String,
    /// Why.
    #[uniffi(default = "")]
    pub reason: String,
}

impl CreditNote {
    fn to_core(&self) -> Result<core::CreditNote, MedcoreError> {
        Ok(core::CreditNote {
            id: self.id.clone(),
            amount: dec(&format!("credit note {} amount", self.id), &self.amount)?,
            reason: self.reason.clone(),
        })
    }
}

/// Money returned to the payer.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Refund {
    /// Refund identifier.
    pub id: String,
    /// Amount returned (positive decimal string).
    pub amount: String,
    /// How it was returned.
    pub method: PaymentMethod,
    /// Why.
    #[uniffi(default = "")]
    pub reason: String,
}

impl Refund {
    fn to_core(&self) -> Result<core::Refund, MedcoreError> {
        Ok(core::Refund {
            id: self.id.clone(),
            amount: dec(&format!("refund {} amount", self.id), &self.amount)?,
            method: self.method.into(),
            reason: self.reason.clone(),
        })
    }
}

/// Invoice status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum InvoiceStatus {
    /// Being prepared; lines may change.
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

impl From<InvoiceStatus> for core::InvoiceStatus {
    fn from(s: InvoiceStatus) -> Self {
        match s {
            InvoiceStatus::Draft => core::InvoiceStatus::Draft,
            InvoiceStatus::Issued => core::InvoiceStatus::Issued,
            InvoiceStatus::PartiallyPaid => core::InvoiceStatus::PartiallyPaid,
            InvoiceStatus::Paid => core::InvoiceStatus::Paid,
            InvoiceStatus::Void => core::InvoiceStatus::Void,
        }
    }
}

impl From<core::InvoiceStatus> for InvoiceStatus {
    fn from(s: core::InvoiceStatus) -> Self {
        match s {
            core::InvoiceStatus::Draft => InvoiceStatus::Draft,
            core::InvoiceStatus::Issued => InvoiceStatus::Issued,
            core::InvoiceStatus::PartiallyPaid => InvoiceStatus::PartiallyPaid,
            core::InvoiceStatus::Paid => InvoiceStatus::Paid,
            core::InvoiceStatus::Void => InvoiceStatus::Void,
        }
    }
}

/// An invoice as plain data (the core's `Invoice`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct InvoiceData {
    /// Invoice identifier.
    pub id: String,
    /// ISO 4217 currency of every amount (`USD`, `JPY`, ...); it sets the rounding unit.
    #[uniffi(default = "USD")]
    pub currency: String,
    /// Line items.
    #[uniffi(default)]
    pub lines: Vec<InvoiceLine>,
    /// A discount on the whole invoice, allocated to lines.
    #[uniffi(default = None)]
    pub discount: Option<Discount>,
    /// Tax rates by category.
    #[uniffi(default)]
    pub tax_rates: Vec<TaxRate>,
    /// Current status (`InvoiceStatus.DRAFT` for a new invoice).
    pub status: InvoiceStatus,
    /// Payments received.
    #[uniffi(default)]
    pub payments: Vec<Payment>,
    /// Credit notes issued.
    #[uniffi(default)]
    pub credit_notes: Vec<CreditNote>,
    /// Refunds made.
    #[uniffi(default)]
    pub refunds: Vec<Refund>,
}

impl InvoiceData {
    fn to_core(&self) -> Result<core::Invoice, MedcoreError> {
        Ok(core::Invoice {
            id: self.id.clone(),
            currency: currency(&self.currency)?,
            lines: self
                .lines
                .iter()
                .map(InvoiceLine::to_core)
                .collect::<Result<_, _>>()?,
            discount: self
                .discount
                .as_ref()
                .map(|d| d.to_core("discount"))
                .transpose()?,
            tax_rates: self
                .tax_rates
                .iter()
                .map(|t| {
                    Ok(core::TaxRate {
                        category: t.category.clone(),
                        rate: dec(&format!("tax category {} rate", t.category), &t.rate)?,
                    })
                })
                .collect::<Result<_, MedcoreError>>()?,
            status: self.status.into(),
            payments: self
                .payments
                .iter()
                .map(Payment::to_core)
                .collect::<Result<_, _>>()?,
            credit_notes: self
                .credit_notes
                .iter()
                .map(CreditNote::to_core)
                .collect::<Result<_, _>>()?,
            refunds: self
                .refunds
                .iter()
                .map(Refund::to_core)
                .collect::<Result<_, _>>()?,
        })
    }
}

impl From<&core::Invoice> for InvoiceData {
    fn from(i: &core::Invoice) -> Self {
        InvoiceData {
            id: i.id.clone(),
            currency: i.currency.code().to_string(),
            lines: i.lines.iter().cloned().map(Into::into).collect(),
            discount: i.discount.map(Into::into),
            tax_rates: i
                .tax_rates
                .iter()
                .map(|t| TaxRate {
                    category: t.category.clone(),
                    rate: t.rate.to_string(),
                })
                .collect(),
            status: i.status.into(),
            payments: i
                .payments
                .iter()
                .map(|p| Payment {
                    id: p.id.clone(),
                    amount: p.amount.to_string(),
                    method: p.method.into(),
                    reference: p.reference.clone(),
                })
                .collect(),
            credit_notes: i
                .credit_notes
                .iter()
                .map(|c| CreditNote {
                    id: c.id.clone(),
                    amount: c.amount.to_string(),
                    reason: c.reason.clone(),
                })
                .collect(),
            refunds: i
                .refunds
                .iter()
                .map(|r| Refund {
                    id: r.id.clone(),
                    amount: r.amount.to_string(),
                    method: r.method.into(),
                    reason: r.reason.clone(),
                })
                .collect(),
        }
    }
}

/// The computed amounts of one line (decimal strings).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LineTotals {
    /// Line identifier.
    pub line_id: String,
    /// Quantity x unit price, rounded.
    pub gross: String,
    /// Line discount plus this line's share of the invoice discount.
    pub discount: String,
    /// Gross minus discount.
    pub net: String,
    /// This line's share of its category's tax.
    pub tax: String,
    /// Net plus tax.
    pub total: String,
}

/// Tax of one category (decimal strings).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TaxTotals {
    /// The category.
    pub category: String,
    /// Its rate.
    pub rate: String,
    /// Sum of the net lines in the category.
    pub base: String,
    /// Base x rate, rounded once.
    pub tax: String,
}

/// Every computed amount of an invoice (decimal strings, rounded half-even to the currency's
/// minor unit).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct InvoiceTotals {
    /// ISO 4217 currency.
    pub currency: String,
    /// Per-line amounts, in line order.
    pub lines: Vec<LineTotals>,
    /// Sum of line grosses.
    pub subtotal: String,
    /// Sum of all discounts.
    pub discount: String,
    /// Sum of line nets.
    pub net: String,
    /// Per-category tax, sorted by category.
    pub taxes: Vec<TaxTotals>,
    /// Sum of taxes.
    pub tax: String,
    /// Net plus tax: equals the sum of the line totals.
    pub total: String,
    /// Sum of credit notes.
    pub credited: String,
    /// Sum of payments.
    pub paid: String,
    /// Sum of refunds.
    pub refunded: String,
    /// Total - credited - paid + refunded; negative when a refund is due.
    pub balance: String,
}

impl From<core::InvoiceTotals> for InvoiceTotals {
    fn from(t: core::InvoiceTotals) -> Self {
        InvoiceTotals {
            currency: t.currency.code().to_string(),
            lines: t
                .lines
                .into_iter()
                .map(|l| LineTotals {
                    line_id: l.line_id,
                    gross: l.gross.to_string(),
                    discount: l.discount.to_string(),
                    net: l.net.to_string(),
                    tax: l.tax.to_string(),
                    total: l.total.to_string(),
                })
                .collect(),
            subtotal: t.subtotal.to_string(),
            discount: t.discount.to_string(),
            net: t.net.to_string(),
            taxes: t
                .taxes
                .into_iter()
                .map(|x| TaxTotals {
                    category: x.category,
                    rate: x.rate.to_string(),
                    base: x.base.to_string(),
                    tax: x.tax.to_string(),
                })
                .collect(),
            tax: t.tax.to_string(),
            total: t.total.to_string(),
            credited: t.credited.to_string(),
            paid: t.paid.to_string(),
            refunded: t.refunded.to_string(),
            balance: t.balance.to_string(),
        }
    }
}

/// One result of a batch of invoice totals.
// A record crossing the boundary by value: boxing it would not change what the host receives.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum InvoiceTotalsOutcome {
    /// The totals were computed.
    Ok {
        /// The totals.
        totals: InvoiceTotals,
    },
    /// The invoice was rejected.
    Failed {
        /// The stable error code (`BILLING_*` or `MEDCORE_INVALID_ARGUMENT`).
        code: String,
        /// The message.
        message: String,
    },
}

/// The totals of an invoice given as data: subtotal, discount, net, tax by category, total,
/// balance and per-line totals.
#[uniffi::export]
pub fn invoice_totals(invoice: InvoiceData) -> Result<InvoiceTotals, MedcoreError> {
    guard(|| Ok(invoice.to_core()?.totals()?.into()))
}

/// The totals of many invoices in one call: one outcome per invoice, in order.
#[uniffi::export]
pub fn invoice_totals_batch(
    invoices: Vec<InvoiceData>,
) -> Result<Vec<InvoiceTotalsOutcome>, MedcoreError> {
    guard(|| {
        Ok(invoices
            .iter()
            .map(|i| match i.to_core().and_then(|c| Ok(c.totals()?)) {
                Ok(t) => InvoiceTotalsOutcome::Ok { totals: t.into() },
                Err(e) => InvoiceTotalsOutcome::Failed {
                    code: e.code().to_string(),
                    message: e.to_string(),
                },
            })
            .collect())
    })
}

/// An invoice with its status machine (draft, issued, partially paid, paid, void). A call the
/// status machine does not allow, or with an invalid amount, raises and changes nothing; safe
/// to share between threads (calls are serialized).
#[derive(uniffi::Object)]
pub struct Invoice {
    inner: Mutex<core::Invoice>,
}

impl Invoice {
    fn lock(&self) -> MutexGuard<'_, core::Invoice> {
        // A panic inside a core call reaches the host as `MEDCORE_PANIC`; the invoice keeps
        // the state the core left it in, so a poisoned lock does not disable the object.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[uniffi::export]
impl Invoice {
    /// An invoice from data (any status, with its payments, credit notes and refunds).
    #[uniffi::constructor]
    pub fn new(data: InvoiceData) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            Ok(Arc::new(Invoice {
                inner: Mutex::new(data.to_core()?),
            }))
        })
    }

    /// An empty draft invoice in `currency` (ISO 4217 code).
    #[uniffi::constructor]
    pub fn draft(id: String, currency: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            Ok(Arc::new(Invoice {
                inner: Mutex::new(core::Invoice::new(id, self::currency(&currency)?)),
            }))
        })
    }

    /// An invoice from its JSON form (amounts as strings, as in `testdata/vectors`); a bad
    /// document raises `Billing` `BILLING_INPUT`.
    #[uniffi::constructor]
    pub fn from_json(text: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            let inner: core::Invoice =
                serde_json::from_str(&text).map_err(|e| input_error("invoice", e))?;
            Ok(Arc::new(Invoice {
                inner: Mutex::new(inner),
            }))
        })
    }

    /// The id.
    pub fn id(&self) -> String {
        self.lock().id.clone()
    }

    /// The status.
    pub fn status(&self) -> InvoiceStatus {
        self.lock().status.into()
    }

    /// Current totals.
    pub fn totals(&self) -> Result<InvoiceTotals, MedcoreError> {
        guard(|| Ok(self.lock().totals()?.into()))
    }

    /// Adds a line to a draft.
    pub fn add_line(&self, line: InvoiceLine) -> Result<(), MedcoreError> {
        guard(|| {
            let l = line.to_core()?;
            Ok(self.lock().add_line(l)?)
        })
    }

    /// Removes a line of a draft; returns it.
    pub fn remove_line(&self, line_id: String) -> Result<InvoiceLine, MedcoreError> {
        guard(|| Ok(self.lock().remove_line(&line_id)?.into()))
    }

    /// Issues the draft (its total must be positive); returns the totals.
    pub fn issue(&self) -> Result<InvoiceTotals, MedcoreError> {
        guard(|| Ok(self.lock().issue()?.into()))
    }

    /// Records a payment (not above the balance); returns the totals.
    pub fn record_payment(&self, payment: Payment) -> Result<InvoiceTotals, MedcoreError> {
        guard(|| {
            let p = payment.to_core()?;
            Ok(self.lock().record_payment(p)?.into())
        })
    }

    /// Issues a credit note (credits never above the total); returns the totals. Crediting a
    /// paid invoice leaves a negative balance: the refund due.
    pub fn credit(&self, note: CreditNote) -> Result<InvoiceTotals, MedcoreError> {
        guard(|| {
            let n = note.to_core()?;
            Ok(self.lock().credit(n)?.into())
        })
    }

    /// Refunds what is due back on a paid invoice; returns the totals.
    pub fn refund(&self, refund: Refund) -> Result<InvoiceTotals, MedcoreError> {
        guard(|| {
            let r = refund.to_core()?;
            Ok(self.lock().refund(r)?.into())
        })
    }

    /// Voids a draft, or an issued invoice with no payments.
    pub fn void(&self) -> Result<(), MedcoreError> {
        guard(|| Ok(self.lock().void()?))
    }

    /// The invoice as plain data.
    pub fn to_data(&self) -> InvoiceData {
        InvoiceData::from(&*self.lock())
    }

    /// The invoice as JSON (amounts as strings).
    pub fn to_json(&self) -> Result<String, MedcoreError> {
        guard(|| serde_json::to_string(&*self.lock()).map_err(|e| input_error("invoice", e)))
    }
}
