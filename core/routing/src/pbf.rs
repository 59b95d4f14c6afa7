//! A reader for the OSM PBF format: the nodes and ways a road graph needs.
//!
//! The file is a sequence of blocks, each a 4-byte big-endian header length, a `BlobHeader` and a
//! `Blob` (raw or zlib-compressed). `OSMHeader` blocks name the features a reader must support;
//! `OSMData` blocks hold a `PrimitiveBlock`: a string table, coordinate granularity and offsets,
//! and groups of plain nodes, dense nodes (delta-coded columns) and ways (delta-coded node
//! references). Messages are decoded with a minimal protocol-buffers wire reader; relations,
//! metadata and changesets are skipped. Every malformed input is an error naming the block and
//! the byte offset of the block in the file, never a panic.
//!
//! Format reference: <https://wiki.openstreetmap.org/wiki/PBF_Format> (OSM wiki, CC BY-SA).

use crate::error::{Result, RoutingError};

/// The largest `BlobHeader` the format allows.
const MAX_HEADER: usize = 64 * 1024;
/// The largest uncompressed blob the format allows.
const MAX_BLOB: usize = 32 * 1024 * 1024;
/// Features a file may require that this reader supports.
const SUPPORTED_FEATURES: &[&str] = &["OsmSchema-V0.6", "DenseNodes", "HistoricalInformation"];

/// One element of the file, as the graph importer uses it.
pub(crate) enum Element<'a> {
    /// A node: id, latitude and longitude in degrees.
    Node { id: i64, lat: f64, lon: f64 },
    /// A way: its tags and node references, in order.
    Way {
        tags: Vec<(&'a str, &'a str)>,
        refs: Vec<i64>,
    },
}

/// Calls `visit` for every node and way of the file, in file order.
pub(crate) fn read(bytes: &[u8], mut visit: impl FnMut(Element<'_>)) -> Result<()> {
    let mut pos = 0usize;
    while pos < bytes.len() {
        let at = pos;
        let err = |why: &str| RoutingError::OsmPbf(format!("block at byte {at}: {why}"));
        let len_bytes: [u8; 4] = bytes
            .get(pos..pos + 4)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| err("truncated block length"))?;
        let header_len = u32::from_be_bytes(len_bytes) as usize;
        if header_len > MAX_HEADER {
            return Err(err("block header larger than 64 KiB"));
        }
        pos += 4;
        let header = bytes
            .get(pos..pos + header_len)
            .ok_or_else(|| err("truncated block header"))?;
        pos += header_len;
        let (kind, size) = blob_header(header).map_err(|e| err(&e))?;
        if size > MAX_BLOB {
            return Err(err("blob larger than 32 MiB"));
        }
        let blob = bytes
            .get(pos..pos + size)
            .ok_or_else(|| err("truncated blob"))?;
        pos += size;
        let data = blob_data(blob).map_err(|e| err(&e))?;
        match kind {
            "OSMHeader" => header_block(&data).map_err(|e| err(&e))?,
            "OSMData" => primitive_block(&data, &mut visit).map_err(|e| err(&e))?,
            _ => {} // unknown block types are skipped, as the format asks
        }
    }
    Ok(())
}

type Wire<T> = std::result::Result<T, String>;

/// A protocol-buffers field value.
enum Value<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Fixed,
}

/// Iterates the fields of one message.
struct Fields<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Fields<'a> {
    fn new(buf: &'a [u8]) -> Self {
        Fields { buf, pos: 0 }
    }

    fn varint(&mut self) -> Wire<u64> {
        read_varint(self.buf, &mut self.pos)
    }

    fn next_field(&mut self) -> Wire<Option<(u32, Value<'a>)>> {
        if self.pos >= self.buf.len() {
            return Ok(None);
        }
        let key = self.varint()?;
        let number = u32::try_from(key >> 3).map_err(|_| "field number out of range")?;
        let value = match key & 7 {
            0 => Value::Varint(self.varint()?),
            1 => {
                self.skip(8)?;
                Value::Fixed
            }
            2 => {
                let len = usize::try_from(self.varint()?).map_err(|_| "length out of range")?;
                let start = self.pos;
                self.skip(len)?;
                Value::Bytes(&self.buf[start..self.pos])
            }
            5 => {
                self.skip(4)?;
                Value::Fixed
            }
            w => return Err(format!("unsupported wire type {w} in field {number}")),
        };
        Ok(Some((number, value)))
    }

    fn skip(&mut self, n: usize) -> Wire<()> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|e| *e <= self.buf.len())
            .ok_or("field runs past the end of its message")?;
        self.pos = end;
        Ok(())
    }
}

fn read_varint(buf: &[u8], pos: &mut usize) -> Wire<u64> {
    let mut v = 0u64;
    for shift in (0..70).step_by(7) {
        let b = *buf.get(*pos).ok_or("truncated varint")?;
        *pos += 1;
        if shift == 63 && b > 1 {
            return Err("varint overflows 64 bits".into());
        }
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err("varint longer than 10 bytes".into())
}

fn zigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// The values of a repeated integer field, packed or not.
fn push_ints(value: &Value<'_>, out: &mut Vec<u64>) -> Wire<()> {
    match value {
        Value::Varint(v) => out.push(*v),
        Value::Bytes(b) => {
            let mut p = 0;
            while p < b.len() {
                out.push(read_varint(b, &mut p)?);
            }
        }
        Value::Fixed => return Err("fixed-width value where integers were expected".into()),
    }
    Ok(())
}

fn int(value: &Value<'_>) -> Wire<u64> {
    match value {
        Value::Varint(v) => Ok(*v),
        _ => Err("expected an integer".into()),
    }
}

fn bytes<'a>(value: &Value<'a>) -> Wire<&'a [u8]> {
    match value {
        Value::Bytes(b) => Ok(b),
        _ => Err("expected a length-delimited value".into()),
    }
}

fn blob_header(buf: &[u8]) -> Wire<(&str, usize)> {
    let mut kind = None;
    let mut size = None;
    let mut f = Fields::new(buf);
    while let Some((n, v)) = f.next_field()? {
        match n {
            1 => {
                kind = Some(std::str::from_utf8(bytes(&v)?).map_err(|_| "block type is not UTF-8")?)
            }
            3 => size = Some(usize::try_from(int(&v)?).map_err(|_| "blob size out of range")?),
            _ => {}
        }
    }
    Ok((
        kind.ok_or("block header without a type")?,
        size.ok_or("block header without a data size")?,
    ))
}

fn blob_data(buf: &[u8]) -> Wire<Vec<u8>> {
    let mut raw_size = None;
    let mut data = None;
    let mut f = Fields::new(buf);
    while let Some((n, v)) = f.next_field()? {
        match n {
            1 => data = Some((false, bytes(&v)?)),
            2 => raw_size = Some(usize::try_from(int(&v)?).map_err(|_| "raw size out of range")?),
            3 => data = Some((true, bytes(&v)?)),
            4 => return Err("LZMA-compressed blocks are not supported".into()),
            5 => return Err("bzip2-compressed blocks are not supported".into()),
            6 => return Err("LZ4-compressed blocks are not supported".into()),
            7 => return Err("Zstandard-compressed blocks are not supported".into()),
            _ => {}
        }
    }
    match data {
        Some((false, raw)) => Ok(raw.to_vec()),
        Some((true, z)) => {
            let limit = raw_size.unwrap_or(MAX_BLOB).min(MAX_BLOB);
            miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(z, limit)
                .map_err(|e| format!("zlib data does not inflate ({:?})", e.status))
        }
        None => Err("blob without data".into()),
    }
}

fn header_block(buf: &[u8]) -> Wire<()> {
    let mut f = Fields::new(buf);
    while let Some((n, v)) = f.next_field()? {
        if n == 4 {
            let feature = String::from_utf8_lossy(bytes(&v)?);
            if !SUPPORTED_FEATURES.contains(&feature.as_ref()) {
                return Err(format!(
                    "the file requires the unsupported feature {feature:?}"
                ));
            }
        }
    }
    Ok(())
}

/// Coordinates of one block: `offset + granularity * value`, in nanodegrees.
struct Grid {
    granularity: i64,
    lat_offset: i64,
    lon_offset: i64,
}

impl Grid {
    fn degrees(&self, lat: i64, lon: i64) -> (f64, f64) {
        let nano = |offset: i64, v: i64| {
            offset.wrapping_add(self.granularity.wrapping_mul(v)) as f64 * 1e-9
        };
        (nano(self.lat_offset, lat), nano(self.lon_offset, lon))
    }
}

fn primitive_block(buf: &[u8], visit: &mut impl FnMut(Element<'_>)) -> Wire<()> {
    let mut strings: Vec<&str> = Vec::new();
    let mut groups: Vec<&[u8]> = Vec::new();
    let mut grid = Grid {
        granularity: 100,
        lat_offset: 0,
        lon_offset: 0,
    };
    let mut f = Fields::new(buf);
    while let Some((n, v)) = f.next_field()? {
        match n {
            1 => {
                let mut t = Fields::new(bytes(&v)?);
                while let Some((tn, tv)) = t.next_field()? {
                    if tn == 1 {
                        // Tags are UTF-8 in OSM; a broken string is read as empty, never guessed.
                        strings.push(std::str::from_utf8(bytes(&tv)?).unwrap_or(""));
                    }
                }
            }
            2 => groups.push(bytes(&v)?),
            17 => grid.granularity = int(&v)? as i64,
            19 => grid.lat_offset = int(&v)? as i64,
            20 => grid.lon_offset = int(&v)? as i64,
            _ => {}
        }
    }
    let string = |i: u64| -> Wire<&str> {
        usize::try_from(i)
            .ok()
            .and_then(|i| strings.get(i).copied())
            .ok_or_else(|| format!("string index {i} outside the block's string table"))
    };
    for g in groups {
        let mut f = Fields::new(g);
        while let Some((n, v)) = f.next_field()? {
            match n {
                1 => node(bytes(&v)?, &grid, visit)?,
                2 => dense_nodes(bytes(&v)?, &grid, visit)?,
                3 => way(bytes(&v)?, &string, visit)?,
                _ => {}
            }
        }
    }
    Ok(())
}

fn node(buf: &[u8], grid: &Grid, visit: &mut impl FnMut(Element<'_>)) -> Wire<()> {
    let (mut id, mut lat, mut lon) = (None, None, None);
    let mut f = Fields::new(buf);
    while let Some((n, v)) = f.next_field()? {
        match n {
            1 => id = Some(zigzag(int(&v)?)),
            8 => lat = Some(zigzag(int(&v)?)),
            9 => lon = Some(zigzag(int(&v)?)),
            _ => {}
        }
    }
    let (Some(id), Some(lat), Some(lon)) = (id, lat, lon) else {
        return Err("node without id, latitude or longitude".into());
    };
    let (lat, lon) = grid.degrees(lat, lon);
    visit(Element::Node { id, lat, lon });
    Ok(())
}

fn dense_nodes(buf: &[u8], grid: &Grid, visit: &mut impl FnMut(Element<'_>)) -> Wire<()> {
    let (mut ids, mut lats, mut lons) = (Vec::new(), Vec::new(), Vec::new());
    let mut f = Fields::new(buf);
    while let Some((n, v)) = f.next_field()? {
        match n {
            1 => push_ints(&v, &mut ids)?,
            8 => push_ints(&v, &mut lats)?,
            9 => push_ints(&v, &mut lons)?,
            _ => {}
        }
    }
    if lats.len() != ids.len() || lons.len() != ids.len() {
        return Err(format!(
            "dense nodes with {} ids, {} latitudes and {} longitudes",
            ids.len(),
            lats.len(),
            lons.len()
        ));
    }
    let (mut id, mut lat, mut lon) = (0i64, 0i64, 0i64);
    for ((i, la), lo) in ids.into_iter().zip(lats).zip(lons) {
        id = id.wrapping_add(zigzag(i));
        lat = lat.wrapping_add(zigzag(la));
        lon = lon.wrapping_add(zigzag(lo));
        let (lat, lon) = grid.degrees(lat, lon);
        visit(Element::Node { id, lat, lon });
    }
    Ok(())
}

fn way<'s>(
    buf: &[u8],
    string: &impl Fn(u64) -> Wire<&'s str>,
    visit: &mut impl FnMut(Element<'_>),
) -> Wire<()> {
    let (mut keys, mut vals, mut deltas) = (Vec::new(), Vec::new(), Vec::new());
    let mut f = Fields::new(buf);
    while let Some((n, v)) = f.next_field()? {
        match n {
            2 => push_ints(&v, &mut keys)?,
            3 => push_ints(&v, &mut vals)?,
            8 => push_ints(&v, &mut deltas)?,
            _ => {}
        }
    }
    if keys.len() != vals.len() {
        return Err(format!(
            "way with {} tag keys and {} values",
            keys.len(),
            vals.len()
        ));
    }
    let tags = keys
        .into_iter()
        .zip(vals)
        .map(|(k, v)| Ok((string(k)?, string(v)?)))
        .collect::<Wire<Vec<_>>>()?;
    let mut id = 0i64;
    let refs = deltas
        .into_iter()
        .map(|d| {
            id = id.wrapping_add(zigzag(d));
            id
        })
        .collect();
    visit(Element::Way { tags, refs });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varint(mut v: u64, out: &mut Vec<u8>) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                return;
            }
            out.push(b | 0x80);
        }
    }

    fn field_bytes(n: u32, b: &[u8], out: &mut Vec<u8>) {
        varint(u64::from(n) << 3 | 2, out);
        varint(b.len() as u64, out);
        out.extend_from_slice(b);
    }

    fn block(kind: &str, data: &[u8]) -> Vec<u8> {
        let mut blob = Vec::new();
        field_bytes(1, data, &mut blob);
        let mut header = Vec::new();
        field_bytes(1, kind.as_bytes(), &mut header);
        varint(3 << 3, &mut header);
        varint(blob.len() as u64, &mut header);
        let mut out = (header.len() as u32).to_be_bytes().to_vec();
        out.extend(header);
        out.extend(blob);
        out
    }

    #[test]
    fn varints_and_zigzag() {
        let mut buf = Vec::new();
        varint(300, &mut buf);
        varint(u64::MAX, &mut buf);
        let mut p = 0;
        assert_eq!(read_varint(&buf, &mut p).unwrap(), 300);
        assert_eq!(read_varint(&buf, &mut p).unwrap(), u64::MAX);
        assert!(read_varint(&[0x80; 11], &mut 0).is_err());
        assert_eq!(zigzag(0), 0);
        assert_eq!(zigzag(1), -1);
        assert_eq!(zigzag(2), 1);
        assert_eq!(zigzag(u64::MAX), i64::MIN);
    }

    #[test]
    fn a_plain_node_and_a_way_with_tags() {
        let mut strings = Vec::new();
        for s in ["", "highway", "primary"] {
            field_bytes(1, s.as_bytes(), &mut strings);
        }
        let mut node = Vec::new();
        for (n, v) in [(1u64, 84u64), (8, 2 * 425_000_000), (9, 2 * 15_000_000)] {
            varint(n << 3, &mut node);
            varint(v, &mut node);
        }
        let mut way = Vec::new();
        field_bytes(2, &[1], &mut way);
        field_bytes(3, &[2], &mut way);
        field_bytes(8, &[84, 2, 3], &mut way); // 42, 43, 41
        let mut group = Vec::new();
        field_bytes(1, &node, &mut group);
        field_bytes(3, &way, &mut group);
        let mut prim = Vec::new();
        field_bytes(1, &strings, &mut prim);
        field_bytes(2, &group, &mut prim);
        let file = block("OSMData", &prim);
        let mut seen = Vec::new();
        read(&file, |e| match e {
            Element::Node { id, lat, lon } => seen.push(format!("n{id} {lat:.2} {lon:.2}")),
            Element::Way { tags, refs } => seen.push(format!("w{tags:?} {refs:?}")),
        })
        .unwrap();
        assert_eq!(
            seen,
            [
                "n42 42.50 1.50",
                "w[(\"highway\", \"primary\")] [42, 43, 41]"
            ]
        );
    }

    #[test]
    fn malformed_input_is_an_error_with_the_block_offset() {
        let ok = block("OSMData", &[]);
        for bad in [
            vec![0, 0, 0],
            vec![0, 0, 0, 9, 1],
            [ok.clone(), vec![0xff, 0xff, 0xff, 0xff]].concat(),
            block("OSMData", &[0x0a, 0x05, 0x01]),
            block("OSMData", &[0x13]),
        ] {
            let e = read(&bad, |_| {}).unwrap_err().to_string();
            assert!(e.contains("block at byte"), "{e}");
        }
        let mut header = Vec::new();
        field_bytes(4, b"Sort.Type_then_ID_x", &mut header);
        let e = read(&block("OSMHeader", &header), |_| {})
            .unwrap_err()
            .to_string();
        assert!(e.contains("unsupported feature"), "{e}");
        read(&ok, |_| {}).unwrap();
    }
}
