//! What the hosted UI's handlers share: reading queries, forms and cookies, and answering
//! with redirects, HTML pages and the OAuth JSON errors.

use crate::http::reply::Reply;
use crate::http::routes::Request;
use cognito_wasm::oauth::form::{self, Form};
use serde_json::{json, Value};

/// The query string of a request.
pub fn query(req: &Request) -> Form {
    Form::parse(req.query)
}

/// The body of a form post (`application/x-www-form-urlencoded`), or `None` for another
/// content type.
pub fn form_body(req: &Request) -> Option<Form> {
    let ct = req.header("content-type").unwrap_or("");
    if !ct.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded") {
        return None;
    }
    Some(Form::parse(&String::from_utf8_lossy(req.body)))
}

/// The value of cookie `name`.
pub fn cookie(req: &Request, name: &str) -> Option<String> {
    req.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("cookie"))
        .flat_map(|(_, v)| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// `Set-Cookie` for a cookie of the hosted pages (HttpOnly, SameSite=Lax, whole site).
pub fn set_cookie(name: &str, value: &str, max_age: i64) -> (String, String) {
    ("Set-Cookie".into(), format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}"))
}

/// A `302 Found` to `location`.
pub fn redirect(location: &str) -> Reply {
    let mut r = Reply { status: 302, body: vec![], content_type: "text/plain", headers: vec![] };
    r.headers.push(("Location".into(), location.into()));
    r.headers.push(("Cache-Control".into(), "no-store".into()));
    r
}

/// `uri` with `pairs` added to its query (`?` or `&`), or as its fragment (`#`, the
/// implicit flow).
pub fn with_params(uri: &str, pairs: &[(&str, &str)], fragment: bool) -> String {
    let encoded = form::build(pairs);
    if fragment {
        format!("{uri}#{encoded}")
    } else if uri.contains('?') {
        format!("{uri}&{encoded}")
    } else {
        format!("{uri}?{encoded}")
    }
}

/// An HTML page.
pub fn html(status: u16, page: String) -> Reply {
    let mut r = Reply { status, body: page.into_bytes(), content_type: "text/html; charset=utf-8", headers: vec![] };
    r.headers.push(("Cache-Control".into(), "no-store".into()));
    r.headers.push(("X-Frame-Options".into(), "DENY".into()));
    r.headers.push(("Content-Security-Policy".into(), "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'".into()));
    r
}

/// Text made safe for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An OAuth error answer of the token, userInfo and revoke endpoints (RFC 6749 5.2).
pub fn oauth_error(status: u16, error: &str, description: Option<&str>) -> Reply {
    let mut body = json!({ "error": error });
    if let Some(d) = description {
        body["error_description"] = json!(d);
    }
    let mut r = Reply::plain_json(status, &body);
    r.headers.push(("Cache-Control".into(), "no-store".into()));
    r
}

/// A JSON answer that must not be cached (tokens).
pub fn no_store_json(v: &Value) -> Reply {
    let mut r = Reply::plain_json(200, v);
    r.headers.push(("Cache-Control".into(), "no-store".into()));
    r.headers.push(("Pragma".into(), "no-cache".into()));
    r
}
