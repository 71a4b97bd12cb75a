//! The hosted UI (managed login) and OAuth 2.0 / OpenID Connect endpoints, on the same port
//! as the API:
//!
//! - `GET /oauth2/authorize`, the pages `/login`, `/newPassword`, `/mfa`, `/signup`, `/confirmUser`,
//!   `/forgotPassword`, `/confirmForgotPassword` (GET shows, POST submits) and `GET /logout`
//!   ([`hosted`]);
//! - `POST /oauth2/token`, `GET | POST /oauth2/userInfo`, `POST /oauth2/revoke` ([`token`]);
//! - `GET /oauth2/idpresponse`: the way back from an external provider ([`federation`]);
//! - `/_mock-idp/...`: a mock external OIDC provider ([`mock_idp`]).
//!
//! A pool serves them once it has a domain (`CreateUserPoolDomain`); its app clients are
//! set up with the OAuth fields of `CreateUserPoolClient` / `UpdateUserPoolClient`
//! ([`config`]), its providers with `CreateIdentityProvider` ([`admin_ops`]).

pub mod admin_ops;
pub mod authorize;
pub mod config;
pub mod federation;
pub mod grant;
pub mod hosted;
pub mod memory;
pub mod mfa;
pub mod mock_idp;
pub mod new_password;
pub mod pages;
pub mod token;
pub mod web;

use crate::app::App;
use crate::http::reply::Reply;
use crate::http::routes::Request;
use hosted::Page;
use serde_json::{json, Value};

/// Whether `path` is one of the hosted UI's (so the request is answered by [`route`]).
pub fn serves(path: &str) -> bool {
    path.starts_with("/oauth2/")
        || path.starts_with(mock_idp::PREFIX)
        || matches!(path, "/login" | "/newPassword" | "/mfa" | "/signup" | "/confirmUser" | "/forgotPassword" | "/confirmForgotPassword" | "/logout")
}

/// Answers a request for one of the paths [`serves`] names. Blocking (password checks,
/// token signatures): run it off the connection threads.
pub fn route(app: &App, req: &Request) -> Reply {
    if let Some(r) = mock_idp::route(app, req) {
        return r;
    }
    let page = |p| hosted::page(app, req, p);
    match (req.method, req.path) {
        ("GET", "/oauth2/authorize") => hosted::authorize(app, req),
        ("POST", "/oauth2/token") => token::token(app, req),
        ("GET" | "POST", "/oauth2/userInfo") => token::user_info(app, req),
        ("POST", "/oauth2/revoke") => token::revoke(app, req),
        ("GET", "/oauth2/idpresponse") => federation::idp_response(app, req),
        ("GET", "/logout") => hosted::logout(app, req),
        ("GET" | "POST", "/login") => page(Page::Login),
        ("GET" | "POST", "/newPassword") => page(Page::NewPassword),
        ("GET" | "POST", "/mfa") => page(Page::Mfa),
        ("GET" | "POST", "/signup") => page(Page::SignUp),
        ("GET" | "POST", "/confirmUser") => page(Page::ConfirmUser),
        ("GET" | "POST", "/forgotPassword") => page(Page::ForgotPassword),
        ("GET" | "POST", "/confirmForgotPassword") => page(Page::ConfirmForgotPassword),
        (_, _) => web::oauth_error(405, "invalid_request", Some("Method not allowed.")),
    }
}

/// The OAuth endpoints a pool's OpenID configuration names, when it has a domain.
pub fn discovery(app: &App, pool_id: &str) -> Option<Value> {
    app.lock().pools.get(pool_id)?.domain.as_ref()?;
    let base = &app.base_url;
    Some(json!({
        "authorization_endpoint": format!("{base}/oauth2/authorize"),
        "token_endpoint": format!("{base}/oauth2/token"),
        "userinfo_endpoint": format!("{base}/oauth2/userInfo"),
        "revocation_endpoint": format!("{base}/oauth2/revoke"),
        "end_session_endpoint": format!("{base}/logout"),
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "code_challenge_methods_supported": ["S256"],
    }))
}

/// [`route`] on tokio's blocking pool (the request copied, as the pool needs owned data).
pub async fn serve(app: std::sync::Arc<App>, req: &Request<'_>) -> Reply {
    let method = req.method.to_string();
    let path = req.path.to_string();
    let query = req.query.to_string();
    let headers: Vec<(String, String)> = req.headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let body = req.body.to_vec();
    let answered = tokio::task::spawn_blocking(move || {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let req = Request { method: &method, path: &path, query: &query, headers: &headers, body: &body };
        route(&app, &req)
    })
    .await;
    answered.unwrap_or_else(|_| {
        eprintln!("cognito-emulator: internal error in a hosted UI request");
        web::oauth_error(500, "server_error", Some("Internal error."))
    })
}
