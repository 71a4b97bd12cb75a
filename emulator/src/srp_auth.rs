//! Glue between the emulator and the SRP core of the root crate (`cognito_wasm::srp`):
//! verifiers, the server's B, and the check of PASSWORD_CLAIM_SIGNATURE. No SRP math here.

use cognito_wasm::srp::{ServerSrp, StoredVerifier};
use num_bigint::BigUint;

/// The "pool name" in SRP: the part of the pool id after `_`.
pub fn pool_name(pool_id: &str) -> &str {
    pool_id.split_once('_').map(|(_, n)| n).unwrap_or(pool_id)
}

fn parse_hex(h: &str) -> Option<BigUint> {
    if h.is_empty() || h.len() > 2048 {
        return None;
    }
    BigUint::parse_bytes(h.as_bytes(), 16)
}

/// (salt_hex, verifier_hex) for a new password.
pub fn make_verifier(pool_id: &str, username: &str, password: &str) -> (String, String) {
    let v = StoredVerifier::generate(pool_name(pool_id), username, password).expect("OS random source failed");
    (v.salt.to_str_radix(16), v.verifier.to_str_radix(16))
}

/// Whether `password` matches the stored verifier (USER_PASSWORD_AUTH, ChangePassword).
pub fn password_matches(pool_id: &str, username: &str, password: &str, salt_hex: &str, verifier_hex: &str) -> bool {
    match (parse_hex(salt_hex), parse_hex(verifier_hex)) {
        (Some(salt), Some(verifier)) => {
            StoredVerifier { salt, verifier }.matches_password(pool_name(pool_id), username, password)
        }
        _ => false,
    }
}

/// A fresh server exchange against a stored verifier: (b_hex, B_hex). `None` if the stored
/// verifier is unreadable.
pub fn start(verifier_hex: &str) -> Option<(String, String)> {
    let v = parse_hex(verifier_hex)?;
    let s = ServerSrp::new(&v).ok()?;
    Some((s.small_b().to_str_radix(16), s.srp_b_hex()))
}

/// Outcome of a claim check.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    Valid,
    /// Wrong password (or wrong device secret).
    Wrong,
    /// TIMESTAMP is not in the reference's `Ddd Mmm D HH:mm:ss UTC YYYY` format.
    BadTimestamp,
    /// SRP_A is malformed or 0 mod N.
    BadA,
}

/// Check PASSWORD_CLAIM_SIGNATURE. `name` is the pool name (user SRP) or the device group
/// key (device SRP); `user_id` is USER_ID_FOR_SRP or the device key.
#[allow(clippy::too_many_arguments)]
pub fn verify_claim(
    b_hex: &str,
    verifier_hex: &str,
    srp_a_hex: &str,
    name: &str,
    user_id: &str,
    secret_block: &str,
    timestamp: &str,
    signature: &str,
) -> Claim {
    if cognito_wasm::date::parse_cognito_timestamp(timestamp).is_none() {
        return Claim::BadTimestamp;
    }
    let (Some(b), Some(v)) = (parse_hex(b_hex), parse_hex(verifier_hex)) else { return Claim::Wrong };
    if parse_hex(srp_a_hex).is_none() {
        return Claim::BadA;
    }
    let server = ServerSrp::with_small_b(&v, b);
    match server.verify_claim(srp_a_hex, name, user_id, secret_block, timestamp, signature) {
        Ok(true) => Claim::Valid,
        Ok(false) => Claim::Wrong,
        Err(cognito_wasm::Error::IllegalA) | Err(cognito_wasm::Error::InvalidHex(_)) => Claim::BadA,
        Err(_) => Claim::Wrong,
    }
}

/// Whether SRP_A is acceptable before answering (hex, not 0 mod N).
pub fn srp_a_ok(srp_a_hex: &str) -> bool {
    match parse_hex(srp_a_hex) {
        Some(a) => (a % cognito_wasm::srp::n()).bits() != 0,
        None => false,
    }
}

/// The SECRET_HASH a client with a secret must send (from the core).
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    cognito_wasm::crypto::secret_hash(client_secret, username, client_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_wasm::srp::SrpClient;

    #[test]
    fn round_trip_with_the_core_client() {
        let (salt, ver) = make_verifier("us-east-1_Abc", "alice", "Passw0rd!");
        assert!(password_matches("us-east-1_Abc", "alice", "Passw0rd!", &salt, &ver));
        assert!(!password_matches("us-east-1_Abc", "alice", "wrong", &salt, &ver));
        let (b, big_b) = start(&ver).unwrap();
        let client = SrpClient::new("Abc").unwrap();
        let a_hex = client.srp_a_hex();
        assert!(srp_a_ok(&a_hex));
        assert!(!srp_a_ok("0"));
        let block = crate::util::b64(b"opaque block");
        let ts = "Mon Jan 2 03:04:05 UTC 2006";
        let ans = client.answer_password_verifier("alice", "Passw0rd!", &big_b, &salt, &block, ts).unwrap();
        assert_eq!(verify_claim(&b, &ver, &a_hex, "Abc", "alice", &block, ts, &ans.signature), Claim::Valid);
        let bad = client.answer_password_verifier("alice", "nope", &big_b, &salt, &block, ts).unwrap();
        assert_eq!(verify_claim(&b, &ver, &a_hex, "Abc", "alice", &block, ts, &bad.signature), Claim::Wrong);
        assert_eq!(verify_claim(&b, &ver, &a_hex, "Abc", "alice", &block, "2006-01-02", &ans.signature), Claim::BadTimestamp);
    }
}
