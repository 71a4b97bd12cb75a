//! `CognitoUserAttribute({Name, Value})`.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::callbacks::{get, js_to_string, object, set};

#[derive(Clone, Debug, Default)]
struct Pair {
    name: String,
    value: String,
}

/// The reference's `CognitoUserAttribute`: a name/value pair that serialises to
/// `{"Name":…,"Value":…}`. The setters chain: they return an object that shares this
/// attribute's state (wasm-bindgen cannot hand back the same JS object).
#[wasm_bindgen]
#[derive(Clone, Debug, Default)]
pub struct CognitoUserAttribute {
    inner: Rc<RefCell<Pair>>,
}

/// The reference keeps `Name || ''`: falsy values become the empty string, others are
/// kept; we keep them as their string form.
fn text_or_empty(value: &JsValue) -> String {
    if value.is_falsy() {
        String::new()
    } else {
        js_to_string(value)
    }
}

impl CognitoUserAttribute {
    /// An attribute from Rust values.
    pub fn from_pair(name: &str, value: &str) -> Self {
        CognitoUserAttribute { inner: Rc::new(RefCell::new(Pair { name: name.to_string(), value: value.to_string() })) }
    }

    /// Reads `{Name, Value}` from any JS object (an attribute instance or a plain object).
    pub fn from_js(value: &JsValue) -> Self {
        Self::from_pair(&text_or_empty(&get(value, "Name")), &text_or_empty(&get(value, "Value")))
    }

    /// `(name, value)`.
    pub fn pair(&self) -> (String, String) {
        let p = self.inner.borrow();
        (p.name.clone(), p.value.clone())
    }
}

#[wasm_bindgen]
impl CognitoUserAttribute {
    /// `new CognitoUserAttribute({Name, Value} = {})`.
    #[wasm_bindgen(constructor)]
    pub fn new(data: JsValue) -> CognitoUserAttribute {
        Self::from_js(&data)
    }

    #[wasm_bindgen(js_name = getValue)]
    pub fn get_value(&self) -> String {
        self.inner.borrow().value.clone()
    }

    /// Sets the value and returns the attribute (for chaining).
    #[wasm_bindgen(js_name = setValue)]
    pub fn set_value(&self, value: JsValue) -> CognitoUserAttribute {
        self.inner.borrow_mut().value = js_to_string(&value);
        self.clone()
    }

    #[wasm_bindgen(js_name = getName)]
    pub fn get_name(&self) -> String {
        self.inner.borrow().name.clone()
    }

    /// Sets the name and returns the attribute (for chaining).
    #[wasm_bindgen(js_name = setName)]
    pub fn set_name(&self, name: JsValue) -> CognitoUserAttribute {
        self.inner.borrow_mut().name = js_to_string(&name);
        self.clone()
    }

    /// The `Name` field, as on the reference's instances.
    #[wasm_bindgen(getter = Name)]
    pub fn name_field(&self) -> String {
        self.get_name()
    }

    #[wasm_bindgen(setter = Name)]
    pub fn set_name_field(&self, name: JsValue) {
        self.inner.borrow_mut().name = js_to_string(&name);
    }

    /// The `Value` field, as on the reference's instances.
    #[wasm_bindgen(getter = Value)]
    pub fn value_field(&self) -> String {
        self.get_value()
    }

    #[wasm_bindgen(setter = Value)]
    pub fn set_value_field(&self, value: JsValue) {
        self.inner.borrow_mut().value = js_to_string(&value);
    }

    /// `JSON.stringify(this)`, i.e. `{"Name":…,"Value":…}`.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        js_sys::JSON::stringify(&self.to_json()).ok().and_then(|s| s.as_string()).unwrap_or_default()
    }

    /// `{Name, Value}` as a plain object.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsValue {
        let (name, value) = self.pair();
        let o = object();
        set(&o, "Name", &JsValue::from_str(&name));
        set(&o, "Value", &JsValue::from_str(&value));
        o
    }
}
