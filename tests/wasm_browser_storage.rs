//! Storage that only a browser has, through the wasm-bindgen classes against the
//! emulator: `localStorage` that throws on write or on access (fallback to memory), and
//! cookies over the browsers' 4 KB limit (an error, not silent loss). Configured to run in
//! headless Chromium whichever way `cargo test --target wasm32-unknown-unknown` is run.
#![cfg(target_arch = "wasm32")]

mod wasm_support;

use cognito_wasm::bindings::callbacks::get;
use cognito_wasm::bindings::cookie_storage::CookieStorage;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use wasm_support::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn throwing_local_storage_falls_back_to_memory() {
    let s = setup("", "").await;
    s.user("private", "[]").await;
    // Safari private mode (old) / quota 0: setItem throws. The probe fails → memory.
    js(r#"globalThis.__setItem = Storage.prototype.setItem;
          Storage.prototype.setItem = function () { const e = new Error('QuotaExceededError: The quota has been exceeded.'); e.name = 'QuotaExceededError'; throw e; };"#);
    let pool = pool_with_data(&s, None, &[]);
    js("Storage.prototype.setItem = globalThis.__setItem;");
    assert!(get(&pool, "storage").is_instance_of::<js_sys::Object>());
    assert!(get(&pool, "storage") != js("return window.localStorage"), "fell back to memory");
    let user = user_of(&pool, "private");
    assert_eq!(step_type(&ok(user.authenticate_user_async(details("private", PASSWORD))).await), "SUCCESS");
    assert!(ok(user.get_session_async(JsValue::UNDEFINED)).await.is_object());

    // `window.localStorage` itself throws on access (storage disabled, sandboxed frame).
    js(r#"globalThis.__lsDesc = Object.getOwnPropertyDescriptor(window, 'localStorage') || null;
          Object.defineProperty(window, 'localStorage', { configurable: true, get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); } });"#);
    let pool = pool_with_data(&s, None, &[]);
    js("if (globalThis.__lsDesc) Object.defineProperty(window, 'localStorage', globalThis.__lsDesc); else delete window.localStorage;");
    assert!(js("try { return !!window.localStorage.getItem; } catch (e) { return false; }").as_bool().unwrap(), "restored");
    let user = user_of(&pool, "private");
    assert_eq!(step_type(&ok(user.authenticate_user_async(details("private", PASSWORD))).await), "SUCCESS");
    assert!(ok(user.get_session_async(JsValue::UNDEFINED)).await.is_object());
}

#[wasm_bindgen_test]
async fn oversized_cookies_are_an_error_not_silent_loss() {
    let cookies = CookieStorage::new(json(r#"{"secure":false,"sameSite":"strict","expires":1}"#)).unwrap();
    let big = "x".repeat(5_000);
    let e = cookies.set_item("cognito.big".into(), big.clone().into()).unwrap_err();
    assert_eq!(text(&e, "name"), "QuotaExceededError");
    assert!(text(&e, "message").contains("4096"), "{}", text(&e, "message"));
    assert!(cookies.get_item("cognito.big".into()).is_null(), "nothing written");
    // What the browser does by itself with such a cookie: drops it without an error.
    js(&format!("document.cookie = 'raw.big={}; path=/'", "y".repeat(5_000)));
    assert!(!js("return document.cookie").as_string().unwrap().contains("raw.big"), "the browser silently drops > 4 KB cookies");
    // Just under the limit is kept.
    let fits = "z".repeat(4_096 - "cognito.fits=".len());
    assert_eq!(cookies.set_item("cognito.fits".into(), fits.clone().into()).unwrap().as_string(), Some(fits));
    cookies.remove_item("cognito.fits".into());

    // A session write through a cookie storage with a too-large token: StorageError and
    // no partial session in the cookies.
    let s = setup("", "").await;
    // Three 1500-character attributes: an id token of over 6 KB (Cognito allows 2048
    // characters per attribute value).
    let long = "a".repeat(1_500);
    s.user("cookie", &format!(r#"[{{"Name":"name","Value":"{long}"}},{{"Name":"family_name","Value":"{long}"}},{{"Name":"given_name","Value":"{long}"}}]"#)).await;
    let pool = pool_with_data(&s, Some(cookies.clone().into()), &[]);
    let e = err(user_of(&pool, "cookie").authenticate_user_async(details("cookie", PASSWORD))).await;
    assert_eq!(text(&e, "code"), "StorageError");
    let jar = js("return document.cookie").as_string().unwrap();
    assert!(!jar.contains(&format!("CognitoIdentityServiceProvider.{}", s.client_id)), "no Cognito cookie left: {jar}");
}

