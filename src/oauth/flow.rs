//! A hosted-UI sign-in from start to stored session, as steps around the platform's own
//! navigation and `fetch`: [`HostedUi::start`] gives the URL to open, [`HostedUi::callback`]
//! reads the way back (state checked once), [`HostedUi::finish`] stores the token
//! endpoint's answer. Refresh and sign-out are steps of the same kind.

use super::authorize::{self, PendingSignIn, SignInOptions};
use super::callback::{self, Callback};
use super::config::AuthConfig;
use super::error::{OAuthError, OAuthResult};
use super::store;
use super::token::{self, FormPost, Tokens};
use crate::storage::{KeyScheme, Storage};
use crate::tokens::IdToken;

/// One app client's hosted UI over a storage.
pub struct HostedUi<'a> {
    pub config: &'a AuthConfig,
    pub storage: &'a dyn Storage,
    keys: KeyScheme,
}

/// What to do after reading a callback.
#[derive(Debug)]
pub enum AfterCallback {
    /// Code flow: send this to the token endpoint, then give its answer to
    /// [`HostedUi::finish`] with the pending sign-in.
    Exchange { request: FormPost, pending: PendingSignIn },
    /// Implicit flow: the tokens are stored; the signed-in user and the custom state.
    SignedIn { username: String, custom_state: Option<String> },
}

impl<'a> HostedUi<'a> {
    pub fn new(config: &'a AuthConfig, storage: &'a dyn Storage) -> Self {
        HostedUi { config, storage, keys: KeyScheme::new(&config.client_id) }
    }

    /// Starts a sign-in: keeps its state, verifier and nonce, and returns the URL to open.
    pub fn start(&self, options: &SignInOptions) -> OAuthResult<String> {
        let (url, pending) = authorize::begin(self.config, options)?;
        store::save_pending(self.storage, &self.keys, &pending)?;
        Ok(url)
    }

    /// Reads the callback URL against the pending sign-in, which is used up whatever the
    /// outcome. The stored session is not touched unless the implicit flow's tokens are
    /// valid for this sign-in.
    pub fn callback(&self, url: &str, now_seconds: i64) -> OAuthResult<AfterCallback> {
        let pending = store::take_pending(self.storage, &self.keys)?;
        let parsed = callback::parse(url)?;
        callback::check(&pending, &parsed)?;
        match parsed {
            Callback::Code { code, .. } => Ok(AfterCallback::Exchange { request: token::code_exchange(self.config, &pending, &code), pending }),
            Callback::Tokens { id_token, access_token, expires_in, .. } => {
                check_nonce(&pending, id_token.as_deref())?;
                let tokens = Tokens { id_token, access_token, refresh_token: None, expires_in, token_type: Some("Bearer".into()) };
                let username = store::save_tokens(self.storage, &self.keys, &tokens, &pending.scopes, now_seconds)?;
                Ok(AfterCallback::SignedIn { username, custom_state: pending.custom_state })
            }
        }
    }

    /// Stores the code exchange's answer (`status`, `body`); returns the user.
    pub fn finish(&self, pending: &PendingSignIn, status: u16, body: &str, now_seconds: i64) -> OAuthResult<String> {
        let tokens = token::parse_response(status, body)?;
        if tokens.refresh_token.is_none() {
            return Err(OAuthError::InvalidTokenResponse("no refresh_token from the code exchange"));
        }
        check_nonce(pending, tokens.id_token.as_deref())?;
        store::save_tokens(self.storage, &self.keys, &tokens, &pending.scopes, now_seconds)
    }

    /// The refresh request for the stored session, if it has a refresh token.
    pub fn refresh_request(&self) -> Option<FormPost> {
        store::stored_refresh_token(self.storage, &self.keys).map(|(_, t)| token::refresh(self.config, &t))
    }

    /// Stores a refresh's answer (the refresh token is kept).
    pub fn finish_refresh(&self, status: u16, body: &str, now_seconds: i64) -> OAuthResult<String> {
        let tokens = token::parse_response(status, body)?;
        let scopes = match self.storage.get_item(&self.keys.last_auth_user()) {
            Some(u) => store::stored_scopes(self.storage, &self.keys, &u),
            None => vec![],
        };
        store::save_tokens(self.storage, &self.keys, &tokens, &scopes, now_seconds)
    }

    /// Signs out: the revocation request for the stored refresh token (if any) and the
    /// `/logout` URL to open; the stored session is removed.
    pub fn sign_out(&self) -> OAuthResult<(Option<FormPost>, String)> {
        let revoke = store::stored_refresh_token(self.storage, &self.keys).map(|(_, t)| token::revoke(self.config, &t));
        store::clear_session(self.storage, &self.keys)?;
        Ok((revoke, authorize::logout_url(self.config)))
    }
}

/// An id token (when the sign-in got one) must carry the nonce this sign-in sent (OpenID
/// Connect Core 3.1.3.7): tokens minted for another sign-in are refused before anything is
/// stored.
fn check_nonce(pending: &PendingSignIn, id_token: Option<&str>) -> OAuthResult<()> {
    let Some(jwt) = id_token.filter(|t| !t.is_empty()) else { return Ok(()) };
    let id = IdToken::new(jwt.to_string());
    let nonce = store::string_claim(id.payload().json(), "nonce");
    match nonce {
        Some(n) if crate::crypto::ct_eq(n.as_bytes(), pending.nonce.as_bytes()) => Ok(()),
        _ => Err(OAuthError::NonceMismatch),
    }
}
