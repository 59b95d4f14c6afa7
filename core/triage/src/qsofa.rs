//! qSOFA, the quick Sequential Organ Failure Assessment (Sepsis-3).
//!
//! One point each for respiratory rate ≥ 22/min, altered mentation (GCS < 15) and systolic
//! blood pressure ≤ 100 mmHg; 2 or more is positive. The criteria are published as
//! thresholds, so they are applied literally (21.5/min does not meet "≥ 22").

use crate::error::{check_range, limits, TriageError};
use crate::score::{Instrument, Observed, Parameter, ParameterScore, RiskBand, Score};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The citation reported with every qSOFA result.
pub const CITATION: &str = "Singer M, Deutschman CS, Seymour CW, et al. The Third International \
Consensus Definitions for Sepsis and Septic Shock (Sepsis-3). JAMA 2016;315(8):801-810; Seymour \
CW, et al. JAMA 2016;315(8):762-774.";

/// qSOFA findings; every field optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QsofaInput {
    /// Respiration rate, breaths per minute.
    #[serde(default)]
    pub respiration_rate: Option<f64>,
    /// Systolic blood pressure, mmHg.
    #[serde(default)]
    pub systolic_bp: Option<f64>,
    /// Altered mentation, if assessed directly.
    #[serde(default)]
    pub altered_mentation: Option<bool>,
    /// GCS total (3–15); below 15 is altered mentation.
    #[serde(default)]
    pub gcs: Option<f64>,
}

/// Scores qSOFA.
pub fn qsofa(input: &QsofaInput) -> Result<Score, TriageError> {
    let (lo, hi) = limits::RESPIRATION_RATE;
    let rr = check_range("respiration_rate", input.respiration_rate, lo, hi)?;
    let (lo, hi) = limits::SYSTOLIC_BP;
    let sbp = check_range("systolic_bp", input.systolic_bp, lo, hi)?;
    let gcs = check_range("gcs", input.gcs, 3.0, 15.0)?;
    if let Some(g) = gcs {
        if g.fract() != 0.0 {
            return Err(TriageError::OutOfRange {
                field: "gcs",
                value: g.to_string(),
                min: 3.0,
                max: 15.0,
            });
        }
    }
    let from_gcs = gcs.map(|g| g < 15.0);
    let altered = match (input.altered_mentation, from_gcs) {
        (Some(a), Some(g)) if a != g => {
            return Err(TriageError::Inconsistent {
                field: "altered_mentation",
                reason: format!(
                    "altered_mentation = {a} contradicts gcs = {} (altered mentation is GCS < 15)",
                    gcs.unwrap_or(0.0)
                ),
            })
        }
        (Some(a), _) => Some(a),
        (None, g) => g,
    };

    let mut breakdown = Vec::with_capacity(3);
    let mut missing = Vec::new();
    let mut total = 0u32;
    match rr {
        Some(v) => {
            let met = v >= 22.0;
            total += u32::from(met);
            breakdown.push(ParameterScore {
                parameter: Parameter::RespirationRate,
                value: Observed::Number(v),
                band: Cow::Borrowed(if met { "≥22" } else { "<22" }),
                points: u8::from(met),
                between_rows: false,
            });
        }
        None => missing.push(Parameter::RespirationRate),
    }
    match altered {
        Some(a) => {
            total += u32::from(a);
            breakdown.push(ParameterScore {
                parameter: Parameter::AlteredMentation,
                value: match gcs {
                    Some(g) if input.altered_mentation.is_none() => Observed::Number(g),
                    _ => Observed::Flag(a),
                },
                band: Cow::Borrowed(if a {
                    "altered (GCS <15)"
                } else {
                    "not altered"
                }),
                points: u8::from(a),
                between_rows: false,
            });
        }
        None => missing.push(Parameter::AlteredMentation),
    }
    match sbp {
        Some(v) => {
            let met = v <= 100.0;
            total += u32::from(met);
            breakdown.push(ParameterScore {
                parameter: Parameter::SystolicBp,
                value: Observed::Number(v),
                band: Cow::Borrowed(if met { "≤100" } else { ">100" }),
                points: u8::from(met),
                between_rows: false,
            });
        }
        None => missing.push(Parameter::SystolicBp),
    }
    let (risk, interpretation, clinical_response) = if total >= 2 {
        (
            RiskBand::High,
            "positive (2 or more criteria)",
            "Suspected infection with qSOFA ≥2: high risk of poor outcome; assess for organ \
dysfunction (full SOFA), start sepsis management, consider critical care.",
        )
    } else {
        (
            RiskBand::Low,
            "negative (fewer than 2 criteria)",
            "qSOFA negative; continue to monitor and reassess if clinical suspicion persists.",
        )
    };
    Ok(Score {
        instrument: Instrument::Qsofa,
        total,
        max_possible: total + missing.len() as u32,
        breakdown,
        partial: !missing.is_empty(),
        missing,
        risk,
        interpretation,
        clinical_response,
        citation: CITATION,
    })
}

/// Scores many patients in one call.
pub fn qsofa_batch(inputs: &[QsofaInput]) -> Vec<Result<Score, TriageError>> {
    inputs.iter().map(qsofa).collect()
}
