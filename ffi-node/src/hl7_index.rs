//! `hl7_index`: the native half of the `Message` class in `index.js`.
//!
//! A wrapped native object costs V8 a weak handle and a finalizer that runs only when the event
//! loop turns, about 2 us per object, more than reading the message. So `parse` of an ASCII
//! message (nearly every HL7 v2 message) keeps no native object: `_hl7Index` runs the core's
//! index scan ([`core::LazyMessage::parse`], the same checks, errors and warnings as the full
//! parse) over a copy of the string or over the bytes borrowed for the call, and returns the
//! index as a short JS string of 16-bit units; the JS message holds its text and that index,
//! both freed by the garbage collector like any JS value. A read slices one segment out of the
//! text in JS and hands it to `_hl7SegmentValue`, which reads that segment up to the value
//! ([`core::segment_value`]). Everything else builds the native `Message` on first use. The two
//! per-message calls are plain N-API callbacks (see `raw.rs`).
//!
//! The index layout, shared with `index.js`: 32-bit words, each as two units (low first):
//! `[delims, delims2, (start, end, id) per segment]`, where `delims` packs the field,
//! component, repetition and escape characters (one byte each, 0 when absent), `delims2` the
//! subcomponent and truncation characters, and `id` the three bytes of the segment id (first
//! byte lowest). Offsets are byte offsets, equal to UTF-16 offsets because the text is ASCII.

use crate::errors::{self, guard, Result};
use crate::raw;
use medcore::hl7 as core;
use napi::bindgen_prelude::Object;
use napi::{sys, Env};
use napi_derive::napi;
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

/// The index of `bytes` (see the module documentation), or `None` when they are not all ASCII.
fn index_units(bytes: &[u8]) -> Result<Option<Vec<u16>>> {
    let msg = core::LazyMessage::parse(bytes).map_err(errors::hl7)?;
    if !msg.is_ascii() {
        return Ok(None);
    }
    let count = msg.segment_count();
    let mut out = Vec::with_capacity(2 * (2 + 3 * count));
    let mut push = |word: u32| out.extend_from_slice(&[word as u16, (word >> 16) as u16]);
    let [d, d2] = pack(msg.delimiters());
    push(d);
    push(d2);
    for i in 0..count {
        let span = msg.segment_span(i).unwrap_or_default();
        push(span.start as u32);
        push(span.end as u32);
        push(id_code(msg.segment_id(i).unwrap_or_default().as_bytes()));
    }
    Ok(Some(out))
}

/// `_hl7Index(data)`: the index of a string or `Uint8Array`; `null` when it is not ASCII (the
/// caller then builds the native message). Throws the parse error of a bad message. A string
/// must hold no character above U+00FF (see [`raw::with_latin1`]); any other character above
/// U+007F makes the message non-ASCII.
unsafe extern "C" fn hl7_index(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: N-API passed `env` and `info`; every value used is an argument of this call.
    unsafe {
        raw::call(env, info, |[data]| {
            let units = if raw::is_string(env, data)? {
                raw::with_latin1(env, data, index_units)?
            } else {
                index_units(raw::bytes_of(env, data)?)?
            };
            match units {
                Some(units) => raw::units(env, &units),
                None => raw::null(env),
            }
        })
    }
}

/// `_hl7SegmentValue(segment, delims, delims2, field, repetition, component, subcomponent)`:
/// the decoded value at a path within one segment's text (see [`core::segment_value`]), or
/// `null`; the delimiter words are the index's first two, and component and subcomponent are 0
/// when the path does not name them. The segment is a slice of a text `_hl7Index` found ASCII.
unsafe extern "C" fn hl7_segment_value(
    env: sys::napi_env,
    info: sys::napi_callback_info,
) -> sys::napi_value {
    // SAFETY: N-API passed `env` and `info`; every value used is an argument of this call.
    unsafe {
        raw::call(env, info, |[segment, d, d2, field, rep, comp, sub]| {
            let n = |v| raw::u32_of(env, v).map(|n| n as usize);
            let delimiters = unpack(raw::u32_of(env, d)?, raw::u32_of(env, d2)?);
            let path = core::Path {
                segment: String::new(),
                occurrence: 1,
                field: n(field)?,
                repetition: n(rep)?,
                component: Some(n(comp)?).filter(|&c| c > 0),
                subcomponent: Some(n(sub)?).filter(|&s| s > 0),
            };
            let value = raw::with_latin1(env, segment, |text| {
                let text = std::str::from_utf8(text)
                    .ok()
                    .filter(|t| t.is_ascii())
                    .ok_or_else(|| {
                        errors::error(errors::INVALID_ARG, "expected ASCII text".into())
                    })?;
                Ok(core::segment_value(text, &delimiters, &path).map(|v| v.into_owned()))
            })?;
            match value {
                Some(v) => raw::string(env, &v),
                None => raw::null(env),
            }
        })
    }
}

/// Adds the plain N-API callbacks of this module to `exports`.
pub(crate) fn define_exports(env: &Env, exports: &Object) -> napi::Result<()> {
    raw::define(env, exports, c"_hl7Index", hl7_index)?;
    raw::define(env, exports, c"_hl7SegmentValue", hl7_segment_value)
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
