//! Talking to Cognito: the exact HTTP request of an operation ([`request`]), the platform
//! seam ([`transport`]), errors ([`errors`]) and the client with retry ([`client`]). What
//! the operations are and what their bodies hold is [`crate::protocol`].

pub mod client;
pub mod errors;
pub mod request;
pub mod transport;

pub use crate::protocol::{Operation, OperationName};
pub use client::CognitoClient;
pub use errors::{SdkError, SdkResult};
pub use request::HttpRequest;
pub use transport::{HttpResponse, Transport, TransportError, TransportFailure, MAX_RESPONSE_BYTES};
