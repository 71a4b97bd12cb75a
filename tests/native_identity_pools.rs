//! End to end against the local emulator: the SDK core's identity-pool credentials provider
//! (src/identity) with a user-pool sign-in (real SRP), a guest linked on sign-in, a refresh
//! before expiry shared by 20 concurrent callers, a failing refresh that keeps the last good
//! credentials, the basic flow's OpenID token, sign-out, and each refusal. The endpoint is
//! always overridden to the emulator's.
#![cfg(not(target_arch = "wasm32"))]

mod native_emulator_support;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use cognito_wasm::identity::{BasicFlow, CredentialsProvider, IdentityPoolConfig};
use cognito_wasm::protocol::identity::Logins;
use cognito_wasm::storage::{identity_id_key, MemoryStorage, Storage};
use cognito_wasm::user::{AuthOutcome, AuthenticationDetails, CognitoUser};
use cognito_wasm::wire::{HttpRequest, HttpResponse, Transport, TransportError};
use futures::executor::block_on;
use futures::future::join_all;
use native_emulator_support::{admin, clear_faults, http_client, identity_admin, inject, pool_config, sdk_pool, start_with, Emulator};
use serde_json::{json, Value};

const PASSWORD: &str = "Passw0rd!x";

/// The emulator's transport, recording each request's operation; with `threaded`, each
/// request runs on a thread of its own and the future waits for it (so concurrent callers
/// really are in flight together on one executor thread).
#[derive(Clone, Default)]
struct Recording {
    sent: Rc<RefCell<Vec<String>>>,
    threaded: bool,
}

impl Recording {
    fn threaded() -> Self {
        Recording { threaded: true, ..Default::default() }
    }

    fn count(&self, operation: &str) -> usize {
        self.sent.borrow().iter().filter(|o| o.as_str() == operation).count()
    }
}

impl Transport for Recording {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.sent.borrow_mut().push(request.operation.name().to_string());
        if !self.threaded {
            return native_emulator_support::send(&request, http_client::DEFAULT_TIMEOUT);
        }
        let (tx, rx) = futures::channel::oneshot::channel();
        std::thread::spawn(move || {
            let _ = tx.send(native_emulator_support::send(&request, http_client::DEFAULT_TIMEOUT));
        });
        rx.await.unwrap_or_else(|_| Err(TransportError::new("request thread ended")))
    }

    async fn sleep(&self, millis: u32) {
        std::thread::sleep(Duration::from_millis(u64::from(millis)));
    }
}

struct Setup {
    emulator: Emulator,
    user_pool: String,
    client: String,
}

impl Setup {
    /// An emulator started with `flags`, a user pool with an app client and the user `alice`.
    fn new(flags: &[&str]) -> Setup {
        let emulator = start_with(flags);
        let url = emulator.url.clone();
        let user_pool = admin(&url, "CreateUserPool", json!({"PoolName": "idp"}))["UserPool"]["Id"].as_str().unwrap().to_string();
        let client = new_client(&url, &user_pool);
        admin(&url, "AdminCreateUser", json!({"UserPoolId": user_pool, "Username": "alice", "MessageAction": "SUPPRESS"}));
        admin(&url, "AdminSetUserPassword", json!({"UserPoolId": user_pool, "Username": "alice", "Password": PASSWORD, "Permanent": true}));
        Setup { emulator, user_pool, client }
    }

    fn url(&self) -> &str {
        &self.emulator.url
    }

    /// AWS's provider name for the user pool (what an identity pool is configured with).
    fn provider(&self) -> String {
        format!("cognito-idp.us-east-1.amazonaws.com/{}", self.user_pool)
    }

    fn identity_pool(&self, guests: bool, clients: &[&str]) -> String {
        let providers: Vec<Value> = clients.iter().map(|c| json!({"ProviderName": self.provider(), "ClientId": c})).collect();
        identity_admin(self.url(), "CreateIdentityPool", json!({"IdentityPoolName": "app", "AllowUnauthenticatedIdentities": guests, "CognitoIdentityProviders": providers}))
            ["IdentityPoolId"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// alice's ID token, from an SRP sign-in through the SDK core with `client`.
    fn sign_in(&self, client: &str) -> String {
        let (pool, _) = sdk_pool(pool_config(self.url(), &self.user_pool, client, None));
        let user = CognitoUser::new("alice", pool, None);
        match block_on(user.authenticate_user(&AuthenticationDetails::with_password("alice", PASSWORD))).unwrap() {
            AuthOutcome::Success { session, .. } => session.id_token().jwt_token().to_string(),
            other => panic!("expected a session, got {other:?}"),
        }
    }

    fn provider_for<T: Transport>(&self, identity_pool: &str, transport: T, storage: Rc<MemoryStorage>, margin: i64) -> CredentialsProvider<T> {
        let mut config = IdentityPoolConfig::new(identity_pool).unwrap();
        config.endpoint = Some(self.url().to_string());
        config.refresh_margin_seconds = margin;
        CredentialsProvider::new(config, transport, storage as Rc<dyn Storage>)
    }

    fn logins_of(&self, identity: &str) -> Value {
        identity_admin(self.url(), "DescribeIdentity", json!({"IdentityId": identity})).get("Logins").cloned().unwrap_or(Value::Null)
    }
}

fn new_client(url: &str, user_pool: &str) -> String {
    admin(url, "CreateUserPoolClient", json!({"UserPoolId": user_pool, "ClientName": "web", "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}))
        ["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_string()
}

fn now() -> i64 {
    http_client::unix_now()
}

#[test]
fn signed_in_credentials_the_open_id_token_and_sign_out() {
    let s = Setup::new(&["--credentials-validity", "900"]);
    let pool = s.identity_pool(false, &[&s.client]);
    let storage = Rc::new(MemoryStorage::new());
    let transport = Recording::default();
    let provider = s.provider_for(&pool, transport.clone(), storage.clone(), 300);
    provider.set_id_token(&s.sign_in(&s.client)).unwrap();

    let before = now();
    let c = block_on(provider.get_credentials()).unwrap();
    assert!(c.access_key_id.starts_with("ASIA") && c.access_key_id.len() == 20, "{c:?}");
    assert_eq!(c.secret_access_key.len(), 40);
    assert!(!c.session_token.is_empty());
    assert!((before + 899..=before + 902).contains(&c.expiration), "{} vs {before}", c.expiration);
    let identity = provider.identity_id().expect("the identity id is cached");
    assert_eq!(storage.get_item(&identity_id_key(&pool)).as_deref(), Some(identity.as_str()));
    assert_eq!(s.logins_of(&identity), json!([s.provider()]));
    // The result is the AWS SDK v3 credential shape.
    let shape = serde_json::to_value(&c).unwrap();
    let mut keys: Vec<&String> = shape.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["accessKeyId", "expiration", "secretAccessKey", "sessionToken"]);

    // Fresh credentials are reused: no request.
    assert_eq!(block_on(provider.get_credentials()).unwrap(), c);
    assert_eq!((transport.count("GetId"), transport.count("GetCredentialsForIdentity")), (1, 1));

    // The basic flow: an OpenID token for the same identity.
    let open_id = block_on(provider.get_open_id_token()).unwrap();
    assert_eq!(open_id.identity_id, identity);
    let claims: Value = serde_json::from_str(cognito_wasm::tokens::JwtPayload::decode(&open_id.token).json()).unwrap();
    assert_eq!((claims["sub"].as_str(), claims["aud"].as_str()), (Some(identity.as_str()), Some(pool.as_str())));

    // Sign-out: identity id and credentials gone; as a guest this pool refuses.
    provider.clear().unwrap();
    assert_eq!((provider.identity_id(), provider.cached_credentials()), (None, None));
    assert!(storage.is_empty());
    let e = block_on(provider.get_credentials()).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("NotAuthorizedException"), "{e:?}");
    assert_eq!(e.message, "Unauthenticated access is not supported for this identity pool.");
    assert!(storage.is_empty(), "a refusal stores nothing");
}

#[test]
fn a_guest_is_linked_on_sign_in_and_another_guest_merges_into_it() {
    let s = Setup::new(&[]);
    let pool = s.identity_pool(true, &[&s.client]);
    let provider = s.provider_for(&pool, Recording::default(), Rc::new(MemoryStorage::new()), 300);
    let guest_credentials = block_on(provider.get_credentials()).unwrap();
    let guest = provider.identity_id().unwrap();
    assert_eq!(s.logins_of(&guest), Value::Null);

    // Sign-in: the logins key comes from the token's iss (the emulator's own issuer); the
    // guest identity becomes alice's, and the guest's credentials are not reused.
    provider.set_id_token(&s.sign_in(&s.client)).unwrap();
    assert_eq!(provider.cached_credentials(), None);
    let signed_in = block_on(provider.get_credentials()).unwrap();
    assert_ne!(signed_in.access_key_id, guest_credentials.access_key_id);
    assert_eq!(provider.identity_id().as_deref(), Some(guest.as_str()));
    assert_eq!(s.logins_of(&guest), json!([s.provider()]));

    // Another browser: a guest of its own, merged into alice's identity on sign-in.
    let other = s.provider_for(&pool, Recording::default(), Rc::new(MemoryStorage::new()), 300);
    block_on(other.get_credentials()).unwrap();
    let other_guest = other.identity_id().unwrap();
    assert_ne!(other_guest, guest);
    other.set_id_token(&s.sign_in(&s.client)).unwrap();
    block_on(other.get_credentials()).unwrap();
    assert_eq!(other.identity_id().as_deref(), Some(guest.as_str()), "the answer's identity is cached");
    let gone = http_client::identity(s.url(), "DescribeIdentity", &json!({"IdentityId": other_guest})).unwrap_err();
    assert_eq!(gone.code, "ResourceNotFoundException");
}

#[test]
fn credentials_are_refreshed_before_expiry_once_for_20_concurrent_callers() {
    let s = Setup::new(&["--credentials-validity", "4"]);
    let pool = s.identity_pool(true, &[&s.client]);
    let transport = Recording::threaded();
    let provider = s.provider_for(&pool, transport.clone(), Rc::new(MemoryStorage::new()), 2);
    provider.set_id_token(&s.sign_in(&s.client)).unwrap();

    // 20 callers at once, nothing cached: one GetId, one GetCredentialsForIdentity.
    let first: Vec<_> = block_on(join_all((0..20).map(|_| provider.get_credentials())));
    let a = first[0].clone().unwrap();
    assert!(first.iter().all(|c| c.as_ref() == Ok(&a)));
    assert_eq!((transport.count("GetId"), transport.count("GetCredentialsForIdentity")), (1, 1));

    // Within the margin (2 s before the 4 s expiry): 20 callers, one refresh.
    while now() < a.expiration - 2 {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(now() < a.expiration, "still before the expiry: a refresh, not a renewal of expired credentials");
    let second: Vec<_> = block_on(join_all((0..20).map(|_| provider.get_credentials())));
    let b = second[0].clone().unwrap();
    assert!(second.iter().all(|c| c.as_ref() == Ok(&b)));
    assert_ne!(b.access_key_id, a.access_key_id);
    assert!(b.expiration > a.expiration);
    assert_eq!((transport.count("GetId"), transport.count("GetCredentialsForIdentity")), (1, 2));
}

#[test]
fn a_failing_refresh_keeps_the_last_good_credentials_until_they_expire() {
    let s = Setup::new(&["--credentials-validity", "3"]);
    let pool = s.identity_pool(true, &[&s.client]);
    let transport = Recording::default();
    // A margin longer than the validity: every call tries to refresh.
    let provider = s.provider_for(&pool, transport.clone(), Rc::new(MemoryStorage::new()), 60);
    let good = block_on(provider.get_credentials()).unwrap();
    inject(s.url(), json!({"target": "GetCredentialsForIdentity", "kind": "error-json", "status": 500, "count": 100}));
    assert_eq!(block_on(provider.get_credentials()).unwrap(), good, "the last good credentials while they last");
    assert_eq!(transport.count("GetCredentialsForIdentity"), 2, "the refresh was tried");
    while now() < good.expiration {
        std::thread::sleep(Duration::from_millis(100));
    }
    let e = block_on(provider.get_credentials()).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("InternalErrorException"), "{e:?}");
    clear_faults(s.url());
    let fresh = block_on(provider.get_credentials()).unwrap();
    assert_ne!(fresh.access_key_id, good.access_key_id);
}

#[test]
fn each_refusal_is_cognitos_error_and_caches_nothing() {
    let s = Setup::new(&[]);
    let unlisted_client = new_client(s.url(), &s.user_pool);
    let id_token = s.sign_in(&s.client);

    let foreign_token = {
        let other = Setup::new(&[]);
        other.sign_in(&other.client)
    };
    let with_key = |key: &str, token: &str| {
        let mut l = Logins::default();
        l.insert(key.to_string(), token.to_string());
        l
    };
    let other_pool = admin(s.url(), "CreateUserPool", json!({"PoolName": "other"}))["UserPool"]["Id"].as_str().unwrap().to_string();
    let other_provider = format!("cognito-idp.us-east-1.amazonaws.com/{other_pool}");
    let other_client = new_client(s.url(), &other_pool);
    let pool = identity_admin(
        s.url(),
        "CreateIdentityPool",
        json!({"IdentityPoolName": "strict", "AllowUnauthenticatedIdentities": false,
               "CognitoIdentityProviders": [{"ProviderName": s.provider(), "ClientId": s.client}, {"ProviderName": other_provider, "ClientId": other_client}]}),
    )["IdentityPoolId"]
        .as_str()
        .unwrap()
        .to_string();
    let cases: Vec<(&str, Logins, &str, &str)> = vec![
        ("a foreign token", with_key(&s.provider(), &foreign_token), "NotAuthorizedException", "Invalid login token. Couldn't verify signed token."),
        ("a Logins key that is not the token's issuer", with_key(&other_provider, &id_token), "NotAuthorizedException", "Invalid login token. Issuer doesn't match providerName"),
        ("a provider the identity pool does not list", with_key("accounts.google.com", &id_token), "NotAuthorizedException", "Token is not from a supported provider of this identity pool."),
        (
            "a client the identity pool does not list",
            cognito_wasm::identity::logins_for_id_token(&s.sign_in(&unlisted_client)).unwrap(),
            "NotAuthorizedException",
            "Invalid login token. Incorrect token audience.",
        ),
        ("no logins where guests are not allowed", Logins::default(), "NotAuthorizedException", "Unauthenticated access is not supported for this identity pool."),
    ];
    for (what, logins, code, message) in cases {
        let storage = Rc::new(MemoryStorage::new());
        let provider = s.provider_for(&pool, Recording::default(), storage.clone(), 300);
        provider.set_logins(logins);
        let e = block_on(provider.get_credentials()).unwrap_err();
        assert_eq!((e.code.as_deref(), e.message.as_str()), (Some(code), message), "{what}");
        assert!(storage.is_empty() && provider.cached_credentials().is_none(), "{what}: nothing cached");
    }
    let listed = identity_admin(s.url(), "ListIdentities", json!({"IdentityPoolId": pool, "MaxResults": 60}));
    assert_eq!(listed["Identities"], json!([]), "no identity was created");

    // An expired ID token: the emulator's clock moves on two hours.
    native_emulator_support::advance_emulator_clock(s.url(), 7200);
    let provider = s.provider_for(&pool, Recording::default(), Rc::new(MemoryStorage::new()), 300);
    provider.set_id_token(&id_token).unwrap();
    let e = block_on(provider.get_credentials()).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("NotAuthorizedException"));
    assert!(e.message.starts_with("Invalid login token. Token expired"), "{}", e.message);
    clear_faults(s.url());

    // A deleted identity pool.
    let provider = s.provider_for(&pool, Recording::default(), Rc::new(MemoryStorage::new()), 300);
    provider.set_id_token(&id_token).unwrap();
    block_on(provider.get_credentials()).unwrap();
    identity_admin(s.url(), "DeleteIdentityPool", json!({"IdentityPoolId": pool}));
    let storage = Rc::new(MemoryStorage::new());
    let after = s.provider_for(&pool, Recording::default(), storage.clone(), 300);
    after.set_id_token(&s.sign_in(&s.client)).unwrap();
    let e = block_on(after.get_credentials()).unwrap_err();
    assert_eq!((e.code.as_deref(), e.message.as_str()), (Some("ResourceNotFoundException"), format!("IdentityPool '{pool}' not found.").as_str()));
    assert!(storage.is_empty());

    // Bad input to the provider itself: typed errors, no request.
    assert_eq!(IdentityPoolConfig::new("no-region").unwrap_err().code.as_deref(), Some("InvalidParameterException"));
    assert_eq!(provider.set_id_token("not.a-token").unwrap_err().code.as_deref(), Some("InvalidParameterException"));
}

#[test]
fn the_basic_flow_exchanges_the_open_id_token_at_sts() {
    let s = Setup::new(&["--credentials-validity", "900"]);
    let pool = s.identity_pool(true, &[&s.client]);
    let transport = Recording::default();
    let storage = Rc::new(MemoryStorage::new());
    let mut config = IdentityPoolConfig::new(&pool).unwrap();
    config.endpoint = Some(s.url().to_string());
    config.basic_flow = Some(BasicFlow { role_arn: "arn:aws:iam::123456789012:role/app".into(), role_session_name: None, sts_endpoint: Some(s.url().to_string()) });
    let provider = CredentialsProvider::new(config.clone(), transport.clone(), storage.clone() as Rc<dyn Storage>);
    provider.set_id_token(&s.sign_in(&s.client)).unwrap();
    let before = now();
    let c = block_on(provider.get_credentials()).unwrap();
    assert!(c.access_key_id.starts_with("ASIA"));
    assert!((before + 899..=before + 902).contains(&c.expiration), "{}", c.expiration);
    assert_eq!((transport.count("GetId"), transport.count("GetOpenIdToken"), transport.count("AssumeRoleWithWebIdentity")), (1, 1, 1));
    assert_eq!(s.logins_of(&provider.identity_id().unwrap()), json!([s.provider()]));
    assert_eq!(block_on(provider.get_credentials()).unwrap(), c, "cached like the enhanced flow's");

    // STS refuses a role that is not an IAM role ARN: its error, typed.
    config.basic_flow = Some(BasicFlow { role_arn: "not-a-role".into(), role_session_name: None, sts_endpoint: Some(s.url().to_string()) });
    let refused = CredentialsProvider::new(config, Recording::default(), Rc::new(MemoryStorage::new()) as Rc<dyn Storage>);
    let e = block_on(refused.get_credentials()).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("ValidationError"), "{e:?}");
    assert!(refused.cached_credentials().is_none());
}

#[test]
fn a_caller_after_sign_in_never_gets_the_guest_refresh_still_in_flight() {
    use std::future::Future;
    let s = Setup::new(&[]);
    let pool = s.identity_pool(true, &[&s.client]);
    let transport = Recording::threaded();
    let provider = s.provider_for(&pool, transport.clone(), Rc::new(MemoryStorage::new()), 300);
    let token = s.sign_in(&s.client);
    // A guest refresh starts (and waits for its answer)...
    let mut guest = Box::pin(provider.get_credentials());
    let mut cx = std::task::Context::from_waker(futures::task::noop_waker_ref());
    assert!(guest.as_mut().poll(&mut cx).is_pending());
    // ...then the user signs in and asks: not the guest's credentials.
    provider.set_id_token(&token).unwrap();
    let (guest, signed_in) = block_on(futures::future::join(guest, provider.get_credentials()));
    let (guest, signed_in) = (guest.unwrap(), signed_in.unwrap());
    assert_ne!(guest.access_key_id, signed_in.access_key_id);
    assert_eq!(provider.cached_credentials(), Some(signed_in));
    assert_eq!(transport.count("GetCredentialsForIdentity"), 2);
    assert_eq!(s.logins_of(&provider.identity_id().unwrap()), json!([s.provider()]));
}

#[test]
fn a_cached_identity_cognito_no_longer_serves_is_replaced_once() {
    let s = Setup::new(&[]);
    let pool = s.identity_pool(true, &[&s.client]);
    let storage = Rc::new(MemoryStorage::new());
    // An identity id left by an identity pool that was deleted and made again.
    storage.set_item(&identity_id_key(&pool), "us-east-1:00000000-0000-0000-0000-000000000000").unwrap();
    let transport = Recording::default();
    let provider = s.provider_for(&pool, transport.clone(), storage.clone(), 300);
    block_on(provider.get_credentials()).unwrap();
    let guest = provider.identity_id().unwrap();
    assert_ne!(guest, "us-east-1:00000000-0000-0000-0000-000000000000");
    assert_eq!((transport.count("GetCredentialsForIdentity"), transport.count("GetId")), (2, 1));

    // alice's identity cached, then a guest on this browser (signed out elsewhere, logins
    // gone): a new guest identity instead of "Logins don't match".
    provider.set_id_token(&s.sign_in(&s.client)).unwrap();
    block_on(provider.get_credentials()).unwrap();
    assert_eq!(provider.identity_id().as_deref(), Some(guest.as_str()));
    let as_guest = s.provider_for(&pool, Recording::default(), storage.clone(), 300);
    block_on(as_guest.get_credentials()).unwrap();
    let new_guest = as_guest.identity_id().unwrap();
    assert_ne!(new_guest, guest);
    assert_eq!(s.logins_of(&new_guest), Value::Null);
}
