//! Build-sharing crate of the medcore workspace: it has no code. Its dependency list pins the
//! features of shared third-party crates so that the test build and each host binding build
//! compile them once (see its Cargo.toml).
#![no_std]
