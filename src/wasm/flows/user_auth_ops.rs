//! The flows of choice-based sign-in (`AuthFlow: USER_AUTH`), passkey sign-in included, over
//! `crate::user`'s `UserAuthOutcome` (managing the signed-in user's passkeys is the extras
//! module's, src/wasm/extras/passkey_ops.rs). Each step names the callback it ends with:
//!
//! - `selectChallenge(availableChallenges)`, answered by `sendChallengeSelectionAnswer`;
//! - `emailOtpRequired(challengeName, parameters)` / `smsOtpRequired(..)` (the parameters
//!   carry `CODE_DELIVERY_DELIVERY_MEDIUM` and `CODE_DELIVERY_DESTINATION`), answered by
//!   `sendOTPCode`;
//! - `webAuthnRequired('WEB_AUTHN', options)`: the face answers it itself through
//!   `navigator.credentials.get` and `sendWebAuthnCredential`;
//! - the classic `IAuthenticationCallback` members otherwise.

use super::args::FlowArgs;
use super::outcome::{Arg, Outcome};
use crate::protocol::names::{challenge, parameter};
use crate::user::{CognitoUser, UserAuthOutcome};
use crate::wire::{SdkResult, Transport};

/// `authenticateUser` / `initiateAuth` when the user's flow type is `USER_AUTH`: the first
/// factor is `AuthParameters.PREFERRED_CHALLENGE` of the details, when given.
pub async fn sign_in<T: Transport>(user: &CognitoUser<T>, a: FlowArgs) -> SdkResult<Outcome> {
    let details: crate::user::AuthenticationDetails = a.details.unwrap_or_default().into();
    let preferred = details.auth_parameters.get(parameter::PREFERRED_CHALLENGE).cloned();
    let outcome = user.sign_in_with_user_auth(&details, preferred.as_deref()).await?;
    Ok(of_user_auth(user, outcome))
}

/// The `USER_AUTH` operations other than the sign-in itself; `None` for any other name.
pub async fn run<T: Transport>(user: &CognitoUser<T>, op: &str, a: FlowArgs) -> Option<SdkResult<Outcome>> {
    Some(match op {
        "sendChallengeSelectionAnswer" => step(user, user.select_challenge(FlowArgs::text(&a.answer), a.password.as_deref()).await),
        "sendOTPCode" => {
            let name = a.challenge_name.clone().filter(|n| !n.is_empty()).or_else(|| user.challenge_name()).unwrap_or_default();
            step(user, user.send_otp_code(&name, FlowArgs::text(&a.code)).await)
        }
        "sendWebAuthnCredential" => step(user, user.send_webauthn_credential(FlowArgs::text(&a.credential)).await),
        _ => return None,
    })
}

fn step<T: Transport>(user: &CognitoUser<T>, outcome: SdkResult<UserAuthOutcome>) -> SdkResult<Outcome> {
    outcome.map(|o| of_user_auth(user, o))
}

/// The callback a `USER_AUTH` step ends with. The code challenge's name is kept on the
/// user (`challengeName`), so `sendOTPCode(code)` needs no name.
fn of_user_auth<T: Transport>(user: &CognitoUser<T>, outcome: UserAuthOutcome) -> Outcome {
    match outcome {
        UserAuthOutcome::SelectChallenge { available_challenges } => Outcome::call("selectChallenge", vec![Arg::Texts(available_challenges)]),
        UserAuthOutcome::OtpRequired { challenge_name, parameters } => {
            let callback = if challenge_name == challenge::SMS_OTP { "smsOtpRequired" } else { "emailOtpRequired" };
            user.set_challenge_name(Some(challenge_name.clone()));
            Outcome::call(callback, vec![Arg::Text(challenge_name), Arg::Map(parameters)])
        }
        UserAuthOutcome::WebAuthnRequired { credential_request_options } => {
            Outcome::call("webAuthnRequired", vec![Arg::Text(challenge::WEB_AUTHN.to_string()), Arg::Json(credential_request_options)])
        }
        UserAuthOutcome::Done(outcome) => Outcome::of_auth(outcome),
    }
}
