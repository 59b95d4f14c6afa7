//! The delimiter set of a message, read from MSH-1 and MSH-2.

use serde::Serialize;

/// The delimiters of a message: field separator (MSH-1) and encoding characters (MSH-2).
///
/// All delimiters are ASCII. `escape`, `subcomponent` and `truncation` are optional because
/// real messages (and HL7 versions before 2.7 for truncation) may leave them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Delimiters {
    /// Field separator, MSH-1 (usually `|`).
    pub field: char,
    /// Component separator (usually `^`).
    pub component: char,
    /// Repetition separator (usually `~`).
    pub repetition: char,
    /// Escape character (usually `\`).
    pub escape: Option<char>,
    /// Subcomponent separator (usually `&`).
    pub subcomponent: Option<char>,
    /// Truncation character (HL7 2.7 and later, usually `#`).
    pub truncation: Option<char>,
}

impl Default for Delimiters {
    fn default() -> Self {
        Delimiters {
            field: '|',
            component: '^',
            repetition: '~',
            escape: Some('\\'),
            subcomponent: Some('&'),
            truncation: None,
        }
    }
}

impl Delimiters {
    /// The encoding characters as they appear in MSH-2 (component, repetition, escape,
    /// subcomponent, truncation; absent trailing ones left out).
    pub fn encoding_characters(&self) -> String {
        let mut s = String::with_capacity(5);
        s.push(self.component);
        s.push(self.repetition);
        let optional = [self.escape, self.subcomponent, self.truncation];
        let used = optional
            .iter()
            .rposition(|c| c.is_some())
            .map_or(0, |i| i + 1);
        for c in &optional[..used] {
            // A gap cannot be written in MSH-2; a space marks it, as some senders do.
            s.push(c.unwrap_or(' '));
        }
        s
    }

    /// Builds a delimiter set from MSH-1 and MSH-2 text, checking that every character is a
    /// distinct printable ASCII character that is neither a letter nor a digit.
    pub fn from_header(field: char, encoding: &str) -> Result<Delimiters, String> {
        // The field separator and up to five encoding characters, without allocating.
        let mut all = ['\0'; 6];
        all[0] = field;
        let mut n = 1;
        for c in encoding.chars() {
            if n == all.len() {
                return Err(format!(
                    "MSH-2 {encoding:?} has {} characters; at most 5 are defined",
                    encoding.chars().count()
                ));
            }
            all[n] = c;
            n += 1;
        }
        if n < 3 {
            return Err(format!(
                "MSH-2 {encoding:?} must hold at least the component and repetition separators"
            ));
        }
        let all = &all[..n];
        let chars = &all[1..];
        for (i, c) in all.iter().enumerate() {
            if !c.is_ascii_graphic() || c.is_ascii_alphanumeric() {
                return Err(format!(
                    "delimiter {c:?} must be printable ASCII punctuation"
                ));
            }
            if all[..i].contains(c) {
                return Err(format!("delimiter {c:?} is used twice"));
            }
        }
        Ok(Delimiters {
            field,
            component: chars[0],
            repetition: chars[1],
            escape: chars.get(2).copied(),
            subcomponent: chars.get(3).copied(),
            truncation: chars.get(4).copied(),
        })
    }
}
