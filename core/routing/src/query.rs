//! Searches on a customized hierarchy: elimination-tree walks (no priority queue), pruned
//! bidirectional point-to-point queries and bucket-based one-to-many / many-to-many.

use crate::cch::{Metric, Topology};
use crate::graph::{INF, NONE};

/// Per-thread search labels, all [`INF`] between searches.
#[derive(Debug, Clone)]
pub(crate) struct Scratch {
    df: Vec<u32>,
    db: Vec<u32>,
    pf: Vec<u32>,
    pb: Vec<u32>,
    fs: Vec<u32>,
    bs: Vec<u32>,
}

impl Scratch {
    pub fn new(n: usize) -> Scratch {
        Scratch {
            df: vec![INF; n],
            db: vec![INF; n],
            pf: vec![NONE; n],
            pb: vec![NONE; n],
            fs: Vec::new(),
            bs: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.df.len()
    }
}

/// Result of a point-to-point search: travel time and the arcs (with direction) of the path.
pub(crate) struct Found {
    pub time: u32,
    /// (arc, upward) in travel order.
    pub arcs: Vec<(u32, bool)>,
    /// Index into the sources / targets slices actually used.
    pub source_rank: u32,
    pub target_rank: u32,
}

fn advance(front: &mut Vec<u32>, x: u32, parent: &[u32]) {
    let p = parent[x as usize];
    front.retain(|&v| v != x);
    if p != NONE && !front.contains(&p) {
        front.push(p);
    }
}

#[inline]
fn relax(topo: &Topology, w: &[u32], x: u32, dist: &mut [u32], pred: &mut [u32]) {
    let d = dist[x as usize];
    for a in topo.arcs(x) {
        let h = topo.up_head[a] as usize;
        let nd = d.saturating_add(w[a]);
        if nd < dist[h] {
            dist[h] = nd;
            pred[h] = a as u32;
        }
    }
}

fn clear_chain(parent: &[u32], mut x: u32, dist: &mut [u32]) {
    while x != NONE {
        dist[x as usize] = INF;
        x = parent[x as usize];
    }
}

/// Shortest time from any `(rank, offset)` source to any target, with the path when `want_path`.
pub(crate) fn query(
    topo: &Topology,
    m: &Metric,
    sc: &mut Scratch,
    src: &[(u32, u32)],
    tgt: &[(u32, u32)],
    want_path: bool,
) -> Option<Found> {
    let Scratch {
        df,
        db,
        pf,
        pb,
        fs,
        bs,
        ..
    } = sc;
    fs.clear();
    bs.clear();
    for &(r, o) in src {
        if o < df[r as usize] {
            df[r as usize] = o;
            pf[r as usize] = NONE;
        }
        if !fs.contains(&r) {
            fs.push(r);
        }
    }
    for &(r, o) in tgt {
        if o < db[r as usize] {
            db[r as usize] = o;
            pb[r as usize] = NONE;
        }
        if !bs.contains(&r) {
            bs.push(r);
        }
    }
    let mut best = INF;
    let mut meet = NONE;
    loop {
        let mf = fs.iter().copied().min().unwrap_or(NONE);
        let mb = bs.iter().copied().min().unwrap_or(NONE);
        let x = mf.min(mb);
        if x == NONE {
            break;
        }
        let xi = x as usize;
        if mf == x && mb == x {
            let c = df[xi].saturating_add(db[xi]);
            if c < best {
                best = c;
                meet = x;
            }
        }
        if mf == x {
            if df[xi] < best {
                relax(topo, &m.fw, x, df, pf);
            }
            if fs.len() == 1 {
                fs[0] = topo.parent[xi];
                if fs[0] == NONE {
                    fs.clear();
                }
            } else {
                advance(fs, x, &topo.parent);
            }
        }
        if mb == x {
            if db[xi] < best {
                relax(topo, &m.bw, x, db, pb);
            }
            if bs.len() == 1 {
                bs[0] = topo.parent[xi];
                if bs[0] == NONE {
                    bs.clear();
                }
            } else {
                advance(bs, x, &topo.parent);
            }
        }
    }
    let mut found = None;
    if meet != NONE {
        let mut arcs = Vec::new();
        let mut x = meet;
        if want_path {
            while pf[x as usize] != NONE {
                let a = pf[x as usize];
                arcs.push((a, true));
                x = topo.arc_tail[a as usize];
            }
        } else {
            x = NONE;
        }
        let source_rank = x;
        arcs.reverse();
        let mut y = meet;
        if want_path {
            while pb[y as usize] != NONE {
                let a = pb[y as usize];
                arcs.push((a, false));
                y = topo.arc_tail[a as usize];
            }
        } else {
            y = NONE;
        }
        found = Some(Found {
            time: best,
            arcs,
            source_rank,
            target_rank: y,
        });
    }
    for &(r, _) in src {
        clear_chain(&topo.parent, r, df);
    }
    for &(r, _) in tgt {
        clear_chain(&topo.parent, r, db);
    }
    found
}

/// Walks the elimination tree up from `start` with initial time `offset`, calling `visit(node,
/// time)` for every ancestor with a finite label (exact upward distance), then clears labels.
pub(crate) fn walk(
    topo: &Topology,
    m: &Metric,
    sc: &mut Scratch,
    start: u32,
    offset: u32,
    forward: bool,
    mut visit: impl FnMut(u32, u32),
) {
    let (dist, pred, w) = if forward {
        (&mut sc.df, &mut sc.pf, &m.fw)
    } else {
        (&mut sc.db, &mut sc.pb, &m.bw)
    };
    dist[start as usize] = offset;
    let mut x = start;
    while x != NONE {
        let d = dist[x as usize];
        if d != INF {
            visit(x, d);
            relax(topo, w, x, dist, pred);
        }
        x = topo.parent[x as usize];
    }
    clear_chain(&topo.parent, start, dist);
}

/// Buckets: for graph ranks, the (item, time) entries left by upward walks of many items.
#[derive(Debug, Clone, Default)]
pub(crate) struct Buckets {
    /// (rank, item, time) sorted by rank.
    entries: Vec<(u32, u32, u32)>,
    /// rank -> first entry index, only for ranks with entries (NONE otherwise).
    pos: Vec<u32>,
}

impl Buckets {
    /// Builds buckets from walks of `items` given as (rank, offset); `forward` walks use `fw`.
    pub fn build(
        topo: &Topology,
        m: &Metric,
        sc: &mut Scratch,
        items: &[(u32, u32)],
        forward: bool,
    ) -> Buckets {
        let mut entries = Vec::new();
        for (i, &(r, o)) in items.iter().enumerate() {
            walk(topo, m, sc, r, o, forward, |x, d| {
                entries.push((x, i as u32, d))
            });
        }
        entries.sort_unstable();
        let mut pos = vec![NONE; topo.num_nodes()];
        for (i, e) in entries.iter().enumerate().rev() {
            pos[e.0 as usize] = i as u32;
        }
        Buckets { entries, pos }
    }

    /// Entries of one rank.
    #[inline]
    pub fn at(&self, rank: u32) -> &[(u32, u32, u32)] {
        let p = self.pos[rank as usize];
        if p == NONE {
            return &[];
        }
        let start = p as usize;
        let mut end = start;
        while end < self.entries.len() && self.entries[end].0 == rank {
            end += 1;
        }
        &self.entries[start..end]
    }

    /// Scans the walk from `start` (opposite direction to the buckets) and reports, per item, the
    /// best time through `out` (indexed by item); `accept` filters items.
    #[allow(clippy::too_many_arguments)]
    pub fn scan_min(
        &self,
        topo: &Topology,
        m: &Metric,
        sc: &mut Scratch,
        start: u32,
        offset: u32,
        buckets_forward: bool,
        mut accept: impl FnMut(u32) -> bool,
    ) -> Option<(u32, u32)> {
        let mut best: Option<(u32, u32)> = None;
        let (dist, pred, w) = if buckets_forward {
            (&mut sc.db, &mut sc.pb, &m.bw)
        } else {
            (&mut sc.df, &mut sc.pf, &m.fw)
        };
        dist[start as usize] = offset;
        let mut x = start;
        while x != NONE {
            let d = dist[x as usize];
            if d != INF && best.is_none_or(|(_, b)| d < b) {
                for &(_, item, t) in self.at(x) {
                    let c = d.saturating_add(t);
                    if best.is_none_or(|(bi, b)| c < b || (c == b && item < bi)) && accept(item) {
                        best = Some((item, c));
                    }
                }
                relax(topo, w, x, dist, pred);
            }
            x = topo.parent[x as usize];
        }
        clear_chain(&topo.parent, start, dist);
        best.filter(|&(_, c)| c != INF)
    }

    /// Like [`Buckets::scan_min`] but fills `out[item]` with the best time for every item.
    #[allow(clippy::too_many_arguments)]
    pub fn scan_all(
        &self,
        topo: &Topology,
        m: &Metric,
        sc: &mut Scratch,
        start: u32,
        offset: u32,
        buckets_forward: bool,
        out: &mut [u32],
    ) {
        let (dist, pred, w) = if buckets_forward {
            (&mut sc.db, &mut sc.pb, &m.bw)
        } else {
            (&mut sc.df, &mut sc.pf, &m.fw)
        };
        dist[start as usize] = offset;
        let mut x = start;
        while x != NONE {
            let d = dist[x as usize];
            if d != INF {
                for &(_, item, t) in self.at(x) {
                    let c = d.saturating_add(t);
                    if let Some(slot) = out.get_mut(item as usize) {
                        if c < *slot {
                            *slot = c;
                        }
                    }
                }
                relax(topo, w, x, dist, pred);
            }
            x = topo.parent[x as usize];
        }
        clear_chain(&topo.parent, start, dist);
    }
}
