//! Loading the shared SRP vectors (`tests/vectors/srp-public.json`) for native and wasm tests.
#![allow(dead_code)]

use serde_json::Value;

/// The vectors file, embedded so the same code runs natively and in wasm.
pub const VECTORS_JSON: &str = include_str!("../vectors/srp-public.json");

pub fn vectors() -> Value {
    serde_json::from_str(VECTORS_JSON).expect("vectors file is JSON")
}

pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("vector field {key} is a string"))
}
