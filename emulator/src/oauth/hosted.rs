//! The managed login: `/oauth2/authorize` and the pages it leads to (`/login`,
//! `/newPassword`, `/mfa`, `/signup`, `/confirmUser`, `/forgotPassword`,
//! `/confirmForgotPassword`), and `/logout`. The pages
//! run the pool's own operations (SignUp, ConfirmSignUp, ForgotPassword, ...) as an app
//! client would, with its SECRET_HASH when it has a secret; a sign-in is remembered by the
//! `cognito` cookie, and every form is checked against the `XSRF-TOKEN` cookie.

use super::authorize::{self, Checked, Refusal};
use super::config::OAuthClient;
use super::memory::{new_handle, Grants, LoginSession, PendingSignUp, LOGIN_TTL, PENDING_TTL};
use super::pages::{self, PageContext};
use super::{federation, grant, new_password, web};
use crate::app::App;
use crate::errors::ApiError;
use crate::http::reply::Reply;
use crate::http::routes::Request;
use crate::{srp_auth, users, util};
use cognito_wasm::oauth::form::Form;
use serde_json::{json, Value};

/// The cookie of a hosted-UI sign-in.
pub const SESSION_COOKIE: &str = "cognito";
/// The cookie of the CSRF token of the forms.
const CSRF_COOKIE: &str = "XSRF-TOKEN";
/// The cookie of a sign-up waiting for its confirmation in this browser.
const SIGNUP_COOKIE: &str = "cognito-signup";

/// An authorization refused: an error page, or the error sent back to the redirect URI.
pub fn refusal_reply(r: Refusal) -> Reply {
    match r {
        Refusal::Page { error, description } => web::html(400, pages::error(error, &description)),
        Refusal::Redirect { redirect_uri, error, description, state, fragment } => {
            let mut pairs = vec![("error", error), ("error_description", description.as_str())];
            if let Some(s) = state.as_deref() {
                pairs.push(("state", s));
            }
            web::redirect(&web::with_params(&redirect_uri, &pairs, fragment))
        }
    }
}

fn checked(app: &App, q: &Form) -> Result<Checked, Reply> {
    let st = app.lock();
    authorize::check(&st, q).map_err(refusal_reply)
}

/// The signed-in user of this browser for `pool_id`: (username, auth_time).
fn signed_in(app: &App, req: &Request, pool_id: &str) -> Option<(String, i64)> {
    let handle = web::cookie(req, SESSION_COOKIE)?;
    let session = app.hosted.grants().logins.get(&handle).filter(|s| s.pool_id == pool_id).cloned()?;
    let st = app.lock();
    let user = st.pools.get(pool_id)?.users.get(&session.username)?;
    user.enabled.then(|| (session.username.clone(), session.auth_time))
}

/// Remembers a sign-in of this browser; returns the `Set-Cookie` header.
fn remember_sign_in(app: &App, pool_id: &str, username: &str, auth_time: i64) -> Option<(String, String)> {
    let handle = new_handle();
    let mut g = app.hosted.grants();
    if !Grants::has_room(g.logins.len()) {
        return None;
    }
    g.logins.insert(handle.clone(), LoginSession { pool_id: pool_id.into(), username: username.into(), auth_time, expires: util::now() + LOGIN_TTL });
    Some(web::set_cookie(SESSION_COOKIE, &handle, LOGIN_TTL))
}

/// `GET /oauth2/authorize`.
pub fn authorize(app: &App, req: &Request) -> Reply {
    let q = web::query(req);
    let c = match checked(app, &q) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let a = &c.authorization;
    if let Some(provider) = &c.provider {
        return federation::start(app, &c, provider);
    }
    let session = if c.prompt.as_deref() == Some("login") { None } else { signed_in(app, req, &a.pool_id) };
    if let Some((username, auth_time)) = session {
        return grant::complete(app, a, &username, auth_time);
    }
    if c.prompt.as_deref() == Some("none") {
        return grant::error_redirect(a, "login_required", "The user is not signed in");
    }
    if !c.cognito_allowed && c.client_providers.len() == 1 {
        // Only one external provider: straight to it, as Cognito does.
        return federation::start(app, &c, &c.client_providers[0].clone());
    }
    web::redirect(&format!("/login?{}", authorize::carried_query(&q)))
}

/// The CSRF token of this browser (a new one, with its cookie, when it has none).
pub(super) fn csrf_token(req: &Request) -> (String, Option<(String, String)>) {
    match web::cookie(req, CSRF_COOKIE).filter(|t| t.len() >= 16) {
        Some(t) => (t, None),
        None => {
            let t = new_handle();
            let cookie = web::set_cookie(CSRF_COOKIE, &t, LOGIN_TTL);
            (t, Some(cookie))
        }
    }
}

pub(super) fn csrf_ok(req: &Request, form: &Form) -> bool {
    match (web::cookie(req, CSRF_COOKIE), form.get("_csrf")) {
        (Some(c), Some(f)) => c.len() >= 16 && util::ct_eq(c.as_bytes(), f.as_bytes()),
        _ => false,
    }
}

/// Which page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Login,
    NewPassword,
    Mfa,
    SignUp,
    ConfirmUser,
    ForgotPassword,
    ConfirmForgotPassword,
}

/// One of the pages: `GET` shows it, `POST` submits its form.
pub fn page(app: &App, req: &Request, which: Page) -> Reply {
    let q = web::query(req);
    let c = match checked(app, &q) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if !c.cognito_allowed {
        return web::html(400, pages::error("invalid_request", "The client does not allow sign-in with the user pool (COGNITO is not among its SupportedIdentityProviders)."));
    }
    let query = authorize::carried_query(&q);
    let (csrf, csrf_cookie) = csrf_token(req);
    let mut reply = if req.method == "POST" {
        let Some(form) = web::form_body(req) else {
            return web::html(415, pages::error("invalid_request", "Forms are sent as application/x-www-form-urlencoded."));
        };
        if !csrf_ok(req, &form) {
            return web::html(403, pages::error("invalid_request", "The form's CSRF token does not match its cookie; reload the page."));
        }
        submit(app, req, which, &c, &query, &csrf, &form)
    } else {
        let username = q.get("username").unwrap_or("");
        let info = match which {
            Page::ConfirmUser => Some("Enter the code we sent you."),
            Page::NewPassword => Some("Your password is temporary: choose a new one to finish signing in."),
            Page::Mfa => Some("Enter the code of your authenticator app, or the code we sent you."),
            Page::ConfirmForgotPassword => Some("We sent you a code to reset your password."),
            _ => None,
        };
        show(which, &PageContext { query: &query, csrf: &csrf, error: None, info }, username, "", &c.client_providers, 200)
    };
    if let Some(cookie) = csrf_cookie {
        reply.headers.push(cookie);
    }
    reply
}

fn show(which: Page, ctx: &PageContext, username: &str, email: &str, providers: &[String], status: u16) -> Reply {
    let body = match which {
        Page::Login => pages::login(ctx, username, providers),
        Page::NewPassword => pages::new_password(ctx),
        Page::Mfa => pages::mfa(ctx),
        Page::SignUp => pages::signup(ctx, username, email),
        Page::ConfirmUser => pages::confirm_user(ctx, username),
        Page::ForgotPassword => pages::forgot_password(ctx, username),
        Page::ConfirmForgotPassword => pages::confirm_forgot_password(ctx, username),
    };
    web::html(status, body)
}

/// Runs a user-pool operation as the client would send it (with its SECRET_HASH).
fn call(app: &App, op: &str, client_id: &str, username: &str, mut body: Value) -> Result<Value, ApiError> {
    let secret = {
        let st = app.lock();
        st.pool_of_client(client_id).and_then(|p| p.clients.get(client_id)).and_then(|c| c.secret.clone())
    };
    body["ClientId"] = json!(client_id);
    body["Username"] = json!(username);
    if let Some(secret) = secret {
        body["SecretHash"] = json!(srp_auth::secret_hash(&secret, username, client_id));
    }
    let region = app.region.clone();
    app.execute(op, &body, &region, false)
}

fn go(path: &str, query: &str, username: &str) -> Reply {
    web::redirect(&format!("{path}?{query}&username={}", cognito_wasm::oauth::form::encode(username)))
}

fn submit(app: &App, req: &Request, which: Page, c: &Checked, query: &str, csrf: &str, form: &Form) -> Reply {
    let a = &c.authorization;
    let username = form.get("username").unwrap_or("").trim().to_string();
    let again = |error: &str, email: &str| {
        let ctx = PageContext { query, csrf, error: Some(error), info: None };
        show(which, &ctx, &username, email, &c.client_providers, 400)
    };
    if which == Page::Mfa {
        let handle = web::cookie(req, super::mfa::MFA_COOKIE).unwrap_or_default();
        let code = form.get("code").unwrap_or("").trim();
        return match super::mfa::check_code(app, &handle, &a.pool_id, code) {
            Ok(real) => signed_in_reply(app, a, &real),
            Err(m) => again(&m, ""),
        };
    }
    if which == Page::NewPassword {
        let handle = web::cookie(req, new_password::NEW_PASSWORD_COOKIE).unwrap_or_default();
        let (password, password2) = (form.get("password").unwrap_or(""), form.get("password2").unwrap_or(""));
        return match new_password::complete(app, &handle, &a.pool_id, password, password2) {
            Ok(real) => {
                let mut reply = after_first_factor(app, a, query, &real).unwrap_or_else(|m| again(&m, ""));
                reply.headers.push(web::set_cookie(new_password::NEW_PASSWORD_COOKIE, "", 0));
                reply
            }
            Err(m) => again(&m, ""),
        };
    }
    if username.is_empty() {
        return again("Username is required.", "");
    }
    match which {
        // Answered above.
        Page::Mfa | Page::NewPassword => again("Sign in again.", ""),
        Page::Login => {
            let password = form.get("password").unwrap_or("");
            match check_password(app, &a.pool_id, &username, password) {
                Ok(real) => after_first_factor(app, a, query, &real).unwrap_or_else(|m| again(&m, "")),
                Err(SignInRefusal::NewPasswordRequired(real)) => match new_password::start(app, &a.pool_id, &real) {
                    Some(handle) => {
                        let mut reply = web::redirect(&format!("/newPassword?{query}"));
                        reply.headers.push(web::set_cookie(new_password::NEW_PASSWORD_COOKIE, &handle, PENDING_TTL));
                        reply
                    }
                    None => again("Too many sign-ins outstanding; try again later.", ""),
                },
                Err(SignInRefusal::Unconfirmed(real)) => {
                    // As the hosted UI does: a new code, and the confirmation page.
                    let _ = call(app, "ResendConfirmationCode", &a.client_id, &real, json!({}));
                    go("/confirmUser", query, &real)
                }
                Err(SignInRefusal::Message(m)) => again(&m, ""),
            }
        }
        Page::SignUp => {
            let email = form.get("email").unwrap_or("").trim().to_string();
            let password = form.get("password").unwrap_or("");
            let mut attributes = vec![];
            if !email.is_empty() {
                attributes.push(json!({"Name": "email", "Value": email}));
            }
            match call(app, "SignUp", &a.client_id, &username, json!({"Password": password, "UserAttributes": attributes})) {
                Ok(out) if out["UserConfirmed"] == json!(true) => go("/login", query, &username),
                Ok(_) => {
                    let handle = new_handle();
                    let mut g = app.hosted.grants();
                    let mut reply = go("/confirmUser", query, &username);
                    if Grants::has_room(g.sign_ups.len()) {
                        g.sign_ups.insert(handle.clone(), PendingSignUp { pool_id: a.pool_id.clone(), username: username.clone(), expires: util::now() + PENDING_TTL });
                        reply.headers.push(web::set_cookie(SIGNUP_COOKIE, &handle, PENDING_TTL));
                    }
                    reply
                }
                Err(e) => again(&e.message, &email),
            }
        }
        Page::ConfirmUser => {
            let code = form.get("code").unwrap_or("").trim();
            match call(app, "ConfirmSignUp", &a.client_id, &username, json!({"ConfirmationCode": code})) {
                Ok(_) => confirmed(app, req, c, query, &username),
                Err(e) => again(&e.message, ""),
            }
        }
        Page::ForgotPassword => match call(app, "ForgotPassword", &a.client_id, &username, json!({})) {
            Ok(_) => go("/confirmForgotPassword", query, &username),
            Err(e) => again(&e.message, ""),
        },
        Page::ConfirmForgotPassword => {
            let code = form.get("code").unwrap_or("").trim();
            let password = form.get("password").unwrap_or("");
            match call(app, "ConfirmForgotPassword", &a.client_id, &username, json!({"ConfirmationCode": code, "Password": password})) {
                Ok(_) => {
                    let ctx = PageContext { query, csrf, error: None, info: Some("Your password was changed. Sign in with the new one.") };
                    show(Page::Login, &ctx, &username, "", &c.client_providers, 200)
                }
                Err(e) => again(&e.message, ""),
            }
        }
    }
}

/// After the password (or the new one): the second factor's page when the user has MFA,
/// else signed in; `Err` with the message to show when the pages cannot go on.
fn after_first_factor(app: &App, a: &super::memory::Authorization, query: &str, username: &str) -> Result<Reply, String> {
    match super::mfa::after_password(app, &a.pool_id, &a.client_id, username) {
        super::mfa::Next::Done => Ok(signed_in_reply(app, a, username)),
        super::mfa::Next::Code(handle) => {
            let mut reply = web::redirect(&format!("/mfa?{query}"));
            reply.headers.push(web::set_cookie(super::mfa::MFA_COOKIE, &handle, PENDING_TTL));
            Ok(reply)
        }
        super::mfa::Next::Refused(m) => Err(m),
    }
}

/// Signed in on this browser: remembered by the cookie, and the authorization completed.
fn signed_in_reply(app: &App, a: &super::memory::Authorization, username: &str) -> Reply {
    let auth_time = util::now();
    let mut reply = grant::complete(app, a, username, auth_time);
    if let Some(cookie) = remember_sign_in(app, &a.pool_id, username, auth_time) {
        reply.headers.push(cookie);
    }
    reply
}

/// After ConfirmSignUp: signed in when this browser made the sign-up (as the hosted UI
/// does), else on to the sign-in page.
fn confirmed(app: &App, req: &Request, c: &Checked, query: &str, username: &str) -> Reply {
    let a = &c.authorization;
    let pending = web::cookie(req, SIGNUP_COOKIE).and_then(|h| app.hosted.grants().sign_ups.remove(&h));
    let real = {
        let st = app.lock();
        st.pools.get(&a.pool_id).and_then(|p| users::find_key_for_sign_in(p, username))
    };
    match (pending, real) {
        (Some(p), Some(real)) if p.pool_id == a.pool_id && (p.username == username || p.username == real) => {
            let mut reply = signed_in_reply(app, a, &real);
            reply.headers.push(web::set_cookie(SIGNUP_COOKIE, "", 0));
            reply
        }
        _ => go("/login", query, username),
    }
}

enum SignInRefusal {
    /// The user has not confirmed the sign-up yet (the real username).
    Unconfirmed(String),
    /// The password is a temporary one (FORCE_CHANGE_PASSWORD): a new one first (the real
    /// username).
    NewPasswordRequired(String),
    Message(String),
}

/// The password check of the sign-in form: the real username, or why not.
fn check_password(app: &App, pool_id: &str, name: &str, password: &str) -> Result<String, SignInRefusal> {
    let wrong = || SignInRefusal::Message("Incorrect username or password.".into());
    let (real, salt, verifier, status, enabled, temp_expired) = {
        let st = app.lock();
        let pool = st.pools.get(pool_id).ok_or_else(wrong)?;
        let real = users::find_key_for_sign_in(pool, name).ok_or_else(wrong)?;
        let u = &pool.users[&real];
        let temp_expired = u.temp_password_expires.is_some_and(|t| t <= util::now());
        (real.clone(), u.salt_hex.clone(), u.verifier_hex.clone(), u.status.clone(), u.enabled, temp_expired)
    };
    // The password math runs outside the state lock.
    if !srp_auth::password_matches(pool_id, &real, password, &salt, &verifier) {
        return Err(wrong());
    }
    if !enabled {
        return Err(SignInRefusal::Message("User is disabled.".into()));
    }
    match status.as_str() {
        "CONFIRMED" => Ok(real),
        "UNCONFIRMED" => Err(SignInRefusal::Unconfirmed(real)),
        "RESET_REQUIRED" => Err(SignInRefusal::Message("Password reset required for the user: use Forgot your password?".into())),
        "FORCE_CHANGE_PASSWORD" if temp_expired => Err(SignInRefusal::Message("Temporary password has expired and must be reset by an administrator.".into())),
        "FORCE_CHANGE_PASSWORD" => Err(SignInRefusal::NewPasswordRequired(real)),
        _ => Err(wrong()),
    }
}

/// `GET /logout?client_id=..&logout_uri=..` (or `&redirect_uri=..&response_type=..`, on to
/// the sign-in page): ends this browser's hosted-UI sign-in. The URI must be registered:
/// no open redirect.
pub fn logout(app: &App, req: &Request) -> Reply {
    let q = web::query(req);
    let Some(client_id) = q.non_empty("client_id") else {
        return web::html(400, pages::error("invalid_request", "client_id is required."));
    };
    let oauth = {
        let st = app.lock();
        match authorize::pool_of_client(&st, client_id) {
            Ok(pool) => OAuthClient::of(&pool.clients[client_id]),
            Err(r) => return refusal_reply(r),
        }
    };
    let target = match (q.non_empty("logout_uri"), q.non_empty("redirect_uri")) {
        (Some(uri), _) if oauth.logout_urls.iter().any(|u| u == uri) => uri.to_string(),
        // Cognito ignores an unregistered logout_uri and then misses the redirect_uri it
        // would fall back to; its error page says so.
        (Some(_), _) => return web::html(400, pages::error("invalid_request", "Required String parameter 'redirect_uri' is not present (logout_uri is not one of the client's LogoutURLs).")),
        (None, Some(_)) => {
            // Sign out, then sign in again: the authorization request's own checks apply.
            if let Err(r) = checked(app, &q) {
                return r;
            }
            format!("/login?{}", authorize::carried_query(&q))
        }
        (None, None) => return web::html(400, pages::error("invalid_request", "logout_uri (or redirect_uri with response_type) is required.")),
    };
    if let Some(handle) = web::cookie(req, SESSION_COOKIE) {
        app.hosted.grants().logins.remove(&handle);
    }
    let mut reply = web::redirect(&target);
    reply.headers.push(web::set_cookie(SESSION_COOKIE, "", 0));
    reply
}
