//! The one thing the core needs from its platform: sending an HTTP request (and waiting,
//! and telling the time). `fetch` in wasm, a scripted mock or a TCP client in tests.

use super::operation::HttpRequest;

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
/// It becomes the SDK's `NetworkError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    /// What the platform reported (never shown to users as-is).
    pub detail: String,
}

/// Sends requests and provides time. Futures need not be `Send` (wasm futures are not).
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Sends one request and resolves with whatever response came back, whatever its
    /// status; `Err` only when there was no response at all.
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
