//! Cognito's SRP-6a variant (USER_SRP_AUTH and DEVICE_SRP_AUTH), computed exactly as
//! `amazon-cognito-identity-js` 6.x computes it. Pure math, no transport:
//! - [`group`]: the 3072-bit group N, g = 2 and the multiplier k;
//! - [`mod@pad_hex`]: the reference's two's-complement hex encoding used inside every hash;
//! - [`math`]: u, x, S and the derived key, as free functions over big integers;
//! - [`client`]: the user's side (a, A, the key, the PASSWORD_VERIFIER answer);
//! - [`device`]: remembered-device verifiers (`generateHashDevice`);
//! - [`server`]: the server's side (b, B, S), used by the local emulator and the tests.

pub mod client;
pub mod device;
pub mod group;
pub mod math;
mod ct;
mod montgomery;
pub mod pad_hex;
pub mod server;

pub use client::{password_key, PasswordVerifierAnswer, SrpClient};
pub use device::{generate_device_verifier, DeviceVerifier};
pub use group::{g, k, n};
pub use math::{compute_s, compute_u, compute_x, derive_key, mod_pow_n, mod_pow_n_secret, password_claim_signature, verifier_for};
pub use pad_hex::{pad_hex, pad_hex_signed};
pub use server::{ServerSrp, StoredVerifier};
