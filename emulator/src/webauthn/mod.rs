//! The emulator's WebAuthn relying party: checks a new passkey (attestation `none`) and a
//! sign-in assertion the way a server must (WebAuthn Level 3, sections 7.1 and 7.2):
//! client data type, challenge and origin; the relying party id hash, the user-present and
//! user-verified flags and the signature counter in the authenticator data; the signature
//! with the stored COSE key (ES256 or RS256).

pub mod cbor;
pub mod cose;

use crate::state::WebAuthnConfig;
use crate::util;
use cbor::Cbor;
use cognito_wasm::protocol::passkeys::{AuthenticationCredential, RegistrationCredential, PUBLIC_KEY};
use cose::PublicKey;
use sha2::{Digest, Sha256};

/// Why a credential or an assertion was refused. The operations map each to Cognito's
/// error code; none of the messages carries a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not the shape WebAuthn defines (bad base64url, JSON or CBOR, wrong lengths).
    Malformed(&'static str),
    /// `clientDataJSON.type` is not the ceremony's (`webauthn.create` / `webauthn.get`).
    WrongCeremony,
    /// `clientDataJSON.challenge` is not the challenge handed out.
    ChallengeMismatch,
    /// `clientDataJSON.origin` is not a page of the relying party.
    OriginNotAllowed,
    /// The authenticator data is for another relying party id.
    RelyingPartyMismatch,
    /// The user-present flag is not set.
    UserNotPresent,
    /// The pool requires user verification and the UV flag is not set.
    UserNotVerified,
    /// An attestation format other than `none`, or a key other than ES256 / RS256.
    NotSupported(&'static str),
    /// The signature does not verify with the stored key.
    BadSignature,
    /// The signature counter did not grow: a replayed assertion or a cloned authenticator.
    SignCountNotIncreased,
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Refusal::Malformed(what) => format!("The credential is malformed: {what}."),
            Refusal::WrongCeremony => "The client data is for another WebAuthn ceremony.".into(),
            Refusal::ChallengeMismatch => "The credential does not answer the challenge.".into(),
            Refusal::OriginNotAllowed => "The credential's origin is not allowed for the relying party.".into(),
            Refusal::RelyingPartyMismatch => "The credential is for another relying party.".into(),
            Refusal::UserNotPresent => "The authenticator did not report user presence.".into(),
            Refusal::UserNotVerified => "The user pool requires user verification and the authenticator did not verify the user.".into(),
            Refusal::NotSupported(what) => format!("The credential is not supported: {what}."),
            Refusal::BadSignature => "The assertion's signature is not valid.".into(),
            Refusal::SignCountNotIncreased => {
                "The authenticator's signature counter did not increase: the assertion is replayed or the authenticator cloned.".into()
            }
        }
    }
}

const FLAG_USER_PRESENT: u8 = 0x01;
const FLAG_USER_VERIFIED: u8 = 0x04;
const FLAG_ATTESTED_CREDENTIAL: u8 = 0x40;

/// The parts of the authenticator data a relying party reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatorData {
    pub rp_id_hash: [u8; 32],
    pub flags: u8,
    pub sign_count: u32,
    /// Credential id and COSE public key (registration only).
    pub attested: Option<(Vec<u8>, Vec<u8>)>,
}

impl AuthenticatorData {
    pub fn parse(bytes: &[u8]) -> Result<Self, Refusal> {
        let short = Refusal::Malformed("authenticator data too short");
        if bytes.len() < 37 {
            return Err(short);
        }
        let rp_id_hash: [u8; 32] = bytes[..32].try_into().map_err(|_| short.clone())?;
        let flags = bytes[32];
        let sign_count = u32::from_be_bytes(bytes[33..37].try_into().map_err(|_| short.clone())?);
        let mut attested = None;
        if flags & FLAG_ATTESTED_CREDENTIAL != 0 {
            // aaguid (16), credential id length (2), credential id, COSE key.
            let rest = &bytes[37..];
            if rest.len() < 18 {
                return Err(short);
            }
            let id_len = usize::from(u16::from_be_bytes([rest[16], rest[17]]));
            let id = rest.get(18..18 + id_len).ok_or(short)?.to_vec();
            let key_bytes = &rest[18 + id_len..];
            let (_, used) = Cbor::read(key_bytes).map_err(|_| Refusal::Malformed("credential public key is not CBOR"))?;
            attested = Some((id, key_bytes[..used].to_vec()));
        }
        Ok(AuthenticatorData { rp_id_hash, flags, sign_count, attested })
    }
}

/// Whether `origin` (`scheme://host[:port]`) is a page of relying party `rp_id`: https on
/// the host or a subdomain of it, or http on `localhost` / `127.0.0.1` (what browsers
/// treat as a secure context).
pub fn origin_allowed(origin: &str, rp_id: &str) -> bool {
    let Some((scheme, rest)) = origin.split_once("://") else { return false };
    if rest.contains(['/', '?', '#', '@']) {
        return false;
    }
    let host = match rest.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        Some(_) => return false,
        None => rest,
    };
    let host = host.to_ascii_lowercase();
    let rp_id = rp_id.to_ascii_lowercase();
    let same_site = host == rp_id || host.ends_with(&format!(".{rp_id}"));
    match scheme {
        "https" => same_site,
        "http" => same_site && (host == "localhost" || host == "127.0.0.1"),
        _ => false,
    }
}

fn decode(b64url: &str, what: &'static str) -> Result<Vec<u8>, Refusal> {
    util::b64url_decode(b64url).ok_or(Refusal::Malformed(what))
}

/// Checks `clientDataJSON` (base64url) for a ceremony; returns its raw bytes.
fn check_client_data(b64url: &str, ceremony: &str, challenge: &str, config: &WebAuthnConfig) -> Result<Vec<u8>, Refusal> {
    let raw = decode(b64url, "clientDataJSON is not base64url")?;
    let data: serde_json::Value = serde_json::from_slice(&raw).map_err(|_| Refusal::Malformed("clientDataJSON is not JSON"))?;
    let field = |name: &str| data.get(name).and_then(|v| v.as_str());
    if field("type") != Some(ceremony) {
        return Err(Refusal::WrongCeremony);
    }
    let given = field("challenge").ok_or(Refusal::ChallengeMismatch)?;
    if !util::ct_eq(given.trim_end_matches('=').as_bytes(), challenge.as_bytes()) {
        return Err(Refusal::ChallengeMismatch);
    }
    if !field("origin").is_some_and(|o| origin_allowed(o, &config.relying_party_id)) {
        return Err(Refusal::OriginNotAllowed);
    }
    Ok(raw)
}

/// Checks the relying party id hash and the presence / verification flags.
fn check_authenticator(auth: &AuthenticatorData, config: &WebAuthnConfig) -> Result<(), Refusal> {
    let expected: [u8; 32] = Sha256::digest(config.relying_party_id.as_bytes()).into();
    if auth.rp_id_hash != expected {
        return Err(Refusal::RelyingPartyMismatch);
    }
    if auth.flags & FLAG_USER_PRESENT == 0 {
        return Err(Refusal::UserNotPresent);
    }
    if config.requires_user_verification() && auth.flags & FLAG_USER_VERIFIED == 0 {
        return Err(Refusal::UserNotVerified);
    }
    Ok(())
}

/// A passkey that passed registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCredential {
    /// base64url.
    pub credential_id: String,
    /// base64url of the COSE key.
    pub public_key: String,
    pub sign_count: u32,
}

/// Checks a registration (`navigator.credentials.create`'s answer) against `challenge`.
pub fn verify_registration(config: &WebAuthnConfig, challenge: &str, credential: &RegistrationCredential) -> Result<NewCredential, Refusal> {
    if credential.kind != PUBLIC_KEY {
        return Err(Refusal::Malformed("type is not public-key"));
    }
    check_client_data(&credential.response.client_data_json, "webauthn.create", challenge, config)?;
    let attestation = decode(&credential.response.attestation_object, "attestationObject is not base64url")?;
    let (object, _) = Cbor::read(&attestation).map_err(|_| Refusal::Malformed("attestationObject is not CBOR"))?;
    match object.get_text("fmt").and_then(Cbor::as_text) {
        Some("none") => {}
        Some(_) => return Err(Refusal::NotSupported("only attestation none is accepted")),
        None => return Err(Refusal::Malformed("attestationObject has no fmt")),
    }
    let auth_bytes = object.get_text("authData").and_then(Cbor::as_bytes).ok_or(Refusal::Malformed("attestationObject has no authData"))?;
    let auth = AuthenticatorData::parse(auth_bytes)?;
    check_authenticator(&auth, config)?;
    let (id, key_bytes) = auth.attested.ok_or(Refusal::Malformed("authData has no attested credential"))?;
    let raw_id = decode(&credential.raw_id, "rawId is not base64url")?;
    if id.is_empty() || id != raw_id || decode(&credential.id, "id is not base64url")? != raw_id {
        return Err(Refusal::Malformed("the credential id differs from the authenticator's"));
    }
    PublicKey::from_cose(&key_bytes)?;
    Ok(NewCredential { credential_id: util::b64url(&id), public_key: util::b64url(&key_bytes), sign_count: auth.sign_count })
}

/// Checks a sign-in assertion against `challenge` and the stored key and counter; returns
/// the new counter to store.
pub fn verify_assertion(
    config: &WebAuthnConfig,
    challenge: &str,
    public_key_b64url: &str,
    stored_count: u32,
    credential: &AuthenticationCredential,
) -> Result<u32, Refusal> {
    if credential.kind != PUBLIC_KEY {
        return Err(Refusal::Malformed("type is not public-key"));
    }
    let client_data = check_client_data(&credential.response.client_data_json, "webauthn.get", challenge, config)?;
    let auth_bytes = decode(&credential.response.authenticator_data, "authenticatorData is not base64url")?;
    let auth = AuthenticatorData::parse(&auth_bytes)?;
    check_authenticator(&auth, config)?;
    let signature = decode(&credential.response.signature, "signature is not base64url")?;
    let key = PublicKey::from_cose(&decode(public_key_b64url, "stored key")?)?;
    let mut signed = auth_bytes.clone();
    signed.extend_from_slice(&Sha256::digest(&client_data));
    if !key.verify(&signed, &signature) {
        return Err(Refusal::BadSignature);
    }
    // Both zero: the authenticator keeps no counter (allowed). Otherwise it must grow.
    if (auth.sign_count != 0 || stored_count != 0) && auth.sign_count <= stored_count {
        return Err(Refusal::SignCountNotIncreased);
    }
    Ok(auth.sign_count)
}

/// A new random challenge (base64url of 32 bytes).
pub fn new_challenge() -> String {
    util::b64url(&util::random_bytes(32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_of_the_relying_party() {
        assert!(origin_allowed("https://example.com", "example.com"));
        assert!(origin_allowed("https://login.example.com:8443", "example.com"));
        assert!(origin_allowed("http://localhost:5173", "localhost"));
        assert!(origin_allowed("http://localhost", "localhost"));
        assert!(!origin_allowed("http://example.com", "example.com"));
        assert!(!origin_allowed("https://evil-example.com", "example.com"));
        assert!(!origin_allowed("https://example.com.evil.net", "example.com"));
        assert!(!origin_allowed("https://example.com/path", "example.com"));
        assert!(!origin_allowed("https://user@example.com", "example.com"));
        assert!(!origin_allowed("https://example.com:", "example.com"));
        assert!(!origin_allowed("http://localhost:3000", "example.com"));
        assert!(!origin_allowed("example.com", "example.com"));
    }

    #[test]
    fn short_or_truncated_authenticator_data_is_malformed() {
        assert!(matches!(AuthenticatorData::parse(&[0; 36]), Err(Refusal::Malformed(_))));
        let mut attested = vec![0u8; 37];
        attested[32] = FLAG_USER_PRESENT | FLAG_ATTESTED_CREDENTIAL;
        attested.extend_from_slice(&[0; 16]);
        attested.extend_from_slice(&[0xff, 0xff, 1, 2]);
        assert!(matches!(AuthenticatorData::parse(&attested), Err(Refusal::Malformed(_))));
        let plain = AuthenticatorData::parse(&[[9u8; 32].as_slice(), &[1, 0, 0, 1, 0]].concat()).unwrap();
        assert_eq!((plain.flags, plain.sign_count, plain.attested), (1, 256, None));
    }
}
