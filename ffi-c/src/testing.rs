//! Test support (feature `test-panic`): proves that a panic inside medcore surfaces as
//! `MEDCORE_PANIC` and never crashes the caller.

use crate::ffi::{cstr, status};
use crate::medcore_status;
use std::ffi::c_char;

/// Panics inside medcore with `message`; returns `MEDCORE_PANIC` with the message in
/// `medcore_last_error_message()`. Only in builds with the `test-panic` feature.
///
/// # Safety
/// `message` must be NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn medcore_test_panic(message: *const c_char) -> medcore_status {
    status(|| {
        let message = unsafe { cstr(message, "message")? };
        medcore::testing::panic_for_test(message)
    })
}
