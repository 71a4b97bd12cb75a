//! One verification, once the key of the token's `kid` is known: the key's checks, the
//! algorithm, the signature (through a [`SignatureCheck`]: `ring` natively) and the claims,
//! in that order. (JavaScript runs the same steps around its own signature check, with
//! node:crypto or WebCrypto: `src/wasm/verifier_api.rs`.)

use super::claims::check_claims;
use super::config::VerifierConfig;
use super::error::JwtError;
use super::jwks::{check_algorithm, Jwk, RsaParts};
use super::token::DecomposedJwt;

/// RSASSA-PKCS1-v1_5 with SHA-256 over `signing_input`.
pub trait SignatureCheck {
    /// `Ok(true)` when `signature` is valid for `signing_input` under `key`; an error when
    /// the key itself cannot be used.
    fn verify_rs256(&self, key: &RsaParts, signing_input: &[u8], signature: &[u8]) -> Result<bool, JwtError>;
}

/// Verify `jwt` with `jwk` (the key of its `kid`) against `config` at `now` (seconds).
pub fn verify_with_jwk(jwt: &DecomposedJwt, jwk: &Jwk, config: &VerifierConfig, now: f64, crypto: &impl SignatureCheck) -> Result<(), JwtError> {
    let key = jwk.rsa_parts()?;
    check_algorithm(&jwt.header, jwk)?;
    if !crypto.verify_rs256(&key, jwt.signing_input.as_bytes(), &jwt.signature)? {
        return Err(JwtError::InvalidSignature);
    }
    check_claims(&jwt.payload, config, now)
}
