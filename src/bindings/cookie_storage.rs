//! `CookieStorage({domain, path = '/', expires = 365, secure = true, sameSite})`: storage in
//! `document.cookie`, with the same cookie names, encodings and attributes as the
//! reference's js-cookie based class. Without a `document` (Node) it stores nothing.
//!
//! **Too large or refused cookies are errors, not silent loss.** Browsers drop, without
//! any error, a `document.cookie` write whose name plus value exceed 4096 bytes (RFC 6265
//! §6.1's minimum, which Chromium, Firefox and Safari enforce as their maximum), and any
//! cookie they refuse for other reasons (e.g. `secure` on a plain-http page other than
//! localhost, a foreign `domain`). The reference (js-cookie) then loses the token and
//! the user is silently signed out on the next page load. Here `setItem` throws an
//! `Error` named `QuotaExceededError` when the encoded cookie is over
//! [`MAX_COOKIE_BYTES`] (nothing is written) or when the value cannot be read back after
//! the write. The SDK turns that into a `StorageError` and, since session writes are
//! all-or-nothing, keeps the previous session (or none) rather than a partial one.
//! Cognito's tokens are ~1–2 KB each, so they usually fit one cookie each; an id token
//! with many custom attributes or groups may not: use `localStorage` or a server-side
//! session then.

use wasm_bindgen::prelude::*;

use super::callbacks::{get, js_to_string, number_of_text, object};
use super::errors::plain_error;
use crate::wasm::cookies::{all_cookies, cookie_value, document, encode_name, encode_value, has_own, write_cookie_string};

/// Largest cookie (encoded name + `=` + encoded value) browsers keep.
pub const MAX_COOKIE_BYTES: usize = 4096;

fn quota_error(message: String) -> JsValue {
    let e = js_sys::Error::new(&message);
    e.set_name("QuotaExceededError");
    e.into()
}

/// The reference's `CookieStorage`.
#[wasm_bindgen]
#[derive(Clone, Debug)]
pub struct CookieStorage {
    domain: Option<String>,
    path: String,
    /// Days; `None` for a session cookie (a falsy `expires`).
    expires: Option<f64>,
    secure: bool,
    same_site: Option<String>,
}

impl CookieStorage {
    fn attributes(&self, expires_days: Option<f64>) -> String {
        let mut out = String::new();
        if !self.path.is_empty() {
            out.push_str("; path=");
            out.push_str(self.path.split(';').next().unwrap_or(""));
        }
        if let Some(days) = expires_days.filter(|d| *d != 0.0 && !d.is_nan()) {
            let date = js_sys::Date::new(&JsValue::from_f64(js_sys::Date::now() + days * 864e5));
            out.push_str("; expires=");
            out.push_str(&String::from(date.to_utc_string()));
        }
        if let Some(domain) = self.domain.as_deref().filter(|d| !d.is_empty()) {
            out.push_str("; domain=");
            out.push_str(domain.split(';').next().unwrap_or(""));
        }
        if self.secure {
            out.push_str("; secure");
        }
        if let Some(same_site) = &self.same_site {
            out.push_str("; sameSite=");
            out.push_str(same_site);
        }
        out
    }

    fn write(&self, key: &str, value: &str, expires_days: Option<f64>) {
        write_cookie_string(&format!("{}={}{}", encode_name(key), encode_value(value), self.attributes(expires_days)));
    }
}

#[wasm_bindgen]
impl CookieStorage {
    /// `new CookieStorage(data = {})`. Throws for a `sameSite` other than `strict`, `lax`
    /// or `none`, and for `sameSite: 'none'` without `secure`.
    #[wasm_bindgen(constructor)]
    pub fn new(data: JsValue) -> Result<CookieStorage, JsValue> {
        let domain = get(&data, "domain");
        let path = get(&data, "path");
        let secure = if has_own(&data, "secure") { get(&data, "secure").is_truthy() } else { true };
        let expires = if has_own(&data, "expires") {
            let e = get(&data, "expires");
            if e.is_falsy() {
                None
            } else {
                // JavaScript's own number coercion, as the reference's `expires * 864e5`.
                Some(e.as_f64().unwrap_or_else(|| number_of_text(&js_to_string(&e))))
            }
        } else {
            Some(365.0)
        };
        let same_site = if has_own(&data, "sameSite") {
            let s = get(&data, "sameSite").as_string();
            match s.as_deref() {
                Some("strict") | Some("lax") | Some("none") => {}
                _ => return Err(plain_error("The sameSite value of cookieStorage must be \"lax\", \"strict\" or \"none\".")),
            }
            if s.as_deref() == Some("none") && !secure {
                return Err(plain_error("sameSite = None requires the Secure attribute in latest browser versions."));
            }
            s
        } else {
            None
        };
        Ok(CookieStorage {
            domain: domain.is_truthy().then(|| js_to_string(&domain)),
            path: if path.is_truthy() { js_to_string(&path) } else { "/".to_string() },
            expires,
            secure,
            same_site,
        })
    }

    /// Writes the cookie; returns what can be read back (undefined without a document).
    /// Throws `QuotaExceededError` when the cookie would be over [`MAX_COOKIE_BYTES`]
    /// (nothing written) or the browser did not keep it (see the module docs).
    #[wasm_bindgen(js_name = setItem)]
    pub fn set_item(&self, key: JsValue, value: JsValue) -> Result<JsValue, JsValue> {
        let key = js_to_string(&key);
        let value = js_to_string(&value);
        if document().is_none() {
            return Ok(JsValue::UNDEFINED);
        }
        let size = encode_name(&key).len() + 1 + encode_value(&value).len();
        if size > MAX_COOKIE_BYTES {
            return Err(quota_error(format!(
                "CookieStorage: the cookie {key} would be {size} bytes, over the browsers' limit of {MAX_COOKIE_BYTES}; it was not written."
            )));
        }
        self.write(&key, &value, self.expires);
        match cookie_value(&key) {
            Some(stored) if stored == value => Ok(JsValue::from(stored)),
            _ => Err(quota_error(format!(
                "CookieStorage: the browser did not keep the cookie {key} ({size} bytes; check the domain, path and secure options and the per-site cookie limits)."
            ))),
        }
    }

    /// The cookie's value, or null.
    #[wasm_bindgen(js_name = getItem)]
    pub fn get_item(&self, key: JsValue) -> JsValue {
        cookie_value(&js_to_string(&key)).map(JsValue::from).unwrap_or(JsValue::NULL)
    }

    /// Expires the cookie (with the same path/domain attributes).
    #[wasm_bindgen(js_name = removeItem)]
    pub fn remove_item(&self, key: JsValue) {
        self.write(&js_to_string(&key), "", Some(-1.0));
    }

    /// Expires every visible cookie (not only Cognito's), as the reference does; returns `{}`.
    pub fn clear(&self) -> JsValue {
        for (name, _) in all_cookies() {
            self.write(&name, "", Some(-1.0));
        }
        object()
    }

    #[wasm_bindgen(getter)]
    pub fn domain(&self) -> Option<String> {
        self.domain.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn path(&self) -> String {
        self.path.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn expires(&self) -> JsValue {
        self.expires.map(JsValue::from_f64).unwrap_or(JsValue::UNDEFINED)
    }

    #[wasm_bindgen(getter)]
    pub fn secure(&self) -> bool {
        self.secure
    }

    /// `sameSite`, or null when not set.
    #[wasm_bindgen(getter = sameSite)]
    pub fn same_site(&self) -> JsValue {
        self.same_site.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL)
    }
}
