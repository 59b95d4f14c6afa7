//! Groups the 12,000 committed oracle claims a given number of rounds, for measuring the CPU time
//! or instructions per claim with an external tool (`/usr/bin/time`, callgrind, perf stat); run it
//! with 0 rounds to measure the loading alone and subtract:
//! `cargo run --release -p medcore-billing --example group_loop -- 10`.
use medcore_billing::{Claim, Grouper};
use serde::Deserialize;
use std::hint::black_box;

#[derive(Deserialize)]
struct Case {
    #[serde(flatten)]
    claim: Claim,
}

#[derive(Deserialize)]
struct File {
    claims: Vec<Case>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/vectors/billing_grouper.json"
    );
    let file: File = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let claims: Vec<Claim> = file.claims.into_iter().map(|c| c.claim).collect();
    let grouper = Grouper::embedded()?;
    let mut checksum = 0u64;
    for _ in 0..rounds {
        for claim in black_box(&claims) {
            checksum += u64::from(black_box(grouper.group(claim)).drg);
        }
    }
    println!(
        "{rounds} rounds of {} claims, checksum {checksum}",
        claims.len()
    );
    Ok(())
}
