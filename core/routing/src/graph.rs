//! The road graph: nodes with optional coordinates, directed edges with integer travel times.
//!
//! Travel times are integer **milliseconds** (`u32`), so every shortest-path comparison is exact;
//! distances are metres (`f32`, for display and reports only, never compared in tests).

use crate::error::{Result, RoutingError};
use crate::geometry::LatLon;
use serde::{Deserialize, Serialize};

/// "No node / no edge" marker.
pub const NONE: u32 = u32::MAX;
/// Infinite travel time.
pub const INF: u32 = u32::MAX;

/// Road classes of the OSM `highway` tag used for routing (and `Other` for edge lists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum RoadClass {
    /// highway=motorway
    Motorway = 0,
    /// highway=motorway_link
    MotorwayLink = 1,
    /// highway=trunk
    Trunk = 2,
    /// highway=trunk_link
    TrunkLink = 3,
    /// highway=primary
    Primary = 4,
    /// highway=primary_link
    PrimaryLink = 5,
    /// highway=secondary
    Secondary = 6,
    /// highway=secondary_link
    SecondaryLink = 7,
    /// highway=tertiary
    Tertiary = 8,
    /// highway=tertiary_link
    TertiaryLink = 9,
    /// highway=unclassified
    Unclassified = 10,
    /// highway=residential
    Residential = 11,
    /// highway=living_street
    LivingStreet = 12,
    /// highway=service
    Service = 13,
    /// highway=road (unknown classification)
    Road = 14,
    /// Not from OSM (edge lists).
    Other = 15,
}

impl RoadClass {
    /// Every class, in code order.
    pub const ALL: [RoadClass; 16] = [
        RoadClass::Motorway,
        RoadClass::MotorwayLink,
        RoadClass::Trunk,
        RoadClass::TrunkLink,
        RoadClass::Primary,
        RoadClass::PrimaryLink,
        RoadClass::Secondary,
        RoadClass::SecondaryLink,
        RoadClass::Tertiary,
        RoadClass::TertiaryLink,
        RoadClass::Unclassified,
        RoadClass::Residential,
        RoadClass::LivingStreet,
        RoadClass::Service,
        RoadClass::Road,
        RoadClass::Other,
    ];

    /// The class for an OSM `highway` value, if it is a road for motor vehicles.
    pub fn from_highway(value: &str) -> Option<RoadClass> {
        Some(match value {
            "motorway" => RoadClass::Motorway,
            "motorway_link" => RoadClass::MotorwayLink,
            "trunk" => RoadClass::Trunk,
            "trunk_link" => RoadClass::TrunkLink,
            "primary" => RoadClass::Primary,
            "primary_link" => RoadClass::PrimaryLink,
            "secondary" => RoadClass::Secondary,
            "secondary_link" => RoadClass::SecondaryLink,
            "tertiary" => RoadClass::Tertiary,
            "tertiary_link" => RoadClass::TertiaryLink,
            "unclassified" => RoadClass::Unclassified,
            "residential" => RoadClass::Residential,
            "living_street" => RoadClass::LivingStreet,
            "service" => RoadClass::Service,
            "road" => RoadClass::Road,
            _ => return None,
        })
    }

    /// The class for its numeric code.
    pub fn from_code(code: u8) -> Option<RoadClass> {
        RoadClass::ALL.get(code as usize).copied()
    }
}

/// One directed edge.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Tail node.
    pub from: u32,
    /// Head node.
    pub to: u32,
    /// Free-flow travel time, milliseconds (at least 1).
    pub time_ms: u32,
    /// Length in metres (0 when unknown, e.g. edge lists).
    pub distance_m: f32,
    /// Road class.
    pub class: RoadClass,
    /// First intermediate shape point in the graph's geometry array.
    pub geom_start: u32,
    /// Number of intermediate shape points (excluding both end nodes).
    pub geom_len: u32,
}

/// An edge before graph assembly (any order).
#[derive(Debug, Clone, PartialEq)]
pub struct RawEdge {
    /// Tail node.
    pub from: u32,
    /// Head node.
    pub to: u32,
    /// Travel time, milliseconds.
    pub time_ms: u32,
    /// Length, metres.
    pub distance_m: f32,
    /// Road class.
    pub class: RoadClass,
    /// Intermediate shape points from tail to head.
    pub shape: Vec<LatLon>,
}

/// A directed road graph with edges sorted by tail node (CSR layout).
#[derive(Debug, Clone, PartialEq)]
pub struct RoadGraph {
    pub(crate) coords: Vec<LatLon>,
    pub(crate) first_out: Vec<u32>,
    pub(crate) edges: Vec<Edge>,
    pub(crate) geometry: Vec<LatLon>,
}

impl RoadGraph {
    /// Assembles a graph from `num_nodes` nodes, optional coordinates (empty or one per node)
    /// and edges. Self-loops are dropped (they never lie on a shortest path).
    pub fn from_edges(
        num_nodes: u32,
        coords: Vec<LatLon>,
        mut raw: Vec<RawEdge>,
    ) -> Result<RoadGraph> {
        if num_nodes == 0 {
            return Err(RoutingError::EmptyGraph("no nodes".into()));
        }
        if !coords.is_empty() && coords.len() != num_nodes as usize {
            return Err(RoutingError::Coordinates(format!(
                "{} coordinates for {} nodes",
                coords.len(),
                num_nodes
            )));
        }
        raw.retain(|e| e.from != e.to);
        for e in &raw {
            let bad = if e.from >= num_nodes { e.from } else { e.to };
            if e.from >= num_nodes || e.to >= num_nodes {
                return Err(RoutingError::NodeOutOfRange {
                    node: bad,
                    nodes: num_nodes,
                });
            }
        }
        raw.sort_by_key(|e| (e.from, e.to));
        let mut first_out = vec![0u32; num_nodes as usize + 1];
        for e in &raw {
            first_out[e.from as usize + 1] += 1;
        }
        for i in 0..num_nodes as usize {
            first_out[i + 1] += first_out[i];
        }
        let mut geometry = Vec::new();
        let mut edges = Vec::with_capacity(raw.len());
        for e in raw {
            let geom_start = geometry.len() as u32;
            let geom_len = e.shape.len() as u32;
            geometry.extend_from_slice(&e.shape);
            edges.push(Edge {
                from: e.from,
                to: e.to,
                time_ms: e.time_ms.max(1),
                distance_m: e.distance_m,
                class: e.class,
                geom_start,
                geom_len,
            });
        }
        Ok(RoadGraph {
            coords,
            first_out,
            edges,
            geometry,
        })
    }

    /// Parses an edge list: lines `a FROM TO WEIGHT` (DIMACS-style; `c` comment and `p` header
    /// lines are skipped). Weights are integer travel times taken as milliseconds; the graph has
    /// no coordinates and no distances.
    pub fn from_edge_list(text: &str) -> Result<RoadGraph> {
        let mut raw = Vec::new();
        let mut max_node = 0u32;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty()
                || line.starts_with('c')
                || line.starts_with('p')
                || line.starts_with('#')
            {
                continue;
            }
            let err = |m: &str| RoutingError::EdgeList {
                line: i + 1,
                message: m.to_string(),
            };
            let mut parts = line.split_ascii_whitespace();
            if parts.next() != Some("a") {
                return Err(err("expected `a FROM TO WEIGHT`"));
            }
            let mut num = |what: &str| -> Result<u32> {
                parts
                    .next()
                    .ok_or_else(|| err(&format!("missing {what}")))?
                    .parse::<u32>()
                    .map_err(|_| err(&format!("{what} is not an unsigned 32-bit integer")))
            };
            let (from, to, w) = (num("FROM")?, num("TO")?, num("WEIGHT")?);
            if from == NONE || to == NONE || w == INF {
                return Err(err("value out of range"));
            }
            max_node = max_node.max(from).max(to);
            raw.push(RawEdge {
                from,
                to,
                time_ms: w,
                distance_m: 0.0,
                class: RoadClass::Other,
                shape: Vec::new(),
            });
        }
        if raw.is_empty() {
            return Err(RoutingError::EmptyGraph("edge list has no arcs".into()));
        }
        RoadGraph::from_edges(max_node + 1, Vec::new(), raw)
    }

    /// Number of nodes.
    pub fn num_nodes(&self) -> u32 {
        (self.first_out.len() - 1) as u32
    }

    /// Number of directed edges.
    pub fn num_edges(&self) -> u32 {
        self.edges.len() as u32
    }

    /// All edges, sorted by tail node.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Edge ids leaving `node` (empty range for an unknown node).
    pub fn out_edges(&self, node: u32) -> std::ops::Range<usize> {
        let n = node as usize;
        match (self.first_out.get(n), self.first_out.get(n + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        }
    }

    /// Node coordinates (empty when the graph came from an edge list).
    pub fn coords(&self) -> &[LatLon] {
        &self.coords
    }

    /// True when nodes have coordinates.
    pub fn has_coords(&self) -> bool {
        !self.coords.is_empty()
    }

    /// Coordinate of one node.
    pub fn coord(&self, node: u32) -> Option<LatLon> {
        self.coords.get(node as usize).copied()
    }

    /// The full polyline of an edge (tail, shape points, head); empty without coordinates.
    pub fn edge_polyline(&self, edge: u32) -> Vec<LatLon> {
        let Some(e) = self.edges.get(edge as usize) else {
            return Vec::new();
        };
        let (Some(a), Some(b)) = (self.coord(e.from), self.coord(e.to)) else {
            return Vec::new();
        };
        let s = e.geom_start as usize;
        let mut out = Vec::with_capacity(e.geom_len as usize + 2);
        out.push(a);
        out.extend_from_slice(self.geometry.get(s..s + e.geom_len as usize).unwrap_or(&[]));
        out.push(b);
        out
    }

    /// Free-flow edge weights (milliseconds), indexed by edge id.
    pub fn base_weights(&self) -> Vec<u32> {
        self.edges.iter().map(|e| e.time_ms).collect()
    }

    /// The edge id from `from` to `to` with the smallest weight under `weights`.
    pub fn find_edge(&self, from: u32, to: u32, weights: &[u32]) -> Option<u32> {
        self.out_edges(from)
            .filter(|&e| self.edges[e].to == to)
            .min_by_key(|&e| weights.get(e).copied().unwrap_or(INF))
            .map(|e| e as u32)
    }

    /// Checks a node id.
    pub fn check_node(&self, node: u32) -> Result<()> {
        if node < self.num_nodes() {
            Ok(())
        } else {
            Err(RoutingError::NodeOutOfRange {
                node,
                nodes: self.num_nodes(),
            })
        }
    }

    /// Keeps only the largest strongly connected component. Returns the new graph and, for each
    /// old node, its new id (or [`NONE`]).
    pub fn largest_scc(&self) -> (RoadGraph, Vec<u32>) {
        let comp = crate::scc::strongly_connected_components(self);
        let mut sizes = std::collections::HashMap::<u32, u32>::new();
        for &c in &comp {
            *sizes.entry(c).or_default() += 1;
        }
        let best = sizes
            .iter()
            .max_by_key(|(c, s)| (**s, std::cmp::Reverse(**c)))
            .map(|(c, _)| *c)
            .unwrap_or(0);
        let mut map = vec![NONE; comp.len()];
        let mut next = 0u32;
        let mut coords = Vec::new();
        for (v, &c) in comp.iter().enumerate() {
            if c == best {
                map[v] = next;
                next += 1;
                if let Some(p) = self.coords.get(v) {
                    coords.push(*p);
                }
            }
        }
        let raw: Vec<RawEdge> = self
            .edges
            .iter()
            .filter(|e| map[e.from as usize] != NONE && map[e.to as usize] != NONE)
            .map(|e| RawEdge {
                from: map[e.from as usize],
                to: map[e.to as usize],
                time_ms: e.time_ms,
                distance_m: e.distance_m,
                class: e.class,
                shape: self.geometry[e.geom_start as usize..(e.geom_start + e.geom_len) as usize]
                    .to_vec(),
            })
            .collect();
        let g = RoadGraph::from_edges(next.max(1), coords, raw).unwrap_or_else(|_| self.clone());
        (g, map)
    }

    /// Total length of all edges, metres.
    pub fn total_length_m(&self) -> f64 {
        self.edges.iter().map(|e| e.distance_m as f64).sum()
    }
}
