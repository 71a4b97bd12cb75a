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

/// The request never produced a response (`fetch` rejected: offline, DNS, CORS, ...).
/// It becomes the SDK's `NetworkError`, or its `TimeoutError` when the transport gave up
/// waiting ([`TransportError::timed_out`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    /// What the platform reported (never shown to users as-is). A detail starting with
    /// [`TIMED_OUT_PREFIX`] marks a timeout ([`TransportError::is_timeout`]).
    pub detail: String,
}

/// How [`TransportError::timed_out`] starts its detail.
pub const TIMED_OUT_PREFIX: &str = "timed out after ";

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
