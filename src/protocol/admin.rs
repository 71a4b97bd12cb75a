//! Request bodies of the administration operations (IAM credentials: user pools, app
//! clients and the `Admin*` user operations), as the emulator reads them from the AWS CLI,
//! boto3 or an AWS SDK. The SDK never sends these, so this module is left out of wasm
//! builds. Unknown fields are ignored; the pool and client settings the emulator does not
//! model are kept in `other` (and echoed back, as Cognito does).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::account::{MfaSettings, UserAttribute};
use super::messages::{ParameterMap, StringMap};

/// `AdminInitiateAuth` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminInitiateAuthRequest {
    pub user_pool_id: String,
    pub client_id: String,
    pub auth_flow: String,
    /// Absent reads as empty.
    #[serde(default)]
    pub auth_parameters: ParameterMap,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// `AdminRespondToAuthChallenge` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminRespondToAuthChallengeRequest {
    pub user_pool_id: String,
    pub client_id: String,
    pub challenge_name: String,
    /// Absent reads as empty.
    #[serde(default)]
    pub challenge_responses: ParameterMap,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// A request naming one user of a pool: `AdminGetUser`, `AdminDeleteUser`,
/// `AdminEnableUser`, `AdminDisableUser`, `AdminConfirmSignUp`, `AdminResetUserPassword`,
/// `AdminUserGlobalSignOut`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct PoolUserRequest {
    pub user_pool_id: String,
    pub username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// `AdminSetUserPassword` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminSetUserPasswordRequest {
    pub user_pool_id: String,
    pub username: String,
    pub password: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permanent: Option<bool>,
}

/// `AdminSetUserMFAPreference` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct AdminSetUserMfaPreferenceRequest {
    #[serde(rename = "SMSMfaSettings", skip_serializing_if = "Option::is_none")]
    pub sms_mfa_settings: Option<MfaSettings>,
    #[serde(rename = "SoftwareTokenMfaSettings", skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_settings: Option<MfaSettings>,
    #[serde(rename = "EmailMfaSettings", skip_serializing_if = "Option::is_none")]
    pub email_mfa_settings: Option<MfaSettings>,
    #[serde(rename = "Username")]
    pub username: String,
    #[serde(rename = "UserPoolId")]
    pub user_pool_id: String,
}

/// `AdminCreateUser` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminCreateUserRequest {
    pub user_pool_id: String,
    pub username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_attributes: Option<Vec<UserAttribute>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temporary_password: Option<String>,
    /// `RESEND` or `SUPPRESS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_action: Option<String>,
}

/// `AdminUpdateUserAttributes` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUpdateUserAttributesRequest {
    pub user_pool_id: String,
    pub username: String,
    pub user_attributes: Vec<UserAttribute>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// `AdminDeleteUserAttributes` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct AdminDeleteUserAttributesRequest {
    pub user_pool_id: String,
    pub username: String,
    pub user_attribute_names: Vec<String>,
}

/// `ListUsers` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersRequest {
    pub user_pool_id: String,
    /// `attr = "value"` or `attr ^= "value"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes_to_get: Option<Vec<String>>,
}

/// A request naming a pool: `DescribeUserPool`, `DeleteUserPool`, `ListUserPoolClients`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolIdRequest {
    pub user_pool_id: String,
}

/// A request naming an app client of a pool: `DescribeUserPoolClient`, `DeleteUserPoolClient`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct PoolClientRequest {
    pub user_pool_id: String,
    pub client_id: String,
}

/// `ListUserPools` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserPoolsRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `CreateUserPool` request: the settings the emulator models, and the others as given.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserPoolRequest {
    pub pool_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policies: Option<UserPoolPolicies>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username_attributes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias_attributes: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_verified_attributes: Option<Vec<String>>,
    /// `OFF`, `ON` or `OPTIONAL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_configuration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_configuration: Option<DeviceConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username_configuration: Option<UsernameConfiguration>,
    /// Emulator extension: the pool's fixed `CUSTOM_CHALLENGE` (instead of Lambda triggers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emulator_custom_auth: Option<EmulatorCustomAuth>,
    /// Every other field, as given.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `Policies`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolPolicies {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_policy: Option<PasswordPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_in_policy: Option<SignInPolicy>,
}

/// `SignInPolicy`: the first factors of a `USER_AUTH` sign-in (`names::auth_factor`).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct SignInPolicy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_first_auth_factors: Option<Vec<String>>,
}

/// `UpdateUserPool` request: as `CreateUserPool`, for an existing pool. Settings left out
/// go back to their defaults, as in Cognito.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserPoolRequest {
    pub user_pool_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policies: Option<UserPoolPolicies>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_verified_attributes: Option<Vec<String>>,
    /// `OFF`, `ON` or `OPTIONAL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_configuration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_configuration: Option<DeviceConfiguration>,
    /// Every other field, as given.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `WebAuthnConfiguration` (`SetUserPoolMfaConfig`, `GetUserPoolMfaConfig`): the passkey
/// relying party.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct WebAuthnConfiguration {
    /// `RelyingPartyId`: the domain passkeys are bound to (`localhost` for local pages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relying_party_id: Option<String>,
    /// `UserVerification`: `required` or `preferred`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_verification: Option<String>,
    /// `FactorConfiguration`: `SINGLE_FACTOR` or `MULTI_FACTOR_WITH_USER_VERIFICATION`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub factor_configuration: Option<String>,
}

/// `EmailMfaConfiguration`: the message of e-mail MFA codes.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct EmailMfaConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

/// `SoftwareTokenMfaConfiguration`.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct SoftwareTokenMfaConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// `SetUserPoolMfaConfig` request. The SMS settings are accepted and echoed, not modelled.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct SetUserPoolMfaConfigRequest {
    pub user_pool_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sms_mfa_configuration: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_configuration: Option<SoftwareTokenMfaConfiguration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_mfa_configuration: Option<EmailMfaConfiguration>,
    /// `OFF`, `ON` or `OPTIONAL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_configuration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub web_authn_configuration: Option<WebAuthnConfiguration>,
}

/// `RefreshTokenRotation` of an app client.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct RefreshTokenRotation {
    /// `ENABLED` or `DISABLED`.
    pub feature: RotationFeature,
    /// 0 to 60: how long a rotated-out refresh token still works (for client retries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_grace_period_seconds: Option<u32>,
}

/// `RefreshTokenRotation.Feature`.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RotationFeature {
    #[serde(rename = "ENABLED")]
    Enabled,
    #[default]
    #[serde(rename = "DISABLED")]
    Disabled,
}

/// `PasswordPolicy` (absent settings take Cognito's defaults).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct PasswordPolicy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_length: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_uppercase: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_lowercase: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_numbers: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_symbols: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temporary_password_validity_days: Option<u32>,
}

/// `DeviceConfiguration`.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct DeviceConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_required_on_new_device: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_only_remembered_on_user_prompt: Option<bool>,
}

/// `UsernameConfiguration`.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct UsernameConfiguration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_sensitive: Option<bool>,
}

/// Emulator extension `EmulatorCustomAuth`: the parameters of the `CUSTOM_CHALLENGE` the
/// pool issues and the answer it accepts.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct EmulatorCustomAuth {
    pub answer: String,
    /// Values other than strings are kept as their JSON text.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub challenge_parameters: Map<String, Value>,
}

/// `CreateUserPoolClient` request: the settings the emulator models, and the others as given.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserPoolClientRequest {
    /// Required by `CreateUserPoolClient` (the seed file gives the pool by nesting instead).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub user_pool_id: String,
    pub client_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generate_secret: Option<bool>,
    /// Emulator extension: the secret to use when `GenerateSecret` is true (else a random one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explicit_auth_flows: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_validity: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token_validity: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token_validity: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_validity_units: Option<TokenValidityUnits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_token_revocation: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token_rotation: Option<RefreshTokenRotation>,
    /// Every other field, as given.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `UpdateUserPoolClient` request: the client's settings, replacing the old ones (settings
/// left out go back to their defaults, as in Cognito; the secret stays).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserPoolClientRequest {
    pub user_pool_id: String,
    pub client_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explicit_auth_flows: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_validity: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token_validity: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token_validity: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_validity_units: Option<TokenValidityUnits>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enable_token_revocation: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token_rotation: Option<RefreshTokenRotation>,
    /// Every other field, as given.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `TokenValidityUnits`: `seconds` (emulator extension), `minutes`, `hours` or `days`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct TokenValidityUnits {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// `CreateGroup` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct CreateGroupRequest {
    pub group_name: String,
    pub user_pool_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// Lower comes first in the `cognito:groups` claim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precedence: Option<u32>,
}

/// A request naming one group of a pool: `GetGroup`, `DeleteGroup`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct PoolGroupRequest {
    pub group_name: String,
    pub user_pool_id: String,
}

/// `ListGroups` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct ListGroupsRequest {
    pub user_pool_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `AdminAddUserToGroup` and `AdminRemoveUserFromGroup` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct GroupMembershipRequest {
    pub user_pool_id: String,
    pub username: String,
    pub group_name: String,
}

/// `AdminListGroupsForUser` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct AdminListGroupsForUserRequest {
    pub user_pool_id: String,
    pub username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}
