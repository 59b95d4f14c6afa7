//! Strings and string lists handed to C.
//!
//! A returned `char *` is NUL-terminated UTF-8 preceded (invisibly to C) by its length, so that
//! `medcore_string_free` can release it even when the text holds a NUL byte.

use crate::ffi::{boundary, write_opt};
use std::ffi::{c_char, CString};

const HEADER: usize = std::mem::size_of::<usize>();

/// Copies `s` into a new C string owned by the caller (freed with `medcore_string_free`).
pub fn new_string(s: &str) -> *mut c_char {
    let mut buf = Vec::with_capacity(HEADER + s.len() + 1);
    buf.extend_from_slice(&s.len().to_ne_bytes());
    buf.extend_from_slice(s.as_bytes());
    buf.push(0);
    let base = Box::into_raw(buf.into_boxed_slice()).cast::<u8>();
    // SAFETY: the allocation is HEADER + len + 1 bytes long.
    unsafe { base.add(HEADER).cast() }
}

/// Writes a new string (or NULL for `None`) and its length through out-pointers.
///
/// # Safety
/// `out` must be valid for writes; `out_len` NULL or valid for writes.
pub(crate) unsafe fn out_string(
    value: Option<&str>,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> Result<(), crate::Failure> {
    if out.is_null() {
        return Err(crate::Failure::invalid("`out` is NULL"));
    }
    let (ptr, len) = match value {
        Some(s) => (new_string(s), s.len()),
        None => (std::ptr::null_mut(), 0),
    };
    // SAFETY: checked non-NULL above; the caller guarantees validity.
    unsafe {
        out.write(ptr);
        write_opt(out_len, len);
    }
    Ok(())
}

/// Frees a string returned by medcore. NULL is allowed.
///
/// # Safety
/// `s` must be NULL or a string returned by medcore that was not freed yet.
#[no_mangle]
pub unsafe extern "C" fn medcore_string_free(s: *mut c_char) {
    boundary(|| {
        if s.is_null() {
            return;
        }
        // SAFETY: `s` was made by `new_string`, so HEADER bytes before it hold the length and
        // the whole block is a boxed slice of HEADER + len + 1 bytes.
        unsafe {
            let base = s.cast::<u8>().sub(HEADER);
            let mut len = [0u8; HEADER];
            std::ptr::copy_nonoverlapping(base, len.as_mut_ptr(), HEADER);
            let total = HEADER + usize::from_ne_bytes(len) + 1;
            drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(
                base, total,
            )));
        }
    })
}

/// A list of strings owned by medcore; read with `medcore_string_list_len` and
/// `medcore_string_list_get`, free with `medcore_string_list_free`.
pub struct medcore_string_list {
    items: Vec<CString>,
}

impl medcore_string_list {
    /// A new list handle (interior NUL bytes are written as `\0`).
    pub fn new_handle(items: impl IntoIterator<Item = String>) -> *mut medcore_string_list {
        let items = items
            .into_iter()
            .map(|s| CString::new(s.replace('\0', "\\0")).unwrap_or_default())
            .collect();
        Box::into_raw(Box::new(medcore_string_list { items }))
    }
}

/// The number of strings in a list (0 for NULL).
///
/// # Safety
/// `list` must be NULL or a live list.
#[no_mangle]
pub unsafe extern "C" fn medcore_string_list_len(list: *const medcore_string_list) -> usize {
    // SAFETY: the caller guarantees a live list or NULL.
    boundary(|| unsafe { list.as_ref() }.map_or(0, |l| l.items.len()))
}

/// String `index` (0-based) of a list, borrowed from the list (valid until it is freed), or
/// NULL when out of range.
///
/// # Safety
/// `list` must be NULL or a live list.
#[no_mangle]
pub unsafe extern "C" fn medcore_string_list_get(
    list: *const medcore_string_list,
    index: usize,
) -> *const c_char {
    boundary(|| {
        // SAFETY: the caller guarantees a live list or NULL.
        unsafe { list.as_ref() }
            .and_then(|l| l.items.get(index))
            .map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// Frees a list. NULL is allowed.
///
/// # Safety
/// `list` must be NULL or a live list that is not used afterwards.
#[no_mangle]
pub unsafe extern "C" fn medcore_string_list_free(list: *mut medcore_string_list) {
    boundary(|| {
        if !list.is_null() {
            // SAFETY: made by Box::into_raw in `new_handle`.
            drop(unsafe { Box::from_raw(list) });
        }
    })
}
