//! Reliability through the wasm-bindgen classes against the emulator (Node and headless
//! Chromium): request timeouts on a `hang` fault, 50 concurrent `getSession` calls
//! sharing one refresh, sign-out seen across two pool objects over one storage (two
//! tabs: `localStorage` in Chromium), and secrets kept out of console output and error
//! text. Storage robustness is in `wasm_storage_robustness.rs`.
//!
//! `COGNITO_EMULATOR_URL=http://127.0.0.1:PORT cargo test --target wasm32-unknown-unknown --test wasm_reliability`
//! (add `WASM_BINDGEN_USE_BROWSER=1` for Chromium).
#![cfg(target_arch = "wasm32")]

mod wasm_support;

use std::cell::RefCell;
use std::rc::Rc;

use cognito_wasm::bindings::callbacks::get;
use cognito_wasm::bindings::fetch_transport::sleep;
use cognito_wasm::bindings::pool::CognitoUserPool;
use cognito_wasm::bindings::storage::MemoryStorage;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use wasm_support::*;

// ----- 1. request timeout -----

#[wasm_bindgen_test]
async fn hung_requests_time_out_with_a_typed_error_and_refresh_retries_them() {
    let s = setup("", "").await;
    s.user("hang", "[]").await;
    let storage: JsValue = MemoryStorage::new().into();
    let pool = pool_with_data(&s, Some(storage.clone()), &[("requestTimeoutMs", JsValue::from(400))]);
    assert_eq!(get(&pool, "requestTimeoutMs").as_f64(), Some(400.0));
    let user = user_of(&pool, "hang");
    let first = get(&ok(user.authenticate_user_async(details("hang", PASSWORD))).await, "session");

    // GetUser held by the emulator: TimeoutError after ~400 ms, not retried.
    let hangs = || async {
        let state = emulator_fetch(&format!("{}/_emulator/faults", s.url), "GET", None).await;
        get(&get(&state, "injected"), "hang").as_f64().unwrap_or(0.0)
    };
    let hangs_before = hangs().await;
    inject(&s.url, r#"{"target":"GetUser","kind":"hang","holdSeconds":10,"count":5}"#).await;
    let started = js_sys::Date::now();
    let e = err(user.get_user_attributes_async()).await;
    let took = js_sys::Date::now() - started;
    assert_eq!(text(&e, "code"), "TimeoutError");
    assert_eq!(text(&e, "name"), "TimeoutError");
    assert_eq!(text(&e, "message"), "Request timed out after 400 ms");
    assert!((350.0..3_000.0).contains(&took), "took {took} ms");
    assert_eq!(hangs().await - hangs_before, 1.0, "one GetUser attempt (a timed-out read is not retried)");
    clear_faults(&s.url).await;

    // Two hung refreshes, then the answer: the retry policy gets through; the session
    // is stored whole.
    inject(&s.url, r#"{"target":"InitiateAuth","authFlow":"REFRESH_TOKEN_AUTH","kind":"hang","holdSeconds":10,"count":2}"#).await;
    let refreshed = ok(user.refresh_session_async(call0(&first, "getRefreshToken"), JsValue::UNDEFINED)).await;
    assert_ne!(access_jwt(&refreshed), access_jwt(&first));
    let stored_id = storage_get(&storage, &key(&s, &user.get_username(), "idToken"));
    assert_eq!(stored_id, call0(&call0(&refreshed, "getIdToken"), "getJwtToken").as_string());
    assert_eq!(storage_get(&storage, &key(&s, &user.get_username(), "accessToken")), Some(access_jwt(&refreshed)));

    // (Every attempt timing out, TimeoutError and storage untouched: native_reliability.rs
    // and native_faults.rs; here it would cost ~6.5 s of backoff.)

    // 0 = no limit; bad values are constructor errors.
    assert_eq!(get(&pool_with_data(&s, None, &[("requestTimeoutMs", JsValue::from(0))]), "requestTimeoutMs").as_f64(), Some(0.0));
    assert_eq!(get(&pool_with_data(&s, None, &[]), "requestTimeoutMs").as_f64(), Some(30_000.0));
    let data = json(&format!(r#"{{"UserPoolId":"{}","ClientId":"c","requestTimeoutMs":-1}}"#, s.pool_id));
    assert!(CognitoUserPool::new(data, JsValue::UNDEFINED).is_err());
}

// ----- 4a. concurrency: one refresh for 50 callers -----

#[wasm_bindgen_test]
async fn fifty_concurrent_get_session_calls_send_one_refresh() {
    let s = setup("", "").await;
    s.user("many", "[]").await;
    let storage = test_storage();
    let pool = pool_with_data(&s, Some(storage.clone()), &[]);
    let user = user_of(&pool, "many");
    let first = get(&ok(user.authenticate_user_async(details("many", PASSWORD))).await, "session");
    let_tokens_expire(&s.url).await;
    assert_eq!(call0(&first, "isValid").as_bool(), Some(false));

    // Count refresh requests at the page's fetch.
    js(r#"globalThis.__refreshes = 0; globalThis.__realFetch = globalThis.fetch;
          globalThis.fetch = function (url, init) {
            if (init && typeof init.body === 'string' && init.body.includes('REFRESH_TOKEN_AUTH')) globalThis.__refreshes++;
            return globalThis.__realFetch.apply(this, arguments);
          };"#);
    let results: Rc<RefCell<Vec<(bool, String)>>> = Rc::default();
    let current = CognitoUserPool::from_shared(pool_shared(&pool)).current_user().expect("current user");
    let mut keep = vec![];
    for i in 0..50 {
        let r = results.clone();
        let cb = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |e: JsValue, session: JsValue| {
            r.borrow_mut().push(if e.is_null() || e.is_undefined() { (true, access_jwt(&session)) } else { (false, text(&e, "message")) });
        });
        // Half through the signed-in object, half through getCurrentUser's.
        let target = if i % 2 == 0 { &user } else { &current };
        target.get_session(cb.as_ref().clone(), JsValue::UNDEFINED);
        keep.push(cb);
    }
    for _ in 0..100 {
        if results.borrow().len() >= 50 {
            break;
        }
        sleep(50).await;
    }
    sleep(200).await; // any late second callback would land here
    js("globalThis.fetch = globalThis.__realFetch;");
    reset_clocks(&s.url).await;
    let refreshes = get(&js_sys::global(), "__refreshes").as_f64().unwrap();
    let results = results.borrow();
    assert_eq!(results.len(), 50, "every callback exactly once");
    assert!(results.iter().all(|(ok, _)| *ok), "{results:?}");
    let token = &results[0].1;
    assert!(results.iter().all(|(_, t)| t == token), "all get the same new tokens");
    assert_ne!(token, &access_jwt(&first));
    assert_eq!(refreshes, 1.0, "exactly one REFRESH_TOKEN_AUTH request");
}


// ----- 4b. two tabs -----

#[wasm_bindgen_test]
async fn sign_out_in_one_tab_is_seen_by_the_other() {
    let s = setup("", "").await;
    s.user("tabs", "[]").await;
    let storage = test_storage();
    let tab_a = pool_with_data(&s, Some(storage.clone()), &[]);
    let tab_b = pool_with_data(&s, Some(storage.clone()), &[]);
    let a = user_of(&tab_a, "tabs");
    ok(a.authenticate_user_async(details("tabs", PASSWORD))).await;
    let b = CognitoUserPool::from_shared(pool_shared(&tab_b)).current_user().expect("tab B sees the user");
    let session_b = ok(b.get_session_async(JsValue::UNDEFINED)).await;
    assert_eq!(call0(&session_b, "isValid").as_bool(), Some(true));

    a.sign_out(JsValue::UNDEFINED).unwrap();
    let e = err(b.get_session_async(JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "message"), "Local storage is missing an ID Token, Please authenticate");
    // B's signed-in-only calls stop too.
    assert_eq!(text(&err(b.get_user_attributes_async()).await, "message"), "User is not authenticated");
}

// ----- 5. secrets -----

#[wasm_bindgen_test]
async fn secrets_never_reach_the_console_or_error_text() {
    let s = setup(r#""MfaConfiguration":"OPTIONAL""#, "").await;
    s.user("secret", r#"[{"Name":"phone_number","Value":"+15555550111"}]"#).await;
    let body = format!(r#"{{"UserPoolId":"{}","Username":"secret","SMSMfaSettings":{{"Enabled":true,"PreferredMfa":true}}}}"#, s.pool_id);
    call(&s.url, "AdminSetUserMFAPreference", json(&body)).await;
    js(r#"globalThis.__logs = []; globalThis.__console = {};
          for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
            globalThis.__console[m] = console[m];
            console[m] = function (...args) { globalThis.__logs.push(args.map(a => { try { return a instanceof Error ? a.stack + ' ' + a.message : typeof a === 'string' ? a : JSON.stringify(a); } catch (e) { return String(a); } }).join(' ')); return globalThis.__console[m].apply(console, args); };
          }"#);
    let mut texts: Vec<String> = vec![];
    let describe = |e: &JsValue| -> String {
        let s = js_sys::Function::new_with_args("e", "return String(e) + ' ' + JSON.stringify(e) + ' ' + (e && e.stack) + ' ' + Object.keys(e || {}).map(k => k + '=' + String(e[k])).join(' ')");
        s.call1(&JsValue::NULL, e).unwrap().as_string().unwrap()
    };
    let wrong = "Wrong-Horse-7-secret";
    let storage: JsValue = MemoryStorage::new().into();
    let pool = pool_with_data(&s, Some(storage.clone()), &[]);
    let user = user_of(&pool, "secret");
    let e = err(user.authenticate_user_async(details("secret", wrong))).await;
    assert_eq!(text(&e, "code"), "NotAuthorizedException");
    texts.push(describe(&e));
    let step = ok(user.authenticate_user_async(details("secret", PASSWORD))).await;
    assert_eq!(step_type(&step), "SMS_MFA");
    let e = err(user.send_mfa_code_async("000000".into(), JsValue::UNDEFINED, JsValue::UNDEFINED)).await;
    texts.push(describe(&e));
    let code = latest_code(&s.url, &s.pool_id, "secret", "SMS_MFA").await;
    let mut session = get(&ok(user.send_mfa_code_async(code.into(), JsValue::UNDEFINED, JsValue::UNDEFINED)).await, "session");
    if session.is_undefined() {
        session = ok(user.get_session_async(JsValue::UNDEFINED)).await;
    }
    let refresh = refresh_text(&session);
    let_tokens_expire(&s.url).await;
    let refreshed = ok(user.get_session_async(JsValue::UNDEFINED)).await;
    assert_ne!(access_jwt(&refreshed), access_jwt(&session));
    // Refresh failures of every kind, then a revoked token.
    for rule in [r#"{"target":"InitiateAuth","kind":"error-html","count":1}"#, r#"{"target":"InitiateAuth","kind":"close","count":1}"#] {
        inject(&s.url, rule).await;
        let _ = JsFuture::from(user.refresh_session_async(call0(&session, "getRefreshToken"), JsValue::UNDEFINED)).await;
        clear_faults(&s.url).await;
    }
    ok(user.sign_out_async()).await;
    let e = err(user_of(&pool, &user.get_username()).refresh_session_async(call0(&session, "getRefreshToken"), JsValue::UNDEFINED)).await;
    texts.push(describe(&e));
    // toString of the objects that hold secrets.
    texts.push(js_sys::JSON::stringify(&details("secret", PASSWORD)).map(String::from).unwrap_or_default());
    texts.push(describe(&user.clone().into()));
    let logs = js("const l = globalThis.__logs; for (const m in globalThis.__console) console[m] = globalThis.__console[m]; return l.join('\\n');").as_string().unwrap();
    texts.push(logs);
    let all = texts.join("\n");
    for secret in [PASSWORD, wrong, refresh.as_str()] {
        assert!(!all.contains(secret), "a secret appears in console output or error text");
    }
    reset_clocks(&s.url).await;
}
