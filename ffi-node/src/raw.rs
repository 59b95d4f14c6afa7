//! `raw`: exports called through plain N-API callbacks, without napi-rs's per-call wrapper.
//!
//! napi-rs's generated wrapper costs about 0.1 us per call (argument bookkeeping and borrow
//! scopes), a plain N-API callback about 0.03 us. The calls made for every HL7 message read
//! through the index (see `hl7_index.rs`) are such callbacks. They keep the guarantees of every
//! other export: [`call`] runs the body behind [`errors::guard`], so a panic becomes a
//! `MEDCORE_PANIC` error, and throws every error with its code.

use crate::errors::{self, guard, Result};
use napi::bindgen_prelude::{JsError, Object};
use napi::{sys, Env, JsValue};
use std::cell::Cell;
use std::ffi::CStr;
use std::ptr;

/// A plain N-API callback.
pub(crate) type Callback =
    unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value;

/// Adds the function `name` with body `callback` to `exports`.
pub(crate) fn define(
    env: &Env,
    exports: &Object,
    name: &CStr,
    callback: Callback,
) -> napi::Result<()> {
    let mut f = ptr::null_mut();
    // SAFETY: `env` and `exports` are live for the module's initialization; `name` is a
    // NUL-terminated string of the given length.
    let status = unsafe {
        sys::napi_create_function(
            env.raw(),
            name.as_ptr(),
            name.to_bytes().len() as isize,
            Some(callback),
            ptr::null_mut(),
            &mut f,
        )
    };
    napi::check_status!(status, "could not create {name:?}")?;
    // SAFETY: as above; `f` is the function just made.
    let status =
        unsafe { sys::napi_set_named_property(env.raw(), exports.raw(), name.as_ptr(), f) };
    napi::check_status!(status, "could not export {name:?}")
}

/// Runs the body of a callback that takes `N` arguments (missing ones are `undefined`): returns
/// its value, or throws its error (a panic included) and returns null, as N-API expects.
///
/// # Safety
/// `env` and `info` must be the ones N-API passed to the callback.
pub(crate) unsafe fn call<const N: usize>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    body: impl FnOnce([sys::napi_value; N]) -> Result<sys::napi_value>,
) -> sys::napi_value {
    let mut argc = N;
    let mut argv = [ptr::null_mut(); N];
    // SAFETY: `argv` has room for `argc` values.
    let status = unsafe {
        sys::napi_get_cb_info(
            env,
            info,
            &mut argc,
            argv.as_mut_ptr(),
            ptr::null_mut(),
            ptr::null_mut(),
        )
    };
    let result = if status == sys::Status::napi_ok {
        guard(|| body(argv))
    } else {
        Err(errors::error(
            errors::INVALID_ARG,
            "could not read the arguments".into(),
        ))
    };
    result.unwrap_or_else(|e| {
        // SAFETY: `env` is live for this callback.
        unsafe { JsError::from(e).throw_into(env) };
        ptr::null_mut()
    })
}

/// `Ok` for a successful N-API call, else an error saying `what` went wrong.
fn ok(status: sys::napi_status, what: &str) -> Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else {
        Err(errors::error(errors::INVALID_ARG, what.to_string()))
    }
}

/// True when `value` is a JS string.
///
/// # Safety
/// `env` and `value` must be live for the current callback.
pub(crate) unsafe fn is_string(env: sys::napi_env, value: sys::napi_value) -> Result<bool> {
    let mut kind = 0;
    // SAFETY: napi checks both handles.
    ok(
        unsafe { sys::napi_typeof(env, value, &mut kind) },
        "expected a value",
    )?;
    Ok(kind == sys::ValueType::napi_string)
}

/// The number `value` as a `u32`.
///
/// # Safety
/// `env` and `value` must be live for the current callback.
pub(crate) unsafe fn u32_of(env: sys::napi_env, value: sys::napi_value) -> Result<u32> {
    let mut n = 0;
    // SAFETY: napi checks both handles and the type.
    ok(
        unsafe { sys::napi_get_value_uint32(env, value, &mut n) },
        "expected a number",
    )?;
    Ok(n)
}

/// The bytes of a `Uint8Array` (a `Buffer` is one), borrowed for the current callback.
///
/// # Safety
/// `env` and `value` must be live for the current callback, and JS must not run (and so cannot
/// detach or resize the array) while the slice is used.
pub(crate) unsafe fn bytes_of<'a>(env: sys::napi_env, value: sys::napi_value) -> Result<&'a [u8]> {
    let mut kind = 0;
    let mut len = 0usize;
    let mut data = ptr::null_mut();
    // SAFETY: napi checks that `value` is a typed array.
    ok(
        unsafe {
            sys::napi_get_typedarray_info(
                env,
                value,
                &mut kind,
                &mut len,
                &mut data,
                ptr::null_mut(),
                ptr::null_mut(),
            )
        },
        "expected a string, Buffer or Uint8Array",
    )?;
    if kind != sys::TypedarrayType::uint8_array {
        return Err(errors::error(
            errors::INVALID_ARG,
            "expected a string, Buffer or Uint8Array".into(),
        ));
    }
    if len == 0 || data.is_null() {
        return Ok(&[]);
    }
    // SAFETY: napi gives the start of the array's `len` bytes (its offset applied), valid while
    // the array is neither detached nor resized, which no JS can do during this callback.
    Ok(unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) })
}

thread_local! {
    /// Scratch space for strings copied out of V8, reused across calls.
    static SCRATCH: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Scratch capacity kept between calls.
const SCRATCH_KEEP: usize = 1 << 20;

/// Runs `f` on the bytes of the string `value` read as Latin-1 (one byte per character).
///
/// Only for strings the caller knows to hold no character above U+00FF (`index.js` tests that
/// first; V8 answers at once for its one-byte strings): V8 keeps only the low byte of a wider
/// character. The copy is one `memcpy` for V8's one-byte strings, into reused scratch memory.
///
/// # Safety
/// `env` and `value` must be live for the current callback.
pub(crate) unsafe fn with_latin1<T>(
    env: sys::napi_env,
    value: sys::napi_value,
    f: impl FnOnce(&[u8]) -> Result<T>,
) -> Result<T> {
    let mut len = 0usize;
    // SAFETY: a null buffer asks for the length only (constant time).
    ok(
        unsafe { sys::napi_get_value_string_latin1(env, value, ptr::null_mut(), 0, &mut len) },
        "expected a string",
    )?;
    let mut buf = SCRATCH.try_with(Cell::take).unwrap_or_default();
    buf.clear();
    buf.reserve(len + 1);
    let mut copied = 0usize;
    // SAFETY: `buf` has room for the string's `len` bytes and the terminator napi writes.
    let status = unsafe {
        sys::napi_get_value_string_latin1(env, value, buf.as_mut_ptr().cast(), len + 1, &mut copied)
    };
    // SAFETY: napi initialized the first `copied` bytes (`copied <= len`).
    unsafe { buf.set_len(copied.min(len)) };
    let out = ok(status, "expected a string").and_then(|()| f(&buf));
    if buf.capacity() <= SCRATCH_KEEP {
        // Fails only while the thread exits; the buffer is then dropped.
        let _ = SCRATCH.try_with(|cell| cell.set(buf));
    }
    out
}

/// JS `null`.
///
/// # Safety
/// `env` must be live for the current callback.
pub(crate) unsafe fn null(env: sys::napi_env) -> Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    // SAFETY: napi checks the handle.
    ok(
        unsafe { sys::napi_get_null(env, &mut out) },
        "could not make null",
    )?;
    Ok(out)
}

/// A JS string of UTF-8 text.
///
/// # Safety
/// `env` must be live for the current callback.
pub(crate) unsafe fn string(env: sys::napi_env, text: &str) -> Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    // SAFETY: the pointer and length describe a live string; napi copies it.
    let status = unsafe {
        sys::napi_create_string_utf8(env, text.as_ptr().cast(), text.len() as isize, &mut out)
    };
    ok(
        status,
        "could not make a string (longer than 2^29 characters?)",
    )?;
    Ok(out)
}

/// A JS string made of UTF-16 code units, whatever they are (lone surrogates included): a
/// compact way to hand JS a list of small numbers, read back with `charCodeAt`.
///
/// # Safety
/// `env` must be live for the current callback.
pub(crate) unsafe fn units(env: sys::napi_env, units: &[u16]) -> Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    // SAFETY: the pointer and length describe a live slice; napi copies it.
    let status = unsafe {
        sys::napi_create_string_utf16(env, units.as_ptr(), units.len() as isize, &mut out)
    };
    ok(
        status,
        "could not make a string (longer than 2^29 characters?)",
    )?;
    Ok(out)
}
