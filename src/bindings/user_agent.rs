//! `appendToCognitoUserAgent`.

use wasm_bindgen::prelude::*;

/// Appends `content` to the `X-Amz-User-Agent` sent with every request (once).
#[wasm_bindgen(js_name = appendToCognitoUserAgent)]
pub fn append_to_cognito_user_agent(content: Option<String>) {
    if let Some(content) = content {
        crate::user_agent::append_to_user_agent(&content);
    }
}

/// The current `X-Amz-User-Agent` value (not in the reference; useful for tests).
#[wasm_bindgen(js_name = getCognitoUserAgent)]
pub fn get_cognito_user_agent() -> String {
    crate::user_agent::user_agent()
}
