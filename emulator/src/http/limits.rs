//! What one client may cost the server: header and body sizes, how long it may take to
//! send its request and to take the answer, and how many connections are open at once.

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use std::future::Future as _;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Sleep;

/// Largest accepted request body.
pub const MAX_BODY: usize = 1024 * 1024;
/// Largest request head (request line and headers); larger ones get 431. (At most 100
/// headers: hyper's default.)
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
/// An over-long body is read and dropped up to this size (so the client reads the 413
/// instead of a reset connection); past it the connection is closed.
pub const MAX_DRAINED_BODY: usize = 16 * MAX_BODY;

/// The configurable limits (`--header-timeout`, `--body-timeout`, `--write-timeout`,
/// `--max-connections`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// From the connection's first byte (or its previous answer) to the end of the headers.
    pub header_timeout: Duration,
    /// From the end of the headers to the end of the body.
    pub body_timeout: Duration,
    /// Longest a write may make no progress (a client that does not read its answer).
    pub write_timeout: Duration,
    /// Connections served at once; more wait in the listen queue.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { header_timeout: Duration::from_secs(5), body_timeout: Duration::from_secs(10), write_timeout: Duration::from_secs(10), max_connections: 256 }
    }
}

/// Why a request body was not read.
#[derive(Debug, PartialEq, Eq)]
pub enum BodyError {
    /// Larger than [`MAX_BODY`].
    TooLarge,
    /// Not complete within the body deadline.
    TimedOut,
    /// The client went away or sent a malformed body.
    Broken,
}

/// Reads a request body of at most [`MAX_BODY`] bytes within `deadline`.
pub async fn read_body(body: Incoming, declared: Option<u64>, deadline: Duration) -> Result<Bytes, BodyError> {
    let read = async {
        if declared.is_some_and(|n| n > MAX_BODY as u64) {
            drain(body).await;
            return Err(BodyError::TooLarge);
        }
        let mut body = body;
        let mut out = Vec::new();
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|_| BodyError::Broken)?;
            if let Ok(data) = frame.into_data() {
                out.extend_from_slice(&data);
                if out.len() > MAX_BODY {
                    drain(body).await;
                    return Err(BodyError::TooLarge);
                }
            }
        }
        Ok(Bytes::from(out))
    };
    tokio::time::timeout(deadline, read).await.unwrap_or(Err(BodyError::TimedOut))
}

/// Reads and drops the rest of a body, up to [`MAX_DRAINED_BODY`].
async fn drain(mut body: Incoming) {
    let mut seen = 0usize;
    while let Some(Ok(frame)) = body.frame().await {
        if let Ok(data) = frame.into_data() {
            seen += data.len();
            if seen > MAX_DRAINED_BODY {
                return;
            }
        }
    }
}

/// A connection whose writes fail after making no progress for `timeout`.
pub struct WriteDeadline<S> {
    inner: S,
    timeout: Duration,
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<S> WriteDeadline<S> {
    pub fn new(inner: S, timeout: Duration) -> Self {
        WriteDeadline { inner, timeout, stalled: None }
    }

    /// `Pending` from the socket: arm the deadline (once) and fail when it has passed.
    fn on_pending<T>(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<T>> {
        let timeout = self.timeout;
        let sleep = self.stalled.get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "the client did not read the answer in time"))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn progress<T>(&mut self, r: Poll<std::io::Result<T>>, cx: &mut Context<'_>) -> Poll<std::io::Result<T>> {
        match r {
            Poll::Pending => self.on_pending(cx),
            ready => {
                self.stalled = None;
                ready
            }
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteDeadline<S> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteDeadline<S> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.progress(r, cx)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.inner).poll_flush(cx);
        this.progress(r, cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.inner).poll_shutdown(cx);
        this.progress(r, cx)
    }

    fn poll_write_vectored(self: Pin<&mut Self>, cx: &mut Context<'_>, bufs: &[std::io::IoSlice<'_>]) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.progress(r, cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
