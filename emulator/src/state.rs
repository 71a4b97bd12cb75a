//! The emulator's data model. Everything here is persisted by `--state` except the
//! in-flight challenge sessions (they hold SRP private values and live 3 minutes).

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct State {
    /// Pools by id.
    #[serde(default)]
    pub pools: BTreeMap<String, Pool>,
    /// PKCS#8 PEM of the RS256 signing key (only written to the `--state` file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_key_pem: Option<String>,
    /// Challenge sessions by session id (never persisted).
    #[serde(skip)]
    pub sessions: HashMap<String, crate::sessions::AuthSession>,
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
    /// Extra CreateUserPool fields echoed back by DescribeUserPool (schema, policies...).
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub clients: BTreeMap<String, Client>,
    /// Users by their real username.
    #[serde(default)]
    pub users: BTreeMap<String, User>,
    /// Messages "sent" by this pool, oldest first.
    #[serde(default)]
    pub outbox: Vec<Message>,
    /// Revoked token families: origin_jti of a revoked refresh token → when the entry can
    /// be forgotten (no token of that family is valid after it).
    #[serde(default)]
    pub revoked_origin_jtis: BTreeMap<String, i64>,
}

fn yes() -> bool {
    true
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
    pub created: f64,
    pub last_modified: f64,
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Client {
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
