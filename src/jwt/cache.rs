//! The JWKS cache: one JWKS per URL, keys looked up by `kid`, fetched again when a token
//! names a `kid` the cached JWKS lacks (key rotation); once a fetch did not bring the
//! `kid`, the URL is not fetched again for an unknown `kid` for
//! [`REFETCH_INTERVAL_SECONDS`], so tokens with made-up `kid`s cannot flood the JWKS
//! endpoint (aws-jwt-verify's penalty box). Pure: it decides, the caller fetches (and shares one fetch per URL
//! between concurrent verifications) and reports back.

use super::error::JwtError;
use super::jwks::{Jwk, Jwks};
use std::collections::HashMap;

/// Least time between two fetches of one URL for an unknown `kid`.
pub const REFETCH_INTERVAL_SECONDS: f64 = 10.0;

#[derive(Debug, Default, Clone)]
struct Entry {
    jwks: Option<Jwks>,
    /// When a fetch last failed to bring a token's `kid`.
    last_miss: Option<f64>,
}

/// What to do for a token's `kid`.
#[derive(Debug, PartialEq)]
pub enum Lookup<'a> {
    /// The cached key.
    Found(&'a Jwk),
    /// Fetch the JWKS (then [`JwksCache::store`] it and look again).
    Fetch,
}

/// JWKS by URL (see the module documentation).
#[derive(Debug, Default, Clone)]
pub struct JwksCache {
    entries: HashMap<String, Entry>,
}

impl JwksCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// The key of `kid` for `uri` at `now` (seconds): the cached key, or "fetch" when the
    /// URL has no JWKS yet or the `kid` is unknown and no fetch missed a `kid` in the last
    /// [`REFETCH_INTERVAL_SECONDS`], or [`JwtError::WaitPeriodNotYetEnded`].
    pub fn lookup(&mut self, uri: &str, kid: &str, now: f64) -> Result<Lookup<'_>, JwtError> {
        let entry = self.entries.entry(uri.to_string()).or_default();
        let known = match &entry.jwks {
            None => return Ok(Lookup::Fetch),
            Some(jwks) => jwks.find(kid).is_some(),
        };
        if !known {
            if entry.last_miss.is_some_and(|t| now - t < REFETCH_INTERVAL_SECONDS && now >= t) {
                return Err(JwtError::WaitPeriodNotYetEnded);
            }
            return Ok(Lookup::Fetch);
        }
        Ok(self.entries.get(uri).and_then(|e| e.jwks.as_ref()).and_then(|j| j.find(kid)).map_or(Lookup::Fetch, Lookup::Found))
    }

    /// The cached key of `kid` for `uri`, without fetching (`verify_sync`).
    pub fn cached(&self, uri: &str, kid: &str) -> Result<&Jwk, JwtError> {
        let jwks = self.entries.get(uri).and_then(|e| e.jwks.as_ref()).ok_or(JwtError::JwksNotAvailableInCache)?;
        jwks.find(kid).ok_or(JwtError::KidNotFoundInJwks)
    }

    /// The key of `kid` once the JWKS of `uri` was fetched for it at `now`: a miss starts
    /// the wait of [`REFETCH_INTERVAL_SECONDS`], a hit ends it.
    pub fn after_fetch(&mut self, uri: &str, kid: &str, now: f64) -> Result<&Jwk, JwtError> {
        let entry = self.entries.entry(uri.to_string()).or_default();
        let found = entry.jwks.as_ref().is_some_and(|j| j.find(kid).is_some());
        entry.last_miss = if found { None } else { Some(now) };
        self.cached(uri, kid)
    }

    /// Store the JWKS just fetched for `uri` (replacing the cached one).
    pub fn store(&mut self, uri: &str, jwks: Jwks) {
        self.entries.entry(uri.to_string()).or_default().jwks = Some(jwks);
    }

    /// The cached JWKS of `uri`.
    pub fn jwks(&self, uri: &str) -> Option<&Jwks> {
        self.entries.get(uri).and_then(|e| e.jwks.as_ref())
    }

    /// Whether a JWKS is cached for `uri`.
    pub fn has(&self, uri: &str) -> bool {
        self.entries.get(uri).is_some_and(|e| e.jwks.is_some())
    }
}
