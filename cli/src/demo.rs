//! `medcore demo`: an end-to-end run over the embedded defaults, one section per capability.
use crate::input::CliError;
use std::process::ExitCode;

/// Runs every section of the demonstration.
pub fn run() -> Result<ExitCode, CliError> {
    println!("medcore {} demo", medcore::VERSION);
    crate::authz::demo()?;
    Ok(ExitCode::SUCCESS)
}
