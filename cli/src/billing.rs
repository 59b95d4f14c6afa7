//! `medcore billing ...`: group, price, invoice, adjudicate.
//!
//! Every command reads one JSON object, a JSON array, JSON lines, or (for `group`) CSV, from a
//! file or `-`, and writes JSON: one object for one input, JSON lines for a batch.
use crate::input::{progress, read_input, CliError};
use clap::{Args, Subcommand};
use medcore::billing::{
    Accumulators, BenefitClaim, BillingError, Claim, Grouper, Invoice, Plan, Pricer, PricingInput,
    Sex,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::process::ExitCode;

/// Billing subcommands.
#[derive(Subcommand)]
pub enum BillingCommand {
    /// Group inpatient claims to MS-DRGs (v43.0, FY2026).
    Group(BatchArgs),
    /// Price discharges under IPPS.
    Price(BatchArgs),
    /// Compute invoice totals.
    Invoice(BatchArgs),
    /// Adjudicate claims against a plan, in order, carrying plan-year accumulators.
    Adjudicate(AdjudicateArgs),
}

/// Input options shared by batch commands.
#[derive(Args)]
pub struct BatchArgs {
    /// Input file (JSON object, JSON array, JSON lines, or CSV for `group`), or `-`.
    pub input: String,
    /// Treat the input as CSV (columns id,age,sex,discharge_status,pdx,sdx,procedures; lists
    /// separated by `;`). Implied by a `.csv` file name.
    #[arg(long)]
    pub csv: bool,
}

/// Options of `adjudicate`.
#[derive(Args)]
pub struct AdjudicateArgs {
    /// Plan (JSON).
    #[arg(long)]
    pub plan: String,
    /// Accumulators so far this plan year (JSON); empty when absent.
    #[arg(long)]
    pub accumulators: Option<String>,
    /// Claims (JSON object, array or lines), or `-`.
    pub input: String,
}

/// Runs one `billing` subcommand.
pub fn run(cmd: BillingCommand) -> Result<ExitCode, CliError> {
    match cmd {
        BillingCommand::Group(a) => {
            let bytes = read_input(&a.input)?;
            let (claims, single): (Vec<Claim>, bool) = if a.csv || a.input.ends_with(".csv") {
                (parse_csv(&bytes)?, false)
            } else {
                parse_records(&bytes, &a.input)?
            };
            let grouper = Grouper::embedded().map_err(billing_err)?;
            let bar = progress(claims.len() as u64);
            let mut out = Vec::with_capacity(claims.len());
            for chunk in claims.chunks(1024) {
                out.extend(grouper.group_many(chunk));
                bar.inc(chunk.len() as u64);
            }
            bar.finish_and_clear();
            let failed = out.iter().any(|r| r.drg == 998 || r.drg == 999);
            emit(&out, single)?;
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        BillingCommand::Price(a) => {
            let (inputs, single): (Vec<PricingInput>, bool) =
                parse_records(&read_input(&a.input)?, &a.input)?;
            let pricer = Pricer::embedded().map_err(billing_err)?;
            batch(&inputs, single, |i| pricer.price(i))
        }
        BillingCommand::Invoice(a) => {
            let (inputs, single): (Vec<Invoice>, bool) =
                parse_records(&read_input(&a.input)?, &a.input)?;
            batch(&inputs, single, |i| i.totals())
        }
        BillingCommand::Adjudicate(a) => {
            let plan: Plan = parse_one(&read_input(&a.plan)?, &a.plan)?;
            let mut acc: Accumulators = match &a.accumulators {
                Some(p) => parse_one(&read_input(p)?, p)?,
                None => Accumulators::default(),
            };
            let (claims, _): (Vec<BenefitClaim>, bool) =
                parse_records(&read_input(&a.input)?, &a.input)?;
            let mut results = Vec::new();
            let mut failed = false;
            for c in &claims {
                match plan.adjudicate(c, &mut acc) {
                    Ok(r) => results.push(serde_json::to_value(r).map_err(json_err)?),
                    Err(e) => {
                        failed = true;
                        results.push(error_json(&e));
                    }
                }
            }
            let doc = serde_json::json!({ "adjudications": results, "accumulators": acc });
            outln!("{}", serde_json::to_string_pretty(&doc).map_err(json_err)?);
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

fn billing_err(e: BillingError) -> CliError {
    CliError::new(format!("{} ({})", e, e.code()))
}

fn json_err(e: serde_json::Error) -> CliError {
    CliError::new(format!("output: {e}"))
}

fn error_json(e: &BillingError) -> serde_json::Value {
    serde_json::json!({ "error": { "code": e.code(), "message": e.to_string() } })
}

fn batch<T, R: Serialize>(
    inputs: &[T],
    single: bool,
    f: impl Fn(&T) -> Result<R, BillingError>,
) -> Result<ExitCode, CliError> {
    let bar = progress(inputs.len() as u64);
    let mut failed = false;
    let mut out = Vec::with_capacity(inputs.len());
    for i in inputs {
        out.push(match f(i) {
            Ok(r) => serde_json::to_value(r).map_err(json_err)?,
            Err(e) => {
                failed = true;
                error_json(&e)
            }
        });
        bar.inc(1);
    }
    bar.finish_and_clear();
    emit(&out, single)?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn emit<R: Serialize>(out: &[R], single: bool) -> Result<(), CliError> {
    if single {
        if let Some(r) = out.first() {
            outln!("{}", serde_json::to_string_pretty(r).map_err(json_err)?);
        }
    } else {
        for r in out {
            outln!("{}", serde_json::to_string(r).map_err(json_err)?);
        }
    }
    Ok(())
}

fn parse_one<T: DeserializeOwned>(bytes: &[u8], name: &str) -> Result<T, CliError> {
    serde_json::from_slice(bytes).map_err(|e| CliError::new(format!("{name}: {e}")))
}

/// Parses a JSON object (single), a JSON array, or JSON lines.
fn parse_records<T: DeserializeOwned>(
    bytes: &[u8],
    name: &str,
) -> Result<(Vec<T>, bool), CliError> {
    let text = std::str::from_utf8(bytes).map_err(|e| CliError::new(format!("{name}: {e}")))?;
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.starts_with('[') {
        let v: Vec<T> =
            serde_json::from_str(trimmed).map_err(|e| CliError::new(format!("{name}: {e}")))?;
        return Ok((v, false));
    }
    if let Ok(one) = serde_json::from_str::<T>(trimmed) {
        return Ok((vec![one], true));
    }
    let mut out = Vec::new();
    for (n, line) in trimmed.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(line)
                .map_err(|e| CliError::new(format!("{name} line {}: {e}", n + 1)))?,
        );
    }
    Ok((out, false))
}

fn parse_csv(bytes: &[u8]) -> Result<Vec<Claim>, CliError> {
    let text = std::str::from_utf8(bytes).map_err(|e| CliError::new(format!("csv: {e}")))?;
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<String> = lines
        .next()
        .ok_or_else(|| CliError::new("csv: empty input"))?
        .split(',')
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let pdx_col = col("pdx").ok_or_else(|| CliError::new("csv: no pdx column"))?;
    let list = |s: &str| -> Vec<String> {
        s.split([';', '|', ' '])
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut out = Vec::new();
    for (n, line) in lines.enumerate() {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let get = |c: Option<usize>| c.and_then(|i| f.get(i)).copied().unwrap_or("");
        let age = get(col("age"));
        out.push(Claim {
            id: get(col("id")).to_string(),
            age: if age.is_empty() {
                0
            } else {
                age.parse()
                    .map_err(|_| CliError::new(format!("csv line {}: age {age:?}", n + 2)))?
            },
            sex: match get(col("sex")).to_ascii_uppercase().as_str() {
                "M" | "1" | "MALE" => Sex::Male,
                "F" | "2" | "FEMALE" => Sex::Female,
                _ => Sex::Unknown,
            },
            discharge_status: match get(col("discharge_status")) {
                "" => "01".to_string(),
                s if s.len() == 1 => format!("0{s}"),
                s => s.to_string(),
            },
            pdx: get(Some(pdx_col)).to_string(),
            sdx: list(get(col("sdx"))),
            procedures: list(get(col("procedures"))),
        });
    }
    Ok(out)
}

/// The billing section of `medcore demo`.
pub fn demo() -> Result<(), CliError> {
    outln!("\n== billing ==");
    let invoice: Invoice = serde_json::from_str(DEMO_INVOICE).map_err(json_err)?;
    let t = invoice.totals().map_err(billing_err)?;
    outln!(
        "invoice {}: subtotal {} discount {} tax {} total {} {} (= sum of {} rounded lines)",
        invoice.id,
        t.subtotal,
        t.discount,
        t.tax,
        t.total,
        t.currency,
        t.lines.len()
    );
    let plan: Plan = serde_json::from_str(DEMO_PLAN).map_err(json_err)?;
    let claim: BenefitClaim = serde_json::from_str(DEMO_CLAIM).map_err(json_err)?;
    let mut acc = Accumulators::default();
    let adj = plan.adjudicate(&claim, &mut acc).map_err(billing_err)?;
    for l in &adj.lines {
        let codes: Vec<String> = l
            .adjustments
            .iter()
            .map(|a| format!("{}-{} {}", a.group, a.code, a.amount))
            .collect();
        outln!(
            "  claim line {}: allowed {} plan {} patient {} [{}]",
            l.line_id,
            l.allowed,
            l.plan_pays,
            l.patient_pays,
            codes.join(", ")
        );
    }
    outln!(
        "  EOB: plan pays {}, patient owes {}, deductible left {}",
        adj.summary.plan_pays,
        adj.summary.patient_pays,
        adj.summary.deductible_remaining
    );
    let grouper = Grouper::embedded().map_err(billing_err)?;
    let c = Claim {
        id: "demo".into(),
        age: 72,
        sex: Sex::Female,
        discharge_status: "01".into(),
        pdx: "I50.21".into(),
        sdx: vec!["N17.9".into(), "E11.65".into()],
        procedures: vec![],
    };
    let g = grouper.group(&c);
    outln!(
        "MS-DRG v{}: PDX I50.21 + N17.9 -> DRG {:03} {} ({:?})",
        grouper.version(),
        g.drg,
        g.title,
        g.severity
    );
    let pricer = Pricer::embedded().map_err(billing_err)?;
    let input: PricingInput = serde_json::from_value(serde_json::json!({
        "fiscal_year": 2025, "drg": 39, "weight": "1.1382",
        "provider": {"wage_index": "1.7807"}
    }))
    .map_err(json_err)?;
    let p = pricer.price(&input).map_err(billing_err)?;
    outln!(
        "IPPS FY2025 DRG 039, wage index 1.7807: operating {} + capital {} = {}",
        p.operating_federal,
        p.capital_federal,
        p.total_payment
    );
    Ok(())
}

const DEMO_INVOICE: &str = r#"{"id": "INV-1001", "currency": "USD",
 "tax_rates": [{"category": "goods", "rate": "0.0725"}],
 "discount": {"type": "percent", "percent": "10"},
 "lines": [
  {"id": "1", "kind": "consultation", "quantity": "1", "unit_price": "150.00"},
  {"id": "2", "kind": "medication", "quantity": "3", "unit_price": "3.335", "tax_category": "goods"},
  {"id": "3", "kind": "supply", "quantity": "7", "unit_price": "1.99", "tax_category": "goods"},
  {"id": "4", "kind": "bed_day", "quantity": "2", "unit_price": "800"}]}"#;

const DEMO_PLAN: &str = r#"{"id": "PPO", "deductible_individual": "500", "oop_max_individual": "3000",
 "coinsurance": "0.20", "benefits": [
  {"category": "specialist", "copay": "40", "coinsurance": "0", "deductible_applies": false},
  {"category": "lab"}, {"category": "cosmetic", "covered": false}]}"#;

const DEMO_CLAIM: &str = r#"{"id": "CLM-1", "member_id": "A", "lines": [
  {"id": "1", "category": "specialist", "billed": "300", "allowed": "210"},
  {"id": "2", "category": "lab", "billed": "1200", "allowed": "800"},
  {"id": "3", "category": "cosmetic", "billed": "250"}]}"#;
