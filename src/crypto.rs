//! SHA-256, HMAC-SHA256 and the one-block HKDF exactly as the reference SDK uses them.
//!
//! Their inputs are often secret (the password text hashed for x, the premaster secret,
//! the derived key used as an HMAC key), so every intermediate that lives here is wiped:
//! the SHA-256 and HMAC states (sha2's and hmac's `zeroize` features: the hash states,
//! their block buffers and HMAC's key pads are wiped on drop), digests, decoded bytes and
//! MAC tags. What the functions return belongs to the caller.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::encoding::{from_hex, to_base64, to_hex};
use crate::error::Result;

/// The HKDF `info` string Cognito uses.
pub const HKDF_INFO: &[u8] = b"Caldera Derived Key";

/// Length in bytes of the derived SRP key.
pub const DERIVED_KEY_LEN: usize = 16;

/// Equality of two secrets (signatures, codes, client secrets) in time that depends on
/// their lengths only, not on where they differ.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// SHA-256 of `data` as 64 lowercase hex characters (the reference's `hash`).
pub fn hash(data: &[u8]) -> String {
    let mut digest = Sha256::digest(data);
    let hex = to_hex(&digest);
    digest.as_mut_slice().zeroize();
    hex
}

/// SHA-256 of the bytes a hex string denotes (the reference's `hexHash`).
pub fn hex_hash(hex: &str) -> Result<String> {
    let bytes = Zeroizing::new(from_hex(hex, "hexHash input")?);
    Ok(hash(&bytes))
}

/// HMAC-SHA256 over the concatenation of `parts`.
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    for part in parts {
        mac.update(part);
    }
    let mut out = [0u8; 32];
    // The tag is wiped when it drops (hmac's `zeroize` feature), as is `mac`'s key state.
    out.copy_from_slice(mac.finalize().as_bytes());
    out
}

/// The reference's `computehkdf(ikm, salt)`: HKDF-SHA256 extract with `salt`, then one
/// expand block with info `"Caldera Derived Key" || 0x01`, truncated to 16 bytes.
pub fn compute_hkdf(ikm: &[u8], salt: &[u8]) -> [u8; DERIVED_KEY_LEN] {
    let mut prk = hmac_sha256(salt, &[ikm]);
    let mut okm = hmac_sha256(&prk, &[HKDF_INFO, &[1]]);
    let mut key = [0u8; DERIVED_KEY_LEN];
    key.copy_from_slice(&okm[..DERIVED_KEY_LEN]);
    // The intermediate key material is wiped; the caller owns (and wipes) `key`.
    prk.zeroize();
    okm.zeroize();
    key
}

/// `SECRET_HASH = base64(HMAC-SHA256(clientSecret, username + clientId))`, required by
/// Cognito for app clients that have a secret.
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    to_base64(&hmac_sha256(client_secret.as_bytes(), &[username.as_bytes(), client_id.as_bytes()]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ct_eq_compares_contents_and_lengths() {
        assert!(ct_eq(b"123456", b"123456"));
        assert!(!ct_eq(b"123456", b"123457"));
        assert!(!ct_eq(b"12345", b"123456"));
        assert!(ct_eq(b"", b""));
    }

    #[test]
    fn sha256_known_answer() {
        assert_eq!(hash(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hex_hash("616263").unwrap(), hash(b"abc"));
        assert!(hex_hash("6162x3").is_err());
    }

    #[test]
    fn hmac_rfc4231_case_2() {
        let mac = hmac_sha256(b"Jefe", &[b"what do ya want ", b"for nothing?"]);
        assert_eq!(to_hex(&mac), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    #[test]
    fn secret_hash_matches_an_independent_computation() {
        // python3 -c "import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b'secret',b'alice'+b'client1',hashlib.sha256).digest()).decode())"
        assert_eq!(secret_hash("secret", "alice", "client1"), "1f+jIZ5jrvd9T9LKNEBwDVXuGhIxTem62DTEPkKb29k=");
    }
}
