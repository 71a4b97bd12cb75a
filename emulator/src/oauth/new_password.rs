//! The hosted pages' NEW_PASSWORD_REQUIRED step: a user created with a temporary password
//! (`FORCE_CHANGE_PASSWORD`) chooses a password after the correct temporary one, as the
//! API's challenge of that name; then the sign-in goes on (MFA, or back to the app). The
//! step is kept in memory under the `cognito-newpw` cookie.

use super::memory::{new_handle, Grants, PendingNewPassword, PENDING_TTL};
use crate::app::App;
use crate::errors::ApiError;
use crate::{srp_auth, users, util};

/// The cookie of a pending new-password step.
pub const NEW_PASSWORD_COOKIE: &str = "cognito-newpw";

/// Starts the step for `username` (whose temporary password was just checked); the handle
/// for its cookie, or `None` when too many steps are outstanding.
pub fn start(app: &App, pool_id: &str, username: &str) -> Option<String> {
    let handle = new_handle();
    let mut g = app.hosted.grants();
    if !Grants::has_room(g.new_passwords.len()) {
        return None;
    }
    g.new_passwords.insert(handle.clone(), PendingNewPassword { pool_id: pool_id.into(), username: username.into(), expires: util::now() + PENDING_TTL });
    Some(handle)
}

/// Sets the new password of the pending step `handle` (both fields must agree and meet the
/// pool's policy): the username on success (the step is then over), or the message to show
/// (the step stays, for another try).
pub fn complete(app: &App, handle: &str, pool_id: &str, password: &str, again: &str) -> Result<String, String> {
    let pending = app.hosted.grants().new_passwords.get(handle).filter(|p| p.pool_id == pool_id).cloned();
    let Some(pending) = pending else {
        return Err("The sign-in has expired: sign in again.".into());
    };
    if password != again {
        return Err("Passwords do not match.".into());
    }
    {
        let st = app.lock();
        let pool = st.pools.get(pool_id).ok_or("The sign-in has expired: sign in again.")?;
        users::check_password(pool, password).map_err(|e| e.message)?;
    }
    // The verifier is computed outside the state lock.
    let (salt, verifier) = srp_auth::make_verifier(pool_id, &pending.username, password);
    let set = app.run(|ctx| {
        let u = ctx.user_mut(pool_id, &pending.username)?;
        if u.status != "FORCE_CHANGE_PASSWORD" {
            return Err(ApiError::not_authorized("The password was already changed: sign in again."));
        }
        u.salt_hex = salt;
        u.verifier_hex = verifier;
        u.status = "CONFIRMED".into();
        u.temp_password_expires = None;
        u.last_modified = util::now_f64();
        Ok(())
    });
    app.hosted.grants().new_passwords.remove(handle);
    set.map_err(|e| e.message)?;
    Ok(pending.username)
}
