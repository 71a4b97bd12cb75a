//! Verifying Cognito JWTs the way a backend must, with the checks of aws-jwt-verify's
//! `CognitoJwtVerifier`: the token taken apart ([`token`]), its key found by `kid` in a
//! JWKS cached per URL ([`jwks`], [`cache`]), the algorithm (RS256 only) and the signature
//! ([`verify`]), then the claims ([`claims`]) against what the verifier expects
//! ([`config`]). Every failure is a [`JwtError`] naming the check.
//!
//! The core is pure (the time and the signature check are parameters). Natively,
//! [`native::CognitoJwtVerifier`] verifies RS256 with the `rsa` crate; in JavaScript the
//! signature goes through WebCrypto and only the checks come from here.

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
