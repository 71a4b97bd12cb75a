//! Fault injection end to end: the SDK core against the local emulator's fault mode
//! (`/_emulator/faults`, see emulator/README.md) over a strict TCP transport with a read
//! timeout. For every fault kind, injected into a refresh, a `GetUser` and a sign-in
//! (either leg): the core returns a typed error (code, name, message; never a panic), the
//! stored session is byte-for-byte what it was, and the same call works once the fault is
//! cleared. Also: what the core does with throttling (retry or not), and sessions under
//! a server clock one hour ahead or behind.
//!
//! Run with `-- --nocapture` to see the figures (attempts per fault, backoffs).
#![cfg(not(target_arch = "wasm32"))]

mod native_faults_support;

use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::Duration;

use cognito_wasm::pool_config::{PoolConfig, PoolData};
use cognito_wasm::session::CognitoUserSession;
use cognito_wasm::storage::{MemoryStorage, Storage};
use cognito_wasm::user::{current_user, AuthOutcome, AuthenticationDetails, CognitoUser, UserPool};
use cognito_wasm::wire::{Operation, SdkError};
use futures::executor::block_on;
use native_faults_support::{clear_faults, create_user, fault_state, inject, pool_and_client, start, Emulator, FaultTransport};
use serde_json::{json, Value};

const PASSWORD: &str = "Passw0rd!";
/// Read timeout of ordinary requests.
const NORMAL_TIMEOUT: Duration = Duration::from_secs(20);
/// Read timeout while a `hang` fault is armed: how long the client waits for an answer.
const HANG_TIMEOUT: Duration = Duration::from_millis(700);
/// Rule count for refresh faults: more than the core's attempts, so the refresh fails.
const REFRESH_COUNT: u64 = 10;

/// One fault to inject: `kind` and, for the error kinds, `status`.
#[derive(Clone, Copy, Debug)]
struct Case {
    kind: &'static str,
    status: Option<u16>,
}

impl Case {
    fn label(&self) -> String {
        match self.status {
            Some(s) => format!("{} {s}", self.kind),
            None => self.kind.to_string(),
        }
    }

    /// The rule body for `target` (plus `extra` fields).
    fn rule(&self, target: &str, count: u64, extra: Value) -> Value {
        let mut rule = json!({"target": target, "count": count, "kind": self.kind});
        if let Some(s) = self.status {
            rule["status"] = json!(s);
        }
        if let (Some(r), Some(e)) = (rule.as_object_mut(), extra.as_object()) {
            r.extend(e.clone());
        }
        rule
    }

    /// The error the core must return: (code, name, message, statusCode). A message
    /// ending in `*` is a prefix.
    fn expected(&self) -> (&'static str, &'static str, String, Option<u16>) {
        let injected = "An internal error occurred (injected by the emulator).".to_string();
        match (self.kind, self.status) {
            ("error-json", Some(503)) => ("ServiceUnavailableException", "ServiceUnavailableException", injected, None),
            ("error-json", _) => ("InternalErrorException", "InternalErrorException", injected, None),
            ("error-html" | "error-empty", Some(s)) => ("UnknownError", "UnknownError", format!("Unknown error (HTTP status {s})"), Some(s)),
            ("truncated-json", Some(200)) => ("InvalidResponseError", "InvalidResponseError", "Invalid *".to_string(), None),
            ("truncated-json", Some(s)) => ("UnknownError", "UnknownError", format!("Unknown error (HTTP status {s})"), Some(s)),
            ("close", None) => ("NetworkError", "Error", "Network error".to_string(), None),
            // The read timeout (HANG_TIMEOUT) passes: the request's time limit.
            ("hang", None) => ("TimeoutError", "TimeoutError", format!("Request timed out after {} ms", HANG_TIMEOUT.as_millis()), None),
            ("TooManyRequestsException", None) => ("TooManyRequestsException", "TooManyRequestsException", "Too many requests.".to_string(), None),
            ("ThrottlingException", None) => ("ThrottlingException", "ThrottlingException", "Rate exceeded".to_string(), None),
            other => panic!("no expectation for {other:?}"),
        }
    }

    fn check(&self, error: &SdkError, point: &str) {
        let (code, name, message, status) = self.expected();
        let what = format!("{} on {point}: {error:?}", self.label());
        assert_eq!(error.code.as_deref(), Some(code), "{what}");
        assert_eq!(error.name, name, "{what}");
        match message.strip_suffix('*') {
            Some(prefix) => assert!(error.message.starts_with(prefix), "{what}"),
            None => assert_eq!(error.message, message, "{what}"),
        }
        assert_eq!(error.status_code, status, "{what}");
    }
}

/// Every fault kind the emulator offers, with the 500/502/503 variants of the error kinds
/// and the 200/400 variants of truncated JSON.
fn cases() -> Vec<Case> {
    let mut v = vec![];
    for kind in ["error-json", "error-html", "error-empty"] {
        for status in [500, 502, 503] {
            v.push(Case { kind, status: Some(status) });
        }
    }
    v.push(Case { kind: "truncated-json", status: Some(200) });
    v.push(Case { kind: "truncated-json", status: Some(400) });
    for kind in ["close", "hang", "TooManyRequestsException", "ThrottlingException"] {
        v.push(Case { kind, status: None });
    }
    v
}

struct Fixture {
    emulator: Emulator,
    pool_id: String,
    client_id: String,
    transport: FaultTransport,
    pool: Rc<UserPool<FaultTransport>>,
    storage: Rc<MemoryStorage>,
}

impl Fixture {
    fn new(flags: &[&str]) -> Fixture {
        let emulator = start(flags);
        let (pool_id, client_id) = pool_and_client(&emulator.url, json!({}));
        let config = PoolConfig::new(PoolData {
            user_pool_id: Some(pool_id.clone()),
            client_id: Some(client_id.clone()),
            endpoint: Some(emulator.url.clone()),
            ..Default::default()
        })
        .unwrap();
        let transport = FaultTransport::new(NORMAL_TIMEOUT);
        let storage = Rc::new(MemoryStorage::new());
        let pool = Rc::new(UserPool::new(config, transport.clone(), storage.clone() as Rc<dyn Storage>));
        Fixture { emulator, pool_id, client_id, transport, pool, storage }
    }

    fn url(&self) -> &str {
        &self.emulator.url
    }

    fn create_user(&self, name: &str) {
        create_user(self.url(), &self.pool_id, name, PASSWORD);
    }

    fn sign_in(&self, name: &str) -> Result<CognitoUserSession, SdkError> {
        let user = CognitoUser::new(name, self.pool.clone(), None);
        match block_on(user.authenticate_user(&AuthenticationDetails::with_password(name, PASSWORD)))? {
            AuthOutcome::Success { session, .. } => Ok(session),
            other => panic!("expected a session, got {other:?}"),
        }
    }

    fn get_user(&self, access_token: &str) -> Result<Value, SdkError> {
        // A typed request's checks (`read_success_body`), the answer kept as JSON.
        let text = block_on(self.pool.client().request_body(Operation::GetUser, json!({ "AccessToken": access_token }).to_string()))?;
        cognito_wasm::wire::client::read_success_body(Operation::GetUser, &text, |_| Ok(()))?;
        Ok(serde_json::from_str(&text).unwrap_or_else(|_| json!({})))
    }

    fn id_token_key(&self, name: &str) -> String {
        format!("CognitoIdentityServiceProvider.{}.{name}.idToken", self.client_id)
    }

    /// Arms `case` on `target` (the read timeout shortened for `hang`).
    fn arm(&self, case: &Case, target: &str, count: u64, extra: Value) {
        let hold = if case.kind == "hang" { json!({"holdSeconds": 30}) } else { json!({}) };
        let mut rule = case.rule(target, count, extra);
        if let (Some(r), Some(h)) = (rule.as_object_mut(), hold.as_object()) {
            r.extend(h.clone());
        }
        inject(self.url(), rule);
        self.transport.set_read_timeout(if case.kind == "hang" { HANG_TIMEOUT } else { NORMAL_TIMEOUT });
        self.transport.clear_log();
    }

    /// Clears every rule (releasing held connections) and restores the timeout; returns
    /// how many uses were left of the rules.
    fn disarm(&self) -> u64 {
        let left = fault_state(self.url())["rules"].as_array().unwrap().iter().map(|r| r["remaining"].as_u64().unwrap()).sum();
        clear_faults(self.url());
        self.transport.set_read_timeout(NORMAL_TIMEOUT);
        left
    }
}

fn injected_total(url: &str) -> BTreeMap<String, u64> {
    fault_state(url)["injected"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap())).collect()
}

#[test]
fn every_fault_on_refresh_leaves_the_session_intact() {
    let fx = Fixture::new(&[]);
    let mut figures = vec![];
    for (i, case) in cases().iter().enumerate() {
        let name = format!("refresh{i}");
        fx.create_user(&name);
        let session = fx.sign_in(&name).unwrap();
        let user = current_user(&fx.pool).unwrap();
        let before = fx.storage.snapshot();

        fx.arm(case, "InitiateAuth", REFRESH_COUNT, json!({"authFlow": "REFRESH_TOKEN_AUTH"}));
        let error = block_on(user.refresh_session(session.refresh_token(), None)).expect_err(&case.label());
        case.check(&error, "refresh");
        let attempts = fx.transport.log().iter().filter(|r| *r == "InitiateAuth:REFRESH_TOKEN_AUTH").count() as u64;
        let backoffs = fx.transport.sleeps();
        let consumed = REFRESH_COUNT - fx.disarm();
        assert_eq!(attempts, consumed, "{}: every attempt met the fault", case.label());
        assert_eq!(backoffs.len() as u64, attempts - 1, "{}", case.label());
        if !cognito_wasm::wire::client::is_retryable(&error) {
            assert_eq!(attempts, 1, "{}: not retryable, sent once", case.label());
        }
        assert_eq!(fx.storage.snapshot(), before, "{}: storage changed by a failed refresh", case.label());

        // Cleared: the same refresh works and stores the new tokens.
        let refreshed = block_on(user.refresh_session(session.refresh_token(), None)).unwrap_or_else(|e| panic!("{} then refresh: {e:?}", case.label()));
        assert_ne!(refreshed.access_token().jwt_token(), session.access_token().jwt_token());
        assert_eq!(fx.storage.get_item(&fx.id_token_key(&name)).as_deref(), Some(refreshed.id_token().jwt_token()));
        figures.push(format!("{:<28} {} -> {attempts} attempt(s), backoffs {backoffs:?} ms", case.label(), error.code_str()));
    }
    println!("refresh faults ({} kinds):\n  {}", figures.len(), figures.join("\n  "));
    println!("injected on the emulator: {:?}", injected_total(fx.url()));
}

#[test]
fn every_fault_on_get_user_is_a_typed_error() {
    let fx = Fixture::new(&[]);
    fx.create_user("getter");
    let session = fx.sign_in("getter").unwrap();
    let access = session.access_token().jwt_token().to_string();
    let before = fx.storage.snapshot();
    for case in cases() {
        fx.arm(&case, "GetUser", 1, json!({}));
        let error = fx.get_user(&access).expect_err(&case.label());
        case.check(&error, "GetUser");
        assert_eq!(fx.transport.log(), ["GetUser"], "{}: GetUser is not retried", case.label());
        assert_eq!(fx.disarm(), 0);
        assert_eq!(fx.storage.snapshot(), before, "{}", case.label());
        let user = fx.get_user(&access).unwrap_or_else(|e| panic!("{} then GetUser: {e:?}", case.label()));
        assert_eq!(user["Username"], "getter");
    }
    let injected = injected_total(fx.url());
    assert_eq!(injected.values().sum::<u64>(), cases().len() as u64);
    println!("GetUser faults injected: {injected:?}");
}

#[test]
fn every_fault_on_either_sign_in_leg_leaves_the_stored_session_intact() {
    let fx = Fixture::new(&[]);
    fx.create_user("signer");
    fx.sign_in("signer").unwrap();
    for leg in ["InitiateAuth", "RespondToAuthChallenge"] {
        for case in cases() {
            let before = fx.storage.snapshot();
            let extra = if leg == "InitiateAuth" { json!({"authFlow": "USER_SRP_AUTH"}) } else { json!({}) };
            fx.arm(&case, leg, 1, extra);
            let error = fx.sign_in("signer").expect_err(&case.label());
            case.check(&error, leg);
            let expected_log: &[&str] = if leg == "InitiateAuth" { &["InitiateAuth:USER_SRP_AUTH"] } else { &["InitiateAuth:USER_SRP_AUTH", "RespondToAuthChallenge"] };
            assert_eq!(fx.transport.log(), expected_log, "{} on {leg}: sign-in is not retried", case.label());
            assert_eq!(fx.disarm(), 0);
            assert_eq!(fx.storage.snapshot(), before, "{} on {leg}: storage changed by a failed sign-in", case.label());
            // The stored session still serves getSession without the network.
            let again = current_user(&fx.pool).unwrap();
            fx.transport.clear_log();
            let stored = block_on(again.get_session(None)).unwrap();
            assert!(fx.transport.log().is_empty());
            let refresh_key = format!("CognitoIdentityServiceProvider.{}.signer.refreshToken", fx.client_id);
            assert_eq!(Some(stored.refresh_token().token()), before.get(&refresh_key).map(String::as_str));

            let fresh = fx.sign_in("signer").unwrap_or_else(|e| panic!("{} on {leg} then sign-in: {e:?}", case.label()));
            assert_eq!(fx.storage.get_item(&fx.id_token_key("signer")).as_deref(), Some(fresh.id_token().jwt_token()));
        }
    }
    let injected = injected_total(fx.url());
    assert_eq!(injected.values().sum::<u64>(), 2 * cases().len() as u64);
    println!("sign-in faults injected: {injected:?}");
}

#[test]
fn throttling_and_transient_errors_on_refresh_are_retried_with_backoff() {
    let fx = Fixture::new(&[]);
    fx.create_user("throttled");
    let session = fx.sign_in("throttled").unwrap();
    let user = current_user(&fx.pool).unwrap();
    let mut figures = vec![];
    for (kind, status) in [("TooManyRequestsException", None), ("ThrottlingException", None), ("error-json", Some(503)), ("close", None)] {
        let case = Case { kind, status };
        // Two failures, then the real answer: the core's retry gets through.
        fx.arm(&case, "InitiateAuth", 2, json!({"authFlow": "REFRESH_TOKEN_AUTH"}));
        let before = fx.storage.snapshot();
        let refreshed = block_on(user.refresh_session(session.refresh_token(), None)).unwrap_or_else(|e| panic!("{kind}: {e:?}"));
        let backoffs = fx.transport.sleeps();
        assert_eq!(fx.transport.log().len(), 3, "{kind}: two failed attempts and a good one");
        assert_eq!(backoffs.len(), 2);
        assert!((200..300).contains(&backoffs[0]) && (400..500).contains(&backoffs[1]), "{kind}: {backoffs:?}");
        assert_eq!(fx.disarm(), 0);
        assert_ne!(fx.storage.snapshot(), before, "the successful retry stored the new session");
        assert_eq!(fx.storage.get_item(&fx.id_token_key("throttled")).as_deref(), Some(refreshed.id_token().jwt_token()));
        figures.push(format!("{:<28} x2 -> recovered on attempt 3, backoffs {backoffs:?} ms", case.label()));

        // Persistent: the core gives up with the service's error after its last attempt.
        fx.arm(&case, "InitiateAuth", REFRESH_COUNT, json!({"authFlow": "REFRESH_TOKEN_AUTH"}));
        let before = fx.storage.snapshot();
        let error = block_on(user.refresh_session(session.refresh_token(), None)).unwrap_err();
        case.check(&error, "refresh");
        let attempts = fx.transport.log().len();
        let backoffs = fx.transport.sleeps();
        assert_eq!(REFRESH_COUNT - fx.disarm(), attempts as u64);
        assert_eq!(fx.storage.snapshot(), before);
        figures.push(format!(
            "{:<28} persistent -> gave up after {attempts} attempts, {} ms of backoff {backoffs:?}",
            case.label(),
            backoffs.iter().map(|b| u64::from(*b)).sum::<u64>()
        ));
    }
    // GetUser and sign-in are single requests: throttling surfaces at once.
    let access = session.access_token().jwt_token().to_string();
    for kind in ["TooManyRequestsException", "ThrottlingException"] {
        let case = Case { kind, status: None };
        fx.arm(&case, "GetUser", REFRESH_COUNT, json!({}));
        case.check(&fx.get_user(&access).unwrap_err(), "GetUser");
        assert_eq!(fx.transport.log().len(), 1);
        fx.disarm();
        fx.arm(&case, "InitiateAuth", REFRESH_COUNT, json!({"authFlow": "USER_SRP_AUTH"}));
        case.check(&fx.sign_in("throttled").unwrap_err(), "sign-in");
        assert_eq!(fx.transport.log().len(), 1);
        fx.disarm();
    }
    figures.push("TooManyRequests/Throttling on a raw GetUser (pool.client.request) or sign-in -> 1 attempt, error at once (no retry)".into());

    // The user's reads (getUserAttributes, getUserData, getMFAOptions: GetUser) retry
    // throttling and server errors, at most READ_MAX_ATTEMPTS attempts.
    let reader = current_user(&fx.pool).unwrap();
    block_on(reader.get_session(None)).unwrap();
    let max = cognito_wasm::wire::client::READ_MAX_ATTEMPTS as usize;
    for (kind, status) in [("TooManyRequestsException", None), ("ThrottlingException", None), ("error-json", Some(500)), ("error-html", Some(502))] {
        let case = Case { kind, status };
        fx.arm(&case, "GetUser", 2, json!({}));
        let attributes = block_on(reader.get_user_attributes()).unwrap_or_else(|e| panic!("{kind}: {e:?}"));
        assert!(!attributes.is_empty());
        assert_eq!(fx.transport.log(), ["GetUser"; 3], "{}: two throttled reads, then the answer", case.label());
        assert_eq!(fx.transport.sleeps().len(), 2);
        assert_eq!(fx.disarm(), 0);
        fx.arm(&case, "GetUser", REFRESH_COUNT, json!({}));
        case.check(&block_on(reader.get_user_attributes()).unwrap_err(), "getUserAttributes");
        assert_eq!(fx.transport.log().len(), max, "{}: gave up after {max} attempts", case.label());
        fx.disarm();
    }
    // Not retried: network failures and timeouts of reads (reported at once).
    for kind in ["close", "hang"] {
        let case = Case { kind, status: None };
        fx.arm(&case, "GetUser", REFRESH_COUNT, json!({}));
        case.check(&block_on(reader.get_user_attributes()).unwrap_err(), "getUserAttributes");
        assert_eq!(fx.transport.log().len(), 1, "{kind}");
        fx.disarm();
    }
    figures.push(format!("throttling / 5xx on the user's GetUser reads x2 -> recovered on attempt 3; persistent -> {max} attempts; close/hang -> 1 attempt"));
    println!("retry behaviour of the core:\n  {}", figures.join("\n  "));
}

/// Sessions under a server clock `skew` seconds off: the drift is measured at sign-in,
/// the stored session stays valid for the token lifetime (client time), and getSession
/// refreshes exactly once, when the lifetime is over.
fn clock_skew_scenario(fx: &Fixture, skew: i64) {
    let name = format!("skew{}", if skew < 0 { "minus" } else { "plus" });
    fx.create_user(&name);
    let now = cognito_wasm::date::now_unix_seconds();
    let session = fx.sign_in(&name).unwrap();
    let iat = session.id_token().issued_at().unwrap() as i64;
    assert!((iat - (now + skew)).abs() <= 5, "iat {iat} is the server's skewed clock ({now} + {skew})");
    assert!((session.clock_drift() + skew as f64).abs() <= 5.0, "drift {} for skew {skew}", session.clock_drift());
    let lifetime = 3600; // the client's default AccessTokenValidity / IdTokenValidity

    for (offset, refresh_expected) in [(0, false), (lifetime - 120, false), (lifetime + 120, true)] {
        fx.transport.set_clock_offset_seconds(offset);
        fx.transport.clear_log();
        let user = current_user(&fx.pool).unwrap();
        let got = block_on(user.get_session(None)).unwrap_or_else(|e| panic!("skew {skew}, client +{offset}s: {e:?}"));
        let expected_log: &[&str] = if refresh_expected { &["InitiateAuth:REFRESH_TOKEN_AUTH"] } else { &[] };
        assert_eq!(fx.transport.log(), expected_log, "skew {skew}, client clock +{offset}s");
        let client_now = cognito_wasm::date::now_unix_seconds() + offset;
        assert!(got.is_valid(client_now), "skew {skew}, client +{offset}s: the session is valid");
        if refresh_expected {
            assert_ne!(got.access_token().jwt_token(), session.access_token().jwt_token());
            // The emulator accepts the refreshed access token (its own skewed clock).
            let me = fx.get_user(got.access_token().jwt_token()).unwrap();
            assert_eq!(me["Username"], name.as_str());
        }
    }
    fx.transport.set_clock_offset_seconds(0);
}

#[test]
fn sessions_survive_a_server_clock_an_hour_ahead_or_behind() {
    // One hour ahead, from the command line.
    let ahead = Fixture::new(&["--clock-skew", "3600"]);
    assert_eq!(fault_state(ahead.url())["clockSkewSeconds"], 3600);
    clock_skew_scenario(&ahead, 3600);

    // One hour behind, set at run time.
    let behind = Fixture::new(&[]);
    inject(behind.url(), json!({"clockSkewSeconds": -3600}));
    clock_skew_scenario(&behind, -3600);
    clear_faults(behind.url());
    assert_eq!(fault_state(behind.url())["clockSkewSeconds"], 0);
}
