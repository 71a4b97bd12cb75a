//! Sign-in through an external OIDC provider of the pool: `/oauth2/authorize` with
//! `identity_provider` (or `idp_identifier`) sends the browser to the provider with the
//! `login_hint`; it comes back to `/oauth2/idpresponse`, where the provider's code is
//! exchanged, its id token checked, and the user `<provider>_<sub>` created or updated with
//! the provider's attribute mapping. The emulator has no outgoing HTTP: the one provider
//! it can exchange codes with is its own mock IdP (`mock_idp`), reached in process.

use super::authorize::Checked;
use super::memory::{new_handle, Grants, PendingFederation, PENDING_TTL};
use super::{grant, mock_idp, pages, web};
use crate::app::App;
use crate::errors::{ApiError, ApiResult};
use crate::http::reply::Reply;
use crate::http::routes::Request;
use crate::ops::Ctx;
use crate::util;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

fn redirect_uri(app: &App) -> String {
    format!("{}/oauth2/idpresponse", app.base_url)
}

/// The provider's OIDC settings: (issuer, client_id, authorize_scopes).
fn provider_settings(app: &App, pool_id: &str, provider: &str) -> Result<(String, String, String), String> {
    let st = app.lock();
    let p = st.pools.get(pool_id).and_then(|p| p.identity_providers.get(provider)).ok_or_else(|| format!("Identity provider {provider} does not exist."))?;
    if p.provider_type != "OIDC" {
        return Err(format!("The emulator federates with OIDC providers only ({provider} is {}).", p.provider_type));
    }
    let issuer = p.details.get("oidc_issuer").map(|s| s.trim_end_matches('/').to_string()).unwrap_or_default();
    // A path (`/_mock-idp`) names the emulator itself, for seed files written before the
    // port is known.
    let issuer = if issuer.starts_with('/') { format!("{}{issuer}", app.base_url) } else { issuer };
    if issuer != mock_idp::issuer(app) {
        return Err(format!("The emulator cannot reach {issuer}: the one OIDC provider it can federate with is its mock IdP at {}.", mock_idp::issuer(app)));
    }
    let client_id = p.details.get("client_id").cloned().unwrap_or_default();
    let scopes = p.details.get("authorize_scopes").cloned().unwrap_or_else(|| "openid".into());
    Ok((issuer, client_id, scopes))
}

/// Sends the browser to the provider.
pub fn start(app: &App, c: &Checked, provider: &str) -> Reply {
    let a = &c.authorization;
    let (issuer, client_id, scopes) = match provider_settings(app, &a.pool_id, provider) {
        Ok(s) => s,
        Err(m) => return web::html(400, pages::error("invalid_request", &m)),
    };
    let (key, nonce) = (new_handle(), new_handle());
    {
        let mut g = app.hosted.grants();
        if !Grants::has_room(g.federations.len()) {
            return web::html(503, pages::error("server_error", "Too many sign-ins outstanding; try again later."));
        }
        g.federations.insert(key.clone(), PendingFederation { authorization: a.clone(), provider: provider.to_string(), idp_nonce: nonce.clone(), expires: util::now() + PENDING_TTL });
    }
    let back = redirect_uri(app);
    let mut pairs = vec![
        ("client_id", client_id.as_str()),
        ("redirect_uri", back.as_str()),
        ("response_type", "code"),
        ("scope", scopes.as_str()),
        ("state", key.as_str()),
        ("nonce", nonce.as_str()),
    ];
    if let Some(h) = c.login_hint.as_deref() {
        pairs.push(("login_hint", h));
    }
    web::redirect(&web::with_params(&format!("{issuer}/authorize"), &pairs, false))
}

/// `GET /oauth2/idpresponse?code=..&state=..` (or `error=..`).
pub fn idp_response(app: &App, req: &Request) -> Reply {
    let q = web::query(req);
    let pending = q.non_empty("state").and_then(|s| app.hosted.grants().federations.remove(s));
    let Some(pending) = pending else {
        return web::html(400, pages::error("invalid_request", "Unknown or expired state: start the sign-in again."));
    };
    let a = &pending.authorization;
    if let Some(error) = q.non_empty("error") {
        return grant::error_redirect(a, error, q.get("error_description").unwrap_or("The identity provider refused the sign-in"));
    }
    let Some(code) = q.non_empty("code") else {
        return grant::error_redirect(a, "invalid_request", "The identity provider sent no code");
    };
    let (_, client_id, _) = match provider_settings(app, &a.pool_id, &pending.provider) {
        Ok(s) => s,
        Err(m) => return grant::error_redirect(a, "invalid_request", &m),
    };
    let claims = mock_idp::exchange(app, &client_id, code, &redirect_uri(app))
        .ok()
        .and_then(|id_token| mock_idp::verify_id_token(app, &id_token, &client_id, &pending.idp_nonce));
    let Some(claims) = claims else {
        return grant::error_redirect(a, "invalid_request", "The identity provider's code or id token was not valid");
    };
    match app.run(|ctx| federated_user(ctx, &a.pool_id, &pending.provider, &claims)) {
        Ok(username) => {
            let auth_time = util::now();
            let mut reply = grant::complete(app, a, &username, auth_time);
            let handle = new_handle();
            let mut g = app.hosted.grants();
            if Grants::has_room(g.logins.len()) {
                g.logins.insert(
                    handle.clone(),
                    super::memory::LoginSession { pool_id: a.pool_id.clone(), username, auth_time, expires: auth_time + super::memory::LOGIN_TTL },
                );
                reply.headers.push(web::set_cookie(super::hosted::SESSION_COOKIE, &handle, super::memory::LOGIN_TTL));
            }
            reply
        }
        Err(e) => grant::error_redirect(a, "invalid_request", &e.message),
    }
}

fn claim_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Creates or updates `<provider>_<sub>` from the id token's claims; returns the username.
fn federated_user(ctx: &mut Ctx, pool_id: &str, provider: &str, claims: &Map<String, Value>) -> ApiResult<String> {
    let sub = claims.get("sub").and_then(Value::as_str).ok_or_else(|| ApiError::invalid_parameter("The id token has no sub."))?;
    let username = format!("{provider}_{sub}");
    let mapping = ctx.pool(pool_id)?.identity_providers.get(provider).map(|p| p.attribute_mapping.clone()).unwrap_or_default();
    let mut attributes: BTreeMap<String, String> = mapping
        .iter()
        .filter(|(attr, _)| attr.as_str() != "username")
        .filter_map(|(attr, claim)| Some((attr.clone(), claim_text(claims.get(claim)?)?)))
        .collect();
    let identities = json!([{ "userId": sub, "providerName": provider, "providerType": "OIDC", "issuer": null, "primary": "true", "dateCreated": (util::now_f64() * 1000.0) as i64 }]);
    attributes.insert("identities".into(), identities.to_string());
    let pool = ctx.pool_mut(pool_id)?;
    match pool.users.get_mut(&username) {
        Some(u) => {
            if !u.enabled {
                return Err(ApiError::not_authorized("User is disabled."));
            }
            for (k, v) in attributes {
                u.attributes.insert(k, v);
            }
            u.last_modified = util::now_f64();
        }
        None => {
            // Never signed in with a password: a random one nobody knows.
            let password = util::b64url(&util::random_bytes(24));
            let user = crate::ops::signup::new_user(pool_id, &username, &password, attributes, "EXTERNAL_PROVIDER");
            pool.users.insert(username.clone(), user);
        }
    }
    Ok(username)
}
