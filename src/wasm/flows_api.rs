//! The flows module's exports (js/FACE.md): SRP sign-in and every challenge, registration,
//! passwords, attributes, MFA and devices through ONE entry, [`run`], over a `UserState`
//! and an `Env`, resolving with `{ state, outcome }`; and `AuthenticationHelper`'s math
//! ([`math`]) as plain functions. The callback form and the `...Async` twin of each method
//! are shaped in JavaScript (js/src/CognitoUser.flows.js) from the same call.

#[path = "flows/args.rs"]
mod args;
#[path = "flows/identity.rs"]
mod identity;
#[path = "flows/internal_ops.rs"]
mod internal_ops;
#[path = "flows/math.rs"]
pub mod math;
#[path = "flows/ops.rs"]
mod ops;
#[path = "flows/outcome.rs"]
mod outcome;
#[path = "flows/user_auth_ops.rs"]
mod user_auth_ops;

use std::future::Future;
use std::pin::Pin;

use wasm_bindgen::prelude::*;

use super::interop::{error_to_js, from_js, set};
use crate::storage::{KeyScheme, UserKey};
use super::user_state::{bind, bind_pool, state_to_js, UserState};
use args::FlowArgs;
use outcome::Outcome;

type Flow = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

/// `run(op, state, args, env)`: runs the method `op` of `CognitoUser` (or `signUp` of its
/// pool) for the user whose fields are `state`, sending every request through
/// `env.request`. Resolves with `{ state, outcome }` (the outcome of a failed call is
/// `{ error }`); rejects only when `state` or `args` cannot be read. Runs on the eager
/// executor (`super::eager`): the result itself (or a throw) when every request was
/// answered synchronously, else a Promise of it.
#[wasm_bindgen]
pub fn run(op: String, state: JsValue, args: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    let flow: Flow = Box::pin(run_flow(op, state, args, env));
    super::eager::value_or_promise(flow)
}

async fn run_flow(op: String, state: JsValue, args: JsValue, env: JsValue) -> Result<JsValue, JsValue> {
    let before: UserState = from_js(&state, "state").map_err(|e| error_to_js(&e))?;
    let args: FlowArgs = from_js(&args, "args").map_err(|e| error_to_js(&e))?;
    if op == "signUp" {
        let pool = bind_pool(&before.pool, &env, before.user_context_data.clone()).map_err(|e| error_to_js(&e))?;
        let outcome = ops::sign_up(&pool, args).await.unwrap_or_else(Outcome::Failed);
        return Ok(result(&state, &outcome));
    }
    let user = bind(&before, &env).map_err(|e| error_to_js(&e))?;
    let outcome = ops::run_user_op(&user, &op, args).await.unwrap_or_else(Outcome::Failed);
    follow_assigned_key_prefix(&user, &before);
    let after = state_to_js(&user, &before).map_err(|e| error_to_js(&e))?;
    Ok(result(&after, &outcome))
}

/// An SRP sign-in names the user anew and derives `userDataKey` from `keyPrefix`; as in the
/// reference, from the prefix the page assigned, when it assigned one.
fn follow_assigned_key_prefix<T: crate::wire::Transport>(user: &crate::user::CognitoUser<T>, before: &UserState) {
    if user.user_data_key() == before.user_data_key || before.key_prefix.is_empty() || before.key_prefix == user.key_prefix() {
        return;
    }
    let key = KeyScheme::with_prefix(&before.key_prefix).user_key(&user.username(), UserKey::UserData);
    user.set_user_data_key(key);
}

fn result(state: &JsValue, outcome: &Outcome) -> JsValue {
    let out: JsValue = js_sys::Object::new().into();
    set(&out, "state", state);
    set(&out, "outcome", &outcome.to_js());
    out
}
