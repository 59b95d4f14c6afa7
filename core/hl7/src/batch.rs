//! Batch files and multi-message streams: FHS/BHS/BTS/FTS envelopes and any number of messages,
//! in any line ending, with or without MLLP framing.
//!
//! [`split`] walks an in-memory buffer without copying; [`Reader`] walks any [`std::io::Read`]
//! and holds only the message being read, so a large file is never loaded whole. Both check the
//! envelope structure and report every problem as an `Err` item, then go on with the next unit,
//! so one bad batch loses nothing else.

use crate::error::{Hl7Error, Location, Warning};
use std::io::Read;

/// What a unit of a batch stream is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum UnitKind {
    /// FHS: file header.
    FileHeader,
    /// BHS: batch header.
    BatchHeader,
    /// A message, from its MSH to the segment before the next header or trailer.
    Message,
    /// BTS: batch trailer.
    BatchTrailer,
    /// FTS: file trailer.
    FileTrailer,
}

/// One unit of a batch stream, borrowing the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit<'a> {
    /// What the unit is.
    pub kind: UnitKind,
    /// Its bytes (for a message, every segment with its terminator).
    pub bytes: &'a [u8],
    /// Where it starts.
    pub at: Location,
}

/// One unit of a batch stream, owning its bytes (from [`Reader`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedUnit {
    /// What the unit is.
    pub kind: UnitKind,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Where it starts.
    pub at: Location,
}

/// The envelope state machine shared by [`split`] and [`Reader`].
#[derive(Debug, Default)]
struct Envelope {
    seen_any: bool,
    file: Option<Location>,
    batch: Option<Location>,
    batches_in_file: usize,
    messages_in_batch: usize,
    messages_in_file: usize,
    orphans: Option<(Location, String)>,
    warnings: Vec<Warning>,
}

/// What to do with one line.
enum Step {
    /// The line continues the current message.
    Continue,
    /// The line starts a new message (closing the current one first).
    StartMessage,
    /// The line is an envelope segment (closing the current message first).
    Envelope(UnitKind),
    /// The line belongs to no message.
    Orphan,
}

fn batch_error(at: Location, reason: String) -> Hl7Error {
    Hl7Error::Batch { at, reason }
}

fn envelope_warning(at: Location, message: String) -> Warning {
    Warning {
        code: "HL7_WARN_ENVELOPE",
        line: at.line,
        offset: at.offset,
        message,
    }
}

fn count_field(line: &[u8]) -> Option<usize> {
    let sep = *line.get(3)?;
    let v = line.split(|&b| b == sep).nth(1)?;
    std::str::from_utf8(v).ok()?.trim().parse().ok()
}

impl Envelope {
    /// Classifies a line and updates the state; structural problems go to `errors`.
    fn step(
        &mut self,
        line: &[u8],
        at: Location,
        in_message: bool,
        errors: &mut Vec<Hl7Error>,
    ) -> Step {
        let id = line.get(..3).unwrap_or(line);
        if matches!(id, b"MSH" | b"FHS" | b"BHS" | b"BTS" | b"FTS") {
            // Report a run of orphan lines before anything found at this line.
            self.flush_orphans(errors);
        }
        let first = !self.seen_any;
        self.seen_any = true;
        let step = match id {
            b"MSH" => {
                self.messages_in_batch += 1;
                self.messages_in_file += 1;
                Step::StartMessage
            }
            b"FHS" => {
                if !first {
                    errors.push(batch_error(
                        at,
                        match self.file {
                            Some(f) => format!(
                                "FHS starts a second file inside the file opened at line {}",
                                f.line
                            ),
                            None => "FHS must be the first segment of a file".into(),
                        },
                    ));
                }
                self.file = Some(at);
                self.batches_in_file = 0;
                self.messages_in_file = 0;
                Step::Envelope(UnitKind::FileHeader)
            }
            b"BHS" => {
                if let Some(open) = self.batch {
                    errors.push(batch_error(
                        at,
                        format!(
                            "BHS opens a batch while the batch opened at line {} has no BTS",
                            open.line
                        ),
                    ));
                }
                self.batch = Some(at);
                self.batches_in_file += 1;
                self.messages_in_batch = 0;
                Step::Envelope(UnitKind::BatchHeader)
            }
            b"BTS" => {
                match self.batch.take() {
                    None => self.warnings.push(envelope_warning(at, "BTS closes a batch that was never opened with BHS (the header may be left out)".into())),
                    Some(_) => {
                        if let Some(n) = count_field(line) {
                            if n != self.messages_in_batch {
                                errors.push(batch_error(at, format!("BTS-1 says the batch holds {n} messages; it holds {}", self.messages_in_batch)));
                            }
                        }
                    }
                }
                Step::Envelope(UnitKind::BatchTrailer)
            }
            b"FTS" => {
                if let Some(open) = self.batch.take() {
                    self.warnings.push(envelope_warning(
                        at,
                        format!(
                            "FTS closes the file while the batch opened at line {} has no BTS",
                            open.line
                        ),
                    ));
                }
                match self.file.take() {
                    None => self.warnings.push(envelope_warning(at, "FTS closes a file that was never opened with FHS (the header may be left out)".into())),
                    Some(_) => {
                        // Messages without a BHS form one implicit batch.
                        let batches = self.batches_in_file.max(usize::from(self.messages_in_file > 0));
                        if let Some(n) = count_field(line) {
                            if n != batches {
                                errors.push(batch_error(at, format!("FTS-1 says the file holds {n} batches; it holds {batches}")));
                            }
                        }
                    }
                }
                Step::Envelope(UnitKind::FileTrailer)
            }
            _ if in_message => Step::Continue,
            _ => Step::Orphan,
        };
        step
    }

    fn orphan(&mut self, line: &[u8], at: Location) {
        if self.orphans.is_none() {
            let id = String::from_utf8_lossy(line.get(..3).unwrap_or(line)).into_owned();
            self.orphans = Some((at, id));
        }
    }

    fn flush_orphans(&mut self, errors: &mut Vec<Hl7Error>) {
        if let Some((at, id)) = self.orphans.take() {
            errors.push(batch_error(at, format!("segment {id} (and any lines up to the next header) is outside any message: no MSH before it")));
        }
    }

    fn finish(&mut self, at: Location, errors: &mut Vec<Hl7Error>) {
        self.flush_orphans(errors);
        if let Some(open) = self.batch.take() {
            self.warnings.push(envelope_warning(
                at,
                format!(
                    "the input ends inside the batch opened at line {} (no BTS)",
                    open.line
                ),
            ));
        }
        if let Some(open) = self.file.take() {
            self.warnings.push(envelope_warning(
                at,
                format!(
                    "the input ends inside the file opened at line {} (no FTS)",
                    open.line
                ),
            ));
        }
    }
}

/// Strips MLLP framing and leading spaces from a line, returning the content and how many bytes
/// were skipped.
fn content(line: &[u8]) -> (&[u8], usize) {
    let skip = line
        .iter()
        .take_while(|&&b| b == 0x0B || b == 0x1C || b == b' ' || b == b'\t')
        .count();
    (&line[skip..], skip)
}

/// Iterator over the units of an in-memory batch stream; see [`split`].
pub struct Split<'a> {
    input: &'a [u8],
    pos: usize,
    line: usize,
    env: Envelope,
    current: Option<(usize, Location)>,
    pending: std::collections::VecDeque<Result<Unit<'a>, Hl7Error>>,
    done: bool,
}

/// Splits an in-memory stream into file/batch envelope segments and messages, without copying.
pub fn split(input: &[u8]) -> Split<'_> {
    let skip = if input.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    Split {
        input,
        pos: skip,
        line: 1,
        env: Envelope::default(),
        current: None,
        pending: Default::default(),
        done: false,
    }
}

impl<'a> Split<'a> {
    /// Envelope problems that were tolerated (a missing BTS or FTS, say), so far.
    pub fn warnings(&self) -> &[Warning] {
        &self.env.warnings
    }

    fn close(&mut self, end: usize) {
        if let Some((start, at)) = self.current.take() {
            self.pending.push_back(Ok(Unit {
                kind: UnitKind::Message,
                bytes: &self.input[start..end],
                at,
            }));
        }
    }

    fn advance(&mut self) {
        let b = self.input;
        if self.pos >= b.len() {
            self.close(b.len());
            let mut errors = Vec::new();
            self.env.finish(
                Location {
                    line: self.line,
                    offset: b.len(),
                },
                &mut errors,
            );
            self.pending.extend(errors.into_iter().map(Err));
            self.done = true;
            return;
        }
        let start = self.pos;
        let (end, next, lines) = line_end(b, start);
        let (line, skip) = content(&b[start..end]);
        let at = Location {
            line: self.line,
            offset: start + skip,
        };
        self.line += lines;
        self.pos = next;
        if line.is_empty() {
            return;
        }
        let mut errors = Vec::new();
        match self.env.step(line, at, self.current.is_some(), &mut errors) {
            Step::Continue => {}
            Step::StartMessage => {
                self.close(start);
                self.current = Some((start + skip, at));
            }
            Step::Envelope(kind) => {
                self.close(start);
                self.pending.push_back(Ok(Unit {
                    kind,
                    bytes: line,
                    at,
                }));
            }
            Step::Orphan => self.env.orphan(line, at),
        }
        // Errors found at this line come after the message it closed.
        self.pending.extend(errors.into_iter().map(Err));
    }
}

/// Finds the end of the line at `start`: (end of content, start of next line, lines consumed).
fn line_end(b: &[u8], start: usize) -> (usize, usize, usize) {
    match memchr::memchr2(b'\r', b'\n', &b[start..]) {
        None => (b.len(), b.len(), 0),
        Some(i) => {
            let e = start + i;
            let next = if b[e] == b'\r' && b.get(e + 1) == Some(&b'\n') {
                e + 2
            } else {
                e + 1
            };
            (e, next, 1)
        }
    }
}

impl<'a> Iterator for Split<'a> {
    type Item = Result<Unit<'a>, Hl7Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(u) = self.pending.pop_front() {
                return Some(u);
            }
            if self.done {
                return None;
            }
            self.advance();
        }
    }
}

/// Streaming reader of a batch file or multi-message stream: see the module documentation.
pub struct Reader<R> {
    source: R,
    buf: Vec<u8>,
    eof: bool,
    offset: usize,
    line: usize,
    env: Envelope,
    current: Option<OwnedUnit>,
    pending: std::collections::VecDeque<Result<OwnedUnit, Hl7Error>>,
    started: bool,
    done: bool,
}

impl<R: Read> Reader<R> {
    /// Envelope problems that were tolerated (a missing BTS or FTS, say), so far.
    pub fn warnings(&self) -> &[Warning] {
        &self.env.warnings
    }

    /// Reads units from `source`.
    pub fn new(source: R) -> Self {
        Reader {
            source,
            buf: Vec::with_capacity(64 * 1024),
            eof: false,
            offset: 0,
            line: 1,
            env: Envelope::default(),
            current: None,
            pending: Default::default(),
            started: false,
            done: false,
        }
    }

    /// Takes the next complete line from the buffer, reading more when needed.
    fn next_line(&mut self) -> Result<Option<(Vec<u8>, usize)>, Hl7Error> {
        loop {
            if let Some(i) = memchr::memchr2(b'\r', b'\n', &self.buf) {
                // A CR at the very end may be the first half of CRLF: read on to know.
                if !(self.buf[i] == b'\r' && i + 1 == self.buf.len() && !self.eof) {
                    let next = if self.buf[i] == b'\r' && self.buf.get(i + 1) == Some(&b'\n') {
                        i + 2
                    } else {
                        i + 1
                    };
                    let line: Vec<u8> = self.buf.drain(..next).collect();
                    return Ok(Some((line, next)));
                }
            }
            if self.eof {
                if self.buf.is_empty() {
                    return Ok(None);
                }
                let line = std::mem::take(&mut self.buf);
                let n = line.len();
                return Ok(Some((line, n)));
            }
            let mut chunk = [0u8; 64 * 1024];
            let n = self.source.read(&mut chunk)?;
            if n == 0 {
                self.eof = true;
            } else {
                self.buf.extend_from_slice(&chunk[..n]);
            }
        }
    }

    fn close(&mut self) {
        if let Some(unit) = self.current.take() {
            self.pending.push_back(Ok(unit));
        }
    }

    fn advance(&mut self) -> Result<(), Hl7Error> {
        let Some((mut raw, len)) = self.next_line()? else {
            self.close();
            let mut errors = Vec::new();
            self.env.finish(
                Location {
                    line: self.line,
                    offset: self.offset,
                },
                &mut errors,
            );
            self.pending.extend(errors.into_iter().map(Err));
            self.done = true;
            return Ok(());
        };
        if !self.started {
            self.started = true;
            if raw.starts_with(&[0xEF, 0xBB, 0xBF]) {
                raw.drain(..3);
                self.offset += 3;
            }
        }
        let start = self.offset;
        self.offset += raw.len();
        let ends_line = raw.last().is_some_and(|&b| b == b'\n' || b == b'\r');
        let content_end = raw
            .iter()
            .rposition(|&b| b != b'\r' && b != b'\n')
            .map_or(0, |i| i + 1);
        let (line, skip) = content(&raw[..content_end]);
        let at = Location {
            line: self.line,
            offset: start + skip,
        };
        if ends_line {
            self.line += 1;
        }
        let _ = len;
        if line.is_empty() {
            if let Some(cur) = self.current.as_mut() {
                cur.bytes.extend_from_slice(&raw);
            }
            return Ok(());
        }
        let mut errors = Vec::new();
        match self.env.step(line, at, self.current.is_some(), &mut errors) {
            Step::Continue => {
                if let Some(cur) = self.current.as_mut() {
                    cur.bytes.extend_from_slice(&raw[skip..]);
                }
            }
            Step::StartMessage => {
                self.close();
                self.current = Some(OwnedUnit {
                    kind: UnitKind::Message,
                    bytes: raw[skip..].to_vec(),
                    at,
                });
            }
            Step::Envelope(kind) => {
                self.close();
                self.pending.push_back(Ok(OwnedUnit {
                    kind,
                    bytes: line.to_vec(),
                    at,
                }));
            }
            Step::Orphan => self.env.orphan(line, at),
        }
        self.pending.extend(errors.into_iter().map(Err));
        Ok(())
    }
}

impl<R: Read> Iterator for Reader<R> {
    type Item = Result<OwnedUnit, Hl7Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(u) = self.pending.pop_front() {
                return Some(u);
            }
            if self.done {
                return None;
            }
            if let Err(e) = self.advance() {
                self.done = true;
                return Some(Err(e));
            }
        }
    }
}
