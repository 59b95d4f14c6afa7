//! NEWS2 throughput: one score at a time and a batch of 10,000 patients.
//!
//! `cargo bench -p medcore-triage --bench triage -- --warm-up-time 1 --measurement-time 3`
//!
//! Criterion reports wall-clock time. A second report gives the CPU time of the benchmarking
//! thread per score (Linux `/proc/thread-self/stat`), which stays meaningful on a shared,
//! loaded machine where wall-clock time includes waiting for a core.
use criterion::measurement::Measurement;
use criterion::{black_box, criterion_group, BatchSize, Criterion, Throughput};
use medcore_triage::{news2, news2_batch, news2_summary, news2_summary_batch, Acvpu, News2Input};

/// A deterministic spread of patients across every NEWS2 band.
fn patients(n: usize) -> Vec<News2Input> {
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
    (0..n)
        .map(|_| News2Input {
            respiration_rate: Some(6.0 + next(24) as f64),
            spo2: Some(85.0 + next(16) as f64),
            spo2_scale2: next(10) == 0,
            supplemental_oxygen: Some(next(4) == 0),
            systolic_bp: Some(80.0 + next(150) as f64),
            pulse: Some(35.0 + next(110) as f64),
            consciousness: Some(acvpu[next(5) as usize]),
            temperature: Some(34.5 + next(60) as f64 / 10.0),
        })
        .collect()
}

/// CPU time (user + system) of the current thread, nanoseconds, from
/// `/proc/thread-self/stat` (clock ticks of 10 ms; used over runs of several seconds).
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) * 10_000_000)
}

/// Runs `f` over the patients until 2 s of CPU time have been used; returns CPU ns per call.
fn cpu_per_call<R>(patients: &[News2Input], f: impl Fn(&News2Input) -> R) -> Option<f64> {
    let start = thread_cpu_ns()?;
    let mut calls = 0u64;
    loop {
        for p in patients {
            black_box(f(black_box(p)));
        }
        calls += patients.len() as u64;
        let used = thread_cpu_ns()? - start;
        if used >= 2_000_000_000 {
            return Some(used as f64 / calls as f64);
        }
    }
}

fn cpu_report() {
    let many = patients(10_000);
    if let Some(ns) = cpu_per_call(&many, news2) {
        println!("news2 (CPU time)            {ns:>8.1} ns per score (full explanation)");
    }
    if let Some(ns) = cpu_per_call(&many, news2_summary) {
        println!("news2_summary (CPU time)    {ns:>8.1} ns per score");
    }
}

fn bench(c: &mut Criterion) {
    run(c, "news2");
}

fn run<M: Measurement>(c: &mut Criterion<M>, name: &str) {
    let many = patients(10_000);
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(1));
    let mut i = 0usize;
    g.bench_function("single", |b| {
        b.iter(|| {
            i = (i + 1) % many.len();
            news2(black_box(&many[i]))
        })
    });
    let mut j = 0usize;
    g.bench_function("summary_single", |b| {
        b.iter(|| {
            j = (j + 1) % many.len();
            news2_summary(black_box(&many[j]))
        })
    });
    g.throughput(Throughput::Elements(many.len() as u64));
    g.bench_function("summary_batch_10000", |b| {
        b.iter_batched(
            || (),
            |_| news2_summary_batch(black_box(&many)),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("batch_10000", |b| {
        b.iter_batched(
            || (),
            |_| news2_batch(black_box(&many)),
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    cpu_report();
    Criterion::default().configure_from_args().final_summary();
}
