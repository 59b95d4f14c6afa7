//! Road graphs from OSM PBF files (read by [`crate::pbf`]).
//!
//! One pass keeps all node coordinates and the ways the profile accepts. Graph nodes are the way
//! ends and the nodes shared by several ways (or used twice by one); the points in between
//! become edge geometry. Edge length is the haversine length of the polyline, travel time
//! `round(length / speed)` in milliseconds (at least 1). The largest strongly connected
//! component is kept; the import report says how much was dropped and why.

use crate::error::{Result, RoutingError};
use crate::geometry::{haversine_m, LatLon};
use crate::graph::{RawEdge, RoadGraph};
use crate::pbf::{self, Element};
use crate::profile::{Profile, WayRule};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What an import kept and dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ImportReport {
    /// Profile used.
    pub profile: String,
    /// Ways accepted by the profile.
    pub ways_used: u64,
    /// Highway ways the profile rejected (access, class, area).
    pub ways_rejected: u64,
    /// Way segments skipped because a node had no coordinates in the file.
    pub segments_missing_nodes: u64,
    /// Nodes before keeping the largest strongly connected component.
    pub nodes_before_scc: u32,
    /// Edges before keeping the largest strongly connected component.
    pub edges_before_scc: u32,
    /// Nodes kept.
    pub nodes: u32,
    /// Directed edges kept.
    pub edges: u32,
    /// Total length of kept directed edges, km.
    pub directed_km: f64,
    /// Human-readable warnings (nothing is dropped silently).
    pub warnings: Vec<String>,
}

struct Way {
    refs: Vec<i64>,
    rule: WayRule,
}

/// Reads an OSM PBF byte buffer into a road graph for `profile` (largest SCC only).
pub fn road_graph_from_pbf(bytes: &[u8], profile: &Profile) -> Result<(RoadGraph, ImportReport)> {
    let mut coords: HashMap<i64, LatLon> = HashMap::new();
    let mut ways: Vec<Way> = Vec::new();
    let mut rejected = 0u64;
    pbf::read(bytes, |el| match el {
        Element::Node { id, lat, lon } => {
            coords.insert(id, LatLon::new(lat, lon));
        }
        Element::Way { tags, refs } => {
            if !tags.iter().any(|(k, _)| *k == "highway") {
                return;
            }
            match profile.way_rule(tags.into_iter()) {
                Some(rule) => ways.push(Way { refs, rule }),
                None => rejected += 1,
            }
        }
    })?;
    let mut report = ImportReport {
        profile: profile.name.clone(),
        ways_used: ways.len() as u64,
        ways_rejected: rejected,
        ..Default::default()
    };
    // Count uses to find graph nodes.
    let mut uses: HashMap<i64, u32> = HashMap::new();
    for w in &ways {
        for (i, r) in w.refs.iter().enumerate() {
            let bump = if i == 0 || i + 1 == w.refs.len() {
                2
            } else {
                1
            };
            *uses.entry(*r).or_default() += bump;
        }
    }
    let mut index: HashMap<i64, u32> = HashMap::new();
    let mut node_coords: Vec<LatLon> = Vec::new();
    let mut raw = Vec::new();
    let mut missing = 0u64;
    for w in &ways {
        let speed_ms = w.rule.speed_kmh / 3.6;
        let mut start: Option<usize> = None;
        let mut shape: Vec<LatLon> = Vec::new();
        let mut length = 0.0f64;
        let mut prev: Option<LatLon> = None;
        for (i, r) in w.refs.iter().enumerate() {
            let Some(&c) = coords.get(r) else {
                // Break the way here: drop the partial segment.
                missing += 1;
                start = None;
                shape.clear();
                length = 0.0;
                prev = None;
                continue;
            };
            if let Some(p) = prev {
                length += haversine_m(p, c);
            }
            prev = Some(c);
            let is_node = uses.get(r).copied().unwrap_or(0) >= 2 || i == 0 || i + 1 == w.refs.len();
            if !is_node {
                if start.is_some() {
                    shape.push(c);
                }
                continue;
            }
            let id = *index.entry(*r).or_insert_with(|| {
                node_coords.push(c);
                (node_coords.len() - 1) as u32
            });
            if let Some(s) = start {
                let from_ref = w.refs[s];
                let from = index[&from_ref];
                let time_ms = ((length / speed_ms) * 1000.0).round().max(1.0) as u32;
                if w.rule.forward {
                    raw.push(RawEdge {
                        from,
                        to: id,
                        time_ms,
                        distance_m: length as f32,
                        class: w.rule.class,
                        shape: shape.clone(),
                    });
                }
                if w.rule.backward {
                    let rev: Vec<LatLon> = shape.iter().rev().copied().collect();
                    raw.push(RawEdge {
                        from: id,
                        to: from,
                        time_ms,
                        distance_m: length as f32,
                        class: w.rule.class,
                        shape: rev,
                    });
                }
            }
            start = Some(i);
            shape.clear();
            length = 0.0;
        }
    }
    report.segments_missing_nodes = missing;
    if missing > 0 {
        report.warnings.push(format!("{missing} way nodes had no coordinates in the file; the segments touching them were skipped"));
    }
    if node_coords.is_empty() || raw.is_empty() {
        return Err(RoutingError::EmptyGraph(format!(
            "no roads usable by the {} profile",
            profile.name
        )));
    }
    let full = RoadGraph::from_edges(node_coords.len() as u32, node_coords, raw)?;
    report.nodes_before_scc = full.num_nodes();
    report.edges_before_scc = full.num_edges();
    let (g, _) = full.largest_scc();
    report.nodes = g.num_nodes();
    report.edges = g.num_edges();
    report.directed_km = g.total_length_m() / 1000.0;
    if report.nodes < report.nodes_before_scc {
        report.warnings.push(format!(
            "kept the largest strongly connected component: {} of {} nodes, {} of {} edges",
            report.nodes, report.nodes_before_scc, report.edges, report.edges_before_scc
        ));
    }
    Ok((g, report))
}
