#![no_main]
//! Prepared-graph files are untrusted input: loading must return a value or an error, never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(g) = medcore::routing::load_prepared(data) {
        let n = g.graph().num_nodes();
        let _ = g.travel_time(0, n.saturating_sub(1));
        let _ = g.route(n / 2, 0);
    }
});
