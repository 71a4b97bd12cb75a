//! One test binary for the root crate's end-to-end tests: each starts the local emulator
//! (tests/native_emulator_support) on its own port. Native only. See tests/offline.rs for
//! why the files are modules of one binary.
#![cfg(not(target_arch = "wasm32"))]

// Each file declares the support modules it uses (`mod prop_support;`, `mod common;`) as it
// did as a binary of its own, so those load once per file that uses them here.
#![allow(clippy::duplicate_mod)]

#[path = "native_account_emulator.rs"]
mod native_account_emulator;
#[path = "native_emulator.rs"]
mod native_emulator;
#[path = "native_faults.rs"]
mod native_faults;
#[path = "native_identity_pools.rs"]
mod native_identity_pools;
#[path = "native_oauth_emulator.rs"]
mod native_oauth_emulator;
#[path = "native_user_auth.rs"]
mod native_user_auth;
