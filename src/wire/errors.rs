//! The SDK's one error type, [`SdkError`], and how Cognito's HTTP error responses map
//! onto it (the reference's `Client.request` rules, minus its crashes).

/// Codes this crate gives errors the service did not name.
pub mod codes {
    /// `fetch` itself failed (the reference's `Error('Network error')`).
    pub const NETWORK_ERROR: &str = "NetworkError";
    /// An HTTP error whose body is not a Cognito error document and which has no
    /// `x-amzn-errortype` header (an HTML 500 page, a truncated body).
    pub const UNKNOWN_ERROR: &str = "UnknownError";
    /// A success response that is not the JSON the operation promises (unparseable
    /// text, or required fields such as the tokens missing).
    pub const INVALID_RESPONSE: &str = "InvalidResponseError";
    /// Local storage refused a write (quota exceeded, storage disabled, ...).
    pub const STORAGE_ERROR: &str = "StorageError";
    /// No complete response within the pool's `requestTimeoutMs` (the request was
    /// aborted). Retryable, like `NetworkError`; see [`super::SdkError::timeout`].
    pub const TIMEOUT_ERROR: &str = "TimeoutError";
    /// The endpoint answered with a redirect, which is never followed (it would re-send
    /// the request body, passwords included, to another address).
    pub const REDIRECT_ERROR: &str = "RedirectError";
    /// The response body passed [`crate::wire::MAX_RESPONSE_BYTES`]; it was not read further.
    pub const RESPONSE_TOO_LARGE: &str = "ResponseTooLargeError";
}

/// Messages of the reference's local errors (plain `Error(message)` objects).
pub mod messages {
    /// A signed-in-only method called without a valid session.
    pub const USER_NOT_AUTHENTICATED: &str = "User is not authenticated";
    /// `CognitoUserPool` without an id or a client id.
    pub const POOL_IDS_REQUIRED: &str = "Both UserPoolId and ClientId are required.";
    /// A malformed `UserPoolId`.
    pub const INVALID_POOL_ID: &str = "Invalid UserPoolId format.";
    /// `CognitoUser` without a username or a pool.
    pub const USER_AND_POOL_REQUIRED: &str = "Username and Pool information are required.";
    /// `CognitoUserSession` without its id or access token.
    pub const SESSION_TOKENS_REQUIRED: &str = "Id token and Access Token must be present.";
    /// `authenticateUser` with a flow other than the three it knows.
    pub const INVALID_FLOW: &str = "Authentication flow type is invalid.";
    /// `completeNewPasswordChallenge` with an empty password.
    pub const NEW_PASSWORD_REQUIRED: &str = "New password is required.";
    /// `USER_PASSWORD_AUTH` without a password.
    pub const PASSWORD_REQUIRED: &str = "PASSWORD parameter is required";
    /// `getSession` on a user whose username is null.
    pub const USERNAME_NULL: &str = "Username is null. Cannot retrieve a new session";
    /// `getSession` when storage holds no id token.
    pub const MISSING_ID_TOKEN: &str = "Local storage is missing an ID Token, Please authenticate";
    /// `getSession` when the stored session expired and no refresh token is stored.
    pub const CANNOT_REFRESH: &str = "Cannot retrieve a new session. Please authenticate.";
    /// `revokeTokens` without an access token.
    pub const NO_ACCESS_TOKEN: &str = "No Access token available";
}

/// An error as the binding hands it to JavaScript: an `Error` whose `message` is
/// [`SdkError::message`], whose `name` is [`SdkError::name`], with `code` set when
/// [`SdkError::code`] is `Some` and `statusCode` when [`SdkError::status_code`] is.
///
/// Messages never carry passwords, tokens or SRP values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkError {
    /// The error code (`NotAuthorizedException`, `NetworkError`, ...); `None` for the
    /// reference's plain local errors (`new Error(message)`, no `code`).
    pub code: Option<String>,
    /// The JavaScript `name`: the code for service errors, `"Error"` otherwise.
    pub name: String,
    /// The human-readable message.
    pub message: String,
    /// The HTTP status, when the error comes from an HTTP response without a Cognito
    /// error document.
    pub status_code: Option<u16>,
}

impl SdkError {
    /// A plain local error, like the reference's `new Error(message)`.
    pub fn local(message: impl Into<String>) -> Self {
        SdkError { code: None, name: "Error".to_string(), message: message.into(), status_code: None }
    }

    /// A service error: `name = code = code`.
    pub fn service(code: impl Into<String>, message: impl Into<String>, status_code: Option<u16>) -> Self {
        let code = code.into();
        SdkError { name: code.clone(), code: Some(code), message: message.into(), status_code }
    }

    /// The network failure error: `Error('Network error')` with `code = 'NetworkError'`.
    pub fn network() -> Self {
        SdkError {
            code: Some(codes::NETWORK_ERROR.to_string()),
            name: "Error".to_string(),
            message: "Network error".to_string(),
            status_code: None,
        }
    }

    /// A request that got no complete response within `timeout_ms` (the pool's
    /// `requestTimeoutMs`): `code = name = 'TimeoutError'`, message `Request timed out
    /// after <ms> ms`, no `statusCode`. The reference has no timeout (a hung request never
    /// calls back); this is a distinct code rather than `NetworkError` so that callers can
    /// tell "no answer in time" from "no connection". The refresh and read retry policies
    /// retry it like a `NetworkError`.
    pub fn timeout(timeout_ms: u32) -> Self {
        Self::service(codes::TIMEOUT_ERROR, format!("Request timed out after {timeout_ms} ms"), None)
    }

    /// The endpoint answered with a redirect (`status` when the platform shows it; browsers
    /// hide it), which was not followed: `code = name = 'RedirectError'`, `statusCode` =
    /// the status. The reference follows redirects (fetch's default), re-sending the body
    /// to the new address; this SDK refuses, since the body holds passwords and tokens.
    pub fn redirect(status: Option<u16>) -> Self {
        let shown = status.map(|s| format!(" (HTTP {s})")).unwrap_or_default();
        Self::service(
            codes::REDIRECT_ERROR,
            format!("The endpoint answered with a redirect{shown}; redirects are not followed, so the request was not sent on"),
            status,
        )
    }

    /// The response body passed [`crate::wire::MAX_RESPONSE_BYTES`]:
    /// `code = name = 'ResponseTooLargeError'`.
    pub fn response_too_large() -> Self {
        Self::service(
            codes::RESPONSE_TOO_LARGE,
            format!("The response is larger than {} bytes, which no Cognito answer is; it was not read", crate::wire::MAX_RESPONSE_BYTES),
            None,
        )
    }

    /// The SDK error for a request that got no usable response: `NetworkError`,
    /// `TimeoutError` (its milliseconds, else `fallback_timeout_ms`), `RedirectError` or
    /// `ResponseTooLargeError`.
    pub fn from_transport(error: &crate::wire::TransportError, fallback_timeout_ms: Option<u32>) -> Self {
        use crate::wire::TransportFailure;
        match error.failure() {
            TransportFailure::Network => Self::network(),
            TransportFailure::TimedOut(ms) => Self::timeout(ms.or(fallback_timeout_ms).unwrap_or(0)),
            TransportFailure::Redirected(status) => Self::redirect(status),
            TransportFailure::TooLarge => Self::response_too_large(),
        }
    }

    /// A success response that does not hold what the operation needs.
    pub fn invalid_response(detail: impl Into<String>) -> Self {
        Self::service(codes::INVALID_RESPONSE, detail, None)
    }

    /// Local storage refused a write.
    pub fn storage(detail: impl Into<String>) -> Self {
        Self::service(codes::STORAGE_ERROR, detail, None)
    }

    /// The code, or `""` for plain local errors.
    pub fn code_str(&self) -> &str {
        self.code.as_deref().unwrap_or("")
    }

    /// True when this error has the given code.
    pub fn is(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }
}

impl std::fmt::Display for SdkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.name, self.message)
    }
}

impl std::error::Error for SdkError {}

impl From<crate::Error> for SdkError {
    fn from(e: crate::Error) -> Self {
        SdkError::service(e.code(), e.to_string(), None)
    }
}

/// Result alias for SDK operations.
pub type SdkResult<T> = std::result::Result<T, SdkError>;

/// The fields of a Cognito JSON error document the reference reads, read from an object by
/// [`crate::json_read::parse`] (no serde visitor in the session module). A field that is
/// there but neither a string nor `null` makes the whole document unread, as a typed read
/// would.
#[derive(Default)]
struct ErrorDocument {
    type_: Option<String>,
    code: Option<String>,
    message: Option<String>,
    message_upper: Option<String>,
}

impl ErrorDocument {
    fn read(body: &str) -> Self {
        let read = || -> Result<Self, crate::json_read::ReadError> {
            let v = crate::json_read::parse(body)?;
            Ok(ErrorDocument {
                type_: v.opt_string("__type")?,
                code: v.opt_string("code")?,
                message: v.opt_string("message")?,
                message_upper: v.opt_string("Message")?,
            })
        };
        read().unwrap_or_default()
    }
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

/// Maps a non-2xx HTTP response to an [`SdkError`]:
/// - a JSON body with `__type` or `code`: code = the text after the last `#`, message =
///   `message` or `Message` (name = code, no status), as the reference;
/// - otherwise the `x-amzn-errortype` header (text before the first `:`), message = the
///   status as text, status set, as the reference;
/// - otherwise (HTML error page, empty or truncated body) `UnknownError` with the status
///   (the reference crashes with a `TypeError` here).
pub fn error_from_response(status: u16, body: &str, error_type_header: Option<&str>) -> SdkError {
    // Only an object has these properties (an array would fill the struct by position).
    let document = if crate::json::looks_like_object(body) { ErrorDocument::read(body) } else { ErrorDocument::default() };
    if let Some(raw) = non_empty(document.type_).or_else(|| non_empty(document.code)) {
        let code = raw.rsplit('#').next().unwrap_or(&raw).to_string();
        let message = non_empty(document.message).or_else(|| non_empty(document.message_upper)).unwrap_or_else(|| "null".to_string());
        return SdkError::service(code, message, None);
    }
    if let Some(header) = error_type_header.filter(|h| !h.is_empty()) {
        let code = header.split(':').next().unwrap_or(header);
        return SdkError::service(code, status.to_string(), Some(status));
    }
    SdkError::service(codes::UNKNOWN_ERROR, format!("Unknown error (HTTP status {status})"), Some(status))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{TransportError, TransportFailure, MAX_RESPONSE_BYTES};

    #[test]
    fn transport_failures_become_typed_errors() {
        let cases = [
            (TransportError::new("TypeError: Failed to fetch"), TransportFailure::Network, "NetworkError", None),
            (TransportError::timed_out(1500), TransportFailure::TimedOut(Some(1500)), "TimeoutError", None),
            (TransportError::redirected(Some(307)), TransportFailure::Redirected(Some(307)), "RedirectError", Some(307)),
            (TransportError::redirected(None), TransportFailure::Redirected(None), "RedirectError", None),
            (TransportError::too_large(), TransportFailure::TooLarge, "ResponseTooLargeError", None),
        ];
        for (error, failure, code, status) in cases {
            assert_eq!(error.failure(), failure, "{error:?}");
            let sdk = SdkError::from_transport(&error, Some(30_000));
            assert_eq!((sdk.code.as_deref(), sdk.status_code), (Some(code), status), "{error:?}");
        }
        assert_eq!(SdkError::from_transport(&TransportError::timed_out(1500), Some(30_000)).message, "Request timed out after 1500 ms");
        let redirect = SdkError::redirect(Some(308));
        assert_eq!(redirect.name, "RedirectError");
        assert!(redirect.message.contains("HTTP 308"), "{}", redirect.message);
        assert!(SdkError::response_too_large().message.contains(&MAX_RESPONSE_BYTES.to_string()));
    }

    #[test]
    fn body_type_wins_and_keeps_the_last_segment() {
        let e = error_from_response(400, r#"{"__type":"com.amazon#NotAuthorizedException","message":"Incorrect username or password."}"#, Some("Other:x"));
        assert_eq!(e, SdkError::service("NotAuthorizedException", "Incorrect username or password.", None));
        assert_eq!(e.name, "NotAuthorizedException");
        let e = error_from_response(400, r#"{"code":"UserNotFoundException","Message":"User does not exist."}"#, None);
        assert_eq!(e.code.as_deref(), Some("UserNotFoundException"));
        assert_eq!(e.message, "User does not exist.");
        assert_eq!(e.status_code, None);
    }

    #[test]
    fn header_fallback_sets_status() {
        let e = error_from_response(500, "{}", Some("InternalErrorException:http://internal.amazon.com/"));
        assert_eq!(e, SdkError::service("InternalErrorException", "500", Some(500)));
    }

    #[test]
    fn junk_bodies_become_unknown_errors() {
        // `["X#Y"]` was read as `{"__type": "X#Y"}` (found by tests/prop_wire.rs).
        for body in ["<html><body>Bad gateway</body></html>", "", "{\"__type\":\"Not", "[1]", "{\"__type\":5}", "[\"X#Y\",\"m\"]"] {
            let e = error_from_response(502, body, None);
            assert_eq!(e.code.as_deref(), Some(codes::UNKNOWN_ERROR), "{body}");
            assert_eq!(e.status_code, Some(502));
        }
    }

    #[test]
    fn local_and_network_shapes() {
        let e = SdkError::local(messages::INVALID_FLOW);
        assert_eq!((e.code, e.name.as_str(), e.message.as_str()), (None, "Error", "Authentication flow type is invalid."));
        let n = SdkError::network();
        assert_eq!((n.code.as_deref(), n.name.as_str(), n.message.as_str()), (Some("NetworkError"), "Error", "Network error"));
        let s: SdkError = crate::Error::IllegalB.into();
        assert_eq!(s.message, "B cannot be zero.");
    }
}
