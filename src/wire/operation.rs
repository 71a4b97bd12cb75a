//! Cognito operations and the exact request the reference sends for each: `POST` to the
//! endpoint with four headers and a JSON body.

/// Every Cognito Identity Provider operation the SDK calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    SignUp,
    ConfirmSignUp,
    ResendConfirmationCode,
    InitiateAuth,
    RespondToAuthChallenge,
    ConfirmDevice,
    ChangePassword,
    SetUserSettings,
    SetUserMFAPreference,
    DeleteUser,
    UpdateUserAttributes,
    GetUser,
    DeleteUserAttributes,
    ForgotPassword,
    ConfirmForgotPassword,
    GetUserAttributeVerificationCode,
    VerifyUserAttribute,
    GetDevice,
    ForgetDevice,
    UpdateDeviceStatus,
    ListDevices,
    GlobalSignOut,
    RevokeToken,
    AssociateSoftwareToken,
    VerifySoftwareToken,
}

impl Operation {
    /// The operation's name, as in `X-Amz-Target`.
    pub fn name(self) -> &'static str {
        match self {
            Operation::SignUp => "SignUp",
            Operation::ConfirmSignUp => "ConfirmSignUp",
            Operation::ResendConfirmationCode => "ResendConfirmationCode",
            Operation::InitiateAuth => "InitiateAuth",
            Operation::RespondToAuthChallenge => "RespondToAuthChallenge",
            Operation::ConfirmDevice => "ConfirmDevice",
            Operation::ChangePassword => "ChangePassword",
            Operation::SetUserSettings => "SetUserSettings",
            Operation::SetUserMFAPreference => "SetUserMFAPreference",
            Operation::DeleteUser => "DeleteUser",
            Operation::UpdateUserAttributes => "UpdateUserAttributes",
            Operation::GetUser => "GetUser",
            Operation::DeleteUserAttributes => "DeleteUserAttributes",
            Operation::ForgotPassword => "ForgotPassword",
            Operation::ConfirmForgotPassword => "ConfirmForgotPassword",
            Operation::GetUserAttributeVerificationCode => "GetUserAttributeVerificationCode",
            Operation::VerifyUserAttribute => "VerifyUserAttribute",
            Operation::GetDevice => "GetDevice",
            Operation::ForgetDevice => "ForgetDevice",
            Operation::UpdateDeviceStatus => "UpdateDeviceStatus",
            Operation::ListDevices => "ListDevices",
            Operation::GlobalSignOut => "GlobalSignOut",
            Operation::RevokeToken => "RevokeToken",
            Operation::AssociateSoftwareToken => "AssociateSoftwareToken",
            Operation::VerifySoftwareToken => "VerifySoftwareToken",
        }
    }

    /// `X-Amz-Target` value: `AWSCognitoIdentityProviderService.<Op>`.
    pub fn target(self) -> String {
        format!("AWSCognitoIdentityProviderService.{}", self.name())
    }
}

/// `Content-Type` of every request.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// One HTTP request, ready for a [`crate::wire::Transport`]. Always a `POST` (with
/// `mode: 'cors'` in browsers).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The endpoint URL.
    pub url: String,
    /// The operation (also present in the `X-Amz-Target` header).
    pub operation: Operation,
    /// Header names and values, in the reference's order.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body.
    pub body: String,
}

impl HttpRequest {
    /// The request for `operation` with the reference's four headers.
    pub fn new(url: &str, operation: Operation, body: String) -> Self {
        HttpRequest {
            url: url.to_string(),
            operation,
            headers: vec![
                ("Content-Type", CONTENT_TYPE.to_string()),
                ("X-Amz-Target", operation.target()),
                ("X-Amz-User-Agent", crate::user_agent::user_agent()),
                ("Cache-Control", "no-store".to_string()),
            ],
            body,
        }
    }

    /// A header's value by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl std::fmt::Debug for HttpRequest {
    /// The body may hold passwords and tokens: only its length is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("url", &self.url)
            .field("operation", &self.operation)
            .field("body_len", &self.body.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_headers_exactly() {
        let r = HttpRequest::new("https://x/", Operation::InitiateAuth, "{}".into());
        let names: Vec<_> = r.headers.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["Content-Type", "X-Amz-Target", "X-Amz-User-Agent", "Cache-Control"]);
        assert_eq!(r.header("x-amz-target"), Some("AWSCognitoIdentityProviderService.InitiateAuth"));
        assert_eq!(r.header("content-type"), Some("application/x-amz-json-1.1"));
        assert_eq!(r.header("cache-control"), Some("no-store"));
        assert!(r.header("X-Amz-User-Agent").unwrap().starts_with("aws-amplify/5.0.4"));
        assert_eq!(Operation::SetUserMFAPreference.target(), "AWSCognitoIdentityProviderService.SetUserMFAPreference");
    }
}
