//! The wasm-bindgen layer: adapts the pure-Rust core to the JavaScript API of
//! `amazon-cognito-identity-js`. No protocol logic lives here, only conversions.

pub mod auth_helper;
pub mod bigint;
pub mod date_helper;
pub mod errors;
pub mod user_agent;
pub mod word_array;
