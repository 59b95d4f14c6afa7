//! The one error type of the triage crate, with a stable machine-readable code per variant.

use thiserror::Error;

/// Everything that can go wrong when scoring, triaging or loading rule tables.
///
/// Every variant names the field (or the location in a rule table) it is about, and
/// [`TriageError::code`] gives a stable code for hosts to branch on.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TriageError {
    /// A measurement is impossible (negative rate, SpO2 above 100 %, not a number).
    #[error("{field} = {value} is out of range (allowed {min} to {max})")]
    OutOfRange {
        /// The input field, e.g. `spo2`.
        field: &'static str,
        /// The value given (as text, so NaN and infinities survive).
        value: String,
        /// The smallest accepted value.
        min: f64,
        /// The largest accepted value.
        max: f64,
    },
    /// A coded value (ACVPU letter, resource code, finding code...) is not known.
    #[error("{field}: unknown code {code:?} (expected one of {expected})")]
    UnknownCode {
        /// The input field, e.g. `consciousness`.
        field: String,
        /// The code given.
        code: String,
        /// The accepted codes, comma separated.
        expected: String,
    },
    /// Inputs contradict each other (for example SpO2 scale 2 requested without hypercapnic
    /// respiratory failure).
    #[error("{field}: {reason}")]
    Inconsistent {
        /// The input field at fault.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A band table, rule table or level model supplied as data is malformed.
    #[error("{location}: {reason}")]
    InvalidTable {
        /// Where in the table, e.g. `rules[3].level`.
        location: String,
        /// What is wrong.
        reason: String,
    },
}

impl TriageError {
    /// The stable machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            TriageError::OutOfRange { .. } => "TRIAGE_OUT_OF_RANGE",
            TriageError::UnknownCode { .. } => "TRIAGE_UNKNOWN_CODE",
            TriageError::Inconsistent { .. } => "TRIAGE_INCONSISTENT_INPUT",
            TriageError::InvalidTable { .. } => "TRIAGE_INVALID_TABLE",
        }
    }

    pub(crate) fn unknown(field: impl Into<String>, code: &str, expected: &[&str]) -> Self {
        TriageError::UnknownCode {
            field: field.into(),
            code: code.to_string(),
            expected: expected.join(", "),
        }
    }

    pub(crate) fn table(location: impl Into<String>, reason: impl Into<String>) -> Self {
        TriageError::InvalidTable {
            location: location.into(),
            reason: reason.into(),
        }
    }
}

/// Checks that an optional measurement is a finite number within `[min, max]`.
#[inline]
pub(crate) fn check_range(
    field: &'static str,
    value: Option<f64>,
    min: f64,
    max: f64,
) -> Result<Option<f64>, TriageError> {
    match value {
        // NaN fails both comparisons; infinities fail one of them.
        Some(v) if !(v >= min && v <= max) => Err(out_of_range(field, v, min, max)),
        other => Ok(other),
    }
}

#[cold]
#[inline(never)]
fn out_of_range(field: &'static str, v: f64, min: f64, max: f64) -> TriageError {
    TriageError::OutOfRange {
        field,
        value: v.to_string(),
        min,
        max,
    }
}

/// Physiological limits beyond which a measurement is treated as impossible (an input error,
/// not a score). They are deliberately wide: anything a monitor can display is accepted.
pub mod limits {
    /// Respiration rate, breaths per minute.
    pub const RESPIRATION_RATE: (f64, f64) = (0.0, 150.0);
    /// Peripheral oxygen saturation, percent.
    pub const SPO2: (f64, f64) = (0.0, 100.0);
    /// Systolic blood pressure, mmHg.
    pub const SYSTOLIC_BP: (f64, f64) = (0.0, 400.0);
    /// Pulse / heart rate, beats per minute.
    pub const HEART_RATE: (f64, f64) = (0.0, 350.0);
    /// Core temperature, degrees Celsius.
    pub const TEMPERATURE_C: (f64, f64) = (10.0, 47.0);
    /// White cell count, 10^9 cells per litre.
    pub const WBC: (f64, f64) = (0.0, 1000.0);
    /// Immature (band) neutrophils, percent.
    pub const BANDS_PERCENT: (f64, f64) = (0.0, 100.0);
    /// Arterial PaCO2, mmHg.
    pub const PACO2_MMHG: (f64, f64) = (0.0, 250.0);
    /// Capillary refill time, seconds.
    pub const CAPILLARY_REFILL_S: (f64, f64) = (0.0, 60.0);
    /// Age, years.
    pub const AGE_YEARS: (f64, f64) = (0.0, 130.0);
    /// Inspired oxygen fraction, percent.
    pub const FIO2_PERCENT: (f64, f64) = (21.0, 100.0);
    /// Oxygen flow, litres per minute.
    pub const O2_FLOW_LPM: (f64, f64) = (0.0, 80.0);
    /// Pain score on the 0-10 numeric scale.
    pub const PAIN: (f64, f64) = (0.0, 10.0);
}
