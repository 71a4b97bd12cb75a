//! The signed-in user's passkeys (WebAuthn credentials): registering one, listing them,
//! deleting one, over `crate::user`'s passkey calls. Registration ends in the face: it
//! passes the creation options to `navigator.credentials.create` and the credential back to
//! `completeWebAuthnRegistration`. Signing in with a passkey is the flows module's
//! (`USER_AUTH`, src/wasm/flows/user_auth_ops.rs).

use crate::user::CognitoUser;
use crate::wasm::user_flow::args::FlowArgs;
use crate::wasm::user_flow::outcome::{Arg, Outcome};
use crate::wasm::user_flow::{callback_json, unknown_operation};
use crate::wire::{SdkResult, Transport};

/// Runs the passkey operation `op` for `user`; `Err` is what `callback(err)` receives.
pub async fn run<T: Transport>(user: &CognitoUser<T>, op: &str, a: FlowArgs) -> SdkResult<Outcome> {
    match op {
        "startWebAuthnRegistration" => {
            let options = user.start_webauthn_registration().await?;
            Ok(Outcome::success(vec![Arg::Json(callback_json(&options)?)]))
        }
        "completeWebAuthnRegistration" => user.complete_webauthn_registration(FlowArgs::text(&a.credential)).await.map(|()| Outcome::success_word()),
        "listWebAuthnCredentials" => {
            let list = user.list_webauthn_credentials(a.limit, a.pagination_token.as_deref()).await?;
            Ok(Outcome::success(vec![Arg::Json(callback_json(&list)?)]))
        }
        "deleteWebAuthnCredential" => user.delete_webauthn_credential(FlowArgs::text(&a.credential_id)).await.map(|()| Outcome::success_word()),
        _ => Err(unknown_operation()),
    }
}
