//! Triage in the C ABI: the early warning scores (NEWS2, qSOFA, SIRS, GCS, MEWS, PEWS) and mass
//! casualty triage (START, JumpSTART), single and batch.
//!
//! Inputs are plain structs. A measurement that was not taken is `NAN` (`MEDCORE_TRIAGE_MISSING`
//! in C), a yes/no finding not recorded is `MEDCORE_TRIAGE_UNKNOWN` (-1), a coded finding not
//! recorded is NULL. Missing parameters are never scored as zero: the score says it is partial.

use crate::ffi::{boundary, cstr, handle, status, write, Failure};
use crate::medcore_status;
use medcore::triage::{
    self, Acvpu, GcsInput, GcsResponse, MciInput, MciResult, MewsBands, MewsInput, News2Input,
    Observed, PewsAgeBands, PewsInput, QsofaInput, Score, SirsInput, TriageError,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::ffi::{c_char, CString};

/// A yes/no finding that was not recorded (for the `int8_t` findings of triage inputs).
pub const MEDCORE_TRIAGE_UNKNOWN: i8 = -1;

impl From<TriageError> for Failure {
    fn from(e: TriageError) -> Failure {
        Failure::core(e.code(), e.to_string())
    }
}

fn c(s: &str) -> CString {
    CString::new(s.replace('\0', "\\0")).unwrap_or_default()
}

/// The serialized name of a core enum value (the names the shared vectors use).
fn name_of<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(e) => e.to_string(),
    }
}

fn number(v: f64) -> Option<f64> {
    (!v.is_nan()).then_some(v)
}

fn flag(v: i8, field: &str) -> Result<Option<bool>, Failure> {
    match v {
        MEDCORE_TRIAGE_UNKNOWN => Ok(None),
        0 => Ok(Some(false)),
        1 => Ok(Some(true)),
        other => Err(Failure::invalid(format!(
            "`{field}` is {other}: use 1 (yes), 0 (no) or MEDCORE_TRIAGE_UNKNOWN (-1)"
        ))),
    }
}

/// A coded finding by its serialized name (NULL: not recorded).
unsafe fn code<T: DeserializeOwned>(s: *const c_char, field: &str) -> Result<Option<T>, Failure> {
    if s.is_null() {
        return Ok(None);
    }
    let text = unsafe { cstr(s, field)? };
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .map(Some)
        .map_err(|e| Failure::core("TRIAGE_UNKNOWN_CODE", format!("{field}: {e}")))
}

/// The result of an early warning score. Free with `medcore_triage_score_free`; the strings it
/// lends stay valid until then.
pub struct medcore_triage_score {
    score: Score,
    instrument: CString,
    risk: CString,
    interpretation: CString,
    clinical_response: CString,
    citation: CString,
    parameters: Vec<ParameterStrings>,
    missing: Vec<CString>,
}

struct ParameterStrings {
    parameter: CString,
    band: CString,
    code: Option<CString>,
}

impl medcore_triage_score {
    fn new_handle(score: Score) -> *mut medcore_triage_score {
        let parameters = score
            .breakdown
            .iter()
            .map(|p| ParameterStrings {
                parameter: c(p.parameter.as_str()),
                band: c(&p.band),
                code: match p.value {
                    Observed::Code(s) => Some(c(s)),
                    _ => None,
                },
            })
            .collect();
        Box::into_raw(Box::new(medcore_triage_score {
            instrument: c(&name_of(&score.instrument)),
            risk: c(&name_of(&score.risk)),
            interpretation: c(score.interpretation),
            clinical_response: c(score.clinical_response),
            citation: c(score.citation),
            missing: score.missing.iter().map(|m| c(m.as_str())).collect(),
            parameters,
            score,
        }))
    }
}

/// A score as a whole. The strings are borrowed from the score.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_triage_score_summary {
    /// The instrument: `news2`, `mews`, `qsofa`, `sirs`, `gcs` or `pews`.
    pub instrument: *const c_char,
    /// Sum of the points of the parameters present.
    pub total: u32,
    /// The highest total the missing parameters could lead to (`total` when none is missing).
    pub max_possible: u32,
    /// 1 when at least one parameter is missing.
    pub partial: u8,
    /// The risk band: `low`, `low_medium`, `medium`, `high` or `indeterminate`.
    pub risk: *const c_char,
    /// The instrument's label for the result.
    pub interpretation: *const c_char,
    /// The clinical response the instrument recommends.
    pub clinical_response: *const c_char,
    /// The published source of the instrument.
    pub citation: *const c_char,
    /// The number of scored parameters (`medcore_triage_score_parameter`).
    pub parameter_count: usize,
    /// The number of missing parameters (`medcore_triage_score_missing`).
    pub missing_count: usize,
}

/// What kind of value a parameter was observed with.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum medcore_triage_value_kind {
    /// A measurement, in `number`.
    MEDCORE_TRIAGE_VALUE_NUMBER = 0,
    /// A yes/no finding, in `flag`.
    MEDCORE_TRIAGE_VALUE_FLAG = 1,
    /// A coded finding (ACVPU letter, behaviour...), in `code`.
    MEDCORE_TRIAGE_VALUE_CODE = 2,
}

/// One line of a score's explanation. The strings are borrowed from the score.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_triage_parameter {
    /// The parameter, e.g. `respiration_rate`, `spo2`, `eye`.
    pub parameter: *const c_char,
    /// Which of `number`, `flag`, `code` holds the observed value.
    pub kind: medcore_triage_value_kind,
    /// The measurement (kind NUMBER).
    pub number: f64,
    /// The finding, 1 or 0 (kind FLAG).
    pub flag: u8,
    /// The code (kind CODE), NULL otherwise.
    pub code: *const c_char,
    /// The chart row or criterion the value fell in, as printed.
    pub band: *const c_char,
    /// Points scored.
    pub points: u8,
    /// 1 when the value lay between two printed rows and the more abnormal row was taken.
    pub between_rows: u8,
}

/// The score's summary.
///
/// # Safety
/// `score` a live score; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_score_get_summary(
    score: *const medcore_triage_score,
    out: *mut medcore_triage_score_summary,
) -> medcore_status {
    status(|| {
        let s = unsafe { handle(score, "score")? };
        let summary = medcore_triage_score_summary {
            instrument: s.instrument.as_ptr(),
            total: s.score.total,
            max_possible: s.score.max_possible,
            partial: u8::from(s.score.partial),
            risk: s.risk.as_ptr(),
            interpretation: s.interpretation.as_ptr(),
            clinical_response: s.clinical_response.as_ptr(),
            citation: s.citation.as_ptr(),
            parameter_count: s.score.breakdown.len(),
            missing_count: s.missing.len(),
        };
        unsafe { write(out, summary, "out") }
    })
}

/// Scored parameter `index` (0-based). An index out of range gives `MEDCORE_INVALID_ARGUMENT`.
///
/// # Safety
/// `score` a live score; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_score_parameter(
    score: *const medcore_triage_score,
    index: usize,
    out: *mut medcore_triage_parameter,
) -> medcore_status {
    status(|| {
        let s = unsafe { handle(score, "score")? };
        let (p, strings) = s
            .score
            .breakdown
            .get(index)
            .zip(s.parameters.get(index))
            .ok_or_else(|| {
                Failure::invalid(format!(
                    "parameter index {index} is out of range: the score has {} parameters",
                    s.score.breakdown.len()
                ))
            })?;
        let (kind, number, flag) = match p.value {
            Observed::Number(n) => (medcore_triage_value_kind::MEDCORE_TRIAGE_VALUE_NUMBER, n, 0),
            Observed::Flag(b) => (
                medcore_triage_value_kind::MEDCORE_TRIAGE_VALUE_FLAG,
                f64::NAN,
                u8::from(b),
            ),
            Observed::Code(_) => (
                medcore_triage_value_kind::MEDCORE_TRIAGE_VALUE_CODE,
                f64::NAN,
                0,
            ),
        };
        let line = medcore_triage_parameter {
            parameter: strings.parameter.as_ptr(),
            kind,
            number,
            flag,
            code: strings
                .code
                .as_ref()
                .map_or(std::ptr::null(), |c| c.as_ptr()),
            band: strings.band.as_ptr(),
            points: p.points,
            between_rows: u8::from(p.between_rows),
        };
        unsafe { write(out, line, "out") }
    })
}

/// Missing parameter `index` (0-based), e.g. `spo2`, borrowed from the score; NULL when out of
/// range or for a NULL score.
///
/// # Safety
/// `score` must be NULL or a live score.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_score_missing(
    score: *const medcore_triage_score,
    index: usize,
) -> *const c_char {
    boundary(|| {
        unsafe { score.as_ref() }
            .and_then(|s| s.missing.get(index))
            .map_or(std::ptr::null(), |m| m.as_ptr())
    })
}

/// Frees a score. NULL is allowed.
///
/// # Safety
/// `score` must be NULL or a live score that is not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_score_free(score: *mut medcore_triage_score) {
    boundary(|| {
        if !score.is_null() {
            // SAFETY: made by Box::into_raw in `new_handle`.
            drop(unsafe { Box::from_raw(score) });
        }
    })
}

/// Runs one score and writes the handle.
fn one_score(
    result: Result<Score, Failure>,
    out: *mut *mut medcore_triage_score,
) -> Result<(), Failure> {
    if out.is_null() {
        return Err(Failure::invalid("`out` is NULL"));
    }
    let h = medcore_triage_score::new_handle(result?);
    // SAFETY: checked non-NULL; the caller guarantees it is valid for writes.
    unsafe { out.write(h) };
    Ok(())
}

/// Runs a score over `count` inputs: `out_scores[i]` receives a score or NULL, `out_statuses[i]`
/// its status. `MEDCORE_OK` when the arguments were usable, even if some inputs failed; the last
/// error then describes the last failed input.
unsafe fn many_scores<I>(
    inputs: *const I,
    count: usize,
    out_scores: *mut *mut medcore_triage_score,
    out_statuses: *mut medcore_status,
    run: impl Fn(&I) -> Result<Score, Failure>,
) -> medcore_status {
    status(|| {
        if count == 0 {
            return Ok(());
        }
        if inputs.is_null() || out_scores.is_null() || out_statuses.is_null() {
            return Err(Failure::invalid("a NULL array was passed to a batch call"));
        }
        // SAFETY: the caller guarantees `count` inputs.
        let inputs = unsafe { std::slice::from_raw_parts(inputs, count) };
        let mut last_failure = None;
        for (i, input) in inputs.iter().enumerate() {
            let (h, st) = match run(input) {
                Ok(s) => (
                    medcore_triage_score::new_handle(s),
                    medcore_status::MEDCORE_OK,
                ),
                Err(f) => {
                    let st = f.status;
                    last_failure = Some(Failure {
                        message: format!("input {i}: {}", f.message),
                        ..f
                    });
                    (std::ptr::null_mut(), st)
                }
            };
            // SAFETY: the caller guarantees `count` writable entries in each array.
            unsafe {
                out_scores.add(i).write(h);
                out_statuses.add(i).write(st);
            }
        }
        if let Some(f) = last_failure {
            let _ = status(|| Err(f));
        }
        Ok(())
    })
}

/// NEWS2 observations (RCP 2017).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_triage_news2_input {
    /// Respiration rate, breaths per minute (NAN: not taken).
    pub respiration_rate: f64,
    /// SpO2, percent (NAN: not taken).
    pub spo2: f64,
    /// 1: score SpO2 on scale 2 (hypercapnic respiratory failure confirmed).
    pub spo2_scale2: u8,
    /// On supplemental oxygen: 1, 0 or MEDCORE_TRIAGE_UNKNOWN.
    pub supplemental_oxygen: i8,
    /// Systolic blood pressure, mmHg (NAN: not taken).
    pub systolic_bp: f64,
    /// Pulse, beats per minute (NAN: not taken).
    pub pulse: f64,
    /// ACVPU: `A`, `C`, `V`, `P` or `U` (or the full word); NULL: not assessed.
    pub consciousness: *const c_char,
    /// Temperature, degrees Celsius (NAN: not taken).
    pub temperature: f64,
}

unsafe fn news2_input(i: &medcore_triage_news2_input) -> Result<News2Input, Failure> {
    let consciousness = if i.consciousness.is_null() {
        None
    } else {
        Some(Acvpu::from_code(unsafe {
            cstr(i.consciousness, "consciousness")?
        })?)
    };
    Ok(News2Input {
        respiration_rate: number(i.respiration_rate),
        spo2: number(i.spo2),
        spo2_scale2: i.spo2_scale2 != 0,
        supplemental_oxygen: flag(i.supplemental_oxygen, "supplemental_oxygen")?,
        systolic_bp: number(i.systolic_bp),
        pulse: number(i.pulse),
        consciousness,
        temperature: number(i.temperature),
    })
}

/// NEWS2 for one set of observations. `*out` receives a new score.
///
/// # Safety
/// `input` points to a valid input (its strings NULL or NUL-terminated); `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_news2(
    input: *const medcore_triage_news2_input,
    out: *mut *mut medcore_triage_score,
) -> medcore_status {
    status(|| {
        let i = unsafe { handle(input, "input")? };
        one_score(
            unsafe { news2_input(i) }.and_then(|i| Ok(triage::news2(&i)?)),
            out,
        )
    })
}

/// NEWS2 for `count` sets of observations (see the batch conventions of
/// `medcore_triage_qsofa_batch`).
///
/// # Safety
/// `inputs` holds `count` valid inputs; `out_scores` and `out_statuses` valid for `count` writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_news2_batch(
    inputs: *const medcore_triage_news2_input,
    count: usize,
    out_scores: *mut *mut medcore_triage_score,
    out_statuses: *mut medcore_status,
) -> medcore_status {
    unsafe {
        many_scores(inputs, count, out_scores, out_statuses, |i| {
            Ok(triage::news2(&news2_input(i)?)?)
        })
    }
}

/// qSOFA findings (Sepsis-3).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_triage_qsofa_input {
    /// Respiration rate, breaths per minute (NAN: not taken).
    pub respiration_rate: f64,
    /// Systolic blood pressure, mmHg (NAN: not taken).
    pub systolic_bp: f64,
    /// Altered mentation: 1, 0 or MEDCORE_TRIAGE_UNKNOWN (then taken from `gcs` when given).
    pub altered_mentation: i8,
    /// Glasgow Coma Scale total, 3 to 15 (NAN: not assessed).
    pub gcs: f64,
}

fn qsofa_input(i: &medcore_triage_qsofa_input) -> Result<QsofaInput, Failure> {
    Ok(QsofaInput {
        respiration_rate: number(i.respiration_rate),
        systolic_bp: number(i.systolic_bp),
        altered_mentation: flag(i.altered_mentation, "altered_mentation")?,
        gcs: number(i.gcs),
    })
}

/// qSOFA for one patient. `*out` receives a new score.
///
/// # Safety
/// `input` points to a valid input; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_qsofa(
    input: *const medcore_triage_qsofa_input,
    out: *mut *mut medcore_triage_score,
) -> medcore_status {
    status(|| {
        let i = unsafe { handle(input, "input")? };
        one_score(qsofa_input(i).and_then(|i| Ok(triage::qsofa(&i)?)), out)
    })
}

/// qSOFA for `count` patients in one call. For each `i`, `out_scores[i]` receives a score (or
/// NULL) and `out_statuses[i]` its status. Returns `MEDCORE_OK` when the arguments were usable,
/// even if some inputs failed; the last error then describes the last failed input. Every
/// `medcore_triage_*_batch` call follows these conventions.
///
/// # Safety
/// `inputs` holds `count` valid inputs; `out_scores` and `out_statuses` valid for `count` writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_qsofa_batch(
    inputs: *const medcore_triage_qsofa_input,
    count: usize,
    out_scores: *mut *mut medcore_triage_score,
    out_statuses: *mut medcore_status,
) -> medcore_status {
    unsafe {
        many_scores(inputs, count, out_scores, out_statuses, |i| {
            Ok(triage::qsofa(&qsofa_input(i)?)?)
        })
    }
}

/// SIRS findings (ACCP/SCCM 1992). Every field NAN when not measured.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_triage_sirs_input {
    /// Temperature, degrees Celsius.
    pub temperature: f64,
    /// Heart rate, beats per minute.
    pub heart_rate: f64,
    /// Respiration rate, breaths per minute.
    pub respiration_rate: f64,
    /// PaCO2, mmHg.
    pub paco2: f64,
    /// White cell count, 10^9 per litre.
    pub white_cell_count: f64,
    /// Immature (band) neutrophils, percent.
    pub band_neutrophils: f64,
}

fn sirs_input(i: &medcore_triage_sirs_input) -> SirsInput {
    SirsInput {
        temperature: number(i.temperature),
        heart_rate: number(i.heart_rate),
        respiration_rate: number(i.respiration_rate),
        paco2: number(i.paco2),
        white_cell_count: number(i.white_cell_count),
        band_neutrophils: number(i.band_neutrophils),
    }
}

/// SIRS criteria for one patient. `*out` receives a new score.
///
/// # Safety
/// `input` points to a valid input; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_sirs(
    input: *const medcore_triage_sirs_input,
    out: *mut *mut medcore_triage_score,
) -> medcore_status {
    status(|| {
        let i = unsafe { handle(input, "input")? };
        one_score(Ok(triage::sirs(&sirs_input(i))?), out)
    })
}

/// SIRS for `count` patients (batch conventions of `medcore_triage_qsofa_batch`).
///
/// # Safety
/// `inputs` holds `count` valid inputs; `out_scores` and `out_statuses` valid for `count` writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_sirs_batch(
    inputs: *const medcore_triage_sirs_input,
    count: usize,
    out_scores: *mut *mut medcore_triage_score,
    out_statuses: *mut medcore_status,
) -> medcore_status {
    unsafe {
        many_scores(inputs, count, out_scores, out_statuses, |i| {
            Ok(triage::sirs(&sirs_input(i))?)
        })
    }
}

/// A GCS component not recorded.
pub const MEDCORE_TRIAGE_GCS_MISSING: i32 = 0;
/// A GCS component not testable (NT: e.g. eyes swollen shut, intubated).
pub const MEDCORE_TRIAGE_GCS_NOT_TESTABLE: i32 = -1;

/// Glasgow Coma Scale components: the score (eye 1-4, verbal 1-5, motor 1-6),
/// `MEDCORE_TRIAGE_GCS_NOT_TESTABLE` or `MEDCORE_TRIAGE_GCS_MISSING`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_triage_gcs_input {
    /// Eye opening.
    pub eye: i32,
    /// Verbal response.
    pub verbal: i32,
    /// Motor response.
    pub motor: i32,
}

fn gcs_component(v: i32) -> Option<GcsResponse> {
    match v {
        MEDCORE_TRIAGE_GCS_MISSING => None,
        MEDCORE_TRIAGE_GCS_NOT_TESTABLE => Some(GcsResponse::NotTestable),
        n => Some(GcsResponse::Score(n)),
    }
}

fn gcs_input(i: &medcore_triage_gcs_input) -> GcsInput {
    GcsInput {
        eye: gcs_component(i.eye),
        verbal: gcs_component(i.verbal),
        motor: gcs_component(i.motor),
    }
}

/// GCS for one patient. `*out` receives a new score.
///
/// # Safety
/// `input` points to a valid input; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_gcs(
    input: *const medcore_triage_gcs_input,
    out: *mut *mut medcore_triage_score,
) -> medcore_status {
    status(|| {
        let i = unsafe { handle(input, "input")? };
        one_score(Ok(triage::gcs(&gcs_input(i))?), out)
    })
}

/// GCS for `count` patients (batch conventions of `medcore_triage_qsofa_batch`).
///
/// # Safety
/// `inputs` holds `count` valid inputs; `out_scores` and `out_statuses` valid for `count` writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_gcs_batch(
    inputs: *const medcore_triage_gcs_input,
    count: usize,
    out_scores: *mut *mut medcore_triage_score,
    out_statuses: *mut medcore_status,
) -> medcore_status {
    unsafe {
        many_scores(inputs, count, out_scores, out_statuses, |i| {
            Ok(triage::gcs(&gcs_input(i))?)
        })
    }
}

/// MEWS observations (scored with the Subbe 2001 chart).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_triage_mews_input {
    /// Systolic blood pressure, mmHg (NAN: not taken).
    pub systolic_bp: f64,
    /// Heart rate, beats per minute (NAN: not taken).
    pub heart_rate: f64,
    /// Respiration rate, breaths per minute (NAN: not taken).
    pub respiration_rate: f64,
    /// Temperature, degrees Celsius (NAN: not taken).
    pub temperature: f64,
    /// AVPU: `A`, `V`, `P` or `U` (or the full word); NULL: not assessed.
    pub consciousness: *const c_char,
}

unsafe fn mews_input(i: &medcore_triage_mews_input) -> Result<MewsInput, Failure> {
    let consciousness = if i.consciousness.is_null() {
        None
    } else {
        Some(Acvpu::from_code(unsafe {
            cstr(i.consciousness, "consciousness")?
        })?)
    };
    Ok(MewsInput {
        systolic_bp: number(i.systolic_bp),
        heart_rate: number(i.heart_rate),
        respiration_rate: number(i.respiration_rate),
        temperature: number(i.temperature),
        consciousness,
    })
}

/// MEWS (Subbe 2001) for one patient. `*out` receives a new score.
///
/// # Safety
/// `input` points to a valid input; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_mews(
    input: *const medcore_triage_mews_input,
    out: *mut *mut medcore_triage_score,
) -> medcore_status {
    status(|| {
        let i = unsafe { handle(input, "input")? };
        let bands = MewsBands::subbe2001();
        one_score(
            unsafe { mews_input(i) }.and_then(|i| Ok(triage::mews(&i, &bands)?)),
            out,
        )
    })
}

/// MEWS for `count` patients (batch conventions of `medcore_triage_qsofa_batch`).
///
/// # Safety
/// `inputs` holds `count` valid inputs; `out_scores` and `out_statuses` valid for `count` writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_mews_batch(
    inputs: *const medcore_triage_mews_input,
    count: usize,
    out_scores: *mut *mut medcore_triage_score,
    out_statuses: *mut medcore_status,
) -> medcore_status {
    let bands = MewsBands::subbe2001();
    unsafe {
        many_scores(inputs, count, out_scores, out_statuses, |i| {
            Ok(triage::mews(&mews_input(i)?, &bands)?)
        })
    }
}

/// Brighton PEWS observations (normal ranges by age from APLS).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_triage_pews_input {
    /// Age in months (NAN: unknown).
    pub age_months: f64,
    /// `playing`, `sleeping`, `irritable` or `lethargic`; NULL: not assessed.
    pub behaviour: *const c_char,
    /// `pink`, `pale`, `grey` or `grey_mottled`; NULL: not assessed.
    pub skin_colour: *const c_char,
    /// Capillary refill time, seconds (NAN: not measured).
    pub capillary_refill_s: f64,
    /// Heart rate, beats per minute (NAN: not taken).
    pub heart_rate: f64,
    /// Respiration rate, breaths per minute (NAN: not taken).
    pub respiration_rate: f64,
    /// `normal`, `accessory_muscles`, `recession` or `sternal_recession_or_grunting`; NULL: not
    /// assessed.
    pub work_of_breathing: *const c_char,
    /// Inspired oxygen, percent (NAN: not given).
    pub fio2_percent: f64,
    /// Oxygen flow, litres per minute (NAN: not given).
    pub oxygen_flow_lpm: f64,
    /// Quarter-hourly nebulisers: 1, 0 or MEDCORE_TRIAGE_UNKNOWN.
    pub quarter_hourly_nebulisers: i8,
    /// Persistent vomiting after surgery: 1, 0 or MEDCORE_TRIAGE_UNKNOWN.
    pub post_operative_vomiting: i8,
}

unsafe fn pews_input(i: &medcore_triage_pews_input) -> Result<PewsInput, Failure> {
    Ok(PewsInput {
        age_months: number(i.age_months),
        behaviour: unsafe { code(i.behaviour, "behaviour")? },
        skin_colour: unsafe { code(i.skin_colour, "skin_colour")? },
        capillary_refill_s: number(i.capillary_refill_s),
        heart_rate: number(i.heart_rate),
        respiration_rate: number(i.respiration_rate),
        work_of_breathing: unsafe { code(i.work_of_breathing, "work_of_breathing")? },
        fio2_percent: number(i.fio2_percent),
        oxygen_flow_lpm: number(i.oxygen_flow_lpm),
        quarter_hourly_nebulisers: flag(i.quarter_hourly_nebulisers, "quarter_hourly_nebulisers")?,
        post_operative_vomiting: flag(i.post_operative_vomiting, "post_operative_vomiting")?,
    })
}

/// PEWS (Monaghan 2005, APLS age ranges) for one child. `*out` receives a new score.
///
/// # Safety
/// `input` points to a valid input; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_pews(
    input: *const medcore_triage_pews_input,
    out: *mut *mut medcore_triage_score,
) -> medcore_status {
    status(|| {
        let i = unsafe { handle(input, "input")? };
        let ages = PewsAgeBands::apls();
        one_score(
            unsafe { pews_input(i) }.and_then(|i| Ok(triage::pews(&i, &ages)?)),
            out,
        )
    })
}

/// PEWS for `count` children (batch conventions of `medcore_triage_qsofa_batch`).
///
/// # Safety
/// `inputs` holds `count` valid inputs; `out_scores` and `out_statuses` valid for `count` writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_pews_batch(
    inputs: *const medcore_triage_pews_input,
    count: usize,
    out_scores: *mut *mut medcore_triage_score,
    out_statuses: *mut medcore_status,
) -> medcore_status {
    let ages = PewsAgeBands::apls();
    unsafe {
        many_scores(inputs, count, out_scores, out_statuses, |i| {
            Ok(triage::pews(&pews_input(i)?, &ages)?)
        })
    }
}

/// Findings for START (adults) and JumpSTART (children).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_triage_mci_input {
    /// Age in years (NAN: unknown); chooses START or JumpSTART in `medcore_triage_mci`.
    pub age_years: f64,
    /// Walks: 1, 0 or MEDCORE_TRIAGE_UNKNOWN (and so for every `i8` finding).
    pub walking: i8,
    /// Breathes spontaneously.
    pub breathing: i8,
    /// Breathes after the airway is repositioned.
    pub breathing_after_airway_repositioning: i8,
    /// Breathes after five rescue breaths (JumpSTART).
    pub breathing_after_rescue_breaths: i8,
    /// Respiration rate, breaths per minute (NAN: not counted).
    pub respiration_rate: f64,
    /// Radial (or palpable peripheral) pulse present.
    pub radial_pulse: i8,
    /// Capillary refill time, seconds (NAN: not measured).
    pub capillary_refill_s: f64,
    /// Follows simple commands (START).
    pub follows_commands: i8,
    /// JumpSTART AVPU: `alert`, `voice`, `pain_appropriate`, `pain_inappropriate` or
    /// `unresponsive`; NULL: not assessed.
    pub avpu: *const c_char,
}

unsafe fn mci_input(i: &medcore_triage_mci_input) -> Result<MciInput, Failure> {
    Ok(MciInput {
        age_years: number(i.age_years),
        walking: flag(i.walking, "walking")?,
        breathing: flag(i.breathing, "breathing")?,
        breathing_after_airway_repositioning: flag(
            i.breathing_after_airway_repositioning,
            "breathing_after_airway_repositioning",
        )?,
        breathing_after_rescue_breaths: flag(
            i.breathing_after_rescue_breaths,
            "breathing_after_rescue_breaths",
        )?,
        respiration_rate: number(i.respiration_rate),
        radial_pulse: flag(i.radial_pulse, "radial_pulse")?,
        capillary_refill_s: number(i.capillary_refill_s),
        follows_commands: flag(i.follows_commands, "follows_commands")?,
        avpu: unsafe { code(i.avpu, "avpu")? },
    })
}

/// The result of mass casualty triage. Free with `medcore_triage_mci_result_free`.
pub struct medcore_triage_mci_result {
    result: MciResult,
    protocol: CString,
    category: Option<CString>,
    colour: Option<CString>,
    path: Vec<CString>,
    missing: Vec<CString>,
    citation: CString,
}

impl medcore_triage_mci_result {
    /// A new caller-owned result handle.
    pub(crate) fn new_handle(result: MciResult) -> *mut medcore_triage_mci_result {
        Box::into_raw(Box::new(medcore_triage_mci_result {
            protocol: c(&name_of(&result.protocol)),
            category: result.category.map(|cat| c(&name_of(&cat))),
            colour: result.colour.map(c),
            path: result.path.iter().map(|p| c(p)).collect(),
            missing: result.missing.iter().map(|m| c(m)).collect(),
            citation: c(result.citation),
            result,
        }))
    }
}

/// A mass casualty triage result. The strings are borrowed from the result.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_triage_mci_summary {
    /// The protocol applied: `start` or `jumpstart`.
    pub protocol: *const c_char,
    /// `immediate`, `delayed`, `minor`, `expectant` or `dead`; NULL when findings are missing.
    pub category: *const c_char,
    /// The tag colour (`red`, `yellow`, `green`, `grey`, `black`); NULL with the category.
    pub colour: *const c_char,
    /// 1 when findings the algorithm needed are missing.
    pub partial: u8,
    /// SALT global sort priority (1 first, 3 last); 0 for START and JumpSTART.
    pub global_sort: u8,
    /// The number of steps taken (`medcore_triage_mci_path`).
    pub path_count: usize,
    /// The number of missing findings (`medcore_triage_mci_missing`).
    pub missing_count: usize,
    /// The published source of the protocol.
    pub citation: *const c_char,
}

fn one_mci(
    result: Result<MciResult, Failure>,
    out: *mut *mut medcore_triage_mci_result,
) -> Result<(), Failure> {
    if out.is_null() {
        return Err(Failure::invalid("`out` is NULL"));
    }
    let h = medcore_triage_mci_result::new_handle(result?);
    // SAFETY: checked non-NULL; the caller guarantees it is valid for writes.
    unsafe { out.write(h) };
    Ok(())
}

/// START for one adult. `*out` receives a new result.
///
/// # Safety
/// `input` points to a valid input; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_start(
    input: *const medcore_triage_mci_input,
    out: *mut *mut medcore_triage_mci_result,
) -> medcore_status {
    status(|| {
        let i = unsafe { handle(input, "input")? };
        one_mci(
            unsafe { mci_input(i) }.and_then(|i| Ok(triage::start(&i)?)),
            out,
        )
    })
}

/// JumpSTART for one child. `*out` receives a new result.
///
/// # Safety
/// `input` points to a valid input; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_jumpstart(
    input: *const medcore_triage_mci_input,
    out: *mut *mut medcore_triage_mci_result,
) -> medcore_status {
    status(|| {
        let i = unsafe { handle(input, "input")? };
        one_mci(
            unsafe { mci_input(i) }.and_then(|i| Ok(triage::jumpstart(&i)?)),
            out,
        )
    })
}

/// START or JumpSTART chosen by age (JumpSTART below 9 years). `*out` receives a new result.
///
/// # Safety
/// `input` points to a valid input; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_mci(
    input: *const medcore_triage_mci_input,
    out: *mut *mut medcore_triage_mci_result,
) -> medcore_status {
    status(|| {
        let i = unsafe { handle(input, "input")? };
        one_mci(
            unsafe { mci_input(i) }.and_then(|i| Ok(triage::mci_triage(&i)?)),
            out,
        )
    })
}

/// `medcore_triage_mci` for `count` casualties (batch conventions of
/// `medcore_triage_qsofa_batch`).
///
/// # Safety
/// `inputs` holds `count` valid inputs; `out_results` and `out_statuses` valid for `count`
/// writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_mci_batch(
    inputs: *const medcore_triage_mci_input,
    count: usize,
    out_results: *mut *mut medcore_triage_mci_result,
    out_statuses: *mut medcore_status,
) -> medcore_status {
    unsafe {
        many_mci(inputs, count, out_results, out_statuses, |x| {
            Ok(triage::mci_triage(&mci_input(x)?)?)
        })
    }
}

/// Runs a mass casualty protocol over `count` inputs (the batch conventions of
/// `medcore_triage_qsofa_batch`).
pub(crate) unsafe fn many_mci<I>(
    inputs: *const I,
    count: usize,
    out_results: *mut *mut medcore_triage_mci_result,
    out_statuses: *mut medcore_status,
    run: impl Fn(&I) -> Result<MciResult, Failure>,
) -> medcore_status {
    status(|| {
        if count == 0 {
            return Ok(());
        }
        if inputs.is_null() || out_results.is_null() || out_statuses.is_null() {
            return Err(Failure::invalid("a NULL array was passed to a batch call"));
        }
        // SAFETY: the caller guarantees `count` inputs.
        let inputs = unsafe { std::slice::from_raw_parts(inputs, count) };
        let mut last_failure = None;
        for (i, input) in inputs.iter().enumerate() {
            let (h, st) = match run(input) {
                Ok(r) => (
                    medcore_triage_mci_result::new_handle(r),
                    medcore_status::MEDCORE_OK,
                ),
                Err(f) => {
                    let st = f.status;
                    last_failure = Some(Failure {
                        message: format!("input {i}: {}", f.message),
                        ..f
                    });
                    (std::ptr::null_mut(), st)
                }
            };
            // SAFETY: the caller guarantees `count` writable entries in each array.
            unsafe {
                out_results.add(i).write(h);
                out_statuses.add(i).write(st);
            }
        }
        if let Some(f) = last_failure {
            let _ = status(|| Err(f));
        }
        Ok(())
    })
}

/// The whole result as JSON text: `{protocol, category, colour, global_sort (SALT only), path,
/// partial, missing, citation}`. `*out_json` receives a new caller-owned string (free with
/// `medcore_string_free`).
///
/// # Safety
/// `result` a live result; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_mci_result_to_json(
    result: *const medcore_triage_mci_result,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let r = unsafe { handle(result, "result")? };
        unsafe { crate::json::write_json(&r.result, out_json) }
    })
}

/// The result's summary.
///
/// # Safety
/// `result` a live result; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_mci_get_summary(
    result: *const medcore_triage_mci_result,
    out: *mut medcore_triage_mci_summary,
) -> medcore_status {
    status(|| {
        let r = unsafe { handle(result, "result")? };
        let opt = |s: &Option<CString>| s.as_ref().map_or(std::ptr::null(), |s| s.as_ptr());
        let summary = medcore_triage_mci_summary {
            protocol: r.protocol.as_ptr(),
            category: opt(&r.category),
            colour: opt(&r.colour),
            partial: u8::from(r.result.partial),
            global_sort: r.result.global_sort.unwrap_or(0),
            path_count: r.path.len(),
            missing_count: r.missing.len(),
            citation: r.citation.as_ptr(),
        };
        unsafe { write(out, summary, "out") }
    })
}

/// Step `index` (0-based) of the path the algorithm took, borrowed from the result; NULL when
/// out of range or for a NULL result.
///
/// # Safety
/// `result` must be NULL or a live result.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_mci_path(
    result: *const medcore_triage_mci_result,
    index: usize,
) -> *const c_char {
    boundary(|| {
        unsafe { result.as_ref() }
            .and_then(|r| r.path.get(index))
            .map_or(std::ptr::null(), |p| p.as_ptr())
    })
}

/// Missing finding `index` (0-based), e.g. `respiration_rate`, borrowed from the result; NULL
/// when out of range or for a NULL result.
///
/// # Safety
/// `result` must be NULL or a live result.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_mci_missing(
    result: *const medcore_triage_mci_result,
    index: usize,
) -> *const c_char {
    boundary(|| {
        unsafe { result.as_ref() }
            .and_then(|r| r.missing.get(index))
            .map_or(std::ptr::null(), |m| m.as_ptr())
    })
}

/// Frees a result. NULL is allowed.
///
/// # Safety
/// `result` must be NULL or a live result that is not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_mci_result_free(result: *mut medcore_triage_mci_result) {
    boundary(|| {
        if !result.is_null() {
            // SAFETY: made by Box::into_raw in `new_handle`.
            drop(unsafe { Box::from_raw(result) });
        }
    })
}
