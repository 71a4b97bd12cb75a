//! The session module's hosted-UI export: the stored session a `CognitoAuth` starts from
//! (read synchronously by its constructor, before the flows module is loaded).

use wasm_bindgen::prelude::*;

use super::interop::{error_to_js, js_to_string, to_js};
use super::js_storage::JsStorage;
use crate::oauth::store;
use crate::storage::KeyScheme;

/// `oauthCachedSession(clientId, storage)`: `{ username, idToken, accessToken, refreshToken,
/// clockDrift, scopes }` of the last signed-in user, or `null`.
#[wasm_bindgen(js_name = oauthCachedSession)]
pub fn oauth_cached_session(client_id: JsValue, storage: JsValue) -> Result<JsValue, JsValue> {
    let storage = JsStorage::new(storage);
    match store::cached_session(&storage, &KeyScheme::new(&js_to_string(&client_id))) {
        Some(s) => to_js(&s).map_err(|e| error_to_js(&e)),
        None => Ok(JsValue::NULL),
    }
}
