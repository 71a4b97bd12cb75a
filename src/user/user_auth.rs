//! Choice-based sign-in (`AuthFlow: USER_AUTH`): start with a preferred first factor or
//! let the user pick one (`SELECT_CHALLENGE`), then answer it: the password (sent, or
//! proven by SRP), a code sent by e-mail or SMS, or a passkey assertion. What follows a
//! password (MFA, a new password, devices) is the classic dispatch, so it ends in an
//! [`AuthOutcome`] as `authenticateUser` does.

use super::outcome::{AuthOutcome, AuthenticationDetails};
use super::CognitoUser;
use crate::protocol::messages::{AuthResponse, InitiateAuthRequest, ParameterMap, StringMap};
use crate::protocol::names::{challenge, flow, parameter};
use crate::srp::SrpClient;
use crate::wire::errors::messages;
use crate::wire::{Operation, SdkError, SdkResult, Transport};

/// Where a `USER_AUTH` step ended.
#[derive(Debug, Clone, PartialEq)]
pub enum UserAuthOutcome {
    /// `SELECT_CHALLENGE`: pick one of `available_challenges` with
    /// [`CognitoUser::select_challenge`].
    SelectChallenge { available_challenges: Vec<String> },
    /// `EMAIL_OTP` or `SMS_OTP`: a code was sent (`parameters` say where:
    /// `CODE_DELIVERY_DELIVERY_MEDIUM`, `CODE_DELIVERY_DESTINATION`); answer with
    /// [`CognitoUser::send_otp_code`]. Also e-mail MFA after a password.
    OtpRequired { challenge_name: String, parameters: StringMap },
    /// `WEB_AUTHN`: pass `credential_request_options` (JSON text of
    /// `PublicKeyCredentialRequestOptionsJSON`) to `navigator.credentials.get`, then the
    /// credential's `toJSON()` text to [`CognitoUser::send_webauthn_credential`].
    WebAuthnRequired { credential_request_options: String },
    /// Anything else: signed in, or the classic next steps (MFA, new password, ...).
    Done(AuthOutcome),
}

impl<T: Transport> CognitoUser<T> {
    /// `InitiateAuth` with `AuthFlow: USER_AUTH` for this user. `preferred_challenge`
    /// (`PASSWORD`, `PASSWORD_SRP`, `EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN`) becomes
    /// `PREFERRED_CHALLENGE`; `PASSWORD` sends `details.password`, `PASSWORD_SRP` proves it
    /// by SRP. Without one (or when the user cannot use it) the answer is
    /// [`UserAuthOutcome::SelectChallenge`].
    pub async fn sign_in_with_user_auth(&self, details: &AuthenticationDetails, preferred_challenge: Option<&str>) -> SdkResult<UserAuthOutcome> {
        let preferred = preferred_challenge.filter(|p| !p.is_empty());
        if let Some(p) = preferred {
            if !challenge::FIRST_FACTOR.contains(&p) {
                return Err(SdkError::local(format!("{p} is not a USER_AUTH first-factor challenge ({})", challenge::FIRST_FACTOR.join(", "))));
            }
        }
        let username = self.username();
        let mut auth_parameters = ParameterMap::new();
        auth_parameters.insert(parameter::USERNAME.into(), Some(username.clone()));
        self.get_cached_device_key_and_password();
        if let Some(device_key) = self.device_key() {
            auth_parameters.insert("DEVICE_KEY".into(), Some(device_key));
        }
        let mut srp = None;
        if let Some(p) = preferred {
            auth_parameters.insert(parameter::PREFERRED_CHALLENGE.into(), Some(p.to_string()));
            srp = self.add_password_answer(&mut auth_parameters, p, details.password.as_deref())?;
        }
        self.add_secret_hash(&mut auth_parameters, &username);
        let client_metadata = details.sign_in_client_metadata();
        let request = InitiateAuthRequest {
            auth_flow: flow::USER_AUTH.to_string(),
            client_id: self.client_id(),
            auth_parameters,
            client_metadata: Some(client_metadata.clone()),
            user_context_data: self.user_context_data(),
        };
        let response = self.pool.client().request(Operation::InitiateAuth, &request, AuthResponse::from_value).await?;
        self.user_auth_outcome(response, srp, details.password.as_deref(), client_metadata).await
    }

    /// Answers `SELECT_CHALLENGE` with `answer`; `password` is needed for `PASSWORD` and
    /// `PASSWORD_SRP`.
    pub async fn select_challenge(&self, answer: &str, password: Option<&str>) -> SdkResult<UserAuthOutcome> {
        let mut responses = ParameterMap::new();
        responses.insert(parameter::ANSWER.into(), Some(answer.to_string()));
        let srp = self.add_password_answer(&mut responses, answer, password)?;
        let request = self.challenge_request(challenge::SELECT_CHALLENGE, responses, None);
        let response = self.pool.client().request(Operation::RespondToAuthChallenge, &request, AuthResponse::from_value).await?;
        self.user_auth_outcome(response, srp, password, StringMap::new()).await
    }

    /// Answers `EMAIL_OTP` (`EMAIL_OTP_CODE`) or `SMS_OTP` (`SMS_OTP_CODE`) with `code`.
    /// A wrong code (`CodeMismatchException`) keeps the challenge for another try.
    pub async fn send_otp_code(&self, challenge_name: &str, code: &str) -> SdkResult<UserAuthOutcome> {
        let field = match challenge_name {
            challenge::EMAIL_OTP => parameter::EMAIL_OTP_CODE,
            challenge::SMS_OTP => parameter::SMS_OTP_CODE,
            other => return Err(SdkError::local(format!("{other} is not a one-time code challenge (EMAIL_OTP, SMS_OTP)"))),
        };
        let mut responses = ParameterMap::new();
        responses.insert(field.into(), Some(code.to_string()));
        let request = self.challenge_request(challenge_name, responses, None);
        let response = self.pool.client().request(Operation::RespondToAuthChallenge, &request, AuthResponse::from_value).await?;
        self.user_auth_outcome(response, None, None, StringMap::new()).await
    }

    /// Answers `WEB_AUTHN` with a passkey assertion: `credential_json` is the JSON text of
    /// the `PublicKeyCredential` `navigator.credentials.get` returned (its `toJSON()`).
    pub async fn send_webauthn_credential(&self, credential_json: &str) -> SdkResult<UserAuthOutcome> {
        if !crate::json::looks_like_object(credential_json) {
            return Err(SdkError::local("The passkey credential must be the JSON text of a PublicKeyCredential"));
        }
        let mut responses = ParameterMap::new();
        responses.insert(parameter::CREDENTIAL.into(), Some(credential_json.to_string()));
        let request = self.challenge_request(challenge::WEB_AUTHN, responses, None);
        let response = self.pool.client().request(Operation::RespondToAuthChallenge, &request, AuthResponse::from_value).await?;
        self.user_auth_outcome(response, None, None, StringMap::new()).await
    }

    /// For `PASSWORD`: adds the password; for `PASSWORD_SRP`: adds `SRP_A` and returns the
    /// SRP client that will answer `PASSWORD_VERIFIER`.
    fn add_password_answer(&self, parameters: &mut ParameterMap, chosen: &str, password: Option<&str>) -> SdkResult<Option<SrpClient>> {
        let needs_password = chosen == challenge::PASSWORD || chosen == challenge::PASSWORD_SRP;
        let password = password.filter(|p| !p.is_empty());
        match (needs_password, password) {
            (false, _) => Ok(None),
            (true, None) => Err(SdkError::local(messages::PASSWORD_REQUIRED)),
            (true, Some(password)) if chosen == challenge::PASSWORD => {
                parameters.insert(parameter::PASSWORD.into(), Some(password.to_string()));
                Ok(None)
            }
            (true, Some(_)) => {
                let srp = SrpClient::new(self.pool.config().user_pool_name())?;
                parameters.insert(parameter::SRP_A.into(), Some(srp.srp_a_hex()));
                Ok(Some(srp))
            }
        }
    }

    /// The outcome of a `USER_AUTH` response: its own challenges keep the `Session`;
    /// `PASSWORD_VERIFIER` is answered with `srp`; the rest goes to the classic dispatch.
    async fn user_auth_outcome(
        &self,
        response: AuthResponse,
        srp: Option<SrpClient>,
        password: Option<&str>,
        client_metadata: StringMap,
    ) -> SdkResult<UserAuthOutcome> {
        let name = response.challenge_name.clone().unwrap_or_default();
        let mut parameters = response.challenge_parameters.clone().unwrap_or_default();
        // The real username (when an alias was typed) names the session from here on.
        let real_username = parameters.get(parameter::USERNAME).filter(|u| !u.is_empty()).cloned();
        let outcome = match name.as_str() {
            challenge::SELECT_CHALLENGE => {
                UserAuthOutcome::SelectChallenge { available_challenges: response.available_challenges.clone().unwrap_or_default() }
            }
            challenge::EMAIL_OTP | challenge::SMS_OTP => UserAuthOutcome::OtpRequired { challenge_name: name.clone(), parameters },
            challenge::WEB_AUTHN => {
                let options = parameters
                    .remove(parameter::CREDENTIAL_REQUEST_OPTIONS)
                    .filter(|o| crate::json::looks_like_object(o))
                    .ok_or_else(|| SdkError::invalid_response("The WEB_AUTHN challenge has no CREDENTIAL_REQUEST_OPTIONS"))?;
                UserAuthOutcome::WebAuthnRequired { credential_request_options: options }
            }
            challenge::PASSWORD_VERIFIER => {
                let srp = srp.ok_or_else(|| SdkError::invalid_response("PASSWORD_VERIFIER without an SRP sign-in"))?;
                let outcome = self.answer_password_verifier(&srp, response, password.unwrap_or_default(), client_metadata).await?;
                return Ok(UserAuthOutcome::Done(outcome));
            }
            _ => return Ok(UserAuthOutcome::Done(self.handle_auth_response(response).await?)),
        };
        if let Some(username) = real_username {
            self.set_username(username);
        }
        self.set_challenge_session(response.session);
        Ok(outcome)
    }
}
