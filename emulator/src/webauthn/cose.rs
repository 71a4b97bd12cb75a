//! COSE public keys (RFC 9052 / 9053) of passkeys: EC2 P-256 with ES256, and RSA with
//! RS256, the two algorithms the relying party offers.

use super::cbor::Cbor;
use super::Refusal;
use cognito_wasm::protocol::passkeys::{ALG_ES256, ALG_RS256};

// COSE key parameters.
const KTY: i128 = 1;
const ALG: i128 = 3;
const EC2_CRV: i128 = -1;
const EC2_X: i128 = -2;
const EC2_Y: i128 = -3;
const RSA_N: i128 = -1;
const RSA_E: i128 = -2;
const KTY_EC2: i128 = 2;
const KTY_RSA: i128 = 3;
const CRV_P256: i128 = 1;

/// A passkey's public key.
#[derive(Debug, Clone)]
pub enum PublicKey {
    Es256(p256::ecdsa::VerifyingKey),
    Rs256(rsa::RsaPublicKey),
}

impl PublicKey {
    pub fn from_cose(bytes: &[u8]) -> Result<PublicKey, Refusal> {
        let (key, _) = Cbor::read(bytes).map_err(|_| Refusal::Malformed("credential public key is not CBOR"))?;
        let int = |label| key.get_int(label).and_then(Cbor::as_int);
        let bytes_of = |label| key.get_int(label).and_then(Cbor::as_bytes);
        match (int(KTY), int(ALG)) {
            (Some(KTY_EC2), Some(alg)) if alg == i128::from(ALG_ES256) => {
                if int(EC2_CRV) != Some(CRV_P256) {
                    return Err(Refusal::NotSupported("only the P-256 curve is accepted for ES256"));
                }
                let (Some(x), Some(y)) = (bytes_of(EC2_X), bytes_of(EC2_Y)) else {
                    return Err(Refusal::Malformed("EC2 key without x or y"));
                };
                if x.len() != 32 || y.len() != 32 {
                    return Err(Refusal::Malformed("EC2 coordinates are not 32 bytes"));
                }
                let point = [&[0x04], x, y].concat();
                let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).map_err(|_| Refusal::Malformed("EC2 point is not on P-256"))?;
                Ok(PublicKey::Es256(key))
            }
            (Some(KTY_RSA), Some(alg)) if alg == i128::from(ALG_RS256) => {
                let (Some(n), Some(e)) = (bytes_of(RSA_N), bytes_of(RSA_E)) else {
                    return Err(Refusal::Malformed("RSA key without n or e"));
                };
                if n.len() < 256 {
                    return Err(Refusal::NotSupported("RSA keys shorter than 2048 bits are refused"));
                }
                let key = rsa::RsaPublicKey::new(rsa::BigUint::from_bytes_be(n), rsa::BigUint::from_bytes_be(e))
                    .map_err(|_| Refusal::NotSupported("RSA key outside the accepted sizes"))?;
                Ok(PublicKey::Rs256(key))
            }
            _ => Err(Refusal::NotSupported("only ES256 (P-256) and RS256 keys are accepted")),
        }
    }

    /// Verifies `signature` over `message` (SHA-256 inside; ES256 signatures are DER).
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match self {
            PublicKey::Es256(key) => {
                use p256::ecdsa::signature::Verifier;
                p256::ecdsa::Signature::from_der(signature).is_ok_and(|sig| key.verify(message, &sig).is_ok())
            }
            PublicKey::Rs256(key) => {
                use rsa::signature::Verifier;
                let verifier = rsa::pkcs1v15::VerifyingKey::<rsa::sha2::Sha256>::new(key.clone());
                rsa::pkcs1v15::Signature::try_from(signature).is_ok_and(|sig| verifier.verify(message, &sig).is_ok())
            }
        }
    }
}
