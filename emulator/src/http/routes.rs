//! Routing and the handlers, on a request whose host, origin and body were already
//! checked and read:
//!
//! - `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`: the API
//!   (administrative operations need a SigV4 signature, see `admin_auth`)
//! - `POST /` with `X-Amz-Target: AWSCognitoIdentityService.<Op>`: identity pools
//!   (administration signed for the `cognito-identity` service; the credential flows not)
//! - `POST /` with a form body `Action=AssumeRoleWithWebIdentity&...`: STS for the
//!   identity pools' basic flow (unsigned, XML answers)
//! - `GET /<poolId>/.well-known/jwks.json`, `GET /<poolId>/.well-known/openid-configuration`
//! - `GET /_emulator/messages?poolId=..&username=..`: the outbox (without `username`: signed)
//! - `GET /_emulator/health`
//! - the hosted UI and OAuth endpoints (`/oauth2/...`, `/login`, ..., `/_mock-idp/...`): `crate::oauth`
//! - `GET | POST | DELETE /_emulator/faults`: fault injection and clock skew (signed)
//! - `POST /_emulator/keys/rotate`: JWKS key rotation (signed; see `keys_rotate`)
//! - `POST /_emulator/sign`: a JWT of any claims and header, for verifier tests (signed)

use super::admin_auth;
use super::reply::{Answer, Reply};
use super::Server;
use crate::errors::ApiError;
use crate::faults::{self, Kind};
use crate::ops;
use cognito_wasm::oauth::form;
use cognito_wasm::sigv4::RequestParts;
use serde_json::{json, Value};
use std::sync::Arc;

use cognito_wasm::protocol::{identity, sts};
use cognito_wasm::protocol::operation::TARGET_PREFIX;

/// The two services on `POST /`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Service {
    UserPools,
    IdentityPools,
}

impl Service {
    /// The service and operation an `X-Amz-Target` names.
    fn of_target(target: &str) -> Option<(Service, &str)> {
        let (service, op) = match target.strip_prefix(TARGET_PREFIX) {
            Some(op) => (Service::UserPools, op),
            None => (Service::IdentityPools, target.strip_prefix(identity::TARGET_PREFIX)?),
        };
        (!op.is_empty()).then_some((service, op))
    }

    fn is_public(self, op: &str) -> bool {
        match self {
            Service::UserPools => admin_auth::is_public(op),
            Service::IdentityPools => admin_auth::is_public_identity(op),
        }
    }

    /// The service of a SigV4 credential scope.
    fn signing_name(self) -> &'static str {
        match self {
            Service::UserPools => admin_auth::SERVICE,
            Service::IdentityPools => identity::SIGNING_SERVICE,
        }
    }
}

/// A request as the handlers see it (the parts a signature covers are all of it).
pub type Request<'a> = RequestParts<'a>;

/// The region of a valid signature, or the error to answer.
fn verify_signature(server: &Server, req: &Request) -> Result<String, ApiError> {
    admin_auth::verify(&server.credentials, crate::util::real_now(), req)
}

fn query_param(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (form::decode(k) == key).then(|| form::decode(v))
    })
}

fn method_not_allowed(allow: &str, json_api: bool) -> Reply {
    let body = json!({"__type": "MethodNotAllowedException", "message": if json_api { "Use POST / with X-Amz-Target." } else { "Method not allowed." }});
    let mut r = if json_api { Reply::json(405, &body) } else { Reply::plain_json(405, &body) };
    r.headers.push(("Allow".into(), allow.into()));
    r
}

pub async fn route(server: &Arc<Server>, req: &Request<'_>) -> Answer {
    let app = &server.app;
    if crate::oauth::serves(req.path) {
        return crate::oauth::serve(app.clone(), req).await.into();
    }
    let reply = match (req.method, req.path) {
        ("POST", "/") => return api(server, req).await,
        ("GET", "/_emulator/health") => Reply::plain_json(200, &json!({"status": "ok"})),
        ("GET", "/_emulator/messages") => messages(server, req),
        (_, "/_emulator/faults") => match verify_signature(server, req) {
            Err(e) => Reply::plain_error(&e),
            Ok(_) => match req.method {
                "GET" => Reply::plain_json(200, &app.faults().to_json()),
                "POST" => faults_post(server, req),
                "DELETE" => {
                    let mut f = app.faults();
                    f.clear();
                    crate::util::set_clock_skew(0);
                    eprintln!("cognito-emulator: fault rules cleared, clock skew 0");
                    Reply::plain_json(200, &f.to_json())
                }
                _ => method_not_allowed("GET, POST, DELETE, OPTIONS", false),
            },
        },
        (method, path @ ("/_emulator/keys/rotate" | "/_emulator/sign")) => match verify_signature(server, req) {
            Err(e) => Reply::plain_error(&e),
            Ok(_) if method != "POST" => method_not_allowed("POST, OPTIONS", false),
            Ok(_) if path == "/_emulator/sign" => sign_post(server, req),
            Ok(_) => keys_rotate(server, req).await,
        },
        ("GET", p) if p.ends_with("/.well-known/jwks.json") || p.ends_with("/.well-known/openid-configuration") => well_known(server, p),
        (_, "/") => method_not_allowed("POST, OPTIONS", true),
        ("GET", path) => Reply::plain_json(404, &json!({"__type": "ResourceNotFoundException", "message": format!("No route for {path}")})),
        _ => method_not_allowed("GET, OPTIONS", false),
    };
    reply.into()
}

/// A JSON object body (empty or blank counts as `{}`).
fn json_object(body: &[u8]) -> Result<Value, Reply> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(json!({}));
    }
    match serde_json::from_slice(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        Ok(_) => Err(Reply::error(&ApiError::new("SerializationException", "The request body must be a JSON object."))),
        Err(_) => Err(Reply::error(&ApiError::new("SerializationException", "Malformed JSON in the request body."))),
    }
}

/// `POST /_emulator/faults`: add a rule and/or set the clock skew.
fn faults_post(server: &Server, req: &Request) -> Reply {
    let body = match json_object(req.body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let parsed = faults::parse_rule(&body).and_then(|rule| Ok((rule, faults::parse_skew(&body)?, faults::parse_credentials_validity(&body)?)));
    let (rule, skew, validity) = match parsed {
        Ok((None, None, None)) => {
            return Reply::plain_error(&ApiError::invalid_parameter("Give a fault ('kind', ...), 'clockSkewSeconds' and/or 'credentialsValiditySeconds'."))
        }
        Ok(p) => p,
        Err(e) => return Reply::plain_error(&e),
    };
    let mut f = server.app.faults();
    if let Some(rule) = rule {
        eprintln!("cognito-emulator: fault rule added: {} x{} on {}", rule.kind.name(), rule.remaining, rule.target);
        if let Err(e) = f.add(rule) {
            return Reply::plain_error(&e);
        }
    }
    if let Some(seconds) = validity {
        eprintln!("cognito-emulator: identity-pool credentials now valid {seconds} s");
        f.credentials_validity = Some(seconds);
    }
    if let Some(skew) = skew {
        eprintln!("cognito-emulator: clock skew {skew} s");
        crate::util::set_clock_skew(skew);
    }
    Reply::plain_json(200, &f.to_json())
}

/// How long a replaced key stays in the JWKS when `keepOldSeconds` is not given.
const DEFAULT_KEEP_OLD_SECONDS: i64 = 3600;

/// `POST /_emulator/keys/rotate` `{"keepOldSeconds": N}`: a new RSA key signs every token
/// from now on; the current one stays published in the JWKS (and accepted by the emulator)
/// for N seconds (default one hour; 0 drops it at once). Answers the new and published kids.
async fn keys_rotate(server: &Arc<Server>, req: &Request<'_>) -> Reply {
    let body = match json_object(req.body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let keep = match body.get("keepOldSeconds") {
        None | Some(Value::Null) => DEFAULT_KEEP_OLD_SECONDS,
        Some(v) => match v.as_i64().filter(|n| (0..=366 * 86_400).contains(n)) {
            Some(n) => n,
            None => return Reply::plain_error(&ApiError::invalid_parameter("keepOldSeconds must be a whole number of seconds from 0 to 31622400.")),
        },
    };
    let app = server.app.clone();
    // Key generation takes a moment: off the connection threads.
    let rotated = tokio::task::spawn_blocking(move || {
        let kid = app.keys.rotate(keep);
        let mut st = app.lock();
        app.save(&mut st);
        kid
    })
    .await;
    let Ok(kid) = rotated else { return Reply::plain_error(&ApiError::internal()) };
    eprintln!("cognito-emulator: signing key rotated; the old key stays published for {keep} s");
    let published: Vec<Value> = server.app.keys.jwks()["keys"].as_array().into_iter().flatten().map(|k| k["kid"].clone()).collect();
    Reply::plain_json(200, &json!({ "kid": kid, "published": published }))
}

/// `POST /_emulator/sign` `{"claims": {...}, "header": {...}}`: a JWT of those claims signed
/// (RS256) by the current key, with the header given (default `{kid, alg: RS256}`), so a
/// verifier's expiry, issuer, audience and header checks can be tested on real signatures.
fn sign_post(server: &Server, req: &Request) -> Reply {
    let body = match json_object(req.body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(claims @ Value::Object(_)) = body.get("claims") else {
        return Reply::plain_error(&ApiError::invalid_parameter("Give 'claims', a JSON object."));
    };
    let header = match body.get("header") {
        None | Some(Value::Null) => None,
        Some(h @ Value::Object(_)) => Some(h),
        Some(_) => return Reply::plain_error(&ApiError::invalid_parameter("'header' must be a JSON object.")),
    };
    Reply::plain_json(200, &json!({ "token": server.app.keys.sign_with_header(header, claims) }))
}

/// The answer of a matching fault rule, or `None` to run the operation (for `close`,
/// `panic` and `truncated-json` with status 200, the caller runs it and alters the reply).
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
            let s = rule.status;
            let text = hyper::StatusCode::from_u16(s).ok().and_then(|c| c.canonical_reason()).unwrap_or("Error");
            let page = format!("<html>\r\n<head><title>{s} {text}</title></head>\r\n<body>\r\n<center><h1>{s} {text}</h1></center>\r\n</body>\r\n</html>\r\n");
            Some(Reply { status: s, body: page.into_bytes(), content_type: "text/html", headers: vec![] })
        }
        Kind::ErrorEmpty => Some(Reply { status: rule.status, body: vec![], content_type: "application/x-amz-json-1.1", headers: vec![] }),
        Kind::TruncatedJson if rule.status != 200 => {
            let mut body = error_doc().to_string().into_bytes();
            body.truncate(body.len() / 2);
            Some(Reply { status: rule.status, body, content_type: "application/x-amz-json-1.1", headers: vec![] })
        }
        Kind::TruncatedJson | Kind::Close | Kind::Hang | Kind::Panic => None,
    }
}

fn well_known(server: &Server, path: &str) -> Reply {
    let app = &server.app;
    let pool_id = path.trim_start_matches('/').split('/').next().unwrap_or("");
    if !app.pool_exists(pool_id) {
        return Reply::plain_error_status(404, &ops::pool_not_found(pool_id));
    }
    if path.ends_with("jwks.json") {
        return Reply::plain_json(200, &app.keys.jwks());
    }
    let iss = format!("{}/{}", app.base_url, pool_id);
    let mut doc = json!({
        "issuer": iss,
        "jwks_uri": format!("{iss}/.well-known/jwks.json"),
        "response_types_supported": ["code", "token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "claims_supported": ["sub", "iss", "aud", "token_use", "cognito:username", "email", "email_verified", "phone_number", "phone_number_verified", "auth_time", "iat", "exp", "jti", "origin_jti", "event_id"],
    });
    // With a domain: the hosted UI's endpoints.
    if let (Some(Value::Object(extra)), Some(out)) = (crate::oauth::discovery(app, pool_id), doc.as_object_mut()) {
        out.extend(extra);
    }
    Reply::plain_json(200, &doc)
}

/// The outbox: one user's messages for anyone who can reach the emulator, a whole pool's
/// only with a signature.
fn messages(server: &Server, req: &Request) -> Reply {
    let Some(pool_id) = query_param(req.query, "poolId") else {
        return Reply::plain_error(&ApiError::missing("poolId"));
    };
    let username = query_param(req.query, "username");
    if username.is_none() {
        if let Err(e) = verify_signature(server, req) {
            return Reply::plain_error(&e);
        }
    }
    match server.app.outbox(&pool_id, username.as_deref()) {
        Ok(list) => Reply::plain_json(200, &list),
        Err(e) => Reply::plain_error_status(404, &e),
    }
}

async fn api(server: &Arc<Server>, req: &Request<'_>) -> Answer {
    let target = req.header("X-Amz-Target").unwrap_or("");
    if target.is_empty() && req.header("content-type").is_some_and(|c| c.starts_with("application/x-www-form-urlencoded")) {
        return sts(server, req).await.into();
    }
    let Some((service, op)) = Service::of_target(target) else {
        return Reply::error(&ApiError::unknown_operation(if target.is_empty() { "(no X-Amz-Target)" } else { target })).into();
    };
    let region = if service.is_public(op) {
        server.app.region.clone()
    } else {
        match admin_auth::verify_for_service(&server.credentials, crate::util::real_now(), req, service.signing_name()) {
            Ok(region) => region,
            Err(e) => return Reply::error(&e).into(),
        }
    };
    let value = match json_object(req.body) {
        Ok(v) => v,
        Err(r) => return r.into(),
    };
    let fault = {
        let mut f = server.app.faults();
        if f.is_empty() {
            None
        } else {
            f.take(op, value.get("AuthFlow").and_then(Value::as_str))
        }
    };
    let Some(rule) = fault else { return run(server, service, op, value, region, false).await.into() };
    eprintln!("cognito-emulator: injecting fault {} into {op}", rule.kind.name());
    if let Some(reply) = fault_reply(&rule) {
        return reply.into();
    }
    match rule.kind {
        Kind::Hang => Answer::Hang(rule.hold_seconds),
        Kind::Close => Answer::Cut(run(server, service, op, value, region, false).await),
        Kind::Panic => run(server, service, op, value, region, true).await.into(),
        _ => {
            // truncated-json, status 200: the operation's own answer, cut in half.
            let mut reply = run(server, service, op, value, region, false).await;
            reply.status = 200;
            reply.body.truncate(reply.body.len() / 2);
            reply.into()
        }
    }
}

/// STS `AssumeRoleWithWebIdentity` (a form-encoded `POST /`), answered in XML.
async fn sts(server: &Arc<Server>, req: &Request<'_>) -> Reply {
    let app = server.app.clone();
    let form = String::from_utf8_lossy(req.body).into_owned();
    let xml = |status: u16, body: String| Reply { status, body: body.into_bytes(), content_type: "text/xml", headers: vec![] };
    match tokio::task::spawn_blocking(move || app.execute_sts(&form)).await {
        Ok(Ok(answer)) => xml(200, answer.to_xml()),
        Ok(Err(e)) => xml(e.status, sts::error_xml(e.code, &e.message, &crate::util::uuid_v4())),
        Err(_) => xml(500, sts::error_xml("InternalFailure", "An internal error occurred.", &crate::util::uuid_v4())),
    }
}

/// Runs one operation (see [`crate::app::App::execute`]) on the blocking pool, so the
/// SRP math and the state lock never hold up the connections, and builds the reply.
async fn run(server: &Arc<Server>, service: Service, op: &str, value: Value, region: String, inject_panic: bool) -> Reply {
    let app = server.app.clone();
    let op_name = op.to_string();
    let result = tokio::task::spawn_blocking(move || match service {
        Service::UserPools => app.execute(&op_name, &value, &region, inject_panic),
        Service::IdentityPools => app.execute_identity(&op_name, &value, &region, inject_panic),
    })
    .await;
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
    fn query_parsing() {
        assert_eq!(query_param("poolId=us-east-1_X&username=a%40b.c", "username").as_deref(), Some("a@b.c"));
        assert_eq!(query_param("a=1", "b"), None);
        assert_eq!(form::decode("%zz%41"), "%zzA");
        assert_eq!(form::decode("100%"), "100%");
    }

    #[test]
    fn targets_name_a_service_and_an_operation() {
        assert_eq!(Service::of_target("AWSCognitoIdentityProviderService.InitiateAuth"), Some((Service::UserPools, "InitiateAuth")));
        assert_eq!(Service::of_target("AWSCognitoIdentityService.GetId"), Some((Service::IdentityPools, "GetId")));
        assert_eq!(Service::of_target("AWSCognitoIdentityService."), None);
        assert_eq!(Service::of_target("GetId"), None);
        assert!(Service::IdentityPools.is_public("GetCredentialsForIdentity"));
        assert!(!Service::IdentityPools.is_public("CreateIdentityPool"));
        assert!(!Service::IdentityPools.is_public("InitiateAuth"));
        assert_eq!(Service::IdentityPools.signing_name(), "cognito-identity");
    }
}
