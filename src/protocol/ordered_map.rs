//! [`OrderedMap`]: a string-keyed map that keeps insertion order, as a JavaScript object
//! keeps the order its properties were assigned in (the SDK's `AuthParameters`,
//! `ChallengeParameters` as the server sent them, ...).
//!
//! A plain `Vec` of pairs with linear lookup: these maps hold a handful of entries, and a
//! `BTreeMap` (plus the stable sort its `FromIterator` uses) costs ~20 KB of wasm.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::json_read::{ReadError, Value};

/// A map from `String` keys to `V` in insertion order. Assigning to an existing key
/// replaces its value in place (as assigning to an existing JavaScript property does).
/// Equality ignores order: same keys, equal values.
#[derive(Clone)]
pub struct OrderedMap<V> {
    entries: Vec<(String, V)>,
}

impl<V> OrderedMap<V> {
    /// An empty map.
    pub const fn new() -> Self {
        OrderedMap { entries: Vec::new() }
    }

    /// Sets `key` to `value`: in place when `key` is present (returning the old value),
    /// else at the end.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => Some(std::mem::replace(v, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// True when `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Removes `key`, keeping the others' order; returns its value.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        let at = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(at).1)
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries in insertion order.
    pub fn iter(&self) -> Iter<'_, V> {
        Iter(self.entries.iter())
    }

    /// The keys in insertion order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.entries.iter().map(|(k, _)| k)
    }
}

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap::new()
    }
}

impl<V: fmt::Debug> fmt::Debug for OrderedMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Order-insensitive: the same keys with equal values.
impl<V: PartialEq> PartialEq for OrderedMap<V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<V: Eq> Eq for OrderedMap<V> {}

/// Later duplicates replace earlier ones and keep the first position.
impl<V> FromIterator<(String, V)> for OrderedMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let mut map = OrderedMap::new();
        map.extend(iter);
        map
    }
}

impl<V> Extend<(String, V)> for OrderedMap<V> {
    fn extend<I: IntoIterator<Item = (String, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<V, const N: usize> From<[(String, V); N]> for OrderedMap<V> {
    fn from(entries: [(String, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

/// Borrowed entries in insertion order, as `(&String, &V)` (like a map's iterator).
pub struct Iter<'a, V>(std::slice::Iter<'a, (String, V)>);

impl<'a, V> Iterator for Iter<'a, V> {
    type Item = (&'a String, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<'a, V> IntoIterator for &'a OrderedMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = Iter<'a, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<V> IntoIterator for OrderedMap<V> {
    type Item = (String, V);
    type IntoIter = std::vec::IntoIter<(String, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// A string map read by hand from a [`Value`] (the session module's `ClientMetadata` and a
/// refresh answer's maps): an object of strings, a repeated key replacing the earlier value
/// in place, as the `Deserialize` impl below reads it.
impl OrderedMap<String> {
    /// The map of an object of strings; anything else is an error.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        let mut map = OrderedMap::new();
        for (key, item) in value.entries()? {
            map.insert(key.clone(), item.as_string()?);
        }
        Ok(map)
    }
}

/// A map (JSON object) with the entries in order.
impl<V: Serialize> Serialize for OrderedMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// From a map (JSON object), in its order; a repeated key replaces the earlier value in
/// place (what `JSON.parse` does).
impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = OrderedMap<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = OrderedMap::new();
                while let Some((k, v)) = access.next_entry::<String, V>()? {
                    map.insert(k, v);
                }
                Ok(map)
            }
        }

        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::OrderedMap;

    fn s(text: &str) -> String {
        text.to_string()
    }

    fn keys<V>(map: &OrderedMap<V>) -> Vec<&str> {
        map.keys().map(String::as_str).collect()
    }

    #[test]
    fn keeps_insertion_order_and_replaces_in_place() {
        let mut m = OrderedMap::new();
        assert!(m.is_empty());
        assert_eq!(m.insert(s("b"), 1), None);
        assert_eq!(m.insert(s("a"), 2), None);
        assert_eq!(m.insert(s("c"), 3), None);
        assert_eq!(keys(&m), ["b", "a", "c"]);
        assert_eq!(m.insert(s("b"), 4), Some(1));
        assert_eq!(keys(&m), ["b", "a", "c"]);
        assert_eq!((m.len(), m.get("b"), m.get("z")), (3, Some(&4), None));
        assert!(m.contains_key("a") && !m.contains_key("A"));
        let pairs: Vec<(&String, &i32)> = (&m).into_iter().collect();
        assert_eq!(pairs, [(&s("b"), &4), (&s("a"), &2), (&s("c"), &3)]);
        let owned: Vec<(String, i32)> = m.into_iter().collect();
        assert_eq!(owned, [(s("b"), 4), (s("a"), 2), (s("c"), 3)]);
    }

    #[test]
    fn from_iter_keeps_first_position_and_last_value() {
        let m: OrderedMap<i32> = [(s("x"), 1), (s("y"), 2), (s("x"), 3)].into_iter().collect();
        assert_eq!(keys(&m), ["x", "y"]);
        assert_eq!(m.get("x"), Some(&3));
        assert_eq!(m, OrderedMap::from([(s("x"), 3), (s("y"), 2)]));
        let mut e = OrderedMap::from([(s("y"), 0)]);
        e.extend([(s("z"), 1), (s("y"), 2)]);
        assert_eq!(keys(&e), ["y", "z"]);
        assert_eq!(e.get("y"), Some(&2));
    }

    #[test]
    fn remove_keeps_the_others_order_and_clear_empties() {
        let mut m = OrderedMap::from([(s("a"), 1), (s("b"), 2), (s("c"), 3)]);
        assert_eq!(m.remove("b"), Some(2));
        assert_eq!(m.remove("b"), None);
        assert_eq!(keys(&m), ["a", "c"]);
        m.insert(s("b"), 4);
        assert_eq!(keys(&m), ["a", "c", "b"]);
        m.clear();
        assert!(m.is_empty());
    }

    #[test]
    fn equality_ignores_order() {
        let a = OrderedMap::from([(s("a"), 1), (s("b"), 2)]);
        assert_eq!(a, OrderedMap::from([(s("b"), 2), (s("a"), 1)]));
        assert_ne!(a, OrderedMap::from([(s("a"), 1), (s("b"), 3)]));
        assert_ne!(a, OrderedMap::from([(s("a"), 1)]));
        assert_ne!(a, OrderedMap::from([(s("a"), 1), (s("c"), 2)]));
        assert_eq!(OrderedMap::<i32>::new(), OrderedMap::default());
        assert_eq!(format!("{a:?}"), r#"{"a": 1, "b": 2}"#);
    }

    #[test]
    fn serde_round_trip_keeps_order() {
        let m = OrderedMap::from([(s("USERNAME"), Some(s("alice"))), (s("DEVICE_KEY"), None), (s("A"), Some(s("1")))]);
        let text = serde_json::to_string(&m).unwrap();
        assert_eq!(text, r#"{"USERNAME":"alice","DEVICE_KEY":null,"A":"1"}"#);
        let back: OrderedMap<Option<String>> = serde_json::from_str(&text).unwrap();
        assert_eq!(keys(&back), ["USERNAME", "DEVICE_KEY", "A"]);
        assert_eq!(back, m);
        // A repeated key: the last value, at the first position (as `JSON.parse`).
        let dup: OrderedMap<String> = serde_json::from_str(r#"{"b":"1","a":"2","b":"3"}"#).unwrap();
        assert_eq!(keys(&dup), ["b", "a"]);
        assert_eq!(dup.get("b").map(String::as_str), Some("3"));
        assert!(serde_json::from_str::<OrderedMap<String>>(r#"["a"]"#).is_err());
        assert!(serde_json::from_str::<OrderedMap<String>>(r#"{"a":1}"#).is_err());
    }
}
