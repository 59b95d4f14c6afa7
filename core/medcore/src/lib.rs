//! medcore: the healthcare core library.
//!
//! This facade re-exports every domain crate under one name, so that host bindings and
//! applications depend on a single crate. Each module is documented in its own crate.
#![forbid(unsafe_code)]

pub use medcore_authz as authz;
pub use medcore_billing as billing;
pub use medcore_fhir as fhir;
pub use medcore_hl7 as hl7;
pub use medcore_pii as pii;
pub use medcore_routing as routing;
pub use medcore_triage as triage;

/// The library version, as released.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Test support for host bindings (feature `test-panic`, off in released builds).
#[cfg(feature = "test-panic")]
pub mod testing {
    /// Panics with `message`: the bindings call it to prove that a panic surfaces as an error in
    /// the host language and never crashes the process.
    pub fn panic_for_test(message: &str) -> ! {
        panic!("{message}")
    }
}
