//! OAuth 2.0 / OpenID Connect with Cognito's managed login (the hosted UI): the pieces the
//! SDK's `CognitoAuth` is made of, in pure Rust (no I/O: the platform opens the URLs and
//! sends the requests), and the encodings the emulator's OAuth endpoints share with it.
//!
//! - [`config`]: the managed login's base URL (https, or http on loopback), client, scopes,
//!   redirect URIs, response type;
//! - [`authorize`]: the `/oauth2/authorize` URL (identity_provider, idp_identifier,
//!   login_hint, scopes, state, nonce, PKCE S256, lang, prompt) and the `/logout` URL;
//! - [`callback`]: the callback URL's code, tokens or error, checked against the pending
//!   sign-in's state;
//! - [`token`]: token-endpoint requests (code exchange, refresh, revocation) and answers;
//! - [`store`]: the pending sign-in and the tokens in storage, under the user pool's keys;
//! - [`flow`]: the steps of a sign-in, refresh and sign-out over a storage;
//! - [`form`]: `application/x-www-form-urlencoded` query strings and bodies;
//! - [`pkce`]: code verifier and S256 challenge;
//! - [`error`]: the typed errors.

pub mod authorize;
pub mod callback;
pub mod config;
pub mod error;
pub mod flow;
pub mod form;
pub mod pkce;
pub mod store;
pub mod token;

pub use error::{OAuthError, OAuthResult};

#[cfg(test)]
mod tests;
