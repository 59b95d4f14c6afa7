//! Lazy parsing: a segment index first, fields split only for the segments that are read.
//!
//! [`LazyMessage::parse`] does everything [`crate::parse`] does that can fail or warn (character
//! set, preamble, MSH and delimiters, segment boundaries and ids, every warning), but records
//! each segment as a span without splitting its fields. A read walks the one segment it names up
//! to the value ([`segment_value`]); nothing is kept. Reading one value of an 8 KB message
//! therefore costs one pass over the segment terminators plus part of one segment.

use crate::charset::Charset;
use crate::delimiters::Delimiters;
use crate::error::{Hl7Error, Warning};
use crate::escape;
use crate::message::{Message, SegNode, Tree};
use crate::parse::{read_text, scan_with, split_segments};
use std::borrow::Cow;
use std::cell::Cell;

/// A message parsed as far as its segment index; fields are split on first read.
///
/// It accepts and rejects exactly the inputs [`crate::parse`] does, with the same errors and
/// warnings, and every value read from it equals the full parse's. [`LazyMessage::to_message`]
/// gives the full [`Message`] for the typed views.
#[derive(Debug)]
pub struct LazyMessage<'a> {
    text: Cow<'a, str>,
    delimiters: Delimiters,
    charset: Charset,
    warnings: Vec<Warning>,
    segs: Box<[SegNode]>,
    /// The input was all ASCII.
    ascii: bool,
}

thread_local! {
    /// Node arenas reused by [`LazyMessage::parse`] and by each read, so that neither allocates
    /// per call beyond the exact-size segment index.
    static SCRATCH: Cell<Tree> = Cell::new(Tree::default());
}

/// Runs `f` on this thread's scratch tree, emptied. The tree is taken out of the thread-local
/// for the call (a nested call gets a fresh one) and put back unless a huge message grew it.
fn with_scratch<T>(f: impl FnOnce(&mut Tree) -> T) -> T {
    let mut tree = SCRATCH.try_with(Cell::take).unwrap_or_default();
    tree.segs.clear();
    tree.fields.clear();
    tree.reps.clear();
    tree.comps.clear();
    tree.subs.clear();
    let out = f(&mut tree);
    if tree.heap_size() <= SCRATCH_KEEP {
        // Fails only while the thread is exiting; the tree is then dropped.
        let _ = SCRATCH.try_with(|cell| cell.set(tree));
    }
    out
}

/// Scratch capacity kept between calls (bytes of node arenas).
const SCRATCH_KEEP: usize = 1 << 20;

impl<'a> LazyMessage<'a> {
    /// Reads the segment index of one message: the same checks and warnings as
    /// [`crate::parse`], without splitting any segment.
    pub fn parse(input: &'a [u8]) -> Result<Self, Hl7Error> {
        if input.len() >= u32::MAX as usize {
            return Err(Hl7Error::TooLarge { size: input.len() });
        }
        let mut warnings = Vec::new();
        let (charset, text, ascii) = read_text(input, &mut warnings)?;
        let (delimiters, segs) = with_scratch(|tree| {
            scan_with(&text, tree, &mut warnings, true).map(|d| (d, tree.segs.as_slice().into()))
        })?;
        Ok(LazyMessage {
            text,
            delimiters,
            charset,
            warnings,
            segs,
            ascii,
        })
    }

    /// This message with its text copied into an owned buffer; segments already split stay so.
    pub fn into_owned(self) -> LazyMessage<'static> {
        LazyMessage {
            text: Cow::Owned(self.text.into_owned()),
            delimiters: self.delimiters,
            charset: self.charset,
            warnings: self.warnings,
            segs: self.segs,
            ascii: self.ascii,
        }
    }

    /// The message text (UTF-8; transcoded when MSH-18 named a single-byte character set).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The delimiters read from MSH-1 and MSH-2.
    pub fn delimiters(&self) -> &Delimiters {
        &self.delimiters
    }

    /// True when the input was all ASCII: the text is then the input itself, and its byte offsets
    /// are character offsets in every encoding (UTF-16 included).
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// The character set the input was read in.
    pub fn charset(&self) -> Charset {
        self.charset
    }

    /// Everything the parser tolerated (the same list as the full parse).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Bytes of heap memory this message holds (its text when owned, the segment index and the
    /// warnings), for hosts whose garbage collector must be told
    /// about memory it does not see.
    pub fn heap_size(&self) -> usize {
        let text = match &self.text {
            Cow::Owned(t) => t.capacity(),
            Cow::Borrowed(_) => 0,
        };
        text + std::mem::size_of_val(&*self.segs)
            + self.warnings.capacity() * std::mem::size_of::<Warning>()
            + self
                .warnings
                .iter()
                .map(|w| w.message.capacity())
                .sum::<usize>()
    }

    /// The number of segments.
    pub fn segment_count(&self) -> usize {
        self.segs.len()
    }

    /// The id of the segment at 0-based position `index`.
    pub fn segment_id(&self, index: usize) -> Option<&str> {
        let id = self.segs.get(index)?.id;
        self.text.get(id.start as usize..id.end as usize)
    }

    /// The byte range of the segment at 0-based position `index` in [`LazyMessage::text`]
    /// (without its terminator).
    pub fn segment_span(&self, index: usize) -> Option<std::ops::Range<usize>> {
        let s = self.segs.get(index)?;
        Some(s.span.start as usize..s.span.end as usize)
    }

    /// The decoded value at an HL7 path such as `PID-5-1` (see [`Message::get`]).
    pub fn get(&self, path: &str) -> Result<Option<String>, Hl7Error> {
        let path: crate::Path = path.parse()?;
        self.value(&path)
    }

    /// The decoded value at a parsed path, as [`Message::value`] gives it; reads the one segment it
    /// names up to the value, without splitting the rest or keeping anything.
    pub fn value(&self, path: &crate::Path) -> Result<Option<String>, Hl7Error> {
        let Some(seg) = self
            .segs
            .iter()
            .filter(|s| {
                self.text.get(s.id.start as usize..s.id.end as usize) == Some(path.segment.as_str())
            })
            .nth(path.occurrence.wrapping_sub(1))
        else {
            return Ok(None);
        };
        let Some(text) = self
            .text
            .get(seg.span.start as usize..seg.span.end as usize)
        else {
            return Ok(None);
        };
        Ok(segment_value(text, &self.delimiters, path).map(Cow::into_owned))
    }

    fn message_of<'s>(&'s self, tree: Cow<'s, Tree>) -> Message<'s> {
        Message {
            text: Cow::Borrowed(&self.text),
            delimiters: self.delimiters,
            tree,
            warnings: Vec::new(),
            charset: self.charset,
        }
    }

    /// The full message: every segment split, the same tree, warnings and text as
    /// [`crate::parse`] gives for the same input.
    pub fn to_message(&self) -> Result<Message<'_>, Hl7Error> {
        let mut tree = Tree::default();
        split_segments(
            &self.text,
            &self.delimiters,
            self.segs.iter().copied(),
            &mut tree,
        )?;
        let mut msg = self.message_of(Cow::Owned(tree));
        msg.warnings = self.warnings.clone();
        Ok(msg)
    }
}

/// The decoded value at `path` within one segment's text, as a message with these delimiters
/// gives it ([`Message::value`]: the same value, found without building a tree). Only the path's
/// field, repetition, component and subcomponent are used; the caller has found the segment (its
/// id and occurrence). For hosts that keep a message's text and segment index themselves and
/// hand one segment back per read.
pub fn segment_value<'s>(
    segment: &'s str,
    delimiters: &Delimiters,
    path: &crate::Path,
) -> Option<Cow<'s, str>> {
    let nth = |text: &'s str, sep: char, n: usize| nth_piece(text, sep, n);
    let is_msh = segment.starts_with("MSH");
    let field = match (is_msh, path.field) {
        // MSH-1 is the field separator and MSH-2 the encoding characters: never split or decoded.
        (true, 1) => return segment.get(3..4).map(Cow::Borrowed),
        (true, 2) => return nth(segment, delimiters.field, 2).map(Cow::Borrowed),
        // MSH-3 follows MSH-2, the second piece after the id.
        (true, n) => nth(segment, delimiters.field, n)?,
        (false, n) => nth(segment, delimiters.field, n.checked_add(1)?)?,
    };
    let repetition = nth(field, delimiters.repetition, path.repetition)?;
    let component = nth(
        repetition,
        delimiters.component,
        path.component.unwrap_or(1),
    )?;
    let sub = path.subcomponent.unwrap_or(1);
    let value = match delimiters.subcomponent {
        Some(sep) => nth(component, sep, sub)?,
        None => (sub == 1).then_some(component)?,
    };
    Some(escape::decode(value, delimiters))
}

/// Piece `n` (1-based) of `text` split at `sep`.
fn nth_piece(text: &str, sep: char, n: usize) -> Option<&str> {
    let skip = n.checked_sub(1)?;
    if !sep.is_ascii() {
        return text.split(sep).nth(skip);
    }
    let mut breaks = memchr::memchr_iter(sep as u8, text.as_bytes());
    let mut start = 0;
    for _ in 0..skip {
        start = breaks.next()? + 1;
    }
    let end = breaks.next().unwrap_or(text.len());
    text.get(start..end)
}

#[cfg(test)]
mod tests {
    use super::LazyMessage;
    use std::path::Path;

    fn corpus() -> Vec<(String, Vec<u8>)> {
        fn walk(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if let Ok(bytes) = std::fs::read(&p) {
                    if bytes.windows(3).any(|w| w == b"MSH") {
                        out.push((p.display().to_string(), bytes));
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/hl7"),
            &mut out,
        );
        out
    }

    /// Every corpus file (testdata/hl7: python-hl7, hamaluik hl7-parser, Microsoft
    /// FHIR-Converter and v2-to-fhir samples) gives the same result lazily as fully: the same
    /// error code or the same warnings, the same tree, and the same value at every
    /// component and subcomponent path.
    #[test]
    fn lazy_equals_full_on_the_corpus() {
        let files = corpus();
        let mut compared = 0usize;
        for (name, bytes) in &files {
            let full = crate::parse(bytes);
            let lazy = LazyMessage::parse(bytes);
            let (full, lazy) = match (full, lazy) {
                (Ok(f), Ok(l)) => (f, l),
                (Err(f), Err(l)) => {
                    assert_eq!(f.code(), l.code(), "{name}");
                    assert_eq!(f.to_string(), l.to_string(), "{name}");
                    continue;
                }
                (f, l) => panic!("{name}: full {:?} lazy {:?}", f.err(), l.err()),
            };
            assert_eq!(full.warnings(), lazy.warnings(), "{name}");
            assert_eq!(full.charset(), lazy.charset(), "{name}");
            assert_eq!(full.segment_count(), lazy.segment_count(), "{name}");
            assert_eq!(
                full.to_json(),
                lazy.to_message().unwrap().to_json(),
                "{name}"
            );
            let mut seen = std::collections::HashMap::new();
            for seg in full.segments() {
                let occ = seen.entry(seg.id()).or_insert(0usize);
                *occ += 1;
                let p = format!("{}({})-{}", seg.id(), occ, seg.field_count() + 1);
                assert_eq!(None, lazy.get(&p).unwrap(), "{name} {p}");
                assert_eq!(None, full.get(&p).unwrap(), "{name} {p}");
                for f in seg.fields() {
                    for (r, rep) in f.repetitions().enumerate() {
                        for (c, comp) in rep.components().enumerate() {
                            for s in 1..=comp.subcomponent_count() + 1 {
                                let p = format!(
                                    "{}({})-{}({})-{}-{s}",
                                    seg.id(),
                                    occ,
                                    f.number(),
                                    r + 1,
                                    c + 1
                                );
                                let expected = full.get(&p).unwrap().map(|v| v.into_owned());
                                assert_eq!(expected, lazy.get(&p).unwrap(), "{name} {p}");
                                // The same read given only the segment's text.
                                let span = lazy.segment_span(seg.index()).unwrap();
                                let path: crate::Path = p.parse().unwrap();
                                assert_eq!(
                                    expected,
                                    super::segment_value(
                                        &lazy.text()[span],
                                        lazy.delimiters(),
                                        &path
                                    )
                                    .map(|v| v.into_owned()),
                                    "{name} {p} (segment_value)"
                                );
                                compared += 1;
                            }
                        }
                    }
                    // One past the last repetition and component: absent in both.
                    let reps = f.repetitions().len();
                    let comps = f.repetitions().next().map_or(0, |r| r.components().len());
                    for p in [
                        format!("{}({})-{}({})", seg.id(), occ, f.number(), reps + 1),
                        format!("{}({})-{}-{}", seg.id(), occ, f.number(), comps + 1),
                    ] {
                        let full = full.get(&p).unwrap().map(|v| v.into_owned());
                        assert_eq!(full, lazy.get(&p).unwrap(), "{name} {p}");
                    }
                    let p = format!("{}({})-{}", seg.id(), occ, f.number());
                    assert_eq!(
                        full.get(&p).unwrap().map(|v| v.into_owned()),
                        lazy.get(&p).unwrap(),
                        "{name} {p}"
                    );
                }
            }
        }
        assert!(files.len() > 100, "corpus not found: {} files", files.len());
        assert!(compared > 10_000, "only {compared} values compared");
    }

    #[test]
    fn errors_match_the_full_parse() {
        for input in [
            &b"PID|1"[..],
            b"MSH|^~\\&|A\rPID|1\rMSH|^~\\&|B\r",
            b"MSH",
            b"MSH|^~\\&|A\rBHS|1\r",
        ] {
            let full = crate::parse(input).expect_err("full parse accepted");
            let lazy = LazyMessage::parse(input).expect_err("lazy parse accepted");
            assert_eq!(full.code(), lazy.code());
            assert_eq!(full.to_string(), lazy.to_string());
        }
    }

    #[test]
    fn reads_one_segment() {
        let msg = LazyMessage::parse(
            b"MSH|^~\\&|LAB||EHR||202401011200||ADT^A01|42|P|2.5\rPID|1||123^^^H^MR||Doe^Jane|\r",
        )
        .unwrap()
        .into_owned();
        assert_eq!(msg.get("PID-5-2").unwrap().as_deref(), Some("Jane"));
        assert_eq!(msg.get("PID-3-4").unwrap().as_deref(), Some("H"));
        assert_eq!(msg.get("MSH-9-2").unwrap().as_deref(), Some("A01"));
        assert_eq!(msg.get("OBX-1").unwrap(), None);
        assert_eq!(msg.warnings()[0].code, "HL7_WARN_TRAILING_DELIMITER");
    }
}
