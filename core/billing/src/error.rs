//! The one error type of the billing crate.

use thiserror::Error;

/// Everything that can go wrong in billing, each with a stable machine-readable code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum BillingError {
    /// Two amounts in different currencies were combined.
    #[error("{location}: currency mismatch ({left} vs {right})")]
    CurrencyMismatch {
        /// Where the amounts were combined.
        location: String,
        /// Currency of the left operand.
        left: String,
        /// Currency of the right operand.
        right: String,
    },
    /// A currency code is not three ASCII letters.
    #[error("invalid currency code {0:?}: expected three ASCII letters (ISO 4217)")]
    InvalidCurrency(String),
    /// A value is out of its allowed range (negative quantity, rate above 100%, ...).
    #[error("{location}: {message}")]
    InvalidValue {
        /// The field or item at fault.
        location: String,
        /// What is wrong with it.
        message: String,
    },
    /// An arithmetic result does not fit in a decimal.
    #[error("{0}: arithmetic overflow")]
    Overflow(String),
    /// An invoice status transition that the status machine does not allow.
    #[error("invoice {invoice}: cannot {action} when status is {from}")]
    InvalidTransition {
        /// The invoice identifier.
        invoice: String,
        /// Current status.
        from: String,
        /// The attempted action.
        action: String,
    },
    /// A tax category used by a line has no rate.
    #[error("invoice line {line}: no tax rate for category {category:?}")]
    UnknownTaxCategory {
        /// The line identifier.
        line: String,
        /// The missing category.
        category: String,
    },
    /// Fiscal-year parameters are missing for the requested year.
    #[error("no IPPS parameters for fiscal year {0}")]
    UnknownFiscalYear(u16),
    /// A DRG is not in the loaded tables.
    #[error("DRG {0:03} is not in the loaded tables")]
    UnknownDrg(u16),
    /// Grouper or parameter data could not be parsed.
    #[error("data {location}: {message}")]
    Data {
        /// File or record at fault.
        location: String,
        /// What is wrong.
        message: String,
    },
    /// A claim or plan input could not be parsed.
    #[error("input {location}: {message}")]
    Input {
        /// Record or field at fault.
        location: String,
        /// What is wrong.
        message: String,
    },
}

impl BillingError {
    /// The stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            BillingError::CurrencyMismatch { .. } => "BILLING_CURRENCY_MISMATCH",
            BillingError::InvalidCurrency(_) => "BILLING_INVALID_CURRENCY",
            BillingError::InvalidValue { .. } => "BILLING_INVALID_VALUE",
            BillingError::Overflow(_) => "BILLING_OVERFLOW",
            BillingError::InvalidTransition { .. } => "BILLING_INVALID_TRANSITION",
            BillingError::UnknownTaxCategory { .. } => "BILLING_UNKNOWN_TAX_CATEGORY",
            BillingError::UnknownFiscalYear(_) => "BILLING_UNKNOWN_FISCAL_YEAR",
            BillingError::UnknownDrg(_) => "BILLING_UNKNOWN_DRG",
            BillingError::Data { .. } => "BILLING_DATA",
            BillingError::Input { .. } => "BILLING_INPUT",
        }
    }

    pub(crate) fn invalid(location: impl Into<String>, message: impl Into<String>) -> Self {
        BillingError::InvalidValue {
            location: location.into(),
            message: message.into(),
        }
    }
}
