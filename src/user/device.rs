//! Remembered devices: `ConfirmDevice` after a sign-in that returned
//! `NewDeviceMetadata`, and device SRP (`DEVICE_SRP_AUTH` → `DEVICE_PASSWORD_VERIFIER`,
//! the reference's `getDeviceResponse`).

use super::outcome::AuthOutcome;
use crate::protocol::names::challenge;
use super::{CognitoUser, DeviceSecrets};
use crate::session::CognitoUserSession;
use crate::srp::{generate_device_verifier, SrpClient};
use crate::protocol::messages::{
    AuthResponse, ConfirmDeviceRequest, ConfirmDeviceResponse, DeviceSecretVerifierConfig, NewDeviceMetadata, ParameterMap,
    RespondToAuthChallengeRequest, StringMap,
};
use crate::wire::{Operation, SdkError, SdkResult, Transport};

fn device_value(value: Option<String>, name: &'static str) -> SdkResult<String> {
    value.filter(|v| !v.is_empty()).ok_or_else(|| SdkError::from(crate::Error::Missing(name)))
}

impl<T: Transport> CognitoUser<T> {
    /// Registers the new device with `ConfirmDevice` (verifier from
    /// [`generate_device_verifier`], `DeviceName` from the pool config) and caches its
    /// secrets under the current username. Returns `UserConfirmationNecessary == true`.
    pub(super) async fn confirm_new_device(&self, metadata: &NewDeviceMetadata, session: &CognitoUserSession) -> SdkResult<bool> {
        let device_key = device_value(metadata.device_key.clone(), "DeviceKey")?;
        let group_key = device_value(metadata.device_group_key.clone(), "DeviceGroupKey")?;
        let verifier = generate_device_verifier(&group_key, &device_key)?;
        let request = ConfirmDeviceRequest {
            device_key: device_key.clone(),
            access_token: session.access_token().jwt_token().to_string(),
            device_secret_verifier_config: DeviceSecretVerifierConfig {
                salt: verifier.salt_base64(),
                password_verifier: verifier.verifier_base64(),
            },
            device_name: self.pool.config().device_name().to_string(),
        };
        let response = self.pool.client().request(Operation::ConfirmDevice, &request, ConfirmDeviceResponse::from_value).await?;
        self.set_device(DeviceSecrets { key: Some(device_key), group_key: Some(group_key), random_password: Some(verifier.random_password) });
        self.cache_device_key_and_password()?;
        Ok(response.user_confirmation_necessary == Some(true))
    }

    /// Answers `DEVICE_SRP_AUTH` with the cached device secrets, then
    /// `DEVICE_PASSWORD_VERIFIER`, and stores the resulting session (the reference's
    /// `getDeviceResponse`).
    pub async fn respond_to_device_srp(&self, client_metadata: Option<StringMap>) -> SdkResult<AuthOutcome> {
        let device = self.device();
        let device_key = device_value(device.key, "DeviceKey")?;
        let group_key = device_value(device.group_key, "DeviceGroupKey")?;
        let random_password = device_value(device.random_password, "Device password")?;
        let username = self.username();
        let srp = SrpClient::new(&group_key)?;

        let mut responses = ParameterMap::new();
        responses.insert("USERNAME".into(), Some(username.clone()));
        responses.insert("DEVICE_KEY".into(), Some(device_key.clone()));
        responses.insert("SRP_A".into(), Some(srp.srp_a_hex()));
        self.add_secret_hash(&mut responses, &username);
        let request = RespondToAuthChallengeRequest {
            challenge_name: challenge::DEVICE_SRP_AUTH.to_string(),
            client_id: self.client_id(),
            challenge_responses: responses,
            session: self.challenge_session(),
            client_metadata,
            user_context_data: self.user_context_data(),
        };
        let response = self.pool.client().request(Operation::RespondToAuthChallenge, &request, AuthResponse::from_value).await?;
        let parameters = response.challenge_parameters.unwrap_or_default();
        let get = |name: &'static str| device_value(parameters.get(name).cloned(), name);
        let timestamp = crate::date::cognito_timestamp(self.now_seconds());
        let answer = srp.answer_password_verifier(&device_key, &random_password, &get("SRP_B")?, &get("SALT")?, &get("SECRET_BLOCK")?, &timestamp)?;

        let mut responses = ParameterMap::new();
        responses.insert("USERNAME".into(), Some(username.clone()));
        responses.insert("PASSWORD_CLAIM_SECRET_BLOCK".into(), Some(answer.secret_block));
        responses.insert("TIMESTAMP".into(), Some(answer.timestamp));
        responses.insert("PASSWORD_CLAIM_SIGNATURE".into(), Some(answer.signature));
        responses.insert("DEVICE_KEY".into(), Some(device_key));
        self.add_secret_hash(&mut responses, &username);
        let request = RespondToAuthChallengeRequest {
            challenge_name: challenge::DEVICE_PASSWORD_VERIFIER.to_string(),
            client_id: self.client_id(),
            challenge_responses: responses,
            session: response.session,
            client_metadata: None,
            user_context_data: self.user_context_data(),
        };
        let response = self.pool.client().request(Operation::RespondToAuthChallenge, &request, AuthResponse::from_value).await?;
        let session = self.session_from_result(response.authentication_result.as_ref())?;
        let session = self.adopt_session(session)?;
        Ok(AuthOutcome::Success { session, user_confirmation_necessary: false })
    }
}
