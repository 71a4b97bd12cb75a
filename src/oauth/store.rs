//! Where a hosted-UI sign-in lives in storage: the pending sign-in (read once), and the
//! tokens under the user pool's keys (so `pool.getCurrentUser().getSession()` finds and
//! refreshes them) plus amazon-cognito-auth-js's `tokenScopesString`.

use super::authorize::PendingSignIn;
use super::error::{OAuthError, OAuthResult};
use super::token::Tokens;
use crate::session::{calculate_clock_drift, format_clock_drift};
use crate::storage::{remove_all, write_all_or_restore, KeyScheme, Storage, UserKey};
use crate::tokens::{AccessToken, IdToken};

fn storage_error(e: crate::wire::errors::SdkError) -> OAuthError {
    OAuthError::Storage(e.message)
}

/// Keeps a started sign-in (replacing any earlier one).
pub fn save_pending(storage: &dyn Storage, keys: &KeyScheme, pending: &PendingSignIn) -> OAuthResult<()> {
    let text = crate::json::to_string(pending).map_err(|_| OAuthError::Storage("the pending sign-in could not be written".into()))?;
    storage.set_item(&keys.oauth_pending(), &text).map_err(storage_error)
}

/// The started sign-in, removed from storage: a callback is read once.
pub fn take_pending(storage: &dyn Storage, keys: &KeyScheme) -> OAuthResult<PendingSignIn> {
    let key = keys.oauth_pending();
    let text = storage.get_item(&key).ok_or(OAuthError::NoPendingSignIn)?;
    storage.remove_item(&key).map_err(storage_error)?;
    crate::json_read::parse(&text).and_then(|value| PendingSignIn::from_value(&value)).map_err(|_| OAuthError::NoPendingSignIn)
}

/// A claim of a token's payload: a string, `None` when missing or `null`, and for a payload
/// that is not an object of such claims.
pub(super) fn string_claim(payload: &str, name: &str) -> Option<String> {
    let claims = crate::json_read::parse(payload).ok()?;
    claims.entries().ok()?;
    claims.opt_string(name).ok()?
}

/// The user the tokens belong to: the access token's `username` (what amazon-cognito-auth-js
/// keys them by), else the id token's `cognito:username`.
pub fn token_username(access: &AccessToken, id: Option<&IdToken>) -> Option<String> {
    string_claim(access.payload().json(), "username")
        .or_else(|| id.and_then(|id| string_claim(id.payload().json(), "cognito:username")))
        .filter(|u| !u.is_empty())
}

/// Writes the tokens for their user (all keys or none): id, access and refresh tokens
/// (`""` for the implicit flow's missing refresh token, as amazon-cognito-auth-js stores it),
/// clock drift, `LastAuthUser` and `tokenScopesString`. Returns the username. When a
/// refresh gives no new refresh token, `tokens.refresh_token` is `None` and the stored one
/// is kept.
pub fn save_tokens(storage: &dyn Storage, keys: &KeyScheme, tokens: &Tokens, scopes: &[String], now_seconds: i64) -> OAuthResult<String> {
    let access = AccessToken::new(tokens.access_token.clone());
    let id = IdToken::new(tokens.id_token.clone().unwrap_or_default());
    let username = token_username(&access, tokens.id_token.as_ref().map(|_| &id)).ok_or(OAuthError::InvalidTokenResponse("the access token names no user"))?;
    let mut entries = vec![
        (keys.user_key(&username, UserKey::IdToken), id.jwt_token().to_string()),
        (keys.user_key(&username, UserKey::AccessToken), access.jwt_token().to_string()),
    ];
    let refresh_key = keys.user_key(&username, UserKey::RefreshToken);
    match &tokens.refresh_token {
        Some(r) => entries.push((refresh_key, r.clone())),
        None if storage.get_item(&refresh_key).is_none() => entries.push((refresh_key, String::new())),
        None => {}
    }
    entries.push((keys.user_key(&username, UserKey::ClockDrift), format_clock_drift(calculate_clock_drift(&access, &id, now_seconds))));
    entries.push((keys.last_auth_user(), username.clone()));
    entries.push((keys.user_key(&username, UserKey::TokenScopesString), scopes.join(" ")));
    write_all_or_restore(storage, &entries).map_err(storage_error)?;
    Ok(username)
}

/// The stored refresh token of the last signed-in user, if any (not empty).
pub fn stored_refresh_token(storage: &dyn Storage, keys: &KeyScheme) -> Option<(String, String)> {
    let username = storage.get_item(&keys.last_auth_user())?;
    let token = storage.get_item(&keys.user_key(&username, UserKey::RefreshToken)).filter(|t| !t.is_empty())?;
    Some((username, token))
}

/// The scopes stored with the last user's tokens.
pub fn stored_scopes(storage: &dyn Storage, keys: &KeyScheme, username: &str) -> Vec<String> {
    storage.get_item(&keys.user_key(username, UserKey::TokenScopesString)).map(|s| s.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect()).unwrap_or_default()
}

/// Removes the last user's session (tokens, drift, scopes, `LastAuthUser`), every key
/// even when one removal fails.
pub fn clear_session(storage: &dyn Storage, keys: &KeyScheme) -> OAuthResult<()> {
    let Some(username) = storage.get_item(&keys.last_auth_user()) else { return Ok(()) };
    let all = [
        keys.user_key(&username, UserKey::IdToken),
        keys.user_key(&username, UserKey::AccessToken),
        keys.user_key(&username, UserKey::RefreshToken),
        keys.user_key(&username, UserKey::ClockDrift),
        keys.user_key(&username, UserKey::TokenScopesString),
        keys.last_auth_user(),
    ];
    remove_all(storage, &all).map_err(storage_error)
}

/// The stored session of the last signed-in user, as amazon-cognito-auth-js's
/// `getCachedSession` reads it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CachedSession {
    pub username: String,
    pub id_token: String,
    pub access_token: String,
    pub refresh_token: String,
    /// As stored (`None` when absent).
    pub clock_drift: Option<String>,
    pub scopes: Vec<String>,
}

/// The last user's stored tokens (empty strings for missing ones), or `None` without a
/// `LastAuthUser`.
pub fn cached_session(storage: &dyn Storage, keys: &KeyScheme) -> Option<CachedSession> {
    let username = storage.get_item(&keys.last_auth_user()).filter(|u| !u.is_empty())?;
    let item = |key: UserKey| storage.get_item(&keys.user_key(&username, key)).unwrap_or_default();
    Some(CachedSession {
        id_token: item(UserKey::IdToken),
        access_token: item(UserKey::AccessToken),
        refresh_token: item(UserKey::RefreshToken),
        clock_drift: storage.get_item(&keys.user_key(&username, UserKey::ClockDrift)),
        scopes: stored_scopes(storage, keys, &username),
        username,
    })
}
