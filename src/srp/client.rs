//! The client's side of Cognito SRP: the ephemeral pair (a, A) and the answer to a
//! `PASSWORD_VERIFIER` (or `DEVICE_PASSWORD_VERIFIER`) challenge.

use num_bigint::BigUint;
use num_traits::Zero;
use zeroize::Zeroizing;

use super::group::{g, n};
use super::math::{compute_s, compute_u, compute_x, derive_key, mod_pow_n_secret, password_claim_signature, SECRET_EXPONENT_BITS};
use crate::crypto::DERIVED_KEY_LEN;
use crate::encoding::parse_hex_integer;
use crate::error::{Error, Result};
use crate::random::random_bytes;

/// Bytes of randomness in the secret exponent `a`: 32 (256 bits), RFC 5054's minimum (§2.5.4:
/// "a is a random number that SHOULD be at least 256 bits in length"; §2.5.3 says the same of
/// the server's b). The reference draws 128 bytes (1024 bits). The 3072-bit group gives about
/// 128-bit security, which a 256-bit exponent already matches, so the extra bits only cost
/// time: A = g^a runs over 256 exponent bits instead of 1024, and S = (B − k·g^x)^(a + u·x)
/// over ~512 (u and x are 256-bit hashes) instead of ~1025. The server cannot tell the
/// difference. [`SrpClient::with_small_a`] still takes any `a` (the vectors use 1024-bit ones).
pub const SMALL_A_BYTES: usize = 32;
const _: () = assert!(SMALL_A_BYTES * 8 <= SECRET_EXPONENT_BITS);

/// Longest accepted user id, password or pool name (Cognito's own limits are far lower).
pub const MAX_TEXT_LEN: usize = 4096;

/// Longest accepted `SECRET_BLOCK` (Cognito's are about 1–2 KB).
pub const MAX_SECRET_BLOCK_LEN: usize = 16 * 1024;

/// One SRP exchange's client state. `a` stays inside; only `A` leaves.
///
/// **What is wiped (zeroize):** the random bytes `a` is drawn from; the derived key
/// inside [`SrpClient::answer_password_verifier`]; the HKDF intermediates and every SHA-256
/// and HMAC state, digest and tag (with the HMAC key pads); the bytes and hex of the
/// premaster secret `S` in `derive_key`; the `pool‖user:password` text hashed for `x`, its
/// hash (`inner`) and the salted text that carries it; inside the exponentiation, the
/// exponent's words, the table of powers of the password-derived base and the accumulator.
/// **What is not:** `a`, `S`, `x` and `u` as `BigUint`s (num-bigint exposes no
/// in-place access to its limbs and reallocates during arithmetic, so intermediate copies
/// exist that no wrapper could reach; `a` is dropped with the client), the password
/// `String`s the caller passes in (`AuthenticationDetails`; in the browser the password
/// is an immutable JS string anyway), copies that moves leave on the stack (including the
/// padded key block hmac builds on the stack while keying), and keys returned to the caller
/// by [`SrpClient::password_authentication_key`] (the caller owns them).
pub struct SrpClient {
    pool_name: String,
    small_a: BigUint,
    large_a: BigUint,
}

impl std::fmt::Debug for SrpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SrpClient").field("pool_name", &self.pool_name).finish_non_exhaustive()
    }
}

/// The `ChallengeResponses` a client sends for a password verifier challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordVerifierAnswer {
    /// `USERNAME` (the `USER_ID_FOR_SRP`, or the device key for devices).
    pub username: String,
    /// `PASSWORD_CLAIM_SECRET_BLOCK`: the server's secret block, echoed unchanged.
    pub secret_block: String,
    /// `TIMESTAMP`.
    pub timestamp: String,
    /// `PASSWORD_CLAIM_SIGNATURE`.
    pub signature: String,
}

pub(crate) fn check_text(value: &str, what: &'static str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::Missing(what));
    }
    if value.len() > MAX_TEXT_LEN {
        return Err(Error::TooLong(what));
    }
    Ok(())
}

impl SrpClient {
    /// A fresh client for `pool_name` (the part of the pool id after `_`, or a device
    /// group key), with `a` drawn from the platform CSPRNG.
    pub fn new(pool_name: &str) -> Result<Self> {
        let bytes = Zeroizing::new(random_bytes(SMALL_A_BYTES)?);
        let a = BigUint::from_bytes_be(&bytes);
        Self::with_small_a(pool_name, a)
    }

    /// A client with a given `a` (tests and vectors).
    pub fn with_small_a(pool_name: &str, small_a: BigUint) -> Result<Self> {
        if pool_name.len() > MAX_TEXT_LEN {
            return Err(Error::TooLong("pool name"));
        }
        let large_a = mod_pow_n_secret(g(), &small_a, SECRET_EXPONENT_BITS);
        if (&large_a % n()).is_zero() {
            return Err(Error::IllegalA);
        }
        Ok(SrpClient { pool_name: pool_name.to_string(), small_a, large_a })
    }

    /// The pool name (or device group key) this client signs for.
    pub fn pool_name(&self) -> &str {
        &self.pool_name
    }

    /// `A = g^a mod N`.
    pub fn large_a(&self) -> &BigUint {
        &self.large_a
    }

    /// `SRP_A` as sent on the wire: lowercase hex, not padded.
    pub fn srp_a_hex(&self) -> String {
        self.large_a.to_str_radix(16)
    }

    /// `S` for this client's `a` (the reference's `calculateS`, given u, x and B).
    pub fn premaster_secret(&self, u: &BigUint, x: &BigUint, large_b: &BigUint) -> BigUint {
        compute_s(&self.small_a, u, x, large_b)
    }

    /// The derived key for `user_id`/`password` given the server's `SRP_B` and `SALT`
    /// (hex strings as received; case and leading zeros do not matter).
    pub fn password_authentication_key(&self, user_id: &str, password: &str, srp_b_hex: &str, salt_hex: &str) -> Result<[u8; DERIVED_KEY_LEN]> {
        let large_b = parse_hex_integer(srp_b_hex, "SRP_B")?;
        let salt = parse_hex_integer(salt_hex, "SALT")?;
        self.key_from_integers(user_id, password, &large_b, &salt)
    }

    /// [`Self::password_authentication_key`] with `B` and the salt already parsed.
    pub fn key_from_integers(&self, user_id: &str, password: &str, large_b: &BigUint, salt: &BigUint) -> Result<[u8; DERIVED_KEY_LEN]> {
        password_key(&self.pool_name, &self.small_a, &self.large_a, user_id, password, large_b, salt)
    }

    /// The full `PASSWORD_VERIFIER` answer for the challenge parameters the server sent.
    pub fn answer_password_verifier(
        &self,
        user_id: &str,
        password: &str,
        srp_b_hex: &str,
        salt_hex: &str,
        secret_block: &str,
        timestamp: &str,
    ) -> Result<PasswordVerifierAnswer> {
        if secret_block.is_empty() {
            return Err(Error::Missing("SECRET_BLOCK"));
        }
        if secret_block.len() > MAX_SECRET_BLOCK_LEN {
            return Err(Error::TooLong("SECRET_BLOCK"));
        }
        let key = Zeroizing::new(self.password_authentication_key(user_id, password, srp_b_hex, salt_hex)?);
        Ok(PasswordVerifierAnswer {
            username: user_id.to_string(),
            secret_block: secret_block.to_string(),
            timestamp: timestamp.to_string(),
            signature: password_claim_signature(&key[..], &self.pool_name, user_id, secret_block, timestamp),
        })
    }
}

/// The derived key for `a` and the `A` that goes with it (`g^a mod N`, taken as given: the
/// JavaScript `AuthenticationHelper` keeps it in its own field, and `u` hashes that field as
/// the reference does), so no second exponentiation recomputes `A`.
/// Checks the texts and rejects `B ≡ 0` and `u = 0`.
pub fn password_key(
    pool_name: &str,
    small_a: &BigUint,
    large_a: &BigUint,
    user_id: &str,
    password: &str,
    large_b: &BigUint,
    salt: &BigUint,
) -> Result<[u8; DERIVED_KEY_LEN]> {
    if pool_name.len() > MAX_TEXT_LEN {
        return Err(Error::TooLong("pool name"));
    }
    check_text(user_id, "USER_ID_FOR_SRP")?;
    check_text(password, "Password")?;
    if (large_b % n()).is_zero() {
        return Err(Error::IllegalB);
    }
    let u = compute_u(large_a, large_b)?;
    let x = compute_x(pool_name, user_id, password, salt);
    let s = compute_s(small_a, &u, &x, large_b);
    Ok(derive_key(&s, &u))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_is_drawn_with_256_bits() {
        assert_eq!(SMALL_A_BYTES * 8, 256);
        let mut longest = 0;
        for _ in 0..8 {
            let client = SrpClient::new("pool").unwrap();
            let bits = client.small_a.bits();
            assert!(bits <= 256, "a has {bits} bits");
            longest = longest.max(bits);
            // A = g^a (num-bigint's own modpow as the independent check).
            assert_eq!(client.large_a(), &g().modpow(&client.small_a, n()));
        }
        // Eight draws all below 2^241 would mean a is not uniform over 256 bits (p = 2^-120).
        assert!(longest > 240, "longest a: {longest} bits");
    }
}
