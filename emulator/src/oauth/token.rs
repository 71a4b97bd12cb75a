//! `/oauth2/token` (authorization_code, refresh_token, client_credentials; client secret
//! by HTTP Basic or in the body), `/oauth2/userInfo` and `/oauth2/revoke`, with RFC 6749's
//! errors.

use super::config::OAuthClient;
use super::grant::{self, TokenSet};
use super::web::{self, no_store_json, oauth_error};
use crate::app::App;
use crate::errors::ApiError;
use crate::http::reply::Reply;
use crate::http::routes::Request;
use crate::util;
use cognito_wasm::oauth::form::{self, Form};
use cognito_wasm::oauth::pkce;
use serde_json::{json, Value};

/// An RFC 6749 error of the token endpoint.
struct Refused {
    status: u16,
    error: &'static str,
    description: String,
}

fn refused(error: &'static str, description: impl Into<String>) -> Refused {
    let status = if error == "invalid_client" { 401 } else { 400 };
    Refused { status, error, description: description.into() }
}

impl From<Refused> for Reply {
    fn from(r: Refused) -> Reply {
        let mut reply = oauth_error(r.status, r.error, Some(&r.description));
        if r.status == 401 {
            reply.headers.push(("WWW-Authenticate".into(), "Basic realm=\"token\"".into()));
        }
        reply
    }
}

/// The client's id and secret, from `Authorization: Basic` or the body (not both).
fn client_credentials(req: &Request, body: &Form) -> Result<(String, Option<String>), Refused> {
    let basic = req.header("authorization").and_then(|h| h.strip_prefix("Basic ").or_else(|| h.strip_prefix("basic ")));
    if let Some(b64) = basic {
        if body.get("client_secret").is_some() {
            return Err(refused("invalid_request", "Send the client secret once: in Authorization or in the body."));
        }
        let decoded = cognito_wasm::encoding::from_base64_lenient(b64.trim());
        let text = String::from_utf8(decoded).map_err(|_| refused("invalid_client", "Malformed Authorization header."))?;
        let (id, secret) = text.split_once(':').ok_or_else(|| refused("invalid_client", "Malformed Authorization header."))?;
        let id = form::decode(id);
        if body.get("client_id").is_some_and(|b| b != id) {
            return Err(refused("invalid_client", "client_id does not match the Authorization header."));
        }
        return Ok((id, Some(form::decode(secret))));
    }
    let id = body.non_empty("client_id").ok_or_else(|| refused("invalid_request", "client_id is required."))?;
    Ok((id.to_string(), body.get("client_secret").map(str::to_string)))
}

/// The pool of the client, after checking its secret.
fn authenticate_client(app: &App, client_id: &str, secret: Option<&str>) -> Result<(String, OAuthClient, bool), Refused> {
    let st = app.lock();
    let pool = st.pool_of_client(client_id).ok_or_else(|| refused("invalid_client", "Client does not exist."))?;
    let client = &pool.clients[client_id];
    match (&client.secret, secret) {
        (Some(expected), Some(given)) if util::ct_eq(expected.as_bytes(), given.as_bytes()) => {}
        (Some(_), _) => return Err(refused("invalid_client", "Client authentication failed.")),
        (None, Some(given)) if !given.is_empty() => return Err(refused("invalid_client", "Client authentication failed.")),
        (None, _) => {}
    }
    Ok((pool.id.clone(), OAuthClient::of(client), client.secret.is_some()))
}

/// `POST /oauth2/token`.
pub fn token(app: &App, req: &Request) -> Reply {
    match exchange(app, req) {
        Ok(tokens) => no_store_json(&tokens),
        Err(r) => r.into(),
    }
}

fn exchange(app: &App, req: &Request) -> Result<Value, Refused> {
    let body = web::form_body(req).ok_or_else(|| refused("invalid_request", "The body must be application/x-www-form-urlencoded."))?;
    for name in ["grant_type", "code", "redirect_uri", "code_verifier", "refresh_token", "client_id"] {
        if body.count(name) > 1 {
            return Err(refused("invalid_request", format!("{name} was given more than once.")));
        }
    }
    let grant_type = body.non_empty("grant_type").ok_or_else(|| refused("invalid_request", "grant_type is required."))?.to_string();
    if !["authorization_code", "refresh_token", "client_credentials"].contains(&grant_type.as_str()) {
        return Err(refused("unsupported_grant_type", "grant_type must be authorization_code, refresh_token or client_credentials."));
    }
    let (client_id, secret) = client_credentials(req, &body)?;
    let (pool_id, oauth, confidential) = authenticate_client(app, &client_id, secret.as_deref())?;
    match grant_type.as_str() {
        "authorization_code" => authorization_code(app, &client_id, &body),
        "refresh_token" => refresh(app, &pool_id, &client_id, &body),
        _ => client_credentials_grant(app, &pool_id, &client_id, &oauth, confidential, &body),
    }
}

fn authorization_code(app: &App, client_id: &str, body: &Form) -> Result<Value, Refused> {
    let code = body.non_empty("code").ok_or_else(|| refused("invalid_request", "code is required."))?;
    // One use: the code is gone from here on, whatever the outcome.
    let grant = app.hosted.grants().codes.remove(code).ok_or_else(|| refused("invalid_grant", "Invalid authorization code."))?;
    let a = &grant.authorization;
    if a.client_id != client_id {
        return Err(refused("invalid_grant", "The code was issued to another client."));
    }
    if body.get("redirect_uri") != Some(a.redirect_uri.as_str()) {
        // Cognito answers unauthorized_client here (RFC 6749 would say invalid_grant), as
        // apps meet it with a trailing slash too many or too few:
        // https://stackoverflow.com/questions/50264679
        return Err(refused("unauthorized_client", "redirect_uri does not match the authorization request."));
    }
    if let Some((challenge, method)) = &a.pkce {
        let verifier = body.non_empty("code_verifier").ok_or_else(|| refused("invalid_request", "code_verifier is required."))?;
        if !pkce::verifier_matches(method, challenge, verifier) {
            return Err(refused("invalid_grant", "code_verifier does not match the code_challenge."));
        }
    }
    let tokens: TokenSet = app
        .run(|ctx| grant::mint(ctx, a, &grant.username, grant.auth_time, true))
        .map_err(|e| refused("invalid_grant", e.message))?;
    Ok(tokens.to_json())
}

fn refresh(app: &App, pool_id: &str, client_id: &str, body: &Form) -> Result<Value, Refused> {
    let token = body.non_empty("refresh_token").ok_or_else(|| refused("invalid_request", "refresh_token is required."))?;
    let out = app.run(|ctx| {
        let client = ctx.client(pool_id, client_id)?;
        let (username, idx) = crate::ops::auth::checked_refresh(ctx, pool_id, &client, token)?;
        let rec = ctx.user(pool_id, &username)?.refresh_tokens[idx].clone();
        crate::ops::auth::mint_from_refresh(ctx, pool_id, &client, &username, &rec)
    });
    let out = out.map_err(|e: ApiError| refused("invalid_grant", e.message))?;
    Ok(json!({
        "id_token": out["IdToken"],
        "access_token": out["AccessToken"],
        "expires_in": out["ExpiresIn"],
        "token_type": "Bearer",
    }))
}

fn client_credentials_grant(app: &App, pool_id: &str, client_id: &str, oauth: &OAuthClient, confidential: bool, body: &Form) -> Result<Value, Refused> {
    if !confidential {
        return Err(refused("invalid_client", "client_credentials needs a client with a secret."));
    }
    if !oauth.allows_flow("client_credentials") {
        return Err(refused("unauthorized_client", "The client is not allowed the client_credentials flow."));
    }
    let allowed: Vec<&String> = oauth.scopes.iter().filter(|s| s.contains('/')).collect();
    let scopes: Vec<String> = match body.non_empty("scope") {
        Some(s) => s.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect(),
        None => allowed.iter().map(|s| s.to_string()).collect(),
    };
    if scopes.is_empty() || scopes.iter().any(|s| !allowed.contains(&s)) {
        return Err(refused("invalid_scope", "Only the client's custom scopes can be requested with client_credentials."));
    }
    let now = util::now();
    let (validity, issuer) = {
        let st = app.lock();
        let v = st.pools.get(pool_id).and_then(|p| p.clients.get(client_id)).map(|c| c.access_validity).unwrap_or(3600);
        (v, format!("{}/{pool_id}", app.base_url))
    };
    let claims = json!({
        "sub": client_id,
        "token_use": "access",
        "scope": scopes.join(" "),
        "auth_time": now,
        "iss": issuer,
        "exp": now + validity,
        "iat": now,
        "version": 2,
        "jti": util::uuid_v4(),
        "client_id": client_id,
    });
    Ok(json!({ "access_token": app.keys.sign_jwt(&claims), "expires_in": validity, "token_type": "Bearer" }))
}

fn bearer_refusal(description: &str) -> Reply {
    let mut r = oauth_error(401, "invalid_token", Some(description));
    r.headers.push(("WWW-Authenticate".into(), format!("Bearer error=\"invalid_token\", error_description=\"{description}\"")));
    r
}

/// `GET | POST /oauth2/userInfo` with `Authorization: Bearer <access token>`: the user's
/// attributes (the token needs the `openid` scope).
pub fn user_info(app: &App, req: &Request) -> Reply {
    let Some(token) = req.header("authorization").and_then(|h| h.strip_prefix("Bearer ").or_else(|| h.strip_prefix("bearer "))) else {
        return bearer_refusal("Access token is missing");
    };
    let token = token.trim();
    let scopes_ok = app.keys.verify_jwt(token).and_then(|c| c.get("scope").and_then(Value::as_str).map(|s| s.split(' ').any(|s| s == "openid")));
    let found = app.run(|ctx| {
        let (pool_id, username) = ctx.authenticate(token)?;
        let u = ctx.user(&pool_id, &username)?;
        let mut out = json!({ "sub": u.sub, "username": u.username });
        for (k, v) in &u.attributes {
            out[k] = match k.as_str() {
                "identities" => serde_json::from_str(v).unwrap_or(json!(v)),
                _ => json!(v),
            };
        }
        Ok(out)
    });
    match (found, scopes_ok) {
        (Err(e), _) => bearer_refusal(&e.message),
        (Ok(_), Some(false) | None) => bearer_refusal("Access token does not have the openid scope"),
        (Ok(out), Some(true)) => no_store_json(&out),
    }
}

/// `POST /oauth2/revoke`: `token` (a refresh token) and the client's credentials; the
/// token's family stops working (RevokeToken).
pub fn revoke(app: &App, req: &Request) -> Reply {
    let result = (|| {
        let body = web::form_body(req).ok_or_else(|| refused("invalid_request", "The body must be application/x-www-form-urlencoded."))?;
        let token = body.non_empty("token").ok_or_else(|| refused("invalid_request", "token is required."))?.to_string();
        let (client_id, secret) = client_credentials(req, &body)?;
        authenticate_client(app, &client_id, secret.as_deref())?;
        let mut call = json!({ "Token": token, "ClientId": client_id });
        if let Some(s) = secret {
            call["ClientSecret"] = json!(s);
        }
        let region = app.region.clone();
        match app.execute("RevokeToken", &call, &region, false) {
            Ok(_) => Ok(()),
            Err(e) if e.code == "UnsupportedTokenTypeException" => Err(refused("unsupported_token_type", e.message)),
            Err(e) if e.code == "UnauthorizedException" => Err(refused("unauthorized_client", e.message)),
            Err(e) => Err(refused("invalid_request", e.message)),
        }
    })();
    match result {
        Ok(()) => Reply { status: 200, body: vec![], content_type: "text/plain", headers: vec![] },
        Err(r) => r.into(),
    }
}
