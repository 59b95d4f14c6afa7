//! The parser: one pass over the bytes into the flat tree of [`Message`].
//!
//! Lenient where real data is messy, and every leniency becomes a [`Warning`]: a UTF-8 BOM,
//! MLLP framing bytes, blank lines, LF or CRLF segment terminators (the standard says CR),
//! line breaks inside a value (kept as data), trailing delimiters, input that is not valid in
//! its declared character set.

use crate::charset::{self, Charset};
use crate::delimiters::Delimiters;
use crate::error::{Hl7Error, Location, Warning};
use crate::message::{Message, Node, SegNode, Span, Tree};
use std::borrow::Cow;

const MLLP_START: u8 = 0x0B;
const MLLP_END: u8 = 0x1C;

/// Parses one message.
///
/// The input may carry a UTF-8 BOM, MLLP framing, leading blank lines and any mix of CR, LF and
/// CRLF segment terminators; each is reported in [`Message::warnings`]. A second MSH or a batch
/// envelope segment (FHS/BHS/BTS/FTS) is an error: read such input with [`crate::batch`].
pub fn parse(input: &[u8]) -> Result<Message<'_>, Hl7Error> {
    if input.len() >= u32::MAX as usize {
        return Err(Hl7Error::TooLarge { size: input.len() });
    }
    let mut warnings = Vec::new();
    let (charset, text) = read_text(input, &mut warnings)?;
    let mut tree = Tree::default();
    let delimiters = scan(&text, &mut tree, &mut warnings)?;
    Ok(Message {
        text,
        delimiters,
        tree,
        warnings,
        charset,
    })
}

/// Parses one message given as text.
pub fn parse_str(input: &str) -> Result<Message<'_>, Hl7Error> {
    parse(input.as_bytes())
}

/// Decides the character set and produces the UTF-8 text, borrowing whenever possible.
fn read_text<'a>(
    input: &'a [u8],
    warnings: &mut Vec<Warning>,
) -> Result<(Charset, Cow<'a, str>), Hl7Error> {
    let declared = msh18(input);
    let named = match declared {
        Some(name) => match Charset::from_msh18(name) {
            Some(c) => Some(c),
            None => {
                return match std::str::from_utf8(input) {
                    Ok(text) if text.is_ascii() => {
                        warn(warnings, "HL7_WARN_CHARSET", 1, 0, format!("MSH-18 names the unsupported character set {name:?}; the text is plain ASCII and was read as such"));
                        Ok((Charset::Ascii, Cow::Borrowed(text)))
                    }
                    _ => Err(Hl7Error::Charset {
                        reason: format!("MSH-18 names {name:?}, which cannot be decoded (supported: ASCII, UNICODE UTF-8, 8859/1, 8859/15)"),
                    }),
                };
            }
        },
        None => None,
    };
    match (std::str::from_utf8(input), named) {
        (Ok(text), Some(c)) if c.is_single_byte() && !text.is_ascii() => {
            warn(
                warnings,
                "HL7_WARN_CHARSET",
                1,
                0,
                format!(
                    "MSH-18 says {} but the text is valid UTF-8; read as UTF-8",
                    c.hl7_name()
                ),
            );
            Ok((Charset::Utf8, Cow::Borrowed(text)))
        }
        (Ok(text), Some(Charset::Ascii) | None) if !text.is_ascii() => {
            warn(warnings, "HL7_WARN_CHARSET", 1, 0, "MSH-18 does not declare a character set but the text holds non-ASCII UTF-8; read as UTF-8".into());
            Ok((Charset::Utf8, Cow::Borrowed(text)))
        }
        (Ok(text), named) => Ok((named.unwrap_or(Charset::Ascii), Cow::Borrowed(text))),
        (Err(_), Some(c)) if c.is_single_byte() => {
            Ok((c, Cow::Owned(charset::decode_single_byte(input, c))))
        }
        (Err(e), named) => {
            let at = e.valid_up_to();
            warn(warnings, "HL7_WARN_CHARSET", line_of(input, at), at, format!(
                "{} at byte {at} is not valid UTF-8; the message was read as ISO 8859-1 (offsets refer to the transcoded text)",
                named.map_or("the text", |c| c.hl7_name())
            ));
            Ok((
                Charset::Latin1,
                Cow::Owned(charset::decode_single_byte(input, Charset::Latin1)),
            ))
        }
    }
}

fn line_of(input: &[u8], offset: usize) -> usize {
    1 + input[..offset.min(input.len())]
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && input.get(i + 1) != Some(&b'\n')))
        .count()
}

/// Finds MSH-18 in the raw bytes (delimiters are ASCII, so this works before decoding).
fn msh18(input: &[u8]) -> Option<&str> {
    let start = memchr::memmem::find(input, b"MSH")?;
    let sep = *input.get(start + 3)?;
    let line_end =
        memchr::memchr2(b'\r', b'\n', &input[start..]).map_or(input.len(), |e| start + e);
    let header = &input[start..line_end];
    // Field n of MSH starts after the (n-1)-th field separator (MSH-1 is the separator itself).
    let value = header.split(|&b| b == sep).nth(17)?;
    let comp = *input.get(start + 4)?;
    let rep = *input.get(start + 5)?;
    let first = value.split(|&b| b == rep).next()?;
    let first = first.split(|&b| b == comp).next()?;
    std::str::from_utf8(first)
        .ok()
        .filter(|s| !s.trim().is_empty())
}

fn warn(
    warnings: &mut Vec<Warning>,
    code: &'static str,
    line: usize,
    offset: usize,
    message: String,
) {
    warnings.push(Warning {
        code,
        line,
        offset,
        message,
    });
}

const FIELD: u8 = 1;
const REP: u8 = 2;
const COMP: u8 = 3;
const SUB: u8 = 4;

/// The segment scanner.
struct Scanner<'t> {
    b: &'t [u8],
    class: [u8; 256],
    tree: &'t mut Tree,
    line: u32,
    /// Counts of tolerated terminator kinds: LF, CRLF, blank lines, trailing delimiters, breaks in values.
    lf: (usize, usize),
    crlf: (usize, usize),
    blank: (usize, usize, usize),
    trailing: (usize, usize, usize),
    field_sep: u8,
}

fn scan(text: &str, tree: &mut Tree, warnings: &mut Vec<Warning>) -> Result<Delimiters, Hl7Error> {
    let b = text.as_bytes();
    let mut pos = 0;
    let mut line = 1u32;
    // Preamble: BOM, MLLP start block, blank lines and spaces.
    if b.starts_with(&[0xEF, 0xBB, 0xBF]) {
        warn(
            warnings,
            "HL7_WARN_BOM",
            1,
            0,
            "a UTF-8 byte order mark precedes the message; skipped".into(),
        );
        pos = 3;
    }
    if b.get(pos) == Some(&MLLP_START) {
        warn(
            warnings,
            "HL7_WARN_MLLP",
            1,
            pos,
            "MLLP start block (0x0B) before the message; skipped".into(),
        );
        pos += 1;
    }
    let lead = pos;
    while let Some(&c) = b.get(pos) {
        match c {
            b'\r' => {
                if b.get(pos + 1) != Some(&b'\n') {
                    line += 1;
                }
            }
            b'\n' => line += 1,
            b' ' | b'\t' => {}
            _ => break,
        }
        pos += 1;
    }
    if pos > lead {
        warn(
            warnings,
            "HL7_WARN_LEADING_WHITESPACE",
            line as usize,
            lead,
            format!(
                "{} bytes of blank lines or spaces before MSH; skipped",
                pos - lead
            ),
        );
    }
    // Epilogue: MLLP end block and trailing whitespace are not part of the last segment.
    let mut end = b.len();
    if let Some(i) = memchr::memrchr(MLLP_END, &b[pos..]) {
        let i = pos + i;
        if b[i + 1..].iter().all(|c| c.is_ascii_whitespace()) {
            warn(
                warnings,
                "HL7_WARN_MLLP",
                0,
                i,
                "MLLP end block (0x1C) after the message; skipped".into(),
            );
            end = i;
        }
    }
    let at = Location {
        line: line as usize,
        offset: pos,
    };
    let head = &b[pos..end];
    if !head.starts_with(b"MSH") {
        let found: String = text[pos..end].chars().take(12).collect();
        return Err(Hl7Error::NotAMessage { at, found });
    }
    let delimiters = read_delimiters(text, pos, end, at)?;
    let mut class = [0u8; 256];
    class[delimiters.field as usize] = FIELD;
    class[delimiters.repetition as usize] = REP;
    class[delimiters.component as usize] = COMP;
    if let Some(s) = delimiters.subcomponent {
        class[s as usize] = SUB;
    }
    let mut sc = Scanner {
        b: &b[..end],
        class,
        tree,
        line,
        lf: (0, 0),
        crlf: (0, 0),
        blank: (0, 0, 0),
        trailing: (0, 0, 0),
        field_sep: delimiters.field as u8,
    };
    // Rough capacity: real messages run ~12 bytes a field.
    let guess = (end - pos) / 12 + 8;
    sc.tree.fields.reserve(guess);
    sc.tree.reps.reserve(guess);
    sc.tree.comps.reserve(guess);
    sc.tree.subs.reserve(guess + guess / 4);
    sc.segments(pos, warnings)?;
    sc.report(warnings);
    Ok(delimiters)
}

fn read_delimiters(
    text: &str,
    pos: usize,
    end: usize,
    at: Location,
) -> Result<Delimiters, Hl7Error> {
    let b = text.as_bytes();
    let Some(&sep) = b.get(pos + 3).filter(|_| pos + 3 < end) else {
        return Err(Hl7Error::Delimiters {
            at,
            reason: "MSH ends before its field separator (MSH-1)".into(),
        });
    };
    if !sep.is_ascii() {
        return Err(Hl7Error::Delimiters {
            at,
            reason: "MSH-1 is not an ASCII character".into(),
        });
    }
    let enc_start = pos + 4;
    let enc_end = b[enc_start..end]
        .iter()
        .position(|&c| c == sep || c == b'\r' || c == b'\n')
        .map_or(end, |i| enc_start + i);
    let enc = &text[enc_start..enc_end];
    Delimiters::from_header(sep as char, enc).map_err(|reason| Hl7Error::Delimiters {
        at: Location {
            line: at.line,
            offset: enc_start,
        },
        reason,
    })
}

impl Scanner<'_> {
    /// Reads segments from `pos` to the end.
    fn segments(&mut self, mut pos: usize, warnings: &mut Vec<Warning>) -> Result<(), Hl7Error> {
        let b = self.b;
        let end = b.len();
        while pos < end {
            let seg_start = pos;
            let seg_line = self.line;
            // Find the segment end: a line break followed by something that looks like a segment.
            let mut search = pos;
            let (seg_end, next) = loop {
                let Some(i) = memchr::memchr2(b'\r', b'\n', &b[search..end]) else {
                    break (end, end);
                };
                let brk = search + i;
                let after = if b[brk] == b'\r' && b.get(brk + 1) == Some(&b'\n') {
                    brk + 2
                } else {
                    brk + 1
                };
                if after >= end || self.starts_segment(after) || matches!(b[after], b'\r' | b'\n') {
                    self.count_break(brk, after);
                    break (brk, after);
                }
                // A line break inside a value: keep it as data.
                warn(
                    warnings,
                    "HL7_WARN_LINE_BREAK_IN_VALUE",
                    self.line as usize,
                    brk,
                    "a line break not followed by a segment id is kept as part of the value".into(),
                );
                self.count_break(brk, after);
                search = after;
            };
            if seg_end == seg_start {
                if next < end || seg_start < end {
                    self.blank.0 += 1;
                    if self.blank.0 == 1 {
                        self.blank.1 = seg_line as usize;
                        self.blank.2 = seg_start;
                    }
                }
                pos = next;
                continue;
            }
            self.segment(seg_start, seg_end, seg_line)?;
            pos = next;
        }
        // One terminator after the last segment is normal; more are blank lines.
        Ok(())
    }

    fn starts_segment(&self, at: usize) -> bool {
        let b = self.b;
        let id_ok = b.len() >= at + 3
            && b[at..at + 3]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        let sep = self.field_sep;
        id_ok
            && (matches!(b.get(at + 3), None | Some(b'\r') | Some(b'\n'))
                || b.get(at + 3) == Some(&sep))
    }

    fn count_break(&mut self, brk: usize, after: usize) {
        let slot = if after - brk == 2 {
            &mut self.crlf
        } else if self.b[brk] == b'\n' {
            &mut self.lf
        } else {
            self.line += 1;
            return;
        };
        if slot.0 == 0 {
            slot.1 = brk;
        }
        slot.0 += 1;
        self.line += 1;
    }

    fn report(&self, warnings: &mut Vec<Warning>) {
        for ((n, at), name) in [(self.lf, "LF"), (self.crlf, "CRLF")] {
            if n > 0 {
                warn(
                    warnings,
                    "HL7_WARN_LINE_ENDING",
                    0,
                    at,
                    format!("{n} segment terminators are {name}; the standard terminator is CR"),
                );
            }
        }
        let (n, line, at) = self.blank;
        if n > 0 {
            warn(
                warnings,
                "HL7_WARN_EMPTY_SEGMENT",
                line,
                at,
                format!("{n} blank lines between or after segments; skipped"),
            );
        }
        let (n, line, at) = self.trailing;
        if n > 0 {
            warn(warnings, "HL7_WARN_TRAILING_DELIMITER", line, at, format!("{n} segments end with an empty trailing field (first on line {line}); the empty fields are kept"));
        }
    }

    fn segment(&mut self, start: usize, end: usize, line: u32) -> Result<(), Hl7Error> {
        let b = self.b;
        let id_end = b[start..end]
            .iter()
            .position(|&c| c == self.field_sep)
            .map_or(end, |i| start + i);
        let id = &b[start..id_end];
        let at = Location {
            line: line as usize,
            offset: start,
        };
        if id.len() != 3 || !id.iter().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Hl7Error::Segment {
                at,
                reason: format!(
                    "segment id {:?} is not three letters or digits",
                    String::from_utf8_lossy(id)
                ),
            });
        }
        if !self.tree.segs.is_empty() && matches!(id, b"MSH" | b"FHS" | b"BHS" | b"BTS" | b"FTS") {
            return Err(Hl7Error::MultipleMessages {
                at,
                segment: String::from_utf8_lossy(id).into_owned(),
            });
        }
        let first_field = self.tree.fields.len() as u32;
        let mut field_start = id_end + 1;
        if id == b"MSH" {
            // MSH-1 is the field separator, MSH-2 the encoding characters (not split further).
            let enc_end = b[field_start..end]
                .iter()
                .position(|&c| c == self.field_sep)
                .map_or(end, |i| field_start + i);
            self.leaf_field(id_end, id_end + 1);
            self.leaf_field(field_start, enc_end);
            field_start = enc_end + 1;
        }
        if id_end < end && field_start <= end {
            self.fields(field_start, end);
        }
        let count = self.tree.fields.len() as u32 - first_field;
        if end > start && b[end - 1] == self.field_sep && count > 0 {
            self.trailing.0 += 1;
            if self.trailing.0 == 1 {
                self.trailing.1 = line as usize;
                self.trailing.2 = end - 1;
            }
        }
        self.tree.segs.push(SegNode {
            span: span(start, end),
            id: span(start, id_end),
            first: first_field,
            count,
            line,
        });
        Ok(())
    }

    /// A field that is one value, not split by delimiters.
    fn leaf_field(&mut self, start: usize, end: usize) {
        let s = span(start, end);
        let t = &mut *self.tree;
        t.subs.push(s);
        t.comps.push(Node {
            span: s,
            first: t.subs.len() as u32 - 1,
            count: 1,
        });
        t.reps.push(Node {
            span: s,
            first: t.comps.len() as u32 - 1,
            count: 1,
        });
        t.fields.push(Node {
            span: s,
            first: t.reps.len() as u32 - 1,
            count: 1,
        });
    }

    /// Splits `b[start..end]` into fields, repetitions, components and subcomponents.
    fn fields(&mut self, start: usize, end: usize) {
        let b = self.b;
        let class = &self.class;
        let t = &mut *self.tree;
        let (mut f0, mut r0, mut c0, mut s0) = (start, start, start, start);
        let mut f_first = t.reps.len() as u32;
        let mut r_first = t.comps.len() as u32;
        let mut c_first = t.subs.len() as u32;
        let mut i = start;
        while i <= end {
            let k = if i == end {
                FIELD
            } else {
                class[b[i] as usize]
            };
            if k != 0 {
                t.subs.push(span(s0, i));
                s0 = i + 1;
                if k <= COMP {
                    let n = t.subs.len() as u32;
                    t.comps.push(Node {
                        span: span(c0, i),
                        first: c_first,
                        count: n - c_first,
                    });
                    c_first = n;
                    c0 = i + 1;
                    if k <= REP {
                        let n = t.comps.len() as u32;
                        t.reps.push(Node {
                            span: span(r0, i),
                            first: r_first,
                            count: n - r_first,
                        });
                        r_first = n;
                        r0 = i + 1;
                        if k == FIELD {
                            let n = t.reps.len() as u32;
                            t.fields.push(Node {
                                span: span(f0, i),
                                first: f_first,
                                count: n - f_first,
                            });
                            f_first = n;
                            f0 = i + 1;
                        }
                    }
                }
            }
            i += 1;
        }
    }
}

fn span(start: usize, end: usize) -> Span {
    Span {
        start: start as u32,
        end: end as u32,
    }
}
