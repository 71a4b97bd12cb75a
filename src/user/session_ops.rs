//! Sessions after sign-in: `getSession` (memory → storage → refresh), `refreshSession`
//! (with retry and de-duplication), `signOut`, `revokeTokens`, `globalSignOut`.

use crate::protocol::names::flow;
use super::CognitoUser;
use crate::session::{parse_clock_drift, CognitoUserSession};
use crate::storage::UserKey;
use crate::tokens::{AccessToken, IdToken, RefreshToken};
use crate::wire::errors::messages;
use crate::protocol::messages::{
    AccessTokenRequest, AuthResponse, GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse,
    InitiateAuthRequest, ParameterMap, RevokeTokenRequest, StringMap,
};
use crate::wire::client::{parse_success_value, read_success_body, serialize};
use crate::wire::{Operation, SdkError, SdkResult, Transport};

/// A refresh's request, built by [`CognitoUser::start_refresh`]: sent with the retry
/// policy; refreshes with the same `key` (username and refresh token) in flight at once
/// share one request.
#[derive(Clone)]
pub struct RefreshRequest {
    /// `InitiateAuth` or `GetTokensFromRefreshToken`.
    pub operation: Operation,
    /// The request body (JSON text; holds the refresh token).
    pub body: String,
    /// What identifies this refresh among those in flight (holds the refresh token).
    pub key: String,
}

impl std::fmt::Debug for RefreshRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshRequest").field("operation", &self.operation).finish_non_exhaustive()
    }
}

/// What [`CognitoUser::local_session`] found without the network.
#[derive(Debug, Clone, PartialEq)]
pub enum LocalSession {
    /// A valid session (from memory, or from storage and now kept in memory).
    Valid(CognitoUserSession),
    /// The stored session expired: refresh with this token.
    NeedsRefresh(RefreshToken),
}

impl<T: Transport> CognitoUser<T> {
    /// `getSession(cb, {clientMetadata})`: [`CognitoUser::local_session`], then, when the
    /// stored session expired, [`CognitoUser::refresh_session`] with the stored refresh
    /// token.
    pub async fn get_session(&self, client_metadata: Option<StringMap>) -> SdkResult<CognitoUserSession> {
        match self.local_session()? {
            LocalSession::Valid(session) => Ok(session),
            LocalSession::NeedsRefresh(refresh_token) => self.refresh_session(&refresh_token, client_metadata).await,
        }
    }

    /// Steps 1–5 of `getSession`, without the network: the in-memory session if valid;
    /// else the stored one if valid (kept in memory); else the stored refresh token to
    /// refresh with. Errors: `Username is null. Cannot retrieve a new session` (empty
    /// username), `Local storage is missing an ID Token, Please authenticate` and `Cannot
    /// retrieve a new session. Please authenticate.`.
    ///
    /// **Differs from the reference (cross-tab sign-out):** the in-memory session is served
    /// only while storage still holds the same id token under the user's key. When another
    /// tab (or another `CognitoUser` object over the same storage) signed out, storage has
    /// no id token and this returns the `Local storage is missing an ID Token` error (the
    /// in-memory session is dropped), instead of the reference's stale session; when the
    /// other tab refreshed or signed in again, the stored session is used instead. The
    /// session is only ever kept in memory after it was written to storage, so a session
    /// that storage lacks was removed by someone else. A session the caller set without
    /// storing it ([`CognitoUser::set_in_memory_session`] with `unsaved`) is served while
    /// valid, as the reference serves it.
    ///
    /// The binding calls this, and on [`LocalSession::NeedsRefresh`] calls
    /// `refresh_session` itself with the callback wrapped by `wrapRefreshSessionCallback`.
    pub fn local_session(&self) -> SdkResult<LocalSession> {
        if self.username().is_empty() {
            return Err(SdkError::local(messages::USERNAME_NULL));
        }
        if self.is_session_valid() {
            if let Some(session) = self.sign_in_user_session() {
                let stored = self.storage.get_item(&self.keys.user_key(&self.username(), UserKey::IdToken));
                if self.session_unsaved() || stored.as_deref() == Some(session.id_token().jwt_token()) {
                    return Ok(LocalSession::Valid(session));
                }
            }
        }
        let cached = match self.session_from_storage() {
            Ok(cached) => cached,
            Err(error) => {
                // Signed out elsewhere: forget the stale in-memory session too.
                self.put_session(None);
                return Err(error);
            }
        };
        if cached.is_valid(self.now_seconds()) {
            self.put_session(Some(cached.clone()));
            return Ok(LocalSession::Valid(cached));
        }
        if cached.refresh_token().token().is_empty() {
            return Err(SdkError::local(messages::CANNOT_REFRESH));
        }
        Ok(LocalSession::NeedsRefresh(cached.refresh_token().clone()))
    }

    /// The session stored under the current username (drift read as `parseInt || 0`).
    fn session_from_storage(&self) -> SdkResult<CognitoUserSession> {
        let username = self.username();
        let get = |key| self.storage.get_item(&self.keys.user_key(&username, key));
        let Some(id_token) = get(UserKey::IdToken).filter(|t| !t.is_empty()) else {
            return Err(SdkError::local(messages::MISSING_ID_TOKEN));
        };
        CognitoUserSession::new(
            Some(IdToken::new(id_token)),
            Some(AccessToken::new(get(UserKey::AccessToken).unwrap_or_default())),
            Some(RefreshToken::new(get(UserKey::RefreshToken).unwrap_or_default())),
            Some(parse_clock_drift(get(UserKey::ClockDrift).as_deref())),
            self.now_seconds(),
        )
    }

    /// `refreshSession(refreshToken, cb, clientMetadata)`: [`CognitoUser::start_refresh`],
    /// the request sent with retry (concurrent refreshes of one token share one request),
    /// then [`CognitoUser::finish_refresh`].
    pub async fn refresh_session(&self, refresh_token: &RefreshToken, client_metadata: Option<StringMap>) -> SdkResult<CognitoUserSession> {
        let request = self.start_refresh(refresh_token, client_metadata)?;
        let pool = &self.pool;
        let result = pool
            .refresh_gate
            .run(request.key.clone(), || async {
                let text = pool.client().request_body_with_retry(request.operation, request.body.clone()).await?;
                self.refresh_answer(&text)
            })
            .await;
        self.finish_refresh(refresh_token, result)
    }

    /// The first half of a refresh, without I/O: switches to `LastAuthUser` (reading its
    /// device key) and builds the request. Clients that rotate refresh tokens
    /// ([`crate::pool_config::PoolConfig::refresh_token_rotation`]) refresh with
    /// `GetTokensFromRefreshToken`, the others with `InitiateAuth`'s `REFRESH_TOKEN_AUTH`
    /// (with `SECRET_HASH` when the client has a secret). The request goes out with the
    /// retry policy; its answer goes to [`CognitoUser::refresh_answer`], then
    /// [`CognitoUser::finish_refresh`].
    pub fn start_refresh(&self, refresh_token: &RefreshToken, client_metadata: Option<StringMap>) -> SdkResult<RefreshRequest> {
        // `Some(device key or None)` when a `LastAuthUser` is stored (its device key is sent,
        // as `null` when it has none), `None` otherwise.
        let mut last_user_device = None;
        if let Some(last_user) = self.storage.get_item(&self.keys.last_auth_user()).filter(|u| !u.is_empty()) {
            self.set_username(last_user.clone());
            let device_key = self.storage.get_item(&self.keys.user_key(&last_user, UserKey::DeviceKey));
            self.state.borrow_mut().device.key = device_key.clone();
            last_user_device = Some(device_key);
        }
        let username = self.username();
        let config = self.pool.config();
        let key = [username.as_str(), "\n", refresh_token.token()].concat();
        if config.refresh_token_rotation() {
            let request = GetTokensFromRefreshTokenRequest {
                refresh_token: refresh_token.token().to_string(),
                client_id: self.client_id(),
                client_secret: config.client_secret().map(str::to_string),
                device_key: last_user_device.flatten().filter(|k| !k.is_empty()),
                client_metadata,
            };
            let operation = Operation::GetTokensFromRefreshToken;
            return Ok(RefreshRequest { operation, body: serialize(operation, &request)?, key });
        }
        let mut auth_parameters = ParameterMap::new();
        auth_parameters.insert("REFRESH_TOKEN".into(), Some(refresh_token.token().to_string()));
        if let Some(device_key) = last_user_device {
            auth_parameters.insert("DEVICE_KEY".into(), device_key);
        }
        self.add_secret_hash(&mut auth_parameters, &username);
        let request = InitiateAuthRequest {
            auth_flow: flow::REFRESH_TOKEN_AUTH.to_string(),
            client_id: self.client_id(),
            auth_parameters,
            client_metadata,
            user_context_data: self.user_context_data(),
        };
        let operation = Operation::InitiateAuth;
        Ok(RefreshRequest { operation, body: serialize(operation, &request)?, key })
    }

    /// The success body of the refresh request [`CognitoUser::start_refresh`] built, read.
    pub fn refresh_answer(&self, body: &str) -> SdkResult<AuthResponse> {
        if self.pool.config().refresh_token_rotation() {
            let response = read_success_body(Operation::GetTokensFromRefreshToken, body, GetTokensFromRefreshTokenResponse::from_value)?;
            Ok(AuthResponse { authentication_result: response.authentication_result, ..AuthResponse::default() })
        } else {
            read_success_body(Operation::InitiateAuth, body, AuthResponse::from_value)
        }
    }

    /// The second half of a refresh, without I/O: keeps the old refresh token when none
    /// comes back and stores the new session (every key or none). A
    /// `NotAuthorizedException` clears the cached user; any other failure (a
    /// `RefreshTokenReuseException`, a malformed response, ...) leaves storage as it was.
    pub fn finish_refresh(&self, refresh_token: &RefreshToken, result: SdkResult<AuthResponse>) -> SdkResult<CognitoUserSession> {
        let result = match result {
            Ok(response) => response.authentication_result,
            Err(error) => {
                if error.is("NotAuthorizedException") {
                    self.clear_cached_user()?;
                }
                return Err(error);
            }
        };
        let mut result = result.ok_or_else(|| SdkError::invalid_response("The response has no AuthenticationResult"))?;
        if result.refresh_token.as_deref().is_none_or(str::is_empty) {
            result.refresh_token = Some(refresh_token.token().to_string());
        }
        let session = self.session_from_result(Some(&result))?;
        self.adopt_session(session)
    }

    /// `signOut()` without a callback: forgets the in-memory session and clears the
    /// cached user (device keys stay).
    pub fn sign_out(&self) -> SdkResult<()> {
        self.put_session(None);
        self.clear_cached_user()
    }

    /// `signOut(cb)`: gets the session (refreshing if needed; on failure nothing is
    /// cleared), revokes the refresh token when the access token has `origin_jti`, then
    /// signs out locally whatever the revocation gave, and returns its error if any.
    pub async fn sign_out_and_revoke(&self) -> SdkResult<()> {
        self.get_session(None).await?;
        let revoked = self.revoke_tokens().await;
        let cleaned = self.sign_out();
        revoked.and(cleaned)
    }

    /// `revokeTokens()`: `RevokeToken` (with retry) of the refresh token when the access
    /// token carries `origin_jti`; nothing to do otherwise.
    pub async fn revoke_tokens(&self) -> SdkResult<()> {
        if let Some(body) = self.revoke_request()? {
            let text = self.pool.client().request_body_with_retry(Operation::RevokeToken, body).await?;
            parse_success_value(Operation::RevokeToken, &text)?;
        }
        Ok(())
    }

    /// The body of `revokeTokens`' `RevokeToken` request (sent with retry), without I/O;
    /// `None` when there is nothing to revoke (the access token has no `origin_jti`, or
    /// there is no refresh token). `User is not authenticated` without a session.
    pub fn revoke_request(&self) -> SdkResult<Option<String>> {
        let Some(session) = self.sign_in_user_session() else {
            return Err(SdkError::local(messages::USER_NOT_AUTHENTICATED));
        };
        let refresh_token = session.refresh_token().token();
        if !session.access_token().payload().has_origin_jti() || refresh_token.is_empty() {
            return Ok(None);
        }
        let request = RevokeTokenRequest {
            token: refresh_token.to_string(),
            client_id: self.client_id(),
            client_secret: self.pool.config().client_secret().map(str::to_string),
        };
        serialize(Operation::RevokeToken, &request).map(Some)
    }

    /// `globalSignOut(cb)`: [`CognitoUser::global_sign_out_request`] sent (no retry), then
    /// the cached user cleared (the in-memory session is kept, as in the reference).
    pub async fn global_sign_out(&self) -> SdkResult<()> {
        let body = self.global_sign_out_request()?;
        let text = self.pool.client().request_body(Operation::GlobalSignOut, body).await?;
        parse_success_value(Operation::GlobalSignOut, &text)?;
        self.clear_cached_user()
    }

    /// The body of `globalSignOut`'s `GlobalSignOut` request, without I/O: needs a valid
    /// session (`User is not authenticated`).
    pub fn global_sign_out_request(&self) -> SdkResult<String> {
        let Some(access_token) = self.signed_in_access_token() else {
            return Err(SdkError::local(messages::USER_NOT_AUTHENTICATED));
        };
        serialize(Operation::GlobalSignOut, &AccessTokenRequest { access_token })
    }
}
