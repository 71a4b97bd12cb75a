//! The hosted UI's short-lived grants, in memory only (as the challenge sessions): they
//! live minutes, and a restart signs the browser out of the hosted pages, nothing more.
//! Every lookup drops what has expired.

use crate::tokens::Keys;
use crate::util;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, OnceLock};

/// How long an authorization code can be exchanged (Cognito: 5 minutes).
pub const CODE_TTL: i64 = 300;
/// How long a hosted-UI sign-in is remembered by its cookie (Cognito: 1 hour).
pub const LOGIN_TTL: i64 = 3600;
/// How long a federated sign-in or a pending sign-up may take.
pub const PENDING_TTL: i64 = 900;
/// Most `login_hint`s the mock IdP remembers.
const MAX_HINTS: usize = 100;
/// Most entries of each kind (a flood of abandoned sign-ins cannot grow memory for ever).
const MAX_ENTRIES: usize = 10_000;

/// What an authorization request asked for, once checked (kept with a code, a pending
/// federated sign-in, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub pool_id: String,
    pub client_id: String,
    pub redirect_uri: String,
    /// `code` or `token`.
    pub response_type: String,
    pub scopes: Vec<String>,
    pub state: Option<String>,
    pub nonce: Option<String>,
    /// (`code_challenge`, `code_challenge_method`).
    pub pkce: Option<(String, String)>,
}

/// An authorization code, for one exchange.
#[derive(Debug, Clone)]
pub struct CodeGrant {
    pub authorization: Authorization,
    pub username: String,
    pub auth_time: i64,
    pub expires: i64,
}

/// A browser signed in to the hosted pages of a pool (the `cognito` cookie).
#[derive(Debug, Clone)]
pub struct LoginSession {
    pub pool_id: String,
    pub username: String,
    pub auth_time: i64,
    pub expires: i64,
}

/// A sign-up made on the hosted pages, so that confirming it in the same browser signs in.
#[derive(Debug, Clone)]
pub struct PendingSignUp {
    pub pool_id: String,
    pub username: String,
    pub expires: i64,
}

/// A federated sign-in on its way through the external IdP.
#[derive(Debug, Clone)]
pub struct PendingFederation {
    pub authorization: Authorization,
    pub provider: String,
    /// The nonce sent to the IdP (its id token must carry it back).
    pub idp_nonce: String,
    pub expires: i64,
}

/// A sign-in waiting for its second factor (the hosted pages' MFA step).
#[derive(Debug, Clone)]
pub struct PendingMfa {
    pub pool_id: String,
    pub username: String,
    /// `SOFTWARE_TOKEN_MFA`, `SMS_MFA` or `EMAIL_OTP`.
    pub kind: String,
    /// The code sent (SMS, e-mail); `None` for TOTP.
    pub code: Option<String>,
    pub attempts: u32,
    pub expires: i64,
}

/// A sign-in whose user must choose a new password first (NEW_PASSWORD_REQUIRED).
#[derive(Debug, Clone)]
pub struct PendingNewPassword {
    pub pool_id: String,
    pub username: String,
    pub expires: i64,
}

/// A code of the mock IdP.
#[derive(Debug, Clone)]
pub struct IdpCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub nonce: Option<String>,
    pub email: String,
    pub name: Option<String>,
    pub expires: i64,
}

#[derive(Default)]
pub struct Grants {
    pub codes: HashMap<String, CodeGrant>,
    pub logins: HashMap<String, LoginSession>,
    pub sign_ups: HashMap<String, PendingSignUp>,
    pub federations: HashMap<String, PendingFederation>,
    pub idp_codes: HashMap<String, IdpCode>,
    pub mfa: HashMap<String, PendingMfa>,
    pub new_passwords: HashMap<String, PendingNewPassword>,
    /// The `login_hint`s the mock IdP was given, oldest first.
    pub login_hints: Vec<String>,
}

impl Grants {
    fn prune(&mut self) {
        let now = util::now();
        self.codes.retain(|_, g| g.expires > now);
        self.logins.retain(|_, g| g.expires > now);
        self.sign_ups.retain(|_, g| g.expires > now);
        self.federations.retain(|_, g| g.expires > now);
        self.idp_codes.retain(|_, g| g.expires > now);
        self.mfa.retain(|_, g| g.expires > now);
        self.new_passwords.retain(|_, g| g.expires > now);
    }

    /// Whether another entry of a kind holding `len` may be added.
    pub fn has_room(len: usize) -> bool {
        len < MAX_ENTRIES
    }

    pub fn record_hint(&mut self, hint: &str) {
        if self.login_hints.len() >= MAX_HINTS {
            self.login_hints.remove(0);
        }
        self.login_hints.push(hint.to_string());
    }
}

/// The grants behind a lock, and the mock IdP's signing key (made on first use).
#[derive(Default)]
pub struct Memory {
    grants: Mutex<Grants>,
    idp_keys: OnceLock<Keys>,
}

impl Memory {
    /// The grants, expired ones dropped.
    pub fn grants(&self) -> MutexGuard<'_, Grants> {
        let mut g = self.grants.lock().unwrap_or_else(|e| e.into_inner());
        g.prune();
        g
    }

    /// The mock IdP's own RSA key (not the user pool's).
    pub fn idp_keys(&self) -> &Keys {
        self.idp_keys.get_or_init(|| Keys::load_or_generate(None))
    }
}

/// A new random handle (codes, cookies, states): 32 random bytes, base64url.
pub fn new_handle() -> String {
    util::b64url(&util::random_bytes(32))
}
