//! Scores a deterministic spread of patients many times, for counting instructions or cycles
//! per NEWS2 score with an external tool (callgrind, perf stat):
//! `cargo run --release -p medcore-triage --example news2_loop -- summary 1000000`.
use medcore_triage::{news2, news2_summary, Acvpu, News2Input};
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "summary".into());
    let n: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let acvpu = [
        Acvpu::Alert,
        Acvpu::Alert,
        Acvpu::Alert,
        Acvpu::NewConfusion,
        Acvpu::Voice,
    ];
    let mut state: u64 = 0x2017_0101;
    let mut next = |m: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % m
    };
    let patients: Vec<News2Input> = (0..10_000)
        .map(|_| News2Input {
            respiration_rate: Some(6.0 + next(24) as f64),
            spo2: Some(85.0 + next(16) as f64),
            spo2_scale2: next(10) == 0,
            supplemental_oxygen: Some(next(4) == 0),
            systolic_bp: Some(80.0 + next(150) as f64),
            pulse: Some(35.0 + next(110) as f64),
            consciousness: acvpu.get(next(5) as usize).copied(),
            temperature: Some(34.5 + next(60) as f64 / 10.0),
        })
        .collect();
    let mut total = 0u64;
    for i in 0..n {
        let p = black_box(&patients[i % patients.len()]);
        total += match mode.as_str() {
            "full" => news2(p).map(|s| u64::from(s.total)).unwrap_or(0),
            _ => news2_summary(p).map(|s| u64::from(s.total)).unwrap_or(0),
        };
    }
    println!("{mode}: {n} scores, sum of totals {total}");
}
