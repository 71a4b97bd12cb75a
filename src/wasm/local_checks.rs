//! The local checks of the flows methods (session module: they must answer synchronously,
//! before the flows module is loaded): the errors the reference reports at once, without a
//! request. The flows repeat them (the core's own guards); this only moves the answer
//! earlier, as the reference's timing has it.

use wasm_bindgen::prelude::*;

use super::interop::{error_to_js, sync_result};
use super::user_state::{bind, read_state, UserState};
use crate::protocol::names::flow;
use crate::wire::errors::messages;
use crate::wire::{SdkError, SdkResult};

/// The local error of `check` for the user `state`, or `None`:
/// - `signedIn`: `User is not authenticated` without a valid in-memory session;
/// - `authenticateUser`: `Authentication flow type is invalid.` for a flow other than
///   USER_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_AUTH and USER_AUTH; `PASSWORD parameter is required`
///   for USER_PASSWORD_AUTH with an empty `password`;
/// - `completeNewPasswordChallenge`: `New password is required.` for an empty `password`.
fn local_error_of(check: &str, state: &UserState, password: Option<&str>) -> SdkResult<Option<SdkError>> {
    let missing_password = password.is_none_or(str::is_empty);
    let message = match check {
        "signedIn" => (!bind(state, &JsValue::UNDEFINED)?.is_session_valid()).then_some(messages::USER_NOT_AUTHENTICATED),
        "authenticateUser" => match state.authentication_flow_type.as_str() {
            flow::USER_PASSWORD_AUTH => missing_password.then_some(messages::PASSWORD_REQUIRED),
            flow::USER_SRP_AUTH | flow::CUSTOM_AUTH | flow::USER_AUTH => None,
            _ => Some(messages::INVALID_FLOW),
        },
        "completeNewPasswordChallenge" => missing_password.then_some(messages::NEW_PASSWORD_REQUIRED),
        _ => None,
    };
    Ok(message.map(SdkError::local))
}

/// `localError(check, state, password?)`: the plain error object of the check (see
/// [`local_error_of`]), or `null`. Throws only when `state` cannot be read.
#[wasm_bindgen(js_name = localError)]
pub fn local_error(check: &str, state: JsValue, password: Option<String>) -> Result<JsValue, JsValue> {
    let state = sync_result(read_state(&state))?;
    let error = sync_result(local_error_of(check, &state, password.as_deref()))?;
    Ok(error.map(|e| error_to_js(&e)).unwrap_or(JsValue::NULL))
}
