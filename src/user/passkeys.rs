//! The signed-in user's passkeys: registration in two steps around
//! `navigator.credentials.create` (`StartWebAuthnRegistration`, then
//! `CompleteWebAuthnRegistration`), listing and deleting. Each needs a valid in-memory
//! session (`User is not authenticated`).

use super::CognitoUser;
use crate::protocol::messages::{AccessTokenRequest, EmptyResponse};
use crate::protocol::passkeys::{
    CompleteWebAuthnRegistrationRequest, CredentialCreationOptions, DeleteWebAuthnCredentialRequest, ListWebAuthnCredentialsRequest,
    ListWebAuthnCredentialsResponse, RegistrationCredential, StartWebAuthnRegistrationResponse,
};
use crate::wire::{Operation, SdkError, SdkResult, Transport};

impl<T: Transport> CognitoUser<T> {
    /// `StartWebAuthnRegistration`: the options to pass to `navigator.credentials.create`
    /// (`PublicKeyCredential.parseCreationOptionsFromJSON` reads them as they are).
    pub async fn start_webauthn_registration(&self) -> SdkResult<CredentialCreationOptions> {
        let access_token = self.require_access_token()?;
        let request = AccessTokenRequest { access_token };
        let response = self.pool.client().request(Operation::StartWebAuthnRegistration, &request, StartWebAuthnRegistrationResponse::from_value).await?;
        Ok(response.credential_creation_options)
    }

    /// `CompleteWebAuthnRegistration` with the new credential: `credential_json` is the
    /// JSON text of what `navigator.credentials.create` returned (its `toJSON()`).
    pub async fn complete_webauthn_registration(&self, credential_json: &str) -> SdkResult<()> {
        let access_token = self.require_access_token()?;
        let credential = crate::json_read::parse(credential_json)
            .and_then(|value| RegistrationCredential::from_value(&value))
            .map_err(|_| SdkError::local("The passkey credential is not a PublicKeyCredential's JSON: invalid JSON"))?;
        let request = CompleteWebAuthnRegistrationRequest { access_token, credential };
        let _ = self.pool.client().request(Operation::CompleteWebAuthnRegistration, &request, EmptyResponse::from_value).await?;
        Ok(())
    }

    /// `ListWebAuthnCredentials`: one page of the user's passkeys (`max_results` up to 20,
    /// `next_token` from the previous page).
    pub async fn list_webauthn_credentials(&self, max_results: Option<u32>, next_token: Option<&str>) -> SdkResult<ListWebAuthnCredentialsResponse> {
        let access_token = self.require_access_token()?;
        let request = ListWebAuthnCredentialsRequest { access_token, next_token: next_token.map(str::to_string), max_results };
        self.pool.client().request(Operation::ListWebAuthnCredentials, &request, ListWebAuthnCredentialsResponse::from_value).await
    }

    /// `DeleteWebAuthnCredential`.
    pub async fn delete_webauthn_credential(&self, credential_id: &str) -> SdkResult<()> {
        let access_token = self.require_access_token()?;
        let request = DeleteWebAuthnCredentialRequest { access_token, credential_id: credential_id.to_string() };
        let _ = self.pool.client().request(Operation::DeleteWebAuthnCredential, &request, EmptyResponse::from_value).await?;
        Ok(())
    }
}
