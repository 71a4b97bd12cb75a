//! RS256 JWTs (id and access tokens), the JWKS, and access-token verification.
//!
//! One RSA-2048 key per emulator: generated at start (in the background, so the ready line
//! is not delayed) or loaded from the `--state` file.

use crate::util;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rsa::sha2::Sha256;
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Map, Value};
use std::sync::{Arc, Condvar, Mutex};

pub struct KeyMaterial {
    signing: SigningKey<Sha256>,
    verifying: VerifyingKey<Sha256>,
    public: RsaPublicKey,
    pem: String,
    pub kid: String,
}

impl KeyMaterial {
    fn from_private(key: RsaPrivateKey) -> Self {
        let public = key.to_public_key();
        let pem = key.to_pkcs8_pem(LineEnding::LF).map(|p| p.to_string()).unwrap_or_default();
        let kid = util::b64url(&{
            use sha2::Digest;
            sha2::Sha256::digest(public.n().to_bytes_be())
        })[..22]
            .to_string();
        KeyMaterial {
            signing: SigningKey::<Sha256>::new(key),
            verifying: VerifyingKey::<Sha256>::new(public.clone()),
            public,
            pem,
            kid,
        }
    }
}

/// The signing key, possibly still being generated.
#[derive(Clone)]
pub struct Keys {
    inner: Arc<(Mutex<Option<Arc<KeyMaterial>>>, Condvar)>,
}

impl Keys {
    /// Load from PEM if given (and valid), else generate a fresh key in a background thread.
    pub fn load_or_generate(pem: Option<&str>) -> Keys {
        let keys = Keys { inner: Arc::new((Mutex::new(None), Condvar::new())) };
        if let Some(pem) = pem {
            if let Ok(k) = RsaPrivateKey::from_pkcs8_pem(pem) {
                keys.set(KeyMaterial::from_private(k));
                return keys;
            }
            eprintln!("cognito-emulator: the stored signing key is unreadable; generating a new one");
        }
        let k2 = keys.clone();
        std::thread::spawn(move || {
            let key = RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).expect("RSA key generation failed");
            k2.set(KeyMaterial::from_private(key));
        });
        keys
    }

    fn set(&self, m: KeyMaterial) {
        let (lock, cv) = &*self.inner;
        *lock.lock().unwrap() = Some(Arc::new(m));
        cv.notify_all();
    }

    /// The key, waiting for the generation to finish if needed.
    pub fn get(&self) -> Arc<KeyMaterial> {
        let (lock, cv) = &*self.inner;
        let mut g = lock.lock().unwrap();
        while g.is_none() {
            g = cv.wait(g).unwrap();
        }
        g.as_ref().unwrap().clone()
    }

    /// The PEM if the key is ready (for persistence), without waiting.
    pub fn pem_if_ready(&self) -> Option<String> {
        self.inner.0.lock().unwrap().as_ref().map(|k| k.pem.clone())
    }

    pub fn sign_jwt(&self, claims: &Value) -> String {
        let k = self.get();
        let header = json!({ "kid": k.kid, "alg": "RS256" });
        let signing_input = format!(
            "{}.{}",
            util::b64url(header.to_string().as_bytes()),
            util::b64url(claims.to_string().as_bytes())
        );
        let sig: Signature = k.signing.sign(signing_input.as_bytes());
        format!("{signing_input}.{}", util::b64url(&sig.to_bytes()))
    }

    /// Check the signature and decode the claims; `None` if the token is not ours or malformed.
    pub fn verify_jwt(&self, token: &str) -> Option<Map<String, Value>> {
        let k = self.get();
        let mut parts = token.split('.');
        let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let header: Value = serde_json::from_slice(&util::b64url_decode(h)?).ok()?;
        if header.get("alg")? != "RS256" {
            return None;
        }
        let sig = Signature::try_from(util::b64url_decode(s)?.as_slice()).ok()?;
        k.verifying.verify(format!("{h}.{p}").as_bytes(), &sig).ok()?;
        match serde_json::from_slice(&util::b64url_decode(p)?).ok()? {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Checks an ID token this emulator issued, as an identity pool does with a `Logins`
    /// token: the signature (the emulator's key signs for every user pool), then `aud`
    /// present (an access token has none), `token_use` = `id`, `exp` after `now`. The
    /// issuer and the audience are checked by the caller against the identity pool's
    /// providers.
    pub fn verify_id_token(&self, token: &str, now: i64) -> Result<IdTokenClaims, IdTokenProblem> {
        let claims = self.verify_jwt(token).ok_or(IdTokenProblem::Signature)?;
        let text = |name: &str| claims.get(name).and_then(Value::as_str).map(str::to_string);
        let aud = text("aud").ok_or(IdTokenProblem::MissingClaim("aud"))?;
        if text("token_use").as_deref() != Some("id") {
            return Err(IdTokenProblem::NotAnIdToken);
        }
        let exp = claims.get("exp").and_then(Value::as_i64).ok_or(IdTokenProblem::MissingClaim("exp"))?;
        if exp <= now {
            return Err(IdTokenProblem::Expired { exp, now });
        }
        Ok(IdTokenClaims {
            iss: text("iss").ok_or(IdTokenProblem::MissingClaim("iss"))?,
            aud,
            sub: text("sub").ok_or(IdTokenProblem::MissingClaim("sub"))?,
            origin_jti: text("origin_jti"),
        })
    }

    pub fn jwks(&self) -> Value {
        let k = self.get();
        json!({ "keys": [{
            "alg": "RS256",
            "e": util::b64url(&k.public.e().to_bytes_be()),
            "kid": k.kid,
            "kty": "RSA",
            "n": util::b64url(&k.public.n().to_bytes_be()),
            "use": "sig",
        }]})
    }
}

/// The claims of a verified ID token that an identity pool reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdTokenClaims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub origin_jti: Option<String>,
}

/// Why [`Keys::verify_id_token`] refused a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdTokenProblem {
    /// Not a JWT this emulator signed (malformed, another key, altered).
    Signature,
    MissingClaim(&'static str),
    /// `token_use` is not `id`.
    NotAnIdToken,
    Expired { exp: i64, now: i64 },
}

/// Everything needed to mint one id + access token pair.
pub struct TokenRequest<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub user: &'a crate::state::User,
    pub auth_time: i64,
    pub origin_jti: &'a str,
    pub device_key: Option<&'a str>,
    pub access_validity: i64,
    pub id_validity: i64,
}

/// Mint (id_token, access_token).
pub fn mint(keys: &Keys, r: &TokenRequest) -> (String, String) {
    let now = util::now();
    let event_id = util::uuid_v4();
    let mut id = Map::new();
    id.insert("sub".into(), json!(r.user.sub));
    for (name, value) in &r.user.attributes {
        if name == "sub" {
            continue;
        }
        let v = match name.as_str() {
            "email_verified" | "phone_number_verified" => json!(value == "true"),
            _ => json!(value),
        };
        id.insert(name.clone(), v);
    }
    id.insert("iss".into(), json!(r.issuer));
    id.insert("cognito:username".into(), json!(r.user.username));
    id.insert("origin_jti".into(), json!(r.origin_jti));
    id.insert("aud".into(), json!(r.client_id));
    id.insert("event_id".into(), json!(event_id));
    id.insert("token_use".into(), json!("id"));
    id.insert("auth_time".into(), json!(r.auth_time));
    id.insert("exp".into(), json!(now + r.id_validity));
    id.insert("iat".into(), json!(now));
    id.insert("jti".into(), json!(util::uuid_v4()));

    let mut access = Map::new();
    access.insert("sub".into(), json!(r.user.sub));
    if let Some(dk) = r.device_key {
        access.insert("device_key".into(), json!(dk));
    }
    access.insert("iss".into(), json!(r.issuer));
    access.insert("client_id".into(), json!(r.client_id));
    access.insert("origin_jti".into(), json!(r.origin_jti));
    access.insert("event_id".into(), json!(event_id));
    access.insert("token_use".into(), json!("access"));
    access.insert("scope".into(), json!("aws.cognito.signin.user.admin"));
    access.insert("auth_time".into(), json!(r.auth_time));
    access.insert("exp".into(), json!(now + r.access_validity));
    access.insert("iat".into(), json!(now));
    access.insert("jti".into(), json!(util::uuid_v4()));
    access.insert("username".into(), json!(r.user.username));

    (keys.sign_jwt(&Value::Object(id)), keys.sign_jwt(&Value::Object(access)))
}

/// A new opaque refresh token.
pub fn new_refresh_token() -> String {
    util::b64url(&util::random_bytes(96))
}
