//! `triage`: conversions between `medcore::triage` and JS values. Inputs are plain objects
//! (camelCase fields; absent or `null` means not observed), results are plain objects; enum
//! values are the core's names (`low_medium`, `immediate`...). Each instrument has a single
//! call, a batch call returning one `{ value, error }` per input, and an async batch call run
//! on the libuv thread pool.

use crate::errors::{self, guard, Result};
use crate::hl7::ErrorInfo;
use crate::names;
use crate::task::{self, Work};
use medcore::triage as core;
use napi::bindgen_prelude::{AsyncTask, Either, Either3};
use napi_derive::napi;
use std::sync::Arc;

// ---------------------------------------------------------------------------------------------
// Results

/// One scored parameter: the observed value, the band it fell in and its points.
#[napi(object)]
pub struct ParameterScore {
    /// The parameter, e.g. `respiration_rate`.
    pub parameter: String,
    /// The value observed: a number, a flag, or a code (e.g. `V`).
    pub value: Either3<f64, bool, String>,
    /// The band's label, e.g. `21–24`.
    pub band: String,
    /// Points scored.
    pub points: u32,
    /// The value fell between the published rows and was scored by the documented rule.
    pub between_rows: bool,
}

/// An early warning score (NEWS2, MEWS, qSOFA, SIRS, GCS, PEWS).
#[napi(object)]
pub struct Score {
    /// The instrument, e.g. `news2`.
    pub instrument: String,
    /// Total points of the observed parameters.
    pub total: u32,
    /// Highest total reachable with the observed parameters.
    pub max_possible: u32,
    /// Every observed parameter, in the instrument's order.
    pub breakdown: Vec<ParameterScore>,
    /// Whether a parameter was missing (missing parameters are never scored as zero).
    pub partial: bool,
    /// The parameters not observed.
    pub missing: Vec<String>,
    /// Risk band: `low`, `low_medium`, `medium`, `high` or `indeterminate`.
    pub risk: String,
    /// What the score means.
    pub interpretation: String,
    /// The clinical response the instrument calls for.
    pub clinical_response: String,
    /// The published source.
    pub citation: String,
}

fn observed(v: &core::Observed) -> Either3<f64, bool, String> {
    match v {
        core::Observed::Number(n) => Either3::A(*n),
        core::Observed::Flag(b) => Either3::B(*b),
        core::Observed::Code(c) => Either3::C((*c).to_string()),
    }
}

fn score(s: core::Score) -> Score {
    Score {
        instrument: names::name(&s.instrument),
        total: s.total,
        max_possible: s.max_possible,
        breakdown: s
            .breakdown
            .iter()
            .map(|p| ParameterScore {
                parameter: p.parameter.as_str().to_string(),
                value: observed(&p.value),
                band: p.band.to_string(),
                points: u32::from(p.points),
                between_rows: p.between_rows,
            })
            .collect(),
        partial: s.partial,
        missing: s.missing.iter().map(|p| p.as_str().to_string()).collect(),
        risk: names::name(&s.risk),
        interpretation: s.interpretation.to_string(),
        clinical_response: s.clinical_response.to_string(),
        citation: s.citation.to_string(),
    }
}

/// One item of a batch of scores: `value` when it scored, `error` when its input was refused.
#[napi(object)]
pub struct ScoreResult {
    /// The score.
    pub value: Option<Score>,
    /// Why the input was refused (`TRIAGE_OUT_OF_RANGE`...).
    pub error: Option<ErrorInfo>,
}

fn error_info(e: &core::TriageError) -> ErrorInfo {
    ErrorInfo {
        code: e.code().to_string(),
        message: e.to_string(),
    }
}

fn score_results(
    items: Vec<std::result::Result<core::Score, core::TriageError>>,
) -> Vec<ScoreResult> {
    items
        .into_iter()
        .map(|r| match r {
            Ok(s) => ScoreResult {
                value: Some(score(s)),
                error: None,
            },
            Err(e) => ScoreResult {
                value: None,
                error: Some(error_info(&e)),
            },
        })
        .collect()
}

/// A mass-casualty triage result (START, JumpSTART, SALT).
#[napi(object)]
pub struct MciResult {
    /// The protocol applied: `start`, `jumpstart` or `salt`.
    pub protocol: String,
    /// `immediate`, `delayed`, `minor`, `expectant` or `dead`; absent when the inputs stop short.
    pub category: Option<String>,
    /// The tag colour (`red`, `yellow`, `green`, `grey`, `black`).
    pub colour: Option<String>,
    /// SALT global sorting step (1 to 3).
    pub global_sort: Option<u32>,
    /// The decision path, step by step.
    pub path: Vec<String>,
    /// Whether an input needed for a decision was missing.
    pub partial: bool,
    /// The inputs that were needed and missing.
    pub missing: Vec<String>,
    /// The published source.
    pub citation: String,
}

fn mci_result(r: core::MciResult) -> MciResult {
    MciResult {
        protocol: names::name(&r.protocol),
        category: r.category.map(|c| names::name(&c)),
        colour: r.colour.map(str::to_string),
        global_sort: r.global_sort.map(u32::from),
        path: r.path,
        partial: r.partial,
        missing: r.missing.iter().map(|m| m.to_string()).collect(),
        citation: r.citation.to_string(),
    }
}

/// One item of a batch of MCI triage results.
#[napi(object)]
pub struct MciResultOrError {
    /// The result.
    pub value: Option<MciResult>,
    /// Why the input was refused.
    pub error: Option<ErrorInfo>,
}

fn mci_results(
    items: Vec<std::result::Result<core::MciResult, core::TriageError>>,
) -> Vec<MciResultOrError> {
    items
        .into_iter()
        .map(|r| match r {
            Ok(v) => MciResultOrError {
                value: Some(mci_result(v)),
                error: None,
            },
            Err(e) => MciResultOrError {
                value: None,
                error: Some(error_info(&e)),
            },
        })
        .collect()
}

type Scores = Vec<std::result::Result<core::Score, core::TriageError>>;
type MciResults = Vec<std::result::Result<core::MciResult, core::TriageError>>;

/// Converts every input (throwing `item N: ...` for one that does not convert).
fn convert_all<J, C>(inputs: &[J], f: impl Fn(&J) -> Result<C>) -> Result<Vec<C>> {
    inputs
        .iter()
        .enumerate()
        .map(|(i, x)| f(x).map_err(|e| errors::error(&e.status, format!("item {i}: {}", e.reason))))
        .collect()
}

fn scores_async(
    job: impl FnOnce() -> Scores + Send + 'static,
) -> AsyncTask<Work<Scores, Vec<ScoreResult>>> {
    task::run(move || Ok(job()), score_results)
}

fn mci_async(
    job: impl FnOnce() -> MciResults + Send + 'static,
) -> AsyncTask<Work<MciResults, Vec<MciResultOrError>>> {
    task::run(move || Ok(job()), mci_results)
}

// ---------------------------------------------------------------------------------------------
// NEWS2

/// NEWS2 observations (Royal College of Physicians, 2017).
#[napi(object)]
pub struct News2Input {
    /// Breaths per minute.
    pub respiration_rate: Option<f64>,
    /// SpO2, percent.
    pub spo2: Option<f64>,
    /// Use SpO2 scale 2 (hypercapnic respiratory failure); default `false`.
    pub spo2_scale2: Option<bool>,
    /// On supplemental oxygen.
    pub supplemental_oxygen: Option<bool>,
    /// Systolic blood pressure, mmHg.
    pub systolic_bp: Option<f64>,
    /// Pulse, beats per minute.
    pub pulse: Option<f64>,
    /// ACVPU: `A`, `C`, `V`, `P` or `U` (or the words: `alert`, `new_confusion`...).
    pub consciousness: Option<String>,
    /// Temperature, °C.
    pub temperature: Option<f64>,
}

fn acvpu(code: &Option<String>) -> Result<Option<core::Acvpu>> {
    code.as_deref()
        .map(|c| core::Acvpu::from_code(c).map_err(errors::triage))
        .transpose()
}

fn news2_input(i: &News2Input) -> Result<core::News2Input> {
    Ok(core::News2Input {
        respiration_rate: i.respiration_rate,
        spo2: i.spo2,
        spo2_scale2: i.spo2_scale2.unwrap_or(false),
        supplemental_oxygen: i.supplemental_oxygen,
        systolic_bp: i.systolic_bp,
        pulse: i.pulse,
        consciousness: acvpu(&i.consciousness)?,
        temperature: i.temperature,
    })
}

/// Scores NEWS2.
#[napi]
pub fn news2(input: News2Input) -> Result<Score> {
    guard(|| {
        core::news2(&news2_input(&input)?)
            .map(score)
            .map_err(errors::triage)
    })
}

/// Scores NEWS2 for many patients: one result per input.
#[napi]
pub fn news2_batch(inputs: Vec<News2Input>) -> Result<Vec<ScoreResult>> {
    guard(|| {
        Ok(score_results(core::news2_batch(&convert_all(
            &inputs,
            news2_input,
        )?)))
    })
}

/// `news2Batch` off the JS thread.
#[napi(ts_return_type = "Promise<Array<ScoreResult>>")]
pub fn news2_batch_async(
    inputs: Vec<News2Input>,
) -> Result<AsyncTask<Work<Scores, Vec<ScoreResult>>>> {
    guard(|| {
        let inputs = convert_all(&inputs, news2_input)?;
        Ok(scores_async(move || core::news2_batch(&inputs)))
    })
}

// ---------------------------------------------------------------------------------------------
// qSOFA, SIRS, GCS

/// qSOFA observations (Seymour et al., JAMA 2016).
#[napi(object)]
pub struct QsofaInput {
    /// Breaths per minute.
    pub respiration_rate: Option<f64>,
    /// Systolic blood pressure, mmHg.
    pub systolic_bp: Option<f64>,
    /// Altered mentation observed.
    pub altered_mentation: Option<bool>,
    /// GCS total (altered mentation when below 15), used when `alteredMentation` is absent.
    pub gcs: Option<f64>,
}

fn qsofa_input(i: &QsofaInput) -> Result<core::QsofaInput> {
    Ok(core::QsofaInput {
        respiration_rate: i.respiration_rate,
        systolic_bp: i.systolic_bp,
        altered_mentation: i.altered_mentation,
        gcs: i.gcs,
    })
}

/// Scores qSOFA.
#[napi]
pub fn qsofa(input: QsofaInput) -> Result<Score> {
    guard(|| {
        core::qsofa(&qsofa_input(&input)?)
            .map(score)
            .map_err(errors::triage)
    })
}

/// Scores qSOFA for many patients: one result per input.
#[napi]
pub fn qsofa_batch(inputs: Vec<QsofaInput>) -> Result<Vec<ScoreResult>> {
    guard(|| {
        Ok(score_results(core::qsofa_batch(&convert_all(
            &inputs,
            qsofa_input,
        )?)))
    })
}

/// `qsofaBatch` off the JS thread.
#[napi(ts_return_type = "Promise<Array<ScoreResult>>")]
pub fn qsofa_batch_async(
    inputs: Vec<QsofaInput>,
) -> Result<AsyncTask<Work<Scores, Vec<ScoreResult>>>> {
    guard(|| {
        let inputs = convert_all(&inputs, qsofa_input)?;
        Ok(scores_async(move || core::qsofa_batch(&inputs)))
    })
}

/// SIRS observations (Bone et al., Chest 1992).
#[napi(object)]
pub struct SirsInput {
    /// Temperature, °C.
    pub temperature: Option<f64>,
    /// Heart rate, beats per minute.
    pub heart_rate: Option<f64>,
    /// Breaths per minute.
    pub respiration_rate: Option<f64>,
    /// PaCO2, mmHg.
    pub paco2: Option<f64>,
    /// White cell count, 10^9/L.
    pub white_cell_count: Option<f64>,
    /// Band neutrophils, percent.
    pub band_neutrophils: Option<f64>,
}

fn sirs_input(i: &SirsInput) -> Result<core::SirsInput> {
    Ok(core::SirsInput {
        temperature: i.temperature,
        heart_rate: i.heart_rate,
        respiration_rate: i.respiration_rate,
        paco2: i.paco2,
        white_cell_count: i.white_cell_count,
        band_neutrophils: i.band_neutrophils,
    })
}

/// Scores SIRS.
#[napi]
pub fn sirs(input: SirsInput) -> Result<Score> {
    guard(|| {
        core::sirs(&sirs_input(&input)?)
            .map(score)
            .map_err(errors::triage)
    })
}

/// Scores SIRS for many patients: one result per input.
#[napi]
pub fn sirs_batch(inputs: Vec<SirsInput>) -> Result<Vec<ScoreResult>> {
    guard(|| {
        Ok(score_results(core::sirs_batch(&convert_all(
            &inputs, sirs_input,
        )?)))
    })
}

/// `sirsBatch` off the JS thread.
#[napi(ts_return_type = "Promise<Array<ScoreResult>>")]
pub fn sirs_batch_async(
    inputs: Vec<SirsInput>,
) -> Result<AsyncTask<Work<Scores, Vec<ScoreResult>>>> {
    guard(|| {
        let inputs = convert_all(&inputs, sirs_input)?;
        Ok(scores_async(move || core::sirs_batch(&inputs)))
    })
}

/// Glasgow Coma Scale responses: each a score (eye 1-4, verbal 1-5, motor 1-6) or `NT`
/// (not testable).
#[napi(object)]
pub struct GcsInput {
    /// Eye opening.
    pub eye: Option<Either<i32, String>>,
    /// Verbal response.
    pub verbal: Option<Either<i32, String>>,
    /// Motor response.
    pub motor: Option<Either<i32, String>>,
}

fn gcs_response(r: &Option<Either<i32, String>>) -> Result<Option<core::GcsResponse>> {
    match r {
        None => Ok(None),
        Some(Either::A(n)) => Ok(Some(core::GcsResponse::Score(*n))),
        Some(Either::B(code)) => core::GcsResponse::from_code(code)
            .map(Some)
            .map_err(errors::triage),
    }
}

fn gcs_input(i: &GcsInput) -> Result<core::GcsInput> {
    Ok(core::GcsInput {
        eye: gcs_response(&i.eye)?,
        verbal: gcs_response(&i.verbal)?,
        motor: gcs_response(&i.motor)?,
    })
}

/// Scores the Glasgow Coma Scale.
#[napi]
pub fn gcs(input: GcsInput) -> Result<Score> {
    guard(|| {
        core::gcs(&gcs_input(&input)?)
            .map(score)
            .map_err(errors::triage)
    })
}

/// Scores GCS for many patients: one result per input.
#[napi]
pub fn gcs_batch(inputs: Vec<GcsInput>) -> Result<Vec<ScoreResult>> {
    guard(|| {
        Ok(score_results(core::gcs_batch(&convert_all(
            &inputs, gcs_input,
        )?)))
    })
}

/// `gcsBatch` off the JS thread.
#[napi(ts_return_type = "Promise<Array<ScoreResult>>")]
pub fn gcs_batch_async(inputs: Vec<GcsInput>) -> Result<AsyncTask<Work<Scores, Vec<ScoreResult>>>> {
    guard(|| {
        let inputs = convert_all(&inputs, gcs_input)?;
        Ok(scores_async(move || core::gcs_batch(&inputs)))
    })
}

// ---------------------------------------------------------------------------------------------
// MEWS and PEWS (their band tables are data: handles)

/// MEWS observations (Subbe et al., QJM 2001).
#[napi(object)]
pub struct MewsInput {
    /// Systolic blood pressure, mmHg.
    pub systolic_bp: Option<f64>,
    /// Heart rate, beats per minute.
    pub heart_rate: Option<f64>,
    /// Breaths per minute.
    pub respiration_rate: Option<f64>,
    /// Temperature, °C.
    pub temperature: Option<f64>,
    /// AVPU: `A`, `V`, `P` or `U`.
    pub consciousness: Option<String>,
}

fn mews_input(i: &MewsInput) -> Result<core::MewsInput> {
    Ok(core::MewsInput {
        systolic_bp: i.systolic_bp,
        heart_rate: i.heart_rate,
        respiration_rate: i.respiration_rate,
        temperature: i.temperature,
        consciousness: acvpu(&i.consciousness)?,
    })
}

/// The MEWS band table: the published one (Subbe 2001) or a local one from JSON.
#[napi]
pub struct MewsBands {
    inner: Arc<core::MewsBands>,
}

#[napi]
impl MewsBands {
    /// The published table (Subbe et al. 2001).
    #[napi(constructor)]
    pub fn new() -> MewsBands {
        MewsBands {
            inner: Arc::new(core::MewsBands::subbe2001()),
        }
    }

    /// A local table from JSON (the core's `MewsBands` format); throws `TRIAGE_INVALID_TABLE`.
    #[napi(factory)]
    pub fn from_json(json: String) -> Result<MewsBands> {
        guard(|| {
            core::MewsBands::from_json(&json)
                .map(|b| MewsBands { inner: Arc::new(b) })
                .map_err(errors::triage)
        })
    }

    /// Scores MEWS with this table.
    #[napi]
    pub fn score(&self, input: MewsInput) -> Result<Score> {
        guard(|| {
            core::mews(&mews_input(&input)?, &self.inner)
                .map(score)
                .map_err(errors::triage)
        })
    }

    /// Scores MEWS for many patients: one result per input.
    #[napi]
    pub fn score_batch(&self, inputs: Vec<MewsInput>) -> Result<Vec<ScoreResult>> {
        guard(|| {
            let inputs = convert_all(&inputs, mews_input)?;
            Ok(score_results(core::mews_batch(&inputs, &self.inner)))
        })
    }

    /// `scoreBatch` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<ScoreResult>>")]
    pub fn score_batch_async(
        &self,
        inputs: Vec<MewsInput>,
    ) -> Result<AsyncTask<Work<Scores, Vec<ScoreResult>>>> {
        guard(|| {
            let inputs = convert_all(&inputs, mews_input)?;
            let bands = Arc::clone(&self.inner);
            Ok(scores_async(move || core::mews_batch(&inputs, &bands)))
        })
    }
}

/// Scores MEWS with the published table.
#[napi]
pub fn mews(input: MewsInput) -> Result<Score> {
    guard(|| {
        core::mews(&mews_input(&input)?, &core::MewsBands::subbe2001())
            .map(score)
            .map_err(errors::triage)
    })
}

/// Brighton PEWS observations, scored against age-banded normal ranges.
#[napi(object)]
pub struct PewsInput {
    /// Age in months (selects the normal ranges).
    pub age_months: Option<f64>,
    /// `playing`, `sleeping`, `irritable` or `lethargic`.
    pub behaviour: Option<String>,
    /// `pink`, `pale`, `grey` or `grey_mottled`.
    pub skin_colour: Option<String>,
    /// Capillary refill time, seconds.
    pub capillary_refill_s: Option<f64>,
    /// Heart rate, beats per minute.
    pub heart_rate: Option<f64>,
    /// Breaths per minute.
    pub respiration_rate: Option<f64>,
    /// `normal`, `accessory_muscles`, `recession` or `sternal_recession_or_grunting`.
    pub work_of_breathing: Option<String>,
    /// Inspired oxygen, percent.
    pub fio2_percent: Option<f64>,
    /// Oxygen flow, litres per minute.
    pub oxygen_flow_lpm: Option<f64>,
    /// Nebulisers every 15 minutes.
    pub quarter_hourly_nebulisers: Option<bool>,
    /// Persistent vomiting after surgery.
    pub post_operative_vomiting: Option<bool>,
}

fn pews_input(i: &PewsInput) -> Result<core::PewsInput> {
    Ok(core::PewsInput {
        age_months: i.age_months,
        behaviour: names::parse_opt("behaviour", &i.behaviour)?,
        skin_colour: names::parse_opt("skinColour", &i.skin_colour)?,
        capillary_refill_s: i.capillary_refill_s,
        heart_rate: i.heart_rate,
        respiration_rate: i.respiration_rate,
        work_of_breathing: names::parse_opt("workOfBreathing", &i.work_of_breathing)?,
        fio2_percent: i.fio2_percent,
        oxygen_flow_lpm: i.oxygen_flow_lpm,
        quarter_hourly_nebulisers: i.quarter_hourly_nebulisers,
        post_operative_vomiting: i.post_operative_vomiting,
    })
}

/// PEWS age bands: the published APLS ranges or local ones from JSON.
#[napi]
pub struct PewsAgeBands {
    inner: Arc<core::PewsAgeBands>,
}

#[napi]
impl PewsAgeBands {
    /// The APLS normal ranges.
    #[napi(constructor)]
    pub fn new() -> PewsAgeBands {
        PewsAgeBands {
            inner: Arc::new(core::PewsAgeBands::apls()),
        }
    }

    /// Local ranges from JSON (the core's `PewsAgeBands` format); throws `TRIAGE_INVALID_TABLE`.
    #[napi(factory)]
    pub fn from_json(json: String) -> Result<PewsAgeBands> {
        guard(|| {
            core::PewsAgeBands::from_json(&json)
                .map(|b| PewsAgeBands { inner: Arc::new(b) })
                .map_err(errors::triage)
        })
    }

    /// Scores PEWS with these ranges.
    #[napi]
    pub fn score(&self, input: PewsInput) -> Result<Score> {
        guard(|| {
            core::pews(&pews_input(&input)?, &self.inner)
                .map(score)
                .map_err(errors::triage)
        })
    }

    /// Scores PEWS for many children: one result per input.
    #[napi]
    pub fn score_batch(&self, inputs: Vec<PewsInput>) -> Result<Vec<ScoreResult>> {
        guard(|| {
            let inputs = convert_all(&inputs, pews_input)?;
            Ok(score_results(core::pews_batch(&inputs, &self.inner)))
        })
    }

    /// `scoreBatch` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<ScoreResult>>")]
    pub fn score_batch_async(
        &self,
        inputs: Vec<PewsInput>,
    ) -> Result<AsyncTask<Work<Scores, Vec<ScoreResult>>>> {
        guard(|| {
            let inputs = convert_all(&inputs, pews_input)?;
            let ages = Arc::clone(&self.inner);
            Ok(scores_async(move || core::pews_batch(&inputs, &ages)))
        })
    }
}

/// Scores PEWS with the APLS ranges.
#[napi]
pub fn pews(input: PewsInput) -> Result<Score> {
    guard(|| {
        core::pews(&pews_input(&input)?, &core::PewsAgeBands::apls())
            .map(score)
            .map_err(errors::triage)
    })
}

// ---------------------------------------------------------------------------------------------
// Mass casualty: START, JumpSTART, SALT

/// START / JumpSTART observations.
#[napi(object)]
pub struct MciInput {
    /// Age in years (JumpSTART below 9 in `mciTriage`).
    pub age_years: Option<f64>,
    /// Walks.
    pub walking: Option<bool>,
    /// Breathes spontaneously.
    pub breathing: Option<bool>,
    /// Breathes after the airway is repositioned.
    pub breathing_after_airway_repositioning: Option<bool>,
    /// Breathes after five rescue breaths (JumpSTART).
    pub breathing_after_rescue_breaths: Option<bool>,
    /// Breaths per minute.
    pub respiration_rate: Option<f64>,
    /// Radial (or palpable peripheral) pulse present.
    pub radial_pulse: Option<bool>,
    /// Capillary refill time, seconds.
    pub capillary_refill_s: Option<f64>,
    /// Follows simple commands.
    pub follows_commands: Option<bool>,
    /// Paediatric AVPU (JumpSTART): `alert`, `voice`, `pain_appropriate`,
    /// `pain_inappropriate` or `unresponsive`.
    pub avpu: Option<String>,
}

fn mci_input(i: &MciInput) -> Result<core::MciInput> {
    Ok(core::MciInput {
        age_years: i.age_years,
        walking: i.walking,
        breathing: i.breathing,
        breathing_after_airway_repositioning: i.breathing_after_airway_repositioning,
        breathing_after_rescue_breaths: i.breathing_after_rescue_breaths,
        respiration_rate: i.respiration_rate,
        radial_pulse: i.radial_pulse,
        capillary_refill_s: i.capillary_refill_s,
        follows_commands: i.follows_commands,
        avpu: names::parse_opt("avpu", &i.avpu)?,
    })
}

/// START (adults).
#[napi]
pub fn start(input: MciInput) -> Result<MciResult> {
    guard(|| {
        core::start(&mci_input(&input)?)
            .map(mci_result)
            .map_err(errors::triage)
    })
}

/// JumpSTART (children).
#[napi]
pub fn jumpstart(input: MciInput) -> Result<MciResult> {
    guard(|| {
        core::jumpstart(&mci_input(&input)?)
            .map(mci_result)
            .map_err(errors::triage)
    })
}

/// START or JumpSTART by age (JumpSTART below 9 years).
#[napi]
pub fn mci_triage(input: MciInput) -> Result<MciResult> {
    guard(|| {
        core::mci_triage(&mci_input(&input)?)
            .map(mci_result)
            .map_err(errors::triage)
    })
}

/// `mciTriage` for many casualties: one result per input.
#[napi]
pub fn mci_batch(inputs: Vec<MciInput>) -> Result<Vec<MciResultOrError>> {
    guard(|| {
        Ok(mci_results(core::mci_batch(&convert_all(
            &inputs, mci_input,
        )?)))
    })
}

/// `mciBatch` off the JS thread.
#[napi(ts_return_type = "Promise<Array<MciResultOrError>>")]
pub fn mci_batch_async(
    inputs: Vec<MciInput>,
) -> Result<AsyncTask<Work<MciResults, Vec<MciResultOrError>>>> {
    guard(|| {
        let inputs = convert_all(&inputs, mci_input)?;
        Ok(mci_async(move || core::mci_batch(&inputs)))
    })
}

/// SALT observations (Lerner et al. 2008).
#[napi(object)]
pub struct SaltInput {
    /// Walks (global sort step 1).
    pub walks: Option<bool>,
    /// Waves or moves purposefully (global sort step 2).
    pub waves_or_purposeful_movement: Option<bool>,
    /// Breathes (after opening the airway).
    pub breathing: Option<bool>,
    /// Obeys commands or makes purposeful movements.
    pub obeys_commands: Option<bool>,
    /// Peripheral pulse present.
    pub peripheral_pulse: Option<bool>,
    /// In respiratory distress.
    pub respiratory_distress: Option<bool>,
    /// Major haemorrhage controlled.
    pub major_haemorrhage_controlled: Option<bool>,
    /// Minor injuries only.
    pub minor_injuries_only: Option<bool>,
    /// Likely to survive with the resources available.
    pub likely_to_survive: Option<bool>,
}

fn salt_input(i: &SaltInput) -> Result<core::SaltInput> {
    Ok(core::SaltInput {
        walks: i.walks,
        waves_or_purposeful_movement: i.waves_or_purposeful_movement,
        breathing: i.breathing,
        obeys_commands: i.obeys_commands,
        peripheral_pulse: i.peripheral_pulse,
        respiratory_distress: i.respiratory_distress,
        major_haemorrhage_controlled: i.major_haemorrhage_controlled,
        minor_injuries_only: i.minor_injuries_only,
        likely_to_survive: i.likely_to_survive,
    })
}

/// SALT.
#[napi]
pub fn salt(input: SaltInput) -> Result<MciResult> {
    guard(|| {
        core::salt(&salt_input(&input)?)
            .map(mci_result)
            .map_err(errors::triage)
    })
}

/// SALT for many casualties: one result per input.
#[napi]
pub fn salt_batch(inputs: Vec<SaltInput>) -> Result<Vec<MciResultOrError>> {
    guard(|| {
        Ok(mci_results(core::salt_batch(&convert_all(
            &inputs, salt_input,
        )?)))
    })
}

/// `saltBatch` off the JS thread.
#[napi(ts_return_type = "Promise<Array<MciResultOrError>>")]
pub fn salt_batch_async(
    inputs: Vec<SaltInput>,
) -> Result<AsyncTask<Work<MciResults, Vec<MciResultOrError>>>> {
    guard(|| {
        let inputs = convert_all(&inputs, salt_input)?;
        Ok(mci_async(move || core::salt_batch(&inputs)))
    })
}
