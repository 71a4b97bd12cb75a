//! `pool.client`: sends any Cognito operation with the pool's endpoint, headers and
//! fetch options, and hands back the parsed JSON (`request(operation, params, callback)`
//! as in the reference, plus Promise forms). Any operation name is accepted.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::callbacks::{call_node, object, sdk_error};
use super::pool::PoolShared;

async fn send(pool: Rc<PoolShared>, operation: String, body: Result<String, JsValue>, retry: bool) -> Result<JsValue, JsValue> {
    let body = body?;
    let client = pool.core.client();
    let text = if retry { client.request_text_with_retry(&operation, body).await } else { client.request_text(&operation, body).await };
    let text = text.map_err(|e| sdk_error(&e))?;
    Ok(js_sys::JSON::parse(&text).unwrap_or_else(|_| object()))
}

/// `JSON.stringify(params)` (`{}` for `undefined`).
fn body_of(params: &JsValue) -> Result<String, JsValue> {
    if params.is_undefined() {
        return Ok("{}".to_string());
    }
    match js_sys::JSON::stringify(params) {
        Ok(text) => Ok(text.as_string().unwrap_or_else(|| "{}".to_string())),
        Err(e) => Err(e),
    }
}

/// The reference's `Client` (exported as `CognitoClient`), bound to a pool.
#[wasm_bindgen(js_name = CognitoClient)]
#[derive(Clone)]
pub struct Client {
    pool: Rc<PoolShared>,
}

impl Client {
    /// The client of a pool.
    pub fn new(pool: Rc<PoolShared>) -> Self {
        Client { pool }
    }
}

#[wasm_bindgen(js_class = CognitoClient)]
impl Client {
    /// Sends `operation` with `params` as its JSON body and calls `callback(null, data)`
    /// or `callback(err)` (asynchronously).
    pub fn request(&self, operation: JsValue, params: JsValue, callback: JsValue) {
        let pool = Rc::clone(&self.pool);
        let operation = operation.as_string().unwrap_or_default();
        let body = body_of(&params);
        super::tasks::spawn(async move {
            match send(pool, operation, body, false).await {
                Ok(data) => call_node(&callback, &[JsValue::NULL, data]),
                Err(e) => call_node(&callback, &[e]),
            }
        });
    }

    /// `request` with the reference's jittered exponential retry (errors retrying cannot
    /// fix are reported at once).
    #[wasm_bindgen(js_name = requestWithRetry)]
    pub fn request_with_retry(&self, operation: JsValue, params: JsValue, callback: JsValue) {
        let pool = Rc::clone(&self.pool);
        let operation = operation.as_string().unwrap_or_default();
        let body = body_of(&params);
        super::tasks::spawn(async move {
            match send(pool, operation, body, true).await {
                Ok(data) => call_node(&callback, &[JsValue::NULL, data]),
                Err(e) => call_node(&callback, &[e]),
            }
        });
    }

    /// `request` as a Promise of the parsed response.
    #[wasm_bindgen(js_name = promisifyRequest)]
    pub fn promisify_request(&self, operation: JsValue, params: JsValue) -> js_sys::Promise {
        let pool = Rc::clone(&self.pool);
        let operation = operation.as_string().unwrap_or_default();
        let body = body_of(&params);
        super::tasks::promise(send(pool, operation, body, false))
    }

    /// Alias of `promisifyRequest`, following the `<method>Async` convention.
    #[wasm_bindgen(js_name = requestAsync)]
    pub fn request_async(&self, operation: JsValue, params: JsValue) -> js_sys::Promise {
        self.promisify_request(operation, params)
    }

    /// The endpoint requests go to.
    #[wasm_bindgen(getter)]
    pub fn endpoint(&self) -> String {
        self.pool.core.config().endpoint().to_string()
    }

    /// `{credentials}` when the pool was given `fetchOptions.credentials`, else `{}`.
    #[wasm_bindgen(getter = fetchOptions)]
    pub fn fetch_options(&self) -> JsValue {
        let o = object();
        if let Some(c) = self.pool.core.transport().credentials() {
            super::callbacks::set(&o, "credentials", &JsValue::from_str(c));
        }
        o
    }
}
