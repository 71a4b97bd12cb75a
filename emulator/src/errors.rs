//! API errors: the `{"__type": "<Code>", "message": "..."}` body Cognito sends with HTTP 400,
//! with the exception names and messages real Cognito uses.

use serde_json::{json, Value};

/// One API error. `status` is 400 for every service error, as Cognito does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: &'static str,
    pub message: String,
    pub status: u16,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into(), status: 400 }
    }

    pub fn body(&self) -> Value {
        json!({ "__type": self.code, "message": self.message })
    }

    // ---- constructors for the common cases (real Cognito wording) ----

    pub fn not_authorized(msg: impl Into<String>) -> Self {
        Self::new("NotAuthorizedException", msg)
    }
    pub fn incorrect_credentials() -> Self {
        Self::not_authorized("Incorrect username or password.")
    }
    pub fn user_not_found() -> Self {
        Self::new("UserNotFoundException", "User does not exist.")
    }
    pub fn user_not_confirmed() -> Self {
        Self::new("UserNotConfirmedException", "User is not confirmed.")
    }
    pub fn invalid_parameter(msg: impl Into<String>) -> Self {
        Self::new("InvalidParameterException", msg)
    }
    /// A required field is absent (names the field, AWS validation style).
    pub fn missing(field: &str) -> Self {
        let mut chars = field.chars();
        let lower = match chars.next() {
            Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
            None => String::new(),
        };
        Self::invalid_parameter(format!(
            "1 validation error detected: Value null at '{lower}' failed to satisfy constraint: Member must not be null"
        ))
    }
    pub fn resource_not_found(msg: impl Into<String>) -> Self {
        Self::new("ResourceNotFoundException", msg)
    }
    pub fn code_mismatch() -> Self {
        Self::new("CodeMismatchException", "Invalid verification code provided, please try again.")
    }
    pub fn expired_code() -> Self {
        Self::new("ExpiredCodeException", "Invalid code provided, please request a code again.")
    }
    pub fn mfa_code_mismatch() -> Self {
        Self::new("CodeMismatchException", "Invalid code or auth state for the user.")
    }
    pub fn session_expired() -> Self {
        Self::not_authorized("Invalid session for the user, session is expired.")
    }
    pub fn invalid_session() -> Self {
        Self::not_authorized("Invalid session for the user.")
    }
    pub fn limit_exceeded() -> Self {
        Self::new("LimitExceededException", "Attempt limit exceeded, please try after some time.")
    }
    pub fn invalid_password(msg: impl Into<String>) -> Self {
        Self::new("InvalidPasswordException", msg)
    }
    pub fn unknown_operation(target: &str) -> Self {
        Self::new("UnknownOperationException", format!("Unknown operation {target}"))
    }
    pub fn internal() -> Self {
        let mut e = Self::new("InternalErrorException", "An internal error occurred.");
        e.status = 500;
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_names_the_field() {
        let e = ApiError::missing("ClientId");
        assert_eq!(e.code, "InvalidParameterException");
        assert!(e.message.contains("'clientId'"));
        assert_eq!(e.body()["__type"], "InvalidParameterException");
    }
}
