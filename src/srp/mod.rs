//! Cognito's SRP-6a variant (USER_SRP_AUTH and DEVICE_SRP_AUTH), computed exactly as
//! `amazon-cognito-identity-js` 6.x computes it. Pure math, no transport:
//! - [`uint`]: the fixed-size integer every client-side value lives in (no num-bigint);
//! - [`group`]: the 3072-bit group N, g = 2 and the multiplier k;
//! - [`mod@pad_hex`]: the reference's two's-complement hex encoding used inside every hash;
//! - [`math`]: u, x, S and the derived key, as free functions over [`Uint`];
//! - [`client`]: the user's side (a, A, the key, the PASSWORD_VERIFIER answer);
//! - [`device`]: remembered-device verifiers (`generateHashDevice`);
//! - natively only, `bigint` (num-bigint at the edges) and `server`: the server's side
//!   (b, B, S), used by the local emulator and the tests.

#[cfg(not(target_arch = "wasm32"))]
pub mod bigint;
pub mod client;
mod ct;
pub mod device;
pub mod group;
pub mod math;
mod montgomery;
pub mod pad_hex;
#[cfg(not(target_arch = "wasm32"))]
pub mod server;
pub mod uint;

pub use client::{password_key, PasswordVerifierAnswer, SrpClient};
pub use device::{generate_device_verifier, DeviceVerifier};
pub use group::{multiplier, N};
pub use math::{compute_s, compute_u, compute_x, derive_key, password_claim_signature, verifier_for};
pub use pad_hex::{pad_hex, pad_hex_str};
pub use uint::Uint;

#[cfg(not(target_arch = "wasm32"))]
pub use bigint::{g, k, mod_pow_n, mod_pow_n_secret, n, to_big, to_uint};
#[cfg(not(target_arch = "wasm32"))]
pub use pad_hex::pad_hex_signed;
#[cfg(not(target_arch = "wasm32"))]
pub use server::{ServerSrp, StoredVerifier};
