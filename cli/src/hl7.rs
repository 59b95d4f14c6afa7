//! `medcore hl7 ...`: parse, get.
use crate::input::{progress, read_input, CliError};
use clap::{Subcommand, ValueEnum};
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
    }
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
    Ok(())
}
