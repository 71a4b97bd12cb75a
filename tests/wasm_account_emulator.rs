//! The account methods of `CognitoUserPool` / `CognitoUser` through the exported
//! wasm-bindgen classes, against the Cognito emulator: both the reference's callback forms
//! (node callbacks, `{onSuccess, onFailure, inputVerificationCode?}` objects) and the
//! `…Async` Promise twins, with each method's success and its main error; codes come from
//! the emulator's outbox.
//!
//! `COGNITO_EMULATOR_URL=http://127.0.0.1:PORT cargo test --target wasm32-unknown-unknown --test wasm_account_emulator`
//! (add `WASM_BINDGEN_USE_BROWSER=1` for headless Chromium). Without the variable every
//! test fails, saying so. Code expiry by time (`--code-ttl`) is covered by
//! tests/js/sdk-account.test.mjs, which can start its own emulator; here the expired code
//! is a used one (Cognito and the emulator answer `ExpiredCodeException` for both).
#![cfg(target_arch = "wasm32")]

mod wasm_support;

use cognito_wasm::bindings::attribute::CognitoUserAttribute;
use cognito_wasm::bindings::callbacks::{get, object, set};
use cognito_wasm::bindings::fetch_transport::sleep;
use cognito_wasm::bindings::pool::CognitoUserPool;
use cognito_wasm::bindings::storage::MemoryStorage;
use cognito_wasm::bindings::user::CognitoUser;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use wasm_support::*;

const NEW_PASSWORD: &str = "N3w-Passw0rd!";
const NOT_AUTHENTICATED: &str = "User is not authenticated";

// ----- recording callbacks -----

/// Every call of the callbacks made by [`node_callback`] / [`callback_object`]: an array of
/// `[name, ...arguments]` arrays.
#[derive(Clone)]
struct Calls(js_sys::Array);

impl Calls {
    fn new() -> Self {
        Calls(js_sys::Array::new())
    }

    fn recorder(&self, name: &str) -> JsValue {
        js_sys::Function::new_with_args("calls, name", "return function () { calls.push([name, ...arguments]); };")
            .call2(&JsValue::NULL, &self.0, &name.into())
            .unwrap()
    }

    /// Waits until at least one call was made (at most 15 s), then a little longer to
    /// catch a wrong second call; returns the calls.
    async fn settle(&self) -> Vec<js_sys::Array> {
        for _ in 0..750 {
            if self.0.length() > 0 {
                break;
            }
            sleep(20).await;
        }
        sleep(60).await;
        self.0.iter().map(|c| js_sys::Array::from(&c)).collect()
    }

    /// The single call made: `(name, arguments)`.
    async fn single(&self) -> (String, Vec<JsValue>) {
        let calls = self.settle().await;
        assert_eq!(calls.len(), 1, "exactly one callback call, got {}", calls.len());
        let call = &calls[0];
        (call.get(0).as_string().unwrap(), call.iter().skip(1).collect())
    }
}

/// A Node-style callback `(err, result, ...)` recording under `"callback"`.
fn node_callback() -> (JsValue, Calls) {
    let calls = Calls::new();
    (calls.recorder("callback"), calls)
}

/// `{onSuccess, onFailure}` plus the other given names, all recording.
fn callback_object(extra: &[&str]) -> (JsValue, Calls) {
    let calls = Calls::new();
    let o = object();
    for name in ["onSuccess", "onFailure"].iter().chain(extra) {
        set(&o, name, &calls.recorder(name));
    }
    (o, calls)
}

/// A node callback's result: asserts `err === null` and returns the second argument.
async fn node_ok(calls: &Calls) -> Vec<JsValue> {
    let (name, args) = calls.single().await;
    assert_eq!(name, "callback");
    assert!(args[0].is_null(), "callback error: {:?} {:?}", get(&args[0], "code"), get(&args[0], "message"));
    args
}

/// A node callback's error, with `result === null`.
async fn node_err(calls: &Calls) -> JsValue {
    let (_, args) = calls.single().await;
    assert!(args[0].is_instance_of::<js_sys::Error>(), "an Error first");
    assert!(args.get(1).is_some_and(JsValue::is_null), "null result");
    args[0].clone()
}

/// `onSuccess(value)` of a callback object.
async fn on_success(calls: &Calls) -> JsValue {
    let (name, args) = calls.single().await;
    assert_eq!(name, "onSuccess", "{:?}", args.first().map(|e| get(e, "message")));
    args[0].clone()
}

/// `onFailure(err)` of a callback object.
async fn on_failure(calls: &Calls) -> JsValue {
    let (name, args) = calls.single().await;
    assert_eq!(name, "onFailure");
    assert!(args[0].is_instance_of::<js_sys::Error>());
    args[0].clone()
}

fn code(e: &JsValue) -> String {
    get(e, "code").as_string().unwrap_or_default()
}

fn message(e: &JsValue) -> String {
    get(e, "message").as_string().unwrap_or_default()
}

/// The reference's local `new Error('User is not authenticated')` (no code).
fn assert_not_authenticated(e: &JsValue) {
    assert_eq!(message(e), NOT_AUTHENTICATED);
    assert!(get(e, "code").is_undefined(), "a plain Error, no code");
}

fn attribute(name: &str, value: &str) -> JsValue {
    let data = object();
    set(&data, "Name", &name.into());
    set(&data, "Value", &value.into());
    CognitoUserAttribute::new(data).into()
}

fn plain_attribute(name: &str, value: &str) -> JsValue {
    let data = object();
    set(&data, "Name", &name.into());
    set(&data, "Value", &value.into());
    data
}

fn array(items: &[JsValue]) -> JsValue {
    items.iter().collect::<js_sys::Array>().into()
}

fn wrong_code(right: &str) -> &'static str {
    if right == "000000" {
        "111111"
    } else {
        "000000"
    }
}

/// `{Name: Value}` of a `CognitoUserAttribute[]`, read through the instances' methods.
fn attribute_values(list: &JsValue) -> Vec<(String, String)> {
    assert!(js_sys::Array::is_array(list));
    js_sys::Array::from(list)
        .iter()
        .map(|a| (call0(&a, "getName").as_string().unwrap(), call0(&a, "getValue").as_string().unwrap()))
        .collect()
}

fn find<'a>(attributes: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

const AUTO_VERIFY: &str = r#""AutoVerifiedAttributes":["email"]"#;

/// `obj[name](...args)` through the JavaScript object (as application code calls it).
fn invoke(obj: &JsValue, name: &str, args: &[JsValue]) -> JsValue {
    let f = js_sys::Reflect::get(obj, &name.into()).unwrap().dyn_into::<js_sys::Function>().unwrap_or_else(|_| panic!("no {name}"));
    f.apply(obj, &args.iter().collect::<js_sys::Array>()).unwrap()
}

/// Signs up `username` with an e-mail (and `extra` attributes) and confirms it with the
/// outbox code, through the Promise forms called as JavaScript methods.
async fn registered(s: &Setup, pool: &JsValue, username: &str, extra: &[JsValue]) {
    let mut attributes = vec![attribute("email", &format!("{username}@example.com"))];
    attributes.extend_from_slice(extra);
    let promise = invoke(pool, "signUpAsync", &[username.into(), PASSWORD.into(), array(&attributes)]);
    let result = ok(promise.unchecked_into()).await;
    let code = latest_code(&s.url, &s.pool_id, username, "SignUp").await;
    let promise = invoke(&get(&result, "user"), "confirmRegistrationAsync", &[code.into()]);
    assert_eq!(ok(promise.unchecked_into()).await.as_string().as_deref(), Some("SUCCESS"));
}

/// A user signed in with `password` (no challenge expected).
async fn signed_in(pool: &JsValue, username: &str, password: &str) -> CognitoUser {
    let user = user_of(pool, username);
    let step = ok(user.authenticate_user_async(details(username, password))).await;
    assert_eq!(step_type(&step), "SUCCESS");
    user
}

// ----- registration -----

#[wasm_bindgen_test]
async fn sign_up_confirm_registration_and_resend() {
    let s = setup(&format!(r#"{AUTO_VERIFY},"AliasAttributes":["email"]"#), "").await;
    let storage = MemoryStorage::new();
    let pool = s.pool_object(Some(storage.clone().into()));

    // A weak password, through the callback form.
    let (cb, calls) = node_callback();
    pool.sign_up("alice".into(), "short".into(), array(&[attribute("email", "alice@example.com")]), JsValue::NULL, cb, JsValue::UNDEFINED);
    assert!(calls.0.length() == 0, "the callback is called asynchronously");
    assert_eq!(code(&node_err(&calls).await), "InvalidPasswordException");

    // Success: `{user, userConfirmed, userSub, codeDeliveryDetails}`, attributes as a mix of
    // CognitoUserAttribute instances and plain objects.
    let (cb, calls) = node_callback();
    let metadata = json(r#"{"source":"test"}"#);
    pool.sign_up(
        "alice".into(),
        PASSWORD.into(),
        array(&[attribute("email", "alice@example.com"), plain_attribute("name", "Alice")]),
        array(&[plain_attribute("invite", "1")]),
        cb,
        metadata,
    );
    let result = node_ok(&calls).await[1].clone();
    assert_eq!(get(&result, "userConfirmed").as_bool(), Some(false));
    assert_eq!(text(&result, "userSub").len(), 36);
    let delivery = get(&result, "codeDeliveryDetails");
    assert_eq!(text(&delivery, "DeliveryMedium"), "EMAIL");
    assert_eq!(text(&delivery, "AttributeName"), "email");
    let user = get(&result, "user");
    assert_eq!(call0(&user, "getUsername").as_string().as_deref(), Some("alice"));
    assert_eq!(call0(&get(&user, "pool"), "getUserPoolId").as_string(), Some(s.pool_id.clone()));
    assert!(get(&user, "storage") == pool.storage(), "the pool's storage");
    let alice: CognitoUser = user_of(&pool.clone().into(), "alice");

    // The same username again.
    let e = err(pool.sign_up_async("alice".into(), PASSWORD.into(), JsValue::UNDEFINED, JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(code(&e), "UsernameExistsException");

    // Not confirmed yet: no sign-in.
    let e = err(user_of(&pool.clone().into(), "alice").authenticate_user_async(details("alice", PASSWORD))).await;
    assert_eq!(code(&e), "UserNotConfirmedException");

    // A wrong code (callback form), then resend (raw response) and confirm.
    let first = latest_code(&s.url, &s.pool_id, "alice", "SignUp").await;
    let (cb, calls) = node_callback();
    alice.confirm_registration(wrong_code(&first).into(), JsValue::UNDEFINED, cb, JsValue::UNDEFINED);
    assert_eq!(code(&node_err(&calls).await), "CodeMismatchException");
    let (cb, calls) = node_callback();
    alice.resend_confirmation_code(cb, JsValue::UNDEFINED);
    let resent = node_ok(&calls).await[1].clone();
    assert_eq!(text(&get(&resent, "CodeDeliveryDetails"), "DeliveryMedium"), "EMAIL");
    let code_now = latest_code(&s.url, &s.pool_id, "alice", "ResendConfirmationCode").await;
    let (cb, calls) = node_callback();
    alice.confirm_registration(code_now.clone().into(), JsValue::FALSE, cb, JsValue::UNDEFINED);
    assert_eq!(node_ok(&calls).await[1].as_string().as_deref(), Some("SUCCESS"));
    let e = err(alice.confirm_registration_async(code_now.into(), JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(code(&e), "NotAuthorizedException");
    let e = err(alice.resend_confirmation_code_async(JsValue::UNDEFINED)).await;
    assert_eq!(code(&e), "InvalidParameterException");
    signed_in(&pool.clone().into(), "alice", PASSWORD).await;

    // Alias: a second account with the same verified e-mail needs forceAliasCreation.
    let r = ok(pool.sign_up_async("alice2".into(), PASSWORD.into(), array(&[attribute("email", "alice@example.com")]), JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    let alice2_js = get(&r, "user");
    let alice2 = user_of(&pool.clone().into(), "alice2");
    let c = latest_code(&s.url, &s.pool_id, "alice2", "SignUp").await;
    let e = err(alice2.confirm_registration_async(c.into(), JsValue::FALSE, JsValue::UNDEFINED)).await;
    assert_eq!(code(&e), "AliasExistsException");
    ok(alice2.resend_confirmation_code_async(JsValue::UNDEFINED)).await;
    let c = latest_code(&s.url, &s.pool_id, "alice2", "ResendConfirmationCode").await;
    assert_eq!(ok(alice2.confirm_registration_async(c.into(), JsValue::TRUE, JsValue::UNDEFINED)).await.as_string().as_deref(), Some("SUCCESS"));
    assert_eq!(call0(&alice2_js, "getUsername").as_string().as_deref(), Some("alice2"));
    signed_in(&pool.clone().into(), "alice2", PASSWORD).await;

    // An alias taken by another user also blocks updateAttributes.
    registered(&s, &pool.clone().into(), "bob", &[]).await;
    let bob = signed_in(&pool.clone().into(), "bob", PASSWORD).await;
    let (cb, calls) = node_callback();
    bob.update_attributes(array(&[plain_attribute("email", "alice@example.com")]), cb, JsValue::UNDEFINED);
    assert_eq!(code(&node_err(&calls).await), "AliasExistsException");

    // Unknown user.
    let e = err(user_of(&pool.into(), "nobody").confirm_registration_async("123456".into(), JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    assert_eq!(code(&e), "UserNotFoundException");
}

// ----- passwords -----

#[wasm_bindgen_test]
async fn change_forgot_and_confirm_password() {
    let s = setup(AUTO_VERIFY, "").await;
    let pool: JsValue = s.pool();
    registered(&s, &pool, "hank", &[]).await;

    // Not signed in.
    let (cb, calls) = node_callback();
    user_of(&pool, "hank").change_password(PASSWORD.into(), NEW_PASSWORD.into(), cb, JsValue::UNDEFINED);
    assert_not_authenticated(&node_err(&calls).await);

    let hank = signed_in(&pool, "hank", PASSWORD).await;
    let (cb, calls) = node_callback();
    hank.change_password("Wr0ng-Passw0rd!".into(), NEW_PASSWORD.into(), cb, JsValue::UNDEFINED);
    assert_eq!(code(&node_err(&calls).await), "NotAuthorizedException");
    let e = err(hank.change_password_async(PASSWORD.into(), "weak".into(), JsValue::UNDEFINED)).await;
    assert_eq!(code(&e), "InvalidPasswordException");
    let (cb, calls) = node_callback();
    hank.change_password(PASSWORD.into(), NEW_PASSWORD.into(), cb, JsValue::UNDEFINED);
    assert_eq!(node_ok(&calls).await[1].as_string().as_deref(), Some("SUCCESS"));
    signed_in(&pool, "hank", NEW_PASSWORD).await;

    // forgotPassword without inputVerificationCode: onSuccess(data).
    let hank = user_of(&pool, "hank");
    let (callbacks, calls) = callback_object(&[]);
    hank.forgot_password(callbacks, JsValue::UNDEFINED);
    let data = on_success(&calls).await;
    assert_eq!(text(&get(&data, "CodeDeliveryDetails"), "AttributeName"), "email");
    // With inputVerificationCode: called instead of onSuccess.
    let (callbacks, calls) = callback_object(&["inputVerificationCode"]);
    hank.forgot_password(callbacks, json(r#"{"k":"v"}"#));
    let (name, args) = calls.single().await;
    assert_eq!(name, "inputVerificationCode");
    assert_eq!(text(&get(&args[0], "CodeDeliveryDetails"), "DeliveryMedium"), "EMAIL");
    let code_now = latest_code(&s.url, &s.pool_id, "hank", "ForgotPassword").await;

    // confirmPassword: wrong code, weak password (the code survives), success, then the
    // used code is expired.
    let (callbacks, calls) = callback_object(&[]);
    hank.confirm_password(wrong_code(&code_now).into(), "R3set-Passw0rd!".into(), callbacks, JsValue::UNDEFINED);
    assert_eq!(code(&on_failure(&calls).await), "CodeMismatchException");
    let e = err(hank.confirm_password_async(code_now.clone().into(), "weak".into(), JsValue::UNDEFINED)).await;
    assert_eq!(code(&e), "InvalidPasswordException");
    let (callbacks, calls) = callback_object(&[]);
    hank.confirm_password(code_now.clone().into(), "R3set-Passw0rd!".into(), callbacks, JsValue::UNDEFINED);
    assert_eq!(on_success(&calls).await.as_string().as_deref(), Some("SUCCESS"));
    let e = err(hank.confirm_password_async(code_now.into(), "An0ther-Passw0rd!".into(), JsValue::UNDEFINED)).await;
    assert_eq!(code(&e), "ExpiredCodeException");
    signed_in(&pool, "hank", "R3set-Passw0rd!").await;

    // The Promise form resolves with the data; unknown users fail.
    let data = ok(user_of(&pool, "hank").forgot_password_async(JsValue::UNDEFINED)).await;
    assert!(get(&data, "CodeDeliveryDetails").is_object());
    let (callbacks, calls) = callback_object(&["inputVerificationCode"]);
    user_of(&pool, "nobody").forgot_password(callbacks, JsValue::UNDEFINED);
    assert_eq!(code(&on_failure(&calls).await), "UserNotFoundException");
}

// ----- attributes and user data -----

#[wasm_bindgen_test]
async fn attributes_user_data_and_the_refresh_wrapper() {
    let s = setup(AUTO_VERIFY, "").await;
    // A pool whose refresh callbacks are wrapped (Amplify v5's Hub events).
    let log = js_sys::Array::new();
    let wrap = js_sys::Function::new_with_args(
        "log",
        "return function (callback) { log.push('wrap'); return function (err, session) { \
           log.push(err ? 'error:' + err.code : 'session:' + session.isValid()); return callback(err, session); }; };",
    )
    .call1(&JsValue::NULL, &log)
    .unwrap();
    let storage = MemoryStorage::new();
    let data = object();
    set(&data, "UserPoolId", &s.pool_id.clone().into());
    set(&data, "ClientId", &s.client_id.clone().into());
    set(&data, "endpoint", &format!("{}/", s.url).into());
    set(&data, "Storage", &storage.clone().into());
    let pool: JsValue = CognitoUserPool::new(data, wrap).unwrap().into();
    registered(&s, &pool, "ivy", &[plain_attribute("name", "Ivy")]).await;

    // Not signed in: every signed-in method fails with the reference's error.
    let nobody = user_of(&pool, "ivy");
    let (cb, calls) = node_callback();
    nobody.get_user_attributes(cb);
    assert_not_authenticated(&node_err(&calls).await);
    let (cb, calls) = node_callback();
    nobody.get_user_data(cb, JsValue::UNDEFINED);
    assert_not_authenticated(&node_err(&calls).await);
    let (cb, calls) = node_callback();
    nobody.update_attributes(array(&[plain_attribute("name", "x")]), cb, JsValue::UNDEFINED);
    assert_not_authenticated(&node_err(&calls).await);
    let (cb, calls) = node_callback();
    nobody.delete_attributes(array(&["name".into()]), cb);
    assert_not_authenticated(&node_err(&calls).await);
    let (callbacks, calls) = callback_object(&["inputVerificationCode"]);
    nobody.get_attribute_verification_code("email".into(), callbacks, JsValue::UNDEFINED);
    assert_not_authenticated(&on_failure(&calls).await);
    let (callbacks, calls) = callback_object(&[]);
    nobody.verify_attribute("email".into(), "123456".into(), callbacks);
    assert_not_authenticated(&on_failure(&calls).await);
    assert_not_authenticated(&err(nobody.get_user_attributes_async()).await);

    let ivy = signed_in(&pool, "ivy", PASSWORD).await;
    let (cb, calls) = node_callback();
    ivy.get_user_attributes(cb);
    let attributes = attribute_values(&node_ok(&calls).await[1]);
    assert_eq!(find(&attributes, "email"), Some("ivy@example.com"));
    assert_eq!(find(&attributes, "email_verified"), Some("true"));
    assert_eq!(find(&attributes, "name"), Some("Ivy"));
    assert!(find(&attributes, "sub").is_some());

    // getUserData: GetUser, cached under userDataKey; no refresh yet.
    let (cb, calls) = node_callback();
    ivy.get_user_data(cb, JsValue::UNDEFINED);
    let user_data = node_ok(&calls).await[1].clone();
    assert_eq!(text(&user_data, "Username"), "ivy");
    assert!(js_sys::Array::is_array(&get(&user_data, "UserAttributes")));
    let cached = storage.get_item(ivy.user_data_key().into()).expect("cached user data");
    assert!(cached.contains("ivy@example.com"));
    assert_eq!(log.length(), 0);

    // updateAttributes: callback(null, 'SUCCESS', details); the cache and the session are
    // refreshed, and the refresh went through wrapRefreshSessionCallback.
    let before = access_jwt(&ivy.sign_in_user_session());
    let (cb, calls) = node_callback();
    ivy.update_attributes(array(&[attribute("email", "ivy2@example.com"), plain_attribute("name", "Ivy Two")]), cb, JsValue::UNDEFINED);
    let args = node_ok(&calls).await;
    assert_eq!(args[1].as_string().as_deref(), Some("SUCCESS"));
    let list = get(&args[2], "CodeDeliveryDetailsList");
    assert_eq!(text(&js_sys::Array::from(&list).get(0), "AttributeName"), "email");
    assert!(storage.get_item(ivy.user_data_key().into()).unwrap().contains("ivy2@example.com"));
    assert_ne!(access_jwt(&ivy.sign_in_user_session()), before, "refreshed after the update");
    let logged: Vec<String> = log.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(logged, ["wrap", "session:true"]);

    // getAttributeVerificationCode: onSuccess('SUCCESS'), or inputVerificationCode(data).
    let (callbacks, calls) = callback_object(&[]);
    ivy.get_attribute_verification_code("email".into(), callbacks, JsValue::UNDEFINED);
    assert_eq!(on_success(&calls).await.as_string().as_deref(), Some("SUCCESS"));
    let (callbacks, calls) = callback_object(&["inputVerificationCode"]);
    ivy.get_attribute_verification_code("email".into(), callbacks, JsValue::UNDEFINED);
    let (name, args) = calls.single().await;
    assert_eq!(name, "inputVerificationCode");
    assert_eq!(text(&get(&args[0], "CodeDeliveryDetails"), "AttributeName"), "email");
    let data = ok(ivy.get_attribute_verification_code_async("email".into(), JsValue::UNDEFINED)).await;
    assert_eq!(text(&get(&data, "CodeDeliveryDetails"), "DeliveryMedium"), "EMAIL");
    let e = err(ivy.get_attribute_verification_code_async("name".into(), JsValue::UNDEFINED)).await;
    assert_eq!(code(&e), "InvalidParameterException");

    // verifyAttribute: wrong code, then the newest outbox code.
    let code_now = latest_code(&s.url, &s.pool_id, "ivy", "VerifyUserAttribute").await;
    let (callbacks, calls) = callback_object(&[]);
    ivy.verify_attribute("email".into(), wrong_code(&code_now).into(), callbacks);
    assert_eq!(code(&on_failure(&calls).await), "CodeMismatchException");
    let (callbacks, calls) = callback_object(&[]);
    ivy.verify_attribute("email".into(), code_now.clone().into(), callbacks);
    assert_eq!(on_success(&calls).await.as_string().as_deref(), Some("SUCCESS"));
    let e = err(ivy.verify_attribute_async("email".into(), code_now.into())).await;
    assert_eq!(code(&e), "ExpiredCodeException", "a used code");
    let attributes = attribute_values(&ok(ivy.get_user_attributes_async()).await);
    assert_eq!(find(&attributes, "email"), Some("ivy2@example.com"));
    assert_eq!(find(&attributes, "email_verified"), Some("true"));

    // deleteAttributes: 'SUCCESS', the attribute and the cached copy are gone; `sub` cannot go.
    let (cb, calls) = node_callback();
    ivy.delete_attributes(array(&["name".into()]), cb);
    assert_eq!(node_ok(&calls).await[1].as_string().as_deref(), Some("SUCCESS"));
    assert!(find(&attribute_values(&ok(ivy.get_user_attributes_async()).await), "name").is_none());
    assert!(!storage.get_item(ivy.user_data_key().into()).unwrap().contains("Ivy Two"));
    let e = err(ivy.delete_attributes_async(array(&["sub".into()]))).await;
    assert_eq!(code(&e), "InvalidParameterException");

    // updateAttributesAsync: {result, details}.
    let r = ok(ivy.update_attributes_async(array(&[plain_attribute("name", "Ivy Three")]), JsValue::UNDEFINED)).await;
    assert_eq!(text(&r, "result"), "SUCCESS");
    assert!(get(&r, "details").is_object());

    // getUserData: from the cache without a request, and with bypassCache a GetUser and a
    // refresh (reported to the wrapper again).
    log.set_length(0);
    let cached = ok(ivy.get_user_data_async(JsValue::UNDEFINED)).await;
    assert_eq!(text(&cached, "Username"), "ivy");
    assert_eq!(log.length(), 0);
    let before = access_jwt(&ivy.sign_in_user_session());
    let fresh = ok(ivy.get_user_data_async(json(r#"{"bypassCache":true}"#))).await;
    assert!(js_sys::JSON::stringify(&fresh).unwrap().as_string().unwrap().contains("Ivy Three"));
    assert_ne!(access_jwt(&ivy.sign_in_user_session()), before);
    let logged: Vec<String> = log.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(logged, ["wrap", "session:true"]);
}

// ----- MFA settings -----

#[wasm_bindgen_test]
async fn mfa_settings_and_software_token_when_signed_in() {
    let s = setup(&format!(r#"{AUTO_VERIFY},"MfaConfiguration":"OPTIONAL""#), "").await;
    let pool = s.pool();
    registered(&s, &pool, "mia", &[plain_attribute("phone_number", "+15555550100")]).await;
    registered(&s, &pool, "liam", &[]).await;

    let nobody = user_of(&pool, "mia");
    for f in [CognitoUser::enable_mfa, CognitoUser::disable_mfa, CognitoUser::get_mfa_options] {
        let (cb, calls) = node_callback();
        f(&nobody, cb);
        assert_not_authenticated(&node_err(&calls).await);
    }
    let (cb, calls) = node_callback();
    nobody.set_user_mfa_preference(JsValue::NULL, JsValue::NULL, cb);
    assert_not_authenticated(&node_err(&calls).await);

    // Deprecated SMS settings.
    let mia = signed_in(&pool, "mia", PASSWORD).await;
    let (cb, calls) = node_callback();
    mia.enable_mfa(cb);
    assert_eq!(node_ok(&calls).await[1].as_string().as_deref(), Some("SUCCESS"));
    let (cb, calls) = node_callback();
    mia.get_mfa_options(cb);
    let options = node_ok(&calls).await[1].clone();
    assert_eq!(js_sys::JSON::stringify(&options).unwrap().as_string().unwrap(), r#"[{"DeliveryMedium":"SMS","AttributeName":"phone_number"}]"#);
    let (cb, calls) = node_callback();
    mia.disable_mfa(cb);
    assert_eq!(node_ok(&calls).await[1].as_string().as_deref(), Some("SUCCESS"));
    let options = ok(mia.get_mfa_options_async()).await;
    assert!(options.is_undefined() || js_sys::Array::from(&options).length() == 0);

    // setUserMfaPreference(sms, null): the next sign-in asks for the SMS code.
    let (cb, calls) = node_callback();
    mia.set_user_mfa_preference(json(r#"{"PreferredMfa":true,"Enabled":true}"#), JsValue::NULL, cb);
    assert_eq!(node_ok(&calls).await[1].as_string().as_deref(), Some("SUCCESS"));
    let step = ok(user_of(&pool, "mia").authenticate_user_async(details("mia", PASSWORD))).await;
    assert_eq!(step_type(&step), "SMS_MFA");

    // TOTP: a preference before a verified token is refused; associate (callback form),
    // verify (signed in: onSuccess gets the raw {Status}), then prefer it.
    let liam = signed_in(&pool, "liam", PASSWORD).await;
    let on = json(r#"{"PreferredMfa":true,"Enabled":true}"#);
    let e = err(liam.set_user_mfa_preference_async(JsValue::NULL, on.clone())).await;
    assert_eq!(code(&e), "InvalidParameterException");
    let (callbacks, calls) = callback_object(&["associateSecretCode"]);
    liam.associate_software_token(callbacks);
    let (name, args) = calls.single().await;
    assert_eq!(name, "associateSecretCode");
    let secret = args[0].as_string().unwrap();
    let (callbacks, calls) = callback_object(&[]);
    liam.verify_software_token("000000".into(), "phone".into(), callbacks);
    assert_eq!(code(&on_failure(&calls).await), "EnableSoftwareTokenMFAException");
    let (callbacks, calls) = callback_object(&[]);
    liam.verify_software_token(totp(&secret, now_seconds()).into(), "phone".into(), callbacks);
    let verified = on_success(&calls).await;
    assert_eq!(text(&verified, "Status"), "SUCCESS");
    assert!(js_sys::Reflect::get(&verified, &"getIdToken".into()).unwrap().is_undefined(), "the raw response, not a session");
    assert_eq!(ok(liam.set_user_mfa_preference_async(JsValue::UNDEFINED, on)).await.as_string().as_deref(), Some("SUCCESS"));
    let data = ok(liam.get_user_data_async(JsValue::UNDEFINED)).await;
    assert_eq!(text(&data, "PreferredMfaSetting"), "SOFTWARE_TOKEN_MFA");
    let step = ok(user_of(&pool, "liam").authenticate_user_async(details("liam", PASSWORD))).await;
    assert_eq!(step_type(&step), "SOFTWARE_TOKEN_MFA");
}

// ----- devices and deletion -----

#[wasm_bindgen_test]
async fn devices_and_delete_user() {
    let s = setup(&format!(r#"{AUTO_VERIFY},"DeviceConfiguration":{{"DeviceOnlyRememberedOnUserPrompt":true}}"#), "").await;
    let storage = MemoryStorage::new();
    let pool = s.pool_with(Some(storage.clone().into()));
    registered(&s, &pool, "nina", &[]).await;

    let nobody = user_of(&pool, "nina");
    for f in [CognitoUser::get_device, CognitoUser::set_device_status_remembered, CognitoUser::set_device_status_not_remembered, CognitoUser::forget_device] {
        let (callbacks, calls) = callback_object(&[]);
        f(&nobody, callbacks);
        assert_not_authenticated(&on_failure(&calls).await);
    }
    let (callbacks, calls) = callback_object(&[]);
    nobody.list_devices(10.into(), JsValue::NULL, callbacks);
    assert_not_authenticated(&on_failure(&calls).await);
    let (callbacks, calls) = callback_object(&[]);
    nobody.forget_specific_device("k".into(), callbacks);
    assert_not_authenticated(&on_failure(&calls).await);
    let (cb, calls) = node_callback();
    nobody.delete_user(cb, JsValue::UNDEFINED);
    assert_not_authenticated(&node_err(&calls).await);

    // Sign-in registers the device (confirmation necessary with this pool).
    let nina = user_of(&pool, "nina");
    let step = ok(nina.authenticate_user_async(details("nina", PASSWORD))).await;
    assert_eq!(get(&step, "userConfirmationNecessary").as_bool(), Some(true));
    let device_key = nina.device_key().expect("a device key");

    let (callbacks, calls) = callback_object(&[]);
    nina.get_device(callbacks);
    assert_eq!(text(&get(&on_success(&calls).await, "Device"), "DeviceKey"), device_key);
    let (callbacks, calls) = callback_object(&[]);
    nina.set_device_status_remembered(callbacks);
    assert_eq!(on_success(&calls).await.as_string().as_deref(), Some("SUCCESS"));
    let (callbacks, calls) = callback_object(&[]);
    nina.list_devices(10.into(), JsValue::NULL, callbacks);
    let listed = on_success(&calls).await;
    let devices = js_sys::Array::from(&get(&listed, "Devices"));
    assert_eq!(devices.length(), 1);
    assert_eq!(text(&devices.get(0), "DeviceKey"), device_key);
    let status = js_sys::JSON::stringify(&get(&devices.get(0), "DeviceAttributes")).unwrap().as_string().unwrap();
    assert!(status.contains(r#""Name":"dev:device_remembered_status","Value":"remembered""#), "{status}");
    let (callbacks, calls) = callback_object(&[]);
    nina.set_device_status_not_remembered(callbacks);
    assert_eq!(on_success(&calls).await.as_string().as_deref(), Some("SUCCESS"));
    let (callbacks, calls) = callback_object(&[]);
    nina.forget_specific_device("us-east-1_00000000-0000-0000-0000-000000000000".into(), callbacks);
    assert_eq!(code(&on_failure(&calls).await), "ResourceNotFoundException");

    // A second device (another browser: its own storage), paged through and forgotten by key.
    let other = user_of(&s.pool(), "nina");
    ok(other.authenticate_user_async(details("nina", PASSWORD))).await;
    let other_key = other.device_key().unwrap();
    assert_ne!(other_key, device_key);
    let page = ok(nina.list_devices_async(1.into(), JsValue::NULL)).await;
    assert_eq!(js_sys::Array::from(&get(&page, "Devices")).length(), 1);
    let token = get(&page, "PaginationToken");
    assert!(token.is_string(), "a second page");
    let page2 = ok(nina.list_devices_async(1.into(), token)).await;
    assert_eq!(js_sys::Array::from(&get(&page2, "Devices")).length(), 1);
    assert_ne!(text(&js_sys::Array::from(&get(&page2, "Devices")).get(0), "DeviceKey"), text(&js_sys::Array::from(&get(&page, "Devices")).get(0), "DeviceKey"));
    assert_eq!(ok(nina.forget_specific_device_async(other_key.into())).await.as_string().as_deref(), Some("SUCCESS"));

    // forgetDevice: this device, and its keys in memory and storage.
    let prefix = format!("CognitoIdentityServiceProvider.{}.{}", s.client_id, nina.get_username());
    assert!(storage.get_item(format!("{prefix}.deviceKey").into()).is_some());
    let (callbacks, calls) = callback_object(&[]);
    nina.forget_device(callbacks);
    assert_eq!(on_success(&calls).await.as_string().as_deref(), Some("SUCCESS"));
    assert_eq!(nina.device_key(), None);
    assert_eq!(storage.get_item(format!("{prefix}.deviceKey").into()), None);
    assert_eq!(js_sys::Array::from(&get(&ok(nina.list_devices_async(10.into(), JsValue::UNDEFINED)).await, "Devices")).length(), 0);
    assert_eq!(code(&err(nina.get_device_async()).await), "InvalidParameterException");

    // deleteUser: 'SUCCESS', the cached user is gone, and so is the account.
    assert!(storage.get_item(format!("{prefix}.idToken").into()).is_some());
    let (cb, calls) = node_callback();
    nina.delete_user(cb, JsValue::UNDEFINED);
    assert_eq!(node_ok(&calls).await[1].as_string().as_deref(), Some("SUCCESS"));
    assert_eq!(storage.get_item(format!("{prefix}.idToken").into()), None);
    let e = err(user_of(&pool, "nina").authenticate_user_async(details("nina", PASSWORD))).await;
    assert!(["UserNotFoundException", "NotAuthorizedException"].contains(&code(&e).as_str()));
    assert_eq!(code(&err(nina.delete_user_async(JsValue::UNDEFINED)).await), "NotAuthorizedException");
}

// ----- callback discipline -----

#[wasm_bindgen_test]
async fn account_callbacks_are_called_once_even_when_they_throw() {
    let s = setup(AUTO_VERIFY, "").await;
    let pool = s.pool();
    registered(&s, &pool, "olivia", &[]).await;
    let olivia = signed_in(&pool, "olivia", PASSWORD).await;
    // A node callback that throws on success is not called again with its exception.
    let calls = js_sys::Array::new();
    let throwing = js_sys::Function::new_with_args("calls", "return function (err, result) { calls.push([err, result]); throw new Error('thrown by the test'); };")
        .call1(&JsValue::NULL, &calls)
        .unwrap();
    olivia.get_user_attributes(throwing.clone());
    olivia.change_password(PASSWORD.into(), "weak".into(), throwing, JsValue::UNDEFINED);
    for _ in 0..500 {
        if calls.length() >= 2 {
            break;
        }
        sleep(20).await;
    }
    sleep(200).await;
    assert_eq!(calls.length(), 2);
    // An onSuccess that throws does not lead to onFailure.
    let (callbacks, recorded) = callback_object(&[]);
    set(&callbacks, "onSuccess", &js_sys::Function::new_with_args("calls", "return function () { calls.push(['onSuccess']); throw new Error('x'); };")
        .call1(&JsValue::NULL, &recorded.0)
        .unwrap());
    olivia.list_devices(JsValue::UNDEFINED, JsValue::UNDEFINED, callbacks);
    assert_eq!(recorded.single().await.0, "onSuccess");
}
