//! De-duplication of concurrent token refreshes: callers refreshing the same user's refresh
//! token while a refresh is in flight wait for that one request instead of sending their
//! own (the reference sends one per caller). The key is the username and the refresh token.

use crate::protocol::messages::AuthResponse;
use crate::single_flight::SingleFlight;
use crate::wire::SdkResult;

/// The shared outcome of one refresh request.
pub type RefreshOutcome = SdkResult<AuthResponse>;

/// Refreshes in flight, by username and refresh token.
pub type RefreshGate = SingleFlight<String, RefreshOutcome>;
