//! Starting a sign-in: the `/oauth2/authorize` URL and what must be kept until the
//! browser comes back (the random `state`, the PKCE verifier, the nonce).

use serde::Serialize;

use super::config::{AuthConfig, ResponseType};
use super::error::OAuthResult;
use super::form;
use super::pkce;
use crate::json_read::{ReadError, Value};
use crate::protocol::messages::deserialize_from_value;

/// Options of one sign-in (the Promise API's `signInWithRedirect`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignInOptions {
    /// `identity_provider`: a provider name (`COGNITO`, `Google`, an OIDC provider).
    pub provider: Option<String>,
    /// `idp_identifier`: a domain that names a provider.
    pub idp_identifier: Option<String>,
    /// `login_hint`: forwarded to the provider (and prefilled on the hosted page).
    pub login_hint: Option<String>,
    /// Scopes for this sign-in instead of the configured ones.
    pub scopes: Option<Vec<String>>,
    /// Kept aside and given back after the sign-in; never sent.
    pub custom_state: Option<String>,
    /// `lang` of the managed login pages.
    pub lang: Option<String>,
    /// `prompt`: `login`, `none`, `select_account`, `consent`.
    pub prompt: Option<String>,
}

/// What a started sign-in keeps (in storage, until the callback is read once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingSignIn {
    pub state: String,
    /// The PKCE code verifier (code flow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_verifier: Option<String>,
    pub nonce: String,
    pub redirect_uri: String,
    /// `code` or `token`.
    pub response_type: String,
    pub scopes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_state: Option<String>,
}

impl PendingSignIn {
    /// Reads what [`PendingSignIn`]'s `Serialize` wrote (from storage, or handed back by the
    /// face): the optional fields may be missing or `null`, the others must be there.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        Ok(PendingSignIn {
            state: value.required_string("state")?,
            code_verifier: value.opt_string("code_verifier")?,
            nonce: value.required_string("nonce")?,
            redirect_uri: value.required_string("redirect_uri")?,
            response_type: value.required_string("response_type")?,
            scopes: value.required_list("scopes", Value::as_string)?,
            custom_state: value.opt_string("custom_state")?,
        })
    }
}

deserialize_from_value!(PendingSignIn);

/// The authorize URL for `options`, and what to keep. PKCE S256 is always used in the
/// code flow; `state` and `nonce` are 32 random bytes each.
pub fn begin(config: &AuthConfig, options: &SignInOptions) -> OAuthResult<(String, PendingSignIn)> {
    let state = pkce::random_token(32)?;
    let nonce = pkce::random_token(32)?;
    let code_verifier = match config.response_type {
        ResponseType::Code => Some(pkce::new_verifier()?),
        ResponseType::Token => None,
    };
    let scopes = options.scopes.clone().unwrap_or_else(|| config.scopes.clone());
    let pending = PendingSignIn {
        state,
        code_verifier,
        nonce,
        redirect_uri: config.redirect_sign_in.clone(),
        response_type: config.response_type.as_str().to_string(),
        scopes,
        custom_state: options.custom_state.clone(),
    };
    Ok((authorize_url(config, options, &pending), pending))
}

/// The `/oauth2/authorize` URL of a pending sign-in.
pub fn authorize_url(config: &AuthConfig, options: &SignInOptions, p: &PendingSignIn) -> String {
    let scope = p.scopes.join(" ");
    let challenge = p.code_verifier.as_deref().map(pkce::challenge_s256);
    let mut pairs: Vec<(&str, &str)> = vec![
        ("redirect_uri", &p.redirect_uri),
        ("response_type", &p.response_type),
        ("client_id", &config.client_id),
    ];
    if !scope.is_empty() {
        pairs.push(("scope", &scope));
    }
    pairs.push(("state", &p.state));
    pairs.push(("nonce", &p.nonce));
    if let Some(c) = &challenge {
        pairs.push(("code_challenge", c));
        pairs.push(("code_challenge_method", "S256"));
    }
    if let Some(provider) = options.provider.as_deref().or(config.identity_provider.as_deref()) {
        pairs.push(("identity_provider", provider));
    } else if let Some(domain) = options.idp_identifier.as_deref() {
        pairs.push(("idp_identifier", domain));
    }
    for (name, value) in [("login_hint", &options.login_hint), ("lang", &options.lang), ("prompt", &options.prompt)] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            pairs.push((name, v));
        }
    }
    format!("{}/oauth2/authorize?{}", config.base_url, form::build(&pairs))
}

/// The `/logout` URL: back to the configured sign-out URI.
pub fn logout_url(config: &AuthConfig) -> String {
    format!("{}/logout?{}", config.base_url, form::build(&[("client_id", config.client_id.as_str()), ("logout_uri", config.redirect_sign_out.as_str())]))
}
