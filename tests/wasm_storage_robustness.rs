//! Storage robustness through the wasm-bindgen classes against the emulator (Node and
//! headless Chromium; `localStorage` in Chromium): corrupted, truncated or foreign values
//! under the Cognito keys, and user storages whose `setItem` throws (never a half-written
//! session). What needs a browser (`localStorage` that throws, cookies over 4 KB) is in
//! `wasm_browser_storage.rs`, which always runs in Chromium.
#![cfg(target_arch = "wasm32")]

mod wasm_support;

use cognito_wasm::bindings::callbacks::get;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use wasm_support::*;

// ----- 3. storage robustness -----

#[wasm_bindgen_test]
async fn corrupted_stored_values_give_errors_or_a_refresh_never_a_crash() {
    let s = setup("", "").await;
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
    let s = setup("", "").await;
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
    let_tokens_expire(&s.url).await;
    // The refresh answer has no refresh token, so the failing write is the clock drift's.
    let refusing = pool_with_data(&s, Some(quota_storage(&inner, ".clockDrift")), &[]);
    let e = err(user_of(&refusing, &name).get_session_async(JsValue::UNDEFINED)).await;
    assert_eq!(text(&e, "code"), "StorageError");
    let after: Vec<_> = entries.iter().map(|e| storage_get(&inner, &key(&s, &name, e))).collect();
    assert_eq!(before, after, "tokens all old after the failed write");
    reset_clocks(&s.url).await;
}
