//! The client's side of Cognito SRP: the ephemeral pair (a, A) and the answer to a
//! `PASSWORD_VERIFIER` (or `DEVICE_PASSWORD_VERIFIER`) challenge.

use zeroize::Zeroizing;

use super::math::{compute_s, compute_u, compute_x, derive_key, g_pow, hex_mod_n, password_claim_signature, SECRET_EXPONENT_BITS};
use super::uint::Uint;
use crate::crypto::DERIVED_KEY_LEN;
use crate::encoding::check_hex_integer;
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
/// **What is wiped (zeroize):** `a` and every other [`Uint`] (u, x, v, k·v, B − k·v,
/// a + u·x, S) when dropped; the random bytes `a` is drawn from; the derived key
/// inside [`SrpClient::answer_password_verifier`]; the HKDF intermediates and every SHA-256
/// and HMAC state, digest and tag (with the HMAC key pads); the bytes and hex of the
/// premaster secret `S` in `derive_key`; the `pool‖user:password` text hashed for `x`, its
/// hash (`inner`) and the salted text that carries it; inside the exponentiation, the
/// exponent's words, the table of powers of the password-derived base and the accumulator.
/// **What is not:** limb arrays the Montgomery code leaves on the stack, the password
/// `String`s the caller passes in (`AuthenticationDetails`; in the browser the password
/// is an immutable JS string anyway), copies that moves leave on the stack (including the
/// padded key block hmac builds on the stack while keying), and keys returned to the caller
/// by [`SrpClient::password_authentication_key`] (the caller owns them).
pub struct SrpClient {
    pool_name: String,
    small_a: Uint,
    large_a: Uint,
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
        Self::with_small_a(pool_name, Uint::from_be_bytes(&bytes).expect("32 bytes fit"))
    }

    /// A client with a given `a` (tests and vectors).
    pub fn with_small_a(pool_name: &str, small_a: Uint) -> Result<Self> {
        if pool_name.len() > MAX_TEXT_LEN {
            return Err(Error::TooLong("pool name"));
        }
        // A is fully reduced: A mod N = 0 only if A = 0 (never, for a power of g).
        let large_a = g_pow(&small_a, SECRET_EXPONENT_BITS);
        if large_a.is_zero() {
            return Err(Error::IllegalA);
        }
        Ok(SrpClient { pool_name: pool_name.to_string(), small_a, large_a })
    }

    /// The pool name (or device group key) this client signs for.
    pub fn pool_name(&self) -> &str {
        &self.pool_name
    }

    /// `A = g^a mod N`.
    pub fn large_a(&self) -> &Uint {
        &self.large_a
    }

    /// `SRP_A` as sent on the wire: lowercase hex, not padded.
    pub fn srp_a_hex(&self) -> String {
        self.large_a.to_hex()
    }

    /// The derived key for `user_id`/`password` given the server's `SRP_B` and `SALT`
    /// (hex strings as received; case and leading zeros do not matter).
    pub fn password_authentication_key(&self, user_id: &str, password: &str, srp_b_hex: &str, salt_hex: &str) -> Result<[u8; DERIVED_KEY_LEN]> {
        check_hex_integer(srp_b_hex, "SRP_B")?;
        check_hex_integer(salt_hex, "SALT")?;
        password_key(&self.pool_name, &self.small_a, &self.srp_a_hex(), user_id, password, srp_b_hex, salt_hex)
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
/// the reference does), so no second exponentiation recomputes `A`. A, B and the salt are
/// hex integers the caller has checked ([`check_hex_integer`]).
/// Checks the texts and rejects `B ≡ 0` and `u = 0`.
pub fn password_key(
    pool_name: &str,
    small_a: &Uint,
    large_a_hex: &str,
    user_id: &str,
    password: &str,
    large_b_hex: &str,
    salt_hex: &str,
) -> Result<[u8; DERIVED_KEY_LEN]> {
    if pool_name.len() > MAX_TEXT_LEN {
        return Err(Error::TooLong("pool name"));
    }
    check_text(user_id, "USER_ID_FOR_SRP")?;
    check_text(password, "Password")?;
    let large_b = hex_mod_n(large_b_hex);
    if large_b.is_zero() {
        return Err(Error::IllegalB);
    }
    let u = compute_u(large_a_hex, large_b_hex)?;
    let x = compute_x(pool_name, user_id, password, salt_hex);
    let s = compute_s(small_a, &u, &x, &large_b)?;
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
            let big = |x: &Uint| num_bigint::BigUint::parse_bytes(x.to_hex().as_bytes(), 16).unwrap();
            assert!(bits <= 256, "a has {bits} bits");
            longest = longest.max(bits);
            // A = g^a (num-bigint's own modpow as the independent check).
            let n = num_bigint::BigUint::parse_bytes(super::super::group::N_HEX.as_bytes(), 16).unwrap();
            assert_eq!(big(client.large_a()), num_bigint::BigUint::from(2u32).modpow(&big(&client.small_a), &n));
        }
        // Eight draws all below 2^241 would mean a is not uniform over 256 bits (p = 2^-120).
        assert!(longest > 240, "longest a: {longest} bits");
    }
}
