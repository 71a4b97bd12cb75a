//! The account methods of the core (sign-up, passwords, attributes, user data,
//! MFA settings, devices, deletion), `pool.client.request` for any operation name, and
//! `local_session`, driven through the scripted mock transport that checks every
//! request body exactly.
#![cfg(not(target_arch = "wasm32"))]

mod native_support;

use std::cell::RefCell;
use std::rc::Rc;

use cognito_wasm::crypto::secret_hash;
use cognito_wasm::pool_config::{PoolConfig, PoolData};
use cognito_wasm::session::CognitoUserSession;
use cognito_wasm::storage::{MemoryStorage, Storage};
use cognito_wasm::tokens::{AccessToken, IdToken, RefreshToken};
use cognito_wasm::user::{CognitoUser, GetUserDataOptions, LocalSession, UserPool};
use cognito_wasm::protocol::account::{CodeDeliveryDetails, MfaOption, MfaSettings, UserAttribute};
use cognito_wasm::wire::errors::messages::USER_NOT_AUTHENTICATED;
use cognito_wasm::protocol::messages::StringMap;
use cognito_wasm::wire::{HttpResponse, SdkError, SdkResult, TransportError};
use futures::executor::block_on;
use native_support::*;
use serde_json::{json, Value};

const SECRET: &str = "client-secret-value";

fn now_s() -> i64 {
    NOW_MS / 1000
}

fn metadata(pairs: &[(&str, &str)]) -> Option<StringMap> {
    Some(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
}

/// A session valid now (issued now, one hour), with `refresh` as its refresh token.
fn session(tag: &str, refresh: &str) -> CognitoUserSession {
    let access = jwt(json!({"sub": "sub-1", "token_use": "access", "iat": now_s(), "exp": now_s() + 3600, "tag": tag}));
    let id = jwt(json!({"sub": "sub-1", "token_use": "id", "iat": now_s(), "exp": now_s() + 3600, "tag": tag}));
    CognitoUserSession::new(Some(IdToken::new(id)), Some(AccessToken::new(access)), Some(RefreshToken::new(refresh)), None, now_s()).unwrap()
}

/// `alice`, signed in (session in memory and storage); returns the access token.
fn signed_in(pool: &Rc<UserPool<Mock>>) -> (CognitoUser<Mock>, String) {
    let user = user(pool, "alice");
    let s = session("a", "refresh-a");
    let access = s.access_token().jwt_token().to_string();
    user.set_sign_in_user_session(s).unwrap();
    (user, access)
}

/// A pool whose user-context provider returns `encoded-<username>`.
fn pool_with_context(mock: &Mock, secret: Option<&str>) -> Rc<UserPool<Mock>> {
    let config = PoolConfig::new(PoolData {
        user_pool_id: Some(POOL_ID.into()),
        client_id: Some(CLIENT_ID.into()),
        endpoint: Some("http://mock.invalid/".into()),
        client_secret: secret.map(str::to_string),
        ..Default::default()
    })
    .unwrap();
    let mut pool = UserPool::new(config, mock.clone(), Rc::new(MemoryStorage::new()) as Rc<dyn Storage>);
    pool.set_user_context_provider(Some(Box::new(|username: &str| Some(format!("encoded-{username}")))));
    Rc::new(pool)
}

fn not_authenticated(result: SdkResult<impl std::fmt::Debug>) {
    let e = result.expect_err("must fail without a session");
    assert_eq!((e.code, e.name.as_str(), e.message.as_str()), (None, "Error", USER_NOT_AUTHENTICATED));
}

fn json_of(raw: &cognito_wasm::user::RawJson) -> Value {
    serde_json::from_str(raw.text()).unwrap()
}

// ----- pool.client.request: any operation name -----

#[test]
fn request_text_sends_any_operation_name_and_maps_errors() {
    let mock = Mock::new();
    let (pool, _) = pool(&mock);
    mock.expect_ok("GetTokensFromRefreshToken", json!({"AuthenticationResult": {"AccessToken": "x"}}));
    let text = block_on(pool.client().request_text("GetTokensFromRefreshToken", r#"{"RefreshToken":"r","ClientId":"c"}"#.into())).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), json!({"AuthenticationResult": {"AccessToken": "x"}}));
    let r = mock.last_request();
    assert_eq!(header(&r, "X-Amz-Target"), "AWSCognitoIdentityProviderService.GetTokensFromRefreshToken");
    assert_eq!(header(&r, "Content-Type"), "application/x-amz-json-1.1");
    assert_eq!(header(&r, "Cache-Control"), "no-store");
    assert_eq!(r.headers.len(), 4);
    assert_eq!(r.body, json!({"RefreshToken": "r", "ClientId": "c"}));

    // Empty and non-JSON success bodies read as `{}`.
    mock.expect("RevokeToken", |_| Ok(HttpResponse::new(200, "")));
    assert_eq!(block_on(pool.client().request_text("RevokeToken", "{}".into())).unwrap(), "{}");
    mock.expect("GetUser", |_| Ok(HttpResponse::new(200, "<html>")));
    assert_eq!(block_on(pool.client().request_text("GetUser", "{}".into())).unwrap(), "{}");

    // Errors: as the typed requests.
    mock.expect_error("SomeNewOperation", 400, "com.amazon#NotAuthorizedException", "Access Token has been revoked");
    let e = block_on(pool.client().request_text("SomeNewOperation", "{}".into())).unwrap_err();
    assert_eq!(e, SdkError::service("NotAuthorizedException", "Access Token has been revoked", None));
    mock.expect("GetUser", |_| Ok(HttpResponse { status: 500, body: String::new(), error_type: Some("InternalErrorException:x".into()) }));
    let e = block_on(pool.client().request_text("GetUser", "{}".into())).unwrap_err();
    assert_eq!(e, SdkError::service("InternalErrorException", "500", Some(500)));
    mock.expect("GetUser", |_| Err(TransportError { detail: "offline".into() }));
    assert_eq!(block_on(pool.client().request_text("GetUser", "{}".into())).unwrap_err(), SdkError::network());
    mock.assert_done();
}

#[test]
fn request_text_with_retry_retries_what_can_succeed() {
    let mock = Mock::new();
    let (pool, _) = pool(&mock);
    mock.expect_error("RevokeToken", 500, "InternalErrorException", "boom");
    mock.expect_error("RevokeToken", 400, "TooManyRequestsException", "slow down");
    mock.expect_ok("RevokeToken", json!({}));
    assert_eq!(block_on(pool.client().request_text_with_retry("RevokeToken", "{}".into())).unwrap(), "{}");
    assert_eq!(mock.0.sleeps.borrow().len(), 2);
    mock.expect_error("RevokeToken", 400, "NotAuthorizedException", "no");
    assert!(block_on(pool.client().request_text_with_retry("RevokeToken", "{}".into())).unwrap_err().is("NotAuthorizedException"));
    mock.assert_done();
}

// ----- local_session -----

#[test]
fn local_session_reports_without_the_network() {
    let mock = Mock::new();
    let (pool, storage) = pool(&mock);
    let user = user(&pool, "alice");
    let e = user.local_session().unwrap_err();
    assert_eq!(e.message, "Local storage is missing an ID Token, Please authenticate");

    // Valid in storage: adopted into memory.
    let s = session("a", "refresh-a");
    user.set_sign_in_user_session(s.clone()).unwrap();
    let fresh = cognito_wasm::user::current_user(&pool).unwrap();
    assert_eq!(fresh.local_session().unwrap(), LocalSession::Valid(s.clone()));
    assert_eq!(fresh.sign_in_user_session(), Some(s));

    // Expired: the stored refresh token.
    mock.0.now_ms.set(NOW_MS + 7_200_000);
    let later = cognito_wasm::user::current_user(&pool).unwrap();
    assert_eq!(later.local_session().unwrap(), LocalSession::NeedsRefresh(RefreshToken::new("refresh-a")));
    // Expired without a refresh token.
    storage.set_item(&format!("{PREFIX}.alice.refreshToken"), "").unwrap();
    assert_eq!(later.local_session().unwrap_err().message, "Cannot retrieve a new session. Please authenticate.");
    assert_eq!(mock.requests().len(), 0);
}

// ----- registration -----

#[test]
fn sign_up_sends_the_reference_body() {
    let mock = Mock::new();
    let (pool, _) = pool(&mock);
    mock.expect_ok(
        "SignUp",
        json!({"UserConfirmed": false, "UserSub": "sub-9", "CodeDeliveryDetails": {"Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}}),
    );
    let result = block_on(pool.sign_up(
        "alice",
        "Passw0rd!",
        Some(vec![UserAttribute::new("email", "alice@example.com")]),
        Some(vec![UserAttribute::new("invite", "x1")]),
        metadata(&[("source", "web")]),
    ))
    .unwrap();
    assert_eq!(
        mock.last_request().body,
        json!({"ClientId": CLIENT_ID, "Username": "alice", "Password": "Passw0rd!",
               "UserAttributes": [{"Name": "email", "Value": "alice@example.com"}],
               "ValidationData": [{"Name": "invite", "Value": "x1"}],
               "ClientMetadata": {"source": "web"}})
    );
    assert_eq!(result.username, "alice");
    assert_eq!(result.user_confirmed, Some(false));
    assert_eq!(result.user_sub.as_deref(), Some("sub-9"));
    assert_eq!(
        result.code_delivery_details,
        Some(CodeDeliveryDetails { destination: Some("a***@e***".into()), delivery_medium: Some("EMAIL".into()), attribute_name: Some("email".into()) })
    );

    // Absent lists and metadata are left out (JavaScript undefined).
    mock.expect_ok("SignUp", json!({"UserConfirmed": true, "UserSub": "sub-10"}));
    let result = block_on(pool.sign_up("bob", "Passw0rd!", None, None, None)).unwrap();
    assert_eq!(mock.last_request().body, json!({"ClientId": CLIENT_ID, "Username": "bob", "Password": "Passw0rd!"}));
    assert_eq!((result.user_confirmed, result.code_delivery_details), (Some(true), None));

    mock.expect_error("SignUp", 400, "UsernameExistsException", "User already exists");
    let e = block_on(pool.sign_up("bob", "Passw0rd!", None, None, None)).unwrap_err();
    assert_eq!(e, SdkError::service("UsernameExistsException", "User already exists", None));
    mock.assert_done();
}

#[test]
fn registration_with_a_secret_and_user_context_data() {
    let mock = Mock::new();
    let pool = pool_with_context(&mock, Some(SECRET));
    let hash = |u: &str| secret_hash(SECRET, u, CLIENT_ID);

    mock.expect_ok("SignUp", json!({"UserConfirmed": false, "UserSub": "s"}));
    block_on(pool.sign_up("alice", "pw", None, None, None)).unwrap();
    assert_eq!(
        mock.last_request().body,
        json!({"ClientId": CLIENT_ID, "Username": "alice", "Password": "pw", "UserContextData": {"EncodedData": "encoded-alice"}, "SecretHash": hash("alice")})
    );

    let alice = user(&pool, "alice");
    mock.expect_ok("ConfirmSignUp", json!({}));
    block_on(alice.confirm_registration("123456", Some(true), metadata(&[("k", "v")]))).unwrap();
    assert_eq!(
        mock.last_request().body,
        json!({"ClientId": CLIENT_ID, "ConfirmationCode": "123456", "Username": "alice", "ForceAliasCreation": true,
               "ClientMetadata": {"k": "v"}, "UserContextData": {"EncodedData": "encoded-alice"}, "SecretHash": hash("alice")})
    );

    mock.expect_ok("ResendConfirmationCode", json!({"CodeDeliveryDetails": {"DeliveryMedium": "EMAIL"}}));
    let raw = block_on(alice.resend_confirmation_code(None)).unwrap();
    assert_eq!(json_of(&raw), json!({"CodeDeliveryDetails": {"DeliveryMedium": "EMAIL"}}));
    // No UserContextData here, as the reference.
    assert_eq!(mock.last_request().body, json!({"ClientId": CLIENT_ID, "Username": "alice", "SecretHash": hash("alice")}));

    mock.expect_ok("ForgotPassword", json!({"CodeDeliveryDetails": {"DeliveryMedium": "EMAIL"}}));
    block_on(alice.forgot_password(metadata(&[("a", "b")]))).unwrap();
    assert_eq!(
        mock.last_request().body,
        json!({"ClientId": CLIENT_ID, "Username": "alice", "ClientMetadata": {"a": "b"},
               "UserContextData": {"EncodedData": "encoded-alice"}, "SecretHash": hash("alice")})
    );

    mock.expect_ok("ConfirmForgotPassword", json!({}));
    block_on(alice.confirm_password("654321", "N3w-Passw0rd!", None)).unwrap();
    assert_eq!(
        mock.last_request().body,
        json!({"ClientId": CLIENT_ID, "Username": "alice", "ConfirmationCode": "654321", "Password": "N3w-Passw0rd!",
               "UserContextData": {"EncodedData": "encoded-alice"}, "SecretHash": hash("alice")})
    );
    mock.assert_done();
}

#[test]
fn registration_without_secret_or_context_and_its_errors() {
    let mock = Mock::new();
    let (pool, _) = pool(&mock);
    let alice = user(&pool, "alice");
    mock.expect_ok("ConfirmSignUp", json!({}));
    block_on(alice.confirm_registration("123456", None, None)).unwrap();
    assert_eq!(mock.last_request().body, json!({"ClientId": CLIENT_ID, "ConfirmationCode": "123456", "Username": "alice"}));

    mock.expect_error("ConfirmSignUp", 400, "CodeMismatchException", "Invalid verification code provided, please try again.");
    let e = block_on(alice.confirm_registration("000000", Some(false), None)).unwrap_err();
    assert!(e.is("CodeMismatchException"));
    assert_eq!(mock.last_request().body["ForceAliasCreation"], json!(false));

    mock.expect_error("ResendConfirmationCode", 400, "LimitExceededException", "Attempt limit exceeded");
    assert!(block_on(alice.resend_confirmation_code(None)).unwrap_err().is("LimitExceededException"));

    mock.expect_ok("ForgotPassword", json!({"CodeDeliveryDetails": {"AttributeName": "email"}}));
    let raw = block_on(alice.forgot_password(None)).unwrap();
    assert_eq!(json_of(&raw)["CodeDeliveryDetails"]["AttributeName"], "email");
    assert_eq!(mock.last_request().body, json!({"ClientId": CLIENT_ID, "Username": "alice"}));

    mock.expect_error("ConfirmForgotPassword", 400, "ExpiredCodeException", "Invalid code provided, please request a code again.");
    assert!(block_on(alice.confirm_password("1", "pw", None)).unwrap_err().is("ExpiredCodeException"));
    mock.assert_done();
    // Raw responses show only their length in Debug output.
    assert!(!format!("{alice:?} {raw:?}").contains("EMAIL"));
}

// ----- signed-in methods: the guard -----

#[test]
fn signed_in_methods_fail_at_once_without_a_valid_session() {
    let mock = Mock::new();
    let (pool, storage) = pool(&mock);
    let user = user(&pool, "alice");
    not_authenticated(block_on(user.change_password("a", "b", None)));
    not_authenticated(block_on(user.get_user_attributes()));
    not_authenticated(block_on(user.update_attributes(vec![UserAttribute::new("name", "A")], None)));
    not_authenticated(block_on(user.delete_attributes(vec!["name".into()])));
    not_authenticated(block_on(user.get_attribute_verification_code("email", None)));
    not_authenticated(block_on(user.verify_attribute("email", "1")));
    not_authenticated(block_on(user.get_mfa_options()));
    not_authenticated(block_on(user.enable_mfa()));
    not_authenticated(block_on(user.disable_mfa()));
    not_authenticated(block_on(user.set_user_mfa_preference(None, None)));
    not_authenticated(block_on(user.get_device()));
    not_authenticated(block_on(user.list_devices(Some(10), None)));
    not_authenticated(block_on(user.set_device_status_remembered()));
    not_authenticated(block_on(user.set_device_status_not_remembered()));
    not_authenticated(block_on(user.forget_device()));
    not_authenticated(block_on(user.forget_specific_device("k")));
    not_authenticated(block_on(user.delete_user(None)));
    // getUserData also drops the cached user data.
    storage.set_item(&format!("{PREFIX}.alice.userData"), r#"{"Username":"alice"}"#).unwrap();
    not_authenticated(block_on(user.get_user_data(GetUserDataOptions::default())));
    assert_eq!(storage.get_item(&format!("{PREFIX}.alice.userData")), None);

    // An expired session is no session: no refresh is attempted.
    let (signed, _) = signed_in(&pool);
    mock.0.now_ms.set(NOW_MS + 3_600_000);
    not_authenticated(block_on(signed.change_password("a", "b", None)));
    assert_eq!(mock.requests().len(), 0);
}

// ----- passwords and the account -----

#[test]
fn change_password_and_delete_user() {
    let mock = Mock::new();
    let (pool, storage) = pool(&mock);
    let (user, access) = signed_in(&pool);
    mock.expect_ok("ChangePassword", json!({}));
    block_on(user.change_password("0ld-Passw0rd!", "N3w-Passw0rd!", metadata(&[("m", "1")]))).unwrap();
    assert_eq!(
        mock.last_request().body,
        json!({"PreviousPassword": "0ld-Passw0rd!", "ProposedPassword": "N3w-Passw0rd!", "AccessToken": access, "ClientMetadata": {"m": "1"}})
    );
    mock.expect_error("ChangePassword", 400, "InvalidPasswordException", "Password did not conform with policy: Password not long enough");
    let e = block_on(user.change_password("0ld-Passw0rd!", "short", None)).unwrap_err();
    assert_eq!(e.message, "Password did not conform with policy: Password not long enough");
    assert_eq!(mock.last_request().body.get("ClientMetadata"), None);

    // DeleteUser: a failure clears nothing; success clears the cached user but not the
    // device keys.
    storage.set_item(&format!("{PREFIX}.alice.deviceKey"), "dk").unwrap();
    mock.expect_error("DeleteUser", 400, "NotAuthorizedException", "Access Token has been revoked");
    assert!(block_on(user.delete_user(None)).unwrap_err().is("NotAuthorizedException"));
    assert!(storage.get_item(&format!("{PREFIX}.alice.idToken")).is_some());
    mock.expect_ok("DeleteUser", json!({}));
    block_on(user.delete_user(metadata(&[("why", "test")]))).unwrap();
    assert_eq!(mock.last_request().body, json!({"AccessToken": access, "ClientMetadata": {"why": "test"}}));
    let keys: Vec<String> = storage.snapshot().into_keys().collect();
    assert_eq!(keys, [format!("{PREFIX}.alice.deviceKey")]);
    assert!(user.sign_in_user_session().is_some(), "the in-memory session stays, as in the reference");
    mock.assert_done();
}

// ----- attributes and user data -----

#[test]
fn attributes_and_verification() {
    let mock = Mock::new();
    let (pool, _) = pool(&mock);
    let (user, access) = signed_in(&pool);
    mock.expect_ok(
        "GetUser",
        json!({"Username": "alice", "UserAttributes": [{"Name": "sub", "Value": "sub-1"}, {"Name": "email", "Value": "a@e.x"}, {"Name": "empty"}],
               "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]}),
    );
    let attributes = block_on(user.get_user_attributes()).unwrap();
    assert_eq!(mock.last_request().body, json!({"AccessToken": access}));
    assert_eq!(attributes, [UserAttribute::new("sub", "sub-1"), UserAttribute::new("email", "a@e.x"), UserAttribute::new("empty", "")]);

    mock.expect_ok("GetUser", json!({"Username": "alice", "UserAttributes": [], "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]}));
    assert_eq!(block_on(user.get_mfa_options()).unwrap(), Some(vec![MfaOption::sms_phone_number()]));
    mock.expect_ok("GetUser", json!({"Username": "alice", "UserAttributes": []}));
    assert_eq!(block_on(user.get_mfa_options()).unwrap(), None);

    mock.expect_ok("GetUserAttributeVerificationCode", json!({"CodeDeliveryDetails": {"AttributeName": "email", "DeliveryMedium": "EMAIL"}}));
    let raw = block_on(user.get_attribute_verification_code("email", metadata(&[("x", "y")]))).unwrap();
    assert_eq!(mock.last_request().body, json!({"AttributeName": "email", "AccessToken": access, "ClientMetadata": {"x": "y"}}));
    assert_eq!(json_of(&raw)["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");

    mock.expect_ok("VerifyUserAttribute", json!({}));
    block_on(user.verify_attribute("email", "123456")).unwrap();
    assert_eq!(mock.last_request().body, json!({"AttributeName": "email", "Code": "123456", "AccessToken": access}));
    mock.expect_error("VerifyUserAttribute", 400, "CodeMismatchException", "Invalid verification code provided, please try again.");
    assert!(block_on(user.verify_attribute("email", "000000")).unwrap_err().is("CodeMismatchException"));
    mock.assert_done();
}

#[test]
fn get_user_data_cache_rules() {
    let mock = Mock::new();
    let (pool, storage) = pool(&mock);
    let (user, access) = signed_in(&pool);
    let key = format!("{PREFIX}.alice.userData");
    let data = json!({"Username": "alice", "UserAttributes": [{"Name": "email", "Value": "a@e.x"}]});

    // Nothing cached: GetUser, cached; bypassCache without a cache does not refresh.
    mock.expect_ok("GetUser", data.clone());
    let raw = block_on(user.get_user_data(GetUserDataOptions::bypass_cache())).unwrap();
    assert_eq!(json_of(&raw), data);
    assert_eq!(mock.last_request().body, json!({"AccessToken": access}));
    assert_eq!(serde_json::from_str::<Value>(&storage.get_item(&key).unwrap()).unwrap(), data);

    // Cached: no request.
    let raw = block_on(user.get_user_data(GetUserDataOptions::default())).unwrap();
    assert_eq!(json_of(&raw), data);
    assert_eq!(mock.requests().len(), 1);

    // Cached + bypassCache: GetUser, then a refresh with the in-memory refresh token.
    let newer = json!({"Username": "alice", "UserAttributes": [{"Name": "email", "Value": "b@e.x"}]});
    mock.expect_ok("GetUser", newer.clone());
    mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": auth_result(now_s(), "r", false)}));
    let options = GetUserDataOptions { bypass_cache: true, client_metadata: metadata(&[("c", "d")]) };
    let raw = block_on(user.get_user_data(options)).unwrap();
    assert_eq!(json_of(&raw), newer);
    let refresh = mock.last_request();
    assert_eq!(refresh.body["AuthFlow"], "REFRESH_TOKEN_AUTH");
    assert_eq!(refresh.body["AuthParameters"]["REFRESH_TOKEN"], "refresh-a");
    assert_eq!(refresh.body["ClientMetadata"], json!({"c": "d"}));
    assert!(user.sign_in_user_session().unwrap().id_token().payload().json().contains("\"tag\":\"r\""));

    // A failed refresh does not fail getUserData.
    mock.expect_ok("GetUser", newer.clone());
    mock.expect_error("InitiateAuth", 400, "NotAuthorizedException", "Refresh Token has expired");
    assert_eq!(json_of(&block_on(user.get_user_data(GetUserDataOptions::bypass_cache())).unwrap()), newer);

    // A GetUser failure does.
    let (user, _) = signed_in(&pool);
    mock.expect_error("GetUser", 400, "NotAuthorizedException", "Access Token has been revoked");
    assert!(block_on(user.get_user_data(GetUserDataOptions::default())).unwrap_err().is("NotAuthorizedException"));

    // Unparseable cache: removed, SyntaxError.
    storage.set_item(&key, "{not json").unwrap();
    let e = block_on(user.get_user_data(GetUserDataOptions::default())).unwrap_err();
    assert_eq!((e.code, e.name.as_str()), (None, "SyntaxError"));
    assert_eq!(storage.get_item(&key), None);
    mock.assert_done();
}

#[test]
fn update_and_delete_attributes_then_refresh_user_data() {
    let mock = Mock::new();
    let config = PoolConfig::new(PoolData {
        user_pool_id: Some(POOL_ID.into()),
        client_id: Some(CLIENT_ID.into()),
        endpoint: Some("http://mock.invalid/".into()),
        ..Default::default()
    })
    .unwrap();
    let storage = Rc::new(MemoryStorage::new());
    let mut pool = UserPool::new(config, mock.clone(), storage.clone() as Rc<dyn Storage>);
    let refreshes: Rc<RefCell<Vec<Result<String, String>>>> = Rc::default();
    let seen = refreshes.clone();
    pool.set_refresh_observer(Some(Box::new(move |r: &SdkResult<CognitoUserSession>| {
        seen.borrow_mut().push(r.as_ref().map(|s| s.refresh_token().token().to_string()).map_err(|e| e.code_str().to_string()));
    })));
    let pool = Rc::new(pool);
    let (user, access) = signed_in(&pool);
    let key = format!("{PREFIX}.alice.userData");

    // No cached user data: UpdateUserAttributes, then GetUser (no refresh).
    let details = json!({"CodeDeliveryDetailsList": [{"AttributeName": "email", "DeliveryMedium": "EMAIL", "Destination": "b***@e***"}]});
    mock.expect_ok("UpdateUserAttributes", details.clone());
    mock.expect_ok("GetUser", json!({"Username": "alice", "UserAttributes": [{"Name": "email", "Value": "b@e.x"}]}));
    let raw = block_on(user.update_attributes(vec![UserAttribute::new("email", "b@e.x")], metadata(&[("k", "v")]))).unwrap();
    assert_eq!(json_of(&raw), details);
    let requests = mock.requests();
    assert_eq!(requests[0].body, json!({"AccessToken": access, "UserAttributes": [{"Name": "email", "Value": "b@e.x"}], "ClientMetadata": {"k": "v"}}));
    assert_eq!(requests[1].body, json!({"AccessToken": access}));
    assert!(storage.get_item(&key).unwrap().contains("b@e.x"));
    assert!(refreshes.borrow().is_empty());

    // Cached user data: GetUser and a refresh, reported to the observer.
    mock.expect_ok("DeleteUserAttributes", json!({}));
    mock.expect_ok("GetUser", json!({"Username": "alice", "UserAttributes": []}));
    mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": auth_result(now_s(), "r2", true)}));
    block_on(user.delete_attributes(vec!["email".into(), "name".into()])).unwrap();
    assert_eq!(mock.requests()[2].body, json!({"UserAttributeNames": ["email", "name"], "AccessToken": access}));
    assert_eq!(*refreshes.borrow(), [Ok("refresh-r2".to_string())]);

    // The follow-up's failure is ignored (the reference calls back 'SUCCESS' regardless).
    mock.expect_ok("UpdateUserAttributes", json!({}));
    // (A 500 would be retried: GetUser is a read, see `native_reliability.rs`.)
    mock.expect_error("GetUser", 400, "NotAuthorizedException", "boom");
    assert_eq!(json_of(&block_on(user.update_attributes(vec![UserAttribute::new("name", "A")], None)).unwrap()), json!({}));
    // The operation's own failure is not.
    mock.expect_error("UpdateUserAttributes", 400, "AliasExistsException", "An account with the given email already exists.");
    assert!(block_on(user.update_attributes(vec![UserAttribute::new("email", "c@e.x")], None)).unwrap_err().is("AliasExistsException"));
    mock.expect_error("DeleteUserAttributes", 400, "InvalidParameterException", "Cannot delete sub");
    assert!(block_on(user.delete_attributes(vec!["sub".into()])).unwrap_err().is("InvalidParameterException"));
    mock.assert_done();
}

// ----- MFA settings -----

#[test]
fn mfa_settings() {
    let mock = Mock::new();
    let (pool, _) = pool(&mock);
    let (user, access) = signed_in(&pool);
    mock.expect_ok("SetUserSettings", json!({}));
    block_on(user.enable_mfa()).unwrap();
    assert_eq!(mock.last_request().body, json!({"MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}], "AccessToken": access}));
    mock.expect_ok("SetUserSettings", json!({}));
    block_on(user.disable_mfa()).unwrap();
    assert_eq!(mock.last_request().body, json!({"MFAOptions": [], "AccessToken": access}));

    mock.expect_ok("SetUserMFAPreference", json!({}));
    let totp = MfaSettings { preferred_mfa: Some(true), enabled: Some(true) };
    block_on(user.set_user_mfa_preference(None, Some(totp))).unwrap();
    assert_eq!(mock.last_request().body, json!({"SoftwareTokenMfaSettings": {"PreferredMfa": true, "Enabled": true}, "AccessToken": access}));
    mock.expect_ok("SetUserMFAPreference", json!({}));
    let sms = MfaSettings { preferred_mfa: Some(false), enabled: Some(false) };
    block_on(user.set_user_mfa_preference(Some(sms), Some(totp))).unwrap();
    assert_eq!(
        mock.last_request().body,
        json!({"SMSMfaSettings": {"PreferredMfa": false, "Enabled": false}, "SoftwareTokenMfaSettings": {"PreferredMfa": true, "Enabled": true}, "AccessToken": access})
    );
    mock.expect_error("SetUserMFAPreference", 400, "InvalidParameterException", "User has not verified software token mfa");
    assert!(block_on(user.set_user_mfa_preference(None, Some(totp))).unwrap_err().is("InvalidParameterException"));

    // TOTP setup while signed in uses the AccessToken (the existing challenge methods).
    mock.expect_ok("AssociateSoftwareToken", json!({"SecretCode": "JBSWY3DPEHPK3PXP"}));
    assert_eq!(block_on(user.associate_software_token()).unwrap(), "JBSWY3DPEHPK3PXP");
    assert_eq!(mock.last_request().body, json!({"AccessToken": access}));
    mock.expect_ok("VerifySoftwareToken", json!({"Status": "SUCCESS"}));
    block_on(user.verify_software_token("123456", Some("phone"))).unwrap();
    assert_eq!(mock.last_request().body, json!({"AccessToken": access, "UserCode": "123456", "FriendlyDeviceName": "phone"}));
    mock.assert_done();
}

// ----- devices -----

#[test]
fn devices() {
    let mock = Mock::new();
    let (pool, storage) = pool(&mock);
    let (user, access) = signed_in(&pool);

    // No device key loaded: DeviceKey is left out (the reference's undefined).
    mock.expect_error("GetDevice", 400, "InvalidParameterException", "1 validation error detected: Value null at 'deviceKey'");
    assert!(block_on(user.get_device()).unwrap_err().is("InvalidParameterException"));
    assert_eq!(mock.last_request().body, json!({"AccessToken": access}));

    for (k, v) in [("deviceKey", "us-east-1_dk"), ("randomPasswordKey", "rp"), ("deviceGroupKey", "gk")] {
        storage.set_item(&format!("{PREFIX}.alice.{k}"), v).unwrap();
    }
    user.get_cached_device_key_and_password();
    mock.expect_ok("GetDevice", json!({"Device": {"DeviceKey": "us-east-1_dk", "DeviceAttributes": []}}));
    let raw = block_on(user.get_device()).unwrap();
    assert_eq!(mock.last_request().body, json!({"AccessToken": access, "DeviceKey": "us-east-1_dk"}));
    assert_eq!(json_of(&raw)["Device"]["DeviceKey"], "us-east-1_dk");

    mock.expect_ok("ListDevices", json!({"Devices": [], "PaginationToken": "p2"}));
    let raw = block_on(user.list_devices(Some(10), None)).unwrap();
    assert_eq!(mock.last_request().body, json!({"AccessToken": access, "Limit": 10}));
    assert_eq!(json_of(&raw)["PaginationToken"], "p2");
    mock.expect_ok("ListDevices", json!({"Devices": []}));
    block_on(user.list_devices(Some(5), Some("p2"))).unwrap();
    assert_eq!(mock.last_request().body, json!({"AccessToken": access, "Limit": 5, "PaginationToken": "p2"}));
    mock.expect_ok("ListDevices", json!({"Devices": []}));
    block_on(user.list_devices(None, Some(""))).unwrap();
    assert_eq!(mock.last_request().body, json!({"AccessToken": access}));

    mock.expect_ok("UpdateDeviceStatus", json!({}));
    block_on(user.set_device_status_remembered()).unwrap();
    assert_eq!(mock.last_request().body, json!({"AccessToken": access, "DeviceKey": "us-east-1_dk", "DeviceRememberedStatus": "remembered"}));
    mock.expect_ok("UpdateDeviceStatus", json!({}));
    block_on(user.set_device_status_not_remembered()).unwrap();
    assert_eq!(mock.last_request().body["DeviceRememberedStatus"], "not_remembered");

    mock.expect_ok("ForgetDevice", json!({}));
    block_on(user.forget_specific_device("us-east-1_other")).unwrap();
    assert_eq!(mock.last_request().body, json!({"AccessToken": access, "DeviceKey": "us-east-1_other"}));
    assert_eq!(user.device_key().as_deref(), Some("us-east-1_dk"));

    // forgetDevice: a failure keeps the keys; success drops them from memory and storage.
    mock.expect_error("ForgetDevice", 400, "ResourceNotFoundException", "Device does not exist.");
    assert!(block_on(user.forget_device()).unwrap_err().is("ResourceNotFoundException"));
    assert!(storage.get_item(&format!("{PREFIX}.alice.deviceKey")).is_some());
    mock.expect_ok("ForgetDevice", json!({}));
    block_on(user.forget_device()).unwrap();
    assert_eq!(mock.last_request().body, json!({"AccessToken": access, "DeviceKey": "us-east-1_dk"}));
    assert_eq!((user.device_key(), user.device_group_key(), user.random_password()), (None, None, None));
    for k in ["deviceKey", "randomPasswordKey", "deviceGroupKey"] {
        assert_eq!(storage.get_item(&format!("{PREFIX}.alice.{k}")), None, "{k}");
    }
    assert!(storage.get_item(&format!("{PREFIX}.alice.idToken")).is_some());
    mock.assert_done();
}

/// Only an SRP sign-in's USER_ID_FOR_SRP moves `userDataKey` (tests/native_account_emulator.rs);
/// a plain change of the username does not, as in the reference.
#[test]
fn user_data_key_does_not_follow_a_plain_username_change() {
    let mock = Mock::new();
    let (pool, _) = pool(&mock);
    let user = user(&pool, "alice@example.com");
    user.set_username("0f1e2d3c-sub");
    assert_eq!(user.user_data_key(), format!("{PREFIX}.alice@example.com.userData"));
}
