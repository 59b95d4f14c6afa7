//! medcore billing: exact-decimal money, patient invoices, insurance adjudication,
//! MS-DRG grouping and IPPS pricing.
//!
//! Every amount is a [`rust_decimal::Decimal`]; rounding happens only where a rule says so
//! (see [`money`]). Inputs and outputs are plain serde structs so that every host binding
//! converts types and holds no logic.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod adjudication;
pub mod error;
pub mod grouper;
pub mod invoice;
pub mod ipps;
pub mod money;

pub use adjudication::{
    Accumulators, Adjudication, Adjustment, Benefit, BenefitClaim, EobSummary, LineAdjudication,
    MemberAccumulator, Plan, ServiceLine,
};
pub use error::BillingError;
pub use grouper::{Claim, DrgKind, GroupResult, Grouper, Severity, Sex};
pub use invoice::{
    CreditNote, Discount, Invoice, InvoiceLine, InvoiceStatus, InvoiceTotals, LineKind, LineTotals,
    Payment, PaymentMethod, Refund, TaxRate, TaxTotals,
};
pub use ipps::{
    DrgWeight, FyParameters, Pricer, PricingInput, PricingResult, ProviderFactors, Table5,
    TransferKind,
};
pub use money::{Currency, Money, Rounding};
pub use rust_decimal::Decimal;
