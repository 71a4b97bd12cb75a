//! Property/fuzz tests of the wire layer (`wire/`): the error mapping of any HTTP
//! response (random statuses, bodies, `x-amzn-errortype` headers), the JSON parsing of
//! every operation's response type, and the client (with retry) over a transport that
//! answers at random. Typed results only, never a panic. See tests/FUZZING.md.
#![cfg(not(target_arch = "wasm32"))]

mod prop_support;

use std::cell::RefCell;
use std::collections::VecDeque;

use cognito_wasm::json_read::{ReadError, Value as Read};
use cognito_wasm::protocol::account::{CodeDeliveryDetails, GetUserResponse, MfaOption, SignUpResponse, UserAttribute};
use cognito_wasm::protocol::messages::{
    AssociateSoftwareTokenResponse, AuthResponse, ConfirmDeviceResponse, EmptyResponse, GetTokensFromRefreshTokenResponse, VerifySoftwareTokenResponse,
};
use cognito_wasm::oauth::authorize::PendingSignIn;
use cognito_wasm::protocol::identity::{GetCredentialsForIdentityResponse, GetIdResponse, GetOpenIdTokenResponse};
use cognito_wasm::protocol::passkeys::{ListWebAuthnCredentialsResponse, RegistrationCredential, StartWebAuthnRegistrationResponse};
use cognito_wasm::wire::client::{backoff_delay_ms, is_retryable, read_success_body};
use cognito_wasm::wire::errors::{codes, error_from_response};
use cognito_wasm::wire::{CognitoClient, HttpRequest, HttpResponse, Operation, SdkError, Transport, TransportError};
use futures::executor::block_on;
use prop_support::*;
use proptest::prelude::*;
use serde_json::{json, Value};

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        3 => prop::sample::select(vec![200u16, 204, 299, 300, 400, 403, 404, 429, 500, 502, 503, 504]),
        1 => any::<u16>(),
    ]
}

/// Error documents: `__type`/`code` of any type, with `#` prefixes, and messages.
fn error_body() -> impl Strategy<Value = String> {
    let type_value = prop_oneof![
        prop::sample::select(vec![
            "NotAuthorizedException", "com.amazonaws.cognito#UserNotFoundException", "a#b#c", "#", "x#", "#x", "", "TooManyRequestsException",
            "InternalErrorException", "ResourceNotFoundException",
        ])
        .prop_map(|s| Value::String(s.to_string())),
        interesting_string(30).prop_map(Value::String),
        json_value(),
    ];
    (prop::option::of(type_value.clone()), prop::option::of(type_value), prop::option::of(json_value()), prop::option::of(json_value())).prop_map(
        |(t, c, m, mu)| {
            let mut o = serde_json::Map::new();
            if let Some(t) = t {
                o.insert("__type".into(), t);
            }
            if let Some(c) = c {
                o.insert("code".into(), c);
            }
            if let Some(m) = m {
                o.insert("message".into(), m);
            }
            if let Some(m) = mu {
                o.insert("Message".into(), m);
            }
            Value::Object(o).to_string()
        },
    )
}

fn any_body() -> impl Strategy<Value = String> {
    prop_oneof![2 => body_text(), 1 => error_body()]
}

fn header() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        prop::sample::select(vec!["InternalErrorException:http://internal.amazon.com/", "X", ":", "", "A:B:C", "NotAuthorizedException"])
            .prop_map(str::to_string),
        interesting_string(40),
    ])
}

/// The mapping rules, restated: a non-empty string `__type` or `code` gives the text after
/// the last `#`; else a non-empty header gives the text before the first `:` with the
/// status; else `UnknownError` with the status.
fn model_error(status: u16, body: &str, header: Option<&str>) -> SdkError {
    let doc: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let text = |k: &str| doc.get(k).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
    let fields_ok = doc.is_object() && ["__type", "code", "message", "Message"].iter().all(|k| matches!(doc.get(*k), None | Some(Value::Null) | Some(Value::String(_))));
    if fields_ok {
        if let Some(raw) = text("__type").or_else(|| text("code")) {
            let code = raw.rsplit('#').next().unwrap().to_string();
            let message = text("message").or_else(|| text("Message")).unwrap_or_else(|| "null".into());
            return SdkError::service(code, message, None);
        }
    }
    if let Some(h) = header.filter(|h| !h.is_empty()) {
        return SdkError::service(h.split(':').next().unwrap(), status.to_string(), Some(status));
    }
    SdkError::service(codes::UNKNOWN_ERROR, format!("Unknown error (HTTP status {status})"), Some(status))
}

#[test]
fn error_mapping_of_any_response() {
    check("wire/error_mapping", cases(3000), (status(), any_body(), header()), |(status, body, header)| {
        let e = error_from_response(status, &body, header.as_deref());
        prop_assert_eq!(&e, &model_error(status, &body, header.as_deref()));
        prop_assert_eq!(e.name.as_str(), e.code.as_deref().unwrap());
        // Display/Debug work and the retry decision is total.
        let _ = (e.to_string(), format!("{e:?}"), is_retryable(&e));
        Ok(())
    });
}

/// The serde derives the answers were read with before their hand-written readers
/// (`from_value`), kept here as the oracle the readers are checked against.
mod derived {
    use cognito_wasm::protocol::account::{MfaOption, UserAttribute};
    use cognito_wasm::protocol::messages::StringMap;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct NewDeviceMetadata {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub device_key: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub device_group_key: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct AuthenticationResult {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub access_token: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub id_token: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub refresh_token: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub expires_in: Option<f64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub token_type: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub new_device_metadata: Option<NewDeviceMetadata>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct AuthResponse {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub challenge_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub challenge_parameters: Option<StringMap>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub session: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub authentication_result: Option<AuthenticationResult>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub available_challenges: Option<Vec<String>>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct GetTokensFromRefreshTokenResponse {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub authentication_result: Option<AuthenticationResult>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase", default)]
    #[derive(Default)]
    pub struct CodeDeliveryDetails {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub destination: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub delivery_medium: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub attribute_name: Option<String>,
    }

    #[derive(Serialize, Deserialize, Default)]
    #[serde(rename_all = "PascalCase", default)]
    pub struct SignUpResponse {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub user_confirmed: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub user_sub: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub code_delivery_details: Option<CodeDeliveryDetails>,
    }

    #[derive(Serialize, Deserialize, Default)]
    #[serde(default)]
    pub struct GetUserResponse {
        #[serde(rename = "Username", skip_serializing_if = "Option::is_none")]
        pub username: Option<String>,
        #[serde(rename = "UserAttributes")]
        pub user_attributes: Vec<UserAttribute>,
        #[serde(rename = "MFAOptions", skip_serializing_if = "Option::is_none")]
        pub mfa_options: Option<Vec<MfaOption>>,
        #[serde(rename = "PreferredMfaSetting", skip_serializing_if = "Option::is_none")]
        pub preferred_mfa_setting: Option<String>,
        #[serde(rename = "UserMFASettingList", skip_serializing_if = "Option::is_none")]
        pub user_mfa_setting_list: Option<Vec<String>>,
    }

    #[derive(Serialize, Deserialize, Default)]
    #[serde(rename_all = "PascalCase", default)]
    pub struct ConfirmDeviceResponse {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub user_confirmation_necessary: Option<bool>,
    }

    #[derive(Serialize, Deserialize, Default)]
    #[serde(rename_all = "PascalCase", default)]
    pub struct AssociateSoftwareTokenResponse {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub secret_code: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub session: Option<String>,
    }

    #[derive(Serialize, Deserialize, Default)]
    #[serde(rename_all = "PascalCase", default)]
    pub struct VerifySoftwareTokenResponse {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub status: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub session: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    pub struct RelyingParty {
        pub id: String,
        pub name: String,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct UserEntity {
        pub id: String,
        pub name: String,
        pub display_name: String,
    }

    /// Numbers as `f64` (the readers read them as `JSON.parse` does: `1e3` is 1000), an
    /// integer checked by [`integral`].
    #[derive(Serialize, Deserialize)]
    pub struct CredentialParameters {
        #[serde(rename = "type")]
        pub kind: String,
        pub alg: f64,
    }

    #[derive(Serialize, Deserialize)]
    pub struct CredentialDescriptor {
        #[serde(rename = "type")]
        pub kind: String,
        pub id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub transports: Option<Vec<String>>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct AuthenticatorSelection {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub authenticator_attachment: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub resident_key: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub require_resident_key: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub user_verification: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CredentialCreationOptions {
        pub challenge: String,
        pub rp: RelyingParty,
        pub user: UserEntity,
        pub pub_key_cred_params: Vec<CredentialParameters>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub timeout: Option<f64>,
        #[serde(default)]
        pub exclude_credentials: Vec<CredentialDescriptor>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub authenticator_selection: Option<AuthenticatorSelection>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub attestation: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct StartWebAuthnRegistrationResponse {
        pub credential_creation_options: CredentialCreationOptions,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct WebAuthnCredentialDescription {
        pub credential_id: String,
        pub friendly_credential_name: String,
        pub relying_party_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub authenticator_attachment: Option<String>,
        #[serde(default)]
        pub authenticator_transports: Vec<String>,
        pub created_at: f64,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct ListWebAuthnCredentialsResponse {
        #[serde(default)]
        pub credentials: Vec<WebAuthnCredentialDescription>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub next_token: Option<String>,
    }

    #[derive(Serialize, Deserialize, Default)]
    #[serde(rename_all = "PascalCase", default)]
    pub struct GetIdResponse {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub identity_id: Option<String>,
    }

    #[derive(Serialize, Deserialize, Default)]
    #[serde(rename_all = "PascalCase", default)]
    pub struct IdentityCredentials {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub access_key_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub secret_key: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub session_token: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub expiration: Option<f64>,
    }

    #[derive(Serialize, Deserialize, Default)]
    #[serde(rename_all = "PascalCase", default)]
    pub struct GetCredentialsForIdentityResponse {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub identity_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub credentials: Option<IdentityCredentials>,
    }

    #[derive(Serialize, Deserialize, Default)]
    #[serde(rename_all = "PascalCase", default)]
    pub struct GetOpenIdTokenResponse {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub identity_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub token: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    pub struct PendingSignIn {
        pub state: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub code_verifier: Option<String>,
        pub nonce: String,
        pub redirect_uri: String,
        pub response_type: String,
        pub scopes: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub custom_state: Option<String>,
    }

    /// The integer rule of the readers' `alg` (i64) and `timeout` (u64).
    pub fn integral(options: &CredentialCreationOptions) -> bool {
        let int = |n: f64| n.fract() == 0.0 && n.abs() < 9.2e18;
        options.pub_key_cred_params.iter().all(|p| int(p.alg)) && options.timeout.is_none_or(|t| int(t) && t >= 0.0)
    }
}

/// Keys whose value the readers read as an object, and keys of lists of objects: an array
/// there is refused (JavaScript reads no property from an array), where serde's derive
/// filled the struct by position. The oracle sees such an array as a string, so that it
/// refuses it too: the one deliberate difference from the derives (with a repeated key,
/// which `serde_json::Map` cannot hold: the readers take the last, as `JSON.parse`).
const OBJECT_KEYS: &[&str] = &[
    "AuthenticationResult", "NewDeviceMetadata", "CodeDeliveryDetails", "ChallengeParameters", "CredentialCreationOptions", "rp", "user",
    "authenticatorSelection", "response",
];
const OBJECT_LIST_KEYS: &[&str] = &["UserAttributes", "MFAOptions", "Credentials", "pubKeyCredParams", "excludeCredentials"];

fn arrays_refused(value: &Value, object_keys: &[&str], list_keys: &[&str]) -> Value {
    let inner = |v: &Value| arrays_refused(v, object_keys, list_keys);
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::Array(_) if object_keys.contains(&k.as_str()) => Value::String("an array".into()),
                        Value::Array(items) if list_keys.contains(&k.as_str()) => {
                            items.iter().map(|i| if i.is_array() { Value::String("an array".into()) } else { inner(i) }).collect()
                        }
                        other => inner(other),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => items.iter().map(inner).collect(),
        other => other.clone(),
    }
}

/// What the readers give for `body` (through `read_success_body`, as the modules read an
/// answer) and what the derive gives (through the same empty/not-an-object rule), as JSON.
fn both<R: serde::Serialize, D: serde::Serialize + serde::de::DeserializeOwned>(
    body: &str,
    read: fn(&Read) -> Result<R, ReadError>,
) -> (Option<Value>, Option<Value>) {
    let ours = read_success_body(Operation::InitiateAuth, body, read).ok().map(|r| numbers_as_f64(&serde_json::to_value(&r).unwrap()));
    let doc = if body.trim().is_empty() { Some(json!({})) } else { serde_json::from_str::<Value>(body).ok() };
    let theirs = doc.and_then(|doc| {
        // `Credentials` is an object in `GetCredentialsForIdentity`, a list of objects in
        // `ListWebAuthnCredentials`.
        let identity = std::any::type_name::<D>().ends_with("GetCredentialsForIdentityResponse");
        let (objects, lists) = if identity { (&["Credentials"][..], &[][..]) } else { (OBJECT_KEYS, OBJECT_LIST_KEYS) };
        let doc = if doc.is_object() { arrays_refused(&doc, objects, lists) } else { json!({}) };
        serde_json::from_value::<D>(doc).ok().map(|d| numbers_as_f64(&serde_json::to_value(&d).unwrap()))
    });
    (ours, theirs)
}

/// Numbers as `f64` (`-7` and `-7.0` alike), for comparing values read into other types.
fn numbers_as_f64(value: &Value) -> Value {
    match value {
        Value::Number(n) => serde_json::Number::from_f64(n.as_f64().unwrap()).map_or(Value::Null, Value::Number),
        Value::Array(items) => items.iter().map(numbers_as_f64).collect(),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), numbers_as_f64(v))).collect()),
        other => other.clone(),
    }
}

/// Every answer's reader against its former derive: the same value, or both refuse.
fn readers_agree(body: &str) -> Result<(), TestCaseError> {
    if !body.trim().is_empty() && serde_json::from_str::<Value>(body).is_err() && cognito_wasm::json_read::parse(body).is_ok() {
        // A number beyond f64 (`1e400`): `JSON.parse` and the reader take it as Infinity,
        // serde_json refuses it; the readers are compared on what both parse.
        return Ok(());
    }
    let pairs = [
        ("AuthResponse", both::<AuthResponse, derived::AuthResponse>(body, AuthResponse::from_value)),
        ("GetTokensFromRefreshTokenResponse", both::<_, derived::GetTokensFromRefreshTokenResponse>(body, GetTokensFromRefreshTokenResponse::from_value)),
        ("SignUpResponse", both::<_, derived::SignUpResponse>(body, SignUpResponse::from_value)),
        ("CodeDeliveryDetails", both::<_, derived::CodeDeliveryDetails>(body, CodeDeliveryDetails::from_value)),
        ("GetUserResponse", both::<_, derived::GetUserResponse>(body, GetUserResponse::from_value)),
        ("ConfirmDeviceResponse", both::<_, derived::ConfirmDeviceResponse>(body, ConfirmDeviceResponse::from_value)),
        ("AssociateSoftwareTokenResponse", both::<_, derived::AssociateSoftwareTokenResponse>(body, AssociateSoftwareTokenResponse::from_value)),
        ("VerifySoftwareTokenResponse", both::<_, derived::VerifySoftwareTokenResponse>(body, VerifySoftwareTokenResponse::from_value)),
        ("UserAttribute", both::<_, UserAttribute>(body, UserAttribute::from_value)),
        ("MfaOption", both::<_, MfaOption>(body, MfaOption::from_value)),
        ("ListWebAuthnCredentialsResponse", both::<_, derived::ListWebAuthnCredentialsResponse>(body, ListWebAuthnCredentialsResponse::from_value)),
        ("RegistrationCredential", both::<_, RegistrationCredential>(body, RegistrationCredential::from_value)),
        ("GetIdResponse", both::<_, derived::GetIdResponse>(body, GetIdResponse::from_value)),
        ("GetCredentialsForIdentityResponse", both::<_, derived::GetCredentialsForIdentityResponse>(body, GetCredentialsForIdentityResponse::from_value)),
        ("GetOpenIdTokenResponse", both::<_, derived::GetOpenIdTokenResponse>(body, GetOpenIdTokenResponse::from_value)),
        ("PendingSignIn", both::<_, derived::PendingSignIn>(body, PendingSignIn::from_value)),
    ];
    for (name, (ours, theirs)) in pairs {
        prop_assert_eq!(ours, theirs, "{} of {:?}", name, body);
    }
    let (ours, theirs) = both::<_, derived::StartWebAuthnRegistrationResponse>(body, StartWebAuthnRegistrationResponse::from_value);
    let theirs_integral = serde_json::from_value::<derived::StartWebAuthnRegistrationResponse>(theirs.clone().unwrap_or(Value::Null))
        .is_ok_and(|t| derived::integral(&t.credential_creation_options));
    prop_assert_eq!(ours, theirs.filter(|_| theirs_integral), "StartWebAuthnRegistrationResponse of {:?}", body);
    // `{}`-typed responses accept any JSON object (and empty bodies).
    let empty = read_success_body(Operation::InitiateAuth, body, EmptyResponse::from_value);
    prop_assert_eq!(empty.is_ok(), body.trim().is_empty() || serde_json::from_str::<Value>(body).is_ok(), "EmptyResponse of {:?}", body);
    Ok(())
}

/// Response-shaped objects whose fields have random types.
fn response_shaped() -> impl Strategy<Value = String> {
    let field = prop_oneof![json_value(), interesting_string(20).prop_map(Value::String), Just(Value::Null)];
    (
        prop::collection::vec((json_key(), field.clone()), 0..8),
        prop::collection::vec((json_key(), field), 0..6),
        prop::sample::select(vec!["AuthenticationResult", "ChallengeParameters", "CodeDeliveryDetails", "NewDeviceMetadata", "UserAttributes"]),
        any::<bool>(),
    )
        .prop_map(|(outer, inner, nest_under, as_array)| {
            let inner: serde_json::Map<String, Value> = inner.into_iter().collect();
            let mut o: serde_json::Map<String, Value> = outer.into_iter().collect();
            o.insert(nest_under.to_string(), if as_array { json!([inner]) } else { Value::Object(inner) });
            Value::Object(o).to_string()
        })
}

/// Answers of the shapes the readers read, each field of its type, of another, `null` or
/// left out, nested objects of the same kind: the readers' success paths as well as their
/// refusals.
fn typed_answer() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => interesting_string(12).prop_map(Value::String),
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => prop::sample::select(vec![json!(-7), json!(-257), json!(3600), json!(1.5), json!(-1), json!(1e3), json!(1.7e9)]),
        1 => prop::collection::vec(interesting_string(6).prop_map(Value::String), 0..3).prop_map(Value::Array),
        1 => Just(json!([])),
    ];
    let keys = prop::sample::select(vec![
        "ChallengeName", "ChallengeParameters", "Session", "AuthenticationResult", "AvailableChallenges", "AccessToken", "IdToken", "RefreshToken",
        "ExpiresIn", "TokenType", "NewDeviceMetadata", "DeviceKey", "DeviceGroupKey", "UserConfirmationNecessary", "SecretCode", "Status",
        "UserConfirmed", "UserSub", "CodeDeliveryDetails", "Destination", "DeliveryMedium", "AttributeName", "Username", "UserAttributes", "Name",
        "Value", "MFAOptions", "PreferredMfaSetting", "UserMFASettingList", "Credentials", "NextToken", "CredentialId", "FriendlyCredentialName",
        "RelyingPartyId", "AuthenticatorAttachment", "AuthenticatorTransports", "CreatedAt", "CredentialCreationOptions", "challenge", "rp", "user",
        "id", "name", "displayName", "pubKeyCredParams", "type", "alg", "timeout", "excludeCredentials", "transports", "authenticatorSelection",
        "residentKey", "requireResidentKey", "userVerification", "attestation", "rawId", "response", "clientDataJSON", "attestationObject",
        "authenticatorAttachment", "IdentityId", "Token", "Credentials", "AccessKeyId", "SecretKey", "SessionToken", "Expiration", "state",
        "code_verifier", "nonce", "redirect_uri", "response_type", "scopes", "custom_state",
    ]);
    let object = move |inner: BoxedStrategy<Value>| {
        prop::collection::vec((keys.clone(), inner), 0..10).prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
    };
    leaf.prop_recursive(4, 64, 10, move |inner| {
        let objects = object(inner.boxed());
        prop_oneof![2 => objects.clone(), 1 => prop::collection::vec(objects, 0..3).prop_map(Value::Array)]
    })
    .prop_map(|v| v.to_string())
}

/// Whole answers as the service sends them (each reader's success path), with up to two
/// fields replaced by a random value or removed, at any depth.
fn mutated_answer() -> impl Strategy<Value = String> {
    let answers = vec![
        json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {"SRP_B": "ab", "SALT": "cd"}, "Session": "s",
            "AvailableChallenges": ["PASSWORD", "EMAIL_OTP"],
            "AuthenticationResult": {"AccessToken": "a", "IdToken": "i", "RefreshToken": "r", "ExpiresIn": 3600, "TokenType": "Bearer",
                "NewDeviceMetadata": {"DeviceKey": "dk", "DeviceGroupKey": "g"}}}),
        json!({"UserConfirmed": false, "UserSub": "sub", "CodeDeliveryDetails": {"Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"},
            "UserConfirmationNecessary": true, "SecretCode": "ABC", "Status": "SUCCESS", "Session": "s"}),
        json!({"Username": "alice", "UserAttributes": [{"Name": "sub", "Value": "1"}, {"Name": "email"}], "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}],
            "PreferredMfaSetting": "SOFTWARE_TOKEN_MFA", "UserMFASettingList": ["SOFTWARE_TOKEN_MFA"], "Name": "n", "Value": "v"}),
        json!({"CredentialCreationOptions": {"challenge": "Y2g", "rp": {"id": "localhost", "name": "app"},
            "user": {"id": "dQ", "name": "alice", "displayName": "Alice"}, "pubKeyCredParams": [{"type": "public-key", "alg": -7}, {"type": "public-key", "alg": -257}],
            "timeout": 60000, "excludeCredentials": [{"type": "public-key", "id": "Y3JlZA", "transports": ["internal"]}],
            "authenticatorSelection": {"residentKey": "required", "requireResidentKey": true, "userVerification": "required"}, "attestation": "none"}}),
        json!({"Credentials": [{"CredentialId": "Y3JlZA", "FriendlyCredentialName": "Passkey 1", "RelyingPartyId": "localhost",
            "AuthenticatorAttachment": "platform", "AuthenticatorTransports": ["internal"], "CreatedAt": 1.7e9}], "NextToken": "n"}),
        json!({"IdentityId": "eu-west-1:1", "Token": "t", "Credentials": {"AccessKeyId": "A", "SecretKey": "s", "SessionToken": "t", "Expiration": 1.7e9}}),
        json!({"state": "s", "code_verifier": "v", "nonce": "n", "redirect_uri": "https://app/", "response_type": "code", "scopes": ["openid"], "custom_state": "c"}),
        json!({"id": "Y3JlZA", "rawId": "Y3JlZA", "type": "public-key", "authenticatorAttachment": "platform",
            "response": {"clientDataJSON": "e30", "attestationObject": "o2M", "transports": ["internal"]}, "clientExtensionResults": {}}),
    ];
    let replacement = prop_oneof![json_value().prop_map(Some), Just(None), Just(Some(json!(1.5))), Just(Some(json!([])))];
    (prop::sample::select(answers), prop::collection::vec((any::<prop::sample::Index>(), replacement), 0..3)).prop_map(|(mut answer, changes)| {
        for (at, replacement) in changes {
            let mut paths = Vec::new();
            collect_paths(&answer, &mut Vec::new(), &mut paths);
            if let Some(path) = paths.get(at.index(paths.len().max(1))) {
                replace_at(&mut answer, path, replacement);
            }
        }
        answer.to_string()
    })
}

/// Every path (object keys, array indexes) to a value inside `value`.
fn collect_paths(value: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        _ => return,
    };
    for (key, child) in children {
        at.push(key);
        out.push(at.clone());
        collect_paths(child, at, out);
        at.pop();
    }
}

/// Replaces (or, for `None`, removes or nulls) the value at `path`.
fn replace_at(value: &mut Value, path: &[String], replacement: Option<Value>) {
    let (last, parents) = path.split_last().unwrap();
    let mut parent = value;
    for key in parents {
        parent = match parent {
            Value::Object(map) => map.get_mut(key).unwrap(),
            Value::Array(items) => &mut items[key.parse::<usize>().unwrap()],
            _ => unreachable!(),
        };
    }
    match (parent, replacement) {
        (Value::Object(map), None) => {
            map.remove(last);
        }
        (Value::Object(map), Some(v)) => {
            map.insert(last.clone(), v);
        }
        (Value::Array(items), v) => items[last.parse::<usize>().unwrap()] = v.unwrap_or(Value::Null),
        _ => unreachable!(),
    }
}

#[test]
fn every_reader_agrees_with_its_former_derive() {
    let bodies = prop_oneof![3 => mutated_answer(), 2 => typed_answer(), 1 => body_text(), 1 => response_shaped()];
    check("wire/readers", cases(4000), bodies, |body| readers_agree(&body));
}

#[test]
fn every_response_type_parses_any_body() {
    let strategy = (prop::sample::select(Operation::ALL.to_vec()), prop_oneof![body_text(), response_shaped()]);
    check("wire/response_parsing", cases(1500), strategy, |(op, body)| {
        if let Err(e) = read_success_body(op, &body, AuthResponse::from_value) {
            prop_assert_eq!(e.code.as_deref(), Some(codes::INVALID_RESPONSE));
            let prefix = format!("Invalid {} response from Cognito", op.name());
            prop_assert!(e.message.starts_with(&prefix), "message {:?}", e.message);
        }
        Ok(())
    });
}

/// A transport replaying scripted answers, then failing (no response).
struct Scripted {
    answers: RefCell<VecDeque<Result<HttpResponse, TransportError>>>,
    sent: RefCell<Vec<HttpRequest>>,
}

impl Transport for Scripted {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.sent.borrow_mut().push(request);
        self.answers.borrow_mut().pop_front().unwrap_or_else(|| Err(TransportError { detail: "script over".into() }))
    }
    async fn sleep(&self, _millis: u32) {}
    fn now_millis(&self) -> i64 {
        1_767_225_600_000
    }
}

fn answer() -> impl Strategy<Value = Result<HttpResponse, TransportError>> {
    prop_oneof![
        8 => (status(), prop_oneof![any_body(), response_shaped()], header())
            .prop_map(|(status, body, error_type)| Ok(HttpResponse { status, body, error_type })),
        1 => Just(Err(TransportError { detail: "offline".into() })),
    ]
}

#[test]
fn the_client_maps_any_answer() {
    let strategy = (prop::sample::select(Operation::ALL.to_vec()), prop::collection::vec(answer(), 0..8), 0u8..5, interesting_string(20));
    check("wire/client", cases(1500), strategy, |(op, answers, call, name)| {
        let first = answers.first().cloned();
        let client = CognitoClient::new("http://mock.invalid/", Scripted { answers: RefCell::new(answers.into()), sent: RefCell::new(Vec::new()) });
        let request = json!({"AccessToken": "t"});
        let result: Result<String, SdkError> = block_on(async {
            match call {
                0 => client.request(op, &request, AuthResponse::from_value).await.map(|r| format!("{r:?}")),
                1 => client.request_with_retry(op, &request, EmptyResponse::from_value).await.map(|_| String::new()),
                2 => client.request_raw(op, &request).await,
                3 => client.request_text(&name, "{}".into()).await,
                _ => client.request_text_with_retry(&name, "{}".into()).await,
            }
        });
        let sent = client.transport().sent.borrow().len();
        // Retries stop: at most 6 attempts (the reference's backoff schedule).
        prop_assert!(sent <= 6, "{} attempts", sent);
        if call != 1 && call != 4 {
            prop_assert_eq!(sent, 1);
        }
        match (&result, first) {
            (Ok(text), _) if call >= 2 => {
                prop_assert!(serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok(), "raw text is not JSON");
            }
            (Err(e), Some(Err(_))) if sent == 1 => prop_assert_eq!(e, &SdkError::network()),
            (Err(e), Some(Ok(r))) if sent == 1 && !r.is_ok() => prop_assert_eq!(e, &error_from_response(r.status, &r.body, r.error_type.as_deref())),
            _ => {}
        }
        Ok(())
    });
}

#[test]
fn backoff_is_bounded() {
    check("wire/backoff", cases(3000), (any::<u32>(), 0.0f64..1.0), |(attempt, jitter)| {
        if let Some(d) = backoff_delay_ms(attempt, jitter) {
            prop_assert!((0.0..=5_000.0).contains(&d));
        }
        Ok(())
    });
}
