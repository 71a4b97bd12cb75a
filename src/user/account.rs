//! Passwords and the account itself: `forgotPassword`, `confirmPassword` (no session
//! needed), `changePassword` and `deleteUser` (signed in).

use super::account_types::RawJson;
use super::CognitoUser;
use crate::protocol::account::{ChangePasswordRequest, ConfirmForgotPasswordRequest, DeleteUserRequest, UsernameRequest};
use crate::protocol::messages::{EmptyResponse, StringMap};
use crate::wire::{Operation, SdkResult, Transport};

impl<T: Transport> CognitoUser<T> {
    /// `forgotPassword(cb, clientMetadata)`: `ForgotPassword` with `{ClientId, Username,
    /// ClientMetadata, UserContextData?}`. Returns the raw response
    /// (`{CodeDeliveryDetails}`), which the binding hands to `inputVerificationCode` when
    /// the callback has it, else to `onSuccess`.
    pub async fn forgot_password(&self, client_metadata: Option<StringMap>) -> SdkResult<RawJson> {
        let username = self.username();
        let request = UsernameRequest {
            client_id: self.client_id(),
            secret_hash: self.secret_hash(&username),
            user_context_data: self.user_context_data(),
            username,
            client_metadata,
        };
        let text = self.pool.client().request_raw(Operation::ForgotPassword, &request).await?;
        Ok(RawJson::new(text))
    }

    /// `confirmPassword(code, newPassword, cb, clientMetadata)`: `ConfirmForgotPassword`
    /// with `{ClientId, Username, ConfirmationCode, Password, ClientMetadata,
    /// UserContextData?}`. Success is `onSuccess('SUCCESS')`.
    pub async fn confirm_password(&self, code: &str, new_password: &str, client_metadata: Option<StringMap>) -> SdkResult<()> {
        let username = self.username();
        let request = ConfirmForgotPasswordRequest {
            client_id: self.client_id(),
            secret_hash: self.secret_hash(&username),
            user_context_data: self.user_context_data(),
            username,
            confirmation_code: code.to_string(),
            password: new_password.to_string(),
            client_metadata,
        };
        let _ = self.pool.client().request(Operation::ConfirmForgotPassword, &request, EmptyResponse::from_value).await?;
        Ok(())
    }

    /// `changePassword(old, new, cb, clientMetadata)` (signed in): `ChangePassword` with
    /// `{PreviousPassword, ProposedPassword, AccessToken, ClientMetadata}`.
    pub async fn change_password(&self, old_password: &str, new_password: &str, client_metadata: Option<StringMap>) -> SdkResult<()> {
        let access_token = self.require_access_token()?;
        let request = ChangePasswordRequest {
            previous_password: old_password.to_string(),
            proposed_password: new_password.to_string(),
            access_token,
            client_metadata,
        };
        let _ = self.pool.client().request(Operation::ChangePassword, &request, EmptyResponse::from_value).await?;
        Ok(())
    }

    /// `deleteUser(cb, clientMetadata)` (signed in): `DeleteUser` with `{AccessToken,
    /// ClientMetadata}`, then `clearCachedUser()` (the in-memory session and the device
    /// keys stay, as in the reference).
    pub async fn delete_user(&self, client_metadata: Option<StringMap>) -> SdkResult<()> {
        let access_token = self.require_access_token()?;
        let request = DeleteUserRequest { access_token, client_metadata };
        let _ = self.pool.client().request(Operation::DeleteUser, &request, EmptyResponse::from_value).await?;
        self.clear_cached_user()
    }
}
