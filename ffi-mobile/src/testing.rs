//! Test support (feature `test-panic`, absent from released builds).

use crate::{guard, MedcoreError};

/// Panics inside medcore with `message`; the host receives `MedcoreError::Internal` with code
/// `MEDCORE_PANIC` and the message.
#[uniffi::export]
pub fn testing_panic(message: String) -> Result<(), MedcoreError> {
    guard(|| medcore::testing::panic_for_test(&message))
}
