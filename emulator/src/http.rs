//! HTTP: routing, CORS, body limits, and the JSON error envelope.
//!
//! - `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`: the API
//! - `OPTIONS *`: CORS preflight
//! - `GET /<poolId>/.well-known/jwks.json`, `GET /<poolId>/.well-known/openid-configuration`
//! - `GET /_emulator/messages?poolId=..&username=..`: the outbox
//! - `GET /_emulator/health`

use crate::app::App;
use crate::errors::ApiError;
use crate::ops::{self, Ctx};
use serde_json::{json, Value};
use std::io::Read;
use tiny_http::{Header, Method, Request, Response};

/// Largest accepted request body.
pub const MAX_BODY: usize = 1024 * 1024;
const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";
const DEFAULT_ALLOW_HEADERS: &str = "content-type, x-amz-target, x-amz-user-agent, cache-control, authorization, x-amz-date, x-amz-security-token, x-amz-content-sha256, amz-sdk-invocation-id, amz-sdk-request";

struct Reply {
    status: u16,
    body: Vec<u8>,
    content_type: &'static str,
    headers: Vec<(String, String)>,
}

impl Reply {
    fn json(status: u16, v: &Value) -> Reply {
        Reply { status, body: v.to_string().into_bytes(), content_type: "application/x-amz-json-1.1", headers: vec![] }
    }
    fn plain_json(status: u16, v: &Value) -> Reply {
        Reply { status, body: v.to_string().into_bytes(), content_type: "application/json", headers: vec![] }
    }
    fn error(e: &ApiError) -> Reply {
        let mut r = Reply::json(e.status, &e.body());
        r.headers.push(("x-amzn-ErrorType".into(), format!("{}:", e.code)));
        r
    }
}

fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers().iter().find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name)).map(|h| h.value.as_str())
}

/// The region of a SigV4 `Authorization` header (`Credential=AKID/DATE/REGION/...`).
fn sigv4_region(auth: Option<&str>) -> Option<String> {
    let cred = auth?.split("Credential=").nth(1)?;
    let region = cred.split('/').nth(2)?;
    (!region.is_empty() && region.len() < 32 && region.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')).then(|| region.to_string())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn query_param(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (percent_decode(k) == key).then(|| percent_decode(v))
    })
}

/// Handle one request and answer it.
pub fn handle(app: &App, mut req: Request) {
    let origin = header(&req, "Origin").map(str::to_string);
    let reply = if *req.method() == Method::Options {
        let mut r = Reply { status: 200, body: vec![], content_type: "text/plain", headers: vec![] };
        let allow = header(&req, "Access-Control-Request-Headers").map(str::to_string).unwrap_or_else(|| DEFAULT_ALLOW_HEADERS.into());
        r.headers.push(("Access-Control-Allow-Headers".into(), allow));
        r.headers.push(("Access-Control-Allow-Methods".into(), "GET, POST, OPTIONS".into()));
        r.headers.push(("Access-Control-Max-Age".into(), "86400".into()));
        r
    } else {
        route(app, &mut req)
    };
    respond(req, reply, origin.as_deref());
}

fn respond(req: Request, reply: Reply, origin: Option<&str>) {
    let mut resp = Response::from_data(reply.body).with_status_code(reply.status);
    let mut add = |k: &str, v: &str| {
        if let Ok(h) = Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            resp.add_header(h);
        }
    };
    add("Content-Type", reply.content_type);
    add("x-amzn-RequestId", &crate::util::uuid_v4());
    match origin {
        Some(o) => {
            add("Access-Control-Allow-Origin", o);
            add("Access-Control-Allow-Credentials", "true");
            add("Vary", "Origin");
        }
        None => add("Access-Control-Allow-Origin", "*"),
    }
    add("Access-Control-Expose-Headers", "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date");
    for (k, v) in &reply.headers {
        add(k, v);
    }
    let _ = req.respond(resp);
}

fn route(app: &App, req: &mut Request) -> Reply {
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let method = req.method().clone();
    match (method, path) {
        (Method::Post, "/") => api(app, req),
        (Method::Get, "/_emulator/health") => Reply::plain_json(200, &json!({"status": "ok"})),
        (Method::Get, "/_emulator/messages") => messages(app, query),
        (Method::Get, p) if p.ends_with("/.well-known/jwks.json") || p.ends_with("/.well-known/openid-configuration") => {
            well_known(app, p)
        }
        (_, "/") => {
            let mut r = Reply::json(405, &json!({"__type": "MethodNotAllowedException", "message": "Use POST / with X-Amz-Target."}));
            r.headers.push(("Allow".into(), "POST, OPTIONS".into()));
            r
        }
        (Method::Get, _) => Reply::plain_json(404, &json!({"__type": "ResourceNotFoundException", "message": format!("No route for {path}")})),
        _ => {
            let mut r = Reply::plain_json(405, &json!({"__type": "MethodNotAllowedException", "message": "Method not allowed."}));
            r.headers.push(("Allow".into(), "GET, OPTIONS".into()));
            r
        }
    }
}

fn well_known(app: &App, path: &str) -> Reply {
    let pool_id = path.trim_start_matches('/').split('/').next().unwrap_or("");
    if !app.lock().pools.contains_key(pool_id) {
        return Reply::plain_json(404, &ops::pool_not_found(pool_id).body());
    }
    if path.ends_with("jwks.json") {
        return Reply::plain_json(200, &app.keys.jwks());
    }
    let iss = format!("{}/{}", app.base_url, pool_id);
    Reply::plain_json(
        200,
        &json!({
            "issuer": iss,
            "jwks_uri": format!("{iss}/.well-known/jwks.json"),
            "response_types_supported": ["code", "token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "claims_supported": ["sub", "iss", "aud", "token_use", "cognito:username", "email", "email_verified", "phone_number", "phone_number_verified", "auth_time", "iat", "exp", "jti", "origin_jti", "event_id"],
        }),
    )
}

fn messages(app: &App, query: &str) -> Reply {
    let Some(pool_id) = query_param(query, "poolId") else {
        return Reply::plain_json(400, &ApiError::missing("poolId").body());
    };
    let username = query_param(query, "username");
    let st = app.lock();
    match st.pools.get(&pool_id) {
        Some(pool) => Reply::plain_json(200, &crate::outbox::list(pool, username.as_deref())),
        None => Reply::plain_json(404, &ops::pool_not_found(&pool_id).body()),
    }
}

fn api(app: &App, req: &mut Request) -> Reply {
    if req.body_length().is_some_and(|n| n > MAX_BODY) {
        return Reply::json(413, &json!({"__type": "RequestEntityTooLargeException", "message": "Request body is too large."}));
    }
    let mut body = Vec::new();
    if req.as_reader().take(MAX_BODY as u64 + 1).read_to_end(&mut body).is_err() {
        return Reply::error(&ApiError::new("SerializationException", "Could not read the request body."));
    }
    if body.len() > MAX_BODY {
        return Reply::json(413, &json!({"__type": "RequestEntityTooLargeException", "message": "Request body is too large."}));
    }
    let target = header(req, "X-Amz-Target").unwrap_or("").to_string();
    let Some(op) = target.strip_prefix(TARGET_PREFIX).filter(|o| !o.is_empty()) else {
        return Reply::error(&ApiError::unknown_operation(if target.is_empty() { "(no X-Amz-Target)" } else { &target }));
    };
    let value: Value = if body.iter().all(|b| b.is_ascii_whitespace()) {
        json!({})
    } else {
        match serde_json::from_slice(&body) {
            Ok(v @ Value::Object(_)) => v,
            Ok(_) => return Reply::error(&ApiError::new("SerializationException", "The request body must be a JSON object.")),
            Err(_) => return Reply::error(&ApiError::new("SerializationException", "Malformed JSON in the request body.")),
        }
    };
    let region = sigv4_region(header(req, "Authorization")).unwrap_or_else(|| app.region.clone());
    let mut st = app.lock();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut ctx = Ctx { st: &mut st, keys: &app.keys, base_url: &app.base_url, region: &region, code_ttl: app.code_ttl };
        ops::dispatch(&mut ctx, op, &value)
    }));
    if !ops::is_read_only(op) {
        app.save(&mut st);
    }
    drop(st);
    match result {
        Ok(Ok(v)) => Reply::json(200, &v),
        Ok(Err(e)) => Reply::error(&e),
        Err(_) => {
            eprintln!("cognito-emulator: internal error in {op}");
            Reply::error(&ApiError::internal())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_and_region_parsing() {
        assert_eq!(query_param("poolId=us-east-1_X&username=a%40b.c", "username").as_deref(), Some("a@b.c"));
        assert_eq!(query_param("a=1", "b"), None);
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(
            sigv4_region(Some("AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/cognito-idp/aws4_request, SignedHeaders=x")).as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(sigv4_region(None), None);
    }
}
