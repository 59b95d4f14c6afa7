//! Message input from JS: a string, or bytes (`Buffer`/`Uint8Array`) read in place.
//!
//! napi-rs converts a `string` argument with two passes of V8's UTF-8 encoder (one to measure,
//! one to write), which for an 8.5 KB message cost more than parsing it. Here a string is copied
//! out as UTF-16 (a widening copy for V8's one-byte strings), narrowed to bytes while it is ASCII
//! and transcoded only from the first non-ASCII character on. Bytes are borrowed for the call,
//! without a copy and without a reference to the buffer.

use napi::bindgen_prelude::{FromNapiValue, TypeName, ValidateNapiValue};
use napi::{sys, Error, Result, Status, ValueType};
use std::cell::RefCell;
use std::ptr;

/// A message argument: UTF-8 text made from a JS string, or the bytes of a JS typed array.
pub enum Input<'a> {
    /// A JS string, as UTF-8 (lone surrogates become U+FFFD, as in every napi string).
    Text(Vec<u8>),
    /// The bytes of a `Buffer` or `Uint8Array`, borrowed for the duration of the call.
    Bytes(&'a [u8]),
}

impl Input<'_> {
    /// The bytes to parse.
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Input::Text(t) => t,
            Input::Bytes(b) => b,
        }
    }
}

thread_local! {
    /// UTF-16 scratch space, reused so that each call does not touch fresh pages.
    static UTF16: RefCell<Vec<u16>> = const { RefCell::new(Vec::new()) };
}

/// UTF-8 of `units`: bytes as they are while ASCII, then a full transcoding.
fn utf16_to_utf8(units: &[u16]) -> Vec<u8> {
    let ascii = units
        .chunks(16)
        .take_while(|c| c.iter().fold(0, |a, &u| a | u) < 0x80)
        .count()
        * 16;
    let ascii = ascii.min(units.len());
    let (head, rest) = units.split_at(ascii);
    let mut out = Vec::with_capacity(units.len() + rest.len() * 2);
    out.extend(head.iter().map(|&u| u as u8));
    out.extend_from_slice(String::from_utf16_lossy(rest).as_bytes());
    out
}

/// Copies a JS string out as UTF-8.
///
/// # Safety
/// `env` and `value` must be valid for this call, and `value` a string.
unsafe fn string_to_utf8(env: sys::napi_env, value: sys::napi_value) -> Result<Vec<u8>> {
    let mut len = 0usize;
    // SAFETY: a null buffer asks for the length only (UTF-16 code units; constant time).
    let status =
        unsafe { sys::napi_get_value_string_utf16(env, value, ptr::null_mut(), 0, &mut len) };
    check(status)?;
    UTF16.with(|scratch| {
        let mut buf = scratch.borrow_mut();
        buf.clear();
        buf.reserve(len + 1);
        let mut copied = 0usize;
        // SAFETY: `buf` has room for `len + 1` units: the string and the terminator napi writes.
        let status = unsafe {
            sys::napi_get_value_string_utf16(env, value, buf.as_mut_ptr(), len + 1, &mut copied)
        };
        check(status)?;
        // SAFETY: napi initialized the first `copied` units (`copied <= len`).
        unsafe { buf.set_len(copied.min(len)) };
        Ok(utf16_to_utf8(&buf))
    })
}

fn check(status: sys::napi_status) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(Error::new(
            Status::StringExpected,
            "a message must be a string, Buffer or Uint8Array".to_string(),
        ))
    }
}

impl FromNapiValue for Input<'_> {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        let mut kind = 0;
        // SAFETY: napi checks both handles.
        check(unsafe { sys::napi_typeof(env, value, &mut kind) })?;
        if kind == sys::ValueType::napi_string {
            // SAFETY: `value` is a string.
            return Ok(Input::Text(unsafe { string_to_utf8(env, value)? }));
        }
        // SAFETY: napi checks that `value` is a Uint8Array (a Buffer is one) and the slice lives
        // as long as the argument, which outlives this call.
        let bytes: &[u8] = unsafe { <&[u8]>::from_napi_value(env, value) }.map_err(|_| {
            Error::new(
                Status::InvalidArg,
                "a message must be a string, Buffer or Uint8Array".to_string(),
            )
        })?;
        Ok(Input::Bytes(bytes))
    }
}

impl TypeName for Input<'_> {
    fn type_name() -> &'static str {
        "string | Uint8Array"
    }

    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl ValidateNapiValue for Input<'_> {}

#[cfg(test)]
mod tests {
    use super::utf16_to_utf8;

    #[test]
    fn transcodes_ascii_and_the_rest() {
        for s in [
            "",
            "MSH|^~\\&|A",
            "MSH|^~\\&|Müller|Łódź|𝄞 and more text after the first non-ASCII character",
            &"x".repeat(40),
            &format!("{}é", "y".repeat(31)),
        ] {
            let units: Vec<u16> = s.encode_utf16().collect();
            assert_eq!(utf16_to_utf8(&units), s.as_bytes(), "{s}");
        }
        assert_eq!(
            utf16_to_utf8(&[0x41, 0xD800, 0x42]),
            "A\u{FFFD}B".as_bytes()
        );
    }
}
