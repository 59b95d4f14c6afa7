//! GPS snapping: nearest road segment, heading-aware when a heading is given.
//!
//! Segments are indexed per directed edge in a local equirectangular projection (metres) by a
//! uniform grid searched ring by ring ([`crate::segment_grid`]); the search is exact, equal to a
//! brute-force scan ordered by (distance, segment). With a
//! heading, segments pointing more than 90 degrees away from it are skipped and the rest are
//! ranked by distance plus 0.2 m per degree of heading difference, so a vehicle on a dual
//! carriageway snaps to its own side.

use crate::error::{Result, RoutingError};
use crate::geometry::{bearing_diff_deg, project, unproject, LatLon};
use crate::prepared::{check_point, PreparedGraph, Route};
use crate::segment_grid::{Found, SegmentGrid};
use serde::{Deserialize, Serialize};

/// Maximum heading difference accepted, degrees.
pub const MAX_HEADING_DIFF_DEG: f64 = 90.0;
/// Ranking penalty per degree of heading difference, metres.
pub const HEADING_PENALTY_M_PER_DEG: f64 = 0.2;
/// Candidates are collected up to this far beyond the best score, metres.
pub const CANDIDATE_MARGIN_M: f64 = MAX_HEADING_DIFF_DEG * HEADING_PENALTY_M_PER_DEG + 2.0;

/// [`PreparedGraph::snap_point`] keeps the edges within this distance of the nearest, metres.
const SAME_ROAD_M: f64 = 1.0;
/// Most segments considered per snap.
const MAX_SEGMENTS: usize = 64;
/// Most candidates returned per snap.
const MAX_CANDIDATES: usize = 16;

/// The spatial index over road segments.
pub(crate) type SnapIndex = SegmentGrid;

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
        // Without a heading the score is the distance, so the best candidate is among the
        // segments at the smallest distance: no margin is needed to find it.
        let margin = if heading_deg.is_some() {
            CANDIDATE_MARGIN_M
        } else {
            0.0
        };
        self.candidates(pos, heading_deg, radius_m, margin)?
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
        self.candidates(pos, heading_deg, radius_m, CANDIDATE_MARGIN_M)
    }

    /// Snap candidates up to `margin_m` beyond the best score. Any margin gives the same leading
    /// candidates as a larger one: the candidates are a prefix in (score, edge) order.
    fn candidates(
        &self,
        pos: LatLon,
        heading_deg: Option<f64>,
        radius_m: f64,
        margin_m: f64,
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
        let mut found = Vec::with_capacity(MAX_SEGMENTS);
        idx.search(
            q,
            radius_m,
            margin_m,
            MAX_SEGMENTS,
            |seg, d| match heading_deg {
                None => Some(d),
                Some(h) => {
                    let diff = bearing_diff_deg(h, seg.bearing);
                    (diff <= MAX_HEADING_DIFF_DEG).then_some(d + diff * HEADING_PENALTY_M_PER_DEG)
                }
            },
            &mut found,
        );
        let edge_of = |f: &Found| {
            idx.segments
                .get(f.seg as usize)
                .map_or(u32::MAX, |s| s.edge)
        };
        // Stable: equal (score, edge) keep the (distance, segment) order.
        found.sort_by(|a, b| {
            a.score
                .total_cmp(&b.score)
                .then(edge_of(a).cmp(&edge_of(b)))
        });
        let mut out: Vec<Snap> = Vec::with_capacity(MAX_CANDIDATES);
        for f in &found {
            if out.len() >= MAX_CANDIDATES {
                break;
            }
            let Some(seg) = idx.segments.get(f.seg as usize) else {
                continue;
            };
            if out.iter().any(|s| s.edge == seg.edge) {
                continue;
            }
            let Some(e) = self.graph.edges.get(seg.edge as usize) else {
                continue;
            };
            let (a, b) = (seg.a, seg.b);
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            let len2 = dx * dx + dy * dy;
            let t = if len2 > 0.0 {
                (((q[0] - a[0]) * dx + (q[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let total = idx.edge_len.get(seg.edge as usize).copied().unwrap_or(0.0);
            let fraction = if total > 0.0 {
                ((seg.before + t * seg.len) / total).clamp(0.0, 1.0)
            } else {
                0.0
            };
            out.push(Snap {
                edge: seg.edge,
                from_node: e.from,
                to_node: e.to,
                fraction,
                point: unproject([a[0] + t * dx, a[1] + t * dy], idx.ref_cos),
                distance_m: f.dist,
                edge_bearing_deg: seg.bearing,
            });
        }
        Ok(out)
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
        let c = self.candidates(pos, None, radius_m, SAME_ROAD_M)?;
        let best = c
            .first()
            .map(|s| s.distance_m)
            .ok_or(RoutingError::NoRoadNearby {
                lat: pos.lat,
                lon: pos.lon,
                radius_m,
            })?;
        Ok(c.into_iter()
            .filter(|s| s.distance_m <= best + SAME_ROAD_M)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `snap` and `snap_point` search with a smaller margin than `snap_candidates`; their results
    /// equal those derived from the full candidate list (random points over Andorra).
    #[test]
    fn narrow_searches_equal_the_full_candidate_list() {
        let g = crate::bundled::bundled_andorra(&crate::profile::Profile::car()).expect("andorra");
        let c = g.graph.coords.clone();
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut hits = 0;
        for k in 0..3_000 {
            let a = c[(next() * c.len() as f64) as usize % c.len()];
            let p = LatLon::new(
                a.lat + (next() - 0.5) * 0.004,
                a.lon + (next() - 0.5) * 0.006,
            );
            let radius = [20.0, 200.0, f64::INFINITY][k % 3];
            let full = g.snap_candidates(p, None, radius).unwrap();
            match full.first() {
                None => {
                    assert!(g.snap(p, None, radius).is_err());
                    assert!(g.snap_point(p, radius).is_err());
                }
                Some(best) => {
                    hits += 1;
                    assert_eq!(g.snap(p, None, radius).unwrap(), *best);
                    let near: Vec<Snap> = full
                        .iter()
                        .filter(|s| s.distance_m <= best.distance_m + SAME_ROAD_M)
                        .copied()
                        .collect();
                    assert_eq!(g.snap_point(p, radius).unwrap(), near);
                }
            }
            let h = next() * 360.0;
            assert_eq!(
                g.snap(p, Some(h), radius).ok(),
                g.snap_candidates(p, Some(h), radius)
                    .unwrap()
                    .first()
                    .copied()
            );
        }
        assert!(hits > 1_000);
    }
}
