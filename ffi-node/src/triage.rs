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

// ---------------------------------------------------------------------------------------------
// ESI

/// Structured ESI answers (v4 AHRQ 2012 or v5 ENA 2020 handbook); an unanswered question is
/// absent and reported as missing.
#[napi(object)]
pub struct EsiInput {
    /// Handbook version: `v5` (default) or `v4`.
    #[napi(ts_type = "'v4' | 'v5'")]
    pub version: Option<String>,
    /// Age in years.
    pub age_years: Option<f64>,
    /// Age in months (takes precedence over years).
    pub age_months: Option<f64>,
    /// Age in days (takes precedence over months and years).
    pub age_days: Option<f64>,
    /// A: requires an immediate life-saving intervention.
    pub lifesaving_intervention: Option<bool>,
    /// A: unresponsive (AVPU P or U).
    pub unresponsive: Option<bool>,
    /// B: high-risk situation.
    pub high_risk_situation: Option<bool>,
    /// B: new-onset confusion, lethargy or disorientation.
    pub new_confusion_lethargy_disorientation: Option<bool>,
    /// B: severe pain or distress.
    pub severe_pain_or_distress: Option<bool>,
    /// Pain on the 0-10 scale.
    pub pain_score: Option<f64>,
    /// C: the expected interventions (`labs`, `xray`, `iv_fluids`, `complex_procedure`...);
    /// absent when not yet estimated.
    pub resources: Option<Vec<String>>,
    /// D: heart rate, beats per minute.
    pub heart_rate: Option<f64>,
    /// D: respiration rate, breaths per minute.
    pub respiration_rate: Option<f64>,
    /// D: SpO2, percent.
    pub spo2: Option<f64>,
    /// Temperature, °C (paediatric fever rules).
    pub temperature: Option<f64>,
    /// Paediatric fever rule: immunisations incomplete.
    pub immunisations_incomplete: Option<bool>,
    /// Paediatric fever rule: an obvious source of the fever was found.
    pub obvious_fever_source: Option<bool>,
}

fn esi_input(i: &EsiInput) -> Result<core::EsiInput> {
    Ok(core::EsiInput {
        version: names::parse_opt("version", &i.version)?.unwrap_or_default(),
        age_years: i.age_years,
        age_months: i.age_months,
        age_days: i.age_days,
        lifesaving_intervention: i.lifesaving_intervention,
        unresponsive: i.unresponsive,
        high_risk_situation: i.high_risk_situation,
        new_confusion_lethargy_disorientation: i.new_confusion_lethargy_disorientation,
        severe_pain_or_distress: i.severe_pain_or_distress,
        pain_score: i.pain_score,
        resources: i
            .resources
            .as_ref()
            .map(|rs| {
                rs.iter()
                    .map(|r| core::esi::EsiResource::from_code(r).map_err(errors::triage))
                    .collect::<Result<Vec<_>>>()
            })
            .transpose()?,
        heart_rate: i.heart_rate,
        respiration_rate: i.respiration_rate,
        spo2: i.spo2,
        temperature: i.temperature,
        immunisations_incomplete: i.immunisations_incomplete,
        obvious_fever_source: i.obvious_fever_source,
    })
}

/// One step of the path through the ESI algorithm.
#[napi(object)]
pub struct EsiStep {
    /// The decision point: `A`, `B`, `C` or `D`.
    pub point: String,
    /// The question asked.
    pub question: String,
    /// The answer, with the findings behind it.
    pub answer: String,
    /// Where the answer leads.
    pub outcome: String,
}

/// How one expected intervention was counted.
#[napi(object)]
pub struct ResourceLine {
    /// The intervention.
    pub resource: String,
    /// Resources it added (0 when not a resource or a repeat of its type).
    pub counted: u32,
    /// Why.
    pub note: String,
}

/// A suggestion to triage higher than the algorithm's level (the nurse decides).
#[napi(object)]
pub struct UpTriage {
    /// The level suggested.
    pub to_level: u32,
    /// The findings behind it.
    pub reasons: Vec<String>,
}

/// The ESI result.
#[napi(object)]
pub struct EsiResult {
    /// Handbook version followed (`v4` or `v5`).
    pub version: String,
    /// ESI level 1-5; absent when a needed answer is missing.
    pub level: Option<u32>,
    /// Path through the decision points.
    pub path: Vec<EsiStep>,
    /// Resources counted by the ESI rules (when C was reached).
    pub resources_counted: Option<u32>,
    /// How each expected intervention was counted.
    pub resource_lines: Vec<ResourceLine>,
    /// Danger-zone findings.
    pub danger_zone: Vec<String>,
    /// Up-triage suggestion.
    pub up_triage: Option<UpTriage>,
    /// Whether a needed answer is missing.
    pub partial: bool,
    /// The answers that were needed and missing.
    pub missing: Vec<String>,
    /// The published source.
    pub citation: String,
}

fn esi_result(r: core::EsiResult) -> EsiResult {
    EsiResult {
        version: names::name(&r.version),
        level: r.level.map(u32::from),
        path: r
            .path
            .iter()
            .map(|s| EsiStep {
                point: names::name(&s.point),
                question: s.question.to_string(),
                answer: s.answer.clone(),
                outcome: s.outcome.to_string(),
            })
            .collect(),
        resources_counted: r.resources_counted.map(u32::from),
        resource_lines: r
            .resource_lines
            .iter()
            .map(|l| ResourceLine {
                resource: l.resource.code().to_string(),
                counted: u32::from(l.counted),
                note: l.note.to_string(),
            })
            .collect(),
        danger_zone: r.danger_zone,
        up_triage: r.up_triage.map(|u| UpTriage {
            to_level: u32::from(u.to_level),
            reasons: u.reasons,
        }),
        partial: r.partial,
        missing: r.missing.iter().map(|m| m.to_string()).collect(),
        citation: r.citation.to_string(),
    }
}

/// One item of a batch of ESI results.
#[napi(object)]
pub struct EsiResultOrError {
    /// The result.
    pub value: Option<EsiResult>,
    /// Why the input was refused.
    pub error: Option<ErrorInfo>,
}

type EsiResults = Vec<std::result::Result<core::EsiResult, core::TriageError>>;

fn esi_results(items: EsiResults) -> Vec<EsiResultOrError> {
    items
        .into_iter()
        .map(|r| match r {
            Ok(v) => EsiResultOrError {
                value: Some(esi_result(v)),
                error: None,
            },
            Err(e) => EsiResultOrError {
                value: None,
                error: Some(error_info(&e)),
            },
        })
        .collect()
}

/// Emergency Severity Index: level, decision path, resource count, up-triage suggestion.
#[napi]
pub fn esi(input: EsiInput) -> Result<EsiResult> {
    guard(|| {
        core::esi(&esi_input(&input)?)
            .map(esi_result)
            .map_err(errors::triage)
    })
}

/// ESI for many patients: one result per input.
#[napi]
pub fn esi_batch(inputs: Vec<EsiInput>) -> Result<Vec<EsiResultOrError>> {
    guard(|| {
        Ok(esi_results(core::esi_batch(&convert_all(
            &inputs, esi_input,
        )?)))
    })
}

/// `esiBatch` off the JS thread.
#[napi(ts_return_type = "Promise<Array<EsiResultOrError>>")]
pub fn esi_batch_async(
    inputs: Vec<EsiInput>,
) -> Result<AsyncTask<Work<EsiResults, Vec<EsiResultOrError>>>> {
    guard(|| {
        let inputs = convert_all(&inputs, esi_input)?;
        Ok(task::run(move || Ok(core::esi_batch(&inputs)), esi_results))
    })
}

// ---------------------------------------------------------------------------------------------
// Dispatch priority

/// A dispatch-priority rule table (a long-lived handle): the shipped example table, or a
/// table of your own as JSON.
#[napi]
pub struct DispatchRules {
    inner: Arc<core::DispatchRules>,
}

#[napi]
impl DispatchRules {
    /// The shipped example table (not a licensed protocol: see its notice).
    #[napi(factory)]
    pub fn example() -> Result<DispatchRules> {
        guard(|| {
            Ok(DispatchRules {
                inner: Arc::new(core::DispatchRules::example()),
            })
        })
    }

    /// A table from JSON text (validated: every level has a plan, findings are declared).
    #[napi(factory)]
    pub fn from_json(json: String) -> Result<DispatchRules> {
        guard(|| {
            Ok(DispatchRules {
                inner: Arc::new(core::DispatchRules::from_json(&json).map_err(errors::triage)?),
            })
        })
    }

    /// The table as JSON text (the same shape `fromJson` reads).
    #[napi]
    pub fn to_json(&self) -> Result<String> {
        guard(|| {
            serde_json::to_string(self.inner.data())
                .map_err(|e| errors::error("TRIAGE_TABLE", e.to_string()))
        })
    }

    /// Prioritises one call.
    #[napi]
    pub fn dispatch(&self, call: DispatchCall) -> Result<DispatchResult> {
        guard(|| {
            core::dispatch(&self.inner, &dispatch_call(&call))
                .map(dispatch_result)
                .map_err(errors::triage)
        })
    }

    /// Prioritises many calls: one result per call.
    #[napi]
    pub fn dispatch_batch(&self, calls: Vec<DispatchCall>) -> Vec<DispatchResultOrError> {
        let calls: Vec<_> = calls.iter().map(dispatch_call).collect();
        dispatch_results(core::dispatch_batch(&self.inner, &calls))
    }

    /// `dispatchBatch` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<DispatchResultOrError>>")]
    pub fn dispatch_batch_async(
        &self,
        calls: Vec<DispatchCall>,
    ) -> AsyncTask<Work<DispatchResults, Vec<DispatchResultOrError>>> {
        let rules = Arc::clone(&self.inner);
        let calls: Vec<_> = calls.iter().map(dispatch_call).collect();
        task::run(
            move || Ok(core::dispatch_batch(&rules, &calls)),
            dispatch_results,
        )
    }
}

/// A call to prioritise.
#[napi(object)]
pub struct DispatchCall {
    /// Finding codes of the table's vocabulary, e.g. `chest_pain`.
    pub findings: Option<Vec<String>>,
    /// Age in years.
    pub age_years: Option<f64>,
}

fn dispatch_call(c: &DispatchCall) -> core::DispatchCall {
    core::DispatchCall {
        findings: c.findings.clone().unwrap_or_default(),
        age_years: c.age_years,
    }
}

/// A rule that matched.
#[napi(object)]
pub struct MatchedRule {
    /// Rule id.
    pub id: String,
    /// What it stands for.
    pub description: String,
    /// The level it gives.
    pub level: String,
}

/// The response plan of a level.
#[napi(object)]
pub struct ResponsePlan {
    /// ARP category (`c1`...`c5`); absent for referral without a response.
    pub arp_category: Option<String>,
    /// Unit type: `als`, `bls` or `none`.
    pub unit: String,
    /// Urgency, e.g. `lights_and_sirens`.
    pub urgency: String,
    /// Units to send.
    pub units: u32,
    /// Description.
    pub description: String,
}

/// Response-time targets (NHS England ARP), minutes.
#[napi(object)]
pub struct ArpTargets {
    /// Mean target, when the category has one.
    pub mean_minutes: Option<u32>,
    /// 90th centile target.
    pub p90_minutes: u32,
}

/// What routing needs to send units.
#[napi(object)]
pub struct RoutingRequest {
    /// Whether to send a unit at all.
    pub dispatch: bool,
    /// Unit type: `als`, `bls` or `none`.
    pub unit: String,
    /// Units to send.
    pub units: u32,
    /// Urgency.
    pub urgency: String,
    /// Priority, 1 highest.
    pub priority: u32,
    /// 90th centile response target, minutes.
    pub target_p90_minutes: Option<u32>,
}

/// The priority of a call.
#[napi(object)]
pub struct DispatchResult {
    /// Determinant level: `echo`, `delta`, `charlie`, `bravo`, `alpha` or `omega`.
    pub level: String,
    /// Determinant code, e.g. `echo:EX-01`.
    pub determinant: String,
    /// Every rule that matched.
    pub matched: Vec<MatchedRule>,
    /// The response plan.
    pub plan: ResponsePlan,
    /// ARP targets; absent for referral.
    pub targets: Option<ArpTargets>,
    /// The routing request.
    pub routing: RoutingRequest,
    /// The source.
    pub citation: String,
}

fn dispatch_result(r: core::DispatchResult) -> DispatchResult {
    DispatchResult {
        level: names::name(&r.level),
        determinant: r.determinant,
        matched: r
            .matched
            .into_iter()
            .map(|m| MatchedRule {
                id: m.id,
                description: m.description,
                level: names::name(&m.level),
            })
            .collect(),
        plan: ResponsePlan {
            arp_category: r.plan.arp_category.map(|c| names::name(&c)),
            unit: names::name(&r.plan.unit),
            urgency: names::name(&r.plan.urgency),
            units: u32::from(r.plan.units),
            description: r.plan.description,
        },
        targets: r.targets.map(|t| ArpTargets {
            mean_minutes: t.mean_minutes,
            p90_minutes: t.p90_minutes,
        }),
        routing: RoutingRequest {
            dispatch: r.routing.dispatch,
            unit: names::name(&r.routing.unit),
            units: u32::from(r.routing.units),
            urgency: names::name(&r.routing.urgency),
            priority: u32::from(r.routing.priority),
            target_p90_minutes: r.routing.target_p90_minutes,
        },
        citation: r.citation.to_string(),
    }
}

/// One item of a batch of dispatch results.
#[napi(object)]
pub struct DispatchResultOrError {
    /// The result.
    pub value: Option<DispatchResult>,
    /// Why the call was refused.
    pub error: Option<ErrorInfo>,
}

type DispatchResults = Vec<std::result::Result<core::DispatchResult, core::TriageError>>;

fn dispatch_results(items: DispatchResults) -> Vec<DispatchResultOrError> {
    items
        .into_iter()
        .map(|r| match r {
            Ok(v) => DispatchResultOrError {
                value: Some(dispatch_result(v)),
                error: None,
            },
            Err(e) => DispatchResultOrError {
                value: None,
                error: Some(error_info(&e)),
            },
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// ED triage scales (CTAS, Manchester)

/// An emergency-department triage scale (CTAS or Manchester style) with its discriminator
/// table (a long-lived handle).
#[napi]
pub struct EdTriage {
    inner: Arc<core::EdTriage>,
}

/// A presentation to triage.
#[napi(object)]
pub struct EdTriageInput {
    /// Presentation code, e.g. `shortness_of_breath`.
    pub presentation: String,
    /// Discriminator codes present, e.g. `spo2_below_90`.
    pub findings: Option<Vec<String>>,
}

fn ed_input(i: &EdTriageInput) -> core::EdTriageInput {
    core::EdTriageInput {
        presentation: i.presentation.clone(),
        findings: i.findings.clone().unwrap_or_default(),
    }
}

/// A level of an ED scale.
#[napi(object)]
pub struct EdLevel {
    /// Level number, 1 most urgent.
    pub level: u32,
    /// Name, e.g. `Emergent`.
    pub name: String,
    /// Colour.
    pub colour: String,
    /// Target time to assessment, minutes.
    pub target_minutes: u32,
    /// Fractile of patients to be seen within the target, percent.
    pub fractile_percent: Option<u32>,
}

/// An ED triage result.
#[napi(object)]
pub struct EdTriageResult {
    /// The scale: `ctas` or `manchester`.
    pub scale: String,
    /// The level with its name, colour and target.
    pub level: EdLevel,
    /// The deciding discriminator; absent when the presentation's default applied.
    pub discriminator: Option<String>,
    /// The presentation.
    pub presentation: String,
}

fn ed_result(r: core::EdTriageResult) -> EdTriageResult {
    EdTriageResult {
        scale: names::name(&r.scale),
        level: EdLevel {
            level: u32::from(r.level.level),
            name: r.level.name.to_string(),
            colour: r.level.colour.to_string(),
            target_minutes: r.level.target_minutes,
            fractile_percent: r.level.fractile_percent.map(u32::from),
        },
        discriminator: r.discriminator,
        presentation: r.presentation,
    }
}

/// One item of a batch of ED triage results.
#[napi(object)]
pub struct EdTriageResultOrError {
    /// The result.
    pub value: Option<EdTriageResult>,
    /// Why the input was refused.
    pub error: Option<ErrorInfo>,
}

type EdResults = Vec<std::result::Result<core::EdTriageResult, core::TriageError>>;

fn ed_results(items: EdResults) -> Vec<EdTriageResultOrError> {
    items
        .into_iter()
        .map(|r| match r {
            Ok(v) => EdTriageResultOrError {
                value: Some(ed_result(v)),
                error: None,
            },
            Err(e) => EdTriageResultOrError {
                value: None,
                error: Some(error_info(&e)),
            },
        })
        .collect()
}

#[napi]
impl EdTriage {
    /// The shipped example discriminator table.
    #[napi(factory)]
    pub fn example() -> Result<EdTriage> {
        guard(|| {
            Ok(EdTriage {
                inner: Arc::new(core::EdTriage::example().map_err(errors::triage)?),
            })
        })
    }

    /// A discriminator table from JSON text.
    #[napi(factory)]
    pub fn from_json(json: String) -> Result<EdTriage> {
        guard(|| {
            Ok(EdTriage {
                inner: Arc::new(core::EdTriage::from_json(&json).map_err(errors::triage)?),
            })
        })
    }

    /// Triages one presentation: the most urgent discriminator present decides.
    #[napi]
    pub fn triage(&self, input: EdTriageInput) -> Result<EdTriageResult> {
        guard(|| {
            self.inner
                .triage(&ed_input(&input))
                .map(ed_result)
                .map_err(errors::triage)
        })
    }

    /// Triages many presentations: one result per input.
    #[napi]
    pub fn triage_batch(&self, inputs: Vec<EdTriageInput>) -> Vec<EdTriageResultOrError> {
        let inputs: Vec<_> = inputs.iter().map(ed_input).collect();
        ed_results(self.inner.triage_batch(&inputs))
    }

    /// `triageBatch` off the JS thread.
    #[napi(ts_return_type = "Promise<Array<EdTriageResultOrError>>")]
    pub fn triage_batch_async(
        &self,
        inputs: Vec<EdTriageInput>,
    ) -> AsyncTask<Work<EdResults, Vec<EdTriageResultOrError>>> {
        let t = Arc::clone(&self.inner);
        let inputs: Vec<_> = inputs.iter().map(ed_input).collect();
        task::run(move || Ok(t.triage_batch(&inputs)), ed_results)
    }
}

// ---------------------------------------------------------------------------------------------
// NEWS2 summaries (no explanation: for high-volume scoring)

/// NEWS2 without the explanation: totals, points per parameter and the risk band.
#[napi(object)]
pub struct News2Summary {
    /// Sum of the points of the parameters present.
    pub total: u32,
    /// Highest total consistent with the missing parameters.
    pub max_possible: u32,
    /// Points per parameter (respiration rate, SpO2, supplemental oxygen, systolic BP, pulse,
    /// consciousness, temperature); `null` when missing.
    pub points: Vec<Option<u32>>,
    /// Whether a parameter is missing.
    pub partial: bool,
    /// Risk band: `low`, `low_medium`, `medium` or `high`.
    pub risk: String,
}

fn news2_summary_js(s: core::News2Summary) -> News2Summary {
    News2Summary {
        total: u32::from(s.total),
        max_possible: u32::from(s.max_possible),
        points: s.points.iter().map(|p| p.map(u32::from)).collect(),
        partial: s.partial,
        risk: names::name(&s.risk),
    }
}

/// One item of a batch of NEWS2 summaries.
#[napi(object)]
pub struct News2SummaryResult {
    /// The summary.
    pub value: Option<News2Summary>,
    /// Why the input was refused.
    pub error: Option<ErrorInfo>,
}

type Summaries = Vec<std::result::Result<core::News2Summary, core::TriageError>>;

fn news2_summaries(items: Summaries) -> Vec<News2SummaryResult> {
    items
        .into_iter()
        .map(|r| match r {
            Ok(v) => News2SummaryResult {
                value: Some(news2_summary_js(v)),
                error: None,
            },
            Err(e) => News2SummaryResult {
                value: None,
                error: Some(error_info(&e)),
            },
        })
        .collect()
}

/// NEWS2 without the explanation.
#[napi]
pub fn news2_summary(input: News2Input) -> Result<News2Summary> {
    guard(|| {
        core::news2_summary(&news2_input(&input)?)
            .map(news2_summary_js)
            .map_err(errors::triage)
    })
}

/// NEWS2 summaries for many patients: one result per input.
#[napi]
pub fn news2_summary_batch(inputs: Vec<News2Input>) -> Result<Vec<News2SummaryResult>> {
    guard(|| {
        Ok(news2_summaries(core::news2_summary_batch(&convert_all(
            &inputs,
            news2_input,
        )?)))
    })
}

/// `news2SummaryBatch` off the JS thread.
#[napi(ts_return_type = "Promise<Array<News2SummaryResult>>")]
pub fn news2_summary_batch_async(
    inputs: Vec<News2Input>,
) -> Result<AsyncTask<Work<Summaries, Vec<News2SummaryResult>>>> {
    guard(|| {
        let inputs = convert_all(&inputs, news2_input)?;
        Ok(task::run(
            move || Ok(core::news2_summary_batch(&inputs)),
            news2_summaries,
        ))
    })
}
