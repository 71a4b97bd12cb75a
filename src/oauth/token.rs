//! The token endpoint's requests (code exchange, refresh, revocation) as plain data for the
//! platform's `fetch`, and its answers read into tokens or typed errors.

use serde::Deserialize;

use super::authorize::PendingSignIn;
use super::config::AuthConfig;
use super::error::{OAuthError, OAuthResult};
use super::form;

/// A request to send: `POST url` with a form body.
#[derive(Clone, PartialEq, Eq)]
pub struct FormPost {
    pub url: String,
    /// `application/x-www-form-urlencoded`.
    pub content_type: &'static str,
    pub body: String,
}

impl std::fmt::Debug for FormPost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The body holds codes and tokens.
        f.debug_struct("FormPost").field("url", &self.url).field("body_len", &self.body.len()).finish()
    }
}

const FORM: &str = "application/x-www-form-urlencoded";

fn post(config: &AuthConfig, path: &str, pairs: &[(&str, &str)]) -> FormPost {
    FormPost { url: config.endpoint(path), content_type: FORM, body: form::build(pairs) }
}

/// `grant_type=authorization_code` with the pending sign-in's redirect URI and verifier.
pub fn code_exchange(config: &AuthConfig, pending: &PendingSignIn, code: &str) -> FormPost {
    let mut pairs = vec![("grant_type", "authorization_code"), ("client_id", config.client_id.as_str()), ("code", code), ("redirect_uri", pending.redirect_uri.as_str())];
    if let Some(v) = &pending.code_verifier {
        pairs.push(("code_verifier", v));
    }
    post(config, "/oauth2/token", &pairs)
}

/// `grant_type=refresh_token`.
pub fn refresh(config: &AuthConfig, refresh_token: &str) -> FormPost {
    post(config, "/oauth2/token", &[("grant_type", "refresh_token"), ("client_id", config.client_id.as_str()), ("refresh_token", refresh_token)])
}

/// `/oauth2/revoke` of a refresh token.
pub fn revoke(config: &AuthConfig, refresh_token: &str) -> FormPost {
    post(config, "/oauth2/revoke", &[("token", refresh_token), ("client_id", config.client_id.as_str())])
}

/// Tokens from the token endpoint (or the implicit flow's fragment).
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct Tokens {
    #[serde(default)]
    pub id_token: Option<String>,
    pub access_token: String,
    #[serde(default)]
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub expires_in: Option<i64>,
    #[serde(default)]
    pub token_type: Option<String>,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens").field("has_id_token", &self.id_token.is_some()).field("has_refresh_token", &self.refresh_token.is_some()).finish()
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: Option<String>,
    error_description: Option<String>,
}

/// The token endpoint's answer: tokens on 200, else its RFC 6749 error.
pub fn parse_response(status: u16, body: &str) -> OAuthResult<Tokens> {
    if (200..300).contains(&status) {
        if !crate::json::looks_like_object(body) {
            return Err(OAuthError::InvalidTokenResponse("not a JSON object"));
        }
        let tokens: Tokens = crate::json::from_str(body).map_err(|_| OAuthError::InvalidTokenResponse("no access_token"))?;
        if tokens.access_token.is_empty() {
            return Err(OAuthError::InvalidTokenResponse("an empty access_token"));
        }
        return Ok(tokens);
    }
    let parsed: Option<ErrorBody> = if crate::json::looks_like_object(body) { crate::json::from_str(body).ok() } else { None };
    let (error, description) = match parsed {
        Some(ErrorBody { error: Some(e), error_description }) => (e, error_description.unwrap_or_default()),
        _ => ("server_error".to_string(), format!("The token endpoint answered HTTP {status}.")),
    };
    Err(OAuthError::TokenEndpoint { status, error, description })
}
