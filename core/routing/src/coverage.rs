//! Station coverage: what each station reaches by road within N minutes (isochrone node sets).

use crate::dijkstra::dijkstra_bounded;
use crate::error::{Result, RoutingError};
use crate::geometry::LatLon;
use crate::graph::INF;
use crate::prepared::PreparedGraph;
use serde::{Deserialize, Serialize};

/// A station as plain data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Station {
    /// Station id.
    pub id: String,
    /// Location.
    pub location: LatLon,
}

/// Coverage of one station.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StationCoverage {
    /// Station id.
    pub station_id: String,
    /// Graph nodes reachable within the limit, sorted.
    pub nodes: Vec<u32>,
    /// Share of all graph nodes.
    pub fraction: f64,
}

/// Coverage of a set of stations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageReport {
    /// Time limit, minutes.
    pub minutes: f64,
    /// Per station.
    pub stations: Vec<StationCoverage>,
    /// Nodes reached by at least one station.
    pub covered_nodes: u32,
    /// Share of all nodes reached by at least one station.
    pub covered_fraction: f64,
    /// Nodes reached by no station (the coverage gap), sorted.
    pub uncovered: Vec<u32>,
}

/// Nodes reachable from `from` (snapped within `radius_m`) within `minutes` under current weights.
pub fn isochrone(g: &PreparedGraph, from: LatLon, minutes: f64, radius_m: f64) -> Result<Vec<u32>> {
    if !minutes.is_finite() || minutes < 0.0 {
        return Err(RoutingError::Dispatch(format!(
            "minutes {minutes} must be a finite non-negative number"
        )));
    }
    let limit = (minutes * 60_000.0).min((INF - 1) as f64) as u32;
    let s = g.snap(from, None, radius_m)?;
    let dist = dijkstra_bounded(
        g.graph(),
        g.weights(),
        &[(s.to_node, g.departure_offset_ms(&s))],
        None,
        limit,
    );
    Ok(dist
        .iter()
        .enumerate()
        .filter(|(_, &d)| d != INF)
        .map(|(v, _)| v as u32)
        .collect())
}

/// What every station reaches within `minutes`, and the gaps.
pub fn coverage(
    g: &PreparedGraph,
    stations: &[Station],
    minutes: f64,
    radius_m: f64,
) -> Result<CoverageReport> {
    let n = g.graph().num_nodes() as usize;
    let mut covered = vec![false; n];
    let mut out = Vec::with_capacity(stations.len());
    for st in stations {
        let nodes = isochrone(g, st.location, minutes, radius_m)?;
        for &v in &nodes {
            covered[v as usize] = true;
        }
        out.push(StationCoverage {
            station_id: st.id.clone(),
            fraction: nodes.len() as f64 / n as f64,
            nodes,
        });
    }
    let count = covered.iter().filter(|&&c| c).count();
    let uncovered = covered
        .iter()
        .enumerate()
        .filter(|(_, &c)| !c)
        .map(|(v, _)| v as u32)
        .collect();
    Ok(CoverageReport {
        minutes,
        stations: out,
        covered_nodes: count as u32,
        covered_fraction: count as f64 / n as f64,
        uncovered,
    })
}
