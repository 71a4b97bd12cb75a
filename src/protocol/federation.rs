//! Request bodies of the hosted-UI and federation administration operations (IAM
//! credentials): the user pool's domain (`CreateUserPoolDomain`, `DescribeUserPoolDomain`,
//! `DeleteUserPoolDomain`) and its external identity providers (`CreateIdentityProvider`,
//! `DescribeIdentityProvider`, `ListIdentityProviders`, `DeleteIdentityProvider`), as boto3
//! or the AWS CLI send them. Native builds only, as `admin`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// `CreateUserPoolDomain` and `DeleteUserPoolDomain` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolDomainRequest {
    /// The prefix of `<prefix>.auth.<region>.amazoncognito.com`, or a custom domain.
    pub domain: String,
    pub user_pool_id: String,
    /// `CustomDomainConfig`, `ManagedLoginVersion`, ...: kept as given.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `DescribeUserPoolDomain` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeUserPoolDomainRequest {
    pub domain: String,
}

/// `CreateIdentityProvider` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct CreateIdentityProviderRequest {
    pub user_pool_id: String,
    pub provider_name: String,
    /// `OIDC`, `SAML`, `Google`, `Facebook`, `LoginWithAmazon`, `SignInWithApple`.
    pub provider_type: String,
    /// For `OIDC`: `client_id`, `client_secret`, `authorize_scopes`, `oidc_issuer`,
    /// `attributes_request_method`, and optionally `authorize_url`, `token_url`,
    /// `attributes_url`, `jwks_uri`.
    pub provider_details: BTreeMap<String, String>,
    /// User-pool attribute → provider claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_mapping: Option<BTreeMap<String, String>>,
    /// Domains (`idp_identifier`) that route to this provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idp_identifiers: Option<Vec<String>>,
}

/// A request naming a provider of a pool: `DescribeIdentityProvider`, `DeleteIdentityProvider`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct ProviderRequest {
    pub user_pool_id: String,
    pub provider_name: String,
}

/// `ListIdentityProviders` request.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct ListIdentityProvidersRequest {
    pub user_pool_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}
