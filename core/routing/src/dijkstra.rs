//! Plain Dijkstra on the road graph: the exactness oracle, isochrones and small searches.

use crate::graph::{RoadGraph, INF, NONE};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Shortest travel time from `source` to `target` under `weights` (milliseconds), `None` when
/// unreachable or a node is out of range.
pub fn dijkstra_time(g: &RoadGraph, weights: &[u32], source: u32, target: u32) -> Option<u32> {
    let d = dijkstra_bounded(g, weights, &[(source, 0)], Some(target), INF);
    d.get(target as usize).copied().filter(|&t| t != INF)
}

/// Multi-source Dijkstra from `(node, initial time)` pairs, stopping at `stop_at` when given or
/// when times exceed `limit_ms`. Returns the time per node ([`INF`] when not reached).
pub fn dijkstra_bounded(
    g: &RoadGraph,
    weights: &[u32],
    sources: &[(u32, u32)],
    stop_at: Option<u32>,
    limit_ms: u32,
) -> Vec<u32> {
    let n = g.num_nodes() as usize;
    let mut dist = vec![INF; n];
    let mut heap = BinaryHeap::new();
    for &(s, d0) in sources {
        if let Some(slot) = dist.get_mut(s as usize) {
            if d0 < *slot && d0 <= limit_ms {
                *slot = d0;
                heap.push(Reverse((d0, s)));
            }
        }
    }
    while let Some(Reverse((d, v))) = heap.pop() {
        if d > dist[v as usize] {
            continue;
        }
        if Some(v) == stop_at {
            break;
        }
        for e in g.out_edges(v) {
            let w = weights.get(e).copied().unwrap_or(INF);
            if w == INF {
                continue;
            }
            let to = g.edges[e].to as usize;
            let nd = d.saturating_add(w);
            if nd < dist[to] && nd <= limit_ms {
                dist[to] = nd;
                heap.push(Reverse((nd, to as u32)));
            }
        }
    }
    let _ = NONE;
    dist
}
