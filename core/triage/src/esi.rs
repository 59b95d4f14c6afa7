//! ESI, the Emergency Severity Index (versions 4 and 5), from structured inputs.
//!
//! Decision points, as in the handbooks:
//!
//! * **A** — does the patient require an immediate life-saving intervention, or are they
//!   unresponsive (AVPU P or U)? Yes: level 1.
//! * **B** — a high-risk situation, new confusion/lethargy/disorientation, or severe pain or
//!   distress? Yes: level 2. The febrile neonate (age 28 days or less, temperature
//!   ≥ 38.0 °C) and the hypothermic infant (under 90 days, below 36.5 °C) are level 2 here.
//! * **C** — how many different resources? None: level 5; one: level 4; two or more: D.
//!   Resources are counted by type ([`EsiResource`]): several laboratory tests are one
//!   resource; a complex procedure counts two; history and physical, point-of-care tests,
//!   saline locks, oral medication, tetanus immunisation, prescription refills, a phone call
//!   to the primary care provider, simple wound care and crutches/splints/slings are not
//!   resources.
//! * **D** — vital signs in the age-specific danger zone (heart rate, respiration rate, and
//!   SpO2 below 92 % at any age)? The level stays 3 and an up-triage to 2 is suggested:
//!   the handbooks leave that decision to the triage nurse.
//!
//! Paediatric fever suggestions: 1–3 months with temperature ≥ 38.0 °C: consider level 2;
//! 3–36 months with temperature above 39.0 °C and incomplete immunisations or no obvious
//! source: consider level 3 (when C gave 4 or 5). Pain of 7/10 or more without a "severe
//! pain or distress" judgement: consider level 2.
//!
//! Ages are normalised to days (a month is 30.4375 days, a year 365.25). Danger-zone age
//! bands: under 3 months; 3 months to under 3 years; 3 to 8 years inclusive; over 8 years.
//! Versions 4 and 5 use the same thresholds; version 5 calls decision point D "high-risk
//! vital signs".

use crate::error::{check_range, limits, TriageError};
use serde::{Deserialize, Serialize};

/// Citation for ESI version 4.
pub const CITATION_V4: &str =
    "Gilboy N, Tanabe P, Travers D, Rosenau AM. Emergency Severity Index \
(ESI): A Triage Tool for Emergency Department Care, Version 4. Implementation Handbook, 2012 \
Edition. AHRQ Publication No. 12-0014 (ch. 3 level 1, ch. 4 level 2, ch. 5 resources and table \
5-1, ch. 6 danger-zone vital signs, ch. 7 paediatric triage).";
/// Citation for ESI version 5.
pub const CITATION_V5: &str = "Emergency Nurses Association. Emergency Severity Index Handbook, \
Fifth Edition (ESI v5), 2020 (ch. 3 decision point A, ch. 4 decision point B, ch. 5 decision \
point C, ch. 6 decision point D, appendix B algorithm).";

/// Which handbook's algorithm to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EsiVersion {
    /// Version 4 (AHRQ 2012 handbook).
    V4,
    /// Version 5 (ENA 2020 handbook).
    #[default]
    V5,
}

/// An expected intervention, counted (or not) by the ESI resource rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum EsiResource {
    /// Laboratory tests (blood, urine): all together one resource.
    Labs,
    /// Electrocardiogram.
    Ecg,
    /// Plain radiographs (X-rays).
    Xray,
    /// Computed tomography.
    Ct,
    /// Magnetic resonance imaging.
    Mri,
    /// Ultrasound.
    Ultrasound,
    /// Angiography.
    Angiography,
    /// Intravenous fluids (hydration).
    IvFluids,
    /// Intravenous, intramuscular or nebulised medication.
    ParenteralMedication,
    /// Specialty consultation.
    SpecialtyConsultation,
    /// Simple procedure (laceration repair, urinary catheter): one resource.
    SimpleProcedure,
    /// Complex procedure (procedural sedation): two resources.
    ComplexProcedure,
    /// History and physical examination (including pelvic): not a resource.
    HistoryAndPhysical,
    /// Point-of-care testing: not a resource.
    PointOfCareTest,
    /// Saline or heparin lock: not a resource.
    SalineLock,
    /// Oral medication: not a resource.
    OralMedication,
    /// Tetanus immunisation: not a resource.
    TetanusImmunisation,
    /// Prescription refill: not a resource.
    PrescriptionRefill,
    /// Phone call to the primary care provider: not a resource.
    PhoneCallToPcp,
    /// Simple wound care (dressings, recheck): not a resource.
    SimpleWoundCare,
    /// Crutches, splints, slings: not a resource.
    CrutchesSplintsSlings,
}

const RESOURCE_CODES: &[(&str, EsiResource)] = &[
    ("labs", EsiResource::Labs),
    ("ecg", EsiResource::Ecg),
    ("xray", EsiResource::Xray),
    ("ct", EsiResource::Ct),
    ("mri", EsiResource::Mri),
    ("ultrasound", EsiResource::Ultrasound),
    ("angiography", EsiResource::Angiography),
    ("iv_fluids", EsiResource::IvFluids),
    ("parenteral_medication", EsiResource::ParenteralMedication),
    ("specialty_consultation", EsiResource::SpecialtyConsultation),
    ("simple_procedure", EsiResource::SimpleProcedure),
    ("complex_procedure", EsiResource::ComplexProcedure),
    ("history_and_physical", EsiResource::HistoryAndPhysical),
    ("point_of_care_test", EsiResource::PointOfCareTest),
    ("saline_lock", EsiResource::SalineLock),
    ("oral_medication", EsiResource::OralMedication),
    ("tetanus_immunisation", EsiResource::TetanusImmunisation),
    ("prescription_refill", EsiResource::PrescriptionRefill),
    ("phone_call_to_pcp", EsiResource::PhoneCallToPcp),
    ("simple_wound_care", EsiResource::SimpleWoundCare),
    (
        "crutches_splints_slings",
        EsiResource::CrutchesSplintsSlings,
    ),
];

impl EsiResource {
    /// The snake-case code, e.g. `iv_fluids`.
    pub fn code(self) -> &'static str {
        RESOURCE_CODES
            .iter()
            .find(|(_, r)| *r == self)
            .map(|(c, _)| *c)
            .unwrap_or("labs")
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Result<EsiResource, TriageError> {
        let c = code.trim().to_ascii_lowercase();
        RESOURCE_CODES
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, r)| *r)
            .ok_or_else(|| {
                let all: Vec<&str> = RESOURCE_CODES.iter().map(|(k, _)| *k).collect();
                TriageError::unknown("resources", code, &all)
            })
    }

    /// How many resources this type counts for (0 for items that are not resources).
    pub fn weight(self) -> u8 {
        match self {
            EsiResource::ComplexProcedure => 2,
            EsiResource::HistoryAndPhysical
            | EsiResource::PointOfCareTest
            | EsiResource::SalineLock
            | EsiResource::OralMedication
            | EsiResource::TetanusImmunisation
            | EsiResource::PrescriptionRefill
            | EsiResource::PhoneCallToPcp
            | EsiResource::SimpleWoundCare
            | EsiResource::CrutchesSplintsSlings => 0,
            _ => 1,
        }
    }
}

impl TryFrom<String> for EsiResource {
    type Error = TriageError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        EsiResource::from_code(&s)
    }
}

impl From<EsiResource> for &'static str {
    fn from(r: EsiResource) -> Self {
        r.code()
    }
}

/// Structured ESI inputs. Unanswered questions are `None` and reported as missing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EsiInput {
    /// Handbook version (default 5).
    #[serde(default)]
    pub version: EsiVersion,
    /// Age in years (one of the age fields is needed for D and the fever rules).
    #[serde(default)]
    pub age_years: Option<f64>,
    /// Age in months (takes precedence over years).
    #[serde(default)]
    pub age_months: Option<f64>,
    /// Age in days (takes precedence over months and years).
    #[serde(default)]
    pub age_days: Option<f64>,
    /// A: requires an immediate life-saving intervention.
    #[serde(default)]
    pub lifesaving_intervention: Option<bool>,
    /// A: unresponsive (AVPU P or U).
    #[serde(default)]
    pub unresponsive: Option<bool>,
    /// B: high-risk situation.
    #[serde(default)]
    pub high_risk_situation: Option<bool>,
    /// B: new-onset confusion, lethargy or disorientation.
    #[serde(default)]
    pub new_confusion_lethargy_disorientation: Option<bool>,
    /// B: severe pain or distress, as judged by the triage nurse.
    #[serde(default)]
    pub severe_pain_or_distress: Option<bool>,
    /// Pain on the 0–10 scale.
    #[serde(default)]
    pub pain_score: Option<f64>,
    /// C: the resources expected (`None`: not yet estimated).
    #[serde(default)]
    pub resources: Option<Vec<EsiResource>>,
    /// D: heart rate, beats per minute.
    #[serde(default)]
    pub heart_rate: Option<f64>,
    /// D: respiration rate, breaths per minute.
    #[serde(default)]
    pub respiration_rate: Option<f64>,
    /// D: SpO2, percent.
    #[serde(default)]
    pub spo2: Option<f64>,
    /// Temperature, degrees Celsius (paediatric fever rules).
    #[serde(default)]
    pub temperature: Option<f64>,
    /// Paediatric fever rule: immunisations incomplete.
    #[serde(default)]
    pub immunisations_incomplete: Option<bool>,
    /// Paediatric fever rule: an obvious source of the fever was found.
    #[serde(default)]
    pub obvious_fever_source: Option<bool>,
}

/// A decision point of the algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DecisionPoint {
    /// A: life-saving intervention.
    A,
    /// B: high risk.
    B,
    /// C: resources.
    C,
    /// D: danger-zone vital signs.
    D,
}

/// One step of the path through the algorithm.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EsiStep {
    /// The decision point.
    pub point: DecisionPoint,
    /// The question asked.
    pub question: &'static str,
    /// The answer, with the findings behind it.
    pub answer: String,
    /// Where the answer leads.
    pub outcome: &'static str,
}

/// How one expected intervention was counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceLine {
    /// The intervention.
    pub resource: EsiResource,
    /// Resources it added to the count (0 when not a resource or a repeat of its type).
    pub counted: u8,
    /// Why.
    pub note: &'static str,
}

/// A suggestion to triage higher than the algorithm's level (the nurse decides).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpTriage {
    /// The level suggested.
    pub to_level: u8,
    /// The findings behind it.
    pub reasons: Vec<String>,
}

/// The ESI result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EsiResult {
    /// Handbook version followed.
    pub version: EsiVersion,
    /// ESI level 1–5, or `None` when a needed answer is missing.
    pub level: Option<u8>,
    /// Path through the decision points.
    pub path: Vec<EsiStep>,
    /// Resources counted by the ESI rules (when C was reached).
    pub resources_counted: Option<u8>,
    /// How each expected intervention was counted.
    pub resource_lines: Vec<ResourceLine>,
    /// Danger-zone findings.
    pub danger_zone: Vec<String>,
    /// Up-triage suggestion, if any.
    pub up_triage: Option<UpTriage>,
    /// True when a needed answer is missing.
    pub partial: bool,
    /// Fields that were needed and missing.
    pub missing: Vec<&'static str>,
    /// Citation.
    pub citation: &'static str,
}

const DAYS_PER_MONTH: f64 = 30.4375;

/// Counts resources by type, per the ESI rules. Returns the count and one line per item.
pub fn count_resources(items: &[EsiResource]) -> (u8, Vec<ResourceLine>) {
    let mut seen: Vec<EsiResource> = Vec::with_capacity(items.len());
    let mut total: u8 = 0;
    let mut lines = Vec::with_capacity(items.len());
    for &r in items {
        let (counted, note) = if r.weight() == 0 {
            (0, "not an ESI resource")
        } else if seen.contains(&r) {
            (
                0,
                "same type already counted (resources are counted by type)",
            )
        } else {
            seen.push(r);
            match r {
                EsiResource::ComplexProcedure => (2, "complex procedure counts as two resources"),
                EsiResource::Labs => (1, "laboratory tests: one resource however many tests"),
                _ => (1, "one resource"),
            }
        };
        total = total.saturating_add(counted);
        lines.push(ResourceLine {
            resource: r,
            counted,
            note,
        });
    }
    (total, lines)
}

/// Danger-zone limits (heart rate above, respiration rate above) for an age in days.
pub fn danger_zone_limits(age_days: f64) -> (f64, f64, &'static str) {
    let months = age_days / DAYS_PER_MONTH;
    if months < 3.0 {
        (180.0, 50.0, "under 3 months")
    } else if months < 36.0 {
        (160.0, 40.0, "3 months to 3 years")
    } else if months <= 96.0 {
        (140.0, 30.0, "3 to 8 years")
    } else {
        (100.0, 20.0, "over 8 years")
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// Runs the ESI algorithm.
pub fn esi(input: &EsiInput) -> Result<EsiResult, TriageError> {
    let (lo, hi) = limits::AGE_YEARS;
    let years = check_range("age_years", input.age_years, lo, hi)?;
    let months = check_range("age_months", input.age_months, lo, hi * 12.0)?;
    let days = check_range("age_days", input.age_days, lo, hi * 365.25)?;
    let age_days = days
        .or(months.map(|m| m * DAYS_PER_MONTH))
        .or(years.map(|y| y * 365.25));
    let (lo, hi) = limits::PAIN;
    let pain = check_range("pain_score", input.pain_score, lo, hi)?;
    let (lo, hi) = limits::HEART_RATE;
    let hr = check_range("heart_rate", input.heart_rate, lo, hi)?;
    let (lo, hi) = limits::RESPIRATION_RATE;
    let rr = check_range("respiration_rate", input.respiration_rate, lo, hi)?;
    let (lo, hi) = limits::SPO2;
    let spo2 = check_range("spo2", input.spo2, lo, hi)?;
    let (lo, hi) = limits::TEMPERATURE_C;
    let temp = check_range("temperature", input.temperature, lo, hi)?;

    let citation = match input.version {
        EsiVersion::V4 => CITATION_V4,
        EsiVersion::V5 => CITATION_V5,
    };
    let mut out = EsiResult {
        version: input.version,
        level: None,
        path: Vec::with_capacity(4),
        resources_counted: None,
        resource_lines: Vec::new(),
        danger_zone: Vec::new(),
        up_triage: None,
        partial: false,
        missing: Vec::new(),
        citation,
    };
    let mut suggestions: Vec<(u8, String)> = Vec::new();
    let finish = |mut out: EsiResult, suggestions: Vec<(u8, String)>| {
        if let Some(level) = out.level {
            let best = suggestions
                .iter()
                .map(|(l, _)| *l)
                .filter(|l| *l < level)
                .min();
            if let Some(to) = best {
                out.up_triage = Some(UpTriage {
                    to_level: to,
                    reasons: suggestions
                        .into_iter()
                        .filter(|(l, _)| *l == to)
                        .map(|(_, r)| r)
                        .collect(),
                });
            }
        }
        out.partial = !out.missing.is_empty();
        out
    };

    // A.
    let a_q = "Requires immediate life-saving intervention, or unresponsive?";
    match (input.lifesaving_intervention, input.unresponsive) {
        (Some(true), _) | (_, Some(true)) => {
            let why = if input.lifesaving_intervention == Some(true) {
                "yes: immediate life-saving intervention required"
            } else {
                "yes: unresponsive (AVPU P or U)"
            };
            out.path.push(EsiStep {
                point: DecisionPoint::A,
                question: a_q,
                answer: why.into(),
                outcome: "level 1",
            });
            out.level = Some(1);
            return Ok(finish(out, suggestions));
        }
        (l, u) => {
            if l.is_none() {
                out.missing.push("lifesaving_intervention");
            }
            if u.is_none() {
                out.missing.push("unresponsive");
            }
            if !out.missing.is_empty() {
                out.path.push(EsiStep {
                    point: DecisionPoint::A,
                    question: a_q,
                    answer: "not answered".into(),
                    outcome: "stop: answer decision point A",
                });
                return Ok(finish(out, suggestions));
            }
            out.path.push(EsiStep {
                point: DecisionPoint::A,
                question: a_q,
                answer: "no".into(),
                outcome: "go to B",
            });
        }
    }

    // B.
    let b_q =
        "High-risk situation, new confusion/lethargy/disorientation, or severe pain/distress?";
    let mut b_reasons: Vec<String> = Vec::new();
    if input.high_risk_situation == Some(true) {
        b_reasons.push("high-risk situation".into());
    }
    if input.new_confusion_lethargy_disorientation == Some(true) {
        b_reasons.push("new confusion, lethargy or disorientation".into());
    }
    if input.severe_pain_or_distress == Some(true) {
        b_reasons.push("severe pain or distress".into());
    }
    if let (Some(d), Some(t)) = (age_days, temp) {
        if d <= 28.0 && t >= 38.0 {
            b_reasons.push(format!(
                "febrile neonate: {d} days old, temperature {t} °C (≥38.0)"
            ));
        }
        if d < 90.0 && t < 36.5 {
            b_reasons.push(format!(
                "hypothermic infant: {d} days old, temperature {t} °C (<36.5)"
            ));
        }
    }
    if !b_reasons.is_empty() {
        out.path.push(EsiStep {
            point: DecisionPoint::B,
            question: b_q,
            answer: format!("yes: {}", b_reasons.join("; ")),
            outcome: "level 2",
        });
        out.level = Some(2);
        return Ok(finish(out, suggestions));
    }
    for (name, v) in [
        ("high_risk_situation", input.high_risk_situation),
        (
            "new_confusion_lethargy_disorientation",
            input.new_confusion_lethargy_disorientation,
        ),
        ("severe_pain_or_distress", input.severe_pain_or_distress),
    ] {
        if v.is_none() {
            out.missing.push(name);
        }
    }
    if !out.missing.is_empty() {
        out.path.push(EsiStep {
            point: DecisionPoint::B,
            question: b_q,
            answer: "not fully answered".into(),
            outcome: "stop: answer decision point B",
        });
        return Ok(finish(out, suggestions));
    }
    out.path.push(EsiStep {
        point: DecisionPoint::B,
        question: b_q,
        answer: "no".into(),
        outcome: "go to C",
    });
    if let Some(p) = pain {
        if p >= 7.0 {
            suggestions.push((
                2,
                format!("pain {p}/10 (7 or more): consider severe pain/distress"),
            ));
        }
    }
    if let (Some(d), Some(t)) = (age_days, temp) {
        let m = d / DAYS_PER_MONTH;
        if d > 28.0 && m <= 3.0 && t >= 38.0 {
            suggestions.push((
                2,
                format!("infant {m:.1} months with temperature {t} °C (≥38.0): consider level 2"),
            ));
        }
        let no_source = input.obvious_fever_source == Some(false);
        let incomplete = input.immunisations_incomplete == Some(true);
        if m > 3.0 && m <= 36.0 && t > 39.0 && (no_source || incomplete) {
            suggestions.push((
                3,
                format!(
                    "child {m:.1} months with temperature {t} °C (>39.0) and {}: consider level 3",
                    if incomplete {
                        "incomplete immunisations"
                    } else {
                        "no obvious source"
                    }
                ),
            ));
        }
    }

    // C.
    let c_q = "How many different resources are needed?";
    let Some(items) = &input.resources else {
        out.missing.push("resources");
        out.path.push(EsiStep {
            point: DecisionPoint::C,
            question: c_q,
            answer: "not estimated".into(),
            outcome: "stop: estimate resources",
        });
        return Ok(finish(out, suggestions));
    };
    let (count, lines) = count_resources(items);
    out.resources_counted = Some(count);
    out.resource_lines = lines;
    match count {
        0 => {
            out.path.push(EsiStep {
                point: DecisionPoint::C,
                question: c_q,
                answer: "none".into(),
                outcome: "level 5",
            });
            out.level = Some(5);
            return Ok(finish(out, suggestions));
        }
        1 => {
            out.path.push(EsiStep {
                point: DecisionPoint::C,
                question: c_q,
                answer: "one".into(),
                outcome: "level 4",
            });
            out.level = Some(4);
            return Ok(finish(out, suggestions));
        }
        n => out.path.push(EsiStep {
            point: DecisionPoint::C,
            question: c_q,
            answer: format!("{n} (many)"),
            outcome: "go to D",
        }),
    }

    // D.
    let d_q = match input.version {
        EsiVersion::V4 => "Danger-zone vital signs?",
        EsiVersion::V5 => "High-risk vital signs?",
    };
    out.level = Some(3);
    if let Some(s) = spo2 {
        if s < 92.0 {
            out.danger_zone.push(format!("SpO2 {s} % (<92)"));
        }
    }
    match age_days {
        Some(d) => {
            let (hr_max, rr_max, band) = danger_zone_limits(d);
            if let Some(h) = hr {
                if h > hr_max {
                    out.danger_zone
                        .push(format!("heart rate {h} (>{hr_max}, {band})"));
                }
            }
            if let Some(r) = rr {
                if r > rr_max {
                    out.danger_zone
                        .push(format!("respiration rate {r} (>{rr_max}, {band})"));
                }
            }
        }
        None => out.missing.push("age"),
    }
    for (name, v) in [("heart_rate", hr), ("respiration_rate", rr), ("spo2", spo2)] {
        if v.is_none() {
            out.missing.push(name);
        }
    }
    let dz = !out.danger_zone.is_empty();
    out.path.push(EsiStep {
        point: DecisionPoint::D,
        question: d_q,
        answer: if dz {
            format!("{}: {}", yes_no(true), out.danger_zone.join("; "))
        } else {
            "no".into()
        },
        outcome: if dz {
            "level 3; consider level 2"
        } else {
            "level 3"
        },
    });
    if dz {
        let reasons = out.danger_zone.clone();
        for r in reasons {
            suggestions.push((2, r));
        }
    }
    Ok(finish(out, suggestions))
}

/// Triages many patients in one call.
pub fn esi_batch(inputs: &[EsiInput]) -> Vec<Result<EsiResult, TriageError>> {
    inputs.iter().map(esi).collect()
}
