//! End to end against the local Cognito emulator (real SRP, real tokens): the core signs
//! in, refreshes, registers and uses a remembered device, answers NEW_PASSWORD_REQUIRED,
//! uses a client secret and signs out with revocation, over a plain TCP HTTP transport.
#![cfg(not(target_arch = "wasm32"))]

mod native_emulator_support;

use std::rc::Rc;

use cognito_wasm::storage::{MemoryStorage, Storage};
use cognito_wasm::protocol::names::flow;
use cognito_wasm::user::{current_user, AuthOutcome, AuthenticationDetails, CognitoUser, UserPool};
use futures::executor::block_on;
use native_emulator_support::{admin, pool_config, sdk_pool, start, TcpTransport};
use serde_json::json;

struct Setup {
    pool_id: String,
    client_id: String,
    client_secret: Option<String>,
}

fn create_pool(url: &str, pool_extra: serde_json::Value, secret: bool) -> Setup {
    let mut pool_body = json!({"PoolName": "e2e"});
    if let (Some(body), Some(extra)) = (pool_body.as_object_mut(), pool_extra.as_object()) {
        body.extend(extra.clone());
    }
    let pool = admin(url, "CreateUserPool", pool_body);
    let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_string();
    let client = admin(
        url,
        "CreateUserPoolClient",
        json!({"UserPoolId": pool_id, "ClientName": "web", "GenerateSecret": secret,
               "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"]}),
    );
    Setup {
        pool_id,
        client_id: client["UserPoolClient"]["ClientId"].as_str().unwrap().to_string(),
        client_secret: client["UserPoolClient"]["ClientSecret"].as_str().map(str::to_string),
    }
}

fn create_user(url: &str, pool_id: &str, username: &str, password: &str, permanent: bool) {
    admin(
        url,
        "AdminCreateUser",
        json!({"UserPoolId": pool_id, "Username": username, "MessageAction": "SUPPRESS", "TemporaryPassword": password,
               "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")}]}),
    );
    if permanent {
        admin(url, "AdminSetUserPassword", json!({"UserPoolId": pool_id, "Username": username, "Password": password, "Permanent": true}));
    }
}

fn core_pool(url: &str, setup: &Setup) -> (Rc<UserPool<TcpTransport>>, Rc<MemoryStorage>) {
    sdk_pool(pool_config(url, &setup.pool_id, &setup.client_id, setup.client_secret.clone()))
}

fn signed_in(outcome: AuthOutcome) -> cognito_wasm::session::CognitoUserSession {
    match outcome {
        AuthOutcome::Success { session, .. } => session,
        other => panic!("expected success, got {other:?}"),
    }
}

#[test]
fn srp_sign_in_refresh_and_revoke_against_the_emulator() {
    let emulator = start();
    let url = emulator.url.as_str();
    let setup = create_pool(url, json!({}), false);
    create_user(url, &setup.pool_id, "alice", "Passw0rd!", true);
    let (pool, storage) = core_pool(url, &setup);
    let prefix = format!("CognitoIdentityServiceProvider.{}", setup.client_id);

    // Wrong password: the service's error.
    let user = CognitoUser::new("alice", pool.clone(), None);
    let e = block_on(user.authenticate_user(&AuthenticationDetails::with_password("alice", "wrong-Passw0rd"))).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("NotAuthorizedException"), "{e:?}");
    assert!(storage.get_item(&format!("{prefix}.alice.idToken")).is_none());

    // SRP sign-in.
    let user = CognitoUser::new("alice", pool.clone(), None);
    let session = signed_in(block_on(user.authenticate_user(&AuthenticationDetails::with_password("alice", "Passw0rd!"))).unwrap());
    assert!(session.is_valid(cognito_wasm::date::now_unix_seconds()));
    assert!(session.access_token().payload().has_origin_jti());
    assert_eq!(storage.get_item(&format!("{prefix}.LastAuthUser")).as_deref(), Some("alice"));

    // USER_PASSWORD_AUTH too.
    let plain = CognitoUser::new("alice", pool.clone(), None);
    plain.set_authentication_flow_type(flow::USER_PASSWORD_AUTH);
    signed_in(block_on(plain.authenticate_user(&AuthenticationDetails::with_password("alice", "Passw0rd!"))).unwrap());

    // A new page: getCurrentUser + getSession from storage; then an explicit refresh.
    let again = current_user(&pool).unwrap();
    let stored = block_on(again.get_session(None)).unwrap();
    let refreshed = block_on(again.refresh_session(stored.refresh_token(), None)).unwrap();
    assert_eq!(refreshed.refresh_token(), stored.refresh_token());
    assert_ne!(refreshed.access_token().jwt_token(), stored.access_token().jwt_token());

    // Sign out with revocation: the refresh token is dead afterwards.
    block_on(again.sign_out_and_revoke()).unwrap();
    assert!(storage.get_item(&format!("{prefix}.alice.idToken")).is_none());
    let e = block_on(again.refresh_session(stored.refresh_token(), None)).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("NotAuthorizedException"), "{e:?}");
}

#[test]
fn new_password_required_and_client_secret_against_the_emulator() {
    let emulator = start();
    let url = emulator.url.as_str();
    let setup = create_pool(url, json!({}), true);
    assert!(setup.client_secret.is_some());
    create_user(url, &setup.pool_id, "bob", "Temp-Passw0rd!", false);
    let (pool, _storage) = core_pool(url, &setup);
    let user = CognitoUser::new("bob", pool.clone(), None);
    let outcome = block_on(user.authenticate_user(&AuthenticationDetails::with_password("bob", "Temp-Passw0rd!"))).unwrap();
    let AuthOutcome::NewPasswordRequired { user_attributes_json, .. } = outcome else { panic!("{outcome:?}") };
    assert!(user_attributes_json.unwrap().contains("bob@example.com"));
    let session = signed_in(block_on(user.complete_new_password_challenge("New-Passw0rd!", &Default::default(), None)).unwrap());
    // Refresh with SECRET_HASH.
    let refreshed = block_on(user.refresh_session(session.refresh_token(), None)).unwrap();
    assert!(refreshed.is_valid(cognito_wasm::date::now_unix_seconds()));
    // And the new password works with SRP.
    let fresh = CognitoUser::new("bob", pool, None);
    signed_in(block_on(fresh.authenticate_user(&AuthenticationDetails::with_password("bob", "New-Passw0rd!"))).unwrap());
}

#[test]
fn remembered_device_signs_in_with_device_srp() {
    let emulator = start();
    let url = emulator.url.as_str();
    let setup = create_pool(url, json!({"DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": false}}), false);
    create_user(url, &setup.pool_id, "carol", "Passw0rd!", true);
    let (pool, storage) = core_pool(url, &setup);
    let prefix = format!("CognitoIdentityServiceProvider.{}", setup.client_id);

    let first = CognitoUser::new("carol", pool.clone(), None);
    signed_in(block_on(first.authenticate_user(&AuthenticationDetails::with_password("carol", "Passw0rd!"))).unwrap());
    let device_key = storage.get_item(&format!("{prefix}.carol.deviceKey")).expect("device confirmed and cached");
    assert_eq!(first.device_key().as_deref(), Some(device_key.as_str()));

    // Second sign-in: PASSWORD_VERIFIER carries DEVICE_KEY, then DEVICE_SRP_AUTH.
    let second = CognitoUser::new("carol", pool.clone(), None);
    let session = signed_in(block_on(second.authenticate_user(&AuthenticationDetails::with_password("carol", "Passw0rd!"))).unwrap());
    assert!(session.access_token().payload().json().contains(&device_key));

    // Forget the device server-side: the stale key is dropped and sign-in still works.
    let forgotten = session.access_token().jwt_token().to_string();
    admin(url, "ForgetDevice", json!({"AccessToken": forgotten, "DeviceKey": device_key}));
    let third = CognitoUser::new("carol", pool, None);
    signed_in(block_on(third.authenticate_user(&AuthenticationDetails::with_password("carol", "Passw0rd!"))).unwrap());
    assert_ne!(storage.get_item(&format!("{prefix}.carol.deviceKey")).as_deref(), Some(device_key.as_str()));
}
