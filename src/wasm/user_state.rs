//! `UserState` (js/FACE.md): what the face reads from a `CognitoUser` before a call and
//! writes back after it. [`bind`] builds the core's pool and user from it, over the call's
//! `Env` ([`JsClient`] for requests, [`JsStorage`] for storage); [`read_back`] reads the
//! state out of the core's user once the call is done. No state outlives the call.

use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::JsValue;

use super::interop::get;
use super::js_client::JsClient;
use super::js_storage::JsStorage;
use crate::json_read::{ReadError, Value};
use crate::pool_config::{PoolConfig, PoolData};
use crate::session::CognitoUserSession;
use crate::storage::Storage;
use crate::tokens::{AccessToken, IdToken, RefreshToken};
use crate::user::refresh_gate::RefreshGate;
use crate::user::{CognitoUser, UserPool};
use crate::wire::{SdkResult, Transport};

/// The pool fields a call needs.
#[derive(Serialize, Clone, Default)]
#[serde(rename_all = "camelCase")]
pub struct PoolState {
    /// `userPoolId`.
    pub user_pool_id: String,
    /// `clientId`.
    pub client_id: String,
    /// The `ClientSecret` option (never shown by `Debug`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// `advancedSecurityDataCollectionFlag`.
    pub advanced_security_data_collection_flag: bool,
    /// The `RefreshTokenRotation` pool option: refresh through `GetTokensFromRefreshToken`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub refresh_token_rotation: bool,
}

/// `signInUserSession` as token strings.
#[derive(Serialize, Clone, Default)]
#[serde(rename_all = "camelCase")]
pub struct SessionTokens {
    /// The id token JWT.
    pub id_token: String,
    /// The access token JWT.
    pub access_token: String,
    /// The refresh token.
    pub refresh_token: String,
    /// `clockDrift` in seconds; `null` = compute it from the tokens' `iat`.
    pub clock_drift: Option<f64>,
    /// True when the page set this session (`user.signInUserSession = s`) and the SDK never
    /// stored it: `getSession` serves it while valid without checking storage.
    pub unsaved: bool,
}

/// A `CognitoUser`'s fields, as they cross the boundary.
#[derive(Serialize, Clone, Default)]
#[serde(rename_all = "camelCase")]
pub struct UserState {
    /// `username` (`null` allowed, as in the reference).
    pub username: Option<String>,
    /// The pool.
    pub pool: PoolState,
    /// `authenticationFlowType`.
    pub authentication_flow_type: String,
    /// `Session`: the challenge session string.
    #[serde(rename = "Session")]
    pub session: Option<String>,
    /// `challengeName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_name: Option<String>,
    /// `deviceKey`.
    pub device_key: Option<String>,
    /// `deviceGroupKey`.
    pub device_group_key: Option<String>,
    /// `randomPassword` (the device's password).
    pub random_password: Option<String>,
    /// `keyPrefix`.
    pub key_prefix: String,
    /// `userDataKey`.
    pub user_data_key: String,
    /// `signInUserSession`.
    pub sign_in_user_session: Option<SessionTokens>,
    /// `EncodedData` of the advanced-security script, computed by the face.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_context_data: Option<String>,
}

impl std::fmt::Debug for UserState {
    /// Tokens, the challenge session, the device password and the client secret are secrets:
    /// only whether they are set is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let set = |v: bool| if v { "<set>" } else { "<none>" };
        f.debug_struct("UserState")
            .field("username", &self.username)
            .field("user_pool_id", &self.pool.user_pool_id)
            .field("client_id", &self.pool.client_id)
            .field("client_secret", &set(self.pool.client_secret.is_some()))
            .field("authentication_flow_type", &self.authentication_flow_type)
            .field("session", &set(self.session.is_some()))
            .field("challenge_name", &self.challenge_name)
            .field("device_key", &self.device_key)
            .field("random_password", &set(self.random_password.is_some()))
            .field("sign_in_user_session", &set(self.sign_in_user_session.is_some()))
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for SessionTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionTokens").field("clock_drift", &self.clock_drift).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for PoolState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PoolState")
            .field("user_pool_id", &self.user_pool_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "<set>"))
            .finish()
    }
}

/// Reads the state the face hands over (a plain object, js/src/state.js): `JSON.stringify`
/// read by [`crate::json_read::parse`] and the fields taken by hand (no serde visitor per
/// type). Missing fields are their defaults; `pool`, its two ids and the session's two
/// tokens are required; a field of the wrong type is an `InvalidParameterException`.
pub fn read_state(value: &JsValue) -> SdkResult<UserState> {
    super::interop::read_js(value, "The user state", state_of)
}

fn state_of(v: &Value) -> Result<UserState, ReadError> {
    let pool = match v.get("pool") {
        Some(p @ Value::Object(_)) => p,
        _ => return Err(ReadError),
    };
    Ok(UserState {
        username: v.opt_string("username")?,
        pool: PoolState {
            user_pool_id: pool.required_string("userPoolId")?,
            client_id: pool.required_string("clientId")?,
            client_secret: pool.opt_string("clientSecret")?,
            advanced_security_data_collection_flag: pool.bool_or_false("advancedSecurityDataCollectionFlag")?,
            refresh_token_rotation: pool.bool_or_false("refreshTokenRotation")?,
        },
        authentication_flow_type: v.string_or_empty("authenticationFlowType")?,
        session: v.opt_string("Session")?,
        challenge_name: v.opt_string("challengeName")?,
        device_key: v.opt_string("deviceKey")?,
        device_group_key: v.opt_string("deviceGroupKey")?,
        random_password: v.opt_string("randomPassword")?,
        key_prefix: v.string_or_empty("keyPrefix")?,
        user_data_key: v.string_or_empty("userDataKey")?,
        sign_in_user_session: match v.opt_object("signInUserSession")? {
            Some(s) => Some(SessionTokens {
                id_token: s.required_string("idToken")?,
                access_token: s.required_string("accessToken")?,
                refresh_token: s.string_or_empty("refreshToken")?,
                clock_drift: s.opt_number("clockDrift")?,
                unsaved: s.bool_or_false("unsaved")?,
            }),
            None => None,
        },
        user_context_data: v.opt_string("userContextData")?,
    })
}

/// The storage object of an `Env` as the core's [`Storage`].
pub fn env_storage(env: &JsValue) -> Rc<dyn Storage> {
    Rc::new(JsStorage::new(get(env, "storage")))
}

/// The core session of `tokens` (a missing drift is computed at `now_seconds`).
pub fn core_session(tokens: &SessionTokens, now_seconds: i64) -> SdkResult<CognitoUserSession> {
    CognitoUserSession::new(
        Some(IdToken::new(tokens.id_token.clone())),
        Some(AccessToken::new(tokens.access_token.clone())),
        Some(RefreshToken::new(tokens.refresh_token.clone())),
        tokens.clock_drift,
        now_seconds,
    )
}

/// The token strings of a core session.
pub fn session_tokens(session: &CognitoUserSession) -> SessionTokens {
    SessionTokens {
        id_token: session.id_token().jwt_token().to_string(),
        access_token: session.access_token().jwt_token().to_string(),
        refresh_token: session.refresh_token().token().to_string(),
        clock_drift: Some(session.clock_drift()).filter(|d| d.is_finite()),
        unsaved: false,
    }
}

thread_local! {
    /// The one piece of state kept between calls: refreshes in flight, so that concurrent
    /// `getSession` calls (each building its own pool) share one refresh request.
    static REFRESH_GATE: Rc<RefreshGate> = Rc::default();
}

/// The module's refresh gate.
pub fn shared_refresh_gate() -> Rc<RefreshGate> {
    REFRESH_GATE.with(Rc::clone)
}

/// The core pool of `pool` over `env` (requests through `env.request`, the pool's storage
/// = `env.storage`). `user_context_data` is what the advanced-security hook gives.
pub fn bind_pool(pool: &PoolState, env: &JsValue, user_context_data: Option<String>) -> SdkResult<Rc<UserPool<JsClient>>> {
    let mut config = PoolConfig::new(PoolData {
        user_pool_id: Some(pool.user_pool_id.clone()),
        client_id: Some(pool.client_id.clone()),
        endpoint: None,
        client_secret: pool.client_secret.clone(),
        advanced_security_data_collection_flag: Some(pool.advanced_security_data_collection_flag),
    })?;
    config.set_refresh_token_rotation(pool.refresh_token_rotation);
    let mut core = UserPool::new(config, JsClient::new(env.clone()), env_storage(env));
    core.set_refresh_gate(shared_refresh_gate());
    if let Some(data) = user_context_data {
        core.set_user_context_provider(Some(Box::new(move |_username| Some(data.clone()))));
    }
    Ok(Rc::new(core))
}

/// The core user of `state` over `env`, every field set from the state (nothing is read
/// from or written to storage here).
pub fn bind(state: &UserState, env: &JsValue) -> SdkResult<CognitoUser<JsClient>> {
    let pool = bind_pool(&state.pool, env, state.user_context_data.clone())?;
    let user = CognitoUser::new(state.username.clone().unwrap_or_default(), Rc::clone(&pool), None);
    if !state.authentication_flow_type.is_empty() {
        user.set_authentication_flow_type(state.authentication_flow_type.clone());
    }
    user.set_challenge_session(state.session.clone());
    user.set_challenge_name(state.challenge_name.clone());
    user.set_device_secrets(state.device_key.clone(), state.device_group_key.clone(), state.random_password.clone());
    if !state.user_data_key.is_empty() {
        user.set_user_data_key(state.user_data_key.clone());
    }
    let (session, unsaved) = match &state.sign_in_user_session {
        Some(tokens) => (Some(core_session(tokens, pool.transport().now_seconds())?), tokens.unsaved),
        None => (None, false),
    };
    user.set_in_memory_session(session, unsaved);
    Ok(user)
}

/// The state of `user` after a call; what the core does not hold (the pool, the context
/// data, a `null` username left `null`) comes from `before`.
pub fn read_back<T: Transport>(user: &CognitoUser<T>, before: &UserState) -> UserState {
    let username = user.username();
    UserState {
        username: if username.is_empty() && before.username.is_none() { None } else { Some(username) },
        pool: before.pool.clone(),
        authentication_flow_type: user.authentication_flow_type(),
        session: user.challenge_session(),
        challenge_name: user.challenge_name(),
        device_key: user.device_key(),
        device_group_key: user.device_group_key(),
        random_password: user.random_password(),
        // The page may have assigned its own; the core never changes it.
        key_prefix: if before.key_prefix.is_empty() { user.key_prefix() } else { before.key_prefix.clone() },
        user_data_key: user.user_data_key(),
        sign_in_user_session: user.sign_in_user_session().as_ref().map(|s| SessionTokens { unsaved: user.session_unsaved(), ..session_tokens(s) }),
        user_context_data: before.user_context_data.clone(),
    }
}

/// `read_back` as a plain JS object.
pub fn state_to_js<T: Transport>(user: &CognitoUser<T>, before: &UserState) -> SdkResult<JsValue> {
    super::interop::to_js(&read_back(user, before))
}
