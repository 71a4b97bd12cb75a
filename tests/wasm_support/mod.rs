//! Helpers shared by the wasm end-to-end tests (`tests/wasm_*_emulator.rs`): the emulator
//! URL (`COGNITO_EMULATOR_URL` at build time), admin calls over fetch, the outbox, pools
//! and users through the binding classes, Promise helpers and RFC 6238 TOTP codes.
#![allow(dead_code)]

use cognito_wasm::bindings::callbacks::{get, object, set};
use cognito_wasm::bindings::details::AuthenticationDetails;
use cognito_wasm::bindings::fetch_transport::post;
use cognito_wasm::bindings::pool::CognitoUserPool;
use cognito_wasm::bindings::storage::MemoryStorage;
use cognito_wasm::bindings::user::CognitoUser;
use cognito_wasm::sigv4::{self, Credentials, RequestParts};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub const EMULATOR: Option<&str> = option_env!("COGNITO_EMULATOR_URL");
pub const PASSWORD: &str = "Correct-Horse-9";

/// The emulator's base URL (no trailing slash). Panics when `COGNITO_EMULATOR_URL` was
/// not set at build time: an end-to-end test without its emulator fails, it never passes.
pub fn emulator() -> String {
    match EMULATOR {
        Some(url) if !url.is_empty() => url.trim_end_matches('/').to_string(),
        _ => panic!(
            "this end-to-end test needs the emulator, and COGNITO_EMULATOR_URL was not set when it was built: start one \
             (`cargo run -p cognito-wasm-emulator -- --port 0` prints its URL) and run \
             `COGNITO_EMULATOR_URL=http://127.0.0.1:PORT cargo test --target wasm32-unknown-unknown`, as scripts/test.sh does"
        ),
    }
}

pub fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).expect("test JSON")
}

pub fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_else(|| panic!("{key} is not a string"))
}

/// The SigV4 headers (`X-Amz-Date`, `Authorization`) that sign a request to `url` now
/// with the emulator's default admin credentials (`local` / `local`), as AWS SDKs sign
/// admin calls. The browser sends the `Host` signed here (the URL's authority).
pub fn signature(url: &str, method: &str, headers: &[(String, String)], body: &str) -> [(&'static str, String); 2] {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (authority, path_and_query) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let mut all: Vec<(&str, &str)> = vec![("Host", authority)];
    all.extend(headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let credentials = Credentials { access_key_id: "local".into(), secret_access_key: "local".into() };
    let parts = RequestParts { method, path, query, headers: &all, body: body.as_bytes() };
    sigv4::signature_headers(&credentials, "us-east-1", "cognito-idp", real_now_seconds(), &parts)
}

/// One admin (or any) operation, as plain JSON over fetch (signed); panics on errors.
pub async fn call(url: &str, op: &str, body: JsValue) -> JsValue {
    let mut headers = vec![
        ("Content-Type".to_string(), "application/x-amz-json-1.1".to_string()),
        ("X-Amz-Target".to_string(), format!("AWSCognitoIdentityProviderService.{op}")),
    ];
    let body = js_sys::JSON::stringify(&body).unwrap().as_string().unwrap();
    let endpoint = format!("{url}/");
    let signed = signature(&endpoint, "POST", &headers, &body);
    headers.extend(signed.into_iter().map(|(k, v)| (k.to_string(), v)));
    let r = post(&endpoint, &headers, &body, None).await.unwrap_or_else(|e| panic!("{op}: fetch failed: {e:?}"));
    assert!(r.ok, "{op} failed: {} {}", r.status, r.body);
    json(if r.body.is_empty() { "{}" } else { &r.body })
}

/// The outbox messages of a user, oldest first.
pub async fn messages(url: &str, pool_id: &str, username: &str) -> Vec<JsValue> {
    let list = emulator_fetch(&format!("{url}/_emulator/messages?poolId={pool_id}&username={username}"), "GET", None).await;
    js_sys::Array::from(&list).iter().collect()
}

pub async fn latest_code(url: &str, pool_id: &str, username: &str, kind: &str) -> String {
    let all = messages(url, pool_id, username).await;
    let m = all.iter().rev().find(|m| text(m, "kind") == kind).unwrap_or_else(|| panic!("no {kind} message for {username}"));
    text(m, "code")
}

/// A pool (with `pool_extra` fields) and an app client (with `client_extra` fields).
pub struct Setup {
    pub url: String,
    pub pool_id: String,
    pub client_id: String,
    pub client_secret: Option<String>,
}

pub async fn setup(pool_extra: &str, client_extra: &str) -> Setup {
    let url = emulator();
    let pool_body = json(&format!(r#"{{"PoolName":"wasm-tests"{}{pool_extra}}}"#, if pool_extra.is_empty() { "" } else { "," }));
    let pool = call(&url, "CreateUserPool", pool_body).await;
    let pool_id = text(&get(&pool, "UserPool"), "Id");
    let client_body = json(&format!(
        r#"{{"UserPoolId":"{pool_id}","ClientName":"web"{}{client_extra}}}"#,
        if client_extra.is_empty() { "" } else { "," }
    ));
    let client = get(&call(&url, "CreateUserPoolClient", client_body).await, "UserPoolClient");
    Setup { url, pool_id, client_id: text(&client, "ClientId"), client_secret: get(&client, "ClientSecret").as_string() }
}

impl Setup {
    /// A confirmed user with a permanent password (plus `attributes`, `[{Name,Value}]` JSON).
    pub async fn user(&self, username: &str, attributes: &str) {
        let body = format!(
            r#"{{"UserPoolId":"{}","Username":"{username}","MessageAction":"SUPPRESS","UserAttributes":{attributes}}}"#,
            self.pool_id
        );
        call(&self.url, "AdminCreateUser", json(&body)).await;
        let body = format!(r#"{{"UserPoolId":"{}","Username":"{username}","Password":"{PASSWORD}","Permanent":true}}"#, self.pool_id);
        call(&self.url, "AdminSetUserPassword", json(&body)).await;
    }

    /// A pool object for this setup, with `storage` (a fresh memory storage by default).
    pub fn pool_with(&self, storage: Option<JsValue>) -> JsValue {
        self.pool_object(storage).into()
    }

    pub fn pool_object(&self, storage: Option<JsValue>) -> CognitoUserPool {
        let data = object();
        set(&data, "UserPoolId", &self.pool_id.clone().into());
        set(&data, "ClientId", &self.client_id.clone().into());
        set(&data, "endpoint", &format!("{}/", self.url).into());
        set(&data, "Storage", &storage.unwrap_or_else(|| MemoryStorage::new().into()));
        if let Some(secret) = &self.client_secret {
            set(&data, "ClientSecret", &secret.clone().into());
        }
        CognitoUserPool::new(data, JsValue::UNDEFINED).expect("pool")
    }

    pub fn pool(&self) -> JsValue {
        self.pool_with(None)
    }
}

pub fn user_of(pool: &JsValue, username: &str) -> CognitoUser {
    let data = object();
    set(&data, "Username", &username.into());
    set(&data, "Pool", pool);
    CognitoUser::new(data).expect("user")
}

pub fn details(username: &str, password: &str) -> JsValue {
    let data = object();
    set(&data, "Username", &username.into());
    set(&data, "Password", &password.into());
    AuthenticationDetails::new(data).into()
}

pub async fn ok(p: js_sys::Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => v,
        Err(e) => panic!("rejected: {} {}", get(&e, "code").as_string().unwrap_or_default(), get(&e, "message").as_string().unwrap_or_default()),
    }
}

pub async fn err(p: js_sys::Promise) -> JsValue {
    match JsFuture::from(p).await {
        Ok(v) => panic!("expected a rejection, got {:?}", js_sys::JSON::stringify(&v)),
        Err(e) => e,
    }
}

pub fn step_type(step: &JsValue) -> String {
    text(step, "type")
}

pub fn call0(obj: &JsValue, name: &str) -> JsValue {
    let f = js_sys::Reflect::get(obj, &name.into()).unwrap().dyn_into::<js_sys::Function>().unwrap_or_else(|_| panic!("no {name}"));
    f.call0(obj).unwrap()
}

pub fn access_jwt(session: &JsValue) -> String {
    call0(&call0(session, "getAccessToken"), "getJwtToken").as_string().unwrap()
}

pub fn refresh_text(session: &JsValue) -> String {
    call0(&call0(session, "getRefreshToken"), "getToken").as_string().unwrap()
}

// ----- TOTP (RFC 6238, the crate's own implementation) -----

/// The TOTP code of a base32 secret at `unix_seconds`, as an authenticator app shows it.
pub fn totp(secret_base32: &str, unix_seconds: u64) -> String {
    cognito_wasm::totp::totp_at(secret_base32, unix_seconds as i64).expect("the emulator hands out base32 secrets")
}

pub fn now_seconds() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Seconds since the Unix epoch on the real clock, whatever [`let_time_pass`] did to
/// `Date.now` (the emulator checks signing times against the real clock).
pub fn real_now_seconds() -> i64 {
    let now = js("return globalThis.__realDateNow ? globalThis.__realDateNow.call(globalThis.__RealDate) : Date.now()").as_f64().expect("a time");
    (now / 1000.0) as i64
}

// ----- reliability tests (wasm_reliability.rs, wasm_storage_robustness.rs) -----

/// `new Function(body)()`.
pub fn js(body: &str) -> JsValue {
    js_sys::Function::new_no_args(body).call0(&JsValue::NULL).unwrap()
}

pub fn has_window() -> bool {
    !get(&js_sys::global(), "window").is_undefined()
}

/// `fetch(url, {method, body})` signed (the fault endpoint needs it), the JSON answer.
pub async fn emulator_fetch(url: &str, method: &str, body: Option<&str>) -> JsValue {
    let [(_, date), (_, authorization)] = signature(url, method, &[], body.unwrap_or(""));
    let f = js_sys::Function::new_with_args(
        "u, m, b, d, a",
        "return fetch(u, {method: m, body: b === undefined ? undefined : b, headers: {'X-Amz-Date': d, 'Authorization': a}}).then(r => r.ok ? r.json() : r.text().then(t => { throw new Error(m + ' ' + u + ': HTTP ' + r.status + ' ' + t); }))",
    );
    let args = js_sys::Array::of5(&url.into(), &method.into(), &body.map(JsValue::from).unwrap_or(JsValue::UNDEFINED), &date.into(), &authorization.into());
    let p = f.apply(&JsValue::NULL, &args).unwrap();
    JsFuture::from(p.dyn_into::<js_sys::Promise>().unwrap()).await.unwrap_or_else(|e| panic!("emulator endpoint: {}", get(&e, "message").as_string().unwrap_or_default()))
}

pub async fn inject(url: &str, rule: &str) {
    emulator_fetch(&format!("{url}/_emulator/faults"), "POST", Some(rule)).await;
}

pub async fn clear_faults(url: &str) {
    emulator_fetch(&format!("{url}/_emulator/faults"), "DELETE", None).await;
}

// ----- time: the emulator's clock and the page's clock, moved instead of waited for -----

/// Moves the emulator's clock `seconds` further ahead (`clockSkewSeconds` of
/// `/_emulator/faults`): codes expire, new tokens get a later `iat`. The wasm tests run one
/// at a time against their emulator, so no other test sees the move.
pub async fn advance_emulator_clock(url: &str, seconds: i64) {
    let state = emulator_fetch(&format!("{url}/_emulator/faults"), "GET", None).await;
    let skew = get(&state, "clockSkewSeconds").as_f64().expect("clockSkewSeconds in the fault state") as i64;
    inject(url, &format!(r#"{{"clockSkewSeconds":{}}}"#, skew + seconds)).await;
}

/// Lets `seconds` pass for both sides at once: the emulator's clock and the page's
/// `Date.now()` (the SDK's clock) move ahead together, so tokens expire as they would
/// after a real wait.
pub async fn let_time_pass(url: &str, seconds: i64) {
    advance_emulator_clock(url, seconds).await;
    // Both `Date.now()` and `new Date()` (what the SDK reads) move ahead.
    js(&format!(
        "if (!globalThis.__realDateNow) {{
           const Real = globalThis.Date;
           globalThis.__RealDate = Real;
           globalThis.__realDateNow = Real.now;
           globalThis.Date = class extends Real {{
             constructor(...args) {{ if (args.length === 0) super(Real.now() + globalThis.__clockOffsetMs); else super(...args); }}
             static now() {{ return Real.now() + globalThis.__clockOffsetMs; }}
           }};
         }}
         globalThis.__clockOffsetMs = (globalThis.__clockOffsetMs || 0) + {};",
        seconds * 1000
    ));
}

/// The emulator's default lifetime of access and id tokens.
pub const TOKEN_LIFETIME_SECONDS: i64 = 3600;

/// Lets the tokens issued so far expire on both clocks (a lifetime and a minute pass).
pub async fn let_tokens_expire(url: &str) {
    let_time_pass(url, TOKEN_LIFETIME_SECONDS + 60).await;
}

/// Puts both clocks back on the real time (and clears every fault rule).
pub async fn reset_clocks(url: &str) {
    clear_faults(url).await;
    js("if (globalThis.__realDateNow) { globalThis.Date = globalThis.__RealDate; delete globalThis.__RealDate; delete globalThis.__realDateNow; globalThis.__clockOffsetMs = 0; }");
}

/// A pool over `storage` with extra pool-data fields (`requestTimeoutMs`, ...).
pub fn pool_with_data(s: &Setup, storage: Option<JsValue>, extra: &[(&str, JsValue)]) -> JsValue {
    let data = object();
    set(&data, "UserPoolId", &s.pool_id.clone().into());
    set(&data, "ClientId", &s.client_id.clone().into());
    set(&data, "endpoint", &format!("{}/", s.url).into());
    if let Some(storage) = storage {
        set(&data, "Storage", &storage);
    }
    for (k, v) in extra {
        set(&data, k, v);
    }
    CognitoUserPool::new(data, JsValue::UNDEFINED).expect("pool").into()
}

pub fn key(s: &Setup, user: &str, entry: &str) -> String {
    format!("CognitoIdentityServiceProvider.{}.{user}.{entry}", s.client_id)
}

pub fn storage_get(storage: &JsValue, k: &str) -> Option<String> {
    let f = get(storage, "getItem").dyn_into::<js_sys::Function>().unwrap();
    f.call1(storage, &k.into()).unwrap().as_string()
}

pub fn storage_set(storage: &JsValue, k: &str, v: &str) {
    let f = get(storage, "setItem").dyn_into::<js_sys::Function>().unwrap();
    f.call2(storage, &k.into(), &v.into()).unwrap();
}

/// The storage these tests use: `localStorage` in a browser (cleared), else a memory one.
pub fn test_storage() -> JsValue {
    if has_window() {
        let ls = js("return window.localStorage");
        js("window.localStorage.clear()");
        ls
    } else {
        MemoryStorage::new().into()
    }
}

pub fn pool_shared(pool: &JsValue) -> std::rc::Rc<cognito_wasm::bindings::pool::PoolShared> {
    cognito_wasm::bindings::pool::pool_from_js(pool).expect("pool of this module")
}
