//! `medcore triage ...`: early warning scores, ESI, mass-casualty triage and dispatch priority.
//!
//! Every subcommand takes its inputs as flags, or as JSON with `--json FILE` (`-` for standard
//! input): one object, an array (batch: an array of results), or JSON lines (one result per
//! line). Results are JSON on standard output. An input that is rejected (impossible value,
//! unknown code) gives `{"error": {"code", "message"}}` in its place and exit status 1.
use crate::input::{progress, read_input, CliError};
use clap::{Args, Subcommand};
use medcore::triage::dispatch::DispatchRules;
use medcore::triage::{self as t, TriageError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::process::ExitCode;

/// Triage subcommands.
#[derive(Subcommand)]
pub enum TriageCommand {
    /// NEWS2 (RCP 2017).
    News2(News2Args),
    /// MEWS (Subbe 2001 bands).
    Mews(MewsArgs),
    /// qSOFA (Sepsis-3).
    Qsofa(QsofaArgs),
    /// SIRS criteria (ACCP/SCCM 1992).
    Sirs(SirsArgs),
    /// Glasgow Coma Scale (components 1-n or NT).
    Gcs(GcsArgs),
    /// Brighton PEWS (JSON input only).
    Pews(JsonOnly),
    /// Emergency Severity Index v4/v5.
    Esi(EsiArgs),
    /// START (adults).
    Start(MciArgs),
    /// JumpSTART (children); with --age, START or JumpSTART is chosen by age.
    Jumpstart(MciArgs),
    /// SALT mass-casualty triage (JSON input only).
    Salt(JsonOnly),
    /// Dispatch priority from call findings with a rule table.
    Dispatch(DispatchArgs),
}

/// Only JSON input.
#[derive(Args)]
pub struct JsonOnly {
    /// JSON input file, or - for standard input.
    #[arg(long)]
    json: String,
}

/// NEWS2 flags.
#[derive(Args)]
pub struct News2Args {
    /// JSON input file, or - for standard input (instead of flags).
    #[arg(long)]
    json: Option<String>,
    /// Respiration rate, per minute.
    #[arg(long)]
    rr: Option<f64>,
    /// SpO2, percent.
    #[arg(long)]
    spo2: Option<f64>,
    /// Use SpO2 scale 2 (hypercapnic respiratory failure only).
    #[arg(long)]
    scale2: bool,
    /// Supplemental oxygen: true or false.
    #[arg(long)]
    oxygen: Option<bool>,
    /// Systolic blood pressure, mmHg.
    #[arg(long)]
    sbp: Option<f64>,
    /// Pulse, per minute.
    #[arg(long)]
    pulse: Option<f64>,
    /// Consciousness: A, C, V, P or U.
    #[arg(long)]
    acvpu: Option<String>,
    /// Temperature, degrees Celsius.
    #[arg(long)]
    temp: Option<f64>,
}

/// MEWS flags.
#[derive(Args)]
pub struct MewsArgs {
    /// JSON input file, or - for standard input.
    #[arg(long)]
    json: Option<String>,
    /// Systolic blood pressure, mmHg.
    #[arg(long)]
    sbp: Option<f64>,
    /// Heart rate, per minute.
    #[arg(long)]
    hr: Option<f64>,
    /// Respiration rate, per minute.
    #[arg(long)]
    rr: Option<f64>,
    /// Temperature, degrees Celsius.
    #[arg(long)]
    temp: Option<f64>,
    /// AVPU: A, V, P or U.
    #[arg(long)]
    avpu: Option<String>,
}

/// qSOFA flags.
#[derive(Args)]
pub struct QsofaArgs {
    /// JSON input file, or - for standard input.
    #[arg(long)]
    json: Option<String>,
    /// Respiration rate, per minute.
    #[arg(long)]
    rr: Option<f64>,
    /// Systolic blood pressure, mmHg.
    #[arg(long)]
    sbp: Option<f64>,
    /// GCS total.
    #[arg(long)]
    gcs: Option<f64>,
    /// Altered mentation: true or false.
    #[arg(long)]
    altered: Option<bool>,
}

/// SIRS flags.
#[derive(Args)]
pub struct SirsArgs {
    /// JSON input file, or - for standard input.
    #[arg(long)]
    json: Option<String>,
    /// Temperature, degrees Celsius.
    #[arg(long)]
    temp: Option<f64>,
    /// Heart rate, per minute.
    #[arg(long)]
    hr: Option<f64>,
    /// Respiration rate, per minute.
    #[arg(long)]
    rr: Option<f64>,
    /// PaCO2, mmHg.
    #[arg(long)]
    paco2: Option<f64>,
    /// White cell count, 10^9/L.
    #[arg(long)]
    wbc: Option<f64>,
    /// Band neutrophils, percent.
    #[arg(long)]
    bands: Option<f64>,
}

/// GCS flags.
#[derive(Args)]
pub struct GcsArgs {
    /// JSON input file, or - for standard input.
    #[arg(long)]
    json: Option<String>,
    /// Eye opening, 1-4 or NT.
    #[arg(long)]
    eye: Option<String>,
    /// Verbal response, 1-5 or NT.
    #[arg(long)]
    verbal: Option<String>,
    /// Motor response, 1-6 or NT.
    #[arg(long)]
    motor: Option<String>,
}

/// ESI flags.
#[derive(Args)]
pub struct EsiArgs {
    /// JSON input file, or - for standard input.
    #[arg(long)]
    json: Option<String>,
    /// Follow ESI version 4 (default 5).
    #[arg(long)]
    v4: bool,
    /// Age, years.
    #[arg(long)]
    age: Option<f64>,
    /// Age, days (infants).
    #[arg(long)]
    age_days: Option<f64>,
    /// A: needs an immediate life-saving intervention (true/false).
    #[arg(long)]
    lsi: Option<bool>,
    /// A: unresponsive (true/false).
    #[arg(long)]
    unresponsive: Option<bool>,
    /// B: high-risk situation (true/false).
    #[arg(long)]
    high_risk: Option<bool>,
    /// B: new confusion, lethargy or disorientation (true/false).
    #[arg(long)]
    confused: Option<bool>,
    /// B: severe pain or distress (true/false).
    #[arg(long)]
    severe_pain: Option<bool>,
    /// Pain 0-10.
    #[arg(long)]
    pain: Option<f64>,
    /// C: an expected resource (repeatable): labs, ecg, xray, ct, mri, ultrasound, ...
    #[arg(long = "resource")]
    resources: Vec<String>,
    /// C: no resources expected.
    #[arg(long)]
    no_resources: bool,
    /// Heart rate.
    #[arg(long)]
    hr: Option<f64>,
    /// Respiration rate.
    #[arg(long)]
    rr: Option<f64>,
    /// SpO2, percent.
    #[arg(long)]
    spo2: Option<f64>,
    /// Temperature, degrees Celsius.
    #[arg(long)]
    temp: Option<f64>,
}

/// START / JumpSTART flags.
#[derive(Args)]
pub struct MciArgs {
    /// JSON input file, or - for standard input.
    #[arg(long)]
    json: Option<String>,
    /// Age, years (jumpstart: chooses the protocol by age).
    #[arg(long)]
    age: Option<f64>,
    /// Walking (true/false).
    #[arg(long)]
    walking: Option<bool>,
    /// Breathing (true/false).
    #[arg(long)]
    breathing: Option<bool>,
    /// Breathing after airway repositioning (true/false).
    #[arg(long)]
    after_reposition: Option<bool>,
    /// JumpSTART: breathing after five rescue breaths (true/false).
    #[arg(long)]
    after_rescue_breaths: Option<bool>,
    /// Respiration rate.
    #[arg(long)]
    rr: Option<f64>,
    /// Radial (START) or peripheral (JumpSTART) pulse present (true/false).
    #[arg(long)]
    pulse: Option<bool>,
    /// Capillary refill, seconds.
    #[arg(long)]
    crt: Option<f64>,
    /// Follows commands (true/false).
    #[arg(long)]
    follows: Option<bool>,
    /// JumpSTART AVPU: alert, voice, pain_appropriate, pain_inappropriate, unresponsive.
    #[arg(long)]
    avpu: Option<String>,
}

/// Dispatch flags.
#[derive(Args)]
pub struct DispatchArgs {
    /// JSON input file, or - for standard input.
    #[arg(long)]
    json: Option<String>,
    /// Rule table (JSON); the shipped example table when absent.
    #[arg(long)]
    rules: Option<String>,
    /// A finding code (repeatable).
    #[arg(long = "finding")]
    findings: Vec<String>,
    /// Age, years.
    #[arg(long)]
    age: Option<f64>,
    /// Print the finding vocabulary of the rule table and exit.
    #[arg(long)]
    list_findings: bool,
}

fn err_json(e: &TriageError) -> Value {
    json!({"error": {"code": e.code(), "message": e.to_string()}})
}

fn to_json<O: Serialize>(r: Result<O, TriageError>) -> (Value, bool) {
    match r {
        Ok(o) => (serde_json::to_value(o).unwrap_or(Value::Null), true),
        Err(e) => (err_json(&e), false),
    }
}

fn print(v: &Value) -> Result<(), CliError> {
    let s = serde_json::to_string_pretty(v).map_err(|e| CliError::new(e.to_string()))?;
    emit(&s)
}

/// Writes one line to standard output; a closed pipe (`| head`) ends output quietly.
fn emit(line: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{line}") {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::new(format!("standard output: {e}")))
        }
        _ => Ok(()),
    }
}

fn code(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Runs one instrument over JSON input: one object, an array, or JSON lines.
fn run_json<I, O>(
    path: &str,
    f: impl Fn(&I) -> Result<O, TriageError>,
) -> Result<ExitCode, CliError>
where
    I: DeserializeOwned,
    O: Serialize,
{
    let bytes = read_input(path)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| CliError::new(format!("{path}: not UTF-8: {e}")))?;
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.starts_with('[') {
        let items: Vec<I> =
            serde_json::from_str(trimmed).map_err(|e| CliError::new(format!("{path}: {e}")))?;
        let bar = progress(items.len() as u64);
        let mut all_ok = true;
        let mut out = Vec::with_capacity(items.len());
        for item in &items {
            let (v, ok) = to_json(f(item));
            all_ok &= ok;
            out.push(v);
            bar.inc(1);
        }
        bar.finish_and_clear();
        print(&Value::Array(out))?;
        return Ok(code(all_ok));
    }
    match serde_json::from_str::<I>(trimmed) {
        Ok(item) => {
            let (v, ok) = to_json(f(&item));
            print(&v)?;
            Ok(code(ok))
        }
        Err(single_err) => {
            let lines: Vec<&str> = trimmed.lines().filter(|l| !l.trim().is_empty()).collect();
            if lines.len() < 2 {
                return Err(CliError::new(format!("{path}: {single_err}")));
            }
            let mut all_ok = true;
            for (n, line) in lines.iter().enumerate() {
                let item: I = serde_json::from_str(line)
                    .map_err(|e| CliError::new(format!("{path}: line {}: {e}", n + 1)))?;
                let (v, ok) = to_json(f(&item));
                all_ok &= ok;
                emit(&serde_json::to_string(&v).map_err(|e| CliError::new(e.to_string()))?)?;
            }
            Ok(code(all_ok))
        }
    }
}

fn single<O: Serialize>(r: Result<O, TriageError>) -> Result<ExitCode, CliError> {
    let (v, ok) = to_json(r);
    print(&v)?;
    Ok(code(ok))
}

fn parse_code<T>(
    v: Option<String>,
    f: impl Fn(&str) -> Result<T, TriageError>,
) -> Result<Option<T>, TriageError> {
    v.map(|s| f(&s)).transpose()
}

/// Runs one `triage` subcommand.
pub fn run(cmd: TriageCommand) -> Result<ExitCode, CliError> {
    match cmd {
        TriageCommand::News2(a) => match a.json {
            Some(p) => run_json(&p, t::news2),
            None => single((|| {
                t::news2(&t::News2Input {
                    respiration_rate: a.rr,
                    spo2: a.spo2,
                    spo2_scale2: a.scale2,
                    supplemental_oxygen: a.oxygen,
                    systolic_bp: a.sbp,
                    pulse: a.pulse,
                    consciousness: parse_code(a.acvpu, t::Acvpu::from_code)?,
                    temperature: a.temp,
                })
            })()),
        },
        TriageCommand::Mews(a) => {
            let bands = t::MewsBands::subbe2001();
            match a.json {
                Some(p) => run_json(&p, |i| t::mews(i, &bands)),
                None => single((|| {
                    t::mews(
                        &t::MewsInput {
                            systolic_bp: a.sbp,
                            heart_rate: a.hr,
                            respiration_rate: a.rr,
                            temperature: a.temp,
                            consciousness: parse_code(a.avpu, t::Acvpu::from_code)?,
                        },
                        &bands,
                    )
                })()),
            }
        }
        TriageCommand::Qsofa(a) => match a.json {
            Some(p) => run_json(&p, t::qsofa),
            None => single(t::qsofa(&t::QsofaInput {
                respiration_rate: a.rr,
                systolic_bp: a.sbp,
                altered_mentation: a.altered,
                gcs: a.gcs,
            })),
        },
        TriageCommand::Sirs(a) => match a.json {
            Some(p) => run_json(&p, t::sirs),
            None => single(t::sirs(&t::SirsInput {
                temperature: a.temp,
                heart_rate: a.hr,
                respiration_rate: a.rr,
                paco2: a.paco2,
                white_cell_count: a.wbc,
                band_neutrophils: a.bands,
            })),
        },
        TriageCommand::Gcs(a) => match a.json {
            Some(p) => run_json(&p, t::gcs),
            None => single((|| {
                t::gcs(&t::GcsInput {
                    eye: parse_code(a.eye, t::GcsResponse::from_code)?,
                    verbal: parse_code(a.verbal, t::GcsResponse::from_code)?,
                    motor: parse_code(a.motor, t::GcsResponse::from_code)?,
                })
            })()),
        },
        TriageCommand::Pews(a) => {
            let ages = t::PewsAgeBands::apls();
            run_json(&a.json, |i| t::pews(i, &ages))
        }
        TriageCommand::Esi(a) => match a.json {
            Some(p) => run_json(&p, t::esi),
            None => single((|| {
                let resources = if a.no_resources {
                    Some(Vec::new())
                } else if a.resources.is_empty() {
                    None
                } else {
                    Some(
                        a.resources
                            .iter()
                            .map(|r| t::esi::EsiResource::from_code(r))
                            .collect::<Result<Vec<_>, _>>()?,
                    )
                };
                t::esi(&t::EsiInput {
                    version: if a.v4 {
                        t::EsiVersion::V4
                    } else {
                        t::EsiVersion::V5
                    },
                    age_years: a.age,
                    age_days: a.age_days,
                    lifesaving_intervention: a.lsi,
                    unresponsive: a.unresponsive,
                    high_risk_situation: a.high_risk,
                    new_confusion_lethargy_disorientation: a.confused,
                    severe_pain_or_distress: a.severe_pain,
                    pain_score: a.pain,
                    resources,
                    heart_rate: a.hr,
                    respiration_rate: a.rr,
                    spo2: a.spo2,
                    temperature: a.temp,
                    ..Default::default()
                })
            })()),
        },
        TriageCommand::Start(a) => mci(a, t::start),
        TriageCommand::Jumpstart(a) => {
            if a.age.is_some() {
                mci(a, t::mci_triage)
            } else {
                mci(a, t::jumpstart)
            }
        }
        TriageCommand::Salt(a) => run_json(&a.json, t::salt),
        TriageCommand::Dispatch(a) => {
            let rules = match &a.rules {
                Some(p) => {
                    let bytes = read_input(p)?;
                    let text = String::from_utf8_lossy(&bytes);
                    DispatchRules::from_json(&text)
                        .map_err(|e| CliError::new(format!("{p}: {} ({})", e, e.code())))?
                }
                None => DispatchRules::example(),
            };
            if a.list_findings {
                print(&serde_json::to_value(&rules.data().findings).unwrap_or(Value::Null))?;
                return Ok(ExitCode::SUCCESS);
            }
            match a.json {
                Some(p) => run_json(&p, |c| t::dispatch(&rules, c)),
                None => single(t::dispatch(
                    &rules,
                    &t::DispatchCall {
                        findings: a.findings,
                        age_years: a.age,
                    },
                )),
            }
        }
    }
}

fn mci(
    a: MciArgs,
    f: fn(&t::MciInput) -> Result<t::MciResult, TriageError>,
) -> Result<ExitCode, CliError> {
    if let Some(p) = a.json {
        return run_json(&p, f);
    }
    single((|| {
        let avpu = match a.avpu {
            Some(s) => Some(
                serde_json::from_value::<t::mci::PaediatricAvpu>(Value::String(s.clone()))
                    .map_err(|_| TriageError::UnknownCode {
                        field: "avpu".into(),
                        code: s,
                        expected:
                            "alert, voice, pain_appropriate, pain_inappropriate, unresponsive"
                                .into(),
                    })?,
            ),
            None => None,
        };
        f(&t::MciInput {
            age_years: a.age,
            walking: a.walking,
            breathing: a.breathing,
            breathing_after_airway_repositioning: a.after_reposition,
            breathing_after_rescue_breaths: a.after_rescue_breaths,
            respiration_rate: a.rr,
            radial_pulse: a.pulse,
            capillary_refill_s: a.crt,
            follows_commands: a.follows,
            avpu,
        })
    })())
}

/// The triage section of `medcore demo`.
pub fn demo() -> Result<(), CliError> {
    outln!("\n== Triage ==");
    let patient = t::News2Input {
        respiration_rate: Some(23.0),
        spo2: Some(94.0),
        spo2_scale2: false,
        supplemental_oxygen: Some(true),
        systolic_bp: Some(102.0),
        pulse: Some(112.0),
        consciousness: Some(t::Acvpu::NewConfusion),
        temperature: Some(38.4),
    };
    let s = t::news2(&patient).map_err(|e| CliError::new(e.to_string()))?;
    outln!("NEWS2 {} ({}):", s.total, s.interpretation);
    for p in &s.breakdown {
        outln!(
            "  {:<20} {:>6}  {:<12} {} pt",
            p.parameter.as_str(),
            observed(&p.value),
            p.band,
            p.points
        );
    }
    outln!("  response: {}", s.clinical_response);

    let partial = t::news2(&t::News2Input {
        temperature: None,
        pulse: None,
        ..patient
    })
    .map_err(|e| CliError::new(e.to_string()))?;
    let missing: Vec<&str> = partial.missing.iter().map(|p| p.as_str()).collect();
    outln!(
        "Partial NEWS2 without pulse and temperature: {} (up to {}), missing {:?}",
        partial.total,
        partial.max_possible,
        missing
    );

    let q = t::qsofa(&t::QsofaInput {
        respiration_rate: Some(23.0),
        systolic_bp: Some(102.0),
        gcs: Some(14.0),
        altered_mentation: None,
    })
    .map_err(|e| CliError::new(e.to_string()))?;
    outln!("qSOFA {} ({})", q.total, q.interpretation);

    use t::esi::EsiResource::*;
    let e = t::esi(&t::EsiInput {
        age_years: Some(22.0),
        lifesaving_intervention: Some(false),
        unresponsive: Some(false),
        high_risk_situation: Some(false),
        new_confusion_lethargy_disorientation: Some(false),
        severe_pain_or_distress: Some(false),
        resources: Some(vec![Labs, IvFluids, Ct, OralMedication]),
        heart_rate: Some(118.0),
        respiration_rate: Some(18.0),
        spo2: Some(98.0),
        ..Default::default()
    })
    .map_err(|e| CliError::new(e.to_string()))?;
    let path: Vec<String> = e
        .path
        .iter()
        .map(|s| format!("{:?}: {}", s.point, s.outcome))
        .collect();
    outln!(
        "ESI level {} ({} resources; path {}){}",
        e.level.unwrap_or(0),
        e.resources_counted.unwrap_or(0),
        path.join(" → "),
        e.up_triage
            .map(|u| format!("; consider level {}: {}", u.to_level, u.reasons.join(", ")))
            .unwrap_or_default()
    );

    let casualties = [
        t::MciInput {
            age_years: Some(34.0),
            walking: Some(true),
            ..Default::default()
        },
        t::MciInput {
            age_years: Some(40.0),
            walking: Some(false),
            respiration_rate: Some(34.0),
            ..Default::default()
        },
        t::MciInput {
            age_years: Some(6.0),
            walking: Some(false),
            respiration_rate: Some(12.0),
            radial_pulse: Some(true),
            ..Default::default()
        },
        t::MciInput {
            age_years: Some(55.0),
            walking: Some(false),
            respiration_rate: Some(18.0),
            radial_pulse: Some(true),
            capillary_refill_s: Some(1.5),
            follows_commands: Some(true),
            ..Default::default()
        },
    ];
    let tags: Vec<String> = t::mci_batch(&casualties)
        .into_iter()
        .map(|r| match r {
            Ok(r) => format!("{:?}:{}", r.protocol, r.colour.unwrap_or("?")),
            Err(e) => e.code().to_string(),
        })
        .collect();
    outln!(
        "Mass casualty (START/JumpSTART by age): {}",
        tags.join(", ")
    );

    let rules = DispatchRules::example();
    let call = t::DispatchCall {
        findings: vec!["chest_pain".into(), "cardiac_history".into()],
        age_years: Some(61.0),
    };
    let d = t::dispatch(&rules, &call).map_err(|e| CliError::new(e.to_string()))?;
    let arp = d
        .plan
        .arp_category
        .map(|c| format!("{c:?}"))
        .unwrap_or_else(|| "none".into());
    outln!(
        "Dispatch (example rules) chest pain, cardiac history, 61 y: {} [{}] → {:?} unit, {:?}, ARP {arp} \
(90% within {} min), routing priority {}",
        d.level.as_str(),
        d.determinant,
        d.routing.unit,
        d.routing.urgency,
        d.routing.target_p90_minutes.unwrap_or(0),
        d.routing.priority
    );
    Ok(())
}

fn observed(v: &t::Observed) -> String {
    match v {
        t::Observed::Number(n) => format!("{n}"),
        t::Observed::Flag(b) => format!("{b}"),
        t::Observed::Code(c) => (*c).to_string(),
    }
}
