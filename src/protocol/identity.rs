//! Amazon Cognito Identity (identity pools): the second service, on the same JSON protocol
//! as the user-pool API but with its own `X-Amz-Target` prefix and operations. Names and
//! fields follow the service's model (`cognito-identity`, API version 2014-06-30). The SDK
//! writes the requests of the credential flows and reads their responses; the emulator
//! does the opposite, and also reads the administration requests.
//!
//! A `Logins` map holds ID tokens: the types holding one never show it in `Debug`.

use serde::{Deserialize, Serialize};

use super::messages::deserialize_from_value;
use super::ordered_map::OrderedMap;
use crate::json_read::{ReadError, Value};

/// The service prefix of every identity-pool `X-Amz-Target`.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityService.";

/// The service name in a SigV4 credential scope for this API.
pub const SIGNING_SERVICE: &str = "cognito-identity";

/// `Logins`: provider name (`cognito-idp.<region>.amazonaws.com/<userPoolId>`) → token.
pub type Logins = OrderedMap<String>;

/// The identity-pool operations the SDK or the emulator knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentityOperation {
    GetId,
    GetCredentialsForIdentity,
    GetOpenIdToken,
    UnlinkIdentity,
    // Administration (IAM credentials, SigV4).
    CreateIdentityPool,
    DescribeIdentityPool,
    ListIdentityPools,
    DeleteIdentityPool,
    ListIdentities,
    DescribeIdentity,
}

impl IdentityOperation {
    /// Every operation of the enum.
    pub const ALL: [IdentityOperation; 10] = [
        IdentityOperation::GetId,
        IdentityOperation::GetCredentialsForIdentity,
        IdentityOperation::GetOpenIdToken,
        IdentityOperation::UnlinkIdentity,
        IdentityOperation::CreateIdentityPool,
        IdentityOperation::DescribeIdentityPool,
        IdentityOperation::ListIdentityPools,
        IdentityOperation::DeleteIdentityPool,
        IdentityOperation::ListIdentities,
        IdentityOperation::DescribeIdentity,
    ];

    /// The operation's name, as in `X-Amz-Target`.
    pub fn name(self) -> &'static str {
        match self {
            IdentityOperation::GetId => "GetId",
            IdentityOperation::GetCredentialsForIdentity => "GetCredentialsForIdentity",
            IdentityOperation::GetOpenIdToken => "GetOpenIdToken",
            IdentityOperation::UnlinkIdentity => "UnlinkIdentity",
            IdentityOperation::CreateIdentityPool => "CreateIdentityPool",
            IdentityOperation::DescribeIdentityPool => "DescribeIdentityPool",
            IdentityOperation::ListIdentityPools => "ListIdentityPools",
            IdentityOperation::DeleteIdentityPool => "DeleteIdentityPool",
            IdentityOperation::ListIdentities => "ListIdentities",
            IdentityOperation::DescribeIdentity => "DescribeIdentity",
        }
    }

    /// `X-Amz-Target` value: `AWSCognitoIdentityService.<Op>`.
    pub fn target(self) -> String {
        format!("{TARGET_PREFIX}{}", self.name())
    }

    /// The operation named `name` (exact spelling).
    pub fn from_name(name: &str) -> Option<IdentityOperation> {
        IdentityOperation::ALL.into_iter().find(|op| op.name() == name)
    }

    /// True for the operations that need IAM credentials (a SigV4-signed request); the
    /// credential flows (`GetId`, `GetCredentialsForIdentity`, `GetOpenIdToken`,
    /// `UnlinkIdentity`) are unsigned: a page calls them with the user's tokens only.
    pub fn requires_iam(self) -> bool {
        !matches!(
            self,
            IdentityOperation::GetId | IdentityOperation::GetCredentialsForIdentity | IdentityOperation::GetOpenIdToken | IdentityOperation::UnlinkIdentity
        )
    }
}

/// The provider name of user-pool tokens in `Logins`, from a token's `iss` claim: the
/// issuer without its scheme (`https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc`
/// → `cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc`). `None` when the issuer has no
/// `http(s)://` scheme or nothing after it.
pub fn provider_name_from_issuer(iss: &str) -> Option<String> {
    let rest = iss.strip_prefix("https://").or_else(|| iss.strip_prefix("http://"))?;
    let rest = rest.trim_end_matches('/');
    (!rest.is_empty() && rest.contains('/')).then(|| rest.to_string())
}

/// The provider name AWS gives a user pool: `cognito-idp.<region>.amazonaws.com/<poolId>`
/// (the region is the pool id's prefix).
pub fn user_pool_provider_name(user_pool_id: &str) -> String {
    let region = user_pool_id.split('_').next().unwrap_or_default();
    format!("cognito-idp.{region}.amazonaws.com/{user_pool_id}")
}

fn logins_debug(logins: &Option<Logins>) -> Vec<&String> {
    logins.as_ref().map(|l| l.keys().collect()).unwrap_or_default()
}

/// `GetId` request.
#[derive(Serialize, Deserialize, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct GetIdRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    pub identity_pool_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logins: Option<Logins>,
}

impl std::fmt::Debug for GetIdRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GetIdRequest").field("identity_pool_id", &self.identity_pool_id).field("logins", &logins_debug(&self.logins)).finish()
    }
}

/// `GetId` response.
#[derive(Serialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct GetIdResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_id: Option<String>,
}

/// `GetCredentialsForIdentity` and `GetOpenIdToken` request (the latter has no
/// `CustomRoleArn`).
#[derive(Serialize, Deserialize, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityLoginsRequest {
    pub identity_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logins: Option<Logins>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_role_arn: Option<String>,
}

impl std::fmt::Debug for IdentityLoginsRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentityLoginsRequest").field("identity_id", &self.identity_id).field("logins", &logins_debug(&self.logins)).finish()
    }
}

/// `Credentials` of a `GetCredentialsForIdentity` response. `Expiration` is a timestamp:
/// seconds since the Unix epoch (a JSON number, possibly with a fraction).
#[derive(Serialize, Clone, PartialEq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityCredentials {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration: Option<f64>,
}

impl std::fmt::Debug for IdentityCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentityCredentials").field("access_key_id", &self.access_key_id).field("expiration", &self.expiration).finish_non_exhaustive()
    }
}

/// `GetCredentialsForIdentity` response.
#[derive(Serialize, Debug, Clone, PartialEq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct GetCredentialsForIdentityResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<IdentityCredentials>,
}

/// `GetOpenIdToken` response.
#[derive(Serialize, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct GetOpenIdTokenResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

impl std::fmt::Debug for GetOpenIdTokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GetOpenIdTokenResponse").field("identity_id", &self.identity_id).finish_non_exhaustive()
    }
}

/// The credential flows' answers, read by hand from one [`Value`] (`from_value`, as
/// [`super::messages`]' answers): a missing field or `null` is `None`, unknown fields are
/// ignored, a field of another type is an error.
impl GetIdResponse {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(GetIdResponse { identity_id: value.opt_string("IdentityId")? })
    }
}

impl IdentityCredentials {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(IdentityCredentials {
            access_key_id: value.opt_string("AccessKeyId")?,
            secret_key: value.opt_string("SecretKey")?,
            session_token: value.opt_string("SessionToken")?,
            expiration: value.opt_number("Expiration")?,
        })
    }
}

impl GetCredentialsForIdentityResponse {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(GetCredentialsForIdentityResponse {
            identity_id: value.opt_string("IdentityId")?,
            credentials: value.opt_object("Credentials")?.map(IdentityCredentials::from_value).transpose()?,
        })
    }
}

impl GetOpenIdTokenResponse {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(GetOpenIdTokenResponse { identity_id: value.opt_string("IdentityId")?, token: value.opt_string("Token")? })
    }
}

deserialize_from_value!(GetIdResponse, IdentityCredentials, GetCredentialsForIdentityResponse, GetOpenIdTokenResponse);

/// `UnlinkIdentity` request.
#[derive(Serialize, Deserialize, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct UnlinkIdentityRequest {
    pub identity_id: String,
    pub logins: Logins,
    pub logins_to_remove: Vec<String>,
}

impl std::fmt::Debug for UnlinkIdentityRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnlinkIdentityRequest").field("identity_id", &self.identity_id).field("logins_to_remove", &self.logins_to_remove).finish_non_exhaustive()
    }
}

/// A user pool (and app client) an identity pool accepts tokens from.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct CognitoIdentityProvider {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_side_token_check: Option<bool>,
}

/// `CreateIdentityPool` request, and the identity pool as described (`DescribeIdentityPool`
/// answers the same shape with `IdentityPoolId`).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityPoolDescription {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_pool_id: Option<String>,
    pub identity_pool_name: String,
    pub allow_unauthenticated_identities: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_classic_flow: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supported_login_providers: Option<OrderedMap<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub developer_provider_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_id_connect_provider_arns: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cognito_identity_providers: Option<Vec<CognitoIdentityProvider>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saml_provider_arns: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_pool_tags: Option<OrderedMap<String>>,
}

/// A request naming one identity pool: `DescribeIdentityPool`, `DeleteIdentityPool`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityPoolIdRequest {
    pub identity_pool_id: String,
}

/// `ListIdentityPools` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct ListIdentityPoolsRequest {
    pub max_results: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `ListIdentities` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct ListIdentitiesRequest {
    pub identity_pool_id: String,
    pub max_results: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hide_disabled: Option<bool>,
}

/// `DescribeIdentity` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityIdRequest {
    pub identity_id: String,
}

/// One identity as `DescribeIdentity` and `ListIdentities` describe it (dates in seconds
/// since the epoch).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityDescription {
    pub identity_id: String,
    /// Provider names of the linked logins (absent for a guest identity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logins: Option<Vec<String>>,
    pub creation_date: f64,
    pub last_modified_date: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_targets_and_iam() {
        for op in IdentityOperation::ALL {
            assert_eq!(IdentityOperation::from_name(op.name()), Some(op));
            assert!(op.target().starts_with("AWSCognitoIdentityService."));
        }
        assert_eq!(IdentityOperation::GetId.target(), "AWSCognitoIdentityService.GetId");
        assert!(!IdentityOperation::GetCredentialsForIdentity.requires_iam());
        assert!(IdentityOperation::CreateIdentityPool.requires_iam());
        assert!(IdentityOperation::DescribeIdentity.requires_iam());
        assert_eq!(IdentityOperation::from_name("InitiateAuth"), None);
    }

    #[test]
    fn provider_names() {
        assert_eq!(
            provider_name_from_issuer("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc").as_deref(),
            Some("cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc")
        );
        assert_eq!(provider_name_from_issuer("http://127.0.0.1:9229/us-east-1_X").as_deref(), Some("127.0.0.1:9229/us-east-1_X"));
        assert_eq!(provider_name_from_issuer("cognito-idp.x/y"), None);
        assert_eq!(provider_name_from_issuer("https://"), None);
        assert_eq!(provider_name_from_issuer("https://host-only"), None);
        assert_eq!(user_pool_provider_name("eu-west-1_abc"), "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc");
    }

    #[test]
    fn tokens_stay_out_of_debug() {
        let mut logins = Logins::default();
        logins.insert("cognito-idp.x/y".into(), "SECRET.TOKEN.VALUE".into());
        let req = GetIdRequest { account_id: None, identity_pool_id: "us-east-1:1".into(), logins: Some(logins.clone()) };
        let shown = format!("{req:?}");
        assert!(shown.contains("cognito-idp.x/y") && !shown.contains("SECRET"), "{shown}");
        let req = IdentityLoginsRequest { identity_id: "i".into(), logins: Some(logins), custom_role_arn: None };
        assert!(!format!("{req:?}").contains("SECRET"));
        let creds = IdentityCredentials { access_key_id: Some("ASIA".into()), secret_key: Some("SECRETKEY".into()), session_token: Some("SECRETTOKEN".into()), expiration: Some(1.0) };
        assert!(!format!("{creds:?}").contains("SECRET"));
    }
}
