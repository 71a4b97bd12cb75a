//! The account methods of `CognitoUser`: registration, passwords, attributes,
//! user data, MFA settings, devices and deletion, over the core's account methods.
//!
//! As in `user.rs`, each method has the reference's callback form (callbacks always called
//! asynchronously, at most once; a throwing callback is reported, never re-called) and a
//! `<method>Async` twin returning a Promise of what the success callback receives. The
//! "signed in" checks (`User is not authenticated`) are the core's.

use wasm_bindgen::prelude::*;
use super::tasks::{promise, spawn};

use super::attribute::CognitoUserAttribute;
use super::callbacks::{call_method, call_node, fail, get, js_to_string, number_of_text, object, sdk_error, set};
use super::user::{js_err, optional_string_map, optional_text, report_missing, run_node, run_on_success, CognitoUser};
use crate::user::{GetUserDataOptions, RawJson};
use crate::protocol::account::{MfaOption, MfaSettings, UserAttribute};
use crate::wire::SdkResult;

// ----- conversions -----

/// `'SUCCESS'`, the reference's result of most account calls.
fn success() -> JsValue {
    JsValue::from_str("SUCCESS")
}

/// A raw response as a plain object (`JSON.parse` of its text; `{}` if that fails).
pub(super) fn raw_js(raw: &RawJson) -> JsValue {
    js_sys::JSON::parse(raw.text()).unwrap_or_else(|_| object())
}

/// Any serialisable value as a plain JS object (through JSON text).
fn plain<T: serde::Serialize + ?Sized>(value: &T) -> JsValue {
    crate::json::to_string(value).ok().and_then(|t| js_sys::JSON::parse(&t).ok()).unwrap_or(JsValue::UNDEFINED)
}

/// One `{Name, Value}` (a `CognitoUserAttribute` or a plain object). A missing `Value`
/// is left out, as `JSON.stringify` drops `undefined`.
fn attribute_of(value: &JsValue) -> UserAttribute {
    let name = get(value, "Name");
    let v = get(value, "Value");
    UserAttribute {
        name: if name.is_undefined() || name.is_null() { String::new() } else { js_to_string(&name) },
        value: if v.is_undefined() || v.is_null() { None } else { Some(js_to_string(&v)) },
    }
}

/// An attribute list (`CognitoUserAttribute[]` or `{Name, Value}[]`); anything but an
/// array is `None` (left out of the request).
pub(super) fn attribute_list(value: &JsValue) -> Option<Vec<UserAttribute>> {
    if !js_sys::Array::is_array(value) {
        return None;
    }
    Some(js_sys::Array::from(value).iter().map(|v| attribute_of(&v)).collect())
}

/// An array of names, each coerced with `String(..)`.
fn name_list(value: &JsValue) -> Vec<String> {
    if !js_sys::Array::is_array(value) {
        return Vec::new();
    }
    js_sys::Array::from(value).iter().map(|v| js_to_string(&v)).collect()
}

/// A JS boolean-ish field: booleans as they are, `undefined`/`null` left out, other
/// values by truthiness.
fn optional_bool(value: &JsValue) -> Option<bool> {
    if value.is_undefined() || value.is_null() {
        None
    } else {
        Some(value.as_bool().unwrap_or_else(|| value.is_truthy()))
    }
}

/// `IMfaSettings` (`{PreferredMfa, Enabled}`), or `None` for `null`/`undefined`.
fn mfa_settings(value: &JsValue) -> Option<MfaSettings> {
    if value.is_undefined() || value.is_null() {
        return None;
    }
    Some(MfaSettings { preferred_mfa: optional_bool(&get(value, "PreferredMfa")), enabled: optional_bool(&get(value, "Enabled")) })
}

/// `listDevices`'s `limit`: a non-negative number (others are left out).
fn limit_of(value: &JsValue) -> Option<u32> {
    // A numeric string counts as its number (JavaScript's `Number(text)`; blank text does not).
    let n = value.as_f64().or_else(|| {
        let text = value.as_string()?;
        let text = text.trim();
        (!text.is_empty()).then(|| number_of_text(text))
    })?;
    (n.is_finite() && n >= 0.0).then(|| n.min(u32::MAX as f64) as u32)
}

fn attributes_js(attributes: Vec<UserAttribute>) -> JsValue {
    attributes
        .iter()
        .map(|a| JsValue::from(CognitoUserAttribute::from_pair(&a.name, a.value_or_empty())))
        .collect::<js_sys::Array>()
        .into()
}

fn mfa_options_js(options: Option<Vec<MfaOption>>) -> JsValue {
    match options {
        Some(list) => plain(&list),
        None => JsValue::UNDEFINED,
    }
}

fn ok_success(r: SdkResult<()>) -> Result<JsValue, JsValue> {
    r.map(|_| success()).map_err(js_err)
}

fn ok_raw(r: SdkResult<RawJson>) -> Result<JsValue, JsValue> {
    r.map(|raw| raw_js(&raw)).map_err(js_err)
}

/// The `{onSuccess, onFailure, inputVerificationCode?}` callbacks of `forgotPassword` and
/// `getAttributeVerificationCode`: `inputVerificationCode(data)` when it is a function (at
/// the time of the response), else `onSuccess(on_success_value(data))`.
fn run_verification_code<F>(callbacks: JsValue, work: F, on_success_gets_data: bool)
where
    F: std::future::Future<Output = SdkResult<RawJson>> + 'static,
{
    spawn(async move {
        match work.await {
            Ok(raw) => {
                let data = raw_js(&raw);
                if call_method(&callbacks, "inputVerificationCode", std::slice::from_ref(&data)) {
                    return;
                }
                let value = if on_success_gets_data { data } else { success() };
                if !call_method(&callbacks, "onSuccess", &[value]) {
                    report_missing("onSuccess or inputVerificationCode");
                }
            }
            Err(e) => fail(&callbacks, &sdk_error(&e)),
        }
    });
}

#[wasm_bindgen]
impl CognitoUser {
    // ----- registration -----

    /// `ConfirmSignUp` with the code; `callback(err, 'SUCCESS')`. `forceAliasCreation`
    /// moves a verified alias held by another user to this one.
    #[wasm_bindgen(js_name = confirmRegistration)]
    pub fn confirm_registration(&self, code: JsValue, force_alias_creation: JsValue, callback: JsValue, client_metadata: JsValue) {
        let core = self.core();
        let code = js_to_string(&code);
        let force = optional_bool(&force_alias_creation);
        let metadata = optional_string_map(&client_metadata);
        run_node(callback, async move { ok_success(core.confirm_registration(&code, force, metadata).await) });
    }

    /// `confirmRegistration` as a Promise of `'SUCCESS'`.
    #[wasm_bindgen(js_name = confirmRegistrationAsync)]
    pub fn confirm_registration_async(&self, code: JsValue, force_alias_creation: JsValue, client_metadata: JsValue) -> js_sys::Promise {
        let core = self.core();
        let code = js_to_string(&code);
        let force = optional_bool(&force_alias_creation);
        let metadata = optional_string_map(&client_metadata);
        promise(async move { ok_success(core.confirm_registration(&code, force, metadata).await) })
    }

    /// `ResendConfirmationCode`; `callback(err, {CodeDeliveryDetails})`.
    #[wasm_bindgen(js_name = resendConfirmationCode)]
    pub fn resend_confirmation_code(&self, callback: JsValue, client_metadata: JsValue) {
        let core = self.core();
        let metadata = optional_string_map(&client_metadata);
        run_node(callback, async move { ok_raw(core.resend_confirmation_code(metadata).await) });
    }

    /// `resendConfirmationCode` as a Promise of `{CodeDeliveryDetails}`.
    #[wasm_bindgen(js_name = resendConfirmationCodeAsync)]
    pub fn resend_confirmation_code_async(&self, client_metadata: JsValue) -> js_sys::Promise {
        let core = self.core();
        let metadata = optional_string_map(&client_metadata);
        promise(async move { ok_raw(core.resend_confirmation_code(metadata).await) })
    }

    // ----- passwords -----

    /// `ForgotPassword`: `inputVerificationCode(data)` when the callback object has it,
    /// else `onSuccess(data)` (`data` = `{CodeDeliveryDetails}`); `onFailure(err)`.
    #[wasm_bindgen(js_name = forgotPassword)]
    pub fn forgot_password(&self, callbacks: JsValue, client_metadata: JsValue) {
        let core = self.core();
        let metadata = optional_string_map(&client_metadata);
        run_verification_code(callbacks, async move { core.forgot_password(metadata).await }, true);
    }

    /// `forgotPassword` as a Promise of `{CodeDeliveryDetails}`.
    #[wasm_bindgen(js_name = forgotPasswordAsync)]
    pub fn forgot_password_async(&self, client_metadata: JsValue) -> js_sys::Promise {
        let core = self.core();
        let metadata = optional_string_map(&client_metadata);
        promise(async move { ok_raw(core.forgot_password(metadata).await) })
    }

    /// `ConfirmForgotPassword`; `onSuccess('SUCCESS')` / `onFailure(err)`.
    #[wasm_bindgen(js_name = confirmPassword)]
    pub fn confirm_password(&self, code: JsValue, new_password: JsValue, callbacks: JsValue, client_metadata: JsValue) {
        let core = self.core();
        let code = js_to_string(&code);
        let password = optional_text(&new_password).unwrap_or_default();
        let metadata = optional_string_map(&client_metadata);
        run_on_success(callbacks, async move { ok_success(core.confirm_password(&code, &password, metadata).await) });
    }

    /// `confirmPassword` as a Promise of `'SUCCESS'`.
    #[wasm_bindgen(js_name = confirmPasswordAsync)]
    pub fn confirm_password_async(&self, code: JsValue, new_password: JsValue, client_metadata: JsValue) -> js_sys::Promise {
        let core = self.core();
        let code = js_to_string(&code);
        let password = optional_text(&new_password).unwrap_or_default();
        let metadata = optional_string_map(&client_metadata);
        promise(async move { ok_success(core.confirm_password(&code, &password, metadata).await) })
    }

    /// `ChangePassword` (signed in); `callback(err, 'SUCCESS')`.
    #[wasm_bindgen(js_name = changePassword)]
    pub fn change_password(&self, old_password: JsValue, new_password: JsValue, callback: JsValue, client_metadata: JsValue) {
        let core = self.core();
        let old = optional_text(&old_password).unwrap_or_default();
        let new = optional_text(&new_password).unwrap_or_default();
        let metadata = optional_string_map(&client_metadata);
        run_node(callback, async move { ok_success(core.change_password(&old, &new, metadata).await) });
    }

    /// `changePassword` as a Promise of `'SUCCESS'`.
    #[wasm_bindgen(js_name = changePasswordAsync)]
    pub fn change_password_async(&self, old_password: JsValue, new_password: JsValue, client_metadata: JsValue) -> js_sys::Promise {
        let core = self.core();
        let old = optional_text(&old_password).unwrap_or_default();
        let new = optional_text(&new_password).unwrap_or_default();
        let metadata = optional_string_map(&client_metadata);
        promise(async move { ok_success(core.change_password(&old, &new, metadata).await) })
    }

    /// `DeleteUser` (signed in), then clears the cached user; `callback(err, 'SUCCESS')`.
    #[wasm_bindgen(js_name = deleteUser)]
    pub fn delete_user(&self, callback: JsValue, client_metadata: JsValue) {
        let core = self.core();
        let metadata = optional_string_map(&client_metadata);
        run_node(callback, async move { ok_success(core.delete_user(metadata).await) });
    }

    /// `deleteUser` as a Promise of `'SUCCESS'`.
    #[wasm_bindgen(js_name = deleteUserAsync)]
    pub fn delete_user_async(&self, client_metadata: JsValue) -> js_sys::Promise {
        let core = self.core();
        let metadata = optional_string_map(&client_metadata);
        promise(async move { ok_success(core.delete_user(metadata).await) })
    }

    // ----- attributes and user data -----

    /// `GetUser` (signed in); `callback(err, CognitoUserAttribute[])`.
    #[wasm_bindgen(js_name = getUserAttributes)]
    pub fn get_user_attributes(&self, callback: JsValue) {
        let core = self.core();
        run_node(callback, async move { core.get_user_attributes().await.map(attributes_js).map_err(js_err) });
    }

    /// `getUserAttributes` as a Promise of `CognitoUserAttribute[]`.
    #[wasm_bindgen(js_name = getUserAttributesAsync)]
    pub fn get_user_attributes_async(&self) -> js_sys::Promise {
        let core = self.core();
        promise(async move { core.get_user_attributes().await.map(attributes_js).map_err(js_err) })
    }

    /// `UpdateUserAttributes` (signed in; `CognitoUserAttribute`s or `{Name, Value}`s),
    /// then `getUserData({bypassCache: true})`; `callback(err, 'SUCCESS', details)` with
    /// `details` = `{CodeDeliveryDetailsList?}`.
    #[wasm_bindgen(js_name = updateAttributes)]
    pub fn update_attributes(&self, attributes: JsValue, callback: JsValue, client_metadata: JsValue) {
        let core = self.core();
        let attributes = attribute_list(&attributes).unwrap_or_default();
        let metadata = optional_string_map(&client_metadata);
        spawn(async move {
            match core.update_attributes(attributes, metadata).await {
                Ok(details) => call_node(&callback, &[JsValue::NULL, success(), raw_js(&details)]),
                Err(e) => call_node(&callback, &[sdk_error(&e), JsValue::NULL]),
            }
        });
    }

    /// `updateAttributes` as a Promise of `{result: 'SUCCESS', details}`.
    #[wasm_bindgen(js_name = updateAttributesAsync)]
    pub fn update_attributes_async(&self, attributes: JsValue, client_metadata: JsValue) -> js_sys::Promise {
        let core = self.core();
        let attributes = attribute_list(&attributes).unwrap_or_default();
        let metadata = optional_string_map(&client_metadata);
        promise(async move {
            let details = core.update_attributes(attributes, metadata).await.map_err(js_err)?;
            let out = object();
            set(&out, "result", &success());
            set(&out, "details", &raw_js(&details));
            Ok(out)
        })
    }

    /// `DeleteUserAttributes` (signed in), then `getUserData({bypassCache: true})`;
    /// `callback(err, 'SUCCESS')`.
    #[wasm_bindgen(js_name = deleteAttributes)]
    pub fn delete_attributes(&self, attribute_names: JsValue, callback: JsValue) {
        let core = self.core();
        let names = name_list(&attribute_names);
        run_node(callback, async move { ok_success(core.delete_attributes(names).await) });
    }

    /// `deleteAttributes` as a Promise of `'SUCCESS'`.
    #[wasm_bindgen(js_name = deleteAttributesAsync)]
    pub fn delete_attributes_async(&self, attribute_names: JsValue) -> js_sys::Promise {
        let core = self.core();
        let names = name_list(&attribute_names);
        promise(async move { ok_success(core.delete_attributes(names).await) })
    }

    /// `GetUserAttributeVerificationCode` (signed in): `inputVerificationCode(data)` when
    /// the callback object has it, else `onSuccess('SUCCESS')`; `onFailure(err)`.
    #[wasm_bindgen(js_name = getAttributeVerificationCode)]
    pub fn get_attribute_verification_code(&self, attribute_name: JsValue, callbacks: JsValue, client_metadata: JsValue) {
        let core = self.core();
        let name = js_to_string(&attribute_name);
        let metadata = optional_string_map(&client_metadata);
        run_verification_code(callbacks, async move { core.get_attribute_verification_code(&name, metadata).await }, false);
    }

    /// `getAttributeVerificationCode` as a Promise of `{CodeDeliveryDetails}`.
    #[wasm_bindgen(js_name = getAttributeVerificationCodeAsync)]
    pub fn get_attribute_verification_code_async(&self, attribute_name: JsValue, client_metadata: JsValue) -> js_sys::Promise {
        let core = self.core();
        let name = js_to_string(&attribute_name);
        let metadata = optional_string_map(&client_metadata);
        promise(async move { ok_raw(core.get_attribute_verification_code(&name, metadata).await) })
    }

    /// `VerifyUserAttribute` (signed in); `onSuccess('SUCCESS')` / `onFailure(err)`.
    #[wasm_bindgen(js_name = verifyAttribute)]
    pub fn verify_attribute(&self, attribute_name: JsValue, code: JsValue, callbacks: JsValue) {
        let core = self.core();
        let name = js_to_string(&attribute_name);
        let code = js_to_string(&code);
        run_on_success(callbacks, async move { ok_success(core.verify_attribute(&name, &code).await) });
    }

    /// `verifyAttribute` as a Promise of `'SUCCESS'`.
    #[wasm_bindgen(js_name = verifyAttributeAsync)]
    pub fn verify_attribute_async(&self, attribute_name: JsValue, code: JsValue) -> js_sys::Promise {
        let core = self.core();
        let name = js_to_string(&attribute_name);
        let code = js_to_string(&code);
        promise(async move { ok_success(core.verify_attribute(&name, &code).await) })
    }

    /// The user data (signed in): cached, or `GetUser` (then cached); `bypassCache`
    /// forces `GetUser` and a session refresh (reported to `wrapRefreshSessionCallback`).
    /// `callback(err, {Username, UserAttributes, MFAOptions?, PreferredMfaSetting?,
    /// UserMFASettingList?})`.
    #[wasm_bindgen(js_name = getUserData)]
    pub fn get_user_data(&self, callback: JsValue, params: JsValue) {
        let core = self.core();
        let options = user_data_options(&params);
        run_node(callback, async move { ok_raw(core.get_user_data(options).await) });
    }

    /// `getUserData` as a Promise of the user data.
    #[wasm_bindgen(js_name = getUserDataAsync)]
    pub fn get_user_data_async(&self, params: JsValue) -> js_sys::Promise {
        let core = self.core();
        let options = user_data_options(&params);
        promise(async move { ok_raw(core.get_user_data(options).await) })
    }

    /// Deprecated: the user's `MFAOptions` (signed in); `callback(err, MFAOption[] |
    /// undefined)`.
    #[wasm_bindgen(js_name = getMFAOptions)]
    pub fn get_mfa_options(&self, callback: JsValue) {
        let core = self.core();
        run_node(callback, async move { core.get_mfa_options().await.map(mfa_options_js).map_err(js_err) });
    }

    /// `getMFAOptions` as a Promise.
    #[wasm_bindgen(js_name = getMFAOptionsAsync)]
    pub fn get_mfa_options_async(&self) -> js_sys::Promise {
        let core = self.core();
        promise(async move { core.get_mfa_options().await.map(mfa_options_js).map_err(js_err) })
    }

    // ----- MFA settings -----

    /// Deprecated: SMS MFA on (`SetUserSettings`); `callback(err, 'SUCCESS')`.
    #[wasm_bindgen(js_name = enableMFA)]
    pub fn enable_mfa(&self, callback: JsValue) {
        let core = self.core();
        run_node(callback, async move { ok_success(core.enable_mfa().await) });
    }

    #[wasm_bindgen(js_name = enableMFAAsync)]
    pub fn enable_mfa_async(&self) -> js_sys::Promise {
        let core = self.core();
        promise(async move { ok_success(core.enable_mfa().await) })
    }

    /// Deprecated: SMS MFA off (`SetUserSettings`); `callback(err, 'SUCCESS')`.
    #[wasm_bindgen(js_name = disableMFA)]
    pub fn disable_mfa(&self, callback: JsValue) {
        let core = self.core();
        run_node(callback, async move { ok_success(core.disable_mfa().await) });
    }

    #[wasm_bindgen(js_name = disableMFAAsync)]
    pub fn disable_mfa_async(&self) -> js_sys::Promise {
        let core = self.core();
        promise(async move { ok_success(core.disable_mfa().await) })
    }

    /// `SetUserMFAPreference` with `{PreferredMfa, Enabled}` settings (or null) for SMS
    /// and TOTP; `callback(err, 'SUCCESS')`.
    #[wasm_bindgen(js_name = setUserMfaPreference)]
    pub fn set_user_mfa_preference(&self, sms_mfa_settings: JsValue, software_token_mfa_settings: JsValue, callback: JsValue) {
        let core = self.core();
        let (sms, totp) = (mfa_settings(&sms_mfa_settings), mfa_settings(&software_token_mfa_settings));
        run_node(callback, async move { ok_success(core.set_user_mfa_preference(sms, totp).await) });
    }

    #[wasm_bindgen(js_name = setUserMfaPreferenceAsync)]
    pub fn set_user_mfa_preference_async(&self, sms_mfa_settings: JsValue, software_token_mfa_settings: JsValue) -> js_sys::Promise {
        let core = self.core();
        let (sms, totp) = (mfa_settings(&sms_mfa_settings), mfa_settings(&software_token_mfa_settings));
        promise(async move { ok_success(core.set_user_mfa_preference(sms, totp).await) })
    }

    // ----- devices -----

    /// `GetDevice` of this device (signed in); `onSuccess({Device})`.
    #[wasm_bindgen(js_name = getDevice)]
    pub fn get_device(&self, callbacks: JsValue) {
        let core = self.core();
        run_on_success(callbacks, async move { ok_raw(core.get_device().await) });
    }

    #[wasm_bindgen(js_name = getDeviceAsync)]
    pub fn get_device_async(&self) -> js_sys::Promise {
        let core = self.core();
        promise(async move { ok_raw(core.get_device().await) })
    }

    /// `ListDevices` (signed in); `onSuccess({Devices, PaginationToken?})`.
    #[wasm_bindgen(js_name = listDevices)]
    pub fn list_devices(&self, limit: JsValue, pagination_token: JsValue, callbacks: JsValue) {
        let core = self.core();
        let limit = limit_of(&limit);
        let token = pagination_token.is_truthy().then(|| js_to_string(&pagination_token));
        run_on_success(callbacks, async move { ok_raw(core.list_devices(limit, token.as_deref()).await) });
    }

    #[wasm_bindgen(js_name = listDevicesAsync)]
    pub fn list_devices_async(&self, limit: JsValue, pagination_token: JsValue) -> js_sys::Promise {
        let core = self.core();
        let limit = limit_of(&limit);
        let token = pagination_token.is_truthy().then(|| js_to_string(&pagination_token));
        promise(async move { ok_raw(core.list_devices(limit, token.as_deref()).await) })
    }

    /// Marks this device remembered (signed in); `onSuccess('SUCCESS')`.
    #[wasm_bindgen(js_name = setDeviceStatusRemembered)]
    pub fn set_device_status_remembered(&self, callbacks: JsValue) {
        let core = self.core();
        run_on_success(callbacks, async move { ok_success(core.set_device_status_remembered().await) });
    }

    #[wasm_bindgen(js_name = setDeviceStatusRememberedAsync)]
    pub fn set_device_status_remembered_async(&self) -> js_sys::Promise {
        let core = self.core();
        promise(async move { ok_success(core.set_device_status_remembered().await) })
    }

    /// Marks this device not remembered (signed in); `onSuccess('SUCCESS')`.
    #[wasm_bindgen(js_name = setDeviceStatusNotRemembered)]
    pub fn set_device_status_not_remembered(&self, callbacks: JsValue) {
        let core = self.core();
        run_on_success(callbacks, async move { ok_success(core.set_device_status_not_remembered().await) });
    }

    #[wasm_bindgen(js_name = setDeviceStatusNotRememberedAsync)]
    pub fn set_device_status_not_remembered_async(&self) -> js_sys::Promise {
        let core = self.core();
        promise(async move { ok_success(core.set_device_status_not_remembered().await) })
    }

    /// Forgets this device and drops its keys (signed in); `onSuccess('SUCCESS')`.
    #[wasm_bindgen(js_name = forgetDevice)]
    pub fn forget_device(&self, callbacks: JsValue) {
        let core = self.core();
        run_on_success(callbacks, async move { ok_success(core.forget_device().await) });
    }

    #[wasm_bindgen(js_name = forgetDeviceAsync)]
    pub fn forget_device_async(&self) -> js_sys::Promise {
        let core = self.core();
        promise(async move { ok_success(core.forget_device().await) })
    }

    /// Forgets the device with `deviceKey` (signed in); `onSuccess('SUCCESS')`.
    #[wasm_bindgen(js_name = forgetSpecificDevice)]
    pub fn forget_specific_device(&self, device_key: JsValue, callbacks: JsValue) {
        let core = self.core();
        let key = js_to_string(&device_key);
        run_on_success(callbacks, async move { ok_success(core.forget_specific_device(&key).await) });
    }

    #[wasm_bindgen(js_name = forgetSpecificDeviceAsync)]
    pub fn forget_specific_device_async(&self, device_key: JsValue) -> js_sys::Promise {
        let core = self.core();
        let key = js_to_string(&device_key);
        promise(async move { ok_success(core.forget_specific_device(&key).await) })
    }
}

/// `{bypassCache, clientMetadata}` of `getUserData`.
fn user_data_options(params: &JsValue) -> GetUserDataOptions {
    GetUserDataOptions {
        bypass_cache: get(params, "bypassCache").is_truthy(),
        client_metadata: optional_string_map(&get(params, "clientMetadata")),
    }
}
