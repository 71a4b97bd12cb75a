//! Verifying Cognito JWTs the way a backend must, with the checks of aws-jwt-verify's
//! `CognitoJwtVerifier`: the token taken apart ([`token`]), its key found by `kid` in a
//! JWKS cached per URL ([`jwks`], [`cache`]), the algorithm (RS256 only) and the signature
//! ([`verify`]), then the claims ([`claims`]) against what the verifier expects
//! ([`config`]). Every failure is a [`JwtError`] naming the check.
//!
//! The core is pure (the time and the signature check are parameters). Natively,
//! `native::CognitoJwtVerifier` verifies RS256 with `ring`; in JavaScript the
//! signature goes through node:crypto (Node) or WebCrypto (browsers) and only the checks
//! come from here.

pub mod cache;
pub mod claims;
pub mod config;
pub mod error;
pub mod jwks;
#[cfg(not(target_arch = "wasm32"))]
pub mod native;
pub mod token;
pub mod verify;

pub use config::{TokenUse, VerifierConfig};
pub use error::JwtError;

/// JSON text into `T` with serde_json, in wasm too: the token's claims are parsed on every
/// verification, and `crate::json`'s wasm path (the host's `JSON.parse` plus
/// serde-wasm-bindgen) costs far more for them.
fn json_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(text)
}
