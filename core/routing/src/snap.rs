//! GPS snapping: nearest road segment by an R-tree (`rstar`), heading-aware when a heading is given.
//!
//! Segments are indexed per directed edge in a local equirectangular projection (metres). With a
//! heading, segments pointing more than 90 degrees away from it are skipped and the rest are
//! ranked by distance plus 0.2 m per degree of heading difference, so a vehicle on a dual
//! carriageway snaps to its own side.

use crate::error::{Result, RoutingError};
use crate::geometry::{bearing_diff_deg, haversine_m, project, unproject, LatLon};
use crate::graph::RoadGraph;
use crate::prepared::{check_point, PreparedGraph, Route};
use rstar::primitives::{GeomWithData, Line};
use rstar::{PointDistance, RTree};
use serde::{Deserialize, Serialize};

/// Segment payload: edge id, metres along the edge before the segment, segment length.
type Seg = GeomWithData<Line<[f64; 2]>, (u32, f64, f64)>;

/// Maximum heading difference accepted, degrees.
pub const MAX_HEADING_DIFF_DEG: f64 = 90.0;
/// Ranking penalty per degree of heading difference, metres.
pub const HEADING_PENALTY_M_PER_DEG: f64 = 0.2;
/// Candidates are collected up to this far beyond the best score, metres.
pub const CANDIDATE_MARGIN_M: f64 = MAX_HEADING_DIFF_DEG * HEADING_PENALTY_M_PER_DEG + 2.0;

/// The spatial index over road segments.
#[derive(Debug)]
pub(crate) struct SnapIndex {
    tree: RTree<Seg>,
    ref_cos: f64,
    edge_len: Vec<f64>,
}

impl SnapIndex {
    pub fn build(g: &RoadGraph) -> SnapIndex {
        let mean_lat = if g.coords.is_empty() {
            0.0
        } else {
            g.coords.iter().map(|c| c.lat).sum::<f64>() / g.coords.len() as f64
        };
        let ref_cos = mean_lat.to_radians().cos();
        let mut segs = Vec::new();
        let mut edge_len = Vec::with_capacity(g.num_edges() as usize);
        for e in 0..g.num_edges() {
            let poly = g.edge_polyline(e);
            let mut before = 0.0;
            for w in poly.windows(2) {
                let len = haversine_m(w[0], w[1]);
                segs.push(GeomWithData::new(
                    Line::new(project(w[0], ref_cos), project(w[1], ref_cos)),
                    (e, before, len),
                ));
                before += len;
            }
            edge_len.push(before);
        }
        SnapIndex {
            tree: RTree::bulk_load(segs),
            ref_cos,
            edge_len,
        }
    }
}

/// A position snapped onto a directed road edge.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Snap {
    /// The directed edge.
    pub edge: u32,
    /// Its tail node.
    pub from_node: u32,
    /// Its head node.
    pub to_node: u32,
    /// Position along the edge, 0 at the tail and 1 at the head (by length).
    pub fraction: f64,
    /// The snapped point on the road.
    pub point: LatLon,
    /// Distance from the GPS position to the road, metres.
    pub distance_m: f64,
    /// Direction of travel on the edge at the snapped point, degrees from north.
    pub edge_bearing_deg: f64,
}

impl PreparedGraph {
    /// Snaps a GPS position to the nearest road edge within `radius_m`; with `heading_deg`, the
    /// edge must run roughly in that direction (see module docs).
    pub fn snap(&self, pos: LatLon, heading_deg: Option<f64>, radius_m: f64) -> Result<Snap> {
        self.snap_candidates(pos, heading_deg, radius_m)?
            .into_iter()
            .next()
            .ok_or(RoutingError::NoRoadNearby {
                lat: pos.lat,
                lon: pos.lon,
                radius_m,
            })
    }

    /// Snap candidates within `radius_m`, best first (at most 16).
    pub fn snap_candidates(
        &self,
        pos: LatLon,
        heading_deg: Option<f64>,
        radius_m: f64,
    ) -> Result<Vec<Snap>> {
        check_point(pos)?;
        if !self.graph.has_coords() {
            return Err(RoutingError::Coordinates(
                "the graph has no coordinates to snap to".into(),
            ));
        }
        if let Some(h) = heading_deg {
            if !h.is_finite() {
                return Err(RoutingError::Coordinates(format!(
                    "heading {h} is not finite"
                )));
            }
        }
        let idx = self.snap_index();
        let q = project(pos, idx.ref_cos);
        let mut out: Vec<(f64, Snap)> = Vec::new();
        let mut best_score = f64::INFINITY;
        for seg in idx.tree.nearest_neighbor_iter(&q) {
            let d = seg.geom().distance_2(&q).sqrt();
            // Candidates further than the best score plus the largest heading penalty cannot win.
            if d > radius_m || d > best_score + CANDIDATE_MARGIN_M || out.len() >= 64 {
                break;
            }
            let (edge, before, seg_len) = seg.data;
            let line = seg.geom();
            let (a, b) = (line.from, line.to);
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            let len2 = dx * dx + dy * dy;
            let t = if len2 > 0.0 {
                (((q[0] - a[0]) * dx + (q[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let point = unproject([a[0] + t * dx, a[1] + t * dy], idx.ref_cos);
            let bearing = (dx.atan2(dy).to_degrees() + 360.0) % 360.0;
            let mut score = d;
            if let Some(h) = heading_deg {
                let diff = bearing_diff_deg(h, bearing);
                if diff > MAX_HEADING_DIFF_DEG {
                    continue;
                }
                score += diff * HEADING_PENALTY_M_PER_DEG;
            }
            best_score = best_score.min(score);
            let total = idx.edge_len.get(edge as usize).copied().unwrap_or(0.0);
            let fraction = if total > 0.0 {
                ((before + t * seg_len) / total).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let Some(e) = self.graph.edges.get(edge as usize) else {
                continue;
            };
            out.push((
                score,
                Snap {
                    edge,
                    from_node: e.from,
                    to_node: e.to,
                    fraction,
                    point,
                    distance_m: d,
                    edge_bearing_deg: bearing,
                },
            ));
        }
        out.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.edge.cmp(&b.1.edge)));
        let mut seen = std::collections::HashSet::new();
        Ok(out
            .into_iter()
            .filter(|(_, s)| seen.insert(s.edge))
            .map(|(_, s)| s)
            .take(16)
            .collect())
    }

    /// Time (ms) from the snapped point to the head of its edge, under current weights.
    pub fn departure_offset_ms(&self, s: &Snap) -> u32 {
        let w = self.weights.get(s.edge as usize).copied().unwrap_or(0);
        (w as f64 * (1.0 - s.fraction)).round() as u32
    }

    /// Time (ms) from the tail of the snapped edge to the snapped point, under current weights.
    pub fn arrival_offset_ms(&self, s: &Snap) -> u32 {
        let w = self.weights.get(s.edge as usize).copied().unwrap_or(0);
        (w as f64 * s.fraction).round() as u32
    }

    /// The fastest route between two snapped positions (along the origin edge to its head, the
    /// network, then along the destination edge to the point). Origins may list several
    /// candidate snaps (e.g. both directions of a two-way road); the best combination wins.
    pub fn route_between_snaps(
        &self,
        origins: &[Snap],
        destinations: &[Snap],
    ) -> Result<Option<Route>> {
        let mut best: Option<Route> = None;
        // Same edge, destination ahead of origin: drive along the edge.
        for o in origins {
            for d in destinations {
                if o.edge == d.edge && d.fraction >= o.fraction {
                    let w = self.weights.get(o.edge as usize).copied().unwrap_or(0);
                    let t = (w as f64 * (d.fraction - o.fraction)).round() as u32;
                    let e = &self.graph.edges[o.edge as usize];
                    if best.as_ref().is_none_or(|b| t < b.travel_time_ms) {
                        best = Some(Route {
                            travel_time_ms: t,
                            travel_time_s: t as f64 / 1000.0,
                            distance_m: e.distance_m as f64 * (d.fraction - o.fraction),
                            nodes: vec![],
                            edges: vec![o.edge],
                            coordinates: vec![o.point, d.point],
                        });
                    }
                }
            }
        }
        let src: Vec<(u32, u32)> = origins
            .iter()
            .map(|s| (s.to_node, self.departure_offset_ms(s)))
            .collect();
        let tgt: Vec<(u32, u32)> = destinations
            .iter()
            .map(|s| (s.from_node, self.arrival_offset_ms(s)))
            .collect();
        if let Some((si, ti, mut r)) = self.route_with_offsets(&src, &tgt)? {
            if best
                .as_ref()
                .is_none_or(|b| r.travel_time_ms < b.travel_time_ms)
            {
                let (o, d) = (&origins[si], &destinations[ti]);
                let oe = &self.graph.edges[o.edge as usize];
                let de = &self.graph.edges[d.edge as usize];
                r.distance_m +=
                    oe.distance_m as f64 * (1.0 - o.fraction) + de.distance_m as f64 * d.fraction;
                r.edges.insert(0, o.edge);
                r.edges.push(d.edge);
                r.coordinates.insert(0, o.point);
                r.coordinates.push(d.point);
                best = Some(r);
            }
        }
        Ok(best)
    }

    /// Snaps a position without heading: the nearest road edge and any edge within 1 m of it
    /// (so both directions of a two-way road), best first.
    pub fn snap_point(&self, pos: LatLon, radius_m: f64) -> Result<Vec<Snap>> {
        let c = self.snap_candidates(pos, None, radius_m)?;
        let best = c
            .first()
            .map(|s| s.distance_m)
            .ok_or(RoutingError::NoRoadNearby {
                lat: pos.lat,
                lon: pos.lon,
                radius_m,
            })?;
        Ok(c.into_iter()
            .filter(|s| s.distance_m <= best + 1.0)
            .collect())
    }

    /// Snaps both positions with [`PreparedGraph::snap_point`] and returns the fastest route.
    pub fn route_between_points(
        &self,
        from: LatLon,
        to: LatLon,
        radius_m: f64,
    ) -> Result<Option<Route>> {
        self.route_between_snaps(
            &self.snap_point(from, radius_m)?,
            &self.snap_point(to, radius_m)?,
        )
    }
}
