//! A browser without JavaScript over the test HTTP client, for the hosted UI's pages: a
//! cookie jar, redirects returned (not followed), forms posted with the CSRF token of the
//! page they came from.

use super::{request, Response, DEFAULT_TIMEOUT};
use std::collections::BTreeMap;

pub struct Browser {
    /// `http://127.0.0.1:PORT`: where paths (`/login?..`) are sent.
    pub base_url: String,
    pub cookies: BTreeMap<String, String>,
}

impl Browser {
    pub fn new(base_url: &str) -> Self {
        Browser { base_url: base_url.trim_end_matches('/').to_string(), cookies: BTreeMap::new() }
    }

    /// One request to a path or a full URL; keeps the cookies it sets.
    pub fn send(&mut self, method: &str, path: &str, body: Option<&str>) -> Response {
        let url = if path.starts_with("http") { path.to_string() } else { format!("{}{path}", self.base_url) };
        let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let mut headers = vec![("Cookie", cookie.as_str())];
        if body.is_some() {
            headers.push(("Content-Type", "application/x-www-form-urlencoded"));
        }
        let r = request(method, &url, &headers, body.unwrap_or("").as_bytes(), DEFAULT_TIMEOUT).unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        for (name, value) in &r.headers {
            if name == "set-cookie" {
                let pair = value.split(';').next().unwrap_or("");
                let Some((k, v)) = pair.split_once('=') else { continue };
                if v.is_empty() || value.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_string(), v.to_string());
                }
            }
        }
        r
    }

    pub fn get(&mut self, path: &str) -> Response {
        self.send("GET", path, None)
    }

    /// Posts the form of the page at `page_path` with `fields` (and the page's CSRF token),
    /// to the form's own action.
    pub fn submit(&mut self, page_path: &str, fields: &[(&str, &str)]) -> Response {
        let page = self.get(page_path);
        assert_eq!(page.status, 200, "{page_path}: {}", page.text());
        let html = page.text();
        let csrf = attribute_after(&html, "name=\"_csrf\" value=\"");
        let action = attribute_after(&html, "<form method=\"post\" action=\"").replace("&amp;", "&");
        let mut pairs: Vec<(&str, &str)> = vec![("_csrf", csrf.as_str())];
        pairs.extend_from_slice(fields);
        self.send("POST", &action, Some(&cognito_wasm::oauth::form::build(&pairs)))
    }
}

fn attribute_after(html: &str, marker: &str) -> String {
    let start = html.find(marker).unwrap_or_else(|| panic!("{marker} not in {html}")) + marker.len();
    html[start..].split('"').next().unwrap_or("").to_string()
}

/// The `Location` of a redirect (panics on anything else).
pub fn location(r: &Response) -> String {
    assert_eq!(r.status, 302, "expected a redirect, got {}: {}", r.status, r.text());
    r.header("location").expect("Location").to_string()
}
