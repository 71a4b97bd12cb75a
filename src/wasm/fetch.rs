//! HTTP through the host's global `fetch` (browsers and Node 20 alike: no `window` is
//! needed, the function is read from `globalThis` at call time, so a polyfill installed
//! later is honoured).
//!
//! **Timeouts.** With a timeout (the pool's `requestTimeoutMs`, 30 s by default), a
//! `Deadline` arms one `setTimeout`: when it fires, the request's `AbortController` (when
//! the host has one) is aborted, so `fetch` and the body read reject and the socket is
//! released, and the wait itself is raced against a rejection from the same timer, so a
//! `fetch` polyfill that ignores `signal` cannot hang the SDK either. The core turns
//! [`FetchFailure::Timeout`] into a `TimeoutError`. The timer is cleared as soon as the
//! body has been read (or the request failed otherwise).
//!
//! **Redirects.** The request says `redirect: 'manual'`: a 3xx answer is never followed
//! (following a 307/308 would POST the body, passwords included, to whatever the
//! `Location` names). Browsers show such an answer as an "opaque redirect" (type
//! `opaqueredirect`, status 0), Node as the 3xx response itself; both become
//! [`FetchFailure::Redirected`] and then the SDK's `RedirectError`. (`redirect: 'error'`
//! would refuse too, but as a `TypeError` that cannot be told apart from being offline.)
//!
//! **Size.** The body is read from `response.body` chunk by chunk and reading stops (the
//! stream is cancelled) as soon as it passes [`MAX_RESPONSE_BYTES`]; a `Content-Length`
//! over the cap fails before reading. Only a `fetch` polyfill without body streams is
//! read whole with `text()` and checked afterwards.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::interop::{method, set};

fn object() -> JsValue {
    js_sys::Object::new().into()
}
use crate::wire::MAX_RESPONSE_BYTES;

/// What came back from one `fetch`. `Debug` gives the body's length, not its text (a body
/// carries tokens).
#[derive(Clone)]
pub struct RawResponse {
    pub status: u16,
    pub ok: bool,
    /// The body text (empty when it could not be read).
    pub body: String,
    /// The `x-amzn-errortype` header, if any.
    pub error_type: Option<String>,
}

impl std::fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("ok", &self.ok)
            .field("body_len", &self.body.len())
            .field("error_type", &self.error_type)
            .finish()
    }
}

/// Why `fetch` produced no response.
#[derive(Debug, Clone)]
pub enum FetchFailure {
    /// The promise rejected with a `TypeError` (network failure, CORS, DNS...).
    Network,
    /// `fetch` is missing, or rejected with something else; the JS value's message.
    Other(String),
    /// No complete response (headers and body) within the timeout; the request was aborted.
    Timeout,
    /// A 3xx answer, not followed; its status when the host shows it (browsers do not).
    Redirected(Option<u16>),
    /// The body passed [`MAX_RESPONSE_BYTES`]; reading stopped there.
    TooLarge,
}

/// One request's time limit: a timer that aborts an `AbortController` and rejects
/// [`Deadline::race`]d promises. Cleared on drop.
struct Deadline {
    fired: Rc<Cell<bool>>,
    signal: JsValue,
    expired: js_sys::Promise,
    timer: JsValue,
    _on_timeout: Closure<dyn FnMut()>,
}

impl Deadline {
    /// `None` without a global `setTimeout` (then there is no limit).
    fn new(ms: u32) -> Option<Deadline> {
        let global = js_sys::global();
        let set_timeout = get_function(&global, "setTimeout")?;
        let controller = js_sys::Reflect::get(&global, &JsValue::from_str("AbortController"))
            .ok()
            .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
            .and_then(|c| js_sys::Reflect::construct(&c, &js_sys::Array::new()).ok());
        let signal = controller.as_ref().map(|c| js_sys::Reflect::get(c, &JsValue::from_str("signal")).unwrap_or(JsValue::UNDEFINED)).unwrap_or(JsValue::UNDEFINED);
        let reject_slot: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
        let slot = Rc::clone(&reject_slot);
        let expired = js_sys::Promise::new(&mut move |_resolve, reject| {
            *slot.borrow_mut() = Some(reject);
        });
        // Nobody may await `expired` (the request finished first): mark it handled so
        // hosts do not report an unhandled rejection.
        mark_handled(&expired);
        let fired = Rc::new(Cell::new(false));
        let flag = Rc::clone(&fired);
        let on_timeout = Closure::<dyn FnMut()>::new(move || {
            flag.set(true);
            if let Some(controller) = &controller {
                if let Some(abort) = get_function(controller, "abort") {
                    let _ = abort.call0(controller);
                }
            }
            if let Some(reject) = reject_slot.borrow_mut().take() {
                let _ = reject.call1(&JsValue::UNDEFINED, &JsValue::from_str("cognito-wasm: request timed out"));
            }
        });
        let timer = set_timeout.call2(&global, on_timeout.as_ref(), &JsValue::from(ms)).ok()?;
        Some(Deadline { fired, signal, expired, timer, _on_timeout: on_timeout })
    }

    /// `promise`, unless the deadline passes first.
    fn race(&self, promise: js_sys::Promise) -> js_sys::Promise {
        let both: js_sys::Array = [JsValue::from(promise), JsValue::from(self.expired.clone())].iter().collect();
        js_sys::Promise::race(&both)
    }

    fn fired(&self) -> bool {
        self.fired.get()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        let global = js_sys::global();
        if let Some(clear) = get_function(&global, "clearTimeout") {
            let _ = clear.call1(&global, &self.timer);
        }
    }
}

fn get_function(target: &JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(target, &JsValue::from_str(name)).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok())
}

fn message_of(value: &JsValue) -> String {
    if let Some(s) = value.as_string() {
        return s;
    }
    js_sys::Reflect::get(value, &JsValue::from_str("message")).ok().and_then(|m| m.as_string()).unwrap_or_else(|| "fetch failed".to_string())
}

/// `fetch(url, {method: 'POST', mode: 'cors', headers, body, credentials?})`, no time limit.
pub async fn post(url: &str, headers: &[(String, String)], body: &str, credentials: Option<&str>) -> Result<RawResponse, FetchFailure> {
    post_with_timeout(url, headers, body, credentials, None).await
}

/// [`post`] with a time limit for the whole exchange (response headers and body): past
/// `timeout_ms` the request is aborted (`signal` of an `AbortController`) and the result
/// is [`FetchFailure::Timeout`]. `None` or `Some(0)`: no limit.
pub async fn post_with_timeout(
    url: &str,
    headers: &[(String, String)],
    body: &str,
    credentials: Option<&str>,
    timeout_ms: Option<u32>,
) -> Result<RawResponse, FetchFailure> {
    let deadline = timeout_ms.filter(|ms| *ms > 0).and_then(Deadline::new);
    let result = exchange(url, headers, body, credentials, deadline.as_ref()).await;
    match (result, &deadline) {
        (Err(_), Some(d)) if d.fired() => Err(FetchFailure::Timeout),
        (result, _) => result,
    }
}

/// `promise`, raced against `deadline` when there is one.
fn within(deadline: Option<&Deadline>, promise: js_sys::Promise) -> js_sys::Promise {
    match deadline {
        Some(d) => d.race(promise),
        None => promise,
    }
}

async fn exchange(url: &str, headers: &[(String, String)], body: &str, credentials: Option<&str>, deadline: Option<&Deadline>) -> Result<RawResponse, FetchFailure> {
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
    set(&init, "redirect", &JsValue::from_str("manual"));
    set(&init, "body", &JsValue::from_str(body));
    if let Some(d) = deadline.filter(|d| !d.signal.is_undefined()) {
        set(&init, "signal", &d.signal);
    }

    // `Promise.resolve` adopts any thenable, from this realm or another (jest's `node`
    // environment hands out Node's own fetch, whose promises fail an `instanceof Promise`).
    let promise = js_sys::Promise::resolve(&fetch.call2(&global, &JsValue::from_str(url), &init).map_err(|e| classify(&e))?);
    let response = JsFuture::from(within(deadline, promise)).await.map_err(|e| classify(&e))?;

    let status = js_sys::Reflect::get(&response, &JsValue::from_str("status")).ok().and_then(|s| s.as_f64()).unwrap_or(0.0) as u16;
    let response_type = js_sys::Reflect::get(&response, &JsValue::from_str("type")).ok().and_then(|t| t.as_string());
    if response_type.as_deref() == Some("opaqueredirect") || (300..400).contains(&status) {
        cancel_body(&response);
        return Err(FetchFailure::Redirected((status != 0).then_some(status)));
    }
    let ok = js_sys::Reflect::get(&response, &JsValue::from_str("ok")).map(|v| v.is_truthy()).unwrap_or(false);
    let error_type = header(&response, "x-amzn-errortype");
    let body = read_body(&response, deadline).await;
    // A body cut off by the deadline is a timeout, not an empty answer.
    if deadline.is_some_and(Deadline::fired) {
        return Err(FetchFailure::Timeout);
    }
    Ok(RawResponse { status, ok, body: body?, error_type })
}

/// A response header's value.
fn header(response: &JsValue, name: &str) -> Option<String> {
    let headers = js_sys::Reflect::get(response, &JsValue::from_str("headers")).ok()?;
    let get = method(&headers, "get")?;
    get.call1(&headers, &JsValue::from_str(name)).ok()?.as_string()
}

/// `response.body.cancel()` (when there is a body stream): releases the connection of a
/// response that will not be read.
fn cancel_body(response: &JsValue) {
    let Ok(stream) = js_sys::Reflect::get(response, &JsValue::from_str("body")) else { return };
    if let Some(cancel) = method(&stream, "cancel") {
        if let Ok(promise) = cancel.call0(&stream) {
            mark_handled(&promise);
        }
    }
}

/// Attaches an empty `catch` to a promise nobody awaits, so hosts report no unhandled
/// rejection.
fn mark_handled(promise: &JsValue) {
    if let Some(catch) = method(promise, "catch") {
        let _ = catch.call1(promise, &Closure::once_into_js(|_: JsValue| {}));
    }
}

/// The body as text (UTF-8, invalid bytes replaced, a leading BOM dropped: what `text()`
/// gives), at most [`MAX_RESPONSE_BYTES`] of it: larger is [`FetchFailure::TooLarge`]. A
/// body that cannot be read (the connection broke) reads as empty, as before the cap.
async fn read_body(response: &JsValue, deadline: Option<&Deadline>) -> Result<String, FetchFailure> {
    let announced = header(response, "content-length").and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|length| length > MAX_RESPONSE_BYTES as u64) {
        cancel_body(response);
        return Err(FetchFailure::TooLarge);
    }
    let stream = js_sys::Reflect::get(response, &JsValue::from_str("body")).unwrap_or(JsValue::NULL);
    if stream.is_null() {
        return Ok(String::new()); // no body at all
    }
    if stream.is_undefined() {
        return read_text_then_check(response, deadline).await; // a polyfill without streams
    }
    let Some(reader) = method(&stream, "getReader").and_then(|g| g.call0(&stream).ok()) else {
        return Ok(String::new());
    };
    let Some(read) = method(&reader, "read") else { return Ok(String::new()) };
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        let Some(promise) = read.call0(&reader).ok().map(|p| js_sys::Promise::resolve(&p)) else {
            return Ok(String::new());
        };
        let Ok(chunk) = JsFuture::from(within(deadline, promise)).await else {
            cancel_reader(&reader);
            return Ok(String::new());
        };
        if js_sys::Reflect::get(&chunk, &JsValue::from_str("done")).is_ok_and(|d| d.is_truthy()) {
            break;
        }
        // `ArrayBuffer.isView`, not `instanceof`: a chunk from another realm is still bytes.
        let Ok(value) = js_sys::Reflect::get(&chunk, &JsValue::from_str("value"))
            .and_then(|v| if js_sys::ArrayBuffer::is_view(&v) { Ok(v.unchecked_into::<js_sys::Uint8Array>()) } else { Err(v) })
        else {
            cancel_reader(&reader);
            return Ok(String::new());
        };
        if bytes.len() + value.length() as usize > MAX_RESPONSE_BYTES {
            cancel_reader(&reader);
            return Err(FetchFailure::TooLarge);
        }
        let start = bytes.len();
        bytes.resize(start + value.length() as usize, 0);
        value.copy_to(&mut bytes[start..]);
    }
    let text = String::from_utf8_lossy(&bytes);
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

/// `response.text()`, for hosts without body streams: the whole body arrives before its
/// size can be checked.
async fn read_text_then_check(response: &JsValue, deadline: Option<&Deadline>) -> Result<String, FetchFailure> {
    let Some(promise) = method(response, "text").and_then(|t| t.call0(response).ok()).map(|p| js_sys::Promise::resolve(&p)) else {
        return Ok(String::new());
    };
    let text = JsFuture::from(within(deadline, promise)).await.ok().and_then(|t| t.as_string()).unwrap_or_default();
    if text.len() > MAX_RESPONSE_BYTES {
        return Err(FetchFailure::TooLarge);
    }
    Ok(text)
}

/// `reader.cancel()`: stops the download of a body that will not be read further.
fn cancel_reader(reader: &JsValue) {
    if let Some(cancel) = method(reader, "cancel") {
        if let Ok(promise) = cancel.call0(reader) {
            mark_handled(&promise);
        }
    }
}

/// A `TypeError` (by name: one from another realm is not `instanceof` this realm's) is a
/// network failure.
fn classify(e: &JsValue) -> FetchFailure {
    let name = js_sys::Reflect::get(e, &JsValue::from_str("name")).ok().and_then(|n| n.as_string());
    if e.is_object() && name.as_deref() == Some("TypeError") {
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
        match post_with_timeout(&request.url, &headers, &request.body, self.credentials.as_deref(), request.timeout_ms).await {
            Ok(r) => Ok(crate::wire::HttpResponse { status: r.status, body: r.body, error_type: r.error_type }),
            Err(FetchFailure::Network) => Err(crate::wire::TransportError::new("TypeError from fetch")),
            Err(FetchFailure::Other(detail)) => Err(crate::wire::TransportError::new(detail)),
            Err(FetchFailure::Timeout) => Err(crate::wire::TransportError::timed_out(request.timeout_ms.unwrap_or(0))),
            Err(FetchFailure::Redirected(status)) => Err(crate::wire::TransportError::redirected(status)),
            Err(FetchFailure::TooLarge) => Err(crate::wire::TransportError::too_large()),
        }
    }

    async fn sleep(&self, millis: u32) {
        sleep(millis).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn debug_never_shows_the_body() {
        let response = RawResponse { status: 200, ok: true, body: r#"{"AccessToken":"token-value-secret"}"#.into(), error_type: None };
        let shown = format!("{response:?}");
        assert!(!shown.contains("token-value-secret"), "{shown}");
        assert!(shown.contains("200") && shown.contains("body_len"), "{shown}");
    }
}
