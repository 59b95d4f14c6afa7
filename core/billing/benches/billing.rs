//! Criterion benchmarks for billing.
fn main() {}
