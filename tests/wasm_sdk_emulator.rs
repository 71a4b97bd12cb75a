//! End-to-end sign-in flows through the wasm-bindgen classes against the Cognito emulator.
//!
//! The emulator's URL is read at build time:
//! `COGNITO_EMULATOR_URL=http://127.0.0.1:PORT cargo test --target wasm32-unknown-unknown --test wasm_sdk_emulator`
//! (add `WASM_BINDGEN_USE_BROWSER=1` for headless Chromium). Without it every test fails,
//! saying so. Each test creates its own pool, app client and users through the
//! emulator's admin operations (plain `fetch`).
#![cfg(target_arch = "wasm32")]

mod wasm_support;

use cognito_wasm::bindings::callbacks::{get, object, set};
use cognito_wasm::bindings::fetch_transport::sleep;
use cognito_wasm::bindings::pool::CognitoUserPool;
use cognito_wasm::bindings::storage::MemoryStorage;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use wasm_support::*;

#[wasm_bindgen_test]
fn totp_matches_rfc_6238_in_wasm() {
    // The crate's TOTP, compiled to wasm: RFC 6238 appendix B, SHA-1, secret "12345678901234567890", T = 59 → 94287082 (8 digits).
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    assert_eq!(totp(secret, 59), "287082");
    assert_eq!(totp(secret, 1_111_111_109), "081804");
}

// ----- the flows -----

#[wasm_bindgen_test]
async fn srp_sign_in_caches_tokens_and_get_session_reads_them() {
    let s = setup("", "").await;
    s.user("alice", "[]").await;
    let storage = MemoryStorage::new();
    let pool = s.pool_with(Some(storage.clone().into()));
    let user = user_of(&pool, "alice");
    let step = ok(user.authenticate_user_async(details("alice", PASSWORD))).await;
    assert_eq!(step_type(&step), "SUCCESS");
    assert_eq!(get(&step, "userConfirmationNecessary").as_bool(), Some(false));
    let session = get(&step, "session");
    assert_eq!(call0(&session, "isValid").as_bool(), Some(true));
    let payload = get(&call0(&session, "getIdToken"), "payload");
    assert_eq!(text(&payload, "cognito:username"), "alice");
    let username = user.get_username();
    let prefix = format!("CognitoIdentityServiceProvider.{}", s.client_id);
    assert_eq!(storage.get_item(format!("{prefix}.LastAuthUser").into()).as_deref(), Some(username.as_str()));
    assert!(storage.get_item(format!("{prefix}.{username}.idToken").into()).is_some());

    // A new pool object over the same storage finds the user and its session.
    let pool2 = s.pool_object(Some(storage.clone().into()));
    let current = pool2.current_user().expect("current user");
    assert_eq!(current.get_username(), username);
    let restored = ok(current.get_session_async(JsValue::UNDEFINED)).await;
    assert_eq!(access_jwt(&restored), access_jwt(&session));
}

#[wasm_bindgen_test]
async fn wrong_password_and_unknown_user_fail_with_service_errors() {
    let s = setup("", "").await;
    s.user("bob", "[]").await;
    let pool = s.pool();
    let e = err(user_of(&pool, "bob").authenticate_user_async(details("bob", "nope-nope-1"))).await;
    assert_eq!(text(&e, "code"), "NotAuthorizedException");
    assert_eq!(text(&e, "name"), "NotAuthorizedException");
    assert_eq!(text(&e, "message"), "Incorrect username or password.");
    let e = err(user_of(&pool, "nobody").authenticate_user_async(details("nobody", PASSWORD))).await;
    assert!(["UserNotFoundException", "NotAuthorizedException"].contains(&text(&e, "code").as_str()));
}

#[wasm_bindgen_test]
async fn unconfirmed_user_cannot_sign_in() {
    let s = setup("", "").await;
    let body = format!(r#"{{"ClientId":"{}","Username":"carol","Password":"{PASSWORD}"}}"#, s.client_id);
    call(&s.url, "SignUp", json(&body)).await;
    let e = err(user_of(&s.pool(), "carol").authenticate_user_async(details("carol", PASSWORD))).await;
    assert_eq!(text(&e, "code"), "UserNotConfirmedException");
}

#[wasm_bindgen_test]
async fn user_password_auth_flow() {
    let s = setup("", r#""ExplicitAuthFlows":["ALLOW_USER_PASSWORD_AUTH","ALLOW_REFRESH_TOKEN_AUTH"]"#).await;
    s.user("dave", "[]").await;
    let user = user_of(&s.pool(), "dave");
    user.set_authentication_flow_type("USER_PASSWORD_AUTH".into());
    assert_eq!(user.get_authentication_flow_type(), "USER_PASSWORD_AUTH");
    let step = ok(user.authenticate_user_async(details("dave", PASSWORD))).await;
    assert_eq!(step_type(&step), "SUCCESS");
    user.set_authentication_flow_type("NOT_A_FLOW".into());
    let e = err(user.authenticate_user_async(details("dave", PASSWORD))).await;
    assert_eq!(text(&e, "message"), "Authentication flow type is invalid.");
}

#[wasm_bindgen_test]
async fn new_password_required_then_success() {
    let s = setup("", "").await;
    let body = format!(
        r#"{{"UserPoolId":"{}","Username":"erin","TemporaryPassword":"Temp-Pass-123","MessageAction":"SUPPRESS","UserAttributes":[{{"Name":"email","Value":"erin@example.com"}}]}}"#,
        s.pool_id
    );
    call(&s.url, "AdminCreateUser", json(&body)).await;
    let user = user_of(&s.pool(), "erin");
    let step = ok(user.authenticate_user_async(details("erin", "Temp-Pass-123"))).await;
    assert_eq!(step_type(&step), "NEW_PASSWORD_REQUIRED");
    assert!(get(&step, "userAttributes").is_object());
    assert!(js_sys::Array::is_array(&get(&step, "requiredAttributes")));
    assert!(user.challenge_session().is_string());
    let e = err(user.complete_new_password_challenge_async("".into(), object(), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "message"), "New password is required.");
    let step = ok(user.complete_new_password_challenge_async(PASSWORD.into(), object(), JsValue::UNDEFINED)).await;
    assert_eq!(step_type(&step), "SUCCESS");
    // The new password works from now on.
    let step = ok(user_of(&s.pool(), "erin").authenticate_user_async(details("erin", PASSWORD))).await;
    assert_eq!(step_type(&step), "SUCCESS");
}

#[wasm_bindgen_test]
async fn sms_mfa_with_the_outbox_code() {
    let s = setup(r#""MfaConfiguration":"OPTIONAL""#, "").await;
    s.user("frank", r#"[{"Name":"phone_number","Value":"+15555550100"}]"#).await;
    let body = format!(r#"{{"UserPoolId":"{}","Username":"frank","SMSMfaSettings":{{"Enabled":true,"PreferredMfa":true}}}}"#, s.pool_id);
    call(&s.url, "AdminSetUserMFAPreference", json(&body)).await;
    let user = user_of(&s.pool(), "frank");
    let step = ok(user.authenticate_user_async(details("frank", PASSWORD))).await;
    assert_eq!(step_type(&step), "SMS_MFA");
    assert_eq!(text(&step, "challengeName"), "SMS_MFA");
    assert_eq!(text(&get(&step, "parameters"), "CODE_DELIVERY_DELIVERY_MEDIUM"), "SMS");
    let code = latest_code(&s.url, &s.pool_id, "frank", "SMS_MFA").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let e = err(user.send_mfa_code_async(wrong.into(), JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "code"), "CodeMismatchException");
    let step = ok(user.send_mfa_code_async(code.into(), JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(step_type(&step), "SUCCESS");
}

/// Signs `username` in (no MFA yet), sets up TOTP with the access token and makes it the
/// preferred MFA; returns the secret.
async fn enable_totp(s: &Setup, username: &str) -> String {
    let user = user_of(&s.pool(), username);
    let step = ok(user.authenticate_user_async(details(username, PASSWORD))).await;
    assert_eq!(step_type(&step), "SUCCESS");
    let secret = ok(user.associate_software_token_async()).await.as_string().unwrap();
    let result = ok(user.verify_software_token_async(totp(&secret, now_seconds()).into(), "phone".into())).await;
    assert_eq!(text(&result, "Status"), "SUCCESS");
    let body = format!(r#"{{"UserPoolId":"{}","Username":"{username}","SoftwareTokenMfaSettings":{{"Enabled":true,"PreferredMfa":true}}}}"#, s.pool_id);
    call(&s.url, "AdminSetUserMFAPreference", json(&body)).await;
    secret
}

#[wasm_bindgen_test]
async fn totp_mfa_sign_in() {
    let s = setup(r#""MfaConfiguration":"OPTIONAL""#, "").await;
    s.user("grace", "[]").await;
    let secret = enable_totp(&s, "grace").await;
    let user = user_of(&s.pool(), "grace");
    let step = ok(user.authenticate_user_async(details("grace", PASSWORD))).await;
    assert_eq!(step_type(&step), "SOFTWARE_TOKEN_MFA");
    // Codes are single use: wait for the next 30 s window if the setup used this one.
    let mut now = now_seconds();
    if now % 30 > 27 {
        sleep(4_000).await;
        now = now_seconds();
    }
    let step = ok(user.send_mfa_code_async(totp(&secret, now + 30).into(), "SOFTWARE_TOKEN_MFA".into(), JsValue::UNDEFINED)).await;
    assert_eq!(step_type(&step), "SUCCESS");
}

#[wasm_bindgen_test]
async fn mfa_setup_during_sign_in() {
    let s = setup(r#""MfaConfiguration":"ON""#, "").await;
    s.user("heidi", "[]").await;
    let user = user_of(&s.pool(), "heidi");
    let step = ok(user.authenticate_user_async(details("heidi", PASSWORD))).await;
    assert_eq!(step_type(&step), "MFA_SETUP");
    let secret = ok(user.associate_software_token_async()).await.as_string().unwrap();
    assert!(!secret.is_empty());
    let session = ok(user.verify_software_token_async(totp(&secret, now_seconds()).into(), "my phone".into())).await;
    assert_eq!(call0(&session, "isValid").as_bool(), Some(true));
    assert!(user.sign_in_user_session().is_object());
}

#[wasm_bindgen_test]
async fn custom_challenge_with_and_without_srp() {
    let s = setup(r#""EmulatorCustomAuth":{"Answer":"42","ChallengeParameters":{"question":"6 x 7?"}}"#, "").await;
    s.user("ivan", "[]").await;
    // CUSTOM_AUTH through authenticateUser: SRP first, then the custom challenge.
    let user = user_of(&s.pool(), "ivan");
    user.set_authentication_flow_type("CUSTOM_AUTH".into());
    let step = ok(user.authenticate_user_async(details("ivan", PASSWORD))).await;
    assert_eq!(step_type(&step), "CUSTOM_CHALLENGE");
    assert_eq!(text(&get(&step, "parameters"), "question"), "6 x 7?");
    // A wrong answer fails (with real Cognito, whatever the Lambda decides).
    let e = err(user.send_custom_challenge_answer_async("41".into(), JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "code"), "NotAuthorizedException");
    // initiateAuth: custom auth without SRP.
    let user = user_of(&s.pool(), "ivan");
    user.set_authentication_flow_type("CUSTOM_AUTH".into());
    let step = ok(user.initiate_auth_async(details("ivan", ""))).await;
    assert_eq!(step_type(&step), "CUSTOM_CHALLENGE");
    let step = ok(user.send_custom_challenge_answer_async("42".into(), JsValue::UNDEFINED)).await;
    assert_eq!(step_type(&step), "SUCCESS");
}

#[wasm_bindgen_test]
async fn remembered_device_signs_in_with_device_srp() {
    let s = setup(r#""DeviceConfiguration":{"ChallengeRequiredOnNewDevice":true,"DeviceOnlyRememberedOnUserPrompt":false}"#, "").await;
    s.user("judy", "[]").await;
    let storage: JsValue = MemoryStorage::new().into();
    let user = user_of(&s.pool_with(Some(storage.clone())), "judy");
    let step = ok(user.authenticate_user_async(details("judy", PASSWORD))).await;
    assert_eq!(step_type(&step), "SUCCESS");
    let device_key = user.device_key().expect("device key after ConfirmDevice");
    assert!(user.device_group_key().is_some() && user.random_password().is_some());

    // A fresh user object over the same storage: the cached device key is sent and
    // Cognito asks for DEVICE_SRP_AUTH, which the SDK answers by itself.
    let user2 = user_of(&s.pool_with(Some(storage.clone())), "judy");
    let step = ok(user2.authenticate_user_async(details("judy", PASSWORD))).await;
    assert_eq!(step_type(&step), "SUCCESS");
    assert_eq!(user2.device_key().as_deref(), Some(device_key.as_str()));
    // The new tokens carry the device key.
    let access = call0(&get(&step, "session"), "getAccessToken");
    assert_eq!(text(&get(&access, "payload"), "device_key"), device_key);

    // getCachedDeviceKeyAndPassword loads the keys on a fresh object.
    let user3 = user_of(&s.pool_with(Some(storage)), &user.get_username());
    assert!(user3.device_key().is_none());
    user3.get_cached_device_key_and_password();
    assert_eq!(user3.device_key().as_deref(), Some(device_key.as_str()));
}

#[wasm_bindgen_test]
async fn refresh_after_expiry() {
    let s = setup("", "").await;
    s.user("ken", "[]").await;
    let user = user_of(&s.pool(), "ken");
    let step = ok(user.authenticate_user_async(details("ken", PASSWORD))).await;
    let first = get(&step, "session");
    let_tokens_expire(&s.url).await;
    assert_eq!(call0(&first, "isValid").as_bool(), Some(false));
    let refreshed = ok(user.get_session_async(JsValue::UNDEFINED)).await;
    assert_eq!(call0(&refreshed, "isValid").as_bool(), Some(true));
    assert_ne!(access_jwt(&refreshed), access_jwt(&first));
    // No new refresh token comes back: the old one is kept.
    assert_eq!(refresh_text(&refreshed), refresh_text(&first));
    reset_clocks(&s.url).await;
}

#[wasm_bindgen_test]
async fn sign_out_revokes_the_refresh_token() {
    let s = setup("", "").await;
    s.user("liz", "[]").await;
    let user = user_of(&s.pool(), "liz");
    let step = ok(user.authenticate_user_async(details("liz", PASSWORD))).await;
    let session = get(&step, "session");
    let refresh_token = call0(&session, "getRefreshToken");
    ok(user.sign_out_async()).await;
    assert!(user.sign_in_user_session().is_null());
    let e = err(user.get_session_async(JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "message"), "Local storage is missing an ID Token, Please authenticate");
    let e = err(user.refresh_session_async(refresh_token, JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "code"), "NotAuthorizedException");
}

#[wasm_bindgen_test]
async fn global_sign_out_invalidates_the_access_token() {
    let s = setup("", "").await;
    s.user("mallory", "[]").await;
    let pool = s.pool();
    let user = user_of(&pool, "mallory");
    let step = ok(user.authenticate_user_async(details("mallory", PASSWORD))).await;
    let access = access_jwt(&get(&step, "session"));
    let client = user.client();
    let params = object();
    set(&params, "AccessToken", &access.clone().into());
    let me = ok(client.request_async("GetUser".into(), params.clone())).await;
    assert_eq!(text(&me, "Username"), user.get_username());
    assert_eq!(ok(user.global_sign_out_async()).await.as_string().as_deref(), Some("SUCCESS"));
    let e = err(client.request_async("GetUser".into(), params)).await;
    assert_eq!(text(&e, "code"), "NotAuthorizedException");
    // Not signed in any more in storage; the in-memory session is kept, as the reference.
    assert!(user.sign_in_user_session().is_object());
}

#[wasm_bindgen_test]
async fn client_with_a_secret() {
    let s = setup("", r#""GenerateSecret":true"#).await;
    assert!(s.client_secret.is_some());
    s.user("niaj", "[]").await;
    let user = user_of(&s.pool(), "niaj");
    let step = ok(user.authenticate_user_async(details("niaj", PASSWORD))).await;
    assert_eq!(step_type(&step), "SUCCESS");
    let session = get(&step, "session");
    // Refresh and revoke need the secret too.
    let refreshed = ok(user.refresh_session_async(call0(&session, "getRefreshToken"), JsValue::UNDEFINED)).await;
    assert_eq!(call0(&refreshed, "isValid").as_bool(), Some(true));
    ok(user.sign_out_async()).await;
}

#[wasm_bindgen_test]
async fn callbacks_fire_once_and_asynchronously() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let s = setup("", "").await;
    s.user("olivia", "[]").await;
    let user = user_of(&s.pool(), "olivia");
    let log: Rc<RefCell<Vec<String>>> = Rc::default();
    let callbacks = object();
    let l = log.clone();
    let on_success = Closure::<dyn FnMut(JsValue, JsValue) -> Result<(), JsValue>>::new(move |session: JsValue, _| {
        l.borrow_mut().push(format!("onSuccess:{}", call0(&session, "isValid").as_bool().unwrap_or(false)));
        // Throwing from a success callback must not lead to onFailure.
        Err(JsValue::from(js_sys::Error::new("thrown by the test")))
    });
    let l = log.clone();
    let on_failure = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        l.borrow_mut().push(format!("onFailure:{}", get(&e, "message").as_string().unwrap_or_default()));
    });
    set(&callbacks, "onSuccess", on_success.as_ref());
    set(&callbacks, "onFailure", on_failure.as_ref());
    user.authenticate_user(details("olivia", PASSWORD), callbacks);
    assert!(log.borrow().is_empty(), "callbacks run asynchronously");
    // Wait until onSuccess ran, then a little longer for a (wrong) second call.
    for _ in 0..200 {
        if !log.borrow().is_empty() {
            break;
        }
        sleep(25).await;
    }
    sleep(200).await;
    assert_eq!(*log.borrow(), vec!["onSuccess:true".to_string()]);

    // A challenge without its callback gives a clear onFailure.
    let s2 = setup(r#""MfaConfiguration":"ON""#, "").await;
    s2.user("peggy", "[]").await;
    let user = user_of(&s2.pool(), "peggy");
    let log2: Rc<RefCell<Vec<String>>> = Rc::default();
    let l = log2.clone();
    let on_failure = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
        l.borrow_mut().push(format!("{}|{}", get(&e, "code").as_string().unwrap_or_default(), get(&e, "message").as_string().unwrap_or_default()));
    });
    let callbacks = object();
    set(&callbacks, "onSuccess", on_success.as_ref());
    set(&callbacks, "onFailure", on_failure.as_ref());
    user.authenticate_user(details("peggy", PASSWORD), callbacks);
    for _ in 0..200 {
        if !log2.borrow().is_empty() {
            break;
        }
        sleep(25).await;
    }
    let got = log2.borrow().clone();
    assert_eq!(got.len(), 1);
    assert!(got[0].starts_with("MissingCallbackError|") && got[0].contains("mfaSetup"), "{got:?}");
}

#[wasm_bindgen_test]
async fn throwing_storage_reports_an_error_not_a_panic() {
    let s = setup("", "").await;
    s.user("quinn", "[]").await;
    let storage = js_sys::Function::new_no_args(
        "return { setItem() { throw new Error('quota exceeded'); }, getItem() { throw new Error('denied'); }, removeItem() {}, clear() {} };",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let user = user_of(&s.pool_with(Some(storage)), "quinn");
    let e = err(user.authenticate_user_async(details("quinn", PASSWORD))).await;
    assert_eq!(text(&e, "code"), "StorageError");
    assert!(text(&e, "message").contains("quota exceeded"));
}

#[wasm_bindgen_test]
async fn network_error_when_nothing_listens() {
    let data = json(r#"{"UserPoolId":"us-east-1_AbC","ClientId":"c","endpoint":"http://127.0.0.1:9/"}"#);
    let pool: JsValue = CognitoUserPool::new(data, JsValue::UNDEFINED).unwrap().into();
    let e = err(user_of(&pool, "x").authenticate_user_async(details("x", PASSWORD))).await;
    assert_eq!(text(&e, "code"), "NetworkError");
    assert_eq!(text(&e, "message"), "Network error");
}
