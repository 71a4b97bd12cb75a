//! Handing out what an authorization asked for once the user is signed in (a code, or
//! the implicit flow's tokens), and minting the OAuth tokens: id token with the request's
//! nonce, access token with the granted scopes, refresh token of a family of its own.

use super::memory::{new_handle, Authorization, CodeGrant, Grants, CODE_TTL};
use super::web;
use crate::app::App;
use crate::errors::{ApiError, ApiResult};
use crate::http::reply::Reply;
use crate::ops::Ctx;
use crate::state::RefreshRecord;
use crate::tokens::{self, TokenRequest};
use crate::util;
use serde_json::{json, Value};

/// Tokens from the token endpoint (or the implicit flow).
pub struct TokenSet {
    pub id_token: Option<String>,
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_in: i64,
}

impl TokenSet {
    pub fn to_json(&self) -> Value {
        let mut out = json!({ "access_token": self.access_token, "expires_in": self.expires_in, "token_type": "Bearer" });
        if let Some(t) = &self.id_token {
            out["id_token"] = json!(t);
        }
        if let Some(t) = &self.refresh_token {
            out["refresh_token"] = json!(t);
        }
        out
    }
}

/// Mints tokens for `username` signed in at `auth_time`, for `authorization`'s client and
/// scopes; with a refresh token (the code flow) or without (the implicit flow).
pub fn mint(ctx: &mut Ctx, a: &Authorization, username: &str, auth_time: i64, with_refresh: bool) -> ApiResult<TokenSet> {
    let client = ctx.client(&a.pool_id, &a.client_id)?;
    let issuer = ctx.issuer(&a.pool_id);
    let scope = a.scopes.join(" ");
    let origin_jti = util::uuid_v4();
    let now = util::now();
    let user = ctx.user_mut(&a.pool_id, username)?;
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    let refresh_token = with_refresh.then(tokens::new_refresh_token);
    if let Some(token) = &refresh_token {
        user.refresh_tokens.retain(|r| r.expires > now);
        user.refresh_tokens.push(RefreshRecord {
            hash: util::sha256_hex(token.as_bytes()),
            client_id: client.id.clone(),
            origin_jti: origin_jti.clone(),
            auth_time,
            expires: now + client.refresh_validity,
            device_key: None,
            revoked: false,
            rotated_at: None,
            oauth_scope: Some(scope.clone()),
        });
    }
    let user = user.clone();
    let groups = crate::ops::groups::claim(ctx.pool(&a.pool_id)?, &user);
    let request = TokenRequest {
        issuer: &issuer,
        client_id: &client.id,
        user: &user,
        auth_time,
        origin_jti: &origin_jti,
        device_key: None,
        access_validity: client.access_validity,
        id_validity: client.id_validity,
        groups,
        scope,
    };
    let (id, access) = tokens::mint_with_nonce(ctx.keys, &request, a.nonce.as_deref());
    Ok(TokenSet {
        id_token: a.scopes.iter().any(|s| s == "openid").then_some(id),
        access_token: access,
        refresh_token,
        expires_in: client.access_validity,
    })
}

/// The redirect that ends an authorization for a signed-in user: `?code=` (code flow) or
/// `#access_token=` (implicit flow), with the request's `state`.
pub fn complete(app: &App, a: &Authorization, username: &str, auth_time: i64) -> Reply {
    let state = a.state.as_deref();
    if a.response_type == "code" {
        let code = new_handle();
        {
            let mut g = app.hosted.grants();
            if !Grants::has_room(g.codes.len()) {
                return web::html(503, super::pages::error("server_error", "Too many authorization codes outstanding; try again later."));
            }
            g.codes.insert(code.clone(), CodeGrant { authorization: a.clone(), username: username.to_string(), auth_time, expires: util::now() + CODE_TTL });
        }
        let mut pairs = vec![("code", code.as_str())];
        if let Some(s) = state {
            pairs.push(("state", s));
        }
        return web::redirect(&web::with_params(&a.redirect_uri, &pairs, false));
    }
    match app.run(|ctx| mint(ctx, a, username, auth_time, false)) {
        Ok(t) => {
            let expires = t.expires_in.to_string();
            let mut pairs = vec![];
            if let Some(id) = &t.id_token {
                pairs.push(("id_token", id.as_str()));
            }
            pairs.push(("access_token", t.access_token.as_str()));
            pairs.push(("expires_in", expires.as_str()));
            pairs.push(("token_type", "Bearer"));
            if let Some(s) = state {
                pairs.push(("state", s));
            }
            web::redirect(&web::with_params(&a.redirect_uri, &pairs, true))
        }
        Err(e) => error_redirect(a, "access_denied", &e.message),
    }
}

/// `error` and `error_description` back to the authorization's redirect URI.
pub fn error_redirect(a: &Authorization, error: &str, description: &str) -> Reply {
    let mut pairs = vec![("error", error), ("error_description", description)];
    if let Some(s) = a.state.as_deref() {
        pairs.push(("state", s));
    }
    web::redirect(&web::with_params(&a.redirect_uri, &pairs, a.response_type == "token"))
}
