//! The wasm modules' exports, one file per module (each behind its cargo feature).

#[cfg(feature = "verifier-module")]
pub mod verifier_api;
