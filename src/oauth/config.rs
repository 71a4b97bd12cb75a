//! What a `CognitoAuth` is made with: the managed login's base URL, the app client, its
//! scopes and redirect URIs.

use super::error::{OAuthError, OAuthResult};

/// Which grant a sign-in uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseType {
    /// Authorization code with PKCE (S256, always).
    Code,
    /// Implicit: tokens in the fragment. Kept for migration from amazon-cognito-auth-js
    /// (its default); no refresh token.
    Token,
}

impl ResponseType {
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseType::Code => "code",
            ResponseType::Token => "token",
        }
    }
}

/// The settings of one app client's hosted UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthConfig {
    /// `https://<domain>` or, for a local stand-in, `http://localhost:PORT` /
    /// `http://127.0.0.1:PORT`; no trailing slash.
    pub base_url: String,
    pub client_id: String,
    pub scopes: Vec<String>,
    pub redirect_sign_in: String,
    pub redirect_sign_out: String,
    /// The provider every sign-in goes to unless told otherwise (`IdentityProvider`).
    pub identity_provider: Option<String>,
    pub response_type: ResponseType,
}

fn is_loopback(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') { rest.split(']').next().unwrap_or("") } else { host.split(':').next().unwrap_or("") };
    matches!(name, "localhost" | "127.0.0.1" | "::1")
}

/// The base URL of the managed login: a full URL, or a bare domain as amazon-cognito-auth-js
/// takes it (`AppWebDomain`: `<prefix>.auth.<region>.amazoncognito.com`, meaning https).
pub fn normalize_base_url(given: &str) -> OAuthResult<String> {
    let given = given.trim().trim_end_matches('/');
    let url = if given.contains("://") { given.to_string() } else { format!("https://{given}") };
    let (scheme, rest) = url.split_once("://").unwrap_or(("", ""));
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (name, port) = match host.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map(|(n, p)| (n, p.strip_prefix(':'))).unwrap_or(("", None)),
        None => host.split_once(':').map(|(n, p)| (n, Some(p))).unwrap_or((host, None)),
    };
    let host_ok = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'))
        && port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let ok = host_ok && (scheme == "https" || (scheme == "http" && is_loopback(host))) && !rest.contains(['?', '#']);
    if !ok {
        return Err(OAuthError::InvalidConfig("The domain must be an https URL (http only for localhost, 127.0.0.1 or [::1]).".into()));
    }
    Ok(url)
}

impl AuthConfig {
    /// Checks the settings and normalizes the base URL.
    pub fn new(
        base_url: &str,
        client_id: &str,
        scopes: Vec<String>,
        redirect_sign_in: &str,
        redirect_sign_out: &str,
        identity_provider: Option<String>,
        response_type: ResponseType,
    ) -> OAuthResult<AuthConfig> {
        if client_id.is_empty() {
            return Err(OAuthError::InvalidConfig("ClientId is required.".into()));
        }
        if redirect_sign_in.is_empty() || redirect_sign_out.is_empty() {
            return Err(OAuthError::InvalidConfig("RedirectUriSignIn and RedirectUriSignOut are required.".into()));
        }
        Ok(AuthConfig {
            base_url: normalize_base_url(base_url)?,
            client_id: client_id.to_string(),
            scopes,
            redirect_sign_in: redirect_sign_in.to_string(),
            redirect_sign_out: redirect_sign_out.to_string(),
            identity_provider: identity_provider.filter(|p| !p.is_empty()),
            response_type,
        })
    }

    pub fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(normalize_base_url("my.auth.us-east-1.amazoncognito.com").unwrap(), "https://my.auth.us-east-1.amazoncognito.com");
        assert_eq!(normalize_base_url("http://127.0.0.1:9229/").unwrap(), "http://127.0.0.1:9229");
        assert_eq!(normalize_base_url("http://localhost:3000").unwrap(), "http://localhost:3000");
        assert_eq!(normalize_base_url("http://[::1]:80").unwrap(), "http://[::1]:80");
        for bad in ["http://example.com", "ftp://x", "https://", "http://localhost.evil.test", "https://a b", "https://x/?q", ""] {
            assert!(normalize_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn required_fields() {
        let e = AuthConfig::new("https://d", "", vec![], "a", "b", None, ResponseType::Code).unwrap_err();
        assert_eq!(e.code(), "InvalidParameterException");
        assert!(AuthConfig::new("https://d", "c", vec![], "", "b", None, ResponseType::Code).is_err());
        let c = AuthConfig::new("https://d/", "c", vec![], "a", "b", Some(String::new()), ResponseType::Token).unwrap();
        assert_eq!((c.base_url.as_str(), c.identity_provider), ("https://d", None));
    }
}
