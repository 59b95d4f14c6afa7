//! NEWS2, the National Early Warning Score 2.
//!
//! Encoded from Royal College of Physicians, *National Early Warning Score (NEWS) 2:
//! Standardising the assessment of acute-illness severity in the NHS*, London: RCP, 2017:
//! chart 1 (the NEWS2 scoring system), chart 2 (thresholds and triggers) and chart 4
//! (clinical response). SpO2 scale 2 is for patients with hypercapnic respiratory failure
//! only (a prescribed target of 88–92 %, decided by a clinician); on scale 2, 88–92 % and
//! any value of 93 % or more on air score 0, while 93–94 %, 95–96 % and 97 % or more on
//! oxygen score 1, 2 and 3. New confusion (C of ACVPU) scores 3 like V, P and U.
//!
//! Values between printed rows (38.05 °C, 20.5 breaths/min) score the more abnormal of the
//! two rows: see [`crate::bands`].

use crate::bands::{place, Band};
use crate::error::{check_range, limits, TriageError};
use crate::score::{Instrument, Observed, Parameter, ParameterScore, RiskBand, Score};
use serde::{Deserialize, Serialize};

/// The citation reported with every NEWS2 result.
pub const CITATION: &str = "Royal College of Physicians. National Early Warning Score (NEWS) 2: \
Standardising the assessment of acute-illness severity in the NHS. London: RCP, 2017 (chart 1 \
scoring, chart 2 thresholds and triggers, chart 4 clinical response).";

/// Level of consciousness on the ACVPU scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Acvpu {
    /// Alert.
    Alert,
    /// New confusion (or new disorientation or agitation).
    NewConfusion,
    /// Responds to voice.
    Voice,
    /// Responds to pain.
    Pain,
    /// Unresponsive.
    Unresponsive,
}

impl Acvpu {
    /// The one-letter code: `A`, `C`, `V`, `P` or `U`.
    pub fn code(self) -> &'static str {
        match self {
            Acvpu::Alert => "A",
            Acvpu::NewConfusion => "C",
            Acvpu::Voice => "V",
            Acvpu::Pain => "P",
            Acvpu::Unresponsive => "U",
        }
    }

    /// Parses a one-letter code or the full word (case-insensitive).
    pub fn from_code(code: &str) -> Result<Acvpu, TriageError> {
        match code.trim().to_ascii_lowercase().as_str() {
            "a" | "alert" => Ok(Acvpu::Alert),
            "c" | "confusion" | "new_confusion" | "new confusion" => Ok(Acvpu::NewConfusion),
            "v" | "voice" => Ok(Acvpu::Voice),
            "p" | "pain" => Ok(Acvpu::Pain),
            "u" | "unresponsive" => Ok(Acvpu::Unresponsive),
            _ => Err(TriageError::unknown(
                "consciousness",
                code,
                &["A", "C", "V", "P", "U"],
            )),
        }
    }
}

impl TryFrom<String> for Acvpu {
    type Error = TriageError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Acvpu::from_code(&s)
    }
}

impl From<Acvpu> for &'static str {
    fn from(a: Acvpu) -> Self {
        a.code()
    }
}

/// NEWS2 observations. Every field is optional: a missing one is reported, never scored 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct News2Input {
    /// Respiration rate, breaths per minute.
    #[serde(default)]
    pub respiration_rate: Option<f64>,
    /// SpO2, percent.
    #[serde(default)]
    pub spo2: Option<f64>,
    /// Use SpO2 scale 2. Only for patients with confirmed hypercapnic respiratory failure
    /// and a prescribed target of 88–92 % (RCP 2017); scale 1 otherwise.
    #[serde(default)]
    pub spo2_scale2: bool,
    /// Supplemental oxygen given (true) or air (false).
    #[serde(default)]
    pub supplemental_oxygen: Option<bool>,
    /// Systolic blood pressure, mmHg.
    #[serde(default)]
    pub systolic_bp: Option<f64>,
    /// Pulse, beats per minute.
    #[serde(default)]
    pub pulse: Option<f64>,
    /// Level of consciousness, ACVPU.
    #[serde(default)]
    pub consciousness: Option<Acvpu>,
    /// Temperature, degrees Celsius.
    #[serde(default)]
    pub temperature: Option<f64>,
}

const fn b(min: Option<f64>, max: Option<f64>, points: u8, label: &'static str) -> Band {
    Band::fixed(min, max, points, label)
}

/// Chart 1: respiration rate.
pub static RESPIRATION_RATE: &[Band] = &[
    b(None, Some(8.0), 3, "≤8"),
    b(Some(9.0), Some(11.0), 1, "9–11"),
    b(Some(12.0), Some(20.0), 0, "12–20"),
    b(Some(21.0), Some(24.0), 2, "21–24"),
    b(Some(25.0), None, 3, "≥25"),
];
/// Chart 1: SpO2 scale 1.
pub static SPO2_SCALE1: &[Band] = &[
    b(None, Some(91.0), 3, "≤91"),
    b(Some(92.0), Some(93.0), 2, "92–93"),
    b(Some(94.0), Some(95.0), 1, "94–95"),
    b(Some(96.0), None, 0, "≥96"),
];
/// Chart 1: SpO2 scale 2, patient breathing air.
pub static SPO2_SCALE2_AIR: &[Band] = &[
    b(None, Some(83.0), 3, "≤83"),
    b(Some(84.0), Some(85.0), 2, "84–85"),
    b(Some(86.0), Some(87.0), 1, "86–87"),
    b(Some(88.0), Some(92.0), 0, "88–92"),
    b(Some(93.0), None, 0, "≥93 on air"),
];
/// Chart 1: SpO2 scale 2, patient on supplemental oxygen.
pub static SPO2_SCALE2_OXYGEN: &[Band] = &[
    b(None, Some(83.0), 3, "≤83"),
    b(Some(84.0), Some(85.0), 2, "84–85"),
    b(Some(86.0), Some(87.0), 1, "86–87"),
    b(Some(88.0), Some(92.0), 0, "88–92"),
    b(Some(93.0), Some(94.0), 1, "93–94 on oxygen"),
    b(Some(95.0), Some(96.0), 2, "95–96 on oxygen"),
    b(Some(97.0), None, 3, "≥97 on oxygen"),
];
/// Chart 1: systolic blood pressure.
pub static SYSTOLIC_BP: &[Band] = &[
    b(None, Some(90.0), 3, "≤90"),
    b(Some(91.0), Some(100.0), 2, "91–100"),
    b(Some(101.0), Some(110.0), 1, "101–110"),
    b(Some(111.0), Some(219.0), 0, "111–219"),
    b(Some(220.0), None, 3, "≥220"),
];
/// Chart 1: pulse.
pub static PULSE: &[Band] = &[
    b(None, Some(40.0), 3, "≤40"),
    b(Some(41.0), Some(50.0), 1, "41–50"),
    b(Some(51.0), Some(90.0), 0, "51–90"),
    b(Some(91.0), Some(110.0), 1, "91–110"),
    b(Some(111.0), Some(130.0), 2, "111–130"),
    b(Some(131.0), None, 3, "≥131"),
];
/// Chart 1: temperature.
pub static TEMPERATURE: &[Band] = &[
    b(None, Some(35.0), 3, "≤35.0"),
    b(Some(35.1), Some(36.0), 1, "35.1–36.0"),
    b(Some(36.1), Some(38.0), 0, "36.1–38.0"),
    b(Some(38.1), Some(39.0), 1, "38.1–39.0"),
    b(Some(39.1), None, 2, "≥39.1"),
];

const RESPONSE_0: &str = "Minimum 12-hourly monitoring; continue routine NEWS monitoring.";
const RESPONSE_1_4: &str = "Minimum 4–6-hourly monitoring; inform a registered nurse, who must \
assess the patient and decide whether increased frequency of monitoring or escalation of care is \
required.";
const RESPONSE_RED: &str =
    "Minimum 1-hourly monitoring; registered nurse to inform the medical team \
caring for the patient, who will review and decide whether escalation of care is necessary.";
const RESPONSE_5: &str = "Urgent response: minimum 1-hourly monitoring; registered nurse to \
immediately inform the medical team and request urgent assessment by a clinician or team with \
core competencies in the care of acutely ill patients; care in an environment with monitoring \
facilities.";
const RESPONSE_7: &str =
    "Emergency response: continuous monitoring of vital signs; registered nurse \
to immediately inform the medical team (at least specialist registrar level); emergency \
assessment by a team with critical-care competencies including advanced airway management; \
consider transfer to a level 2 or 3 care facility (HDU or ICU).";

/// Risk band, interpretation and clinical response for a total and the highest single
/// parameter score (RCP 2017 charts 2 and 4).
pub fn risk_of(total: u32, max_single: u8) -> (RiskBand, &'static str, &'static str) {
    if total >= 7 {
        (RiskBand::High, "high (aggregate 7 or more)", RESPONSE_7)
    } else if total >= 5 {
        (RiskBand::Medium, "medium (aggregate 5–6)", RESPONSE_5)
    } else if max_single >= 3 {
        (
            RiskBand::LowMedium,
            "low-medium (score of 3 in a single parameter)",
            RESPONSE_RED,
        )
    } else if total >= 1 {
        (RiskBand::Low, "low (aggregate 1–4)", RESPONSE_1_4)
    } else {
        (RiskBand::Low, "low (aggregate 0)", RESPONSE_0)
    }
}

/// The seven NEWS2 parameters, in chart order.
pub const PARAMETERS: [Parameter; 7] = [
    Parameter::RespirationRate,
    Parameter::Spo2,
    Parameter::SupplementalOxygen,
    Parameter::SystolicBp,
    Parameter::Pulse,
    Parameter::Consciousness,
    Parameter::Temperature,
];

/// Highest points each parameter can score, in [`PARAMETERS`] order.
const MAX_POINTS: [u8; 7] = [3, 3, 2, 3, 3, 3, 3];

/// One scored parameter, without allocation.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Line {
    value: Observed,
    band: &'static Band,
    between_rows: bool,
}

static OXYGEN: Band = Band::fixed(None, None, 2, "oxygen");
static AIR: Band = Band::fixed(None, None, 0, "air");
static ALERT: Band = Band::fixed(None, None, 0, "alert");
static CVPU: Band = Band::fixed(None, None, 3, "CVPU");

#[inline(always)]
fn banded(bands: &'static [Band], value: f64) -> Option<Line> {
    place(bands, value).map(|p| Line {
        value: Observed::Number(value),
        band: p.band,
        between_rows: p.between_rows,
    })
}

/// Validates and places every parameter present; `None` marks a missing one.
#[inline(always)]
fn evaluate(input: &News2Input) -> Result<[Option<Line>; 7], TriageError> {
    let (lo, hi) = limits::RESPIRATION_RATE;
    let rr = check_range("respiration_rate", input.respiration_rate, lo, hi)?;
    let (lo, hi) = limits::SPO2;
    let spo2 = check_range("spo2", input.spo2, lo, hi)?;
    let (lo, hi) = limits::SYSTOLIC_BP;
    let sbp = check_range("systolic_bp", input.systolic_bp, lo, hi)?;
    let (lo, hi) = limits::HEART_RATE;
    let pulse = check_range("pulse", input.pulse, lo, hi)?;
    let (lo, hi) = limits::TEMPERATURE_C;
    let temp = check_range("temperature", input.temperature, lo, hi)?;

    let spo2_line = spo2.and_then(|v| {
        let table: &'static [Band] = if !input.spo2_scale2 {
            SPO2_SCALE1
        } else {
            match input.supplemental_oxygen {
                Some(true) => SPO2_SCALE2_OXYGEN,
                Some(false) => SPO2_SCALE2_AIR,
                None => {
                    // On scale 2 the oxygen status decides values above 92 %: score only
                    // where the air and oxygen rows agree.
                    let air = place(SPO2_SCALE2_AIR, v).map(|p| p.band.points);
                    let o2 = place(SPO2_SCALE2_OXYGEN, v).map(|p| p.band.points);
                    if air != o2 {
                        return None;
                    }
                    SPO2_SCALE2_OXYGEN
                }
            }
        };
        banded(table, v)
    });
    Ok([
        rr.and_then(|v| banded(RESPIRATION_RATE, v)),
        spo2_line,
        input.supplemental_oxygen.map(|o2| Line {
            value: Observed::Flag(o2),
            band: if o2 { &OXYGEN } else { &AIR },
            between_rows: false,
        }),
        sbp.and_then(|v| banded(SYSTOLIC_BP, v)),
        pulse.and_then(|v| banded(PULSE, v)),
        input.consciousness.map(|c| Line {
            value: Observed::Code(c.code()),
            band: if c == Acvpu::Alert { &ALERT } else { &CVPU },
            between_rows: false,
        }),
        temp.and_then(|v| banded(TEMPERATURE, v)),
    ])
}

/// A NEWS2 result without the explanation: totals, per-parameter points and the risk band.
/// Plain `Copy` data with no allocation, for high-volume batch scoring across FFI.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct News2Summary {
    /// Sum of the points of the parameters present.
    pub total: u8,
    /// Highest total consistent with the missing parameters.
    pub max_possible: u8,
    /// Points per parameter in [`PARAMETERS`] order; `None` when missing.
    pub points: [Option<u8>; 7],
    /// True when a parameter is missing.
    pub partial: bool,
    /// Risk band (RCP 2017 chart 2).
    pub risk: RiskBand,
}

#[inline(always)]
fn summarise(lines: &[Option<Line>; 7]) -> News2Summary {
    let mut total = 0u8;
    let mut extra = 0u8;
    let mut top = 0u8;
    let mut points = [None; 7];
    for ((line, slot), max) in lines.iter().zip(points.iter_mut()).zip(MAX_POINTS) {
        match line {
            Some(l) => {
                total += l.band.points;
                top = top.max(l.band.points);
                *slot = Some(l.band.points);
            }
            None => extra += max,
        }
    }
    News2Summary {
        total,
        max_possible: total + extra,
        points,
        partial: extra > 0,
        risk: risk_of(u32::from(total), top).0,
    }
}

/// Scores NEWS2 without building the explanation (see [`News2Summary`]).
pub fn news2_summary(input: &News2Input) -> Result<News2Summary, TriageError> {
    evaluate(input).map(|lines| summarise(&lines))
}

/// Summaries for many patients in one call.
pub fn news2_summary_batch(inputs: &[News2Input]) -> Vec<Result<News2Summary, TriageError>> {
    inputs.iter().map(news2_summary).collect()
}

/// Scores NEWS2 with the full explanation. Impossible values are errors naming the field;
/// missing observations are listed in `missing` and flag the score partial.
pub fn news2(input: &News2Input) -> Result<Score, TriageError> {
    let lines = evaluate(input)?;
    let summary = summarise(&lines);
    let mut breakdown = Vec::with_capacity(7);
    let mut missing = Vec::new();
    for (line, parameter) in lines.iter().zip(PARAMETERS) {
        match line {
            Some(l) => breakdown.push(ParameterScore {
                parameter,
                value: l.value,
                band: l.band.label.clone(),
                points: l.band.points,
                between_rows: l.between_rows,
            }),
            None => missing.push(parameter),
        }
    }
    let top = breakdown.iter().map(|p| p.points).max().unwrap_or(0);
    let (risk, interpretation, clinical_response) = risk_of(u32::from(summary.total), top);
    Ok(Score {
        instrument: Instrument::News2,
        total: u32::from(summary.total),
        max_possible: u32::from(summary.max_possible),
        breakdown,
        partial: summary.partial,
        missing,
        risk,
        interpretation,
        clinical_response,
        citation: CITATION,
    })
}

/// Scores many patients in one call; each result stands on its own.
pub fn news2_batch(inputs: &[News2Input]) -> Vec<Result<Score, TriageError>> {
    inputs.iter().map(news2).collect()
}
