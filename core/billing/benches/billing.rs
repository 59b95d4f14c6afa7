//! Criterion benchmarks: MS-DRG grouping per claim, IPPS pricing, invoice totals.
//!
//! Run: `cargo bench -p medcore-billing --bench billing -- --warm-up-time 1 --measurement-time 3`
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use medcore_billing::{Claim, Grouper, Invoice, Pricer, PricingInput};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    #[serde(flatten)]
    claim: Claim,
}

#[derive(Deserialize)]
struct File {
    claims: Vec<Case>,
}

fn claims() -> Vec<Claim> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/vectors/billing_grouper.json"
    ))
    .expect("oracle vectors");
    let f: File = serde_json::from_str(&text).expect("vectors parse");
    f.claims.into_iter().map(|c| c.claim).collect()
}

fn bench(c: &mut Criterion) {
    let grouper = Grouper::embedded().expect("grouper");
    let claims = claims();
    let mut g = c.benchmark_group("billing");
    g.throughput(Throughput::Elements(claims.len() as u64));
    g.bench_function("group_many (12,000 oracle claims)", |b| {
        b.iter(|| black_box(grouper.group_many(black_box(&claims))))
    });
    g.throughput(Throughput::Elements(1));
    let one = claims[0].clone();
    g.bench_function("group one claim", |b| {
        b.iter(|| black_box(grouper.group(black_box(&one))))
    });

    let pricer = Pricer::embedded().expect("pricer");
    let input: PricingInput = serde_json::from_value(serde_json::json!({
        "fiscal_year": 2025, "drg": 39, "weight": "1.1382", "gmlos": "2.0",
        "length_of_stay": 1, "discharge_status": "02", "covered_charges": "400000",
        "provider": {"wage_index": "1.7807", "operating_ccr": "0.25", "capital_ccr": "0.02",
                     "operating_ime": "0.05", "operating_dsh": "0.03"}
    }))
    .expect("input");
    g.bench_function("price (transfer + outlier)", |b| {
        b.iter(|| black_box(pricer.price(black_box(&input))))
    });

    let invoice: Invoice = serde_json::from_value(serde_json::json!({
        "id": "B", "tax_rates": [{"category": "goods", "rate": "0.0725"}],
        "discount": {"type": "percent", "percent": "10"},
        "lines": (0..20).map(|i| serde_json::json!({
            "id": i.to_string(), "kind": if i % 2 == 0 { "medication" } else { "lab_test" },
            "quantity": "3", "unit_price": format!("{}.335", 10 + i),
            "tax_category": if i % 2 == 0 { "goods" } else { "exempt" }
        })).collect::<Vec<_>>()
    }))
    .expect("invoice");
    g.bench_function("invoice totals (20 lines)", |b| {
        b.iter(|| black_box(invoice.totals()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
