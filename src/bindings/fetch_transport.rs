//! HTTP through the host's global `fetch` (browsers and Node 20 alike: no `window` is
//! needed, the function is read from `globalThis` at call time, so a polyfill installed
//! later is honoured).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::callbacks::{method, object, set};

/// What came back from one `fetch`.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    pub ok: bool,
    /// The body text (empty when it could not be read).
    pub body: String,
    /// The `x-amzn-errortype` header, if any.
    pub error_type: Option<String>,
}

/// Why `fetch` produced no response.
#[derive(Debug, Clone)]
pub enum FetchFailure {
    /// The promise rejected with a `TypeError` (network failure, CORS, DNS...).
    Network,
    /// `fetch` is missing, or rejected with something else; the JS value's message.
    Other(String),
}

fn message_of(value: &JsValue) -> String {
    if let Some(s) = value.as_string() {
        return s;
    }
    js_sys::Reflect::get(value, &JsValue::from_str("message")).ok().and_then(|m| m.as_string()).unwrap_or_else(|| "fetch failed".to_string())
}

/// `fetch(url, {method: 'POST', mode: 'cors', headers, body, credentials?})`.
pub async fn post(url: &str, headers: &[(String, String)], body: &str, credentials: Option<&str>) -> Result<RawResponse, FetchFailure> {
    let global = js_sys::global();
    let fetch = js_sys::Reflect::get(&global, &JsValue::from_str("fetch"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| FetchFailure::Other("fetch is not available in this environment".to_string()))?;
    let init = object();
    if let Some(credentials) = credentials {
        set(&init, "credentials", &JsValue::from_str(credentials));
    }
    let header_object = object();
    for (name, value) in headers {
        set(&header_object, name, &JsValue::from_str(value));
    }
    set(&init, "headers", &header_object);
    set(&init, "method", &JsValue::from_str("POST"));
    set(&init, "mode", &JsValue::from_str("cors"));
    set(&init, "body", &JsValue::from_str(body));

    let promise = fetch
        .call2(&global, &JsValue::from_str(url), &init)
        .map_err(|e| classify(&e))?
        .dyn_into::<js_sys::Promise>()
        .map_err(|_| FetchFailure::Other("fetch did not return a promise".to_string()))?;
    let response = JsFuture::from(promise).await.map_err(|e| classify(&e))?;

    let status = js_sys::Reflect::get(&response, &JsValue::from_str("status")).ok().and_then(|s| s.as_f64()).unwrap_or(0.0) as u16;
    let ok = js_sys::Reflect::get(&response, &JsValue::from_str("ok")).map(|v| v.is_truthy()).unwrap_or(false);
    let error_type = js_sys::Reflect::get(&response, &JsValue::from_str("headers"))
        .ok()
        .and_then(|h| {
            let get = method(&h, "get")?;
            get.call1(&h, &JsValue::from_str("x-amzn-errortype")).ok()?.as_string()
        });
    let body = match method(&response, "text").and_then(|t| t.call0(&response).ok()).and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) {
        Some(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        None => String::new(),
    };
    Ok(RawResponse { status, ok, body, error_type })
}

fn classify(e: &JsValue) -> FetchFailure {
    if e.is_instance_of::<js_sys::TypeError>() {
        FetchFailure::Network
    } else {
        FetchFailure::Other(message_of(e))
    }
}

/// Resolves after `ms` milliseconds (the global `setTimeout`).
pub async fn sleep(ms: u32) {
    let global = js_sys::global();
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let set_timeout = js_sys::Reflect::get(&global, &JsValue::from_str("setTimeout"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        match set_timeout {
            Some(f) => {
                if f.call2(&global, &resolve, &JsValue::from(ms)).is_err() {
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                }
            }
            None => {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The core's [`crate::wire::Transport`] over the global `fetch`. `credentials` is the
/// pool's `fetchOptions.credentials` (the only fetch option the reference forwards).
#[derive(Clone, Debug, Default)]
pub struct FetchTransport {
    credentials: Option<String>,
}

impl FetchTransport {
    /// A transport sending `credentials` (`'include'`, `'same-origin'`, `'omit'`) when set.
    pub fn new(credentials: Option<String>) -> Self {
        FetchTransport { credentials }
    }

    /// The `credentials` fetch option.
    pub fn credentials(&self) -> Option<&str> {
        self.credentials.as_deref()
    }
}

impl crate::wire::Transport for FetchTransport {
    async fn send(&self, request: crate::wire::HttpRequest) -> Result<crate::wire::HttpResponse, crate::wire::TransportError> {
        let headers: Vec<(String, String)> = request.headers.iter().map(|(n, v)| (n.to_string(), v.clone())).collect();
        match post(&request.url, &headers, &request.body, self.credentials.as_deref()).await {
            Ok(r) => Ok(crate::wire::HttpResponse { status: r.status, body: r.body, error_type: r.error_type }),
            Err(FetchFailure::Network) => Err(crate::wire::TransportError { detail: "TypeError from fetch".to_string() }),
            Err(FetchFailure::Other(detail)) => Err(crate::wire::TransportError { detail }),
        }
    }

    async fn sleep(&self, millis: u32) {
        sleep(millis).await
    }
}
