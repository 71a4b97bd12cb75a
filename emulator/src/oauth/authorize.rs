//! `/oauth2/authorize`'s rules, as Cognito applies them: the client and its redirect URI
//! first (a failure there stays on an error page: the URI is not trusted), then the
//! response type, scopes, PKCE, prompt and identity provider (a failure there goes back to
//! the redirect URI with `error` and `error_description`).

use super::config::OAuthClient;
use super::memory::Authorization;
use crate::state::{Pool, State};
use cognito_wasm::oauth::form::Form;

/// Why an authorization request is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Shown on an error page (bad client, redirect URI not registered, no domain).
    Page { error: &'static str, description: String },
    /// Sent back to the (registered) redirect URI.
    Redirect { redirect_uri: String, error: &'static str, description: String, state: Option<String>, fragment: bool },
}

/// A checked authorization request.
#[derive(Debug, Clone)]
pub struct Checked {
    pub authorization: Authorization,
    /// The external provider to send the browser to (`identity_provider` or `idp_identifier`).
    pub provider: Option<String>,
    /// `login`: sign in again even with a session; `none`: never show a page.
    pub prompt: Option<String>,
    pub login_hint: Option<String>,
    /// The providers the client may use besides COGNITO (links on the sign-in page).
    pub client_providers: Vec<String>,
    /// Whether the client may use the pool's own sign-in (`COGNITO`).
    pub cognito_allowed: bool,
}

fn page(error: &'static str, description: impl Into<String>) -> Refusal {
    Refusal::Page { error, description: description.into() }
}

/// The pool of `client_id`, when it has a domain.
pub fn pool_of_client<'a>(st: &'a State, client_id: &str) -> Result<&'a Pool, Refusal> {
    let pool = st.pool_of_client(client_id).ok_or_else(|| page("invalid_request", "Client does not exist."))?;
    if pool.domain.is_none() {
        return Err(page("invalid_request", format!("User pool {} has no domain: create one with CreateUserPoolDomain to use the hosted UI.", pool.id)));
    }
    Ok(pool)
}

/// Checks the request's parameters against the client's settings.
pub fn check(st: &State, q: &Form) -> Result<Checked, Refusal> {
    for name in ["client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge"] {
        if q.count(name) > 1 {
            return Err(page("invalid_request", format!("{name} was given more than once.")));
        }
    }
    let client_id = q.non_empty("client_id").ok_or_else(|| page("invalid_request", "client_id is required."))?;
    let pool = pool_of_client(st, client_id)?;
    let client = &pool.clients[client_id];
    let oauth = OAuthClient::of(client);
    let redirect_uri = q.non_empty("redirect_uri").map(str::to_string).or_else(|| oauth.default_redirect_uri.clone());
    let redirect_uri = redirect_uri.ok_or_else(|| page("invalid_request", "redirect_uri is required."))?;
    if !oauth.callback_urls.contains(&redirect_uri) {
        return Err(page("redirect_mismatch", "redirect_uri is not one of the client's CallbackURLs."));
    }
    let state = q.get("state").map(str::to_string);
    let response_type = q.get("response_type").unwrap_or("");
    let fragment = response_type == "token";
    let refuse = |error: &'static str, description: &str| Refusal::Redirect {
        redirect_uri: redirect_uri.clone(),
        error,
        description: description.to_string(),
        state: state.clone(),
        fragment,
    };
    let flow = match response_type {
        "code" => "code",
        "token" => "implicit",
        "" => return Err(refuse("invalid_request", "response_type is required")),
        _ => return Err(refuse("unsupported_response_type", "response_type must be code or token")),
    };
    if !oauth.allows_flow(flow) {
        return Err(refuse("unauthorized_client", "Client is not enabled for this OAuth2.0 flow"));
    }
    let scopes: Vec<String> = match q.non_empty("scope") {
        None => oauth.scopes.clone(),
        Some(s) => s.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect(),
    };
    if let Some(bad) = scopes.iter().find(|s| !oauth.scopes.contains(s)) {
        return Err(refuse("invalid_scope", &format!("{bad} is not an allowed scope of the client")));
    }
    if scopes.iter().any(|s| ["email", "phone", "profile"].contains(&s.as_str())) && !scopes.iter().any(|s| s == "openid") {
        return Err(refuse("invalid_scope", "email, phone and profile need the openid scope"));
    }
    let pkce = match (q.non_empty("code_challenge"), q.non_empty("code_challenge_method")) {
        (None, None) => None,
        (None, Some(_)) => return Err(refuse("invalid_request", "code_challenge_method given without code_challenge")),
        (Some(c), method) => {
            let method = method.unwrap_or("plain");
            if method != "S256" {
                return Err(refuse("invalid_request", "code_challenge_method must be S256"));
            }
            if !cognito_wasm::oauth::pkce::verifier_well_formed(c) {
                return Err(refuse("invalid_request", "code_challenge is malformed"));
            }
            Some((c.to_string(), method.to_string()))
        }
    };
    let prompt = q.non_empty("prompt").map(str::to_string);
    if let Some(p) = &prompt {
        if !["none", "login", "select_account", "consent"].contains(&p.as_str()) {
            return Err(refuse("invalid_request", "prompt must be none, login, select_account or consent"));
        }
    }
    let client_providers: Vec<String> = oauth.identity_providers.iter().filter(|p| *p != "COGNITO" && pool.identity_providers.contains_key(*p)).cloned().collect();
    let provider = match (q.non_empty("identity_provider"), q.non_empty("idp_identifier")) {
        (Some("COGNITO"), _) => None,
        (Some(name), _) => {
            if !client_providers.iter().any(|p| p == name) {
                return Err(refuse("invalid_request", "identity_provider is not supported by the client"));
            }
            Some(name.to_string())
        }
        (None, Some(identifier)) => {
            let identifier = identifier.to_ascii_lowercase();
            let found = pool.identity_providers.values().find(|p| p.idp_identifiers.iter().any(|i| i.to_ascii_lowercase() == identifier));
            match found {
                Some(p) if client_providers.contains(&p.name) => Some(p.name.clone()),
                _ => return Err(refuse("invalid_request", "idp_identifier does not name a provider of the client")),
            }
        }
        (None, None) => None,
    };
    let cognito_allowed = oauth.identity_providers.iter().any(|p| p == "COGNITO");
    if provider.is_none() && !cognito_allowed && client_providers.is_empty() {
        return Err(refuse("unauthorized_client", "The client supports no identity provider (SupportedIdentityProviders)"));
    }
    Ok(Checked {
        authorization: Authorization {
            pool_id: pool.id.clone(),
            client_id: client_id.to_string(),
            redirect_uri: redirect_uri.clone(),
            response_type: response_type.to_string(),
            scopes,
            state: state.clone(),
            nonce: q.non_empty("nonce").map(str::to_string),
            pkce,
        },
        provider,
        prompt,
        login_hint: q.non_empty("login_hint").map(str::to_string),
        client_providers,
        cognito_allowed,
    })
}

/// The parameters to carry from page to page (the authorization request, without
/// `identity_provider`, `idp_identifier` and `prompt`, which only the first step reads).
pub fn carried_query(q: &Form) -> String {
    let keep: Vec<(&str, &str)> = q
        .0
        .iter()
        .filter(|(k, _)| ["client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "lang"].contains(&k.as_str()))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    cognito_wasm::oauth::form::build(&keep)
}
