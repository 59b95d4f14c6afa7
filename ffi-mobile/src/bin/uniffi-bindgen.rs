//! uniffi's bindings generator, built from this workspace so that the generator and the runtime
//! always have the same version: `cargo run -p medcore-mobile --features bindgen --bin
//! uniffi-bindgen -- generate --library target/debug/libmedcore_mobile.so --language kotlin`.
fn main() {
    uniffi::uniffi_bindgen_main()
}
