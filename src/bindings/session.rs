//! `CognitoUserSession({IdToken, AccessToken, RefreshToken, ClockDrift})` over
//! [`crate::session`].

use wasm_bindgen::prelude::*;

use super::callbacks::{get, method, sdk_error};
use super::tokens::{jwt_text_of, refresh_text_of, CognitoAccessToken, CognitoIdToken, CognitoRefreshToken};
use crate::date::now_unix_seconds;
use crate::session::CognitoUserSession as CoreSession;
use crate::tokens::{AccessToken, IdToken, RefreshToken};

/// The reference's `CognitoUserSession`.
#[wasm_bindgen]
#[derive(Clone, Debug)]
pub struct CognitoUserSession {
    session: CoreSession,
}

impl CognitoUserSession {
    /// Wraps a core session.
    pub fn from_core(session: CoreSession) -> Self {
        CognitoUserSession { session }
    }

    /// The core session.
    pub fn core(&self) -> &CoreSession {
        &self.session
    }

    /// Reads a session object (ours, or anything with `getIdToken()`, `getAccessToken()`,
    /// `getRefreshToken()` and `getClockDrift()`). `None` when it has no id/access token.
    pub fn read(value: &JsValue) -> Option<CoreSession> {
        let call = |name: &str| -> JsValue {
            method(value, name).and_then(|f| f.call0(value).ok()).unwrap_or(JsValue::UNDEFINED)
        };
        let id = jwt_text_of(&call("getIdToken"))?;
        let access = jwt_text_of(&call("getAccessToken"))?;
        let refresh = refresh_text_of(&call("getRefreshToken"));
        let drift = call("getClockDrift").as_f64();
        CoreSession::new(Some(IdToken::new(id)), Some(AccessToken::new(access)), refresh.map(RefreshToken::new), drift, now_unix_seconds()).ok()
    }
}

#[wasm_bindgen]
impl CognitoUserSession {
    /// `new CognitoUserSession({IdToken, AccessToken, RefreshToken?, ClockDrift?})`; the
    /// tokens are token objects (or their text). Throws `Id token and Access Token must be
    /// present.` without an id or access token.
    #[wasm_bindgen(constructor)]
    pub fn new(data: JsValue) -> Result<CognitoUserSession, JsValue> {
        let id = jwt_text_of(&get(&data, "IdToken")).map(IdToken::new);
        let access = jwt_text_of(&get(&data, "AccessToken")).map(AccessToken::new);
        let refresh = refresh_text_of(&get(&data, "RefreshToken")).map(RefreshToken::new);
        let drift = get(&data, "ClockDrift");
        let drift = if drift.is_undefined() { None } else { Some(drift.as_f64().unwrap_or(f64::NAN)) };
        let session = CoreSession::new(id, access, refresh, drift, now_unix_seconds()).map_err(|e| sdk_error(&e))?;
        Ok(CognitoUserSession { session })
    }

    #[wasm_bindgen(js_name = getIdToken)]
    pub fn get_id_token(&self) -> CognitoIdToken {
        CognitoIdToken::from_core(self.session.id_token().clone())
    }

    #[wasm_bindgen(js_name = getAccessToken)]
    pub fn get_access_token(&self) -> CognitoAccessToken {
        CognitoAccessToken::from_core(self.session.access_token().clone())
    }

    #[wasm_bindgen(js_name = getRefreshToken)]
    pub fn get_refresh_token(&self) -> CognitoRefreshToken {
        CognitoRefreshToken::from_core(self.session.refresh_token().clone())
    }

    /// Seconds the local clock is ahead of the token issuer's.
    #[wasm_bindgen(js_name = getClockDrift)]
    pub fn get_clock_drift(&self) -> f64 {
        self.session.clock_drift()
    }

    /// `now − min(access.iat, id.iat)`, in seconds.
    #[wasm_bindgen(js_name = calculateClockDrift)]
    pub fn calculate_clock_drift(&self) -> f64 {
        self.session.calculate_clock_drift(now_unix_seconds())
    }

    /// True while `now − clockDrift` is before both tokens' `exp`.
    #[wasm_bindgen(js_name = isValid)]
    pub fn is_valid(&self) -> bool {
        self.session.is_valid(now_unix_seconds())
    }

    /// The reference's `idToken` field.
    #[wasm_bindgen(getter = idToken)]
    pub fn id_token(&self) -> CognitoIdToken {
        self.get_id_token()
    }

    /// The reference's `accessToken` field.
    #[wasm_bindgen(getter = accessToken)]
    pub fn access_token(&self) -> CognitoAccessToken {
        self.get_access_token()
    }

    /// The reference's `refreshToken` field.
    #[wasm_bindgen(getter = refreshToken)]
    pub fn refresh_token(&self) -> CognitoRefreshToken {
        self.get_refresh_token()
    }

    /// The reference's `clockDrift` field.
    #[wasm_bindgen(getter = clockDrift)]
    pub fn clock_drift(&self) -> f64 {
        self.session.clock_drift()
    }
}
