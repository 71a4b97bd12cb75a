//! `CognitoUserPool(data, wrapRefreshSessionCallback?)` over [`crate::user::UserPool`].

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::tasks::{promise, spawn};

use super::callbacks::{call_function, call_node, get, js_to_string, method, object, report_callback_exception, sdk_error, set};
use super::client::Client;
use super::errors::plain_error;
use super::fetch_transport::FetchTransport;
use super::storage::{default_storage, given_storage, StoragePair};
use super::session::CognitoUserSession as JsSession;
use super::user::{optional_string_map, CognitoUser, CoreUser};
use super::user_account::attribute_list;
use crate::pool_config::{PoolConfig, PoolData, DEFAULT_DEVICE_NAME};
use crate::session::CognitoUserSession as CoreSession;
use crate::user::{current_user, RefreshObserver, UserPool};
use crate::wire::SdkResult;
use crate::wire::errors::messages;

/// The core pool this binding drives.
pub type CorePool = UserPool<FetchTransport>;

/// Everything a pool's JS objects share.
pub struct PoolShared {
    id: u32,
    /// The core pool (config, client, storage, refresh gate).
    pub core: Rc<CorePool>,
    /// What `pool.storage` returns.
    pub storage_js: JsValue,
    /// `wrapRefreshSessionCallback`, when given.
    pub wrap_refresh_session_callback: Option<js_sys::Function>,
}

impl Drop for PoolShared {
    fn drop(&mut self) {
        let id = self.id;
        let _ = POOLS.try_with(|p| {
            if let Ok(mut p) = p.try_borrow_mut() {
                p.retain(|(pool_id, _)| *pool_id != id);
            }
        });
    }
}

thread_local! {
    /// The live pools by id. A list, not a `HashMap`: a page holds a handful of pools, and
    /// the hash map's code (SipHash, random keys, rehashing) costs ~4 KB of wasm.
    static POOLS: RefCell<Vec<(u32, Weak<PoolShared>)>> = const { RefCell::new(Vec::new()) };
    static NEXT_POOL_ID: Cell<u32> = const { Cell::new(1) };
    /// Tells this module's pools from those of another copy of the library loaded in the
    /// same page (their ids would otherwise collide).
    static MODULE_NONCE: String = {
        let bytes = crate::random::random_bytes(8).unwrap_or_else(|_| js_sys::Math::random().to_bits().to_be_bytes().to_vec());
        crate::encoding::to_hex(&bytes)
    };
}

/// The name of the (hidden) method through which a `CognitoUser` finds its pool.
const HANDLE_METHOD: &str = "__cognitoWasmPoolHandle";

/// The pool behind a JS `CognitoUserPool` object (one made by this module).
pub fn pool_from_js(value: &JsValue) -> Option<Rc<PoolShared>> {
    let f = method(value, HANDLE_METHOD)?;
    let handle = f.call0(value).ok()?.as_string()?;
    let (nonce, id) = handle.split_once(':')?;
    if MODULE_NONCE.with(|n| n != nonce) {
        return None;
    }
    let id: u32 = id.parse().ok()?;
    POOLS.with(|p| p.borrow().iter().find(|(pool_id, _)| *pool_id == id).and_then(|(_, pool)| pool.upgrade()))
}

/// A JS string field: strings as they are, other truthy values coerced, falsy ones `None`.
fn text_field(data: &JsValue, name: &str) -> Option<String> {
    let v = get(data, name);
    if v.is_falsy() {
        None
    } else {
        Some(js_to_string(&v))
    }
}

/// `navigator.userAgent` where there is a navigator, else `'nodejs'` (the reference's
/// `DeviceName` for `ConfirmDevice`).
fn device_name() -> String {
    let navigator = get(&js_sys::global(), "navigator");
    if navigator.is_undefined() || navigator.is_null() {
        return DEFAULT_DEVICE_NAME.to_string();
    }
    get(&navigator, "userAgent").as_string().unwrap_or_else(|| DEFAULT_DEVICE_NAME.to_string())
}

/// The global `AmazonCognitoAdvancedSecurityData`, when the script is loaded.
fn advanced_security_global() -> Option<JsValue> {
    let v = get(&js_sys::global(), "AmazonCognitoAdvancedSecurityData");
    (!v.is_undefined()).then_some(v)
}

/// `AmazonCognitoAdvancedSecurityData.getData(username, poolId, clientId)`, when truthy.
fn advanced_security_data(username: &str, pool_id: &str, client_id: &str) -> Option<String> {
    let global = advanced_security_global()?;
    let f = method(&global, "getData")?;
    let args: js_sys::Array = [JsValue::from_str(username), JsValue::from_str(pool_id), JsValue::from_str(client_id)].iter().collect();
    let data = f.apply(&global, &args).ok()?;
    data.is_truthy().then(|| js_to_string(&data))
}

/// Reports the refreshes the core starts on its own (`getUserData({bypassCache: true})`,
/// also inside `updateAttributes` / `deleteAttributes`) as the reference does: its
/// `refreshSession` hands `wrapRefreshSessionCallback(callback)` the result as
/// `(err, null)` or `(null, session)`. The callback wrapped here does nothing (the
/// reference's is an internal `resolve`); a wrapper that throws or returns a non-function
/// is reported on the console.
fn refresh_observer(wrap: js_sys::Function) -> RefreshObserver {
    Box::new(move |result: &SdkResult<CoreSession>| {
        let noop = js_sys::Function::new_no_args("");
        let wrapped = match wrap.call1(&JsValue::UNDEFINED, &noop) {
            Ok(w) => w,
            Err(e) => return report_callback_exception("wrapRefreshSessionCallback", &e),
        };
        let Some(f) = wrapped.dyn_ref::<js_sys::Function>() else { return };
        let args = match result {
            Ok(session) => [JsValue::NULL, JsValue::from(JsSession::from_core(session.clone()))],
            Err(e) => [sdk_error(e), JsValue::NULL],
        };
        call_function("wrapRefreshSessionCallback", f, &JsValue::UNDEFINED, &args);
    })
}

/// `requestTimeoutMs` of the pool data: absent (`undefined`/`null`) → the default
/// (30000); a finite number ≥ 0 → that many milliseconds (`0`: no limit); anything else
/// is a constructor error.
fn request_timeout(data: &JsValue) -> Result<Option<u32>, JsValue> {
    let v = get(data, "requestTimeoutMs");
    if v.is_undefined() || v.is_null() {
        return Ok(Some(crate::pool_config::DEFAULT_REQUEST_TIMEOUT_MS));
    }
    match v.as_f64() {
        Some(ms) if ms.is_finite() && ms >= 0.0 => Ok(Some(ms.min(f64::from(u32::MAX)) as u32).filter(|ms| *ms > 0)),
        _ => Err(plain_error("requestTimeoutMs must be a number of milliseconds >= 0 (0: no timeout).")),
    }
}

/// The reference's `CognitoUserPool`.
#[wasm_bindgen]
#[derive(Clone)]
pub struct CognitoUserPool {
    shared: Rc<PoolShared>,
}

impl CognitoUserPool {
    /// A JS-facing object for an existing pool (`user.pool` of `getCurrentUser()` users).
    pub fn from_shared(shared: Rc<PoolShared>) -> Self {
        CognitoUserPool { shared }
    }

    /// The shared state.
    pub fn shared(&self) -> &Rc<PoolShared> {
        &self.shared
    }

    /// The work of `signUp`: the request, then the result object.
    fn sign_up_work(
        &self,
        username: JsValue,
        password: JsValue,
        user_attributes: JsValue,
        validation_data: JsValue,
        client_metadata: JsValue,
    ) -> impl std::future::Future<Output = Result<JsValue, JsValue>> + 'static {
        let shared = Rc::clone(&self.shared);
        let username = if username.is_undefined() || username.is_null() { String::new() } else { js_to_string(&username) };
        let password = if password.is_undefined() || password.is_null() { String::new() } else { js_to_string(&password) };
        let attributes = attribute_list(&user_attributes);
        let validation = attribute_list(&validation_data);
        let metadata = optional_string_map(&client_metadata);
        async move {
            let result = shared.core.sign_up(&username, &password, attributes, validation, metadata).await.map_err(|e| sdk_error(&e))?;
            let core_user = CoreUser::new(result.username.clone(), Rc::clone(&shared.core), None);
            let storage_js = shared.storage_js.clone();
            let user = CognitoUser::from_parts(Rc::new(core_user), Rc::clone(&shared), None, storage_js);
            let out = object();
            set(&out, "user", &JsValue::from(user));
            set(&out, "userConfirmed", &result.user_confirmed.map(JsValue::from_bool).unwrap_or(JsValue::UNDEFINED));
            set(&out, "userSub", &result.user_sub.map(JsValue::from).unwrap_or(JsValue::UNDEFINED));
            let details = result
                .code_delivery_details
                .and_then(|d| crate::json::to_string(&d).ok())
                .and_then(|t| js_sys::JSON::parse(&t).ok())
                .unwrap_or(JsValue::UNDEFINED);
            set(&out, "codeDeliveryDetails", &details);
            Ok(out)
        }
    }

    /// `getCurrentUser()` for Rust callers.
    pub fn current_user(&self) -> Option<CognitoUser> {
        let core = current_user(&self.shared.core)?;
        Some(CognitoUser::from_parts(Rc::new(core), Rc::clone(&self.shared), None, self.shared.storage_js.clone()))
    }
}

#[wasm_bindgen]
impl CognitoUserPool {
    /// `new CognitoUserPool({UserPoolId, ClientId, endpoint?, Storage?, fetchOptions?,
    /// AdvancedSecurityDataCollectionFlag?, ClientSecret?, requestTimeoutMs?},
    /// wrapRefreshSessionCallback?)`.
    /// Throws `Both UserPoolId and ClientId are required.` and `Invalid UserPoolId format.`.
    ///
    /// `requestTimeoutMs` (extension; default 30000, `0` = no limit): each request that
    /// has no complete response by then is aborted and fails with an error whose `code`
    /// and `name` are `TimeoutError` (message `Request timed out after <ms> ms`). Refreshes
    /// retry it like a network error, with the limit applying to each attempt.
    #[wasm_bindgen(constructor)]
    pub fn new(data: JsValue, wrap_refresh_session_callback: JsValue) -> Result<CognitoUserPool, JsValue> {
        let credentials = get(&get(&data, "fetchOptions"), "credentials");
        let credentials = credentials.is_truthy().then(|| js_to_string(&credentials));
        let flag = get(&data, "AdvancedSecurityDataCollectionFlag");
        let pool_data = PoolData {
            user_pool_id: text_field(&data, "UserPoolId"),
            client_id: text_field(&data, "ClientId"),
            endpoint: text_field(&data, "endpoint"),
            client_secret: text_field(&data, "ClientSecret"),
            advanced_security_data_collection_flag: if flag.as_bool() == Some(false) { Some(false) } else { None },
        };
        let mut config = PoolConfig::new(pool_data).map_err(|e| sdk_error(&e))?;
        config.set_device_name(device_name());
        config.set_request_timeout_ms(request_timeout(&data)?);
        let StoragePair { core: storage, js: storage_js } = given_storage(&get(&data, "Storage")).unwrap_or_else(default_storage);
        let (pool_id, client_id) = (config.user_pool_id().to_string(), config.client_id().to_string());
        let mut core = UserPool::new(config, FetchTransport::new(credentials), storage);
        core.set_user_context_provider(Some(Box::new(move |username: &str| advanced_security_data(username, &pool_id, &client_id))));
        let wrap_refresh_session_callback = wrap_refresh_session_callback.dyn_into::<js_sys::Function>().ok();
        if let Some(wrap) = wrap_refresh_session_callback.clone() {
            core.set_refresh_observer(Some(refresh_observer(wrap)));
        }
        let id = NEXT_POOL_ID.with(|n| {
            let id = n.get();
            n.set(id.wrapping_add(1).max(1));
            id
        });
        let shared = Rc::new(PoolShared {
            id,
            core: Rc::new(core),
            storage_js,
            wrap_refresh_session_callback,
        });
        POOLS.with(|p| p.borrow_mut().push((id, Rc::downgrade(&shared))));
        Ok(CognitoUserPool { shared })
    }

    /// Internal: how `new CognitoUser({Pool})` finds this pool's state.
    #[wasm_bindgen(js_name = __cognitoWasmPoolHandle, skip_typescript)]
    pub fn handle(&self) -> String {
        format!("{}:{}", MODULE_NONCE.with(|n| n.clone()), self.shared.id)
    }

    /// The pool id, e.g. `us-east-1_AbC`.
    #[wasm_bindgen(js_name = getUserPoolId)]
    pub fn get_user_pool_id(&self) -> String {
        self.shared.core.config().user_pool_id().to_string()
    }

    /// The part of the pool id after `_`.
    #[wasm_bindgen(js_name = getUserPoolName)]
    pub fn get_user_pool_name(&self) -> String {
        self.shared.core.config().user_pool_name().to_string()
    }

    /// The app client id.
    #[wasm_bindgen(js_name = getClientId)]
    pub fn get_client_id(&self) -> String {
        self.shared.core.config().client_id().to_string()
    }

    /// The user named by `LastAuthUser` in storage (no tokens loaded: call `getSession`),
    /// or null.
    #[wasm_bindgen(js_name = getCurrentUser, unchecked_return_type = "CognitoUser | null")]
    pub fn get_current_user(&self) -> JsValue {
        match current_user(&self.shared.core) {
            Some(core) => CognitoUser::from_parts(Rc::new(core), Rc::clone(&self.shared), None, self.shared.storage_js.clone()).into(),
            None => JsValue::NULL,
        }
    }


    /// `SignUp`; `callback(err, {user, userConfirmed, userSub, codeDeliveryDetails})` where
    /// `user` is a new `CognitoUser` over this pool and its storage. `userAttributes` and
    /// `validationData` are `CognitoUserAttribute[]` or `{Name, Value}[]`.
    #[wasm_bindgen(js_name = signUp)]
    pub fn sign_up(
        &self,
        username: JsValue,
        password: JsValue,
        user_attributes: JsValue,
        validation_data: JsValue,
        callback: JsValue,
        client_metadata: JsValue,
    ) {
        let work = self.sign_up_work(username, password, user_attributes, validation_data, client_metadata);
        spawn(async move {
            match work.await {
                Ok(v) => call_node(&callback, &[JsValue::NULL, v]),
                Err(e) => call_node(&callback, &[e, JsValue::NULL]),
            }
        });
    }

    /// `signUp` as a Promise of `{user, userConfirmed, userSub, codeDeliveryDetails}`.
    #[wasm_bindgen(js_name = signUpAsync)]
    pub fn sign_up_async(
        &self,
        username: JsValue,
        password: JsValue,
        user_attributes: JsValue,
        validation_data: JsValue,
        client_metadata: JsValue,
    ) -> js_sys::Promise {
        promise(self.sign_up_work(username, password, user_attributes, validation_data, client_metadata))
    }

    /// `undefined` when the `AmazonCognitoAdvancedSecurityData` script is not loaded;
    /// `{EncodedData}` when the flag is on and it has data for `username`; else `{}`.
    #[wasm_bindgen(js_name = getUserContextData)]
    pub fn get_user_context_data(&self, username: JsValue) -> JsValue {
        if advanced_security_global().is_none() {
            return JsValue::UNDEFINED;
        }
        let out = object();
        let config = self.shared.core.config();
        if config.advanced_security_data_collection_flag() {
            if let Some(data) = advanced_security_data(&js_to_string(&username), config.user_pool_id(), config.client_id()) {
                set(&out, "EncodedData", &JsValue::from_str(&data));
            }
        }
        out
    }

    /// The Cognito client: `client.request(operation, params, callback)`.
    #[wasm_bindgen(getter)]
    pub fn client(&self) -> Client {
        Client::new(Rc::clone(&self.shared))
    }

    /// The storage object (the one given, `localStorage`, or the pool's memory storage).
    #[wasm_bindgen(getter)]
    pub fn storage(&self) -> JsValue {
        self.shared.storage_js.clone()
    }

    /// The reference's `userPoolId` field.
    #[wasm_bindgen(getter = userPoolId)]
    pub fn user_pool_id(&self) -> String {
        self.get_user_pool_id()
    }

    /// The reference's `clientId` field.
    #[wasm_bindgen(getter = clientId)]
    pub fn client_id(&self) -> String {
        self.get_client_id()
    }

    /// The endpoint requests go to.
    #[wasm_bindgen(getter)]
    pub fn endpoint(&self) -> String {
        self.shared.core.config().endpoint().to_string()
    }

    /// The reference's `advancedSecurityDataCollectionFlag` field.
    #[wasm_bindgen(getter = advancedSecurityDataCollectionFlag)]
    pub fn advanced_security_data_collection_flag(&self) -> bool {
        self.shared.core.config().advanced_security_data_collection_flag()
    }

    /// The per-request timeout in milliseconds (`requestTimeoutMs`; `0`: none).
    #[wasm_bindgen(getter = requestTimeoutMs)]
    pub fn request_timeout_ms(&self) -> u32 {
        self.shared.core.config().request_timeout_ms().unwrap_or(0)
    }

    /// The `wrapRefreshSessionCallback` given to the constructor (undefined otherwise).
    #[wasm_bindgen(getter = wrapRefreshSessionCallback)]
    pub fn wrap_refresh_session_callback(&self) -> JsValue {
        self.shared.wrap_refresh_session_callback.clone().map(JsValue::from).unwrap_or(JsValue::UNDEFINED)
    }
}

/// `Username and Pool information are required.` (the `CognitoUser` constructor's error).
pub fn user_and_pool_required() -> JsValue {
    plain_error(messages::USER_AND_POOL_REQUIRED)
}
