//! cognito-wasm: a Rust/WebAssembly drop-in replacement for `amazon-cognito-identity-js`.
//!
//! The crate is split in two layers:
//! - a pure-Rust core (everything outside `bindings`) that `cargo test` exercises natively:
//!   Cognito's API as types ([`protocol`]) and the calls over it ([`wire`], [`user`]),
//!   the SRP math ([`srp`]), hashing ([`crypto`]), encodings ([`encoding`]), the Cognito
//!   timestamp ([`date`]), randomness ([`random`]), TOTP codes ([`totp`]) and typed errors
//!   ([`error`]);
//! - a thin wasm-bindgen layer (`bindings`, wasm32 only) that exposes the core to
//!   JavaScript with the reference SDK's class and method names.

pub mod crypto;
pub mod date;
pub mod encoding;
pub mod error;
pub mod json;
pub mod json_read;
pub mod pool_config;
pub mod protocol;
pub mod random;
pub mod session;
pub mod sigv4;
pub mod srp;
pub mod storage;
pub mod tokens;
pub mod totp;
pub mod user;
pub mod user_agent;
pub mod wire;

/// The narrow wasm interface of the JavaScript face (js/FACE.md).
#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(all(target_arch = "wasm32", not(any(feature = "session-module", feature = "flows-module"))))]
pub mod bindings;

pub use error::{Error, Result};
