//! `medcore`: the command-line tool.
//!
//! Exit codes are a contract: 0 success, 1 when the input was processed and found wanting
//! (for example a message with a validation error), 2 for usage or I/O problems.

mod authz;
mod demo;
mod hl7;
mod input;

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
    /// Authorization: validate policies, check requests, build query filters.
    #[command(subcommand)]
    Authz(authz::AuthzCommand),
    /// HL7 v2: parse, validate, get values, build ACKs.
    #[command(subcommand)]
    Hl7(hl7::Hl7Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo => demo::run(),
        Command::Hl7(cmd) => hl7::run(cmd),
        Command::Authz(cmd) => authz::run(cmd),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("medcore: {err}");
            ExitCode::from(2)
        }
    }
}
