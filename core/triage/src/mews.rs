//! MEWS, the Modified Early Warning Score, with configurable bands.
//!
//! The default bands are those of Subbe CP, Kruger M, Rutherford P, Gemmel L. *Validation of
//! a modified Early Warning Score in medical admissions.* QJM 2001;94:521–526, table 1.
//! The paper prints "<70" and "71–80" for systolic pressure and "<40" and "41–50" for heart
//! rate, leaving 70 mmHg and 40/min unprinted; by the between-rows rule of [`crate::bands`]
//! they score the more abnormal row (3 and 2 points).

use crate::bands::{place, validate_bands, Band};
use crate::error::{check_range, limits, TriageError};
use crate::news2::Acvpu;
use crate::score::{Instrument, Observed, Parameter, ParameterScore, RiskBand, Score};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The citation reported with MEWS results on the default bands.
pub const CITATION: &str = "Subbe CP, Kruger M, Rutherford P, Gemmel L. Validation of a modified \
Early Warning Score in medical admissions. QJM 2001;94(10):521-526, table 1.";

/// MEWS observations; every field optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MewsInput {
    /// Systolic blood pressure, mmHg.
    #[serde(default)]
    pub systolic_bp: Option<f64>,
    /// Heart rate, beats per minute.
    #[serde(default)]
    pub heart_rate: Option<f64>,
    /// Respiration rate, breaths per minute.
    #[serde(default)]
    pub respiration_rate: Option<f64>,
    /// Temperature, degrees Celsius.
    #[serde(default)]
    pub temperature: Option<f64>,
    /// AVPU (new confusion, C, has no MEWS row and is rejected).
    #[serde(default)]
    pub consciousness: Option<Acvpu>,
}

/// The MEWS chart: one band table per measured parameter, the AVPU points and the trigger
/// thresholds. Load your own with serde and check it with [`MewsBands::validate`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MewsBands {
    /// Systolic blood pressure rows.
    pub systolic_bp: Vec<Band>,
    /// Heart rate rows.
    pub heart_rate: Vec<Band>,
    /// Respiration rate rows.
    pub respiration_rate: Vec<Band>,
    /// Temperature rows.
    pub temperature: Vec<Band>,
    /// Points for Alert, Voice, Pain, Unresponsive.
    pub avpu: [u8; 4],
    /// Totals from this value on are medium risk.
    pub medium_from: u32,
    /// Totals from this value on are high risk (the MEWS trigger).
    pub high_from: u32,
    /// Citation reported with results.
    pub citation: Cow<'static, str>,
}

fn b(min: Option<f64>, max: Option<f64>, points: u8, label: &'static str) -> Band {
    Band::fixed(min, max, points, label)
}

impl Default for MewsBands {
    fn default() -> Self {
        MewsBands::subbe2001()
    }
}

impl MewsBands {
    /// Subbe 2001, table 1.
    pub fn subbe2001() -> MewsBands {
        MewsBands {
            systolic_bp: vec![
                b(None, Some(69.0), 3, "<70"),
                b(Some(71.0), Some(80.0), 2, "71–80"),
                b(Some(81.0), Some(100.0), 1, "81–100"),
                b(Some(101.0), Some(199.0), 0, "101–199"),
                b(Some(200.0), None, 2, "≥200"),
            ],
            heart_rate: vec![
                b(None, Some(39.0), 2, "<40"),
                b(Some(41.0), Some(50.0), 1, "41–50"),
                b(Some(51.0), Some(100.0), 0, "51–100"),
                b(Some(101.0), Some(110.0), 1, "101–110"),
                b(Some(111.0), Some(129.0), 2, "111–129"),
                b(Some(130.0), None, 3, "≥130"),
            ],
            respiration_rate: vec![
                b(None, Some(8.0), 2, "<9"),
                b(Some(9.0), Some(14.0), 0, "9–14"),
                b(Some(15.0), Some(20.0), 1, "15–20"),
                b(Some(21.0), Some(29.0), 2, "21–29"),
                b(Some(30.0), None, 3, "≥30"),
            ],
            temperature: vec![
                b(None, Some(34.9), 2, "<35"),
                b(Some(35.0), Some(38.4), 0, "35–38.4"),
                b(Some(38.5), None, 2, "≥38.5"),
            ],
            avpu: [0, 1, 2, 3],
            medium_from: 3,
            high_from: 5,
            citation: Cow::Borrowed(CITATION),
        }
    }

    /// Parses a chart from JSON (the serde form of this struct) and validates it.
    pub fn from_json(json: &str) -> Result<MewsBands, TriageError> {
        let bands: MewsBands = serde_json::from_str(json).map_err(|e| {
            TriageError::table(
                format!("mews: line {} column {}", e.line(), e.column()),
                e.to_string(),
            )
        })?;
        bands.validate()?;
        Ok(bands)
    }

    /// Checks every band table and the thresholds.
    pub fn validate(&self) -> Result<(), TriageError> {
        validate_bands("mews.systolic_bp", &self.systolic_bp)?;
        validate_bands("mews.heart_rate", &self.heart_rate)?;
        validate_bands("mews.respiration_rate", &self.respiration_rate)?;
        validate_bands("mews.temperature", &self.temperature)?;
        if self.medium_from > self.high_from {
            return Err(TriageError::table(
                "mews.medium_from",
                "the medium threshold must not exceed the high threshold",
            ));
        }
        Ok(())
    }
}

/// The highest points a band table can give.
fn max_points(bands: &[Band]) -> u32 {
    bands.iter().map(|b| u32::from(b.points)).max().unwrap_or(0)
}

/// Scores MEWS with the given bands (use [`MewsBands::subbe2001`] for the published chart).
pub fn mews(input: &MewsInput, bands: &MewsBands) -> Result<Score, TriageError> {
    let (lo, hi) = limits::SYSTOLIC_BP;
    let sbp = check_range("systolic_bp", input.systolic_bp, lo, hi)?;
    let (lo, hi) = limits::HEART_RATE;
    let hr = check_range("heart_rate", input.heart_rate, lo, hi)?;
    let (lo, hi) = limits::RESPIRATION_RATE;
    let rr = check_range("respiration_rate", input.respiration_rate, lo, hi)?;
    let (lo, hi) = limits::TEMPERATURE_C;
    let temp = check_range("temperature", input.temperature, lo, hi)?;

    let mut breakdown = Vec::with_capacity(5);
    let mut missing = Vec::new();
    let mut total = 0u32;
    let mut extra = 0u32;
    for (param, value, table) in [
        (Parameter::SystolicBp, sbp, &bands.systolic_bp),
        (Parameter::Pulse, hr, &bands.heart_rate),
        (Parameter::RespirationRate, rr, &bands.respiration_rate),
        (Parameter::Temperature, temp, &bands.temperature),
    ] {
        match value.and_then(|v| place(table, v).map(|p| (v, p))) {
            Some((v, p)) => {
                total += u32::from(p.band.points);
                breakdown.push(ParameterScore {
                    parameter: param,
                    value: Observed::Number(v),
                    band: p.band.label.clone(),
                    points: p.band.points,
                    between_rows: p.between_rows,
                });
            }
            None => {
                missing.push(param);
                extra += max_points(table);
            }
        }
    }
    match input.consciousness {
        Some(Acvpu::NewConfusion) => {
            return Err(TriageError::Inconsistent {
                field: "consciousness",
                reason: "MEWS scores AVPU; new confusion (C) has no MEWS row".into(),
            })
        }
        Some(c) => {
            let (idx, label) = match c {
                Acvpu::Voice => (1, "voice"),
                Acvpu::Pain => (2, "pain"),
                Acvpu::Unresponsive => (3, "unresponsive"),
                _ => (0, "alert"),
            };
            let points = bands.avpu.get(idx).copied().unwrap_or(0);
            total += u32::from(points);
            breakdown.push(ParameterScore {
                parameter: Parameter::Consciousness,
                value: Observed::Code(c.code()),
                band: Cow::Borrowed(label),
                points,
                between_rows: false,
            });
        }
        None => {
            missing.push(Parameter::Consciousness);
            extra += bands.avpu.iter().copied().map(u32::from).max().unwrap_or(0);
        }
    }
    let (risk, interpretation, clinical_response) = if total >= bands.high_from {
        (
            RiskBand::High,
            "high (at or above the MEWS trigger)",
            "Urgent medical review; consider critical care outreach or referral.",
        )
    } else if total >= bands.medium_from {
        (
            RiskBand::Medium,
            "medium",
            "Increase observation frequency and inform the nurse in charge and the medical team.",
        )
    } else {
        (RiskBand::Low, "low", "Continue routine observations.")
    };
    let citation: &'static str = match &bands.citation {
        Cow::Borrowed(s) => s,
        Cow::Owned(_) => "user-supplied MEWS bands",
    };
    Ok(Score {
        instrument: Instrument::Mews,
        total,
        max_possible: total + extra,
        breakdown,
        partial: !missing.is_empty(),
        missing,
        risk,
        interpretation,
        clinical_response,
        citation,
    })
}

/// Scores many patients with one chart.
pub fn mews_batch(inputs: &[MewsInput], bands: &MewsBands) -> Vec<Result<Score, TriageError>> {
    inputs.iter().map(|i| mews(i, bands)).collect()
}
