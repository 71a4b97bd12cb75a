//! Reliability of the core with the scripted mock transport: request timeouts (typed
//! `TimeoutError`, retried by refresh, never a half-written session), the time limit
//! carried by every request, sign-out seen by another user object over the same storage
//! (the cross-tab fix of `local_session`), all-or-nothing session writes through a
//! failing storage, and secrets kept out of `Debug` and error text.
#![cfg(not(target_arch = "wasm32"))]

mod native_support;

use std::cell::Cell;
use std::rc::Rc;

use cognito_wasm::pool_config::{PoolConfig, PoolData, DEFAULT_REQUEST_TIMEOUT_MS};
use cognito_wasm::session::CognitoUserSession;
use cognito_wasm::storage::{MemoryStorage, Storage};
use cognito_wasm::tokens::{AccessToken, IdToken, RefreshToken};
use cognito_wasm::user::{CognitoUser, UserPool};
use cognito_wasm::wire::errors::{codes, messages};
use cognito_wasm::wire::{SdkError, SdkResult, TransportError};
use futures::executor::block_on;
use native_support::*;
use serde_json::json;

fn now_s() -> i64 {
    NOW_MS / 1000
}

fn session(tag: &str, refresh: &str, iat: i64) -> CognitoUserSession {
    let r = auth_result(iat, tag, false);
    CognitoUserSession::new(
        Some(IdToken::new(r["IdToken"].as_str().unwrap())),
        Some(AccessToken::new(r["AccessToken"].as_str().unwrap())),
        Some(RefreshToken::new(refresh)),
        Some(0.0),
        now_s(),
    )
    .unwrap()
}

/// Alice signed in with a session that expired an hour ago (so getSession refreshes).
fn expired_user(pool: &Rc<UserPool<Mock>>) -> CognitoUser<Mock> {
    let u = user(pool, "alice");
    u.set_sign_in_user_session(session("old", "refresh-old", now_s() - 7200)).unwrap();
    u
}

fn token_keys() -> Vec<String> {
    ["idToken", "accessToken", "refreshToken", "clockDrift"].iter().map(|k| format!("{PREFIX}.alice.{k}")).chain([format!("{PREFIX}.LastAuthUser")]).collect()
}

fn stored(storage: &dyn Storage) -> Vec<Option<String>> {
    token_keys().iter().map(|k| storage.get_item(k)).collect()
}

#[test]
fn every_request_carries_the_pools_time_limit() {
    let mock = Mock::new();
    let (pool, _) = pool(&mock);
    assert_eq!(pool.config().request_timeout_ms(), Some(DEFAULT_REQUEST_TIMEOUT_MS));
    assert_eq!(pool.client().request_timeout_ms(), Some(30_000));
    let seen = Rc::new(Cell::new(None));
    let s = seen.clone();
    // The mock only sees `Recorded`; check the HttpRequest through a transport of our own.
    struct Probe(Rc<Cell<Option<Option<u32>>>>);
    impl cognito_wasm::wire::Transport for Probe {
        async fn send(&self, request: cognito_wasm::wire::HttpRequest) -> Result<cognito_wasm::wire::HttpResponse, TransportError> {
            self.0.set(Some(request.timeout_ms));
            Err(TransportError::timed_out(request.timeout_ms.unwrap_or(0)))
        }
        async fn sleep(&self, _: u32) {}
    }
    for (set, expected) in [(None, Some(30_000)), (Some(Some(1500)), Some(1500)), (Some(Some(0)), None), (Some(None), None)] {
        let mut config = PoolConfig::new(PoolData { user_pool_id: Some(POOL_ID.into()), client_id: Some(CLIENT_ID.into()), ..Default::default() }).unwrap();
        if let Some(ms) = set {
            config.set_request_timeout_ms(ms);
        }
        let pool = UserPool::new(config, Probe(s.clone()), Rc::new(MemoryStorage::new()));
        let error = block_on(pool.client().request_raw(cognito_wasm::wire::Operation::GetUser, &json!({}))).unwrap_err();
        assert_eq!(seen.get(), Some(expected), "{set:?}");
        assert_eq!(error.code.as_deref(), Some(codes::TIMEOUT_ERROR));
        assert_eq!(error.name, "TimeoutError");
        assert_eq!(error.message, format!("Request timed out after {} ms", expected.unwrap_or(0)));
        assert_eq!(error.status_code, None);
    }
}

#[test]
fn a_timed_out_refresh_is_retried_and_stores_all_or_nothing() {
    let mock = Mock::new();
    let (pool, storage) = pool(&mock);
    let u = expired_user(&pool);
    let before = stored(storage.as_ref());

    // Two timeouts, then the answer: one session, every key new.
    mock.expect("InitiateAuth", |_| Err(TransportError::timed_out(30_000)));
    mock.expect("InitiateAuth", |_| Err(TransportError::timed_out(30_000)));
    mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": auth_result(now_s(), "new", true)}));
    let s = block_on(u.get_session(None)).unwrap();
    assert_eq!(s.refresh_token().token(), "refresh-new");
    assert_eq!(mock.0.sleeps.borrow().len(), 2, "two backoffs");
    let after = stored(storage.as_ref());
    for (i, (b, a)) in before.iter().zip(&after).enumerate() {
        if i < 3 {
            assert_ne!(b, a, "{} replaced", token_keys()[i]);
        }
    }
    assert_eq!(storage.get_item(&format!("{PREFIX}.alice.idToken")).as_deref(), Some(s.id_token().jwt_token()));
    mock.assert_done();

    // Timeouts on every attempt: TimeoutError after the last one, storage untouched.
    let u = expired_user(&pool);
    let before = stored(storage.as_ref());
    for _ in 0..6 {
        mock.expect("InitiateAuth", |_| Err(TransportError::timed_out(30_000)));
    }
    let error = block_on(u.get_session(None)).unwrap_err();
    assert_eq!((error.code.as_deref(), error.name.as_str()), (Some("TimeoutError"), "TimeoutError"));
    assert_eq!(error.message, "Request timed out after 30000 ms");
    assert!(cognito_wasm::wire::client::is_retryable(&error));
    mock.assert_done();
    assert_eq!(stored(storage.as_ref()), before, "a failed refresh changes no key");
}

/// Storage whose writes fail after `ok_writes` successful ones (quota exceeded midway).
struct QuotaStorage {
    inner: MemoryStorage,
    ok_writes: Cell<usize>,
}

impl Storage for QuotaStorage {
    fn get_item(&self, key: &str) -> Option<String> {
        self.inner.get_item(key)
    }
    fn set_item(&self, key: &str, value: &str) -> SdkResult<()> {
        if self.ok_writes.get() == 0 {
            return Err(SdkError::storage("Storage setItem failed: QuotaExceededError"));
        }
        self.ok_writes.set(self.ok_writes.get() - 1);
        self.inner.set_item(key, value)
    }
    fn remove_item(&self, key: &str) -> SdkResult<()> {
        self.inner.remove_item(key)
    }
    fn clear(&self) -> SdkResult<()> {
        self.inner.clear()
    }
}

/// `localStorage`-like quota: a write that would take the total over `capacity` bytes fails.
struct ByteQuota {
    inner: MemoryStorage,
    capacity: Cell<usize>,
}

impl ByteQuota {
    fn used(&self) -> usize {
        self.inner.snapshot().iter().map(|(k, v)| k.len() + v.len()).sum()
    }
}

impl Storage for ByteQuota {
    fn get_item(&self, key: &str) -> Option<String> {
        self.inner.get_item(key)
    }
    fn set_item(&self, key: &str, value: &str) -> SdkResult<()> {
        let old = self.inner.get_item(key).map_or(0, |v| key.len() + v.len());
        if self.used() - old + key.len() + value.len() > self.capacity.get() {
            return Err(SdkError::storage("Storage setItem failed: QuotaExceededError"));
        }
        self.inner.set_item(key, value)
    }
    fn remove_item(&self, key: &str) -> SdkResult<()> {
        self.inner.remove_item(key)
    }
    fn clear(&self) -> SdkResult<()> {
        self.inner.clear()
    }
}

#[test]
fn a_refresh_through_a_failing_storage_keeps_the_old_tokens_everywhere() {
    // A realistic quota: the new value fits nowhere, but the old ones fit back.
    {
        let mock = Mock::new();
        let storage = Rc::new(ByteQuota { inner: MemoryStorage::new(), capacity: Cell::new(usize::MAX) });
        let config = PoolConfig::new(PoolData { user_pool_id: Some(POOL_ID.into()), client_id: Some(CLIENT_ID.into()), ..Default::default() }).unwrap();
        let pool = Rc::new(UserPool::new(config, mock.clone(), storage.clone() as Rc<dyn Storage>));
        let u = expired_user(&pool);
        let before = stored(storage.as_ref());
        storage.capacity.set(storage.used() + 2); // room for two more bytes
        let mut result = auth_result(now_s(), "new-and-longer", true);
        result["RefreshToken"] = json!("refresh-new-and-much-longer");
        mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": result}));
        let error = block_on(u.get_session(None)).unwrap_err();
        assert_eq!(error.code.as_deref(), Some(codes::STORAGE_ERROR));
        assert_eq!(stored(storage.as_ref()), before, "every key is the old one");
    }
    for failing_write in 0..5 {
        let mock = Mock::new();
        let storage = Rc::new(QuotaStorage { inner: MemoryStorage::new(), ok_writes: Cell::new(usize::MAX) });
        let config = PoolConfig::new(PoolData { user_pool_id: Some(POOL_ID.into()), client_id: Some(CLIENT_ID.into()), ..Default::default() }).unwrap();
        let pool = Rc::new(UserPool::new(config, mock.clone(), storage.clone() as Rc<dyn Storage>));
        let u = expired_user(&pool);
        let before = stored(storage.as_ref());
        storage.ok_writes.set(failing_write);
        mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": auth_result(now_s(), "new", true)}));
        let error = block_on(u.get_session(None)).unwrap_err();
        assert_eq!(error.code.as_deref(), Some(codes::STORAGE_ERROR), "write #{failing_write}");
        storage.ok_writes.set(usize::MAX);
        // Every write after the first refusal fails too (restoring included), so the
        // batch is removed: never a mix of the old and the new session.
        let after = stored(storage.as_ref());
        if failing_write == 0 {
            assert_eq!(after, before, "nothing was written");
        } else {
            assert!(after.iter().all(Option::is_none), "write #{failing_write}: {after:?}");
        }
        assert!(!after.iter().any(|v| v.as_deref().is_some_and(|v| v.contains("new"))));
        // Neither is the new session kept in memory.
        assert_ne!(u.sign_in_user_session().map(|s| s.refresh_token().token().to_string()).as_deref(), Some("refresh-new"));
    }
}

#[test]
fn sign_out_through_another_user_object_is_seen_by_get_session() {
    let mock = Mock::new();
    let (pool, storage) = pool(&mock);
    let tab_a = user(&pool, "alice");
    tab_a.set_sign_in_user_session(session("a", "refresh-a", now_s())).unwrap();
    // Tab B loads the same stored session into its own memory.
    let tab_b = user(&pool, "alice");
    assert_eq!(block_on(tab_b.get_session(None)).unwrap().refresh_token().token(), "refresh-a");
    assert!(tab_b.is_session_valid());

    // A signs out: B's next getSession is an error, not its stale in-memory session,
    // and B's signed-in-only methods stop working too. No request is sent.
    tab_a.sign_out().unwrap();
    let error = block_on(tab_b.get_session(None)).unwrap_err();
    assert_eq!(error.message, messages::MISSING_ID_TOKEN);
    assert!(tab_b.sign_in_user_session().is_none());
    assert_eq!(block_on(tab_b.get_user_attributes()).unwrap_err().message, messages::USER_NOT_AUTHENTICATED);
    assert!(mock.requests().is_empty());

    // A signs in again (new tokens): B serves the stored session, not its old one.
    tab_a.set_sign_in_user_session(session("a2", "refresh-a2", now_s())).unwrap();
    let tab_c = user(&pool, "alice");
    tab_c.set_sign_in_user_session(session("c", "refresh-c", now_s())).unwrap();
    assert_eq!(block_on(tab_b.get_session(None)).unwrap().refresh_token().token(), "refresh-c");
    // Nothing changed since: served from memory (storage still matches).
    assert_eq!(block_on(tab_b.get_session(None)).unwrap().refresh_token().token(), "refresh-c");
    assert_eq!(storage.get_item(&format!("{PREFIX}.alice.refreshToken")).as_deref(), Some("refresh-c"));
    assert!(mock.requests().is_empty());
}

#[test]
fn secrets_stay_out_of_debug_output_and_errors() {
    let mock = Mock::new();
    let (pool, _) = pool(&mock);
    let u = expired_user(&pool);
    let refresh = "refresh-old";
    let password = "Sup3r-Secret-Pa55";
    let details = cognito_wasm::user::AuthenticationDetails::with_password("alice", password);
    let session = u.sign_in_user_session().unwrap();
    let debug = format!("{u:?} {details:?} {session:?} {:?} {pool:?}", session.refresh_token());
    assert!(!debug.contains(password), "{debug}");
    assert!(!debug.contains(refresh), "{debug}");
    assert!(!debug.contains(session.access_token().jwt_token()), "{debug}");

    // Errors of a refresh that failed every way the wire allows: no token in the text.
    for case in 0..3 {
        let u = expired_user(&pool);
        match case {
            0 => (0..6).for_each(|_| mock.expect("InitiateAuth", |_| Err(TransportError::timed_out(5)))),
            1 => (0..6).for_each(|_| mock.expect("InitiateAuth", |_| Err(TransportError::new("TypeError: failed to fetch refresh-old")))),
            _ => mock.expect_error("InitiateAuth", 400, "NotAuthorizedException", "Invalid Refresh Token"),
        }
        let e = block_on(u.get_session(None)).unwrap_err();
        let text = format!("{e} {e:?}");
        assert!(!text.contains(refresh), "{text}");
        mock.assert_done();
    }
}
