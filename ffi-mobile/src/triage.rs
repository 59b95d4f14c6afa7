//! Triage: early warning scores (NEWS2, MEWS, qSOFA, SIRS, GCS, PEWS), ESI, CTAS/Manchester,
//! mass-casualty triage (START, JumpSTART, SALT) and dispatch priority, single and batch.
//!
//! Inputs are records built natively in the host; band tables, discriminator tables and rule
//! tables are objects prepared once. A batch returns one outcome per input, in order.

use crate::{guard, MedcoreError};
use medcore::triage::{self, TriageError};
use std::sync::Arc;

/// Declares a host enum mirroring a core enum variant for variant, with conversions both ways.
macro_rules! mirror_enum {
    ($(#[$doc:meta])* $host:ident = $core:ty {
        $($(#[$vdoc:meta])* $v:ident),* $(,)?
    }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum $host {
            $($(#[$vdoc])* $v,)*
        }
        impl From<$core> for $host {
            fn from(x: $core) -> Self {
                type Core = $core;
                match x { $(Core::$v => $host::$v,)* }
            }
        }
        impl From<$host> for $core {
            fn from(x: $host) -> Self {
                type Core = $core;
                match x { $($host::$v => Core::$v,)* }
            }
        }
    };
}

/// Declares a batch outcome enum (`Ok` with the result or `Failed` with the error code and
/// message) and its conversion from a core result.
macro_rules! outcome {
    ($(#[$doc:meta])* $name:ident($record:ty) from $core:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, uniffi::Enum)]
        pub enum $name {
            /// The input was scored.
            Ok {
                /// The result.
                result: $record,
            },
            /// The input was rejected.
            Failed {
                /// The stable error code, e.g. `TRIAGE_OUT_OF_RANGE`.
                code: String,
                /// The error message, naming the field.
                message: String,
            },
        }
        impl From<Result<$core, TriageError>> for $name {
            fn from(r: Result<$core, TriageError>) -> Self {
                match r {
                    Ok(v) => $name::Ok { result: v.into() },
                    Err(e) => $name::Failed {
                        code: e.code().to_string(),
                        message: e.to_string(),
                    },
                }
            }
        }
    };
}

fn batch_in<I, C, O>(inputs: &[I], run: impl FnOnce(&[I]) -> Vec<Result<C, TriageError>>) -> Vec<O>
where
    O: From<Result<C, TriageError>>,
{
    run(inputs).into_iter().map(Into::into).collect()
}

fn strings(v: Vec<&'static str>) -> Vec<String> {
    v.into_iter().map(str::to_string).collect()
}

// ---------------------------------------------------------------------------------------------
// Shared score result

mirror_enum! {
    /// Which instrument produced a score.
    TriageInstrument = triage::Instrument {
        /// National Early Warning Score 2.
        News2,
        /// Modified Early Warning Score.
        Mews,
        /// Quick SOFA.
        Qsofa,
        /// Systemic inflammatory response syndrome criteria.
        Sirs,
        /// Glasgow Coma Scale.
        Gcs,
        /// Brighton Paediatric Early Warning Score.
        Pews,
    }
}

mirror_enum! {
    /// A scored parameter (its code, e.g. `respiration_rate`, from `triageParameterCode`).
    TriageParameter = triage::Parameter {
        /// Respiration rate.
        RespirationRate,
        /// Oxygen saturation.
        Spo2,
        /// Supplemental oxygen.
        SupplementalOxygen,
        /// Systolic blood pressure.
        SystolicBp,
        /// Pulse / heart rate.
        Pulse,
        /// Level of consciousness.
        Consciousness,
        /// Temperature.
        Temperature,
        /// Altered mentation (qSOFA).
        AlteredMentation,
        /// White cell count.
        WhiteCellCount,
        /// Band neutrophils.
        BandNeutrophils,
        /// PaCO2.
        Paco2,
        /// GCS eye opening.
        EyeOpening,
        /// GCS verbal response.
        VerbalResponse,
        /// GCS motor response.
        MotorResponse,
        /// PEWS behaviour.
        Behaviour,
        /// PEWS cardiovascular.
        Cardiovascular,
        /// PEWS respiratory.
        Respiratory,
        /// Quarter-hourly nebulisers.
        Nebulisers,
        /// Persistent post-operative vomiting.
        PostOperativeVomiting,
        /// Skin colour.
        SkinColour,
        /// Capillary refill time.
        CapillaryRefill,
        /// Work of breathing.
        WorkOfBreathing,
        /// Oxygen therapy.
        OxygenTherapy,
        /// Age.
        Age,
    }
}

mirror_enum! {
    /// Risk band of a score.
    RiskBand = triage::RiskBand {
        /// Low.
        Low,
        /// Low-medium (NEWS2: a single parameter scoring 3).
        LowMedium,
        /// Medium.
        Medium,
        /// High.
        High,
        /// Not determinable (too many parameters missing).
        Indeterminate,
    }
}

/// The value a parameter was scored from.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum TriageObserved {
    /// A measurement.
    Number {
        /// The value.
        value: f64,
    },
    /// A yes/no finding.
    Flag {
        /// The value.
        value: bool,
    },
    /// A coded finding, e.g. an ACVPU letter.
    Code {
        /// The code.
        value: String,
    },
}

/// One parameter's contribution to a score.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TriageParameterScore {
    /// The parameter.
    pub parameter: TriageParameter,
    /// The value it was scored from.
    pub value: TriageObserved,
    /// The band the value fell in, as printed on the chart, e.g. `21-24`.
    pub band: String,
    /// Points given.
    pub points: u8,
    /// True when the value fell between two chart rows and was placed by the documented rule.
    pub between_rows: bool,
}

/// An additive score: total, breakdown, missing parameters, risk band and clinical response.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct TriageScore {
    /// The instrument.
    pub instrument: TriageInstrument,
    /// Sum of the points of the parameters present.
    pub total: u32,
    /// Highest total consistent with the missing parameters.
    pub max_possible: u32,
    /// Every parameter present, with value, band and points.
    pub breakdown: Vec<TriageParameterScore>,
    /// True when a parameter is missing (never scored as zero).
    pub partial: bool,
    /// The missing parameters.
    pub missing: Vec<TriageParameter>,
    /// The risk band.
    pub risk: RiskBand,
    /// What the score means.
    pub interpretation: String,
    /// The clinical response the instrument calls for.
    pub clinical_response: String,
    /// The published source.
    pub citation: String,
}

impl From<triage::Observed> for TriageObserved {
    fn from(o: triage::Observed) -> Self {
        match o {
            triage::Observed::Number(value) => TriageObserved::Number { value },
            triage::Observed::Flag(value) => TriageObserved::Flag { value },
            triage::Observed::Code(value) => TriageObserved::Code {
                value: value.to_string(),
            },
        }
    }
}

impl From<triage::Score> for TriageScore {
    fn from(s: triage::Score) -> Self {
        TriageScore {
            instrument: s.instrument.into(),
            total: s.total,
            max_possible: s.max_possible,
            breakdown: s
                .breakdown
                .into_iter()
                .map(|p| TriageParameterScore {
                    parameter: p.parameter.into(),
                    value: p.value.into(),
                    band: p.band.into_owned(),
                    points: p.points,
                    between_rows: p.between_rows,
                })
                .collect(),
            partial: s.partial,
            missing: s.missing.into_iter().map(Into::into).collect(),
            risk: s.risk.into(),
            interpretation: s.interpretation.to_string(),
            clinical_response: s.clinical_response.to_string(),
            citation: s.citation.to_string(),
        }
    }
}

outcome! {
    /// The outcome of scoring one input of a batch.
    TriageScoreOutcome(TriageScore) from triage::Score
}

/// The code of a parameter as used in the vectors and JSON output, e.g. `respiration_rate`,
/// `eye`.
#[uniffi::export]
pub fn triage_parameter_code(parameter: TriageParameter) -> String {
    triage::Parameter::from(parameter).as_str().to_string()
}

// ---------------------------------------------------------------------------------------------
// NEWS2

mirror_enum! {
    /// ACVPU level of consciousness.
    Acvpu = triage::Acvpu {
        /// Alert.
        Alert,
        /// New confusion.
        NewConfusion,
        /// Responds to voice.
        Voice,
        /// Responds to pain.
        Pain,
        /// Unresponsive.
        Unresponsive,
    }
}

/// NEWS2 observations; `None` marks a parameter not measured.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct News2Input {
    /// Breaths per minute.
    #[uniffi(default = None)]
    pub respiration_rate: Option<f64>,
    /// SpO2 in percent.
    #[uniffi(default = None)]
    pub spo2: Option<f64>,
    /// Score SpO2 on scale 2 (hypercapnic respiratory failure, target 88-92 %).
    #[uniffi(default = false)]
    pub spo2_scale2: bool,
    /// On supplemental oxygen.
    #[uniffi(default = None)]
    pub supplemental_oxygen: Option<bool>,
    /// Systolic blood pressure in mmHg.
    #[uniffi(default = None)]
    pub systolic_bp: Option<f64>,
    /// Pulse per minute.
    #[uniffi(default = None)]
    pub pulse: Option<f64>,
    /// Level of consciousness.
    #[uniffi(default = None)]
    pub consciousness: Option<Acvpu>,
    /// Temperature in degrees Celsius.
    #[uniffi(default = None)]
    pub temperature: Option<f64>,
}

impl From<News2Input> for triage::News2Input {
    fn from(i: News2Input) -> Self {
        triage::News2Input {
            respiration_rate: i.respiration_rate,
            spo2: i.spo2,
            spo2_scale2: i.spo2_scale2,
            supplemental_oxygen: i.supplemental_oxygen,
            systolic_bp: i.systolic_bp,
            pulse: i.pulse,
            consciousness: i.consciousness.map(Into::into),
            temperature: i.temperature,
        }
    }
}

/// A NEWS2 result without the explanation, for high-volume scoring.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct News2Summary {
    /// Sum of the points of the parameters present.
    pub total: u8,
    /// Highest total consistent with the missing parameters.
    pub max_possible: u8,
    /// Points per parameter (respiration rate, SpO2, supplemental oxygen, systolic BP, pulse,
    /// consciousness, temperature); `None` when missing.
    pub points: Vec<Option<u8>>,
    /// True when a parameter is missing.
    pub partial: bool,
    /// The risk band.
    pub risk: RiskBand,
}

impl From<triage::News2Summary> for News2Summary {
    fn from(s: triage::News2Summary) -> Self {
        News2Summary {
            total: s.total,
            max_possible: s.max_possible,
            points: s.points.to_vec(),
            partial: s.partial,
            risk: s.risk.into(),
        }
    }
}

outcome! {
    /// The outcome of one input of a NEWS2 summary batch.
    News2SummaryOutcome(News2Summary) from triage::News2Summary
}

/// NEWS2 (RCP 2017).
#[uniffi::export]
pub fn triage_news2(input: News2Input) -> Result<TriageScore, MedcoreError> {
    guard(|| Ok(triage::news2(&input.into())?.into()))
}

/// NEWS2 over many inputs; one outcome per input, in order.
#[uniffi::export]
pub fn triage_news2_batch(
    inputs: Vec<News2Input>,
) -> Result<Vec<TriageScoreOutcome>, MedcoreError> {
    guard(|| {
        let core: Vec<triage::News2Input> = inputs.into_iter().map(Into::into).collect();
        Ok(batch_in(&core, triage::news2_batch))
    })
}

/// NEWS2 totals, points and risk without the explanation.
#[uniffi::export]
pub fn triage_news2_summary(input: News2Input) -> Result<News2Summary, MedcoreError> {
    guard(|| Ok(triage::news2_summary(&input.into())?.into()))
}

/// NEWS2 summaries over many inputs; one outcome per input, in order.
#[uniffi::export]
pub fn triage_news2_summary_batch(
    inputs: Vec<News2Input>,
) -> Result<Vec<News2SummaryOutcome>, MedcoreError> {
    guard(|| {
        let core: Vec<triage::News2Input> = inputs.into_iter().map(Into::into).collect();
        Ok(batch_in(&core, triage::news2_summary_batch))
    })
}

// ---------------------------------------------------------------------------------------------
// MEWS

/// MEWS observations; `None` marks a parameter not measured.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct MewsInput {
    /// Systolic blood pressure in mmHg.
    #[uniffi(default = None)]
    pub systolic_bp: Option<f64>,
    /// Heart rate per minute.
    #[uniffi(default = None)]
    pub heart_rate: Option<f64>,
    /// Breaths per minute.
    #[uniffi(default = None)]
    pub respiration_rate: Option<f64>,
    /// Temperature in degrees Celsius.
    #[uniffi(default = None)]
    pub temperature: Option<f64>,
    /// Level of consciousness (AVPU; new confusion scores as voice).
    #[uniffi(default = None)]
    pub consciousness: Option<Acvpu>,
}

impl From<MewsInput> for triage::MewsInput {
    fn from(i: MewsInput) -> Self {
        triage::MewsInput {
            systolic_bp: i.systolic_bp,
            heart_rate: i.heart_rate,
            respiration_rate: i.respiration_rate,
            temperature: i.temperature,
            consciousness: i.consciousness.map(Into::into),
        }
    }
}

/// A MEWS band table, prepared once: the published Subbe 2001 table or a local one.
#[derive(uniffi::Object)]
pub struct MewsBands {
    inner: triage::MewsBands,
}

#[uniffi::export]
impl MewsBands {
    /// The published table (Subbe et al. 2001).
    #[uniffi::constructor]
    pub fn subbe2001() -> Arc<Self> {
        Arc::new(MewsBands {
            inner: triage::MewsBands::subbe2001(),
        })
    }

    /// A local table from JSON (the format of the published one); a malformed table raises
    /// `TRIAGE_INVALID_TABLE`.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            Ok(Arc::new(MewsBands {
                inner: triage::MewsBands::from_json(&json)?,
            }))
        })
    }
}

/// MEWS with a band table.
#[uniffi::export]
pub fn triage_mews(input: MewsInput, bands: Arc<MewsBands>) -> Result<TriageScore, MedcoreError> {
    guard(|| Ok(triage::mews(&input.into(), &bands.inner)?.into()))
}

/// MEWS over many inputs; one outcome per input, in order.
#[uniffi::export]
pub fn triage_mews_batch(
    inputs: Vec<MewsInput>,
    bands: Arc<MewsBands>,
) -> Result<Vec<TriageScoreOutcome>, MedcoreError> {
    guard(|| {
        let core: Vec<triage::MewsInput> = inputs.into_iter().map(Into::into).collect();
        Ok(batch_in(&core, |c| triage::mews_batch(c, &bands.inner)))
    })
}

// ---------------------------------------------------------------------------------------------
// qSOFA, SIRS

/// qSOFA observations; altered mentation may be given directly or as a GCS below 15.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct QsofaInput {
    /// Breaths per minute.
    #[uniffi(default = None)]
    pub respiration_rate: Option<f64>,
    /// Systolic blood pressure in mmHg.
    #[uniffi(default = None)]
    pub systolic_bp: Option<f64>,
    /// Altered mentation observed.
    #[uniffi(default = None)]
    pub altered_mentation: Option<bool>,
    /// Glasgow Coma Scale total.
    #[uniffi(default = None)]
    pub gcs: Option<f64>,
}

impl From<QsofaInput> for triage::QsofaInput {
    fn from(i: QsofaInput) -> Self {
        triage::QsofaInput {
            respiration_rate: i.respiration_rate,
            systolic_bp: i.systolic_bp,
            altered_mentation: i.altered_mentation,
            gcs: i.gcs,
        }
    }
}

/// qSOFA (Sepsis-3).
#[uniffi::export]
pub fn triage_qsofa(input: QsofaInput) -> Result<TriageScore, MedcoreError> {
    guard(|| Ok(triage::qsofa(&input.into())?.into()))
}

/// qSOFA over many inputs; one outcome per input, in order.
#[uniffi::export]
pub fn triage_qsofa_batch(
    inputs: Vec<QsofaInput>,
) -> Result<Vec<TriageScoreOutcome>, MedcoreError> {
    guard(|| {
        let core: Vec<triage::QsofaInput> = inputs.into_iter().map(Into::into).collect();
        Ok(batch_in(&core, triage::qsofa_batch))
    })
}

/// SIRS observations.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SirsInput {
    /// Temperature in degrees Celsius.
    #[uniffi(default = None)]
    pub temperature: Option<f64>,
    /// Heart rate per minute.
    #[uniffi(default = None)]
    pub heart_rate: Option<f64>,
    /// Breaths per minute.
    #[uniffi(default = None)]
    pub respiration_rate: Option<f64>,
    /// PaCO2 in mmHg.
    #[uniffi(default = None)]
    pub paco2: Option<f64>,
    /// White cell count, 10^9/L.
    #[uniffi(default = None)]
    pub white_cell_count: Option<f64>,
    /// Band neutrophils in percent.
    #[uniffi(default = None)]
    pub band_neutrophils: Option<f64>,
}

impl From<SirsInput> for triage::SirsInput {
    fn from(i: SirsInput) -> Self {
        triage::SirsInput {
            temperature: i.temperature,
            heart_rate: i.heart_rate,
            respiration_rate: i.respiration_rate,
            paco2: i.paco2,
            white_cell_count: i.white_cell_count,
            band_neutrophils: i.band_neutrophils,
        }
    }
}

/// SIRS criteria (ACCP/SCCM 1992).
#[uniffi::export]
pub fn triage_sirs(input: SirsInput) -> Result<TriageScore, MedcoreError> {
    guard(|| Ok(triage::sirs(&input.into())?.into()))
}

/// SIRS over many inputs; one outcome per input, in order.
#[uniffi::export]
pub fn triage_sirs_batch(inputs: Vec<SirsInput>) -> Result<Vec<TriageScoreOutcome>, MedcoreError> {
    guard(|| {
        let core: Vec<triage::SirsInput> = inputs.into_iter().map(Into::into).collect();
        Ok(batch_in(&core, triage::sirs_batch))
    })
}

// ---------------------------------------------------------------------------------------------
// GCS

/// One GCS component: a score, or not testable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum GcsResponse {
    /// The component's score.
    Score {
        /// The score (eye 1-4, verbal 1-5, motor 1-6).
        value: i32,
    },
    /// Not testable (NT).
    NotTestable,
}

impl From<GcsResponse> for triage::GcsResponse {
    fn from(r: GcsResponse) -> Self {
        match r {
            GcsResponse::Score { value } => triage::GcsResponse::Score(value),
            GcsResponse::NotTestable => triage::GcsResponse::NotTestable,
        }
    }
}

/// GCS components; `None` marks a component not assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct GcsInput {
    /// Eye opening.
    #[uniffi(default = None)]
    pub eye: Option<GcsResponse>,
    /// Verbal response.
    #[uniffi(default = None)]
    pub verbal: Option<GcsResponse>,
    /// Motor response.
    #[uniffi(default = None)]
    pub motor: Option<GcsResponse>,
}

impl From<GcsInput> for triage::GcsInput {
    fn from(i: GcsInput) -> Self {
        triage::GcsInput {
            eye: i.eye.map(Into::into),
            verbal: i.verbal.map(Into::into),
            motor: i.motor.map(Into::into),
        }
    }
}

/// Glasgow Coma Scale (Teasdale 2014).
#[uniffi::export]
pub fn triage_gcs(input: GcsInput) -> Result<TriageScore, MedcoreError> {
    guard(|| Ok(triage::gcs(&input.into())?.into()))
}

/// GCS over many inputs; one outcome per input, in order.
#[uniffi::export]
pub fn triage_gcs_batch(inputs: Vec<GcsInput>) -> Result<Vec<TriageScoreOutcome>, MedcoreError> {
    guard(|| {
        let core: Vec<triage::GcsInput> = inputs.into_iter().map(Into::into).collect();
        Ok(batch_in(&core, triage::gcs_batch))
    })
}

// ---------------------------------------------------------------------------------------------
// PEWS

mirror_enum! {
    /// PEWS behaviour.
    PewsBehaviour = triage::pews::Behaviour {
        /// Playing or appropriate.
        Playing,
        /// Sleeping.
        Sleeping,
        /// Irritable.
        Irritable,
        /// Lethargic, confused or reduced response to pain.
        Lethargic,
    }
}

mirror_enum! {
    /// PEWS skin colour.
    PewsSkinColour = triage::pews::SkinColour {
        /// Pink.
        Pink,
        /// Pale.
        Pale,
        /// Grey.
        Grey,
        /// Grey and mottled.
        GreyMottled,
    }
}

mirror_enum! {
    /// PEWS work of breathing.
    PewsWorkOfBreathing = triage::pews::WorkOfBreathing {
        /// Normal.
        Normal,
        /// Use of accessory muscles.
        AccessoryMuscles,
        /// Recession.
        Recession,
        /// Sternal recession, tracheal tug or grunting.
        SternalRecessionOrGrunting,
    }
}

/// Brighton PEWS observations.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PewsInput {
    /// Age in months (selects the normal ranges).
    #[uniffi(default = None)]
    pub age_months: Option<f64>,
    /// Behaviour.
    #[uniffi(default = None)]
    pub behaviour: Option<PewsBehaviour>,
    /// Skin colour.
    #[uniffi(default = None)]
    pub skin_colour: Option<PewsSkinColour>,
    /// Capillary refill time in seconds.
    #[uniffi(default = None)]
    pub capillary_refill_s: Option<f64>,
    /// Heart rate per minute.
    #[uniffi(default = None)]
    pub heart_rate: Option<f64>,
    /// Breaths per minute.
    #[uniffi(default = None)]
    pub respiration_rate: Option<f64>,
    /// Work of breathing.
    #[uniffi(default = None)]
    pub work_of_breathing: Option<PewsWorkOfBreathing>,
    /// FiO2 in percent.
    #[uniffi(default = None)]
    pub fio2_percent: Option<f64>,
    /// Oxygen flow in litres per minute.
    #[uniffi(default = None)]
    pub oxygen_flow_lpm: Option<f64>,
    /// Quarter-hourly nebulisers.
    #[uniffi(default = None)]
    pub quarter_hourly_nebulisers: Option<bool>,
    /// Persistent post-operative vomiting.
    #[uniffi(default = None)]
    pub post_operative_vomiting: Option<bool>,
}

impl From<PewsInput> for triage::PewsInput {
    fn from(i: PewsInput) -> Self {
        triage::PewsInput {
            age_months: i.age_months,
            behaviour: i.behaviour.map(Into::into),
            skin_colour: i.skin_colour.map(Into::into),
            capillary_refill_s: i.capillary_refill_s,
            heart_rate: i.heart_rate,
            respiration_rate: i.respiration_rate,
            work_of_breathing: i.work_of_breathing.map(Into::into),
            fio2_percent: i.fio2_percent,
            oxygen_flow_lpm: i.oxygen_flow_lpm,
            quarter_hourly_nebulisers: i.quarter_hourly_nebulisers,
            post_operative_vomiting: i.post_operative_vomiting,
        }
    }
}

/// PEWS normal ranges by age, prepared once: the APLS ranges or a local table.
#[derive(uniffi::Object)]
pub struct PewsAgeBands {
    inner: triage::PewsAgeBands,
}

#[uniffi::export]
impl PewsAgeBands {
    /// The APLS normal ranges.
    #[uniffi::constructor]
    pub fn apls() -> Arc<Self> {
        Arc::new(PewsAgeBands {
            inner: triage::PewsAgeBands::apls(),
        })
    }

    /// A local table from JSON; a malformed table raises `TRIAGE_INVALID_TABLE`.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            Ok(Arc::new(PewsAgeBands {
                inner: triage::PewsAgeBands::from_json(&json)?,
            }))
        })
    }
}

/// Brighton PEWS with age bands.
#[uniffi::export]
pub fn triage_pews(input: PewsInput, ages: Arc<PewsAgeBands>) -> Result<TriageScore, MedcoreError> {
    guard(|| Ok(triage::pews(&input.into(), &ages.inner)?.into()))
}

/// PEWS over many inputs; one outcome per input, in order.
#[uniffi::export]
pub fn triage_pews_batch(
    inputs: Vec<PewsInput>,
    ages: Arc<PewsAgeBands>,
) -> Result<Vec<TriageScoreOutcome>, MedcoreError> {
    guard(|| {
        let core: Vec<triage::PewsInput> = inputs.into_iter().map(Into::into).collect();
        Ok(batch_in(&core, |c| triage::pews_batch(c, &ages.inner)))
    })
}

// ---------------------------------------------------------------------------------------------
// ESI

mirror_enum! {
    /// ESI handbook version.
    EsiVersion = triage::EsiVersion {
        /// ESI v4 (AHRQ 2012).
        V4,
        /// ESI v5 (ENA 2020).
        V5,
    }
}

mirror_enum! {
    /// An ED resource (its code, e.g. `iv_fluids`, is the lower-case variant name).
    EsiResource = triage::esi::EsiResource {
        /// Laboratory tests.
        Labs,
        /// ECG.
        Ecg,
        /// Plain radiographs.
        Xray,
        /// CT.
        Ct,
        /// MRI.
        Mri,
        /// Ultrasound.
        Ultrasound,
        /// Angiography.
        Angiography,
        /// IV fluids.
        IvFluids,
        /// IV, IM or nebulised medication.
        ParenteralMedication,
        /// Specialty consultation.
        SpecialtyConsultation,
        /// Simple procedure.
        SimpleProcedure,
        /// Complex procedure.
        ComplexProcedure,
        /// History and physical examination (not a resource).
        HistoryAndPhysical,
        /// Point-of-care test (not a resource).
        PointOfCareTest,
        /// Saline lock (not a resource).
        SalineLock,
        /// Oral medication (not a resource).
        OralMedication,
        /// Tetanus immunisation (not a resource).
        TetanusImmunisation,
        /// Prescription refill (not a resource).
        PrescriptionRefill,
        /// Phone call to the primary care physician (not a resource).
        PhoneCallToPcp,
        /// Simple wound care (not a resource).
        SimpleWoundCare,
        /// Crutches, splints, slings (not a resource).
        CrutchesSplintsSlings,
    }
}

mirror_enum! {
    /// An ESI decision point.
    EsiDecisionPoint = triage::esi::DecisionPoint {
        /// A: requires immediate lifesaving intervention?
        A,
        /// B: high-risk situation, new confusion, severe pain or distress?
        B,
        /// C: how many resources?
        C,
        /// D: danger-zone vital signs?
        D,
    }
}

/// ESI inputs; `None` marks a question not answered.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct EsiInput {
    /// Handbook version; `None` for the current one (v5).
    #[uniffi(default = None)]
    pub version: Option<EsiVersion>,
    /// Age in years.
    #[uniffi(default = None)]
    pub age_years: Option<f64>,
    /// Age in months (for infants).
    #[uniffi(default = None)]
    pub age_months: Option<f64>,
    /// Age in days (for neonates).
    #[uniffi(default = None)]
    pub age_days: Option<f64>,
    /// Decision point A.
    #[uniffi(default = None)]
    pub lifesaving_intervention: Option<bool>,
    /// Decision point A: unresponsive.
    #[uniffi(default = None)]
    pub unresponsive: Option<bool>,
    /// Decision point B: high-risk situation.
    #[uniffi(default = None)]
    pub high_risk_situation: Option<bool>,
    /// Decision point B: new confusion, lethargy or disorientation.
    #[uniffi(default = None)]
    pub new_confusion_lethargy_disorientation: Option<bool>,
    /// Decision point B: severe pain or distress.
    #[uniffi(default = None)]
    pub severe_pain_or_distress: Option<bool>,
    /// Pain score 0-10.
    #[uniffi(default = None)]
    pub pain_score: Option<f64>,
    /// Decision point C: the resources expected.
    #[uniffi(default = None)]
    pub resources: Option<Vec<EsiResource>>,
    /// Heart rate per minute.
    #[uniffi(default = None)]
    pub heart_rate: Option<f64>,
    /// Breaths per minute.
    #[uniffi(default = None)]
    pub respiration_rate: Option<f64>,
    /// SpO2 in percent.
    #[uniffi(default = None)]
    pub spo2: Option<f64>,
    /// Temperature in degrees Celsius.
    #[uniffi(default = None)]
    pub temperature: Option<f64>,
    /// Immunisations incomplete (febrile children).
    #[uniffi(default = None)]
    pub immunisations_incomplete: Option<bool>,
    /// An obvious source of fever.
    #[uniffi(default = None)]
    pub obvious_fever_source: Option<bool>,
}

impl From<EsiInput> for triage::EsiInput {
    fn from(i: EsiInput) -> Self {
        triage::EsiInput {
            version: i.version.map(Into::into).unwrap_or_default(),
            age_years: i.age_years,
            age_months: i.age_months,
            age_days: i.age_days,
            lifesaving_intervention: i.lifesaving_intervention,
            unresponsive: i.unresponsive,
            high_risk_situation: i.high_risk_situation,
            new_confusion_lethargy_disorientation: i.new_confusion_lethargy_disorientation,
            severe_pain_or_distress: i.severe_pain_or_distress,
            pain_score: i.pain_score,
            resources: i.resources.map(|r| r.into_iter().map(Into::into).collect()),
            heart_rate: i.heart_rate,
            respiration_rate: i.respiration_rate,
            spo2: i.spo2,
            temperature: i.temperature,
            immunisations_incomplete: i.immunisations_incomplete,
            obvious_fever_source: i.obvious_fever_source,
        }
    }
}

/// One decision point on the path taken.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EsiStep {
    /// The decision point.
    pub point: EsiDecisionPoint,
    /// The question asked.
    pub question: String,
    /// The answer given.
    pub answer: String,
    /// Where it led, e.g. `level 2` or `continue`.
    pub outcome: String,
}

/// How one listed resource was counted.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EsiResourceLine {
    /// The resource.
    pub resource: EsiResource,
    /// How many it counted for.
    pub counted: u8,
    /// Why.
    pub note: String,
}

/// An up-triage suggestion.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EsiUpTriage {
    /// The suggested level.
    pub to_level: u8,
    /// Why.
    pub reasons: Vec<String>,
}

/// An ESI result: level, the path through the decision points, resources and suggestions.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EsiResult {
    /// The handbook version used.
    pub version: EsiVersion,
    /// The level 1-5; `None` when a needed answer is missing.
    pub level: Option<u8>,
    /// The decision points visited.
    pub path: Vec<EsiStep>,
    /// Resources counted at decision point C.
    pub resources_counted: Option<u8>,
    /// How each listed resource was counted.
    pub resource_lines: Vec<EsiResourceLine>,
    /// Danger-zone vital signs found.
    pub danger_zone: Vec<String>,
    /// An up-triage suggestion.
    pub up_triage: Option<EsiUpTriage>,
    /// True when an answer needed was missing.
    pub partial: bool,
    /// The inputs that were needed but missing.
    pub missing: Vec<String>,
    /// The published source.
    pub citation: String,
}

impl From<triage::EsiResult> for EsiResult {
    fn from(r: triage::EsiResult) -> Self {
        EsiResult {
            version: r.version.into(),
            level: r.level,
            path: r
                .path
                .into_iter()
                .map(|s| EsiStep {
                    point: s.point.into(),
                    question: s.question.to_string(),
                    answer: s.answer,
                    outcome: s.outcome.to_string(),
                })
                .collect(),
            resources_counted: r.resources_counted,
            resource_lines: r
                .resource_lines
                .into_iter()
                .map(|l| EsiResourceLine {
                    resource: l.resource.into(),
                    counted: l.counted,
                    note: l.note.to_string(),
                })
                .collect(),
            danger_zone: r.danger_zone,
            up_triage: r.up_triage.map(|u| EsiUpTriage {
                to_level: u.to_level,
                reasons: u.reasons,
            }),
            partial: r.partial,
            missing: strings(r.missing),
            citation: r.citation.to_string(),
        }
    }
}

outcome! {
    /// The outcome of one input of an ESI batch.
    EsiOutcome(EsiResult) from triage::EsiResult
}

/// Emergency Severity Index (v4 or v5).
#[uniffi::export]
pub fn triage_esi(input: EsiInput) -> Result<EsiResult, MedcoreError> {
    guard(|| Ok(triage::esi(&input.into())?.into()))
}

/// ESI over many inputs; one outcome per input, in order.
#[uniffi::export]
pub fn triage_esi_batch(inputs: Vec<EsiInput>) -> Result<Vec<EsiOutcome>, MedcoreError> {
    guard(|| {
        let core: Vec<triage::EsiInput> = inputs.into_iter().map(Into::into).collect();
        Ok(batch_in(&core, triage::esi_batch))
    })
}

// ---------------------------------------------------------------------------------------------
// CTAS / Manchester

mirror_enum! {
    /// An emergency department triage scale.
    EdScale = triage::EdScale {
        /// Canadian Triage and Acuity Scale.
        Ctas,
        /// Manchester Triage System.
        Manchester,
    }
}

/// One level of a scale.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EdLevel {
    /// 1 (most urgent) to 5.
    pub level: u8,
    /// The level's name, e.g. `emergent`.
    pub name: String,
    /// The level's colour.
    pub colour: String,
    /// Target time to be seen, in minutes.
    pub target_minutes: u32,
    /// The share of patients to be seen within the target (CTAS), in percent.
    pub fractile_percent: Option<u8>,
}

impl From<triage::edscale::EdLevel> for EdLevel {
    fn from(l: triage::edscale::EdLevel) -> Self {
        EdLevel {
            level: l.level,
            name: l.name.to_string(),
            colour: l.colour.to_string(),
            target_minutes: l.target_minutes,
            fractile_percent: l.fractile_percent,
        }
    }
}

/// A presentation and the findings (discriminator codes) observed.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EdTriageInput {
    /// The presentation code.
    pub presentation: String,
    /// Discriminator codes observed.
    #[uniffi(default = [])]
    pub findings: Vec<String>,
}

impl From<EdTriageInput> for triage::EdTriageInput {
    fn from(i: EdTriageInput) -> Self {
        triage::EdTriageInput {
            presentation: i.presentation,
            findings: i.findings,
        }
    }
}

/// The level an ED triage gives and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EdTriageResult {
    /// The scale.
    pub scale: EdScale,
    /// The level.
    pub level: EdLevel,
    /// The discriminator that decided, `None` for the presentation's default level.
    pub discriminator: Option<String>,
    /// The presentation code.
    pub presentation: String,
}

impl From<triage::EdTriageResult> for EdTriageResult {
    fn from(r: triage::EdTriageResult) -> Self {
        EdTriageResult {
            scale: r.scale.into(),
            level: r.level.into(),
            discriminator: r.discriminator,
            presentation: r.presentation,
        }
    }
}

outcome! {
    /// The outcome of one input of an ED triage batch.
    EdTriageOutcome(EdTriageResult) from triage::EdTriageResult
}

/// A discriminator table prepared once (its content is user data).
#[derive(uniffi::Object)]
pub struct EdTriage {
    inner: triage::EdTriage,
}

#[uniffi::export]
impl EdTriage {
    /// The example table shipped with medcore.
    #[uniffi::constructor]
    pub fn example() -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            Ok(Arc::new(EdTriage {
                inner: triage::EdTriage::example()?,
            }))
        })
    }

    /// A table from JSON; a malformed table raises `TRIAGE_INVALID_TABLE`.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            Ok(Arc::new(EdTriage {
                inner: triage::EdTriage::from_json(&json)?,
            }))
        })
    }

    /// Triages one presentation: the most urgent discriminator present decides.
    pub fn triage(&self, input: EdTriageInput) -> Result<EdTriageResult, MedcoreError> {
        guard(|| Ok(self.inner.triage(&input.into())?.into()))
    }

    /// Triages many presentations; one outcome per input, in order.
    pub fn triage_batch(
        &self,
        inputs: Vec<EdTriageInput>,
    ) -> Result<Vec<EdTriageOutcome>, MedcoreError> {
        guard(|| {
            let core: Vec<triage::EdTriageInput> = inputs.into_iter().map(Into::into).collect();
            Ok(batch_in(&core, |c| self.inner.triage_batch(c)))
        })
    }
}

/// The five levels of a scale.
#[uniffi::export]
pub fn triage_ed_levels(scale: EdScale) -> Vec<EdLevel> {
    triage::EdScale::from(scale)
        .levels()
        .iter()
        .map(|l| (*l).into())
        .collect()
}

/// True when a patient at `level` who has waited `waited_minutes` is past the target time.
#[uniffi::export]
pub fn triage_ed_overdue(
    scale: EdScale,
    level: u8,
    waited_minutes: f64,
) -> Result<bool, MedcoreError> {
    guard(|| Ok(triage::EdScale::from(scale).overdue(level, waited_minutes)?))
}

// ---------------------------------------------------------------------------------------------
// Mass casualty: START, JumpSTART, SALT

mirror_enum! {
    /// Mass-casualty triage category.
    MciCategory = triage::MciCategory {
        /// Immediate (red).
        Immediate,
        /// Delayed (yellow).
        Delayed,
        /// Minor / minimal (green).
        Minor,
        /// Expectant (grey; SALT only).
        Expectant,
        /// Dead (black).
        Dead,
    }
}

mirror_enum! {
    /// The protocol that produced a result.
    MciProtocol = triage::mci::Protocol {
        /// START (adults).
        Start,
        /// JumpSTART (children).
        Jumpstart,
        /// SALT.
        Salt,
    }
}

mirror_enum! {
    /// AVPU as used by JumpSTART.
    PaediatricAvpu = triage::mci::PaediatricAvpu {
        /// Alert.
        Alert,
        /// Responds to voice.
        Voice,
        /// Responds appropriately to pain.
        PainAppropriate,
        /// Responds inappropriately to pain.
        PainInappropriate,
        /// Unresponsive.
        Unresponsive,
    }
}

/// START / JumpSTART findings; `None` marks a question not answered.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct MciInput {
    /// Age in years (JumpSTART below 9 in `triageMci`).
    #[uniffi(default = None)]
    pub age_years: Option<f64>,
    /// Walking.
    #[uniffi(default = None)]
    pub walking: Option<bool>,
    /// Breathing.
    #[uniffi(default = None)]
    pub breathing: Option<bool>,
    /// Breathing after the airway is repositioned.
    #[uniffi(default = None)]
    pub breathing_after_airway_repositioning: Option<bool>,
    /// Breathing after five rescue breaths (JumpSTART).
    #[uniffi(default = None)]
    pub breathing_after_rescue_breaths: Option<bool>,
    /// Breaths per minute.
    #[uniffi(default = None)]
    pub respiration_rate: Option<f64>,
    /// Radial (or palpable peripheral) pulse.
    #[uniffi(default = None)]
    pub radial_pulse: Option<bool>,
    /// Capillary refill in seconds.
    #[uniffi(default = None)]
    pub capillary_refill_s: Option<f64>,
    /// Follows simple commands.
    #[uniffi(default = None)]
    pub follows_commands: Option<bool>,
    /// Paediatric AVPU (JumpSTART).
    #[uniffi(default = None)]
    pub avpu: Option<PaediatricAvpu>,
}

impl From<MciInput> for triage::MciInput {
    fn from(i: MciInput) -> Self {
        triage::MciInput {
            age_years: i.age_years,
            walking: i.walking,
            breathing: i.breathing,
            breathing_after_airway_repositioning: i.breathing_after_airway_repositioning,
            breathing_after_rescue_breaths: i.breathing_after_rescue_breaths,
            respiration_rate: i.respiration_rate,
            radial_pulse: i.radial_pulse,
            capillary_refill_s: i.capillary_refill_s,
            follows_commands: i.follows_commands,
            avpu: i.avpu.map(Into::into),
        }
    }
}

/// SALT findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct SaltInput {
    /// Walks.
    #[uniffi(default = None)]
    pub walks: Option<bool>,
    /// Waves or makes purposeful movement.
    #[uniffi(default = None)]
    pub waves_or_purposeful_movement: Option<bool>,
    /// Breathing (after lifesaving interventions).
    #[uniffi(default = None)]
    pub breathing: Option<bool>,
    /// Obeys commands or makes purposeful movements.
    #[uniffi(default = None)]
    pub obeys_commands: Option<bool>,
    /// Has a peripheral pulse.
    #[uniffi(default = None)]
    pub peripheral_pulse: Option<bool>,
    /// In respiratory distress.
    #[uniffi(default = None)]
    pub respiratory_distress: Option<bool>,
    /// Major haemorrhage controlled.
    #[uniffi(default = None)]
    pub major_haemorrhage_controlled: Option<bool>,
    /// Minor injuries only.
    #[uniffi(default = None)]
    pub minor_injuries_only: Option<bool>,
    /// Likely to survive given current resources.
    #[uniffi(default = None)]
    pub likely_to_survive: Option<bool>,
}

impl From<SaltInput> for triage::SaltInput {
    fn from(i: SaltInput) -> Self {
        triage::SaltInput {
            walks: i.walks,
            waves_or_purposeful_movement: i.waves_or_purposeful_movement,
            breathing: i.breathing,
            obeys_commands: i.obeys_commands,
            peripheral_pulse: i.peripheral_pulse,
            respiratory_distress: i.respiratory_distress,
            major_haemorrhage_controlled: i.major_haemorrhage_controlled,
            minor_injuries_only: i.minor_injuries_only,
            likely_to_survive: i.likely_to_survive,
        }
    }
}

/// A mass-casualty triage result.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MciResult {
    /// The protocol used.
    pub protocol: MciProtocol,
    /// The category; `None` when a needed finding is missing.
    pub category: Option<MciCategory>,
    /// The tag colour.
    pub colour: Option<String>,
    /// SALT global sorting step (1 still/obvious threat, 2 waving, 3 walking).
    pub global_sort: Option<u8>,
    /// The questions asked and answers, in order.
    pub path: Vec<String>,
    /// True when a needed finding was missing.
    pub partial: bool,
    /// The findings that were needed but missing.
    pub missing: Vec<String>,
    /// The published source.
    pub citation: String,
}

impl From<triage::MciResult> for MciResult {
    fn from(r: triage::MciResult) -> Self {
        MciResult {
            protocol: r.protocol.into(),
            category: r.category.map(Into::into),
            colour: r.colour.map(str::to_string),
            global_sort: r.global_sort,
            path: r.path,
            partial: r.partial,
            missing: strings(r.missing),
            citation: r.citation.to_string(),
        }
    }
}

outcome! {
    /// The outcome of one input of a mass-casualty batch.
    MciOutcome(MciResult) from triage::MciResult
}

/// START (adults, whatever the age).
#[uniffi::export]
pub fn triage_start(input: MciInput) -> Result<MciResult, MedcoreError> {
    guard(|| Ok(triage::start(&input.into())?.into()))
}

/// JumpSTART (children, whatever the age).
#[uniffi::export]
pub fn triage_jumpstart(input: MciInput) -> Result<MciResult, MedcoreError> {
    guard(|| Ok(triage::jumpstart(&input.into())?.into()))
}

/// START or JumpSTART chosen by age (JumpSTART below 9 years).
#[uniffi::export]
pub fn triage_mci(input: MciInput) -> Result<MciResult, MedcoreError> {
    guard(|| Ok(triage::mci_triage(&input.into())?.into()))
}

/// `triage_mci` over many inputs; one outcome per input, in order.
#[uniffi::export]
pub fn triage_mci_batch(inputs: Vec<MciInput>) -> Result<Vec<MciOutcome>, MedcoreError> {
    guard(|| {
        let core: Vec<triage::MciInput> = inputs.into_iter().map(Into::into).collect();
        Ok(batch_in(&core, triage::mci_batch))
    })
}

/// SALT.
#[uniffi::export]
pub fn triage_salt(input: SaltInput) -> Result<MciResult, MedcoreError> {
    guard(|| Ok(triage::salt(&input.into())?.into()))
}

/// SALT over many inputs; one outcome per input, in order.
#[uniffi::export]
pub fn triage_salt_batch(inputs: Vec<SaltInput>) -> Result<Vec<MciOutcome>, MedcoreError> {
    guard(|| {
        let core: Vec<triage::SaltInput> = inputs.into_iter().map(Into::into).collect();
        Ok(batch_in(&core, triage::salt_batch))
    })
}

// ---------------------------------------------------------------------------------------------
// Dispatch

mirror_enum! {
    /// Dispatch determinant level, least to most urgent.
    DeterminantLevel = triage::dispatch::DeterminantLevel {
        /// Omega: referral, no ambulance.
        Omega,
        /// Alpha.
        Alpha,
        /// Bravo.
        Bravo,
        /// Charlie.
        Charlie,
        /// Delta.
        Delta,
        /// Echo: immediately life-threatening.
        Echo,
    }
}

mirror_enum! {
    /// NHS England Ambulance Response Programme category.
    ArpCategory = triage::dispatch::ArpCategory {
        /// Category 1: life-threatening.
        C1,
        /// Category 2: emergency.
        C2,
        /// Category 3: urgent.
        C3,
        /// Category 4: less urgent.
        C4,
    }
}

mirror_enum! {
    /// Ambulance unit type.
    UnitType = triage::dispatch::UnitType {
        /// Advanced life support.
        Als,
        /// Basic life support.
        Bls,
        /// No unit.
        None,
    }
}

mirror_enum! {
    /// Response urgency.
    Urgency = triage::dispatch::Urgency {
        /// Lights and sirens.
        LightsAndSirens,
        /// Routine.
        Routine,
        /// Referral (hear and treat).
        Referral,
    }
}

/// A call: the finding codes the call taker recorded and the patient's age.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct DispatchCall {
    /// Finding codes, e.g. `chest_pain`.
    #[uniffi(default = [])]
    pub findings: Vec<String>,
    /// Age in years.
    #[uniffi(default = None)]
    pub age_years: Option<f64>,
}

impl From<DispatchCall> for triage::DispatchCall {
    fn from(c: DispatchCall) -> Self {
        triage::DispatchCall {
            findings: c.findings,
            age_years: c.age_years,
        }
    }
}

/// A rule that matched the call.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DispatchMatchedRule {
    /// The rule id.
    pub id: String,
    /// What it describes.
    pub description: String,
    /// The level it gives.
    pub level: DeterminantLevel,
}

/// The response a level calls for.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DispatchResponsePlan {
    /// The ARP category, `None` for no ambulance.
    pub arp_category: Option<ArpCategory>,
    /// The unit type.
    pub unit: UnitType,
    /// The urgency.
    pub urgency: Urgency,
    /// How many units.
    pub units: u8,
    /// What the plan is.
    pub description: String,
}

/// ARP response-time targets.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ArpTargets {
    /// Mean response target in minutes, when the category has one.
    pub mean_minutes: Option<u32>,
    /// 90th centile response target in minutes.
    pub p90_minutes: u32,
}

/// What routing needs to send units.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DispatchRoutingRequest {
    /// Whether to send a unit at all.
    pub dispatch: bool,
    /// The unit type.
    pub unit: UnitType,
    /// How many units.
    pub units: u8,
    /// The urgency.
    pub urgency: Urgency,
    /// Queue priority, 1 most urgent.
    pub priority: u8,
    /// The 90th centile target in minutes.
    pub target_p90_minutes: Option<u32>,
}

/// The priority of a call.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DispatchResult {
    /// The determinant level.
    pub level: DeterminantLevel,
    /// The determinant, e.g. `echo:EX-01` or `charlie:default`.
    pub determinant: String,
    /// Every rule that matched.
    pub matched: Vec<DispatchMatchedRule>,
    /// The response plan.
    pub plan: DispatchResponsePlan,
    /// The ARP targets of the plan's category.
    pub targets: Option<ArpTargets>,
    /// What routing needs.
    pub routing: DispatchRoutingRequest,
    /// The published source.
    pub citation: String,
}

impl From<triage::DispatchResult> for DispatchResult {
    fn from(r: triage::DispatchResult) -> Self {
        DispatchResult {
            level: r.level.into(),
            determinant: r.determinant,
            matched: r
                .matched
                .into_iter()
                .map(|m| DispatchMatchedRule {
                    id: m.id,
                    description: m.description,
                    level: m.level.into(),
                })
                .collect(),
            plan: DispatchResponsePlan {
                arp_category: r.plan.arp_category.map(Into::into),
                unit: r.plan.unit.into(),
                urgency: r.plan.urgency.into(),
                units: r.plan.units,
                description: r.plan.description,
            },
            targets: r.targets.map(|t| ArpTargets {
                mean_minutes: t.mean_minutes,
                p90_minutes: t.p90_minutes,
            }),
            routing: DispatchRoutingRequest {
                dispatch: r.routing.dispatch,
                unit: r.routing.unit.into(),
                units: r.routing.units,
                urgency: r.routing.urgency.into(),
                priority: r.routing.priority,
                target_p90_minutes: r.routing.target_p90_minutes,
            },
            citation: r.citation.to_string(),
        }
    }
}

outcome! {
    /// The outcome of one call of a dispatch batch.
    DispatchOutcome(DispatchResult) from triage::DispatchResult
}

/// A dispatch rule table prepared once: the shipped example or a local table.
#[derive(uniffi::Object)]
pub struct DispatchRules {
    inner: triage::DispatchRules,
}

#[uniffi::export]
impl DispatchRules {
    /// The example rule table shipped with medcore.
    #[uniffi::constructor]
    pub fn example() -> Arc<Self> {
        Arc::new(DispatchRules {
            inner: triage::DispatchRules::example(),
        })
    }

    /// A rule table from JSON; a malformed table raises `TRIAGE_INVALID_TABLE`.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, MedcoreError> {
        guard(|| {
            Ok(Arc::new(DispatchRules {
                inner: triage::DispatchRules::from_json(&json)?,
            }))
        })
    }

    /// The table's name.
    pub fn name(&self) -> String {
        self.inner.data().name.clone()
    }
}

/// The priority of one call.
#[uniffi::export]
pub fn triage_dispatch(
    rules: Arc<DispatchRules>,
    call: DispatchCall,
) -> Result<DispatchResult, MedcoreError> {
    guard(|| Ok(triage::dispatch(&rules.inner, &call.into())?.into()))
}

/// The priority of many calls; one outcome per call, in order.
#[uniffi::export]
pub fn triage_dispatch_batch(
    rules: Arc<DispatchRules>,
    calls: Vec<DispatchCall>,
) -> Result<Vec<DispatchOutcome>, MedcoreError> {
    guard(|| {
        let core: Vec<triage::DispatchCall> = calls.into_iter().map(Into::into).collect();
        Ok(batch_in(&core, |c| triage::dispatch_batch(&rules.inner, c)))
    })
}
