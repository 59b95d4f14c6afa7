//! MSH-18 character sets: the input's bytes are read as UTF-8, ASCII, ISO 8859-1 or ISO 8859-15
//! and always handed out as UTF-8.

use serde::Serialize;

/// A character set a message can be read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Charset {
    /// `ASCII` (the default when MSH-18 is empty).
    Ascii,
    /// `UNICODE UTF-8`.
    Utf8,
    /// `8859/1` (Latin-1).
    Latin1,
    /// `8859/15` (Latin-9).
    Latin9,
}

impl Charset {
    /// Reads an MSH-18 value (HL7 table 0211). `None` for a character set this library cannot
    /// decode (e.g. `ISO IR87`).
    pub fn from_msh18(value: &str) -> Option<Charset> {
        let v = value.trim().to_ascii_uppercase();
        match v.as_str() {
            "" | "ASCII" | "US-ASCII" => Some(Charset::Ascii),
            "UNICODE UTF-8" | "UTF-8" | "UTF8" | "UNICODE" => Some(Charset::Utf8),
            "8859/1" | "ISO-8859-1" | "ISO8859-1" | "LATIN1" => Some(Charset::Latin1),
            "8859/15" | "ISO-8859-15" | "ISO8859-15" => Some(Charset::Latin9),
            _ => None,
        }
    }

    /// The HL7 table 0211 name of the character set.
    pub fn hl7_name(&self) -> &'static str {
        match self {
            Charset::Ascii => "ASCII",
            Charset::Utf8 => "UNICODE UTF-8",
            Charset::Latin1 => "8859/1",
            Charset::Latin9 => "8859/15",
        }
    }

    /// True for the single-byte character sets that need transcoding to UTF-8.
    pub fn is_single_byte(&self) -> bool {
        matches!(self, Charset::Latin1 | Charset::Latin9)
    }
}

/// Decodes single-byte text to UTF-8 (every byte maps to exactly one character, so nothing is
/// lost). ASCII and UTF-8 input should not come here; they are read as UTF-8.
pub fn decode_single_byte(bytes: &[u8], charset: Charset) -> String {
    bytes
        .iter()
        .map(|&b| match charset {
            Charset::Latin9 => latin9(b),
            _ => char::from(b),
        })
        .collect()
}

/// ISO 8859-15 differs from 8859-1 in eight positions.
fn latin9(b: u8) -> char {
    match b {
        0xA4 => '\u{20AC}',
        0xA6 => '\u{0160}',
        0xA8 => '\u{0161}',
        0xB4 => '\u{017D}',
        0xB8 => '\u{017E}',
        0xBC => '\u{0152}',
        0xBD => '\u{0153}',
        0xBE => '\u{0178}',
        _ => char::from(b),
    }
}

/// Encodes UTF-8 text into a single-byte character set. Characters the set cannot hold are an
/// error naming the first one and its byte offset.
pub fn encode_single_byte(text: &str, charset: Charset) -> Result<Vec<u8>, crate::Hl7Error> {
    let mut out = Vec::with_capacity(text.len());
    for (offset, c) in text.char_indices() {
        let byte = (0u8..=255).find(|&b| match charset {
            Charset::Latin9 => latin9(b) == c,
            _ => char::from(b) == c,
        });
        match byte {
            Some(b) => out.push(b),
            None => {
                return Err(crate::Hl7Error::Encode {
                    reason: format!(
                        "character {c:?} at byte {offset} cannot be written in {}",
                        charset.hl7_name()
                    ),
                })
            }
        }
    }
    Ok(out)
}
