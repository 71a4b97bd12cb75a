//! One test binary for the emulator's functional tests over HTTP (Cargo.toml sets
//! `autotests = false`): each file used to be a binary of its own, each compiling and
//! linking the emulator and its dependencies again. The files stay where they are; each is
//! a module here. The timing-sensitive ones (crash_safety, faults, load, slow_clients) stay
//! binaries of their own, so no other test's load runs beside them.

// Each file declares the support modules it uses (`mod prop_support;`, `mod common;`) as it
// did as a binary of its own, so those load once per file that uses them here.
#![allow(clippy::duplicate_mod)]

#[path = "access_control.rs"]
mod access_control;
#[path = "hosted_ui.rs"]
mod hosted_ui;
#[path = "http_robustness.rs"]
mod http_robustness;
#[path = "identity_pools.rs"]
mod identity_pools;
#[path = "srp_flows.rs"]
mod srp_flows;
#[path = "state_store.rs"]
mod state_store;
#[path = "user_auth.rs"]
mod user_auth;

#[path = "../../tests/test_targets/mod.rs"]
mod test_targets;

#[test]
fn every_test_file_runs() {
    test_targets::assert_every_test_file_runs(env!("CARGO_MANIFEST_DIR"));
}
