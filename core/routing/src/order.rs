//! Metric-independent node order by nested dissection with BFS-level separators.
//!
//! Each connected piece is cut by a breadth-first-search level (from a pseudo-peripheral node):
//! the nodes of one level that touch the next level separate everything before from everything
//! after. Of the balanced levels (each side at least a fifth of the piece) the smallest is taken,
//! trying both ends of the piece's diameter. Pieces are ordered first, separators last, so the
//! top of the hierarchy holds the small cuts. The order never depends on travel times, which is
//! what makes re-customization after a traffic update possible. Any order is correct; a better
//! one only makes queries faster.

use crate::graph::NONE;

const LEAF: usize = 6;
const MAX_DEPTH: usize = 200;

/// Undirected simple adjacency in CSR form.
pub(crate) struct Undirected {
    pub first: Vec<u32>,
    pub adj: Vec<u32>,
}

impl Undirected {
    pub fn from_pairs(n: usize, pairs: impl Iterator<Item = (u32, u32)>) -> Undirected {
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (a, b) in pairs {
            if a != b && (a as usize) < n && (b as usize) < n {
                lists[a as usize].push(b);
                lists[b as usize].push(a);
            }
        }
        let mut first = Vec::with_capacity(n + 1);
        let mut adj = Vec::new();
        first.push(0);
        for mut l in lists {
            l.sort_unstable();
            l.dedup();
            adj.extend_from_slice(&l);
            first.push(adj.len() as u32);
        }
        Undirected { first, adj }
    }

    fn neighbours(&self, v: u32) -> &[u32] {
        &self.adj[self.first[v as usize] as usize..self.first[v as usize + 1] as usize]
    }
}

struct Work {
    stamp: Vec<u32>,
    level: Vec<u32>,
    next_stamp: u32,
}

/// Nodes listed from lowest to highest rank.
pub(crate) fn nested_dissection(g: &Undirected) -> Vec<u32> {
    let n = g.first.len() - 1;
    let mut w = Work {
        stamp: vec![0; n],
        level: vec![NONE; n],
        next_stamp: 0,
    };
    let mut out = Vec::with_capacity(n);
    dissect(g, (0..n as u32).collect(), 0, &mut w, &mut out);
    out
}

fn bfs(g: &Undirected, start: u32, stamp: u32, w: &mut Work, order: &mut Vec<u32>) {
    order.clear();
    w.level[start as usize] = 0;
    order.push(start);
    let mut head = 0;
    while head < order.len() {
        let v = order[head];
        head += 1;
        let lv = w.level[v as usize];
        for &u in g.neighbours(v) {
            if w.stamp[u as usize] == stamp && w.level[u as usize] == NONE {
                w.level[u as usize] = lv + 1;
                order.push(u);
            }
        }
    }
}

fn reset_levels(nodes: &[u32], w: &mut Work) {
    for &v in nodes {
        w.level[v as usize] = NONE;
    }
}

/// The best level cut from `start`: (separator size, level) or None.
fn best_cut(g: &Undirected, nodes_len: usize, order: &[u32], w: &Work) -> Option<(usize, u32)> {
    let max_level = order.last().map(|&v| w.level[v as usize])?;
    let mut count = vec![0usize; max_level as usize + 2];
    let mut sep = vec![0usize; max_level as usize + 2];
    for &v in order {
        let l = w.level[v as usize];
        count[l as usize] += 1;
        if g.neighbours(v)
            .iter()
            .any(|&u| w.level[u as usize] == l + 1 && w.stamp[u as usize] == w.stamp[v as usize])
        {
            sep[l as usize] += 1;
        }
    }
    let min_side = nodes_len / 5;
    let mut below = 0usize;
    let mut best: Option<(usize, u32)> = None;
    for l in 0..=max_level as usize {
        let above = nodes_len - below - count[l];
        if below + (count[l] - sep[l]) >= min_side
            && above >= min_side
            && sep[l] > 0
            && best.is_none_or(|(s, _)| sep[l] < s)
        {
            best = Some((sep[l], l as u32));
        }
        below += count[l];
    }
    best
}

fn dissect(g: &Undirected, nodes: Vec<u32>, depth: usize, w: &mut Work, out: &mut Vec<u32>) {
    if nodes.len() <= LEAF || depth > MAX_DEPTH {
        out.extend_from_slice(&nodes);
        return;
    }
    w.next_stamp += 1;
    let stamp = w.next_stamp;
    for &v in &nodes {
        w.stamp[v as usize] = stamp;
    }
    let mut order = Vec::with_capacity(nodes.len());
    bfs(g, nodes[0], stamp, w, &mut order);
    if order.len() < nodes.len() {
        // Several components: order each on its own.
        let mut comps = Vec::new();
        let mut seen = order.clone();
        comps.push(std::mem::take(&mut order));
        for &v in &nodes {
            if w.level[v as usize] == NONE {
                let mut c = Vec::new();
                bfs(g, v, stamp, w, &mut c);
                seen.extend_from_slice(&c);
                comps.push(c);
            }
        }
        reset_levels(&seen, w);
        for c in comps {
            dissect(g, c, depth + 1, w, out);
        }
        return;
    }
    let a = *order.last().unwrap_or(&nodes[0]);
    reset_levels(&order, w);
    bfs(g, a, stamp, w, &mut order);
    let cut_a = best_cut(g, nodes.len(), &order, w);
    let b = *order.last().unwrap_or(&a);
    let levels_a: Vec<u32> = nodes.iter().map(|&v| w.level[v as usize]).collect();
    reset_levels(&order, w);
    bfs(g, b, stamp, w, &mut order);
    let cut_b = best_cut(g, nodes.len(), &order, w);
    let use_b = match (cut_a, cut_b) {
        (Some((sa, _)), Some((sb, _))) => sb < sa,
        (None, Some(_)) => true,
        _ => false,
    };
    let cut = if use_b { cut_b } else { cut_a };
    if !use_b {
        for (i, &v) in nodes.iter().enumerate() {
            w.level[v as usize] = levels_a[i];
        }
    }
    let Some((_, l)) = cut else {
        reset_levels(&nodes, w);
        out.extend_from_slice(&nodes);
        return;
    };
    let (mut left, mut right, mut sep) = (Vec::new(), Vec::new(), Vec::new());
    for &v in &nodes {
        let lv = w.level[v as usize];
        if lv < l {
            left.push(v);
        } else if lv > l {
            right.push(v);
        } else if g
            .neighbours(v)
            .iter()
            .any(|&u| w.stamp[u as usize] == stamp && w.level[u as usize] == l + 1)
        {
            sep.push(v);
        } else {
            left.push(v);
        }
    }
    reset_levels(&nodes, w);
    dissect(g, left, depth + 1, w, out);
    dissect(g, right, depth + 1, w, out);
    out.extend_from_slice(&sep);
}
