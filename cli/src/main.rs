//! `medcore`: the command-line tool.
//!
//! Exit codes are a contract: 0 success, 1 when the input was processed and found wanting
//! (for example a message with a validation error), 2 for usage or I/O problems.

#[macro_use]
mod input;
mod demo;
mod hl7;
mod pii;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// medcore: HL7 v2, FHIR, PII protection, authorization, billing, triage and routing.
#[derive(Parser)]
#[command(name = "medcore", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the end-to-end demonstration on the embedded defaults.
    Demo,
    /// HL7 v2: parse, validate, get values, build ACKs.
    #[command(subcommand)]
    Hl7(hl7::Hl7Command),
    /// PII protection: keygen, tokenize, encrypt, decrypt, rewrap, mask, deidentify.
    #[command(subcommand)]
    Pii(pii::PiiCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo => demo::run(),
        Command::Hl7(cmd) => hl7::run(cmd),
        Command::Pii(cmd) => pii::run(cmd),
    };
    match result {
        Ok(code) => code,
        Err(input::CliError::ClosedOutput) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("medcore: {err}");
            ExitCode::from(2)
        }
    }
}
