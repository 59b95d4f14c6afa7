//! `medcore`: the command-line tool.
//!
//! Exit codes are a contract: 0 success, 1 when the input was processed and found wanting
//! (for example a message with a validation error), 2 for usage or I/O problems.

#[macro_use]
mod input;
mod authz;
mod billing;
mod demo;
mod fhir;
mod hl7;
mod pii;
mod route;
mod triage;

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
    /// Billing: MS-DRG grouping, IPPS pricing, invoices, insurance adjudication.
    #[command(subcommand)]
    Billing(billing::BillingCommand),
    /// Authorization: validate policies, check requests, build query filters.
    #[command(subcommand)]
    Authz(authz::AuthzCommand),
    /// HL7 v2: parse, validate, get values, build ACKs.
    #[command(subcommand)]
    Hl7(hl7::Hl7Command),
    /// FHIR R4: validate resources and bundles (HL7 v2 conversion is `medcore hl7 to-fhir`).
    #[command(subcommand)]
    Fhir(fhir::FhirCommand),
    /// PII protection: keygen, tokenize, encrypt, decrypt, rewrap, mask, deidentify.
    #[command(subcommand)]
    Pii(pii::PiiCommand),
    /// Triage: NEWS2, MEWS, qSOFA, SIRS, GCS, PEWS, ESI, START/JumpSTART/SALT, dispatch priority.
    #[command(subcommand)]
    Triage(triage::TriageCommand),
    /// Road routing: prepare graphs, query routes and travel-time matrices (JSON in and out).
    #[command(subcommand)]
    Route(route::RouteCommand),
    /// Ambulance dispatch: nearest capable unit, multi-incident assignment, destination hospital.
    Dispatch(route::DispatchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo => demo::run(),
        Command::Hl7(cmd) => hl7::run(cmd),
        Command::Fhir(cmd) => fhir::run(cmd),
        Command::Pii(cmd) => pii::run(cmd),
        Command::Triage(cmd) => triage::run(cmd),
        Command::Route(cmd) => route::run(cmd),
        Command::Dispatch(args) => route::dispatch(args),
        Command::Billing(cmd) => billing::run(cmd),
        Command::Authz(cmd) => authz::run(cmd),
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
