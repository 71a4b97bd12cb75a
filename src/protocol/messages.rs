//! Request and response bodies of the sign-in operations, as serde structs that the SDK
//! writes and the emulator reads (requests), and the other way round (responses). Absent
//! (`None`) fields are left out of the JSON, as the reference's `JSON.stringify` drops
//! `undefined`; a `None` *inside* a parameter map is sent as `null` (the reference sends
//! `DEVICE_KEY: null` in a few places).

use serde::{Deserialize, Serialize};

use super::ordered_map::OrderedMap;
use crate::json_read::{ReadError, Value};

/// `ClientMetadata` and other string maps, in insertion order (as a JavaScript object:
/// what the caller or the server gave, in their order).
pub type StringMap = OrderedMap<String>;

/// `AuthParameters` / `ChallengeResponses`: values may be `null`. Sent in the order the
/// entries were set, as the reference assigns its properties.
pub type ParameterMap = OrderedMap<Option<String>>;

/// `UserContextData` (sent only when advanced-security data is available).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct UserContextData {
    /// The `AmazonCognitoAdvancedSecurityData.getData(...)` value.
    pub encoded_data: String,
}

/// `InitiateAuth` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest {
    pub auth_flow: String,
    pub client_id: String,
    /// Absent reads as empty.
    #[serde(default)]
    pub auth_parameters: ParameterMap,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
}

/// `RespondToAuthChallenge` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest {
    pub challenge_name: String,
    pub client_id: String,
    /// Absent reads as empty.
    #[serde(default)]
    pub challenge_responses: ParameterMap,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
}

/// `NewDeviceMetadata` of an authentication result.
#[derive(Serialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct NewDeviceMetadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_group_key: Option<String>,
}

/// `AuthenticationResult`.
#[derive(Serialize, Clone, PartialEq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

impl std::fmt::Debug for AuthenticationResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthenticationResult")
            .field("has_access_token", &self.access_token.is_some())
            .field("has_id_token", &self.id_token.is_some())
            .field("has_refresh_token", &self.refresh_token.is_some())
            .field("expires_in", &self.expires_in)
            .field("new_device_metadata", &self.new_device_metadata)
            .finish()
    }
}

/// `InitiateAuth` / `RespondToAuthChallenge` response. `Debug` shows the challenge and
/// parameter names only: the values carry SRP_B, SALT, SECRET_BLOCK, and the session is a
/// credential.
#[derive(Serialize, Clone, PartialEq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct AuthResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_parameters: Option<StringMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_result: Option<AuthenticationResult>,
    /// `USER_AUTH`'s `SELECT_CHALLENGE`: the first-factor challenges the user can choose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_challenges: Option<Vec<String>>,
}

/// `GetTokensFromRefreshToken` request (`ClientSecret` only with a configured secret).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenRequest {
    pub refresh_token: String,
    pub client_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// `GetTokensFromRefreshToken` response: a new `RefreshToken` in the result only when the
/// app client rotates refresh tokens.
#[derive(Serialize, Debug, Clone, PartialEq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_result: Option<AuthenticationResult>,
}

/// `DeviceSecretVerifierConfig`. `Debug` leaves out the verifier.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceSecretVerifierConfig {
    pub salt: String,
    pub password_verifier: String,
}

/// `ConfirmDevice` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceRequest {
    pub device_key: String,
    pub access_token: String,
    pub device_secret_verifier_config: DeviceSecretVerifierConfig,
    /// Optional in Cognito's API (absent reads as `""`); the SDK always sends one.
    #[serde(default)]
    pub device_name: String,
}

/// `ConfirmDevice` response.
#[derive(Serialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_confirmation_necessary: Option<bool>,
}

/// `RevokeToken` request (`ClientSecret` only with a configured secret).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeTokenRequest {
    pub token: String,
    pub client_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

/// A request whose only field is `AccessToken` (`GlobalSignOut`, `GetUser`, ...).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessTokenRequest {
    pub access_token: String,
}

/// `AssociateSoftwareToken` request: `Session` before sign-in, `AccessToken` after.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// `AssociateSoftwareToken` response. `Debug` leaves out the TOTP secret and the session.
#[derive(Serialize, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// `VerifySoftwareToken` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    pub user_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_device_name: Option<String>,
}

/// `VerifySoftwareToken` response. `Debug` leaves out the session.
#[derive(Serialize, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// A response whose content the SDK ignores (`{}` or anything else that is JSON).
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EmptyResponse {}

impl std::fmt::Debug for AuthResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthResponse")
            .field("challenge_name", &self.challenge_name)
            .field("challenge_parameter_names", &self.challenge_parameters.as_ref().map(|p| p.keys().collect::<Vec<_>>()))
            .field("has_session", &self.session.is_some())
            .field("authentication_result", &self.authentication_result)
            .field("available_challenges", &self.available_challenges)
            .finish()
    }
}

impl std::fmt::Debug for DeviceSecretVerifierConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceSecretVerifierConfig").field("salt", &self.salt).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for AssociateSoftwareTokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AssociateSoftwareTokenResponse")
            .field("has_secret_code", &self.secret_code.is_some())
            .field("has_session", &self.session.is_some())
            .finish()
    }
}

impl std::fmt::Debug for VerifySoftwareTokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifySoftwareTokenResponse").field("status", &self.status).field("has_session", &self.session.is_some()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn debug_never_shows_secrets() {
        let mut parameters = StringMap::default();
        parameters.insert("SRP_B".to_string(), "srp-b-value-secret".to_string());
        parameters.insert("SECRET_BLOCK".to_string(), "secret-block-value".to_string());
        let auth = AuthResponse {
            challenge_name: Some("PASSWORD_VERIFIER".into()),
            challenge_parameters: Some(parameters),
            session: Some("session-value-secret".into()),
            authentication_result: None,
            available_challenges: None,
        };
        let totp = AssociateSoftwareTokenResponse { secret_code: Some("TOTPSECRETBASE32".into()), session: Some("session-value-secret".into()) };
        let verified = VerifySoftwareTokenResponse { status: Some("SUCCESS".into()), session: Some("session-value-secret".into()) };
        let device = DeviceSecretVerifierConfig { salt: "c2FsdA==".into(), password_verifier: "verifier-value-secret".into() };
        let shown = format!("{auth:?} {totp:?} {verified:?} {device:?}");
        for secret in ["srp-b-value", "secret-block-value", "session-value", "TOTPSECRET", "verifier-value"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("PASSWORD_VERIFIER") && shown.contains("SRP_B") && shown.contains("SUCCESS"), "{shown}");
    }
}

/// The answers the session module reads (the refresh answer: [`AuthResponse`] and what it
/// holds) are read by hand from one [`Value`] (`from_value`), so no serde visitor is
/// instantiated per type: a missing field or `null` is `None`, a field of another type is an
/// error, unknown fields are ignored (what the serde derive with `default` did). Generic
/// callers (`CognitoClient::request`, tests with `serde_json`) get them through the
/// `Deserialize` impls below, which read a [`Value`] and hand it to the same reader.
impl NewDeviceMetadata {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(NewDeviceMetadata { device_key: value.opt_string("DeviceKey")?, device_group_key: value.opt_string("DeviceGroupKey")? })
    }
}

impl AuthenticationResult {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(AuthenticationResult {
            access_token: value.opt_string("AccessToken")?,
            id_token: value.opt_string("IdToken")?,
            refresh_token: value.opt_string("RefreshToken")?,
            expires_in: value.opt_number("ExpiresIn")?,
            token_type: value.opt_string("TokenType")?,
            new_device_metadata: value.opt_object("NewDeviceMetadata")?.map(NewDeviceMetadata::from_value).transpose()?,
        })
    }
}

impl AuthResponse {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(AuthResponse {
            challenge_name: value.opt_string("ChallengeName")?,
            challenge_parameters: value.opt_object("ChallengeParameters")?.map(StringMap::from_value).transpose()?,
            session: value.opt_string("Session")?,
            authentication_result: value.opt_object("AuthenticationResult")?.map(AuthenticationResult::from_value).transpose()?,
            available_challenges: value.opt_list("AvailableChallenges", Value::as_string)?,
        })
    }
}

impl GetTokensFromRefreshTokenResponse {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(GetTokensFromRefreshTokenResponse {
            authentication_result: value.opt_object("AuthenticationResult")?.map(AuthenticationResult::from_value).transpose()?,
        })
    }
}

impl ConfirmDeviceResponse {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(ConfirmDeviceResponse { user_confirmation_necessary: value.opt_bool("UserConfirmationNecessary")? })
    }
}

impl AssociateSoftwareTokenResponse {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(AssociateSoftwareTokenResponse { secret_code: value.opt_string("SecretCode")?, session: value.opt_string("Session")? })
    }
}

impl VerifySoftwareTokenResponse {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(VerifySoftwareTokenResponse { status: value.opt_string("Status")?, session: value.opt_string("Session")? })
    }
}

impl EmptyResponse {
    /// Any JSON: the SDK reads nothing from it.
    pub fn from_value(_value: &Value) -> Result<Self, ReadError> {
        Ok(EmptyResponse {})
    }
}

/// `Deserialize` through [`Value`] and the type's `from_value` (one reader per type).
macro_rules! deserialize_from_value {
    ($($name:ident),*) => {$(
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <crate::json_read::Value as serde::Deserialize>::deserialize(deserializer)?;
                $name::from_value(&value).map_err(|_| serde::de::Error::custom(concat!("unexpected shape of ", stringify!($name))))
            }
        }
    )*};
}

pub(crate) use deserialize_from_value;

deserialize_from_value!(
    NewDeviceMetadata,
    AuthenticationResult,
    AuthResponse,
    GetTokensFromRefreshTokenResponse,
    ConfirmDeviceResponse,
    AssociateSoftwareTokenResponse,
    VerifySoftwareTokenResponse,
    EmptyResponse
);
