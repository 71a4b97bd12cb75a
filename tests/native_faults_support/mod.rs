//! Support for tests/native_faults.rs: the emulator (started with extra flags), a strict
//! blocking HTTP/1.1 transport with a read timeout (so a held connection ends as a
//! network error, as `fetch` would with an abort signal), a request log, recorded (not
//! slept) retry backoffs, a client clock that tests can move, and the fault endpoint.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::rc::Rc;
use std::time::Duration;

use cognito_wasm::wire::{HttpRequest, HttpResponse, Transport, TransportError};
use serde_json::{json, Value};

// Starting the emulator is shared with the other end-to-end tests.
#[path = "../native_emulator_support/mod.rs"]
mod emulator_support;
pub use emulator_support::{start_with as start, Emulator};

/// What came back from one HTTP exchange.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    /// Lower-cased names.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

fn io_err(msg: impl Into<String>) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::UnexpectedEof, msg.into())
}

/// One HTTP/1.1 exchange over a fresh connection (`Connection: close`), strict about
/// framing: a body shorter than its `Content-Length`, a cut chunked body, no status line
/// or a read timeout are errors, as in a browser's `fetch`.
pub fn exchange(url: &str, method: &str, headers: &[(&str, String)], body: &str, read_timeout: Duration) -> std::io::Result<RawResponse> {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (authority, path) = rest.split_once('/').map(|(a, p)| (a, format!("/{p}"))).unwrap_or((rest, "/".to_string()));
    let addr = authority.to_socket_addrs()?.next().ok_or_else(|| io_err("no address"))?;
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(read_timeout))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes())?;
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    if reader.read_line(&mut status_line)? == 0 {
        return Err(io_err("connection closed before any response"));
    }
    let status: u16 = status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| io_err("bad status line"))?;
    let mut response_headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Err(io_err("connection closed in the headers"));
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((n, v)) = line.split_once(':') {
            response_headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let find = |n: &str| response_headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let mut raw = Vec::new();
    if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            let mut size_line = String::new();
            if reader.read_line(&mut size_line)? == 0 {
                return Err(io_err("connection closed in a chunked body"));
            }
            let size = usize::from_str_radix(size_line.trim().split(';').next().unwrap_or(""), 16).map_err(|_| io_err("bad chunk size"))?;
            if size == 0 {
                break;
            }
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            raw.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(length) = find("content-length") {
        let length: usize = length.parse().map_err(|_| io_err("bad Content-Length"))?;
        raw.resize(length, 0);
        let mut got = 0;
        while got < length {
            let n = reader.read(&mut raw[got..])?;
            if n == 0 {
                return Err(io_err(format!("connection closed after {got} of {length} body bytes")));
            }
            got += n;
        }
    } else {
        reader.read_to_end(&mut raw)?;
    }
    Ok(RawResponse { status, headers: response_headers, body: String::from_utf8_lossy(&raw).into_owned() })
}

struct Shared {
    read_timeout: Cell<Duration>,
    /// `Op` or `Op:AUTH_FLOW` of every request sent.
    log: RefCell<Vec<String>>,
    /// Every backoff the SDK asked for (ms); not slept.
    sleeps: RefCell<Vec<u32>>,
    /// Added to the real clock (ms): the client's clock, movable by tests.
    clock_offset_ms: Cell<i64>,
}

/// The SDK's transport for these tests (cheap to clone; clones share the log).
#[derive(Clone)]
pub struct FaultTransport(Rc<Shared>);

impl FaultTransport {
    pub fn new(read_timeout: Duration) -> Self {
        FaultTransport(Rc::new(Shared { read_timeout: Cell::new(read_timeout), log: RefCell::default(), sleeps: RefCell::default(), clock_offset_ms: Cell::new(0) }))
    }

    /// How long a request waits for its answer.
    pub fn set_read_timeout(&self, timeout: Duration) {
        self.0.read_timeout.set(timeout);
    }

    /// Requests sent so far (`Op` or `Op:AUTH_FLOW`).
    pub fn log(&self) -> Vec<String> {
        self.0.log.borrow().clone()
    }

    pub fn clear_log(&self) {
        self.0.log.borrow_mut().clear();
        self.0.sleeps.borrow_mut().clear();
    }

    /// Backoffs requested so far (ms).
    pub fn sleeps(&self) -> Vec<u32> {
        self.0.sleeps.borrow().clone()
    }

    /// Moves the client's clock (seconds from the real time).
    pub fn set_clock_offset_seconds(&self, seconds: i64) {
        self.0.clock_offset_ms.set(seconds * 1000);
    }
}

impl Transport for FaultTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let flow = serde_json::from_str::<Value>(&request.body).ok().and_then(|v| v["AuthFlow"].as_str().map(str::to_string));
        let op = request.header("X-Amz-Target").unwrap_or("").rsplit('.').next().unwrap_or("").to_string();
        self.0.log.borrow_mut().push(match flow {
            Some(f) => format!("{op}:{f}"),
            None => op,
        });
        // The request's own limit (the pool's `requestTimeoutMs`) when shorter than the
        // transport's read timeout; a read that times out is the SDK's `TimeoutError`.
        let limit = match request.timeout_ms {
            Some(ms) => self.0.read_timeout.get().min(Duration::from_millis(u64::from(ms))),
            None => self.0.read_timeout.get(),
        };
        let response = exchange(&request.url, "POST", &request.headers, &request.body, limit).map_err(|e| match e.kind() {
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => TransportError::timed_out(limit.as_millis() as u32),
            _ => TransportError::new(e.to_string()),
        })?;
        let error_type = response.header("x-amzn-errortype").map(str::to_string);
        Ok(HttpResponse { status: response.status, body: response.body, error_type })
    }

    async fn sleep(&self, millis: u32) {
        self.0.sleeps.borrow_mut().push(millis);
    }

    fn now_millis(&self) -> i64 {
        cognito_wasm::date::now_unix_millis() + self.0.clock_offset_ms.get()
    }
}

fn admin_headers(operation: &str) -> [(&'static str, String); 2] {
    [("Content-Type", "application/x-amz-json-1.1".to_string()), ("X-Amz-Target", format!("AWSCognitoIdentityProviderService.{operation}"))]
}

/// A raw API call; panics unless it answers 200.
pub fn admin(url: &str, operation: &str, body: Value) -> Value {
    let r = exchange(url, "POST", &admin_headers(operation), &body.to_string(), Duration::from_secs(30)).expect("admin call");
    assert_eq!(r.status, 200, "{operation}: {}", r.body);
    serde_json::from_str(&r.body).expect("admin answer is JSON")
}

/// `POST /_emulator/faults` with `body`; returns the fault state.
pub fn inject(url: &str, body: Value) -> Value {
    let r = exchange(&format!("{url}_emulator/faults"), "POST", &[("Content-Type", "application/json".to_string())], &body.to_string(), Duration::from_secs(10))
        .expect("POST /_emulator/faults");
    assert_eq!(r.status, 200, "{body}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

/// `DELETE /_emulator/faults` (rules, skew, held connections); returns the fault state.
pub fn clear_faults(url: &str) -> Value {
    let r = exchange(&format!("{url}_emulator/faults"), "DELETE", &[], "", Duration::from_secs(10)).expect("DELETE /_emulator/faults");
    assert_eq!(r.status, 200, "{}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

/// `GET /_emulator/faults`.
pub fn fault_state(url: &str) -> Value {
    let r = exchange(&format!("{url}_emulator/faults"), "GET", &[], "", Duration::from_secs(10)).expect("GET /_emulator/faults");
    serde_json::from_str(&r.body).unwrap()
}

/// A pool (no MFA) and a client without secret; returns (pool id, client id).
pub fn pool_and_client(url: &str, client_extra: Value) -> (String, String) {
    let pool = admin(url, "CreateUserPool", json!({"PoolName": "faults"}));
    let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_string();
    let mut client = json!({"UserPoolId": pool_id, "ClientName": "web",
        "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]});
    if let (Some(c), Some(extra)) = (client.as_object_mut(), client_extra.as_object()) {
        c.extend(extra.clone());
    }
    let client = admin(url, "CreateUserPoolClient", client);
    (pool_id, client["UserPoolClient"]["ClientId"].as_str().unwrap().to_string())
}

/// A confirmed user with a permanent password.
pub fn create_user(url: &str, pool_id: &str, username: &str, password: &str) {
    admin(
        url,
        "AdminCreateUser",
        json!({"UserPoolId": pool_id, "Username": username, "MessageAction": "SUPPRESS", "TemporaryPassword": password,
               "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")}]}),
    );
    admin(url, "AdminSetUserPassword", json!({"UserPoolId": pool_id, "Username": username, "Password": password, "Permanent": true}));
}
