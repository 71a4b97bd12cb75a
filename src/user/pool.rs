//! [`UserPool`]: the core of `CognitoUserPool` — validated config, the Cognito client,
//! the pool's storage, the advanced-security hook and the shared refresh gate.

use std::rc::Rc;

use super::refresh_gate::RefreshGate;
use super::CognitoUser;
use crate::pool_config::PoolConfig;
use crate::session::CognitoUserSession;
use crate::storage::Storage;
use crate::protocol::messages::UserContextData;
use crate::wire::{CognitoClient, SdkResult, Transport};

/// Produces `AmazonCognitoAdvancedSecurityData.getData(username, poolId, clientId)` for a
/// username (the binding wires it to the global when that script is loaded).
pub type UserContextProvider = Box<dyn Fn(&str) -> Option<String>>;

/// Told the result of every session refresh the core starts on its own (the best-effort
/// refresh of `getUserData({bypassCache: true})`, also run by `updateAttributes` and
/// `deleteAttributes`), whose result the reference hands to a callback wrapped by
/// `wrapRefreshSessionCallback`. The binding calls `wrapRefreshSessionCallback(noop)`
/// with it. Refreshes the caller starts (`get_session`, `refresh_session`) are not
/// reported: the caller sees their result.
pub type RefreshObserver = Box<dyn Fn(&SdkResult<CognitoUserSession>)>;

/// A user pool bound to a transport and a storage.
pub struct UserPool<T> {
    config: PoolConfig,
    client: CognitoClient<T>,
    storage: Rc<dyn Storage>,
    user_context_provider: Option<UserContextProvider>,
    refresh_observer: Option<RefreshObserver>,
    pub(crate) refresh_gate: Rc<RefreshGate>,
}

impl<T> std::fmt::Debug for UserPool<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserPool").field("config", &self.config).finish_non_exhaustive()
    }
}

impl<T: Transport> UserPool<T> {
    /// A pool over `transport` (requests go to `config.endpoint()`) keeping its users'
    /// tokens in `storage`.
    pub fn new(config: PoolConfig, transport: T, storage: Rc<dyn Storage>) -> Self {
        let mut client = CognitoClient::new(config.endpoint(), transport);
        client.set_request_timeout_ms(config.request_timeout_ms());
        UserPool { config, client, storage, user_context_provider: None, refresh_observer: None, refresh_gate: Rc::default() }
    }

    /// Installs the advanced-security data source. Without one (the reference: the
    /// `AmazonCognitoAdvancedSecurityData` script not loaded) no `UserContextData` is sent.
    pub fn set_user_context_provider(&mut self, provider: Option<UserContextProvider>) {
        self.user_context_provider = provider;
    }

    /// Shares `gate` with other pools: refreshes of one refresh token through any pool on
    /// the gate send one request (the JS face builds a pool per call and keeps one gate).
    pub fn set_refresh_gate(&mut self, gate: Rc<RefreshGate>) {
        self.refresh_gate = gate;
    }

    /// Installs the [`RefreshObserver`] (`None` removes it).
    pub fn set_refresh_observer(&mut self, observer: Option<RefreshObserver>) {
        self.refresh_observer = observer;
    }

    /// Reports a refresh the core started on its own to the observer, if any.
    pub(crate) fn report_internal_refresh(&self, result: &SdkResult<CognitoUserSession>) {
        if let Some(observer) = &self.refresh_observer {
            observer(result);
        }
    }

    /// The validated configuration.
    pub fn config(&self) -> &PoolConfig {
        &self.config
    }

    /// The Cognito client.
    pub fn client(&self) -> &CognitoClient<T> {
        &self.client
    }

    /// The transport (and its clock).
    pub fn transport(&self) -> &T {
        self.client.transport()
    }

    /// The pool's storage (`pool.storage`).
    pub fn storage(&self) -> &Rc<dyn Storage> {
        &self.storage
    }

    /// `getUserContextData(username)`: `{EncodedData}` when the flag is on and the provider
    /// returns a non-empty value; otherwise nothing (never the reference's empty `{}`).
    pub fn user_context_data(&self, username: &str) -> Option<UserContextData> {
        if !self.config.advanced_security_data_collection_flag() {
            return None;
        }
        let provider = self.user_context_provider.as_ref()?;
        provider(username).filter(|d| !d.is_empty()).map(|encoded_data| UserContextData { encoded_data })
    }

    /// The raw `EncodedData` for `username`, as `pool.getUserContextData` would wrap it.
    pub fn encoded_user_context_data(&self, username: &str) -> Option<String> {
        self.user_context_data(username).map(|d| d.encoded_data)
    }
}

/// `getCurrentUser()`: the user named by `LastAuthUser`, sharing the pool's storage, or
/// `None`. No tokens are loaded (call [`CognitoUser::get_session`]).
pub fn current_user<T: Transport>(pool: &Rc<UserPool<T>>) -> Option<CognitoUser<T>> {
    let last = pool.storage.get_item(&pool.config.keys().last_auth_user()).filter(|u| !u.is_empty())?;
    Some(CognitoUser::new(last, Rc::clone(pool), None))
}
