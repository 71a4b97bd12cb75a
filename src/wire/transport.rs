//! The one thing the core needs from its platform: sending an HTTP request (and waiting,
//! and telling the time). `fetch` in wasm, a scripted mock or a TCP client in tests.

use super::request::HttpRequest;

/// An HTTP response as far as the SDK reads it.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// The body text (empty when there is none).
    pub body: String,
    /// The `x-amzn-errortype` header, when present.
    pub error_type: Option<String>,
}

impl HttpResponse {
    /// A response with `status` and `body` and no error-type header.
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        HttpResponse { status, body: body.into(), error_type: None }
    }

    /// True for 2xx (`response.ok`).
    pub fn is_ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

impl std::fmt::Debug for HttpResponse {
    /// The body may hold tokens: only its length is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .field("error_type", &self.error_type)
            .finish()
    }
}

/// The largest response body a transport hands to the SDK, in bytes (1 MiB). Cognito's
/// answers are a few kilobytes (the biggest, an `AuthenticationResult` with three tokens,
/// stays far below 64 KiB); anything larger is not Cognito, and a transport stops reading
/// it once it passes this size instead of buffering it ([`TransportError::too_large`]).
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// The request never produced a usable response (`fetch` rejected: offline, DNS, CORS, ...;
/// the transport gave up waiting; the endpoint redirected; the body was too large). It
/// becomes the SDK error of its [`TransportFailure`] (see
/// [`super::SdkError::from_transport`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    /// What the platform reported (never shown to users as-is). A detail made by one of
    /// the constructors below starts with its prefix, which [`TransportError::failure`]
    /// reads back; any other detail is a network failure.
    pub detail: String,
}

/// How [`TransportError::timed_out`] starts its detail.
pub const TIMED_OUT_PREFIX: &str = "timed out after ";
/// How [`TransportError::redirected`] starts its detail.
const REDIRECTED_PREFIX: &str = "redirected with HTTP ";
/// How [`TransportError::too_large`] starts its detail.
const TOO_LARGE_PREFIX: &str = "response body larger than ";

/// What kind of failure a [`TransportError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportFailure {
    /// No response at all (offline, DNS, CORS, connection reset, ...).
    Network,
    /// No complete response within the request's timeout (its milliseconds, when the
    /// detail carries them).
    TimedOut(Option<u32>),
    /// The endpoint answered with a redirect, which was not followed (a redirect would
    /// send the request body, passwords included, to another address). The HTTP status
    /// when the platform shows it (browsers hide it: an "opaque redirect").
    Redirected(Option<u16>),
    /// The response body passed [`MAX_RESPONSE_BYTES`]; reading stopped there.
    TooLarge,
}

impl TransportError {
    /// Any failure without a response (becomes `NetworkError`).
    pub fn new(detail: impl Into<String>) -> Self {
        TransportError { detail: detail.into() }
    }

    /// The request's [`HttpRequest::timeout_ms`] passed without a complete response (the
    /// transport aborted it). Becomes the SDK's `TimeoutError`.
    pub fn timed_out(timeout_ms: u32) -> Self {
        TransportError { detail: format!("{TIMED_OUT_PREFIX}{timeout_ms} ms") }
    }

    /// The endpoint answered with a 3xx redirect (`status` when known), which the transport
    /// did not follow. Becomes the SDK's `RedirectError`.
    pub fn redirected(status: Option<u16>) -> Self {
        let status = status.map_or_else(|| "(status hidden)".to_string(), |s| s.to_string());
        TransportError { detail: format!("{REDIRECTED_PREFIX}{status}") }
    }

    /// The response body passed [`MAX_RESPONSE_BYTES`] (the transport stopped reading).
    /// Becomes the SDK's `ResponseTooLargeError`.
    pub fn too_large() -> Self {
        TransportError { detail: format!("{TOO_LARGE_PREFIX}{MAX_RESPONSE_BYTES} bytes") }
    }

    /// The kind of failure.
    pub fn failure(&self) -> TransportFailure {
        if self.is_timeout() {
            TransportFailure::TimedOut(self.timeout_ms())
        } else if let Some(status) = self.detail.strip_prefix(REDIRECTED_PREFIX) {
            TransportFailure::Redirected(status.parse().ok())
        } else if self.detail.starts_with(TOO_LARGE_PREFIX) {
            TransportFailure::TooLarge
        } else {
            TransportFailure::Network
        }
    }

    /// True for [`TransportError::timed_out`] errors.
    pub fn is_timeout(&self) -> bool {
        self.detail.starts_with(TIMED_OUT_PREFIX)
    }

    /// The timeout of a [`TransportError::timed_out`] error.
    pub fn timeout_ms(&self) -> Option<u32> {
        self.detail.strip_prefix(TIMED_OUT_PREFIX)?.strip_suffix(" ms")?.parse().ok()
    }
}

/// Sends requests and provides time. Futures need not be `Send` (wasm futures are not).
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Sends one request and resolves with whatever response came back, whatever its
    /// status; `Err` only when there was no response at all.
    ///
    /// **Timeouts.** When [`HttpRequest::timeout_ms`] is `Some(ms)`, the transport must give
    /// up once `ms` milliseconds pass without the complete response (headers *and* body),
    /// abort the request if the platform can, and return [`TransportError::timed_out`].
    /// `None` means no limit. (The core cannot race [`Transport::sleep`] against the
    /// request itself: test transports resolve sleeps at once.)
    ///
    /// **Redirects and size.** A transport must not follow redirects (the body holds
    /// passwords and tokens: it would go to wherever the `Location` points): a 3xx answer
    /// is [`TransportError::redirected`]. It must stop reading a body once it passes
    /// [`MAX_RESPONSE_BYTES`] and return [`TransportError::too_large`].
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;

    /// Waits `millis` milliseconds (retry backoff). Tests resolve at once.
    async fn sleep(&self, millis: u32);

    /// The current time in milliseconds since the Unix epoch (tests may fix it).
    fn now_millis(&self) -> i64 {
        crate::date::now_unix_millis()
    }

    /// The current time in whole seconds since the Unix epoch (`Math.floor(Date.now()/1000)`).
    fn now_seconds(&self) -> i64 {
        self.now_millis().div_euclid(1000)
    }
}
