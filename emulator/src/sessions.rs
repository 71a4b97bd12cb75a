//! In-flight challenge sessions (the opaque `Session` string of InitiateAuth /
//! RespondToAuthChallenge). Kept in memory only; they expire after 3 minutes.

use crate::util;
use std::collections::HashMap;

/// How long a challenge session is valid (Cognito's default AuthSessionValidity).
pub const SESSION_TTL: i64 = 180;

/// Server-side SRP values of a pending PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER.
#[derive(Clone)]
pub struct SrpPending {
    /// Server private value b (hex). Never logged.
    pub b_hex: String,
    /// Public B (hex) as sent.
    pub big_b_hex: String,
    /// Client A (hex) as received.
    pub big_a_hex: String,
    pub salt_hex: String,
    pub verifier_hex: String,
    /// The opaque SECRET_BLOCK handed out (base64).
    pub secret_block: String,
}

impl std::fmt::Debug for SrpPending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SrpPending { .. }")
    }
}

/// What the session is waiting for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    PasswordVerifier,
    NewPasswordRequired,
    SmsMfa,
    EmailOtp,
    SoftwareTokenMfa,
    SelectMfaType,
    MfaSetup,
    CustomChallenge,
    DeviceSrpAuth,
    DevicePasswordVerifier,
    /// `USER_AUTH`: the user picks a first factor.
    SelectChallenge,
    /// `USER_AUTH`: the code sent by SMS as the first factor.
    SmsOtp,
    /// `USER_AUTH`: a passkey assertion.
    WebAuthn,
}

#[derive(Debug, Clone)]
pub struct AuthSession {
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
    pub expect: Expect,
    pub expires: i64,
    pub srp: Option<SrpPending>,
    /// Code sent for SMS / e-mail MFA, or for an SMS / e-mail first factor.
    pub mfa_code: Option<String>,
    /// base64url challenge of a pending `WEB_AUTHN` assertion.
    pub webauthn_challenge: Option<String>,
    /// Device key offered by the client during this sign-in.
    pub device_key: Option<String>,
    /// The sign-in went through CUSTOM_AUTH (after SRP, a CUSTOM_CHALLENGE follows).
    pub custom_flow: bool,
    /// The first factor (password, SRP or custom answer) has been proven.
    pub first_factor_done: bool,
    /// TOTP verified during MFA_SETUP via VerifySoftwareToken.
    pub totp_setup_verified: bool,
    pub auth_time: i64,
    /// Wrong answers so far (MFA codes, new password).
    pub attempts: u32,
}

impl AuthSession {
    pub fn new(pool_id: &str, client_id: &str, username: &str, expect: Expect) -> Self {
        let now = util::now();
        AuthSession {
            pool_id: pool_id.into(),
            client_id: client_id.into(),
            username: username.into(),
            expect,
            expires: now + SESSION_TTL,
            srp: None,
            mfa_code: None,
            webauthn_challenge: None,
            device_key: None,
            custom_flow: false,
            first_factor_done: false,
            totp_setup_verified: false,
            auth_time: now,
            attempts: 0,
        }
    }
}

/// A new opaque session id (long, base64url, like Cognito's).
pub fn new_session_id() -> String {
    util::b64url(&util::random_bytes(96))
}

/// The challenge sessions by id, with an undo log of the current operation's changes so a
/// panicking operation leaves them as they were.
#[derive(Debug, Default)]
pub struct Sessions {
    map: HashMap<String, AuthSession>,
    /// (id, value before the operation first changed it), oldest first.
    undo: Vec<(String, Option<AuthSession>)>,
}

impl Sessions {
    fn remember(&mut self, id: &str) {
        if !self.undo.iter().any(|(k, _)| k == id) {
            self.undo.push((id.to_string(), self.map.get(id).cloned()));
        }
    }

    pub fn get(&self, id: &str) -> Option<&AuthSession> {
        self.map.get(id)
    }

    pub fn contains_key(&self, id: &str) -> bool {
        self.map.contains_key(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &AuthSession)> {
        self.map.iter()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut AuthSession> {
        if self.map.contains_key(id) {
            self.remember(id);
        }
        self.map.get_mut(id)
    }

    pub fn insert(&mut self, id: String, s: AuthSession) -> Option<AuthSession> {
        self.remember(&id);
        self.map.insert(id, s)
    }

    pub fn remove(&mut self, id: &str) -> Option<AuthSession> {
        if self.map.contains_key(id) {
            self.remember(id);
        }
        self.map.remove(id)
    }

    /// Keep the sessions `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &AuthSession) -> bool) {
        let dropped: Vec<String> = self.map.iter().filter(|(k, s)| !keep(k, s)).map(|(k, _)| k.clone()).collect();
        for k in dropped {
            self.remove(&k);
        }
    }

    /// Restore every session the current operation changed.
    pub fn undo(&mut self) {
        for (id, before) in std::mem::take(&mut self.undo).into_iter().rev() {
            match before {
                Some(s) => self.map.insert(id, s),
                None => self.map.remove(&id),
            };
        }
    }

    /// The operation is committed: forget how to undo it.
    pub fn forget_undo(&mut self) {
        self.undo.clear();
    }
}
