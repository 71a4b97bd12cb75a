//! Calling user callbacks safely.
//!
//! The reference calls a user's success callback inside a promise chain, so a callback that
//! throws is called a second time with its own exception (through `onFailure`). Here a
//! throwing callback is caught, reported with `console.error`, and never called again.
//! Callback objects are called as methods (`this` is the callback object), as the reference
//! does; Node-style callbacks are called with `this === undefined`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::errors::js_error;

/// `obj[name]` when it is a function.
pub fn method(obj: &JsValue, name: &str) -> Option<js_sys::Function> {
    if !obj.is_object() && !obj.is_function() {
        return None;
    }
    js_sys::Reflect::get(obj, &JsValue::from_str(name)).ok()?.dyn_into::<js_sys::Function>().ok()
}

/// `obj[name]` (undefined when `obj` is not an object or the read throws).
pub fn get(obj: &JsValue, name: &str) -> JsValue {
    if !obj.is_object() && !obj.is_function() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(obj, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Sets `obj[name] = value` (ignores failures: `obj` is always a fresh plain object).
pub fn set(obj: &JsValue, name: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(name), value);
}

/// A fresh plain object.
pub fn object() -> JsValue {
    js_sys::Object::new().into()
}

/// Reports an exception thrown by user code without passing it back to that code.
pub fn report_callback_exception(name: &str, exception: &JsValue) {
    let prefix = JsValue::from_str(&format!("cognito-wasm: the {name} callback threw:"));
    web_sys::console::error_2(&prefix, exception);
}

/// Calls `f.apply(this, args)`; an exception is reported and swallowed.
pub fn call_function(name: &str, f: &js_sys::Function, this: &JsValue, args: &[JsValue]) {
    let array: js_sys::Array = args.iter().collect();
    if let Err(e) = f.apply(this, &array) {
        report_callback_exception(name, &e);
    }
}

/// Calls a Node-style `callback(...args)` if it is a function.
pub fn call_node(callback: &JsValue, args: &[JsValue]) {
    if let Some(f) = callback.dyn_ref::<js_sys::Function>() {
        call_function("callback", f, &JsValue::UNDEFINED, args);
    }
}

/// Calls `callbacks[name](...args)`. Returns false (and calls nothing) when the object has
/// no such function.
pub fn call_method(callbacks: &JsValue, name: &str, args: &[JsValue]) -> bool {
    match method(callbacks, name) {
        Some(f) => {
            call_function(name, &f, callbacks, args);
            true
        }
        None => false,
    }
}

/// The error given to `onFailure` when the callback for a challenge is missing.
pub fn missing_callback_error(callback: &str, challenge: &str) -> JsValue {
    js_error(
        "MissingCallbackError",
        &format!("The {challenge} challenge needs a `{callback}` function in the callback object, and none was given."),
    )
}

/// Calls `callbacks.onFailure(err)`; without one the error is reported on the console.
pub fn fail(callbacks: &JsValue, err: &JsValue) {
    if !call_method(callbacks, "onFailure", std::slice::from_ref(err)) {
        let prefix = JsValue::from_str("cognito-wasm: an operation failed and no onFailure callback was given:");
        web_sys::console::error_2(&prefix, err);
    }
}

/// Calls `callbacks[name](...args)`, or `onFailure` with a clear error when it is missing.
pub fn call_challenge(callbacks: &JsValue, name: &str, challenge: &str, args: &[JsValue]) {
    if !call_method(callbacks, name, args) {
        fail(callbacks, &missing_callback_error(name, challenge));
    }
}

/// Converts a JS string array-ish value to `Vec<String>`; other values give an empty list.
pub fn string_list(value: &JsValue) -> Vec<String> {
    if !js_sys::Array::is_array(value) {
        return Vec::new();
    }
    js_sys::Array::from(value).iter().filter_map(|v| v.as_string()).collect()
}

#[wasm_bindgen]
extern "C" {
    /// The global `String` function (coercion), which never throws for primitives.
    #[wasm_bindgen(js_name = String, catch)]
    fn js_string(value: &JsValue) -> Result<String, JsValue>;
}

/// `String(value)` for a JS value (as JavaScript would coerce it); a value whose
/// `toString` throws gives an empty string.
pub fn js_to_string(value: &JsValue) -> String {
    if let Some(s) = value.as_string() {
        return s;
    }
    js_string(value).unwrap_or_default()
}

/// JavaScript's `Number(text)` (never throws for a string; `NaN` when it is not a number).
#[allow(deprecated)] // `Number::new` is the `Number(value)` call; its replacement does not coerce
pub fn number_of_text(text: &str) -> f64 {
    js_sys::Number::new(&JsValue::from_str(text)).value_of()
}

/// The string entries of a plain object (`{k: v}`), values coerced with `String(v)`;
/// `undefined`/`null` values are skipped. Non-objects give an empty list.
pub fn string_entries(value: &JsValue) -> Vec<(String, String)> {
    if !value.is_object() {
        return Vec::new();
    }
    // `is_object` above, not `instanceof Object`: a null-prototype object
    // (`Object.create(null)`) or one from another realm is still a map of strings.
    js_sys::Object::entries(value.unchecked_ref::<js_sys::Object>())
        .iter()
        .filter_map(|pair| {
            let pair = js_sys::Array::from(&pair);
            let key = pair.get(0).as_string()?;
            let v = pair.get(1);
            if v.is_undefined() || v.is_null() {
                return None;
            }
            Some((key, js_to_string(&v)))
        })
        .collect()
}

/// The JavaScript `Error` for a core [`crate::wire::SdkError`]: `message`, `name`, and
/// `code` / `statusCode` when the error has them (the reference's shapes).
pub fn sdk_error(e: &crate::wire::SdkError) -> JsValue {
    let error = js_sys::Error::new(&e.message);
    error.set_name(&e.name);
    let value: JsValue = error.into();
    if let Some(code) = &e.code {
        set(&value, "code", &JsValue::from_str(code));
    }
    if let Some(status) = e.status_code {
        set(&value, "statusCode", &JsValue::from(status));
    }
    value
}
