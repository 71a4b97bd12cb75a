//! Answers to the challenges that follow the first factor: custom challenges, new
//! password, SMS/TOTP codes, MFA selection and TOTP setup.

use super::outcome::{AuthOutcome, VerifySoftwareTokenOutcome};
use crate::protocol::names::{challenge, parameter, USER_ATTRIBUTES_PREFIX};
use super::{CognitoUser, RawJson, SignInStep};
use crate::wire::errors::messages;
use crate::protocol::messages::{
    AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, AuthResponse, ParameterMap, RespondToAuthChallengeRequest, StringMap,
    VerifySoftwareTokenRequest, VerifySoftwareTokenResponse,
};
use crate::wire::{Operation, SdkError, SdkResult, Transport};

impl<T: Transport> CognitoUser<T> {
    /// A `RespondToAuthChallenge` for the current challenge: `USERNAME` (unless the answer
    /// names it), `SECRET_HASH`, the challenge `Session` and the user context data.
    pub(super) fn challenge_request(&self, name: &str, mut responses: ParameterMap, client_metadata: Option<StringMap>) -> RespondToAuthChallengeRequest {
        let username = self.username();
        if !responses.contains_key("USERNAME") {
            responses.insert("USERNAME".into(), Some(username.clone()));
        }
        self.add_secret_hash(&mut responses, &username);
        RespondToAuthChallengeRequest {
            challenge_name: name.to_string(),
            client_id: self.client_id(),
            challenge_responses: responses,
            session: self.challenge_session(),
            client_metadata,
            user_context_data: self.user_context_data(),
        }
    }

    async fn respond(&self, request: &RespondToAuthChallengeRequest) -> SdkResult<AuthResponse> {
        self.pool.client().request(Operation::RespondToAuthChallenge, request, AuthResponse::from_value).await
    }

    /// [`Self::respond`], the answer kept as it came.
    async fn respond_raw(&self, request: &RespondToAuthChallengeRequest) -> SdkResult<RawJson> {
        self.pool.client().request_answer(Operation::RespondToAuthChallenge, request).await.map(RawJson::new)
    }

    /// `sendCustomChallengeAnswer(answer, cb, clientMetadata)`: `CUSTOM_CHALLENGE` with
    /// `{USERNAME, ANSWER, DEVICE_KEY?}` (device secrets loaded from storage first).
    pub async fn send_custom_challenge_answer(&self, answer: &str, client_metadata: Option<StringMap>) -> SdkResult<AuthOutcome> {
        let answer = self.custom_challenge_response(answer, client_metadata).await?;
        self.handle_auth_response(answer.read(AuthResponse::from_value)?).await
    }

    /// The `RespondToAuthChallenge` of [`CognitoUser::send_custom_challenge_answer`]; the
    /// service's answer as it came (what follows is [`CognitoUser::continue_sign_in`]'s).
    pub async fn custom_challenge_response(&self, answer: &str, client_metadata: Option<StringMap>) -> SdkResult<RawJson> {
        let mut responses = ParameterMap::new();
        responses.insert("USERNAME".into(), Some(self.username()));
        responses.insert("ANSWER".into(), Some(answer.to_string()));
        self.get_cached_device_key_and_password();
        if let Some(device_key) = self.device_key() {
            responses.insert("DEVICE_KEY".into(), Some(device_key));
        }
        let request = self.challenge_request(challenge::CUSTOM_CHALLENGE, responses, client_metadata);
        self.respond_raw(&request).await
    }

    /// `completeNewPasswordChallenge(newPassword, requiredAttributes, cb, clientMetadata)`:
    /// `NEW_PASSWORD_REQUIRED` with `userAttributes.<name>` entries, `NEW_PASSWORD` and
    /// `USERNAME`. An empty password fails with `New password is required.`.
    pub async fn complete_new_password_challenge(
        &self,
        new_password: &str,
        required_attributes: &StringMap,
        client_metadata: Option<StringMap>,
    ) -> SdkResult<AuthOutcome> {
        let answer = self.new_password_response(new_password, required_attributes, client_metadata).await?;
        self.handle_auth_response(answer.read(AuthResponse::from_value)?).await
    }

    /// The `RespondToAuthChallenge` of [`CognitoUser::complete_new_password_challenge`]
    /// (an empty password fails first); the service's answer as it came (what follows is
    /// [`CognitoUser::continue_sign_in`]'s).
    pub async fn new_password_response(
        &self,
        new_password: &str,
        required_attributes: &StringMap,
        client_metadata: Option<StringMap>,
    ) -> SdkResult<RawJson> {
        if new_password.is_empty() {
            return Err(SdkError::local(messages::NEW_PASSWORD_REQUIRED));
        }
        let mut responses: ParameterMap =
            required_attributes.iter().map(|(name, value)| (format!("{USER_ATTRIBUTES_PREFIX}{name}"), Some(value.clone()))).collect();
        responses.insert("NEW_PASSWORD".into(), Some(new_password.to_string()));
        responses.insert("USERNAME".into(), Some(self.username()));
        let request = self.challenge_request(challenge::NEW_PASSWORD_REQUIRED, responses, client_metadata);
        self.respond_raw(&request).await
    }

    /// `sendMFACode(code, cb, mfaType = 'SMS_MFA', clientMetadata)`: `SMS_MFA_CODE` is
    /// always sent, `SOFTWARE_TOKEN_MFA_CODE` too for TOTP, `EMAIL_OTP_CODE` too for e-mail
    /// MFA (`EMAIL_OTP`, an extension). The response goes through the
    /// usual dispatch (device SRP, `ConfirmDevice`), and unlike the reference the
    /// `Session` of a following `DEVICE_SRP_AUTH` is used.
    pub async fn send_mfa_code(&self, code: &str, mfa_type: Option<&str>, client_metadata: Option<StringMap>) -> SdkResult<AuthOutcome> {
        match self.send_mfa_code_step(code, mfa_type, client_metadata).await? {
            SignInStep::Done(outcome) => Ok(*outcome),
            SignInStep::DeviceSrp => self.respond_to_device_srp(None).await,
        }
    }

    /// [`CognitoUser::send_mfa_code`] up to device SRP, which it leaves to the caller (the JS
    /// face calls `this.getDeviceResponse(callback)` there, as the reference does, so that a
    /// stub of it applies).
    pub async fn send_mfa_code_step(&self, code: &str, mfa_type: Option<&str>, client_metadata: Option<StringMap>) -> SdkResult<SignInStep> {
        let mfa_type = mfa_type.filter(|t| !t.is_empty()).unwrap_or(challenge::SMS_MFA);
        let mut responses = ParameterMap::new();
        responses.insert("USERNAME".into(), Some(self.username()));
        responses.insert("SMS_MFA_CODE".into(), Some(code.to_string()));
        if mfa_type == challenge::SOFTWARE_TOKEN_MFA {
            responses.insert("SOFTWARE_TOKEN_MFA_CODE".into(), Some(code.to_string()));
        }
        if mfa_type == challenge::EMAIL_OTP {
            responses.insert(parameter::EMAIL_OTP_CODE.into(), Some(code.to_string()));
        }
        if let Some(device_key) = self.device_key() {
            responses.insert("DEVICE_KEY".into(), Some(device_key));
        }
        let request = self.challenge_request(mfa_type, responses, client_metadata);
        let response = self.respond(&request).await?;
        self.continue_sign_in(response).await
    }

    /// `sendMFASelectionAnswer(answer, cb)`: `SELECT_MFA_TYPE` with `{USERNAME, ANSWER}`.
    /// `SMS_MFA` and `EMAIL_OTP` (an extension) give [`AuthOutcome::MfaRequired`],
    /// `SOFTWARE_TOKEN_MFA` [`AuthOutcome::TotpRequired`]; any other answer `None` (no
    /// callback fires).
    pub async fn send_mfa_selection_answer(&self, answer: &str) -> SdkResult<Option<AuthOutcome>> {
        let mut responses = ParameterMap::new();
        responses.insert("USERNAME".into(), Some(self.username()));
        responses.insert("ANSWER".into(), Some(answer.to_string()));
        let request = self.challenge_request(challenge::SELECT_MFA_TYPE, responses, None);
        let response = self.respond(&request).await?;
        self.set_challenge_session(response.session);
        let challenge_name = response.challenge_name.unwrap_or_default();
        let parameters = response.challenge_parameters.unwrap_or_default();
        Ok(match answer {
            challenge::SMS_MFA => Some(AuthOutcome::MfaRequired { challenge_name, parameters }),
            challenge::SOFTWARE_TOKEN_MFA => Some(AuthOutcome::TotpRequired { challenge_name, parameters }),
            challenge::EMAIL_OTP => Some(AuthOutcome::MfaRequired { challenge_name, parameters }),
            _ => None,
        })
    }

    /// `associateSoftwareToken(cb)`: with the challenge `Session` while signing in (the
    /// new `Session` is kept), with the `AccessToken` when signed in. Returns the secret.
    pub async fn associate_software_token(&self) -> SdkResult<String> {
        let signed_in = self.signed_in_access_token();
        let request = match &signed_in {
            Some(access_token) => AssociateSoftwareTokenRequest { access_token: Some(access_token.clone()), session: None },
            None => AssociateSoftwareTokenRequest { access_token: None, session: self.challenge_session() },
        };
        let response = self.pool.client().request(Operation::AssociateSoftwareToken, &request, AssociateSoftwareTokenResponse::from_value).await?;
        if signed_in.is_none() {
            self.set_challenge_session(response.session);
        }
        response.secret_code.ok_or_else(|| SdkError::invalid_response("The response has no SecretCode"))
    }

    /// `verifySoftwareToken(code, friendlyName, cb)`. While signing in: verifies with the
    /// `Session`, answers `MFA_SETUP` and stores the new session. Signed in: verifies with
    /// the `AccessToken` and returns the raw response.
    pub async fn verify_software_token(&self, code: &str, friendly_device_name: Option<&str>) -> SdkResult<VerifySoftwareTokenOutcome> {
        if let Some(access_token) = self.signed_in_access_token() {
            let request = VerifySoftwareTokenRequest {
                access_token: Some(access_token),
                session: None,
                user_code: code.to_string(),
                friendly_device_name: friendly_device_name.map(str::to_string),
            };
            let response = self.pool.client().request(Operation::VerifySoftwareToken, &request, VerifySoftwareTokenResponse::from_value).await?;
            return Ok(VerifySoftwareTokenOutcome::Verified(response));
        }
        let request = VerifySoftwareTokenRequest {
            access_token: None,
            session: self.challenge_session(),
            user_code: code.to_string(),
            friendly_device_name: friendly_device_name.map(str::to_string),
        };
        let response = self.pool.client().request(Operation::VerifySoftwareToken, &request, VerifySoftwareTokenResponse::from_value).await?;
        self.set_challenge_session(response.session);
        let request = self.challenge_request(challenge::MFA_SETUP, ParameterMap::new(), None);
        let response = self.respond(&request).await?;
        let session = self.session_from_result(response.authentication_result.as_ref())?;
        Ok(VerifySoftwareTokenOutcome::SignedIn(self.adopt_session(session)?))
    }
}
