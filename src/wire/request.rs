//! The exact HTTP request the reference sends for an operation: `POST` to the endpoint
//! with four headers and a JSON body.

use crate::protocol::operation::{target_for, Operation, OperationName};

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
        Self::with_target(url, operation, target, body)
    }

    /// A request to another service on the same JSON protocol (identity pools:
    /// `AWSCognitoIdentityService.GetId`), with the same four headers: `target` is the whole
    /// `X-Amz-Target`, `operation` its operation name ([`OperationName::Other`] for names the
    /// user-pool enum does not have).
    pub fn with_target(url: &str, operation: OperationName, target: String, body: String) -> Self {
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
    }

    #[test]
    fn any_operation_name() {
        let r = HttpRequest::for_target("https://x/", "GetUserAuthFactors", "{}".into());
        assert_eq!(r.operation, OperationName::Other("GetUserAuthFactors".into()));
        assert_eq!(r.header("X-Amz-Target"), Some("AWSCognitoIdentityProviderService.GetUserAuthFactors"));
        assert_eq!(r.headers.len(), 4);
        let known = HttpRequest::for_target("https://x/", "RevokeToken", "{}".into());
        assert_eq!(known.operation, Operation::RevokeToken);
        assert_eq!(known, HttpRequest::new("https://x/", Operation::RevokeToken, "{}".into()));
    }
}
