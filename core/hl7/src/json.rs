//! The JSON form of a parsed message: what `medcore hl7 parse --format json` prints and what the
//! bindings return for a whole-message dump.
//!
//! ```json
//! {"delimiters": "|^~\\&", "segments": [{"id": "PID", "line": 2, "offset": 57,
//!   "fields": ["1", "", [["123", "", "", ["H"]], "..."], null]}], "warnings": []}
//! ```
//! A field is a string when it has one repetition of one component of one subcomponent, else an
//! array of repetitions; a repetition is a string or an array of components; a component is a
//! string or an array of subcomponents. Strings are decoded. An explicit null (`""`) is `null`;
//! an empty value is `""`. `fields[0]` is field 1 (for MSH, the field separator).

use crate::message::{Component, Field, Message, Repetition, Segment, Subcomponent};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

fn leaf<S: Serializer>(
    raw: &str,
    decoded: std::borrow::Cow<'_, str>,
    s: S,
) -> Result<S::Ok, S::Error> {
    if raw == "\"\"" {
        s.serialize_none()
    } else {
        s.serialize_str(&decoded)
    }
}

impl Serialize for Subcomponent<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        leaf(self.raw(), self.decoded(), s)
    }
}

impl Serialize for Component<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.subcomponent_count() == 1 {
            return leaf(self.raw(), self.decoded(), s);
        }
        let mut seq = s.serialize_seq(Some(self.subcomponent_count()))?;
        for sub in self.subcomponents() {
            seq.serialize_element(&sub)?;
        }
        seq.end()
    }
}

impl Serialize for Repetition<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut comps = self.components();
        if comps.len() == 1 {
            if let Some(c) = comps.next() {
                return c.serialize(s);
            }
        }
        let mut seq = s.serialize_seq(Some(self.component_count()))?;
        for c in self.components() {
            seq.serialize_element(&c)?;
        }
        seq.end()
    }
}

impl Serialize for Field<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.repetition_count() == 1 {
            if let Some(r) = self.repetition(1) {
                return r.serialize(s);
            }
        }
        let mut seq = s.serialize_seq(Some(self.repetition_count()))?;
        for r in self.repetitions() {
            seq.serialize_element(&r)?;
        }
        seq.end()
    }
}

struct Fields<'m>(Segment<'m>);

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.field_count()))?;
        for f in self.0.fields() {
            if self.0.id() == "MSH" && f.number() <= 2 {
                seq.serialize_element(f.raw())?;
            } else {
                seq.serialize_element(&f)?;
            }
        }
        seq.end()
    }
}

impl Serialize for Segment<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("id", self.id())?;
        map.serialize_entry("line", &self.line())?;
        map.serialize_entry("offset", &self.offset())?;
        map.serialize_entry("fields", &Fields(*self))?;
        map.end()
    }
}

struct Segments<'m>(&'m Message<'m>);

impl Serialize for Segments<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.segment_count()))?;
        for seg in self.0.segments() {
            seq.serialize_element(&seg)?;
        }
        seq.end()
    }
}

impl Serialize for Message<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.delimiters();
        let mut delims = d.field.to_string();
        delims.push_str(&d.encoding_characters());
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("delimiters", &delims)?;
        map.serialize_entry("charset", self.charset().hl7_name())?;
        map.serialize_entry("segments", &Segments(self))?;
        map.serialize_entry("warnings", self.warnings())?;
        map.end()
    }
}

impl Message<'_> {
    /// The message as JSON text (see the module documentation of the format).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\":{:?}}}", e.to_string()))
    }
}
