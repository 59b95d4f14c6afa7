//! Paths to values, in the style of HAPI's Terser: `PID-5-1`, `PID-3(2)-1`, `OBX(3)-5`,
//! `PID-5-1-1`.
//!
//! Grammar: `SEG[(occurrence)]-FIELD[(repetition)][-COMPONENT[-SUBCOMPONENT]]`. Every number is
//! 1-based: `OBX(3)` is the third OBX segment and `PID-3(2)` the second repetition of PID-3.
//! Omitted occurrence and repetition mean 1. A `.` may stand for `-` (`PID.5.1`).

use crate::Hl7Error;
use std::fmt;
use std::str::FromStr;

/// A parsed path to a node of a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path {
    /// The segment id, e.g. `PID`.
    pub segment: String,
    /// Which segment with that id (1-based).
    pub occurrence: usize,
    /// The field number (1-based).
    pub field: usize,
    /// Which repetition of the field (1-based).
    pub repetition: usize,
    /// The component (1-based), if the path goes that deep.
    pub component: Option<usize>,
    /// The subcomponent (1-based), if the path goes that deep.
    pub subcomponent: Option<usize>,
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.segment)?;
        if self.occurrence != 1 {
            write!(f, "({})", self.occurrence)?;
        }
        write!(f, "-{}", self.field)?;
        if self.repetition != 1 {
            write!(f, "({})", self.repetition)?;
        }
        if let Some(c) = self.component {
            write!(f, "-{c}")?;
        }
        if let Some(s) = self.subcomponent {
            write!(f, "-{s}")?;
        }
        Ok(())
    }
}

struct Cursor<'p> {
    path: &'p str,
    pos: usize,
}

impl Cursor<'_> {
    fn err(&self, reason: impl Into<String>) -> Hl7Error {
        Hl7Error::Path {
            path: self.path.to_string(),
            position: self.pos,
            reason: reason.into(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.path.as_bytes().get(self.pos).copied()
    }

    fn number(&mut self, what: &str) -> Result<usize, Hl7Error> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let digits = &self.path[start..self.pos];
        match digits.parse::<usize>() {
            Ok(0) => {
                self.pos = start;
                Err(self.err(format!("{what} numbers start at 1")))
            }
            Ok(n) => Ok(n),
            Err(_) => {
                self.pos = start;
                Err(self.err(format!("expected a {what} number")))
            }
        }
    }

    fn index(&mut self, what: &str) -> Result<usize, Hl7Error> {
        if self.peek() != Some(b'(') {
            return Ok(1);
        }
        self.pos += 1;
        let n = self.number(what)?;
        if self.peek() != Some(b')') {
            return Err(self.err("expected ')'"));
        }
        self.pos += 1;
        Ok(n)
    }

    fn separator(&mut self) -> bool {
        if matches!(self.peek(), Some(b'-' | b'.')) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
}

impl FromStr for Path {
    type Err = Hl7Error;

    fn from_str(s: &str) -> Result<Path, Hl7Error> {
        let mut c = Cursor {
            path: s.trim(),
            pos: 0,
        };
        let id_len = c
            .path
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if id_len != 3 {
            return Err(c.err("a path starts with a three-character segment id"));
        }
        let segment = c.path[..3].to_ascii_uppercase();
        c.pos = 3;
        let occurrence = c.index("segment occurrence")?;
        if !c.separator() {
            return Err(c.err("expected '-' and a field number"));
        }
        let field = c.number("field")?;
        let repetition = c.index("repetition")?;
        let component = if c.separator() {
            Some(c.number("component")?)
        } else {
            None
        };
        let subcomponent = if component.is_some() && c.separator() {
            Some(c.number("subcomponent")?)
        } else {
            None
        };
        if c.pos != c.path.len() {
            return Err(c.err("unexpected text after the path"));
        }
        Ok(Path {
            segment,
            occurrence,
            field,
            repetition,
            component,
            subcomponent,
        })
    }
}
