//! The signed-in user's account, in the extras module: changing the password, deleting the
//! user, attributes and user data (`GetUser`), MFA settings and devices, over `crate::user`.
//! A signed-out page (sign-in, registration, password reset) never runs these, so they are
//! not in the flows module it loads (README "The three wasm modules"); a signed-in page that
//! calls one loads the extras module instead.

use crate::protocol::account::MfaOption;
use crate::user::CognitoUser;
use crate::wasm::user_flow::args::FlowArgs;
use crate::wasm::user_flow::callback_json;
use crate::wasm::user_flow::outcome::{Arg, Outcome, SUCCESS};
use crate::wire::{SdkResult, Transport};

/// Runs `op` for `user` (a passkey operation goes on to [`super::passkey_ops`]); `Err` is
/// what `onFailure` / `callback(err)` receives.
pub async fn run<T: Transport>(user: &CognitoUser<T>, op: &str, a: FlowArgs) -> SdkResult<Outcome> {
    let text = FlowArgs::text;
    Ok(match op {
        // ----- password and deletion -----
        "changePassword" => {
            user.change_password(text(&a.old_password), text(&a.new_password), a.client_metadata).await?;
            Outcome::success_word()
        }
        "deleteUser" => {
            user.delete_user(a.client_metadata).await?;
            Outcome::success_word()
        }

        // ----- attributes and user data -----
        "getUserAttributes" => {
            let list = user.get_user_attributes().await?;
            Outcome::success(vec![Arg::Json(callback_json(&list)?)])
        }
        // The face follows these with `getUserData({bypassCache: true})`, as the reference.
        "updateAttributes" => {
            let details = user.update_user_attributes(a.attributes.unwrap_or_default(), a.client_metadata).await?;
            Outcome::success(vec![Arg::Text(SUCCESS.to_string()), Arg::Json(details.into_string())])
        }
        "deleteAttributes" => {
            user.delete_user_attributes(a.names.unwrap_or_default()).await?;
            Outcome::success_word()
        }
        "getAttributeVerificationCode" => Outcome::raw(user.get_attribute_verification_code(text(&a.name), a.client_metadata).await?),
        "verifyAttribute" => {
            user.verify_attribute(text(&a.name), text(&a.code)).await?;
            Outcome::success_word()
        }
        // GetUser, cached: the face answers from the cache and refreshes around it.
        "fetchUserData" => Outcome::raw(user.fetch_signed_in_user_data().await?),
        "getMFAOptions" => match user.get_mfa_options().await? {
            Some(options) => Outcome::success(vec![Arg::Json(callback_json::<Vec<MfaOption>>(&options)?)]),
            None => Outcome::success(Vec::new()),
        },

        // ----- MFA settings -----
        "enableMFA" => {
            user.enable_mfa().await?;
            Outcome::success_word()
        }
        "disableMFA" => {
            user.disable_mfa().await?;
            Outcome::success_word()
        }
        "setUserMfaPreference" => {
            user.set_user_mfa_preference_with_email(a.sms, a.totp, a.email).await?;
            Outcome::success_word()
        }

        // ----- devices -----
        "getDevice" => Outcome::raw(user.get_device().await?),
        "listDevices" => Outcome::raw(user.list_devices(a.limit, a.pagination_token.as_deref()).await?),
        "setDeviceStatusRemembered" => {
            user.set_device_status_remembered().await?;
            Outcome::success_word()
        }
        "setDeviceStatusNotRemembered" => {
            user.set_device_status_not_remembered().await?;
            Outcome::success_word()
        }
        "forgetDevice" => {
            user.forget_device().await?;
            Outcome::success_word()
        }
        "forgetSpecificDevice" => {
            user.forget_specific_device(text(&a.device_key)).await?;
            Outcome::success_word()
        }
        _ => return super::passkey_ops::run(user, op, a).await,
    })
}
