//! The JWKS document and its RSA keys: parsing, the checks of a key before it is used
//! (aws-jwt-verify's `assertIsSignatureJwk` for RSA), and the header-against-key check of
//! the signature algorithm.

use super::error::JwtError;
use super::token::{Claim, Header, B64URL_ENGINE};
use base64::Engine;
use serde::Deserialize;

/// Longest JWKS document read (bytes).
pub const MAX_JWKS_LENGTH: usize = 256 * 1024;

/// The one signature algorithm accepted: Cognito signs with RS256 only.
pub const ALGORITHM: &str = "RS256";

/// One key of a JWKS, as published (unchecked until [`Jwk::rsa_parts`]).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Jwk {
    #[serde(default)]
    pub kid: Claim,
    #[serde(default)]
    pub kty: Claim,
    #[serde(default, rename = "use")]
    pub key_use: Claim,
    #[serde(default)]
    pub alg: Claim,
    #[serde(default)]
    pub n: Claim,
    #[serde(default)]
    pub e: Claim,
}

/// An RSA public key's modulus and exponent (big-endian bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsaParts {
    pub n: Vec<u8>,
    pub e: Vec<u8>,
}

impl Jwk {
    /// The key as an RSA signature key, after the checks: `kty` is `RSA`, `use` (if given)
    /// is `sig`, `n` and `e` are present base64url.
    pub fn rsa_parts(&self) -> Result<RsaParts, JwtError> {
        if self.kty.as_str() != Some("RSA") {
            return Err(JwtError::JwkInvalidKty);
        }
        if !self.key_use.is_absent() && self.key_use.as_str() != Some("sig") {
            return Err(JwtError::JwkInvalidUse);
        }
        let decode = |c: &Claim, missing: &'static str| -> Result<Vec<u8>, JwtError> {
            let text = c.as_str().filter(|s| !s.is_empty()).ok_or(JwtError::JwkValidation(missing))?;
            B64URL_ENGINE.decode(text.trim_end_matches('=')).map_err(|_| JwtError::JwkValidation("n or e is not base64url"))
        };
        let n = decode(&self.n, "Missing modulus (n)")?;
        let e = decode(&self.e, "Missing exponent (e)")?;
        Ok(RsaParts { n, e })
    }
}

/// A JWKS document: `{"keys": [...]}`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

#[derive(Deserialize)]
struct RawJwks {
    #[serde(default)]
    keys: Option<Vec<Claim>>,
}

impl Jwks {
    /// Parse a JWKS document (the bytes of the HTTP answer).
    pub fn parse(bytes: &[u8]) -> Result<Jwks, JwtError> {
        if bytes.len() > MAX_JWKS_LENGTH {
            return Err(JwtError::JwksValidation("JWKS document is larger than 256 KiB"));
        }
        let text = std::str::from_utf8(bytes).map_err(|_| JwtError::JwksValidation("JWKS is not UTF-8 text"))?;
        if !crate::json::looks_like_object(text) {
            return Err(JwtError::JwksValidation("JWKS should be a JSON object"));
        }
        let raw: RawJwks = super::json_text(text).map_err(|_| JwtError::JwksValidation("JWKS could not be parsed as JSON"))?;
        if raw.keys.is_none() {
            return Err(JwtError::JwksValidation("JWKS does not include keys"));
        }
        // Keys are read one by one, so one odd entry does not hide the others.
        let jwks: Jwks = super::json_text(text).map_err(|_| JwtError::JwksValidation("JWKS keys should be an array of objects"))?;
        Ok(jwks)
    }

    /// The key of `kid`, if the JWKS has one.
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.position(kid).map(|i| &self.keys[i])
    }

    /// Where the key of `kid` is in [`Jwks::keys`], if the JWKS has one.
    pub fn position(&self, kid: &str) -> Option<usize> {
        self.keys.iter().position(|k| k.kid.as_str() == Some(kid))
    }
}

/// The header's algorithm against the key's: the JWK's `alg` (if given) equals the
/// header's, and that is RS256.
pub fn check_algorithm(header: &Header, jwk: &Jwk) -> Result<(), JwtError> {
    let alg = header.alg.as_str().ok_or(JwtError::InvalidSignatureAlgorithm("missing alg"))?;
    if let Some(jwk_alg) = jwk.alg.as_str() {
        if jwk_alg != alg {
            return Err(JwtError::InvalidSignatureAlgorithm("alg differs from the JWK's"));
        }
    }
    if alg != ALGORITHM {
        return Err(JwtError::InvalidSignatureAlgorithm("unsupported alg"));
    }
    Ok(())
}
