//! HTTP: routing, CORS, body limits, and the JSON error envelope.
//!
//! - `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`: the API
//! - `OPTIONS *`: CORS preflight
//! - `GET /<poolId>/.well-known/jwks.json`, `GET /<poolId>/.well-known/openid-configuration`
//! - `GET /_emulator/messages?poolId=..&username=..`: the outbox
//! - `GET /_emulator/health`
//! - `GET | POST | DELETE /_emulator/faults`: fault injection and clock skew (see `faults`)

use crate::app::App;
use crate::errors::ApiError;
use crate::faults::{self, Kind};
use crate::ops;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::Shutdown;
use std::time::{Duration, Instant};
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

/// What to do with a request.
enum Answer {
    /// Send this reply.
    Reply(Reply),
    /// Fault `close`: send the status line, the headers and half of the body, then shut
    /// the connection down.
    Cut(Reply),
    /// Fault `hang`: answer nothing for this many seconds, then close the connection.
    Hang(u64),
}

impl From<Reply> for Answer {
    fn from(r: Reply) -> Answer {
        Answer::Reply(r)
    }
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
    let answer = if *req.method() == Method::Options {
        let mut r = Reply { status: 200, body: vec![], content_type: "text/plain", headers: vec![] };
        let allow = header(&req, "Access-Control-Request-Headers").map(str::to_string).unwrap_or_else(|| DEFAULT_ALLOW_HEADERS.into());
        r.headers.push(("Access-Control-Allow-Headers".into(), allow));
        r.headers.push(("Access-Control-Allow-Methods".into(), "GET, POST, DELETE, OPTIONS".into()));
        r.headers.push(("Access-Control-Max-Age".into(), "86400".into()));
        Answer::Reply(r)
    } else {
        route(app, &mut req)
    };
    match answer {
        Answer::Reply(reply) => respond(req, reply, origin.as_deref()),
        Answer::Cut(reply) => cut(app, req, reply, origin.as_deref()),
        Answer::Hang(seconds) => hang(app, req, seconds),
    }
}

/// Every header of a reply but `Content-Length` (and what tiny_http adds: `Date`, `Server`).
fn header_list(reply: &Reply, origin: Option<&str>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![];
    let mut add = |k: &str, v: &str| out.push((k.to_string(), v.to_string()));
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
    out
}

fn respond(req: Request, reply: Reply, origin: Option<&str>) {
    let headers = header_list(&reply, origin);
    let mut resp = Response::from_data(reply.body).with_status_code(reply.status);
    for (k, v) in headers {
        if let Ok(h) = Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            resp.add_header(h);
        }
    }
    let _ = req.respond(resp);
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        413 => "Payload Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// The port this emulator listens on (for matching its sockets).
fn local_port(app: &App) -> u16 {
    app.base_url.rsplit(':').next().and_then(|p| p.parse().ok()).unwrap_or(0)
}

/// Fault `close`: the status line and headers (announcing the whole body), half of the
/// body, then the connection is shut down both ways.
fn cut(app: &App, req: Request, reply: Reply, origin: Option<&str>) {
    let peer = req.remote_addr().copied();
    let mut head = format!("HTTP/1.1 {} {}\r\nContent-Length: {}\r\n", reply.status, reason(reply.status), reply.body.len());
    for (k, v) in header_list(&reply, origin) {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut writer = req.into_writer();
    let _ = writer.write_all(head.as_bytes());
    let _ = writer.write_all(&reply.body[..reply.body.len() / 2]);
    let _ = writer.flush();
    if let Some(peer) = peer {
        faults::shutdown_connection(peer, local_port(app), Shutdown::Both);
    }
    drop(writer);
}

/// Fault `hang`: keep the connection without answering (on a thread of its own, so the
/// workers keep serving) until `seconds` pass or the rules are cleared, then close it.
fn hang(app: &App, req: Request, seconds: u64) {
    let peer = req.remote_addr().copied();
    let port = local_port(app);
    let generation = faults::generation();
    let writer = req.into_writer();
    if let Some(peer) = peer {
        // Stop reading from the client now: tiny_http's thread for this connection sees
        // the end of it and is free for other connections (it would otherwise wait for a
        // next keep-alive request, and tiny_http queues new connections behind it). The
        // client notices nothing: no byte and no FIN is sent.
        faults::shutdown_connection(peer, port, Shutdown::Read);
    }
    let spawned = std::thread::Builder::new().name("cogemu-hang".into()).spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        while faults::generation() == generation {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            std::thread::sleep(left.min(Duration::from_millis(50)));
        }
        if let Some(peer) = peer {
            faults::shutdown_connection(peer, port, Shutdown::Both);
        }
        drop(writer);
    });
    if spawned.is_err() {
        eprintln!("cognito-emulator: cannot start a thread for a held connection; closing it now");
    }
}

fn route(app: &App, req: &mut Request) -> Answer {
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let method = req.method().clone();
    let reply = match (method, path) {
        (Method::Post, "/") => return api(app, req),
        (Method::Get, "/_emulator/health") => Reply::plain_json(200, &json!({"status": "ok"})),
        (Method::Get, "/_emulator/messages") => messages(app, query),
        (Method::Get, "/_emulator/faults") => Reply::plain_json(200, &app.faults().to_json()),
        (Method::Post, "/_emulator/faults") => faults_post(app, req),
        (Method::Delete, "/_emulator/faults") => {
            let mut f = app.faults();
            f.clear();
            crate::util::set_clock_skew(0);
            eprintln!("cognito-emulator: fault rules cleared, clock skew 0");
            Reply::plain_json(200, &f.to_json())
        }
        (_, "/_emulator/faults") => {
            let mut r = Reply::plain_json(405, &json!({"__type": "MethodNotAllowedException", "message": "Method not allowed."}));
            r.headers.push(("Allow".into(), "GET, POST, DELETE, OPTIONS".into()));
            r
        }
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
    };
    reply.into()
}

/// Reads a JSON object body (at most [`MAX_BODY`]).
fn read_json_object(req: &mut Request) -> Result<Value, Reply> {
    if req.body_length().is_some_and(|n| n > MAX_BODY) {
        return Err(Reply::json(413, &json!({"__type": "RequestEntityTooLargeException", "message": "Request body is too large."})));
    }
    let mut body = Vec::new();
    if req.as_reader().take(MAX_BODY as u64 + 1).read_to_end(&mut body).is_err() {
        return Err(Reply::error(&ApiError::new("SerializationException", "Could not read the request body.")));
    }
    if body.len() > MAX_BODY {
        return Err(Reply::json(413, &json!({"__type": "RequestEntityTooLargeException", "message": "Request body is too large."})));
    }
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(json!({}));
    }
    match serde_json::from_slice(&body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(Reply::error(&ApiError::new("SerializationException", "The request body must be a JSON object."))),
        Err(_) => Err(Reply::error(&ApiError::new("SerializationException", "Malformed JSON in the request body."))),
    }
}

/// `POST /_emulator/faults`: add a rule and/or set the clock skew.
fn faults_post(app: &App, req: &mut Request) -> Reply {
    let body = match read_json_object(req) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let parsed = faults::parse_rule(&body).and_then(|rule| Ok((rule, faults::parse_skew(&body)?)));
    let (rule, skew) = match parsed {
        Ok((None, None)) => return Reply::plain_json(400, &ApiError::invalid_parameter("Give a fault ('kind', ...) and/or 'clockSkewSeconds'.").body()),
        Ok(p) => p,
        Err(e) => return Reply::plain_json(400, &e.body()),
    };
    let mut f = app.faults();
    if let Some(rule) = rule {
        eprintln!("cognito-emulator: fault rule added: {} x{} on {}", rule.kind.name(), rule.remaining, rule.target);
        if let Err(e) = f.add(rule) {
            return Reply::plain_json(400, &e.body());
        }
    }
    if let Some(skew) = skew {
        eprintln!("cognito-emulator: clock skew {skew} s");
        crate::util::set_clock_skew(skew);
    }
    Reply::plain_json(200, &f.to_json())
}

/// The answer of a matching fault rule, or `None` to run the operation (for `close` and
/// `truncated-json` with status 200, the caller runs it and alters the reply).
fn fault_reply(rule: &faults::Rule) -> Option<Reply> {
    let error_doc = || json!({"__type": rule.error_code(), "message": rule.error_message()});
    match rule.kind {
        Kind::ErrorJson | Kind::TooManyRequests | Kind::Throttling => {
            let mut r = Reply::json(rule.status, &error_doc());
            r.headers.push(("x-amzn-ErrorType".into(), format!("{}:", rule.error_code())));
            r.headers.push(("x-amzn-ErrorMessage".into(), rule.error_message()));
            Some(r)
        }
        Kind::ErrorHtml => {
            let (s, text) = (rule.status, reason(rule.status));
            let page = format!("<html>\r\n<head><title>{s} {text}</title></head>\r\n<body>\r\n<center><h1>{s} {text}</h1></center>\r\n</body>\r\n</html>\r\n");
            Some(Reply { status: s, body: page.into_bytes(), content_type: "text/html", headers: vec![] })
        }
        Kind::ErrorEmpty => Some(Reply { status: rule.status, body: vec![], content_type: "application/x-amz-json-1.1", headers: vec![] }),
        Kind::TruncatedJson if rule.status != 200 => {
            let mut body = error_doc().to_string().into_bytes();
            body.truncate(body.len() / 2);
            Some(Reply { status: rule.status, body, content_type: "application/x-amz-json-1.1", headers: vec![] })
        }
        Kind::TruncatedJson | Kind::Close | Kind::Hang => None,
    }
}

fn well_known(app: &App, path: &str) -> Reply {
    let pool_id = path.trim_start_matches('/').split('/').next().unwrap_or("");
    if !app.pool_exists(pool_id) {
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
    match app.outbox(&pool_id, username.as_deref()) {
        Ok(list) => Reply::plain_json(200, &list),
        Err(e) => Reply::plain_json(404, &e.body()),
    }
}

fn api(app: &App, req: &mut Request) -> Answer {
    let body = read_json_object(req);
    let target = header(req, "X-Amz-Target").unwrap_or("").to_string();
    let Some(op) = target.strip_prefix(TARGET_PREFIX).filter(|o| !o.is_empty()) else {
        return match body {
            Err(r) if r.status == 413 => r.into(),
            _ => Reply::error(&ApiError::unknown_operation(if target.is_empty() { "(no X-Amz-Target)" } else { &target })).into(),
        };
    };
    let value = match body {
        Ok(v) => v,
        Err(r) => return r.into(),
    };
    let region = sigv4_region(header(req, "Authorization")).unwrap_or_else(|| app.region.clone());
    let fault = {
        let mut f = app.faults();
        if f.is_empty() {
            None
        } else {
            f.take(op, value.get("AuthFlow").and_then(Value::as_str))
        }
    };
    let Some(rule) = fault else { return run(app, op, &value, &region).into() };
    eprintln!("cognito-emulator: injecting fault {} into {op}", rule.kind.name());
    if let Some(reply) = fault_reply(&rule) {
        return reply.into();
    }
    match rule.kind {
        Kind::Hang => Answer::Hang(rule.hold_seconds),
        Kind::Close => Answer::Cut(run(app, op, &value, &region)),
        _ => {
            // truncated-json, status 200: the operation's own answer, cut in half.
            let mut reply = run(app, op, &value, &region);
            reply.status = 200;
            reply.body.truncate(reply.body.len() / 2);
            reply.into()
        }
    }
}

/// Runs one operation (see [`App::execute`]) and builds the reply.
fn run(app: &App, op: &str, value: &Value, region: &str) -> Reply {
    match app.execute(op, value, region, false) {
        Ok(v) => Reply::json(200, &v),
        Err(e) => Reply::error(&e),
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
