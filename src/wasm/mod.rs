//! The narrow wasm interface under the hand-written JavaScript face (js/FACE.md): plain
//! data in, plain data out. Three cargo features build the three modules the face loads:
//! `session-module` (`session_api`), `flows-module` (`flows_api`) and `extras-module`
//! (`extras_api`: identity pools, the hosted UI, passkey management); a fourth,
//! `verifier-module` (`verifier_api`), is `cognito-wasm/verifier`'s. The adapters below are
//! shared by the first three; no protocol logic lives here.

#[cfg(any(feature = "session-module", not(any(feature = "flows-module", feature = "extras-module", feature = "verifier-module"))))]
pub mod cookies;
pub mod eager;
pub mod fetch;
pub mod interop;
pub mod js_client;
pub mod js_storage;
pub mod user_state;
#[cfg(any(feature = "flows-module", feature = "extras-module"))]
pub mod user_flow;

#[cfg(feature = "session-module")]
mod session_api;

#[cfg(feature = "session-module")]
mod local_checks;

#[cfg(feature = "session-module")]
mod hashes;

#[cfg(feature = "session-module")]
mod oauth_session_api;

#[cfg(feature = "flows-module")]
mod flows_api;

#[cfg(feature = "verifier-module")]
pub mod verifier_api;

#[cfg(feature = "extras-module")]
mod extras_api;
