//! Storage across the boundary:
//! - [`JsStorage`]: any JS object with `setItem/getItem/removeItem/clear`
//!   (`localStorage`, `CookieStorage`, a user's own object) as the core's [`Storage`];
//!   a JS exception becomes a `StorageError` (writes) or a missing value (reads), never a
//!   panic;
//! - [`MemoryStorage`]: the JS face of the core's per-pool in-memory storage, used where
//!   there is no `localStorage` (Node, workers);
//! - [`default_storage`]: `window.localStorage` when it works (probed by writing and
//!   removing `aws.cognito.test-ls`, as the reference does), else a new memory storage.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::callbacks::{get, js_to_string, method, object};
use crate::storage::{MemoryStorage as CoreMemoryStorage, Storage};
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

    /// The JS object.
    pub fn object(&self) -> &JsValue {
        &self.object
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
            Err(message) => {
                web_sys::console::error_1(&JsValue::from_str(&format!("cognito-wasm: {message}")));
                None
            }
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

/// An in-memory storage with the `localStorage` shape, one per pool (the reference's
/// `MemoryStorage` is one object shared by a whole process). `getItem` of a missing key
/// gives `undefined`, as the reference's.
#[wasm_bindgen]
#[derive(Clone, Default)]
pub struct MemoryStorage {
    inner: Rc<CoreMemoryStorage>,
}

impl MemoryStorage {
    /// The core storage.
    pub fn core(&self) -> Rc<CoreMemoryStorage> {
        Rc::clone(&self.inner)
    }
}

#[wasm_bindgen]
impl MemoryStorage {
    /// An empty storage.
    #[wasm_bindgen(constructor)]
    pub fn new() -> MemoryStorage {
        MemoryStorage::default()
    }

    /// Stores `String(value)` and returns it.
    #[wasm_bindgen(js_name = setItem)]
    pub fn set_item(&self, key: JsValue, value: JsValue) -> String {
        let value = js_to_string(&value);
        let _ = self.inner.set_item(&js_to_string(&key), &value);
        value
    }

    /// The value, or `undefined`.
    #[wasm_bindgen(js_name = getItem)]
    pub fn get_item(&self, key: JsValue) -> Option<String> {
        self.inner.get_item(&js_to_string(&key))
    }

    /// Removes the key; true.
    #[wasm_bindgen(js_name = removeItem)]
    pub fn remove_item(&self, key: JsValue) -> bool {
        let _ = self.inner.remove_item(&js_to_string(&key));
        true
    }

    /// Removes everything; returns `{}`.
    pub fn clear(&self) -> JsValue {
        let _ = self.inner.clear();
        object()
    }

    /// Number of stored keys (not in the reference).
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.len()
    }
}

/// A storage for the core together with the JS object users see as `.storage`.
#[derive(Clone)]
pub struct StoragePair {
    pub core: Rc<dyn Storage>,
    pub js: JsValue,
}

impl StoragePair {
    /// The caller's JS storage object.
    pub fn from_js(object: JsValue) -> StoragePair {
        StoragePair { core: Rc::new(JsStorage::new(object.clone())), js: object }
    }

    /// A fresh in-memory storage.
    pub fn memory() -> StoragePair {
        let m = MemoryStorage::new();
        let core: Rc<dyn Storage> = m.core();
        StoragePair { core, js: JsValue::from(m) }
    }
}

/// `window.localStorage` if it accepts a write of `aws.cognito.test-ls` (and its removal).
pub fn local_storage() -> Option<JsValue> {
    let window = get(&js_sys::global(), "window");
    if window.is_undefined() || window.is_null() {
        return None;
    }
    // Reading `localStorage` itself throws in sandboxed iframes with storage disabled.
    let ls = js_sys::Reflect::get(&window, &JsValue::from_str("localStorage")).ok()?;
    if ls.is_undefined() || ls.is_null() {
        return None;
    }
    let probe = JsStorage::new(ls.clone());
    probe.set_item("aws.cognito.test-ls", "1").ok()?;
    probe.remove_item("aws.cognito.test-ls").ok()?;
    Some(ls)
}

/// The default storage: `localStorage` when usable, else a new in-memory storage.
pub fn default_storage() -> StoragePair {
    match local_storage() {
        Some(ls) => StoragePair::from_js(ls),
        None => StoragePair::memory(),
    }
}

/// The storage a caller gave (`Storage` option), or `None` when absent/null.
pub fn given_storage(value: &JsValue) -> Option<StoragePair> {
    if value.is_undefined() || value.is_null() || value.is_falsy() {
        return None;
    }
    Some(StoragePair::from_js(value.clone()))
}
