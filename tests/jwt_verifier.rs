//! The JWT verifier's core and its native API (`cognito_wasm::jwt`), on tokens signed here
//! with a fresh RSA key: every class of bad token is refused with the check named, the JWKS
//! cache refetches on an unknown `kid` at most once per 10 s and shares concurrent fetches,
//! and a JWKS endpoint that is down, slow or answers garbage gives a typed error the
//! verifier recovers from.
#![cfg(not(target_arch = "wasm32"))]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use cognito_wasm::jwt::native::{CognitoJwtVerifier, JwksFetcher, PlainHttpFetcher};
use cognito_wasm::jwt::{JwtError, TokenUse, VerifierConfig};
use hmac::{KeyInit, Mac};
use rsa::pkcs1v15::SigningKey;
use rsa::sha2::Sha256;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

const POOL: &str = "eu-west-1_TestPool1";
const ISS: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool1";
const CLIENT: &str = "client-one";
const NOW: f64 = 1_800_000_000.0;

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

struct Key {
    private: RsaPrivateKey,
    kid: String,
}

fn key(which: usize) -> &'static Key {
    static KEYS: OnceLock<Vec<Key>> = OnceLock::new();
    &KEYS.get_or_init(|| {
        (0..2)
            .map(|i| Key { private: RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).expect("RSA key"), kid: format!("kid-{i}") })
            .collect()
    })[which]
}

fn jwk(k: &Key) -> Value {
    let public = k.private.to_public_key();
    json!({"kid": k.kid, "kty": "RSA", "alg": "RS256", "use": "sig", "n": b64(&public.n().to_bytes_be()), "e": b64(&public.e().to_bytes_be())})
}

fn jwks(keys: &[&Key]) -> Vec<u8> {
    json!({ "keys": keys.iter().map(|k| jwk(k)).collect::<Vec<_>>() }).to_string().into_bytes()
}

fn sign_with(k: &Key, header: &Value, claims: &Value) -> String {
    let input = format!("{}.{}", b64(header.to_string().as_bytes()), b64(claims.to_string().as_bytes()));
    let sig = SigningKey::<Sha256>::new(k.private.clone()).sign(input.as_bytes());
    format!("{input}.{}", b64(&sig.to_bytes()))
}

fn sign(claims: &Value) -> String {
    sign_with(key(0), &json!({"kid": key(0).kid, "alg": "RS256"}), claims)
}

fn access_claims() -> Value {
    json!({"sub": "u-1", "iss": ISS, "client_id": CLIENT, "token_use": "access", "scope": "aws.cognito.signin.user.admin orders/read",
           "cognito:groups": ["admins", "readers"], "exp": NOW + 3600.0, "iat": NOW - 10.0, "auth_time": NOW - 10.0, "jti": "j", "username": "ann"})
}

fn id_claims() -> Value {
    json!({"sub": "u-1", "iss": ISS, "aud": CLIENT, "token_use": "id", "cognito:username": "ann", "exp": NOW + 3600.0, "iat": NOW - 10.0})
}

fn with(mut claims: Value, key_name: &str, value: Value) -> Value {
    if value.is_null() {
        claims.as_object_mut().unwrap().remove(key_name);
    } else {
        claims[key_name] = value;
    }
    claims
}

/// A fetcher answering from a settable document, counting its fetches.
#[derive(Clone)]
struct FakeFetcher {
    answer: Arc<Mutex<Result<Vec<u8>, JwtError>>>,
    fetches: Arc<AtomicUsize>,
    delay: Duration,
}

impl Default for FakeFetcher {
    fn default() -> Self {
        FakeFetcher::serving(vec![])
    }
}

impl FakeFetcher {
    fn serving(doc: Vec<u8>) -> Self {
        FakeFetcher { answer: Arc::new(Mutex::new(Ok(doc))), fetches: Arc::default(), delay: Duration::ZERO }
    }
    fn set(&self, answer: Result<Vec<u8>, JwtError>) {
        *self.answer.lock().unwrap() = answer;
    }
    fn count(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }
}

impl JwksFetcher for FakeFetcher {
    fn fetch(&self, _uri: &str) -> Result<Vec<u8>, JwtError> {
        self.fetches.fetch_add(1, Ordering::SeqCst);
        std::thread::sleep(self.delay);
        self.answer.lock().unwrap().clone()
    }
}

fn access_config() -> VerifierConfig {
    VerifierConfig::new(POOL, Some(TokenUse::Access), Some(vec![CLIENT.into()])).unwrap()
}

fn verifier(config: VerifierConfig) -> CognitoJwtVerifier {
    let v = CognitoJwtVerifier::with_fetcher(config, Box::new(FakeFetcher::default()));
    v.cache_jwks(&jwks(&[key(0)])).unwrap();
    v
}

fn refused(v: &CognitoJwtVerifier, token: &str) -> JwtError {
    let e = v.verify_sync_at(token, NOW).expect_err("the token must be refused");
    // Never echoes the token or a piece of it.
    let text = format!("{e} {e:?}");
    for part in token.split('.').filter(|p| p.len() > 8) {
        assert!(!text.contains(part), "the error repeats the token: {text}");
    }
    assert!(!text.contains("u-1") && !text.contains("ann"), "the error repeats a claim: {text}");
    e
}

#[test]
fn good_access_and_id_tokens_pass_and_give_the_payload_back() {
    let v = verifier(access_config());
    let t = sign(&access_claims());
    let payload: Value = serde_json::from_str(&v.verify_sync_at(&t, NOW).unwrap().payload_json).unwrap();
    assert_eq!(payload["username"], "ann");
    let id = verifier(VerifierConfig::new(POOL, Some(TokenUse::Id), Some(vec!["other".into(), CLIENT.into()])).unwrap());
    id.verify_sync_at(&sign(&id_claims()), NOW).unwrap();
    // Either token with tokenUse null and any client.
    let any = verifier(VerifierConfig::new(POOL, None, None).unwrap());
    any.verify_sync_at(&sign(&id_claims()), NOW).unwrap();
    any.verify_sync_at(&t, NOW).unwrap();
    // The issuer-cognito-idp form is Cognito's too.
    let global = with(access_claims(), "iss", json!("https://issuer-cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool1"));
    v.verify_sync_at(&sign(&global), NOW).unwrap();
}

#[test]
fn tampered_payload_or_signature() {
    let v = verifier(access_config());
    let t = sign(&access_claims());
    let parts: Vec<&str> = t.split('.').collect();
    let other_payload = b64(with(access_claims(), "username", json!("root")).to_string().as_bytes());
    assert_eq!(refused(&v, &format!("{}.{other_payload}.{}", parts[0], parts[2])), JwtError::InvalidSignature);
    let mut sig = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    sig[10] ^= 1;
    assert_eq!(refused(&v, &format!("{}.{}.{}", parts[0], parts[1], b64(&sig))), JwtError::InvalidSignature);
    assert_eq!(refused(&v, &format!("{}.{}.{}", parts[0], parts[1], b64(&sig[..100]))), JwtError::InvalidSignature);
    // Signed by a key that is not in the JWKS under that kid.
    let forged = sign_with(key(1), &json!({"kid": key(0).kid, "alg": "RS256"}), &access_claims());
    assert_eq!(refused(&v, &forged), JwtError::InvalidSignature);
}

#[test]
fn algorithm_attacks() {
    let v = verifier(access_config());
    let claims = b64(access_claims().to_string().as_bytes());
    let none = format!("{}.{claims}.", b64(json!({"kid": key(0).kid, "alg": "none"}).to_string().as_bytes()));
    assert!(matches!(refused(&v, &none), JwtError::Parse(_)));
    let none_sig = format!("{}.{claims}.AAAA", b64(json!({"kid": key(0).kid, "alg": "none"}).to_string().as_bytes()));
    assert!(matches!(refused(&v, &none_sig), JwtError::InvalidSignatureAlgorithm(_)));
    // HS256 with the public key's JWK text as the HMAC secret.
    let header = b64(json!({"kid": key(0).kid, "alg": "HS256"}).to_string().as_bytes());
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(jwk(key(0)).to_string().as_bytes()).unwrap();
    mac.update(format!("{header}.{claims}").as_bytes());
    let hs = format!("{header}.{claims}.{}", b64(&mac.finalize().into_bytes()));
    assert!(matches!(refused(&v, &hs), JwtError::InvalidSignatureAlgorithm(_)));
    for alg in ["RS512", "ES256", "PS256"] {
        let t = sign_with(key(0), &json!({"kid": key(0).kid, "alg": alg}), &access_claims());
        assert!(matches!(refused(&v, &t), JwtError::InvalidSignatureAlgorithm(_)), "{alg}");
    }
    let no_alg = sign_with(key(0), &json!({"kid": key(0).kid}), &access_claims());
    assert!(matches!(refused(&v, &no_alg), JwtError::InvalidSignatureAlgorithm(_)));
    // A JWK of another type, or for encryption, is never used.
    let odd = CognitoJwtVerifier::with_fetcher(access_config(), Box::new(FakeFetcher::default()));
    let mut ec = jwk(key(0));
    ec["kty"] = json!("EC");
    odd.cache_jwks(json!({"keys": [ec]}).to_string().as_bytes()).unwrap();
    assert_eq!(refused(&odd, &sign(&access_claims())), JwtError::JwkInvalidKty);
    let mut enc = jwk(key(0));
    enc["use"] = json!("enc");
    odd.cache_jwks(json!({"keys": [enc]}).to_string().as_bytes()).unwrap();
    assert_eq!(refused(&odd, &sign(&access_claims())), JwtError::JwkInvalidUse);
}

#[test]
fn kid_and_shape_problems() {
    let v = verifier(access_config());
    let unknown = sign_with(key(1), &json!({"kid": "nope", "alg": "RS256"}), &access_claims());
    assert_eq!(refused(&v, &unknown), JwtError::KidNotFoundInJwks);
    let missing = sign_with(key(0), &json!({"alg": "RS256"}), &access_claims());
    assert_eq!(refused(&v, &missing), JwtError::WithoutValidKid);
    let numeric = sign_with(key(0), &json!({"alg": "RS256", "kid": 7}), &access_claims());
    assert!(matches!(refused(&v, &numeric), JwtError::Parse(_)));
    for bad in ["", "abc", "a.b", "a.b.c.d", "a..c", "not a jwt at all", "eyJ.eyJ.sig", "e30.e30.e30"] {
        assert!(matches!(v.verify_sync_at(bad, NOW), Err(JwtError::Parse(_)) | Err(JwtError::WithoutValidKid)), "{bad:?}");
    }
    assert_eq!(v.verify_sync_at("e30.e30.e30", NOW), Err(JwtError::WithoutValidKid), "{{}}.{{}}: parses, has no kid");
    let huge = format!("{}.{}.{}", "a".repeat(20_000), "b".repeat(20_000), "c");
    assert_eq!(v.verify_sync_at(&huge, NOW), Err(JwtError::Parse("JWT is longer than 32 KiB")));
    let array_payload = format!("{}.{}.AAAA", b64(br#"{"kid":"kid-0","alg":"RS256"}"#), b64(b"[1,2]"));
    assert_eq!(v.verify_sync_at(&array_payload, NOW), Err(JwtError::Parse("JWT payload is not an object")));
    let string_exp = sign(&with(access_claims(), "exp", json!("tomorrow")));
    assert_eq!(refused(&v, &string_exp), JwtError::Parse("JWT payload exp claim is not a number"));
    let not_utf8 = format!("{}.{}.AAAA", b64(&[0xff, 0xfe]), b64(b"{}"));
    assert!(matches!(v.verify_sync_at(&not_utf8, NOW), Err(JwtError::Parse(_))));
}

#[test]
fn time_claims_with_grace() {
    let v = verifier(access_config());
    let expired = sign(&with(access_claims(), "exp", json!(NOW - 5.0)));
    assert_eq!(refused(&v, &expired), JwtError::Expired);
    assert_eq!(refused(&v, &sign(&with(access_claims(), "exp", Value::Null))), JwtError::Expired, "no exp: refused (stricter than aws-jwt-verify)");
    let early = sign(&with(access_claims(), "nbf", json!(NOW + 60.0)));
    assert_eq!(refused(&v, &early), JwtError::NotBefore);
    let future = sign(&with(access_claims(), "iat", json!(NOW + 60.0)));
    assert_eq!(refused(&v, &future), JwtError::IssuedInFuture);
    let graceful = verifier(access_config().with_grace_seconds(60.0));
    graceful.verify_sync_at(&expired, NOW).unwrap();
    graceful.verify_sync_at(&early, NOW).unwrap();
    graceful.verify_sync_at(&future, NOW).unwrap();
    assert_eq!(graceful.verify_sync_at(&expired, NOW + 56.0).unwrap_err(), JwtError::Expired);
}

#[test]
fn issuer_token_use_client_scope_and_groups() {
    let v = verifier(access_config());
    let e = refused(&v, &sign(&with(access_claims(), "iss", json!("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"))));
    assert_eq!(e.name(), "JwtInvalidIssuerError");
    assert!(e.to_string().contains(ISS), "names the expected issuer: {e}");
    assert_eq!(refused(&v, &sign(&with(access_claims(), "iss", Value::Null))).check(), "iss");
    assert_eq!(refused(&v, &sign(&id_claims())).name(), "CognitoJwtInvalidTokenUseError");
    assert_eq!(refused(&v, &sign(&with(access_claims(), "token_use", json!("refresh")))).check(), "token_use");
    assert_eq!(refused(&v, &sign(&with(access_claims(), "client_id", json!("client-two")))).name(), "CognitoJwtInvalidClientIdError");
    assert_eq!(refused(&v, &sign(&with(access_claims(), "client_id", Value::Null))).check(), "client_id");
    let id_v = verifier(VerifierConfig::new(POOL, Some(TokenUse::Id), Some(vec![CLIENT.into()])).unwrap());
    assert_eq!(refused(&id_v, &sign(&with(id_claims(), "aud", json!("client-two")))).check(), "client_id");
    assert_eq!(refused(&id_v, &sign(&access_claims())).check(), "token_use");

    let scoped = verifier(access_config().with_scopes(&["orders/write", "orders/read"]));
    scoped.verify_sync_at(&sign(&access_claims()), NOW).unwrap();
    let e = refused(&scoped, &sign(&with(access_claims(), "scope", json!("aws.cognito.signin.user.admin"))));
    assert_eq!((e.name(), e.check()), ("JwtInvalidScopeError", "scope"));
    assert_eq!(refused(&scoped, &sign(&with(access_claims(), "scope", Value::Null))).check(), "scope");
    assert_eq!(refused(&scoped, &sign(&with(access_claims(), "scope", json!("orders/read-all")))).check(), "scope");

    let grouped = verifier(access_config().with_groups(&["admins"]));
    grouped.verify_sync_at(&sign(&access_claims()), NOW).unwrap();
    assert_eq!(refused(&grouped, &sign(&with(access_claims(), "cognito:groups", json!(["readers"])))).name(), "CognitoJwtInvalidGroupError");
    assert_eq!(refused(&grouped, &sign(&with(access_claims(), "cognito:groups", Value::Null))).check(), "groups");
    assert_eq!(refused(&grouped, &sign(&with(access_claims(), "cognito:groups", json!(["admins", 3])))).check(), "groups");
}

#[test]
fn checks_run_in_aws_jwt_verify_order() {
    // Expired, wrong issuer, wrong use and wrong client at once: exp is named.
    let v = verifier(access_config());
    let bad = json!({"iss": "x", "token_use": "id", "client_id": "y", "exp": NOW - 100.0});
    assert_eq!(refused(&v, &sign(&bad)), JwtError::Expired);
    // A bad signature is named before any claim.
    let t = sign(&bad);
    let tampered = format!("{}x", &t[..t.len() - 1]);
    assert!(matches!(refused(&v, &tampered), JwtError::InvalidSignature | JwtError::Parse(_)));
}

#[test]
fn configuration_is_checked() {
    assert!(matches!(VerifierConfig::new("not-a-pool", None, None), Err(JwtError::ParameterValidation(_))));
    assert!(matches!(VerifierConfig::from_json(r#"{"userPoolId": "eu-west-1_A1", "clientId": null}"#), Err(JwtError::ParameterValidation(m)) if m.contains("tokenUse")));
    assert!(matches!(VerifierConfig::from_json(r#"{"userPoolId": "eu-west-1_A1", "tokenUse": "access"}"#), Err(JwtError::ParameterValidation(m)) if m.contains("clientId")));
    assert!(matches!(VerifierConfig::from_json(r#"{"userPoolId": "eu-west-1_A1", "tokenUse": "refresh", "clientId": null}"#), Err(JwtError::ParameterValidation(_))));
    let c = VerifierConfig::from_json(r#"{"userPoolId": "us-gov-west-1_A1", "tokenUse": null, "clientId": ["a", "b"], "scope": "s", "groups": ["g"], "graceSeconds": 5, "issuer": "http://127.0.0.1:9/us-gov-west-1_A1"}"#).unwrap();
    assert_eq!(c.issuers(), ["http://127.0.0.1:9/us-gov-west-1_A1"]);
    assert_eq!(c.jwks_uri(), "http://127.0.0.1:9/us-gov-west-1_A1/.well-known/jwks.json");
    assert_eq!((c.client_ids.clone().unwrap().len(), c.scopes.clone().unwrap(), c.grace_seconds), (2, vec!["s".to_string()], 5.0));
    let c = VerifierConfig::new(POOL, None, None).unwrap();
    assert_eq!(c.jwks_uri(), format!("{ISS}/.well-known/jwks.json"));
}

#[test]
fn unknown_kid_refetches_at_most_once_per_ten_seconds() {
    let fetcher = FakeFetcher::serving(jwks(&[key(0)]));
    let v = CognitoJwtVerifier::with_fetcher(access_config(), Box::new(fetcher.clone()));
    v.verify_at(&sign(&access_claims()), NOW).unwrap();
    assert_eq!(fetcher.count(), 1, "first use fetches");
    v.verify_at(&sign(&access_claims()), NOW + 1.0).unwrap();
    assert_eq!(fetcher.count(), 1, "a known kid is served from the cache");
    // Key rotation: the new kid is fetched once...
    fetcher.set(Ok(jwks(&[key(1), key(0)])));
    let rotated = sign_with(key(1), &json!({"kid": key(1).kid, "alg": "RS256"}), &access_claims());
    v.verify_at(&rotated, NOW + 2.0).unwrap();
    assert_eq!(fetcher.count(), 2);
    // ...and made-up kids do not flood the endpoint.
    let made_up = |kid: &str| sign_with(key(1), &json!({"kid": kid, "alg": "RS256"}), &access_claims());
    assert_eq!(v.verify_at(&made_up("x1"), NOW + 3.0).unwrap_err(), JwtError::KidNotFoundInJwks);
    assert_eq!(fetcher.count(), 3, "a rotation just fetched does not hold back the next unknown kid");
    assert_eq!(v.verify_at(&made_up("x2"), NOW + 5.0).unwrap_err(), JwtError::WaitPeriodNotYetEnded);
    assert_eq!(v.verify_at(&made_up("x3"), NOW + 12.0).unwrap_err(), JwtError::WaitPeriodNotYetEnded);
    assert_eq!(fetcher.count(), 3);
    assert_eq!(v.verify_at(&made_up("x4"), NOW + 13.5).unwrap_err(), JwtError::KidNotFoundInJwks);
    assert_eq!(fetcher.count(), 4);
    // The cached keys keep working meanwhile.
    v.verify_at(&rotated, NOW + 14.0).unwrap();
}

#[test]
fn concurrent_verifications_share_one_fetch() {
    let mut fetcher = FakeFetcher::serving(jwks(&[key(0)]));
    fetcher.delay = Duration::from_millis(300);
    let v = Arc::new(CognitoJwtVerifier::with_fetcher(access_config(), Box::new(fetcher.clone())));
    let token = sign(&access_claims());
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (v, token) = (v.clone(), token.clone());
            std::thread::spawn(move || v.verify_at(&token, NOW).map(|_| ()))
        })
        .collect();
    for t in threads {
        t.join().unwrap().unwrap();
    }
    assert_eq!(fetcher.count(), 1, "eight verifications, one fetch");
}

#[test]
fn jwks_endpoint_down_or_garbage_then_back() {
    let fetcher = FakeFetcher::serving(vec![]);
    let v = CognitoJwtVerifier::with_fetcher(access_config(), Box::new(fetcher.clone()));
    let token = sign(&access_claims());
    assert!(matches!(v.verify_sync_at(&token, NOW), Err(JwtError::JwksNotAvailableInCache)));
    fetcher.set(Err(JwtError::Fetch("HTTP status 503".into())));
    assert_eq!(v.verify_at(&token, NOW).unwrap_err().check(), "fetch");
    for garbage in [&b"<html>502</html>"[..], b"{\"keys\": 3}", b"{}", b"[]", &[0xff, 0x00][..], b"{\"keys\": [\"x\"]}"] {
        fetcher.set(Ok(garbage.to_vec()));
        let e = v.verify_at(&token, NOW).unwrap_err();
        assert_eq!(e.name(), "JwksValidationError", "{garbage:?}: {e}");
    }
    fetcher.set(Ok(jwks(&[key(0)])));
    v.verify_at(&token, NOW + 1.0).expect("recovers once the endpoint is back");
}

#[test]
fn plain_http_fetcher_against_real_sockets() {
    use std::io::{Read, Write};
    use std::net::TcpListener;
    // Slow: accepts and never answers.
    let slow = TcpListener::bind("127.0.0.1:0").unwrap();
    let slow_url = format!("http://{}/pool/.well-known/jwks.json", slow.local_addr().unwrap());
    let f = PlainHttpFetcher { timeout: Duration::from_millis(300) };
    let started = std::time::Instant::now();
    let e = f.fetch(&slow_url).unwrap_err();
    assert!(e.to_string().contains("timed out"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(3));
    drop(slow);
    // Down: nothing listens.
    let e = f.fetch(&slow_url).unwrap_err();
    assert_eq!(e.check(), "fetch");
    // Up: a chunked answer and a plain one.
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/pool/.well-known/jwks.json", server.local_addr().unwrap());
    let doc = String::from_utf8(jwks(&[key(0)])).unwrap();
    let served = doc.clone();
    let handle = std::thread::spawn(move || {
        let doc = served;
        for (i, conn) in server.incoming().take(3).enumerate() {
            let mut conn = conn.unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = conn.read(&mut buf).unwrap();
                assert!(n > 0, "the request ends with a blank line");
                request.extend_from_slice(&buf[..n]);
            }
            assert!(request.starts_with(b"GET /pool/.well-known/jwks.json HTTP/1.1\r\n"));
            let answer = match i {
                0 => format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{doc}\r\n0\r\n\r\n", doc.len()),
                1 => format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{doc}", doc.len()),
                _ => "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n".to_string(),
            };
            conn.write_all(answer.as_bytes()).unwrap();
        }
    });
    assert_eq!(f.fetch(&url).unwrap(), doc.as_bytes());
    assert_eq!(f.fetch(&url).unwrap(), doc.as_bytes());
    assert_eq!(f.fetch(&url).unwrap_err(), JwtError::Fetch("HTTP status 500".into()));
    handle.join().unwrap();
    assert!(f.fetch("https://example.com/jwks.json").is_err());
}
