//! What the account methods hand back: [`SignUpResult`], raw JSON responses
//! ([`RawJson`]), and the options of `getUserData` ([`GetUserDataOptions`]).

#[cfg(not(target_arch = "wasm32"))]
use serde::de::DeserializeOwned;

use crate::json_read::{ReadError, Value};

use crate::protocol::account::CodeDeliveryDetails;
use crate::protocol::messages::StringMap;
use crate::wire::{SdkError, SdkResult};

/// A response the reference hands to its callback as is (`resendConfirmationCode`,
/// `forgotPassword`, `getAttributeVerificationCode`, `getDevice`, `listDevices`, the
/// details of `updateAttributes`, `getUserData`): valid JSON text (`{}` when the service
/// sent an empty body). The binding `JSON.parse`s it; Rust callers use [`RawJson::read`] (or,
/// natively, `RawJson::parse`).
#[derive(Clone, PartialEq, Eq)]
pub struct RawJson(String);

impl RawJson {
    /// Wraps text already known to be JSON.
    pub(crate) fn new(text: String) -> Self {
        RawJson(text)
    }

    /// The JSON text.
    pub fn text(&self) -> &str {
        &self.0
    }

    /// The JSON text, owned.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The response as a typed value (fields the type lacks are ignored), for native Rust
    /// callers with any `Deserialize` type; the modules read with [`RawJson::read`].
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse<T: DeserializeOwned>(&self) -> SdkResult<T> {
        crate::json::from_str(&self.0).map_err(|e| SdkError::invalid_response(format!("Unexpected response shape: {}", e.message)))
    }

    /// The response read by its type's one reader (`from_value`); text that is not JSON, or
    /// not of the type's shape, is `Unexpected response shape: invalid JSON`.
    pub fn read<T>(&self, from_value: fn(&Value) -> Result<T, ReadError>) -> SdkResult<T> {
        crate::json_read::parse(&self.0)
            .and_then(|value| from_value(&value))
            .map_err(|_| SdkError::invalid_response("Unexpected response shape: invalid JSON"))
    }
}

impl std::fmt::Debug for RawJson {
    /// Responses may hold personal data: only the length is shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RawJson({} bytes)", self.0.len())
    }
}

/// `pool.signUp`'s result: `{user, userConfirmed, userSub, codeDeliveryDetails}`. The
/// binding builds `user` as `new CognitoUser({Username: username, Pool, Storage:
/// pool.storage})`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignUpResult {
    /// The username passed to `signUp` (the new `CognitoUser`'s `Username`).
    pub username: String,
    /// `UserConfirmed` (`None`: absent from the response, JavaScript `undefined`).
    pub user_confirmed: Option<bool>,
    /// `UserSub`.
    pub user_sub: Option<String>,
    /// `CodeDeliveryDetails`.
    pub code_delivery_details: Option<CodeDeliveryDetails>,
}

/// `getUserData`'s options: `{bypassCache, clientMetadata}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GetUserDataOptions {
    /// `bypassCache`: call `GetUser` (and then refresh the session) even when user data
    /// is cached.
    pub bypass_cache: bool,
    /// `clientMetadata`, sent with that refresh.
    pub client_metadata: Option<StringMap>,
}

impl GetUserDataOptions {
    /// `{bypassCache: true}`.
    pub fn bypass_cache() -> Self {
        GetUserDataOptions { bypass_cache: true, client_metadata: None }
    }
}
