//! `appendToCognitoUserAgent`, and the two functions of `cognito-wasm/internals`.

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

/// Adds ` auth` to the user agent (the reference's internal, exported by `cognito-wasm/internals`).
#[wasm_bindgen(js_name = addAuthCategoryToCognitoUserAgent)]
pub fn add_auth_category_to_cognito_user_agent() {
    crate::user_agent::add_auth_category();
}

/// Sets ` framework/<framework>` in the user agent, replacing an earlier one; a falsy value
/// clears it (the reference's internal, exported by `cognito-wasm/internals`). Any other
/// value is used as JavaScript stringifies it.
#[wasm_bindgen(js_name = addFrameworkToCognitoUserAgent)]
pub fn add_framework_to_cognito_user_agent(framework: JsValue) {
    let framework = framework.is_truthy().then(|| framework.as_string().unwrap_or_else(|| js_string(&framework)));
    crate::user_agent::set_framework(framework.as_deref());
}

/// `String(value)`: `[value].join('')` stringifies the one element as `String` does.
fn js_string(value: &JsValue) -> String {
    String::from(js_sys::Array::of1(value).join(""))
}
