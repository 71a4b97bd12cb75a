//! The local Cognito emulator for the native end-to-end tests: finding (or building) the
//! `cognito-emulator` binary and starting it (tests/emulator_process), the SDK's transport
//! over the one test HTTP client (tests/http_client), admin calls, the outbox, the fault
//! endpoint, the emulator's clock, and identity-pool administration.
#![allow(dead_code)]

#[path = "../emulator_process/mod.rs"]
mod emulator_process;
#[path = "../http_client/mod.rs"]
pub mod http_client;

use std::path::PathBuf;
use std::process::Command;
use std::rc::Rc;
use std::time::Duration;

use cognito_wasm::pool_config::{PoolConfig, PoolData};
use cognito_wasm::storage::{MemoryStorage, Storage};
use cognito_wasm::user::UserPool;
use cognito_wasm::wire::{HttpRequest, HttpResponse, SdkError, SdkResult, Transport, TransportError};
use emulator_process::EmulatorProcess;
use serde_json::{json, Value};

/// A running emulator, killed on drop.
pub struct Emulator {
    process: EmulatorProcess,
    /// The endpoint, `http://127.0.0.1:PORT/`.
    pub url: String,
}

fn target_dir() -> PathBuf {
    // <target>/debug/deps/<test-binary>
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent().and_then(|p| p.parent()).and_then(|p| p.parent()).expect("target dir").to_path_buf()
}

/// The emulator binary: `$COGNITO_EMULATOR_BIN`, `<target>/debug/cognito-emulator`, or
/// built on demand into `<target>/e2e-emulator` (a separate target dir, so the running
/// `cargo test` lock is not needed).
pub fn emulator_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("COGNITO_EMULATOR_BIN") {
        let bin = PathBuf::from(bin);
        assert!(bin.exists(), "COGNITO_EMULATOR_BIN={} does not exist", bin.display());
        return bin;
    }
    let exe_name = format!("cognito-emulator{}", std::env::consts::EXE_SUFFIX);
    let target = target_dir();
    for profile in ["debug", "release"] {
        let candidate = target.join(profile).join(&exe_name);
        if candidate.exists() {
            return candidate;
        }
    }
    let own_target = target.join("e2e-emulator");
    let candidate = own_target.join("debug").join(&exe_name);
    if !candidate.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let status = Command::new(cargo)
            .args(["build", "-p", "cognito-wasm-emulator", "--bin", "cognito-emulator"])
            .env("CARGO_TARGET_DIR", &own_target)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("run cargo build for the emulator");
        assert!(status.success(), "building cognito-emulator failed");
    }
    candidate
}

/// Starts the emulator on a free port.
pub fn start() -> Emulator {
    start_with(&[])
}

/// Starts the emulator on a free port with `extra` flags (`--code-ttl 1`, ...).
pub fn start_with(extra: &[&str]) -> Emulator {
    let process = EmulatorProcess::spawn(&emulator_binary(), extra);
    let url = format!("{}/", process.base_url());
    Emulator { process, url }
}

// ----- the SDK's transport -----

/// One SDK request over the test HTTP client, waiting at most `read_timeout` (or the
/// request's own shorter limit, the pool's `requestTimeoutMs`); a read that times out
/// is the SDK's `TimeoutError`, any other failure a network error.
pub fn send(request: &HttpRequest, read_timeout: Duration) -> Result<HttpResponse, TransportError> {
    let limit = match request.timeout_ms {
        Some(ms) => read_timeout.min(Duration::from_millis(u64::from(ms))),
        None => read_timeout,
    };
    let headers: Vec<(&str, &str)> = request.headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let response = http_client::request("POST", &request.url, &headers, request.body.as_bytes(), limit).map_err(|e| match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => TransportError::timed_out(limit.as_millis() as u32),
        _ => TransportError::new(e.to_string()),
    })?;
    let error_type = response.header("x-amzn-errortype").map(str::to_string);
    Ok(HttpResponse { status: response.status, body: response.text(), error_type })
}

/// The SDK's transport against the emulator: real time, real backoff sleeps.
#[derive(Clone)]
pub struct TcpTransport;

impl Transport for TcpTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        send(&request, http_client::DEFAULT_TIMEOUT)
    }

    async fn sleep(&self, millis: u32) {
        std::thread::sleep(Duration::from_millis(u64::from(millis)));
    }
}

/// The SDK's settings for the app client `client_id` (with its secret, if it has one) of
/// `pool_id` on the emulator at `url`.
pub fn pool_config(url: &str, pool_id: &str, client_id: &str, client_secret: Option<String>) -> PoolConfig {
    PoolConfig::new(PoolData {
        user_pool_id: Some(pool_id.to_string()),
        client_id: Some(client_id.to_string()),
        endpoint: Some(url.to_string()),
        client_secret,
        ..Default::default()
    })
    .expect("the emulator's pool id and client id make a valid PoolConfig")
}

/// The SDK's user pool for `config` over [`TcpTransport`], and the memory storage it keeps its
/// sessions in.
pub fn sdk_pool(config: PoolConfig) -> (Rc<UserPool<TcpTransport>>, Rc<MemoryStorage>) {
    let storage = Rc::new(MemoryStorage::new());
    (Rc::new(UserPool::new(config, TcpTransport, storage.clone() as Rc<dyn Storage>)), storage)
}

/// The code of the error a call must end with (`<local: message>` for one without a code).
#[track_caller]
pub fn code_of<T: std::fmt::Debug>(result: SdkResult<T>) -> String {
    let e: SdkError = result.expect_err("an error");
    e.code.unwrap_or_else(|| format!("<local: {}>", e.message))
}

// ----- the emulator's own endpoints -----

/// An API call that must succeed (setup, admin operations: signed); panics otherwise.
pub fn admin(url: &str, operation: &str, body: Value) -> Value {
    http_client::admin(url, operation, &body)
}

/// An identity-pool operation that must succeed (administration: signed for
/// `cognito-identity`); panics otherwise.
pub fn identity_admin(url: &str, operation: &str, body: Value) -> Value {
    http_client::identity(url, operation, &body).unwrap_or_else(|e| panic!("{operation} failed: {e:?}"))
}

/// The outbox of `username` (every message the emulator "sent"), oldest first.
pub fn outbox(url: &str, pool_id: &str, username: &str) -> Vec<Value> {
    let response = http_client::get(&format!("{url}_emulator/messages?poolId={pool_id}&username={username}")).expect("GET /_emulator/messages");
    assert_eq!(response.status, 200, "outbox: {}", response.text());
    response.json().as_array().cloned().unwrap_or_else(|| panic!("outbox is not a list: {}", response.text()))
}

/// The code of the newest outbox message of `kind` (`SignUp`, `ForgotPassword`, ...).
pub fn outbox_code(url: &str, pool_id: &str, username: &str, kind: &str) -> String {
    let messages = outbox(url, pool_id, username);
    let m = messages.iter().rev().find(|m| m["kind"] == kind).unwrap_or_else(|| panic!("no {kind} message for {username}: {messages:?}"));
    m["code"].as_str().expect("a code").to_string()
}

fn faults_endpoint(url: &str, method: &str, body: Option<&Value>) -> Value {
    let body = body.map(Value::to_string).unwrap_or_default();
    let response = http_client::signed_request(method, &format!("{url}_emulator/faults"), &[("Content-Type", "application/json")], body.as_bytes(), Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("{method} /_emulator/faults: {e}"));
    assert_eq!(response.status, 200, "{method} /_emulator/faults {body}: {}", response.text());
    response.json()
}

/// `POST /_emulator/faults` with `body` (a rule and/or `clockSkewSeconds`); returns the
/// fault state.
pub fn inject(url: &str, body: Value) -> Value {
    faults_endpoint(url, "POST", Some(&body))
}

/// `DELETE /_emulator/faults` (rules, clock skew, held connections); returns the state.
pub fn clear_faults(url: &str) -> Value {
    faults_endpoint(url, "DELETE", None)
}

/// `GET /_emulator/faults`.
pub fn fault_state(url: &str) -> Value {
    faults_endpoint(url, "GET", None)
}

/// Moves the emulator's clock `seconds` further ahead of the real time (codes expire,
/// new tokens get a later `iat`), instead of waiting. Process-wide: only for tests that
/// have their emulator to themselves.
pub fn advance_emulator_clock(url: &str, seconds: i64) {
    let skew = fault_state(url)["clockSkewSeconds"].as_i64().expect("clockSkewSeconds in the fault state");
    inject(url, json!({"clockSkewSeconds": skew + seconds}));
}
