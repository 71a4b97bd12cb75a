//! Replies: the JSON error envelope, the headers every answer carries, and the bodies of
//! the `close` fault (cut half-way).

use crate::errors::ApiError;
use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use hyper::header::{HeaderName, HeaderValue};
use serde_json::Value;
use std::future::Future as _;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub content_type: &'static str,
    pub headers: Vec<(String, String)>,
}

/// What to do with a request.
pub enum Answer {
    /// Send this reply.
    Reply(Reply),
    /// Fault `close`: send the status line, the headers (announcing the whole body) and
    /// half of the body, then close the connection.
    Cut(Reply),
    /// Fault `hang`: answer nothing for this many seconds (or until the rules are
    /// cleared), then close the connection.
    Hang(u64),
}

impl From<Reply> for Answer {
    fn from(r: Reply) -> Answer {
        Answer::Reply(r)
    }
}

impl Reply {
    /// A Cognito API answer (`application/x-amz-json-1.1`).
    pub fn json(status: u16, v: &Value) -> Reply {
        Reply { status, body: v.to_string().into_bytes(), content_type: "application/x-amz-json-1.1", headers: vec![] }
    }
    /// An answer of the emulator's own endpoints (`application/json`).
    pub fn plain_json(status: u16, v: &Value) -> Reply {
        Reply { status, body: v.to_string().into_bytes(), content_type: "application/json", headers: vec![] }
    }
    /// An API error, with `x-amzn-ErrorType` as Cognito sends it.
    pub fn error(e: &ApiError) -> Reply {
        let mut r = Reply::json(e.status, &e.body());
        r.headers.push(("x-amzn-ErrorType".into(), format!("{}:", e.code)));
        r
    }
    /// An error of the emulator's own endpoints.
    pub fn plain_error(e: &ApiError) -> Reply {
        Reply::plain_json(e.status, &e.body())
    }
    pub fn plain_error_status(status: u16, e: &ApiError) -> Reply {
        Reply::plain_json(status, &e.body())
    }
}

/// Headers of every answer: a request id, and for an allowed `Origin` the CORS headers
/// naming it (never `Allow-Credentials`).
pub fn common_headers(origin: Option<&str>) -> Vec<(String, String)> {
    let mut out = vec![("x-amzn-RequestId".to_string(), crate::util::uuid_v4())];
    if let Some(o) = origin {
        out.push(("Access-Control-Allow-Origin".into(), o.into()));
        out.push(("Access-Control-Expose-Headers".into(), "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date".into()));
    }
    out.push(("Vary".into(), "Origin".into()));
    out
}

/// The body of a reply: whole, or (fault `close`) its first half followed by a failure,
/// which makes the server drop the connection.
pub enum ReplyBody {
    Whole(Option<Bytes>),
    Cut { half: Option<Bytes>, failing: Option<Pin<Box<tokio::time::Sleep>>> },
}

/// How long a cut body waits after its half, so the half is flushed before the close.
const CUT_FLUSH_PAUSE: Duration = Duration::from_millis(50);

impl ReplyBody {
    pub fn cut(whole: Vec<u8>) -> ReplyBody {
        let half = whole.len() / 2;
        let mut bytes = Bytes::from(whole);
        bytes.truncate(half);
        ReplyBody::Cut { half: Some(bytes), failing: None }
    }
}

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        match self.get_mut() {
            ReplyBody::Whole(data) => Poll::Ready(data.take().map(|d| Ok(Frame::data(d)))),
            ReplyBody::Cut { half, failing } => {
                if let Some(h) = half.take() {
                    return Poll::Ready(Some(Ok(Frame::data(h))));
                }
                let pause = failing.get_or_insert_with(|| Box::pin(tokio::time::sleep(CUT_FLUSH_PAUSE)));
                match pause.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Some(Err(std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "fault: close")))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, ReplyBody::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ReplyBody::Whole(d) => SizeHint::with_exact(d.as_ref().map_or(0, |d| d.len() as u64)),
            ReplyBody::Cut { .. } => SizeHint::default(),
        }
    }
}

/// A hyper response of a reply (invalid header names or values are left out).
pub fn into_response(reply: Reply, origin: Option<&str>, cut: bool) -> hyper::Response<ReplyBody> {
    let full_length = reply.body.len();
    let body = if cut { ReplyBody::cut(reply.body) } else { ReplyBody::Whole(Some(Bytes::from(reply.body))) };
    let mut resp = hyper::Response::new(body);
    *resp.status_mut() = hyper::StatusCode::from_u16(reply.status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = resp.headers_mut();
    let mut add = |k: &str, v: &str| {
        if let (Ok(k), Ok(v)) = (HeaderName::from_bytes(k.as_bytes()), HeaderValue::from_str(v)) {
            headers.append(k, v);
        }
    };
    add("Content-Type", reply.content_type);
    if cut {
        add("Content-Length", &full_length.to_string());
    }
    for (k, v) in common_headers(origin).iter().chain(reply.headers.iter()) {
        add(k, v);
    }
    resp
}
