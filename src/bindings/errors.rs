//! JavaScript error objects in the reference's shape: an `Error` whose `message` is the
//! message and whose `name` and `code` are the error code.

use wasm_bindgen::JsValue;

/// An `Error` with `name = code = code` and the given message.
pub fn js_error(code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(code);
    let value: JsValue = error.into();
    let _ = js_sys::Reflect::set(&value, &JsValue::from_str("code"), &JsValue::from_str(code));
    value
}

/// A plain `Error(message)`, as the reference throws for its local checks.
pub fn plain_error(message: &str) -> JsValue {
    js_sys::Error::new(message).into()
}

impl From<crate::Error> for JsValue {
    fn from(e: crate::Error) -> JsValue {
        js_error(e.code(), &e.to_string())
    }
}
