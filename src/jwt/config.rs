//! What a verifier expects of a token: the settings of aws-jwt-verify's
//! `CognitoJwtVerifier.create()` (`userPoolId`, `tokenUse`, `clientId`, `scope`, `groups`,
//! `graceSeconds`) plus `issuer` / `jwksUri` overrides for the emulator, a custom domain or
//! a proxy. Read from JSON (camelCase, as JavaScript passes them) or built in Rust.

use super::error::JwtError;
use serde::{Deserialize, Deserializer};

/// Which Cognito token a verifier accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenUse {
    Id,
    Access,
}

impl TokenUse {
    /// `id` or `access`, as in the `token_use` claim.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenUse::Id => "id",
            TokenUse::Access => "access",
        }
    }
}

/// One string or a list of them (`clientId: "a"` or `clientId: ["a", "b"]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl From<OneOrMany> for Vec<String> {
    fn from(v: OneOrMany) -> Self {
        match v {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(list) => list,
        }
    }
}

/// A setting that must be given, possibly as `null` (aws-jwt-verify's "must be provided or
/// set to null explicitly"): absent is `None`, `null` is `Some(None)`.
fn explicit<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// The settings as JavaScript passes them (see [`VerifierConfig::from_json`]).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawConfig {
    user_pool_id: String,
    #[serde(default, deserialize_with = "explicit")]
    token_use: Option<Option<TokenUse>>,
    #[serde(default, deserialize_with = "explicit")]
    client_id: Option<Option<OneOrMany>>,
    #[serde(default)]
    scope: Option<OneOrMany>,
    #[serde(default)]
    groups: Option<OneOrMany>,
    #[serde(default)]
    grace_seconds: Option<f64>,
    #[serde(default)]
    issuer: Option<OneOrMany>,
    #[serde(default)]
    jwks_uri: Option<String>,
}

/// What a verifier expects (see the module documentation). Build with [`VerifierConfig::new`]
/// and the `with_*` methods, or [`VerifierConfig::from_json`].
#[derive(Debug, Clone, PartialEq)]
pub struct VerifierConfig {
    user_pool_id: String,
    /// `None`: ID and access tokens both pass.
    pub token_use: Option<TokenUse>,
    /// `None`: any client.
    pub client_ids: Option<Vec<String>>,
    /// `Some`: the access token's `scope` must hold one of these.
    pub scopes: Option<Vec<String>>,
    /// `Some`: `cognito:groups` must hold one of these.
    pub groups: Option<Vec<String>>,
    /// Leeway for `exp`, `nbf` and `iat`, in seconds.
    pub grace_seconds: f64,
    issuers: Vec<String>,
    jwks_uri: String,
}

/// Region of a user pool id (`eu-west-1_AbC123` → `eu-west-1`), if the id has Cognito's form.
fn pool_region(user_pool_id: &str) -> Option<&str> {
    let (region, id) = user_pool_id.split_once('_')?;
    let region_ok = {
        let parts: Vec<&str> = region.split('-').collect();
        parts.len() >= 3
            && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
            && parts.last().is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
    };
    (region_ok && !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(region)
}

impl VerifierConfig {
    /// A verifier for `user_pool_id`'s tokens, of `token_use` (`None`: both) and for the
    /// clients `client_ids` (`None`: any). The issuers are Cognito's two forms
    /// (`https://cognito-idp.<region>.amazonaws.com/<pool>` and
    /// `https://issuer-cognito-idp.<region>.amazonaws.com/<pool>`), the JWKS the first one's.
    pub fn new(user_pool_id: &str, token_use: Option<TokenUse>, client_ids: Option<Vec<String>>) -> Result<Self, JwtError> {
        let region = pool_region(user_pool_id).ok_or_else(|| JwtError::ParameterValidation("userPoolId is not a Cognito user pool id (region_id)".into()))?;
        if client_ids.as_ref().is_some_and(|c| c.is_empty() || c.iter().any(String::is_empty)) {
            return Err(JwtError::ParameterValidation("clientId must be a non-empty string or list of them, or null".into()));
        }
        let issuers = vec![
            format!("https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"),
            format!("https://issuer-cognito-idp.{region}.amazonaws.com/{user_pool_id}"),
        ];
        let jwks_uri = format!("{}/.well-known/jwks.json", issuers[0]);
        Ok(VerifierConfig {
            user_pool_id: user_pool_id.to_string(),
            token_use,
            client_ids,
            scopes: None,
            groups: None,
            grace_seconds: 0.0,
            issuers,
            jwks_uri,
        })
    }

    /// Accept only tokens whose `scope` holds one of `scopes`.
    pub fn with_scopes(mut self, scopes: &[&str]) -> Self {
        self.scopes = Some(scopes.iter().map(|s| s.to_string()).collect());
        self
    }

    /// Accept only tokens whose `cognito:groups` holds one of `groups`.
    pub fn with_groups(mut self, groups: &[&str]) -> Self {
        self.groups = Some(groups.iter().map(|s| s.to_string()).collect());
        self
    }

    /// Leeway for `exp`, `nbf` and `iat`.
    pub fn with_grace_seconds(mut self, seconds: f64) -> Self {
        self.grace_seconds = seconds;
        self
    }

    /// Other issuers than Cognito's (the emulator, a custom domain); the JWKS becomes the
    /// first one's `/.well-known/jwks.json` unless [`VerifierConfig::with_jwks_uri`] says otherwise.
    pub fn with_issuers(mut self, issuers: &[&str]) -> Result<Self, JwtError> {
        if issuers.is_empty() || issuers.iter().any(|i| i.is_empty()) {
            return Err(JwtError::ParameterValidation("issuer must be a non-empty string or list of them".into()));
        }
        let derived_jwks = format!("{}/.well-known/jwks.json", self.issuers[0]);
        self.issuers = issuers.iter().map(|s| s.to_string()).collect();
        if self.jwks_uri == derived_jwks {
            self.jwks_uri = format!("{}/.well-known/jwks.json", self.issuers[0].trim_end_matches('/'));
        }
        Ok(self)
    }

    /// Where the JWKS is fetched from.
    pub fn with_jwks_uri(mut self, uri: &str) -> Result<Self, JwtError> {
        if !(uri.starts_with("https://") || uri.starts_with("http://")) {
            return Err(JwtError::ParameterValidation("jwksUri must be an http(s) URL".into()));
        }
        self.jwks_uri = uri.to_string();
        Ok(self)
    }

    /// The settings as JavaScript passes them: `{userPoolId, tokenUse, clientId, scope,
    /// groups, graceSeconds, issuer, jwksUri}`. `tokenUse` and `clientId` must be given
    /// (`null` for "any"), as in aws-jwt-verify.
    pub fn from_json(text: &str) -> Result<Self, JwtError> {
        if !crate::json::looks_like_object(text) {
            return Err(JwtError::ParameterValidation("the settings must be an object".into()));
        }
        let raw: RawConfig = crate::json::from_str(text).map_err(|e| JwtError::ParameterValidation(format!("settings: {e}")))?;
        let token_use = raw.token_use.ok_or_else(|| JwtError::ParameterValidation("tokenUse must be provided or set to null explicitly".into()))?;
        let client_id = raw.client_id.ok_or_else(|| JwtError::ParameterValidation("clientId must be provided or set to null explicitly".into()))?;
        let mut config = VerifierConfig::new(&raw.user_pool_id, token_use, client_id.map(Vec::from))?;
        let non_empty = |list: Vec<String>, what: &str| {
            if list.is_empty() || list.iter().any(String::is_empty) {
                Err(JwtError::ParameterValidation(format!("{what} must be a non-empty string or list of them")))
            } else {
                Ok(list)
            }
        };
        if let Some(scope) = raw.scope {
            config.scopes = Some(non_empty(scope.into(), "scope")?);
        }
        if let Some(groups) = raw.groups {
            config.groups = Some(non_empty(groups.into(), "groups")?);
        }
        if let Some(grace) = raw.grace_seconds {
            if !(grace.is_finite() && grace >= 0.0) {
                return Err(JwtError::ParameterValidation("graceSeconds must be a number of seconds, 0 or more".into()));
            }
            config.grace_seconds = grace;
        }
        if let Some(issuer) = raw.issuer {
            let list: Vec<String> = issuer.into();
            config = config.with_issuers(&list.iter().map(String::as_str).collect::<Vec<_>>())?;
        }
        if let Some(uri) = raw.jwks_uri {
            config = config.with_jwks_uri(&uri)?;
        }
        Ok(config)
    }

    pub fn user_pool_id(&self) -> &str {
        &self.user_pool_id
    }

    /// The issuers a token's `iss` must be one of.
    pub fn issuers(&self) -> &[String] {
        &self.issuers
    }

    /// Where the JWKS is fetched from (and the key of its cache).
    pub fn jwks_uri(&self) -> &str {
        &self.jwks_uri
    }
}
