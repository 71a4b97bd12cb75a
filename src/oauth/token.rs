//! The token endpoint's requests (code exchange, refresh, revocation) as plain data for the
//! platform's `fetch`, and its answers read into tokens or typed errors.

use crate::json_read::{integer, ReadError, Value};

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
#[derive(Clone, PartialEq, Eq)]
pub struct Tokens {
    pub id_token: Option<String>,
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_in: Option<i64>,
    pub token_type: Option<String>,
}

impl Tokens {
    /// Reads the token endpoint's JSON object: `access_token` must be a string, the others
    /// may be missing or `null`; a field of another type is an error.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(Tokens {
            id_token: value.opt_string("id_token")?,
            access_token: value.required_string("access_token")?,
            refresh_token: value.opt_string("refresh_token")?,
            expires_in: value.opt_number("expires_in")?.map(integer).transpose()?,
            token_type: value.opt_string("token_type")?,
        })
    }
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokens").field("has_id_token", &self.id_token.is_some()).field("has_refresh_token", &self.refresh_token.is_some()).finish()
    }
}


/// The token endpoint's answer: tokens on 200, else its RFC 6749 error.
pub fn parse_response(status: u16, body: &str) -> OAuthResult<Tokens> {
    if (200..300).contains(&status) {
        if !crate::json::looks_like_object(body) {
            return Err(OAuthError::InvalidTokenResponse("not a JSON object"));
        }
        let tokens = crate::json_read::parse(body)
            .and_then(|value| Tokens::from_value(&value))
            .map_err(|_| OAuthError::InvalidTokenResponse("no access_token"))?;
        if tokens.access_token.is_empty() {
            return Err(OAuthError::InvalidTokenResponse("an empty access_token"));
        }
        return Ok(tokens);
    }
    // RFC 6749's `{error, error_description?}`: both strings (or `null`), else no error body.
    let read = |value: &Value| -> Result<(Option<String>, Option<String>), ReadError> {
        value.entries()?;
        Ok((value.opt_string("error")?, value.opt_string("error_description")?))
    };
    let parsed = crate::json_read::parse(body).and_then(|value| read(&value)).ok();
    let (error, description) = match parsed {
        Some((Some(e), error_description)) => (e, error_description.unwrap_or_default()),
        _ => ("server_error".to_string(), format!("The token endpoint answered HTTP {status}.")),
    };
    Err(OAuthError::TokenEndpoint { status, error, description })
}
