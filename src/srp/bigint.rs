//! num-bigint at the edges of the native build (the emulator's server side and the tests):
//! N, g and k as `BigUint`s, conversions to and from [`Uint`], and the exponentiation on
//! `BigUint`s. Not in the wasm: the client computes on [`Uint`] alone.

use std::sync::OnceLock;

use num_bigint::BigUint;

use super::group::{multiplier, G, N};
use super::math;
use super::uint::Uint;

/// A value below 2^3080 as a [`Uint`] (panics on a longer one: a caller's bug).
pub fn to_uint(x: &BigUint) -> Uint {
    Uint::from_hex(&x.to_str_radix(16)).expect("a value below 2^3080")
}

/// A [`Uint`] as a `BigUint`.
pub fn to_big(x: &Uint) -> BigUint {
    BigUint::parse_bytes(x.to_hex().as_bytes(), 16).expect("Uint::to_hex is hex")
}

/// The prime modulus N.
pub fn n() -> &'static BigUint {
    static BIG_N: OnceLock<BigUint> = OnceLock::new();
    BIG_N.get_or_init(|| to_big(&N))
}

/// The generator g = 2.
pub fn g() -> &'static BigUint {
    static BIG_G: OnceLock<BigUint> = OnceLock::new();
    BIG_G.get_or_init(|| BigUint::from(G))
}

/// The multiplier k = H(padHex(N) || padHex(g)).
pub fn k() -> &'static BigUint {
    static BIG_K: OnceLock<BigUint> = OnceLock::new();
    BIG_K.get_or_init(|| to_big(multiplier()))
}

/// `base^exp mod N` for a public exponent below 2^3080 (any base).
pub fn mod_pow_n(base: &BigUint, exp: &BigUint) -> BigUint {
    mod_pow_n_secret(base, exp, 0)
}

/// `base^exp mod N` for a secret exponent below 2^3080, with [`math::g_pow`]'s rule for its
/// stated length `exp_bits`; g = 2 takes the fixed-base path.
pub fn mod_pow_n_secret(base: &BigUint, exp: &BigUint, exp_bits: usize) -> BigUint {
    let exp = to_uint(exp);
    if base == g() {
        return to_big(&math::g_pow(&exp, exp_bits));
    }
    to_big(&math::mod_pow_n(&to_uint(&(base % n())), &exp, exp_bits))
}
