//! The session module's exports (js/FACE.md): what a returning visitor needs. Token
//! decoding, clock drift and validity, `getSession`'s local steps, the refresh, caching and
//! clearing tokens, sign-out, the date string, random words, the user-agent string and the
//! default `Client.prototype.request` (`fetch`). Every export but the requests and the
//! refresh is synchronous; each reads the user's state and the call's `Env`, builds the
//! core's user for that one call, and hands the state back.

use std::future::Future;

use wasm_bindgen::prelude::*;

use super::fetch::FetchTransport;
use super::interop::{error_to_js, from_js, json_text, parse_json, set, sync_result, to_js};
use super::js_client::JsClient;
use super::user_state::{bind, read_back, UserState};
use crate::protocol::messages::StringMap;
use crate::session::{clock_drift_at, is_valid_at};
use crate::tokens::{JwtPayload, RefreshToken};
use crate::user::{CognitoUser, LocalSession};
use crate::wire::errors::messages;
use crate::wire::{CognitoClient, SdkError, SdkResult};

/// A user's state and the call's env, read and bound.
fn user_of(state: &JsValue, env: &JsValue) -> SdkResult<(UserState, CognitoUser<JsClient>)> {
    let state: UserState = from_js(state, "The user state")?;
    let user = bind(&state, env)?;
    Ok((state, user))
}

/// Runs `f` on the bound user, then returns the state read back.
fn with_user(state: &JsValue, env: &JsValue, f: impl FnOnce(&CognitoUser<JsClient>) -> SdkResult<()>) -> Result<JsValue, JsValue> {
    sync_result((|| {
        let (before, user) = user_of(state, env)?;
        f(&user)?;
        to_js(&read_back(&user, &before))
    })())
}

/// The future of one state-changing request on a shared user.
type UserFuture = std::pin::Pin<Box<dyn Future<Output = SdkResult<()>>>>;

/// The state read back after `f`'s future, or its error (as a plain object carrying the
/// state): a future for the eager executor (`super::eager`). Not generic: the three
/// state-changing exports share one copy instead of one monomorphised copy each.
fn async_state(state: UserState, user: CognitoUser<JsClient>, f: impl FnOnce(std::rc::Rc<CognitoUser<JsClient>>) -> UserFuture) -> std::pin::Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> {
    let user = std::rc::Rc::new(user);
    let request = f(std::rc::Rc::clone(&user));
    Box::pin(async move {
        let outcome = request.await;
        let after = to_js(&read_back(&user, &state)).map_err(|e| error_to_js(&e))?;
        match outcome {
            Ok(()) => Ok(after),
            Err(error) => {
                // The state changed even on failure (a refused refresh clears the user).
                let rejection = error_to_js(&error);
                set(&rejection, "state", &after);
                Err(rejection)
            }
        }
    })
}

fn client_metadata(value: &JsValue) -> SdkResult<Option<StringMap>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    from_js(value, "ClientMetadata").map(Some)
}

/// `getSession`'s local steps: `{ state, valid, refreshToken, error }`. `valid`: the state's
/// `signInUserSession` is the session to hand out; else `refreshToken` is the stored refresh
/// token to refresh with, or `error` the reference's local error (the state then comes back
/// too: a session signed out in another tab is forgotten). Throws only for a malformed state.
#[wasm_bindgen(js_name = localSession)]
pub fn local_session(state: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    sync_result((|| {
        let (before, user) = user_of(&state, &env)?;
        let found = user.local_session();
        let result = js_sys::Object::new();
        set(&result, "state", &to_js(&read_back(&user, &before))?);
        match found {
            Ok(LocalSession::Valid(_)) => set(&result, "valid", &JsValue::TRUE),
            Ok(LocalSession::NeedsRefresh(token)) => {
                set(&result, "valid", &JsValue::FALSE);
                set(&result, "refreshToken", &JsValue::from_str(token.token()));
            }
            Err(error) => {
                set(&result, "valid", &JsValue::FALSE);
                set(&result, "error", &error_to_js(&error));
            }
        }
        Ok(result.into())
    })())
}

/// `keyPrefix` and `userDataKey` of a new `CognitoUser` (the key scheme lives in
/// [`crate::storage::KeyScheme`] only).
#[wasm_bindgen(js_name = userKeys)]
pub fn user_keys(client_id: JsValue, username: JsValue) -> JsValue {
    let keys = crate::storage::KeyScheme::new(&super::interop::js_to_string(&client_id));
    let result = js_sys::Object::new();
    set(&result, "keyPrefix", &JsValue::from_str(keys.prefix()));
    set(&result, "userDataKey", &JsValue::from_str(&keys.user_key(&super::interop::js_to_string(&username), crate::storage::UserKey::UserData)));
    result.into()
}

/// The `LastAuthUser` key of an app client.
#[wasm_bindgen(js_name = lastAuthUserKey)]
pub fn last_auth_user_key(client_id: JsValue) -> String {
    crate::storage::KeyScheme::new(&super::interop::js_to_string(&client_id)).last_auth_user()
}

/// `refreshSession(refreshToken, cb, clientMetadata)`: the state after the refresh
/// (concurrent refreshes of one token share one request) — itself when the client answered
/// synchronously (`super::eager`), else a Promise of it. An error (thrown, or the
/// rejection) carries `state` too (a `NotAuthorizedException` clears the cached user);
/// one without `state` is a malformed call.
#[wasm_bindgen(js_name = refreshSession)]
pub fn refresh_session(state: JsValue, env: JsValue, refresh_token: JsValue, metadata: JsValue) -> Result<JsValue, JsValue> {
    let (before, user) = sync_result(user_of(&state, &env))?;
    let metadata = sync_result(client_metadata(&metadata))?;
    let token = RefreshToken::new(refresh_token.as_string().unwrap_or_default());
    super::eager::value_or_promise(async_state(before, user, move |user| Box::pin(async move { user.refresh_session(&token, metadata).await.map(|_| ()) })))
}

/// `cacheTokens()`.
#[wasm_bindgen(js_name = cacheTokens)]
pub fn cache_tokens(state: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    with_user(&state, &env, |u| u.cache_tokens())
}

/// `clearCachedUser()`.
#[wasm_bindgen(js_name = clearCachedUser)]
pub fn clear_cached_user(state: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    with_user(&state, &env, |u| u.clear_cached_user())
}

/// `clearCachedTokens()`.
#[wasm_bindgen(js_name = clearCachedTokens)]
pub fn clear_cached_tokens(state: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    with_user(&state, &env, |u| u.clear_cached_tokens())
}

/// `clearCachedUserData()`.
#[wasm_bindgen(js_name = clearCachedUserData)]
pub fn clear_cached_user_data(state: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    with_user(&state, &env, |u| u.clear_cached_user_data())
}

/// `cacheDeviceKeyAndPassword()`.
#[wasm_bindgen(js_name = cacheDeviceKeyAndPassword)]
pub fn cache_device_key_and_password(state: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    with_user(&state, &env, |u| u.cache_device_key_and_password())
}

/// `getCachedDeviceKeyAndPassword()`: the state with the stored device secrets.
#[wasm_bindgen(js_name = getCachedDeviceKeyAndPassword)]
pub fn get_cached_device_key_and_password(state: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    with_user(&state, &env, |u| {
        u.get_cached_device_key_and_password();
        Ok(())
    })
}

/// `clearCachedDeviceKeyAndPassword()`.
#[wasm_bindgen(js_name = clearCachedDeviceKeyAndPassword)]
pub fn clear_cached_device_key_and_password(state: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    with_user(&state, &env, |u| u.clear_cached_device_key_and_password())
}

/// `revokeTokens(cb)`: throws `User is not authenticated` at once without a session, else a
/// Promise of the state once the refresh token is revoked (when revocable).
#[wasm_bindgen(js_name = revokeTokens)]
pub fn revoke_tokens(state: JsValue, env: JsValue) -> Result<js_sys::Promise, JsValue> {
    let (before, user) = sync_result(user_of(&state, &env))?;
    if user.sign_in_user_session().is_none() {
        return Err(error_to_js(&SdkError::local(messages::USER_NOT_AUTHENTICATED)));
    }
    Ok(super::eager::promise(async_state(before, user, |user| Box::pin(async move { user.revoke_tokens().await }))))
}

/// `globalSignOut(cb)`: throws `User is not authenticated` at once without a valid
/// session, else a Promise of the state after `GlobalSignOut` (the cached user cleared).
#[wasm_bindgen(js_name = globalSignOut)]
pub fn global_sign_out(state: JsValue, env: JsValue) -> Result<js_sys::Promise, JsValue> {
    let (before, user) = sync_result(user_of(&state, &env))?;
    if !user.is_session_valid() {
        return Err(error_to_js(&SdkError::local(messages::USER_NOT_AUTHENTICATED)));
    }
    Ok(super::eager::promise(async_state(before, user, |user| Box::pin(async move { user.global_sign_out().await }))))
}

/// The default `Client.prototype.request`: `operation` with `params` POSTed to `endpoint`
/// through `fetch` (`credentials` the only fetch option forwarded, a time limit of
/// `timeoutMs`; none when 0 or absent). A Promise of the parsed answer, or of the plain
/// error object.
#[wasm_bindgen(js_name = fetchRequest)]
pub fn fetch_request(endpoint: String, credentials: Option<String>, timeout_ms: Option<u32>, operation: String, params: JsValue) -> js_sys::Promise {
    let body = if params.is_undefined() { Some("{}".to_string()) } else { json_text(&params) };
    super::eager::promise(async move {
        let body = body.ok_or_else(|| error_to_js(&SdkError::local("The request parameters cannot be sent as JSON.")))?;
        let mut client = CognitoClient::new(endpoint, FetchTransport::new(credentials));
        client.set_request_timeout_ms(timeout_ms);
        let text = client.request_text(&operation, body).await.map_err(|e| error_to_js(&e))?;
        parse_json(&text).map_err(|e| error_to_js(&e))
    })
}

/// `client.requestWithRetry(operation, params, cb)`: `env.request` (the client's own
/// `request`, stubs included) retried with the core's policy. A Promise of the answer.
#[wasm_bindgen(js_name = requestWithRetry)]
pub fn request_with_retry(env: JsValue, operation: String, params: JsValue) -> js_sys::Promise {
    let body = if params.is_undefined() { Some("{}".to_string()) } else { json_text(&params) };
    super::eager::promise(async move {
        let body = body.ok_or_else(|| error_to_js(&SdkError::local("The request parameters cannot be sent as JSON.")))?;
        let client = CognitoClient::new("", JsClient::new(env));
        let text = client.request_text_with_retry(&operation, body).await.map_err(|e| error_to_js(&e))?;
        parse_json(&text).map_err(|e| error_to_js(&e))
    })
}

/// `CognitoUserPool`'s checks: throws the reference's errors for missing or malformed ids;
/// else `{ region, endpoint }` (the default endpoint of the region unless one is given).
#[wasm_bindgen(js_name = poolSettings)]
pub fn pool_settings(user_pool_id: JsValue, client_id: JsValue, endpoint: JsValue) -> Result<JsValue, JsValue> {
    let text = |v: &JsValue| v.is_truthy().then(|| super::interop::js_to_string(v));
    let config = sync_result(crate::pool_config::PoolConfig::new(crate::pool_config::PoolData {
        user_pool_id: text(&user_pool_id),
        client_id: text(&client_id),
        endpoint: text(&endpoint),
        ..Default::default()
    }))?;
    let result = js_sys::Object::new();
    set(&result, "region", &JsValue::from_str(config.region()));
    set(&result, "endpoint", &JsValue::from_str(config.endpoint()));
    Ok(result.into())
}

/// `Client`'s endpoint: `endpoint` when given, else the region's Cognito endpoint.
#[wasm_bindgen(js_name = clientEndpoint)]
pub fn client_endpoint(region: JsValue, endpoint: JsValue) -> String {
    if endpoint.is_truthy() {
        return super::interop::js_to_string(&endpoint);
    }
    format!("https://cognito-idp.{}.amazonaws.com/", super::interop::js_to_string(&region))
}

/// `decodePayload()`: the token's payload as a value (`{}` when it cannot be decoded).
#[wasm_bindgen(js_name = decodeJwtPayload)]
pub fn decode_jwt_payload(token: JsValue) -> JsValue {
    let token = if token.is_string() { token.as_string().unwrap_or_default() } else { String::new() };
    parse_json(JwtPayload::decode(&token).json()).unwrap_or_else(|_| js_sys::Object::new().into())
}

/// JavaScript's `Number(value)` (`null` = 0, `'5'` = 5, `undefined` = NaN), the
/// coercion the reference's arithmetic on claims and drift applies.
fn number(value: &JsValue) -> Option<f64> {
    let n = value.unchecked_into_f64(); // unary `+`
    (!n.is_nan()).then_some(n)
}

/// `calculateClockDrift()` from the two tokens' `iat` values.
#[wasm_bindgen(js_name = clockDrift)]
pub fn clock_drift(access_iat: JsValue, id_iat: JsValue) -> f64 {
    clock_drift_at(crate::date::now_unix_seconds(), number(&access_iat), number(&id_iat))
}

/// `isValid()` from the two tokens' `exp` values and the session's drift (`null` reads
/// as 0 and `'5'` as 5, as the reference's subtraction reads them).
#[wasm_bindgen(js_name = isValidSession)]
pub fn is_valid_session(access_exp: JsValue, id_exp: JsValue, drift: JsValue) -> bool {
    let drift = number(&drift).unwrap_or(f64::NAN);
    is_valid_at(crate::date::now_unix_seconds(), drift, number(&access_exp), number(&id_exp))
}

/// `DateHelper.getNowString()`.
#[wasm_bindgen(js_name = nowString)]
pub fn now_string() -> String {
    crate::date::now_string()
}

/// `nBytes` random bytes as big-endian 32-bit words (the last one zero-padded).
#[wasm_bindgen(js_name = randomWords)]
pub fn random_words(n_bytes: usize) -> Result<Vec<u32>, JsValue> {
    let bytes = crate::random::random_bytes(n_bytes.div_ceil(4) * 4).map_err(|e| error_to_js(&e.into()))?;
    Ok(bytes.chunks_exact(4).map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]])).collect())
}

/// The words' first `sigBytes` bytes as lower-case hex (`WordArray.toString()`).
#[wasm_bindgen(js_name = wordsToHex)]
pub fn words_to_hex(words: Vec<u32>, sig_bytes: usize) -> String {
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_be_bytes()).take(sig_bytes).collect();
    crate::encoding::to_hex(&bytes)
}

/// The `X-Amz-User-Agent` value.
#[wasm_bindgen(js_name = getCognitoUserAgent)]
pub fn get_cognito_user_agent() -> String {
    crate::user_agent::user_agent()
}

/// `appendToCognitoUserAgent(content)`.
#[wasm_bindgen(js_name = appendToCognitoUserAgent)]
pub fn append_to_cognito_user_agent(content: JsValue) {
    if content.is_truthy() {
        crate::user_agent::append_to_user_agent(&super::interop::js_to_string(&content));
    }
}

/// `addAuthCategoryToCognitoUserAgent()` (`cognito-wasm/internals`).
#[wasm_bindgen(js_name = addAuthCategoryToCognitoUserAgent)]
pub fn add_auth_category_to_cognito_user_agent() {
    crate::user_agent::add_auth_category();
}

/// `addFrameworkToCognitoUserAgent(framework)` (`cognito-wasm/internals`).
#[wasm_bindgen(js_name = addFrameworkToCognitoUserAgent)]
pub fn add_framework_to_cognito_user_agent(framework: JsValue) {
    let framework = framework.is_truthy().then(|| super::interop::js_to_string(&framework));
    crate::user_agent::set_framework(framework.as_deref());
}
