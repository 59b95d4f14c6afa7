//! Spatial index over road segments for snapping: a uniform grid over projected coordinates.
//!
//! Every segment of every directed edge is registered in each grid cell it touches (exact
//! segment/cell intersection, with the cell slightly inflated so rounding can never drop a
//! segment). A query visits the cells ring by ring around the query cell; after ring `k` every
//! segment closer than the distance from the query point to the border of the visited block
//! has been seen, which is what makes the search exact. Distances are computed per segment
//! exactly as a nearest-neighbour search over the segments would compute them, and candidates
//! come out ordered by (distance, segment number), so results equal a brute-force scan.

use crate::geometry::{haversine_m, project};
use crate::graph::RoadGraph;

/// One straight piece of a directed edge, in projected metres.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Segment {
    /// Start point.
    pub a: [f64; 2],
    /// End point.
    pub b: [f64; 2],
    /// Direction of travel, degrees from north in `[0, 360)`.
    pub bearing: f64,
    /// Metres along the edge before this segment.
    pub before: f64,
    /// Segment length, metres (haversine).
    pub len: f64,
    /// The directed edge.
    pub edge: u32,
}

impl Segment {
    /// Distance from `q` to the closest point of the segment, metres.
    ///
    /// Same arithmetic as the nearest point of a line segment (projection parameter clamped to
    /// the end points; a zero-length segment is its end point), so ties are exact.
    #[inline]
    pub fn distance(&self, q: [f64; 2]) -> f64 {
        let dir = [self.b[0] - self.a[0], self.b[1] - self.a[1]];
        let rel = [q[0] - self.a[0], q[1] - self.a[1]];
        let s =
            (0.0 + rel[0] * dir[0] + rel[1] * dir[1]) / (0.0 + dir[0] * dir[0] + dir[1] * dir[1]);
        let n = if 0.0 < s && s < 1.0 {
            [self.a[0] + dir[0] * s, self.a[1] + dir[1] * s]
        } else if s <= 0.0 {
            self.a
        } else {
            self.b
        };
        let d = [n[0] - q[0], n[1] - q[1]];
        (0.0 + d[0] * d[0] + d[1] * d[1]).sqrt()
    }
}

/// A segment found by a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Found {
    /// Distance to the query point, metres.
    pub dist: f64,
    /// Ranking score (distance plus any heading penalty).
    pub score: f64,
    /// Segment number.
    pub seg: u32,
}

/// The grid.
#[derive(Debug)]
pub(crate) struct SegmentGrid {
    /// Cosine of the projection's reference latitude.
    pub ref_cos: f64,
    /// All segments, by edge and then along the edge.
    pub segments: Vec<Segment>,
    /// Length of every edge, metres.
    pub edge_len: Vec<f64>,
    origin: [f64; 2],
    cell: f64,
    nx: i64,
    ny: i64,
    /// Cell `c` holds `items[start[c]..start[c + 1]]`; cells row by row.
    start: Vec<u32>,
    items: Vec<u32>,
}

/// Upper bound on cells per segment; the cell size grows when the extent would need more.
const CELLS_PER_SEGMENT: f64 = 16.0;

impl SegmentGrid {
    /// Indexes every edge polyline of `g`.
    pub fn build(g: &RoadGraph) -> SegmentGrid {
        SegmentGrid::build_with_cell(g, None)
    }

    /// [`SegmentGrid::build`] with an explicit cell size in metres (otherwise chosen from the
    /// segment lengths and the extent).
    fn build_with_cell(g: &RoadGraph, cell_m: Option<f64>) -> SegmentGrid {
        let mean_lat = if g.coords.is_empty() {
            0.0
        } else {
            g.coords.iter().map(|c| c.lat).sum::<f64>() / g.coords.len() as f64
        };
        let ref_cos = mean_lat.to_radians().cos();
        let mut segments = Vec::new();
        let mut edge_len = Vec::with_capacity(g.num_edges() as usize);
        for e in 0..g.num_edges() {
            let poly = g.edge_polyline(e);
            let mut before = 0.0;
            for w in poly.windows(2) {
                let len = haversine_m(w[0], w[1]);
                let (a, b) = (project(w[0], ref_cos), project(w[1], ref_cos));
                let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
                segments.push(Segment {
                    a,
                    b,
                    bearing: (dx.atan2(dy).to_degrees() + 360.0) % 360.0,
                    before,
                    len,
                    edge: e,
                });
                before += len;
            }
            edge_len.push(before);
        }
        let mut lo = [f64::INFINITY; 2];
        let mut hi = [f64::NEG_INFINITY; 2];
        let mut total = 0.0;
        for s in &segments {
            for p in [s.a, s.b] {
                for k in 0..2 {
                    lo[k] = lo[k].min(p[k]);
                    hi[k] = hi[k].max(p[k]);
                }
            }
            total += ((s.b[0] - s.a[0]).powi(2) + (s.b[1] - s.a[1]).powi(2)).sqrt();
        }
        if segments.is_empty() || !lo[0].is_finite() || !hi[0].is_finite() {
            return SegmentGrid {
                ref_cos,
                segments,
                edge_len,
                origin: [0.0; 2],
                cell: 1.0,
                nx: 1,
                ny: 1,
                start: vec![0, 0],
                items: Vec::new(),
            };
        }
        let (w, h) = (hi[0] - lo[0], hi[1] - lo[1]);
        let n = segments.len() as f64;
        // About the mean segment length, but never more cells than CELLS_PER_SEGMENT per segment.
        let cell = cell_m
            .unwrap_or_else(|| (total / n).max((w * h / (CELLS_PER_SEGMENT * n)).sqrt()))
            .max(1e-3);
        let nx = (w / cell).floor() as i64 + 1;
        let ny = (h / cell).floor() as i64 + 1;
        let mut grid = SegmentGrid {
            ref_cos,
            segments,
            edge_len,
            origin: lo,
            cell,
            nx,
            ny,
            start: Vec::new(),
            items: Vec::new(),
        };
        // Two passes (count, then fill) into the compressed layout.
        let ncells = (nx * ny) as usize;
        let mut count = vec![0u32; ncells + 1];
        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(grid.segments.len() * 2);
        for (i, s) in grid.segments.iter().enumerate() {
            grid.for_each_cell(s, |c| pairs.push((c as u32, i as u32)));
        }
        for &(c, _) in &pairs {
            count[c as usize + 1] += 1;
        }
        for c in 0..ncells {
            count[c + 1] += count[c];
        }
        let mut fill = count.clone();
        let mut items = vec![0u32; pairs.len()];
        for &(c, i) in &pairs {
            let slot = &mut fill[c as usize];
            items[*slot as usize] = i;
            *slot += 1;
        }
        grid.start = count;
        grid.items = items;
        grid
    }

    fn cell_of(&self, p: [f64; 2]) -> (i64, i64) {
        (
            ((p[0] - self.origin[0]) / self.cell).floor() as i64,
            ((p[1] - self.origin[1]) / self.cell).floor() as i64,
        )
    }

    /// Calls `f` with every cell the segment touches (conservatively).
    fn for_each_cell(&self, s: &Segment, mut f: impl FnMut(usize)) {
        let (ax, ay) = self.cell_of(s.a);
        let (bx, by) = self.cell_of(s.b);
        let (x0, x1) = ((ax.min(bx) - 1).max(0), (ax.max(bx) + 1).min(self.nx - 1));
        let (y0, y1) = ((ay.min(by) - 1).max(0), (ay.max(by) + 1).min(self.ny - 1));
        let eps = self.cell * 1e-6;
        for y in y0..=y1 {
            for x in x0..=x1 {
                let lo = [
                    self.origin[0] + x as f64 * self.cell - eps,
                    self.origin[1] + y as f64 * self.cell - eps,
                ];
                let hi = [
                    self.origin[0] + (x + 1) as f64 * self.cell + eps,
                    self.origin[1] + (y + 1) as f64 * self.cell + eps,
                ];
                if segment_touches_box(s.a, s.b, lo, hi) {
                    f((y * self.nx + x) as usize);
                }
            }
        }
    }

    /// Segments within `radius_m` of `q` that can take part in a snap, ordered by (distance,
    /// segment number).
    ///
    /// `rank` gives a segment's score (`None` to skip it, e.g. for a heading more than 90
    /// degrees off). The result holds every such segment up to the first one farther than
    /// `margin_m` beyond the best score seen before it, at most `limit` segments; exactly the
    /// prefix a nearest-neighbour iteration with the same stopping rule would produce.
    pub fn search(
        &self,
        q: [f64; 2],
        radius_m: f64,
        margin_m: f64,
        limit: usize,
        rank: impl Fn(&Segment, f64) -> Option<f64>,
        out: &mut Vec<Found>,
    ) {
        out.clear();
        if self.items.is_empty() || !q[0].is_finite() || !q[1].is_finite() {
            return;
        }
        let (qx, qy) = self.cell_of(q);
        // First ring that touches the grid.
        let gap_x = (-qx).max(qx - (self.nx - 1)).max(0);
        let gap_y = (-qy).max(qy - (self.ny - 1)).max(0);
        let mut k = gap_x.max(gap_y);
        let mut best = f64::INFINITY;
        loop {
            let (x0, x1) = (qx - k, qx + k);
            let (y0, y1) = (qy - k, qy + k);
            let mut scan = |x: i64, y: i64| {
                if x < 0 || x >= self.nx {
                    return;
                }
                let c = (y * self.nx + x) as usize;
                let (Some(&s), Some(&e)) = (self.start.get(c), self.start.get(c + 1)) else {
                    return;
                };
                for &i in self.items.get(s as usize..e as usize).unwrap_or(&[]) {
                    let Some(seg) = self.segments.get(i as usize) else {
                        continue;
                    };
                    let d = seg.distance(q);
                    // A segment farther than the best score plus the margin never takes part.
                    if d > radius_m || d > best + margin_m {
                        continue;
                    }
                    if let Some(score) = rank(seg, d) {
                        best = best.min(score);
                        out.push(Found {
                            dist: d,
                            score,
                            seg: i,
                        });
                    }
                }
            };
            for y in y0.max(0)..=y1.min(self.ny - 1) {
                if y == y0 || y == y1 {
                    for x in x0.max(0)..=x1.min(self.nx - 1) {
                        scan(x, y);
                    }
                } else {
                    // Inner rows contribute only their two border cells to this ring.
                    scan(x0, y);
                    scan(x1, y);
                }
            }
            // Distance from q to the border of the visited block; sides beyond the grid cover
            // everything behind them.
            let covered_all = x0 <= 0 && y0 <= 0 && x1 >= self.nx - 1 && y1 >= self.ny - 1;
            if covered_all {
                break;
            }
            let mut covered = f64::INFINITY;
            if x0 > 0 {
                covered = covered.min(q[0] - (self.origin[0] + x0 as f64 * self.cell));
            }
            if x1 < self.nx - 1 {
                covered = covered.min(self.origin[0] + (x1 + 1) as f64 * self.cell - q[0]);
            }
            if y0 > 0 {
                covered = covered.min(q[1] - (self.origin[1] + y0 as f64 * self.cell));
            }
            if y1 < self.ny - 1 {
                covered = covered.min(self.origin[1] + (y1 + 1) as f64 * self.cell - q[1]);
            }
            if covered >= radius_m || covered >= best + margin_m {
                break;
            }
            k += 1;
        }
        out.sort_unstable_by(|a, b| a.dist.total_cmp(&b.dist).then(a.seg.cmp(&b.seg)));
        out.dedup_by_key(|f| f.seg);
        // The nearest-neighbour stopping rule over the complete, ordered prefix.
        let mut best = f64::INFINITY;
        let mut keep = 0;
        for f in out.iter() {
            if f.dist > best + margin_m || keep >= limit {
                break;
            }
            best = best.min(f.score);
            keep += 1;
        }
        out.truncate(keep);
    }
}

/// True when segment `a`-`b` meets the closed box `lo`-`hi` (Liang-Barsky clipping).
fn segment_touches_box(a: [f64; 2], b: [f64; 2], lo: [f64; 2], hi: [f64; 2]) -> bool {
    let d = [b[0] - a[0], b[1] - a[1]];
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for k in 0..2 {
        if d[k] == 0.0 {
            if a[k] < lo[k] || a[k] > hi[k] {
                return false;
            }
        } else {
            let (mut ta, mut tb) = ((lo[k] - a[k]) / d[k], (hi[k] - a[k]) / d[k]);
            if ta > tb {
                std::mem::swap(&mut ta, &mut tb);
            }
            t0 = t0.max(ta);
            t1 = t1.min(tb);
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    //! The grid search equals a brute-force scan: every segment's distance computed by `rstar`'s
    //! line-segment distance (the nearest-neighbour search snapping used before), ordered by
    //! (distance, segment), with the same stopping rule applied literally.

    use super::*;
    use crate::geometry::bearing_diff_deg;
    use crate::geometry::LatLon;
    use rstar::primitives::Line;
    use rstar::PointDistance;

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn unit(&mut self) -> f64 {
            (self.next() >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    fn rank(heading: Option<f64>) -> impl Fn(&Segment, f64) -> Option<f64> {
        move |seg, d| match heading {
            None => Some(d),
            Some(h) => {
                let diff = bearing_diff_deg(h, seg.bearing);
                (diff <= 90.0).then_some(d + diff * 0.2)
            }
        }
    }

    fn brute(grid: &SegmentGrid, q: [f64; 2], radius: f64, heading: Option<f64>) -> Vec<Found> {
        let rank = rank(heading);
        let mut all: Vec<(f64, u32)> = grid
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| (Line::new(s.a, s.b).distance_2(&q).sqrt(), i as u32))
            .collect();
        all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut out = Vec::new();
        let mut best = f64::INFINITY;
        for (d, i) in all {
            if d > radius || d > best + 20.0 || out.len() >= 64 {
                break;
            }
            let Some(score) = rank(&grid.segments[i as usize], d) else {
                continue;
            };
            best = best.min(score);
            out.push(Found {
                dist: d,
                score,
                seg: i,
            });
        }
        out
    }

    fn check(grid: &SegmentGrid, points: usize, seed: u64) -> usize {
        let mut rng = Rng(seed);
        let (lo, hi) = (
            grid.origin,
            [
                grid.origin[0] + grid.nx as f64 * grid.cell,
                grid.origin[1] + grid.ny as f64 * grid.cell,
            ],
        );
        let mut found = Vec::new();
        let mut nonempty = 0;
        for k in 0..points {
            let q = match k % 4 {
                // Anywhere in (and a little around) the extent.
                0 | 1 => [
                    lo[0] - 500.0 + rng.unit() * (hi[0] - lo[0] + 1000.0),
                    lo[1] - 500.0 + rng.unit() * (hi[1] - lo[1] + 1000.0),
                ],
                // Near a segment end point (ties between neighbouring segments), or on it.
                2 => {
                    let s = &grid.segments[(rng.next() % grid.segments.len() as u64) as usize];
                    let j = if rng.unit() < 0.3 { 0.0 } else { 30.0 };
                    [
                        s.a[0] + (rng.unit() - 0.5) * j,
                        s.a[1] + (rng.unit() - 0.5) * j,
                    ]
                }
                // Far outside.
                _ => [lo[0] - 2_000.0 * rng.unit(), hi[1] + 2_000.0 * rng.unit()],
            };
            let radius = [5.0, 50.0, 200.0, 5_000.0, f64::INFINITY][(rng.next() % 5) as usize];
            let heading = (rng.unit() < 0.5).then(|| rng.unit() * 360.0);
            grid.search(q, radius, 20.0, 64, rank(heading), &mut found);
            let expect = brute(grid, q, radius, heading);
            assert_eq!(
                found, expect,
                "query {q:?} radius {radius} heading {heading:?}"
            );
            nonempty += usize::from(!found.is_empty());
        }
        nonempty
    }

    #[test]
    fn grid_equals_brute_force_on_andorra() {
        let (g, _) = crate::osm::road_graph_from_pbf(
            crate::bundled::ANDORRA_PBF,
            &crate::profile::Profile::car(),
        )
        .expect("andorra");
        let grid = SegmentGrid::build(&g);
        assert!(check(&grid, 800, 1) > 200);
        // A coarse and a fine grid, to exercise many rings and many cells per segment.
        for cell in [900.0, 7.0] {
            let grid = SegmentGrid::build_with_cell(&g, Some(cell));
            assert!(check(&grid, 200, 2) > 50);
        }
    }

    #[test]
    fn grid_equals_brute_force_on_bremen_with_spread_coordinates() {
        // The Bremen edge list (fast_paths test map, OSM contributors, ODbL) has no coordinates:
        // nodes get pseudo-random positions in a 3 km square, which makes long, crossing segments.
        let text = include_str!("../../../testdata/maps/bremen_time.gr");
        let mut g = RoadGraph::from_edge_list(text).expect("bremen");
        let mut rng = Rng(9);
        g.coords = (0..g.num_nodes())
            .map(|_| LatLon::new(53.07 + rng.unit() * 0.027, 8.8 + rng.unit() * 0.045))
            .collect();
        let grid = SegmentGrid::build_with_cell(&g, Some(250.0));
        assert!(grid.nx > 8 && grid.ny > 8);
        assert!(check(&grid, 100, 3) > 25);
    }
}
