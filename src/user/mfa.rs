//! MFA settings of a signed-in user: `enableMFA` / `disableMFA` (deprecated SMS
//! settings) and `setUserMfaPreference`. TOTP setup is in the challenges module
//! (`associate_software_token` / `verify_software_token` use the `AccessToken` when
//! signed in).

use super::CognitoUser;
use crate::protocol::account::{MfaOption, MfaSettings, SetUserMfaPreferenceRequest, SetUserSettingsRequest};
use crate::protocol::messages::EmptyResponse;
use crate::wire::{Operation, SdkResult, Transport};

impl<T: Transport> CognitoUser<T> {
    /// `enableMFA(cb)` (deprecated): `SetUserSettings` with `MFAOptions:
    /// [{DeliveryMedium: 'SMS', AttributeName: 'phone_number'}]`.
    pub async fn enable_mfa(&self) -> SdkResult<()> {
        self.set_user_settings(vec![MfaOption::sms_phone_number()]).await
    }

    /// `disableMFA(cb)` (deprecated): `SetUserSettings` with `MFAOptions: []`.
    pub async fn disable_mfa(&self) -> SdkResult<()> {
        self.set_user_settings(Vec::new()).await
    }

    async fn set_user_settings(&self, mfa_options: Vec<MfaOption>) -> SdkResult<()> {
        let access_token = self.require_access_token()?;
        let request = SetUserSettingsRequest { mfa_options, access_token };
        let _ = self.pool.client().request(Operation::SetUserSettings, &request, EmptyResponse::from_value).await?;
        Ok(())
    }

    /// `setUserMfaPreference(sms, totp, cb)`: `SetUserMFAPreference` with
    /// `{SMSMfaSettings, SoftwareTokenMfaSettings, AccessToken}` (`None`, the JavaScript
    /// `null`/`undefined`, leaves a setting out).
    pub async fn set_user_mfa_preference(&self, sms: Option<MfaSettings>, totp: Option<MfaSettings>) -> SdkResult<()> {
        self.set_user_mfa_preference_with_email(sms, totp, None).await
    }

    /// `setUserMfaPreference(sms, totp, cb)` with a third setting, e-mail MFA
    /// (`EmailMfaSettings`; an extension: the reference has no e-mail MFA).
    pub async fn set_user_mfa_preference_with_email(&self, sms: Option<MfaSettings>, totp: Option<MfaSettings>, email: Option<MfaSettings>) -> SdkResult<()> {
        let access_token = self.require_access_token()?;
        let request = SetUserMfaPreferenceRequest { sms_mfa_settings: sms, software_token_mfa_settings: totp, email_mfa_settings: email, access_token };
        let _ = self.pool.client().request(Operation::SetUserMFAPreference, &request, EmptyResponse::from_value).await?;
        Ok(())
    }
}
