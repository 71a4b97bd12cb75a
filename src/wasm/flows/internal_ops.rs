//! The reference's internal `CognitoUser` methods that its public sign-in methods go
//! through, as flows operations, so that the face can call them the same way (and a stub
//! on `CognitoUser.prototype.<method>` changes what the public method does):
//!
//! - the first factors and challenge answers stop at the service's answer and hand it on:
//!   `authenticateUserDefaultAuth` (SRP, with `PASSWORD_VERIFIER`),
//!   `authenticateUserPlainUsernamePassword`, `sendCustomChallengeAnswer`,
//!   `completeNewPasswordChallenge` end with `authenticateUserInternal(response)`;
//! - `authenticateUserInternal(response)` continues a sign-in from a given answer
//!   ([`CognitoUser::continue_sign_in`]: challenge, tokens, device confirmation) and ends
//!   with `getDeviceResponse()` when the remembered device must prove itself;
//! - `getDeviceResponse` is device SRP.

use super::args::FlowArgs;
use super::outcome::{Arg, Outcome};
use crate::user::{CognitoUser, RawJson, SignInStep};
use crate::protocol::messages::AuthResponse;
use crate::wire::{SdkError, SdkResult, Transport};

/// The callback that hands the service's answer on to `authenticateUserInternal`.
const CONTINUE: &str = "authenticateUserInternal";
/// The callback that starts device SRP.
const DEVICE_SRP: &str = "getDeviceResponse";

/// Runs `op` when it is one of this module's; else gives the arguments back.
pub async fn run<T: Transport>(user: &CognitoUser<T>, op: &str, a: FlowArgs) -> Result<SdkResult<Outcome>, FlowArgs> {
    let text = FlowArgs::text;
    Ok(match op {
        "authenticateUserDefaultAuth" => {
            let flow_type = user.authentication_flow_type();
            user.srp_first_factor(&a.details.unwrap_or_default().into(), &flow_type).await.map(continue_with)
        }
        "authenticateUserPlainUsernamePassword" => user.password_first_factor(&a.details.unwrap_or_default().into()).await.map(continue_with),
        "sendCustomChallengeAnswer" => user.custom_challenge_response(text(&a.answer), a.client_metadata).await.map(continue_with),
        "completeNewPasswordChallenge" => user
            .new_password_response(text(&a.new_password), &a.required_attributes.unwrap_or_default(), a.client_metadata)
            .await
            .map(continue_with),
        "authenticateUserInternal" => continue_from(user, a.response).await,
        "getDeviceResponse" => user.respond_to_device_srp(a.client_metadata).await.map(Outcome::of_auth),
        _ => return Err(a),
    })
}

/// Continues the sign-in from `response` (JSON text): the outcome, or `getDeviceResponse()`.
async fn continue_from<T: Transport>(user: &CognitoUser<T>, response: Option<String>) -> SdkResult<Outcome> {
    let text = response.ok_or_else(|| SdkError::invalid_response("There is no answer to continue the sign-in from"))?;
    let response = RawJson::new(text).read(AuthResponse::from_value)?;
    Ok(outcome_of_step(user.continue_sign_in(response).await?))
}

/// Where a sign-in step left off, for the face: the outcome, or `getDeviceResponse()` when the
/// remembered device must prove itself next.
pub fn outcome_of_step(step: SignInStep) -> Outcome {
    match step {
        SignInStep::Done(outcome) => Outcome::of_auth(*outcome),
        SignInStep::DeviceSrp => Outcome::call(DEVICE_SRP, Vec::new()),
    }
}

/// `authenticateUserInternal(response)`, with the answer as the service sent it.
fn continue_with(response: RawJson) -> Outcome {
    Outcome::call(CONTINUE, vec![Arg::Json(response.into_string())])
}
