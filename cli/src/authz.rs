//! `medcore authz ...`: validate policies, check requests, build query filters.
use crate::input::{read_input, CliError};
use clap::{Subcommand, ValueEnum};
use medcore::authz::{
    default_policy_set, default_schema, ConsentDirective, FilterRequest, PolicySet,
    PolicySetBuilder, Request, Schema, SqlOptions, SqlPlaceholder, SqlSetEncoding,
};
use serde_json::json;
use std::process::ExitCode;

/// Authorization subcommands.
#[derive(Subcommand)]
pub enum AuthzCommand {
    /// Check policy files (text `.policy` or JSON `.json`) against the schema; errors name
    /// file:line:column. Exit 1 when a file is invalid.
    Validate {
        /// Policy files, loaded together as one set.
        #[arg(required = true)]
        policies: Vec<String>,
        /// Schema (JSON); the default hospital schema when absent.
        #[arg(long)]
        schema: Option<String>,
    },
    /// Decide a request (a JSON object) or a batch (a JSON array). Exit 0 when every request
    /// is allowed, 1 when any is denied.
    Check {
        /// Policy files; the embedded default hospital set when absent.
        #[arg(long = "policies", short = 'p')]
        policies: Vec<String>,
        /// Schema (JSON); the default hospital schema when absent.
        #[arg(long)]
        schema: Option<String>,
        /// Consent directives (a JSON array) to add to the set.
        #[arg(long)]
        consents: Option<String>,
        /// Request file, or `-` for standard input.
        request: String,
        /// Show every rule considered and its outcome.
        #[arg(long)]
        explain: bool,
    },
    /// For a principal, action and resource type (a JSON object with `principal`, `action`,
    /// `resource_type`, `environment`), print the condition over resource attributes and a
    /// parameterized SQL WHERE fragment.
    Filter {
        /// Policy files; the embedded default hospital set when absent.
        #[arg(long = "policies", short = 'p')]
        policies: Vec<String>,
        /// Schema (JSON); the default hospital schema when absent.
        #[arg(long)]
        schema: Option<String>,
        /// Consent directives (a JSON array) to add to the set.
        #[arg(long)]
        consents: Option<String>,
        /// Filter request file, or `-` for standard input.
        request: String,
        /// Placeholder style.
        #[arg(long, value_enum, default_value_t = Placeholder::Dollar)]
        placeholder: Placeholder,
        /// How set attributes are stored.
        #[arg(long, value_enum, default_value_t = Sets::Postgres)]
        sets: Sets,
        /// Table alias prefixed to every column.
        #[arg(long)]
        alias: Option<String>,
    },
}

/// SQL placeholder styles.
#[derive(Clone, Copy, ValueEnum)]
pub enum Placeholder {
    /// `$1, $2, ...`
    Dollar,
    /// `?`
    Question,
    /// `%s`
    Percent,
}

/// Set column encodings.
#[derive(Clone, Copy, ValueEnum)]
pub enum Sets {
    /// PostgreSQL arrays.
    Postgres,
    /// JSON arrays (SQLite `json_each`).
    Json,
}

fn text(path: &str) -> Result<String, CliError> {
    String::from_utf8(read_input(path)?).map_err(|_| CliError::new(format!("{path}: not UTF-8")))
}

fn load_schema(schema: &Option<String>) -> Result<Schema, String> {
    match schema {
        None => Ok(default_schema()),
        Some(p) => {
            let t = text(p).map_err(|e| e.to_string())?;
            Schema::from_json(p, &t).map_err(|e| format!("{} [{}]", e, e.code()))
        }
    }
}

/// Loads a policy set; `Err(Ok(msg))` is a policy problem (exit 1), `Err(Err(e))` an I/O one.
fn load_set(
    policies: &[String],
    schema: &Option<String>,
    consents: &Option<String>,
) -> Result<PolicySet, Result<String, CliError>> {
    let mut ps = if policies.is_empty() && schema.is_none() {
        default_policy_set()
    } else {
        let mut b = PolicySetBuilder::new(load_schema(schema).map_err(Ok)?);
        for p in policies {
            let t = text(p).map_err(Err)?;
            let r = if p.ends_with(".json") {
                b.add_json(p, &t).map(|_| ())
            } else {
                b.add_text(p, &t).map(|_| ())
            };
            r.map_err(|e| Ok(format!("{e} [{}]", e.code())))?;
        }
        b.build().map_err(|e| Ok(format!("{e} [{}]", e.code())))?
    };
    if let Some(c) = consents {
        let t = text(c).map_err(Err)?;
        let list: Vec<ConsentDirective> =
            serde_json::from_str(&t).map_err(|e| Ok(format!("{c}: {e}")))?;
        ps = ps
            .with_consents(&list)
            .map_err(|e| Ok(format!("{e} [{}]", e.code())))?;
    }
    Ok(ps)
}

fn print(v: &serde_json::Value) -> Result<(), CliError> {
    outln!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
    Ok(())
}

/// Runs one `authz` subcommand.
pub fn run(cmd: AuthzCommand) -> Result<ExitCode, CliError> {
    match cmd {
        AuthzCommand::Validate { policies, schema } => match load_set(&policies, &schema, &None) {
            Ok(ps) => {
                print(
                    &json!({ "valid": true, "rules": ps.rules().len(), "combining": ps.combining(), "hash": ps.hash() }),
                )?;
                Ok(ExitCode::SUCCESS)
            }
            Err(Ok(msg)) => {
                eprintln!("{msg}");
                print(&json!({ "valid": false, "error": msg }))?;
                Ok(ExitCode::from(1))
            }
            Err(Err(e)) => Err(e),
        },
        AuthzCommand::Check {
            policies,
            schema,
            consents,
            request,
            explain,
        } => {
            let ps = match load_set(&policies, &schema, &consents) {
                Ok(ps) => ps,
                Err(Ok(msg)) => return Err(CliError::new(msg)),
                Err(Err(e)) => return Err(e),
            };
            let t = text(&request)?;
            let value: serde_json::Value =
                serde_json::from_str(&t).map_err(|e| CliError::new(format!("{request}: {e}")))?;
            let batch = value.is_array();
            let reqs: Vec<Request> = if batch {
                serde_json::from_value(value)
            } else {
                serde_json::from_value(value).map(|r| vec![r])
            }
            .map_err(|e| CliError::new(format!("{request}: {e}")))?;
            let mut out = Vec::new();
            let mut all_allowed = true;
            for r in &reqs {
                let warnings = ps.check_request(r);
                let mut entry = if explain {
                    let (d, ex) = ps.explain(r);
                    all_allowed &= d.is_allowed();
                    json!({ "decision": d, "explanation": ex })
                } else {
                    let d = ps.authorize(r);
                    all_allowed &= d.is_allowed();
                    json!({ "decision": d })
                };
                if !warnings.is_empty() {
                    entry["warnings"] = json!(warnings);
                }
                out.push(entry);
            }
            if batch {
                print(&serde_json::Value::Array(out))?;
            } else if let Some(one) = out.pop() {
                print(&one)?;
            }
            Ok(if all_allowed {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        AuthzCommand::Filter {
            policies,
            schema,
            consents,
            request,
            placeholder,
            sets,
            alias,
        } => {
            let ps = match load_set(&policies, &schema, &consents) {
                Ok(ps) => ps,
                Err(Ok(msg)) => return Err(CliError::new(msg)),
                Err(Err(e)) => return Err(e),
            };
            let t = text(&request)?;
            let fr: FilterRequest =
                serde_json::from_str(&t).map_err(|e| CliError::new(format!("{request}: {e}")))?;
            let f = ps
                .filter(&fr)
                .map_err(|e| CliError::new(format!("{e} [{}]", e.code())))?;
            let opts = SqlOptions {
                placeholder: match placeholder {
                    Placeholder::Dollar => SqlPlaceholder::Dollar,
                    Placeholder::Question => SqlPlaceholder::Question,
                    Placeholder::Percent => SqlPlaceholder::Percent,
                },
                set_encoding: match sets {
                    Sets::Postgres => SqlSetEncoding::PostgresArray,
                    Sets::Json => SqlSetEncoding::JsonArray,
                },
                columns: Default::default(),
                table_alias: alias,
            };
            let sql = f
                .to_sql(&ps, &opts)
                .map_err(|e| CliError::new(format!("{e} [{}]", e.code())))?;
            print(
                &json!({ "resource_type": f.resource_type, "residual": f.residual, "approximated": f.approximated, "sql": sql.sql, "params": sql.params }),
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The `authz` section of `medcore demo`.
pub fn demo() -> Result<(), CliError> {
    use medcore::authz::{BreakGlass, Principal, Resource, Value};
    outln!("\n== Authorization (default hospital policy set) ==");
    let ps = default_policy_set();
    outln!(
        "{} rules, deny-overrides, policy hash {}…",
        ps.rules().len(),
        &ps.hash()[..16]
    );
    let mut doctor = Principal {
        id: "dr-ada".into(),
        roles: vec!["Doctor".into()],
        ..Default::default()
    };
    doctor
        .attributes
        .insert("department".into(), "cardiology".into());
    let mut patient = Resource {
        kind: "Patient".into(),
        id: "p-1001".into(),
        ..Default::default()
    };
    for (k, v) in [
        ("patient", "p-1001"),
        ("department", "cardiology"),
        ("confidentiality", "N"),
    ] {
        patient.attributes.insert(k.into(), v.into());
    }
    patient
        .attributes
        .insert("care_team".into(), Value::Set(vec![]));
    patient
        .attributes
        .insert("labels".into(), Value::Set(vec![]));
    let mut req = Request {
        principal: doctor,
        action: "read".into(),
        resource: patient,
        ..Default::default()
    };
    req.environment.purpose_of_use = Some("TREAT".into());
    let show = |label: &str, r: &Request| -> Result<(), CliError> {
        let d = ps.authorize(r);
        let obl: Vec<String> = d.obligations.iter().map(|o| o.to_string()).collect();
        outln!(
            "  {label:<52} {:?} by {:?} obligations [{}]",
            d.effect,
            d.determining.iter().map(|s| &**s).collect::<Vec<_>>(),
            obl.join(", ")
        );
        Ok(())
    };
    show("Doctor reads a cardiology patient (same dept)", &req)?;
    let mut other = req.clone();
    other
        .principal
        .attributes
        .insert("department".into(), "oncology".into());
    show("Oncology doctor reads the same patient", &other)?;
    other.environment.purpose_of_use = Some("ETREAT".into());
    other.environment.break_glass = Some(BreakGlass {
        reason: "cardiac arrest in ED".into(),
        expires_at: None,
    });
    show("... with break-glass (ETREAT, reason given)", &other)?;
    let mut sud = other.clone();
    sud.resource
        .attributes
        .insert("labels".into(), Value::Set(vec!["SUD".into()]));
    show("... on a 42 CFR Part 2 (SUD) record, no consent", &sud)?;
    let mut nurse = req.clone();
    nurse.principal.roles = vec!["Nurse".into()];
    nurse.action = "delete".into();
    show("Nurse deletes a patient record", &nurse)?;
    let fr = FilterRequest {
        principal: req.principal.clone(),
        action: "read".into(),
        resource_type: "Patient".into(),
        environment: req.environment.clone(),
    };
    if let Ok(f) = ps.filter(&fr) {
        if let Ok(sql) = f.to_sql(&ps, &SqlOptions::default()) {
            outln!("  Which patients may dr-ada read?  WHERE {}", sql.sql);
            outln!(
                "    params {}",
                serde_json::to_string(&sql.params).unwrap_or_default()
            );
        }
    }
    Ok(())
}
