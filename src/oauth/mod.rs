//! OAuth 2.0 / OpenID Connect with Cognito's managed login (the hosted UI): the pieces the
//! SDK's `CognitoAuth` is made of, in pure Rust, and the encodings the emulator's OAuth
//! endpoints share with it.
//!
//! - [`form`]: `application/x-www-form-urlencoded` query strings and bodies;
//! - [`pkce`]: code verifier and S256 challenge.

pub mod form;
pub mod pkce;
