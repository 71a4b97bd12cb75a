//! The OAuth core's typed errors: each has a stable `code` (the JavaScript `code` and
//! `name`) and a message that never holds a code, token, verifier or state value.

use thiserror::Error as ThisError;

#[derive(Debug, Clone, PartialEq, Eq, ThisError)]
pub enum OAuthError {
    /// The settings cannot work (no client id, a base URL that is not https or loopback
    /// http, a redirect URI missing).
    #[error("{0}")]
    InvalidConfig(String),
    /// The callback URL carries `error` (and maybe `error_description`): the authorization
    /// server or the provider refused, e.g. `access_denied`, `invalid_scope`.
    #[error("{error}: {description}")]
    Authorization { error: String, description: String },
    /// The callback URL is not one this sign-in can read (no code, no tokens, no error; a
    /// parameter given twice; not a URL).
    #[error("The callback URL is malformed: {0}")]
    MalformedCallback(&'static str),
    /// No sign-in was started from this storage (or its answer was already read).
    #[error("No sign-in is pending: start one with signInWithRedirect / getSession first.")]
    NoPendingSignIn,
    /// The callback's `state` is not the one this sign-in sent (a forged or stale answer).
    #[error("The state in the callback does not match the sign-in that was started.")]
    StateMismatch,
    /// The id token does not carry the nonce this sign-in sent: tokens minted for another
    /// sign-in (injected).
    #[error("The id token was not issued for the sign-in that was started (its nonce does not match).")]
    NonceMismatch,
    /// The callback came back with a code to a flow that expected tokens, or the reverse.
    #[error("The callback does not match the response type of the sign-in ({0}).")]
    ResponseTypeMismatch(&'static str),
    /// The token endpoint refused (`invalid_grant`, `invalid_client`, ...).
    #[error("{error}: {description}")]
    TokenEndpoint { status: u16, error: String, description: String },
    /// The token endpoint answered 200 without the tokens it must send.
    #[error("The token endpoint's answer is not a token response: {0}")]
    InvalidTokenResponse(&'static str),
    /// Storage refused a write (quota, disabled storage).
    #[error("Storage refused a write: {0}")]
    Storage(String),
    /// The platform's random source failed.
    #[error("Native crypto module could not be used to get secure random number.")]
    Random,
}

impl OAuthError {
    /// The error's code: the JavaScript `code` and `name`.
    pub fn code(&self) -> &str {
        match self {
            OAuthError::InvalidConfig(_) => "InvalidParameterException",
            OAuthError::Authorization { error, .. } => error,
            OAuthError::MalformedCallback(_) => "MalformedCallbackError",
            OAuthError::NoPendingSignIn => "NoPendingSignInError",
            OAuthError::StateMismatch => "StateMismatchError",
            OAuthError::NonceMismatch => "NonceMismatchError",
            OAuthError::ResponseTypeMismatch(_) => "ResponseTypeMismatchError",
            OAuthError::TokenEndpoint { error, .. } => error,
            OAuthError::InvalidTokenResponse(_) => "InvalidResponseError",
            OAuthError::Storage(_) => "StorageError",
            OAuthError::Random => "RandomSourceError",
        }
    }
}

impl From<crate::error::Error> for OAuthError {
    fn from(_: crate::error::Error) -> Self {
        OAuthError::Random
    }
}

pub type OAuthResult<T> = Result<T, OAuthError>;
