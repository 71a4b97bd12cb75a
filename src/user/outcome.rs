//! What callers pass in ([`AuthenticationDetails`]) and get back ([`AuthOutcome`],
//! [`VerifySoftwareTokenOutcome`]) from the sign-in flows.

use crate::session::CognitoUserSession;
use crate::protocol::messages::{StringMap, VerifySoftwareTokenResponse};

/// `AuthenticationDetails`.
#[derive(Clone, Default)]
pub struct AuthenticationDetails {
    /// `Username` (informational: the user's own username is what is sent, as in the
    /// reference).
    pub username: Option<String>,
    /// `Password`.
    pub password: Option<String>,
    /// `ValidationData` (sent as `ClientMetadata` when not empty).
    pub validation_data: StringMap,
    /// `AuthParameters` (for `initiateAuth`, custom auth without SRP).
    pub auth_parameters: StringMap,
    /// `ClientMetadata`.
    pub client_metadata: StringMap,
}

impl AuthenticationDetails {
    /// Details with a username and password.
    pub fn with_password(username: impl Into<String>, password: impl Into<String>) -> Self {
        AuthenticationDetails { username: Some(username.into()), password: Some(password.into()), ..Default::default() }
    }

    /// The `ClientMetadata` the sign-in calls send: `ValidationData` when it is not empty,
    /// else `ClientMetadata` (so at least `{}`).
    pub fn sign_in_client_metadata(&self) -> StringMap {
        if self.validation_data.is_empty() {
            self.client_metadata.clone()
        } else {
            self.validation_data.clone()
        }
    }
}

impl std::fmt::Debug for AuthenticationDetails {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthenticationDetails")
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("validation_data_keys", &self.validation_data.keys().collect::<Vec<_>>())
            .field("auth_parameters_keys", &self.auth_parameters.keys().collect::<Vec<_>>())
            .field("client_metadata_keys", &self.client_metadata.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// Where an authentication step ended; each variant is one `IAuthenticationCallback`
/// member.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthOutcome {
    /// `onSuccess(session, userConfirmationNecessary?)`; the flag is true only when
    /// `ConfirmDevice` answered `UserConfirmationNecessary: true` (the binding passes the
    /// second argument only then).
    Success { session: CognitoUserSession, user_confirmation_necessary: bool },
    /// `newPasswordRequired(userAttributes, requiredAttributes)`: `user_attributes_json`
    /// is the `userAttributes` challenge parameter (JSON text, validated; `None` when the
    /// response had no parameters: JavaScript `null`); required attributes have their
    /// `userAttributes.` prefix stripped.
    NewPasswordRequired { user_attributes_json: Option<String>, required_attributes: Vec<String> },
    /// `mfaRequired(challengeName, params)` (`SMS_MFA`).
    MfaRequired { challenge_name: String, parameters: StringMap },
    /// `totpRequired(challengeName, params)` (`SOFTWARE_TOKEN_MFA`).
    TotpRequired { challenge_name: String, parameters: StringMap },
    /// `customChallenge(params)`.
    CustomChallenge { parameters: StringMap },
    /// `mfaSetup(challengeName, params)` (`MFA_SETUP`).
    MfaSetup { challenge_name: String, parameters: StringMap },
    /// `selectMFAType(challengeName, params)` (`SELECT_MFA_TYPE`).
    SelectMfaType { challenge_name: String, parameters: StringMap },
}

/// What `verifySoftwareToken` hands to `onSuccess`.
#[derive(Debug, Clone, PartialEq)]
pub enum VerifySoftwareTokenOutcome {
    /// During sign-in (`MFA_SETUP`): the new session.
    SignedIn(CognitoUserSession),
    /// Signed in already: the raw response (`{Status, Session?}`).
    Verified(VerifySoftwareTokenResponse),
}
