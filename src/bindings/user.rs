//! `CognitoUser({Username, Pool, Storage})` over [`crate::user::CognitoUser`].
//!
//! Every network method has two forms: the reference's callback form (callbacks are
//! always called asynchronously, each at most once; a callback that throws is reported
//! with `console.error` and never passed to `onFailure`), and `<method>Async(...)`
//! returning a Promise.

use std::future::Future;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use super::tasks::{promise, spawn, LocalTask};

use super::callbacks::{
    call_challenge, call_function, call_method, call_node, fail, get, js_to_string, object, report_callback_exception, sdk_error, set,
    string_entries,
};
use super::client::Client;
use super::details::AuthenticationDetails as JsAuthenticationDetails;
use super::fetch_transport::FetchTransport;
use super::pool::{pool_from_js, user_and_pool_required, CognitoUserPool, PoolShared};
use super::session::CognitoUserSession as JsSession;
use super::storage::given_storage;
use super::tokens::refresh_text_of;
use crate::session::CognitoUserSession as CoreSession;
use crate::protocol::names::challenge;
use crate::user::{AuthOutcome, AuthenticationDetails, LocalSession, VerifySoftwareTokenOutcome};
use crate::protocol::messages::StringMap;
use crate::wire::{SdkError, SdkResult};
use crate::tokens::RefreshToken;

/// The core user this binding drives.
pub type CoreUser = crate::user::CognitoUser<FetchTransport>;

struct UserHandle {
    core: Rc<CoreUser>,
    pool: Rc<PoolShared>,
    /// What `user.pool` returns (the object given to the constructor when there was one).
    pool_js: JsValue,
    /// What `user.storage` returns.
    storage_js: JsValue,
}

/// The reference's `CognitoUser`.
#[wasm_bindgen]
#[derive(Clone)]
pub struct CognitoUser {
    inner: Rc<UserHandle>,
}

// ----- conversions -----

pub(super) fn string_map(value: &JsValue) -> StringMap {
    string_entries(value).into_iter().collect()
}

pub(super) fn optional_string_map(value: &JsValue) -> Option<StringMap> {
    if value.is_undefined() || value.is_null() {
        None
    } else {
        Some(string_map(value))
    }
}

fn map_object(map: &StringMap) -> JsValue {
    let o = object();
    for (k, v) in map {
        set(&o, k, &JsValue::from_str(v));
    }
    o
}

pub(super) fn session_js(session: CoreSession) -> JsValue {
    JsValue::from(JsSession::from_core(session))
}

pub(super) fn optional_text(value: &JsValue) -> Option<String> {
    if value.is_undefined() || value.is_null() {
        None
    } else {
        Some(js_to_string(value))
    }
}

fn core_details(details: &JsValue) -> AuthenticationDetails {
    let d = JsAuthenticationDetails::read(details);
    AuthenticationDetails {
        username: d.username_str(),
        password: d.password_str(),
        validation_data: d.validation_data_pairs().into_iter().collect(),
        auth_parameters: d.auth_parameter_pairs().into_iter().collect(),
        client_metadata: d.client_metadata_pairs().into_iter().collect(),
    }
}

fn new_password_arguments(user_attributes_json: Option<String>, required_attributes: Vec<String>) -> (JsValue, JsValue) {
    let attributes = user_attributes_json.and_then(|j| js_sys::JSON::parse(&j).ok()).unwrap_or(JsValue::NULL);
    let required: js_sys::Array = required_attributes.iter().map(|s| JsValue::from_str(s)).collect();
    (attributes, required.into())
}

/// Calls the `IAuthenticationCallback` member that matches `outcome`.
fn dispatch_outcome(callbacks: &JsValue, outcome: AuthOutcome) {
    match outcome {
        AuthOutcome::Success { session, user_confirmation_necessary } => {
            let mut args = vec![session_js(session)];
            if user_confirmation_necessary {
                args.push(JsValue::TRUE);
            }
            if !call_method(callbacks, "onSuccess", &args) {
                report_missing("onSuccess");
            }
        }
        AuthOutcome::NewPasswordRequired { user_attributes_json, required_attributes } => {
            let (a, r) = new_password_arguments(user_attributes_json, required_attributes);
            call_challenge(callbacks, "newPasswordRequired", challenge::NEW_PASSWORD_REQUIRED, &[a, r]);
        }
        AuthOutcome::MfaRequired { challenge_name, parameters } => {
            call_challenge(callbacks, "mfaRequired", &challenge_name, &[JsValue::from_str(&challenge_name), map_object(&parameters)]);
        }
        AuthOutcome::TotpRequired { challenge_name, parameters } => {
            call_challenge(callbacks, "totpRequired", &challenge_name, &[JsValue::from_str(&challenge_name), map_object(&parameters)]);
        }
        AuthOutcome::CustomChallenge { parameters } => {
            call_challenge(callbacks, "customChallenge", challenge::CUSTOM_CHALLENGE, &[map_object(&parameters)]);
        }
        AuthOutcome::MfaSetup { challenge_name, parameters } => {
            call_challenge(callbacks, "mfaSetup", &challenge_name, &[JsValue::from_str(&challenge_name), map_object(&parameters)]);
        }
        AuthOutcome::SelectMfaType { challenge_name, parameters } => {
            call_challenge(callbacks, "selectMFAType", &challenge_name, &[JsValue::from_str(&challenge_name), map_object(&parameters)]);
        }
    }
}

pub(super) fn report_missing(name: &str) {
    web_sys::console::error_1(&JsValue::from_str(&format!("cognito-wasm: the operation succeeded but the callback object has no {name} function.")));
}

/// The typed next step the `…Async` sign-in methods resolve to:
/// `{type: 'SUCCESS', session, userConfirmationNecessary}`,
/// `{type: 'NEW_PASSWORD_REQUIRED', userAttributes, requiredAttributes}`, or
/// `{type: <challenge name>, challengeName, parameters}`.
pub fn next_step(outcome: AuthOutcome) -> JsValue {
    let o = object();
    let challenge_step = |o: &JsValue, name: &str, parameters: &StringMap| {
        set(o, "type", &JsValue::from_str(name));
        set(o, "challengeName", &JsValue::from_str(name));
        set(o, "parameters", &map_object(parameters));
    };
    match outcome {
        AuthOutcome::Success { session, user_confirmation_necessary } => {
            set(&o, "type", &JsValue::from_str("SUCCESS"));
            set(&o, "session", &session_js(session));
            set(&o, "userConfirmationNecessary", &JsValue::from_bool(user_confirmation_necessary));
        }
        AuthOutcome::NewPasswordRequired { user_attributes_json, required_attributes } => {
            let (a, r) = new_password_arguments(user_attributes_json, required_attributes);
            set(&o, "type", &JsValue::from_str(challenge::NEW_PASSWORD_REQUIRED));
            set(&o, "userAttributes", &a);
            set(&o, "requiredAttributes", &r);
        }
        AuthOutcome::CustomChallenge { parameters } => challenge_step(&o, challenge::CUSTOM_CHALLENGE, &parameters),
        AuthOutcome::MfaRequired { challenge_name, parameters }
        | AuthOutcome::TotpRequired { challenge_name, parameters }
        | AuthOutcome::MfaSetup { challenge_name, parameters }
        | AuthOutcome::SelectMfaType { challenge_name, parameters } => challenge_step(&o, &challenge_name, &parameters),
    }
    o
}

/// Runs a sign-in step and reports it to an `IAuthenticationCallback` object.
fn run_with_callbacks<F>(callbacks: JsValue, work: F)
where
    F: Future<Output = SdkResult<AuthOutcome>> + 'static,
{
    report_outcome(callbacks, Box::pin(work));
}

fn report_outcome(callbacks: JsValue, work: LocalTask<SdkResult<AuthOutcome>>) {
    spawn(async move {
        match work.await {
            Ok(outcome) => dispatch_outcome(&callbacks, outcome),
            Err(e) => fail(&callbacks, &sdk_error(&e)),
        }
    });
}

/// Runs a sign-in step as a Promise of its next step.
fn run_as_promise<F>(work: F) -> js_sys::Promise
where
    F: Future<Output = SdkResult<AuthOutcome>> + 'static,
{
    next_step_promise(Box::pin(work))
}

fn next_step_promise(work: LocalTask<SdkResult<AuthOutcome>>) -> js_sys::Promise {
    promise(async move { work.await.map(next_step).map_err(|e| sdk_error(&e)) })
}

/// Runs work whose result goes to `onSuccess(value)` / `onFailure(err)`.
pub(super) fn run_on_success<F>(callbacks: JsValue, work: F)
where
    F: Future<Output = Result<JsValue, JsValue>> + 'static,
{
    report_on_success(callbacks, Box::pin(work));
}

fn report_on_success(callbacks: JsValue, work: LocalTask<Result<JsValue, JsValue>>) {
    spawn(async move {
        match work.await {
            Ok(v) => {
                if !call_method(&callbacks, "onSuccess", &[v]) {
                    report_missing("onSuccess");
                }
            }
            Err(e) => fail(&callbacks, &e),
        }
    });
}

/// Runs work whose result goes to a Node-style `callback(err, value)`.
pub(super) fn run_node<F>(callback: JsValue, work: F)
where
    F: Future<Output = Result<JsValue, JsValue>> + 'static,
{
    report_node(callback, Box::pin(work));
}

fn report_node(callback: JsValue, work: LocalTask<Result<JsValue, JsValue>>) {
    spawn(async move {
        match work.await {
            Ok(v) => call_node(&callback, &[JsValue::NULL, v]),
            Err(e) => call_node(&callback, &[e, JsValue::NULL]),
        }
    });
}

fn verify_result(outcome: VerifySoftwareTokenOutcome) -> JsValue {
    match outcome {
        VerifySoftwareTokenOutcome::SignedIn(session) => session_js(session),
        VerifySoftwareTokenOutcome::Verified(response) => {
            let o = object();
            if let Some(status) = &response.status {
                set(&o, "Status", &JsValue::from_str(status));
            }
            if let Some(session) = &response.session {
                set(&o, "Session", &JsValue::from_str(session));
            }
            o
        }
    }
}

pub(super) fn js_err(e: SdkError) -> JsValue {
    sdk_error(&e)
}

impl CognitoUser {
    /// A user over an existing core user.
    pub(crate) fn from_parts(core: Rc<CoreUser>, pool: Rc<PoolShared>, pool_js: Option<JsValue>, storage_js: JsValue) -> Self {
        let pool_js = pool_js.unwrap_or_else(|| JsValue::from(CognitoUserPool::from_shared(Rc::clone(&pool))));
        CognitoUser { inner: Rc::new(UserHandle { core, pool, pool_js, storage_js }) }
    }

    /// The core user.
    pub fn core(&self) -> Rc<CoreUser> {
        Rc::clone(&self.inner.core)
    }

    /// `callback` wrapped by the pool's `wrapRefreshSessionCallback`, if any (a wrapper
    /// that throws or returns a non-function leaves the callback as it was).
    fn wrap_refresh_callback(&self, callback: JsValue) -> JsValue {
        let Some(wrap) = &self.inner.pool.wrap_refresh_session_callback else { return callback };
        match wrap.call1(&JsValue::UNDEFINED, &callback) {
            Ok(wrapped) if wrapped.is_function() => wrapped,
            Ok(_) => callback,
            Err(e) => {
                report_callback_exception("wrapRefreshSessionCallback", &e);
                callback
            }
        }
    }
}

#[wasm_bindgen]
impl CognitoUser {
    /// `new CognitoUser({Username, Pool, Storage?})`; throws `Username and Pool
    /// information are required.`. Without `Storage` the pool's storage is used.
    #[wasm_bindgen(constructor)]
    pub fn new(data: JsValue) -> Result<CognitoUser, JsValue> {
        let username = get(&data, "Username");
        let pool_js = get(&data, "Pool");
        if username.is_undefined() || username.is_null() || pool_js.is_undefined() || pool_js.is_null() {
            return Err(user_and_pool_required());
        }
        let pool = pool_from_js(&pool_js).ok_or_else(|| {
            super::errors::js_error("InvalidParameterException", "Pool must be a CognitoUserPool created by this library.")
        })?;
        let username = if username.is_falsy() { String::new() } else { js_to_string(&username) };
        let given = given_storage(&get(&data, "Storage"));
        let storage_js = given.as_ref().map(|s| s.js.clone()).unwrap_or_else(|| pool.storage_js.clone());
        let core = CoreUser::new(username, Rc::clone(&pool.core), given.map(|s| s.core));
        Ok(CognitoUser::from_parts(Rc::new(core), pool, Some(pool_js), storage_js))
    }

    // ----- state -----

    #[wasm_bindgen(js_name = getUsername)]
    pub fn get_username(&self) -> String {
        self.inner.core.username()
    }

    #[wasm_bindgen(getter)]
    pub fn username(&self) -> String {
        self.inner.core.username()
    }

    #[wasm_bindgen(setter)]
    pub fn set_username(&self, username: JsValue) {
        self.inner.core.set_username(js_to_string(&username));
    }

    #[wasm_bindgen(getter)]
    pub fn pool(&self) -> JsValue {
        self.inner.pool_js.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn client(&self) -> Client {
        Client::new(Rc::clone(&self.inner.pool))
    }

    #[wasm_bindgen(getter)]
    pub fn storage(&self) -> JsValue {
        self.inner.storage_js.clone()
    }

    /// The challenge session string (null when none).
    #[wasm_bindgen(getter = Session)]
    pub fn challenge_session(&self) -> JsValue {
        self.inner.core.challenge_session().map(JsValue::from).unwrap_or(JsValue::NULL)
    }

    #[wasm_bindgen(setter = Session)]
    pub fn set_challenge_session(&self, session: JsValue) {
        self.inner.core.set_challenge_session(optional_text(&session));
    }

    #[wasm_bindgen(getter = authenticationFlowType)]
    pub fn authentication_flow_type(&self) -> String {
        self.inner.core.authentication_flow_type()
    }

    #[wasm_bindgen(getter = challengeName)]
    pub fn challenge_name(&self) -> Option<String> {
        self.inner.core.challenge_name()
    }

    #[wasm_bindgen(getter = deviceKey)]
    pub fn device_key(&self) -> Option<String> {
        self.inner.core.device_key()
    }

    #[wasm_bindgen(getter = deviceGroupKey)]
    pub fn device_group_key(&self) -> Option<String> {
        self.inner.core.device_group_key()
    }

    #[wasm_bindgen(getter = randomPassword)]
    pub fn random_password(&self) -> Option<String> {
        self.inner.core.random_password()
    }

    #[wasm_bindgen(getter = keyPrefix)]
    pub fn key_prefix(&self) -> String {
        self.inner.core.key_prefix()
    }

    #[wasm_bindgen(getter = userDataKey)]
    pub fn user_data_key(&self) -> String {
        self.inner.core.user_data_key()
    }

    /// The signed-in session, or null.
    #[wasm_bindgen(getter = signInUserSession)]
    pub fn sign_in_user_session(&self) -> JsValue {
        self.inner.core.sign_in_user_session().map(session_js).unwrap_or(JsValue::NULL)
    }

    #[wasm_bindgen(js_name = getSignInUserSession)]
    pub fn get_sign_in_user_session(&self) -> JsValue {
        self.sign_in_user_session()
    }

    /// Keeps `session` (any object with the session getters), clears the cached user data
    /// and writes the tokens to storage. Throws when the session has no tokens or storage
    /// refuses the write.
    #[wasm_bindgen(js_name = setSignInUserSession)]
    pub fn set_sign_in_user_session(&self, session: JsValue) -> Result<(), JsValue> {
        let core = JsSession::read(&session).ok_or_else(|| js_err(SdkError::local(crate::wire::errors::messages::SESSION_TOKENS_REQUIRED)))?;
        self.inner.core.set_sign_in_user_session(core).map_err(js_err)
    }

    #[wasm_bindgen(js_name = getAuthenticationFlowType)]
    pub fn get_authentication_flow_type(&self) -> String {
        self.inner.core.authentication_flow_type()
    }

    /// Sets the flow (`USER_SRP_AUTH`, `USER_PASSWORD_AUTH`, `CUSTOM_AUTH`); returns
    /// undefined, as the reference.
    #[wasm_bindgen(js_name = setAuthenticationFlowType)]
    pub fn set_authentication_flow_type(&self, flow: JsValue) {
        self.inner.core.set_authentication_flow_type(js_to_string(&flow));
    }

    // ----- storage -----

    /// Writes the in-memory session to storage (and `LastAuthUser`).
    #[wasm_bindgen(js_name = cacheTokens)]
    pub fn cache_tokens(&self) -> Result<(), JsValue> {
        self.inner.core.cache_tokens().map_err(js_err)
    }

    /// Removes the cached tokens, clock drift, `LastAuthUser` and user data.
    #[wasm_bindgen(js_name = clearCachedUser)]
    pub fn clear_cached_user(&self) -> Result<(), JsValue> {
        self.inner.core.clear_cached_user().map_err(js_err)
    }

    #[wasm_bindgen(js_name = clearCachedTokens)]
    pub fn clear_cached_tokens(&self) -> Result<(), JsValue> {
        self.inner.core.clear_cached_tokens().map_err(js_err)
    }

    #[wasm_bindgen(js_name = clearCachedUserData)]
    pub fn clear_cached_user_data(&self) -> Result<(), JsValue> {
        self.inner.core.clear_cached_user_data().map_err(js_err)
    }

    #[wasm_bindgen(js_name = cacheDeviceKeyAndPassword)]
    pub fn cache_device_key_and_password(&self) -> Result<(), JsValue> {
        self.inner.core.cache_device_key_and_password().map_err(js_err)
    }

    /// Loads `deviceKey`, `randomPassword` and `deviceGroupKey` from storage.
    #[wasm_bindgen(js_name = getCachedDeviceKeyAndPassword)]
    pub fn get_cached_device_key_and_password(&self) {
        self.inner.core.get_cached_device_key_and_password();
    }

    #[wasm_bindgen(js_name = clearCachedDeviceKeyAndPassword)]
    pub fn clear_cached_device_key_and_password(&self) -> Result<(), JsValue> {
        self.inner.core.clear_cached_device_key_and_password().map_err(js_err)
    }

    /// The pool's `getUserContextData(this.username)`.
    #[wasm_bindgen(js_name = getUserContextData)]
    pub fn get_user_context_data(&self) -> JsValue {
        CognitoUserPool::from_shared(Rc::clone(&self.inner.pool)).get_user_context_data(JsValue::from_str(&self.inner.core.username()))
    }

    // ----- sign-in -----

    /// Signs in with the current flow (SRP by default); `callbacks` is an
    /// `IAuthenticationCallback`.
    #[wasm_bindgen(js_name = authenticateUser)]
    pub fn authenticate_user(&self, details: JsValue, callbacks: JsValue) {
        let core = self.core();
        let details = core_details(&details);
        run_with_callbacks(callbacks, async move { core.authenticate_user(&details).await });
    }

    /// `authenticateUser` as a Promise of the next step.
    #[wasm_bindgen(js_name = authenticateUserAsync)]
    pub fn authenticate_user_async(&self, details: JsValue) -> js_sys::Promise {
        let core = self.core();
        let details = core_details(&details);
        run_as_promise(async move { core.authenticate_user(&details).await })
    }

    /// Custom auth without SRP: `InitiateAuth(CUSTOM_AUTH)` with `details.AuthParameters`.
    #[wasm_bindgen(js_name = initiateAuth)]
    pub fn initiate_auth(&self, details: JsValue, callbacks: JsValue) {
        let core = self.core();
        let details = core_details(&details);
        run_with_callbacks(callbacks, async move { core.initiate_auth(&details).await });
    }

    #[wasm_bindgen(js_name = initiateAuthAsync)]
    pub fn initiate_auth_async(&self, details: JsValue) -> js_sys::Promise {
        let core = self.core();
        let details = core_details(&details);
        run_as_promise(async move { core.initiate_auth(&details).await })
    }

    /// Answers a `CUSTOM_CHALLENGE`.
    #[wasm_bindgen(js_name = sendCustomChallengeAnswer)]
    pub fn send_custom_challenge_answer(&self, answer: JsValue, callbacks: JsValue, client_metadata: JsValue) {
        let core = self.core();
        let answer = js_to_string(&answer);
        let metadata = optional_string_map(&client_metadata);
        run_with_callbacks(callbacks, async move { core.send_custom_challenge_answer(&answer, metadata).await });
    }

    #[wasm_bindgen(js_name = sendCustomChallengeAnswerAsync)]
    pub fn send_custom_challenge_answer_async(&self, answer: JsValue, client_metadata: JsValue) -> js_sys::Promise {
        let core = self.core();
        let answer = js_to_string(&answer);
        let metadata = optional_string_map(&client_metadata);
        run_as_promise(async move { core.send_custom_challenge_answer(&answer, metadata).await })
    }

    /// Answers `NEW_PASSWORD_REQUIRED` with the new password and the required attributes
    /// (`{name: value}`, sent as `userAttributes.<name>`).
    #[wasm_bindgen(js_name = completeNewPasswordChallenge)]
    pub fn complete_new_password_challenge(&self, new_password: JsValue, required_attributes: JsValue, callbacks: JsValue, client_metadata: JsValue) {
        let core = self.core();
        let password = optional_text(&new_password).unwrap_or_default();
        let attributes = string_map(&required_attributes);
        let metadata = optional_string_map(&client_metadata);
        run_with_callbacks(callbacks, async move { core.complete_new_password_challenge(&password, &attributes, metadata).await });
    }

    #[wasm_bindgen(js_name = completeNewPasswordChallengeAsync)]
    pub fn complete_new_password_challenge_async(&self, new_password: JsValue, required_attributes: JsValue, client_metadata: JsValue) -> js_sys::Promise {
        let core = self.core();
        let password = optional_text(&new_password).unwrap_or_default();
        let attributes = string_map(&required_attributes);
        let metadata = optional_string_map(&client_metadata);
        run_as_promise(async move { core.complete_new_password_challenge(&password, &attributes, metadata).await })
    }

    /// Answers `SMS_MFA` (default) or `SOFTWARE_TOKEN_MFA` with a code.
    #[wasm_bindgen(js_name = sendMFACode)]
    pub fn send_mfa_code(&self, code: JsValue, callbacks: JsValue, mfa_type: JsValue, client_metadata: JsValue) {
        let core = self.core();
        let code = js_to_string(&code);
        let mfa_type = optional_text(&mfa_type);
        let metadata = optional_string_map(&client_metadata);
        run_with_callbacks(callbacks, async move { core.send_mfa_code(&code, mfa_type.as_deref(), metadata).await });
    }

    #[wasm_bindgen(js_name = sendMFACodeAsync)]
    pub fn send_mfa_code_async(&self, code: JsValue, mfa_type: JsValue, client_metadata: JsValue) -> js_sys::Promise {
        let core = self.core();
        let code = js_to_string(&code);
        let mfa_type = optional_text(&mfa_type);
        let metadata = optional_string_map(&client_metadata);
        run_as_promise(async move { core.send_mfa_code(&code, mfa_type.as_deref(), metadata).await })
    }

    /// Answers `SELECT_MFA_TYPE`; calls `mfaRequired` or `totpRequired` (nothing for other
    /// answers, as the reference).
    #[wasm_bindgen(js_name = sendMFASelectionAnswer)]
    pub fn send_mfa_selection_answer(&self, answer: JsValue, callbacks: JsValue) {
        let core = self.core();
        let answer = js_to_string(&answer);
        spawn(async move {
            match core.send_mfa_selection_answer(&answer).await {
                Ok(Some(outcome)) => dispatch_outcome(&callbacks, outcome),
                Ok(None) => {}
                Err(e) => fail(&callbacks, &sdk_error(&e)),
            }
        });
    }

    /// `sendMFASelectionAnswer` as a Promise of the next step (null for an answer other
    /// than `SMS_MFA` / `SOFTWARE_TOKEN_MFA`).
    #[wasm_bindgen(js_name = sendMFASelectionAnswerAsync)]
    pub fn send_mfa_selection_answer_async(&self, answer: JsValue) -> js_sys::Promise {
        let core = self.core();
        let answer = js_to_string(&answer);
        promise(async move {
            match core.send_mfa_selection_answer(&answer).await {
                Ok(Some(outcome)) => Ok(next_step(outcome)),
                Ok(None) => Ok(JsValue::NULL),
                Err(e) => Err(sdk_error(&e)),
            }
        })
    }

    /// Starts TOTP setup; calls `associateSecretCode(secretCode)`.
    #[wasm_bindgen(js_name = associateSoftwareToken)]
    pub fn associate_software_token(&self, callbacks: JsValue) {
        let core = self.core();
        spawn(async move {
            match core.associate_software_token().await {
                Ok(secret) => call_challenge(&callbacks, "associateSecretCode", challenge::MFA_SETUP, &[JsValue::from_str(&secret)]),
                Err(e) => fail(&callbacks, &sdk_error(&e)),
            }
        });
    }

    /// `associateSoftwareToken` as a Promise of the secret code.
    #[wasm_bindgen(js_name = associateSoftwareTokenAsync)]
    pub fn associate_software_token_async(&self) -> js_sys::Promise {
        let core = self.core();
        promise(async move { core.associate_software_token().await.map(JsValue::from).map_err(js_err) })
    }

    /// Verifies a TOTP code: during sign-in `onSuccess(session)`, when signed in
    /// `onSuccess({Status})`.
    #[wasm_bindgen(js_name = verifySoftwareToken)]
    pub fn verify_software_token(&self, totp_code: JsValue, friendly_device_name: JsValue, callbacks: JsValue) {
        let core = self.core();
        let code = js_to_string(&totp_code);
        let name = optional_text(&friendly_device_name);
        run_on_success(callbacks, async move { core.verify_software_token(&code, name.as_deref()).await.map(verify_result).map_err(js_err) });
    }

    #[wasm_bindgen(js_name = verifySoftwareTokenAsync)]
    pub fn verify_software_token_async(&self, totp_code: JsValue, friendly_device_name: JsValue) -> js_sys::Promise {
        let core = self.core();
        let code = js_to_string(&totp_code);
        let name = optional_text(&friendly_device_name);
        promise(async move { core.verify_software_token(&code, name.as_deref()).await.map(verify_result).map_err(js_err) })
    }

    // ----- sessions -----

    /// `callback(err, session)`: the in-memory session, else the stored one, else a
    /// refresh with the stored refresh token. `options.clientMetadata` goes to the refresh.
    #[wasm_bindgen(js_name = getSession)]
    pub fn get_session(&self, callback: JsValue, options: JsValue) {
        let metadata = optional_string_map(&get(&options, "clientMetadata"));
        match self.inner.core.local_session() {
            Ok(LocalSession::Valid(session)) => run_node(callback, async move { Ok(session_js(session)) }),
            Err(e) => run_node(callback, async move { Err(js_err(e)) }),
            // As the reference, the refresh reports through the wrapped callback.
            Ok(LocalSession::NeedsRefresh(token)) => {
                let callback = self.wrap_refresh_callback(callback);
                let core = self.core();
                run_node(callback, async move { core.refresh_session(&token, metadata).await.map(session_js).map_err(js_err) });
            }
        }
    }

    #[wasm_bindgen(js_name = getSessionAsync)]
    pub fn get_session_async(&self, options: JsValue) -> js_sys::Promise {
        let core = self.core();
        let metadata = optional_string_map(&get(&options, "clientMetadata"));
        promise(async move { core.get_session(metadata).await.map(session_js).map_err(js_err) })
    }

    /// `REFRESH_TOKEN_AUTH` with `refreshToken` (a `CognitoRefreshToken` or its text);
    /// `callback(err, session)`, wrapped by the pool's `wrapRefreshSessionCallback`.
    #[wasm_bindgen(js_name = refreshSession)]
    pub fn refresh_session(&self, refresh_token: JsValue, callback: JsValue, client_metadata: JsValue) {
        let callback = self.wrap_refresh_callback(callback);
        let core = self.core();
        let token = RefreshToken::new(refresh_text_of(&refresh_token).unwrap_or_default());
        let metadata = optional_string_map(&client_metadata);
        run_node(callback, async move { core.refresh_session(&token, metadata).await.map(session_js).map_err(js_err) });
    }

    #[wasm_bindgen(js_name = refreshSessionAsync)]
    pub fn refresh_session_async(&self, refresh_token: JsValue, client_metadata: JsValue) -> js_sys::Promise {
        let core = self.core();
        let token = RefreshToken::new(refresh_text_of(&refresh_token).unwrap_or_default());
        let metadata = optional_string_map(&client_metadata);
        promise(async move { core.refresh_session(&token, metadata).await.map(session_js).map_err(js_err) })
    }

    /// Without a callback: forgets the session and clears the cached user, at once. With
    /// one: gets the session, revokes the refresh token (when revocable), cleans up and
    /// calls `callback(err?)`.
    #[wasm_bindgen(js_name = signOut)]
    pub fn sign_out(&self, callback: JsValue) -> Result<(), JsValue> {
        let Some(f) = callback.dyn_ref::<js_sys::Function>().cloned() else {
            return self.inner.core.sign_out().map_err(js_err);
        };
        let core = self.core();
        spawn(async move {
            match core.sign_out_and_revoke().await {
                Ok(()) => call_function("signOut", &f, &JsValue::UNDEFINED, &[]),
                Err(e) => call_function("signOut", &f, &JsValue::UNDEFINED, &[sdk_error(&e)]),
            }
        });
        Ok(())
    }

    /// `signOut(callback)` as a Promise (revokes the refresh token when revocable).
    #[wasm_bindgen(js_name = signOutAsync)]
    pub fn sign_out_async(&self) -> js_sys::Promise {
        let core = self.core();
        promise(async move { core.sign_out_and_revoke().await.map(|_| JsValue::UNDEFINED).map_err(js_err) })
    }

    /// `RevokeToken` of the refresh token when the access token has `origin_jti`;
    /// `callback(err?)`.
    #[wasm_bindgen(js_name = revokeTokens)]
    pub fn revoke_tokens(&self, callback: JsValue) {
        let core = self.core();
        spawn(async move {
            match core.revoke_tokens().await {
                Ok(()) => call_node(&callback, &[]),
                Err(e) => call_node(&callback, &[sdk_error(&e)]),
            }
        });
    }

    #[wasm_bindgen(js_name = revokeTokensAsync)]
    pub fn revoke_tokens_async(&self) -> js_sys::Promise {
        let core = self.core();
        promise(async move { core.revoke_tokens().await.map(|_| JsValue::UNDEFINED).map_err(js_err) })
    }

    /// `GlobalSignOut`, then clears the cached user; `onSuccess('SUCCESS')`.
    #[wasm_bindgen(js_name = globalSignOut)]
    pub fn global_sign_out(&self, callbacks: JsValue) {
        let core = self.core();
        run_on_success(callbacks, async move { core.global_sign_out().await.map(|_| JsValue::from_str("SUCCESS")).map_err(js_err) });
    }

    #[wasm_bindgen(js_name = globalSignOutAsync)]
    pub fn global_sign_out_async(&self) -> js_sys::Promise {
        let core = self.core();
        promise(async move { core.global_sign_out().await.map(|_| JsValue::from_str("SUCCESS")).map_err(js_err) })
    }
}
