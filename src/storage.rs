//! Where sessions live: the [`Storage`] trait (the reference's `ICognitoStorage`), an
//! in-memory implementation, and the reference's key scheme, byte for byte.

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::wire::errors::SdkResult;
use crate::protocol::ordered_map::OrderedMap;

/// A key/value store with the shape of `window.localStorage`. Writes may fail (quota,
/// disabled storage); reads of a missing key give `None`.
pub trait Storage {
    /// `getItem(key)`.
    fn get_item(&self, key: &str) -> Option<String>;
    /// `setItem(key, value)`.
    fn set_item(&self, key: &str, value: &str) -> SdkResult<()>;
    /// `removeItem(key)`.
    fn remove_item(&self, key: &str) -> SdkResult<()>;
    /// `clear()`.
    fn clear(&self) -> SdkResult<()>;
}

/// An in-memory store. Unlike the reference's module-global `MemoryStorage`, each
/// instance is separate (one per pool), so two pools in one process never share tokens.
/// Keys keep the order they were first written in (an [`OrderedMap`]: a handful of keys per
/// user, and no `BTreeMap` code in the wasm).
#[derive(Default)]
pub struct MemoryStorage {
    items: RefCell<OrderedMap<String>>,
}

impl MemoryStorage {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of stored keys.
    pub fn len(&self) -> usize {
        self.items.borrow().len()
    }

    /// True when nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.items.borrow().is_empty()
    }

    /// A copy of every entry, sorted by key (tests and debugging).
    pub fn snapshot(&self) -> BTreeMap<String, String> {
        self.items.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }
}

impl std::fmt::Debug for MemoryStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryStorage").field("keys", &self.items.borrow().keys().collect::<Vec<_>>()).finish()
    }
}

impl Storage for MemoryStorage {
    fn get_item(&self, key: &str) -> Option<String> {
        self.items.borrow().get(key).cloned()
    }

    fn set_item(&self, key: &str, value: &str) -> SdkResult<()> {
        self.items.borrow_mut().insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn remove_item(&self, key: &str) -> SdkResult<()> {
        self.items.borrow_mut().remove(key);
        Ok(())
    }

    fn clear(&self) -> SdkResult<()> {
        self.items.borrow_mut().clear();
        Ok(())
    }
}

/// The per-user entries the reference keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserKey {
    /// `idToken`
    IdToken,
    /// `accessToken`
    AccessToken,
    /// `refreshToken`
    RefreshToken,
    /// `clockDrift` (decimal seconds)
    ClockDrift,
    /// `userData` (GetUser response JSON)
    UserData,
    /// `deviceKey`
    DeviceKey,
    /// `randomPasswordKey` (the device's random password)
    RandomPassword,
    /// `deviceGroupKey`
    DeviceGroupKey,
    /// `tokenScopesString` (the scopes of a hosted-UI sign-in, space-separated, as
    /// amazon-cognito-auth-js keeps them)
    TokenScopesString,
}

impl UserKey {
    /// The key's last segment.
    pub fn suffix(self) -> &'static str {
        match self {
            UserKey::IdToken => "idToken",
            UserKey::AccessToken => "accessToken",
            UserKey::RefreshToken => "refreshToken",
            UserKey::ClockDrift => "clockDrift",
            UserKey::UserData => "userData",
            UserKey::DeviceKey => "deviceKey",
            UserKey::RandomPassword => "randomPasswordKey",
            UserKey::DeviceGroupKey => "deviceGroupKey",
            UserKey::TokenScopesString => "tokenScopesString",
        }
    }
}

/// The reference's key names for one app client:
/// `CognitoIdentityServiceProvider.<clientId>.<username>.<entry>` and
/// `CognitoIdentityServiceProvider.<clientId>.LastAuthUser`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyScheme {
    prefix: String,
}

impl KeyScheme {
    /// The scheme for `client_id`.
    pub fn new(client_id: &str) -> Self {
        KeyScheme { prefix: format!("CognitoIdentityServiceProvider.{client_id}") }
    }

    /// The scheme over a prefix the page set (`user.keyPrefix = ...`), which the reference
    /// uses for `userDataKey` only.
    pub fn with_prefix(prefix: &str) -> Self {
        KeyScheme { prefix: prefix.to_string() }
    }

    /// `CognitoIdentityServiceProvider.<clientId>` (the reference's `keyPrefix`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// `<prefix>.<username>.<entry>`.
    pub fn user_key(&self, username: &str, key: UserKey) -> String {
        format!("{}.{}.{}", self.prefix, username, key.suffix())
    }

    /// `<prefix>.LastAuthUser`.
    pub fn last_auth_user(&self) -> String {
        format!("{}.LastAuthUser", self.prefix)
    }

    /// `<prefix>.oauthPendingSignIn`: a hosted-UI sign-in started and not yet come back
    /// (its state, PKCE verifier and nonce; read once).
    pub fn oauth_pending(&self) -> String {
        format!("{}.oauthPendingSignIn", self.prefix)
    }
}

/// Where the identity id of an identity pool is cached:
/// `aws.cognito.identity-id.<IdentityPoolId>`, the key the AWS SDK for JavaScript v2's
/// `CognitoIdentityCredentials` uses, so a page moving from it keeps its identity.
pub fn identity_id_key(identity_pool_id: &str) -> String {
    format!("aws.cognito.identity-id.{identity_pool_id}")
}

/// Writes every `(key, value)` or none: on a failed write the keys already written are
/// put back as they were and the error is returned. If putting an old value back fails
/// too (a storage that refuses every write, e.g. a full quota), every key of the batch
/// is removed instead, so storage never holds a mix of old and new entries (for a
/// session: the user must sign in again, rather than getting an id token of one session
/// with the refresh token of another).
pub fn write_all_or_restore(storage: &dyn Storage, entries: &[(String, String)]) -> SdkResult<()> {
    let mut previous: Vec<(&str, Option<String>)> = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let old = storage.get_item(key);
        if let Err(e) = storage.set_item(key, value) {
            let mut restored = true;
            for (key, old) in previous.into_iter().rev() {
                let put_back = match &old {
                    Some(old) => storage.set_item(key, old),
                    None => storage.remove_item(key),
                };
                restored &= put_back.is_ok() && storage.get_item(key).as_deref() == old.as_deref();
            }
            if !restored {
                for (key, _) in entries {
                    let _ = storage.remove_item(key);
                }
            }
            return Err(e);
        }
        previous.push((key, old));
    }
    Ok(())
}

/// Removes every key, even when removing one fails (a storage that throws for one key must
/// not keep the others: a sign-out that stopped half-way would leave a refresh token
/// behind). Returns the first failure, after all keys were tried.
pub fn remove_all(storage: &dyn Storage, keys: &[String]) -> SdkResult<()> {
    let mut first_failure = Ok(());
    for key in keys {
        if let (Err(e), Ok(())) = (storage.remove_item(key), &first_failure) {
            first_failure = Err(e);
        }
    }
    first_failure
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::errors::SdkError;

    #[test]
    fn key_scheme_is_the_reference() {
        let k = KeyScheme::new("abc123");
        assert_eq!(k.user_key("alice", UserKey::IdToken), "CognitoIdentityServiceProvider.abc123.alice.idToken");
        assert_eq!(k.user_key("alice", UserKey::RandomPassword), "CognitoIdentityServiceProvider.abc123.alice.randomPasswordKey");
        assert_eq!(k.user_key("a", UserKey::DeviceGroupKey), "CognitoIdentityServiceProvider.abc123.a.deviceGroupKey");
        assert_eq!(k.last_auth_user(), "CognitoIdentityServiceProvider.abc123.LastAuthUser");
        assert_eq!(identity_id_key("eu-west-1:0f1e"), "aws.cognito.identity-id.eu-west-1:0f1e");
        assert_eq!(k.user_key("alice", UserKey::TokenScopesString), "CognitoIdentityServiceProvider.abc123.alice.tokenScopesString");
    }

    #[test]
    fn memory_storage_basics() {
        let s = MemoryStorage::new();
        assert_eq!(s.get_item("x"), None);
        s.set_item("x", "1").unwrap();
        assert_eq!(s.get_item("x").as_deref(), Some("1"));
        s.remove_item("x").unwrap();
        assert!(s.is_empty());
        s.set_item("y", "2").unwrap();
        s.clear().unwrap();
        assert_eq!(s.len(), 0);
    }

    /// Refuses every write of key `b`.
    struct FailKey(MemoryStorage);

    impl Storage for FailKey {
        fn get_item(&self, key: &str) -> Option<String> {
            self.0.get_item(key)
        }
        fn set_item(&self, key: &str, value: &str) -> SdkResult<()> {
            if key == "b" {
                return Err(SdkError::storage("quota exceeded"));
            }
            self.0.set_item(key, value)
        }
        fn remove_item(&self, key: &str) -> SdkResult<()> {
            self.0.remove_item(key)
        }
        fn clear(&self) -> SdkResult<()> {
            self.0.clear()
        }
    }

    #[test]
    fn failed_batch_restores_previous_values() {
        let entries = vec![("a".to_string(), "new".to_string()), ("b".to_string(), "new".to_string()), ("c".to_string(), "new".to_string())];
        let f = FailKey(MemoryStorage::new());
        f.0.set_item("a", "old").unwrap();
        let err = write_all_or_restore(&f, &entries).unwrap_err();
        assert_eq!(err.code.as_deref(), Some("StorageError"));
        assert_eq!(f.get_item("a").as_deref(), Some("old"));
        assert_eq!(f.get_item("b"), None);
        assert_eq!(f.get_item("c"), None);
        let fresh = FailKey(MemoryStorage::new());
        fresh.0.set_item("x", "1").unwrap();
        assert!(write_all_or_restore(&fresh, &entries[..1]).is_ok());
        assert_eq!(fresh.get_item("a").as_deref(), Some("new"));
    }

    /// Refuses to remove the keys it was given, and counts every removal it was asked for.
    struct RefuseRemoval {
        items: MemoryStorage,
        refused: Vec<&'static str>,
        removals: RefCell<usize>,
    }

    impl Storage for RefuseRemoval {
        fn get_item(&self, key: &str) -> Option<String> {
            self.items.get_item(key)
        }
        fn set_item(&self, key: &str, value: &str) -> SdkResult<()> {
            self.items.set_item(key, value)
        }
        fn remove_item(&self, key: &str) -> SdkResult<()> {
            *self.removals.borrow_mut() += 1;
            if self.refused.contains(&key) {
                return Err(SdkError::storage(format!("cannot remove {key}")));
            }
            self.items.remove_item(key)
        }
        fn clear(&self) -> SdkResult<()> {
            self.items.clear()
        }
    }

    #[test]
    fn remove_all_tries_every_key_and_reports_the_first_failure() {
        let s = RefuseRemoval { items: MemoryStorage::new(), refused: vec!["a", "c"], removals: RefCell::new(0) };
        for key in ["a", "b", "c", "d"] {
            s.set_item(key, "v").unwrap();
        }
        let keys: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let err = remove_all(&s, &keys).unwrap_err();
        assert_eq!((err.code.as_deref(), err.message.as_str()), (Some("StorageError"), "cannot remove a"));
        assert_eq!(*s.removals.borrow(), 4);
        assert_eq!((s.get_item("b"), s.get_item("d")), (None, None));
        assert!(remove_all(&s, &keys[1..2]).is_ok());
    }
}
