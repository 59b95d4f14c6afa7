//! GCS, the Glasgow Coma Scale, with "not testable" (NT) per component.
//!
//! Eye opening 1–4, verbal response 1–5, motor response 1–6 (Teasdale and Jennett 1974).
//! A component that cannot be tested (eyes closed by swelling, intubation, sedation) is
//! recorded as NT (Teasdale et al. 2014): it is listed as missing, the score is partial and
//! the severity band is given only when every total consistent with the NT components falls
//! in the same band (otherwise `indeterminate`). Severity: 13–15 mild, 9–12 moderate,
//! 3–8 severe.

use crate::error::TriageError;
use crate::score::{Instrument, Observed, Parameter, ParameterScore, RiskBand, Score};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The citation reported with every GCS result.
pub const CITATION: &str = "Teasdale G, Jennett B. Assessment of coma and impaired consciousness: \
a practical scale. Lancet 1974;2(7872):81-84; Teasdale G, Maas A, Lecky F, et al. The Glasgow \
Coma Scale at 40 years: standing the test of time. Lancet Neurol 2014;13(8):844-854.";

/// One GCS component: a score, or NT. In JSON, a number or the string `"NT"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawResponse", into = "RawResponse")]
pub enum GcsResponse {
    /// The component's score.
    Score(i32),
    /// Not testable.
    NotTestable,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum RawResponse {
    Number(i32),
    Code(String),
}

impl TryFrom<RawResponse> for GcsResponse {
    type Error = TriageError;
    fn try_from(raw: RawResponse) -> Result<Self, Self::Error> {
        match raw {
            RawResponse::Number(n) => Ok(GcsResponse::Score(n)),
            RawResponse::Code(c) => GcsResponse::from_code(&c),
        }
    }
}

impl From<GcsResponse> for RawResponse {
    fn from(r: GcsResponse) -> Self {
        match r {
            GcsResponse::Score(n) => RawResponse::Number(n),
            GcsResponse::NotTestable => RawResponse::Code("NT".into()),
        }
    }
}

impl GcsResponse {
    /// Parses `"NT"` or a number written as text.
    pub fn from_code(code: &str) -> Result<GcsResponse, TriageError> {
        let c = code.trim();
        if c.eq_ignore_ascii_case("NT") {
            return Ok(GcsResponse::NotTestable);
        }
        c.parse::<i32>()
            .map(GcsResponse::Score)
            .map_err(|_| TriageError::unknown("gcs", code, &["1-6", "NT"]))
    }
}

/// GCS components; a component not given at all is missing, like NT.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GcsInput {
    /// Eye opening, 1–4 or NT.
    #[serde(default)]
    pub eye: Option<GcsResponse>,
    /// Verbal response, 1–5 or NT.
    #[serde(default)]
    pub verbal: Option<GcsResponse>,
    /// Motor response, 1–6 or NT.
    #[serde(default)]
    pub motor: Option<GcsResponse>,
}

const EYE: [&str; 4] = ["1 none", "2 to pressure", "3 to sound", "4 spontaneous"];
const VERBAL: [&str; 5] = ["1 none", "2 sounds", "3 words", "4 confused", "5 oriented"];
const MOTOR: [&str; 6] = [
    "1 none",
    "2 extension",
    "3 abnormal flexion",
    "4 normal flexion",
    "5 localising",
    "6 obeys commands",
];

fn severity(total: u32) -> RiskBand {
    match total {
        13.. => RiskBand::Low,
        9..=12 => RiskBand::Medium,
        _ => RiskBand::High,
    }
}

/// Scores the GCS.
pub fn gcs(input: &GcsInput) -> Result<Score, TriageError> {
    let mut breakdown = Vec::with_capacity(3);
    let mut missing = Vec::new();
    let mut total = 0u32;
    let mut min_extra = 0u32;
    let mut max_extra = 0u32;
    for (field, param, value, labels) in [
        ("eye", Parameter::EyeOpening, input.eye, &EYE[..]),
        (
            "verbal",
            Parameter::VerbalResponse,
            input.verbal,
            &VERBAL[..],
        ),
        ("motor", Parameter::MotorResponse, input.motor, &MOTOR[..]),
    ] {
        match value {
            Some(GcsResponse::Score(s)) => {
                let label = usize::try_from(s)
                    .ok()
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| labels.get(i))
                    .ok_or(TriageError::OutOfRange {
                        field,
                        value: s.to_string(),
                        min: 1.0,
                        max: labels.len() as f64,
                    })?;
                let points = u8::try_from(s).unwrap_or(0);
                total += u32::from(points);
                breakdown.push(ParameterScore {
                    parameter: param,
                    value: Observed::Number(f64::from(s)),
                    band: Cow::Borrowed(label),
                    points,
                    between_rows: false,
                });
            }
            Some(GcsResponse::NotTestable) | None => {
                missing.push(param);
                min_extra += 1;
                max_extra += labels.len() as u32;
            }
        }
    }
    let lo = severity(total + min_extra);
    let hi = severity(total + max_extra);
    let (risk, interpretation, clinical_response) = if lo != hi {
        (
            RiskBand::Indeterminate,
            "indeterminate (component not testable)",
            "Record the components individually (e.g. E4 VNT M6) and judge on the testable ones; \
do not report a sum.",
        )
    } else {
        match lo {
            RiskBand::Low => (
                RiskBand::Low,
                "mild (13–15)",
                "Monitor neurological observations; escalate on any fall in score.",
            ),
            RiskBand::Medium => (
                RiskBand::Medium,
                "moderate (9–12)",
                "Urgent senior assessment; frequent neurological observations; consider imaging.",
            ),
            _ => (
                RiskBand::High,
                "severe (3–8)",
                "Emergency: protect the airway (consider intubation), urgent senior and \
critical-care assessment.",
            ),
        }
    };
    Ok(Score {
        instrument: Instrument::Gcs,
        total,
        max_possible: total + max_extra,
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
pub fn gcs_batch(inputs: &[GcsInput]) -> Vec<Result<Score, TriageError>> {
    inputs.iter().map(gcs).collect()
}
