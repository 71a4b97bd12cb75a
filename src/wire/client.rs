//! [`CognitoClient`]: serializes a request, sends it through the [`Transport`], maps the
//! response to a typed value or an [`SdkError`], and retries where the reference does.

use serde::Serialize;

use super::errors::{error_from_response, SdkError, SdkResult};
use super::request::HttpRequest;
use super::transport::HttpResponse;
use crate::json_read::{ReadError, Value};
use crate::protocol::{Operation, OperationName};
use super::transport::Transport;

/// Longest backoff before giving up, as the reference's `requestWithRetry` (5 s).
pub const MAX_RETRY_DELAY_MS: f64 = 5_000.0;

/// Error codes retrying cannot fix. The reference retries everything (six attempts,
/// ~6.5 s before a wrong refresh token is reported); this SDK fails at once on these.
pub const NON_RETRYABLE_CODES: &[&str] = &[
    "NotAuthorizedException",
    "UserNotFoundException",
    "UserNotConfirmedException",
    "PasswordResetRequiredException",
    "InvalidParameterException",
    "ResourceNotFoundException",
    "InvalidUserPoolConfigurationException",
    "UnsupportedOperationException",
    "UnsupportedTokenTypeException",
    "UnauthorizedException",
    "ForbiddenException",
    "AccessDeniedException",
    "InvalidLambdaResponseException",
    "UserLambdaValidationException",
    "UnexpectedLambdaException",
    "InvalidSmsRoleAccessPolicyException",
    "InvalidSmsRoleTrustRelationshipException",
    super::errors::codes::INVALID_RESPONSE,
    // The same endpoint will redirect again, or send the same oversized answer.
    super::errors::codes::REDIRECT_ERROR,
    super::errors::codes::RESPONSE_TOO_LARGE,
];

/// True when a failed request may succeed if sent again: network failures, throttling,
/// server errors and unknown service errors; never local errors, client errors in
/// [`NON_RETRYABLE_CODES`], or non-429 4xx answers identified only by their status.
pub fn is_retryable(error: &SdkError) -> bool {
    let Some(code) = error.code.as_deref() else { return false };
    if NON_RETRYABLE_CODES.contains(&code) {
        return false;
    }
    !matches!(error.status_code, Some(s) if (400..500).contains(&s) && s != 429)
}

/// Error codes that mean "slow down": the service throttled the caller.
pub const THROTTLING_CODES: &[&str] = &["TooManyRequestsException", "ThrottlingException"];

/// Most attempts of an idempotent read ([`CognitoClient::request_read`]): the first and
/// up to three retries (backoffs of about 0.2, 0.4 and 0.8 s).
pub const READ_MAX_ATTEMPTS: u32 = 4;

/// The retry rule of idempotent reads (`GetUser`): only answers in which the service
/// itself asked to come back later: throttling ([`THROTTLING_CODES`], HTTP 429) and
/// server errors (`InternalErrorException`, `ServiceUnavailableException`, any 5xx).
/// Not network errors or timeouts: a read the caller can simply repeat should report
/// "offline" at once rather than after several round trips (and a hung read would
/// otherwise cost several `requestTimeoutMs`).
pub fn is_retryable_read(error: &SdkError) -> bool {
    let Some(code) = error.code.as_deref() else { return false };
    THROTTLING_CODES.contains(&code)
        || matches!(code, "InternalErrorException" | "ServiceUnavailableException")
        || matches!(error.status_code, Some(s) if s == 429 || (500..600).contains(&s))
}

/// The reference's jittered backoff: `2^attempt * 100 + jitter * 100` ms (`jitter` in
/// `[0, 1)`), or `None` once that exceeds [`MAX_RETRY_DELAY_MS`].
pub fn backoff_delay_ms(attempt: u32, jitter: f64) -> Option<f64> {
    let delay = 2f64.powi(attempt as i32) * 100.0 + 100.0 * jitter;
    (delay <= MAX_RETRY_DELAY_MS).then_some(delay)
}

/// A random fraction in `[0, 1)` for [`backoff_delay_ms`].
pub fn random_jitter() -> f64 {
    match crate::random::random_bytes(2) {
        Ok(b) => f64::from(u16::from_be_bytes([b[0], b[1]])) / 65_536.0,
        Err(_) => 0.5,
    }
}

/// Parses a success body into one [`Value`]: an empty body reads as `{}` (the reference's
/// `resp.json().catch(() => ({}))`), and so does JSON that is not an object (`[..]`, `"x"`,
/// `null`: JavaScript reads no property from it). A body that is not JSON is an error.
pub fn parse_success_value(operation: Operation, body: &str) -> SdkResult<Value> {
    if body.trim().is_empty() {
        return Ok(Value::Object(Vec::new()));
    }
    match crate::json_read::parse(body) {
        Ok(value @ Value::Object(_)) => Ok(value),
        Ok(_) => Ok(Value::Object(Vec::new())),
        Err(_) => Err(invalid_success_body(operation)),
    }
}

/// A success body of `operation` read by its type's one reader (`from_value`) from
/// [`parse_success_value`]; a field of the wrong type is the same `invalid_response` as a
/// body that is not JSON.
pub fn read_success_body<R>(operation: Operation, body: &str, from_value: fn(&Value) -> Result<R, ReadError>) -> SdkResult<R> {
    from_value(&parse_success_value(operation, body)?).map_err(|_| invalid_success_body(operation))
}

fn invalid_success_body(operation: Operation) -> SdkError {
    SdkError::invalid_response(format!("Invalid {} response from Cognito: invalid JSON", operation.name()))
}

/// Talks to one Cognito endpoint through a transport.
pub struct CognitoClient<T> {
    endpoint: String,
    transport: T,
    request_timeout_ms: Option<u32>,
}

impl<T> std::fmt::Debug for CognitoClient<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CognitoClient").field("endpoint", &self.endpoint).finish_non_exhaustive()
    }
}

impl<T: Transport> CognitoClient<T> {
    /// A client POSTing to `endpoint`.
    pub fn new(endpoint: impl Into<String>, transport: T) -> Self {
        CognitoClient { endpoint: endpoint.into(), transport, request_timeout_ms: None }
    }

    /// Sets how long each request may take (`None`: no limit, the default of a bare
    /// client; pools set their `requestTimeoutMs`). A request that times out fails with
    /// `TimeoutError` ([`SdkError::timeout`]); retried requests get the limit per attempt.
    pub fn set_request_timeout_ms(&mut self, timeout_ms: Option<u32>) {
        self.request_timeout_ms = timeout_ms.filter(|ms| *ms > 0);
    }

    /// The per-request timeout.
    pub fn request_timeout_ms(&self) -> Option<u32> {
        self.request_timeout_ms
    }

    /// The endpoint URL.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The transport (for its clock).
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// One request, no retry (the reference's `client.request`), its success body read by
    /// `read` (the answer type's `from_value`, [`read_success_body`]).
    pub async fn request<Q: Serialize + ?Sized, R>(&self, operation: Operation, request: &Q, read: fn(&Value) -> Result<R, ReadError>) -> SdkResult<R> {
        let body = serialize(operation, request)?;
        let text = self.send_once(&OperationName::Known(operation), body).await?;
        read_success_body(operation, &text, read)
    }

    /// The request with the reference's jittered exponential retry (used for
    /// `REFRESH_TOKEN_AUTH` and `RevokeToken`), skipping errors retrying cannot fix.
    pub async fn request_with_retry<Q: Serialize + ?Sized, R>(&self, operation: Operation, request: &Q, read: fn(&Value) -> Result<R, ReadError>) -> SdkResult<R> {
        let body = serialize(operation, request)?;
        let text = self.send_with_retry(&OperationName::Known(operation), body).await?;
        read_success_body(operation, &text, read)
    }

    /// An idempotent read (`GetUser`), retried with the reference's backoff when
    /// [`is_retryable_read`] (throttling, server errors), at most [`READ_MAX_ATTEMPTS`]
    /// attempts. The success body as text (`"{}"` when empty or not JSON). Never use it
    /// for writes or sign-in steps.
    pub async fn request_read<Q: Serialize + ?Sized>(&self, operation: Operation, request: &Q) -> SdkResult<String> {
        let body = serialize(operation, request)?;
        let name = OperationName::Known(operation);
        let mut attempt = 1;
        loop {
            let error = match self.send_once(&name, body.clone()).await {
                Ok(text) => return Ok(json_text_or_empty_object(text)),
                Err(error) => error,
            };
            if attempt >= READ_MAX_ATTEMPTS || !is_retryable_read(&error) {
                return Err(error);
            }
            let Some(delay) = backoff_delay_ms(attempt, random_jitter()) else { return Err(error) };
            self.transport.sleep(delay as u32).await;
            attempt += 1;
        }
    }

    /// A typed request whose success body is kept as text (`"{}"` when empty or not
    /// JSON), for results handed to callers as raw JSON.
    pub async fn request_raw<Q: Serialize + ?Sized>(&self, operation: Operation, request: &Q) -> SdkResult<String> {
        let body = serialize(operation, request)?;
        let text = self.send_once(&OperationName::Known(operation), body).await?;
        Ok(json_text_or_empty_object(text))
    }

    /// A typed request whose success body is kept as it came (`"{}"` when empty or JSON that
    /// is not an object), after the checks of a typed request: a body that is not JSON at
    /// all is the same `InvalidResponseError` as [`CognitoClient::request`]'s. For answers
    /// handed on to be read later (a sign-in's answer, continued from by the caller).
    pub async fn request_answer<Q: Serialize + ?Sized>(&self, operation: Operation, request: &Q) -> SdkResult<String> {
        let body = serialize(operation, request)?;
        let text = self.send_once(&OperationName::Known(operation), body).await?;
        parse_success_value(operation, &text)?;
        Ok(json_text_or_empty_object(text))
    }

    /// One request for any operation name (`pool.client.request(name, params, cb)`), the
    /// body already JSON text. Returns the success body as text: `"{}"` when it is empty
    /// or not JSON (the reference's `resp.json().catch(() => ({}))`). Errors are mapped as
    /// for the typed requests.
    pub async fn request_text(&self, operation_name: &str, body: String) -> SdkResult<String> {
        let text = self.send_once(&OperationName::from_name(operation_name), body).await?;
        Ok(json_text_or_empty_object(text))
    }

    /// One request of `operation` whose body is already JSON text; the success body as
    /// it came (for [`read_success_body`]).
    pub async fn request_body(&self, operation: Operation, body: String) -> SdkResult<String> {
        self.send_once(&OperationName::Known(operation), body).await
    }

    /// [`CognitoClient::request_body`] with the retry of [`CognitoClient::request_with_retry`].
    pub async fn request_body_with_retry(&self, operation: Operation, body: String) -> SdkResult<String> {
        self.send_with_retry(&OperationName::Known(operation), body).await
    }

    /// [`CognitoClient::request_text`] with the retry of [`CognitoClient::request_with_retry`].
    pub async fn request_text_with_retry(&self, operation_name: &str, body: String) -> SdkResult<String> {
        let text = self.send_with_retry(&OperationName::from_name(operation_name), body).await?;
        Ok(json_text_or_empty_object(text))
    }

    async fn send_with_retry(&self, operation: &OperationName, body: String) -> SdkResult<String> {
        let mut attempt = 1;
        loop {
            let error = match self.send_once(operation, body.clone()).await {
                Ok(text) => return Ok(text),
                Err(error) => error,
            };
            if !is_retryable(&error) {
                return Err(error);
            }
            let Some(delay) = backoff_delay_ms(attempt, random_jitter()) else { return Err(error) };
            self.transport.sleep(delay as u32).await;
            attempt += 1;
        }
    }

    /// Sends once; the success body text, or the mapped error.
    async fn send_once(&self, operation: &OperationName, body: String) -> SdkResult<String> {
        let mut request = HttpRequest::for_operation(&self.endpoint, operation.clone(), body);
        request.timeout_ms = self.request_timeout_ms;
        let response = self.transport.send(request).await.map_err(|e| SdkError::from_transport(&e, self.request_timeout_ms))?;
        read_response(response)
    }
}

/// An HTTP answer read: the success body, or the error a non-2xx answer maps to.
pub fn read_response(response: HttpResponse) -> SdkResult<String> {
    if !response.is_ok() {
        return Err(error_from_response(response.status, &response.body, response.error_type.as_deref()));
    }
    Ok(response.body)
}

/// The body when it is JSON, else `"{}"`.
pub fn json_text_or_empty_object(text: String) -> String {
    if !text.trim().is_empty() && crate::json_read::parse(&text).is_ok() {
        text
    } else {
        "{}".to_string()
    }
}

/// A request as JSON text.
pub fn serialize<Q: Serialize + ?Sized>(operation: Operation, request: &Q) -> SdkResult<String> {
    crate::json::to_string(request).map_err(|e| SdkError::local(format!("Cannot encode the {} request: {}", operation.name(), e.message)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_matches_the_reference_schedule() {
        let delays: Vec<_> = (1..10).map_while(|a| backoff_delay_ms(a, 0.0)).collect();
        assert_eq!(delays, [200.0, 400.0, 800.0, 1600.0, 3200.0]);
        assert_eq!(backoff_delay_ms(5, 0.99), Some(3299.0));
        assert_eq!(backoff_delay_ms(6, 0.0), None);
    }

    #[test]
    fn retry_policy() {
        assert!(!is_retryable(&SdkError::service("NotAuthorizedException", "x", None)));
        assert!(!is_retryable(&SdkError::local("x")));
        assert!(is_retryable(&SdkError::network()));
        assert!(is_retryable(&SdkError::service("InternalErrorException", "500", Some(500))));
        assert!(is_retryable(&SdkError::service("TooManyRequestsException", "slow down", None)));
        assert!(is_retryable(&SdkError::service("UnknownError", "x", Some(429))));
        assert!(!is_retryable(&SdkError::service("UnknownError", "x", Some(403))));
        assert!(is_retryable(&SdkError::timeout(30_000)));
        // A redirect or an oversized answer comes back the same on every attempt.
        assert!(!is_retryable(&SdkError::redirect(Some(307))));
        assert!(!is_retryable(&SdkError::redirect(None)));
        assert!(!is_retryable(&SdkError::response_too_large()));
        assert!(!is_retryable_read(&SdkError::redirect(Some(308))));
        // Reads: only what the service asked to retry.
        assert!(is_retryable_read(&SdkError::service("ThrottlingException", "Rate exceeded", None)));
        assert!(is_retryable_read(&SdkError::service("UnknownError", "x", Some(502))));
        assert!(is_retryable_read(&SdkError::service("ServiceUnavailableException", "x", None)));
        assert!(!is_retryable_read(&SdkError::network()));
        assert!(!is_retryable_read(&SdkError::timeout(1)));
        assert!(!is_retryable_read(&SdkError::service("NotAuthorizedException", "x", None)));
        assert!(!is_retryable_read(&SdkError::local("x")));
    }

    #[test]
    fn text_bodies() {
        assert_eq!(json_text_or_empty_object(String::new()), "{}");
        assert_eq!(json_text_or_empty_object(" \n".into()), "{}");
        assert_eq!(json_text_or_empty_object("<html>".into()), "{}");
        assert_eq!(json_text_or_empty_object(r#"{"a":1}"#.into()), r#"{"a":1}"#);
    }

    #[test]
    fn success_bodies() {
        fn read(value: &Value) -> Result<Option<String>, ReadError> {
            value.opt_string("Session")
        }
        let session = |body: &str| read_success_body(Operation::InitiateAuth, body, read);
        assert_eq!(session("").unwrap(), None);
        assert_eq!(session(r#"{"Session":"s"}"#).unwrap().as_deref(), Some("s"));
        let e = session("{\"Session\":\"s").err().unwrap();
        assert_eq!(e.code.as_deref(), Some("InvalidResponseError"));
        assert_eq!(e.message, "Invalid InitiateAuth response from Cognito: invalid JSON");
        assert!(session("<html>").is_err());
        assert_eq!(session(r#"{"Session":1}"#).err().unwrap().message, e.message);
        // Found by tests/prop_wire.rs: an array filled the struct by position.
        for body in [r#"["s"]"#, "null", "\"s\"", "5"] {
            assert_eq!(session(body).unwrap(), None, "{body}");
        }
    }
}
