//! Storage robustness through the wasm-bindgen classes against the emulator (Node and
//! headless Chromium; `localStorage` and cookies in Chromium, the tests marked "browser
//! only" return early without a `window`): corrupted, truncated or foreign values under
//! the Cognito keys, user storages whose `setItem` throws (never a half-written
//! session), `localStorage` that throws on write or on access (fallback to memory), and
//! cookies over the browsers' 4 KB limit (an error, not silent loss).
#![cfg(target_arch = "wasm32")]

mod wasm_support;

use cognito_wasm::bindings::callbacks::get;
use cognito_wasm::bindings::cookie_storage::CookieStorage;
use cognito_wasm::bindings::fetch_transport::sleep;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use wasm_support::*;

// ----- 3. storage robustness -----

#[wasm_bindgen_test]
async fn corrupted_stored_values_give_errors_or_a_refresh_never_a_crash() {
    let Some(s) = setup("", "").await else { return };
    s.user("junk", "[]").await;
    let storage = test_storage();
    let pool = pool_with_data(&s, Some(storage.clone()), &[]);
    let signer = user_of(&pool, "junk");
    let good = get(&ok(signer.authenticate_user_async(details("junk", PASSWORD))).await, "session");
    let name = signer.get_username();
    let k = |e: &str| key(&s, &name, e);
    let saved: Vec<(String, Option<String>)> =
        ["idToken", "accessToken", "refreshToken", "clockDrift"].iter().map(|e| (k(e), storage_get(&storage, &k(e)))).collect();
    let restore = || {
        for (key, v) in &saved {
            storage_set(&storage, key, v.as_deref().unwrap_or(""));
        }
    };
    let fresh = || user_of(&pool, &name);

    // A garbage id token: no exp → not valid → refreshed with the stored refresh token.
    for junk in ["garbage", "a.b.c", "eyJhbGciOiJub25lIn0.eyJleHAiOiJzb29uIn0.", "..", "{\"exp\":1}"] {
        restore();
        storage_set(&storage, &k("idToken"), junk);
        let session = ok(fresh().get_session_async(JsValue::UNDEFINED)).await;
        assert_eq!(call0(&session, "isValid").as_bool(), Some(true), "{junk}");
        assert_ne!(storage_get(&storage, &k("idToken")).as_deref(), Some(junk), "{junk}: replaced by the refresh");
    }
    // A junk access token: refreshed the same way.
    restore();
    storage_set(&storage, &k("accessToken"), "%%%not-a-jwt%%%");
    assert_eq!(call0(&ok(fresh().get_session_async(JsValue::UNDEFINED)).await, "isValid").as_bool(), Some(true));
    // A non-numeric clock drift reads as 0 (the reference's `parseInt(x) || 0`).
    for drift in ["abc", "", "NaN", "1e400", "-", "12abc"] {
        restore();
        storage_set(&storage, &k("clockDrift"), drift);
        let session = ok(fresh().get_session_async(JsValue::UNDEFINED)).await;
        assert_eq!(call0(&session, "isValid").as_bool(), Some(true), "drift {drift:?}");
    }
    // An empty id token: the reference's error.
    restore();
    storage_set(&storage, &k("idToken"), "");
    let e = err(fresh().get_session_async(JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "message"), "Local storage is missing an ID Token, Please authenticate");
    // Junk everywhere and no usable refresh token: the reference's other error.
    storage_set(&storage, &k("idToken"), "junk");
    storage_set(&storage, &k("refreshToken"), "");
    let e = err(fresh().get_session_async(JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "message"), "Cannot retrieve a new session. Please authenticate.");
    // A junk refresh token: Cognito's NotAuthorizedException, and the cached user cleared.
    storage_set(&storage, &k("refreshToken"), "not-a-refresh-token");
    let e = err(fresh().get_session_async(JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "code"), "NotAuthorizedException");
    assert_eq!(storage_get(&storage, &k("idToken")), None);

    // JSON-looking junk under userData: an error (and the entry dropped), then a fetch.
    restore();
    let user = fresh();
    ok(user.get_session_async(JsValue::UNDEFINED)).await;
    for junk in [r#"{"Username": "#, r#"{"UserAttributes": [}"#, "[1,2"] {
        storage_set(&storage, &k("userData"), junk);
        let e = err(user.get_user_data_async(JsValue::UNDEFINED)).await;
        assert!(!text(&e, "message").is_empty(), "{junk}");
        assert_eq!(storage_get(&storage, &k("userData")), None, "{junk}: dropped");
        let data = ok(user.get_user_data_async(JsValue::UNDEFINED)).await;
        assert_eq!(text(&data, "Username"), name);
    }
    let _ = good;
}

/// A `Storage` object whose `setItem` throws for keys ending in `suffix` (quota exceeded
/// for big values), over a real store.
fn quota_storage(inner: &JsValue, suffix: &str) -> JsValue {
    let f = js_sys::Function::new_with_args(
        "inner, suffix",
        "return { getItem: k => inner.getItem(k), removeItem: k => inner.removeItem(k), clear: () => inner.clear(),
                  setItem(k, v) { if (k.endsWith(suffix)) { const e = new Error('The quota has been exceeded.'); e.name = 'QuotaExceededError'; throw e; } return inner.setItem(k, v); } };",
    );
    f.call2(&JsValue::NULL, inner, &suffix.into()).unwrap()
}

#[wasm_bindgen_test]
async fn throwing_user_storage_never_leaves_a_half_written_session() {
    let Some(s) = setup("", SHORT_TOKENS).await else { return };
    s.user("quota", "[]").await;
    let inner = test_storage();
    // Sign-in through a storage refusing the refresh token: StorageError, no key written.
    let pool = pool_with_data(&s, Some(quota_storage(&inner, ".refreshToken")), &[]);
    let e = err(user_of(&pool, "quota").authenticate_user_async(details("quota", PASSWORD))).await;
    assert_eq!(text(&e, "code"), "StorageError");
    assert!(text(&e, "message").contains("quota"), "{}", text(&e, "message"));
    let prefix = format!("CognitoIdentityServiceProvider.{}", s.client_id);
    let keys = js_sys::Function::new_with_args("s, p", "const out = []; if (s.length !== undefined && s.key) { for (let i = 0; i < s.length; i++) { const k = s.key(i); if (k.startsWith(p)) out.push(k); } } return out;")
        .call2(&JsValue::NULL, &inner, &prefix.clone().into())
        .unwrap();
    if has_window() {
        assert_eq!(js_sys::Array::from(&keys).length(), 0, "no Cognito key in localStorage: {:?}", js_sys::JSON::stringify(&keys));
    }

    // Signed in through the real store, then a refresh through the refusing one.
    let good = pool_with_data(&s, Some(inner.clone()), &[]);
    let u = user_of(&good, "quota");
    ok(u.authenticate_user_async(details("quota", PASSWORD))).await;
    let name = u.get_username();
    let entries = ["idToken", "accessToken", "refreshToken", "clockDrift"];
    let before: Vec<_> = entries.iter().map(|e| storage_get(&inner, &key(&s, &name, e))).collect();
    sleep(2_600).await;
    // The refresh answer has no refresh token, so the failing write is the clock drift's.
    let refusing = pool_with_data(&s, Some(quota_storage(&inner, ".clockDrift")), &[]);
    let e = err(user_of(&refusing, &name).get_session_async(JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "code"), "StorageError");
    let after: Vec<_> = entries.iter().map(|e| storage_get(&inner, &key(&s, &name, e))).collect();
    assert_eq!(before, after, "tokens all old after the failed write");
}

#[wasm_bindgen_test]
async fn throwing_local_storage_falls_back_to_memory() {
    if !has_window() {
        return; // browser only
    }
    let Some(s) = setup("", "").await else { return };
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
    if !has_window() {
        return; // browser only
    }
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
    let Some(s) = setup("", "").await else { return };
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

