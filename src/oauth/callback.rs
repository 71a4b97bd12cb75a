//! Reading the browser's way back: the callback URL's code or tokens (query or fragment)
//! or its error, checked against the pending sign-in (the `state`, once).

use super::authorize::PendingSignIn;
use super::error::{OAuthError, OAuthResult};
use super::form::Form;

/// What a callback URL carries.
#[derive(Clone, PartialEq, Eq)]
pub enum Callback {
    /// Code flow: `?code=..&state=..`.
    Code { code: String, state: Option<String> },
    /// Implicit flow: `#id_token=..&access_token=..&expires_in=..&token_type=..&state=..`.
    Tokens { id_token: Option<String>, access_token: String, expires_in: Option<i64>, state: Option<String> },
}

impl std::fmt::Debug for Callback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Codes and tokens stay out of logs.
        match self {
            Callback::Code { .. } => f.write_str("Callback::Code"),
            Callback::Tokens { .. } => f.write_str("Callback::Tokens"),
        }
    }
}

impl Callback {
    pub fn state(&self) -> Option<&str> {
        match self {
            Callback::Code { state, .. } | Callback::Tokens { state, .. } => state.as_deref(),
        }
    }
}

/// Whether `url` looks like a sign-in callback (it has a code, an access token or an
/// error) — what a page checks before calling [`parse`].
pub fn is_callback(url: &str) -> bool {
    let (query, fragment) = split(url);
    [query, fragment].iter().any(|part| {
        let f = Form::parse(part);
        f.get("code").is_some() || f.get("access_token").is_some() || f.get("error").is_some()
    })
}

fn split(url: &str) -> (&str, &str) {
    let (before_fragment, fragment) = url.split_once('#').unwrap_or((url, ""));
    let query = before_fragment.split_once('?').map(|(_, q)| q).unwrap_or("");
    (query, fragment)
}

/// Reads a callback URL. `error` / `error_description` (in the query or the fragment)
/// become [`OAuthError::Authorization`]; a URL with neither a code nor tokens is
/// [`OAuthError::MalformedCallback`].
pub fn parse(url: &str) -> OAuthResult<Callback> {
    if url.len() > 64 * 1024 {
        return Err(OAuthError::MalformedCallback("longer than 64 KiB"));
    }
    let (query, fragment) = split(url);
    let (q, f) = (Form::parse(query), Form::parse(fragment));
    for part in [&q, &f] {
        if let Some(error) = part.non_empty("error") {
            return Err(OAuthError::Authorization { error: error.to_string(), description: part.get("error_description").unwrap_or("").to_string() });
        }
        for name in ["code", "state", "access_token", "id_token"] {
            if part.count(name) > 1 {
                return Err(OAuthError::MalformedCallback("a parameter is given twice"));
            }
        }
    }
    if let Some(access_token) = f.non_empty("access_token") {
        let expires_in = f.get("expires_in").and_then(|v| v.parse().ok());
        return Ok(Callback::Tokens {
            id_token: f.non_empty("id_token").map(str::to_string),
            access_token: access_token.to_string(),
            expires_in,
            state: f.get("state").map(str::to_string),
        });
    }
    if let Some(code) = q.non_empty("code") {
        return Ok(Callback::Code { code: code.to_string(), state: q.get("state").map(str::to_string) });
    }
    Err(OAuthError::MalformedCallback("it has no code, no tokens and no error"))
}

/// The callback's `state` must be the pending sign-in's (compared in constant time), and
/// its kind must be the one asked for.
pub fn check(pending: &PendingSignIn, callback: &Callback) -> OAuthResult<()> {
    let state_ok = callback.state().is_some_and(|s| crate::crypto::ct_eq(s.as_bytes(), pending.state.as_bytes()));
    if !state_ok {
        return Err(OAuthError::StateMismatch);
    }
    match (callback, pending.response_type.as_str()) {
        (Callback::Code { .. }, "code") | (Callback::Tokens { .. }, "token") => Ok(()),
        (Callback::Code { .. }, _) => Err(OAuthError::ResponseTypeMismatch("a code came back to the implicit flow")),
        (Callback::Tokens { .. }, _) => Err(OAuthError::ResponseTypeMismatch("tokens came back to the code flow")),
    }
}
