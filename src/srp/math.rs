//! The SRP formulas as free functions: both sides and the tests share them.

use num_bigint::BigUint;
use num_traits::Zero;
use zeroize::Zeroizing;

use super::group::{g, k, n};
use super::pad_hex::pad_hex;
use crate::crypto::{compute_hkdf, hash, hex_hash, hmac_sha256, DERIVED_KEY_LEN};
use crate::encoding::{from_base64_lenient, from_hex, to_base64};
use crate::error::{Error, Result};

/// Bits of the secret exponents the protocol draws or derives: `a`, `b` (32 random bytes)
/// and the hashes `u` and `x`.
pub const SECRET_EXPONENT_BITS: usize = 256;

/// Bits the exponent `a + u·x` of S is treated as having: with a, u and x below 2^256 it is
/// below 2^513; 520 bits (104 windows of 5 bits in the exponentiation) for every password.
pub const S_EXPONENT_BITS: usize = 520;
const _: () = assert!(S_EXPONENT_BITS > 2 * SECRET_EXPONENT_BITS);

/// `base^exp mod N` for a public exponent: the one expensive operation of the protocol,
/// kept in one place.
pub fn mod_pow_n(base: &BigUint, exp: &BigUint) -> BigUint {
    mod_pow_n_secret(base, exp, 0)
}

/// `base^exp mod N` for a secret exponent known to be below `2^exp_bits`: the work done is
/// that of an `exp_bits`-bit exponent (or of `exp`'s own length, if longer), so it does not
/// reveal how many leading zero bits the secret has.
pub fn mod_pow_n_secret(base: &BigUint, exp: &BigUint, exp_bits: usize) -> BigUint {
    // Fixed-size Montgomery arithmetic for this one modulus (src/srp/montgomery.rs).
    super::montgomery::mod_pow(base, exp, n(), exp_bits)
}

fn hex_to_int(hex: &str) -> BigUint {
    BigUint::parse_bytes(hex.as_bytes(), 16).expect("a digest is hex")
}

fn hash_of_padded(parts: &[&BigUint]) -> BigUint {
    let joined: String = parts.iter().map(|p| pad_hex(p)).collect();
    hex_to_int(&hex_hash(&joined).expect("padHex output is hex"))
}

/// `u = H(padHex(A) || padHex(B))`; zero is rejected.
pub fn compute_u(large_a: &BigUint, large_b: &BigUint) -> Result<BigUint> {
    let u = hash_of_padded(&[large_a, large_b]);
    if u.is_zero() {
        return Err(Error::IllegalU);
    }
    Ok(u)
}

/// `x = H(padHex(salt) || H(utf8(poolName || userId || ":" || password)))`.
/// For devices the "pool name" is the device group key and the user id the device key.
pub fn compute_x(pool_name: &str, user_id: &str, password: &str, salt: &BigUint) -> BigUint {
    // The copy of the password, the inner hash and the text that carries it are wiped on
    // drop; each string is allocated at its final size, so no partial copy is left behind
    // by a reallocation. (hex_hash wipes its decoded bytes; x itself is a BigUint: see
    // SrpClient's notes.)
    let credentials = concat_wiped(&[pool_name, user_id, ":", password]);
    let inner = Zeroizing::new(hash(credentials.as_bytes()));
    let salted = concat_wiped(&[&pad_hex(salt), &inner]);
    hex_to_int(&Zeroizing::new(hex_hash(&salted).expect("hex")))
}

/// The concatenation of `parts` in a string allocated once at its final size, wiped on drop.
fn concat_wiped(parts: &[&str]) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(parts.iter().map(|p| p.len()).sum()));
    for part in parts {
        out.push_str(part);
    }
    out
}

/// The verifier `v = g^x mod N`.
pub fn verifier_for(x: &BigUint) -> BigUint {
    mod_pow_n_secret(g(), x, SECRET_EXPONENT_BITS)
}

/// The client's premaster secret `S = (B − k·g^x)^(a + u·x) mod N`, with the base reduced
/// into [0, N) as the reference's big-integer library does.
pub fn compute_s(small_a: &BigUint, u: &BigUint, x: &BigUint, large_b: &BigUint) -> BigUint {
    let n = n();
    let kgx = (k() * verifier_for(x)) % n;
    let base = ((large_b % n) + n - kgx) % n;
    mod_pow_n_secret(&base, &(small_a + u * x), S_EXPONENT_BITS)
}

/// The 16-byte key: `HKDF(ikm = padHex(S), salt = padHex(u))`.
pub fn derive_key(s: &BigUint, u: &BigUint) -> [u8; DERIVED_KEY_LEN] {
    // The bytes (and hex text) of the premaster secret S are wiped on drop.
    let s_hex = Zeroizing::new(pad_hex(s));
    let ikm = Zeroizing::new(from_hex(&s_hex, "S").expect("padHex output is hex"));
    let salt = from_hex(&pad_hex(u), "u").expect("padHex output is hex");
    compute_hkdf(&ikm, &salt)
}

/// `PASSWORD_CLAIM_SIGNATURE = base64(HMAC(key, poolName || userId || secretBlock || timestamp))`.
/// The secret block is decoded as leniently as Node's `Buffer` does.
pub fn password_claim_signature(key: &[u8], pool_name: &str, user_id: &str, secret_block_b64: &str, timestamp: &str) -> String {
    let block = from_base64_lenient(secret_block_b64);
    to_base64(&hmac_sha256(key, &[pool_name.as_bytes(), user_id.as_bytes(), &block, timestamp.as_bytes()]))
}
