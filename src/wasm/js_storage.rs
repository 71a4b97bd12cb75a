//! Any JavaScript object with `getItem/setItem/removeItem/clear` (`localStorage`,
//! `CookieStorage`, the face's memory storage, a caller's own object) as the core's
//! [`Storage`]. An exception thrown by `setItem`, `removeItem` or `clear` becomes a
//! `StorageError` carrying its message; one thrown by `getItem` reads as a missing value
//! (the core's reads cannot fail). Never a panic.

use wasm_bindgen::JsValue;

use super::interop::{get, js_to_string, method};
use crate::storage::Storage;
use crate::wire::{SdkError, SdkResult};

/// A JS storage object seen as the core's [`Storage`].
pub struct JsStorage {
    object: JsValue,
}

impl JsStorage {
    /// Wraps a JS storage object.
    pub fn new(object: JsValue) -> Self {
        JsStorage { object }
    }

    fn call(&self, name: &str, args: &[JsValue]) -> Result<JsValue, String> {
        let f = method(&self.object, name).ok_or_else(|| format!("The storage object has no {name} function."))?;
        let array: js_sys::Array = args.iter().collect();
        f.apply(&self.object, &array).map_err(|e| {
            let message = get(&e, "message").as_string().unwrap_or_else(|| js_to_string(&e));
            format!("Storage {name} failed: {message}")
        })
    }
}

impl std::fmt::Debug for JsStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JsStorage")
    }
}

impl Storage for JsStorage {
    fn get_item(&self, key: &str) -> Option<String> {
        match self.call("getItem", &[JsValue::from_str(key)]) {
            Ok(v) if v.is_undefined() || v.is_null() => None,
            Ok(v) => Some(js_to_string(&v)),
            Err(_) => None,
        }
    }

    fn set_item(&self, key: &str, value: &str) -> SdkResult<()> {
        self.call("setItem", &[JsValue::from_str(key), JsValue::from_str(value)]).map(|_| ()).map_err(SdkError::storage)
    }

    fn remove_item(&self, key: &str) -> SdkResult<()> {
        self.call("removeItem", &[JsValue::from_str(key)]).map(|_| ()).map_err(SdkError::storage)
    }

    fn clear(&self) -> SdkResult<()> {
        self.call("clear", &[]).map(|_| ()).map_err(SdkError::storage)
    }
}
