//! Registration: `pool.signUp`, `confirmRegistration` and `resendConfirmationCode`.
//! None of them needs a session; with a client secret each sends `SecretHash` over the
//! `Username` it sends.

use super::account_types::{RawJson, SignUpResult};
use super::{CognitoUser, UserPool};
use crate::protocol::account::{ConfirmSignUpRequest, SignUpRequest, SignUpResponse, UserAttribute, UsernameRequest};
use crate::protocol::messages::{EmptyResponse, StringMap};
use crate::wire::{Operation, SdkResult, Transport};

impl<T: Transport> UserPool<T> {
    /// `signUp(username, password, userAttributes, validationData, cb, clientMetadata)`:
    /// `SignUp` with `{ClientId, Username, Password, UserAttributes, ValidationData,
    /// ClientMetadata, UserContextData?}` (`None` lists and metadata are left out). The
    /// binding turns the result into `{user: new CognitoUser(..), userConfirmed, userSub,
    /// codeDeliveryDetails}`.
    pub async fn sign_up(
        &self,
        username: &str,
        password: &str,
        user_attributes: Option<Vec<UserAttribute>>,
        validation_data: Option<Vec<UserAttribute>>,
        client_metadata: Option<StringMap>,
    ) -> SdkResult<SignUpResult> {
        let request = SignUpRequest {
            client_id: self.config().client_id().to_string(),
            username: username.to_string(),
            password: password.to_string(),
            user_attributes,
            validation_data,
            client_metadata,
            user_context_data: self.user_context_data(username),
            secret_hash: self.config().secret_hash(username),
        };
        let response = self.client().request(Operation::SignUp, &request, SignUpResponse::from_value).await?;
        Ok(SignUpResult {
            username: username.to_string(),
            user_confirmed: response.user_confirmed,
            user_sub: response.user_sub,
            code_delivery_details: response.code_delivery_details,
        })
    }
}

impl<T: Transport> CognitoUser<T> {
    /// `confirmRegistration(code, forceAliasCreation, cb, clientMetadata)`:
    /// `ConfirmSignUp` with `{ClientId, ConfirmationCode, Username, ForceAliasCreation,
    /// ClientMetadata, UserContextData?}` (`None` values left out). Success is `'SUCCESS'`.
    pub async fn confirm_registration(&self, code: &str, force_alias_creation: Option<bool>, client_metadata: Option<StringMap>) -> SdkResult<()> {
        let username = self.username();
        let request = ConfirmSignUpRequest {
            client_id: self.client_id(),
            confirmation_code: code.to_string(),
            secret_hash: self.secret_hash(&username),
            user_context_data: self.user_context_data(),
            username,
            force_alias_creation,
            client_metadata,
        };
        let _ = self.pool.client().request(Operation::ConfirmSignUp, &request, EmptyResponse::from_value).await?;
        Ok(())
    }

    /// `resendConfirmationCode(cb, clientMetadata)`: `ResendConfirmationCode` with
    /// `{ClientId, Username, ClientMetadata}` (no `UserContextData`, as the reference).
    /// Returns the raw response (`{CodeDeliveryDetails}`).
    pub async fn resend_confirmation_code(&self, client_metadata: Option<StringMap>) -> SdkResult<RawJson> {
        let username = self.username();
        let request = UsernameRequest {
            client_id: self.client_id(),
            secret_hash: self.secret_hash(&username),
            username,
            client_metadata,
            user_context_data: None,
        };
        let text = self.pool.client().request_raw(Operation::ResendConfirmationCode, &request).await?;
        Ok(RawJson::new(text))
    }
}
