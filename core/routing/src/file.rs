//! The prepared-graph file: a compact little-endian binary format.
//!
//! ```text
//! offset  size  field
//! 0       8     magic "MCROUTE\0"
//! 8       4     format version (u32, currently 1)
//! 12      4     flags (u32, bit 0: node coordinates present)
//! 16      8     payload length in bytes (u64)
//! 24      4     CRC-32 (IEEE) of the payload
//! 28      ...   payload:
//!               nodes u32, edges u32, shape points u32,
//!               coordinates: nodes x (lat f64, lon f64)             [if flag bit 0]
//!               edges: from u32, to u32, time_ms u32, distance_m f32, class u8,
//!                      shape_start u32, shape_len u32
//!               shape points: (lat f64, lon f64)
//!               node order: nodes x u32 (rank 0 first)
//! ```
//!
//! The file keeps the graph and the metric-independent node order (the expensive part of the
//! preparation); loading rebuilds the hierarchy topology and customizes it, which takes a few
//! milliseconds. Every field is bounds-checked: a corrupt file yields a
//! [`RoutingError::GraphFile`] naming the byte offset, never a panic.

use crate::error::{Result, RoutingError};
use crate::geometry::LatLon;
use crate::graph::{RawEdge, RoadClass, RoadGraph, NONE};
use crate::prepared::PreparedGraph;

/// File magic.
pub const MAGIC: &[u8; 8] = b"MCROUTE\0";
/// Current format version.
pub const FORMAT_VERSION: u32 = 1;
const HEADER: usize = 28;

/// Serializes a prepared graph (free-flow weights; live traffic is not stored).
pub fn save_prepared(g: &PreparedGraph) -> Vec<u8> {
    let graph = g.graph();
    let mut p = Vec::with_capacity(64 + graph.edges.len() * 25 + graph.coords.len() * 16);
    let put = |p: &mut Vec<u8>, v: u32| p.extend_from_slice(&v.to_le_bytes());
    put(&mut p, graph.num_nodes());
    put(&mut p, graph.num_edges());
    put(&mut p, graph.geometry.len() as u32);
    for c in &graph.coords {
        p.extend_from_slice(&c.lat.to_le_bytes());
        p.extend_from_slice(&c.lon.to_le_bytes());
    }
    for e in &graph.edges {
        put(&mut p, e.from);
        put(&mut p, e.to);
        put(&mut p, e.time_ms);
        p.extend_from_slice(&e.distance_m.to_le_bytes());
        p.push(e.class as u8);
        put(&mut p, e.geom_start);
        put(&mut p, e.geom_len);
    }
    for c in &graph.geometry {
        p.extend_from_slice(&c.lat.to_le_bytes());
        p.extend_from_slice(&c.lon.to_le_bytes());
    }
    for &v in g.node_order() {
        put(&mut p, v);
    }
    let mut out = Vec::with_capacity(HEADER + p.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&u32::from(graph.has_coords()).to_le_bytes());
    out.extend_from_slice(&(p.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&p).to_le_bytes());
    out.extend_from_slice(&p);
    out
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> Reader<'a> {
    fn err(&self, message: impl Into<String>) -> RoutingError {
        RoutingError::GraphFile {
            offset: self.base + self.pos,
            message: message.into(),
        }
    }
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| self.err(format!("truncated while reading {what}")))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self, what: &str) -> Result<u32> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32(&mut self, what: &str) -> Result<f32> {
        Ok(f32::from_bits(self.u32(what)?))
    }
    fn f64(&mut self, what: &str) -> Result<f64> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(f64::from_le_bytes(a))
    }
    fn latlon(&mut self, what: &str) -> Result<LatLon> {
        let p = LatLon::new(self.f64(what)?, self.f64(what)?);
        if !p.is_valid() {
            return Err(self.err(format!("invalid coordinate in {what}")));
        }
        Ok(p)
    }
}

/// Reads a prepared graph written by [`save_prepared`].
pub fn load_prepared(bytes: &[u8]) -> Result<PreparedGraph> {
    let head_err = |offset: usize, m: &str| RoutingError::GraphFile {
        offset,
        message: m.to_string(),
    };
    if bytes.len() < HEADER {
        return Err(head_err(
            bytes.len(),
            "file shorter than the 28-byte header",
        ));
    }
    if &bytes[0..8] != MAGIC {
        return Err(head_err(0, "not a medcore prepared-graph file (bad magic)"));
    }
    let u32_at =
        |o: usize| u32::from_le_bytes([bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]]);
    let version = u32_at(8);
    if version != FORMAT_VERSION {
        return Err(head_err(
            8,
            &format!("format version {version} is not supported (expected {FORMAT_VERSION})"),
        ));
    }
    let flags = u32_at(12);
    if flags & !1 != 0 {
        return Err(head_err(12, &format!("unknown flags {flags:#x}")));
    }
    let mut len8 = [0u8; 8];
    len8.copy_from_slice(&bytes[16..24]);
    let len = u64::from_le_bytes(len8);
    if len != (bytes.len() - HEADER) as u64 {
        return Err(head_err(
            16,
            &format!(
                "payload length {len} does not match the {} bytes present",
                bytes.len() - HEADER
            ),
        ));
    }
    let payload = &bytes[HEADER..];
    if crc32fast::hash(payload) != u32_at(24) {
        return Err(head_err(24, "checksum mismatch: the file is corrupt"));
    }
    let mut r = Reader {
        buf: payload,
        pos: 0,
        base: HEADER,
    };
    let n = r.u32("node count")?;
    let m = r.u32("edge count")?;
    let shape_count = r.u32("shape point count")?;
    let need = (n as u64) * if flags & 1 == 1 { 16 } else { 0 }
        + (m as u64) * 25
        + (shape_count as u64) * 16
        + (n as u64) * 4;
    if need != (payload.len() - 12) as u64 {
        return Err(r.err(format!("counts ({n} nodes, {m} edges, {shape_count} shape points) do not match the payload size")));
    }
    if n == 0 {
        return Err(r.err("graph has no nodes"));
    }
    let mut coords = Vec::new();
    if flags & 1 == 1 {
        coords.reserve(n as usize);
        for _ in 0..n {
            coords.push(r.latlon("node coordinates")?);
        }
    }
    let mut edges = Vec::with_capacity(m as usize);
    let mut spans = Vec::with_capacity(m as usize);
    let mut last_from = 0u32;
    for _ in 0..m {
        let from = r.u32("edge tail")?;
        let to = r.u32("edge head")?;
        let time_ms = r.u32("edge time")?;
        let distance_m = r.f32("edge distance")?;
        let class = RoadClass::from_code(r.take(1, "edge class")?[0])
            .ok_or_else(|| r.err("unknown road class"))?;
        let gs = r.u32("edge shape start")?;
        let gl = r.u32("edge shape length")?;
        if from >= n || to >= n || from == to {
            return Err(r.err(format!("edge {from} -> {to} is not valid for {n} nodes")));
        }
        if from < last_from {
            return Err(r.err("edges are not sorted by tail node"));
        }
        last_from = from;
        if time_ms == 0 || time_ms == u32::MAX || !distance_m.is_finite() || distance_m < 0.0 {
            return Err(r.err("edge time or distance out of range"));
        }
        if (gs as u64) + (gl as u64) > shape_count as u64 {
            return Err(r.err("edge shape outside the shape array"));
        }
        spans.push((gs as usize, gl as usize));
        edges.push(RawEdge {
            from,
            to,
            time_ms,
            distance_m,
            class,
            shape: Vec::new(),
        });
    }
    let mut shape = Vec::with_capacity(shape_count as usize);
    for _ in 0..shape_count {
        shape.push(r.latlon("shape points")?);
    }
    for (e, (gs, gl)) in edges.iter_mut().zip(spans) {
        e.shape = shape[gs..gs + gl].to_vec();
    }
    let mut order = Vec::with_capacity(n as usize);
    let mut seen = vec![false; n as usize];
    for _ in 0..n {
        let v = r.u32("node order")?;
        if v >= n || seen[v as usize] {
            return Err(r.err("node order is not a permutation"));
        }
        seen[v as usize] = true;
        order.push(v);
    }
    let graph = RoadGraph::from_edges(n, coords, edges)?;
    let _ = NONE;
    Ok(PreparedGraph::with_order(graph, order, 0.0))
}
