//! The validated settings of a `CognitoUserPool`: ids, region, endpoint, the optional
//! client secret (an extension: the reference has none) and the advanced-security flag.

use crate::storage::KeyScheme;
use crate::wire::errors::{messages, SdkError, SdkResult};

/// Default of the pool's `requestTimeoutMs`: how long one request may go unanswered.
pub const DEFAULT_REQUEST_TIMEOUT_MS: u32 = 30_000;

/// Longest accepted `UserPoolId`, as the reference.
pub const USER_POOL_ID_MAX_LENGTH: usize = 55;

/// The `DeviceName` sent with `ConfirmDevice` when the caller gives none (the
/// reference's value outside browsers).
pub const DEFAULT_DEVICE_NAME: &str = "nodejs";

/// What a caller passes to the `CognitoUserPool` constructor.
#[derive(Clone, Default)]
pub struct PoolData {
    /// `UserPoolId`, e.g. `us-east-1_AbCdEf`.
    pub user_pool_id: Option<String>,
    /// `ClientId`.
    pub client_id: Option<String>,
    /// `endpoint`: overrides `https://cognito-idp.<region>.amazonaws.com/`.
    pub endpoint: Option<String>,
    /// `ClientSecret` (extension): when set, `SECRET_HASH` is sent where Cognito wants it.
    pub client_secret: Option<String>,
    /// `AdvancedSecurityDataCollectionFlag`: on unless exactly `Some(false)`.
    pub advanced_security_data_collection_flag: Option<bool>,
}

impl std::fmt::Debug for PoolData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PoolData")
            .field("user_pool_id", &self.user_pool_id)
            .field("client_id", &self.client_id)
            .field("endpoint", &self.endpoint)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "<set>"))
            .field("advanced_security_data_collection_flag", &self.advanced_security_data_collection_flag)
            .finish()
    }
}

/// A validated pool configuration.
#[derive(Clone)]
pub struct PoolConfig {
    user_pool_id: String,
    client_id: String,
    endpoint: String,
    client_secret: Option<String>,
    advanced_security_data_collection_flag: bool,
    device_name: String,
    request_timeout_ms: Option<u32>,
    refresh_token_rotation: bool,
}

impl std::fmt::Debug for PoolConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PoolConfig")
            .field("user_pool_id", &self.user_pool_id)
            .field("client_id", &self.client_id)
            .field("endpoint", &self.endpoint)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "<set>"))
            .field("advanced_security_data_collection_flag", &self.advanced_security_data_collection_flag)
            .field("device_name", &self.device_name)
            .field("request_timeout_ms", &self.request_timeout_ms)
            .field("refresh_token_rotation", &self.refresh_token_rotation)
            .finish()
    }
}

/// `^[\w-]+_[0-9a-zA-Z]+$`, without a regex engine.
pub fn is_valid_user_pool_id(id: &str) -> bool {
    if id.len() > USER_POOL_ID_MAX_LENGTH || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        return false;
    }
    match id.rfind('_') {
        Some(at) => at > 0 && at + 1 < id.len() && id.bytes().skip(at + 1).all(|b| b.is_ascii_alphanumeric()),
        None => false,
    }
}

impl PoolConfig {
    /// Validates `data` with the reference's messages: `Both UserPoolId and ClientId are
    /// required.` and `Invalid UserPoolId format.`.
    pub fn new(data: PoolData) -> SdkResult<Self> {
        let user_pool_id = data.user_pool_id.filter(|s| !s.is_empty());
        let client_id = data.client_id.filter(|s| !s.is_empty());
        let (Some(user_pool_id), Some(client_id)) = (user_pool_id, client_id) else {
            return Err(SdkError::local(messages::POOL_IDS_REQUIRED));
        };
        if !is_valid_user_pool_id(&user_pool_id) {
            return Err(SdkError::local(messages::INVALID_POOL_ID));
        }
        let region = user_pool_id.split('_').next().unwrap_or_default();
        let endpoint = data.endpoint.filter(|e| !e.is_empty()).unwrap_or_else(|| format!("https://cognito-idp.{region}.amazonaws.com/"));
        Ok(PoolConfig {
            user_pool_id,
            client_id,
            endpoint,
            client_secret: data.client_secret.filter(|s| !s.is_empty()),
            advanced_security_data_collection_flag: data.advanced_security_data_collection_flag != Some(false),
            device_name: DEFAULT_DEVICE_NAME.to_string(),
            request_timeout_ms: Some(DEFAULT_REQUEST_TIMEOUT_MS),
            refresh_token_rotation: false,
        })
    }

    /// `getUserPoolId()`.
    pub fn user_pool_id(&self) -> &str {
        &self.user_pool_id
    }

    /// `getClientId()`.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The region: the pool id's part before the first `_`.
    pub fn region(&self) -> &str {
        self.user_pool_id.split('_').next().unwrap_or_default()
    }

    /// `getUserPoolName()`: the pool id's second `_`-separated part (the SRP "pool name").
    pub fn user_pool_name(&self) -> &str {
        self.user_pool_id.split('_').nth(1).unwrap_or_default()
    }

    /// The URL every request is POSTed to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// True when a client secret is configured.
    pub fn has_client_secret(&self) -> bool {
        self.client_secret.is_some()
    }

    /// The client secret, for `RevokeToken`'s `ClientSecret` field.
    pub fn client_secret(&self) -> Option<&str> {
        self.client_secret.as_deref()
    }

    /// `SECRET_HASH` for `username` when a client secret is configured.
    pub fn secret_hash(&self, username: &str) -> Option<String> {
        self.client_secret.as_deref().map(|secret| crate::crypto::secret_hash(secret, username, &self.client_id))
    }

    /// `advancedSecurityDataCollectionFlag`.
    pub fn advanced_security_data_collection_flag(&self) -> bool {
        self.advanced_security_data_collection_flag
    }

    /// The `DeviceName` sent with `ConfirmDevice`.
    pub fn device_name(&self) -> &str {
        &self.device_name
    }

    /// Sets the `DeviceName` sent with `ConfirmDevice` (the binding passes
    /// `navigator.userAgent`, `'react-native'` or `'nodejs'`).
    pub fn set_device_name(&mut self, name: impl Into<String>) {
        self.device_name = name.into();
    }

    /// How long one request may go without a complete response before it is aborted
    /// with `TimeoutError` (the pool's `requestTimeoutMs`; default
    /// [`DEFAULT_REQUEST_TIMEOUT_MS`]); `None`: no limit (the reference's behaviour).
    pub fn request_timeout_ms(&self) -> Option<u32> {
        self.request_timeout_ms
    }

    /// Sets the request timeout; `Some(0)` and `None` both mean no limit. Set it before
    /// building the [`crate::user::UserPool`].
    pub fn set_request_timeout_ms(&mut self, timeout_ms: Option<u32>) {
        self.request_timeout_ms = timeout_ms.filter(|ms| *ms > 0);
    }

    /// True when the app client rotates refresh tokens (`RefreshTokenRotation` enabled): the
    /// session is then refreshed with `GetTokensFromRefreshToken` instead of
    /// `InitiateAuth`'s `REFRESH_TOKEN_AUTH` (which such a client refuses).
    pub fn refresh_token_rotation(&self) -> bool {
        self.refresh_token_rotation
    }

    /// Says whether the app client rotates refresh tokens (an extension: the pool's
    /// `RefreshTokenRotation` option). Set it before building the [`crate::user::UserPool`].
    pub fn set_refresh_token_rotation(&mut self, rotates: bool) {
        self.refresh_token_rotation = rotates;
    }

    /// The storage key scheme of this pool's client.
    pub fn keys(&self) -> KeyScheme {
        KeyScheme::new(&self.client_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(id: &str, client: &str) -> PoolData {
        PoolData { user_pool_id: Some(id.into()), client_id: Some(client.into()), ..Default::default() }
    }

    #[test]
    fn validates_like_the_reference() {
        assert_eq!(PoolConfig::new(data("", "c")).unwrap_err().message, "Both UserPoolId and ClientId are required.");
        assert_eq!(PoolConfig::new(PoolData::default()).unwrap_err().message, "Both UserPoolId and ClientId are required.");
        assert_eq!(PoolConfig::new(data("us-east-1_abc", "")).unwrap_err().message, "Both UserPoolId and ClientId are required.");
        for bad in ["noUnderscore", "_abc", "us-east-1_", "us-east-1_ab-c", "us east_1", &format!("us-east-1_{}", "a".repeat(50))] {
            assert_eq!(PoolConfig::new(data(bad, "c")).unwrap_err().message, "Invalid UserPoolId format.", "{bad}");
        }
        for good in ["us-east-1_AbC123", "a_b", "x_y_z", "eu-west-2_x"] {
            assert!(PoolConfig::new(data(good, "c")).is_ok(), "{good}");
        }
    }

    #[test]
    fn derived_values() {
        let c = PoolConfig::new(data("us-east-1_AbCdEfGhI", "client")).unwrap();
        assert_eq!(c.region(), "us-east-1");
        assert_eq!(c.user_pool_name(), "AbCdEfGhI");
        assert_eq!(c.endpoint(), "https://cognito-idp.us-east-1.amazonaws.com/");
        assert!(c.advanced_security_data_collection_flag());
        assert_eq!(c.secret_hash("alice"), None);
        let c = PoolConfig::new(PoolData {
            endpoint: Some("http://127.0.0.1:9/".into()),
            client_secret: Some("s3cr3t".into()),
            advanced_security_data_collection_flag: Some(false),
            ..data("us-east-1_AbC", "client")
        })
        .unwrap();
        assert_eq!(c.endpoint(), "http://127.0.0.1:9/");
        assert!(!c.advanced_security_data_collection_flag());
        assert_eq!(c.secret_hash("alice"), Some(crate::crypto::secret_hash("s3cr3t", "alice", "client")));
        assert!(!format!("{c:?}").contains("s3cr3t"));
    }
}
