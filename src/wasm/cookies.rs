//! Cookies in `document.cookie` with the reference's (js-cookie's) names, encodings and
//! attributes, for `CookieStorage` (js/src/CookieStorage.js holds the reference's fields and
//! calls the exports below with them). Without a `document` (Node) nothing is stored.
//!
//! **Too large or refused cookies are errors, not silent loss.** Browsers drop, without
//! any error, a cookie whose name plus value exceed 4096 bytes ([`MAX_COOKIE_BYTES`]), and
//! any cookie they refuse for other reasons (`secure` on a plain-http page, a foreign
//! `domain`); the reference then loses the token and the user is signed out on the next
//! load. Here a write over the limit, or one that cannot be read back, throws an error
//! named `QuotaExceededError`, which the SDK reports as a `StorageError` while keeping the
//! previous session (session writes are all-or-nothing).

use wasm_bindgen::prelude::*;

use super::interop::{get, js_to_string, set};

/// The most bytes (encoded name, `=`, encoded value) a browser keeps in one cookie.
pub const MAX_COOKIE_BYTES: usize = 4096;

pub(crate) fn document() -> Option<JsValue> {
    let doc = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("document")).ok()?;
    (!doc.is_undefined() && !doc.is_null()).then_some(doc)
}

pub(crate) fn read_cookie_string() -> Option<String> {
    let doc = document()?;
    js_sys::Reflect::get(&doc, &JsValue::from_str("cookie")).ok()?.as_string()
}

pub(crate) fn write_cookie_string(cookie: &str) {
    if let Some(doc) = document() {
        let _ = js_sys::Reflect::set(&doc, &JsValue::from_str("cookie"), &JsValue::from_str(cookie));
    }
}

/// `encodeURIComponent(s)` with the `%XX` escapes for which `keep(byte)` holds turned back
/// into their characters (js-cookie's name and value converters).
pub(crate) fn encode_keeping(s: &str, keep: fn(u8) -> bool) -> String {
    let encoded: String = js_sys::encode_uri_component(s).into();
    let bytes = encoded.as_bytes();
    let mut out = String::with_capacity(encoded.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            // `get`, not `[..]`: an index never panics (nor links core's str-slicing panic).
            if let Some(b) = encoded.get(i + 1..i + 3).and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
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

pub(crate) fn keep_in_name(b: u8) -> bool {
    matches!(b, b'#' | b'$' | b'&' | b'+' | b'^' | b'`' | b'|')
}

pub(crate) fn keep_in_value(b: u8) -> bool {
    matches!(
        b,
        b'#' | b'$' | b'&' | b'+' | b'/' | b':' | b'<' | b'=' | b'>' | b'?' | b'@' | b'[' | b']' | b'^' | b'`' | b'{' | b'|' | b'}'
    )
}

pub(crate) fn encode_name(name: &str) -> String {
    encode_keeping(name, keep_in_name).replace('(', "%28").replace(')', "%29")
}

pub(crate) fn encode_value(value: &str) -> String {
    encode_keeping(value, keep_in_value)
}

/// js-cookie's reader: strips surrounding quotes, then decodes each run of `%XX` escapes.
/// `None` when a run is not valid UTF-8 (js-cookie skips such cookies). Every cut is next to
/// an ASCII `%`, so `get` always succeeds (and, unlike `[..]`, links no panic).
pub(crate) fn decode_value(value: &str) -> Option<String> {
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
            out.push_str(value.get(plain_start..i)?);
            let start = i;
            while i < bytes.len() && is_escape(i) {
                i += 3;
            }
            let decoded = js_sys::decode_uri_component(value.get(start..i)?).ok()?;
            out.push_str(&String::from(decoded));
            plain_start = i;
        } else {
            i += 1;
        }
    }
    out.push_str(value.get(plain_start..)?);
    Some(out)
}

/// All readable cookies as (name, value), in document order.
pub(crate) fn all_cookies() -> Vec<(String, String)> {
    let Some(cookie) = read_cookie_string() else { return Vec::new() };
    if cookie.is_empty() {
        return Vec::new();
    }
    // js-cookie's `split('; ')`, by hand: a `&str` pattern links core's substring searcher.
    let mut cookies = Vec::new();
    let mut rest = cookie.as_str();
    loop {
        let at = rest.as_bytes().windows(2).position(|w| w == b"; ");
        let (part, next) = match at.and_then(|at| Some((rest.get(..at)?, rest.get(at + 2..)?))) {
            Some((part, next)) => (part, Some(next)),
            None => (rest, None),
        };
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        if let (Ok(name), Some(value)) = (js_sys::decode_uri_component(name), decode_value(value)) {
            cookies.push((name.into(), value));
        }
        match next {
            Some(next) => rest = next,
            None => return cookies,
        }
    }
}

pub(crate) fn cookie_value(key: &str) -> Option<String> {
    all_cookies().into_iter().find(|(name, _)| name == key).map(|(_, v)| v)
}


/// `CookieStorage`'s settings, read from the object's fields at each call (they are
/// writable, as in the reference).
struct CookieSettings {
    domain: Option<String>,
    path: String,
    expires: Option<f64>,
    secure: bool,
    same_site: Option<String>,
}

impl CookieSettings {
    fn of(storage: &JsValue) -> Self {
        let text = |name| Some(get(storage, name)).filter(|v| v.is_truthy()).map(|v| js_to_string(&v));
        let expires = get(storage, "expires");
        CookieSettings {
            domain: text("domain"),
            path: text("path").unwrap_or_default(),
            // Unary `+`: the reference's `expires * 864e5` coerces the same way.
            expires: expires.is_truthy().then(|| expires.unchecked_into_f64()),
            secure: get(storage, "secure").is_truthy(),
            same_site: text("sameSite"),
        }
    }

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

fn plain(name: &str, message: &str) -> JsValue {
    let error = js_sys::Object::new();
    set(&error, "name", &JsValue::from_str(name));
    set(&error, "message", &JsValue::from_str(message));
    error.into()
}

/// The constructor's checks of `sameSite` (the reference's two errors, thrown as plain
/// `{ name, message }` objects).
#[wasm_bindgen(js_name = checkCookieSameSite)]
pub fn check_cookie_same_site(same_site: JsValue, secure: JsValue) -> Result<(), JsValue> {
    match same_site.as_string().as_deref() {
        Some("strict") | Some("lax") => Ok(()),
        Some("none") if secure.is_truthy() => Ok(()),
        Some("none") => Err(plain("Error", "sameSite = None requires the Secure attribute in latest browser versions.")),
        _ => Err(plain("Error", "The sameSite value of cookieStorage must be \"lax\", \"strict\" or \"none\".")),
    }
}

/// `setItem(key, value)`: writes the cookie with `storage`'s settings and returns the value
/// read back; throws `QuotaExceededError` when it is too large or the browser refused it.
#[wasm_bindgen(js_name = cookieSetItem)]
pub fn cookie_set_item(storage: JsValue, key: JsValue, value: JsValue) -> Result<JsValue, JsValue> {
    let (key, value) = (js_to_string(&key), js_to_string(&value));
    if document().is_none() {
        return Ok(JsValue::UNDEFINED);
    }
    let size = encode_name(&key).len() + 1 + encode_value(&value).len();
    if size > MAX_COOKIE_BYTES {
        return Err(plain(
            "QuotaExceededError",
            &format!("CookieStorage: the cookie {key} would be {size} bytes, over the browsers' limit of {MAX_COOKIE_BYTES}; it was not written."),
        ));
    }
    let settings = CookieSettings::of(&storage);
    settings.write(&key, &value, settings.expires);
    match cookie_value(&key) {
        Some(stored) if stored == value => Ok(JsValue::from(stored)),
        _ => Err(plain(
            "QuotaExceededError",
            &format!("CookieStorage: the browser did not keep the cookie {key} ({size} bytes; check the domain, path and secure options and the per-site cookie limits)."),
        )),
    }
}

/// `getItem(key)`: the cookie's value or `null`.
#[wasm_bindgen(js_name = cookieGetItem)]
pub fn cookie_get_item(key: JsValue) -> JsValue {
    cookie_value(&js_to_string(&key)).map(JsValue::from).unwrap_or(JsValue::NULL)
}

/// `removeItem(key)`: expires the cookie with `storage`'s path and domain.
#[wasm_bindgen(js_name = cookieRemoveItem)]
pub fn cookie_remove_item(storage: JsValue, key: JsValue) {
    CookieSettings::of(&storage).write(&js_to_string(&key), "", Some(-1.0));
}

/// `clear()`: expires every cookie the page can see.
#[wasm_bindgen(js_name = cookieClear)]
pub fn cookie_clear(storage: JsValue) {
    let settings = CookieSettings::of(&storage);
    for (name, _) in all_cookies() {
        settings.write(&name, "", Some(-1.0));
    }
}
