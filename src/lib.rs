//! cognito-wasm: a Rust/WebAssembly drop-in replacement for `amazon-cognito-identity-js`.
//!
//! The crate is split in two layers:
//! - a pure-Rust core (everything outside `wasm`) that `cargo test` exercises natively:
//!   Cognito's API as types ([`protocol`]) and the calls over it ([`wire`], [`user`]),
//!   the SRP math ([`srp`]), hashing ([`crypto`]), encodings ([`encoding`]), the Cognito
//!   timestamp ([`date`]), randomness ([`random`]), TOTP codes ([`totp`]), one shared run of
//!   concurrent refreshes ([`single_flight`]) and typed errors ([`error`]); temporary AWS
//!   credentials from identity pools ([`identity`]); the verification of Cognito JWTs by a
//!   backend (`jwt`, native builds and the verifier wasm module);
//! - a narrow wasm-bindgen interface (`wasm`, wasm32 only): plain data in and out, under the
//!   hand-written JavaScript face in `js/` that has the reference SDK's classes (js/FACE.md).
//!   Cargo features pick the module built: `session-module`, `flows-module`,
//!   `extras-module` or `verifier-module`.

pub mod crypto;
pub mod date;
pub mod encoding;
pub mod error;
pub mod identity;
pub mod json;
pub mod json_read;
pub mod json_write;
pub mod oauth;
#[cfg(any(not(target_arch = "wasm32"), feature = "verifier-module"))]
pub mod jwt;
pub mod pool_config;
pub mod protocol;
pub mod random;
pub mod session;
pub mod sigv4;
pub mod single_flight;
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

/// The wasm modules' allocator: talc, not std's dlmalloc (~6.8 KB less code per module,
/// Cargo.toml). Single-threaded wasm only (no `atomics`), as every module here is built.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use error::{Error, Result};
