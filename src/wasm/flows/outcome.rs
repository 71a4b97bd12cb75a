//! What a flow hands back to the face: FACE.md's `outcome`, built as a plain JS object
//! `{callback, args, withSession?}` or `{error}`. One non-generic builder for every
//! operation.
//!
//! - `callback`: the member of the caller's callback object to call (`onSuccess`,
//!   `mfaRequired`, `associateSecretCode`, ...), or `null` when no callback fires (an
//!   `sendMFASelectionAnswer` answer other than SMS_MFA / SOFTWARE_TOKEN_MFA);
//! - `args`: its arguments, as plain data;
//! - `withSession: true`: the user's (new) `signInUserSession` goes first in `args` (the
//!   face builds that object from the returned state, so identities hold);
//! - `error`: `{code?, name, message, statusCode?}` instead, for `onFailure`.

use wasm_bindgen::JsValue;

use crate::protocol::messages::StringMap;
use crate::wasm::interop::{error_to_js, set};
use crate::user::{AuthOutcome, RawJson, VerifySoftwareTokenOutcome};
use crate::wire::SdkError;

/// One argument of a callback.
pub enum Arg {
    /// A string.
    Text(String),
    /// JSON text of a response, handed on as the parsed value.
    Json(String),
    /// `true`.
    True,
    /// `null`.
    Null,
    /// A `{name: value}` object (challenge parameters).
    Map(StringMap),
    /// An array of strings.
    Texts(Vec<String>),
}

/// The outcome of one flow.
pub enum Outcome {
    /// `callbacks[callback](session?, ...args)`.
    Call { callback: Option<&'static str>, with_session: bool, args: Vec<Arg> },
    /// `onFailure(error)` / `callback(error, null)`.
    Failed(SdkError),
}

/// `'SUCCESS'`, the reference's result of most account calls.
pub const SUCCESS: &str = "SUCCESS";

impl Outcome {
    /// `onSuccess(...args)`.
    pub fn success(args: Vec<Arg>) -> Self {
        Outcome::Call { callback: Some("onSuccess"), with_session: false, args }
    }

    /// `onSuccess('SUCCESS')`.
    pub fn success_word() -> Self {
        Outcome::success(vec![Arg::Text(SUCCESS.to_string())])
    }

    /// `onSuccess(parsed response)`.
    pub fn raw(raw: RawJson) -> Self {
        Outcome::success(vec![Arg::Json(raw.into_string())])
    }

    /// `onSuccess(session)`.
    pub fn signed_in() -> Self {
        Outcome::Call { callback: Some("onSuccess"), with_session: true, args: Vec::new() }
    }

    /// `callback(...args)`.
    pub fn call(callback: &'static str, args: Vec<Arg>) -> Self {
        Outcome::Call { callback: Some(callback), with_session: false, args }
    }

    /// No callback fires.
    pub fn none() -> Self {
        Outcome::Call { callback: None, with_session: false, args: Vec::new() }
    }

    /// The `IAuthenticationCallback` member an authentication step ends with.
    pub fn of_auth(outcome: AuthOutcome) -> Self {
        let challenge = |callback, name: String, parameters| Outcome::call(callback, vec![Arg::Text(name), Arg::Map(parameters)]);
        match outcome {
            AuthOutcome::Success { user_confirmation_necessary, .. } => Outcome::Call {
                callback: Some("onSuccess"),
                with_session: true,
                args: if user_confirmation_necessary { vec![Arg::True] } else { Vec::new() },
            },
            AuthOutcome::NewPasswordRequired { user_attributes_json, required_attributes } => Outcome::call(
                "newPasswordRequired",
                vec![user_attributes_json.map(Arg::Json).unwrap_or(Arg::Null), Arg::Texts(required_attributes)],
            ),
            AuthOutcome::MfaRequired { challenge_name, parameters } => challenge("mfaRequired", challenge_name, parameters),
            AuthOutcome::TotpRequired { challenge_name, parameters } => challenge("totpRequired", challenge_name, parameters),
            AuthOutcome::MfaSetup { challenge_name, parameters } => challenge("mfaSetup", challenge_name, parameters),
            AuthOutcome::SelectMfaType { challenge_name, parameters } => challenge("selectMFAType", challenge_name, parameters),
            AuthOutcome::CustomChallenge { parameters } => Outcome::call("customChallenge", vec![Arg::Map(parameters)]),
        }
    }

    /// `verifySoftwareToken`'s `onSuccess`: the session while signing in, else the response.
    pub fn of_verify(outcome: VerifySoftwareTokenOutcome) -> Self {
        match outcome {
            VerifySoftwareTokenOutcome::SignedIn(_) => Outcome::signed_in(),
            VerifySoftwareTokenOutcome::Verified(response) => {
                let mut fields = StringMap::new();
                if let Some(status) = response.status {
                    fields.insert("Status".into(), status);
                }
                if let Some(session) = response.session {
                    fields.insert("Session".into(), session);
                }
                Outcome::success(vec![Arg::Map(fields)])
            }
        }
    }

    /// The plain object FACE.md describes.
    pub fn to_js(&self) -> JsValue {
        let out = object();
        match self {
            Outcome::Failed(error) => set(&out, "error", &error_to_js(error)),
            Outcome::Call { callback, with_session, args } => {
                set(&out, "callback", &callback.map(JsValue::from_str).unwrap_or(JsValue::NULL));
                if *with_session {
                    set(&out, "withSession", &JsValue::TRUE);
                }
                let list: js_sys::Array = args.iter().map(arg_to_js).collect();
                set(&out, "args", &list);
            }
        }
        out
    }
}

fn object() -> JsValue {
    js_sys::Object::new().into()
}

fn map_to_js(map: &StringMap) -> JsValue {
    let o = object();
    for (name, value) in map {
        set(&o, name, &JsValue::from_str(value));
    }
    o
}

fn arg_to_js(arg: &Arg) -> JsValue {
    match arg {
        Arg::Text(text) => JsValue::from_str(text),
        // RawJson is valid JSON by construction; `{}` guards the impossible case.
        Arg::Json(text) => js_sys::JSON::parse(text).unwrap_or_else(|_| object()),
        Arg::True => JsValue::TRUE,
        Arg::Null => JsValue::NULL,
        Arg::Map(map) => map_to_js(map),
        Arg::Texts(list) => list.iter().map(|s| JsValue::from_str(s)).collect::<js_sys::Array>().into(),
    }
}
