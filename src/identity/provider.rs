//! [`CredentialsProvider`]: temporary AWS credentials from an identity pool, for a guest or
//! for a user signed in to a user pool, as `AWS.CognitoIdentityCredentials` (AWS SDK v2) and
//! `fromCognitoIdentityPool` (v3) give them.
//!
//! - **Enhanced flow** ([`CredentialsProvider::get_credentials`]): `GetId` (once: the
//!   identity id is cached in storage under [`crate::storage::identity_id_key`]), then
//!   `GetCredentialsForIdentity`.
//! - **Basic flow** (with [`IdentityPoolConfig::basic_flow`]): `GetId`, `GetOpenIdToken`
//!   ([`CredentialsProvider::get_open_id_token`]), then STS `AssumeRoleWithWebIdentity`
//!   with the configured role.
//! - The `Logins` key of a user-pool ID token is derived from its `iss`
//!   ([`logins_for_id_token`]).
//! - A guest identity cached before sign-in is sent with the new logins, so Cognito links
//!   it to the user (or merges it into the user's identity; the answer's identity id is
//!   then cached instead).
//! - Credentials are reused until `refresh_margin_seconds` before their `Expiration`;
//!   callers that ask while a refresh runs share it (one request). A refresh that fails
//!   leaves the last good credentials in use until they expire.
//! - [`CredentialsProvider::clear`] (sign-out) forgets the identity id, the logins and the
//!   credentials.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::client::{default_endpoint, IdentityClient};
use crate::json_read::{ReadError, Value};
use crate::protocol::identity::{
    provider_name_from_issuer, GetCredentialsForIdentityResponse, GetIdRequest, GetIdResponse, GetOpenIdTokenResponse, IdentityCredentials,
    IdentityLoginsRequest, IdentityOperation, Logins,
};
use crate::protocol::sts::AssumeRoleWithWebIdentityRequest;
use crate::single_flight::SingleFlight;
use crate::storage::{identity_id_key, Storage};
use crate::tokens::JwtPayload;
use crate::wire::errors::{SdkError, SdkResult};
use crate::wire::Transport;

/// How long before `Expiration` credentials are refreshed unless configured (5 minutes, as
/// the AWS SDK for JavaScript v3 does).
pub const DEFAULT_REFRESH_MARGIN_SECONDS: i64 = 300;

/// The code of the provider's errors about what it was given (an identity pool id that
/// is not one, an ID token without an issuer), as AWS SDKs name bad parameters.
pub const INVALID_PARAMETER: &str = "InvalidParameterException";

/// What the provider needs to know about its identity pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityPoolConfig {
    /// `<region>:<uuid>`.
    pub identity_pool_id: String,
    /// Overrides `https://cognito-identity.<region>.amazonaws.com/` (a local emulator, a proxy).
    pub endpoint: Option<String>,
    /// Overrides the region of the identity pool id.
    pub region: Option<String>,
    /// Credentials closer than this to their `Expiration` are refreshed.
    pub refresh_margin_seconds: i64,
    /// How long each request may take (`None`: no limit).
    pub request_timeout_ms: Option<u32>,
    /// Use the basic flow (OpenID token, then STS) instead of the enhanced one.
    pub basic_flow: Option<BasicFlow>,
}

/// The basic flow's STS step: the role to assume and where STS is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BasicFlow {
    /// `arn:aws:iam::<account>:role/<name>`.
    pub role_arn: String,
    /// `RoleSessionName` (default [`DEFAULT_ROLE_SESSION_NAME`]).
    pub role_session_name: Option<String>,
    /// Overrides `https://sts.<region>.amazonaws.com/`.
    pub sts_endpoint: Option<String>,
}

/// The `RoleSessionName` of the basic flow unless configured.
pub const DEFAULT_ROLE_SESSION_NAME: &str = "cognito-wasm";

impl IdentityPoolConfig {
    /// The settings for `identity_pool_id` with the defaults; a typed error when the id is
    /// not `<region>:<id>`.
    pub fn new(identity_pool_id: &str) -> SdkResult<Self> {
        let valid = identity_pool_id.split_once(':').is_some_and(|(region, rest)| {
            !region.is_empty() && !rest.is_empty() && region.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        });
        if !valid {
            return Err(SdkError::service(INVALID_PARAMETER, "IdentityPoolId must look like <region>:<id>, e.g. us-east-1:0f1e….", None));
        }
        Ok(IdentityPoolConfig {
            identity_pool_id: identity_pool_id.to_string(),
            endpoint: None,
            region: None,
            refresh_margin_seconds: DEFAULT_REFRESH_MARGIN_SECONDS,
            request_timeout_ms: None,
            basic_flow: None,
        })
    }

    /// The region: the configured one, else the identity pool id's prefix.
    pub fn region(&self) -> &str {
        self.region.as_deref().unwrap_or_else(|| self.identity_pool_id.split(':').next().unwrap_or_default())
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> String {
        self.endpoint.clone().unwrap_or_else(|| default_endpoint(self.region()))
    }
}

/// Temporary AWS credentials, in the shape AWS SDK v3 credential providers return
/// (`expiration` in seconds since the Unix epoch; the JavaScript face makes it a `Date`).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwsCredentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    pub expiration: i64,
}

impl std::fmt::Debug for AwsCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsCredentials").field("access_key_id", &self.access_key_id).field("expiration", &self.expiration).finish_non_exhaustive()
    }
}

impl AwsCredentials {
    /// The credentials of a `GetCredentialsForIdentity` answer; all four fields must be there.
    fn from_response(c: Option<IdentityCredentials>) -> SdkResult<Self> {
        let missing = || SdkError::invalid_response("Invalid GetCredentialsForIdentity response from Cognito Identity: incomplete Credentials");
        let c = c.ok_or_else(missing)?;
        match (c.access_key_id, c.secret_key, c.session_token, c.expiration) {
            (Some(a), Some(s), Some(t), Some(e)) if !a.is_empty() && !s.is_empty() && e.is_finite() => {
                Ok(AwsCredentials { access_key_id: a, secret_access_key: s, session_token: t, expiration: e.floor() as i64 })
            }
            _ => Err(missing()),
        }
    }
}

/// The basic flow's OpenID token and the identity it names.
#[derive(Clone, PartialEq, Eq)]
pub struct OpenIdToken {
    pub identity_id: String,
    pub token: String,
}

impl std::fmt::Debug for OpenIdToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenIdToken").field("identity_id", &self.identity_id).finish_non_exhaustive()
    }
}

struct IssuerClaims {
    iss: Option<String>,
    sub: Option<String>,
}

/// The token's `iss` and `sub` (both `None` when the payload is not an object of such claims).
fn issuer_claims(id_token: &str) -> IssuerClaims {
    let read = |claims: &Value| -> Result<IssuerClaims, ReadError> {
        claims.entries()?;
        Ok(IssuerClaims { iss: claims.opt_string("iss")?, sub: claims.opt_string("sub")? })
    };
    crate::json_read::parse(JwtPayload::decode(id_token).json()).and_then(|claims| read(&claims)).unwrap_or(IssuerClaims { iss: None, sub: None })
}

/// The `Logins` map of a user-pool ID token: `{ "<iss without https://>": id_token }`. A
/// typed error when the token has no usable `iss` (the token itself never appears in it).
pub fn logins_for_id_token(id_token: &str) -> SdkResult<Logins> {
    let key = issuer_claims(id_token).iss.as_deref().and_then(provider_name_from_issuer).ok_or_else(|| {
        SdkError::service(INVALID_PARAMETER, "The ID token has no issuer (iss) to derive the Logins key from; pass Logins explicitly.", None)
    })?;
    let mut logins = Logins::default();
    logins.insert(key, id_token.to_string());
    Ok(logins)
}

/// Who a `Logins` map signs in: its provider names with each token's `sub`, sorted. Two
/// maps for the same user (a refreshed ID token) give the same value.
fn principal(logins: &Logins) -> Vec<(String, Option<String>)> {
    let mut p: Vec<_> = logins.iter().map(|(k, token)| (k.clone(), issuer_claims(token).sub)).collect();
    p.sort();
    p
}

/// Temporary AWS credentials from one identity pool.
pub struct CredentialsProvider<T> {
    config: IdentityPoolConfig,
    client: IdentityClient<T>,
    storage: Rc<dyn Storage>,
    logins: RefCell<Logins>,
    credentials: RefCell<Option<AwsCredentials>>,
    /// Bumped when the logins change to another user or on [`CredentialsProvider::clear`]:
    /// a refresh that started before does not store what it gets.
    generation: Cell<u64>,
    /// The refresh in flight, with the generation it runs for.
    refresh: SingleFlight<(), (u64, SdkResult<AwsCredentials>)>,
}

impl<T> std::fmt::Debug for CredentialsProvider<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialsProvider")
            .field("config", &self.config)
            .field("logins", &self.logins.borrow().keys().collect::<Vec<_>>())
            .field("credentials", &*self.credentials.borrow())
            .finish_non_exhaustive()
    }
}

impl<T: Transport> CredentialsProvider<T> {
    /// A provider for `config`, sending through `transport`, caching the identity id in
    /// `storage`. A guest until logins are set.
    pub fn new(config: IdentityPoolConfig, transport: T, storage: Rc<dyn Storage>) -> Self {
        let client = IdentityClient::new(config.endpoint(), transport, config.request_timeout_ms);
        CredentialsProvider {
            config,
            client,
            storage,
            logins: RefCell::new(Logins::default()),
            credentials: RefCell::new(None),
            generation: Cell::new(0),
            refresh: SingleFlight::new(),
        }
    }

    /// The settings.
    pub fn config(&self) -> &IdentityPoolConfig {
        &self.config
    }

    /// The cached identity id, if any.
    pub fn identity_id(&self) -> Option<String> {
        self.storage.get_item(&identity_id_key(&self.config.identity_pool_id)).filter(|id| !id.is_empty())
    }

    /// The credentials in use, if any (possibly expired).
    pub fn cached_credentials(&self) -> Option<AwsCredentials> {
        self.credentials.borrow().clone()
    }

    /// Sets the logins sent from now on (an empty map: a guest). Credentials of another
    /// user (other providers or another `sub`) are dropped; a refreshed token of the same
    /// user keeps them.
    pub fn set_logins(&self, logins: Logins) {
        if principal(&self.logins.borrow()) != principal(&logins) {
            self.credentials.replace(None);
            self.generation.set(self.generation.get() + 1);
        }
        self.logins.replace(logins);
    }

    /// Sets the logins of a user-pool ID token (see [`logins_for_id_token`]).
    pub fn set_id_token(&self, id_token: &str) -> SdkResult<()> {
        self.set_logins(logins_for_id_token(id_token)?);
        Ok(())
    }

    /// Sign-out: forgets the identity id (in storage too), the logins and the credentials.
    pub fn clear(&self) -> SdkResult<()> {
        self.logins.replace(Logins::default());
        self.credentials.replace(None);
        self.generation.set(self.generation.get() + 1);
        self.storage.remove_item(&identity_id_key(&self.config.identity_pool_id))
    }

    /// True when the cached credentials are missing or within the refresh margin of
    /// their expiry at `now` (seconds since the epoch).
    pub fn needs_refresh(&self, now: i64) -> bool {
        self.credentials.borrow().as_ref().is_none_or(|c| now >= c.expiration - self.config.refresh_margin_seconds)
    }

    /// Credentials for the current logins (or a guest): the cached ones while they are
    /// fresh, else new ones (one request for all concurrent callers). When getting new
    /// ones fails, the last good credentials are returned until they expire.
    pub async fn get_credentials(&self) -> SdkResult<AwsCredentials> {
        loop {
            let generation = self.generation.get();
            if !self.needs_refresh(self.client.transport().now_seconds()) {
                if let Some(c) = self.cached_credentials() {
                    return Ok(c);
                }
            }
            let (ran_for, result) = self
                .refresh
                .run((), || async {
                    let generation = self.generation.get();
                    (generation, self.fetch_credentials().await)
                })
                .await;
            if ran_for != generation {
                // Joined a refresh for the logins before a sign-in or sign-out: run ours.
                continue;
            }
            return match result {
                Ok(c) => Ok(c),
                Err(e) => {
                    let now = self.client.transport().now_seconds();
                    self.cached_credentials().filter(|c| c.expiration > now).ok_or(e)
                }
            };
        }
    }

    /// The basic flow: an OpenID token for the identity (linking a cached guest identity
    /// to the current logins, as the enhanced flow does).
    pub async fn get_open_id_token(&self) -> SdkResult<OpenIdToken> {
        let (identity_id, answer) = self.call_for_identity(IdentityOperation::GetOpenIdToken, GetOpenIdTokenResponse::from_value, |r| r.identity_id.clone()).await?;
        let token = answer.token.filter(|t| !t.is_empty()).ok_or_else(|| SdkError::invalid_response("Invalid GetOpenIdToken response from Cognito Identity: no Token"))?;
        Ok(OpenIdToken { identity_id, token })
    }

    async fn fetch_credentials(&self) -> SdkResult<AwsCredentials> {
        let generation = self.generation.get();
        let credentials = match &self.config.basic_flow {
            None => {
                let (_, answer) =
                    self.call_for_identity(IdentityOperation::GetCredentialsForIdentity, GetCredentialsForIdentityResponse::from_value, |r| r.identity_id.clone()).await?;
                AwsCredentials::from_response(answer.credentials)?
            }
            Some(basic) => {
                let open_id = self.get_open_id_token().await?;
                let request = AssumeRoleWithWebIdentityRequest {
                    role_arn: basic.role_arn.clone(),
                    role_session_name: basic.role_session_name.clone().unwrap_or_else(|| DEFAULT_ROLE_SESSION_NAME.to_string()),
                    web_identity_token: open_id.token,
                    duration_seconds: None,
                };
                let endpoint = basic.sts_endpoint.clone().unwrap_or_else(|| super::sts::default_endpoint(self.config.region()));
                super::sts::assume_role_with_web_identity(&self.client, &endpoint, &request).await?
            }
        };
        if generation == self.generation.get() {
            self.credentials.replace(Some(credentials.clone()));
        }
        Ok(credentials)
    }

    fn logins_to_send(&self) -> Option<Logins> {
        Some(self.logins.borrow().clone()).filter(|l| !l.is_empty())
    }

    /// Sends `operation` (`GetCredentialsForIdentity` or `GetOpenIdToken`) for the cached
    /// identity (after `GetId` when there is none) with the current logins, and caches the
    /// identity the answer names. A cached identity Cognito no longer has (deleted, or an
    /// authenticated identity asked for as a guest) is dropped and a new one is got once.
    async fn call_for_identity<R>(
        &self,
        operation: IdentityOperation,
        read: fn(&Value) -> Result<R, ReadError>,
        answered_id: impl Fn(&R) -> Option<String>,
    ) -> SdkResult<(String, R)> {
        let generation = self.generation.get();
        let logins = self.logins_to_send();
        let cached = self.identity_id();
        let mut identity_id = match cached.clone() {
            Some(id) => id,
            None => self.get_id(&logins).await?,
        };
        let request = |identity_id: &str| IdentityLoginsRequest { identity_id: identity_id.to_string(), logins: logins.clone(), custom_role_arn: None };
        let answer = match self.client.request(operation, &request(&identity_id), read).await {
            Err(e) if cached.is_some() && is_stale_identity(&e, logins.is_some()) => {
                self.forget_identity_id(generation)?;
                identity_id = self.get_id(&logins).await?;
                self.client.request(operation, &request(&identity_id), read).await?
            }
            other => other?,
        };
        let identity_id = answered_id(&answer).filter(|id| !id.is_empty()).unwrap_or(identity_id);
        if generation == self.generation.get() && self.identity_id().as_deref() != Some(identity_id.as_str()) {
            // Best effort: storage that refuses the write (quota, disabled) costs a new
            // GetId next time, not the credentials just issued.
            let _ = self.storage.set_item(&identity_id_key(&self.config.identity_pool_id), &identity_id);
        }
        Ok((identity_id, answer))
    }

    async fn get_id(&self, logins: &Option<Logins>) -> SdkResult<String> {
        let request = GetIdRequest { account_id: None, identity_pool_id: self.config.identity_pool_id.clone(), logins: logins.clone() };
        let answer = self.client.request(IdentityOperation::GetId, &request, GetIdResponse::from_value).await?;
        answer.identity_id.filter(|id| !id.is_empty()).ok_or_else(|| SdkError::invalid_response("Invalid GetId response from Cognito Identity: no IdentityId"))
    }

    fn forget_identity_id(&self, generation: u64) -> SdkResult<()> {
        if generation == self.generation.get() {
            self.storage.remove_item(&identity_id_key(&self.config.identity_pool_id))?;
        }
        Ok(())
    }
}

/// A cached identity that is worth replacing: Cognito no longer has it, or it is an
/// authenticated identity asked for without logins (after a sign-out on another tab).
fn is_stale_identity(e: &SdkError, with_logins: bool) -> bool {
    match e.code.as_deref() {
        Some("ResourceNotFoundException") => true,
        Some("NotAuthorizedException") => !with_logins && e.message.starts_with("Logins don't match"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::to_base64;

    fn token(claims: &str) -> String {
        let b64 = |s: &str| to_base64(s.as_bytes()).replace('+', "-").replace('/', "_").trim_end_matches('=').to_string();
        format!("{}.{}.sig", b64(r#"{"alg":"RS256"}"#), b64(claims))
    }

    #[test]
    fn the_logins_key_comes_from_the_issuer() {
        let t = token(r#"{"iss":"https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab","sub":"u1"}"#);
        let logins = logins_for_id_token(&t).unwrap();
        assert_eq!(logins.get("cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab"), Some(&t));
        for bad in [token(r#"{"sub":"u1"}"#), token(r#"{"iss":"no-scheme/x"}"#), "garbage".to_string()] {
            let e = logins_for_id_token(&bad).unwrap_err();
            assert_eq!(e.code.as_deref(), Some(INVALID_PARAMETER));
            assert!(!e.message.contains(&bad), "{}", e.message);
        }
    }

    #[test]
    fn config_defaults_and_overrides() {
        let mut c = IdentityPoolConfig::new("eu-west-1:0f1e").unwrap();
        assert_eq!(c.endpoint(), "https://cognito-identity.eu-west-1.amazonaws.com/");
        c.endpoint = Some("http://127.0.0.1:9229/".into());
        assert_eq!(c.endpoint(), "http://127.0.0.1:9229/");
        for bad in ["", "eu-west-1", ":x", "eu west:1"] {
            assert_eq!(IdentityPoolConfig::new(bad).unwrap_err().code.as_deref(), Some(INVALID_PARAMETER), "{bad}");
        }
    }

    #[test]
    fn same_user_is_the_same_principal() {
        let a1 = logins_for_id_token(&token(r#"{"iss":"https://h/p","sub":"a","jti":"1"}"#)).unwrap();
        let a2 = logins_for_id_token(&token(r#"{"iss":"https://h/p","sub":"a","jti":"2"}"#)).unwrap();
        let b = logins_for_id_token(&token(r#"{"iss":"https://h/p","sub":"b"}"#)).unwrap();
        assert_eq!(principal(&a1), principal(&a2));
        assert_ne!(principal(&a1), principal(&b));
        assert_ne!(principal(&a1), principal(&Logins::default()));
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let c = AwsCredentials { access_key_id: "ASIAX".into(), secret_access_key: "SECRETKEY".into(), session_token: "SESSIONTOKEN".into(), expiration: 1 };
        let shown = format!("{c:?}");
        assert!(shown.contains("ASIAX") && !shown.contains("SECRETKEY") && !shown.contains("SESSIONTOKEN"), "{shown}");
        assert!(!format!("{:?}", OpenIdToken { identity_id: "i".into(), token: "TOKENVALUE".into() }).contains("TOKENVALUE"));
    }
}
