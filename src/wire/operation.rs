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
        target_for(self.name())
    }

    /// Every operation of the enum.
    pub const ALL: [Operation; 25] = [
        Operation::SignUp,
        Operation::ConfirmSignUp,
        Operation::ResendConfirmationCode,
        Operation::InitiateAuth,
        Operation::RespondToAuthChallenge,
        Operation::ConfirmDevice,
        Operation::ChangePassword,
        Operation::SetUserSettings,
        Operation::SetUserMFAPreference,
        Operation::DeleteUser,
        Operation::UpdateUserAttributes,
        Operation::GetUser,
        Operation::DeleteUserAttributes,
        Operation::ForgotPassword,
        Operation::ConfirmForgotPassword,
        Operation::GetUserAttributeVerificationCode,
        Operation::VerifyUserAttribute,
        Operation::GetDevice,
        Operation::ForgetDevice,
        Operation::UpdateDeviceStatus,
        Operation::ListDevices,
        Operation::GlobalSignOut,
        Operation::RevokeToken,
        Operation::AssociateSoftwareToken,
        Operation::VerifySoftwareToken,
    ];

    /// The operation whose [`Operation::name`] is `name` (exact spelling), if the enum has it.
    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.name() == name)
    }
}

/// `AWSCognitoIdentityProviderService.<name>`.
fn target_for(name: &str) -> String {
    format!("AWSCognitoIdentityProviderService.{name}")
}

/// The operation a request is for: one of the [`Operation`]s the SDK calls itself, or any
/// other name a caller passed to `pool.client.request(name, ...)` (`GetTokensFromRefreshToken`,
/// ...). Sent as is in `X-Amz-Target`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OperationName {
    /// An operation of the enum.
    Known(Operation),
    /// Any other operation name.
    Other(String),
}

impl OperationName {
    /// The name, as in `X-Amz-Target`.
    pub fn name(&self) -> &str {
        match self {
            OperationName::Known(op) => op.name(),
            OperationName::Other(name) => name,
        }
    }

    /// `name` as a known [`Operation`] when the enum has it, else [`OperationName::Other`].
    pub fn from_name(name: &str) -> Self {
        Operation::from_name(name).map_or_else(|| OperationName::Other(name.to_string()), OperationName::Known)
    }

    /// The known operation, if any.
    pub fn known(&self) -> Option<Operation> {
        match self {
            OperationName::Known(op) => Some(*op),
            OperationName::Other(_) => None,
        }
    }
}

impl From<Operation> for OperationName {
    fn from(op: Operation) -> Self {
        OperationName::Known(op)
    }
}

impl PartialEq<Operation> for OperationName {
    fn eq(&self, other: &Operation) -> bool {
        self.known() == Some(*other)
    }
}

impl std::fmt::Display for OperationName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
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
    /// The operation (also present in the `X-Amz-Target` header); `.name()` gives its
    /// name whether or not the [`Operation`] enum has it.
    pub operation: OperationName,
    /// Header names and values, in the reference's order.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body.
    pub body: String,
    /// How long the transport may wait for the complete response, in milliseconds
    /// (`None`: no limit). Set by [`crate::wire::CognitoClient`] from the pool's
    /// `requestTimeoutMs`; see [`crate::wire::Transport::send`].
    pub timeout_ms: Option<u32>,
}

impl HttpRequest {
    /// The request for `operation` with the reference's four headers.
    pub fn new(url: &str, operation: Operation, body: String) -> Self {
        Self::for_operation(url, OperationName::Known(operation), body)
    }

    /// The request for an operation given by name (any name: the ones the enum lacks too),
    /// with the same four headers. A name the enum has becomes [`OperationName::Known`].
    pub fn for_target(url: &str, operation_name: &str, body: String) -> Self {
        Self::for_operation(url, OperationName::from_name(operation_name), body)
    }

    /// The request for `operation` with the reference's four headers.
    pub fn for_operation(url: &str, operation: OperationName, body: String) -> Self {
        let target = target_for(operation.name());
        HttpRequest {
            url: url.to_string(),
            operation,
            headers: vec![
                ("Content-Type", CONTENT_TYPE.to_string()),
                ("X-Amz-Target", target),
                ("X-Amz-User-Agent", crate::user_agent::user_agent()),
                ("Cache-Control", "no-store".to_string()),
            ],
            body,
            timeout_ms: None,
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
            .field("timeout_ms", &self.timeout_ms)
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

    #[test]
    fn any_operation_name() {
        let r = HttpRequest::for_target("https://x/", "GetTokensFromRefreshToken", "{}".into());
        assert_eq!(r.operation, OperationName::Other("GetTokensFromRefreshToken".into()));
        assert_eq!(r.operation.name(), "GetTokensFromRefreshToken");
        assert_eq!(r.header("X-Amz-Target"), Some("AWSCognitoIdentityProviderService.GetTokensFromRefreshToken"));
        assert_eq!(r.headers.len(), 4);
        let known = HttpRequest::for_target("https://x/", "RevokeToken", "{}".into());
        assert_eq!(known.operation, Operation::RevokeToken);
        assert_eq!(known, HttpRequest::new("https://x/", Operation::RevokeToken, "{}".into()));
        for op in Operation::ALL {
            assert_eq!(Operation::from_name(op.name()), Some(op));
        }
        assert_eq!(Operation::from_name("revoketoken"), None);
    }
}
