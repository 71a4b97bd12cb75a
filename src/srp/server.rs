//! The server's side of Cognito SRP. The SDK never runs it; the local emulator does, and
//! the tests use it to prove that a client's signature would be accepted. Natively only:
//! its values are num-bigint `BigUint`s, converted at the calls into the shared formulas.

use num_bigint::BigUint;
use zeroize::Zeroizing;

use super::client::check_text;
use super::bigint::{g, k, mod_pow_n, mod_pow_n_secret, n, to_big, to_uint};
use super::math::{compute_u, compute_x, derive_key, password_claim_signature, verifier_for, SECRET_EXPONENT_BITS};
use crate::crypto::DERIVED_KEY_LEN;
use crate::encoding::parse_hex_integer;
use crate::error::{Error, Result};
use crate::random::random_bytes;

/// Bytes of randomness in the server's `b`.
pub const SMALL_B_BYTES: usize = 32;
const _: () = assert!(SMALL_B_BYTES * 8 <= SECRET_EXPONENT_BITS);
/// Bytes of randomness in a new user's salt.
pub const USER_SALT_BYTES: usize = 16;

/// A salt and verifier for a password: what a server stores instead of the password.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredVerifier {
    pub salt: BigUint,
    pub verifier: BigUint,
}

impl std::fmt::Debug for StoredVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoredVerifier { .. }")
    }
}

impl StoredVerifier {
    /// A verifier for `password` with a fresh random salt.
    pub fn generate(pool_name: &str, user_id: &str, password: &str) -> Result<Self> {
        let salt = BigUint::from_bytes_be(&random_bytes(USER_SALT_BYTES)?);
        Ok(Self::with_salt(pool_name, user_id, password, salt))
    }

    /// The verifier for `password` under a given salt.
    pub fn with_salt(pool_name: &str, user_id: &str, password: &str, salt: BigUint) -> Self {
        let verifier = to_big(&verifier_for(&compute_x(pool_name, user_id, password, &salt.to_str_radix(16))));
        StoredVerifier { salt, verifier }
    }

    /// Whether `password` is the one this verifier was made from (for flows that send the
    /// password itself, such as USER_PASSWORD_AUTH and ChangePassword).
    pub fn matches_password(&self, pool_name: &str, user_id: &str, password: &str) -> bool {
        Self::with_salt(pool_name, user_id, password, self.salt.clone()).verifier == self.verifier
    }
}

/// One SRP exchange's server state: `b` stays inside; `B` goes to the client.
pub struct ServerSrp {
    verifier: BigUint,
    small_b: BigUint,
    large_b: BigUint,
}

impl std::fmt::Debug for ServerSrp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerSrp { .. }")
    }
}

impl ServerSrp {
    /// A fresh exchange against `verifier`, with `b` from the CSPRNG.
    pub fn new(verifier: &BigUint) -> Result<Self> {
        let bytes = Zeroizing::new(random_bytes(SMALL_B_BYTES)?);
        Ok(Self::with_small_b(verifier, BigUint::from_bytes_be(&bytes)))
    }

    /// An exchange with a given `b` (to resume a stored exchange, or in tests).
    pub fn with_small_b(verifier: &BigUint, small_b: BigUint) -> Self {
        let n = n();
        let large_b = (k() * verifier + mod_pow_n_secret(g(), &small_b, SECRET_EXPONENT_BITS)) % n;
        ServerSrp { verifier: verifier.clone(), small_b, large_b }
    }

    /// The secret `b`, for a server that must keep the exchange between two requests.
    pub fn small_b(&self) -> &BigUint {
        &self.small_b
    }

    /// `B = (k·v + g^b) mod N`.
    pub fn large_b(&self) -> &BigUint {
        &self.large_b
    }

    /// `SRP_B` as Cognito sends it: lowercase hex.
    pub fn srp_b_hex(&self) -> String {
        self.large_b.to_str_radix(16)
    }

    /// The server's key for the client's `A`: `S = (A·v^u)^b mod N`, then the HKDF.
    pub fn derive_key(&self, large_a: &BigUint) -> Result<[u8; DERIVED_KEY_LEN]> {
        let n = n();
        if large_a % n == BigUint::ZERO {
            return Err(Error::IllegalA);
        }
        let u = compute_u(&large_a.to_str_radix(16), &self.large_b.to_str_radix(16))?;
        let base = (large_a * mod_pow_n(&self.verifier, &to_big(&u))) % n;
        Ok(derive_key(&to_uint(&mod_pow_n_secret(&base, &self.small_b, SECRET_EXPONENT_BITS)), &u))
    }

    /// Checks a `PASSWORD_CLAIM_SIGNATURE` for the client's `SRP_A` (hex). Errors on
    /// malformed input; `Ok(false)` for a wrong password.
    pub fn verify_claim(&self, srp_a_hex: &str, pool_name: &str, user_id: &str, secret_block: &str, timestamp: &str, signature: &str) -> Result<bool> {
        check_text(user_id, "USERNAME")?;
        let large_a = parse_hex_integer(srp_a_hex, "SRP_A")?;
        let key = self.derive_key(&large_a)?;
        let expected = password_claim_signature(&key, pool_name, user_id, secret_block, timestamp);
        Ok(crate::crypto::ct_eq(expected.as_bytes(), signature.as_bytes()))
    }
}
