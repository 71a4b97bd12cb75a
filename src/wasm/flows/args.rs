//! The arguments of every flow, as the face sends them: one plain object whose fields
//! each operation reads what it needs from (one reader for all of them). The face has
//! already turned the caller's values into these types (strings with `String(..)`, maps of
//! strings, `{Name, Value}` lists: js/src/flows-args.js), so the fields are read straight
//! off the object, each by its type's one reader below: no serde visitor per struct, no
//! `JSON.stringify` and parse of the whole object. A field of another type than expected
//! makes the whole object unreadable (`run` rejects), as when it was read with serde.

use wasm_bindgen::{JsCast, JsValue};

use crate::protocol::account::{MfaSettings, UserAttribute};
use crate::protocol::messages::StringMap;
use crate::user::AuthenticationDetails;
use crate::wasm::interop::get;

/// A field that is present but not of its expected type.
pub struct Unreadable;

type Read<T> = Result<T, Unreadable>;

/// `new AuthenticationDetails(..)` as read through its getters.
#[derive(Default)]
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
#[derive(Default)]
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
    /// Reads the face's plain `args` object.
    pub fn from_js(args: &JsValue) -> Read<FlowArgs> {
        if !args.is_object() {
            return Err(Unreadable);
        }
        let text = |name| text(args, name);
        let map = |name| field(args, name, string_map);
        let attributes = |name| field(args, name, attribute_list);
        let mfa = |name| field(args, name, mfa_settings);
        Ok(FlowArgs {
            details: field(args, "details", details)?,
            answer: text("answer")?,
            code: text("code")?,
            mfa_type: text("mfaType")?,
            friendly_device_name: text("friendlyDeviceName")?,
            new_password: text("newPassword")?,
            old_password: text("oldPassword")?,
            required_attributes: map("requiredAttributes")?,
            client_metadata: map("clientMetadata")?,
            force_alias_creation: field(args, "forceAliasCreation", boolean)?,
            attributes: attributes("attributes")?,
            names: field(args, "names", |v| list(v, string))?,
            name: text("name")?,
            sms: mfa("sms")?,
            totp: mfa("totp")?,
            email: mfa("email")?,
            challenge_name: text("challengeName")?,
            credential: text("credential")?,
            credential_id: text("credentialId")?,
            limit: field(args, "limit", count)?,
            pagination_token: text("paginationToken")?,
            device_key: text("deviceKey")?,
            username: text("username")?,
            password: text("password")?,
            user_attributes: attributes("userAttributes")?,
            validation_data: attributes("validationData")?,
            response: text("response")?,
        })
    }

    /// The text of an optional string field (`''` when absent).
    pub fn text(field: &Option<String>) -> &str {
        field.as_deref().unwrap_or_default()
    }
}

/// `object[name]` read by `read`; `None` when absent (`undefined` or `null`, which JSON
/// would have written as absent or `null`).
fn field<T>(
    object: &JsValue,
    name: &str,
    read: impl FnOnce(&JsValue) -> Read<T>,
) -> Read<Option<T>> {
    let value = get(object, name);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    read(&value).map(Some)
}

fn text(object: &JsValue, name: &str) -> Read<Option<String>> {
    field(object, name, string)
}

fn string(value: &JsValue) -> Read<String> {
    value.as_string().ok_or(Unreadable)
}

fn boolean(value: &JsValue) -> Read<bool> {
    value.as_bool().ok_or(Unreadable)
}

/// A whole number in `u32`'s range.
fn count(value: &JsValue) -> Read<u32> {
    let n = value.as_f64().ok_or(Unreadable)?;
    if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) {
        Ok(n as u32)
    } else {
        Err(Unreadable)
    }
}

/// A plain object's own enumerable properties, in order, each a string.
fn string_map(value: &JsValue) -> Read<StringMap> {
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(Unreadable);
    }
    let mut map = StringMap::new();
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter() {
        let key = string(&key)?;
        let entry = string(&get(value, &key))?;
        map.insert(key, entry);
    }
    Ok(map)
}

fn list<T>(value: &JsValue, read: impl Fn(&JsValue) -> Read<T>) -> Read<Vec<T>> {
    if !js_sys::Array::is_array(value) {
        return Err(Unreadable);
    }
    js_sys::Array::from(value)
        .iter()
        .map(|item| read(&item))
        .collect()
}

/// `{Name, Value}[]`.
fn attribute_list(value: &JsValue) -> Read<Vec<UserAttribute>> {
    list(value, |item| {
        if !item.is_object() {
            return Err(Unreadable);
        }
        Ok(UserAttribute {
            name: text(item, "Name")?.unwrap_or_default(),
            value: text(item, "Value")?,
        })
    })
}

/// `{PreferredMfa, Enabled}`.
fn mfa_settings(value: &JsValue) -> Read<MfaSettings> {
    if !value.is_object() {
        return Err(Unreadable);
    }
    Ok(MfaSettings {
        preferred_mfa: field(value, "PreferredMfa", boolean)?,
        enabled: field(value, "Enabled", boolean)?,
    })
}

/// `{Username, Password, ValidationData, AuthParameters, ClientMetadata}`.
fn details(value: &JsValue) -> Read<Details> {
    if !value.is_object() {
        return Err(Unreadable);
    }
    let map = |name| field(value, name, string_map).map(Option::unwrap_or_default);
    Ok(Details {
        username: text(value, "Username")?,
        password: text(value, "Password")?,
        validation_data: map("ValidationData")?,
        auth_parameters: map("AuthParameters")?,
        client_metadata: map("ClientMetadata")?,
    })
}
