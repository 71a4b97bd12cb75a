//! Request and response bodies of the account operations (sign-up, passwords,
//! attributes, MFA settings, devices, user deletion), as serde structs that the SDK
//! writes and the emulator reads (requests), and the other way round (responses). As in
//! [`super::messages`], `None` fields are left out of the JSON (the reference's
//! `undefined`); `SecretHash` is sent only when the pool has a client secret (an
//! extension: the reference has none).
//!
//! Request structs that carry passwords, codes or tokens have no `Debug`.

use serde::{Deserialize, Serialize};

use super::messages::{deserialize_from_value, StringMap, UserContextData};
use crate::json_read::{ReadError, Value};

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
#[derive(Serialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase")]
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
#[derive(Serialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase")]
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
#[derive(Serialize, Debug, Clone, PartialEq, Eq, Default)]
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

/// The answers the flows module reads, read by hand from one [`Value`] (`from_value`, as
/// [`super::messages`]' answers): a missing field or `null` is `None` (an empty list for
/// `UserAttributes`, which may not be `null`), unknown fields are ignored, a field of another
/// type is an error, a repeated field counts once (the last, as `JSON.parse`).
/// [`UserAttribute`] and [`MfaOption`] are also request fields, which the emulator reads
/// with their serde derive; `tests/prop_wire.rs` checks that both readers agree.
impl UserAttribute {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(UserAttribute { name: value.string_or_empty("Name")?, value: value.opt_string("Value")? })
    }
}

impl CodeDeliveryDetails {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(CodeDeliveryDetails {
            destination: value.opt_string("Destination")?,
            delivery_medium: value.opt_string("DeliveryMedium")?,
            attribute_name: value.opt_string("AttributeName")?,
        })
    }
}

impl MfaOption {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(MfaOption { delivery_medium: value.opt_string("DeliveryMedium")?, attribute_name: value.opt_string("AttributeName")? })
    }
}

impl SignUpResponse {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(SignUpResponse {
            user_confirmed: value.opt_bool("UserConfirmed")?,
            user_sub: value.opt_string("UserSub")?,
            code_delivery_details: value.opt_object("CodeDeliveryDetails")?.map(CodeDeliveryDetails::from_value).transpose()?,
        })
    }
}

impl GetUserResponse {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        let user_attributes = match value.get("UserAttributes") {
            None => Vec::new(),
            Some(Value::Array(items)) => items.iter().map(UserAttribute::from_value).collect::<Result<_, _>>()?,
            Some(_) => return Err(ReadError),
        };
        Ok(GetUserResponse {
            username: value.opt_string("Username")?,
            user_attributes,
            mfa_options: value.opt_list("MFAOptions", MfaOption::from_value)?,
            preferred_mfa_setting: value.opt_string("PreferredMfaSetting")?,
            user_mfa_setting_list: value.opt_list("UserMFASettingList", Value::as_string)?,
        })
    }
}

deserialize_from_value!(CodeDeliveryDetails, SignUpResponse, GetUserResponse);
