//! The extras module's hosted-UI exports (`CognitoAuth`, js/src/CognitoAuth.js): the OAuth
//! core's steps ([`crate::oauth::flow`]) over the page's storage, plain data in and out. The
//! face opens the URLs and sends the requests (`fetch`); no state is kept here.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::json_read::{ReadError, Value};
use crate::wasm::interop::{error_to_js, read_js, to_js};
use crate::wasm::js_storage::JsStorage;
use crate::oauth::authorize::{PendingSignIn, SignInOptions};
use crate::oauth::config::{AuthConfig, ResponseType};
use crate::oauth::flow::{AfterCallback, HostedUi};
use crate::oauth::token::FormPost;
use crate::oauth::OAuthError;
use crate::wire::SdkError;

/// `{ baseUrl, clientId, scopes, redirectSignIn, redirectSignOut, identityProvider?, responseType }`.
struct ConfigIn {
    base_url: String,
    client_id: String,
    scopes: Vec<String>,
    redirect_sign_in: String,
    redirect_sign_out: String,
    identity_provider: Option<String>,
    /// `code` or `token`.
    response_type: String,
}

impl ConfigIn {
    /// Reads the object (`scopes` may be missing, `identityProvider` missing or `null`).
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        Ok(ConfigIn {
            base_url: value.required_string("baseUrl")?,
            client_id: value.required_string("clientId")?,
            scopes: value.list_or_empty("scopes", Value::as_string)?,
            redirect_sign_in: value.required_string("redirectSignIn")?,
            redirect_sign_out: value.required_string("redirectSignOut")?,
            identity_provider: value.opt_string("identityProvider")?,
            response_type: value.required_string("responseType")?,
        })
    }
}

/// `{ provider?, idpIdentifier?, loginHint?, scopes?, customState?, lang?, prompt? }`.
#[derive(Default)]
struct OptionsIn {
    provider: Option<String>,
    idp_identifier: Option<String>,
    login_hint: Option<String>,
    scopes: Option<Vec<String>>,
    custom_state: Option<String>,
    lang: Option<String>,
    prompt: Option<String>,
}

impl OptionsIn {
    /// Reads the object (each field missing or `null`: `None`).
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(OptionsIn {
            provider: value.opt_string("provider")?,
            idp_identifier: value.opt_string("idpIdentifier")?,
            login_hint: value.opt_string("loginHint")?,
            scopes: value.opt_list("scopes", Value::as_string)?,
            custom_state: value.opt_string("customState")?,
            lang: value.opt_string("lang")?,
            prompt: value.opt_string("prompt")?,
        })
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RequestOut {
    url: String,
    content_type: &'static str,
    body: String,
}

impl From<FormPost> for RequestOut {
    fn from(p: FormPost) -> Self {
        RequestOut { url: p.url, content_type: p.content_type, body: p.body }
    }
}

fn oauth_error(e: OAuthError) -> JsValue {
    let code = e.code().to_string();
    let mut plain = SdkError::local(e.to_string());
    plain.code = Some(code.clone());
    plain.name = code;
    error_to_js(&plain)
}

fn config(value: &JsValue) -> Result<AuthConfig, JsValue> {
    let c = read_js(value, "config", ConfigIn::from_value).map_err(|e| error_to_js(&e))?;
    let response_type = if c.response_type == "token" { ResponseType::Token } else { ResponseType::Code };
    AuthConfig::new(&c.base_url, &c.client_id, c.scopes, &c.redirect_sign_in, &c.redirect_sign_out, c.identity_provider, response_type).map_err(oauth_error)
}

fn plain<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    to_js(value).map_err(|e| error_to_js(&e))
}

/// `oauthStart(config, options, storage)`: the `/oauth2/authorize` URL to open; the
/// sign-in's state, PKCE verifier and nonce are kept in `storage`.
#[wasm_bindgen(js_name = oauthStart)]
pub fn oauth_start(config_in: JsValue, options: JsValue, storage: JsValue) -> Result<String, JsValue> {
    let c = config(&config_in)?;
    let o = if options.is_undefined() || options.is_null() { OptionsIn::default() } else { read_js(&options, "options", OptionsIn::from_value).map_err(|e| error_to_js(&e))? };
    let storage = JsStorage::new(storage);
    let options = SignInOptions {
        provider: o.provider,
        idp_identifier: o.idp_identifier,
        login_hint: o.login_hint,
        scopes: o.scopes,
        custom_state: o.custom_state,
        lang: o.lang,
        prompt: o.prompt,
    };
    HostedUi::new(&c, &storage).start(&options).map_err(oauth_error)
}

/// `oauthIsCallback(url)`: whether `url` carries a code, tokens or an error.
#[wasm_bindgen(js_name = oauthIsCallback)]
pub fn oauth_is_callback(url: String) -> bool {
    crate::oauth::callback::is_callback(&url)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CallbackOut {
    /// Code flow: the token request to send, then `oauthFinish` with `pending`.
    #[serde(skip_serializing_if = "Option::is_none")]
    exchange: Option<RequestOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pending: Option<PendingSignIn>,
    /// Implicit flow: signed in.
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom_state: Option<String>,
}

/// `oauthCallback(config, url, storage, nowSeconds)`: reads the callback URL against the
/// pending sign-in (used up); the code flow's token request, or the implicit flow's user.
#[wasm_bindgen(js_name = oauthCallback)]
pub fn oauth_callback(config_in: JsValue, url: String, storage: JsValue, now_seconds: f64) -> Result<JsValue, JsValue> {
    let c = config(&config_in)?;
    let storage = JsStorage::new(storage);
    match HostedUi::new(&c, &storage).callback(&url, now_seconds as i64).map_err(oauth_error)? {
        AfterCallback::Exchange { request, pending } => {
            let custom_state = pending.custom_state.clone();
            plain(&CallbackOut { exchange: Some(request.into()), pending: Some(pending), username: None, custom_state })
        }
        AfterCallback::SignedIn { username, custom_state } => plain(&CallbackOut { exchange: None, pending: None, username: Some(username), custom_state }),
    }
}

/// `oauthFinish(config, pending, status, body, storage, nowSeconds)`: stores the code
/// exchange's answer; the username.
#[wasm_bindgen(js_name = oauthFinish)]
pub fn oauth_finish(config_in: JsValue, pending: JsValue, status: u16, body: String, storage: JsValue, now_seconds: f64) -> Result<String, JsValue> {
    let c = config(&config_in)?;
    let pending = read_js(&pending, "pending", PendingSignIn::from_value).map_err(|e| error_to_js(&e))?;
    let storage = JsStorage::new(storage);
    HostedUi::new(&c, &storage).finish(&pending, status, &body, now_seconds as i64).map_err(oauth_error)
}

/// `oauthRefreshRequest(config, storage)`: the token request refreshing the stored session,
/// or `null` without a refresh token.
#[wasm_bindgen(js_name = oauthRefreshRequest)]
pub fn oauth_refresh_request(config_in: JsValue, storage: JsValue) -> Result<JsValue, JsValue> {
    let c = config(&config_in)?;
    let storage = JsStorage::new(storage);
    match HostedUi::new(&c, &storage).refresh_request() {
        Some(r) => plain(&RequestOut::from(r)),
        None => Ok(JsValue::NULL),
    }
}

/// `oauthFinishRefresh(config, status, body, storage, nowSeconds)`: stores a refresh's
/// answer; the username.
#[wasm_bindgen(js_name = oauthFinishRefresh)]
pub fn oauth_finish_refresh(config_in: JsValue, status: u16, body: String, storage: JsValue, now_seconds: f64) -> Result<String, JsValue> {
    let c = config(&config_in)?;
    let storage = JsStorage::new(storage);
    HostedUi::new(&c, &storage).finish_refresh(status, &body, now_seconds as i64).map_err(oauth_error)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SignOutOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    revoke: Option<RequestOut>,
    logout_url: String,
}

/// `oauthSignOut(config, storage)`: clears the stored session; the revocation request (if a
/// refresh token was stored) and the `/logout` URL.
#[wasm_bindgen(js_name = oauthSignOut)]
pub fn oauth_sign_out(config_in: JsValue, storage: JsValue) -> Result<JsValue, JsValue> {
    let c = config(&config_in)?;
    let storage = JsStorage::new(storage);
    let (revoke, logout_url) = HostedUi::new(&c, &storage).sign_out().map_err(oauth_error)?;
    plain(&SignOutOut { revoke: revoke.map(RequestOut::from), logout_url })
}
