//! [`IdentityClient`]: the identity-pool service's calls over a [`Transport`], with the
//! same request headers, error mapping and timeout as the user-pool client
//! ([`crate::wire::CognitoClient`]). One attempt per call: the credentials provider keeps
//! its last good credentials when a refresh fails.

use serde::Serialize;

use crate::json_read::{ReadError, Value};
use crate::protocol::identity::IdentityOperation;
use crate::protocol::OperationName;
use crate::wire::errors::{error_from_response, SdkError, SdkResult};
use crate::wire::{HttpRequest, HttpResponse, Transport};

/// The identity service's endpoint in `region`.
pub fn default_endpoint(region: &str) -> String {
    format!("https://cognito-identity.{region}.amazonaws.com/")
}

/// Talks to one identity-pool endpoint through a transport.
pub struct IdentityClient<T> {
    endpoint: String,
    transport: T,
    request_timeout_ms: Option<u32>,
}

impl<T> std::fmt::Debug for IdentityClient<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentityClient").field("endpoint", &self.endpoint).finish_non_exhaustive()
    }
}

impl<T: Transport> IdentityClient<T> {
    /// A client POSTing to `endpoint`; each request may take `request_timeout_ms` (`None`:
    /// no limit).
    pub fn new(endpoint: impl Into<String>, transport: T, request_timeout_ms: Option<u32>) -> Self {
        IdentityClient { endpoint: endpoint.into(), transport, request_timeout_ms: request_timeout_ms.filter(|ms| *ms > 0) }
    }

    /// The endpoint URL.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The transport (for its clock).
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Sends any request through the transport with this client's timeout; the response
    /// whatever its status, or the SDK error of a request that got none.
    pub async fn send(&self, mut request: HttpRequest) -> SdkResult<HttpResponse> {
        request.timeout_ms = self.request_timeout_ms;
        self.transport.send(request).await.map_err(|e| SdkError::from_transport(&e, self.request_timeout_ms))
    }

    /// Sends `operation` once and reads its answer with `read` (the answer type's
    /// `from_value`): an empty body, or one that does not start with `{`, reads as `{}`.
    pub async fn request<Q: Serialize + ?Sized, R>(&self, operation: IdentityOperation, request: &Q, read: fn(&Value) -> Result<R, ReadError>) -> SdkResult<R> {
        let body = crate::json::to_string(request).map_err(|e| SdkError::local(format!("Cannot encode the {} request: {}", operation.name(), e.message)))?;
        let http = HttpRequest::with_target(&self.endpoint, OperationName::Other(operation.name().to_string()), operation.target(), body);
        let response = self.send(http).await?;
        if !response.is_ok() {
            return Err(error_from_response(response.status, &response.body, response.error_type.as_deref()));
        }
        let value = if response.body.trim().is_empty() || !crate::json::looks_like_object(&response.body) {
            Ok(Value::Object(Vec::new()))
        } else {
            crate::json_read::parse(&response.body)
        };
        value
            .and_then(|value| read(&value))
            .map_err(|_| SdkError::invalid_response(format!("Invalid {} response from Cognito Identity: invalid JSON", operation.name())))
    }
}
