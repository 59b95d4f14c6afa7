//! `medcore hl7 ...`
use crate::input::CliError;
use clap::Subcommand;
use std::process::ExitCode;

/// HL7 v2 subcommands.
#[derive(Subcommand)]
pub enum Hl7Command {}

/// Runs one `hl7` subcommand.
pub fn run(cmd: Hl7Command) -> Result<ExitCode, CliError> {
    match cmd {}
}
