//! Converts one HL7 v2 file to Bundle JSON N times (for CPU-time and instruction-count
//! measurements on a shared machine): `convert_loop FILE N`.

use medcore_fhir::convert::{v2_to_bundle_json, ConvertOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("usage: convert_loop FILE N");
    let n: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let bytes = std::fs::read(&file).expect("read FILE");
    let text = String::from_utf8_lossy(&bytes).replace('\n', "\r");
    let opts = ConvertOptions::default();
    let mut total = 0;
    for _ in 0..n {
        total += v2_to_bundle_json(&text, &opts)
            .map(|s| s.len())
            .unwrap_or(0);
    }
    println!("{n} conversions, {total} bytes of JSON");
}
