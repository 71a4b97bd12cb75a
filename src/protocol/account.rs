//! Request and response bodies of the account operations (sign-up, passwords,
//! attributes, MFA settings, devices, user deletion), as serde structs that the SDK
//! writes and the emulator reads (requests), and the other way round (responses). As in
//! [`super::messages`], `None` fields are left out of the JSON (the reference's
//! `undefined`); `SecretHash` is sent only when the pool has a client secret (an
//! extension: the reference has none).
//!
//! Request structs that carry passwords, codes or tokens have no `Debug`.

use serde::{Deserialize, Serialize};

use super::messages::{StringMap, UserContextData};

/// `{Name, Value}`: a user attribute (`CognitoUserAttribute`) or a validation-data entry.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct UserAttribute {
    /// `Name`.
    #[serde(default)]
    pub name: String,
    /// `Value` (`None`: left out of the JSON, as an `undefined` value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl UserAttribute {
    /// `{Name: name, Value: value}`.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        UserAttribute { name: name.into(), value: Some(value.into()) }
    }

    /// The value, `""` when absent (`CognitoUserAttribute`'s `Value || ''`).
    pub fn value_or_empty(&self) -> &str {
        self.value.as_deref().unwrap_or("")
    }
}

/// `CodeDeliveryDetails`: where a code was sent.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct CodeDeliveryDetails {
    /// `Destination` (masked, e.g. `a***@e***`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// `DeliveryMedium`: `SMS` or `EMAIL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_medium: Option<String>,
    /// `AttributeName`: `email`, `phone_number`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
}

/// `MFAOption` (`{DeliveryMedium, AttributeName}`; deprecated SMS settings).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct MfaOption {
    /// `DeliveryMedium` (`SMS`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery_medium: Option<String>,
    /// `AttributeName` (`phone_number`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
}

impl MfaOption {
    /// `{DeliveryMedium: 'SMS', AttributeName: 'phone_number'}` (what `enableMFA` sends).
    pub fn sms_phone_number() -> Self {
        MfaOption { delivery_medium: Some("SMS".into()), attribute_name: Some("phone_number".into()) }
    }
}

/// `IMfaSettings`: `{PreferredMfa, Enabled}`.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct MfaSettings {
    /// `PreferredMfa`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_mfa: Option<bool>,
    /// `Enabled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// `SignUp` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpRequest {
    pub client_id: String,
    pub username: String,
    pub password: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_attributes: Option<Vec<UserAttribute>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation_data: Option<Vec<UserAttribute>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<String>,
}

/// `SignUp` response.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct SignUpResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_confirmed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_sub: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

/// `ConfirmSignUp` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSignUpRequest {
    pub client_id: String,
    pub confirmation_code: String,
    pub username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_alias_creation: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<String>,
}

/// `ResendConfirmationCode` and `ForgotPassword` request (`UserContextData` only with
/// `ForgotPassword`, as the reference).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UsernameRequest {
    pub client_id: String,
    pub username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<String>,
}

/// `ConfirmForgotPassword` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmForgotPasswordRequest {
    pub client_id: String,
    pub username: String,
    pub confirmation_code: String,
    pub password: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<UserContextData>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_hash: Option<String>,
}

/// `ChangePassword` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangePasswordRequest {
    pub previous_password: String,
    pub proposed_password: String,
    pub access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// `SetUserSettings` request.
#[derive(Serialize, Deserialize)]
pub struct SetUserSettingsRequest {
    #[serde(rename = "MFAOptions")]
    pub mfa_options: Vec<MfaOption>,
    #[serde(rename = "AccessToken")]
    pub access_token: String,
}

/// `SetUserMFAPreference` request.
#[derive(Serialize, Deserialize)]
pub struct SetUserMfaPreferenceRequest {
    #[serde(rename = "SMSMfaSettings", skip_serializing_if = "Option::is_none")]
    pub sms_mfa_settings: Option<MfaSettings>,
    #[serde(rename = "SoftwareTokenMfaSettings", skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_settings: Option<MfaSettings>,
    /// `EmailMfaSettings` (the SDK's `setUserMfaPreference` has no e-mail argument).
    #[serde(rename = "EmailMfaSettings", skip_serializing_if = "Option::is_none")]
    pub email_mfa_settings: Option<MfaSettings>,
    #[serde(rename = "AccessToken")]
    pub access_token: String,
}

/// `DeleteUser` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteUserRequest {
    pub access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// `UpdateUserAttributes` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributesRequest {
    pub access_token: String,
    pub user_attributes: Vec<UserAttribute>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// `DeleteUserAttributes` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteUserAttributesRequest {
    pub user_attribute_names: Vec<String>,
    pub access_token: String,
}

/// `GetUserAttributeVerificationCode` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserAttributeVerificationCodeRequest {
    pub attribute_name: String,
    pub access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_metadata: Option<StringMap>,
}

/// `VerifyUserAttribute` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifyUserAttributeRequest {
    pub attribute_name: String,
    pub code: String,
    pub access_token: String,
}

/// `GetUser` response (the fields the SDK reads; `getUserData` keeps the raw text).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(default)]
pub struct GetUserResponse {
    #[serde(rename = "Username", skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(rename = "UserAttributes")]
    pub user_attributes: Vec<UserAttribute>,
    #[serde(rename = "MFAOptions", skip_serializing_if = "Option::is_none")]
    pub mfa_options: Option<Vec<MfaOption>>,
    #[serde(rename = "PreferredMfaSetting", skip_serializing_if = "Option::is_none")]
    pub preferred_mfa_setting: Option<String>,
    #[serde(rename = "UserMFASettingList", skip_serializing_if = "Option::is_none")]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

/// `GetDevice` / `ForgetDevice` request (`DeviceKey` left out when the user has none,
/// as the reference's `undefined`).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceKeyRequest {
    pub access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
}

/// `UpdateDeviceStatus` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateDeviceStatusRequest {
    pub access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// Optional in Cognito's API (absent reads as `""`); the SDK always sends one.
    #[serde(default)]
    pub device_remembered_status: String,
}

/// `ListDevices` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevicesRequest {
    pub access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}
