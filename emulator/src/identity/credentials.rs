//! What an identity is given: temporary AWS credentials (well-formed fakes: an `ASIA…`
//! access key id, a 40-character secret, an opaque session token, a real `Expiration`),
//! and the OpenID token of the basic flow, signed with the emulator's key.

use crate::tokens::TokenSigner;
use crate::util;
use serde_json::{json, Value};

/// The characters of an access key id after its `ASIA` prefix (as AWS's: capitals and 2-7).
const KEY_ID_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/// The characters of a secret access key.
const SECRET_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The issuer of Cognito's OpenID tokens.
pub const OPEN_ID_ISSUER: &str = "https://cognito-identity.amazonaws.com";
/// How long an OpenID token is valid (Cognito's: 10 minutes).
pub const OPEN_ID_TOKEN_VALIDITY: i64 = 600;

/// `Credentials` of a `GetCredentialsForIdentity` answer, valid `validity` seconds from now
/// on the emulator's clock.
pub fn issue(validity: i64) -> Value {
    json!({
        "AccessKeyId": format!("ASIA{}", util::random_from(KEY_ID_ALPHABET, 16)),
        "SecretKey": util::random_from(SECRET_ALPHABET, 40),
        "SessionToken": util::b64(&util::random_bytes(240)),
        "Expiration": util::now() + validity,
    })
}

/// The OpenID token of `GetOpenIdToken`: `sub` the identity, `aud` the identity pool,
/// `amr` `authenticated` and the providers, or `unauthenticated` for a guest.
pub fn open_id_token(keys: &TokenSigner, identity_id: &str, identity_pool_id: &str, providers: &[String]) -> String {
    let now = util::now();
    let amr: Vec<String> = if providers.is_empty() {
        vec!["unauthenticated".into()]
    } else {
        std::iter::once("authenticated".to_string()).chain(providers.iter().cloned()).collect()
    };
    keys.sign_jwt(&json!({
        "sub": identity_id,
        "aud": identity_pool_id,
        "amr": amr,
        "iss": OPEN_ID_ISSUER,
        "https://cognito-identity.amazonaws.com/identity-pool-arn": format!("arn:aws:cognito-identity:{}:000000000000:identitypool/{identity_pool_id}", identity_pool_id.split(':').next().unwrap_or_default()),
        "iat": now,
        "exp": now + OPEN_ID_TOKEN_VALIDITY,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_well_formed() {
        let c = issue(900);
        let key = c["AccessKeyId"].as_str().unwrap();
        assert!(key.starts_with("ASIA") && key.len() == 20 && key[4..].bytes().all(|b| KEY_ID_ALPHABET.contains(&b)), "{key}");
        assert_eq!(c["SecretKey"].as_str().unwrap().len(), 40);
        assert!(c["SessionToken"].as_str().unwrap().len() > 300);
        let exp = c["Expiration"].as_i64().unwrap();
        assert!((exp - util::now() - 900).abs() <= 1);
        assert_ne!(issue(900)["AccessKeyId"], c["AccessKeyId"]);
    }
}
