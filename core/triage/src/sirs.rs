//! SIRS, the Systemic Inflammatory Response Syndrome criteria (ACCP/SCCM 1992).
//!
//! Four criteria, each met by any of its alternatives: temperature > 38 °C or < 36 °C; heart
//! rate > 90/min; respiration rate > 20/min or PaCO2 < 32 mmHg; white cell count above
//! 12 × 10^9/L or below 4 × 10^9/L or more than 10 % immature (band) forms. Two or more criteria
//! meet SIRS. Thresholds are applied literally. In the breakdown, the first alternative
//! that meets a criterion carries its point; others that also meet it show 0 points and say
//! so, so the points always add up to the criteria count.

use crate::error::{check_range, limits, TriageError};
use crate::score::{Instrument, Observed, Parameter, ParameterScore, RiskBand, Score};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The citation reported with every SIRS result.
pub const CITATION: &str = "Bone RC, Balk RA, Cerra FB, et al. Definitions for sepsis and organ \
failure and guidelines for the use of innovative therapies in sepsis. The ACCP/SCCM Consensus \
Conference Committee. Chest 1992;101(6):1644-1655.";

/// SIRS findings; every field optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SirsInput {
    /// Temperature, degrees Celsius.
    #[serde(default)]
    pub temperature: Option<f64>,
    /// Heart rate, beats per minute.
    #[serde(default)]
    pub heart_rate: Option<f64>,
    /// Respiration rate, breaths per minute.
    #[serde(default)]
    pub respiration_rate: Option<f64>,
    /// PaCO2, mmHg.
    #[serde(default)]
    pub paco2: Option<f64>,
    /// White cell count, 10^9 per litre (equal to thousands per mm³).
    #[serde(default)]
    pub white_cell_count: Option<f64>,
    /// Immature (band) neutrophils, percent of white cells.
    #[serde(default)]
    pub band_neutrophils: Option<f64>,
}

struct Alt {
    parameter: Parameter,
    value: Option<f64>,
    met: fn(f64) -> bool,
    met_label: &'static str,
    unmet_label: &'static str,
}

/// Scores SIRS: the total is the number of criteria met (0–4).
pub fn sirs(input: &SirsInput) -> Result<Score, TriageError> {
    let (lo, hi) = limits::TEMPERATURE_C;
    let temp = check_range("temperature", input.temperature, lo, hi)?;
    let (lo, hi) = limits::HEART_RATE;
    let hr = check_range("heart_rate", input.heart_rate, lo, hi)?;
    let (lo, hi) = limits::RESPIRATION_RATE;
    let rr = check_range("respiration_rate", input.respiration_rate, lo, hi)?;
    let (lo, hi) = limits::PACO2_MMHG;
    let paco2 = check_range("paco2", input.paco2, lo, hi)?;
    let (lo, hi) = limits::WBC;
    let wbc = check_range("white_cell_count", input.white_cell_count, lo, hi)?;
    let (lo, hi) = limits::BANDS_PERCENT;
    let bands = check_range("band_neutrophils", input.band_neutrophils, lo, hi)?;

    let criteria: [&[Alt]; 4] = [
        &[Alt {
            parameter: Parameter::Temperature,
            value: temp,
            met: |t| !(36.0..=38.0).contains(&t),
            met_label: ">38 or <36",
            unmet_label: "36–38",
        }],
        &[Alt {
            parameter: Parameter::Pulse,
            value: hr,
            met: |h| h > 90.0,
            met_label: ">90",
            unmet_label: "≤90",
        }],
        &[
            Alt {
                parameter: Parameter::RespirationRate,
                value: rr,
                met: |r| r > 20.0,
                met_label: ">20",
                unmet_label: "≤20",
            },
            Alt {
                parameter: Parameter::Paco2,
                value: paco2,
                met: |p| p < 32.0,
                met_label: "<32 mmHg",
                unmet_label: "≥32 mmHg",
            },
        ],
        &[
            Alt {
                parameter: Parameter::WhiteCellCount,
                value: wbc,
                met: |w| !(4.0..=12.0).contains(&w),
                met_label: ">12 or <4 ×10^9/L",
                unmet_label: "4–12 ×10^9/L",
            },
            Alt {
                parameter: Parameter::BandNeutrophils,
                value: bands,
                met: |b| b > 10.0,
                met_label: ">10 % bands",
                unmet_label: "≤10 % bands",
            },
        ],
    ];

    let mut breakdown = Vec::with_capacity(6);
    let mut missing = Vec::new();
    let mut total = 0u32;
    let mut undetermined = 0u32;
    for alts in criteria {
        let mut met = false;
        for alt in alts {
            if let Some(v) = alt.value {
                let this = (alt.met)(v);
                breakdown.push(ParameterScore {
                    parameter: alt.parameter,
                    value: Observed::Number(v),
                    band: Cow::Borrowed(match (this, met) {
                        (true, false) => alt.met_label,
                        (true, true) => "criterion already met",
                        _ => alt.unmet_label,
                    }),
                    points: u8::from(this && !met),
                    between_rows: false,
                });
                met |= this;
            }
        }
        if met {
            total += 1;
        } else {
            let absent: Vec<Parameter> = alts
                .iter()
                .filter(|a| a.value.is_none())
                .map(|a| a.parameter)
                .collect();
            if !absent.is_empty() {
                undetermined += 1;
                missing.extend(absent);
            }
        }
    }
    let (risk, interpretation, clinical_response) = if total >= 2 {
        (
            RiskBand::Medium,
            "SIRS criteria met (2 or more)",
            "SIRS present: look for infection or another cause; with suspected infection, \
assess for sepsis and organ dysfunction.",
        )
    } else {
        (
            RiskBand::Low,
            "SIRS criteria not met (fewer than 2)",
            "SIRS absent on these findings; reassess as the clinical picture evolves.",
        )
    };
    Ok(Score {
        instrument: Instrument::Sirs,
        total,
        max_possible: total + undetermined,
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
pub fn sirs_batch(inputs: &[SirsInput]) -> Vec<Result<Score, TriageError>> {
    inputs.iter().map(sirs).collect()
}
