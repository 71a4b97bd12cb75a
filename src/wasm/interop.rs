//! The one place where JavaScript values and Rust values meet: plain JSON-shaped objects
//! read by each type's reader (through the host's `JSON` and [`crate::json_read`]), results
//! written from serde types (through [`crate::json`]), and
//! [`SdkError`]s as the plain `{ code?, name, message, statusCode? }` objects the face turns
//! into `Error`s (js/src/errors.js).

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::wire::{SdkError, SdkResult};

/// Reads a plain JS value with `from_value` (the type's one reader): the value's JSON text
/// parsed into one [`crate::json_read::Value`] (no serde visitor per type). A value that cannot
/// be turned into JSON (a cycle, a BigInt) or does not have the type's shape is an
/// `InvalidParameterException` naming `what`.
pub fn read_js<T>(value: &JsValue, what: &str, from_value: fn(&crate::json_read::Value) -> Result<T, crate::json_read::ReadError>) -> SdkResult<T> {
    let read = || from_value(&crate::json_read::parse(&json_text(value)?).ok()?).ok();
    read().ok_or_else(|| invalid(what))
}

/// `JSON.stringify(value)`, or `None` when it throws or gives `undefined`.
pub fn json_text(value: &JsValue) -> Option<String> {
    js_sys::JSON::stringify(value).ok().and_then(|s| s.as_string())
}

/// Turns a serde value into a plain JS value (objects, arrays, strings, numbers, null).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> SdkResult<JsValue> {
    let text = crate::json::to_string(value).map_err(|e| SdkError::local(format!("Cannot encode a result: {}", e.message)))?;
    parse_json(&text)
}

/// `JSON.parse(text)`.
pub fn parse_json(text: &str) -> SdkResult<JsValue> {
    js_sys::JSON::parse(text).map_err(|_| SdkError::invalid_response("The response is not JSON"))
}

/// `what` could not be read: an `InvalidParameterException` naming it.
pub fn invalid(what: &str) -> SdkError {
    SdkError::service("InvalidParameterException", format!("{what} is not a plain JSON object of the expected shape."), None)
}

/// The plain error object the face expects: `{ code?, name, message, statusCode? }`.
pub fn error_to_js(error: &SdkError) -> JsValue {
    let object = js_sys::Object::new();
    if let Some(code) = &error.code {
        set(&object, "code", &JsValue::from_str(code));
    }
    set(&object, "name", &JsValue::from_str(&error.name));
    set(&object, "message", &JsValue::from_str(&error.message));
    if let Some(status) = error.status_code {
        set(&object, "statusCode", &JsValue::from(status));
    }
    object.into()
}

/// Reads an error given by JavaScript (a rejection of `env.request`, an exception of a
/// storage method) back into an [`SdkError`]: its `code`, `name`, `message` and
/// `statusCode` when present; a thrown string becomes the message of a plain error.
pub fn error_from_js(value: &JsValue) -> SdkError {
    if let Some(text) = value.as_string() {
        return SdkError::local(text);
    }
    let code = string_field(value, "code");
    let message = string_field(value, "message").unwrap_or_else(|| "Unknown error".to_string());
    let name = string_field(value, "name").unwrap_or_else(|| code.clone().unwrap_or_else(|| "Error".to_string()));
    let status_code = get(value, "statusCode").as_f64().filter(|s| s.fract() == 0.0 && (100.0..1000.0).contains(s)).map(|s| s as u16);
    SdkError { code, name, message, status_code }
}

/// `value[name]`, or `undefined` (never throws: a getter that throws reads as `undefined`).
pub fn get(value: &JsValue, name: &str) -> JsValue {
    if !value.is_object() && !value.is_function() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// `value[name]` when it is a string.
pub fn string_field(value: &JsValue, name: &str) -> Option<String> {
    get(value, name).as_string()
}

/// `value[name]` when it is a function.
pub fn method(value: &JsValue, name: &str) -> Option<js_sys::Function> {
    get(value, name).dyn_into::<js_sys::Function>().ok()
}

/// `target[name] = value` (ignores failures: the targets are fresh plain objects).
pub fn set(target: &JsValue, name: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(name), value);
}

#[wasm_bindgen]
extern "C" {
    /// The global `String` function (coercion).
    #[wasm_bindgen(js_name = String, catch)]
    fn js_string(value: &JsValue) -> Result<String, JsValue>;
}

/// `String(value)`, as JavaScript coerces it; a value whose `toString` throws gives `""`.
pub fn js_to_string(value: &JsValue) -> String {
    if let Some(s) = value.as_string() {
        return s;
    }
    js_string(value).unwrap_or_default()
}

/// Runs a synchronous entry: its value, or the plain error object thrown.
pub fn sync_result<T>(result: SdkResult<T>) -> Result<T, JsValue> {
    result.map_err(|e| error_to_js(&e))
}
