//! medcore: the healthcare core library.
//!
//! This facade re-exports every domain crate under one name, so that host bindings and
//! applications depend on a single crate. Each module is documented in its own crate.
#![forbid(unsafe_code)]

pub use medcore_authz as authz;
pub use medcore_hl7 as hl7;

/// The library version, as released.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
