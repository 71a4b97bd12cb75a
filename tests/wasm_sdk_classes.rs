//! The SDK's small classes through the wasm-bindgen layer (no network). Runs in Node
//! (`cargo test --target wasm32-unknown-unknown`) and in headless Chromium
//! (`WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use cognito_wasm::bindings::attribute::CognitoUserAttribute;
use cognito_wasm::bindings::callbacks::{object, set};
use cognito_wasm::bindings::cookie_storage::CookieStorage;
use cognito_wasm::bindings::details::AuthenticationDetails;
use cognito_wasm::bindings::pool::CognitoUserPool;
use cognito_wasm::bindings::session::CognitoUserSession;
use cognito_wasm::bindings::storage::{local_storage, MemoryStorage};
use cognito_wasm::bindings::tokens::{CognitoAccessToken, CognitoIdToken, CognitoRefreshToken};
use cognito_wasm::bindings::user::CognitoUser;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

fn obj(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("test JSON")
}

fn prop(o: &JsValue, k: &str) -> JsValue {
    js_sys::Reflect::get(o, &JsValue::from_str(k)).unwrap()
}

fn stringify(v: &JsValue) -> String {
    js_sys::JSON::stringify(v).unwrap().as_string().unwrap()
}

fn error_message(e: &JsValue) -> String {
    prop(e, "message").as_string().unwrap_or_default()
}

fn in_browser() -> bool {
    !prop(&js_sys::global(), "document").is_undefined()
}

#[wasm_bindgen_test]
fn attribute_getters_setters_chain_and_json() {
    let a = CognitoUserAttribute::new(obj(r#"{"Name":"email","Value":"a@example.com"}"#));
    assert_eq!(a.get_name(), "email");
    assert_eq!(a.get_value(), "a@example.com");
    let chained = a.set_name(JsValue::from_str("phone_number")).set_value(JsValue::from_str("+15555550100"));
    assert_eq!(chained.get_name(), "phone_number");
    // The original object shares the state with what the setters returned.
    assert_eq!(a.get_value(), "+15555550100");
    assert_eq!(a.to_string_js(), r#"{"Name":"phone_number","Value":"+15555550100"}"#);
    assert_eq!(stringify(&a.to_json()), r#"{"Name":"phone_number","Value":"+15555550100"}"#);
    let empty = CognitoUserAttribute::new(JsValue::UNDEFINED);
    assert_eq!(empty.get_name(), "");
    assert_eq!(empty.get_value(), "");
    assert_eq!(empty.name_field(), "");
}

#[wasm_bindgen_test]
fn authentication_details_defaults_and_getters() {
    let d = AuthenticationDetails::new(obj(r#"{"Username":"alice","Password":"pw","ClientMetadata":{"k":"v"}}"#));
    assert_eq!(d.get_username().as_string().unwrap(), "alice");
    assert_eq!(d.get_password().as_string().unwrap(), "pw");
    assert_eq!(stringify(&d.get_validation_data()), "{}");
    assert_eq!(stringify(&d.get_auth_parameters()), "{}");
    assert_eq!(stringify(&d.get_client_metadata()), r#"{"k":"v"}"#);
    assert_eq!(d.client_metadata_pairs(), vec![("k".to_string(), "v".to_string())]);
    let none = AuthenticationDetails::new(JsValue::UNDEFINED);
    assert!(none.get_username().is_undefined());
    assert_eq!(stringify(&none.get_validation_data()), "{}");
}

#[wasm_bindgen_test]
fn cookie_storage_constructor_checks() {
    let e = CookieStorage::new(obj(r#"{"sameSite":"bogus"}"#)).unwrap_err();
    assert_eq!(error_message(&e), "The sameSite value of cookieStorage must be \"lax\", \"strict\" or \"none\".");
    let e = CookieStorage::new(obj(r#"{"sameSite":"none","secure":false}"#)).unwrap_err();
    assert_eq!(error_message(&e), "sameSite = None requires the Secure attribute in latest browser versions.");
    let c = CookieStorage::new(obj(r#"{"sameSite":"none"}"#)).unwrap();
    assert!(c.secure());
    let c = CookieStorage::new(JsValue::UNDEFINED).unwrap();
    assert_eq!(c.path(), "/");
    assert_eq!(c.expires().as_f64(), Some(365.0));
    assert!(c.same_site().is_null());
    assert!(c.domain().is_none());
    // A non-number `expires` is coerced as JavaScript's `Number(...)` would.
    let c = CookieStorage::new(obj(r#"{"expires":" 7 "}"#)).unwrap();
    assert_eq!(c.expires().as_f64(), Some(7.0));
    let c = CookieStorage::new(obj(r#"{"expires":"soon"}"#)).unwrap();
    assert!(c.expires().as_f64().is_some_and(f64::is_nan));
}

#[wasm_bindgen_test]
fn cookie_storage_round_trip() {
    // Headless Chromium serves the tests over http://127.0.0.1, where `secure` cookies
    // are still accepted (localhost is a secure context); in Node there is no document.
    let c = CookieStorage::new(obj(r#"{"secure":false}"#)).unwrap();
    let key = JsValue::from_str("CognitoIdentityServiceProvider.client.user@x.idToken");
    let value = "a.b=c; d/e+f{g}";
    let stored = c.set_item(key.clone(), JsValue::from_str(value)).expect("a small cookie is kept");
    if in_browser() {
        assert_eq!(stored.as_string().as_deref(), Some(value));
        assert_eq!(c.get_item(key.clone()).as_string().as_deref(), Some(value));
        c.remove_item(key.clone());
        assert!(c.get_item(key.clone()).is_null());
        c.set_item(JsValue::from_str("other"), JsValue::from_str("1")).unwrap();
        c.clear();
        assert!(c.get_item(JsValue::from_str("other")).is_null());
    } else {
        assert!(stored.is_undefined());
        assert!(c.get_item(key.clone()).is_null());
        c.remove_item(key);
        assert_eq!(stringify(&c.clear()), "{}");
    }
}

fn b64url(text: &str) -> String {
    let b64 = js_sys::global();
    // btoa exists in browsers and Node 16+.
    let btoa = js_sys::Reflect::get(&b64, &"btoa".into()).unwrap().dyn_into::<js_sys::Function>().unwrap();
    let bytes: String = text.bytes().map(char::from).collect();
    let s = btoa.call1(&JsValue::NULL, &bytes.into()).unwrap().as_string().unwrap();
    s.trim_end_matches('=').replace('+', "-").replace('/', "_")
}

fn jwt(payload: &str) -> String {
    format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", b64url(payload))
}

fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

fn token_data(field: &str, value: &str) -> JsValue {
    let o = object();
    set(&o, field, &value.into());
    o
}

#[wasm_bindgen_test]
fn tokens_decode_their_payload() {
    let t = CognitoAccessToken::new(token_data("AccessToken", &jwt(r#"{"exp":200,"iat":100,"username":"zoë"}"#)));
    assert_eq!(t.get_expiration().as_f64(), Some(200.0));
    assert_eq!(t.get_issued_at().as_f64(), Some(100.0));
    assert_eq!(prop(&t.payload(), "username").as_string().as_deref(), Some("zoë"));
    assert_eq!(stringify(&t.decode_payload()), stringify(&t.payload()));
    let bad = CognitoIdToken::new(token_data("IdToken", "nope"));
    assert_eq!(stringify(&bad.payload()), "{}");
    assert!(bad.get_expiration().is_undefined());
    assert_eq!(CognitoIdToken::new(JsValue::UNDEFINED).get_jwt_token(), "");
    assert_eq!(CognitoRefreshToken::new(token_data("RefreshToken", "r")).get_token(), "r");
}

fn session_data(exp: i64, iat: i64, drift: Option<f64>) -> JsValue {
    let p = format!(r#"{{"exp":{exp},"iat":{iat}}}"#);
    let o = object();
    set(&o, "IdToken", &CognitoIdToken::new(token_data("IdToken", &jwt(&p))).into());
    set(&o, "AccessToken", &CognitoAccessToken::new(token_data("AccessToken", &jwt(&p))).into());
    set(&o, "RefreshToken", &CognitoRefreshToken::new(token_data("RefreshToken", "rt")).into());
    if let Some(d) = drift {
        set(&o, "ClockDrift", &d.into());
    }
    o
}

#[wasm_bindgen_test]
fn session_validity_and_errors() {
    let e = CognitoUserSession::new(object()).unwrap_err();
    assert_eq!(error_message(&e), "Id token and Access Token must be present.");
    let n = now();
    let s = CognitoUserSession::new(session_data(n + 100, n - 30, None)).unwrap();
    assert!((s.get_clock_drift() - 30.0).abs() <= 1.0);
    assert!(s.is_valid());
    assert_eq!(s.get_refresh_token().get_token(), "rt");
    assert!(!CognitoUserSession::new(session_data(n + 100, n, Some(-200.0))).unwrap().is_valid());
    assert!(!CognitoUserSession::new(session_data(n - 1, n - 100, Some(0.0))).unwrap().is_valid());
}

fn pool_data(extra: &[(&str, JsValue)]) -> JsValue {
    let o = obj(r#"{"UserPoolId":"us-east-1_AbCdEf","ClientId":"client1"}"#);
    for (k, v) in extra {
        set(&o, k, v);
    }
    o
}

#[wasm_bindgen_test]
fn pool_constructor_errors_and_getters() {
    let e = CognitoUserPool::new(JsValue::UNDEFINED, JsValue::UNDEFINED).err().unwrap();
    assert_eq!(error_message(&e), "Both UserPoolId and ClientId are required.");
    let e = CognitoUserPool::new(obj(r#"{"UserPoolId":"bad","ClientId":"c"}"#), JsValue::UNDEFINED).err().unwrap();
    assert_eq!(error_message(&e), "Invalid UserPoolId format.");
    let pool = CognitoUserPool::new(pool_data(&[]), JsValue::UNDEFINED).unwrap();
    assert_eq!(pool.get_user_pool_id(), "us-east-1_AbCdEf");
    assert_eq!(pool.get_user_pool_name(), "AbCdEf");
    assert_eq!(pool.get_client_id(), "client1");
    assert_eq!(pool.endpoint(), "https://cognito-idp.us-east-1.amazonaws.com/");
    assert!(pool.get_user_context_data("u".into()).is_undefined());
}

#[wasm_bindgen_test]
fn default_storage_is_local_storage_in_browsers_and_memory_elsewhere() {
    let pool = CognitoUserPool::new(pool_data(&[]), JsValue::UNDEFINED).unwrap();
    match local_storage() {
        Some(ls) => {
            assert!(in_browser());
            assert!(js_sys::Object::is(&pool.storage(), &ls));
            assert!(prop(&ls, "aws.cognito.test-ls").is_undefined(), "the probe key is removed");
        }
        None => {
            assert!(!in_browser());
            let other = CognitoUserPool::new(pool_data(&[]), JsValue::UNDEFINED).unwrap();
            assert!(!js_sys::Object::is(&pool.storage(), &other.storage()), "one memory storage per pool");
        }
    }
}

#[wasm_bindgen_test]
fn user_constructor_fields_and_cached_session() {
    let storage = MemoryStorage::new();
    let pool: JsValue = CognitoUserPool::new(pool_data(&[("Storage", storage.clone().into())]), JsValue::UNDEFINED).unwrap().into();
    let e = CognitoUser::new(obj(r#"{"Username":"x"}"#)).err().unwrap();
    assert_eq!(error_message(&e), "Username and Pool information are required.");
    let e = CognitoUser::new(JsValue::NULL).err().unwrap();
    assert_eq!(error_message(&e), "Username and Pool information are required.");
    let not_ours = obj(r#"{"Username":"x","Pool":{}}"#);
    assert!(CognitoUser::new(not_ours).is_err());

    let data = object();
    set(&data, "Username", &"alice".into());
    set(&data, "Pool", &pool);
    let user = CognitoUser::new(data).unwrap();
    assert_eq!(user.get_username(), "alice");
    assert!(js_sys::Object::is(&user.pool(), &pool));
    assert_eq!(user.key_prefix(), "CognitoIdentityServiceProvider.client1");
    assert_eq!(user.user_data_key(), "CognitoIdentityServiceProvider.client1.alice.userData");
    assert!(user.challenge_session().is_null());
    assert!(user.sign_in_user_session().is_null());
    assert_eq!(user.get_authentication_flow_type(), "USER_SRP_AUTH");

    let n = now();
    let session: JsValue = CognitoUserSession::new(session_data(n + 600, n, None)).unwrap().into();
    user.set_sign_in_user_session(session).unwrap();
    assert_eq!(storage.get_item("CognitoIdentityServiceProvider.client1.LastAuthUser".into()).as_deref(), Some("alice"));
    assert_eq!(storage.get_item("CognitoIdentityServiceProvider.client1.alice.refreshToken".into()).as_deref(), Some("rt"));
    assert!(user.sign_in_user_session().is_object());
    user.sign_out(JsValue::UNDEFINED).unwrap();
    assert!(user.sign_in_user_session().is_null());
    assert_eq!(storage.get_item("CognitoIdentityServiceProvider.client1.LastAuthUser".into()), None);
    assert!(user.set_sign_in_user_session(object()).is_err());
}

/// The clock drift is written with the host's `String(number)` in wasm and with the Rust
/// port (`format_js_number`) natively: both must give the same text.
#[wasm_bindgen_test]
fn clock_drift_text_matches_the_rust_port_of_number_to_string() {
    use cognito_wasm::session::{format_clock_drift, format_js_number};
    let values = [
        0.0, -0.0, 1.0, -12.0, 3600.0, 1.5, -0.25, 0.1 + 0.2, 1e21, 123456789012345680000.0, 1e-6, 1.5e-7, -2.5e-7, 1e300,
        f64::MAX, f64::MIN_POSITIVE, 5e-324, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1_700_000_000.0, -86_400.0,
    ];
    for v in values {
        assert_eq!(format_clock_drift(v), format_js_number(v), "{v:e}");
    }
}

/// `parseInt(stored) || 0` in wasm (where the digits go through the host's `parseFloat`).
#[wasm_bindgen_test]
fn clock_drift_is_read_back_as_parse_int_does() {
    use cognito_wasm::session::parse_clock_drift;
    let cases: [(Option<&str>, f64); 10] = [
        (None, 0.0),
        (Some("12"), 12.0),
        (Some("-3600"), -3600.0),
        (Some("  42abc"), 42.0),
        (Some("1e5"), 1.0),
        (Some("0x1f"), 31.0),
        (Some("3.9"), 3.0),
        (Some("abc"), 0.0),
        (Some("99999999999999999999999"), 1e23),
        (Some("+7"), 7.0),
    ];
    for (stored, want) in cases {
        assert_eq!(parse_clock_drift(stored), want, "{stored:?}");
    }
}

/// Challenge parameters reach `customChallenge(params)` (and the Promise twin's
/// `parameters`) in the order of the server's JSON, as the reference hands on the parsed
/// object; `AuthParameters` and `ClientMetadata` are sent in the caller's order with
/// `USERNAME` assigned in place. `fetch` is stubbed: no network.
#[wasm_bindgen_test]
async fn maps_keep_the_server_and_caller_order() {
    let storage = MemoryStorage::new();
    let pool: JsValue = CognitoUserPool::new(pool_data(&[("Storage", storage.into())]), JsValue::UNDEFINED).unwrap().into();
    let data = object();
    set(&data, "Username", &"alice".into());
    set(&data, "Pool", &pool);
    let user: JsValue = CognitoUser::new(data).unwrap().into();
    let details = obj(r#"{"Username":"alice","AuthParameters":{"Z":"1","USERNAME":"typed","A":"2"},"ClientMetadata":{"b":"1","a":"2"}}"#);

    let stub = js_sys::Function::new_no_args(
        r#"globalThis.__sent = []; globalThis.__realFetch = globalThis.fetch;
           const body = '{"ChallengeName":"CUSTOM_CHALLENGE","Session":"s1","ChallengeParameters":{"zeta":"1","CODE_DELIVERY_DESTINATION":"+*0123","alpha":"2","10":"x"}}';
           globalThis.fetch = (url, init) => {
             globalThis.__sent.push(init.body);
             return Promise.resolve({ status: 200, ok: true, headers: { get: () => null }, text: () => Promise.resolve(body) });
           };"#,
    );
    stub.call0(&JsValue::UNDEFINED).unwrap();
    let with_callbacks = js_sys::Function::new_with_args(
        "user, details",
        "return new Promise((resolve, reject) => user.initiateAuth(details, { customChallenge: resolve, onSuccess: () => reject(new Error('success')), onFailure: reject }))",
    );
    let from_callback = wasm_bindgen_futures::JsFuture::from(with_callbacks.call2(&JsValue::UNDEFINED, &user, &details).unwrap().dyn_into::<js_sys::Promise>().unwrap()).await;
    let initiate_async = js_sys::Function::new_with_args("user, details", "return user.initiateAuthAsync(details)");
    let step = wasm_bindgen_futures::JsFuture::from(initiate_async.call2(&JsValue::UNDEFINED, &user, &details).unwrap().dyn_into::<js_sys::Promise>().unwrap()).await;
    let sent = prop(&js_sys::global(), "__sent");
    js_sys::Function::new_no_args("globalThis.fetch = globalThis.__realFetch;").call0(&JsValue::UNDEFINED).unwrap();

    let keys = |o: &JsValue| stringify(&js_sys::Object::keys(o.unchecked_ref::<js_sys::Object>()).into());
    // What JSON.parse gives the reference: integer-like keys first, then the server's order.
    let expected = r#"["10","zeta","CODE_DELIVERY_DESTINATION","alpha"]"#;
    assert_eq!(keys(&from_callback.unwrap()), expected);
    assert_eq!(keys(&prop(&step.unwrap(), "parameters")), expected);
    let sent: js_sys::Array = sent.unchecked_into();
    assert_eq!(sent.length(), 2);
    for body in sent.iter() {
        let body = obj(&body.as_string().unwrap());
        assert_eq!(keys(&prop(&body, "AuthParameters")), r#"["Z","USERNAME","A"]"#);
        assert_eq!(prop(&prop(&body, "AuthParameters"), "USERNAME").as_string().as_deref(), Some("alice"));
        assert_eq!(keys(&prop(&body, "ClientMetadata")), r#"["b","a"]"#);
    }
}
