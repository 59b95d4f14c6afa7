//! Building and editing messages: set values by path and encode.
//!
//! [`MessageBuilder`] holds each field as its encoded text, so a message read with
//! [`MessageBuilder::from_message`] re-encodes exactly as it was (except for segment terminators,
//! which are always CR) and edits touch only what they set.

use crate::delimiters::Delimiters;
use crate::escape;
use crate::{Hl7Error, Message, Path};
use std::borrow::Cow;

/// A message under construction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageBuilder {
    delimiters: Delimiters,
    segments: Vec<OwnedSegment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct OwnedSegment {
    id: String,
    /// Encoded fields from field 1 (for MSH, from MSH-3: MSH-1 and MSH-2 come from the delimiters).
    fields: Vec<String>,
}

impl OwnedSegment {
    fn first_stored(&self) -> usize {
        if self.id == "MSH" {
            3
        } else {
            1
        }
    }
}

impl MessageBuilder {
    /// A message with only an MSH segment, using the given delimiters (which need an escape
    /// character and a subcomponent separator, so that every value can be written).
    pub fn new(delimiters: Delimiters) -> Result<Self, Hl7Error> {
        if delimiters.escape.is_none() || delimiters.subcomponent.is_none() {
            return Err(Hl7Error::Encode {
                reason:
                    "a message being built needs an escape character and a subcomponent separator"
                        .into(),
            });
        }
        Ok(MessageBuilder {
            delimiters,
            segments: vec![OwnedSegment {
                id: "MSH".into(),
                fields: Vec::new(),
            }],
        })
    }

    /// A builder holding a copy of a parsed message.
    pub fn from_message(msg: &Message<'_>) -> Self {
        let segments = msg
            .segments()
            .map(|s| {
                let skip = if s.id() == "MSH" { 2 } else { 0 };
                OwnedSegment {
                    id: s.id().to_string(),
                    fields: s.fields().skip(skip).map(|f| f.raw().to_string()).collect(),
                }
            })
            .collect();
        MessageBuilder {
            delimiters: *msg.delimiters(),
            segments,
        }
    }

    /// The delimiters used to encode.
    pub fn delimiters(&self) -> &Delimiters {
        &self.delimiters
    }

    /// Appends a segment with no fields and returns its 0-based position.
    pub fn add_segment(&mut self, id: &str) -> Result<usize, Hl7Error> {
        if id.len() != 3
            || !id
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return Err(Hl7Error::Encode {
                reason: format!("segment id {id:?} is not three capital letters or digits"),
            });
        }
        if id == "MSH" {
            return Err(Hl7Error::Encode {
                reason: "a message has exactly one MSH".into(),
            });
        }
        self.segments.push(OwnedSegment {
            id: id.into(),
            fields: Vec::new(),
        });
        Ok(self.segments.len() - 1)
    }

    /// Sets the value at `path` (see [`Path`]), escaping it. Missing segments, fields,
    /// repetitions and components are created. The `occurrence` of a missing segment must be
    /// the next one (you cannot create OBX(3) before OBX(2)).
    pub fn set(&mut self, path: &str, value: &str) -> Result<(), Hl7Error> {
        let encoded = escape::encode(value, &self.delimiters)?.into_owned();
        self.set_encoded(path, &encoded)
    }

    /// Sets already-encoded text at `path`. The text must not contain delimiters of the levels
    /// at or above the path's level (a component's text may hold subcomponent separators).
    pub fn set_encoded(&mut self, path: &str, encoded: &str) -> Result<(), Hl7Error> {
        let p: Path = path.parse()?;
        let d = self.delimiters;
        let level_seps: Vec<char> = {
            let mut v = vec![d.field, d.repetition];
            if p.component.is_some() {
                v.push(d.component);
            }
            if p.subcomponent.is_some() {
                v.extend(d.subcomponent);
            }
            v
        };
        if encoded.contains(&level_seps[..]) || encoded.contains(['\r', '\n']) {
            return Err(Hl7Error::Encode { reason: format!("the value for {p} holds a delimiter of its own level or above; use set() to escape it") });
        }
        if p.segment == "MSH" && p.field <= 2 {
            return Err(Hl7Error::Encode {
                reason: "MSH-1 and MSH-2 come from the delimiters".into(),
            });
        }
        let seg = self.segment_mut(&p)?;
        let first = seg.first_stored();
        let idx = p.field - first;
        if seg.fields.len() <= idx {
            seg.fields.resize(idx + 1, String::new());
        }
        let field = &mut seg.fields[idx];
        *field = edit(field, d.repetition, p.repetition, |rep| match p.component {
            None => encoded.to_string(),
            Some(c) => edit(rep, d.component, c, |comp| {
                match (p.subcomponent, d.subcomponent) {
                    (Some(s), Some(sub)) => edit(comp, sub, s, |_| encoded.to_string()),
                    _ => encoded.to_string(),
                }
            }),
        });
        Ok(())
    }

    fn segment_mut(&mut self, p: &Path) -> Result<&mut OwnedSegment, Hl7Error> {
        let positions: Vec<usize> = self
            .segments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.id == p.segment)
            .map(|(i, _)| i)
            .collect();
        let i = match positions.get(p.occurrence - 1) {
            Some(&i) => i,
            None if p.occurrence == positions.len() + 1 => self.add_segment(&p.segment)?,
            None => {
                return Err(Hl7Error::Encode {
                    reason: format!(
                        "cannot create {}({}) : the message has {} {} segments",
                        p.segment,
                        p.occurrence,
                        positions.len(),
                        p.segment
                    ),
                })
            }
        };
        Ok(&mut self.segments[i])
    }

    /// The decoded value at `path`, as in [`Message::get`].
    pub fn get(&self, path: &str) -> Result<Option<String>, Hl7Error> {
        let text = self.encode();
        let msg = crate::parse_str(&text)?;
        Ok(msg.get(path)?.map(Cow::into_owned))
    }

    /// Encodes the message with CR segment terminators.
    pub fn encode(&self) -> String {
        let d = &self.delimiters;
        let mut out = String::new();
        for seg in &self.segments {
            out.push_str(&seg.id);
            if seg.id == "MSH" {
                out.push(d.field);
                out.push_str(&d.encoding_characters());
            }
            for f in &seg.fields {
                out.push(d.field);
                out.push_str(f);
            }
            out.push('\r');
        }
        out
    }
}

/// Replaces part `n` (1-based) of `text` split by `sep`, creating empty parts as needed.
fn edit(text: &str, sep: char, n: usize, f: impl FnOnce(&str) -> String) -> String {
    let mut parts: Vec<String> = text.split(sep).map(str::to_string).collect();
    if parts.len() < n {
        parts.resize(n, String::new());
    }
    let new = f(&parts[n - 1]);
    parts[n - 1] = new;
    while parts.len() > 1 && parts.last().is_some_and(|p| p.is_empty()) {
        parts.pop();
    }
    parts.join(&sep.to_string())
}
