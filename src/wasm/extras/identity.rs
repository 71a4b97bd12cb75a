//! `IdentityCredentials`: the extras module's handle on the core's identity-pool
//! [`CredentialsProvider`] (temporary AWS credentials for a guest or a signed-in user), for
//! the face's `CognitoIdentityCredentials` (js/src/CognitoIdentityCredentials.js).
//!
//! Unlike the user flows, this keeps state between calls: the credentials in use and the
//! refresh in flight live in the provider, so concurrent callers share one request. Requests
//! go straight to the identity service (and STS for the basic flow) through `fetch`, not
//! through the user pool's `Client`: they are another service's.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::identity::{BasicFlow, CredentialsProvider, IdentityPoolConfig};
use crate::json_read::{integer, ReadError, Value};
use crate::protocol::identity::Logins;
use crate::wasm::fetch::FetchTransport;
use crate::wasm::interop::{error_to_js, read_js, sync_result, to_js};
use crate::wasm::js_storage::JsStorage;

/// The options the face reads from its constructor's argument.
struct Options {
    identity_pool_id: String,
    endpoint: Option<String>,
    region: Option<String>,
    refresh_margin_seconds: Option<i64>,
    request_timeout_ms: Option<u32>,
    role_arn: Option<String>,
    role_session_name: Option<String>,
    sts_endpoint: Option<String>,
}

impl Options {
    /// Reads the object (`identityPoolId` required, the others missing or `null`: `None`).
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        let timeout = value.opt_number("requestTimeoutMs")?.map(integer).transpose()?;
        Ok(Options {
            identity_pool_id: value.required_string("identityPoolId")?,
            endpoint: value.opt_string("endpoint")?,
            region: value.opt_string("region")?,
            refresh_margin_seconds: value.opt_number("refreshMarginSeconds")?.map(integer).transpose()?,
            request_timeout_ms: timeout.map(|ms| u32::try_from(ms).map_err(|_| ReadError)).transpose()?,
            role_arn: value.opt_string("roleArn")?,
            role_session_name: value.opt_string("roleSessionName")?,
            sts_endpoint: value.opt_string("stsEndpoint")?,
        })
    }

    fn into_config(self) -> crate::wire::SdkResult<IdentityPoolConfig> {
        let mut config = IdentityPoolConfig::new(&self.identity_pool_id)?;
        config.endpoint = self.endpoint.filter(|e| !e.is_empty());
        config.region = self.region.filter(|r| !r.is_empty());
        if let Some(margin) = self.refresh_margin_seconds {
            config.refresh_margin_seconds = margin.max(0);
        }
        config.request_timeout_ms = self.request_timeout_ms;
        config.basic_flow = self.role_arn.filter(|r| !r.is_empty()).map(|role_arn| BasicFlow {
            role_arn,
            role_session_name: self.role_session_name,
            sts_endpoint: self.sts_endpoint.filter(|e| !e.is_empty()),
        });
        Ok(config)
    }
}

/// One identity pool's credentials provider, as a JavaScript object.
#[wasm_bindgen]
pub struct IdentityCredentials {
    provider: Rc<CredentialsProvider<FetchTransport>>,
}

#[wasm_bindgen]
impl IdentityCredentials {
    /// `new IdentityCredentials(options, storage)`: `options` as [`Options`]; `storage`
    /// caches the identity id. Throws a typed error for an identity pool id that is not one.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue, storage: JsValue) -> Result<IdentityCredentials, JsValue> {
        let options = sync_result(read_js(&options, "options", Options::from_value))?;
        let config = sync_result(options.into_config())?;
        let provider = CredentialsProvider::new(config, FetchTransport::default(), Rc::new(JsStorage::new(storage)));
        Ok(IdentityCredentials { provider: Rc::new(provider) })
    }

    /// Sets the `Logins` map (`{}`: a guest).
    #[wasm_bindgen(js_name = setLogins)]
    pub fn set_logins(&self, logins: JsValue) -> Result<(), JsValue> {
        let logins = sync_result(read_js(&logins, "Logins", Logins::from_value))?;
        self.provider.set_logins(logins);
        Ok(())
    }

    /// Sets the logins of a user-pool ID token (the key from its `iss`).
    #[wasm_bindgen(js_name = setIdToken)]
    pub fn set_id_token(&self, id_token: &str) -> Result<(), JsValue> {
        sync_result(self.provider.set_id_token(id_token))
    }

    /// The cached identity id, or `undefined`.
    #[wasm_bindgen(js_name = identityId)]
    pub fn identity_id(&self) -> Option<String> {
        self.provider.identity_id()
    }

    /// Sign-out: forgets the identity id (in storage too), the logins and the credentials.
    pub fn clear(&self) -> Result<(), JsValue> {
        sync_result(self.provider.clear())
    }

    /// Resolves `{ accessKeyId, secretAccessKey, sessionToken, expiration }` (`expiration`
    /// in seconds since the epoch), or rejects with a typed error.
    #[wasm_bindgen(js_name = getCredentials)]
    pub fn get_credentials(&self) -> js_sys::Promise {
        let provider = Rc::clone(&self.provider);
        crate::wasm::eager::promise(async move {
            let credentials = provider.get_credentials().await.map_err(|e| error_to_js(&e))?;
            to_js(&credentials).map_err(|e| error_to_js(&e))
        })
    }
}
