//! PEWS, the Brighton Paediatric Early Warning Score, with table-driven age bands.
//!
//! Scoring structure from Monaghan A. *Detecting and managing deterioration in children.*
//! Paediatric Nursing 2005;17(1):32–35: behaviour 0–3, cardiovascular 0–3, respiratory 0–3,
//! plus 2 points each for quarter-hourly nebulisers and persistent vomiting after surgery.
//! Each component takes the most abnormal of its criteria:
//!
//! * cardiovascular: pink or capillary refill 1–2 s (0); pale or refill 3 s (1); grey or
//!   refill 4 s or heart rate 20 above the upper normal (2); grey and mottled or refill
//!   ≥ 5 s or heart rate 30 above the upper normal or bradycardia (3);
//! * respiratory: normal rate, no recession (0); rate > 10 above normal, accessory muscles,
//!   FiO2 ≥ 30 % or ≥ 3 L/min (1); rate > 20 above normal, recession, tracheal tug,
//!   FiO2 ≥ 40 % or ≥ 6 L/min (2); rate 5 below normal with sternal recession, tug or
//!   grunting, FiO2 ≥ 50 % or ≥ 8 L/min (3).
//!
//! The normal heart and respiration rate ranges by age are data ([`PewsAgeBands`]); the
//! default is the Advanced Paediatric Life Support reference table. Sites using a different
//! chart load their own.

use crate::error::{check_range, limits, TriageError};
use crate::score::{Instrument, Observed, Parameter, ParameterScore, RiskBand, Score};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The citation reported with PEWS results.
pub const CITATION: &str = "Monaghan A. Detecting and managing deterioration in children. \
Paediatric Nursing 2005;17(1):32-35 (Brighton PEWS); normal ranges: Advanced Life Support Group, \
Advanced Paediatric Life Support, 5th ed., 2011.";

/// Behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Behaviour {
    /// Playing or appropriate (0).
    Playing,
    /// Sleeping (1).
    Sleeping,
    /// Irritable (2).
    Irritable,
    /// Lethargic, confused or reduced response to pain (3).
    Lethargic,
}

/// Skin colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkinColour {
    /// Pink (0).
    Pink,
    /// Pale (1).
    Pale,
    /// Grey (2).
    Grey,
    /// Grey and mottled (3).
    GreyMottled,
}

/// Work of breathing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkOfBreathing {
    /// No recession (0).
    Normal,
    /// Using accessory muscles (1).
    AccessoryMuscles,
    /// Recession or tracheal tug (2).
    Recession,
    /// Sternal recession, tug or grunting (3).
    SternalRecessionOrGrunting,
}

/// PEWS observations; every field optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PewsInput {
    /// Age in months (selects the normal ranges).
    #[serde(default)]
    pub age_months: Option<f64>,
    /// Behaviour.
    #[serde(default)]
    pub behaviour: Option<Behaviour>,
    /// Skin colour.
    #[serde(default)]
    pub skin_colour: Option<SkinColour>,
    /// Capillary refill time, seconds.
    #[serde(default)]
    pub capillary_refill_s: Option<f64>,
    /// Heart rate, beats per minute.
    #[serde(default)]
    pub heart_rate: Option<f64>,
    /// Respiration rate, breaths per minute.
    #[serde(default)]
    pub respiration_rate: Option<f64>,
    /// Work of breathing.
    #[serde(default)]
    pub work_of_breathing: Option<WorkOfBreathing>,
    /// Inspired oxygen, percent (21 on air).
    #[serde(default)]
    pub fio2_percent: Option<f64>,
    /// Oxygen flow, litres per minute (0 on air).
    #[serde(default)]
    pub oxygen_flow_lpm: Option<f64>,
    /// Quarter-hourly nebulisers.
    #[serde(default)]
    pub quarter_hourly_nebulisers: Option<bool>,
    /// Persistent vomiting after surgery.
    #[serde(default)]
    pub post_operative_vomiting: Option<bool>,
}

/// Normal heart and respiration rates for one age band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgeBand {
    /// Lowest age of the band, months, inclusive.
    pub from_months: f64,
    /// Age the band ends at, months, exclusive (`None`: no upper end).
    pub to_months: Option<f64>,
    /// Normal heart rate, lowest.
    pub heart_rate_min: f64,
    /// Normal heart rate, highest.
    pub heart_rate_max: f64,
    /// Normal respiration rate, lowest.
    pub respiration_rate_min: f64,
    /// Normal respiration rate, highest.
    pub respiration_rate_max: f64,
}

/// The age-band table of normal ranges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PewsAgeBands {
    /// Bands in ascending age, contiguous, the first from 0 months, the last open.
    pub bands: Vec<AgeBand>,
}

impl Default for PewsAgeBands {
    fn default() -> Self {
        PewsAgeBands::apls()
    }
}

impl PewsAgeBands {
    /// Advanced Paediatric Life Support (5th ed.) normal ranges.
    pub fn apls() -> PewsAgeBands {
        let band = |from, to, hr: (f64, f64), rr: (f64, f64)| AgeBand {
            from_months: from,
            to_months: to,
            heart_rate_min: hr.0,
            heart_rate_max: hr.1,
            respiration_rate_min: rr.0,
            respiration_rate_max: rr.1,
        };
        PewsAgeBands {
            bands: vec![
                band(0.0, Some(12.0), (110.0, 160.0), (30.0, 40.0)),
                band(12.0, Some(24.0), (100.0, 150.0), (25.0, 35.0)),
                band(24.0, Some(60.0), (95.0, 140.0), (25.0, 30.0)),
                band(60.0, Some(144.0), (80.0, 120.0), (20.0, 25.0)),
                band(144.0, None, (60.0, 100.0), (15.0, 20.0)),
            ],
        }
    }

    /// Parses an age-band table from JSON (the serde form of this struct) and validates it.
    pub fn from_json(json: &str) -> Result<PewsAgeBands, TriageError> {
        let t: PewsAgeBands = serde_json::from_str(json).map_err(|e| {
            TriageError::table(
                format!("pews: line {} column {}", e.line(), e.column()),
                e.to_string(),
            )
        })?;
        t.validate()?;
        Ok(t)
    }

    /// Checks the table: contiguous from 0 months, open at the end, sane ranges.
    pub fn validate(&self) -> Result<(), TriageError> {
        let mut expect_from = 0.0;
        let n = self.bands.len();
        if n == 0 {
            return Err(TriageError::table(
                "pews.bands",
                "at least one age band is needed",
            ));
        }
        for (i, b) in self.bands.iter().enumerate() {
            let loc = format!("pews.bands[{i}]");
            if b.from_months != expect_from {
                return Err(TriageError::table(
                    format!("{loc}.from_months"),
                    format!("expected {expect_from} (bands must be contiguous from 0)"),
                ));
            }
            let nums = [
                b.heart_rate_min,
                b.heart_rate_max,
                b.respiration_rate_min,
                b.respiration_rate_max,
            ];
            if nums.iter().any(|v| !v.is_finite() || *v < 0.0)
                || b.heart_rate_min > b.heart_rate_max
                || b.respiration_rate_min > b.respiration_rate_max
            {
                return Err(TriageError::table(
                    loc,
                    "normal ranges must be finite, non-negative, min ≤ max",
                ));
            }
            match (b.to_months, i + 1 == n) {
                (None, true) => {}
                (Some(to), false) if to > b.from_months => expect_from = to,
                (None, false) => {
                    return Err(TriageError::table(
                        format!("{loc}.to_months"),
                        "only the last band may be open",
                    ))
                }
                _ => {
                    return Err(TriageError::table(
                        format!("{loc}.to_months"),
                        "the last band must be open and every band must end after it starts",
                    ))
                }
            }
        }
        Ok(())
    }

    /// The band for an age in months.
    pub fn band_for(&self, age_months: f64) -> Option<&AgeBand> {
        self.bands.iter().find(|b| {
            age_months >= b.from_months && !b.to_months.is_some_and(|to| age_months >= to)
        })
    }
}

struct Component {
    points: u8,
    reasons: Vec<String>,
    missing: Vec<Parameter>,
}

impl Component {
    fn new() -> Self {
        Component {
            points: 0,
            reasons: Vec::new(),
            missing: Vec::new(),
        }
    }
    fn consider(&mut self, points: u8, reason: String) {
        if points > self.points {
            self.points = points;
            self.reasons.clear();
        }
        if points == self.points && points > 0 {
            self.reasons.push(reason);
        }
    }
}

/// Scores the Brighton PEWS with the given age bands.
pub fn pews(input: &PewsInput, ages: &PewsAgeBands) -> Result<Score, TriageError> {
    let age = check_range(
        "age_months",
        input.age_months,
        0.0,
        limits::AGE_YEARS.1 * 12.0,
    )?;
    let (lo, hi) = limits::CAPILLARY_REFILL_S;
    let crt = check_range("capillary_refill_s", input.capillary_refill_s, lo, hi)?;
    let (lo, hi) = limits::HEART_RATE;
    let hr = check_range("heart_rate", input.heart_rate, lo, hi)?;
    let (lo, hi) = limits::RESPIRATION_RATE;
    let rr = check_range("respiration_rate", input.respiration_rate, lo, hi)?;
    let (lo, hi) = limits::FIO2_PERCENT;
    let fio2 = check_range("fio2_percent", input.fio2_percent, lo, hi)?;
    let (lo, hi) = limits::O2_FLOW_LPM;
    let flow = check_range("oxygen_flow_lpm", input.oxygen_flow_lpm, lo, hi)?;
    let band = age.and_then(|a| ages.band_for(a));

    let mut breakdown = Vec::with_capacity(5);
    let mut missing = Vec::new();
    let mut total = 0u32;
    let mut extra = 0u32;

    match input.behaviour {
        Some(b) => {
            let (points, label) = match b {
                Behaviour::Playing => (0, "playing/appropriate"),
                Behaviour::Sleeping => (1, "sleeping"),
                Behaviour::Irritable => (2, "irritable"),
                Behaviour::Lethargic => (3, "lethargic/confused/reduced response to pain"),
            };
            total += u32::from(points);
            breakdown.push(ParameterScore {
                parameter: Parameter::Behaviour,
                value: Observed::Code(label),
                band: Cow::Borrowed(label),
                points,
                between_rows: false,
            });
        }
        None => {
            missing.push(Parameter::Behaviour);
            extra += 3;
        }
    }

    // Cardiovascular.
    let mut cv = Component::new();
    match input.skin_colour {
        Some(c) => {
            let (p, l) = match c {
                SkinColour::Pink => (0, "pink"),
                SkinColour::Pale => (1, "pale"),
                SkinColour::Grey => (2, "grey"),
                SkinColour::GreyMottled => (3, "grey and mottled"),
            };
            cv.consider(p, l.to_string());
        }
        None => cv.missing.push(Parameter::SkinColour),
    }
    match crt {
        // Refill between printed seconds scores the more abnormal row (see crate::bands).
        Some(s) => {
            let p = if s > 4.0 {
                3
            } else if s > 3.0 {
                2
            } else if s > 2.0 {
                1
            } else {
                0
            };
            cv.consider(p, format!("capillary refill {s} s"));
        }
        None => cv.missing.push(Parameter::CapillaryRefill),
    }
    match (hr, band) {
        (Some(h), Some(b)) => {
            let p = if h < b.heart_rate_min || h >= b.heart_rate_max + 30.0 {
                3
            } else if h >= b.heart_rate_max + 20.0 {
                2
            } else {
                0
            };
            cv.consider(
                p,
                format!(
                    "heart rate {h} (normal {}–{})",
                    b.heart_rate_min, b.heart_rate_max
                ),
            );
        }
        (None, _) => cv.missing.push(Parameter::Pulse),
        (Some(_), None) => cv.missing.push(Parameter::Age),
    }

    // Respiratory.
    let mut resp = Component::new();
    match (rr, band) {
        (Some(r), Some(b)) => {
            let p = if r <= b.respiration_rate_min - 5.0 {
                3
            } else if r > b.respiration_rate_max + 20.0 {
                2
            } else if r > b.respiration_rate_max + 10.0 {
                1
            } else {
                0
            };
            resp.consider(
                p,
                format!(
                    "respiration rate {r} (normal {}–{})",
                    b.respiration_rate_min, b.respiration_rate_max
                ),
            );
        }
        (None, _) => resp.missing.push(Parameter::RespirationRate),
        (Some(_), None) => {
            if !cv.missing.contains(&Parameter::Age) {
                resp.missing.push(Parameter::Age)
            }
        }
    }
    match input.work_of_breathing {
        Some(w) => {
            let (p, l) = match w {
                WorkOfBreathing::Normal => (0, "no recession"),
                WorkOfBreathing::AccessoryMuscles => (1, "accessory muscles"),
                WorkOfBreathing::Recession => (2, "recession or tracheal tug"),
                WorkOfBreathing::SternalRecessionOrGrunting => {
                    (3, "sternal recession, tug or grunting")
                }
            };
            resp.consider(p, l.to_string());
        }
        None => resp.missing.push(Parameter::WorkOfBreathing),
    }
    if fio2.is_none() && flow.is_none() {
        resp.missing.push(Parameter::OxygenTherapy);
    }
    if let Some(f) = fio2 {
        let p = if f >= 50.0 {
            3
        } else if f >= 40.0 {
            2
        } else if f >= 30.0 {
            1
        } else {
            0
        };
        resp.consider(p, format!("FiO2 {f} %"));
    }
    if let Some(l) = flow {
        let p = if l >= 8.0 {
            3
        } else if l >= 6.0 {
            2
        } else if l >= 3.0 {
            1
        } else {
            0
        };
        resp.consider(p, format!("oxygen {l} L/min"));
    }

    for (param, comp) in [
        (Parameter::Cardiovascular, cv),
        (Parameter::Respiratory, resp),
    ] {
        let all_missing = match param {
            Parameter::Cardiovascular => comp.missing.len() == 3,
            _ => comp.missing.len() >= 3,
        };
        if !all_missing {
            total += u32::from(comp.points);
            let band = if comp.reasons.is_empty() {
                Cow::Borrowed("within normal")
            } else {
                Cow::Owned(comp.reasons.join("; "))
            };
            breakdown.push(ParameterScore {
                parameter: param,
                value: Observed::Number(f64::from(comp.points)),
                band,
                points: comp.points,
                between_rows: false,
            });
        }
        if !comp.missing.is_empty() {
            extra += u32::from(3 - comp.points.min(3));
            missing.extend(comp.missing);
        }
    }

    for (param, value, label) in [
        (
            Parameter::Nebulisers,
            input.quarter_hourly_nebulisers,
            "quarter-hourly nebulisers",
        ),
        (
            Parameter::PostOperativeVomiting,
            input.post_operative_vomiting,
            "persistent post-operative vomiting",
        ),
    ] {
        match value {
            Some(v) => {
                let points = if v { 2 } else { 0 };
                total += u32::from(points);
                breakdown.push(ParameterScore {
                    parameter: param,
                    value: Observed::Flag(v),
                    band: Cow::Borrowed(if v { label } else { "no" }),
                    points,
                    between_rows: false,
                });
            }
            None => {
                missing.push(param);
                extra += 2;
            }
        }
    }

    let any_three = breakdown
        .iter()
        .any(|p| p.points >= 3 && p.parameter != Parameter::Nebulisers);
    let (risk, interpretation, clinical_response) = if total >= 5 {
        (
            RiskBand::High,
            "high (5 or more)",
            "Urgent medical review (registrar or above) and consider the outreach or critical-care team; continuous monitoring.",
        )
    } else if total >= 4 || any_three {
        (
            RiskBand::Medium,
            "medium (4, or 3 in one component)",
            "Medical review within 30 minutes; observations at least hourly; inform the nurse in charge.",
        )
    } else if total == 3 {
        (
            RiskBand::LowMedium,
            "low-medium (3)",
            "Inform the nurse in charge; increase the frequency of observations.",
        )
    } else {
        (RiskBand::Low, "low (0–2)", "Continue routine observations.")
    };
    Ok(Score {
        instrument: Instrument::Pews,
        total,
        max_possible: total + extra,
        breakdown,
        partial: !missing.is_empty(),
        missing,
        risk,
        interpretation,
        clinical_response,
        citation: CITATION,
    })
}

/// Scores many children with one age-band table.
pub fn pews_batch(inputs: &[PewsInput], ages: &PewsAgeBands) -> Vec<Result<Score, TriageError>> {
    inputs.iter().map(|i| pews(i, ages)).collect()
}
