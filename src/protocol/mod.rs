//! One typed description of Cognito's user-pool API, shared by the SDK (which writes
//! requests and reads responses) and the emulator (which reads requests and writes
//! responses): the operations ([`operation`]), the names of challenges, flows and
//! parameters ([`names`]), and the message bodies with Cognito's field names
//! ([`messages`]: sign-in, [`account`]: the account operations, `admin`: administration,
//! native builds only), [`passkeys`]: the WebAuthn operations and shapes. [`identity`] is the
//! second service, identity pools, and [`sts`] the STS call of their basic flow.
//! `federation`: the hosted UI's domain and identity providers (native only).
//! [`ordered_map`] is the insertion-ordered map of their string-keyed
//! objects.

pub mod account;
#[cfg(not(target_arch = "wasm32"))]
pub mod admin;
pub mod identity;
#[cfg(not(target_arch = "wasm32"))]
pub mod federation;
pub mod messages;
pub mod names;
pub mod operation;
pub mod ordered_map;
pub mod passkeys;
pub mod sts;

pub use operation::{Operation, OperationName};

// Native only: they cover `admin` too, which wasm builds leave out.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
