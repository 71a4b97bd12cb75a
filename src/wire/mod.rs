//! Cognito's JSON protocol: operations and headers ([`operation`]), the platform seam
//! ([`transport`]), errors ([`errors`]), message bodies ([`messages`], [`account`]) and
//! the client with retry ([`client`]); [`ordered_map`] is the insertion-ordered map of their
//! string-keyed objects.

pub mod account;
pub mod client;
pub mod errors;
pub mod messages;
pub mod operation;
pub mod ordered_map;
pub mod transport;

pub use client::CognitoClient;
pub use errors::{SdkError, SdkResult};
pub use operation::{HttpRequest, Operation, OperationName};
pub use transport::{HttpResponse, Transport, TransportError, TransportFailure, MAX_RESPONSE_BYTES};
