//! Identity pools: temporary AWS credentials for a guest or a user-pool sign-in, over the
//! same [`crate::wire::Transport`] as the user-pool calls. [`provider`] holds the flows and
//! the credential cache, [`client`] the service calls ([`crate::protocol::identity`] their
//! shapes), [`sts`] the basic flow's exchange of the OpenID token for credentials. Concurrent
//! callers share one refresh ([`crate::single_flight`]).

pub mod client;
pub mod provider;
pub mod sts;

pub use provider::{logins_for_id_token, AwsCredentials, BasicFlow, CredentialsProvider, IdentityPoolConfig, OpenIdToken};
