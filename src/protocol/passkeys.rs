//! Passkeys (WebAuthn): the four passkey operations and the WebAuthn JSON shapes they and
//! the `WEB_AUTHN` challenge carry. Binary values (challenges, credential ids, client
//! data, authenticator data, signatures) are base64url without padding, as in the WebAuthn
//! Level 3 JSON forms (`PublicKeyCredentialCreationOptionsJSON`, `PublicKeyCredential.toJSON()`),
//! so a browser's `PublicKeyCredential.parseCreationOptionsFromJSON` and `toJSON()` read
//! and write them as they are.

use serde::{Deserialize, Serialize};

use super::messages::deserialize_from_value;
use crate::json_read::{integer, ReadError, Value};

/// COSE algorithm `ES256` (ECDSA P-256 with SHA-256).
pub const ALG_ES256: i64 = -7;
/// COSE algorithm `RS256` (RSASSA-PKCS1-v1_5 with SHA-256).
pub const ALG_RS256: i64 = -257;
/// The only `type` of a WebAuthn credential.
pub const PUBLIC_KEY: &str = "public-key";

/// `PublicKeyCredentialRpEntity`.
#[derive(Serialize, Debug, Clone, PartialEq, Eq, Default)]
pub struct RelyingParty {
    pub id: String,
    pub name: String,
}

/// `PublicKeyCredentialUserEntity` (`id`: base64url of the user handle).
#[derive(Serialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct UserEntity {
    pub id: String,
    pub name: String,
    pub display_name: String,
}

/// `PublicKeyCredentialParameters`.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct CredentialParameters {
    #[serde(rename = "type")]
    pub kind: String,
    pub alg: i64,
}

/// `PublicKeyCredentialDescriptor` (`id`: base64url credential id).
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct CredentialDescriptor {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transports: Option<Vec<String>>,
}

/// `AuthenticatorSelectionCriteria`.
#[derive(Serialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticatorSelection {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_attachment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resident_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_resident_key: Option<bool>,
    /// `required` or `preferred`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_verification: Option<String>,
}

/// `StartWebAuthnRegistration`'s `CredentialCreationOptions`
/// (`PublicKeyCredentialCreationOptionsJSON`).
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CredentialCreationOptions {
    pub challenge: String,
    pub rp: RelyingParty,
    pub user: UserEntity,
    pub pub_key_cred_params: Vec<CredentialParameters>,
    /// Milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u64>,
    #[serde(default)]
    pub exclude_credentials: Vec<CredentialDescriptor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_selection: Option<AuthenticatorSelection>,
    /// `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attestation: Option<String>,
}

/// The `CREDENTIAL_REQUEST_OPTIONS` of a `WEB_AUTHN` challenge (JSON text of
/// `PublicKeyCredentialRequestOptionsJSON`).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CredentialRequestOptions {
    pub challenge: String,
    /// Milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u64>,
    pub rp_id: String,
    #[serde(default)]
    pub allow_credentials: Vec<CredentialDescriptor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_verification: Option<String>,
}

/// `AuthenticatorAttestationResponseJSON`.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
pub struct AttestationResponse {
    #[serde(rename = "clientDataJSON")]
    pub client_data_json: String,
    #[serde(rename = "attestationObject")]
    pub attestation_object: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transports: Option<Vec<String>>,
}

/// A new passkey (`RegistrationResponseJSON`): `CompleteWebAuthnRegistration`'s `Credential`.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationCredential {
    pub id: String,
    pub raw_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub response: AttestationResponse,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_attachment: Option<String>,
}

/// `AuthenticatorAssertionResponseJSON`.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
pub struct AssertionResponse {
    #[serde(rename = "clientDataJSON")]
    pub client_data_json: String,
    #[serde(rename = "authenticatorData")]
    pub authenticator_data: String,
    pub signature: String,
    #[serde(rename = "userHandle", default, skip_serializing_if = "Option::is_none")]
    pub user_handle: Option<String>,
}

/// A passkey assertion (`AuthenticationResponseJSON`): the `CREDENTIAL` answer to `WEB_AUTHN`,
/// as JSON text.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationCredential {
    pub id: String,
    pub raw_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub response: AssertionResponse,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_attachment: Option<String>,
}

/// `StartWebAuthnRegistration` response.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct StartWebAuthnRegistrationResponse {
    pub credential_creation_options: CredentialCreationOptions,
}

/// `CompleteWebAuthnRegistration` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CompleteWebAuthnRegistrationRequest {
    pub access_token: String,
    pub credential: RegistrationCredential,
}

/// `ListWebAuthnCredentials` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListWebAuthnCredentialsRequest {
    pub access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// 0 to 20.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<u32>,
}

/// `WebAuthnCredentialDescription`.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct WebAuthnCredentialDescription {
    pub credential_id: String,
    pub friendly_credential_name: String,
    pub relying_party_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_attachment: Option<String>,
    #[serde(default)]
    pub authenticator_transports: Vec<String>,
    /// Epoch seconds.
    pub created_at: f64,
}

/// `ListWebAuthnCredentials` response.
#[derive(Serialize, Debug, Clone, PartialEq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct ListWebAuthnCredentialsResponse {
    #[serde(default)]
    pub credentials: Vec<WebAuthnCredentialDescription>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `DeleteWebAuthnCredential` request.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteWebAuthnCredentialRequest {
    pub access_token: String,
    pub credential_id: String,
}

impl std::fmt::Debug for RegistrationCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RegistrationCredential").field("id", &self.id).field("type", &self.kind).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for AuthenticationCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthenticationCredential").field("id", &self.id).field("type", &self.kind).finish_non_exhaustive()
    }
}

/// The passkey answers and the new credential, read by hand from one [`Value`]
/// (`from_value`, as [`super::messages`]' answers), with the rules of the serde derives they
/// replace: a missing `Option` field or `null` is `None`, a missing `#[serde(default)]` list
/// is empty (`null` is an error), any other missing field or a field of another type is an
/// error; unknown fields are ignored. [`RegistrationCredential`] (and its
/// [`AttestationResponse`]) is also a request field, which the emulator reads with its serde
/// derive; `tests/prop_wire.rs` checks that both readers agree.
impl RelyingParty {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        Ok(RelyingParty { id: value.required_string("id")?, name: value.required_string("name")? })
    }
}

impl UserEntity {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        Ok(UserEntity { id: value.required_string("id")?, name: value.required_string("name")?, display_name: value.required_string("displayName")? })
    }
}

impl CredentialParameters {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(CredentialParameters { kind: value.required_string("type")?, alg: integer(value.required_number("alg")?)? })
    }
}

impl CredentialDescriptor {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(CredentialDescriptor {
            kind: value.required_string("type")?,
            id: value.required_string("id")?,
            transports: value.opt_list("transports", Value::as_string)?,
        })
    }
}

impl AuthenticatorSelection {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(AuthenticatorSelection {
            authenticator_attachment: value.opt_string("authenticatorAttachment")?,
            resident_key: value.opt_string("residentKey")?,
            require_resident_key: value.opt_bool("requireResidentKey")?,
            user_verification: value.opt_string("userVerification")?,
        })
    }
}

impl CredentialCreationOptions {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        let timeout = match value.opt_number("timeout")? {
            Some(n) if n >= 0.0 => Some(integer(n)? as u64),
            Some(_) => return Err(ReadError),
            None => None,
        };
        Ok(CredentialCreationOptions {
            challenge: value.required_string("challenge")?,
            rp: value.required_object("rp", RelyingParty::from_value)?,
            user: value.required_object("user", UserEntity::from_value)?,
            pub_key_cred_params: value.required_list("pubKeyCredParams", CredentialParameters::from_value)?,
            timeout,
            exclude_credentials: value.list_or_empty("excludeCredentials", CredentialDescriptor::from_value)?,
            authenticator_selection: value.opt_object("authenticatorSelection")?.map(AuthenticatorSelection::from_value).transpose()?,
            attestation: value.opt_string("attestation")?,
        })
    }
}

impl StartWebAuthnRegistrationResponse {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        Ok(StartWebAuthnRegistrationResponse {
            credential_creation_options: value.required_object("CredentialCreationOptions", CredentialCreationOptions::from_value)?,
        })
    }
}

impl WebAuthnCredentialDescription {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(WebAuthnCredentialDescription {
            credential_id: value.required_string("CredentialId")?,
            friendly_credential_name: value.required_string("FriendlyCredentialName")?,
            relying_party_id: value.required_string("RelyingPartyId")?,
            authenticator_attachment: value.opt_string("AuthenticatorAttachment")?,
            authenticator_transports: value.list_or_empty("AuthenticatorTransports", Value::as_string)?,
            created_at: value.required_number("CreatedAt")?,
        })
    }
}

impl ListWebAuthnCredentialsResponse {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        value.entries()?;
        Ok(ListWebAuthnCredentialsResponse {
            credentials: value.list_or_empty("Credentials", WebAuthnCredentialDescription::from_value)?,
            next_token: value.opt_string("NextToken")?,
        })
    }
}

impl AttestationResponse {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        Ok(AttestationResponse {
            client_data_json: value.required_string("clientDataJSON")?,
            attestation_object: value.required_string("attestationObject")?,
            transports: value.opt_list("transports", Value::as_string)?,
        })
    }
}

impl RegistrationCredential {
    /// Reads an object.
    pub fn from_value(value: &Value) -> Result<Self, ReadError> {
        Ok(RegistrationCredential {
            id: value.required_string("id")?,
            raw_id: value.required_string("rawId")?,
            kind: value.required_string("type")?,
            response: value.required_object("response", AttestationResponse::from_value)?,
            authenticator_attachment: value.opt_string("authenticatorAttachment")?,
        })
    }
}

deserialize_from_value!(
    RelyingParty,
    UserEntity,
    CredentialParameters,
    CredentialDescriptor,
    AuthenticatorSelection,
    CredentialCreationOptions,
    StartWebAuthnRegistrationResponse,
    WebAuthnCredentialDescription,
    ListWebAuthnCredentialsResponse
);

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn field_names_are_webauthn_json_and_debug_hides_the_signature() {
        let credential: AuthenticationCredential = serde_json::from_value(json!({
            "id": "Y3JlZA", "rawId": "Y3JlZA", "type": "public-key", "authenticatorAttachment": "platform",
            "response": { "clientDataJSON": "e30", "authenticatorData": "AA", "signature": "c2lnbmF0dXJlLXNlY3JldA", "userHandle": "dQ" },
            "clientExtensionResults": {}
        }))
        .unwrap();
        assert_eq!(credential.response.user_handle.as_deref(), Some("dQ"));
        let back = serde_json::to_value(&credential).unwrap();
        assert_eq!(back["response"]["clientDataJSON"], "e30");
        assert_eq!(back["rawId"], "Y3JlZA");
        assert!(!format!("{credential:?}").contains("c2lnbmF0dXJl"));
        let options = CredentialRequestOptions {
            challenge: "Y2g".into(),
            timeout: None,
            rp_id: "localhost".into(),
            allow_credentials: vec![CredentialDescriptor { kind: PUBLIC_KEY.into(), id: "Y3JlZA".into(), transports: None }],
            user_verification: Some("required".into()),
        };
        assert_eq!(
            serde_json::to_value(&options).unwrap(),
            json!({ "challenge": "Y2g", "rpId": "localhost", "allowCredentials": [{ "type": "public-key", "id": "Y3JlZA" }], "userVerification": "required" })
        );
        let listed: ListWebAuthnCredentialsResponse = serde_json::from_value(json!({ "Credentials": [{
            "CredentialId": "Y3JlZA", "FriendlyCredentialName": "Passkey 1", "RelyingPartyId": "localhost",
            "AuthenticatorTransports": ["internal"], "CreatedAt": 1.7e9 }] }))
        .unwrap();
        assert_eq!(listed.credentials[0].authenticator_transports, ["internal"]);
        assert_eq!(listed.next_token, None);
    }
}
