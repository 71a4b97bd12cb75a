//! The verifier module (`--features verifier-module`): the checks of `cognito-wasm/verifier`
//! for JavaScript. JavaScript fetches the JWKS and checks the RSA signature (node:crypto or
//! WebCrypto); everything else (taking the token apart, the JWKS cache and its refetch rule,
//! the key and algorithm checks, the claims) is the Rust core's `jwt` module, reached
//! through [`VerifierCore`]. Errors cross as `Error`s whose `name` is the aws-jwt-verify
//! class of the failed check and whose `check` names it; they never carry the token.
//!
//! One verification crosses the boundary a few times with little data: the token goes in
//! once ([`VerifierCore::check`]), a number comes back (the verdict), then JavaScript takes
//! the signature's bytes and the payload's text of that token. Key objects are JavaScript's
//! (imported once per key, by the key's index in the cached JWKS).

use crate::jwt::cache::{JwksCache, Lookup};
use crate::jwt::claims::check_claims;
use crate::jwt::jwks::{check_algorithm, Jwks};
use crate::jwt::token::decompose;
use crate::jwt::{JwtError, VerifierConfig};
use wasm_bindgen::prelude::*;

fn to_js(e: JwtError) -> JsValue {
    let error = js_sys::Error::new(&e.to_string());
    error.set_name(e.name());
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("check"), &JsValue::from_str(e.check()));
    error.into()
}

/// The verdict of [`VerifierCore::check`] when the JWKS must be fetched first.
const NEEDS_FETCH: i32 = -1;

/// What [`VerifierCore::check`] leaves for JavaScript about the token it checked last.
#[derive(Default)]
struct Checked {
    signature: Vec<u8>,
    payload: String,
    claims_error: Option<JwtError>,
}

/// One verifier's settings and its JWKS cache.
#[wasm_bindgen]
pub struct VerifierCore {
    config: VerifierConfig,
    cache: JwksCache,
    last: Checked,
    /// By index in the cached JWKS: the key passed its checks (`Jwk::rsa_parts`).
    usable_keys: Vec<bool>,
}

#[wasm_bindgen]
impl VerifierCore {
    /// `settings`: the JSON of `{userPoolId, tokenUse, clientId, scope?, groups?,
    /// graceSeconds?, issuer?, jwksUri?}`; throws `ParameterValidationError`.
    #[wasm_bindgen(constructor)]
    pub fn new(settings: &str) -> Result<VerifierCore, JsValue> {
        let config = VerifierConfig::from_json(settings).map_err(to_js)?;
        Ok(VerifierCore { config, cache: JwksCache::new(), last: Checked::default(), usable_keys: Vec::new() })
    }

    #[wasm_bindgen(getter, js_name = jwksUri)]
    pub fn jwks_uri(&self) -> String {
        self.config.jwks_uri().to_string()
    }

    /// Cache a JWKS document (the text fetched from `jwksUri`); throws `JwksValidationError`.
    /// Key indexes given out before no longer hold.
    #[wasm_bindgen(js_name = cacheJwks)]
    pub fn cache_jwks(&mut self, document: &str) -> Result<(), JsValue> {
        let jwks = Jwks::parse(document.as_bytes()).map_err(to_js)?;
        self.cache.store(self.config.jwks_uri(), jwks);
        self.usable_keys.clear();
        Ok(())
    }

    #[wasm_bindgen(js_name = hasJwks)]
    pub fn has_jwks(&self) -> bool {
        self.cache.has(self.config.jwks_uri())
    }

    /// Take `token` (its UTF-8 bytes) apart, find its key and check the claims at `now` (seconds): throws the
    /// parse, `kid`, key and algorithm errors. `fetched`: the JWKS was just fetched for this
    /// token (an unknown `kid` is then final); `may_fetch` false (`verifySync`) never asks
    /// for a fetch.
    ///
    /// The verdict: -1 when the JWKS must be fetched first (then `cacheJwks` and `check`
    /// again with `fetched` true); otherwise `keyIndex * 2 + claimsFailed`: the index of the
    /// token's key in the cached JWKS (see [`VerifierCore::key`]) and 1 when a claim check
    /// failed ([`VerifierCore::claims_error`]; reported only once the signature is found
    /// valid, as the signature is checked first). The signature's bytes and the payload are
    /// then [`VerifierCore::take_signature`] and [`VerifierCore::take_payload`].
    pub fn check(&mut self, token: &[u8], now: f64, fetched: bool, may_fetch: bool) -> Result<i32, JsValue> {
        // Bytes, not a string: JavaScript encodes the token natively (TextEncoder) and reuses
        // the bytes for the signature check; wasm-bindgen's string passing copies character
        // by character. (TextEncoder's bytes are UTF-8; anything else would become U+FFFD
        // here, which `decompose` refuses like any character a JWT cannot hold.)
        let token = std::str::from_utf8(token).map_or_else(|_| String::from_utf8_lossy(token), std::borrow::Cow::Borrowed);
        let jwt = decompose(&token).map_err(to_js)?;
        let kid = jwt.kid().ok_or(JwtError::WithoutValidKid).map_err(to_js)?;
        let uri = self.config.jwks_uri();
        // The cache's rule decides (and refuses); the key is then found by its index.
        if fetched {
            self.cache.after_fetch(uri, kid, now).map_err(to_js)?;
        } else if may_fetch {
            if let Lookup::Fetch = self.cache.lookup(uri, kid, now).map_err(to_js)? {
                return Ok(NEEDS_FETCH);
            }
        } else {
            self.cache.cached(uri, kid).map_err(to_js)?;
        }
        let jwks = self.cache.jwks(uri).ok_or(JwtError::JwksNotAvailableInCache).map_err(to_js)?;
        let index = jwks.position(kid).ok_or(JwtError::KidNotFoundInJwks).map_err(to_js)?;
        let jwk = &jwks.keys[index];
        // The key's checks decode its modulus: once per key of the cached JWKS, not per token.
        if !self.usable_keys.get(index).copied().unwrap_or(false) {
            jwk.rsa_parts().map_err(to_js)?;
            if self.usable_keys.len() <= index {
                self.usable_keys.resize(index + 1, false);
            }
            self.usable_keys[index] = true;
        }
        check_algorithm(&jwt.header, jwk).map_err(to_js)?;
        let index = i32::try_from(index).map_err(|_| to_js(JwtError::KidNotFoundInJwks))?;
        let claims_error = check_claims(&jwt.payload, &self.config, now).err();
        let claims_failed = i32::from(claims_error.is_some());
        self.last = Checked { signature: jwt.signature, payload: jwt.payload_json, claims_error };
        Ok(index * 2 + claims_failed)
    }

    /// The signature's bytes of the token [`VerifierCore::check`] checked last (once).
    #[wasm_bindgen(js_name = takeSignature)]
    pub fn take_signature(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.last.signature)
    }

    /// The payload's JSON text of the token [`VerifierCore::check`] checked last (once).
    #[wasm_bindgen(js_name = takePayload)]
    pub fn take_payload(&mut self) -> String {
        std::mem::take(&mut self.last.payload)
    }

    /// The failed claim check of the token [`VerifierCore::check`] checked last, as an
    /// `Error` (see the module documentation), or `undefined`.
    #[wasm_bindgen(js_name = claimsError)]
    pub fn claims_error(&self) -> JsValue {
        self.last.claims_error.clone().map_or(JsValue::UNDEFINED, to_js)
    }

    /// The public key at `index` in the cached JWKS, as the JWK JavaScript imports:
    /// `{"kty":"RSA","n":...,"e":...}`.
    pub fn key(&self, index: usize) -> Result<String, JsValue> {
        let jwk = self.cache.jwks(self.config.jwks_uri()).and_then(|j| j.keys.get(index)).ok_or(JwtError::KidNotFoundInJwks).map_err(to_js)?;
        jwk.rsa_parts().map_err(to_js)?;
        // Checked base64url (letters, digits, `-`, `_`, `=`): nothing to escape.
        let text = |c: &crate::jwt::token::Claim| c.as_str().unwrap_or_default().to_string();
        Ok(format!(r#"{{"kty":"RSA","n":"{}","e":"{}"}}"#, text(&jwk.n), text(&jwk.e)))
    }
}
