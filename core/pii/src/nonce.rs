//! Nonces for AES-256-GCM field encryption: per-thread counter streams with a random start,
//! seeded from the OS CSPRNG.
//!
//! # Construction
//!
//! A *stream* is a 32-bit prefix `P` and a 64-bit counter start `C` drawn together from the OS
//! CSPRNG (one `getrandom` call of 12 bytes). The stream's `i`-th nonce is
//! `P || (C + i mod 2^64)`, big-endian: 96 bits, the size SP 800-38D recommends. Each thread owns
//! its stream (thread-local, no locking), and a stream is replaced by a freshly seeded one
//! * after [`STREAM_LEN`] nonces,
//! * when the stream was seeded in another process (a `fork` copies the parent's memory,
//!   including the forking thread's stream: the child's first call sees a new fork generation,
//!   see [`crate::fork`], and seeds its own stream before handing out a nonce),
//! * on a thread that has no stream yet.
//!
//! # Why nonces do not repeat
//!
//! Within one stream the nonces are distinct: at most `2^32` consecutive counter values, far from
//! the `2^64` wrap. Two different streams can only produce a common nonce when their prefixes are
//! equal (probability `2^-32`, the prefixes being independent and uniform) *and* their counter
//! intervals of at most `2^32` values overlap somewhere in the `2^64` ring (probability below
//! `2 * 2^32 / 2^64 = 2^-31` for an independent uniform start). A pair of streams therefore collides
//! with probability below `2^-63`, and `S` streams used under one key below `S^2 / 2^64`; for one
//! million streams (threads, processes and re-seeds over the key's life, each with up to four
//! billion fields) that is below `2^-24`. More precisely, with `q` nonces in total over `S` streams
//! the bound is `S * q / 2^95`, against `q^2 / 2^97` for independent random 96-bit nonces: random
//! nonces are limited to `2^32` encryptions per key (SP 800-38D section 8.3), while this
//! construction stays far below that risk at many times the volume. Only the seed comes from the
//! OS; nonces are public, so nothing here is secret.
//!
//! The cost is one atomic load and a counter increment per nonce, instead of one OS random
//! request per nonce.

use crate::envelope::NONCE_LEN;
use crate::error::PiiError;
use std::cell::Cell;

/// Nonces one stream hands out before it is re-seeded.
pub const STREAM_LEN: u64 = 1 << 32;

#[derive(Clone, Copy)]
struct Stream {
    generation: u64,
    prefix: [u8; 4],
    next: u64,
    left: u64,
}

impl Stream {
    fn seed(generation: u64) -> Result<Stream, PiiError> {
        let mut s = [0u8; 12];
        getrandom::getrandom(&mut s).map_err(|_| PiiError::Random)?;
        let [p0, p1, p2, p3, c @ ..] = s;
        Ok(Stream {
            generation,
            prefix: [p0, p1, p2, p3],
            next: u64::from_be_bytes(c),
            left: STREAM_LEN,
        })
    }
}

thread_local! {
    static STREAM: Cell<Option<Stream>> = const { Cell::new(None) };
}

/// A run of consecutive nonces taken from this thread's stream.
pub(crate) struct NonceRun {
    prefix: [u8; 4],
    next: u64,
    left: u64,
}

impl NonceRun {
    /// Takes `count` nonces (at most [`STREAM_LEN`]; larger requests get a shorter run, so callers
    /// take runs until they have enough).
    pub fn take(count: u64) -> Result<NonceRun, PiiError> {
        let count = count.clamp(1, STREAM_LEN);
        let generation = crate::fork::generation();
        let from_stream = STREAM.try_with(|cell| -> Result<NonceRun, PiiError> {
            let mut s = match cell.get() {
                Some(s) if s.generation == generation && s.left >= count => s,
                _ => Stream::seed(generation)?,
            };
            let run = NonceRun {
                prefix: s.prefix,
                next: s.next,
                left: count,
            };
            s.next = s.next.wrapping_add(count);
            s.left -= count;
            cell.set(Some(s));
            Ok(run)
        });
        match from_stream {
            Ok(run) => run,
            // Thread-local storage already torn down (a call from a thread-exit destructor):
            // a stream of its own, used once.
            Err(_) => {
                let s = Stream::seed(generation)?;
                Ok(NonceRun {
                    prefix: s.prefix,
                    next: s.next,
                    left: count,
                })
            }
        }
    }

    /// The next nonce of the run, `None` when the run is used up.
    pub fn next_nonce(&mut self) -> Option<[u8; NONCE_LEN]> {
        if self.left == 0 {
            return None;
        }
        let c = self.next.to_be_bytes();
        self.next = self.next.wrapping_add(1);
        self.left -= 1;
        let p = self.prefix;
        Some([
            p[0], p[1], p[2], p[3], c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
        ])
    }
}

/// One nonce from this thread's stream.
pub(crate) fn next_nonce() -> Result<[u8; NONCE_LEN], PiiError> {
    NonceRun::take(1)?.next_nonce().ok_or(PiiError::Random)
}

/// Nonces for a batch of `count` encryptions, taken from this thread's stream in runs.
pub(crate) struct NonceBatch {
    run: NonceRun,
    remaining: u64,
}

impl NonceBatch {
    /// Nonces for `count` encryptions.
    pub fn new(count: usize) -> Result<Self, PiiError> {
        let remaining = count as u64;
        Ok(NonceBatch {
            run: NonceRun::take(remaining)?,
            remaining,
        })
    }

    /// The next nonce.
    pub fn next(&mut self) -> Result<[u8; NONCE_LEN], PiiError> {
        if self.remaining == 0 {
            return Err(PiiError::Random);
        }
        let n = match self.run.next_nonce() {
            Some(n) => n,
            None => {
                self.run = NonceRun::take(self.remaining)?;
                self.run.next_nonce().ok_or(PiiError::Random)?
            }
        };
        self.remaining -= 1;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn consecutive_nonces_share_the_prefix_and_count_up() {
        let a = next_nonce().unwrap();
        let b = next_nonce().unwrap();
        assert_eq!(a[..4], b[..4]);
        let ca = u64::from_be_bytes(a[4..].try_into().unwrap());
        let cb = u64::from_be_bytes(b[4..].try_into().unwrap());
        assert_eq!(cb, ca.wrapping_add(1));
    }

    #[test]
    fn batches_and_single_calls_never_repeat_across_threads() {
        let per_thread = |_: usize| {
            let mut v = Vec::new();
            let mut b = NonceBatch::new(1000).unwrap();
            for _ in 0..1000 {
                v.push(b.next().unwrap());
            }
            assert!(
                b.next().is_err(),
                "a batch hands out exactly what was asked"
            );
            for _ in 0..1000 {
                v.push(next_nonce().unwrap());
            }
            v
        };
        let handles: Vec<_> = (0..4)
            .map(|i| std::thread::spawn(move || per_thread(i)))
            .collect();
        let mut all = HashSet::new();
        let mut prefixes = HashSet::new();
        for h in handles {
            for n in h.join().unwrap() {
                prefixes.insert([n[0], n[1], n[2], n[3]]);
                assert!(all.insert(n), "nonce repeated");
            }
        }
        assert_eq!(all.len(), 8000);
        // Each thread seeds its own stream.
        assert_eq!(prefixes.len(), 4);
    }

    #[test]
    fn an_exhausted_or_foreign_stream_is_reseeded() {
        next_nonce().unwrap();
        let before = STREAM.with(Cell::get).unwrap();
        // A stream seeded in another process (as after fork) is never continued.
        STREAM.with(|c| {
            c.set(Some(Stream {
                generation: before.generation.wrapping_add(1),
                ..before
            }))
        });
        let n = next_nonce().unwrap();
        let after = STREAM.with(Cell::get).unwrap();
        assert_eq!(after.generation, crate::fork::generation());
        let mut continued = before.prefix.to_vec();
        continued.extend_from_slice(&before.next.to_be_bytes());
        assert_ne!(n.to_vec(), continued, "the copied stream was continued");
        // A stream without room for the requested run is replaced, not overrun.
        STREAM.with(|c| c.set(Some(Stream { left: 1, ..after })));
        let run = NonceRun::take(2).unwrap();
        assert_eq!(run.left, 2);
        let s = STREAM.with(Cell::get).unwrap();
        assert_eq!(s.left, STREAM_LEN - 2);
    }
}
