//! The SDK's hosted-UI core against the emulator's managed login: a code-flow sign-in with
//! PKCE through the pages, the tokens stored under the user-pool keys and picked up by
//! `current_user(pool).get_session()` (and refreshed by the user-pool SDK), a refresh
//! through the token endpoint, and sign-out with revocation and `/logout`.
#![cfg(not(target_arch = "wasm32"))]

mod native_emulator_support;

use std::rc::Rc;

use cognito_wasm::oauth::authorize::SignInOptions;
use cognito_wasm::oauth::config::{AuthConfig, ResponseType};
use cognito_wasm::oauth::flow::{AfterCallback, HostedUi};
use cognito_wasm::oauth::token::FormPost;
use cognito_wasm::storage::{MemoryStorage, Storage};
use cognito_wasm::user::{current_user, UserPool};
use futures::executor::block_on;
use native_emulator_support::http_client::browser::{location, Browser};
use native_emulator_support::http_client::{self, Response};
use native_emulator_support::{admin, pool_config, start, TcpTransport};
use serde_json::json;

const CALLBACK: &str = "http://localhost:3000/callback";
const SIGNED_OUT: &str = "http://localhost:3000/";

fn post(request: &FormPost) -> Response {
    http_client::request("POST", &request.url, &[("Content-Type", request.content_type)], request.body.as_bytes(), http_client::DEFAULT_TIMEOUT).expect("token endpoint")
}

fn now() -> i64 {
    cognito_wasm::date::now_unix_millis() / 1000
}

#[test]
fn hosted_ui_sign_in_lands_in_the_user_pool_session() {
    let emulator = start();
    let url = emulator.url.as_str();
    let base = url.trim_end_matches('/');
    let pool_id = admin(url, "CreateUserPool", json!({"PoolName": "oauth-core"}))["UserPool"]["Id"].as_str().unwrap().to_string();
    let client_id = admin(
        url,
        "CreateUserPoolClient",
        json!({"UserPoolId": pool_id, "ClientName": "spa", "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
               "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid", "email"],
               "CallbackURLs": [CALLBACK], "LogoutURLs": [SIGNED_OUT], "SupportedIdentityProviders": ["COGNITO"]}),
    )["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_string();
    admin(url, "CreateUserPoolDomain", json!({"UserPoolId": pool_id, "Domain": "core-test"}));
    admin(url, "AdminCreateUser", json!({"UserPoolId": pool_id, "Username": "alice", "MessageAction": "SUPPRESS", "UserAttributes": [{"Name": "email", "Value": "alice@example.com"}]}));
    admin(url, "AdminSetUserPassword", json!({"UserPoolId": pool_id, "Username": "alice", "Password": "Passw0rd!", "Permanent": true}));

    let config = AuthConfig::new(base, &client_id, vec!["openid".into(), "email".into()], CALLBACK, SIGNED_OUT, None, ResponseType::Code).unwrap();
    let storage = Rc::new(MemoryStorage::new());
    let ui = HostedUi::new(&config, storage.as_ref());

    // Sign in on the pages.
    let authorize = ui.start(&SignInOptions { login_hint: Some("alice".into()), ..Default::default() }).unwrap();
    let mut browser = Browser::new(base);
    let login = location(&browser.get(&authorize));
    let back = location(&browser.submit(&login, &[("username", "alice"), ("password", "Passw0rd!")]));
    assert!(back.starts_with(CALLBACK), "{back}");

    // The callback is read once: the pending sign-in is used up.
    let AfterCallback::Exchange { request, pending } = ui.callback(&back, now()).unwrap() else { panic!("code flow") };
    let answer = post(&request);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(ui.finish(&pending, answer.status, &answer.text(), now()).unwrap(), "alice");
    assert_eq!(ui.callback(&back, now()).unwrap_err().code(), "NoPendingSignInError");

    // The user-pool SDK finds the session, and can refresh it with REFRESH_TOKEN_AUTH.
    let pool = Rc::new(UserPool::new(pool_config(url, &pool_id, &client_id, None), TcpTransport, storage.clone() as Rc<dyn Storage>));
    let user = current_user(&pool).expect("LastAuthUser is set");
    assert_eq!(user.username(), "alice");
    let session = block_on(user.get_session(None)).unwrap();
    assert!(session.is_valid(now()));
    let refreshed = block_on(user.refresh_session(session.refresh_token(), None)).unwrap();
    assert_ne!(refreshed.access_token().jwt_token(), session.access_token().jwt_token());

    // A refresh through the token endpoint.
    let refresh = ui.refresh_request().expect("a stored refresh token");
    let answer = post(&refresh);
    assert_eq!(answer.status, 200, "{}", answer.text());
    ui.finish_refresh(answer.status, &answer.text(), now()).unwrap();

    // Sign-out: revoke, clear, /logout to the registered URI.
    let (revoke, logout) = ui.sign_out().unwrap();
    let revoked = post(&revoke.expect("a refresh token to revoke"));
    assert_eq!(revoked.status, 200, "{}", revoked.text());
    assert!(current_user(&pool).is_none());
    assert_eq!(location(&browser.get(&logout)), SIGNED_OUT);
    let again = post(&refresh);
    assert_eq!((again.status, again.json()["error"].as_str()), (400, Some("invalid_grant")));
}
