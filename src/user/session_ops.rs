//! Sessions after sign-in: `getSession` (memory → storage → refresh), `refreshSession`
//! (with retry and de-duplication), `signOut`, `revokeTokens`, `globalSignOut`.

use crate::protocol::names::flow;
use super::CognitoUser;
use crate::session::{parse_clock_drift, CognitoUserSession};
use crate::storage::UserKey;
use crate::tokens::{AccessToken, IdToken, RefreshToken};
use crate::wire::errors::messages;
use crate::protocol::messages::{
    AccessTokenRequest, AuthResponse, EmptyResponse, GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse,
    InitiateAuthRequest, ParameterMap, RevokeTokenRequest, StringMap,
};
use crate::wire::{Operation, SdkError, SdkResult, Transport};

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

    /// `refreshSession(refreshToken, cb, clientMetadata)`: switches to `LastAuthUser`
    /// (reading its device key), refreshes with retry, keeps the old refresh token when
    /// none comes back, and stores the new session (every key or none). Clients that
    /// rotate refresh tokens ([`crate::pool_config::PoolConfig::refresh_token_rotation`])
    /// refresh with `GetTokensFromRefreshToken` and store the new refresh token it returns;
    /// the others with `InitiateAuth`'s `REFRESH_TOKEN_AUTH`. A `NotAuthorizedException`
    /// clears the cached user; any other failure (a `RefreshTokenReuseException`, a
    /// malformed response, ...) leaves storage as it was. Concurrent refreshes of the same
    /// token share one request.
    pub async fn refresh_session(&self, refresh_token: &RefreshToken, client_metadata: Option<StringMap>) -> SdkResult<CognitoUserSession> {
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
        let pool = &self.pool;
        let gate_key = format!("{username}\n{}", refresh_token.token());
        let result: SdkResult<AuthResponse> = if pool.config().refresh_token_rotation() {
            let request = GetTokensFromRefreshTokenRequest {
                refresh_token: refresh_token.token().to_string(),
                client_id: self.client_id(),
                client_secret: pool.config().client_secret().map(str::to_string),
                device_key: last_user_device.flatten().filter(|k| !k.is_empty()),
                client_metadata,
            };
            pool.refresh_gate
                .run(gate_key, || async {
                    let response: GetTokensFromRefreshTokenResponse =
                        pool.client().request_with_retry(Operation::GetTokensFromRefreshToken, &request).await?;
                    Ok(AuthResponse { authentication_result: response.authentication_result, ..AuthResponse::default() })
                })
                .await
        } else {
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
            pool.refresh_gate
                .run(gate_key, || async {
                    pool.client().request_with_retry(Operation::InitiateAuth, &request).await
                })
                .await
        };
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
        let Some(session) = self.sign_in_user_session() else {
            return Err(SdkError::local(messages::USER_NOT_AUTHENTICATED));
        };
        let refresh_token = session.refresh_token().token();
        if session.access_token().payload().has_origin_jti() && !refresh_token.is_empty() {
            let request = RevokeTokenRequest {
                token: refresh_token.to_string(),
                client_id: self.client_id(),
                client_secret: self.pool.config().client_secret().map(str::to_string),
            };
            let _: EmptyResponse = self.pool.client().request_with_retry(Operation::RevokeToken, &request).await?;
        }
        Ok(())
    }

    /// `globalSignOut(cb)`: needs a valid session (`User is not authenticated`), sends
    /// `GlobalSignOut`, then clears the cached user (the in-memory session is kept, as in
    /// the reference).
    pub async fn global_sign_out(&self) -> SdkResult<()> {
        let Some(access_token) = self.signed_in_access_token() else {
            return Err(SdkError::local(messages::USER_NOT_AUTHENTICATED));
        };
        let _: EmptyResponse = self.pool.client().request(Operation::GlobalSignOut, &AccessTokenRequest { access_token }).await?;
        self.clear_cached_user()
    }
}
