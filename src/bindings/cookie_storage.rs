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

fn has_own(obj: &JsValue, key: &str) -> bool {
    obj.is_object() && js_sys::Reflect::has(obj, &JsValue::from_str(key)).unwrap_or(false)
}

fn document() -> Option<JsValue> {
    let doc = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("document")).ok()?;
    (!doc.is_undefined() && !doc.is_null()).then_some(doc)
}

fn read_cookie_string() -> Option<String> {
    let doc = document()?;
    js_sys::Reflect::get(&doc, &JsValue::from_str("cookie")).ok()?.as_string()
}

fn write_cookie_string(cookie: &str) {
    if let Some(doc) = document() {
        let _ = js_sys::Reflect::set(&doc, &JsValue::from_str("cookie"), &JsValue::from_str(cookie));
    }
}

/// `encodeURIComponent(s)` with the `%XX` escapes for which `keep(byte)` holds turned back
/// into their characters (js-cookie's name and value converters).
fn encode_keeping(s: &str, keep: fn(u8) -> bool) -> String {
    let encoded: String = js_sys::encode_uri_component(s).into();
    let bytes = encoded.as_bytes();
    let mut out = String::with_capacity(encoded.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = &encoded[i + 1..i + 3];
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                if keep(b) {
                    out.push(b as char);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(bytes[i] as char);
        i += 1;
    }
    out
}

fn keep_in_name(b: u8) -> bool {
    matches!(b, b'#' | b'$' | b'&' | b'+' | b'^' | b'`' | b'|')
}

fn keep_in_value(b: u8) -> bool {
    matches!(
        b,
        b'#' | b'$' | b'&' | b'+' | b'/' | b':' | b'<' | b'=' | b'>' | b'?' | b'@' | b'[' | b']' | b'^' | b'`' | b'{' | b'|' | b'}'
    )
}

fn encode_name(name: &str) -> String {
    encode_keeping(name, keep_in_name).replace('(', "%28").replace(')', "%29")
}

fn encode_value(value: &str) -> String {
    encode_keeping(value, keep_in_value)
}

/// js-cookie's reader: strips surrounding quotes, then decodes each run of `%XX` escapes.
/// `None` when a run is not valid UTF-8 (js-cookie skips such cookies).
fn decode_value(value: &str) -> Option<String> {
    // js-cookie does `value.slice(1, -1)` when the value starts with a quote.
    let value = match value.strip_prefix('"') {
        Some(rest) => {
            let mut chars = rest.chars();
            chars.next_back();
            chars.as_str()
        }
        None => value,
    };
    let bytes = value.as_bytes();
    let is_escape = |i: usize| i + 2 < bytes.len() && bytes[i] == b'%' && bytes[i + 1].is_ascii_hexdigit() && bytes[i + 2].is_ascii_hexdigit();
    let mut out = String::with_capacity(value.len());
    let mut i = 0;
    let mut plain_start = 0;
    while i < bytes.len() {
        if is_escape(i) {
            out.push_str(&value[plain_start..i]);
            let start = i;
            while i < bytes.len() && is_escape(i) {
                i += 3;
            }
            let decoded = js_sys::decode_uri_component(&value[start..i]).ok()?;
            out.push_str(&String::from(decoded));
            plain_start = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&value[plain_start..]);
    Some(out)
}

/// All readable cookies as (name, value), in document order.
fn all_cookies() -> Vec<(String, String)> {
    let Some(cookie) = read_cookie_string() else { return Vec::new() };
    if cookie.is_empty() {
        return Vec::new();
    }
    cookie
        .split("; ")
        .filter_map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            let name: String = js_sys::decode_uri_component(name).ok()?.into();
            Some((name, decode_value(value)?))
        })
        .collect()
}

fn cookie_value(key: &str) -> Option<String> {
    all_cookies().into_iter().find(|(name, _)| name == key).map(|(_, v)| v)
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
