//! The hosted pages' second factor: after the password, the MFA the API would ask for
//! (`ops::auth::mfa_step`): a TOTP code, or a code sent by SMS or e-mail (to the outbox).
//! The step is kept in memory under the `cognito-mfa` cookie; five wrong codes end it.

use super::memory::{new_handle, Grants, PendingMfa, PENDING_TTL};
use crate::app::App;
use crate::errors::ApiError;
use crate::sessions::{AuthSession, Expect};
use crate::{outbox, util};
use cognito_wasm::protocol::names::challenge as challenge_name;

/// The cookie of a pending second factor.
pub const MFA_COOKIE: &str = "cognito-mfa";
/// Wrong codes before the step is dropped.
const MAX_ATTEMPTS: u32 = 5;
/// How long an SMS or e-mail code works (as the API's MFA codes).
const CODE_TTL: i64 = 180;

/// What comes after a correct password.
pub enum Next {
    /// Signed in.
    Done,
    /// A code is needed: the handle of the pending step (for its cookie).
    Code(String),
    /// The user must do something the pages do not offer.
    Refused(String),
}

/// Decides the second factor of `username` and, for SMS and e-mail, sends the code.
pub fn after_password(app: &App, pool_id: &str, client_id: &str, username: &str) -> Next {
    let decided = app.run(|ctx| {
        let session = AuthSession::new(pool_id, client_id, username, Expect::PasswordVerifier);
        let Some(kind) = crate::ops::auth::mfa_step(ctx, &session)? else { return Ok(None) };
        let u = ctx.user(pool_id, username)?.clone();
        // SELECT_MFA_TYPE: the pages take the first factor the user has, TOTP first.
        let kind = match kind.as_str() {
            challenge_name::SELECT_MFA_TYPE if u.mfa.totp_enabled && u.mfa.totp_secret.is_some() => challenge_name::SOFTWARE_TOKEN_MFA.to_string(),
            challenge_name::SELECT_MFA_TYPE if u.attr("phone_number").is_some() => challenge_name::SMS_MFA.to_string(),
            challenge_name::SELECT_MFA_TYPE => challenge_name::EMAIL_OTP.to_string(),
            _ => kind,
        };
        let code = match kind.as_str() {
            challenge_name::SMS_MFA | challenge_name::EMAIL_OTP => {
                let (attr, out_kind) = if kind == challenge_name::SMS_MFA { ("phone_number", outbox::SMS_MFA) } else { ("email", outbox::EMAIL_OTP) };
                let dest = u.attr(attr).ok_or_else(|| ApiError::invalid_parameter(format!("User has no {attr}")))?.to_string();
                let code = util::numeric_code();
                outbox::send(ctx.pool_mut(pool_id)?, username, out_kind, &code, &dest, true);
                Some(code)
            }
            _ => None,
        };
        Ok(Some((kind, code)))
    });
    match decided {
        Ok(None) => Next::Done,
        Ok(Some((kind, code))) if kind == challenge_name::SOFTWARE_TOKEN_MFA || code.is_some() => {
            let handle = new_handle();
            let mut g = app.hosted.grants();
            if !Grants::has_room(g.mfa.len()) {
                return Next::Refused("Too many sign-ins outstanding; try again later.".into());
            }
            let ttl = if code.is_some() { app.code_ttl.unwrap_or(CODE_TTL).min(CODE_TTL) } else { PENDING_TTL };
            g.mfa.insert(
                handle.clone(),
                PendingMfa { pool_id: pool_id.into(), username: username.into(), kind, code, attempts: 0, expires: util::now() + ttl },
            );
            Next::Code(handle)
        }
        Ok(Some(_)) => Next::Refused("This user must set up MFA first (MFA_SETUP), which the emulator's hosted pages do not offer: use the SDK.".into()),
        Err(e) => Next::Refused(e.message),
    }
}

/// Checks a code of the pending step `handle`: the username on success (the step is then
/// over), or the message to show.
pub fn check_code(app: &App, handle: &str, pool_id: &str, code: &str) -> Result<String, String> {
    let mut g = app.hosted.grants();
    let Some(p) = g.mfa.get_mut(handle).filter(|p| p.pool_id == pool_id) else {
        return Err("The sign-in has expired: sign in again.".into());
    };
    let ok = match &p.code {
        Some(expected) => util::ct_eq(expected.as_bytes(), code.as_bytes()),
        None => {
            let secret = app.lock().pools.get(pool_id).and_then(|pool| pool.users.get(&p.username)).and_then(|u| u.mfa.totp_secret.clone());
            secret.is_some_and(|s| cognito_wasm::totp::verify(&s, code, util::real_now()))
        }
    };
    if ok {
        let username = p.username.clone();
        g.mfa.remove(handle);
        return Ok(username);
    }
    p.attempts += 1;
    if p.attempts >= MAX_ATTEMPTS {
        g.mfa.remove(handle);
        return Err("Too many wrong codes: sign in again.".into());
    }
    Err("Invalid code received for user".into())
}
