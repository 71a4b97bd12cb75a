//! The extras module's exports (js/FACE.md): what a USER_SRP_AUTH sign-in never needs, so the
//! flows module it loads stays small. The face loads it on first use, as it loads the flows
//! module:
//! - `IdentityCredentials` ([`identity`]): temporary AWS credentials from an identity pool,
//!   for `CognitoIdentityCredentials` and `fromCognitoIdentityPool`;
//! - the hosted UI's OAuth steps ([`oauth`]), for `CognitoAuth`;
//! - through [`run`], the same entry as the flows module's `run`: the signed-in user's account
//!   ([`account_ops`]: password, deletion, attributes, user data, MFA settings, devices) and
//!   passkeys ([`passkey_ops`]).

#[path = "extras/account_ops.rs"]
mod account_ops;
#[path = "extras/identity.rs"]
mod identity;
#[path = "extras/oauth.rs"]
mod oauth;
#[path = "extras/passkey_ops.rs"]
mod passkey_ops;

use wasm_bindgen::prelude::*;

use super::user_flow::outcome::Outcome;
use super::user_flow::{bind_user, finish, read_input};

/// `run(op, state, args, env)`, shaped as the flows module's: the account or passkey method
/// `op` of `CognitoUser` for the user whose fields are `state`; `{ state, outcome }`, on the
/// eager executor.
#[wasm_bindgen]
pub fn run(op: String, state: JsValue, args: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    super::user_flow::run_eagerly(run_flow(op, state, args, env))
}

async fn run_flow(op: String, state: JsValue, args: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    let (before, args) = read_input(&state, &args)?;
    let user = bind_user(&before, &env)?;
    let outcome = account_ops::run(&user, &op, args).await.unwrap_or_else(Outcome::Failed);
    finish(&user, &before, &outcome)
}
