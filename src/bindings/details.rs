//! `AuthenticationDetails({Username, Password, ValidationData, AuthParameters, ClientMetadata})`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::callbacks::{get, method, object, string_entries};

/// The reference's `AuthenticationDetails`. The object-valued fields are kept as the
/// caller's objects (default `{}`), as the reference does.
/// `Debug` shows the username and the keys of the object-valued fields, never the password
/// or the values.
#[wasm_bindgen]
#[derive(Clone)]
pub struct AuthenticationDetails {
    username: JsValue,
    password: JsValue,
    validation_data: JsValue,
    auth_parameters: JsValue,
    client_metadata: JsValue,
}

impl std::fmt::Debug for AuthenticationDetails {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys = |value: &JsValue| -> Vec<String> {
            match value.dyn_ref::<js_sys::Object>() {
                Some(obj) => js_sys::Object::keys(obj).iter().filter_map(|key| key.as_string()).collect(),
                None => Vec::new(),
            }
        };
        f.debug_struct("AuthenticationDetails")
            .field("username", &self.username.as_string())
            .field("password", &(!self.password.is_undefined()).then_some("<redacted>"))
            .field("validation_data_keys", &keys(&self.validation_data))
            .field("auth_parameters_keys", &keys(&self.auth_parameters))
            .field("client_metadata_keys", &keys(&self.client_metadata))
            .finish()
    }
}

fn object_or_empty(value: JsValue) -> JsValue {
    if value.is_falsy() {
        object()
    } else {
        value
    }
}

impl AuthenticationDetails {
    /// Reads the fields from any object with the same shape (also an `AuthenticationDetails`
    /// from another copy of the library, through its getters).
    pub fn from_js(data: &JsValue) -> AuthenticationDetails {
        AuthenticationDetails {
            username: get(data, "Username"),
            password: get(data, "Password"),
            validation_data: object_or_empty(get(data, "ValidationData")),
            auth_parameters: object_or_empty(get(data, "AuthParameters")),
            client_metadata: object_or_empty(get(data, "ClientMetadata")),
        }
    }

    /// Reads an authentication-details object the way the reference does, through its
    /// getters (`getUsername()`, …); a plain `{Username, …}` object is read directly.
    pub fn read(value: &JsValue) -> AuthenticationDetails {
        if method(value, "getUsername").is_none() {
            return AuthenticationDetails::from_js(value);
        }
        let call = |name: &str| -> JsValue {
            method(value, name).and_then(|f| f.call0(value).ok()).unwrap_or(JsValue::UNDEFINED)
        };
        AuthenticationDetails {
            username: call("getUsername"),
            password: call("getPassword"),
            validation_data: object_or_empty(call("getValidationData")),
            auth_parameters: object_or_empty(call("getAuthParameters")),
            client_metadata: object_or_empty(call("getClientMetadata")),
        }
    }

    /// The username as a string (`None` when missing or not a string).
    pub fn username_str(&self) -> Option<String> {
        self.username.as_string()
    }

    /// The password as a string (`None` when missing or not a string).
    pub fn password_str(&self) -> Option<String> {
        self.password.as_string()
    }

    /// The validation data as string pairs.
    pub fn validation_data_pairs(&self) -> Vec<(String, String)> {
        string_entries(&self.validation_data)
    }

    /// The auth parameters as string pairs.
    pub fn auth_parameter_pairs(&self) -> Vec<(String, String)> {
        string_entries(&self.auth_parameters)
    }

    /// The client metadata as string pairs.
    pub fn client_metadata_pairs(&self) -> Vec<(String, String)> {
        string_entries(&self.client_metadata)
    }
}

#[wasm_bindgen]
impl AuthenticationDetails {
    /// `new AuthenticationDetails(data)`.
    #[wasm_bindgen(constructor)]
    pub fn new(data: JsValue) -> AuthenticationDetails {
        AuthenticationDetails::from_js(&data)
    }

    #[wasm_bindgen(js_name = getUsername)]
    pub fn get_username(&self) -> JsValue {
        self.username.clone()
    }

    #[wasm_bindgen(js_name = getPassword)]
    pub fn get_password(&self) -> JsValue {
        self.password.clone()
    }

    /// The validation data object (default `{}`).
    #[wasm_bindgen(js_name = getValidationData)]
    pub fn get_validation_data(&self) -> JsValue {
        self.validation_data.clone()
    }

    /// The auth parameters object (default `{}`).
    #[wasm_bindgen(js_name = getAuthParameters)]
    pub fn get_auth_parameters(&self) -> JsValue {
        self.auth_parameters.clone()
    }

    /// The client metadata object (default `{}`).
    #[wasm_bindgen(js_name = getClientMetadata)]
    pub fn get_client_metadata(&self) -> JsValue {
        self.client_metadata.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn username(&self) -> JsValue {
        self.username.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn password(&self) -> JsValue {
        self.password.clone()
    }

    #[wasm_bindgen(getter = validationData)]
    pub fn validation_data(&self) -> JsValue {
        self.validation_data.clone()
    }

    #[wasm_bindgen(getter = authParameters)]
    pub fn auth_parameters(&self) -> JsValue {
        self.auth_parameters.clone()
    }

    #[wasm_bindgen(getter = clientMetadata)]
    pub fn client_metadata(&self) -> JsValue {
        self.client_metadata.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bindings::callbacks::set;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn debug_never_shows_the_password_or_values() {
        let data = object();
        set(&data, "Username", &JsValue::from_str("alice"));
        set(&data, "Password", &JsValue::from_str("hunter2-very-secret"));
        let params = object();
        set(&params, "CUSTOM_SECRET", &JsValue::from_str("param-value-secret"));
        set(&data, "AuthParameters", &params);
        let shown = format!("{:?}", AuthenticationDetails::new(data));
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("param-value-secret"), "{shown}");
        assert!(shown.contains("alice") && shown.contains("<redacted>") && shown.contains("CUSTOM_SECRET"), "{shown}");
    }
}
