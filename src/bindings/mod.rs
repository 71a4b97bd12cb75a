//! The wasm-bindgen layer: adapts the pure-Rust core to the JavaScript API of
//! `amazon-cognito-identity-js`. No protocol logic lives here, only conversions.

pub mod attribute;
pub mod auth_helper;
pub mod bigint;
pub mod callbacks;
pub mod client;
pub mod cookie_storage;
pub mod date_helper;
pub mod details;
pub mod errors;
pub use crate::wasm::fetch as fetch_transport;
pub mod pool;
pub mod session;
pub mod storage;
mod tasks;
pub mod tokens;
pub mod user;
pub mod user_account;
pub mod user_agent;
pub mod word_array;
