//! Test support for the native flow tests: a scripted mock [`Transport`] that records
//! every request and replays canned responses, a fake SRP server, and JWT builders.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use cognito_wasm::encoding::parse_hex_integer;
use cognito_wasm::pool_config::{PoolConfig, PoolData};
use cognito_wasm::srp::{ServerSrp, StoredVerifier};
use cognito_wasm::storage::{MemoryStorage, Storage};
use cognito_wasm::user::{CognitoUser, UserPool};
use cognito_wasm::wire::{HttpRequest, HttpResponse, Transport, TransportError};
use num_bigint::BigUint;
use serde_json::{json, Value};

pub const POOL_ID: &str = "us-east-1_AbCdEfGhI";
pub const POOL_NAME: &str = "AbCdEfGhI";
pub const CLIENT_ID: &str = "stubclientid0123456789abcd";
pub const PREFIX: &str = "CognitoIdentityServiceProvider.stubclientid0123456789abcd";
/// 2026-01-01T00:00:00Z
pub const NOW_MS: i64 = 1_767_225_600_000;

/// One request as the mock saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub operation: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Value,
    /// The body as sent (`body` is parsed, so it does not show the key order).
    pub raw_body: String,
}

type Handler = Box<dyn FnOnce(&Recorded) -> Result<HttpResponse, TransportError>>;

#[derive(Default)]
pub struct MockState {
    steps: RefCell<VecDeque<(String, Handler)>>,
    pub requests: RefCell<Vec<Recorded>>,
    pub sleeps: RefCell<Vec<u32>>,
    pub now_ms: Cell<i64>,
    /// When set, `send` is pending once before answering (lets concurrent callers meet).
    pub yield_before_reply: Cell<bool>,
}

/// A scripted transport; clones share the script and the log.
#[derive(Clone, Default)]
pub struct Mock(pub Rc<MockState>);

impl Mock {
    pub fn new() -> Self {
        let m = Mock::default();
        m.0.now_ms.set(NOW_MS);
        m
    }

    /// Expects the next request to be `operation`; `reply` sees it and answers.
    pub fn expect(&self, operation: &str, reply: impl FnOnce(&Recorded) -> Result<HttpResponse, TransportError> + 'static) {
        self.0.steps.borrow_mut().push_back((operation.to_string(), Box::new(reply)));
    }

    /// Expects `operation` and answers 200 with `body`.
    pub fn expect_ok(&self, operation: &str, body: Value) {
        self.expect(operation, move |_| Ok(HttpResponse::new(200, body.to_string())));
    }

    /// Expects `operation` and answers with a Cognito error document.
    pub fn expect_error(&self, operation: &str, status: u16, code: &str, message: &str) {
        let body = json!({"__type": code, "message": message}).to_string();
        self.expect(operation, move |_| Ok(HttpResponse::new(status, body)));
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.0.requests.borrow().clone()
    }

    pub fn last_request(&self) -> Recorded {
        self.0.requests.borrow().last().cloned().expect("a request was sent")
    }

    pub fn remaining(&self) -> usize {
        self.0.steps.borrow().len()
    }

    pub fn assert_done(&self) {
        assert_eq!(self.remaining(), 0, "scripted requests not sent");
    }
}

struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

impl Transport for Mock {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let recorded = Recorded {
            operation: request.operation.name().to_string(),
            url: request.url.clone(),
            headers: request.headers.iter().map(|(n, v)| (n.to_string(), v.clone())).collect(),
            body: serde_json::from_str(&request.body).expect("request body is JSON"),
            raw_body: request.body.clone(),
        };
        self.0.requests.borrow_mut().push(recorded.clone());
        let step = self.0.steps.borrow_mut().pop_front();
        let Some((operation, handler)) = step else { panic!("unexpected request {} {}", recorded.operation, recorded.body) };
        assert_eq!(recorded.operation, operation, "request order; body {}", recorded.body);
        if self.0.yield_before_reply.get() {
            YieldOnce(false).await;
        }
        handler(&recorded)
    }

    async fn sleep(&self, millis: u32) {
        self.0.sleeps.borrow_mut().push(millis);
        self.0.now_ms.set(self.0.now_ms.get() + i64::from(millis));
    }

    fn now_millis(&self) -> i64 {
        self.0.now_ms.get()
    }
}

/// A pool over `mock` with a fresh [`MemoryStorage`] (returned for inspection).
pub fn pool_with(mock: &Mock, client_secret: Option<&str>) -> (Rc<UserPool<Mock>>, Rc<MemoryStorage>) {
    let config = PoolConfig::new(PoolData {
        user_pool_id: Some(POOL_ID.into()),
        client_id: Some(CLIENT_ID.into()),
        endpoint: Some("http://mock.invalid/".into()),
        client_secret: client_secret.map(str::to_string),
        ..Default::default()
    })
    .unwrap();
    let storage = Rc::new(MemoryStorage::new());
    let pool = UserPool::new(config, mock.clone(), storage.clone() as Rc<dyn Storage>);
    (Rc::new(pool), storage)
}

pub fn pool(mock: &Mock) -> (Rc<UserPool<Mock>>, Rc<MemoryStorage>) {
    pool_with(mock, None)
}

pub fn user(pool: &Rc<UserPool<Mock>>, username: &str) -> CognitoUser<Mock> {
    CognitoUser::new(username, Rc::clone(pool), None)
}

/// A JWT whose payload is `claims` (header and signature are placeholders).
pub fn jwt(claims: Value) -> String {
    format!("eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.{}.c2lnbmF0dXJl", URL_SAFE_NO_PAD.encode(claims.to_string()))
}

/// An `AuthenticationResult` for `sub`, issued at `now_s`, valid one hour.
pub fn auth_result(now_s: i64, tag: &str, with_refresh: bool) -> Value {
    let mut r = json!({
        "AccessToken": jwt(json!({"sub": "sub-1", "token_use": "access", "iat": now_s, "exp": now_s + 3600, "origin_jti": format!("jti-{tag}")})),
        "IdToken": jwt(json!({"sub": "sub-1", "token_use": "id", "iat": now_s, "exp": now_s + 3600, "tag": tag})),
        "ExpiresIn": 3600,
        "TokenType": "Bearer",
    });
    if with_refresh {
        r["RefreshToken"] = json!(format!("refresh-{tag}"));
    }
    r
}

pub fn header<'a>(r: &'a Recorded, name: &str) -> &'a str {
    r.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).unwrap_or_else(|| panic!("header {name}"))
}

/// A fake Cognito SRP server for one user.
pub struct SrpServer {
    pub pool_name: String,
    pub user_id: String,
    pub salt: BigUint,
    pub verifier: BigUint,
    pub server: ServerSrp,
    pub secret_block: String,
}

impl SrpServer {
    pub fn for_password(pool_name: &str, user_id: &str, password: &str) -> Self {
        let stored = StoredVerifier::generate(pool_name, user_id, password).unwrap();
        Self::with_verifier(pool_name, user_id, stored.salt, stored.verifier)
    }

    pub fn with_verifier(pool_name: &str, user_id: &str, salt: BigUint, verifier: BigUint) -> Self {
        let server = ServerSrp::new(&verifier).unwrap();
        SrpServer { pool_name: pool_name.into(), user_id: user_id.into(), salt, verifier, server, secret_block: STANDARD.encode(b"secret-block-bytes") }
    }

    /// The `ChallengeParameters` of the PASSWORD_VERIFIER (or DEVICE_SRP_AUTH) answer.
    pub fn challenge_parameters(&self, username: &str) -> Value {
        json!({
            "USER_ID_FOR_SRP": self.user_id,
            "USERNAME": username,
            "SRP_B": self.server.srp_b_hex(),
            "SALT": self.salt.to_str_radix(16),
            "SECRET_BLOCK": self.secret_block,
        })
    }

    /// Checks the signature of a verifier answer, given the `SRP_A` the client sent.
    pub fn accepts(&self, srp_a: &str, responses: &Value) -> bool {
        let s = |k: &str| responses[k].as_str().unwrap_or_else(|| panic!("{k} in {responses}")).to_string();
        assert_eq!(s("PASSWORD_CLAIM_SECRET_BLOCK"), self.secret_block);
        self.server.verify_claim(srp_a, &self.pool_name, &self.user_id, &self.secret_block, &s("TIMESTAMP"), &s("PASSWORD_CLAIM_SIGNATURE")).unwrap()
    }
}

pub fn hex_int(hex: &str) -> BigUint {
    parse_hex_integer(hex, "test").unwrap()
}

pub fn b64_int(b64: &str) -> BigUint {
    BigUint::from_bytes_be(&STANDARD.decode(b64).unwrap())
}
