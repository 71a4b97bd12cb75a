//! The flows module's exports (js/FACE.md): SRP sign-in and every challenge, registration
//! and password reset through ONE entry, [`run`], over a `UserState`
//! and an `Env`, resolving with `{ state, outcome }`; and `AuthenticationHelper`'s math
//! ([`math`]) as plain functions. The callback form and the `...Async` twin of each method
//! are shaped in JavaScript (js/src/CognitoUser.flows.js) from the same call.

#[path = "flows/internal_ops.rs"]
mod internal_ops;
#[path = "flows/math.rs"]
pub mod math;
#[path = "flows/ops.rs"]
mod ops;
#[path = "flows/user_auth_ops.rs"]
mod user_auth_ops;

use wasm_bindgen::prelude::*;

use super::interop::error_to_js;
use super::user_flow::{bind_user, finish, read_input, result};
use super::user_state::bind_pool;
// The operations' shared argument and outcome types (`super::args`, `super::outcome` below).
use super::user_flow::{args, outcome};
use outcome::Outcome;

/// `run(op, state, args, env)`: runs the method `op` of `CognitoUser` (or `signUp` of its
/// pool) for the user whose fields are `state`, sending every request through
/// `env.request`. Resolves with `{ state, outcome }` (the outcome of a failed call is
/// `{ error }`); rejects only when `state` or `args` cannot be read. Runs on the eager
/// executor (`super::eager`): the result itself (or a throw) when every request was
/// answered synchronously, else a Promise of it.
#[wasm_bindgen]
pub fn run(op: String, state: JsValue, args: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    super::user_flow::run_eagerly(run_flow(op, state, args, env))
}

async fn run_flow(op: String, state: JsValue, args: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    let (before, args) = read_input(&state, &args)?;
    if op == "signUp" {
        let pool = bind_pool(&before.pool, &env, before.user_context_data.clone()).map_err(|e| error_to_js(&e))?;
        let outcome = ops::sign_up(&pool, args).await.unwrap_or_else(Outcome::Failed);
        return Ok(result(&state, &outcome));
    }
    let user = bind_user(&before, &env)?;
    let outcome = ops::run_user_op(&user, &op, args).await.unwrap_or_else(Outcome::Failed);
    finish(&user, &before, &outcome)
}
