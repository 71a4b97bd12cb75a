//! The session module's exports (js/FACE.md): what a returning visitor needs. Token
//! decoding, clock drift and validity, `getSession`'s local steps, the refresh, caching and
//! clearing tokens, sign-out, the date string, random words, the user-agent string, and
//! what the default `Client.prototype.request` needs (headers, reading the answer, errors,
//! the retry policy). Every export is synchronous and does no I/O: a request is built here,
//! sent by the face (through `client.request` / `client.requestWithRetry`), and its answer
//! handed to the next export. Each reads the user's state and the call's `Env` (for its
//! storage), builds the core's user for that one call, and hands the state back.

use wasm_bindgen::prelude::*;

use super::interop::{error_from_js, error_to_js, json_text, parse_json, read_js, set, sync_result, to_js};
use super::js_client::JsClient;
use super::user_state::{bind, read_back, read_state, UserState};
use crate::protocol::messages::StringMap;
use crate::session::{clock_drift_at, is_valid_at};
use crate::tokens::{JwtPayload, RefreshToken};
use crate::user::{CognitoUser, LocalSession};
use crate::wire::client;
use crate::wire::{HttpRequest, HttpResponse, Operation, OperationName, SdkError, SdkResult, MAX_RESPONSE_BYTES};

/// A user's state and the call's env, read and bound.
fn user_of(state: &JsValue, env: &JsValue) -> SdkResult<(UserState, CognitoUser<JsClient>)> {
    let state = read_state(state)?;
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

/// A failed call's plain error object carrying the state it left (a refused refresh
/// clears the cached user).
fn error_with_state(error: &SdkError, state: &UserState) -> JsValue {
    let rejection = error_to_js(error);
    if let Ok(after) = to_js(state) {
        set(&rejection, "state", &after);
    }
    rejection
}

fn client_metadata(value: &JsValue) -> SdkResult<Option<StringMap>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    read_js(value, "ClientMetadata", StringMap::from_value).map(Some)
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

/// `refreshSession`'s first half (the face sends the request, js/FACE.md):
/// `{ state, operation, params, key }`: `params` to send with `operation` through
/// `client.requestWithRetry`, `key` the refresh's identity (refreshes with one key in flight
/// at once share one request). Throws the plain error (carrying `state` unless the state
/// itself is malformed).
#[wasm_bindgen(js_name = refreshStart)]
pub fn refresh_start(state: JsValue, env: JsValue, refresh_token: JsValue, metadata: JsValue) -> Result<JsValue, JsValue> {
    let (before, user) = sync_result(user_of(&state, &env))?;
    let token = RefreshToken::new(refresh_token.as_string().unwrap_or_default());
    let request = client_metadata(&metadata).and_then(|metadata| user.start_refresh(&token, metadata));
    let after = read_back(&user, &before);
    let request = request.map_err(|e| error_with_state(&e, &after))?;
    let result = js_sys::Object::new();
    set(&result, "state", &sync_result(to_js(&after))?);
    set(&result, "operation", &JsValue::from_str(request.operation.name()));
    set(&result, "params", &sync_result(parse_json(&request.body))?);
    set(&result, "key", &JsValue::from_str(&request.key));
    Ok(result.into())
}

/// `refreshSession`'s second half: the request's answer (`error`, or else `data`) applied
/// to the user: the state with the new session, or the plain error thrown, carrying
/// `state` (a `NotAuthorizedException` clears the cached user).
#[wasm_bindgen(js_name = refreshFinish)]
pub fn refresh_finish(state: JsValue, env: JsValue, refresh_token: JsValue, error: JsValue, data: JsValue) -> Result<JsValue, JsValue> {
    let (before, user) = sync_result(user_of(&state, &env))?;
    let token = RefreshToken::new(refresh_token.as_string().unwrap_or_default());
    let answer = if error.is_truthy() { Err(error_from_js(&error)) } else { user.refresh_answer(&answer_text(&data)) };
    let outcome = user.finish_refresh(&token, answer);
    let after = read_back(&user, &before);
    match outcome {
        Ok(_) => sync_result(to_js(&after)),
        Err(e) => Err(error_with_state(&e, &after)),
    }
}

/// A client's answer as JSON text (`{}` for `undefined` or what JSON cannot hold).
fn answer_text(data: &JsValue) -> String {
    if data.is_undefined() {
        return "{}".to_string();
    }
    json_text(data).unwrap_or_else(|| "{}".to_string())
}

/// The user's caching methods as one export (seven of the same shape cost ~1.5 KB of glue
/// and shims): `name` is the method (`cacheTokens`, `clearCachedUser`, `clearCachedTokens`,
/// `clearCachedUserData`, `cacheDeviceKeyAndPassword`, `getCachedDeviceKeyAndPassword`,
/// `clearCachedDeviceKeyAndPassword`); the state comes back as the method left it
/// (`getCachedDeviceKeyAndPassword`: with the stored device secrets). `name` is read as a
/// `JsValue`, not a `&str`: the glue would copy any value into wasm memory as a string, and
/// traps on one that is not (the face's `runLocal(name)` is reachable from the prototype).
#[wasm_bindgen(js_name = userOp)]
pub fn user_op(name: JsValue, state: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    let op: fn(&CognitoUser<JsClient>) -> SdkResult<()> = match name.as_string().as_deref().unwrap_or_default() {
        "cacheTokens" => |u| u.cache_tokens(),
        "clearCachedUser" => |u| u.clear_cached_user(),
        "clearCachedTokens" => |u| u.clear_cached_tokens(),
        "clearCachedUserData" => |u| u.clear_cached_user_data(),
        "cacheDeviceKeyAndPassword" => |u| u.cache_device_key_and_password(),
        "getCachedDeviceKeyAndPassword" => |u| {
            u.get_cached_device_key_and_password();
            Ok(())
        },
        "clearCachedDeviceKeyAndPassword" => |u| u.clear_cached_device_key_and_password(),
        _ => return sync_result(Err(SdkError::local("cognito-wasm: no such user operation"))),
    };
    with_user(&state, &env, op)
}

/// `revokeTokens(cb)`'s request: `{ operation, params }` to send through
/// `client.requestWithRetry`, or `null` when there is nothing to revoke. Throws `User is
/// not authenticated` without a session.
#[wasm_bindgen(js_name = revokeRequest)]
pub fn revoke_request(state: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    let (_, user) = sync_result(user_of(&state, &env))?;
    match sync_result(user.revoke_request())? {
        Some(body) => request_object(Operation::RevokeToken, &body),
        None => Ok(JsValue::NULL),
    }
}

/// `globalSignOut(cb)`'s request: `{ operation, params }` to send through
/// `client.request`; on success the face clears the cached user (`clearCachedUser`).
/// Throws `User is not authenticated` without a valid session.
#[wasm_bindgen(js_name = globalSignOutRequest)]
pub fn global_sign_out_request(state: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    let (_, user) = sync_result(user_of(&state, &env))?;
    let body = sync_result(user.global_sign_out_request())?;
    request_object(Operation::GlobalSignOut, &body)
}

fn request_object(operation: Operation, body: &str) -> Result<JsValue, JsValue> {
    let result = js_sys::Object::new();
    set(&result, "operation", &JsValue::from_str(operation.name()));
    set(&result, "params", &sync_result(parse_json(body))?);
    Ok(result.into())
}

/// The headers of a request for `operation` (`Content-Type`, `X-Amz-Target`,
/// `X-Amz-User-Agent`), for the face's `fetch` (`Client.prototype.request`).
#[wasm_bindgen(js_name = requestHeaders)]
pub fn request_headers(operation: &str) -> JsValue {
    let request = HttpRequest::for_operation("", OperationName::from_name(operation), String::new());
    let result = js_sys::Object::new();
    for (name, value) in &request.headers {
        set(&result, name, &JsValue::from_str(value));
    }
    result.into()
}

/// The largest response body the face's `fetch` reads.
#[wasm_bindgen(js_name = maxResponseBytes)]
pub fn max_response_bytes() -> u32 {
    MAX_RESPONSE_BYTES as u32
}

/// An HTTP answer read (`Client.prototype.request`): the success body's value (`{}` when
/// it is empty or not JSON), or the plain error the answer maps to, thrown.
#[wasm_bindgen(js_name = readResponse)]
pub fn read_response(status: u16, body: String, error_type: Option<String>) -> Result<JsValue, JsValue> {
    let text = sync_result(client::read_response(HttpResponse { status, body, error_type }))?;
    sync_result(parse_json(&client::json_text_or_empty_object(text)))
}

/// The plain error of a request that got no usable answer: `kind` `'timeout'` (after
/// `timeoutMs`), `'redirect'` (`status` when the host shows it, else 0), `'tooLarge'`, or
/// anything else: a network failure.
#[wasm_bindgen(js_name = transportError)]
pub fn transport_error(kind: &str, status: u16, timeout_ms: u32) -> JsValue {
    let error = match kind {
        "timeout" => SdkError::timeout(timeout_ms),
        "redirect" => SdkError::redirect((status != 0).then_some(status)),
        "tooLarge" => SdkError::response_too_large(),
        _ => SdkError::network(),
    };
    error_to_js(&error)
}

/// `requestWithRetry`'s policy: after failed attempt number `attempt` (1 = the first) with
/// `error`, the milliseconds to wait before the next attempt, or -1 to give up.
#[wasm_bindgen(js_name = retryDelay)]
pub fn retry_delay(attempt: u32, error: JsValue) -> f64 {
    let error = error_from_js(&error);
    if !client::is_retryable(&error) {
        return -1.0;
    }
    client::backoff_delay_ms(attempt, client::random_jitter()).unwrap_or(-1.0)
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
