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
        Self::invalid_parameter(format!(
            "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
            member_name(field)
        ))
    }
    /// A required string field is `""`.
    pub fn empty(field: &str) -> Self {
        Self::invalid_parameter(format!(
            "1 validation error detected: Value at '{}' failed to satisfy constraint: Member must have length greater than or equal to 1",
            member_name(field)
        ))
    }
    /// A request field of the wrong JSON type or shape. `problem` describes the shape only:
    /// never the value (it may be a password).
    pub fn serialization(field: &str, problem: &str) -> Self {
        Self::new("SerializationException", format!("Cannot read '{}': {problem}.", member_name(field)))
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

/// A field path as AWS names members in validation messages: each member with a lowercase
/// first letter (`DeviceSecretVerifierConfig.Salt` → `deviceSecretVerifierConfig.salt`);
/// parameter keys, all capitals, as they are (`authParameters.PASSWORD`).
pub fn member_name(field: &str) -> String {
    field
        .split('.')
        .map(|segment| {
            let mut chars = segment.chars();
            match chars.next() {
                Some(c) if segment.chars().any(char::is_lowercase) => c.to_lowercase().collect::<String>() + chars.as_str(),
                _ => segment.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(".")
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
        assert!(ApiError::empty("ClientId").message.contains("'clientId' failed to satisfy constraint: Member must have length"));
        assert_eq!(member_name("DeviceSecretVerifierConfig.Salt"), "deviceSecretVerifierConfig.salt");
        assert_eq!(member_name("AuthParameters.SRP_A"), "authParameters.SRP_A");
        assert_eq!(ApiError::serialization("Limit", "expected u32").code, "SerializationException");
    }
}
