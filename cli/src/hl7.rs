//! `medcore hl7 ...`: parse, get, validate, ack.
use crate::input::{progress, read_input, CliError};
use clap::{Subcommand, ValueEnum};
use medcore::hl7::ack::{self, AckOptions};
use medcore::hl7::profile::Profile;
use medcore::hl7::validate::{Severity, Validator};
use medcore::hl7::{self, batch, Hl7Error};
use serde_json::{json, Value};
use std::process::ExitCode;

/// Output formats.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// JSON.
    Json,
}

/// HL7 v2 subcommands.
#[derive(Subcommand)]
pub enum Hl7Command {
    /// Parse messages and print their segments and fields.
    Parse {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Files holding one or more messages (batches, any line ending); `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Validate messages against the HL7 definitions of their version and a profile.
    /// Exit status: 0 when no message has an error, 1 when one has, 2 for usage or I/O problems.
    Validate {
        /// Profile: `lenient` (default), `strict`, or a profile file (JSON or TOML).
        #[arg(long, default_value = "lenient")]
        profile: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Files holding one or more messages (batches, any line ending); `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Print the acknowledgment (ACK) for each message: AA, AE or AR from its validation, with
    /// ERR segments for its errors and warnings. Segments are printed one per line.
    Ack {
        /// Profile used to validate: `lenient` (default), `strict`, or a profile file.
        #[arg(long, default_value = "lenient")]
        profile: String,
        /// MSH-10 of the ACKs; the message number (1, 2, ...) is appended when a file holds
        /// several messages. Default: the timestamp followed by the message number.
        #[arg(long)]
        control_id: Option<String>,
        /// MSH-7 of the ACKs (HL7 timestamp). Default: the current UTC time.
        #[arg(long)]
        timestamp: Option<String>,
        /// End segments with CR, as on the wire, instead of a line feed.
        #[arg(long)]
        cr: bool,
        /// File holding one or more messages; `-` reads standard input.
        file: String,
    },
    /// Convert messages to FHIR R4 Bundles (HL7 V2-to-FHIR IG), one Bundle JSON per line.
    /// Exit status: 0 when every message converted, 1 when one did not, 2 for I/O problems.
    ToFhir {
        /// Produce `transaction` bundles instead of `batch`.
        #[arg(long)]
        transaction: bool,
        /// UTC offset (e.g. `+01:00`) assumed for times sent without one.
        #[arg(long)]
        default_offset: Option<String>,
        /// Files holding one or more messages; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Print the decoded value at a path (e.g. `PID-5-1`, `OBX(2)-5`), one line per message.
    Get {
        /// File holding one or more messages; `-` reads standard input.
        file: String,
        /// The path, e.g. `PID-3(2)-1`.
        path: String,
    },
}

/// Runs one `hl7` subcommand.
pub fn run(cmd: Hl7Command) -> Result<ExitCode, CliError> {
    match cmd {
        Hl7Command::Parse { format, files } => parse(format, &files),
        Hl7Command::Get { file, path } => get(&file, &path),
        Hl7Command::ToFhir {
            transaction,
            default_offset,
            files,
        } => crate::fhir::to_fhir(&files, transaction, default_offset),
        Hl7Command::Validate {
            profile,
            format,
            files,
        } => validate(&profile, format, &files),
        Hl7Command::Ack {
            profile,
            control_id,
            timestamp,
            cr,
            file,
        } => ack(&profile, control_id, timestamp, cr, &file),
    }
}

/// Reads `--profile`: a built-in name or a profile file.
fn load_profile(name: &str) -> Result<Profile, CliError> {
    if let Some(p) = Profile::builtin(name) {
        return Ok(p);
    }
    let text = std::fs::read_to_string(name).map_err(|e| {
        CliError::new(format!(
            "profile {name}: {e} (built-in profiles: lenient, strict)"
        ))
    })?;
    let parsed = if name.ends_with(".toml") {
        Profile::from_toml(&text)
    } else if name.ends_with(".json") {
        Profile::from_json(&text)
    } else {
        Profile::from_text(&text)
    };
    parsed.map_err(|e| CliError::new(format!("{name}: {e} ({})", e.code())))
}

fn validate(profile: &str, format: Format, files: &[String]) -> Result<ExitCode, CliError> {
    let validator = Validator::new(load_profile(profile)?);
    let mut any_error = false;
    let mut all = Vec::new();
    let mut index_in_file: Vec<(String, usize)> = Vec::new();
    for unit in read_messages(files)? {
        let n = match index_in_file.last_mut() {
            Some((f, n)) if *f == unit.file => {
                *n += 1;
                *n
            }
            _ => {
                index_in_file.push((unit.file.clone(), 1));
                1
            }
        };
        let result = unit
            .bytes
            .and_then(|b| hl7::parse(&b).map(|m| validator.validate(&m)));
        match result {
            Ok(report) => {
                any_error |= report.has_errors();
                if format == Format::Json {
                    let mut v = serde_json::to_value(&report).unwrap_or(Value::Null);
                    if let Some(o) = v.as_object_mut() {
                        o.insert("file".into(), json!(unit.file));
                        o.insert("message_index".into(), json!(n));
                        o.insert("valid".into(), json!(!report.has_errors()));
                    }
                    all.push(v);
                } else {
                    outln!(
                        "{} #{n} {} control id {} (HL7 {}, structure {}): {} error(s), {} warning(s), {} info",
                        unit.file,
                        report.message_type,
                        report.control_id,
                        report.definitions.as_deref().unwrap_or("?"),
                        report.structure.as_deref().unwrap_or("-"),
                        report.count(Severity::Error),
                        report.count(Severity::Warning),
                        report.count(Severity::Info)
                    );
                    for i in &report.issues {
                        outln!("  {i}");
                    }
                }
            }
            Err(e) => {
                any_error = true;
                if format == Format::Json {
                    let mut v = error_json(&unit.file, &e);
                    if let Some(o) = v.as_object_mut() {
                        o.insert("message_index".into(), json!(n));
                        o.insert("valid".into(), json!(false));
                        o.insert("issues".into(), json!([]));
                    }
                    all.push(v);
                } else {
                    outln!("{} #{n}: cannot be parsed: {e} ({})", unit.file, e.code());
                }
            }
        }
    }
    if format == Format::Json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&all).map_err(|e| CliError::new(e.to_string()))?
        );
    }
    Ok(if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn ack(
    profile: &str,
    control_id: Option<String>,
    timestamp: Option<String>,
    cr: bool,
    file: &str,
) -> Result<ExitCode, CliError> {
    let validator = Validator::new(load_profile(profile)?);
    let timestamp = timestamp.unwrap_or_else(utc_now);
    let units = read_messages(&[file.to_string()])?;
    let many = units.len() > 1;
    let mut failed = false;
    for (k, unit) in units.into_iter().enumerate() {
        let id = match (&control_id, many) {
            (Some(c), false) => c.clone(),
            (Some(c), true) => format!("{c}{}", k + 1),
            (None, _) => format!("{timestamp}{}", k + 1),
        };
        let opts = AckOptions::new(id, timestamp.clone());
        match unit.bytes.and_then(|b| {
            hl7::parse(&b).map(|m| {
                let report = validator.validate(&m);
                ack::build_ack(&m, &report, &opts)
            })
        }) {
            Ok(text) => {
                if cr {
                    out!("{text}");
                } else {
                    out!("{}", text.replace('\r', "\n"));
                    if many {
                        outln!("");
                    }
                }
            }
            Err(e) => {
                failed = true;
                eprintln!(
                    "{file} #{}: cannot be parsed, no ACK: {e} ({})",
                    k + 1,
                    e.code()
                );
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The current UTC time as an HL7 timestamp, `YYYYMMDDHHMMSS+0000`.
fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (proleptic Gregorian calendar).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}+0000",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// A message read from a file, or the error that stopped it.
pub struct Unit {
    /// The file it came from.
    pub file: String,
    /// The message bytes, or an error about the file's structure.
    pub bytes: Result<Vec<u8>, Hl7Error>,
}

/// Reads every message of every file, with a progress bar over the files.
pub fn read_messages(files: &[String]) -> Result<Vec<Unit>, CliError> {
    let bar = progress(files.len() as u64);
    let mut out = Vec::new();
    for file in files {
        let data = read_input(file)?;
        for unit in batch::split(&data) {
            match unit {
                Ok(u) if u.kind == batch::UnitKind::Message => out.push(Unit {
                    file: file.clone(),
                    bytes: Ok(u.bytes.to_vec()),
                }),
                Ok(_) => {}
                Err(e) => out.push(Unit {
                    file: file.clone(),
                    bytes: Err(e),
                }),
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(out)
}

fn error_json(file: &str, e: &Hl7Error) -> Value {
    json!({"file": file, "error": {"code": e.code(), "message": e.to_string()}})
}

fn parse(format: Format, files: &[String]) -> Result<ExitCode, CliError> {
    let mut failed = false;
    let mut all = Vec::new();
    for unit in read_messages(files)? {
        let parsed = unit.bytes.and_then(|b| {
            hl7::parse(&b).map(|m| {
                let mut v = serde_json::to_value(&m).unwrap_or(Value::Null);
                if let Some(o) = v.as_object_mut() {
                    o.insert("file".into(), json!(unit.file));
                }
                (v, text_tree(&m))
            })
        });
        match parsed {
            Ok((v, text)) => {
                if format == Format::Json {
                    all.push(v);
                } else {
                    out!("{}: {text}", unit.file);
                }
            }
            Err(e) => {
                failed = true;
                if format == Format::Json {
                    all.push(error_json(&unit.file, &e));
                } else {
                    eprintln!("{}: {e} ({})", unit.file, e.code());
                }
            }
        }
    }
    if format == Format::Json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&all).map_err(|e| CliError::new(e.to_string()))?
        );
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn text_tree(m: &hl7::Message<'_>) -> String {
    let t = m.message_type();
    let mut s = format!(
        "{}^{} version {} control id {} ({} segments)\n",
        t.code,
        t.trigger,
        m.version().unwrap_or("?"),
        m.control_id().unwrap_or("?"),
        m.segment_count()
    );
    for w in m.warnings() {
        s.push_str(&format!("  warning: {w}\n"));
    }
    for seg in m.segments() {
        s.push_str(&format!("  {} (line {})\n", seg.id(), seg.line()));
        for f in seg.fields().filter(|f| !f.is_empty()) {
            s.push_str(&format!("    {}-{}: {}\n", seg.id(), f.number(), f.raw()));
        }
    }
    s
}

fn get(file: &str, path: &str) -> Result<ExitCode, CliError> {
    let parsed: hl7::Path = path
        .parse()
        .map_err(|e: Hl7Error| CliError::new(e.to_string()))?;
    let mut failed = false;
    for unit in read_messages(&[file.to_string()])? {
        match unit
            .bytes
            .and_then(|b| hl7::parse(&b).map(|m| m.value(&parsed).map(|v| v.into_owned())))
        {
            Ok(v) => outln!("{}", v.unwrap_or_default()),
            Err(e) => {
                failed = true;
                outln!("");
                eprintln!("{file}: {e} ({})", e.code());
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The HL7 section of `medcore demo`.
pub fn demo() -> Result<(), CliError> {
    let sample = include_bytes!("../../testdata/hl7/microsoft-FHIR-Converter/hl7v2/ADT-A01-01.hl7");
    let msg = hl7::parse(sample).map_err(|e| CliError::new(e.to_string()))?;
    let t = msg.message_type();
    outln!("== HL7 v2");
    outln!(
        "parsed {}^{} (v{}) with {} segments",
        t.code,
        t.trigger,
        msg.version().unwrap_or("?"),
        msg.segment_count()
    );
    for w in msg.warnings() {
        outln!("  tolerated: {}", w.message);
    }
    for path in ["PID-3-1", "PID-5-1", "PID-5-2", "PID-7", "PV1-2", "PV1-3-1"] {
        let v = msg.get(path).map_err(|e| CliError::new(e.to_string()))?;
        outln!("  {path:8} = {}", v.unwrap_or_default());
    }
    // Validation: the real sample under both built-in profiles, then a copy with a bad date
    // of birth, and the ACK each one gets.
    for profile in [Profile::lenient(), Profile::strict()] {
        let report = Validator::new(profile.clone()).validate(&msg);
        outln!(
            "validated against HL7 {} {} ({} profile): {} error(s), {} warning(s)",
            report.definitions.as_deref().unwrap_or("?"),
            report.structure.as_deref().unwrap_or("-"),
            profile.name,
            report.count(Severity::Error),
            report.count(Severity::Warning)
        );
        if let Some(first) = report.issues.first() {
            outln!("  first: {first}");
        }
    }
    let mut builder = hl7::MessageBuilder::from_message(&msg);
    builder
        .set("PID-7", "19881318")
        .map_err(|e| CliError::new(e.to_string()))?;
    let planted = builder.encode();
    let bad = hl7::parse_str(&planted).map_err(|e| CliError::new(e.to_string()))?;
    let report = Validator::new(Profile::strict()).validate(&bad);
    for i in report
        .issues
        .iter()
        .filter(|i| i.field == Some(7) && i.segment == "PID")
    {
        outln!("  planted: {i}");
    }
    let ack = ack::build_ack(
        &bad,
        &report,
        &AckOptions::new("DEMO0001", "20240101120000+0000"),
    );
    outln!("ACK (strict):");
    for seg in ack.split('\r').filter(|s| !s.is_empty()).take(4) {
        outln!("  {seg}");
    }
    Ok(())
}
