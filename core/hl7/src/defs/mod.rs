//! HL7 v2 definitions (message structures, segments, fields, data types, tables) for versions
//! 2.3 to 2.8.2, embedded in the library and indexed on first use of each version.
//!
//! The data comes from the HL7 v2 standard as distributed in hl7apy (MIT), converted by
//! `scripts/hl7_defs.py`; see `core/hl7/data/PROVENANCE.txt`.

mod load;

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: the keys are short, trusted ids (segment ids, type names, table values), for which
/// it is several times faster than the default SipHash.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub(crate) type FastMap<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;
pub(crate) type FastSet = HashSet<String, BuildHasherDefault<Fnv>>;

/// The HL7 versions whose definitions are embedded, oldest first.
pub const SUPPORTED_VERSIONS: &[&str] = &[
    "2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.8", "2.8.1", "2.8.2",
];

/// How a data type is checked, resolved once when the definitions are loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Kind {
    /// A composite type: its components are at this index of the composite list.
    Composite {
        /// Index into the composite list.
        index: u32,
        /// CE, CWE or CNE: a coded value whose table applies to its identifier.
        coded: bool,
    },
    /// TS: a DTM in its first component.
    Ts,
    /// A primitive type.
    Prim(Prim),
    /// No lexical rule (ST, TX, FT, unknown types).
    #[default]
    Text,
}

/// Primitive types with a lexical rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prim {
    Nm,
    Si,
    Dt,
    Tm,
    Dtm,
    /// ID: a value from an HL7-defined table.
    Id,
    /// IS: a value from a user-defined table.
    Is,
}

/// One element of a message structure: a segment or a group of elements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Element {
    /// A segment reference.
    Segment {
        /// Segment id, e.g. `PID`.
        id: String,
        /// Minimum occurrences (1 = required).
        min: u32,
        /// Maximum occurrences; `None` is unbounded.
        max: Option<u32>,
    },
    /// A segment group.
    Group {
        /// Group name without the structure prefix, e.g. `INSURANCE`.
        name: String,
        /// Minimum occurrences.
        min: u32,
        /// Maximum occurrences; `None` is unbounded.
        max: Option<u32>,
        /// `true` when exactly one child is chosen (a choice group), `false` for a sequence.
        choice: bool,
        /// The group's elements, in order.
        children: Vec<Element>,
    },
}

impl Element {
    /// Minimum occurrences.
    pub fn min(&self) -> u32 {
        match self {
            Element::Segment { min, .. } | Element::Group { min, .. } => *min,
        }
    }

    /// Maximum occurrences (`None` is unbounded).
    pub fn max(&self) -> Option<u32> {
        match self {
            Element::Segment { max, .. } | Element::Group { max, .. } => *max,
        }
    }
}

/// A field of a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    /// Data type id, e.g. `CX`, `TS`, `varies`.
    pub datatype: String,
    /// Minimum repetitions (1 = required).
    pub min: u32,
    /// Maximum repetitions; `None` is unbounded.
    pub max: Option<u32>,
    /// The HL7 table the value is drawn from, e.g. `0001`.
    pub table: Option<String>,
    /// Long name, e.g. `DATE_TIME_OF_BIRTH`.
    pub name: String,
    #[serde(skip)]
    pub(crate) kind: Kind,
}

/// A component (or subcomponent) of a composite data type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentDef {
    /// Data type id of the component.
    pub datatype: String,
    /// The HL7 table the value is drawn from.
    pub table: Option<String>,
    /// Long name.
    pub name: String,
    #[serde(skip)]
    pub(crate) kind: Kind,
}

/// An HL7 table: a name and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDef {
    /// Table name, e.g. `Administrative Sex`.
    pub name: String,
    /// The allowed values (see [`TableDef::contains`]).
    values: FastSet,
}

impl TableDef {
    /// `true` when `value` is one of the table's values.
    pub fn contains(&self, value: &str) -> bool {
        self.values.contains(value)
    }

    /// `true` when the table lists no values (nothing can be checked against it).
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The values, sorted.
    pub fn values(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.values.iter().map(String::as_str).collect();
        v.sort_unstable();
        v
    }
}

/// The definitions of one HL7 version, indexed for lookup.
#[derive(Debug)]
pub struct Definitions {
    version: String,
    messages: FastMap<Vec<Element>>,
    segments: FastMap<Vec<FieldDef>>,
    datatypes: FastMap<u32>,
    composites: Vec<Vec<ComponentDef>>,
    tables: FastMap<TableDef>,
    events: FastMap<String>,
}

impl Definitions {
    /// An empty set of definitions (used only if the embedded data could not be decoded).
    pub(crate) fn empty() -> Definitions {
        Definitions {
            version: String::new(),
            messages: FastMap::default(),
            segments: FastMap::default(),
            datatypes: FastMap::default(),
            composites: Vec::new(),
            tables: FastMap::default(),
            events: FastMap::default(),
        }
    }

    /// The version these definitions describe, e.g. `2.5.1`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// A message structure by id (e.g. `ADT_A01`).
    pub fn structure(&self, id: &str) -> Option<&[Element]> {
        self.messages.get(id).map(Vec::as_slice)
    }

    /// The ids of every message structure of this version, sorted.
    pub fn structure_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.messages.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }

    /// The structure used by a message type and trigger event (MSH-9-1, MSH-9-2), through
    /// HL7 table 0354: `("ADT", "A04")` is `ADT_A01`. `None` when the version has none.
    pub fn structure_for_event(&self, message_type: &str, event: &str) -> Option<&str> {
        let key = format!("{message_type}_{event}");
        if let Some((k, _)) = self.messages.get_key_value(&key) {
            return Some(k.as_str());
        }
        self.events.get(&key).map(String::as_str)
    }

    /// `true` when some structure of this version has this message type (MSH-9-1).
    pub fn knows_message_type(&self, message_type: &str) -> bool {
        let prefix_len = message_type.len();
        self.messages.keys().chain(self.events.keys()).any(|k| {
            k.len() > prefix_len && k.starts_with(message_type) && k.as_bytes()[prefix_len] == b'_'
        })
    }

    /// The fields of a segment (field n at index n-1).
    pub fn segment(&self, id: &str) -> Option<&[FieldDef]> {
        self.segments.get(id).map(Vec::as_slice)
    }

    /// The components of a composite data type; `None` for primitive types.
    pub fn datatype(&self, id: &str) -> Option<&[ComponentDef]> {
        let i = *self.datatypes.get(id)?;
        self.composites.get(i as usize).map(Vec::as_slice)
    }

    /// The components of a composite by its resolved index.
    pub(crate) fn composite(&self, index: u32) -> &[ComponentDef] {
        self.composites
            .get(index as usize)
            .map_or(&[][..], Vec::as_slice)
    }

    /// How values of data type `name` are checked.
    pub(crate) fn kind_of(&self, name: &str) -> Kind {
        kind_of(&self.datatypes, name)
    }

    /// A table by number, e.g. `0001`.
    pub fn table(&self, id: &str) -> Option<&TableDef> {
        self.tables.get(id)
    }
}

pub(crate) fn kind_of(datatypes: &FastMap<u32>, name: &str) -> Kind {
    if name == "TS" {
        return Kind::Ts;
    }
    if let Some(i) = datatypes.get(name) {
        return Kind::Composite {
            index: *i,
            coded: matches!(name, "CE" | "CWE" | "CNE"),
        };
    }
    match name {
        "NM" => Kind::Prim(Prim::Nm),
        "SI" => Kind::Prim(Prim::Si),
        "DT" => Kind::Prim(Prim::Dt),
        "TM" => Kind::Prim(Prim::Tm),
        "DTM" => Kind::Prim(Prim::Dtm),
        "ID" => Kind::Prim(Prim::Id),
        "IS" => Kind::Prim(Prim::Is),
        _ => Kind::Text,
    }
}

struct Slot {
    version: &'static str,
    bytes: &'static [u8],
    cell: OnceLock<Option<Definitions>>,
}

macro_rules! slot {
    ($v:literal) => {
        Slot {
            version: $v,
            bytes: include_bytes!(concat!("../../data/v", $v, ".json.z")),
            cell: OnceLock::new(),
        }
    };
}

static SLOTS: [Slot; 10] = [
    slot!("2.3"),
    slot!("2.3.1"),
    slot!("2.4"),
    slot!("2.5"),
    slot!("2.5.1"),
    slot!("2.6"),
    slot!("2.7"),
    slot!("2.8"),
    slot!("2.8.1"),
    slot!("2.8.2"),
];

/// The definitions of exactly `version` (one of [`SUPPORTED_VERSIONS`]), decoded and indexed
/// on first use and kept for the life of the process. `None` for other versions.
pub fn definitions(version: &str) -> Option<&'static Definitions> {
    let slot = SLOTS.iter().find(|s| s.version == version)?;
    slot.cell
        .get_or_init(|| load::decode(slot.version, slot.bytes))
        .as_ref()
}

/// How a message's version (MSH-12) maps onto the embedded definitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionMatch {
    /// The version is embedded as such.
    Exact(&'static str),
    /// The version is not embedded; the nearest earlier embedded version of the same major
    /// release stands in (2.7.1 is checked as 2.7).
    Nearest(&'static str),
    /// No embedded definitions fit.
    Unsupported,
}

/// Maps a version id (MSH-12-1, e.g. `2.5.1`) onto the embedded definitions.
pub fn match_version(version: &str) -> VersionMatch {
    let version = version.trim();
    if let Some(v) = SUPPORTED_VERSIONS.iter().find(|v| **v == version) {
        return VersionMatch::Exact(v);
    }
    let Some(parts) = parse_version(version) else {
        return VersionMatch::Unsupported;
    };
    let mut best: Option<&'static str> = None;
    for v in SUPPORTED_VERSIONS {
        if let Some(p) = parse_version(v) {
            if p[0] == parts[0] && p <= parts {
                best = Some(v);
            }
        }
    }
    match best {
        Some(v) if parse_version(v).map(|p| p[1]) == Some(parts[1]) || parts[1] > 8 => {
            VersionMatch::Nearest(v)
        }
        _ => VersionMatch::Unsupported,
    }
}

fn parse_version(v: &str) -> Option<[u32; 3]> {
    let mut out = [0u32; 3];
    let mut n = 0;
    for part in v.split('.') {
        if n == 3 {
            return None;
        }
        out[n] = part.parse().ok()?;
        n += 1;
    }
    if n < 2 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_decodes() {
        for v in SUPPORTED_VERSIONS {
            let d = definitions(v).expect(v);
            assert_eq!(d.version(), *v);
            assert!(d.structure("ADT_A01").is_some(), "{v}");
            assert!(d.segment("PID").is_some(), "{v}");
        }
    }

    #[test]
    fn event_map_follows_table_0354() {
        // HL7 v2.5 chapter 3: A04, A08 and A13 use the ADT_A01 structure.
        let d = definitions("2.5").unwrap();
        assert_eq!(d.structure_for_event("ADT", "A04"), Some("ADT_A01"));
        assert_eq!(d.structure_for_event("ADT", "A08"), Some("ADT_A01"));
        assert_eq!(d.structure_for_event("ADT", "A31"), Some("ADT_A05"));
        assert_eq!(d.structure_for_event("SIU", "S14"), Some("SIU_S14"));
        assert_eq!(d.structure_for_event("MDM", "T05"), Some("MDM_T01"));
        assert_eq!(d.structure_for_event("ADT", "Z99"), None);
        let d28 = definitions("2.8").unwrap();
        assert_eq!(d28.structure_for_event("ADT", "A47"), Some("ADT_A44"));
        assert_eq!(d28.structure_for_event("REF", "I14"), Some("REF_I12"));
    }

    #[test]
    fn required_message_types_have_structures() {
        let wanted = [
            "ADT^A01", "ADT^A02", "ADT^A03", "ADT^A04", "ADT^A05", "ADT^A06", "ADT^A07", "ADT^A08",
            "ADT^A09", "ADT^A10", "ADT^A11", "ADT^A12", "ADT^A13", "ADT^A17", "ADT^A28", "ADT^A31",
            "ADT^A40", "ORU^R01", "SIU^S12", "SIU^S26", "MDM^T01", "MDM^T11", "DFT^P03", "BAR^P01",
            "BAR^P02", "VXU^V04", "REF^I12", "PPR^PC1", "MFN^M02",
        ];
        for v in SUPPORTED_VERSIONS {
            let d = definitions(v).unwrap();
            for w in wanted {
                let (t, e) = w.split_once('^').unwrap();
                assert!(d.structure_for_event(t, e).is_some(), "{v} {w}");
            }
        }
        // ORM was withdrawn in 2.7; OML/OMG/RDE_O11/RDS_O13 arrived in 2.4.
        for v in ["2.4", "2.5", "2.5.1", "2.6"] {
            let d = definitions(v).unwrap();
            for w in ["ORM_O01", "OML_O21", "OMG_O19", "RDE_O11", "RDS_O13"] {
                assert!(d.structure(w).is_some(), "{v} {w}");
            }
        }
    }

    #[test]
    fn fields_tables_and_types() {
        let d = definitions("2.5").unwrap();
        let pid = d.segment("PID").unwrap();
        assert_eq!(pid[6].datatype, "TS");
        assert_eq!(pid[7].table.as_deref(), Some("0001"));
        assert_eq!(pid[2].min, 1);
        assert_eq!(pid[2].max, None);
        let t = d.table("0001").unwrap();
        assert!(t.contains("F") && t.contains("U") && !t.contains("X"));
        assert_eq!(d.datatype("CX").unwrap()[4].table.as_deref(), Some("0203"));
        for t in [
            "0001", "0002", "0003", "0004", "0076", "0085", "0103", "0104", "0125", "0136", "0203",
        ] {
            for v in SUPPORTED_VERSIONS {
                assert!(definitions(v).unwrap().table(t).is_some(), "{v} {t}");
            }
        }
    }

    #[test]
    fn version_matching() {
        assert_eq!(match_version("2.5.1"), VersionMatch::Exact("2.5.1"));
        assert_eq!(match_version("2.7.1"), VersionMatch::Nearest("2.7"));
        assert_eq!(match_version("2.2"), VersionMatch::Unsupported);
        assert_eq!(match_version("3.0"), VersionMatch::Unsupported);
        assert_eq!(match_version("abc"), VersionMatch::Unsupported);
    }
}
