#![allow(dead_code)]
//! Shared test data: the bundled maps (OpenStreetMap contributors, ODbL; see testdata/maps/PROVENANCE.txt).

use medcore_routing::{road_graph_from_pbf, PreparedGraph, Profile, RoadGraph};
use std::sync::OnceLock;

pub const ANDORRA: &[u8] = include_bytes!("../../../../testdata/maps/andorra.osm.pbf");
pub const BREMEN: &str = include_str!("../../../../testdata/maps/bremen_time.gr");

pub fn andorra() -> &'static PreparedGraph {
    static G: OnceLock<PreparedGraph> = OnceLock::new();
    G.get_or_init(|| {
        let (g, _) = road_graph_from_pbf(ANDORRA, &Profile::car()).expect("andorra");
        PreparedGraph::prepare(g)
    })
}

pub fn bremen() -> &'static PreparedGraph {
    static G: OnceLock<PreparedGraph> = OnceLock::new();
    G.get_or_init(|| {
        let g = RoadGraph::from_edge_list(BREMEN).expect("bremen");
        let (g, _) = g.largest_scc();
        PreparedGraph::prepare(g)
    })
}

/// xorshift64*: deterministic pseudo-random node pairs.
pub struct Rng(pub u64);
impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u32) -> u32 {
        (self.next_u64() % n as u64) as u32
    }
}
