//! The boundary every export goes through: panic catching, the thread-local last error and
//! pointer/buffer conversions.

use crate::medcore_status;
use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A failed call: its status, stable code and message.
#[derive(Debug)]
pub struct Failure {
    /// The status returned to C.
    pub status: medcore_status,
    /// The stable machine-readable code.
    pub code: String,
    /// The human message.
    pub message: String,
    /// Where in a document the failure is (source name, 1-based line and column), when known.
    pub location: Option<(String, u32, u32)>,
}

impl Failure {
    /// A bad argument (NULL pointer, invalid UTF-8, index out of range).
    pub fn invalid(message: impl Into<String>) -> Failure {
        Failure {
            status: medcore_status::MEDCORE_INVALID_ARGUMENT,
            code: "MEDCORE_INVALID_ARGUMENT".into(),
            message: message.into(),
            location: None,
        }
    }

    /// A failure of the core, from its stable code and message.
    pub fn core(code: &str, message: String) -> Failure {
        Failure {
            status: crate::status_for_code(code),
            code: code.into(),
            message,
            location: None,
        }
    }
}

impl From<medcore::hl7::Hl7Error> for Failure {
    fn from(e: medcore::hl7::Hl7Error) -> Failure {
        Failure::core(e.code(), e.to_string())
    }
}

struct LastError {
    code: CString,
    message: CString,
    location: Option<(CString, u32, u32)>,
}

thread_local! {
    static LAST_ERROR: RefCell<LastError> = RefCell::new(LastError {
        code: CString::default(),
        message: CString::default(),
        location: None,
    });
}

fn to_cstring(s: String) -> CString {
    CString::new(s.replace('\0', "\\0")).unwrap_or_default()
}

fn set_last_error(f: Failure) -> medcore_status {
    let status = f.status;
    LAST_ERROR.with(|e| {
        *e.borrow_mut() = LastError {
            code: to_cstring(f.code),
            message: to_cstring(f.message),
            location: f.location.map(|(s, l, c)| (to_cstring(s), l, c)),
        }
    });
    status
}

pub(crate) fn last_error_message() -> *const c_char {
    LAST_ERROR.with(|e| e.borrow().message.as_ptr())
}

/// The location of the last failure: (source, line, column), the source borrowed.
pub(crate) fn last_error_location() -> Option<(*const c_char, u32, u32)> {
    LAST_ERROR.with(|e| {
        e.borrow()
            .location
            .as_ref()
            .map(|(s, l, c)| (s.as_ptr(), *l, *c))
    })
}

pub(crate) fn last_error_code() -> *const c_char {
    LAST_ERROR.with(|e| e.borrow().code.as_ptr())
}

pub(crate) fn static_cstr(s: &'static str) -> *const c_char {
    CStr::from_bytes_with_nul(s.as_bytes())
        .map(CStr::as_ptr)
        .unwrap_or(c"".as_ptr())
}

/// What an export returns when a panic was caught.
pub trait PanicValue {
    /// The value returned to C after a caught panic.
    fn after_panic() -> Self;
}

impl PanicValue for medcore_status {
    fn after_panic() -> Self {
        medcore_status::MEDCORE_PANIC
    }
}

impl PanicValue for () {
    fn after_panic() -> Self {}
}

impl PanicValue for u8 {
    fn after_panic() -> Self {
        0
    }
}

impl PanicValue for u32 {
    fn after_panic() -> Self {
        0
    }
}

impl PanicValue for usize {
    fn after_panic() -> Self {
        0
    }
}

impl<T> PanicValue for *const T {
    fn after_panic() -> Self {
        std::ptr::null()
    }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Runs the body of an export, catching any panic: the panic becomes `MEDCORE_PANIC` (with the
/// last error set) for status-returning functions and a neutral value (0, NULL, nothing) for
/// the others.
pub fn boundary<R: PanicValue>(body: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(r) => r,
        Err(payload) => {
            set_last_error(Failure {
                status: medcore_status::MEDCORE_PANIC,
                code: "MEDCORE_PANIC".into(),
                message: format!("internal error (panic): {}", panic_text(&*payload)),
                location: None,
            });
            R::after_panic()
        }
    }
}

/// Runs a fallible export body inside [`boundary`] and turns its result into a status.
pub fn status(body: impl FnOnce() -> Result<(), Failure>) -> medcore_status {
    boundary(|| match body() {
        Ok(()) => medcore_status::MEDCORE_OK,
        Err(f) => set_last_error(f),
    })
}

/// Reads a (pointer, length) byte buffer. A NULL pointer is allowed only with length 0.
///
/// # Safety
/// `data` must point to `len` readable bytes (or be NULL with `len == 0`) for `'a`.
pub unsafe fn bytes<'a>(data: *const u8, len: usize, what: &str) -> Result<&'a [u8], Failure> {
    if data.is_null() {
        if len == 0 {
            return Ok(&[]);
        }
        return Err(Failure::invalid(format!("`{what}` is NULL")));
    }
    // SAFETY: the caller guarantees `len` readable bytes at `data`.
    Ok(unsafe { std::slice::from_raw_parts(data, len) })
}

/// Reads a (pointer, length) UTF-8 text buffer.
///
/// # Safety
/// As for [`bytes`].
pub unsafe fn text<'a>(data: *const c_char, len: usize, what: &str) -> Result<&'a str, Failure> {
    let b = unsafe { bytes(data.cast(), len, what)? };
    std::str::from_utf8(b).map_err(|e| Failure::invalid(format!("`{what}` is not UTF-8: {e}")))
}

/// Reads a NUL-terminated UTF-8 string.
///
/// # Safety
/// `s` must be NULL or point to a NUL-terminated string valid for `'a`.
pub unsafe fn cstr<'a>(s: *const c_char, what: &str) -> Result<&'a str, Failure> {
    if s.is_null() {
        return Err(Failure::invalid(format!("`{what}` is NULL")));
    }
    // SAFETY: the caller guarantees a NUL-terminated string.
    unsafe { CStr::from_ptr(s) }
        .to_str()
        .map_err(|e| Failure::invalid(format!("`{what}` is not UTF-8: {e}")))
}

/// Borrows the object behind a handle.
///
/// # Safety
/// `p` must be NULL or a live handle of this type.
pub unsafe fn handle<'a, T>(p: *const T, what: &str) -> Result<&'a T, Failure> {
    // SAFETY: the caller guarantees a live handle or NULL.
    unsafe { p.as_ref() }.ok_or_else(|| Failure::invalid(format!("`{what}` is NULL")))
}

/// Writes through an out-pointer.
///
/// # Safety
/// `out` must be NULL or valid for writes.
pub unsafe fn write<T>(out: *mut T, value: T, what: &str) -> Result<(), Failure> {
    if out.is_null() {
        return Err(Failure::invalid(format!("`{what}` is NULL")));
    }
    // SAFETY: checked non-NULL; the caller guarantees it is valid for writes.
    unsafe { out.write(value) };
    Ok(())
}

/// Writes through an optional out-pointer (NULL means the caller does not want the value).
///
/// # Safety
/// `out` must be NULL or valid for writes.
pub unsafe fn write_opt<T>(out: *mut T, value: T) {
    if !out.is_null() {
        // SAFETY: checked non-NULL; the caller guarantees it is valid for writes.
        unsafe { out.write(value) };
    }
}
