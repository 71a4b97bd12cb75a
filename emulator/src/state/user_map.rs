//! The users of one pool: a [`TrackedMap`] plus in-memory indexes, so that sign-in names,
//! aliases and refresh tokens are found without reading every user.
//!
//! The indexes are exact for every user not changed in place since the last commit; users
//! handed out by `get_mut` / `values_mut` are "stale" and always taken as candidates. So an
//! index answer is a small superset of the truth: callers still check the candidates.

use super::tracked::TrackedMap;
use super::User;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{BTreeSet, HashMap};

/// Attributes that can be sign-in names (UsernameAttributes / AliasAttributes), and `sub`.
pub const INDEXED_ATTRIBUTES: &[&str] = &["email", "phone_number", "preferred_username", "sub"];

/// What one user is indexed under.
#[derive(Debug, Clone, Default)]
struct Entries {
    /// (attribute, lower-cased value); the attribute `""` is the lower-cased username.
    values: Vec<(&'static str, String)>,
    refresh_hashes: Vec<String>,
}

fn entries_of(u: &User) -> Entries {
    let mut values = vec![("", u.username.to_lowercase())];
    for attr in INDEXED_ATTRIBUTES {
        if let Some(v) = u.attr(attr) {
            values.push((attr, v.to_lowercase()));
        }
    }
    Entries { values, refresh_hashes: u.refresh_tokens.iter().map(|r| r.hash.clone()).collect() }
}

#[derive(Debug, Clone, Default)]
pub struct UserMap {
    map: TrackedMap<User>,
    by_value: HashMap<(&'static str, String), BTreeSet<String>>,
    by_refresh_hash: HashMap<String, String>,
    indexed: HashMap<String, Entries>,
    /// Users possibly changed in place since they were last indexed.
    stale: BTreeSet<String>,
}

impl std::ops::Deref for UserMap {
    type Target = TrackedMap<User>;
    fn deref(&self) -> &TrackedMap<User> {
        &self.map
    }
}

impl std::ops::Index<&String> for UserMap {
    type Output = User;
    fn index(&self, key: &String) -> &User {
        &self.map[key]
    }
}

impl UserMap {
    pub fn get_mut(&mut self, key: &str) -> Option<&mut User> {
        let u = self.map.get_mut(key)?;
        if !self.stale.contains(key) {
            self.stale.insert(key.to_string());
        }
        Some(u)
    }

    pub fn insert(&mut self, key: String, user: User) -> Option<User> {
        self.reindex(&key, Some(&user));
        self.stale.remove(&key);
        self.map.insert(key, user)
    }

    pub fn remove(&mut self, key: &str) -> Option<User> {
        let old = self.map.remove(key)?;
        self.reindex(key, None);
        self.stale.remove(key);
        Some(old)
    }

    /// Every user, mutably: every user becomes stale (avoid on large pools).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut User> {
        self.stale.extend(self.map.keys().cloned());
        self.map.values_mut()
    }

    /// Users whose `attr` may equal `value` (case-insensitively), in username order; for an
    /// attribute that is not indexed, every user. Callers check the attribute themselves.
    pub fn with_attr<'a>(&'a self, attr: &str, value: &str) -> Box<dyn Iterator<Item = &'a User> + 'a> {
        match INDEXED_ATTRIBUTES.iter().find(|a| **a == attr) {
            Some(a) => self.candidates(a, value),
            None => Box::new(self.map.values()),
        }
    }

    /// Users whose username may equal `name` case-insensitively, in username order.
    pub fn with_name_ignoring_case<'a>(&'a self, name: &str) -> Box<dyn Iterator<Item = &'a User> + 'a> {
        self.candidates("", name)
    }

    /// Users that may hold a refresh token with this SHA-256 hash, in username order.
    pub fn with_refresh_hash<'a>(&'a self, hash: &str) -> impl Iterator<Item = &'a User> + 'a {
        let keys: BTreeSet<&String> = self.by_refresh_hash.get(hash).into_iter().chain(self.stale.iter()).collect();
        keys.into_iter().filter_map(|k| self.map.get(k))
    }

    fn candidates<'a>(&'a self, attr: &'static str, value: &str) -> Box<dyn Iterator<Item = &'a User> + 'a> {
        let indexed = self.by_value.get(&(attr, value.to_lowercase()));
        let keys: BTreeSet<&String> = indexed.into_iter().flatten().chain(self.stale.iter()).collect();
        Box::new(keys.into_iter().filter_map(|k| self.map.get(k)))
    }

    fn reindex(&mut self, key: &str, user: Option<&User>) {
        if let Some(old) = self.indexed.remove(key) {
            for v in old.values {
                if let Some(set) = self.by_value.get_mut(&v) {
                    set.remove(key);
                    if set.is_empty() {
                        self.by_value.remove(&v);
                    }
                }
            }
            for h in old.refresh_hashes {
                if self.by_refresh_hash.get(&h).is_some_and(|k| k == key) {
                    self.by_refresh_hash.remove(&h);
                }
            }
        }
        let Some(u) = user else { return };
        let new = entries_of(u);
        for v in &new.values {
            self.by_value.entry(v.clone()).or_default().insert(key.to_string());
        }
        for h in &new.refresh_hashes {
            self.by_refresh_hash.insert(h.clone(), key.to_string());
        }
        self.indexed.insert(key.to_string(), new);
    }

    /// Re-index the stale users (after a commit or a rollback).
    pub fn refresh_indexes(&mut self) {
        for key in std::mem::take(&mut self.stale) {
            let user = self.map.get(&key).cloned();
            self.reindex(&key, user.as_ref());
        }
    }

    /// The users touched since the last commit, forgetting them (indexes are refreshed).
    pub fn forget_touched(&mut self) -> BTreeSet<String> {
        self.refresh_indexes();
        self.map.forget_touched()
    }

    /// Set or remove a user without marking it (loading, rollback); indexes follow.
    pub fn set_untracked(&mut self, key: String, user: Option<User>) {
        self.reindex(&key, user.as_ref());
        self.stale.remove(&key);
        self.map.set_untracked(key, user);
    }
}

impl FromIterator<(String, User)> for UserMap {
    fn from_iter<I: IntoIterator<Item = (String, User)>>(iter: I) -> Self {
        let mut m = UserMap::default();
        for (k, u) in iter {
            m.set_untracked(k, Some(u));
        }
        m
    }
}

impl Serialize for UserMap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.map.serialize(s)
    }
}

impl<'de> Deserialize<'de> for UserMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(std::collections::BTreeMap::<String, User>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::RefreshRecord;

    fn user(name: &str, email: &str) -> User {
        let mut u = crate::ops::signup::new_user("us-east-1_T", name, "unused-Passw0rd!", Default::default(), "CONFIRMED");
        u.attributes.insert("email".into(), email.into());
        u
    }

    fn names<'a>(it: impl Iterator<Item = &'a User>) -> Vec<String> {
        it.map(|u| u.username.clone()).collect()
    }

    #[test]
    fn indexes_follow_inserts_removals_and_in_place_changes() {
        let mut m: UserMap = [("alice".to_string(), user("alice", "A@example.com")), ("bob".to_string(), user("bob", "b@example.com"))].into_iter().collect();
        assert_eq!(names(m.with_attr("email", "a@EXAMPLE.com")), ["alice"]);
        assert_eq!(names(m.with_name_ignoring_case("ALICE")), ["alice"]);
        assert!(names(m.with_attr("email", "nobody@example.com")).is_empty());
        // Not indexed: every user is a candidate.
        assert_eq!(names(m.with_attr("custom:team", "x")), ["alice", "bob"]);

        // Changed in place: a candidate for any value until re-indexed, then exact again.
        m.get_mut("bob").unwrap().attributes.insert("email".into(), "a@example.com".into());
        assert_eq!(names(m.with_attr("email", "a@example.com")), ["alice", "bob"]);
        assert_eq!(names(m.with_attr("email", "zz@example.com")), ["bob"]);
        m.get_mut("bob").unwrap().refresh_tokens.push(RefreshRecord {
            hash: "h1".into(),
            client_id: "c".into(),
            origin_jti: "j".into(),
            auth_time: 0,
            expires: 0,
            device_key: None,
            revoked: false,
            rotated_at: None,
            oauth_scope: None,
        });
        assert_eq!(m.forget_touched().into_iter().collect::<Vec<_>>(), ["bob"]);
        assert_eq!(names(m.with_attr("email", "A@example.com")), ["alice", "bob"]);
        assert!(names(m.with_attr("email", "b@example.com")).is_empty());
        assert_eq!(names(m.with_refresh_hash("h1")), ["bob"]);
        assert!(names(m.with_refresh_hash("h2")).is_empty());

        m.remove("alice");
        m.insert("carol".into(), user("carol", "c@example.com"));
        assert_eq!(names(m.with_attr("email", "a@example.com")), ["bob"]);
        assert_eq!(names(m.with_attr("email", "c@example.com")), ["carol"]);
        assert!(names(m.with_name_ignoring_case("Alice")).is_empty());
        assert_eq!(m.touched().len(), 2);

        m.set_untracked("bob".into(), None);
        assert!(names(m.with_refresh_hash("h1")).is_empty());
        assert!(names(m.with_attr("email", "a@example.com")).is_empty());
    }
}
