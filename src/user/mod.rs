//! The core of `CognitoUser`: its state and its sign-in and session flows, async over a
//! [`Transport`], with tokens kept in a [`Storage`]. The binding maps results to the
//! reference's callbacks.
//!
//! # API summary (for the binding layer)
//!
//! Pool ([`pool`]):
//! - `PoolConfig::new(PoolData{..}) -> SdkResult<PoolConfig>` (crate::pool_config;
//!   `set_device_name(navigator.userAgent)` for `ConfirmDevice`);
//! - `UserPool::new(config, transport, storage: Rc<dyn Storage>)`, then
//!   `set_user_context_provider(Some(Box::new(|username| getData(..))))`,
//!   `set_refresh_observer(Some(Box::new(|result| ..)))` (refreshes the core starts on
//!   its own, for `wrapRefreshSessionCallback`);
//!   `config()`, `storage()`, `client()`, `encoded_user_context_data(username)`;
//! - `current_user(&Rc<UserPool<T>>) -> Option<CognitoUser<T>>` (`getCurrentUser`);
//! - `sign_up(username, password, Option<Vec<UserAttribute>>, validation_data,
//!   client_metadata) -> SdkResult<SignUpResult>` (`{username, user_confirmed, user_sub,
//!   code_delivery_details}`; the binding builds `user`);
//! - `client().request_text(operation_name, body_json)` /
//!   `request_text_with_retry(..)` (`pool.client.request`: any operation name; the
//!   success body as JSON text).
//!
//! User ([`CognitoUser`]; every method takes `&self`; hold it in an `Rc` and clone the
//! `Rc` into `spawn_local`/`future_to_promise` futures):
//! - `CognitoUser::new(username, Rc<UserPool<T>>, storage: Option<Rc<dyn Storage>>)`;
//! - state: `username()`, `set_username()`, `authentication_flow_type()`,
//!   `set_authentication_flow_type()`, `challenge_session()` (the JS `Session`),
//!   `set_challenge_session()`, `challenge_name()`, `device_key()`, `device_group_key()`,
//!   `random_password()`, `sign_in_user_session()`, `set_sign_in_user_session()`,
//!   `key_prefix()`, `user_data_key()`;
//! - storage: `cache_tokens()`, `clear_cached_user()`, `clear_cached_tokens()`,
//!   `clear_cached_user_data()`, `cache_device_key_and_password()`,
//!   `get_cached_device_key_and_password()`, `clear_cached_device_key_and_password()`;
//! - sign-in (each `-> SdkResult<AuthOutcome>`): `authenticate_user(&details)`,
//!   `initiate_auth(&details)`, `send_custom_challenge_answer(answer, metadata)`,
//!   `complete_new_password_challenge(new_password, attributes, metadata)`,
//!   `send_mfa_code(code, mfa_type, metadata)`; `send_mfa_selection_answer(answer) ->
//!   SdkResult<Option<AuthOutcome>>` (`None`: no callback fires);
//!   `associate_software_token() -> SdkResult<String>` (the secret code);
//!   `verify_software_token(code, friendly_name) -> SdkResult<VerifySoftwareTokenOutcome>`;
//! - sessions: `local_session() -> SdkResult<LocalSession>` (`Valid(session)` or
//!   `NeedsRefresh(refresh_token)`: steps 1–5 of `getSession`, no network),
//!   `get_session(metadata) -> SdkResult<CognitoUserSession>` (= `local_session` +
//!   `refresh_session`),
//!   `refresh_session(&RefreshToken, metadata)` (concurrent refreshes of one token share
//!   one request), `sign_out()` (local), `sign_out_and_revoke()` (`signOut(cb)`),
//!   `revoke_tokens()`, `global_sign_out()`;
//! - `is_session_valid()` (`signInUserSession != null && isValid()`, the "auth" guard),
//!   `signed_in_access_token()` (the access token when that guard passes).
//!
//! Choice-based sign-in ([`user_auth`], each `-> SdkResult<UserAuthOutcome>`):
//! `sign_in_with_user_auth(&details, preferred_challenge)`, `select_challenge(answer,
//! password)`, `send_otp_code(challenge_name, code)`, `send_webauthn_credential(json)`;
//! e-mail MFA: `AuthOutcome::MfaRequired` with `challenge_name == "EMAIL_OTP"`, answered
//! by `send_mfa_code(code, Some("EMAIL_OTP"), ..)`, set with
//! `set_user_mfa_preference_with_email`. Passkeys (auth): `start_webauthn_registration()
//! -> CredentialCreationOptions`, `complete_webauthn_registration(json)`,
//! `list_webauthn_credentials(max, next)`, `delete_webauthn_credential(id)`. Refresh-token
//! rotation: `PoolConfig::set_refresh_token_rotation(true)` makes `refresh_session` use
//! `GetTokensFromRefreshToken`.
//!
//! Account. "auth" = fails at once with `User is not authenticated` without a
//! valid in-memory session (never refreshes). `RawJson` = the response as JSON text for
//! the binding to `JSON.parse` (`.parse::<T>()` in Rust). `()` = the reference's
//! `'SUCCESS'`. Callback shapes: N = node callback, O = `{onSuccess, onFailure}`.
//! - registration (`sign_up.rs`): `confirm_registration(code, Option<bool>, metadata) ->
//!   ()` (N), `resend_confirmation_code(metadata) -> RawJson` (N; `{CodeDeliveryDetails}`);
//! - passwords (`account.rs`): `forgot_password(metadata) -> RawJson` (to
//!   `inputVerificationCode` if given, else `onSuccess`), `confirm_password(code,
//!   new_password, metadata) -> ()` (O), `change_password(old, new, metadata) -> ()` (N,
//!   auth), `delete_user(metadata) -> ()` (N, auth; then `clear_cached_user`);
//! - attributes (`attributes.rs`): `get_user_attributes() -> Vec<UserAttribute>` (N, auth;
//!   build `CognitoUserAttribute`s), `update_attributes(Vec<UserAttribute>, metadata) ->
//!   RawJson` (N, auth; `cb(null, 'SUCCESS', details)`), `delete_attributes(Vec<String>)
//!   -> ()` (N, auth), `get_attribute_verification_code(name, metadata) -> RawJson`
//!   (auth; `inputVerificationCode(data)` if given, else `onSuccess('SUCCESS')`),
//!   `verify_attribute(name, code) -> ()` (O, auth), `get_user_data(GetUserDataOptions
//!   {bypass_cache, client_metadata}) -> RawJson` (N, auth), `get_mfa_options() ->
//!   Option<Vec<MfaOption>>` (N, auth; `None` = `undefined`);
//!   the bare requests the JS face composes as the reference does:
//!   `update_user_attributes(..) -> RawJson`, `delete_user_attributes(..)` (no
//!   `getUserData` after them) and `fetch_signed_in_user_data() -> RawJson` (`GetUser`,
//!   cached; the reference's `fetchUserData`);
//! - MFA (`mfa.rs`): `enable_mfa()`, `disable_mfa()`, `set_user_mfa_preference(
//!   Option<MfaSettings>, Option<MfaSettings>)` (all N, auth, `-> ()`); TOTP setup when
//!   signed in is `associate_software_token` / `verify_software_token` above;
//! - devices ([`devices`]; O, auth): `get_device() -> RawJson`, `list_devices(
//!   Option<u32>, Option<&str>) -> RawJson`, `set_device_status_remembered()`,
//!   `set_device_status_not_remembered()`, `forget_device()` (also drops the device
//!   keys), `forget_specific_device(key)` (`-> ()`).
//!
//! Wire types of these calls are in [`crate::protocol::account`] (`UserAttribute`,
//! `CodeDeliveryDetails`, `MfaOption`, `MfaSettings`, ...). With a client secret,
//! `SecretHash` is sent by `SignUp`, `ConfirmSignUp`, `ResendConfirmationCode`,
//! `ForgotPassword` and `ConfirmForgotPassword` (over the `Username` sent).
//!
//! Errors are [`SdkError`] (`code: Option<String>`, `name`, `message`, `status_code`):
//! `code == None` means a plain `new Error(message)`.

mod account;
pub mod account_types;
mod attributes;
mod auth;
mod challenges;
mod device;
pub mod devices;
mod mfa;
pub mod outcome;
mod passkeys;
pub mod pool;
pub mod refresh_gate;
pub mod session_ops;
mod sign_up;
pub mod user_auth;

use std::cell::RefCell;
use std::rc::Rc;

pub use outcome::{AuthOutcome, AuthenticationDetails, VerifySoftwareTokenOutcome};
pub use auth::SignInStep;
pub use account_types::{GetUserDataOptions, RawJson, SignUpResult};
pub use pool::{current_user, RefreshObserver, UserContextProvider, UserPool};
pub use session_ops::LocalSession;
pub use user_auth::UserAuthOutcome;

use crate::session::{format_clock_drift, CognitoUserSession};
use crate::storage::{remove_all, write_all_or_restore, KeyScheme, Storage, UserKey};
use crate::protocol::messages::{AuthenticationResult, ParameterMap, UserContextData};
use crate::wire::{SdkError, SdkResult, Transport};
use crate::tokens::{AccessToken, IdToken, RefreshToken};

/// The remembered-device secrets of a user.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct DeviceSecrets {
    pub key: Option<String>,
    pub group_key: Option<String>,
    pub random_password: Option<String>,
}

/// Mutable state of a user (the reference's public fields).
struct UserState {
    username: String,
    session: Option<CognitoUserSession>,
    challenge_session: Option<String>,
    authentication_flow_type: String,
    challenge_name: Option<String>,
    device: DeviceSecrets,
    /// True while `session` is one the caller set without the SDK writing it to storage
    /// (`user.signInUserSession = s` in JavaScript): `getSession` then serves it while it is
    /// valid, as the reference does, without the cross-tab check against storage.
    session_unsaved: bool,
    /// `userDataKey`: the username given to the constructor, then USER_ID_FOR_SRP once an
    /// SRP sign-in names it (as the reference switches it there, and nowhere else).
    user_data_key: String,
}

/// `CognitoUser`.
pub struct CognitoUser<T> {
    pool: Rc<UserPool<T>>,
    storage: Rc<dyn Storage>,
    keys: KeyScheme,
    state: RefCell<UserState>,
}

impl<T> std::fmt::Debug for CognitoUser<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.state.borrow();
        f.debug_struct("CognitoUser")
            .field("username", &s.username)
            .field("authentication_flow_type", &s.authentication_flow_type)
            .field("signed_in", &s.session.is_some())
            .field("challenge_name", &s.challenge_name)
            .finish_non_exhaustive()
    }
}

impl<T: Transport> CognitoUser<T> {
    /// `new CognitoUser({Username, Pool, Storage})`: the pool's storage unless another is
    /// given; flow `USER_SRP_AUTH`.
    pub fn new(username: impl Into<String>, pool: Rc<UserPool<T>>, storage: Option<Rc<dyn Storage>>) -> Self {
        let storage = storage.unwrap_or_else(|| Rc::clone(pool.storage()));
        let keys = pool.config().keys();
        let username = username.into();
        let user_data_key = keys.user_key(&username, UserKey::UserData);
        CognitoUser {
            pool,
            storage,
            keys,
            state: RefCell::new(UserState {
                username,
                session: None,
                session_unsaved: false,
                challenge_session: None,
                authentication_flow_type: crate::protocol::names::flow::USER_SRP_AUTH.to_string(),
                challenge_name: None,
                device: DeviceSecrets::default(),
                user_data_key,
            }),
        }
    }

    /// The pool.
    pub fn pool(&self) -> &Rc<UserPool<T>> {
        &self.pool
    }

    /// The user's storage.
    pub fn storage(&self) -> &Rc<dyn Storage> {
        &self.storage
    }

    /// `getUsername()` (becomes `USER_ID_FOR_SRP` after an SRP `InitiateAuth`, and
    /// `LastAuthUser` on refresh, as in the reference).
    pub fn username(&self) -> String {
        self.state.borrow().username.clone()
    }

    /// Sets `username`.
    pub fn set_username(&self, username: impl Into<String>) {
        self.state.borrow_mut().username = username.into();
    }

    /// `getAuthenticationFlowType()`.
    pub fn authentication_flow_type(&self) -> String {
        self.state.borrow().authentication_flow_type.clone()
    }

    /// `setAuthenticationFlowType(t)`: stored as given; `authenticate_user` rejects
    /// unknown values.
    pub fn set_authentication_flow_type(&self, flow: impl Into<String>) {
        self.state.borrow_mut().authentication_flow_type = flow.into();
    }

    /// The challenge `Session` string.
    pub fn challenge_session(&self) -> Option<String> {
        self.state.borrow().challenge_session.clone()
    }

    /// Sets the challenge `Session` string.
    pub fn set_challenge_session(&self, session: Option<String>) {
        self.state.borrow_mut().challenge_session = session;
    }

    /// `challengeName`: the challenge name of the response that completed sign-in.
    pub fn challenge_name(&self) -> Option<String> {
        self.state.borrow().challenge_name.clone()
    }

    /// `deviceKey`.
    pub fn device_key(&self) -> Option<String> {
        self.state.borrow().device.key.clone()
    }

    /// `deviceGroupKey`.
    pub fn device_group_key(&self) -> Option<String> {
        self.state.borrow().device.group_key.clone()
    }

    /// `randomPassword` (the device password; never log it).
    pub fn random_password(&self) -> Option<String> {
        self.state.borrow().device.random_password.clone()
    }

    /// `getSignInUserSession()`.
    pub fn sign_in_user_session(&self) -> Option<CognitoUserSession> {
        self.state.borrow().session.clone()
    }

    /// `setSignInUserSession(s)`: clears the cached user data, keeps the session and
    /// writes it to storage.
    pub fn set_sign_in_user_session(&self, session: CognitoUserSession) -> SdkResult<()> {
        self.clear_cached_user_data()?;
        self.put_session(Some(session.clone()));
        self.write_session(&self.username(), &session)
    }

    /// True when the in-memory session exists and is valid now (the guard of the
    /// reference's signed-in-only methods).
    pub fn is_session_valid(&self) -> bool {
        let now = self.now_seconds();
        self.state.borrow().session.as_ref().is_some_and(|s| s.is_valid(now))
    }

    /// The access token of a valid in-memory session, or `None` (the "auth" guard of
    /// the reference's signed-in-only methods: `User is not authenticated`).
    pub fn signed_in_access_token(&self) -> Option<String> {
        if !self.is_session_valid() {
            return None;
        }
        self.sign_in_user_session().map(|s| s.access_token().jwt_token().to_string())
    }

    /// Sets `challengeName` (the face writes back what JavaScript assigned to the field).
    pub fn set_challenge_name(&self, challenge_name: Option<String>) {
        self.state.borrow_mut().challenge_name = challenge_name;
    }

    /// Sets `deviceKey`, `deviceGroupKey` and `randomPassword` in memory (no storage write;
    /// the face writes back what JavaScript holds in those fields).
    pub fn set_device_secrets(&self, key: Option<String>, group_key: Option<String>, random_password: Option<String>) {
        self.state.borrow_mut().device = DeviceSecrets { key, group_key, random_password };
    }

    /// Sets the in-memory `signInUserSession` without touching storage (the face holds the
    /// field; `set_sign_in_user_session` is the reference's setter, which also writes).
    /// `unsaved`: the caller set it without the SDK storing it (see `local_session`).
    pub fn set_in_memory_session(&self, session: Option<CognitoUserSession>, unsaved: bool) {
        let mut state = self.state.borrow_mut();
        state.session = session;
        state.session_unsaved = unsaved;
    }

    /// Keeps `session` in memory as one the SDK stored (or found in storage).
    pub(crate) fn put_session(&self, session: Option<CognitoUserSession>) {
        self.set_in_memory_session(session, false);
    }

    /// True while the in-memory session is one the caller set and the SDK never stored.
    pub fn session_unsaved(&self) -> bool {
        self.state.borrow().session_unsaved
    }

    /// Sets `userDataKey` (a writable field in the reference).
    pub fn set_user_data_key(&self, key: impl Into<String>) {
        self.state.borrow_mut().user_data_key = key.into();
    }

    /// `keyPrefix`: `CognitoIdentityServiceProvider.<clientId>`.
    pub fn key_prefix(&self) -> String {
        self.keys.prefix().to_string()
    }

    /// `userDataKey`: `<prefix>.<username>.userData`, with the username given to the
    /// constructor or, after an SRP sign-in, the USER_ID_FOR_SRP it named.
    pub fn user_data_key(&self) -> String {
        self.state.borrow().user_data_key.clone()
    }

    /// From an SRP sign-in's PASSWORD_VERIFIER on, the user is known by USER_ID_FOR_SRP (the
    /// real username when the typed one was an alias): its name and its cached user data key.
    pub(crate) fn become_user_id_for_srp(&self, user_id_for_srp: &str) {
        let mut state = self.state.borrow_mut();
        state.username = user_id_for_srp.to_string();
        state.user_data_key = self.keys.user_key(user_id_for_srp, UserKey::UserData);
    }

    /// `cacheTokens()`: writes the in-memory session under the current username and sets
    /// `LastAuthUser`. On a storage failure the previous entries are put back.
    pub fn cache_tokens(&self) -> SdkResult<()> {
        let Some(session) = self.sign_in_user_session() else { return Ok(()) };
        self.write_session(&self.username(), &session)?;
        self.state.borrow_mut().session_unsaved = false;
        Ok(())
    }

    fn write_session(&self, username: &str, session: &CognitoUserSession) -> SdkResult<()> {
        let k = &self.keys;
        let entries = [
            (k.user_key(username, UserKey::IdToken), session.id_token().jwt_token().to_string()),
            (k.user_key(username, UserKey::AccessToken), session.access_token().jwt_token().to_string()),
            (k.user_key(username, UserKey::RefreshToken), session.refresh_token().token().to_string()),
            (k.user_key(username, UserKey::ClockDrift), format_clock_drift(session.clock_drift())),
            (k.last_auth_user(), username.to_string()),
        ];
        write_all_or_restore(self.storage.as_ref(), &entries)
    }

    /// `clearCachedUser()`: removes the tokens, clock drift, `LastAuthUser` and user data
    /// (never the device keys). Every key is removed even when removing one fails (the
    /// reference stops at a throwing `removeItem` and leaves the rest of the session
    /// behind); the first failure is returned afterwards, as the reference's throw would be.
    pub fn clear_cached_user(&self) -> SdkResult<()> {
        let tokens = self.clear_cached_tokens();
        let user_data = self.clear_cached_user_data();
        tokens.and(user_data)
    }

    /// `clearCachedTokens()`: removes the id, access and refresh tokens, `LastAuthUser` and
    /// the clock drift, each even when an earlier removal failed (see
    /// [`crate::storage::remove_all`]).
    pub fn clear_cached_tokens(&self) -> SdkResult<()> {
        let username = self.username();
        let k = &self.keys;
        let keys = [
            k.user_key(&username, UserKey::IdToken),
            k.user_key(&username, UserKey::AccessToken),
            k.user_key(&username, UserKey::RefreshToken),
            k.last_auth_user(),
            k.user_key(&username, UserKey::ClockDrift),
        ];
        remove_all(self.storage.as_ref(), &keys)
    }

    /// `clearCachedUserData()`.
    pub fn clear_cached_user_data(&self) -> SdkResult<()> {
        self.storage.remove_item(&self.user_data_key())
    }

    /// `cacheDeviceKeyAndPassword()`: writes the in-memory device secrets.
    pub fn cache_device_key_and_password(&self) -> SdkResult<()> {
        let username = self.username();
        let device = self.state.borrow().device.clone();
        let k = &self.keys;
        let entries = [
            (k.user_key(&username, UserKey::DeviceKey), device.key.unwrap_or_default()),
            (k.user_key(&username, UserKey::RandomPassword), device.random_password.unwrap_or_default()),
            (k.user_key(&username, UserKey::DeviceGroupKey), device.group_key.unwrap_or_default()),
        ];
        write_all_or_restore(self.storage.as_ref(), &entries)
    }

    /// `getCachedDeviceKeyAndPassword()`: loads the device secrets of the current
    /// username, when a device key is stored.
    pub fn get_cached_device_key_and_password(&self) {
        let username = self.username();
        let k = &self.keys;
        let Some(key) = self.storage.get_item(&k.user_key(&username, UserKey::DeviceKey)).filter(|v| !v.is_empty()) else { return };
        let random_password = self.storage.get_item(&k.user_key(&username, UserKey::RandomPassword));
        let group_key = self.storage.get_item(&k.user_key(&username, UserKey::DeviceGroupKey));
        self.state.borrow_mut().device = DeviceSecrets { key: Some(key), group_key, random_password };
    }

    /// `clearCachedDeviceKeyAndPassword()`: every device key, even when removing one fails.
    pub fn clear_cached_device_key_and_password(&self) -> SdkResult<()> {
        let username = self.username();
        let keys = [UserKey::DeviceKey, UserKey::RandomPassword, UserKey::DeviceGroupKey].map(|key| self.keys.user_key(&username, key));
        remove_all(self.storage.as_ref(), &keys)
    }

    // ----- helpers shared by the flows -----

    fn now_seconds(&self) -> i64 {
        self.pool.transport().now_seconds()
    }

    fn user_context_data(&self) -> Option<UserContextData> {
        self.pool.user_context_data(&self.username())
    }

    fn client_id(&self) -> String {
        self.pool.config().client_id().to_string()
    }

    /// `SecretHash` for `username` when the pool has a client secret.
    fn secret_hash(&self, username: &str) -> Option<String> {
        self.pool.config().secret_hash(username)
    }

    /// The access token of the valid in-memory session, or the reference's `User is not
    /// authenticated` error (the guard of every signed-in-only method; never refreshes).
    fn require_access_token(&self) -> SdkResult<String> {
        self.signed_in_access_token().ok_or_else(|| SdkError::local(crate::wire::errors::messages::USER_NOT_AUTHENTICATED))
    }

    /// Adds `SECRET_HASH` for `username` when the pool has a client secret.
    fn add_secret_hash(&self, parameters: &mut ParameterMap, username: &str) {
        if let Some(hash) = self.pool.config().secret_hash(username) {
            parameters.insert("SECRET_HASH".to_string(), Some(hash));
        }
    }

    /// The reference's `getCognitoUserSession(authResult)`, but a result without both
    /// JWTs is an error rather than an unusable session.
    fn session_from_result(&self, result: Option<&AuthenticationResult>) -> SdkResult<CognitoUserSession> {
        let result = result.ok_or_else(|| SdkError::invalid_response("The response has no AuthenticationResult"))?;
        let (Some(id), Some(access)) = (result.id_token.as_deref(), result.access_token.as_deref()) else {
            return Err(SdkError::invalid_response("The AuthenticationResult has no IdToken or AccessToken"));
        };
        CognitoUserSession::new(
            Some(IdToken::new(id)),
            Some(AccessToken::new(access)),
            Some(RefreshToken::new(result.refresh_token.clone().unwrap_or_default())),
            None,
            self.now_seconds(),
        )
    }

    /// Stores `session` (storage first: a failed write changes nothing) and keeps it in
    /// memory.
    fn adopt_session(&self, session: CognitoUserSession) -> SdkResult<CognitoUserSession> {
        self.write_session(&self.username(), &session)?;
        self.put_session(Some(session.clone()));
        Ok(session)
    }

    fn set_device(&self, device: DeviceSecrets) {
        self.state.borrow_mut().device = device;
    }

    fn device(&self) -> DeviceSecrets {
        self.state.borrow().device.clone()
    }
}
