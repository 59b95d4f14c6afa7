//! Triage in the C ABI, part two: ESI (v4/v5), the ED scales (CTAS, Manchester: levels, target
//! times and the discriminator engine), dispatch priority and SALT.
//!
//! SALT takes a native struct (`medcore_triage_salt_input`) and gives a
//! `medcore_triage_mci_result` like START/JumpSTART. ESI, ED triage and dispatch take and give
//! JSON text (the core serde types; shapes documented on each function).

use crate::ffi::{cstr, handle, status, write, Failure};
use crate::json::{self, write_json};
use crate::medcore_status;
use crate::triage::{medcore_triage_mci_result, MEDCORE_TRIAGE_UNKNOWN};
use medcore::triage::{
    self, DispatchCall, DispatchRules, EdScale, EdTriage, EdTriageInput, EsiInput, SaltInput,
};
use std::ffi::{c_char, CString};

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

/// SALT findings (Lerner 2008). Every finding is 1, 0 or MEDCORE_TRIAGE_UNKNOWN.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_triage_salt_input {
    /// Global sort: walks.
    pub walks: i8,
    /// Global sort: waves or moves purposefully.
    pub waves_or_purposeful_movement: i8,
    /// Breathing after life-saving interventions (airway opened; two rescue breaths for a
    /// child).
    pub breathing: i8,
    /// Obeys commands or makes purposeful movements.
    pub obeys_commands: i8,
    /// Peripheral pulse present.
    pub peripheral_pulse: i8,
    /// In respiratory distress.
    pub respiratory_distress: i8,
    /// Major haemorrhage controlled (1 also when there is none).
    pub major_haemorrhage_controlled: i8,
    /// Minor injuries only.
    pub minor_injuries_only: i8,
    /// Likely to survive given the current resources.
    pub likely_to_survive: i8,
}

fn salt_input(i: &medcore_triage_salt_input) -> Result<SaltInput, Failure> {
    Ok(SaltInput {
        walks: flag(i.walks, "walks")?,
        waves_or_purposeful_movement: flag(
            i.waves_or_purposeful_movement,
            "waves_or_purposeful_movement",
        )?,
        breathing: flag(i.breathing, "breathing")?,
        obeys_commands: flag(i.obeys_commands, "obeys_commands")?,
        peripheral_pulse: flag(i.peripheral_pulse, "peripheral_pulse")?,
        respiratory_distress: flag(i.respiratory_distress, "respiratory_distress")?,
        major_haemorrhage_controlled: flag(
            i.major_haemorrhage_controlled,
            "major_haemorrhage_controlled",
        )?,
        minor_injuries_only: flag(i.minor_injuries_only, "minor_injuries_only")?,
        likely_to_survive: flag(i.likely_to_survive, "likely_to_survive")?,
    })
}

/// SALT for one casualty. `*out` receives a new result (caller-owned; free with
/// `medcore_triage_mci_result_free`); its summary carries the global sort priority.
///
/// # Safety
/// `input` points to a valid input; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_salt(
    input: *const medcore_triage_salt_input,
    out: *mut *mut medcore_triage_mci_result,
) -> medcore_status {
    status(|| {
        let i = unsafe { handle(input, "input")? };
        let r = triage::salt(&salt_input(i)?)?;
        unsafe { write(out, medcore_triage_mci_result::new_handle(r), "out") }
    })
}

/// SALT for `count` casualties (batch conventions of `medcore_triage_qsofa_batch`): each
/// `out_results[i]` is a new caller-owned result or NULL, `out_statuses[i]` its status.
///
/// # Safety
/// `inputs` holds `count` valid inputs; `out_results` and `out_statuses` valid for `count`
/// writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_salt_batch(
    inputs: *const medcore_triage_salt_input,
    count: usize,
    out_results: *mut *mut medcore_triage_mci_result,
    out_statuses: *mut medcore_status,
) -> medcore_status {
    unsafe {
        crate::triage::many_mci(inputs, count, out_results, out_statuses, |i| {
            Ok(triage::salt(&salt_input(i)?)?)
        })
    }
}

/// Emergency Severity Index for one patient, JSON in and out.
///
/// `input_json` (caller-owned, borrowed for the call) is an object with any of: `version`
/// (`"v4"` or `"v5"`, default v5), `age_years`, `age_months`, `age_days`, the yes/no findings
/// `lifesaving_intervention`, `unresponsive`, `high_risk_situation`,
/// `new_confusion_lethargy_disorientation`, `severe_pain_or_distress`,
/// `immunisations_incomplete`, `obvious_fever_source`, the numbers `pain_score`, `heart_rate`,
/// `respiration_rate`, `spo2`, `temperature`, and `resources`: an array of resource codes
/// (`labs`, `ecg`, `xray`, `ct`, `iv_fluids`, `complex_procedure`, `history_and_physical`, ...).
/// An absent field is "not recorded".
///
/// `*out_json` receives a new caller-owned string (free with `medcore_string_free`): `{version,
/// level (1-5 or null when findings are missing), path: [{point, question, answer, outcome}],
/// resources_counted, resource_lines: [{resource, counted, note}], danger_zone: [..],
/// up_triage: null | {to_level, reasons}, partial, missing: [..], citation}`.
///
/// # Safety
/// `input_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_esi(
    input_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let input: EsiInput = unsafe { json::parse(input_json, "input_json")? };
        let r = triage::esi(&input)?;
        unsafe { write_json(&r, out_json) }
    })
}

/// ESI for many patients: `inputs_json` is a JSON array of `medcore_triage_esi` inputs;
/// `*out_json` receives a new caller-owned JSON array with, per input, the result or
/// `{"error": {"code", "message"}}`.
///
/// # Safety
/// `inputs_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_esi_batch(
    inputs_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| unsafe {
        json::batch(inputs_json, "inputs_json", out_json, |i: &EsiInput| {
            Ok(triage::esi(i)?)
        })
    })
}

/// One level of an ED triage scale. The strings are static: never free them.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct medcore_triage_ed_level {
    /// Level number, 1 most urgent.
    pub level: u8,
    /// Name, e.g. `resuscitation`, `immediate`.
    pub name: *const c_char,
    /// Colour, e.g. `blue`, `red`.
    pub colour: *const c_char,
    /// Time to first assessment by a clinician, minutes (0: immediate).
    pub target_minutes: u32,
    /// The share of patients the standard expects to be seen within target, percent; -1 when
    /// the scale states none.
    pub fractile_percent: i16,
}

unsafe fn scale(s: *const c_char) -> Result<EdScale, Failure> {
    let text = unsafe { cstr(s, "scale")? };
    serde_json::from_value(serde_json::Value::String(text.to_string())).map_err(|_| {
        Failure::core(
            "TRIAGE_UNKNOWN_CODE",
            format!("scale `{text}` is not known: use `ctas` or `manchester`"),
        )
    })
}

fn static_text(s: &'static str) -> *const c_char {
    // Level names and colours are a handful of static words: each is copied once into a
    // NUL-terminated string that lives as long as the process.
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static INTERNED: OnceLock<Mutex<HashMap<&'static str, CString>>> = OnceLock::new();
    let map = INTERNED.get_or_init(|| Mutex::new(HashMap::new()));
    let mut m = match map.lock() {
        Ok(m) => m,
        Err(p) => p.into_inner(),
    };
    m.entry(s)
        .or_insert_with(|| CString::new(s).unwrap_or_default())
        .as_ptr()
}

/// Level `level` (1-5) of scale `scale` (`"ctas"` or `"manchester"`). An unknown scale is
/// `MEDCORE_TRIAGE_UNKNOWN_CODE`, a level outside 1-5 `MEDCORE_TRIAGE_OUT_OF_RANGE`.
///
/// # Safety
/// `scale` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_ed_scale_level(
    scale: *const c_char,
    level: u8,
    out: *mut medcore_triage_ed_level,
) -> medcore_status {
    status(|| {
        let l = unsafe { self::scale(scale)? }.level(level)?;
        let v = medcore_triage_ed_level {
            level: l.level,
            name: static_text(l.name),
            colour: static_text(l.colour),
            target_minutes: l.target_minutes,
            fractile_percent: l.fractile_percent.map_or(-1, i16::from),
        };
        unsafe { write(out, v, "out") }
    })
}

/// Whether a patient at `level` of `scale` who has waited `waited_minutes` is past the target
/// time: `*out` receives 1 or 0.
///
/// # Safety
/// `scale` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_ed_overdue(
    scale: *const c_char,
    level: u8,
    waited_minutes: f64,
    out: *mut u8,
) -> medcore_status {
    status(|| {
        let overdue = unsafe { self::scale(scale)? }.overdue(level, waited_minutes)?;
        unsafe { write(out, u8::from(overdue), "out") }
    })
}

/// An ED triage scale with its discriminator table. Free with `medcore_triage_ed_free`.
pub struct medcore_triage_ed {
    inner: EdTriage,
}

/// The example discriminator table shipped with medcore (illustrative content, not the
/// licensed MTS or CTAS tables). `*out` receives a new caller-owned handle.
///
/// # Safety
/// `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_ed_new_example(
    out: *mut *mut medcore_triage_ed,
) -> medcore_status {
    status(|| {
        let inner = EdTriage::example()?;
        unsafe {
            write(
                out,
                Box::into_raw(Box::new(medcore_triage_ed { inner })),
                "out",
            )
        }
    })
}

/// A discriminator table of your own, JSON text: `{scale: "ctas"|"manchester", name, notice,
/// presentations: [{code, name, discriminators: [{code, description, level}], default_level}]}`.
/// A malformed table is `MEDCORE_TRIAGE_INVALID_TABLE`. `*out` receives a new caller-owned
/// handle.
///
/// # Safety
/// `table_json` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_ed_from_json(
    table_json: *const c_char,
    out: *mut *mut medcore_triage_ed,
) -> medcore_status {
    status(|| {
        let text = unsafe { cstr(table_json, "table_json")? };
        let inner = EdTriage::from_json(text)?;
        unsafe {
            write(
                out,
                Box::into_raw(Box::new(medcore_triage_ed { inner })),
                "out",
            )
        }
    })
}

/// Triages one presentation: `input_json` is `{presentation: "<code>", findings: ["<code>",
/// ...]}`; `*out_json` receives a new caller-owned string `{scale, level: {level, name, colour,
/// target_minutes, fractile_percent}, discriminator (the deciding code or null), presentation}`.
///
/// # Safety
/// `ed` a live handle; `input_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_ed_triage(
    ed: *const medcore_triage_ed,
    input_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let ed = unsafe { handle(ed, "ed")? };
        let input: EdTriageInput = unsafe { json::parse(input_json, "input_json")? };
        let r = ed.inner.triage(&input)?;
        unsafe { write_json(&r, out_json) }
    })
}

/// Triages many presentations: a JSON array of inputs in, a JSON array of results (or
/// `{"error": {...}}`) out, caller-owned.
///
/// # Safety
/// `ed` a live handle; `inputs_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_ed_triage_batch(
    ed: *const medcore_triage_ed,
    inputs_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let ed = unsafe { handle(ed, "ed")? };
        unsafe {
            json::batch(inputs_json, "inputs_json", out_json, |i: &EdTriageInput| {
                Ok(ed.inner.triage(i)?)
            })
        }
    })
}

/// Frees an ED triage handle. NULL is allowed.
///
/// # Safety
/// `ed` NULL or a live handle not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_ed_free(ed: *mut medcore_triage_ed) {
    crate::ffi::boundary(|| {
        if !ed.is_null() {
            // SAFETY: made by Box::into_raw above.
            drop(unsafe { Box::from_raw(ed) });
        }
    })
}

/// A dispatch-priority rule table. Free with `medcore_triage_dispatch_rules_free`.
pub struct medcore_triage_dispatch_rules {
    inner: DispatchRules,
}

/// The example rule table shipped with medcore (`core/triage/data/dispatch_rules.example.json`).
/// `*out` receives a new caller-owned handle.
///
/// # Safety
/// `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_dispatch_rules_new_example(
    out: *mut *mut medcore_triage_dispatch_rules,
) -> medcore_status {
    status(|| {
        let inner = DispatchRules::example();
        let h = Box::into_raw(Box::new(medcore_triage_dispatch_rules { inner }));
        unsafe { write(out, h, "out") }
    })
}

/// A rule table of your own, JSON text: `{name, version, notice, findings: {code: description},
/// plans: {level: {arp_category, unit, urgency, units, description}}, rules: [{id, description,
/// when, level}], default_level}` (the shape of the example file). A malformed table is
/// `MEDCORE_TRIAGE_INVALID_TABLE`. `*out` receives a new caller-owned handle.
///
/// # Safety
/// `rules_json` NUL-terminated; `out` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_dispatch_rules_from_json(
    rules_json: *const c_char,
    out: *mut *mut medcore_triage_dispatch_rules,
) -> medcore_status {
    status(|| {
        let text = unsafe { cstr(rules_json, "rules_json")? };
        let inner = DispatchRules::from_json(text)?;
        let h = Box::into_raw(Box::new(medcore_triage_dispatch_rules { inner }));
        unsafe { write(out, h, "out") }
    })
}

/// Prioritises one call: `call_json` is `{findings: ["<code>", ...], age_years}`; `*out_json`
/// receives a new caller-owned string `{level (omega..echo), determinant, matched: [{id,
/// description, level}], plan: {arp_category, unit, urgency, units, description}, targets: null |
/// {mean_minutes, p90_minutes}, routing: {dispatch, unit, units, urgency, priority,
/// target_p90_minutes}, citation}`. An unknown finding is `MEDCORE_TRIAGE_UNKNOWN_CODE`.
///
/// # Safety
/// `rules` a live handle; `call_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_dispatch(
    rules: *const medcore_triage_dispatch_rules,
    call_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let rules = unsafe { handle(rules, "rules")? };
        let call: DispatchCall = unsafe { json::parse(call_json, "call_json")? };
        let r = triage::dispatch(&rules.inner, &call)?;
        unsafe { write_json(&r, out_json) }
    })
}

/// Prioritises many calls: a JSON array of calls in, a JSON array of results (or `{"error":
/// {...}}`) out, caller-owned.
///
/// # Safety
/// `rules` a live handle; `calls_json` NUL-terminated; `out_json` valid for writes.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_dispatch_batch(
    rules: *const medcore_triage_dispatch_rules,
    calls_json: *const c_char,
    out_json: *mut *mut c_char,
) -> medcore_status {
    status(|| {
        let rules = unsafe { handle(rules, "rules")? };
        unsafe {
            json::batch(calls_json, "calls_json", out_json, |c: &DispatchCall| {
                Ok(triage::dispatch(&rules.inner, c)?)
            })
        }
    })
}

/// Frees a rule table. NULL is allowed.
///
/// # Safety
/// `rules` NULL or a live handle not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_triage_dispatch_rules_free(
    rules: *mut medcore_triage_dispatch_rules,
) {
    crate::ffi::boundary(|| {
        if !rules.is_null() {
            // SAFETY: made by Box::into_raw above.
            drop(unsafe { Box::from_raw(rules) });
        }
    })
}
