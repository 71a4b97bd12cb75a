//! A mock external OpenID Connect provider, served by the emulator under `/_mock-idp`, with
//! its own RSA key and sign-in page (any e-mail address signs in; the subject is derived
//! from it). It records every `login_hint` it is sent (`GET /_mock-idp/login-hints`), so a
//! test can see what Cognito forwarded. Add it to a pool with `CreateIdentityProvider`
//! (`ProviderType` `OIDC`, `oidc_issuer` `<emulator URL>/_mock-idp`).
//!
//! - `GET /_mock-idp/.well-known/openid-configuration`, `GET /_mock-idp/jwks.json`
//! - `GET /_mock-idp/authorize` (the page), `POST /_mock-idp/authorize` (signs in, back to
//!   the `redirect_uri` with a code)
//! - `POST /_mock-idp/token` (authorization_code)
//! - `GET /_mock-idp/login-hints`

use super::memory::{new_handle, Grants, IdpCode, CODE_TTL};
use super::web;
use crate::app::App;
use crate::http::reply::Reply;
use crate::http::routes::Request;
use crate::util;
use serde_json::{json, Map, Value};

pub const PREFIX: &str = "/_mock-idp";

/// The mock IdP's issuer.
pub fn issuer(app: &App) -> String {
    format!("{}{PREFIX}", app.base_url)
}

/// The subject the mock IdP gives an e-mail address (stable, so a second sign-in finds the
/// same federated user).
pub fn subject(email: &str) -> String {
    let hex = util::sha256_hex(email.trim().to_ascii_lowercase().as_bytes());
    format!("mock-{}", &hex[..24])
}

pub fn route(app: &App, req: &Request) -> Option<Reply> {
    let rest = req.path.strip_prefix(PREFIX)?;
    Some(match (req.method, rest) {
        ("GET", "/.well-known/openid-configuration") => {
            let iss = issuer(app);
            Reply::plain_json(
                200,
                &json!({
                    "issuer": iss,
                    "authorization_endpoint": format!("{iss}/authorize"),
                    "token_endpoint": format!("{iss}/token"),
                    "jwks_uri": format!("{iss}/jwks.json"),
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "scopes_supported": ["openid", "email", "profile"],
                }),
            )
        }
        ("GET", "/jwks.json") => Reply::plain_json(200, &app.hosted.idp_keys().jwks()),
        ("GET", "/login-hints") => Reply::plain_json(200, &json!({ "loginHints": app.hosted.grants().login_hints })),
        ("GET", "/authorize") => authorize_page(app, req),
        ("POST", "/authorize") => sign_in(app, req),
        ("POST", "/token") => token(app, req),
        _ => web::oauth_error(404, "not_found", Some("No such endpoint of the mock IdP.")),
    })
}

/// The redirect URI the mock IdP accepts: the emulator's own `/oauth2/idpresponse`.
fn allowed_redirect(app: &App) -> String {
    format!("{}/oauth2/idpresponse", app.base_url)
}

fn authorize_page(app: &App, req: &Request) -> Reply {
    let q = web::query(req);
    if q.get("redirect_uri") != Some(allowed_redirect(app).as_str()) || q.get("response_type") != Some("code") || q.non_empty("client_id").is_none() {
        return web::html(400, super::pages::error("invalid_request", "The mock IdP needs client_id, response_type=code and the emulator's /oauth2/idpresponse as redirect_uri."));
    }
    let hint = q.get("login_hint").unwrap_or("");
    if !hint.is_empty() {
        app.hosted.grants().record_hint(hint);
    }
    let (csrf, cookie) = super::hosted::csrf_token(req);
    let action = format!("{PREFIX}/authorize?{}", req.query);
    let mut reply = web::html(200, super::pages::mock_idp_login(&action, &csrf, hint));
    if let Some(c) = cookie {
        reply.headers.push(c);
    }
    reply
}

fn sign_in(app: &App, req: &Request) -> Reply {
    let q = web::query(req);
    let Some(form) = web::form_body(req) else {
        return web::html(415, super::pages::error("invalid_request", "Forms are sent as application/x-www-form-urlencoded."));
    };
    if !super::hosted::csrf_ok(req, &form) {
        return web::html(403, super::pages::error("invalid_request", "The form's CSRF token does not match its cookie."));
    }
    let redirect_uri = allowed_redirect(app);
    let (Some(client_id), true) = (q.non_empty("client_id"), q.get("redirect_uri") == Some(redirect_uri.as_str())) else {
        return web::html(400, super::pages::error("invalid_request", "Bad authorization request."));
    };
    let email = form.get("email").unwrap_or("").trim().to_string();
    if !crate::users::valid_email(&email) {
        return web::html(400, super::pages::error("invalid_request", "Enter an e-mail address."));
    }
    let code = new_handle();
    {
        let mut g = app.hosted.grants();
        if !Grants::has_room(g.idp_codes.len()) {
            return web::html(503, super::pages::error("server_error", "Too many codes outstanding."));
        }
        g.idp_codes.insert(
            code.clone(),
            IdpCode {
                client_id: client_id.to_string(),
                redirect_uri: redirect_uri.clone(),
                nonce: q.non_empty("nonce").map(str::to_string),
                email,
                name: form.non_empty("name").map(str::to_string),
                expires: util::now() + CODE_TTL,
            },
        );
    }
    let mut pairs = vec![("code", code.as_str())];
    if let Some(s) = q.get("state") {
        pairs.push(("state", s));
    }
    web::redirect(&web::with_params(&redirect_uri, &pairs, false))
}

/// Exchanges a mock-IdP code (one use) for its id token.
pub fn exchange(app: &App, client_id: &str, code: &str, redirect_uri: &str) -> Result<String, &'static str> {
    let c = app.hosted.grants().idp_codes.remove(code).ok_or("invalid_grant")?;
    if c.client_id != client_id || c.redirect_uri != redirect_uri {
        return Err("invalid_grant");
    }
    let now = util::now();
    let mut claims = Map::new();
    claims.insert("iss".into(), json!(issuer(app)));
    claims.insert("sub".into(), json!(subject(&c.email)));
    claims.insert("aud".into(), json!(client_id));
    claims.insert("email".into(), json!(c.email));
    claims.insert("email_verified".into(), json!(true));
    if let Some(n) = c.name {
        claims.insert("name".into(), json!(n));
    }
    if let Some(n) = c.nonce {
        claims.insert("nonce".into(), json!(n));
    }
    claims.insert("iat".into(), json!(now));
    claims.insert("exp".into(), json!(now + 3600));
    Ok(app.hosted.idp_keys().sign_jwt(&Value::Object(claims)))
}

fn token(app: &App, req: &Request) -> Reply {
    let body = web::form_body(req).unwrap_or_default();
    if body.get("grant_type") != Some("authorization_code") {
        return web::oauth_error(400, "unsupported_grant_type", None);
    }
    let form = |name: &str| body.get(name).unwrap_or("").to_string();
    let client_id = basic_client_id(req).unwrap_or_else(|| form("client_id"));
    match exchange(app, &client_id, &form("code"), &form("redirect_uri")) {
        Ok(id_token) => web::no_store_json(&json!({ "id_token": id_token, "access_token": new_handle(), "token_type": "Bearer", "expires_in": 3600 })),
        Err(e) => web::oauth_error(400, e, None),
    }
}

fn basic_client_id(req: &Request) -> Option<String> {
    let b64 = req.header("authorization")?.strip_prefix("Basic ")?;
    let text = String::from_utf8(cognito_wasm::encoding::from_base64_lenient(b64)).ok()?;
    Some(cognito_wasm::oauth::form::decode(text.split(':').next()?))
}

/// The claims of an id token the mock IdP signed, checked: signature, issuer, audience,
/// expiry and nonce.
pub fn verify_id_token(app: &App, token: &str, client_id: &str, nonce: &str) -> Option<Map<String, Value>> {
    let claims = app.hosted.idp_keys().verify_jwt(token)?;
    let ok = claims.get("iss")?.as_str()? == issuer(app)
        && claims.get("aud")?.as_str()? == client_id
        && claims.get("exp")?.as_i64()? > util::now()
        && claims.get("nonce").and_then(Value::as_str).is_some_and(|n| util::ct_eq(n.as_bytes(), nonce.as_bytes()));
    ok.then_some(claims)
}

