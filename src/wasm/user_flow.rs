//! What the flows and extras modules' `run(op, state, args, env)` share (js/FACE.md): reading
//! the `UserState` and the plain `args`, binding a core user to the page's client and storage,
//! and handing back `{ state, outcome }`. Each module dispatches `op` to its own operations.

#[path = "flows/args.rs"]
pub mod args;
#[path = "flows/outcome.rs"]
pub mod outcome;

use wasm_bindgen::JsValue;

use super::interop::{error_to_js, invalid, set};
use super::js_client::JsClient;
use super::user_state::{bind, read_state, state_to_js, UserState};
use crate::storage::{KeyScheme, UserKey};
use crate::user::CognitoUser;
use args::FlowArgs;
use outcome::Outcome;

/// A module's `run` on the eager executor (`super::eager`): the result itself (or a throw)
/// when every request was answered synchronously, else a Promise of it.
pub fn run_eagerly(flow: impl std::future::Future<Output = Result<JsValue, JsValue>> + 'static) -> Result<JsValue, JsValue> {
    let flow: std::pin::Pin<Box<dyn std::future::Future<Output = Result<JsValue, JsValue>>>> = Box::pin(flow);
    super::eager::value_or_promise(flow)
}

/// `state` and `args` read; a rejection (FACE.md: `run` rejects only for these) when either
/// cannot be.
pub fn read_input(state: &JsValue, args: &JsValue) -> Result<(UserState, FlowArgs), JsValue> {
    let before = read_state(state).map_err(|e| error_to_js(&e))?;
    let args = FlowArgs::from_js(args).map_err(|_| error_to_js(&invalid("args")))?;
    Ok((before, args))
}

/// The core user for `before`, sending through `env.request` and storing in `env.storage`.
pub fn bind_user(before: &UserState, env: &JsValue) -> Result<CognitoUser<JsClient>, JsValue> {
    bind(before, env).map_err(|e| error_to_js(&e))
}

/// `{ state, outcome }` after an operation of `user`, whose fields were `before`.
pub fn finish(user: &CognitoUser<JsClient>, before: &UserState, outcome: &Outcome) -> Result<JsValue, JsValue> {
    follow_assigned_key_prefix(user, before);
    let after = state_to_js(user, before).map_err(|e| error_to_js(&e))?;
    Ok(result(&after, outcome))
}

/// An SRP sign-in names the user anew and derives `userDataKey` from `keyPrefix`; as in the
/// reference, from the prefix the page assigned, when it assigned one.
fn follow_assigned_key_prefix(user: &CognitoUser<JsClient>, before: &UserState) {
    if user.user_data_key() == before.user_data_key || before.key_prefix.is_empty() || before.key_prefix == user.key_prefix() {
        return;
    }
    let key = KeyScheme::with_prefix(&before.key_prefix).user_key(&user.username(), UserKey::UserData);
    user.set_user_data_key(key);
}

/// `{ state, outcome }`.
pub fn result(state: &JsValue, outcome: &Outcome) -> JsValue {
    let out: JsValue = js_sys::Object::new().into();
    set(&out, "state", state);
    set(&out, "outcome", &outcome.to_js());
    out
}

/// JSON text of a value handed to a callback.
pub fn callback_json<V: serde::Serialize + ?Sized>(value: &V) -> crate::wire::SdkResult<String> {
    crate::json::to_string(value).map_err(|e| crate::wire::SdkError::invalid_response(e.message))
}

/// An operation name the module does not have (a face/module version mismatch).
pub fn unknown_operation() -> crate::wire::SdkError {
    crate::wire::SdkError {
        code: Some("InvalidParameterException".into()),
        name: "InvalidParameterException".into(),
        message: "Unknown flows operation".into(),
        status_code: None,
    }
}
