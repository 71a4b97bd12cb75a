//! Taking a JWT apart before anything is trusted: three base64url parts, a header and a
//! payload that are JSON objects, and the standard claims of the right JSON types (the
//! order and the rules of aws-jwt-verify's `decomposeUnverifiedJwt`). Nothing here checks
//! a signature or a claim's value.

use super::error::JwtError;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde::Deserialize;

/// Longest token accepted (bytes). Cognito's tokens are a few kilobytes; a longer string is
/// refused before it is decoded.
pub const MAX_TOKEN_LENGTH: usize = 32 * 1024;

/// base64url with or without `=` padding.
pub(crate) const B64URL_ENGINE: GeneralPurpose =
    GeneralPurpose::new(&base64::alphabet::URL_SAFE, GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent));

/// A claim's JSON value, as much as the checks need to know of it.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(untagged)]
pub enum Claim {
    /// Not in the object.
    #[default]
    #[serde(skip_deserializing)]
    Absent,
    Number(f64),
    Text(String),
    List(Vec<Claim>),
    /// `null`, booleans, objects.
    Other(serde::de::IgnoredAny),
}

impl Claim {
    pub fn is_absent(&self) -> bool {
        matches!(self, Claim::Absent)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Claim::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Claim::Number(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }

    /// A string, or a list of strings, as a list; `None` for other values (or a list
    /// with anything but strings).
    pub fn as_strings(&self) -> Option<Vec<&str>> {
        match self {
            Claim::Text(s) => Some(vec![s.as_str()]),
            Claim::List(items) => items.iter().map(Claim::as_str).collect(),
            _ => None,
        }
    }
}

/// The header fields the verifier reads.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Header {
    #[serde(default)]
    pub alg: Claim,
    #[serde(default)]
    pub kid: Claim,
}

/// The payload claims the verifier checks.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
pub struct Payload {
    #[serde(default)]
    pub exp: Claim,
    #[serde(default)]
    pub nbf: Claim,
    #[serde(default)]
    pub iat: Claim,
    #[serde(default)]
    pub iss: Claim,
    #[serde(default)]
    pub sub: Claim,
    #[serde(default)]
    pub aud: Claim,
    #[serde(default)]
    pub scope: Claim,
    #[serde(default)]
    pub jti: Claim,
    #[serde(default)]
    pub token_use: Claim,
    #[serde(default)]
    pub client_id: Claim,
    #[serde(default, rename = "cognito:groups")]
    pub groups: Claim,
}

/// A JWT taken apart, not yet verified.
#[derive(Debug, Clone)]
pub struct DecomposedJwt<'t> {
    pub header: Header,
    pub payload: Payload,
    /// The payload's JSON text (what a caller gets back once the token is verified).
    pub payload_json: String,
    /// `header.payload`, the bytes the signature covers.
    pub signing_input: &'t str,
    /// The signature's bytes.
    pub signature: Vec<u8>,
}

impl DecomposedJwt<'_> {
    /// The header's `kid`, if it is a non-empty string.
    pub fn kid(&self) -> Option<&str> {
        self.header.kid.as_str().filter(|k| !k.is_empty())
    }
}

/// One base64url part: its characters, then up to two `=` (the JWT pattern of
/// aws-jwt-verify).
fn valid_part(part: &str) -> bool {
    let body = part.trim_end_matches('=');
    part.len() - body.len() <= 2 && !body.is_empty() && body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn decode_json_part<T: for<'de> Deserialize<'de>>(part: &str, what: &'static str, not_object: &'static str) -> Result<(T, String), JwtError> {
    let bytes = B64URL_ENGINE.decode(part.trim_end_matches('=')).map_err(|_| JwtError::Parse(what))?;
    let text = String::from_utf8(bytes).map_err(|_| JwtError::Parse(what))?;
    if !crate::json::looks_like_object(&text) {
        return Err(JwtError::Parse(not_object));
    }
    let value = crate::json::from_str(&text).map_err(|_| JwtError::Parse(what))?;
    Ok((value, text))
}

/// Take a JWT apart (see the module documentation).
pub fn decompose(token: &str) -> Result<DecomposedJwt<'_>, JwtError> {
    if token.is_empty() {
        return Err(JwtError::Parse("empty JWT"));
    }
    if token.len() > MAX_TOKEN_LENGTH {
        return Err(JwtError::Parse("JWT is longer than 32 KiB"));
    }
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(JwtError::Parse("JWT string does not consist of exactly 3 parts (header, payload, signature)"));
    };
    if ![h, p, s].iter().all(|part| valid_part(part)) {
        return Err(JwtError::Parse("JWT string does not consist of exactly 3 parts (header, payload, signature)"));
    }
    let (header, _): (Header, _) = decode_json_part(h, "header is not valid base64url JSON", "JWT header is not an object")?;
    if !(header.alg.is_absent() || header.alg.as_str().is_some()) {
        return Err(JwtError::Parse("JWT header alg claim is not a string"));
    }
    if !(header.kid.is_absent() || header.kid.as_str().is_some()) {
        return Err(JwtError::Parse("JWT header kid claim is not a string"));
    }
    let (payload, payload_json): (Payload, _) = decode_json_part(p, "payload is not valid base64url JSON", "JWT payload is not an object")?;
    check_payload_types(&payload)?;
    let signature = B64URL_ENGINE.decode(s.trim_end_matches('=')).map_err(|_| JwtError::Parse("signature is not valid base64url"))?;
    Ok(DecomposedJwt { header, payload, payload_json, signing_input: &token[..h.len() + 1 + p.len()], signature })
}

/// The standard claims, when present, have their JSON types.
fn check_payload_types(p: &Payload) -> Result<(), JwtError> {
    let number = |c: &Claim| c.is_absent() || c.as_number().is_some();
    let string = |c: &Claim| c.is_absent() || c.as_str().is_some();
    if !number(&p.exp) {
        return Err(JwtError::Parse("JWT payload exp claim is not a number"));
    }
    if !string(&p.iss) {
        return Err(JwtError::Parse("JWT payload iss claim is not a string"));
    }
    if !string(&p.sub) {
        return Err(JwtError::Parse("JWT payload sub claim is not a string"));
    }
    if !(p.aud.is_absent() || p.aud.as_strings().is_some()) {
        return Err(JwtError::Parse("JWT payload aud claim is not a string or array of strings"));
    }
    if !number(&p.nbf) {
        return Err(JwtError::Parse("JWT payload nbf claim is not a number"));
    }
    if !number(&p.iat) {
        return Err(JwtError::Parse("JWT payload iat claim is not a number"));
    }
    if !string(&p.scope) {
        return Err(JwtError::Parse("JWT payload scope claim is not a string"));
    }
    if !string(&p.jti) {
        return Err(JwtError::Parse("JWT payload jti claim is not a string"));
    }
    Ok(())
}
