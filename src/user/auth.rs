//! First factor: `authenticateUser` (USER_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_AUTH with
//! SRP), `initiateAuth` (CUSTOM_AUTH without SRP), and the dispatch of every
//! authentication response (the reference's `authenticateUserInternal`).

use super::outcome::{AuthOutcome, AuthenticationDetails};
use super::RawJson;
use crate::json_read::Value;
use crate::protocol::names::{challenge, flow, USER_ATTRIBUTES_PREFIX};
use super::CognitoUser;
use crate::srp::SrpClient;
use crate::wire::errors::messages;
use crate::protocol::messages::{AuthResponse, InitiateAuthRequest, ParameterMap, RespondToAuthChallengeRequest, StringMap};
use crate::wire::{Operation, SdkError, SdkResult, Transport};

fn required_parameter<'a>(parameters: &'a StringMap, name: &'static str) -> SdkResult<&'a str> {
    parameters.get(name).map(String::as_str).filter(|v| !v.is_empty()).ok_or_else(|| SdkError::from(crate::Error::Missing(name)))
}

impl<T: Transport> CognitoUser<T> {
    /// `authenticateUser(details)` with the user's flow: SRP for `USER_SRP_AUTH` and
    /// `CUSTOM_AUTH` (the latter with `CHALLENGE_NAME=SRP_A`), one `InitiateAuth` for
    /// `USER_PASSWORD_AUTH`; any other flow fails with `Authentication flow type is
    /// invalid.`.
    pub async fn authenticate_user(&self, details: &AuthenticationDetails) -> SdkResult<AuthOutcome> {
        let flow_type = self.authentication_flow_type();
        match flow_type.as_str() {
            flow::USER_PASSWORD_AUTH => self.authenticate_with_password(details).await,
            flow::USER_SRP_AUTH | flow::CUSTOM_AUTH => self.authenticate_with_srp(details, &flow_type).await,
            _ => Err(SdkError::local(messages::INVALID_FLOW)),
        }
    }

    async fn authenticate_with_srp(&self, details: &AuthenticationDetails, flow_type: &str) -> SdkResult<AuthOutcome> {
        let answer = self.srp_first_factor(details, flow_type).await?;
        self.handle_auth_response(answer.read(AuthResponse::from_value)?).await
    }

    /// The SRP first factor of `authenticateUser` (the reference's
    /// `authenticateUserDefaultAuth`, `flow_type` = `USER_SRP_AUTH` or `CUSTOM_AUTH`) up to
    /// the service's answer, as it came: the answer to `PASSWORD_VERIFIER`, or the
    /// `InitiateAuth` response when a custom-auth Lambda skipped the SRP step. What follows
    /// is [`CognitoUser::continue_sign_in`]'s.
    pub async fn srp_first_factor(&self, details: &AuthenticationDetails, flow_type: &str) -> SdkResult<RawJson> {
        let srp = SrpClient::new(self.pool.config().user_pool_name())?;
        let typed_username = self.username();
        let mut auth_parameters = ParameterMap::new();
        if let Some(device_key) = self.device_key() {
            auth_parameters.insert("DEVICE_KEY".into(), Some(device_key));
        }
        auth_parameters.insert("USERNAME".into(), Some(typed_username.clone()));
        auth_parameters.insert("SRP_A".into(), Some(srp.srp_a_hex()));
        if flow_type == flow::CUSTOM_AUTH {
            auth_parameters.insert("CHALLENGE_NAME".into(), Some("SRP_A".into()));
        }
        self.add_secret_hash(&mut auth_parameters, &typed_username);
        let client_metadata = details.sign_in_client_metadata();
        let request = InitiateAuthRequest {
            auth_flow: flow_type.to_string(),
            client_id: self.client_id(),
            auth_parameters,
            client_metadata: Some(client_metadata.clone()),
            user_context_data: self.user_context_data(),
        };
        let response = self.pool.client().request(Operation::InitiateAuth, &request, AuthResponse::from_value).await?;

        // A custom-auth Lambda may skip the SRP step: whatever came back is the answer.
        if response.challenge_name.as_deref().is_some_and(|c| c != challenge::PASSWORD_VERIFIER) {
            let text = crate::json::to_string(&response).map_err(|e| SdkError::invalid_response(e.message))?;
            return Ok(RawJson::new(text));
        }
        let password = details.password.as_deref().unwrap_or_default();
        self.respond_to_password_verifier(&srp, response, password, client_metadata).await
    }

    /// Answers a `PASSWORD_VERIFIER` challenge (of `USER_SRP_AUTH`, `CUSTOM_AUTH` or
    /// `USER_AUTH`'s `PASSWORD_SRP`) with the SRP proof of `password`, then dispatches the
    /// answer.
    pub(super) async fn answer_password_verifier(
        &self,
        srp: &SrpClient,
        response: AuthResponse,
        password: &str,
        client_metadata: StringMap,
    ) -> SdkResult<AuthOutcome> {
        let answer = self.respond_to_password_verifier(srp, response, password, client_metadata).await?;
        self.handle_auth_response(answer.read(AuthResponse::from_value)?).await
    }

    /// The `RespondToAuthChallenge` of [`CognitoUser::answer_password_verifier`]; its
    /// answer as it came.
    async fn respond_to_password_verifier(
        &self,
        srp: &SrpClient,
        response: AuthResponse,
        password: &str,
        client_metadata: StringMap,
    ) -> SdkResult<RawJson> {
        let parameters = response.challenge_parameters.clone().unwrap_or_default();
        let user_id_for_srp = required_parameter(&parameters, "USER_ID_FOR_SRP")?.to_string();
        let srp_b = required_parameter(&parameters, "SRP_B")?;
        let salt = required_parameter(&parameters, "SALT")?;
        let secret_block = required_parameter(&parameters, "SECRET_BLOCK")?;

        // As the reference: from here on the user is known by USER_ID_FOR_SRP, and the
        // device secrets cached under that name are loaded.
        self.become_user_id_for_srp(&user_id_for_srp);
        self.get_cached_device_key_and_password();

        let timestamp = crate::date::cognito_timestamp(self.now_seconds());
        let answer = srp.answer_password_verifier(&user_id_for_srp, password, srp_b, salt, secret_block, &timestamp)?;

        let mut responses = ParameterMap::new();
        responses.insert("USERNAME".into(), Some(answer.username));
        responses.insert("PASSWORD_CLAIM_SECRET_BLOCK".into(), Some(answer.secret_block));
        responses.insert("TIMESTAMP".into(), Some(answer.timestamp));
        responses.insert("PASSWORD_CLAIM_SIGNATURE".into(), Some(answer.signature));
        if let Some(device_key) = self.device_key() {
            responses.insert("DEVICE_KEY".into(), Some(device_key));
        }
        self.add_secret_hash(&mut responses, &user_id_for_srp);
        let mut request = RespondToAuthChallengeRequest {
            challenge_name: challenge::PASSWORD_VERIFIER.to_string(),
            client_id: self.client_id(),
            challenge_responses: responses,
            session: response.session,
            client_metadata: Some(client_metadata),
            user_context_data: self.user_context_data(),
        };
        let result = match self.pool.client().request_answer(Operation::RespondToAuthChallenge, &request).await {
            Err(e) if is_stale_device_error(&e) => {
                // The cached device was forgotten server-side: drop it and answer again
                // without it (once).
                request.challenge_responses.insert("DEVICE_KEY".into(), None);
                self.set_device(Default::default());
                self.clear_cached_device_key_and_password()?;
                self.pool.client().request_answer(Operation::RespondToAuthChallenge, &request).await
            }
            other => other,
        };
        result.map(RawJson::new)
    }

    async fn authenticate_with_password(&self, details: &AuthenticationDetails) -> SdkResult<AuthOutcome> {
        let answer = self.password_first_factor(details).await?;
        self.handle_auth_response(answer.read(AuthResponse::from_value)?).await
    }

    /// The `USER_PASSWORD_AUTH` first factor (the reference's
    /// `authenticateUserPlainUsernamePassword`): one `InitiateAuth`, its answer as it came.
    /// What follows is [`CognitoUser::continue_sign_in`]'s.
    pub async fn password_first_factor(&self, details: &AuthenticationDetails) -> SdkResult<RawJson> {
        let username = self.username();
        let Some(password) = details.password.clone().filter(|p| !p.is_empty()) else {
            return Err(SdkError::local(messages::PASSWORD_REQUIRED));
        };
        let mut auth_parameters = ParameterMap::new();
        auth_parameters.insert("USERNAME".into(), Some(username.clone()));
        auth_parameters.insert("PASSWORD".into(), Some(password));
        self.get_cached_device_key_and_password();
        if let Some(device_key) = self.device_key() {
            auth_parameters.insert("DEVICE_KEY".into(), Some(device_key));
        }
        self.add_secret_hash(&mut auth_parameters, &username);
        let request = InitiateAuthRequest {
            auth_flow: flow::USER_PASSWORD_AUTH.to_string(),
            client_id: self.client_id(),
            auth_parameters,
            client_metadata: Some(details.sign_in_client_metadata()),
            user_context_data: self.user_context_data(),
        };
        self.pool.client().request_answer(Operation::InitiateAuth, &request).await.map(RawJson::new)
    }

    /// `initiateAuth(details)`: `InitiateAuth` with `AuthFlow=CUSTOM_AUTH` and no SRP,
    /// sending `details.auth_parameters` plus `USERNAME`. Ends in
    /// [`AuthOutcome::CustomChallenge`] or [`AuthOutcome::Success`].
    pub async fn initiate_auth(&self, details: &AuthenticationDetails) -> SdkResult<AuthOutcome> {
        let username = self.username();
        let mut auth_parameters: ParameterMap = details.auth_parameters.iter().map(|(k, v)| (k.clone(), Some(v.clone()))).collect();
        auth_parameters.insert("USERNAME".into(), Some(username.clone()));
        if !auth_parameters.contains_key("SECRET_HASH") {
            self.add_secret_hash(&mut auth_parameters, &username);
        }
        let request = InitiateAuthRequest {
            auth_flow: flow::CUSTOM_AUTH.to_string(),
            client_id: self.client_id(),
            auth_parameters,
            client_metadata: Some(details.sign_in_client_metadata()),
            user_context_data: self.user_context_data(),
        };
        let response = self.pool.client().request(Operation::InitiateAuth, &request, AuthResponse::from_value).await?;
        if response.challenge_name.as_deref() == Some(challenge::CUSTOM_CHALLENGE) {
            self.set_challenge_session(response.session);
            return Ok(AuthOutcome::CustomChallenge { parameters: response.challenge_parameters.unwrap_or_default() });
        }
        let session = self.session_from_result(response.authentication_result.as_ref())?;
        let session = self.adopt_session(session)?;
        Ok(AuthOutcome::Success { session, user_confirmation_necessary: false })
    }

    /// The reference's `authenticateUserInternal`: a challenge stores the `Session` and
    /// becomes an outcome; `DEVICE_SRP_AUTH` runs device SRP; otherwise the tokens are
    /// stored and, with `NewDeviceMetadata`, the device is confirmed.
    pub(super) async fn handle_auth_response(&self, response: AuthResponse) -> SdkResult<AuthOutcome> {
        match self.continue_sign_in(response).await? {
            SignInStep::Done(outcome) => Ok(*outcome),
            SignInStep::DeviceSrp => self.respond_to_device_srp(None).await,
        }
    }

    /// Continues a sign-in from the service's answer to a sign-in request (`InitiateAuth`
    /// or `RespondToAuthChallenge`), up to device SRP: a challenge stores the `Session` and
    /// becomes an outcome; `DEVICE_SRP_AUTH` stores the `Session` and says device SRP
    /// comes next ([`CognitoUser::respond_to_device_srp`]); otherwise the tokens are stored and, with
    /// `NewDeviceMetadata`, the device is confirmed.
    pub async fn continue_sign_in(&self, response: AuthResponse) -> SdkResult<SignInStep> {
        let challenge_name = response.challenge_name.clone();
        let parameters = response.challenge_parameters.clone().unwrap_or_default();
        if let Some(name) = challenge_name.as_deref() {
            let with_session = |outcome: AuthOutcome| {
                self.set_challenge_session(response.session.clone());
                Ok(SignInStep::Done(Box::new(outcome)))
            };
            let name_owned = name.to_string();
            match name {
                // E-mail MFA comes to `mfaRequired` too, with its own challenge name (answer it
                // with `send_mfa_code(code, Some("EMAIL_OTP"))`).
                challenge::SMS_MFA | challenge::EMAIL_OTP => return with_session(AuthOutcome::MfaRequired { challenge_name: name_owned, parameters }),
                challenge::SELECT_MFA_TYPE => return with_session(AuthOutcome::SelectMfaType { challenge_name: name_owned, parameters }),
                challenge::MFA_SETUP => return with_session(AuthOutcome::MfaSetup { challenge_name: name_owned, parameters }),
                challenge::SOFTWARE_TOKEN_MFA => return with_session(AuthOutcome::TotpRequired { challenge_name: name_owned, parameters }),
                challenge::CUSTOM_CHALLENGE => return with_session(AuthOutcome::CustomChallenge { parameters }),
                challenge::NEW_PASSWORD_REQUIRED => {
                    let outcome = new_password_outcome(response.challenge_parameters.as_ref())?;
                    return with_session(outcome);
                }
                challenge::DEVICE_SRP_AUTH => {
                    self.set_challenge_session(response.session.clone());
                    return Ok(SignInStep::DeviceSrp);
                }
                _ if response.authentication_result.is_none() => {
                    return Err(SdkError::invalid_response(format!("Unsupported challenge {name}")));
                }
                _ => {}
            }
        }
        let session = self.session_from_result(response.authentication_result.as_ref())?;
        self.state.borrow_mut().challenge_name = challenge_name;
        let session = self.adopt_session(session)?;
        let new_device = response.authentication_result.and_then(|r| r.new_device_metadata);
        let user_confirmation_necessary = match new_device {
            Some(metadata) => self.confirm_new_device(&metadata, &session).await?,
            None => false,
        };
        Ok(SignInStep::Done(Box::new(AuthOutcome::Success { session, user_confirmation_necessary })))
    }
}

/// Where [`CognitoUser::continue_sign_in`] left a sign-in.
#[derive(Debug, Clone, PartialEq)]
pub enum SignInStep {
    /// An authentication step ended (signed in, or a challenge to answer).
    Done(Box<AuthOutcome>),
    /// `DEVICE_SRP_AUTH`: the remembered device proves itself next
    /// ([`CognitoUser::respond_to_device_srp`]).
    DeviceSrp,
}

/// `ResourceNotFoundException` about a device: the cached device key is stale.
///
/// The reference tests `message.toLowerCase()` for "device"; ASCII lowercasing finds it in
/// exactly the same messages (no non-ASCII letter lowercases to one of d, e, v, i, c alone)
/// and keeps Rust's Unicode case tables (~20 KB) out of the wasm; a byte search, not
/// `str::contains`, keeps core's substring searcher and str-slicing panic out too.
fn is_stale_device_error(error: &SdkError) -> bool {
    error.is("ResourceNotFoundException") && error.message.as_bytes().windows(6).any(|w| w.eq_ignore_ascii_case(b"device"))
}

/// Parses the `NEW_PASSWORD_REQUIRED` parameters: `userAttributes` (JSON object text,
/// kept as text) and `requiredAttributes` (JSON array of names, prefix stripped).
fn new_password_outcome(parameters: Option<&StringMap>) -> SdkResult<AuthOutcome> {
    let Some(parameters) = parameters else {
        return Ok(AuthOutcome::NewPasswordRequired { user_attributes_json: None, required_attributes: Vec::new() });
    };
    let user_attributes_json = match parameters.get("userAttributes") {
        Some(text) if crate::json::is_valid(text) => Some(text.clone()),
        Some(_) => return Err(SdkError::invalid_response("The userAttributes challenge parameter is not JSON")),
        None => None,
    };
    let required: Vec<String> = match parameters.get("requiredAttributes") {
        Some(text) => string_list_or_null(text).ok_or_else(|| SdkError::invalid_response("The requiredAttributes challenge parameter is not a JSON list"))?,
        None => Vec::new(),
    };
    let prefix_len = USER_ATTRIBUTES_PREFIX.chars().count();
    let required_attributes = required.into_iter().map(|name| name.chars().skip(prefix_len).collect()).collect();
    Ok(AuthOutcome::NewPasswordRequired { user_attributes_json, required_attributes })
}

/// JSON text of an array of strings (`null`: an empty list); `None` for anything else.
fn string_list_or_null(text: &str) -> Option<Vec<String>> {
    match crate::json_read::parse(text).ok()? {
        Value::Null => Some(Vec::new()),
        Value::Array(items) => items.iter().map(Value::as_string).collect::<Result<_, _>>().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_password_parameters() {
        let mut p = StringMap::new();
        p.insert("userAttributes".into(), r#"{"email":"a@b.c","email_verified":"true"}"#.into());
        p.insert("requiredAttributes".into(), r#"["userAttributes.name","userAttributes.family_name"]"#.into());
        let AuthOutcome::NewPasswordRequired { user_attributes_json, required_attributes } = new_password_outcome(Some(&p)).unwrap() else { panic!() };
        assert_eq!(required_attributes, ["name", "family_name"]);
        assert!(user_attributes_json.unwrap().contains("a@b.c"));
        p.insert("requiredAttributes".into(), "[1".into());
        assert!(new_password_outcome(Some(&p)).is_err());
        assert_eq!(
            new_password_outcome(None).unwrap(),
            AuthOutcome::NewPasswordRequired { user_attributes_json: None, required_attributes: vec![] }
        );
    }

    #[test]
    fn stale_device_detection() {
        assert!(is_stale_device_error(&SdkError::service("ResourceNotFoundException", "Device does not exist.", None)));
        assert!(!is_stale_device_error(&SdkError::service("ResourceNotFoundException", "User pool not found", None)));
        assert!(!is_stale_device_error(&SdkError::service("NotAuthorizedException", "device", None)));
    }
}
