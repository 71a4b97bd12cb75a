//! The verifier for Rust backends (native builds): RS256 with the `rsa` crate, the JWKS
//! fetched over a [`JwksFetcher`] (an `http://` one is included; bring your own for
//! `https://`), one fetch per URL shared by the verifications that wait for it.

use super::cache::{JwksCache, Lookup};
use super::config::VerifierConfig;
use super::error::JwtError;
use super::jwks::{Jwks, RsaParts};
use super::token::decompose;
use super::verify::{verify_with_jwk, SignatureCheck};
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::sha2::Sha256;
use rsa::signature::Verifier as _;
use rsa::{BigUint, RsaPublicKey};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// RS256 with the `rsa` crate (RustCrypto).
#[derive(Debug, Default, Clone, Copy)]
pub struct RustCryptoRs256;

impl SignatureCheck for RustCryptoRs256 {
    fn verify_rs256(&self, key: &RsaParts, signing_input: &[u8], signature: &[u8]) -> Result<bool, JwtError> {
        let public = RsaPublicKey::new(BigUint::from_bytes_be(&key.n), BigUint::from_bytes_be(&key.e))
            .map_err(|_| JwtError::JwkValidation("not a usable RSA public key"))?;
        let Ok(signature) = Signature::try_from(signature) else { return Ok(false) };
        Ok(VerifyingKey::<Sha256>::new(public).verify(signing_input, &signature).is_ok())
    }
}

/// Gets a JWKS document.
pub trait JwksFetcher: Send + Sync {
    /// The body of a successful answer from `uri`, or why there is none.
    fn fetch(&self, uri: &str) -> Result<Vec<u8>, JwtError>;
}

/// `GET http://...` over a plain TCP connection with a deadline: enough for the emulator
/// and a JWKS behind a local proxy. `https://` is refused (bring a [`JwksFetcher`] on
/// your TLS client for those).
#[derive(Debug, Clone, Copy)]
pub struct PlainHttpFetcher {
    pub timeout: Duration,
}

impl Default for PlainHttpFetcher {
    fn default() -> Self {
        PlainHttpFetcher { timeout: Duration::from_secs(5) }
    }
}

impl JwksFetcher for PlainHttpFetcher {
    fn fetch(&self, uri: &str) -> Result<Vec<u8>, JwtError> {
        let rest = uri.strip_prefix("http://").ok_or_else(|| JwtError::Fetch("only http:// URLs are fetched by PlainHttpFetcher".into()))?;
        let (authority, path) = rest.split_once('/').map_or((rest, "/".to_string()), |(a, p)| (a, format!("/{p}")));
        let addr = if authority.contains(':') { authority.to_string() } else { format!("{authority}:80") };
        let fail = |what: &str, e: std::io::Error| JwtError::Fetch(format!("{what}: {}", if e.kind() == std::io::ErrorKind::WouldBlock || e.kind() == std::io::ErrorKind::TimedOut { "timed out".to_string() } else { e.kind().to_string() }));
        let sockaddr = std::net::ToSocketAddrs::to_socket_addrs(&addr).map_err(|e| fail("cannot resolve the host", e))?.next().ok_or_else(|| JwtError::Fetch("cannot resolve the host".into()))?;
        let mut stream = std::net::TcpStream::connect_timeout(&sockaddr, self.timeout).map_err(|e| fail("cannot connect", e))?;
        stream.set_read_timeout(Some(self.timeout)).map_err(|e| fail("socket", e))?;
        stream.set_write_timeout(Some(self.timeout)).map_err(|e| fail("socket", e))?;
        let request = format!("GET {path} HTTP/1.1\r\nHost: {authority}\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).map_err(|e| fail("cannot send the request", e))?;
        let mut answer = Vec::new();
        let limit = (super::jwks::MAX_JWKS_LENGTH + 16 * 1024) as u64;
        stream.take(limit).read_to_end(&mut answer).map_err(|e| fail("cannot read the answer", e))?;
        let split = answer.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| JwtError::Fetch("the answer is not HTTP".into()))?;
        let head = String::from_utf8_lossy(&answer[..split]).to_string();
        let status = head.split(' ').nth(1).and_then(|s| s.parse::<u16>().ok()).ok_or_else(|| JwtError::Fetch("the answer is not HTTP".into()))?;
        if status != 200 {
            return Err(JwtError::Fetch(format!("HTTP status {status}")));
        }
        let chunked = head.lines().any(|l| l.to_ascii_lowercase().starts_with("transfer-encoding:") && l.to_ascii_lowercase().contains("chunked"));
        let body = answer[split + 4..].to_vec();
        if chunked {
            return dechunk(&body).ok_or_else(|| JwtError::Fetch("malformed chunked answer".into()));
        }
        Ok(body)
    }
}

/// The body of a `Transfer-Encoding: chunked` answer.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

/// A verified token's payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedToken {
    /// The payload's JSON text (parse it with `serde_json` into what your handler needs).
    pub payload_json: String,
}

type SharedFetch = Arc<(Mutex<Option<Result<(), JwtError>>>, Condvar)>;

/// A Cognito JWT verifier (see the module documentation). Cheap to share (`Arc`) between
/// threads; `verify` may block on the JWKS fetch, `verify_sync` never does.
pub struct CognitoJwtVerifier {
    config: VerifierConfig,
    cache: Mutex<JwksCache>,
    fetcher: Box<dyn JwksFetcher>,
    in_flight: Mutex<HashMap<String, SharedFetch>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn now_seconds() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64())
}

impl CognitoJwtVerifier {
    /// A verifier fetching its JWKS with [`PlainHttpFetcher`].
    pub fn new(config: VerifierConfig) -> Self {
        Self::with_fetcher(config, Box::new(PlainHttpFetcher::default()))
    }

    pub fn with_fetcher(config: VerifierConfig, fetcher: Box<dyn JwksFetcher>) -> Self {
        CognitoJwtVerifier { config, cache: Mutex::default(), fetcher, in_flight: Mutex::default() }
    }

    pub fn config(&self) -> &VerifierConfig {
        &self.config
    }

    /// Put a JWKS document in the cache (as fetched from the verifier's JWKS URL).
    pub fn cache_jwks(&self, jwks_document: &[u8]) -> Result<(), JwtError> {
        let jwks = Jwks::parse(jwks_document)?;
        lock(&self.cache).store(self.config.jwks_uri(), jwks);
        Ok(())
    }

    /// Fetch the JWKS now (at start-up), so `verify_sync` can work.
    pub fn hydrate(&self) -> Result<(), JwtError> {
        self.fetch_shared()
    }

    /// One fetch of the JWKS at a time: a caller that finds one under way waits for it and
    /// shares its outcome.
    fn fetch_shared(&self) -> Result<(), JwtError> {
        let uri = self.config.jwks_uri().to_string();
        let (slot, leader) = {
            let mut in_flight = lock(&self.in_flight);
            match in_flight.get(&uri) {
                Some(s) => (s.clone(), false),
                None => {
                    let s: SharedFetch = Arc::default();
                    in_flight.insert(uri.clone(), s.clone());
                    (s, true)
                }
            }
        };
        let (result, ready) = &*slot;
        if leader {
            let outcome = self.fetcher.fetch(&uri).and_then(|body| self.cache_jwks(&body));
            lock(&self.in_flight).remove(&uri);
            *lock(result) = Some(outcome.clone());
            ready.notify_all();
            return outcome;
        }
        let mut guard = lock(result);
        loop {
            if let Some(outcome) = guard.as_ref() {
                return outcome.clone();
            }
            guard = ready.wait(guard).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// Verify a token, fetching the JWKS when it is not cached or lacks the token's `kid`
    /// (at most once every 10 s per URL for unknown `kid`s).
    pub fn verify(&self, token: &str) -> Result<VerifiedToken, JwtError> {
        self.verify_at(token, now_seconds())
    }

    /// [`CognitoJwtVerifier::verify`] at the time `now` (seconds since the epoch).
    pub fn verify_at(&self, token: &str, now: f64) -> Result<VerifiedToken, JwtError> {
        let jwt = decompose(token)?;
        let kid = jwt.kid().ok_or(JwtError::WithoutValidKid)?;
        let uri = self.config.jwks_uri();
        let needs_fetch = matches!(lock(&self.cache).lookup(uri, kid, now)?, Lookup::Fetch);
        if needs_fetch {
            self.fetch_shared()?;
        }
        let mut cache = lock(&self.cache);
        let jwk = if needs_fetch { cache.after_fetch(uri, kid, now)? } else { cache.cached(uri, kid)? };
        verify_with_jwk(&jwt, jwk, &self.config, now, &RustCryptoRs256)?;
        Ok(VerifiedToken { payload_json: jwt.payload_json })
    }

    /// Verify with the cached JWKS only (never fetches).
    pub fn verify_sync(&self, token: &str) -> Result<VerifiedToken, JwtError> {
        self.verify_sync_at(token, now_seconds())
    }

    /// [`CognitoJwtVerifier::verify_sync`] at the time `now`.
    pub fn verify_sync_at(&self, token: &str, now: f64) -> Result<VerifiedToken, JwtError> {
        let jwt = decompose(token)?;
        let kid = jwt.kid().ok_or(JwtError::WithoutValidKid)?;
        let cache = lock(&self.cache);
        let jwk = cache.cached(self.config.jwks_uri(), kid)?;
        verify_with_jwk(&jwt, jwk, &self.config, now, &RustCryptoRs256)?;
        Ok(VerifiedToken { payload_json: jwt.payload_json })
    }
}
