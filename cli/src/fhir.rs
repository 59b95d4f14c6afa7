//! `medcore fhir ...` (validate) and the conversion behind `medcore hl7 to-fhir`.
use crate::input::{read_input, CliError};
use clap::Subcommand;
use medcore::fhir::convert::{convert_text, BundleKind, ConvertOptions};
use medcore::fhir::model::to_json;
use medcore::fhir::validate::{is_valid, to_operation_outcome, validate_resource, Severity};
use medcore::fhir::{parse_resource, ReadMode, Resource};
use std::process::ExitCode;

/// FHIR subcommands.
#[derive(Subcommand)]
pub enum FhirCommand {
    /// Validate a FHIR R4 JSON resource or Bundle structurally (required elements, required
    /// bindings, references). Prints an OperationOutcome. Exit status: 0 valid, 1 not valid,
    /// 2 for usage or I/O problems.
    Validate {
        /// Reject elements the models do not know (default: keep them and check the rest).
        #[arg(long)]
        strict: bool,
        /// The JSON file; `-` reads standard input.
        file: String,
    },
}

/// Runs one `fhir` subcommand.
pub fn run(cmd: FhirCommand) -> Result<ExitCode, CliError> {
    match cmd {
        FhirCommand::Validate { strict, file } => validate(strict, &file),
    }
}

fn validate(strict: bool, file: &str) -> Result<ExitCode, CliError> {
    let bytes = read_input(file)?;
    let text = String::from_utf8(bytes).map_err(|_| CliError::new(format!("{file}: not UTF-8")))?;
    let mode = if strict {
        ReadMode::Strict
    } else {
        ReadMode::Lenient
    };
    let resource = match parse_resource(&text, mode) {
        Ok(r) => r,
        Err(e) => {
            let oo = serde_json::json!({
                "resourceType": "OperationOutcome",
                "issue": [{"severity": "error", "code": "structure",
                           "diagnostics": format!("{}: {e}", e.code())}]
            });
            outln!("{oo}");
            return Ok(ExitCode::from(1));
        }
    };
    let issues = validate_resource(&resource);
    outln!(
        "{}",
        to_json(&Resource::OperationOutcome(Box::new(to_operation_outcome(
            &issues
        ))))
    );
    let errors = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    eprintln!(
        "{file}: {} error(s), {} warning(s)",
        errors,
        issues.len() - errors
    );
    Ok(if is_valid(&issues) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `medcore hl7 to-fhir`: one Bundle JSON per message, one per line; conversion warnings go to
/// standard error. Exit status 1 when a message could not be converted.
pub fn to_fhir(
    files: &[String],
    transaction: bool,
    default_offset: Option<String>,
) -> Result<ExitCode, CliError> {
    let options = ConvertOptions {
        bundle_kind: if transaction {
            BundleKind::Transaction
        } else {
            BundleKind::Batch
        },
        default_offset,
    };
    let mut failed = false;
    for unit in crate::hl7::read_messages(files)? {
        let converted = unit
            .bytes
            .map_err(|e| format!("{} ({})", e, e.code()))
            .and_then(|b| String::from_utf8(b).map_err(|_| "not UTF-8".to_string()))
            .and_then(|t| convert_text(&t, &options).map_err(|e| format!("{e} ({})", e.code())));
        match converted {
            Ok(c) => {
                for w in &c.warnings {
                    eprintln!("{}: {}: {}", unit.file, w.location, w.message);
                }
                outln!("{}", to_json(&Resource::Bundle(Box::new(c.bundle))));
            }
            Err(e) => {
                eprintln!("{}: {e}", unit.file);
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// An ADT^A01 admission (made-up patient), as in the FHIR section of the demo.
const DEMO_ADT: &str = "MSH|^~\\&|ADT1|GOOD HEALTH HOSPITAL|GHH LAB|GHH|20240302081500+0100||ADT^A01^ADT_A01|MSG00001|P|2.5.1\r\
EVN|A01|20240302081500+0100\r\
PID|1||PATID1234^^^GHH^MR~123456789^^^USSSA^SS||EVERYWOMAN^EVE^E||19620320|F|||153 FERNWOOD DR.^^STATESVILLE^OH^35292||(206)3345232|(206)752-121||||AC555444444\r\
NK1|1|NUCLEAR^NELDA^W|SPO^Spouse^HL70063||(206)3345232\r\
PV1|1|I|2000^2012^01||||004777^ATTEND^AARON^A|||SUR||||ADM|A0|||||||||||||||||||||||||20240302080000+0100\r\
OBX|1|NM|8867-4^Heart rate^LN||72|/min^per minute^UCUM|60-100|N|||F|||20240302081000+0100\r\
AL1|1|DA|70618^Penicillin^RXNORM|SV|hives\r\
DG1|1||I10^Essential (primary) hypertension^I10||20240302";

/// The FHIR section of `medcore demo`.
pub fn demo() -> Result<(), CliError> {
    outln!("\n== FHIR: HL7 v2 ADT^A01 to an R4 Bundle ==");
    let c = convert_text(DEMO_ADT, &ConvertOptions::default())
        .map_err(|e| CliError::new(format!("demo conversion: {e}")))?;
    for e in &c.bundle.entry {
        if let Some(r) = &e.resource {
            outln!(
                "  {:<20} {}",
                r.resource_type(),
                e.full_url.as_deref().unwrap_or("")
            );
        }
    }
    let issues = medcore::fhir::validate::validate_bundle(&c.bundle);
    outln!(
        "  {} entries, {} validation issue(s), {} conversion warning(s); {} bytes of JSON",
        c.bundle.entry.len(),
        issues.len(),
        c.warnings.len(),
        to_json(&Resource::Bundle(Box::new(c.bundle.clone()))).len()
    );
    Ok(())
}
