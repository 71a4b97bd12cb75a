//! One test binary for the root crate's tests that need no emulator (Cargo.toml sets
//! `autotests = false`): each file in tests/ used to be a binary of its own, each
//! compiling and linking the crate and its dev-dependencies again. The files stay where
//! they are; each is a module here. srp_vectors and srp_malformed also run in wasm
//! (`cargo test --target wasm32-unknown-unknown --test offline`); the others are native only.

// Each file declares the support modules it uses (`mod prop_support;`, `mod common;`) as it
// did as a binary of its own, so those load once per file that uses them here.
#![allow(clippy::duplicate_mod)]

#[path = "jwt_verifier.rs"]
mod jwt_verifier;
#[path = "native_account.rs"]
mod native_account;
#[path = "native_auth_flows.rs"]
mod native_auth_flows;
#[path = "native_http_client.rs"]
mod native_http_client;
#[path = "native_reliability.rs"]
mod native_reliability;
#[path = "native_sign_in_steps.rs"]
mod native_sign_in_steps;
#[path = "prop_date.rs"]
mod prop_date;
#[path = "prop_encoding.rs"]
mod prop_encoding;
#[path = "prop_flows.rs"]
mod prop_flows;
#[path = "prop_pool_config.rs"]
mod prop_pool_config;
#[path = "prop_session.rs"]
mod prop_session;
#[path = "prop_srp.rs"]
mod prop_srp;
#[path = "prop_tokens.rs"]
mod prop_tokens;
#[path = "prop_wire.rs"]
mod prop_wire;
#[path = "srp_malformed.rs"]
mod srp_malformed;
#[path = "srp_vectors.rs"]
mod srp_vectors;

#[cfg(not(target_arch = "wasm32"))]
mod test_targets;

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn every_test_file_runs() {
    test_targets::assert_every_test_file_runs(env!("CARGO_MANIFEST_DIR"));
}
