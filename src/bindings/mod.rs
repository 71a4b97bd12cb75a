//! wasm-bindgen layer (filled in below).
