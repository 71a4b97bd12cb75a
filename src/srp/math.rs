//! The SRP formulas as free functions over [`Uint`]: the client, the device verifier and
//! (natively) the server side share them.

use zeroize::Zeroizing;

use super::group::multiplier;
use super::montgomery::{mod_n, mod_n_hex, mod_pow, mul_add, mul_mod, pow_g, sub_mod};
use super::pad_hex::{pad_hex, pad_hex_str};
use super::uint::Uint;
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

/// `g^exp mod N` for a secret exponent known to be below `2^exp_bits`: the work done is
/// that of an `exp_bits`-bit exponent (or of `exp`'s own length, if longer), so it does not
/// reveal how many leading zero bits the secret has.
pub fn g_pow(exp: &Uint, exp_bits: usize) -> Uint {
    pow_g(exp, exp_bits)
}

/// `base^exp mod N`, with [`g_pow`]'s rule for the exponent's length.
pub fn mod_pow_n(base: &Uint, exp: &Uint, exp_bits: usize) -> Uint {
    mod_pow(base, exp, exp_bits)
}

/// A hex integer of any length (B from the server) reduced modulo N.
pub fn hex_mod_n(hex: &str) -> Uint {
    mod_n_hex(hex)
}

/// A SHA-256 digest (hex) as an integer.
fn digest_to_int(hex: &str) -> Uint {
    Uint::from_hex(hex).expect("a digest fits")
}

/// `u = H(padHex(A) || padHex(B))` for A and B as hex integers (checked by the caller;
/// case and leading zeros do not matter); zero is rejected.
pub fn compute_u(large_a_hex: &str, large_b_hex: &str) -> Result<Uint> {
    let joined = format!("{}{}", pad_hex_str(large_a_hex), pad_hex_str(large_b_hex));
    let u = digest_to_int(&hex_hash(&joined).expect("padHex output is hex"));
    if u.is_zero() {
        return Err(Error::IllegalU);
    }
    Ok(u)
}

/// `x = H(padHex(salt) || H(utf8(poolName || userId || ":" || password)))`, the salt as hex
/// digits (checked by the caller). For devices the "pool name" is the device group key and
/// the user id the device key.
pub fn compute_x(pool_name: &str, user_id: &str, password: &str, salt_hex: &str) -> Uint {
    // The copy of the password, the inner hash and the text that carries it are wiped on
    // drop; each string is allocated at its final size, so no partial copy is left behind
    // by a reallocation. (hex_hash wipes its decoded bytes; x is a Uint, wiped on drop.)
    let credentials = concat_wiped(&[pool_name, user_id, ":", password]);
    let inner = Zeroizing::new(hash(credentials.as_bytes()));
    let salted = concat_wiped(&[&pad_hex_str(salt_hex), &inner]);
    digest_to_int(&Zeroizing::new(hex_hash(&salted).expect("hex")))
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
pub fn verifier_for(x: &Uint) -> Uint {
    g_pow(x, SECRET_EXPONENT_BITS)
}

/// `k·v mod N`.
fn k_times(v: &Uint) -> Uint {
    mul_mod(multiplier(), v)
}

/// The base of S: `(B − k·v) mod N`, with B reduced into [0, N) first as the reference's
/// big-integer library does.
fn s_base(large_b: &Uint, v: &Uint) -> Uint {
    sub_mod(&mod_n(large_b), &k_times(v))
}

/// The exponent of S: `a + u·x` (an error only for inputs longer than the protocol's, whose
/// sum would not fit 3080 bits).
fn s_exponent(small_a: &Uint, u: &Uint, x: &Uint) -> Result<Uint> {
    mul_add(small_a, u, x).ok_or(Error::TooLong("a + u·x"))
}

/// The client's premaster secret `S = (B − k·g^x)^(a + u·x) mod N`.
pub fn compute_s(small_a: &Uint, u: &Uint, x: &Uint, large_b: &Uint) -> Result<Uint> {
    let base = s_base(large_b, &verifier_for(x));
    Ok(mod_pow(&base, &s_exponent(small_a, u, x)?, S_EXPONENT_BITS))
}

/// The 16-byte key: `HKDF(ikm = padHex(S), salt = padHex(u))`.
pub fn derive_key(s: &Uint, u: &Uint) -> [u8; DERIVED_KEY_LEN] {
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
