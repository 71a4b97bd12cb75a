//! A map that remembers which entries the current operation touched, so that only those
//! are written to the store at commit and only those are reloaded on a rollback.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

/// A `BTreeMap<String, V>` whose mutations mark keys as touched: `get_mut`, `insert` and
/// `remove` mark their key, `values_mut` marks every key. `insert` and `remove` also mark
/// the key as replaced (the whole value changed, not just fields of it).
#[derive(Debug, Clone)]
pub struct TrackedMap<V> {
    map: BTreeMap<String, V>,
    touched: BTreeSet<String>,
    replaced: BTreeSet<String>,
}

impl<V> Default for TrackedMap<V> {
    fn default() -> Self {
        TrackedMap { map: BTreeMap::new(), touched: BTreeSet::new(), replaced: BTreeSet::new() }
    }
}

impl<V> TrackedMap<V> {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.map.get(key)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.map.keys()
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.map.values()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.map.iter()
    }

    /// Entries whose key sorts strictly after `key` (all of them for `None`), in order.
    pub fn after<'a>(&'a self, key: Option<&'a str>) -> impl Iterator<Item = (&'a String, &'a V)> {
        let start = key.map_or(Bound::Unbounded, Bound::Excluded);
        self.map.range::<str, _>((start, Bound::Unbounded))
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let v = self.map.get_mut(key)?;
        if !self.touched.contains(key) {
            self.touched.insert(key.to_string());
        }
        Some(v)
    }

    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        self.touched.insert(key.clone());
        self.replaced.insert(key.clone());
        self.map.insert(key, value)
    }

    pub fn remove(&mut self, key: &str) -> Option<V> {
        let old = self.map.remove(key)?;
        self.touched.insert(key.to_string());
        self.replaced.insert(key.to_string());
        Some(old)
    }

    /// Every value, mutably: marks every key as touched (avoid on large maps).
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.touched.extend(self.map.keys().cloned());
        self.map.values_mut()
    }

    /// Keys touched since the last [`TrackedMap::forget_touched`].
    pub fn touched(&self) -> &BTreeSet<String> {
        &self.touched
    }

    /// Whether `key` was inserted or removed (not only changed in place) since the last
    /// [`TrackedMap::forget_touched`].
    pub fn was_replaced(&self, key: &str) -> bool {
        self.replaced.contains(key)
    }

    /// The touched keys, forgetting them (after a commit or a rollback).
    pub fn forget_touched(&mut self) -> BTreeSet<String> {
        self.replaced.clear();
        std::mem::take(&mut self.touched)
    }

    /// Mutable access that is not an operation's change (loading, rollback).
    pub fn get_mut_untracked(&mut self, key: &str) -> Option<&mut V> {
        self.map.get_mut(key)
    }

    /// Set or remove an entry without marking it (loading, rollback).
    pub fn set_untracked(&mut self, key: String, value: Option<V>) {
        match value {
            Some(v) => self.map.insert(key, v),
            None => self.map.remove(&key),
        };
    }
}

impl<V> std::ops::Index<&String> for TrackedMap<V> {
    type Output = V;
    fn index(&self, key: &String) -> &V {
        &self.map[key]
    }
}

impl<V> FromIterator<(String, V)> for TrackedMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        TrackedMap { map: iter.into_iter().collect(), ..Default::default() }
    }
}

impl<V: Serialize> Serialize for TrackedMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.map.serialize(s)
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for TrackedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(BTreeMap::<String, V>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_mark_keys_and_reads_do_not() {
        let mut m: TrackedMap<i32> = [("a".to_string(), 1), ("b".to_string(), 2), ("c".to_string(), 3)].into_iter().collect();
        assert!(m.touched().is_empty());
        assert_eq!(m.get("a"), Some(&1));
        assert_eq!(m.values().count(), 3);
        assert!(m.touched().is_empty());
        *m.get_mut("b").unwrap() = 20;
        assert!(m.get_mut("zz").is_none());
        m.insert("d".into(), 4);
        m.remove("a");
        assert!(m.remove("nope").is_none());
        assert_eq!(m.touched().iter().map(String::as_str).collect::<Vec<_>>(), ["a", "b", "d"]);
        assert!(m.was_replaced("a") && m.was_replaced("d") && !m.was_replaced("b"));
        assert_eq!(m.after(Some("b")).map(|(k, _)| k.as_str()).collect::<Vec<_>>(), ["c", "d"]);
        assert_eq!(m.forget_touched().len(), 3);
        assert!(m.touched().is_empty() && !m.was_replaced("a"));
        m.set_untracked("e".into(), Some(5));
        assert!(m.touched().is_empty());
        m.values_mut().for_each(|v| *v += 1);
        assert_eq!(m.touched().len(), 4);
    }
}
