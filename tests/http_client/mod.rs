//! The one HTTP/1.1 client of the native tests (the root crate's and the emulator's):
//! one request per connection (`Connection: close`), strict about what comes back.
//!
//! - a status line that is not `HTTP/1.x NNN ...` is an error (never "status 0");
//! - a header line without a colon is an error;
//! - the body is framed by `Transfer-Encoding: chunked` (chunk sizes and their CRLFs
//!   checked, trailers read) or by `Content-Length` (a shorter body is an error), else it
//!   runs to the end of the connection;
//! - every read has a timeout, so a held connection ends as an error of kind
//!   `WouldBlock`/`TimedOut`, as `fetch` ends with an abort signal.
//!
//! The API: [`post_json`], [`get`], [`request`] (any method), [`cognito`] / [`call`] /
//! [`admin`] for the Cognito JSON protocol (administrative operations SigV4-signed),
//! [`identity`] for the identity-pool service,
//! [`signed_request`] / [`signature`] for other signed requests, and [`send_raw`] /
//! [`watch`] / [`split_head`] for fault tests that write their own bytes or observe the wire.
#![allow(dead_code)]

/// The hosted UI pages as a browser without JavaScript sees them.
pub mod browser;

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use cognito_wasm::sigv4::{self, Credentials, RequestParts};
use cognito_wasm::protocol::identity::{IdentityOperation, TARGET_PREFIX as IDENTITY_TARGET_PREFIX};
use cognito_wasm::protocol::Operation;
use serde_json::Value;

/// How long a request waits for its answer unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The `Content-Type` of the Cognito JSON protocol.
pub const AMZ_JSON: &str = "application/x-amz-json-1.1";

/// What came back from one exchange.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// Names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON; `Value::Null` when it is not JSON (the status says what happened).
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// An error answer of the Cognito JSON protocol.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    /// `__type` (empty when the body had none).
    pub code: String,
    pub message: String,
}

fn protocol_error(detail: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, detail.into())
}

fn cut_short(detail: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, detail.into())
}

/// `http://host:port/path?query` → (`host:port`, `/path?query`).
pub fn split_url(url: &str) -> (&str, String) {
    let rest = url.strip_prefix("http://").unwrap_or_else(|| panic!("not an http:// URL: {url}"));
    match rest.split_once('/') {
        Some((authority, path)) => (authority, format!("/{path}")),
        None => (rest, "/".to_string()),
    }
}

fn connect(authority: &str, read_timeout: Duration) -> io::Result<TcpStream> {
    let addr = authority.to_socket_addrs()?.next().ok_or_else(|| protocol_error(format!("{authority} has no address")))?;
    let stream = TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT)?;
    stream.set_read_timeout(Some(read_timeout))?;
    stream.set_write_timeout(Some(CONNECT_TIMEOUT))?;
    Ok(stream)
}

/// One request to `url` with `headers` and `body`, waiting at most `read_timeout` for each
/// read of the answer.
pub fn request(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8], read_timeout: Duration) -> io::Result<Response> {
    let (authority, path) = split_url(url);
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = connect(authority, read_timeout)?;
    stream.write_all(head.as_bytes())?;
    // A server may answer (413, 400) and close before reading a large body: what it
    // answered is the result, so a failed body write is not an error by itself.
    let body_written = stream.write_all(body);
    match read_response(&mut BufReader::new(stream), method) {
        Err(e) if body_written.is_err() => Err(io::Error::new(e.kind(), format!("{e} (after a failed body write: {})", body_written.unwrap_err()))),
        other => other,
    }
}

/// `GET url`.
pub fn get(url: &str) -> io::Result<Response> {
    request("GET", url, &[], b"", DEFAULT_TIMEOUT)
}

/// `POST url` with a JSON body and `headers` (a `Content-Type` among them, if any).
pub fn post_json(url: &str, headers: &[(&str, &str)], body: &str) -> io::Result<Response> {
    request("POST", url, headers, body.as_bytes(), DEFAULT_TIMEOUT)
}

/// One operation of the Cognito JSON protocol (`X-Amz-Target:
/// AWSCognitoIdentityProviderService.<operation>`) at the endpoint `url`.
///
/// Signed (SigV4, the emulator's default credentials) unless it is one of the public
/// operations amazon-cognito-identity-js calls, as AWS SDKs do.
pub fn cognito(url: &str, operation: &str, body: &Value, read_timeout: Duration) -> io::Result<Response> {
    let target = format!("AWSCognitoIdentityProviderService.{operation}");
    let headers = [("Content-Type", AMZ_JSON), ("X-Amz-Target", target.as_str())];
    let body = body.to_string();
    if Operation::from_name(operation).is_some_and(|o| !o.requires_iam()) {
        request("POST", url, &headers, body.as_bytes(), read_timeout)
    } else {
        signed_request("POST", url, &headers, body.as_bytes(), read_timeout)
    }
}

/// The credentials an emulator started without `--access-key-id` / `--secret-access-key`
/// checks signatures with.
pub fn emulator_credentials() -> Credentials {
    Credentials { access_key_id: "local".into(), secret_access_key: "local".into() }
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock after 1970").as_secs() as i64
}

/// The SigV4 headers (`X-Amz-Date`, `Authorization`) signing a request to `url` with
/// `headers` and `body`, made with `credentials` at `at` (seconds since the epoch). Send
/// them along with `headers`; the `Host` signed is the URL's authority, as [`request`]
/// sends it.
pub fn signature(credentials: &Credentials, at: i64, method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> [(&'static str, String); 2] {
    signature_for_service(credentials, at, "cognito-idp", method, url, headers, body)
}

/// [`signature`] scoped to `service` (`cognito-identity` for identity pools).
pub fn signature_for_service(credentials: &Credentials, at: i64, service: &str, method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> [(&'static str, String); 2] {
    let (authority, path_and_query) = split_url(url);
    let (path, query) = path_and_query.split_once('?').unwrap_or((&path_and_query, ""));
    let mut all: Vec<(&str, &str)> = vec![("Host", authority)];
    all.extend_from_slice(headers);
    let parts = RequestParts { method, path, query, headers: &all, body };
    sigv4::signature_headers(credentials, "us-east-1", service, at, &parts)
}

/// [`request`], signed now with the emulator's default credentials (admin operations,
/// `/_emulator/faults`, a whole pool's outbox).
pub fn signed_request(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8], read_timeout: Duration) -> io::Result<Response> {
    let signature = signature(&emulator_credentials(), unix_now(), method, url, headers, body);
    let mut all = headers.to_vec();
    all.extend(signature.iter().map(|(k, v)| (*k, v.as_str())));
    request(method, url, &all, body, read_timeout)
}

/// One operation of the identity-pool service (`X-Amz-Target:
/// AWSCognitoIdentityService.<operation>`) at `url`: `Ok(body)` on 200, `Err(ApiError)` on
/// an error answer. Signed for `cognito-identity` (the emulator's default credentials)
/// unless it is one of the credential flows a page calls unsigned.
pub fn identity(url: &str, operation: &str, body: &Value) -> Result<Value, ApiError> {
    let target = format!("{}{operation}", IDENTITY_TARGET_PREFIX);
    let headers = [("Content-Type", AMZ_JSON), ("X-Amz-Target", target.as_str())];
    let text = body.to_string();
    let response = if IdentityOperation::from_name(operation).is_some_and(|o| !o.requires_iam()) {
        request("POST", url, &headers, text.as_bytes(), DEFAULT_TIMEOUT)
    } else {
        let signature = signature_for_service(&emulator_credentials(), unix_now(), "cognito-identity", "POST", url, &headers, text.as_bytes());
        let mut all = headers.to_vec();
        all.extend(signature.iter().map(|(k, v)| (*k, v.as_str())));
        request("POST", url, &all, text.as_bytes(), DEFAULT_TIMEOUT)
    };
    answer(operation, url, response)
}

fn answer(operation: &str, url: &str, response: io::Result<Response>) -> Result<Value, ApiError> {
    let response = response.unwrap_or_else(|e| panic!("{operation}: no HTTP answer from {url}: {e}"));
    let json = response.json();
    if response.status == 200 {
        if json.is_null() {
            panic!("{operation}: 200 without a JSON body: {:?}", response.text());
        }
        Ok(json)
    } else {
        Err(ApiError {
            status: response.status,
            code: json["__type"].as_str().unwrap_or_default().to_string(),
            message: json["message"].as_str().unwrap_or_default().to_string(),
        })
    }
}

/// An operation that must get an answer: `Ok(body)` on 200, `Err(ApiError)` on an error
/// answer; panics when no complete HTTP answer came back.
pub fn call(url: &str, operation: &str, body: &Value) -> Result<Value, ApiError> {
    answer(operation, url, cognito(url, operation, body, DEFAULT_TIMEOUT))
}

/// An operation that must succeed (admin calls, setup); panics otherwise.
pub fn admin(url: &str, operation: &str, body: &Value) -> Value {
    call(url, operation, body).unwrap_or_else(|e| panic!("{operation} failed: {e:?}"))
}

/// Writes `request` (complete bytes, as given) to `authority` and reads one answer.
pub fn send_raw(authority: &str, request: &[u8], read_timeout: Duration) -> io::Result<Response> {
    let mut stream = connect(authority, read_timeout)?;
    stream.write_all(request)?;
    read_response(&mut BufReader::new(stream), "")
}

/// What a server sent on one connection, as observed by [`watch`].
#[derive(Debug)]
pub struct Wire {
    pub bytes: Vec<u8>,
    /// The server closed the connection (or reset it).
    pub closed: bool,
    pub elapsed: Duration,
}

impl Wire {
    /// The bytes as a response, strictly parsed (an error for nothing, or a cut answer).
    pub fn response(&self) -> io::Result<Response> {
        parse_response(&self.bytes)
    }
}

/// Writes `request` to `authority` and records what comes back until the server closes
/// the connection, `limit` passes, or (with `stop_when_complete`, for keep-alive) a
/// complete framed response has arrived.
pub fn watch(authority: &str, request: &[u8], limit: Duration, stop_when_complete: bool) -> Wire {
    let started = Instant::now();
    let mut stream = connect(authority, Duration::from_millis(100)).unwrap_or_else(|e| panic!("connect to {authority}: {e}"));
    stream.write_all(request).unwrap_or_else(|e| panic!("write to {authority}: {e}"));
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Wire { bytes, closed: true, elapsed: started.elapsed() },
            Ok(n) => bytes.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {}
            Err(_) => return Wire { bytes, closed: true, elapsed: started.elapsed() },
        }
        if started.elapsed() > limit {
            return Wire { bytes, closed: false, elapsed: started.elapsed() };
        }
        if stop_when_complete && is_complete_framed(&bytes) {
            return Wire { bytes, closed: false, elapsed: started.elapsed() };
        }
    }
}

fn is_complete_framed(bytes: &[u8]) -> bool {
    parse_response(bytes).is_ok_and(|r| r.header("content-length").is_some() || r.header("transfer-encoding").is_some())
}

/// A complete response held in memory, strictly parsed.
pub fn parse_response(bytes: &[u8]) -> io::Result<Response> {
    let mut reader = bytes;
    read_response(&mut reader, "")
}

/// One line ending in CRLF (or LF), without it; an error at the end of the input.
fn read_line(reader: &mut impl BufRead, what: &str) -> io::Result<String> {
    let mut line = Vec::new();
    if reader.read_until(b'\n', &mut line)? == 0 || !line.ends_with(b"\n") {
        return Err(cut_short(format!("connection closed in the {what}")));
    }
    line.pop();
    if line.ends_with(b"\r") {
        line.pop();
    }
    String::from_utf8(line).map_err(|_| protocol_error(format!("{what} is not UTF-8")))
}

/// `HTTP/1.x NNN reason` → NNN.
fn parse_status_line(line: &str) -> io::Result<u16> {
    let bad = || protocol_error(format!("bad status line {line:?}"));
    let rest = line.strip_prefix("HTTP/1.1 ").or_else(|| line.strip_prefix("HTTP/1.0 ")).ok_or_else(bad)?;
    let code = rest.get(..3).filter(|c| c.bytes().all(|b| b.is_ascii_digit())).ok_or_else(bad)?;
    if rest.len() > 3 && !rest[3..].starts_with(' ') {
        return Err(bad());
    }
    let status: u16 = code.parse().map_err(|_| bad())?;
    if !(100..=599).contains(&status) {
        return Err(bad());
    }
    Ok(status)
}

/// The status line and the headers (an empty body).
fn read_head(reader: &mut impl BufRead) -> io::Result<Response> {
    let status_line = read_line(reader, "status line").map_err(|e| if e.kind() == io::ErrorKind::UnexpectedEof { cut_short("connection closed before any response") } else { e })?;
    let status = parse_status_line(&status_line)?;
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader, "headers")?;
        if line.is_empty() {
            return Ok(Response { status, headers, body: Vec::new() });
        }
        let (name, value) = line.split_once(':').ok_or_else(|| protocol_error(format!("header line without a colon: {line:?}")))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
}

/// The head of a response held in memory, strictly parsed, and the bytes after it as
/// they came (for fault tests that look at cut bodies).
pub fn split_head(bytes: &[u8]) -> io::Result<(Response, &[u8])> {
    let mut rest = bytes;
    let head = read_head(&mut rest)?;
    Ok((head, rest))
}

fn read_response(reader: &mut impl BufRead, method: &str) -> io::Result<Response> {
    let head = read_head(reader)?;
    let body = if method == "HEAD" || head.status < 200 || head.status == 204 || head.status == 304 { Vec::new() } else { read_body(reader, &head)? };
    Ok(Response { body, ..head })
}

fn read_body(reader: &mut impl BufRead, head: &Response) -> io::Result<Vec<u8>> {
    let chunked = match head.header("transfer-encoding") {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("chunked") => true,
        Some(v) => return Err(protocol_error(format!("unsupported Transfer-Encoding {v:?}"))),
    };
    let length = head.header("content-length");
    if chunked && length.is_some() {
        return Err(protocol_error("both Content-Length and Transfer-Encoding"));
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            let size_line = read_line(reader, "chunked body")?;
            let size = usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16).map_err(|_| protocol_error(format!("bad chunk size {size_line:?}")))?;
            if size == 0 {
                // Trailers, up to the empty line.
                while !read_line(reader, "trailers")?.is_empty() {}
                return Ok(body);
            }
            let start = body.len();
            body.resize(start + size, 0);
            reader.read_exact(&mut body[start..]).map_err(|_| cut_short("connection closed in a chunk"))?;
            if !read_line(reader, "chunked body")?.is_empty() {
                return Err(protocol_error("a chunk longer than its size"));
            }
        }
    } else if let Some(length) = length {
        let length: usize = length.parse().map_err(|_| protocol_error(format!("bad Content-Length {length:?}")))?;
        body.resize(length, 0);
        let mut got = 0;
        while got < length {
            let n = reader.read(&mut body[got..])?;
            if n == 0 {
                return Err(cut_short(format!("connection closed after {got} of {length} body bytes")));
            }
            got += n;
        }
        Ok(body)
    } else {
        reader.read_to_end(&mut body)?;
        Ok(body)
    }
}
