//! The arguments of every flow, as the face sends them: one plain object whose fields
//! each operation reads what it needs from (one deserializer for all of them). The face
//! has already turned the caller's values into these types (strings with `String(..)`,
//! maps of strings, `{Name, Value}` lists).

use serde::Deserialize;

use crate::protocol::account::{MfaSettings, UserAttribute};
use crate::protocol::messages::StringMap;
use crate::user::AuthenticationDetails;

/// `new AuthenticationDetails(..)` as read through its getters.
#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
pub struct Details {
    pub username: Option<String>,
    pub password: Option<String>,
    pub validation_data: StringMap,
    pub auth_parameters: StringMap,
    pub client_metadata: StringMap,
}

impl From<Details> for AuthenticationDetails {
    fn from(d: Details) -> Self {
        AuthenticationDetails {
            username: d.username,
            password: d.password,
            validation_data: d.validation_data,
            auth_parameters: d.auth_parameters,
            client_metadata: d.client_metadata,
        }
    }
}

/// Every field any flow takes (absent = `None`).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct FlowArgs {
    /// `authenticateUser`, `initiateAuth`.
    pub details: Option<Details>,
    /// A challenge answer (`sendCustomChallengeAnswer`, `sendMFASelectionAnswer`).
    pub answer: Option<String>,
    /// A confirmation or MFA code.
    pub code: Option<String>,
    /// `sendMFACode`'s `mfaType`.
    pub mfa_type: Option<String>,
    /// `verifySoftwareToken`'s `friendlyDeviceName`.
    pub friendly_device_name: Option<String>,
    /// `completeNewPasswordChallenge`, `confirmPassword`, `changePassword`.
    pub new_password: Option<String>,
    /// `changePassword`.
    pub old_password: Option<String>,
    /// `completeNewPasswordChallenge`'s `{name: value}`.
    pub required_attributes: Option<StringMap>,
    /// `clientMetadata` of any call.
    pub client_metadata: Option<StringMap>,
    /// `confirmRegistration`'s `forceAliasCreation`.
    pub force_alias_creation: Option<bool>,
    /// `updateAttributes`.
    pub attributes: Option<Vec<UserAttribute>>,
    /// `deleteAttributes`.
    pub names: Option<Vec<String>>,
    /// An attribute name (`getAttributeVerificationCode`, `verifyAttribute`).
    pub name: Option<String>,
    /// `setUserMfaPreference`.
    pub sms: Option<MfaSettings>,
    /// `setUserMfaPreference`.
    pub totp: Option<MfaSettings>,
    /// `setUserMfaPreference`'s e-mail settings (`EmailMfaSettings`, an extension).
    pub email: Option<MfaSettings>,
    /// `sendOTPCode`: `EMAIL_OTP` or `SMS_OTP` (absent: the challenge the user is at).
    pub challenge_name: Option<String>,
    /// `sendWebAuthnCredential`, `completeWebAuthnRegistration`: a `PublicKeyCredential`'s JSON text.
    pub credential: Option<String>,
    /// `deleteWebAuthnCredential`.
    pub credential_id: Option<String>,
    /// `listDevices`, `listWebAuthnCredentials`.
    pub limit: Option<u32>,
    /// `listDevices`.
    pub pagination_token: Option<String>,
    /// `forgetSpecificDevice`.
    pub device_key: Option<String>,
    /// `signUp`.
    pub username: Option<String>,
    /// `signUp`; `sendChallengeSelectionAnswer` (for `PASSWORD` and `PASSWORD_SRP`).
    pub password: Option<String>,
    /// `signUp`.
    pub user_attributes: Option<Vec<UserAttribute>>,
    /// `signUp`.
    pub validation_data: Option<Vec<UserAttribute>>,
    /// `authenticateUserInternal`: the service's answer to continue a sign-in from, as JSON
    /// text (read by the operation, so a malformed answer is an `InvalidResponseError`).
    pub response: Option<String>,
}

impl FlowArgs {
    /// The text of an optional string field (`''` when absent).
    pub fn text(field: &Option<String>) -> &str {
        field.as_deref().unwrap_or_default()
    }
}
