//! How a pool and its app clients are set up for the hosted UI: the pool's domain, its
//! external identity providers (stored on the pool) and an app client's OAuth settings
//! (kept among the client's other fields, as `UpdateUserPoolClient` gives them, and read
//! here).

use crate::errors::{ApiError, ApiResult};
use crate::state::Client;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The pool's domain (`CreateUserPoolDomain`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PoolDomain {
    pub domain: String,
    /// `CustomDomainConfig`, `ManagedLoginVersion`, ... as given.
    #[serde(default)]
    pub extra: Map<String, Value>,
}

/// An external identity provider of a pool (`CreateIdentityProvider`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct IdentityProvider {
    pub name: String,
    /// `OIDC` (the one type the emulator federates with), `SAML`, `Google`, ...
    pub provider_type: String,
    pub details: BTreeMap<String, String>,
    /// User-pool attribute → the provider's claim.
    #[serde(default)]
    pub attribute_mapping: BTreeMap<String, String>,
    #[serde(default)]
    pub idp_identifiers: Vec<String>,
    pub created: f64,
    pub last_modified: f64,
}

/// The scopes a client may be given: the OIDC ones and the user-pool API's.
pub const STANDARD_SCOPES: [&str; 5] = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"];

/// The OAuth fields of an app client, read from what `CreateUserPoolClient` /
/// `UpdateUserPoolClient` were given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OAuthClient {
    /// `AllowedOAuthFlowsUserPoolClient`.
    pub enabled: bool,
    /// `code`, `implicit`, `client_credentials`.
    pub flows: Vec<String>,
    pub scopes: Vec<String>,
    pub callback_urls: Vec<String>,
    pub logout_urls: Vec<String>,
    /// `COGNITO` and provider names.
    pub identity_providers: Vec<String>,
    pub default_redirect_uri: Option<String>,
}

fn strings(fields: &Map<String, Value>, name: &str) -> Vec<String> {
    fields.get(name).and_then(Value::as_array).map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

impl OAuthClient {
    pub fn from_fields(fields: &Map<String, Value>) -> OAuthClient {
        OAuthClient {
            enabled: fields.get("AllowedOAuthFlowsUserPoolClient").and_then(Value::as_bool).unwrap_or(false),
            flows: strings(fields, "AllowedOAuthFlows"),
            scopes: strings(fields, "AllowedOAuthScopes"),
            callback_urls: strings(fields, "CallbackURLs"),
            logout_urls: strings(fields, "LogoutURLs"),
            identity_providers: strings(fields, "SupportedIdentityProviders"),
            default_redirect_uri: fields.get("DefaultRedirectURI").and_then(Value::as_str).map(str::to_string),
        }
    }

    pub fn of(client: &Client) -> OAuthClient {
        OAuthClient::from_fields(&client.extra)
    }

    pub fn allows_flow(&self, flow: &str) -> bool {
        self.enabled && self.flows.iter().any(|f| f == flow)
    }
}

/// Cognito's checks of a client's OAuth fields at `CreateUserPoolClient` /
/// `UpdateUserPoolClient` (`custom_scopes` are the resource servers' `<id>/<scope>`; the
/// emulator has none, so a scope with a `/` is accepted as one).
pub fn check_client_fields(fields: &Map<String, Value>) -> ApiResult<()> {
    let c = OAuthClient::from_fields(fields);
    for flow in &c.flows {
        if !["code", "implicit", "client_credentials"].contains(&flow.as_str()) {
            return Err(ApiError::invalid_parameter(format!(
                "1 validation error detected: Value '[{flow}]' at 'allowedOAuthFlows' failed to satisfy constraint: Member must satisfy enum value set: [implicit, client_credentials, code]"
            )));
        }
    }
    if c.flows.iter().any(|f| f == "client_credentials") && c.flows.len() > 1 {
        return Err(ApiError::invalid_parameter("client_credentials flow can not be selected along with code flow or implicit flow."));
    }
    for scope in &c.scopes {
        if !STANDARD_SCOPES.contains(&scope.as_str()) && !scope.contains('/') {
            return Err(ApiError::new("ScopeDoesNotExistException", format!("Invalid scope requested: {scope}")));
        }
    }
    if c.enabled {
        if c.flows.is_empty() {
            return Err(ApiError::invalid_parameter("AllowedOAuthFlows must be specified when AllowedOAuthFlowsUserPoolClient is true."));
        }
        if c.scopes.is_empty() {
            return Err(ApiError::invalid_parameter("AllowedOAuthScopes must be specified when AllowedOAuthFlowsUserPoolClient is true."));
        }
        if c.flows.iter().any(|f| f != "client_credentials") && c.callback_urls.is_empty() {
            return Err(ApiError::invalid_parameter("CallbackURLs must be specified when the code or implicit flow is allowed."));
        }
    }
    for url in c.callback_urls.iter().chain(&c.logout_urls).chain(c.default_redirect_uri.iter()) {
        check_redirect_url(url)?;
    }
    if let Some(d) = &c.default_redirect_uri {
        if !c.callback_urls.contains(d) {
            return Err(ApiError::invalid_parameter("DefaultRedirectURI must be one of the CallbackURLs."));
        }
    }
    Ok(())
}

/// Cognito's rule for callback and sign-out URLs: an absolute URL without a fragment;
/// `http` only for `localhost` (the emulator also allows the loopback addresses).
fn check_redirect_url(url: &str) -> ApiResult<()> {
    let bad = || ApiError::invalid_parameter(format!("{url} is not a valid callback or sign-out URL: it must be https (http only for localhost), absolute, without a fragment."));
    if url.contains('#') || url.chars().any(|c| c.is_control() || c.is_whitespace()) || url.len() > 1024 {
        return Err(bad());
    }
    let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let host_name = if host.starts_with('[') { host.split(']').next().unwrap_or("").trim_start_matches('[') } else { host.split(':').next().unwrap_or("") };
    match scheme {
        "https" if !host_name.is_empty() => Ok(()),
        "http" if ["localhost", "127.0.0.1", "::1"].contains(&host_name) => Ok(()),
        "http" | "https" => Err(bad()),
        // App schemes (`myapp://callback`) are allowed, as in Cognito.
        s if !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')) => Ok(()),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn client_field_rules() {
        let ok = fields(json!({"AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid"], "CallbackURLs": ["http://localhost:3000/cb", "https://app.example/cb", "myapp://cb"]}));
        assert_eq!(check_client_fields(&ok), Ok(()));
        assert_eq!(OAuthClient::from_fields(&ok).callback_urls.len(), 3);
        let cases = [
            json!({"AllowedOAuthFlows": ["password"]}),
            json!({"AllowedOAuthFlows": ["code", "client_credentials"]}),
            json!({"AllowedOAuthScopes": ["admin"]}),
            json!({"AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid"]}),
            json!({"CallbackURLs": ["http://evil.example/cb"]}),
            json!({"CallbackURLs": ["https://app.example/cb#x"]}),
            json!({"LogoutURLs": ["not a url"]}),
            json!({"CallbackURLs": ["https://app.example/cb\r\nSet-Cookie: x=1"]}),
            json!({"CallbackURLs": ["https://a.example/"], "DefaultRedirectURI": "https://b.example/"}),
        ];
        for case in cases {
            assert!(check_client_fields(&fields(case.clone())).is_err(), "{case}");
        }
    }
}
