//! `medcore pii ...`: key generation, tokenization, field encryption, rewrap, masking and
//! Safe Harbor de-identification over standard input or files.
//!
//! Line mode reads one value per line. CSV mode (`--csv-column NAME`) rewrites one column of a CSV
//! file and passes every other column through; with `--id-column` the row's record id is taken from
//! that column. Keys come from `MEDCORE_PII_KEYS` / `MEDCORE_PII_TOKEN_KEYS` (see the key spec format
//! in `medcore_pii::keysource`) or from `--key-file`.

use crate::input::{progress, read_input, CliError};
use clap::{Args, Subcommand};
use medcore::pii::{
    deidentify_pid, mask, ColumnContext, DeidPolicy, Delimiters, FieldContext, Keyring, PiiError,
    PiiType, SecretKey, Tokenizer,
};
use std::io::Write;
use std::process::ExitCode;

/// PII subcommands.
#[derive(Subcommand)]
pub enum PiiCommand {
    /// Print a fresh key spec entry `ID:KEY` (32 random bytes, base64url) for MEDCORE_PII_KEYS.
    Keygen {
        /// Key id (version) of the entry.
        #[arg(long, default_value_t = 1)]
        id: u32,
    },
    /// Replace identifiers with keyed tokens (`mct1:<type>:<key id>:...`).
    Tokenize {
        /// Identifier type: ssn, mrn, phone, email, name, dob, postcode, address, other.
        #[arg(long = "type")]
        kind: String,
        /// Tenant (domain separation).
        #[arg(long, default_value = "")]
        tenant: String,
        #[command(flatten)]
        io: IoArgs,
        /// File with the token key spec (default: $MEDCORE_PII_TOKEN_KEYS).
        #[arg(long)]
        key_file: Option<String>,
    },
    /// Encrypt values into `mc1:` envelopes bound to tenant/table/column/record.
    Encrypt(Box<CryptArgs>),
    /// Decrypt `mc1:` envelopes.
    Decrypt(Box<CryptArgs>),
    /// Re-encrypt envelopes under the primary key without printing the plaintext.
    Rewrap(Box<CryptArgs>),
    /// Mask values for display (`***-**-6789`, `j***@example.com`, ...).
    Mask {
        /// Identifier type.
        #[arg(long = "type")]
        kind: String,
        #[command(flatten)]
        io: IoArgs,
    },
    /// HIPAA Safe Harbor de-identification of the PID segments of HL7 v2 messages.
    Deidentify {
        /// Input file with HL7 v2 messages, or `-` for standard input.
        #[arg(default_value = "-")]
        input: String,
        /// Date ages are computed at (YYYY-MM-DD).
        #[arg(long)]
        as_of: String,
        /// Print a JSON report of the changes to standard error.
        #[arg(long)]
        report: bool,
    },
}

/// Input/output options shared by the value-oriented subcommands.
#[derive(Args)]
pub struct IoArgs {
    /// Input file, or `-` for standard input.
    #[arg(default_value = "-")]
    input: String,
    /// Treat the input as CSV and rewrite this column.
    #[arg(long)]
    csv_column: Option<String>,
    /// In CSV mode, the column holding each row's record id.
    #[arg(long)]
    id_column: Option<String>,
}

/// Options of encrypt, decrypt and rewrap.
#[derive(Args)]
pub struct CryptArgs {
    /// Tenant of the field context.
    #[arg(long, default_value = "")]
    tenant: String,
    /// Table of the field context.
    #[arg(long)]
    table: String,
    /// Column of the field context (defaults to the CSV column name in CSV mode).
    #[arg(long)]
    column: Option<String>,
    /// Record id for line mode (every line is bound to it).
    #[arg(long, default_value = "")]
    record_id: String,
    /// Deterministic encryption (equality-searchable; binds tenant/table/column only).
    #[arg(long)]
    deterministic: bool,
    /// File with the key spec (default: $MEDCORE_PII_KEYS).
    #[arg(long)]
    key_file: Option<String>,
    #[command(flatten)]
    io: IoArgs,
}

fn pii_err(e: PiiError) -> CliError {
    CliError::new(format!("{}: {e}", e.code()))
}

fn kind(s: &str) -> Result<PiiType, CliError> {
    s.parse().map_err(pii_err)
}

fn keyring(key_file: &Option<String>) -> Result<Keyring, CliError> {
    match key_file {
        Some(p) => Keyring::from_file(std::path::Path::new(p)),
        None => Keyring::from_env(medcore::pii::keysource::DEFAULT_KEYS_VAR),
    }
    .map_err(pii_err)
}

fn tokenizer(key_file: &Option<String>) -> Result<Tokenizer, CliError> {
    match key_file {
        Some(p) => Tokenizer::from_file(std::path::Path::new(p)),
        None => Tokenizer::from_env(medcore::pii::keysource::DEFAULT_TOKEN_KEYS_VAR),
    }
    .map_err(pii_err)
}

/// Runs one `pii` subcommand.
pub fn run(cmd: PiiCommand) -> Result<ExitCode, CliError> {
    match cmd {
        PiiCommand::Keygen { id } => {
            let k = SecretKey::generate().map_err(pii_err)?;
            outln!("{id}:{}", &*k.to_base64());
            Ok(ExitCode::SUCCESS)
        }
        PiiCommand::Tokenize {
            kind: k,
            tenant,
            io,
            key_file,
        } => {
            let t = tokenizer(&key_file)?;
            let k = kind(&k)?;
            map_values(&io, |_, v| t.tokenize_text(k, &tenant, v).map_err(pii_err))
        }
        PiiCommand::Mask { kind: k, io } => {
            let k = kind(&k)?;
            map_values(&io, |_, v| Ok(mask(k, v)))
        }
        PiiCommand::Encrypt(a) => crypt(&a, Op::Encrypt),
        PiiCommand::Decrypt(a) => crypt(&a, Op::Decrypt),
        PiiCommand::Rewrap(a) => crypt(&a, Op::Rewrap),
        PiiCommand::Deidentify {
            input,
            as_of,
            report,
        } => deidentify(&input, &as_of, report),
    }
}

#[derive(Clone, Copy)]
enum Op {
    Encrypt,
    Decrypt,
    Rewrap,
}

fn crypt(a: &CryptArgs, op: Op) -> Result<ExitCode, CliError> {
    let ring = keyring(&a.key_file)?;
    let column = a
        .column
        .clone()
        .or_else(|| a.io.csv_column.clone())
        .ok_or_else(|| CliError::new("--column is required (or give --csv-column)"))?;
    let col = ColumnContext::new(&*a.tenant, &*a.table, column);
    map_values(&a.io, |rid, v| {
        let ctx: FieldContext = col.field(rid.unwrap_or(&a.record_id));
        let r = match (op, a.deterministic) {
            (Op::Encrypt, false) => ring.encrypt_text(&ctx, v.as_bytes()),
            (Op::Encrypt, true) => ring.encrypt_deterministic_text(&col, v.as_bytes()),
            (Op::Decrypt, _) => ring.decrypt_text(&ctx, v).and_then(|p| {
                String::from_utf8(p.to_vec()).map_err(|_| PiiError::Deidentify {
                    reason: "plaintext is not UTF-8; use the library for binary fields".into(),
                })
            }),
            (Op::Rewrap, _) => ring
                .rewrap(&ctx, v.as_bytes())
                .map(|b| String::from_utf8_lossy(&b).into_owned()),
        };
        r.map_err(pii_err)
    })
}

/// Applies `f(record_id, value)` to every line, or to one CSV column, writing to standard output.
/// A failing value is reported on standard error with its line or row and the run exits with 1.
fn map_values(
    io: &IoArgs,
    f: impl Fn(Option<&str>, &str) -> Result<String, CliError>,
) -> Result<ExitCode, CliError> {
    let data = read_input(&io.input)?;
    let text =
        String::from_utf8(data).map_err(|_| CliError::new(format!("{}: not UTF-8", io.input)))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let w = |e: std::io::Error| CliError::new(format!("standard output: {e}"));
    match &io.csv_column {
        None => {
            let lines: Vec<&str> = text.lines().collect();
            let bar = progress(lines.len() as u64);
            for (i, line) in lines.iter().enumerate() {
                match f(None, line.trim_end_matches('\r')) {
                    Ok(v) => writeln!(out, "{v}").map_err(w)?,
                    Err(e) => {
                        failed += 1;
                        writeln!(out).map_err(w)?;
                        bar.suspend(|| {
                            eprintln!(
                                "{}: line {}: {e}",
                                if io.input == "-" {
                                    "standard input"
                                } else {
                                    io.input.as_str()
                                },
                                i + 1
                            )
                        });
                    }
                }
                bar.inc(1);
            }
            bar.finish_and_clear();
        }
        Some(colname) => {
            let mut rdr = csv::ReaderBuilder::new()
                .flexible(false)
                .from_reader(text.as_bytes());
            let headers = rdr
                .headers()
                .map_err(|e| CliError::new(format!("{}: CSV header: {e}", io.input)))?
                .clone();
            let find = |name: &str| {
                headers
                    .iter()
                    .position(|h| h == name)
                    .ok_or_else(|| CliError::new(format!("{}: no CSV column `{name}`", io.input)))
            };
            let ci = find(colname)?;
            let idi = io.id_column.as_deref().map(find).transpose()?;
            let rows = text.lines().count().saturating_sub(1) as u64;
            let bar = progress(rows);
            let mut wtr = csv::Writer::from_writer(&mut out);
            wtr.write_record(&headers)
                .map_err(|e| CliError::new(e.to_string()))?;
            for (n, rec) in rdr.records().enumerate() {
                let rec =
                    rec.map_err(|e| CliError::new(format!("{}: row {}: {e}", io.input, n + 2)))?;
                let value = rec.get(ci).unwrap_or_default();
                let rid = idi.and_then(|i| rec.get(i));
                let new = if value.is_empty() {
                    String::new()
                } else {
                    match f(rid, value) {
                        Ok(v) => v,
                        Err(e) => {
                            failed += 1;
                            bar.suspend(|| eprintln!("{}: row {}: {e}", io.input, n + 2));
                            String::new()
                        }
                    }
                };
                let fields: Vec<&str> = rec
                    .iter()
                    .enumerate()
                    .map(|(i, v)| if i == ci { new.as_str() } else { v })
                    .collect();
                wtr.write_record(&fields)
                    .map_err(|e| CliError::new(e.to_string()))?;
                bar.inc(1);
            }
            wtr.flush().map_err(w)?;
            bar.finish_and_clear();
        }
    }
    out.flush().map_err(w)?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn deidentify(input: &str, as_of: &str, report: bool) -> Result<ExitCode, CliError> {
    let data = read_input(input)?;
    let text = String::from_utf8(data).map_err(|_| CliError::new(format!("{input}: not UTF-8")))?;
    let policy = DeidPolicy::safe_harbor(as_of);
    let mut out = String::with_capacity(text.len());
    let mut reports = Vec::new();
    let mut failed = false;
    for (i, seg) in text.split_inclusive(['\r', '\n']).enumerate() {
        let body = seg.trim_end_matches(['\r', '\n']);
        let ending = seg.get(body.len()..).unwrap_or_default();
        if body.starts_with("PID") {
            match deidentify_pid(body, delimiters_of(&text), &policy, None) {
                Ok(r) => {
                    out.push_str(&r.segment);
                    reports.push(r);
                }
                Err(e) => {
                    failed = true;
                    eprintln!("{input}: segment {}: {}: {e}", i + 1, e.code());
                    continue;
                }
            }
        } else {
            out.push_str(body);
        }
        out.push_str(ending);
    }
    out!("{out}");
    if report {
        let j = serde_json::to_string_pretty(&reports).map_err(|e| CliError::new(e.to_string()))?;
        eprintln!("{j}");
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The encoding characters from the first MSH segment, or the defaults.
fn delimiters_of(text: &str) -> Delimiters {
    let mut d = Delimiters::default();
    if let Some(pos) = text.find("MSH") {
        let mut chars = text.get(pos + 3..).unwrap_or_default().chars();
        if let (Some(f), Some(c), Some(r)) = (chars.next(), chars.next(), chars.next()) {
            d = Delimiters {
                field: f,
                component: c,
                repetition: r,
            };
        }
    }
    d
}

/// The `pii` section of `medcore demo`: a generated keyring and tokenizer (never hard-coded keys).
pub fn demo() -> Result<(), CliError> {
    outln!("\n== PII protection ==");
    let mut ring = Keyring::generate().map_err(pii_err)?;
    let ctx = FieldContext::new("st-mary", "patients", "ssn", "10042");
    let env = ring.encrypt_text(&ctx, b"123-45-6789").map_err(pii_err)?;
    outln!("encrypt ssn of patient 10042 -> {env}");
    let back = ring.decrypt_text(&ctx, &env).map_err(pii_err)?;
    outln!("decrypt -> {}", String::from_utf8_lossy(&back));
    let moved = ring.decrypt_text(
        &FieldContext::new("st-mary", "patients", "ssn", "10043"),
        &env,
    );
    outln!(
        "same envelope copied to patient 10043 -> {}",
        moved
            .err()
            .map_or("decrypted?!".into(), |e| e.code().to_string())
    );
    let k2 = ring.rotate().map_err(pii_err)?;
    let rewrapped = ring.rewrap(&ctx, env.as_bytes()).map_err(pii_err)?;
    outln!(
        "rotate to key {k2}, rewrap -> {}",
        String::from_utf8_lossy(&rewrapped)
    );
    ring.destroy(1).map_err(pii_err)?;
    match ring.decrypt_text(&ctx, &env) {
        Err(e) => outln!("destroy key 1; the old envelope -> {}: {e}", e.code()),
        Ok(_) => outln!("destroy key 1; the old envelope still decrypted (unexpected)"),
    }
    let tok = Tokenizer::generate().map_err(pii_err)?;
    for v in ["123-45-6789", "123 45 6789"] {
        outln!(
            "token(ssn, {v:?}) -> {}",
            tok.tokenize_text(PiiType::Ssn, "st-mary", v)
                .map_err(pii_err)?
        );
    }
    for (k, v) in [
        (PiiType::Ssn, "123-45-6789"),
        (PiiType::Phone, "(217) 555-0100"),
        (PiiType::Email, "jane.doe@example.com"),
        (PiiType::Name, "DOE^JANE^Q"),
        (PiiType::Dob, "19870304"),
        (PiiType::Address, "123 Elm St^^Springfield^IL^62704"),
    ] {
        outln!("mask({k}, {v:?}) -> {}", mask(k, v));
    }
    let pid = "PID|1||MRN12345^^^HOSP^MR||DOE^JANE^Q||19300304|F|||12 MAIN ST^^WALPOLE^NH^03608^USA||(603)555-0100|||||ACCT1|123-45-6789";
    let r = deidentify_pid(
        pid,
        Delimiters::default(),
        &DeidPolicy::safe_harbor("2026-01-15"),
        None,
    )
    .map_err(pii_err)?;
    outln!(
        "Safe Harbor PID:\n  in : {pid}\n  out: {}\n  age: {}",
        r.segment,
        r.age.unwrap_or_default()
    );
    Ok(())
}
