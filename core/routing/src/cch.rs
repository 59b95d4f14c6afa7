//! Customizable contraction hierarchy: metric-independent topology (chordal completion of the
//! road graph under a nested-dissection order) and customization (lower-triangle relaxation).
//!
//! Nodes are renumbered by rank. Every arc joins a lower node to a higher one and carries two
//! weights: `fw` (lower to higher) and `bw` (higher to lower). After customization each arc
//! weight is the shortest travel time between its ends using only lower-ranked intermediate
//! nodes, so an upward search from the source meeting an upward search from the target (both
//! along the elimination tree) finds exact shortest travel times.

use crate::graph::{RoadGraph, INF, NONE};
use crate::order::{nested_dissection, Undirected};

/// The metric-independent part.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Topology {
    /// rank -> graph node
    pub order: Vec<u32>,
    /// graph node -> rank
    pub rank: Vec<u32>,
    pub up_first: Vec<u32>,
    pub up_head: Vec<u32>,
    /// Lower endpoint of each arc.
    pub arc_tail: Vec<u32>,
    /// Elimination-tree parent (lowest upper neighbour) per rank.
    pub parent: Vec<u32>,
    /// Per graph edge: its arc.
    pub edge_arc: Vec<u32>,
    /// Per graph edge: true when it runs from the lower to the higher rank.
    pub edge_up: Vec<bool>,
}

/// Arc weights after customization.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Metric {
    pub fw: Vec<u32>,
    pub bw: Vec<u32>,
    pub fw_mid: Vec<u32>,
    pub bw_mid: Vec<u32>,
    pub fw_edge: Vec<u32>,
    pub bw_edge: Vec<u32>,
}

/// Computes a node order (lowest rank first).
pub(crate) fn compute_order(g: &RoadGraph) -> Vec<u32> {
    let u = Undirected::from_pairs(
        g.num_nodes() as usize,
        g.edges.iter().map(|e| (e.from, e.to)),
    );
    nested_dissection(&u)
}

impl Topology {
    /// Builds the chordal completion for `order` (rank -> node, must be a permutation).
    pub fn build(g: &RoadGraph, order: Vec<u32>) -> Topology {
        let n = g.num_nodes() as usize;
        let mut rank = vec![NONE; n];
        for (r, &v) in order.iter().enumerate() {
            rank[v as usize] = r as u32;
        }
        let mut up: Vec<Vec<u32>> = vec![Vec::new(); n];
        for e in &g.edges {
            let (a, b) = (rank[e.from as usize], rank[e.to as usize]);
            if a < b {
                up[a as usize].push(b);
            } else if b < a {
                up[b as usize].push(a);
            }
        }
        let mut parent = vec![NONE; n];
        for r in 0..n {
            let mut list = std::mem::take(&mut up[r]);
            list.sort_unstable();
            list.dedup();
            if let Some((&p, rest)) = list.split_first() {
                parent[r] = p;
                up[p as usize].extend_from_slice(rest);
            }
            up[r] = list;
        }
        let mut up_first = Vec::with_capacity(n + 1);
        let mut up_head = Vec::new();
        let mut arc_tail = Vec::new();
        up_first.push(0u32);
        for (r, list) in up.into_iter().enumerate() {
            arc_tail.extend(std::iter::repeat_n(r as u32, list.len()));
            up_head.extend_from_slice(&list);
            up_first.push(up_head.len() as u32);
        }
        let mut topo = Topology {
            order,
            rank,
            up_first,
            up_head,
            arc_tail,
            parent,
            edge_arc: Vec::new(),
            edge_up: Vec::new(),
        };
        let mut edge_arc = Vec::with_capacity(g.edges.len());
        let mut edge_up = Vec::with_capacity(g.edges.len());
        for e in &g.edges {
            let (a, b) = (topo.rank[e.from as usize], topo.rank[e.to as usize]);
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            edge_arc.push(topo.find_arc(lo, hi));
            edge_up.push(a < b);
        }
        topo.edge_arc = edge_arc;
        topo.edge_up = edge_up;
        topo
    }

    pub fn num_nodes(&self) -> usize {
        self.parent.len()
    }

    pub fn num_arcs(&self) -> usize {
        self.up_head.len()
    }

    #[inline]
    pub fn arcs(&self, r: u32) -> std::ops::Range<usize> {
        self.up_first[r as usize] as usize..self.up_first[r as usize + 1] as usize
    }

    /// Arc id of {lo, hi} (lo < hi), or NONE.
    pub fn find_arc(&self, lo: u32, hi: u32) -> u32 {
        if lo as usize >= self.num_nodes() {
            return NONE;
        }
        let range = self.arcs(lo);
        let start = range.start;
        match self.up_head[range].binary_search(&hi) {
            Ok(i) => (start + i) as u32,
            Err(_) => NONE,
        }
    }

    /// Customizes the hierarchy for per-edge `weights` (milliseconds, [`INF`] = closed).
    pub fn customize(&self, weights: &[u32]) -> Metric {
        let m = self.num_arcs();
        let mut fw = vec![INF; m];
        let mut bw = vec![INF; m];
        let mut fw_edge = vec![NONE; m];
        let mut bw_edge = vec![NONE; m];
        for (e, (&arc, &up)) in self.edge_arc.iter().zip(&self.edge_up).enumerate() {
            let w = weights.get(e).copied().unwrap_or(INF);
            let a = arc as usize;
            if a >= m {
                continue;
            }
            if up {
                if w < fw[a] {
                    fw[a] = w;
                    fw_edge[a] = e as u32;
                }
            } else if w < bw[a] {
                bw[a] = w;
                bw_edge[a] = e as u32;
            }
        }
        let mut fw_mid = vec![NONE; m];
        let mut bw_mid = vec![NONE; m];
        for x in 0..self.num_nodes() as u32 {
            let range = self.arcs(x);
            let end = range.end;
            for i in range {
                let (fi, bi) = (fw[i], bw[i]);
                if fi == INF && bi == INF {
                    continue;
                }
                let a = self.up_head[i];
                let arange = self.arcs(a);
                let (mut p, pend) = (arange.start, arange.end);
                for j in i + 1..end {
                    let b = self.up_head[j];
                    while p < pend && self.up_head[p] < b {
                        p += 1;
                    }
                    if p == pend {
                        break;
                    }
                    if self.up_head[p] != b {
                        continue;
                    }
                    let c1 = bi.saturating_add(fw[j]);
                    if c1 < fw[p] {
                        fw[p] = c1;
                        fw_mid[p] = x;
                    }
                    let c2 = bw[j].saturating_add(fi);
                    if c2 < bw[p] {
                        bw[p] = c2;
                        bw_mid[p] = x;
                    }
                }
            }
        }
        Metric {
            fw,
            bw,
            fw_mid,
            bw_mid,
            fw_edge,
            bw_edge,
        }
    }

    /// Expands an arc traversed upward (`up`) or downward into graph edge ids, appended in
    /// travel order. Returns false when the arc does not resolve (closed or inconsistent).
    pub fn unpack(&self, metric: &Metric, arc: u32, up: bool, out: &mut Vec<u32>) -> bool {
        let mut stack = vec![(arc, up)];
        while let Some((a, up)) = stack.pop() {
            let ai = a as usize;
            let Some(&lo) = self.arc_tail.get(ai) else {
                return false;
            };
            let hi = self.up_head[ai];
            let (mid, edge) = if up {
                (metric.fw_mid[ai], metric.fw_edge[ai])
            } else {
                (metric.bw_mid[ai], metric.bw_edge[ai])
            };
            if mid == NONE {
                if edge == NONE {
                    return false;
                }
                out.push(edge);
                continue;
            }
            let to_lo = self.find_arc(mid, lo);
            let to_hi = self.find_arc(mid, hi);
            if to_lo == NONE || to_hi == NONE {
                return false;
            }
            if up {
                // lo -> mid (down along {mid,lo}) then mid -> hi (up along {mid,hi})
                stack.push((to_hi, true));
                stack.push((to_lo, false));
            } else {
                // hi -> mid (down along {mid,hi}) then mid -> lo (up along {mid,lo})
                stack.push((to_lo, true));
                stack.push((to_hi, false));
            }
        }
        true
    }
}
