//! The OAuth core's steps on an in-memory storage, with token-endpoint answers written by
//! hand (the emulator tests drive the same steps against real endpoints).

use super::authorize::SignInOptions;
use super::config::{AuthConfig, ResponseType};
use super::flow::{AfterCallback, HostedUi};
use super::form::Form;
use super::{pkce, token, OAuthError};
use crate::storage::{KeyScheme, MemoryStorage, Storage, UserKey};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

fn config(response_type: ResponseType) -> AuthConfig {
    AuthConfig::new(
        "http://127.0.0.1:9229",
        "client1",
        vec!["openid".into(), "email".into()],
        "http://localhost:3000/cb",
        "http://localhost:3000/out",
        None,
        response_type,
    )
    .unwrap()
}

fn jwt(claims: &str) -> String {
    format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", URL_SAFE_NO_PAD.encode(claims))
}

fn query_of(url: &str) -> Form {
    Form::parse(url.split_once('?').map(|(_, q)| q).unwrap_or(""))
}

const NOW: i64 = 1_700_000_000;

/// A token endpoint's answer for alice; the id token carries `nonce` when given.
fn token_body(with_refresh: bool, nonce: Option<&str>) -> String {
    let access = jwt(&format!(r#"{{"username":"alice","iat":{NOW},"exp":{}}}"#, NOW + 3600));
    let nonce = nonce.map(|n| format!(r#","nonce":"{n}""#)).unwrap_or_default();
    let id = jwt(&format!(r#"{{"cognito:username":"alice","iat":{NOW},"exp":{}{nonce}}}"#, NOW + 3600));
    let refresh = if with_refresh { r#","refresh_token":"r-1""# } else { "" };
    format!(r#"{{"id_token":"{id}","access_token":"{access}","expires_in":3600,"token_type":"Bearer"{refresh}}}"#)
}

#[test]
fn authorize_url_carries_every_option_and_pkce_s256() {
    let c = config(ResponseType::Code);
    let storage = MemoryStorage::new();
    let ui = HostedUi::new(&c, &storage);
    let options = SignInOptions {
        provider: Some("ScalekitIdPRouter".into()),
        login_hint: Some("a+b@example.com".into()),
        scopes: Some(vec!["openid".into(), "profile".into()]),
        custom_state: Some("back-to=/cart".into()),
        lang: Some("fr".into()),
        prompt: Some("login".into()),
        ..Default::default()
    };
    let url = ui.start(&options).unwrap();
    assert!(url.starts_with("http://127.0.0.1:9229/oauth2/authorize?"), "{url}");
    let q = query_of(&url);
    assert_eq!(q.get("client_id"), Some("client1"));
    assert_eq!(q.get("redirect_uri"), Some("http://localhost:3000/cb"));
    assert_eq!(q.get("response_type"), Some("code"));
    assert_eq!(q.get("scope"), Some("openid profile"));
    assert_eq!(q.get("identity_provider"), Some("ScalekitIdPRouter"));
    assert_eq!(q.get("login_hint"), Some("a+b@example.com"));
    assert_eq!((q.get("lang"), q.get("prompt")), (Some("fr"), Some("login")));
    assert_eq!(q.get("code_challenge_method"), Some("S256"));
    // The custom state is never sent; the state is random.
    assert!(!url.contains("cart"));
    let stored = storage.get_item(&KeyScheme::new("client1").oauth_pending()).unwrap();
    let pending = super::authorize::PendingSignIn::from_value(&crate::json_read::parse(&stored).unwrap()).unwrap();
    assert_eq!(q.get("state"), Some(pending.state.as_str()));
    assert_eq!(q.get("nonce"), Some(pending.nonce.as_str()));
    assert_eq!(q.get("code_challenge").unwrap(), pkce::challenge_s256(pending.code_verifier.as_deref().unwrap()));
    assert!(pending.state.len() >= 43);
    // A second sign-in gets another state.
    let again = ui.start(&SignInOptions::default()).unwrap();
    assert_ne!(query_of(&again).get("state"), Some(pending.state.as_str()));
    assert_eq!(query_of(&again).get("identity_provider"), None);
    assert_eq!(query_of(&again).get("scope"), Some("openid email"));
}

#[test]
fn code_flow_stores_the_session_under_the_user_pool_keys() {
    let c = config(ResponseType::Code);
    let storage = MemoryStorage::new();
    let ui = HostedUi::new(&c, &storage);
    let url = ui.start(&SignInOptions { custom_state: Some("cs".into()), ..Default::default() }).unwrap();
    let state = query_of(&url).get("state").unwrap().to_string();
    let callback = format!("http://localhost:3000/cb?code=abc&state={state}");
    assert!(super::callback::is_callback(&callback));
    let AfterCallback::Exchange { request, pending } = ui.callback(&callback, NOW).unwrap() else { panic!("a code flow exchanges") };
    assert_eq!(request.url, "http://127.0.0.1:9229/oauth2/token");
    let body = Form::parse(&request.body);
    assert_eq!(body.get("grant_type"), Some("authorization_code"));
    assert_eq!(body.get("code"), Some("abc"));
    assert_eq!(body.get("code_verifier"), pending.code_verifier.as_deref());
    assert_eq!(pending.custom_state.as_deref(), Some("cs"));
    assert!(!format!("{request:?}").contains("abc"), "the code stays out of Debug");

    let username = ui.finish(&pending, 200, &token_body(true, Some(&pending.nonce)), NOW + 2).unwrap();
    assert_eq!(username, "alice");
    let k = KeyScheme::new("client1");
    assert_eq!(storage.get_item(&k.last_auth_user()).as_deref(), Some("alice"));
    assert_eq!(storage.get_item(&k.user_key("alice", UserKey::RefreshToken)).as_deref(), Some("r-1"));
    assert_eq!(storage.get_item(&k.user_key("alice", UserKey::ClockDrift)).as_deref(), Some("2"));
    assert_eq!(storage.get_item(&k.user_key("alice", UserKey::TokenScopesString)).as_deref(), Some("openid email"));
    assert!(storage.get_item(&k.user_key("alice", UserKey::IdToken)).is_some());

    // The same callback again: the state was used up.
    assert_eq!(ui.callback(&callback, NOW).unwrap_err(), OAuthError::NoPendingSignIn);

    // Refresh keeps the refresh token; sign-out revokes it and clears the session.
    let refresh = ui.refresh_request().unwrap();
    assert_eq!(Form::parse(&refresh.body).get("refresh_token"), Some("r-1"));
    ui.finish_refresh(200, &token_body(false, None), NOW + 10).unwrap();
    assert_eq!(storage.get_item(&k.user_key("alice", UserKey::RefreshToken)).as_deref(), Some("r-1"));
    let (revoke, logout) = ui.sign_out().unwrap();
    assert_eq!(revoke.unwrap().url, "http://127.0.0.1:9229/oauth2/revoke");
    assert_eq!(logout, "http://127.0.0.1:9229/logout?client_id=client1&logout_uri=http%3A%2F%2Flocalhost%3A3000%2Fout");
    assert_eq!(storage.get_item(&k.last_auth_user()), None);
    assert_eq!(storage.get_item(&k.user_key("alice", UserKey::RefreshToken)), None);
}

#[test]
fn bad_callbacks_are_typed_errors_and_leave_the_session() {
    let c = config(ResponseType::Code);
    let storage = MemoryStorage::new();
    let ui = HostedUi::new(&c, &storage);
    ui.start(&SignInOptions::default()).unwrap();
    let url = ui.start(&SignInOptions::default()).unwrap();
    let state = query_of(&url).get("state").unwrap().to_string();
    let AfterCallback::Exchange { pending, .. } = ui.callback(&format!("http://localhost:3000/cb?code=c&state={state}"), NOW).unwrap() else { panic!() };
    ui.finish(&pending, 200, &token_body(true, Some(&pending.nonce)), NOW).unwrap();
    let before = storage.snapshot();

    let cases: Vec<(String, &str)> = vec![
        ("http://localhost:3000/cb?code=c&state=forged".into(), "StateMismatchError"),
        ("http://localhost:3000/cb?code=c".into(), "StateMismatchError"),
        (format!("http://localhost:3000/cb?error=access_denied&error_description=User+cancelled&state={state}"), "access_denied"),
        ("http://localhost:3000/cb?nothing=here".into(), "MalformedCallbackError"),
        ("http://localhost:3000/cb?code=a&code=b&state=x".into(), "MalformedCallbackError"),
        ("not a url at all %%%".into(), "MalformedCallbackError"),
    ];
    for (callback, code) in cases {
        let url = ui.start(&SignInOptions::default()).unwrap();
        let _ = query_of(&url);
        let err = ui.callback(&callback, NOW).unwrap_err();
        assert_eq!(err.code(), code, "{callback}: {err}");
        assert!(!err.to_string().contains("forged"));
        // A token of the implicit flow sent to the code flow is refused too.
        let mut after = storage.snapshot();
        after.remove(&KeyScheme::new("client1").oauth_pending());
        assert_eq!(after, before, "the stored session is left as it was");
    }
    let err = super::callback::parse("http://x/cb?error=invalid_scope&error_description=email+needs+openid").unwrap_err();
    assert_eq!(err, OAuthError::Authorization { error: "invalid_scope".into(), description: "email needs openid".into() });

    // Token endpoint errors: RFC 6749 JSON, or anything else.
    let e = token::parse_response(400, r#"{"error":"invalid_grant","error_description":"Invalid authorization code."}"#).unwrap_err();
    assert_eq!((e.code(), e.to_string().as_str()), ("invalid_grant", "invalid_grant: Invalid authorization code."));
    assert_eq!(token::parse_response(502, "<html>").unwrap_err().code(), "server_error");
    assert_eq!(token::parse_response(200, "[]").unwrap_err().code(), "InvalidResponseError");
    assert_eq!(token::parse_response(200, r#"{"id_token":"x"}"#).unwrap_err().code(), "InvalidResponseError");
    // No refresh token from a code exchange: refused, nothing stored.
    let url = ui.start(&SignInOptions::default()).unwrap();
    let state = query_of(&url).get("state").unwrap().to_string();
    let AfterCallback::Exchange { pending, .. } = ui.callback(&format!("http://localhost:3000/cb?code=c&state={state}"), NOW).unwrap() else { panic!() };
    assert_eq!(ui.finish(&pending, 200, &token_body(false, Some(&pending.nonce)), NOW).unwrap_err().code(), "InvalidResponseError");
    // An id token of another sign-in (its nonce, or none): refused, nothing stored.
    for other in [Some("another-sign-in"), None] {
        let url = ui.start(&SignInOptions::default()).unwrap();
        let state = query_of(&url).get("state").unwrap().to_string();
        let AfterCallback::Exchange { pending, .. } = ui.callback(&format!("http://localhost:3000/cb?code=c&state={state}"), NOW).unwrap() else { panic!() };
        assert_eq!(ui.finish(&pending, 200, &token_body(true, other), NOW).unwrap_err().code(), "NonceMismatchError");
    }
    let mut after = storage.snapshot();
    after.remove(&KeyScheme::new("client1").oauth_pending());
    assert_eq!(after, before);
}

#[test]
fn implicit_flow_reads_the_fragment() {
    let c = config(ResponseType::Token);
    let storage = MemoryStorage::new();
    let ui = HostedUi::new(&c, &storage);
    let url = ui.start(&SignInOptions::default()).unwrap();
    let q = query_of(&url);
    assert_eq!(q.get("response_type"), Some("token"));
    assert_eq!(q.get("code_challenge"), None);
    let state = q.get("state").unwrap();
    let access = jwt(&format!(r#"{{"username":"bob","iat":{NOW}}}"#));
    // Tokens of another sign-in (another nonce) with this sign-in's state: refused.
    let theirs = jwt(&format!(r#"{{"cognito:username":"bob","iat":{NOW},"nonce":"theirs"}}"#));
    let forged = format!("http://localhost:3000/cb#id_token={theirs}&access_token={access}&expires_in=3600&token_type=Bearer&state={state}");
    assert_eq!(ui.callback(&forged, NOW).unwrap_err().code(), "NonceMismatchError");
    assert_eq!(storage.get_item(&KeyScheme::new("client1").last_auth_user()), None);
    let url = ui.start(&SignInOptions::default()).unwrap();
    let q = query_of(&url);
    let state = q.get("state").unwrap();
    let id = jwt(&format!(r#"{{"cognito:username":"bob","iat":{NOW},"nonce":"{}"}}"#, q.get("nonce").unwrap()));
    let callback = format!("http://localhost:3000/cb#id_token={id}&access_token={access}&expires_in=3600&token_type=Bearer&state={state}");
    let AfterCallback::SignedIn { username, .. } = ui.callback(&callback, NOW).unwrap() else { panic!("implicit signs in") };
    assert_eq!(username, "bob");
    let k = KeyScheme::new("client1");
    assert_eq!(storage.get_item(&k.user_key("bob", UserKey::RefreshToken)).as_deref(), Some(""));
    assert!(ui.refresh_request().is_none());
    // A code sent back to the implicit flow is refused.
    let url = ui.start(&SignInOptions::default()).unwrap();
    let state = query_of(&url).get("state").unwrap().to_string();
    assert_eq!(ui.callback(&format!("http://localhost:3000/cb?code=x&state={state}"), NOW).unwrap_err().code(), "ResponseTypeMismatchError");
}
