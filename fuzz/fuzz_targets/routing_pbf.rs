#![no_main]
//! OSM PBF files are untrusted input: importing one must return a graph or an error, never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = medcore::routing::road_graph_from_pbf(data, &medcore::routing::Profile::car());
});
