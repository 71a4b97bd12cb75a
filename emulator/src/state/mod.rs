//! The emulator's data model, kept in memory as a write-through cache of the store
//! (`crate::persist`: SQLite, a file with `--state`, in memory without). Every operation's
//! changes are written in one transaction before it is answered ([`State::commit`]); a
//! panicking operation's changes are undone ([`State::rollback`]). Everything is persisted
//! except the in-flight challenge sessions (they hold SRP private values and live 3 minutes).

pub mod identity;
pub mod tracked;
pub mod user_map;

use crate::persist::Store;
use crate::sessions::Sessions;
use identity::IdentityState;
use serde::{Deserialize, Serialize};
use cognito_wasm::protocol::admin::{RefreshTokenRotation, RotationFeature};
use std::collections::BTreeMap;
pub use tracked::TrackedMap;
pub use user_map::UserMap;

#[derive(Debug)]
pub struct State {
    /// Pools by id.
    pub pools: TrackedMap<Pool>,
    /// Identity pools and their identities.
    pub identity: IdentityState,
    /// PKCS#8 PEM of the RS256 signing key (only written to the store).
    pub signing_key_pem: Option<String>,
    /// Challenge sessions by session id (never persisted).
    pub sessions: Sessions,
    store: Store,
}

impl Default for State {
    /// An empty state on an in-memory store (no `--state`).
    fn default() -> Self {
        State::from_store(Store::in_memory(), TrackedMap::default(), IdentityState::default(), None)
    }
}

impl State {
    /// A state loaded from `store` (see `crate::persist::load`).
    pub fn from_store(store: Store, pools: TrackedMap<Pool>, identity: IdentityState, signing_key_pem: Option<String>) -> State {
        State { pools, identity, signing_key_pem, sessions: Sessions::default(), store }
    }

    /// The pool that owns the app client `client_id`.
    pub fn pool_of_client(&self, client_id: &str) -> Option<&Pool> {
        self.pools.values().find(|p| p.clients.contains_key(client_id))
    }

    /// Write what the current operation changed (touched pools, their touched users and
    /// new outbox messages, the signing key) in one transaction. On failure nothing is
    /// written and the changes are undone in memory too.
    pub fn commit(&mut self) -> Result<(), String> {
        if let Err(e) = self.store.write_changes(&self.pools, &self.identity, self.signing_key_pem.as_deref()) {
            self.rollback();
            return Err(e);
        }
        for id in self.pools.forget_touched() {
            if let Some(p) = self.pools.get_mut_untracked(&id) {
                p.users.forget_touched();
                p.outbox.mark_saved();
            }
        }
        self.identity.forget_touched();
        self.sessions.forget_undo();
        Ok(())
    }

    /// Fold the store's write-ahead log into the `--state` file (at shutdown).
    pub fn checkpoint(&mut self) -> Result<(), String> {
        self.store.checkpoint()
    }

    /// Undo the current operation's changes: touched entries are read back from the store
    /// (which the operation never wrote to), challenge sessions are restored.
    pub fn rollback(&mut self) {
        self.sessions.undo();
        let touched = self.pools.touched().clone();
        for id in touched {
            let replaced = self.pools.was_replaced(&id);
            if let Err(e) = self.reload_pool(&id, replaced) {
                eprintln!("cognito-emulator: cannot reload pool {id} from the store: {e}");
            }
        }
        self.pools.forget_touched();
        if let Err(e) = self.store.reload_identity(&mut self.identity) {
            eprintln!("cognito-emulator: cannot reload identity pools from the store: {e}");
        }
        self.identity.forget_touched();
    }

    fn reload_pool(&mut self, id: &str, replaced: bool) -> Result<(), String> {
        let Some(mut stored) = self.store.load_pool(id)? else {
            self.pools.set_untracked(id.to_string(), None);
            return Ok(());
        };
        match self.pools.get_mut_untracked(id).filter(|_| !replaced) {
            Some(current) => {
                let mut users = std::mem::take(&mut current.users);
                for key in users.touched().clone() {
                    let user = self.store.load_user(id, &key)?;
                    users.set_untracked(key, user);
                }
                users.forget_touched();
                stored.users = users;
            }
            None => stored.users = self.store.load_users(id)?,
        }
        stored.outbox = self.store.load_outbox(id)?;
        self.pools.set_untracked(id.to_string(), Some(stored));
        Ok(())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PasswordPolicy {
    pub minimum_length: u32,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub require_numbers: bool,
    pub require_symbols: bool,
    pub temporary_password_validity_days: u32,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
            temporary_password_validity_days: 7,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct DeviceConfig {
    pub challenge_required_on_new_device: bool,
    pub device_only_remembered_on_user_prompt: bool,
}

/// Emulator extension: custom auth without a Lambda. One fixed challenge, one fixed answer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CustomAuth {
    /// Sent as the CUSTOM_CHALLENGE's ChallengeParameters (string values).
    #[serde(default)]
    pub challenge_parameters: BTreeMap<String, String>,
    /// The expected ANSWER.
    pub answer: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pool {
    pub id: String,
    pub name: String,
    pub created: f64,
    pub last_modified: f64,
    #[serde(default)]
    pub password_policy: PasswordPolicy,
    #[serde(default)]
    pub username_attributes: Vec<String>,
    #[serde(default)]
    pub alias_attributes: Vec<String>,
    #[serde(default)]
    pub auto_verified_attributes: Vec<String>,
    /// UsernameConfiguration.CaseSensitive (the API's default when absent is case-sensitive).
    #[serde(default = "yes")]
    pub username_case_sensitive: bool,
    /// OFF | ON | OPTIONAL
    #[serde(default = "mfa_off")]
    pub mfa_configuration: String,
    #[serde(default)]
    pub device_configuration: Option<DeviceConfig>,
    #[serde(default)]
    pub custom_auth: Option<CustomAuth>,
    /// `Policies.SignInPolicy.AllowedFirstAuthFactors`: what a `USER_AUTH` sign-in may
    /// start with (`names::auth_factor`).
    #[serde(default = "password_only")]
    pub allowed_first_auth_factors: Vec<String>,
    /// `WebAuthnConfiguration` (`SetUserPoolMfaConfig`): the passkey relying party.
    #[serde(default)]
    pub web_authn: Option<WebAuthnConfig>,
    /// `SetUserPoolMfaConfig`'s SMS, e-mail and software-token settings, as given (echoed by
    /// `GetUserPoolMfaConfig`).
    #[serde(default)]
    pub mfa_config_extra: serde_json::Map<String, serde_json::Value>,
    /// Extra CreateUserPool fields echoed back by DescribeUserPool (schema, policies...).
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub clients: BTreeMap<String, Client>,
    /// Users by their real username (rows of their own in the store).
    #[serde(default, skip_serializing)]
    pub users: UserMap,
    /// Messages "sent" by this pool, oldest first (rows of their own in the store).
    #[serde(default, skip_serializing)]
    pub outbox: Outbox,
    /// Revoked token families: origin_jti of a revoked refresh token → when the entry can
    /// be forgotten (no token of that family is valid after it).
    #[serde(default)]
    pub revoked_origin_jtis: BTreeMap<String, i64>,
    /// Groups by name (`CreateGroup`); members are listed on each user ([`User::groups`]).
    #[serde(default)]
    pub groups: BTreeMap<String, Group>,
    /// The hosted UI's domain (`CreateUserPoolDomain`).
    #[serde(default)]
    pub domain: Option<crate::oauth::config::PoolDomain>,
    /// External identity providers by name (`CreateIdentityProvider`).
    #[serde(default)]
    pub identity_providers: BTreeMap<String, crate::oauth::config::IdentityProvider>,
}

/// A user-pool group.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub role_arn: Option<String>,
    /// Lower comes first in the `cognito:groups` claim.
    #[serde(default)]
    pub precedence: Option<u32>,
    pub created: f64,
    pub last_modified: f64,
}

fn yes() -> bool {
    true
}
pub fn password_only() -> Vec<String> {
    vec![cognito_wasm::protocol::names::auth_factor::PASSWORD.to_string()]
}

/// A pool's passkey relying party.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct WebAuthnConfig {
    /// The domain passkeys are bound to; pages of that host (https, or http on localhost)
    /// and of its subdomains may use them.
    pub relying_party_id: String,
    /// `required` or `preferred`: whether an assertion must carry the UV flag.
    pub user_verification: String,
    /// `SINGLE_FACTOR` or `MULTI_FACTOR_WITH_USER_VERIFICATION` (echoed).
    #[serde(default)]
    pub factor_configuration: Option<String>,
}

impl WebAuthnConfig {
    pub fn requires_user_verification(&self) -> bool {
        self.user_verification == "required"
    }
}
fn mfa_off() -> String {
    "OFF".into()
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Client {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub secret: Option<String>,
    #[serde(default)]
    pub explicit_auth_flows: Vec<String>,
    /// Lifetimes in seconds.
    pub access_validity: i64,
    pub id_validity: i64,
    pub refresh_validity: i64,
    /// The values as given (for DescribeUserPoolClient).
    #[serde(default)]
    pub access_validity_raw: Option<i64>,
    #[serde(default)]
    pub id_validity_raw: Option<i64>,
    #[serde(default)]
    pub refresh_validity_raw: Option<i64>,
    #[serde(default)]
    pub token_validity_units: Option<serde_json::Value>,
    #[serde(default = "yes")]
    pub enable_token_revocation: bool,
    /// `RefreshTokenRotation`: when enabled, `GetTokensFromRefreshToken` hands out a new
    /// refresh token and the old one stops working after the grace period.
    #[serde(default)]
    pub refresh_token_rotation: Option<RefreshTokenRotation>,
    pub created: f64,
    pub last_modified: f64,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Client {
    /// The grace period of a rotated-out refresh token, when this client rotates them.
    pub fn rotation_grace(&self) -> Option<i64> {
        self.refresh_token_rotation
            .filter(|r| r.feature == RotationFeature::Enabled)
            .map(|r| i64::from(r.retry_grace_period_seconds.unwrap_or(0)))
    }

    pub fn flow_allowed(&self, flow: &str) -> bool {
        let flows: Vec<&str> = if self.explicit_auth_flows.is_empty() {
            vec!["ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
        } else {
            self.explicit_auth_flows.iter().map(|s| s.as_str()).collect()
        };
        let has = |f: &str| flows.contains(&f);
        match flow {
            "USER_SRP_AUTH" => has("ALLOW_USER_SRP_AUTH") || !flows.iter().any(|f| f.starts_with("ALLOW_")),
            "USER_PASSWORD_AUTH" => has("ALLOW_USER_PASSWORD_AUTH") || has("USER_PASSWORD_AUTH"),
            "CUSTOM_AUTH" => has("ALLOW_CUSTOM_AUTH") || has("CUSTOM_AUTH_FLOW_ONLY"),
            "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => {
                has("ALLOW_REFRESH_TOKEN_AUTH") || !flows.iter().any(|f| f.starts_with("ALLOW_"))
            }
            "USER_AUTH" => has("ALLOW_USER_AUTH"),
            "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH" => {
                has("ALLOW_ADMIN_USER_PASSWORD_AUTH") || has("ADMIN_NO_SRP_AUTH")
            }
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PendingCode {
    pub code: String,
    pub expires: i64,
    #[serde(default)]
    pub attempts: u32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MfaSettings {
    #[serde(default)]
    pub sms_enabled: bool,
    #[serde(default)]
    pub sms_preferred: bool,
    #[serde(default)]
    pub totp_enabled: bool,
    #[serde(default)]
    pub totp_preferred: bool,
    #[serde(default)]
    pub email_enabled: bool,
    #[serde(default)]
    pub email_preferred: bool,
    /// Base32 secret of a verified software token.
    #[serde(default)]
    pub totp_secret: Option<String>,
    /// Base32 secret from AssociateSoftwareToken, not yet verified.
    #[serde(default)]
    pub pending_totp_secret: Option<String>,
    /// Legacy SetUserSettings MFAOptions.
    #[serde(default)]
    pub mfa_options: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub key: String,
    pub group_key: String,
    #[serde(default)]
    pub salt_hex: Option<String>,
    #[serde(default)]
    pub verifier_hex: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    pub confirmed: bool,
    /// "remembered" | "not_remembered" | None (never set)
    #[serde(default)]
    pub remembered_status: Option<String>,
    pub created: f64,
    pub last_modified: f64,
    pub last_authenticated: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefreshRecord {
    /// SHA-256 of the opaque token (the token itself is not stored).
    pub hash: String,
    pub client_id: String,
    pub origin_jti: String,
    pub auth_time: i64,
    pub expires: i64,
    #[serde(default)]
    pub device_key: Option<String>,
    #[serde(default)]
    pub revoked: bool,
    /// When `GetTokensFromRefreshToken` rotated this token out (it still works for the
    /// client's grace period after that).
    #[serde(default)]
    pub rotated_at: Option<i64>,
    /// The access token's `scope` for tokens of this family, when they came from the OAuth
    /// token endpoint (the scopes granted there); else the API's.
    #[serde(default)]
    pub oauth_scope: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub username: String,
    pub sub: String,
    /// Attribute name → value (includes `sub`).
    pub attributes: BTreeMap<String, String>,
    pub enabled: bool,
    /// UNCONFIRMED | CONFIRMED | FORCE_CHANGE_PASSWORD | RESET_REQUIRED
    pub status: String,
    pub created: f64,
    pub last_modified: f64,
    /// SRP salt and verifier (hex); never the password.
    pub salt_hex: String,
    pub verifier_hex: String,
    /// For FORCE_CHANGE_PASSWORD: when the temporary password stops working.
    #[serde(default)]
    pub temp_password_expires: Option<i64>,
    #[serde(default)]
    pub mfa: MfaSettings,
    #[serde(default)]
    pub devices: BTreeMap<String, Device>,
    #[serde(default)]
    pub signup_code: Option<PendingCode>,
    #[serde(default)]
    pub forgot_code: Option<PendingCode>,
    /// Attribute name → pending verification code.
    #[serde(default)]
    pub attribute_codes: BTreeMap<String, PendingCode>,
    #[serde(default)]
    pub refresh_tokens: Vec<RefreshRecord>,
    /// Registered passkeys.
    #[serde(default)]
    pub passkeys: Vec<Passkey>,
    /// The challenge of a `StartWebAuthnRegistration` not completed yet.
    #[serde(default)]
    pub passkey_registration: Option<PendingCode>,
    /// Names of the pool groups the user is in.
    #[serde(default)]
    pub groups: std::collections::BTreeSet<String>,
}

/// A registered passkey: its public key, as the authenticator gave it, and the last
/// signature counter seen.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Passkey {
    /// base64url of the credential id.
    pub credential_id: String,
    /// base64url of the COSE public key.
    pub public_key: String,
    pub sign_count: u32,
    pub relying_party_id: String,
    pub friendly_name: String,
    #[serde(default)]
    pub transports: Vec<String>,
    #[serde(default)]
    pub attachment: Option<String>,
    pub created: f64,
}

impl User {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(|s| s.as_str())
    }
    pub fn attr_true(&self, name: &str) -> bool {
        self.attr(name) == Some("true")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub username: String,
    pub kind: String,
    pub code: String,
    pub destination: String,
    pub at: i64,
}

/// A pool's outbox: messages in order, each with a sequence number (its row in the store),
/// so a commit writes only the new messages and deletes only the dropped ones.
#[derive(Debug, Clone, Default)]
pub struct Outbox {
    items: Vec<Message>,
    /// Sequence number of `items[0]`.
    first_seq: i64,
    /// Messages with a sequence number below this are in the store.
    saved_end: i64,
}

impl Outbox {
    /// An outbox as stored: `items` in order, the first with sequence number `first_seq`.
    pub fn from_saved(items: Vec<Message>, first_seq: i64) -> Outbox {
        let saved_end = first_seq + items.len() as i64;
        Outbox { items, first_seq, saved_end }
    }

    pub fn push(&mut self, m: Message) {
        self.items.push(m);
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Message> {
        self.items.iter()
    }

    /// Drop the oldest messages (`range` must start at 0).
    pub fn drain(&mut self, range: std::ops::Range<usize>) -> std::vec::Drain<'_, Message> {
        assert_eq!(range.start, 0, "only the oldest messages are dropped");
        self.first_seq += range.len() as i64;
        self.items.drain(range)
    }

    /// Sequence number of the oldest message kept.
    pub fn first_seq(&self) -> i64 {
        self.first_seq
    }

    /// Messages not yet in the store, with their sequence numbers.
    pub fn unsaved(&self) -> impl Iterator<Item = (i64, &Message)> {
        let skip = (self.saved_end - self.first_seq).max(0) as usize;
        self.items.iter().enumerate().skip(skip).map(|(i, m)| (self.first_seq + i as i64, m))
    }

    /// Every message with its sequence number.
    pub fn numbered(&self) -> impl Iterator<Item = (i64, &Message)> {
        self.items.iter().enumerate().map(|(i, m)| (self.first_seq + i as i64, m))
    }

    fn mark_saved(&mut self) {
        self.saved_end = self.first_seq + self.items.len() as i64;
    }
}

impl Serialize for Outbox {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Outbox {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Outbox { items: Vec::deserialize(d)?, first_seq: 0, saved_end: 0 })
    }
}
