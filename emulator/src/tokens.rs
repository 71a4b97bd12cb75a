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
use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Deref;
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

/// Replaced keys, each with the time (epoch seconds) until which it stays published.
type Retired = Vec<(Arc<KeyMaterial>, i64)>;

/// The signing key, possibly still being generated, and the keys it replaced that are
/// still published (key rotation, `POST /_emulator/keys/rotate`).
#[derive(Clone)]
pub struct Keys {
    inner: Arc<(Mutex<Option<Arc<KeyMaterial>>>, Condvar)>,
    /// Replaced keys and until when (epoch seconds) they stay in the JWKS and verify.
    retired: Arc<Mutex<Retired>>,
}

impl Keys {
    /// Load from PEM if given (and valid), else generate a fresh key in a background thread.
    pub fn load_or_generate(pem: Option<&str>) -> Keys {
        let keys = Keys { inner: Arc::new((Mutex::new(None), Condvar::new())), retired: Arc::default() };
        if let Some(pem) = pem {
            if let Ok(k) = RsaPrivateKey::from_pkcs8_pem(pem) {
                keys.set(KeyMaterial::from_private(k));
                return keys;
            }
            eprintln!("cognito-emulator: the stored signing key is unreadable; generating a new one");
        }
        let k2 = keys.clone();
        std::thread::spawn(move || k2.set(KeyMaterial::from_private(new_private_key())));
        keys
    }

    fn set(&self, m: KeyMaterial) {
        let (lock, cv) = &*self.inner;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(m));
        cv.notify_all();
    }

    /// The key, waiting for the generation to finish if needed.
    pub fn get(&self) -> Arc<KeyMaterial> {
        let (lock, cv) = &*self.inner;
        let mut g = lock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(k) = g.as_ref() {
                return k.clone();
            }
            g = cv.wait(g).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// The PEM if the key is ready (for persistence), without waiting.
    pub fn pem_if_ready(&self) -> Option<String> {
        self.inner.0.lock().unwrap_or_else(|e| e.into_inner()).as_ref().map(|k| k.pem.clone())
    }

    /// Key rotation: a new key signs from now on; the current one stays in the JWKS (and
    /// keeps verifying) for `keep_old_seconds`. Returns the new key id.
    pub fn rotate(&self, keep_old_seconds: i64) -> String {
        let old = self.get();
        let new = KeyMaterial::from_private(new_private_key());
        let kid = new.kid.clone();
        let mut retired = self.retired.lock().unwrap_or_else(|e| e.into_inner());
        let now = util::now();
        retired.retain(|(_, until)| *until > now);
        if keep_old_seconds > 0 {
            retired.push((old, now + keep_old_seconds));
        }
        self.set(new);
        kid
    }

    /// The current key, then the retired keys still published.
    fn published(&self) -> Vec<Arc<KeyMaterial>> {
        let now = util::now();
        let mut keys = vec![self.get()];
        let retired = self.retired.lock().unwrap_or_else(|e| e.into_inner());
        keys.extend(retired.iter().filter(|(_, until)| *until > now).map(|(k, _)| k.clone()));
        keys
    }

    /// A JWT of `claims` signed by the current key, with the usual `{kid, alg: RS256}`
    /// header or, for tests of verifiers, the `header` given (signed as given).
    pub fn sign_with_header(&self, header: Option<&Value>, claims: &Value) -> String {
        let k = self.get();
        let header = header.cloned().unwrap_or_else(|| json!({ "kid": k.kid, "alg": "RS256" }));
        let signing_input = format!(
            "{}.{}",
            util::b64url(header.to_string().as_bytes()),
            util::b64url(claims.to_string().as_bytes())
        );
        let sig: Signature = k.signing.sign(signing_input.as_bytes());
        format!("{signing_input}.{}", util::b64url(&sig.to_bytes()))
    }

    pub fn sign_jwt(&self, claims: &Value) -> String {
        self.sign_with_header(None, claims)
    }

    /// Check the signature (by any published key, found by `kid`) and decode the claims;
    /// `None` if the token is not ours or malformed.
    pub fn verify_jwt(&self, token: &str) -> Option<Map<String, Value>> {
        let mut parts = token.split('.');
        let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let header: Value = serde_json::from_slice(&util::b64url_decode(h)?).ok()?;
        if header.get("alg")? != "RS256" {
            return None;
        }
        let kid = header.get("kid")?.as_str()?;
        let k = self.published().into_iter().find(|k| k.kid == kid)?;
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
        let keys: Vec<Value> = self
            .published()
            .iter()
            .map(|k| {
                json!({
                    "alg": "RS256",
                    "e": util::b64url(&k.public.e().to_bytes_be()),
                    "kid": k.kid,
                    "kty": "RSA",
                    "n": util::b64url(&k.public.n().to_bytes_be()),
                    "use": "sig",
                })
            })
            .collect();
        json!({ "keys": keys })
    }
}

/// Signs the JWTs of one request: at once, or, for the API operations, once the state lock is
/// released, so that the RSA signatures of one request (or the wait for the key still being
/// generated at start) never hold up the others. Deferred, [`TokenSigner::sign_jwt`] answers a
/// placeholder that [`TokenSigner::sign_deferred`] replaces, in the operation's answer, with the token.
/// Reads as the [`Keys`] for verifying.
pub struct TokenSigner<'a> {
    keys: &'a Keys,
    /// The placeholders given out and the claims each stands for; `None`: signing at once.
    deferred: Option<RefCell<Vec<(String, Value)>>>,
    /// Makes this request's placeholders unlike any text a client could send.
    nonce: String,
}

impl<'a> TokenSigner<'a> {
    /// Signs at once.
    pub fn now(keys: &'a Keys) -> Self {
        TokenSigner { keys, deferred: None, nonce: String::new() }
    }

    /// Signs in [`TokenSigner::sign_deferred`].
    pub fn deferred(keys: &'a Keys) -> Self {
        TokenSigner { keys, deferred: Some(RefCell::default()), nonce: util::uuid_v4() }
    }

    /// The JWT of `claims`, or the placeholder that stands for it until it is signed.
    pub fn sign_jwt(&self, claims: &Value) -> String {
        let Some(deferred) = &self.deferred else { return self.keys.sign_jwt(claims) };
        let mut deferred = deferred.borrow_mut();
        let placeholder = format!("unsigned-jwt.{}.{}", self.nonce, deferred.len());
        deferred.push((placeholder.clone(), claims.clone()));
        placeholder
    }

    /// Signs the deferred tokens and puts each where its placeholder stands in `answer`.
    pub fn sign_deferred(self, answer: &mut Value) {
        let Some(deferred) = self.deferred else { return };
        let signed: HashMap<String, String> = deferred.into_inner().into_iter().map(|(placeholder, claims)| (placeholder, self.keys.sign_jwt(&claims))).collect();
        if !signed.is_empty() {
            replace_strings(answer, &signed);
        }
    }
}

impl Deref for TokenSigner<'_> {
    type Target = Keys;

    fn deref(&self) -> &Keys {
        self.keys
    }
}

/// Every string of `value` that is a key of `replacements`, replaced by its value.
fn replace_strings(value: &mut Value, replacements: &HashMap<String, String>) {
    match value {
        Value::String(s) => {
            if let Some(new) = replacements.get(s.as_str()) {
                *s = new.clone();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| replace_strings(v, replacements)),
        Value::Object(fields) => fields.values_mut().for_each(|v| replace_strings(v, replacements)),
        _ => {}
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

fn new_private_key() -> RsaPrivateKey {
    RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).expect("RSA key generation failed")
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
    /// The `cognito:groups` claim (left out when empty, as Cognito does).
    pub groups: Vec<String>,
    /// The access token's `scope` claim ([`access_scope`]).
    pub scope: String,
}

/// The scope every access token of the user-pool API carries.
pub const ADMIN_SCOPE: &str = "aws.cognito.signin.user.admin";

/// The `scope` claim of an access token minted for `client`: [`ADMIN_SCOPE`], then the
/// client's `AllowedOAuthScopes` in the order given. (Emulator extension: Cognito adds
/// OAuth scopes only to tokens from its OAuth endpoints; the emulator adds them to every
/// access token of the client, so an API's scope checks can be exercised with
/// `AdminInitiateAuth` alone.)
pub fn access_scope(client: &crate::state::Client) -> String {
    let mut scopes = vec![ADMIN_SCOPE];
    if let Some(Value::Array(allowed)) = client.extra.get("AllowedOAuthScopes") {
        for s in allowed.iter().filter_map(Value::as_str) {
            if !scopes.contains(&s) {
                scopes.push(s);
            }
        }
    }
    scopes.join(" ")
}

/// Mint (id_token, access_token).
pub fn mint(keys: &TokenSigner, r: &TokenRequest) -> (String, String) {
    mint_with_nonce(keys, r, None)
}

/// [`mint`], with the OpenID `nonce` of the authorization request in the id token (the
/// OAuth endpoints).
pub fn mint_with_nonce(keys: &TokenSigner, r: &TokenRequest, nonce: Option<&str>) -> (String, String) {
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
    if !r.groups.is_empty() {
        id.insert("cognito:groups".into(), json!(r.groups));
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
    if let Some(nonce) = nonce {
        id.insert("nonce".into(), json!(nonce));
    }

    let mut access = Map::new();
    access.insert("sub".into(), json!(r.user.sub));
    if !r.groups.is_empty() {
        access.insert("cognito:groups".into(), json!(r.groups));
    }
    if let Some(dk) = r.device_key {
        access.insert("device_key".into(), json!(dk));
    }
    access.insert("iss".into(), json!(r.issuer));
    access.insert("client_id".into(), json!(r.client_id));
    access.insert("origin_jti".into(), json!(r.origin_jti));
    access.insert("event_id".into(), json!(event_id));
    access.insert("token_use".into(), json!("access"));
    access.insert("scope".into(), json!(r.scope));
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

#[cfg(test)]
impl Keys {
    /// Keys whose generation has not finished: signing waits for [`Keys::finish_generating`].
    pub(crate) fn still_generating() -> Keys {
        Keys { inner: Arc::new((Mutex::new(None), Condvar::new())), retired: Arc::default() }
    }

    pub(crate) fn finish_generating(&self) {
        self.set(KeyMaterial::from_private(new_private_key()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deferred_signer_answers_placeholders_until_it_signs() {
        let keys = Keys::still_generating();
        keys.finish_generating();
        let signer = TokenSigner::deferred(&keys);
        let first = signer.sign_jwt(&json!({ "sub": "a" }));
        let second = signer.sign_jwt(&json!({ "sub": "b" }));
        assert_ne!(first, second);
        assert!(keys.verify_jwt(&first).is_none(), "a placeholder is no token");
        let mut answer = json!({ "Result": { "IdToken": first, "Tokens": [second] }, "Other": "text" });
        signer.sign_deferred(&mut answer);
        let id = keys.verify_jwt(answer["Result"]["IdToken"].as_str().unwrap()).expect("signed in place");
        assert_eq!(id["sub"], "a");
        let listed = keys.verify_jwt(answer["Result"]["Tokens"][0].as_str().unwrap()).expect("signed in a list");
        assert_eq!(listed["sub"], "b");
        assert_eq!(answer["Other"], "text");
    }

    #[test]
    fn a_signer_for_now_signs_at_once() {
        let keys = Keys::still_generating();
        keys.finish_generating();
        let token = TokenSigner::now(&keys).sign_jwt(&json!({ "sub": "a" }));
        assert_eq!(keys.verify_jwt(&token).expect("a token")["sub"], "a");
    }
}
