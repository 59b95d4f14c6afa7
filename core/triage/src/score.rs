//! The result shared by every additive score: total, per-parameter breakdown, missing
//! parameters, risk band, clinical response and citation.

use serde::Serialize;
use std::borrow::Cow;

/// The instrument a score was computed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Instrument {
    /// National Early Warning Score 2 (RCP 2017).
    News2,
    /// Modified Early Warning Score (Subbe 2001 by default).
    Mews,
    /// quick Sequential Organ Failure Assessment (Sepsis-3).
    Qsofa,
    /// Systemic Inflammatory Response Syndrome criteria (ACCP/SCCM 1992).
    Sirs,
    /// Glasgow Coma Scale (Teasdale and Jennett 1974).
    Gcs,
    /// Brighton Paediatric Early Warning Score (Monaghan 2005).
    Pews,
}

/// A scored parameter. Serialized in snake case (`respiration_rate`, `spo2`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Parameter {
    /// Respiration rate, breaths per minute.
    RespirationRate,
    /// Peripheral oxygen saturation, percent.
    Spo2,
    /// Whether supplemental oxygen is given.
    SupplementalOxygen,
    /// Systolic blood pressure, mmHg.
    SystolicBp,
    /// Pulse or heart rate, beats per minute.
    Pulse,
    /// Level of consciousness (ACVPU or AVPU).
    Consciousness,
    /// Temperature, degrees Celsius.
    Temperature,
    /// Altered mentation (qSOFA).
    AlteredMentation,
    /// White cell count, 10^9 per litre.
    WhiteCellCount,
    /// Immature (band) neutrophils, percent.
    BandNeutrophils,
    /// Arterial carbon dioxide tension, mmHg.
    Paco2,
    /// GCS eye opening.
    EyeOpening,
    /// GCS verbal response.
    VerbalResponse,
    /// GCS motor response.
    MotorResponse,
    /// PEWS behaviour.
    Behaviour,
    /// PEWS cardiovascular component.
    Cardiovascular,
    /// PEWS respiratory component.
    Respiratory,
    /// PEWS: quarter-hourly nebulisers.
    Nebulisers,
    /// PEWS: persistent vomiting after surgery.
    PostOperativeVomiting,
    /// PEWS: skin colour.
    SkinColour,
    /// PEWS: capillary refill time.
    CapillaryRefill,
    /// PEWS: work of breathing.
    WorkOfBreathing,
    /// PEWS: oxygen therapy (FiO2 or flow).
    OxygenTherapy,
    /// Age (selects age-specific normal ranges).
    Age,
}

impl Parameter {
    /// The parameter's name as used in inputs and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Parameter::RespirationRate => "respiration_rate",
            Parameter::Spo2 => "spo2",
            Parameter::SupplementalOxygen => "supplemental_oxygen",
            Parameter::SystolicBp => "systolic_bp",
            Parameter::Pulse => "pulse",
            Parameter::Consciousness => "consciousness",
            Parameter::Temperature => "temperature",
            Parameter::AlteredMentation => "altered_mentation",
            Parameter::WhiteCellCount => "white_cell_count",
            Parameter::BandNeutrophils => "band_neutrophils",
            Parameter::Paco2 => "paco2",
            Parameter::EyeOpening => "eye",
            Parameter::VerbalResponse => "verbal",
            Parameter::MotorResponse => "motor",
            Parameter::Behaviour => "behaviour",
            Parameter::Cardiovascular => "cardiovascular",
            Parameter::Respiratory => "respiratory",
            Parameter::Nebulisers => "nebulisers",
            Parameter::PostOperativeVomiting => "post_operative_vomiting",
            Parameter::SkinColour => "skin_colour",
            Parameter::CapillaryRefill => "capillary_refill",
            Parameter::WorkOfBreathing => "work_of_breathing",
            Parameter::OxygenTherapy => "oxygen_therapy",
            Parameter::Age => "age",
        }
    }
}

/// An observed value as it entered the score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Observed {
    /// A measurement.
    Number(f64),
    /// A yes/no finding.
    Flag(bool),
    /// A coded finding (ACVPU letter, behaviour code...).
    Code(&'static str),
}

/// One line of the explanation: what was observed, which chart row it fell in, the points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParameterScore {
    /// The parameter.
    pub parameter: Parameter,
    /// The value observed.
    pub value: Observed,
    /// The chart row (or criterion) the value fell in, as printed.
    pub band: Cow<'static, str>,
    /// Points scored.
    pub points: u8,
    /// True when the value lay between two printed rows and the more abnormal row was taken
    /// (see [`crate::bands`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub between_rows: bool,
}

/// Risk band of a score, ordered from low to high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskBand {
    /// Low risk.
    Low,
    /// Low-medium risk (NEWS2: a score of 3 in one parameter).
    LowMedium,
    /// Medium risk.
    Medium,
    /// High risk.
    High,
    /// The missing parameters could place the patient in more than one band.
    Indeterminate,
}

/// The result of an additive score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// The instrument.
    pub instrument: Instrument,
    /// Sum of the points of the parameters present.
    pub total: u32,
    /// The highest total the missing parameters could lead to (equal to `total` when
    /// nothing is missing).
    pub max_possible: u32,
    /// Each parameter present: value, band, points.
    pub breakdown: Vec<ParameterScore>,
    /// True when at least one parameter is missing.
    pub partial: bool,
    /// Parameters not supplied (never scored as zero).
    pub missing: Vec<Parameter>,
    /// The risk band. For additive warning scores a partial total gives a floor: the band
    /// can only rise when the missing parameters arrive.
    pub risk: RiskBand,
    /// The instrument's label for the result, e.g. `"low-medium (single parameter 3)"`.
    pub interpretation: &'static str,
    /// The clinical response the instrument recommends.
    pub clinical_response: &'static str,
    /// The published source of the instrument.
    pub citation: &'static str,
}

impl Score {
    /// Points scored by one parameter, if it was present.
    pub fn points_of(&self, parameter: Parameter) -> Option<u8> {
        self.breakdown
            .iter()
            .find(|p| p.parameter == parameter)
            .map(|p| p.points)
    }
}
