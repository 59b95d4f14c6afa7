// Types of the medcore package. Every export, `Message` included, is declared in binding.d.ts,
// which napi-rs generates from the Rust doc comments; index.js implements `Message`, `parse`,
// `parseMany` and `parseManyAsync` on top of the binding with the same types.
export * from './binding'
