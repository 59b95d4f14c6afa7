//! MLLP (Minimal Lower Layer Protocol) framing: `0x0B message 0x1C 0x0D`.

use crate::Hl7Error;

/// Start-of-block byte.
pub const START_BLOCK: u8 = 0x0B;
/// End-of-block byte.
pub const END_BLOCK: u8 = 0x1C;
/// The carriage return that follows the end-of-block byte.
pub const END_CR: u8 = 0x0D;

/// Frames a message for sending. The payload must not contain the framing bytes.
pub fn frame(message: &[u8]) -> Result<Vec<u8>, Hl7Error> {
    if let Some(i) = message
        .iter()
        .position(|&b| b == START_BLOCK || b == END_BLOCK)
    {
        return Err(Hl7Error::Mllp {
            offset: i as u64,
            reason: format!("the message holds the framing byte 0x{:02X}", message[i]),
        });
    }
    let mut out = Vec::with_capacity(message.len() + 3);
    out.push(START_BLOCK);
    out.extend_from_slice(message);
    out.push(END_BLOCK);
    out.push(END_CR);
    Ok(out)
}

/// A complete frame taken from a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The message bytes between the framing bytes.
    pub payload: Vec<u8>,
    /// Stream offset of the start-of-block byte.
    pub offset: u64,
    /// True when the end-of-block byte was not followed by a carriage return (tolerated).
    pub missing_cr: bool,
}

/// Deframes an MLLP byte stream fed in pieces of any size.
///
/// Bytes outside a frame (other than whitespace between frames) are reported as an error with
/// their offset and skipped; a frame longer than the limit is an error and is dropped whole
/// with that error, so a misbehaving peer cannot exhaust memory.
#[derive(Debug)]
pub struct Deframer {
    buf: Vec<u8>,
    in_frame: bool,
    frame_start: u64,
    consumed: u64,
    max_frame: usize,
    overflow: bool,
    junk: Option<(u64, usize)>,
    awaiting_cr: bool,
    ready: std::collections::VecDeque<Result<Frame, Hl7Error>>,
}

impl Default for Deframer {
    fn default() -> Self {
        Deframer::new(16 * 1024 * 1024)
    }
}

impl Deframer {
    /// A deframer that accepts frames of at most `max_frame` bytes.
    pub fn new(max_frame: usize) -> Self {
        Deframer {
            buf: Vec::new(),
            in_frame: false,
            frame_start: 0,
            consumed: 0,
            max_frame,
            overflow: false,
            junk: None,
            awaiting_cr: false,
            ready: Default::default(),
        }
    }

    /// Feeds bytes from the stream.
    pub fn push(&mut self, bytes: &[u8]) {
        for &b in bytes {
            let at = self.consumed;
            self.consumed += 1;
            if self.awaiting_cr {
                self.awaiting_cr = false;
                if b == END_CR {
                    continue;
                }
                if let Some(Ok(f)) = self.ready.back_mut() {
                    f.missing_cr = true;
                }
            }
            if !self.in_frame {
                if b == START_BLOCK {
                    self.flush_junk();
                    self.in_frame = true;
                    self.frame_start = at;
                    self.buf.clear();
                    self.overflow = false;
                } else if !b.is_ascii_whitespace() {
                    match &mut self.junk {
                        Some((_, n)) => *n += 1,
                        None => self.junk = Some((at, 1)),
                    }
                }
                continue;
            }
            match b {
                END_BLOCK => {
                    self.in_frame = false;
                    self.awaiting_cr = true;
                    let payload = std::mem::take(&mut self.buf);
                    self.ready.push_back(if self.overflow {
                        Err(Hl7Error::Mllp {
                            offset: self.frame_start,
                            reason: format!(
                                "frame longer than the {}-byte limit; dropped",
                                self.max_frame
                            ),
                        })
                    } else {
                        Ok(Frame {
                            payload,
                            offset: self.frame_start,
                            missing_cr: false,
                        })
                    });
                }
                START_BLOCK => {
                    self.ready.push_back(Err(Hl7Error::Mllp {
                        offset: at,
                        reason: format!("a new frame starts before the frame at byte {} ended; the unfinished frame is dropped", self.frame_start),
                    }));
                    self.frame_start = at;
                    self.buf.clear();
                    self.overflow = false;
                }
                _ if self.buf.len() >= self.max_frame => self.overflow = true,
                _ => self.buf.push(b),
            }
        }
    }

    fn flush_junk(&mut self) {
        if let Some((offset, n)) = self.junk.take() {
            self.ready.push_back(Err(Hl7Error::Mllp {
                offset,
                reason: format!("{n} bytes outside any frame; skipped"),
            }));
        }
    }

    /// The next complete frame (or framing error), if any.
    pub fn next_frame(&mut self) -> Option<Result<Frame, Hl7Error>> {
        if self.ready.len() == 1 && self.awaiting_cr {
            // Wait for the CR (or the next byte) before handing the last frame out.
            return None;
        }
        self.ready.pop_front()
    }

    /// Ends the stream: hands out what is left and reports an unfinished frame or stray bytes.
    pub fn finish(&mut self) -> Vec<Result<Frame, Hl7Error>> {
        self.flush_junk();
        if self.in_frame {
            self.in_frame = false;
            self.ready.push_back(Err(Hl7Error::Mllp {
                offset: self.frame_start,
                reason: "the stream ended inside a frame (no 0x1C)".into(),
            }));
        }
        self.awaiting_cr = false;
        self.ready.drain(..).collect()
    }
}
