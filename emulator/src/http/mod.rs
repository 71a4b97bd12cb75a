//! The HTTP server: hyper on tokio, one task per connection, with the limits of
//! [`limits`]; every request passes the [`access`] checks before it reaches [`routes`].

pub mod access;
pub mod admin_auth;
pub mod limits;
pub mod reply;
pub mod routes;

use crate::app::App;
use access::AccessPolicy;
use cognito_wasm::sigv4::Credentials;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::Method;
use hyper_util::rt::{TokioIo, TokioTimer};
use limits::{BodyError, Limits, WriteDeadline};
use reply::{Answer, Reply, ReplyBody};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Everything a request handler needs.
pub struct Server {
    pub app: Arc<App>,
    pub limits: Limits,
    pub access: AccessPolicy,
    /// The credentials administrative requests must be signed with.
    pub credentials: Credentials,
}

/// The request headers the preflight allows when the browser names none.
const DEFAULT_ALLOW_HEADERS: &str = "content-type, x-amz-target, x-amz-user-agent, cache-control, authorization, x-amz-date, x-amz-security-token, x-amz-content-sha256, amz-sdk-invocation-id, amz-sdk-request";

/// Why a connection is closed without an answer (the `hang` fault, a broken body).
#[derive(Debug)]
struct Dropped(&'static str);

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Dropped {}

/// Accepts connections until `shutdown` resolves, serving each on a task of its own; at
/// most `limits.max_connections` at once.
pub async fn serve(listener: tokio::net::TcpListener, server: Arc<Server>, shutdown: impl std::future::Future<Output = ()>) {
    let slots = Arc::new(tokio::sync::Semaphore::new(server.limits.max_connections));
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            _ = &mut shutdown => return,
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => return,
            },
        };
        let stream = tokio::select! {
            _ = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of descriptors and the like: wait a moment instead of spinning.
                    eprintln!("cognito-emulator: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let server = server.clone();
        tokio::spawn(async move {
            let io = TokioIo::new(WriteDeadline::new(stream, server.limits.write_timeout));
            let s = server.clone();
            let service = hyper::service::service_fn(move |req| handle(s.clone(), req));
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(server.limits.header_timeout)
                // One request per connection (answers say `Connection: close`): no idle
                // connection for the header deadline to close while a client reuses it.
                .keep_alive(false)
                .max_header_size(limits::MAX_HEAD_BYTES)
                .serve_connection(io, service);
            let _ = conn.await;
            drop(permit);
        });
    }
}

/// One request: host and origin checks, the body, then the route.
async fn handle(server: Arc<Server>, req: hyper::Request<Incoming>) -> Result<hyper::Response<ReplyBody>, Dropped> {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let origin = header("origin");
    if !server.access.host_allowed(header("host").as_deref()) {
        let msg = "The Host header must name the emulator by a loopback name (localhost, 127.0.0.1, [::1]) or a name given with --allow-host.";
        return Ok(refuse(msg));
    }
    if let Some(o) = &origin {
        if !server.access.origin_allowed(o) {
            let msg = format!("Origin {o} is not allowed; start the emulator with --allow-origin {o} to allow it.");
            return Ok(refuse(&msg));
        }
    }
    let origin = origin.as_deref();
    if req.method() == Method::OPTIONS {
        let mut r = Reply { status: 200, body: vec![], content_type: "text/plain", headers: vec![] };
        let allow = header("access-control-request-headers").unwrap_or_else(|| DEFAULT_ALLOW_HEADERS.into());
        r.headers.push(("Access-Control-Allow-Headers".into(), allow));
        r.headers.push(("Access-Control-Allow-Methods".into(), "GET, POST, DELETE, OPTIONS".into()));
        r.headers.push(("Access-Control-Max-Age".into(), "86400".into()));
        return Ok(reply::into_response(r, origin, false));
    }
    let (parts, body) = req.into_parts();
    let declared = body_length(&parts.headers);
    let body = match limits::read_body(body, declared, server.limits.body_timeout).await {
        Ok(b) => b,
        Err(BodyError::TooLarge) => {
            let r = Reply::json(413, &json!({"__type": "RequestEntityTooLargeException", "message": "Request body is too large."}));
            return Ok(reply::into_response(r, origin, false));
        }
        Err(BodyError::TimedOut) => {
            let mut r = Reply::json(408, &json!({"__type": "RequestTimeoutException", "message": "The request body did not arrive in time."}));
            r.headers.push(("Connection".into(), "close".into()));
            return Ok(reply::into_response(r, origin, false));
        }
        Err(BodyError::Broken) => return Err(Dropped("the request body could not be read")),
    };
    let headers: Vec<(&str, &str)> = parts.headers.iter().filter_map(|(k, v)| Some((k.as_str(), v.to_str().ok()?))).collect();
    let request = routes::Request {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query().unwrap_or(""),
        headers: &headers,
        body: &body,
    };
    match routes::route(&server, &request).await {
        Answer::Reply(r) => Ok(reply::into_response(r, origin, false)),
        Answer::Cut(r) => Ok(reply::into_response(r, origin, true)),
        Answer::Hang(seconds) => {
            hold(seconds).await;
            Err(Dropped("fault: hang"))
        }
    }
}

/// A refused request (403): the host or the origin is not allowed. No CORS headers, so
/// the page cannot read it either.
fn refuse(message: &str) -> hyper::Response<ReplyBody> {
    let r = Reply::plain_json(403, &json!({"__type": "AccessDeniedException", "message": message}));
    reply::into_response(r, None, false)
}

fn body_length(headers: &hyper::HeaderMap) -> Option<u64> {
    headers.get(hyper::header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

/// Waits `seconds`, or until the fault rules are cleared.
async fn hold(seconds: u64) {
    let generation = crate::faults::generation();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while crate::faults::generation() == generation {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        tokio::time::sleep(left.min(Duration::from_millis(50))).await;
    }
}
