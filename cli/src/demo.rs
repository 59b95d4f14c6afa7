//! `medcore demo`: an end-to-end run over the embedded defaults, one section per capability.
use crate::input::CliError;
use std::process::ExitCode;

/// Runs every section of the demonstration.
pub fn run() -> Result<ExitCode, CliError> {
    outln!("medcore {} demo", medcore::VERSION);
    crate::hl7::demo()?;
    crate::fhir::demo()?;
    crate::pii::demo()?;
    crate::triage::demo()?;
    crate::route::demo()?;
    crate::billing::demo()?;
    crate::authz::demo()?;
    Ok(ExitCode::SUCCESS)
}
