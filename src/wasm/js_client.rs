//! [`JsClient`]: the core's [`Transport`] over the face's `Env` (js/FACE.md). Every request
//! a flow sends becomes `env.request(operation, params)`, which is
//! `user.client.request(operation, params, callback)`: a stub on `Client.prototype.request`
//! or `pool.client.request` sees and answers it. The answer is turned back into what the
//! core would have read from Cognito, so the core's flows (retry, error mapping, token
//! handling) run unchanged:
//! - resolved data -> a 200 response whose body is `JSON.stringify(data)`;
//! - a rejection `{ code, name, message, statusCode? }` -> the HTTP answer or transport
//!   failure that the core maps to that same error (see [`rejection_to_response`]).
//!
//! Time limits are the `Client`'s business (the default `Client.prototype.request`, the
//! session module's fetch, aborts after the pool's `requestTimeoutMs`). The clock is
//! `Date.now()`; `sleep` is `setTimeout`.

use std::cell::RefCell;
use std::rc::Rc;
use std::task::{Poll, Waker};

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::interop::{error_from_js, json_text, method, parse_json};
use crate::protocol::operation::TARGET_PREFIX;
use crate::wire::errors::codes;
use crate::wire::{HttpRequest, HttpResponse, SdkError, Transport, TransportError};


/// The face's `Env` as a transport.
pub struct JsClient {
    env: JsValue,
}

impl std::fmt::Debug for JsClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JsClient")
    }
}

impl JsClient {
    /// A transport over `env` (`{ request, requestWithRetry, storage }`).
    pub fn new(env: JsValue) -> Self {
        JsClient { env }
    }

    /// The `Env` object.
    pub fn env(&self) -> &JsValue {
        &self.env
    }

    /// Calls `env[function](operation, params, callback)` and waits for the callback: the
    /// answer, or the error it was called with (or a synchronous throw) as a JS value. The
    /// callback is called at most once to effect (a second call is ignored); the closure is
    /// dropped with this future.
    pub async fn call(&self, function: &str, operation: &str, params: &JsValue) -> Result<JsValue, JsValue> {
        let f = method(&self.env, function).ok_or_else(|| JsValue::from_str(&format!("cognito-wasm: env.{function} is not a function")))?;
        let answer = Rc::new(RefCell::new(Answer::default()));
        let filled = Rc::clone(&answer);
        let callback = Closure::wrap(Box::new(move |err: JsValue, data: JsValue| {
            let waker = {
                let mut slot = filled.borrow_mut();
                if slot.result.is_some() {
                    return;
                }
                slot.result = Some(if err.is_truthy() { Err(err) } else { Ok(data) });
                slot.waker.take()
            };
            if let Some(waker) = waker {
                waker.wake();
            }
        }) as Box<dyn FnMut(JsValue, JsValue)>);
        if let Err(thrown) = f.call3(&self.env, &JsValue::from_str(operation), params, callback.as_ref()) {
            answer.borrow_mut().result.get_or_insert(Err(thrown));
        }
        let result = std::future::poll_fn(|cx| {
            let mut slot = answer.borrow_mut();
            match slot.result.take() {
                Some(result) => Poll::Ready(result),
                None => {
                    slot.waker = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
        .await;
        drop(callback);
        result
    }
}

/// Where a request's callback leaves the answer, and whom to wake.
#[derive(Default)]
struct Answer {
    result: Option<Result<JsValue, JsValue>>,
    waker: Option<Waker>,
}

/// The operation a request is for, read from its `X-Amz-Target` header.
pub fn operation_of(request: &HttpRequest) -> String {
    match request.header("X-Amz-Target") {
        Some(target) => target.strip_prefix(TARGET_PREFIX).unwrap_or(target).to_string(),
        None => request.operation.name().to_string(),
    }
}

/// What the core would have received from Cognito for `error`:
/// - `NetworkError`, `TimeoutError`, `RedirectError`, `ResponseTooLargeError`: the transport
///   failure the core maps to that error;
/// - `UnknownError` with a status: that status with a body that is not an error document;
/// - an error with a status whose message is the status (the reference's
///   `x-amzn-errortype` form): that status with the header;
/// - any other coded error: a 400 whose body is `{ "__type": code, "message": message }`;
/// - an error without a code (a plain `Error` from a stub): a 400 `{ "__type": name,
///   "message": message }`, so the flow still fails with that message.
pub fn rejection_to_response(error: &SdkError) -> Result<HttpResponse, TransportError> {
    let code = error.code.clone().unwrap_or_else(|| error.name.clone());
    match code.as_str() {
        codes::NETWORK_ERROR => return Err(TransportError::new(error.message.clone())),
        codes::TIMEOUT_ERROR => {
            // `trim_start_matches`/`trim_end_matches` with `&str` patterns, by hand: those link
            // core's substring searcher and str-slicing panic into the flows module.
            let mut ms = error.message.as_str();
            while let Some(rest) = ms.strip_prefix("Request timed out after ") {
                ms = rest;
            }
            while let Some(rest) = ms.strip_suffix(" ms") {
                ms = rest;
            }
            let ms = ms.parse().unwrap_or(0);
            return Err(TransportError::timed_out(ms));
        }
        codes::REDIRECT_ERROR => return Err(TransportError::redirected(error.status_code)),
        codes::RESPONSE_TOO_LARGE => return Err(TransportError::too_large()),
        _ => {}
    }
    if let Some(status) = error.status_code {
        if code == codes::UNKNOWN_ERROR {
            return Ok(HttpResponse::new(status, ""));
        }
        if error.message == status.to_string() {
            return Ok(HttpResponse { status, body: "{}".to_string(), error_type: Some(code) });
        }
    }
    let document = js_sys::Object::new();
    super::interop::set(&document, "__type", &JsValue::from_str(&code));
    super::interop::set(&document, "message", &JsValue::from_str(&error.message));
    let body = json_text(&document.into()).unwrap_or_else(|| "{}".to_string());
    Ok(HttpResponse::new(error.status_code.filter(|s| *s >= 400).unwrap_or(400), body))
}

impl Transport for JsClient {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let operation = operation_of(&request);
        let params = parse_json(&request.body).unwrap_or_else(|_| js_sys::Object::new().into());
        match self.call("request", &operation, &params).await {
            Ok(data) => {
                let body = if data.is_undefined() { "{}".to_string() } else { json_text(&data).unwrap_or_else(|| "{}".to_string()) };
                Ok(HttpResponse::new(200, body))
            }
            Err(rejection) => rejection_to_response(&error_from_js(&rejection)),
        }
    }

    async fn sleep(&self, millis: u32) {
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            let global = js_sys::global();
            match method(&global, "setTimeout") {
                Some(set_timeout) => {
                    let _ = set_timeout.call2(&global, &resolve, &JsValue::from(millis));
                }
                None => {
                    let _ = resolve.call0(&JsValue::UNDEFINED);
                }
            }
        });
        let _ = JsFuture::from(promise).await;
    }
}
