//! One operation of `CognitoUser` (or `pool.signUp`), named as the reference names the
//! method, over the core flows in `crate::user`: what a signed-out page runs (sign-in and its
//! challenges, registration, password reset). The signed-in user's account operations are
//! the extras module's (src/wasm/extras/account_ops.rs). The callback form and the
//! `...Async` twin are both shaped in JavaScript from this one result.

use super::args::FlowArgs;
use super::outcome::{Arg, Outcome};
use crate::protocol::names::flow;
use crate::user::{CognitoUser, UserPool};
use crate::wasm::user_flow::{callback_json, unknown_operation};
use crate::wire::{SdkResult, Transport};

/// Runs `op` for `user`; `Err` is what `onFailure` / `callback(err)` receives.
pub async fn run_user_op<T: Transport>(user: &CognitoUser<T>, op: &str, a: FlowArgs) -> SdkResult<Outcome> {
    let text = FlowArgs::text;
    Ok(match op {
        // ----- sign-in and challenges -----
        "authenticateUser" | "initiateAuth" if user.authentication_flow_type() == flow::USER_AUTH => super::user_auth_ops::sign_in(user, a).await?,
        "authenticateUser" => Outcome::of_auth(user.authenticate_user(&a.details.unwrap_or_default().into()).await?),
        "initiateAuth" => Outcome::of_auth(user.initiate_auth(&a.details.unwrap_or_default().into()).await?),
        // Device SRP after the code goes through `this.getDeviceResponse`, as in the reference.
        "sendMFACode" => super::internal_ops::outcome_of_step(user.send_mfa_code_step(text(&a.code), a.mfa_type.as_deref(), a.client_metadata).await?),
        "sendMFASelectionAnswer" => match user.send_mfa_selection_answer(text(&a.answer)).await? {
            Some(outcome) => Outcome::of_auth(outcome),
            None => Outcome::none(),
        },
        "associateSoftwareToken" => Outcome::call("associateSecretCode", vec![Arg::Text(user.associate_software_token().await?)]),
        "verifySoftwareToken" => Outcome::of_verify(user.verify_software_token(text(&a.code), a.friendly_device_name.as_deref()).await?),

        // ----- registration and password reset -----
        "confirmRegistration" => {
            user.confirm_registration(text(&a.code), a.force_alias_creation, a.client_metadata).await?;
            Outcome::success_word()
        }
        "resendConfirmationCode" => Outcome::raw(user.resend_confirmation_code(a.client_metadata).await?),
        "forgotPassword" => Outcome::raw(user.forgot_password(a.client_metadata).await?),
        "confirmPassword" => {
            user.confirm_password(text(&a.code), text(&a.new_password), a.client_metadata).await?;
            Outcome::success_word()
        }
        _ => match super::internal_ops::run(user, op, a).await {
            Ok(result) => return result,
            Err(a) => return super::user_auth_ops::run(user, op, a).await.unwrap_or_else(|| Err(unknown_operation())),
        },
    })
}

/// `pool.signUp(..)`: `onSuccess({username, userConfirmed?, userSub?, codeDeliveryDetails?})`
/// (the face builds `user` from `username`).
pub async fn sign_up<T: Transport>(pool: &UserPool<T>, a: FlowArgs) -> SdkResult<Outcome> {
    let text = FlowArgs::text;
    let result = pool.sign_up(text(&a.username), text(&a.password), a.user_attributes, a.validation_data, a.client_metadata).await?;
    let summary = SignUpSummary {
        username: result.username,
        user_confirmed: result.user_confirmed,
        user_sub: result.user_sub,
        code_delivery_details: result.code_delivery_details,
    };
    Ok(Outcome::success(vec![Arg::Json(callback_json(&summary)?)]))
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SignUpSummary {
    username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_confirmed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_sub: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_delivery_details: Option<crate::protocol::account::CodeDeliveryDetails>,
}
