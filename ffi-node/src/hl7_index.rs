//! `hl7_index`: the native half of the `Message` class in `index.js`.
//!
//! A wrapped native object costs V8 a weak handle and a finalizer that runs only when the event
//! loop turns, about 2 us per object, more than reading the message. So `parse` of an ASCII
//! message (nearly every HL7 v2 message) keeps no native object: `_hl7Scan` runs the core's
//! index scan ([`core::LazyMessage::parse`], the same checks, errors and warnings as the full
//! parse) over bytes borrowed for the call and writes the delimiters and the segment spans into
//! a `Uint32Array` the JS side reuses; the JS message holds its text as a JS string and the index
//! as a JS array, both freed by the garbage collector like any JS value. A read slices one
//! segment out of the text in JS and hands it to `_hl7SegmentValue`, which reads that segment
//! up to the value ([`core::segment_value`]). Everything else builds the native `Message` on
//! first use.
//!
//! The index layout (all `u32`), shared with `index.js`:
//! `[delims, delims2, segment count, (start, end, id) per segment]`, where `delims` packs the
//! field, component, repetition and escape characters (one byte each, 0 when absent), `delims2`
//! the subcomponent and truncation characters, and `id` the three bytes of the
//! segment id (first byte lowest). Offsets are byte offsets, equal to UTF-16 offsets because the
//! text is ASCII.

use crate::errors::{self, guard, Result};
use crate::input::{AsciiArg, AsciiText};
use medcore::hl7 as core;
use napi::bindgen_prelude::Uint32ArraySlice;
use napi_derive::napi;

/// Index words before the first segment.
const HEADER: usize = 3;

/// The three bytes of a segment id packed into one number (first byte lowest); ids are checked
/// to be three ASCII letters or digits, so a packed id is never `u32::MAX`.
fn id_code(id: &[u8]) -> u32 {
    match id {
        [a, b, c] => u32::from(*a) | u32::from(*b) << 8 | u32::from(*c) << 16,
        _ => u32::MAX,
    }
}

fn byte(c: Option<char>) -> u32 {
    c.filter(char::is_ascii).map_or(0, u32::from)
}

fn char_of(word: u32, shift: u32) -> Option<char> {
    let b = (word >> shift) as u8;
    (b != 0).then_some(b as char)
}

fn pack(d: &core::Delimiters) -> [u32; 2] {
    [
        byte(Some(d.field))
            | byte(Some(d.component)) << 8
            | byte(Some(d.repetition)) << 16
            | byte(d.escape) << 24,
        byte(d.subcomponent) | byte(d.truncation) << 8,
    ]
}

fn unpack(word: u32, word2: u32) -> core::Delimiters {
    core::Delimiters {
        field: char_of(word, 0).unwrap_or('|'),
        component: char_of(word, 8).unwrap_or('^'),
        repetition: char_of(word, 16).unwrap_or('~'),
        escape: char_of(word, 24),
        subcomponent: char_of(word2, 0),
        truncation: char_of(word2, 8),
    }
}

/// Scans the first `len` bytes of `data` into `out`. Returns the number of index words written;
/// -1 when the bytes are not all ASCII (the caller then builds the native message); or minus
/// the number of words needed when `out` is too small. Throws the parse error of a bad message.
#[napi(js_name = "_hl7Scan", skip_typescript)]
pub fn hl7_scan(data: &[u8], len: u32, mut out: Uint32ArraySlice<'_>) -> Result<i32> {
    // SAFETY: JS runs on this thread only, so nothing else touches the array during the call.
    let out: &mut [u32] = unsafe { out.as_mut() };
    guard(|| {
        let bytes = data.get(..len as usize).unwrap_or(data);
        let msg = core::LazyMessage::parse(bytes).map_err(errors::hl7)?;
        if !msg.is_ascii() {
            return Ok(-1);
        }
        let count = msg.segment_count();
        let needed = HEADER + 3 * count;
        let Ok(needed_i32) = i32::try_from(needed) else {
            return Ok(-1);
        };
        if out.len() < needed {
            return Ok(-needed_i32);
        }
        let [d, d2] = pack(msg.delimiters());
        out[0] = d;
        out[1] = d2;
        out[2] = count as u32;
        for (i, slot) in out[HEADER..needed].chunks_exact_mut(3).enumerate() {
            let span = msg.segment_span(i).unwrap_or_default();
            let id = msg.segment_id(i).unwrap_or_default();
            slot[0] = span.start as u32;
            slot[1] = span.end as u32;
            slot[2] = id_code(id.as_bytes());
        }
        Ok(needed_i32)
    })
}

/// The first `len` bytes of `data` (ASCII, as `_hl7Scan` found) as a JS string.
#[napi(js_name = "_hl7AsciiText", skip_typescript)]
pub fn hl7_ascii_text(data: &[u8], len: u32) -> AsciiText<'_> {
    AsciiText(data.get(..len as usize).unwrap_or(data))
}

/// A path's parts for the JS side's lookups: `[segment id, occurrence, field, repetition,
/// component or 0, subcomponent or 0]`. Throws `HL7_PATH` for a malformed path.
#[napi(js_name = "_hl7PathParts", skip_typescript)]
pub fn hl7_path_parts(path: String) -> Result<Vec<u32>> {
    guard(|| {
        let p: core::Path = path.parse().map_err(errors::hl7)?;
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Ok(vec![
            id_code(p.segment.as_bytes()),
            n(p.occurrence),
            n(p.field),
            n(p.repetition),
            p.component.map_or(0, n),
            p.subcomponent.map_or(0, n),
        ])
    })
}

/// The decoded value at a path within one segment's text (see [`core::segment_value`]); the
/// delimiter words are the index's first two.
#[napi(js_name = "_hl7SegmentValue", skip_typescript)]
#[allow(clippy::too_many_arguments)]
pub fn hl7_segment_value(
    segment: AsciiArg,
    delims: u32,
    delims2: u32,
    field: u32,
    repetition: u32,
    component: u32,
    subcomponent: u32,
) -> Result<Option<String>> {
    guard(|| {
        let text = segment
            .as_str()
            .map_err(|e| errors::error(errors::INVALID_ARG, e.reason))?;
        let path = core::Path {
            segment: String::new(),
            occurrence: 1,
            field: field as usize,
            repetition: repetition as usize,
            component: (component > 0).then_some(component as usize),
            subcomponent: (subcomponent > 0).then_some(subcomponent as usize),
        };
        Ok(core::segment_value(text, &unpack(delims, delims2), &path).map(|v| v.into_owned()))
    })
}
