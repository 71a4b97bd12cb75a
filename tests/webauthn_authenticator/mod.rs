//! A software passkey authenticator for tests: makes the `navigator.credentials.create` and
//! `navigator.credentials.get` answers (WebAuthn JSON, attestation `none`) that a browser
//! would send, from the options the server gave, with a P-256 key (ES256) or any signer
//! the test supplies (RS256). Knobs let a test send what a hostile or broken client would:
//! another origin, another relying party id, missing flags, a stale signature counter.
#![allow(dead_code)]

use std::rc::Rc;

use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// User present.
pub const FLAG_UP: u8 = 0x01;
/// User verified.
pub const FLAG_UV: u8 = 0x04;
const FLAG_AT: u8 = 0x40;

pub fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn b64url_decode(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text).expect("base64url")
}

/// Minimal CBOR writing (definite lengths), enough for attestation objects and COSE keys.
pub mod cbor {
    pub enum Item {
        Int(i64),
        Bytes(Vec<u8>),
        Text(String),
        Map(Vec<(Item, Item)>),
    }

    fn head(out: &mut Vec<u8>, major: u8, n: u64) {
        let m = major << 5;
        match n {
            0..=23 => out.push(m | n as u8),
            24..=0xff => out.extend([m | 24, n as u8]),
            0x100..=0xffff => {
                out.push(m | 25);
                out.extend((n as u16).to_be_bytes());
            }
            0x1_0000..=0xffff_ffff => {
                out.push(m | 26);
                out.extend((n as u32).to_be_bytes());
            }
            _ => {
                out.push(m | 27);
                out.extend(n.to_be_bytes());
            }
        }
    }

    pub fn encode(item: &Item) -> Vec<u8> {
        let mut out = vec![];
        write(&mut out, item);
        out
    }

    fn write(out: &mut Vec<u8>, item: &Item) {
        match item {
            Item::Int(n) if *n >= 0 => head(out, 0, *n as u64),
            Item::Int(n) => head(out, 1, (-1 - *n) as u64),
            Item::Bytes(b) => {
                head(out, 2, b.len() as u64);
                out.extend(b);
            }
            Item::Text(t) => {
                head(out, 3, t.len() as u64);
                out.extend(t.as_bytes());
            }
            Item::Map(entries) => {
                head(out, 5, entries.len() as u64);
                for (k, v) in entries {
                    write(out, k);
                    write(out, v);
                }
            }
        }
    }
}

use cbor::Item;

/// Signs a message with the passkey's private key (the signature as WebAuthn carries it).
type Sign = Rc<dyn Fn(&[u8]) -> Vec<u8>>;

/// A passkey on a software authenticator.
#[derive(Clone)]
pub struct Authenticator {
    pub credential_id: Vec<u8>,
    /// The COSE public key.
    pub cose_key: Vec<u8>,
    sign: Sign,
    /// The counter the next assertion reports is this plus one.
    pub sign_count: u32,
    /// Flags of the next ceremony (user present and verified by default).
    pub flags: u8,
}

impl Authenticator {
    /// An ES256 (P-256) passkey; `seed` makes the key and id (tests stay reproducible).
    pub fn es256(seed: u8) -> Authenticator {
        let key = p256::ecdsa::SigningKey::from_slice(&[seed.max(1); 32]).expect("P-256 key");
        let point = key.verifying_key().to_sec1_point(false);
        let bytes = point.as_bytes();
        let cose = cbor::encode(&Item::Map(vec![
            (Item::Int(1), Item::Int(2)),
            (Item::Int(3), Item::Int(-7)),
            (Item::Int(-1), Item::Int(1)),
            (Item::Int(-2), Item::Bytes(bytes[1..33].to_vec())),
            (Item::Int(-3), Item::Bytes(bytes[33..65].to_vec())),
        ]));
        Authenticator::with_signer(vec![seed; 16], cose, move |message| {
            use p256::ecdsa::signature::Signer;
            let signature: p256::ecdsa::Signature = key.sign(message);
            signature.to_der().as_bytes().to_vec()
        })
    }

    /// A passkey with any key: its COSE form and a function signing with it.
    pub fn with_signer(credential_id: Vec<u8>, cose_key: Vec<u8>, sign: impl Fn(&[u8]) -> Vec<u8> + 'static) -> Authenticator {
        Authenticator { credential_id, cose_key, sign: Rc::new(sign), sign_count: 0, flags: FLAG_UP | FLAG_UV }
    }

    pub fn id(&self) -> String {
        b64url(&self.credential_id)
    }

    fn authenticator_data(&self, rp_id: &str, attested: bool) -> Vec<u8> {
        let mut data = Sha256::digest(rp_id.as_bytes()).to_vec();
        data.push(self.flags | if attested { FLAG_AT } else { 0 });
        data.extend(self.sign_count.to_be_bytes());
        if attested {
            data.extend([0u8; 16]);
            data.extend((self.credential_id.len() as u16).to_be_bytes());
            data.extend(&self.credential_id);
            data.extend(&self.cose_key);
        }
        data
    }

    /// `navigator.credentials.create`'s answer (`RegistrationResponseJSON`) to
    /// `CredentialCreationOptions`, from a page at `origin`, for relying party `rp_id`
    /// (normally `options.rp.id`).
    pub fn register(&self, options: &Value, origin: &str, rp_id: &str) -> Value {
        let client_data = client_data("webauthn.create", options["challenge"].as_str().unwrap(), origin);
        let attestation = cbor::encode(&Item::Map(vec![
            (Item::Text("fmt".into()), Item::Text("none".into())),
            (Item::Text("attStmt".into()), Item::Map(vec![])),
            (Item::Text("authData".into()), Item::Bytes(self.authenticator_data(rp_id, true))),
        ]));
        json!({
            "id": self.id(),
            "rawId": self.id(),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(&client_data),
                "attestationObject": b64url(&attestation),
                "transports": ["internal"],
            },
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
        })
    }

    /// `navigator.credentials.get`'s answer (`AuthenticationResponseJSON`) to request
    /// options (`challenge`), from `origin`, for `rp_id`. Counts one signature.
    pub fn assert(&mut self, challenge: &str, origin: &str, rp_id: &str) -> Value {
        self.sign_count += 1;
        let client_data = client_data("webauthn.get", challenge, origin);
        let auth_data = self.authenticator_data(rp_id, false);
        let mut signed = auth_data.clone();
        signed.extend(Sha256::digest(&client_data));
        let signature = (self.sign)(&signed);
        json!({
            "id": self.id(),
            "rawId": self.id(),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(&client_data),
                "authenticatorData": b64url(&auth_data),
                "signature": b64url(&signature),
                "userHandle": null,
            },
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
        })
    }
}

/// `clientDataJSON` as a browser writes it.
pub fn client_data(kind: &str, challenge: &str, origin: &str) -> Vec<u8> {
    json!({ "type": kind, "challenge": challenge, "origin": origin, "crossOrigin": false }).to_string().into_bytes()
}
