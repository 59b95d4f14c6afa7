//! The Rust side of the C-ABI overhead figure in BENCHMARKS.md: parses one message with the
//! Rust API directly (parse, one value read), and with the same work as the C ABI does
//! (`into_owned` copy for a self-contained handle).
//!
//! `cargo run --release -p medcore-c --example parse_overhead -- FILE [ITERATIONS]`
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: parse_overhead FILE [ITERATIONS]");
    let iterations: usize = args
        .next()
        .map_or(200_000, |n| n.parse().expect("a number"));
    let input = std::fs::read(&path).expect("readable file");
    let mut total = 0usize;
    for _ in 0..3 {
        for (label, owned) in [
            ("Rust API (borrowed)", false),
            ("Rust API + into_owned", true),
        ] {
            let start = Instant::now();
            for _ in 0..iterations {
                let msg = medcore::hl7::parse(std::hint::black_box(&input)).expect("parses");
                let msg = if owned { msg.into_owned() } else { msg };
                total += msg.get("PID-5-1").ok().flatten().map_or(0, |v| v.len());
            }
            let secs = start.elapsed().as_secs_f64();
            println!(
                "{label}: parse+get {}-byte message: {:.2} us/call, {:.0} messages/s",
                input.len(),
                secs / iterations as f64 * 1e6,
                iterations as f64 / secs
            );
        }
    }
    assert!(total > 0);
}
