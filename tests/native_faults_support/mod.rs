//! Support for tests/native_faults.rs: the emulator (started with extra flags), the
//! SDK's transport with a read timeout (so a held connection ends as a network error, as
//! `fetch` would with an abort signal), a request log, recorded (not slept) retry
//! backoffs and a client clock that tests can move.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use cognito_wasm::wire::{HttpRequest, HttpResponse, Transport, TransportError};
use serde_json::{json, Value};

// The emulator, its endpoints and the HTTP client are shared with the other end-to-end tests.
#[path = "../native_emulator_support/mod.rs"]
mod emulator_support;
pub use emulator_support::{admin, clear_faults, fault_state, inject, start_with as start, Emulator};

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
        emulator_support::send(&request, self.0.read_timeout.get())
    }

    async fn sleep(&self, millis: u32) {
        self.0.sleeps.borrow_mut().push(millis);
    }

    fn now_millis(&self) -> i64 {
        cognito_wasm::date::now_unix_millis() + self.0.clock_offset_ms.get()
    }
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
