//! `CognitoIdToken`, `CognitoAccessToken` and `CognitoRefreshToken` over [`crate::tokens`].

use wasm_bindgen::prelude::*;

use super::callbacks::{get, method};
use crate::tokens::{AccessToken, IdToken, JwtPayload, RefreshToken};

/// The payload as a plain JS object (`{}` when it is not JSON).
fn payload_object(payload: &JwtPayload) -> JsValue {
    js_sys::JSON::parse(payload.json()).unwrap_or_else(|_| js_sys::Object::new().into())
}

fn number_or_undefined(v: Option<f64>) -> JsValue {
    v.map(JsValue::from_f64).unwrap_or(JsValue::UNDEFINED)
}

/// The token text of a constructor argument's field: a string, or `''` (the reference's
/// `token || ''`; a non-string truthy value is coerced).
fn token_text(data: &JsValue, field: &str) -> String {
    let v = get(data, field);
    if v.is_falsy() {
        String::new()
    } else {
        super::callbacks::js_to_string(&v)
    }
}

/// Reads a JWT's text from a token object (`getJwtToken()`), or from a string.
pub fn jwt_text_of(value: &JsValue) -> Option<String> {
    if value.is_undefined() || value.is_null() {
        return None;
    }
    if let Some(s) = value.as_string() {
        return Some(s);
    }
    let f = method(value, "getJwtToken")?;
    let text = f.call0(value).ok()?;
    Some(text.as_string().unwrap_or_default())
}

/// Reads a refresh token's text from a token object (`getToken()`), or from a string.
pub fn refresh_text_of(value: &JsValue) -> Option<String> {
    if value.is_undefined() || value.is_null() {
        return None;
    }
    if let Some(s) = value.as_string() {
        return Some(s);
    }
    let f = method(value, "getToken")?;
    let text = f.call0(value).ok()?;
    Some(text.as_string().unwrap_or_default())
}

macro_rules! jwt_class {
    ($(#[$doc:meta])* $js:ident, $core:ident, $field:literal) => {
        $(#[$doc])*
        #[wasm_bindgen]
        #[derive(Clone, Debug)]
        pub struct $js {
            token: $core,
            payload: JsValue,
        }

        impl $js {
            /// Wraps a core token.
            pub fn from_core(token: $core) -> Self {
                let payload = payload_object(token.payload());
                $js { token, payload }
            }

            /// The core token.
            pub fn core(&self) -> &$core {
                &self.token
            }
        }

        #[wasm_bindgen]
        impl $js {
            #[doc = concat!("`new ", stringify!($js), "({", $field, "})`.")]
            #[wasm_bindgen(constructor)]
            pub fn new(data: JsValue) -> $js {
                Self::from_core($core::new(token_text(&data, $field)))
            }

            /// The token text.
            #[wasm_bindgen(js_name = getJwtToken)]
            pub fn get_jwt_token(&self) -> String {
                self.token.jwt_token().to_string()
            }

            /// The `exp` claim (undefined when absent or not a number).
            #[wasm_bindgen(js_name = getExpiration)]
            pub fn get_expiration(&self) -> JsValue {
                number_or_undefined(self.token.expiration())
            }

            /// The `iat` claim (undefined when absent or not a number).
            #[wasm_bindgen(js_name = getIssuedAt)]
            pub fn get_issued_at(&self) -> JsValue {
                number_or_undefined(self.token.issued_at())
            }

            /// The payload decoded again, as a fresh plain object (`{}` on any failure).
            #[wasm_bindgen(js_name = decodePayload)]
            pub fn decode_payload(&self) -> JsValue {
                payload_object(self.token.payload())
            }

            /// The decoded payload (a plain object, the same one on every read).
            #[wasm_bindgen(getter)]
            pub fn payload(&self) -> JsValue {
                self.payload.clone()
            }

            /// The token text, as the reference's `jwtToken` field.
            #[wasm_bindgen(getter = jwtToken)]
            pub fn jwt_token(&self) -> String {
                self.get_jwt_token()
            }
        }
    };
}

jwt_class!(
    /// The reference's `CognitoIdToken({IdToken})`.
    CognitoIdToken, IdToken, "IdToken"
);
jwt_class!(
    /// The reference's `CognitoAccessToken({AccessToken})`.
    CognitoAccessToken, AccessToken, "AccessToken"
);

/// The reference's `CognitoRefreshToken({RefreshToken})`: opaque text.
#[wasm_bindgen]
#[derive(Clone, Debug)]
pub struct CognitoRefreshToken {
    token: RefreshToken,
}

impl CognitoRefreshToken {
    /// Wraps a core token.
    pub fn from_core(token: RefreshToken) -> Self {
        CognitoRefreshToken { token }
    }

    /// The core token.
    pub fn core(&self) -> &RefreshToken {
        &self.token
    }
}

#[wasm_bindgen]
impl CognitoRefreshToken {
    /// `new CognitoRefreshToken({RefreshToken})`.
    #[wasm_bindgen(constructor)]
    pub fn new(data: JsValue) -> CognitoRefreshToken {
        CognitoRefreshToken { token: RefreshToken::new(token_text(&data, "RefreshToken")) }
    }

    /// The token text (`''` when none).
    #[wasm_bindgen(js_name = getToken)]
    pub fn get_token(&self) -> String {
        self.token.token().to_string()
    }

    /// The token text, as the reference's `token` field.
    #[wasm_bindgen(getter)]
    pub fn token(&self) -> String {
        self.get_token()
    }
}
