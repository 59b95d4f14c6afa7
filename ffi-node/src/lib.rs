//! Node bindings of medcore (napi-rs): the `medcore` npm package.
//!
//! One glue module per capability (`hl7.rs`, `hl7_validate.rs`, `triage.rs`, `pii.rs`,
//! `authz.rs`, `routing.rs`, `billing.rs`, `fhir.rs`; `task.rs` runs calls off
//! the JS thread). The glue only converts types, maps errors
//! (`errors.rs`: a JS `Error` whose `code` is the core's stable code) and runs batch work on the
//! libuv thread pool (`AsyncTask`); every piece of logic lives in the `medcore` crate. Every
//! export runs behind [`errors::guard`], so a panic becomes an `Error` and never aborts Node.
#![warn(missing_docs)]

mod authz;
mod billing;
mod errors;
mod fhir;
mod hl7;
mod hl7_index;
mod hl7_validate;
mod input;
mod names;
mod pii;
mod raw;
mod routing;
mod task;
mod triage;

/// Test-only hook: panics inside Rust, to prove a panic surfaces as a JS `Error`.
#[cfg(feature = "test-panic")]
#[napi_derive::napi(js_name = "_panicForTest", skip_typescript)]
pub fn panic_for_test(message: String) -> errors::Result<()> {
    errors::guard(|| medcore::testing::panic_for_test(&message))
}

/// Test-only hook: panics inside a plain N-API callback (see `raw.rs`), to prove that those
/// too turn a panic into a JS `Error`.
#[cfg(feature = "test-panic")]
unsafe extern "C" fn raw_panic_for_test(
    env: napi::sys::napi_env,
    info: napi::sys::napi_callback_info,
) -> napi::sys::napi_value {
    // SAFETY: N-API passed `env` and `info`; the value used is an argument of this call.
    unsafe {
        raw::call(env, info, |[message]| {
            raw::with_latin1(env, message, |m| -> errors::Result<()> {
                medcore::testing::panic_for_test(&String::from_utf8_lossy(m))
            })?;
            raw::null(env)
        })
    }
}

/// Adds the plain N-API callbacks (see `raw.rs`) to the module's exports; napi-rs runs one
/// such function per module.
#[napi_derive::napi(module_exports)]
pub fn raw_exports(exports: napi::bindgen_prelude::Object, env: napi::Env) -> napi::Result<()> {
    hl7_index::define_exports(&env, &exports)?;
    #[cfg(feature = "test-panic")]
    raw::define(&env, &exports, c"_rawPanicForTest", raw_panic_for_test)?;
    Ok(())
}

/// The library version.
#[napi_derive::napi]
pub fn version() -> String {
    medcore::VERSION.to_string()
}
