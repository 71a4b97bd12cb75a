//! PKCE (RFC 7636): the code verifier the SDK keeps, the S256 challenge it sends, and the
//! check the emulator's token endpoint makes.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::error::Result;

/// A new code verifier: 32 random bytes in base64url (43 characters of the unreserved set,
/// within RFC 7636's 43 to 128).
pub fn new_verifier() -> Result<String> {
    random_token(32)
}

/// `n` random bytes in base64url without padding (state, nonce, verifier).
pub fn random_token(n: usize) -> Result<String> {
    Ok(URL_SAFE_NO_PAD.encode(crate::random::random_bytes(n)?))
}

/// `code_challenge = BASE64URL(SHA256(ASCII(code_verifier)))`.
pub fn challenge_s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Whether a verifier has RFC 7636's form: 43 to 128 characters of `A-Z a-z 0-9 - . _ ~`.
pub fn verifier_well_formed(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len()) && verifier.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// Whether `verifier` answers `challenge` made with `method` (`S256` or `plain`), compared
/// in constant time.
pub fn verifier_matches(method: &str, challenge: &str, verifier: &str) -> bool {
    let expected = match method {
        "S256" => challenge_s256(verifier),
        "plain" => verifier.to_string(),
        _ => return false,
    };
    verifier_well_formed(verifier) && crate::crypto::ct_eq(expected.as_bytes(), challenge.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(challenge_s256(verifier), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assert!(verifier_matches("S256", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", verifier));
        assert!(!verifier_matches("S256", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN", verifier));
        assert!(verifier_matches("plain", verifier, verifier));
        assert!(!verifier_matches("S512", verifier, verifier));
        assert!(!verifier_matches("plain", "short", "short"));
    }

    #[test]
    fn new_verifiers_are_well_formed_and_differ() {
        let (a, b) = (new_verifier().unwrap(), new_verifier().unwrap());
        assert!(verifier_well_formed(&a) && verifier_well_formed(&b));
        assert_ne!(a, b);
    }
}
