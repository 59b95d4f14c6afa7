//! Decoding of one embedded definitions file (zlib-compressed JSON, see `scripts/hl7_defs.py`).

use super::{kind_of, ComponentDef, Definitions, Element, FastMap, FieldDef, TableDef};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

type RawField = (String, u32, i64, Option<String>, String);
type RawComponent = (String, Option<String>, String);

#[derive(Deserialize)]
struct Raw {
    version: String,
    messages: HashMap<String, Vec<Value>>,
    segments: HashMap<String, Vec<RawField>>,
    datatypes: HashMap<String, Vec<RawComponent>>,
    tables: HashMap<String, (String, Vec<String>)>,
    events: HashMap<String, String>,
}

/// Decodes the embedded bytes of `version`; `None` if they are damaged (a build defect that
/// the crate's tests catch).
pub(super) fn decode(version: &str, bytes: &[u8]) -> Option<Definitions> {
    let json = miniz_oxide::inflate::decompress_to_vec_zlib(bytes).ok()?;
    let raw: Raw = serde_json::from_slice(&json).ok()?;
    if raw.version != version {
        return None;
    }
    let mut messages = FastMap::with_capacity_and_hasher(raw.messages.len(), Default::default());
    for (id, elems) in raw.messages {
        let mut out = Vec::with_capacity(elems.len());
        for e in &elems {
            out.push(element(e)?);
        }
        messages.insert(id, out);
    }
    // Composite types get an index first, so every field and component can be resolved.
    let mut names: Vec<String> = raw.datatypes.keys().cloned().collect();
    names.sort_unstable();
    let index: FastMap<u32> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i as u32))
        .collect();
    let mut composites = Vec::with_capacity(names.len());
    let mut raw_types = raw.datatypes;
    for n in &names {
        let comps = raw_types.remove(n).unwrap_or_default();
        composites.push(
            comps
                .into_iter()
                .map(|(datatype, table, name)| ComponentDef {
                    kind: kind_of(&index, &datatype),
                    datatype,
                    table,
                    name,
                })
                .collect::<Vec<_>>(),
        );
    }
    let segments = raw
        .segments
        .into_iter()
        .map(|(id, fields)| {
            let fields = fields
                .into_iter()
                .map(|(datatype, min, max, table, name)| FieldDef {
                    kind: kind_of(&index, &datatype),
                    datatype,
                    min,
                    max: bound(max),
                    table,
                    name,
                })
                .collect();
            (id, fields)
        })
        .collect();
    let tables = raw
        .tables
        .into_iter()
        .map(|(id, (name, values))| {
            (
                id,
                TableDef {
                    name,
                    values: values.into_iter().collect(),
                },
            )
        })
        .collect();
    Some(Definitions {
        version: raw.version,
        messages,
        segments,
        datatypes: index,
        composites,
        tables,
        events: raw.events.into_iter().collect(),
    })
}

fn bound(max: i64) -> Option<u32> {
    u32::try_from(max).ok()
}

fn element(v: &Value) -> Option<Element> {
    let a = v.as_array()?;
    let name = a.first()?.as_str()?.to_string();
    let min = u32::try_from(a.get(1)?.as_u64()?).ok()?;
    let max = bound(a.get(2)?.as_i64()?);
    if a.len() == 3 {
        return Some(Element::Segment { id: name, min, max });
    }
    let choice = a.get(3)?.as_str()? == "c";
    let mut children = Vec::new();
    for c in a.get(4)?.as_array()? {
        children.push(element(c)?);
    }
    Some(Element::Group {
        name,
        min,
        max,
        choice,
        children,
    })
}
