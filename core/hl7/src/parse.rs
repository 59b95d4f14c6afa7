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
    let (charset, text, _) = read_text(input, &mut warnings)?;
    let mut tree = Tree::default();
    let delimiters = scan(&text, &mut tree, &mut warnings)?;
    Ok(Message {
        text,
        delimiters,
        tree: Cow::Owned(tree),
        warnings,
        charset,
    })
}

/// Parses one message given as text.
pub fn parse_str(input: &str) -> Result<Message<'_>, Hl7Error> {
    parse(input.as_bytes())
}

/// Decides the character set and produces the UTF-8 text, borrowing whenever possible.
/// Also says whether the input is all ASCII (then the text is the input, borrowed).
pub(crate) fn read_text<'a>(
    input: &'a [u8],
    warnings: &mut Vec<Warning>,
) -> Result<(Charset, Cow<'a, str>, bool), Hl7Error> {
    let ascii = all_ascii(input);
    read_text_of(input, ascii, warnings).map(|(c, t)| (c, t, ascii))
}

fn read_text_of<'a>(
    input: &'a [u8],
    ascii: bool,
    warnings: &mut Vec<Warning>,
) -> Result<(Charset, Cow<'a, str>), Hl7Error> {
    let declared = msh18(input);
    // A UTF-8 BOM says nothing about the characters of the message itself.
    let body_is_ascii =
        |text: &str| ascii || all_ascii(text.trim_start_matches('\u{FEFF}').as_bytes());
    let utf8 = utf8(input);
    let named = match declared {
        Some(name) => match Charset::from_msh18(name) {
            Some(c) => Some(c),
            None => {
                return match utf8 {
                    Ok(text) if body_is_ascii(text) => {
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
    match (utf8, named) {
        (Ok(text), Some(c)) if c.is_single_byte() && !body_is_ascii(text) => {
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
        (Ok(text), Some(Charset::Ascii) | None) if !body_is_ascii(text) => {
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

/// `std::str::from_utf8`, with the check done by `simdutf8` (vector instructions chosen at run
/// time; the check runs over every message) and the standard library called again only to
/// describe an error.
fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    simdutf8::basic::from_utf8(bytes).or_else(|_| std::str::from_utf8(bytes))
}

/// `bytes.is_ascii()`, a block at a time so that the compiler can use vector instructions (the
/// check runs over every message).
fn all_ascii(bytes: &[u8]) -> bool {
    let mut blocks = bytes.chunks_exact(256);
    blocks.all(|b| b.iter().fold(0u8, |acc, &c| acc | c) < 0x80) && blocks.remainder().is_ascii()
}

fn line_of(input: &[u8], offset: usize) -> usize {
    1 + input[..offset.min(input.len())]
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && input.get(i + 1) != Some(&b'\n')))
        .count()
}

/// Finds MSH-18 in the raw bytes (delimiters are ASCII, so this works before decoding): the
/// first component of its first repetition, or `None` when it is empty or absent.
fn msh18(input: &[u8]) -> Option<&str> {
    let start = if input.starts_with(b"MSH") {
        0
    } else {
        memchr::memmem::find(input, b"MSH")?
    };
    let header = &input[start..];
    let (sep, comp, rep) = (*header.get(3)?, *header.get(4)?, *header.get(5)?);
    // MSH-18 follows the 17th field separator (MSH-1 is the first), on the MSH line.
    let mut seps = 0;
    let mut value_start = None;
    for (i, &b) in header.iter().enumerate().skip(3) {
        if b == sep {
            seps += 1;
            if seps == 17 {
                value_start = Some(i + 1);
                break;
            }
        } else if b == b'\r' || b == b'\n' {
            return None;
        }
    }
    let value = &header[value_start?..];
    let end = value
        .iter()
        .position(|&b| b == sep || b == comp || b == rep || b == b'\r' || b == b'\n')
        .unwrap_or(value.len());
    std::str::from_utf8(&value[..end])
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
    lf: (usize, usize, usize),
    crlf: (usize, usize, usize),
    blank: (usize, usize, usize),
    trailing: (usize, usize, usize),
    field_sep: u8,
    finder: Finder,
    /// Record segments without splitting their fields (the index of [`crate::LazyMessage`]).
    index_only: bool,
}

fn scan(text: &str, tree: &mut Tree, warnings: &mut Vec<Warning>) -> Result<Delimiters, Hl7Error> {
    scan_with(text, tree, warnings, false)
}

/// Reads the preamble, MSH and every segment boundary into `tree`; with `index_only`, segments
/// are checked and recorded (with their warnings) but their fields are not split.
pub(crate) fn scan_with(
    text: &str,
    tree: &mut Tree,
    warnings: &mut Vec<Warning>,
    index_only: bool,
) -> Result<Delimiters, Hl7Error> {
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
    // The end block is the last byte that is not white space (so only the tail is read).
    if let Some(i) = b[pos..].iter().rposition(|c| !c.is_ascii_whitespace()) {
        let i = pos + i;
        if b[i] == MLLP_END {
            warn(
                warnings,
                "HL7_WARN_MLLP",
                line_of(b, i),
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
    let mut sc = Scanner::new(&b[..end], tree, &delimiters, line, index_only);
    if index_only {
        sc.tree.segs.reserve((end - pos) / 64 + 4);
        sc.segments(pos, warnings)?;
        sc.report(warnings);
        return Ok(delimiters);
    }
    // Capacity from the size, generous enough that dense runs of empty fields (`|||||`) do not
    // regrow the arenas; capped, so that a large embedded payload (one huge value) does not
    // reserve memory for nodes it will never have.
    let len = (end - pos).min(1 << 20);
    sc.tree.segs.reserve(len / 64 + 4);
    sc.tree.fields.reserve(len / 4 + 8);
    sc.tree.reps.reserve(len / 4 + 8);
    sc.tree.comps.reserve(len / 3 + 8);
    sc.tree.subs.reserve(len / 3 + 8);
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

/// Splits the fields of segments already found by an index-only scan of `text`, appending them
/// to `tree` in the given order: the same nodes a full parse makes for those segments.
pub(crate) fn split_segments(
    text: &str,
    delimiters: &Delimiters,
    segs: impl IntoIterator<Item = SegNode>,
    tree: &mut Tree,
) -> Result<(), Hl7Error> {
    let mut sc = Scanner::new(text.as_bytes(), tree, delimiters, 1, false);
    for seg in segs {
        // The index scan checked the ids, so the first-segment rule is not applied again.
        sc.segment(
            seg.span.start as usize,
            seg.span.end as usize,
            seg.line,
            true,
        )?;
    }
    Ok(())
}

impl<'t> Scanner<'t> {
    fn new(
        b: &'t [u8],
        tree: &'t mut Tree,
        delimiters: &Delimiters,
        line: u32,
        index_only: bool,
    ) -> Self {
        let mut class = [0u8; 256];
        class[delimiters.field as usize] = FIELD;
        class[delimiters.repetition as usize] = REP;
        class[delimiters.component as usize] = COMP;
        if let Some(s) = delimiters.subcomponent {
            class[s as usize] = SUB;
        }
        Scanner {
            b,
            class,
            tree,
            line,
            lf: (0, 0, 0),
            crlf: (0, 0, 0),
            blank: (0, 0, 0),
            trailing: (0, 0, 0),
            field_sep: delimiters.field as u8,
            finder: Finder::new([
                delimiters.field as u8,
                delimiters.repetition as u8,
                delimiters.component as u8,
                // Without a subcomponent separator, search for the field separator twice.
                delimiters.subcomponent.unwrap_or(delimiters.field) as u8,
            ]),
            index_only,
        }
    }
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
                self.line += 1;
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
            let first = self.tree.segs.is_empty();
            self.segment(seg_start, seg_end, seg_line, first)?;
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
            slot.2 = self.line as usize;
        }
        slot.0 += 1;
        self.line += 1;
    }

    fn report(&self, warnings: &mut Vec<Warning>) {
        for ((n, at, line), name) in [(self.lf, "LF"), (self.crlf, "CRLF")] {
            if n > 0 {
                warn(
                    warnings,
                    "HL7_WARN_LINE_ENDING",
                    line,
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

    fn segment(
        &mut self,
        start: usize,
        end: usize,
        line: u32,
        first: bool,
    ) -> Result<(), Hl7Error> {
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
        if !first && matches!(id, b"MSH" | b"FHS" | b"BHS" | b"BTS" | b"FTS") {
            return Err(Hl7Error::MultipleMessages {
                at,
                segment: String::from_utf8_lossy(id).into_owned(),
            });
        }
        if self.index_only {
            // MSH always has MSH-1 and MSH-2; another segment has fields when a separator follows its id.
            let has_fields = id == b"MSH" || id_end < end;
            if end > start && b[end - 1] == self.field_sep && has_fields {
                self.note_trailing(line, end);
            }
            self.tree.segs.push(SegNode {
                span: span(start, end),
                id: span(start, id_end),
                first: 0,
                count: 0,
                line,
            });
            return Ok(());
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
            self.note_trailing(line, end);
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

    fn note_trailing(&mut self, line: u32, end: usize) {
        self.trailing.0 += 1;
        if self.trailing.0 == 1 {
            self.trailing.1 = line as usize;
            self.trailing.2 = end - 1;
        }
    }

    /// A field that is one value, not split by delimiters.
    fn leaf_field(&mut self, start: usize, end: usize) {
        self.tree.fields.push(Node::leaf(span(start, end)));
    }

    /// Splits `b[start..end]` into fields, repetitions, components and subcomponents, jumping
    /// from one delimiter to the next.
    ///
    /// A node with a single child that is itself a leaf is stored as a leaf (`count == 0`), so a
    /// plain value costs one node however deep it is read; children are stored only for nodes
    /// that really have several (or a non-leaf one).
    fn fields(&mut self, start: usize, end: usize) {
        let b = self.b;
        let class = &self.class;
        let finder = &self.finder;
        let t = &mut *self.tree;
        let (mut f0, mut r0, mut c0, mut s0) = (start, start, start, start);
        // Children stored so far for the open field, repetition and component.
        let (mut reps, mut comps, mut subs) = (0u32, 0u32, 0u32);
        let mut base = start;
        let mut m = finder.block(b, base, end);
        loop {
            // The next delimiter, or the end of the segment closing the last field.
            let (j, k) = if m != 0 {
                let j = base + m.trailing_zeros() as usize;
                m &= m - 1;
                (j, class[b[j] as usize])
            } else if base + 64 < end {
                base += 64;
                m = finder.block(b, base, end);
                continue;
            } else {
                (end, FIELD)
            };
            // Fast paths: a plain field, a plain component (most delimiters close one of these).
            if k == FIELD && (reps | comps | subs) == 0 {
                t.fields.push(Node::leaf(span(f0, j)));
                if j == end {
                    break;
                }
                (f0, r0, c0, s0) = (j + 1, j + 1, j + 1, j + 1);
                continue;
            }
            if k == COMP && subs == 0 {
                t.comps.push(Node::leaf(span(c0, j)));
                comps += 1;
                (c0, s0) = (j + 1, j + 1);
                continue;
            }
            if k == SUB || subs > 0 {
                t.subs.push(span(s0, j));
                subs += 1;
            }
            s0 = j + 1;
            if k <= COMP {
                let node = Node::parent(span(c0, j), t.subs.len() as u32, subs);
                if k == COMP || comps > 0 || subs > 0 {
                    t.comps.push(node);
                    comps += 1;
                }
                subs = 0;
                c0 = j + 1;
                if k <= REP {
                    let node = Node::parent(span(r0, j), t.comps.len() as u32, comps);
                    if k == REP || reps > 0 || comps > 0 {
                        t.reps.push(node);
                        reps += 1;
                    }
                    comps = 0;
                    r0 = j + 1;
                    if k == FIELD {
                        t.fields
                            .push(Node::parent(span(f0, j), t.reps.len() as u32, reps));
                        reps = 0;
                        f0 = j + 1;
                    }
                }
            }
            if j == end {
                break;
            }
        }
    }
}

/// Finds delimiters 64 bytes at a time: one bit per byte that is a delimiter. The loop is
/// written so that the compiler turns it into vector compares (no `unsafe`, no intrinsics).
struct Finder {
    delimiters: [u8; 4],
}

impl Finder {
    fn new(delimiters: [u8; 4]) -> Self {
        Finder { delimiters }
    }

    /// The delimiter bit mask of `b[base..min(base + 64, end)]`.
    #[inline]
    fn block(&self, b: &[u8], base: usize, end: usize) -> u64 {
        let n = (end - base).min(64);
        let mut block = [0u8; 64];
        block[..n].copy_from_slice(&b[base..base + n]);
        let [d0, d1, d2, d3] = self.delimiters;
        // Byte-wise compares (vectorized), then 8 flags packed into 8 bits with one multiply:
        // byte i of `w` (0 or 1) lands on bit 56 + i of `w * PACK`, with no carries.
        let mut hit = [0u8; 64];
        for (h, &x) in hit.iter_mut().zip(block.iter()) {
            *h = u8::from((x == d0) | (x == d1) | (x == d2) | (x == d3));
        }
        const PACK: u64 = 0x0102_0408_1020_4080;
        let mut m = 0u64;
        for (k, chunk) in hit.chunks_exact(8).enumerate() {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            m |= (u64::from_le_bytes(w).wrapping_mul(PACK) >> 56) << (8 * k);
        }
        // Zero padding is never a delimiter (delimiters are printable ASCII).
        m
    }
}

fn span(start: usize, end: usize) -> Span {
    Span {
        start: start as u32,
        end: end as u32,
    }
}
