//! The prepared graph: a road graph with its hierarchy, current traffic weights and queries.

use crate::cch::{compute_order, Metric, Topology};
use crate::error::{Result, RoutingError};
use crate::geometry::LatLon;
use crate::graph::{RoadGraph, INF, NONE};
use crate::query::{query, Buckets, Scratch};
use crate::traffic::{EdgeSpeedFactor, TimeOfDayProfile, TrafficState};
use serde::{Deserialize, Serialize};
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

/// A shortest route.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Route {
    /// Travel time, milliseconds (exact).
    pub travel_time_ms: u32,
    /// Travel time, seconds.
    pub travel_time_s: f64,
    /// Length of the route, metres (0 for graphs without distances).
    pub distance_m: f64,
    /// Graph nodes from source to target.
    pub nodes: Vec<u32>,
    /// Graph edges from source to target.
    pub edges: Vec<u32>,
    /// Polyline (empty for graphs without coordinates).
    pub coordinates: Vec<LatLon>,
}

/// A travel-time matrix, row-major (`times_ms[i * targets + j]`), `None` when unreachable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    /// Number of sources (rows).
    pub sources: usize,
    /// Number of targets (columns).
    pub targets: usize,
    /// Travel times, milliseconds.
    pub times_ms: Vec<Option<u32>>,
}

impl Matrix {
    /// The time from source `i` to target `j`.
    pub fn get(&self, i: usize, j: usize) -> Option<u32> {
        if i < self.sources && j < self.targets {
            self.times_ms.get(i * self.targets + j).copied().flatten()
        } else {
            None
        }
    }
}

/// Sizes and timings of a preparation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct PrepareStats {
    /// Graph nodes.
    pub nodes: u32,
    /// Graph edges.
    pub edges: u32,
    /// Hierarchy arcs (each with two directions).
    pub arcs: u32,
    /// Milliseconds spent ordering nodes.
    pub order_ms: f64,
    /// Milliseconds spent building the hierarchy topology.
    pub topology_ms: f64,
    /// Milliseconds spent customizing (weights).
    pub customize_ms: f64,
}

/// A road graph prepared for fast exact queries (a long-lived handle; `Sync`, queries may run
/// from several threads at once).
#[derive(Debug)]
pub struct PreparedGraph {
    pub(crate) graph: RoadGraph,
    pub(crate) topo: Topology,
    pub(crate) metric: Metric,
    pub(crate) weights: Vec<u32>,
    pub(crate) traffic: TrafficState,
    pub(crate) stats: PrepareStats,
    pool: Mutex<Vec<Scratch>>,
    snap: OnceLock<crate::snap::SnapIndex>,
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

impl PreparedGraph {
    /// Full preparation: node order, hierarchy topology, customization with free-flow weights.
    pub fn prepare(graph: RoadGraph) -> PreparedGraph {
        let t = Instant::now();
        let order = compute_order(&graph);
        let order_ms = ms(t);
        Self::with_order(graph, order, order_ms)
    }

    pub(crate) fn with_order(graph: RoadGraph, order: Vec<u32>, order_ms: f64) -> PreparedGraph {
        let t = Instant::now();
        let topo = Topology::build(&graph, order);
        let topology_ms = ms(t);
        let traffic = TrafficState::new(graph.edges.len());
        let weights = graph.base_weights();
        let t = Instant::now();
        let metric = topo.customize(&weights);
        let customize_ms = ms(t);
        let stats = PrepareStats {
            nodes: graph.num_nodes(),
            edges: graph.num_edges(),
            arcs: topo.num_arcs() as u32,
            order_ms,
            topology_ms,
            customize_ms,
        };
        PreparedGraph {
            graph,
            topo,
            metric,
            weights,
            traffic,
            stats,
            pool: Mutex::new(Vec::new()),
            snap: OnceLock::new(),
        }
    }

    /// The road graph.
    pub fn graph(&self) -> &RoadGraph {
        &self.graph
    }

    /// Sizes and timings of the preparation and the last customization.
    pub fn stats(&self) -> PrepareStats {
        self.stats
    }

    /// The node order (rank 0 first) - the metric-independent part saved in graph files.
    pub fn node_order(&self) -> &[u32] {
        &self.topo.order
    }

    /// Current edge weights (free flow with traffic applied), milliseconds; [`INF`] = closed.
    pub fn weights(&self) -> &[u32] {
        &self.weights
    }

    pub(crate) fn with_scratch<T>(&self, f: impl FnOnce(&mut Scratch) -> T) -> T {
        let mut sc = self
            .pool
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_else(|| Scratch::new(self.topo.num_nodes()));
        let out = f(&mut sc);
        if sc.len() == self.topo.num_nodes() {
            if let Ok(mut p) = self.pool.lock() {
                p.push(sc);
            }
        }
        out
    }

    fn rank(&self, node: u32) -> Result<u32> {
        self.graph.check_node(node)?;
        Ok(self.topo.rank[node as usize])
    }

    /// Exact shortest travel time (ms) from `from` to `to`; `None` when unreachable.
    pub fn travel_time(&self, from: u32, to: u32) -> Result<Option<u32>> {
        let (s, t) = (self.rank(from)?, self.rank(to)?);
        Ok(self
            .with_scratch(|sc| query(&self.topo, &self.metric, sc, &[(s, 0)], &[(t, 0)], false))
            .map(|f| f.time))
    }

    /// Exact shortest route from `from` to `to` with distance, nodes and geometry.
    pub fn route(&self, from: u32, to: u32) -> Result<Option<Route>> {
        self.route_with_offsets(&[(from, 0)], &[(to, 0)])
            .map(|r| r.map(|(_, _, route)| route))
    }

    /// Route from any of several `(node, start time ms)` sources to any `(node, extra time ms)`
    /// target. Returns the source index, target index and the route (its time includes offsets).
    pub fn route_with_offsets(
        &self,
        sources: &[(u32, u32)],
        targets: &[(u32, u32)],
    ) -> Result<Option<(usize, usize, Route)>> {
        let src = sources
            .iter()
            .map(|&(n, o)| Ok((self.rank(n)?, o)))
            .collect::<Result<Vec<_>>>()?;
        let tgt = targets
            .iter()
            .map(|&(n, o)| Ok((self.rank(n)?, o)))
            .collect::<Result<Vec<_>>>()?;
        let Some(found) =
            self.with_scratch(|sc| query(&self.topo, &self.metric, sc, &src, &tgt, true))
        else {
            return Ok(None);
        };
        if found.time == INF {
            return Ok(None);
        }
        let mut edges = Vec::new();
        for &(arc, up) in &found.arcs {
            if !self.topo.unpack(&self.metric, arc, up, &mut edges) {
                return Ok(None);
            }
        }
        let si = src
            .iter()
            .position(|&(r, _)| r == found.source_rank)
            .unwrap_or(0);
        let ti = tgt
            .iter()
            .position(|&(r, _)| r == found.target_rank)
            .unwrap_or(0);
        let start = sources.get(si).map(|s| s.0).unwrap_or(NONE);
        Ok(Some((si, ti, self.build_route(found.time, start, edges))))
    }

    pub(crate) fn build_route(&self, time: u32, start: u32, edges: Vec<u32>) -> Route {
        let mut nodes = vec![start];
        let mut distance = 0.0f64;
        let mut coordinates = Vec::new();
        for &e in &edges {
            if let Some(ed) = self.graph.edges.get(e as usize) {
                nodes.push(ed.to);
                distance += ed.distance_m as f64;
                if self.graph.has_coords() {
                    let poly = self.graph.edge_polyline(e);
                    let skip = usize::from(!coordinates.is_empty());
                    coordinates.extend(poly.into_iter().skip(skip));
                }
            }
        }
        if coordinates.is_empty() {
            if let Some(c) = self.graph.coord(start) {
                coordinates.push(c);
            }
        }
        Route {
            travel_time_ms: time,
            travel_time_s: time as f64 / 1000.0,
            distance_m: distance,
            nodes,
            edges,
            coordinates,
        }
    }

    /// Travel times for many `(from, to)` pairs in one call.
    pub fn travel_time_batch(&self, pairs: &[(u32, u32)]) -> Result<Vec<Option<u32>>> {
        let ranked = pairs
            .iter()
            .map(|&(a, b)| Ok((self.rank(a)?, self.rank(b)?)))
            .collect::<Result<Vec<_>>>()?;
        Ok(self.with_scratch(|sc| {
            ranked
                .iter()
                .map(|&(s, t)| {
                    query(&self.topo, &self.metric, sc, &[(s, 0)], &[(t, 0)], false).map(|f| f.time)
                })
                .collect()
        }))
    }

    /// Routes for many `(from, to)` pairs in one call.
    pub fn route_batch(&self, pairs: &[(u32, u32)]) -> Result<Vec<Option<Route>>> {
        pairs.iter().map(|&(a, b)| self.route(a, b)).collect()
    }

    /// Travel times from one source to many targets (bucket search).
    pub fn one_to_many(&self, from: u32, targets: &[u32]) -> Result<Vec<Option<u32>>> {
        Ok(self.matrix(&[from], targets)?.times_ms)
    }

    /// Many-to-many travel-time matrix by bucket search: one upward walk per target fills
    /// buckets, one upward walk per source scans them.
    pub fn matrix(&self, sources: &[u32], targets: &[u32]) -> Result<Matrix> {
        let src = sources
            .iter()
            .map(|&n| self.rank(n))
            .collect::<Result<Vec<_>>>()?;
        let tgt: Vec<(u32, u32)> = targets
            .iter()
            .map(|&n| Ok((self.rank(n)?, 0)))
            .collect::<Result<Vec<_>>>()?;
        let cols = targets.len();
        let mut out = vec![INF; sources.len() * cols];
        self.with_scratch(|sc| {
            let buckets = Buckets::build(&self.topo, &self.metric, sc, &tgt, false);
            for (i, &s) in src.iter().enumerate() {
                buckets.scan_all(
                    &self.topo,
                    &self.metric,
                    sc,
                    s,
                    0,
                    false,
                    &mut out[i * cols..(i + 1) * cols],
                );
            }
        });
        Ok(Matrix {
            sources: sources.len(),
            targets: cols,
            times_ms: out.into_iter().map(|t| (t != INF).then_some(t)).collect(),
        })
    }

    /// Reference Dijkstra on the current weights (the exactness oracle).
    pub fn dijkstra_travel_time(&self, from: u32, to: u32) -> Result<Option<u32>> {
        self.graph.check_node(from)?;
        self.graph.check_node(to)?;
        Ok(crate::dijkstra::dijkstra_time(
            &self.graph,
            &self.weights,
            from,
            to,
        ))
    }

    /// Sets live speed factors on edges and re-customizes (the node order and topology stay).
    pub fn set_speed_factors(&mut self, updates: &[EdgeSpeedFactor]) -> Result<()> {
        self.traffic.set_factors(updates)?;
        self.recustomize();
        Ok(())
    }

    /// Applies a time-of-day profile at `second_of_day` (or removes it with `None`) and
    /// re-customizes.
    pub fn set_time_of_day(&mut self, profile: Option<(TimeOfDayProfile, u32)>) -> Result<()> {
        if let Some((p, _)) = &profile {
            p.validate()?;
        }
        self.traffic.profile = profile;
        self.recustomize();
        Ok(())
    }

    /// Removes all traffic (free-flow weights) and re-customizes.
    pub fn clear_traffic(&mut self) {
        self.traffic = TrafficState::new(self.graph.edges.len());
        self.recustomize();
    }

    /// Recomputes weights from the traffic state and customizes the hierarchy again.
    pub fn recustomize(&mut self) {
        let t = Instant::now();
        self.weights = self.traffic.weights(&self.graph);
        self.metric = self.topo.customize(&self.weights);
        self.stats.customize_ms = ms(t);
    }

    /// The snapping index (built on first use).
    pub(crate) fn snap_index(&self) -> &crate::snap::SnapIndex {
        self.snap
            .get_or_init(|| crate::snap::SnapIndex::build(&self.graph))
    }

    pub(crate) fn rank_of(&self, node: u32) -> Result<u32> {
        self.rank(node)
    }

    pub(crate) fn buckets(&self, items: &[(u32, u32)], forward: bool) -> Result<Buckets> {
        let ranked = items
            .iter()
            .map(|&(n, o)| Ok((self.rank(n)?, o)))
            .collect::<Result<Vec<_>>>()?;
        Ok(self.with_scratch(|sc| Buckets::build(&self.topo, &self.metric, sc, &ranked, forward)))
    }

    pub(crate) fn scan_buckets(
        &self,
        b: &Buckets,
        start: u32,
        offset: u32,
        buckets_forward: bool,
        accept: impl FnMut(u32) -> bool,
    ) -> Result<Option<(u32, u32)>> {
        let r = self.rank(start)?;
        Ok(self.with_scratch(|sc| {
            b.scan_min(
                &self.topo,
                &self.metric,
                sc,
                r,
                offset,
                buckets_forward,
                accept,
            )
        }))
    }
}

impl Clone for PreparedGraph {
    fn clone(&self) -> Self {
        PreparedGraph {
            graph: self.graph.clone(),
            topo: self.topo.clone(),
            metric: self.metric.clone(),
            weights: self.weights.clone(),
            traffic: self.traffic.clone(),
            stats: self.stats,
            pool: Mutex::new(Vec::new()),
            snap: OnceLock::new(),
        }
    }
}

/// Checks coordinates of a point.
pub(crate) fn check_point(p: LatLon) -> Result<()> {
    if p.is_valid() {
        Ok(())
    } else {
        Err(RoutingError::Coordinates(format!(
            "invalid position ({}, {})",
            p.lat, p.lon
        )))
    }
}
