//! The verifier module (`--features verifier-module`): the checks of `cognito-wasm/verifier`
//! for JavaScript. JavaScript fetches the JWKS and checks the RSA signature with WebCrypto;
//! everything else (taking the token apart, the JWKS cache and its refetch rule, the key
//! and algorithm checks, the claims) is the Rust core's `jwt` module, reached through
//! [`VerifierCore`]. Errors cross as `Error`s whose `name` is the aws-jwt-verify class of
//! the failed check and whose `check` names it; they never carry the token.

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

/// A token taken apart and its key found: what JavaScript needs to check the signature,
/// and the outcome of the claim checks (reported only if the signature is valid, as the
/// signature is checked first).
#[wasm_bindgen]
pub struct Prepared {
    needs_fetch: bool,
    kid: String,
    n: String,
    e: String,
    signing_input_length: usize,
    signature: Vec<u8>,
    payload: String,
    claims_error: Option<JwtError>,
}

#[wasm_bindgen]
impl Prepared {
    /// True when the JWKS must be fetched first (then `cacheJwks` and `prepare` again with
    /// `fetched` true).
    #[wasm_bindgen(getter, js_name = needsFetch)]
    pub fn needs_fetch(&self) -> bool {
        self.needs_fetch
    }
    #[wasm_bindgen(getter)]
    pub fn kid(&self) -> String {
        self.kid.clone()
    }
    /// The key's modulus and exponent (base64url, as in the JWK).
    #[wasm_bindgen(getter)]
    pub fn n(&self) -> String {
        self.n.clone()
    }
    #[wasm_bindgen(getter)]
    pub fn e(&self) -> String {
        self.e.clone()
    }
    /// The signature covers the token's first `signingInputLength` characters.
    #[wasm_bindgen(getter, js_name = signingInputLength)]
    pub fn signing_input_length(&self) -> usize {
        self.signing_input_length
    }
    #[wasm_bindgen(getter)]
    pub fn signature(&self) -> Vec<u8> {
        self.signature.clone()
    }
    /// The payload's JSON text.
    #[wasm_bindgen(getter)]
    pub fn payload(&self) -> String {
        self.payload.clone()
    }
    /// The failed claim check as an `Error` (see the module documentation), or `undefined`.
    #[wasm_bindgen(getter, js_name = claimsError)]
    pub fn claims_error(&self) -> JsValue {
        self.claims_error.clone().map_or(JsValue::UNDEFINED, to_js)
    }
}

/// One verifier's settings and its JWKS cache.
#[wasm_bindgen]
pub struct VerifierCore {
    config: VerifierConfig,
    cache: JwksCache,
}

#[wasm_bindgen]
impl VerifierCore {
    /// `settings`: the JSON of `{userPoolId, tokenUse, clientId, scope?, groups?,
    /// graceSeconds?, issuer?, jwksUri?}`; throws `ParameterValidationError`.
    #[wasm_bindgen(constructor)]
    pub fn new(settings: &str) -> Result<VerifierCore, JsValue> {
        let config = VerifierConfig::from_json(settings).map_err(to_js)?;
        Ok(VerifierCore { config, cache: JwksCache::new() })
    }

    #[wasm_bindgen(getter, js_name = jwksUri)]
    pub fn jwks_uri(&self) -> String {
        self.config.jwks_uri().to_string()
    }

    /// Cache a JWKS document (the text fetched from `jwksUri`); throws `JwksValidationError`.
    #[wasm_bindgen(js_name = cacheJwks)]
    pub fn cache_jwks(&mut self, document: &str) -> Result<(), JsValue> {
        let jwks = Jwks::parse(document.as_bytes()).map_err(to_js)?;
        self.cache.store(self.config.jwks_uri(), jwks);
        Ok(())
    }

    #[wasm_bindgen(js_name = hasJwks)]
    pub fn has_jwks(&self) -> bool {
        self.cache.has(self.config.jwks_uri())
    }

    /// Take `token` apart and find its key at `now` (seconds): throws the parse, `kid`, key
    /// and algorithm errors. `fetched`: the JWKS was just fetched for this token (an
    /// unknown `kid` is then final); `may_fetch` false (`verifySync`) never asks for a fetch.
    pub fn prepare(&mut self, token: &str, now: f64, fetched: bool, may_fetch: bool) -> Result<Prepared, JsValue> {
        let jwt = decompose(token).map_err(to_js)?;
        let kid = jwt.kid().ok_or(JwtError::WithoutValidKid).map_err(to_js)?.to_string();
        let uri = self.config.jwks_uri().to_string();
        let jwk = if fetched {
            self.cache.after_fetch(&uri, &kid, now).map_err(to_js)?
        } else if may_fetch {
            match self.cache.lookup(&uri, &kid, now).map_err(to_js)? {
                Lookup::Found(jwk) => jwk,
                Lookup::Fetch => {
                    return Ok(Prepared {
                        needs_fetch: true,
                        kid,
                        n: String::new(),
                        e: String::new(),
                        signing_input_length: 0,
                        signature: vec![],
                        payload: String::new(),
                        claims_error: None,
                    })
                }
            }
        } else {
            self.cache.cached(&uri, &kid).map_err(to_js)?
        };
        jwk.rsa_parts().map_err(to_js)?;
        check_algorithm(&jwt.header, jwk).map_err(to_js)?;
        let claims_error = check_claims(&jwt.payload, &self.config, now).err();
        Ok(Prepared {
            needs_fetch: false,
            kid,
            n: jwk.n.as_str().unwrap_or_default().to_string(),
            e: jwk.e.as_str().unwrap_or_default().to_string(),
            signing_input_length: jwt.signing_input.len(),
            signature: jwt.signature,
            payload: jwt.payload_json,
            claims_error,
        })
    }
}
