//! Identity pools and their identities: rows of their own in the store (`identity_pools`,
//! `identities`), tracked like the user pools so a commit writes only what changed.

use super::TrackedMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The identity-pool half of the state.
#[derive(Debug, Default)]
pub struct IdentityState {
    /// Identity pools by id (`<region>:<uuid>`).
    pub pools: TrackedMap<IdentityPool>,
    /// Identities by id (`<region>:<uuid>`), of every identity pool.
    pub identities: TrackedMap<Identity>,
}

impl IdentityState {
    /// The identity a login (provider name, subject) is linked to in `pool_id`.
    pub fn find_by_login(&self, pool_id: &str, provider: &str, subject: &str) -> Option<&Identity> {
        self.identities.values().find(|i| i.pool_id == pool_id && i.logins.get(provider).is_some_and(|s| s == subject))
    }

    /// Forget what the current operation touched (after a commit or a rollback).
    pub fn forget_touched(&mut self) {
        self.pools.forget_touched();
        self.identities.forget_touched();
    }
}

/// One user pool app client an identity pool accepts ID tokens from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Provider {
    /// As given (`cognito-idp.<region>.amazonaws.com/<userPoolId>`, or the emulator's own
    /// issuer without its scheme).
    pub provider_name: String,
    pub client_id: String,
    #[serde(default)]
    pub server_side_token_check: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityPool {
    pub id: String,
    pub name: String,
    pub allow_unauthenticated: bool,
    #[serde(default)]
    pub allow_classic_flow: bool,
    #[serde(default)]
    pub providers: Vec<Provider>,
    /// The settings the emulator keeps but does not act on (`SupportedLoginProviders`,
    /// `DeveloperProviderName`, ARNs, tags), echoed back by `DescribeIdentityPool`.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub created: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    pub id: String,
    pub pool_id: String,
    /// Linked logins: provider name (as the identity pool lists it) → the token's `sub`.
    /// Empty for a guest (unauthenticated) identity.
    #[serde(default)]
    pub logins: BTreeMap<String, String>,
    pub created: f64,
    pub last_modified: f64,
}
