//! `AuthenticationHelper`'s SRP integer math as plain functions: hex strings and bytes in, hex strings
//! and bytes out. The JavaScript `AuthenticationHelper` keeps its values (`a`, `A`, `u`,
//! the device secrets) in its own fields and passes them in, so nothing is held in wasm
//! between calls and a call made from inside one of its callbacks cannot collide.
//!
//! Failures throw FACE.md's plain `{code?, name, message}`; messages never carry the values.

use wasm_bindgen::prelude::*;

use crate::encoding::check_hex_integer;
use crate::srp::device::generate_device_verifier;
use crate::srp::math::hex_mod_n;
use crate::srp::{compute_s, compute_u, password_key, SrpClient, Uint};
use crate::wasm::interop::error_to_js;
use crate::wire::SdkError;

fn thrown(error: crate::Error) -> JsValue {
    error_to_js(&SdkError::from(error))
}

/// A hex integer that must fit a [`Uint`] (a, u, x: the helper's own values).
fn integer(hex: &str, what: &'static str) -> Result<Uint, JsValue> {
    Uint::parse(hex, what).map_err(thrown)
}

/// A hex integer of any length (A, B, the salt: hashed as they are, B reduced mod N).
fn checked<'a>(hex: &'a str, what: &'static str) -> Result<&'a str, JsValue> {
    check_hex_integer(hex, what).map_err(thrown)?;
    Ok(hex)
}

/// A client for `a` (the pool name only matters to the password key).
fn client(pool_name: &str, small_a_hex: &str) -> Result<SrpClient, JsValue> {
    SrpClient::with_small_a(pool_name, integer(small_a_hex, "a")?).map_err(thrown)
}

/// `A = g^a mod N`, as hex; throws `Illegal paramater. A mod N cannot be 0.`.
#[wasm_bindgen(js_name = srpLargeA)]
pub fn srp_large_a(small_a_hex: &str) -> Result<String, JsValue> {
    Ok(client("", small_a_hex)?.srp_a_hex())
}

/// `u = H(padHex(A) || padHex(B))`, as hex (`0` when A or B is zero mod N).
#[wasm_bindgen(js_name = srpU)]
pub fn srp_u(large_a_hex: &str, large_b_hex: &str) -> Result<String, JsValue> {
    let u = compute_u(checked(large_a_hex, "A")?, checked(large_b_hex, "B")?);
    Ok(u.map_or_else(|_| "0".to_string(), |u| u.to_hex()))
}

/// The 16-byte key of a password sign-in (`getPasswordAuthenticationKey`) for `a`, the helper's
/// `A` (its `largeAValue`: not recomputed, one exponentiation fewer), the server's `B` and
/// `salt`; throws `B cannot be zero.` / `U cannot be zero.`.
#[wasm_bindgen(js_name = srpPasswordKey)]
pub fn srp_password_key(
    pool_name: &str,
    small_a_hex: &str,
    large_a_hex: &str,
    username: &str,
    password: &str,
    large_b_hex: &str,
    salt_hex: &str,
) -> Result<Vec<u8>, JsValue> {
    let (small_a, large_a) = (integer(small_a_hex, "a")?, checked(large_a_hex, "A")?);
    let (large_b, salt) = (checked(large_b_hex, "B")?, checked(salt_hex, "salt")?);
    let key = password_key(pool_name, &small_a, large_a, username, password, large_b, salt).map_err(thrown)?;
    Ok(key.to_vec())
}

/// `S = (B − k·g^x)^(a + u·x) mod N` (`calculateS`), as hex.
#[wasm_bindgen(js_name = srpS)]
pub fn srp_s(small_a_hex: &str, u_hex: &str, x_hex: &str, large_b_hex: &str) -> Result<String, JsValue> {
    let (small_a, u, x) = (integer(small_a_hex, "a")?, integer(u_hex, "u")?, integer(x_hex, "x")?);
    let large_b = hex_mod_n(checked(large_b_hex, "B")?);
    Ok(compute_s(&small_a, &u, &x, &large_b).map_err(thrown)?.to_hex())
}

/// A new device password, salt and verifier for `generateHashDevice`:
/// `[randomPassword, padHex(salt), padHex(verifier)]`.
#[wasm_bindgen(js_name = srpDeviceVerifier)]
pub fn srp_device_verifier(device_group_key: &str, username: &str) -> Result<Vec<String>, JsValue> {
    let v = generate_device_verifier(device_group_key, username).map_err(thrown)?;
    Ok(vec![v.random_password.clone(), v.salt_hex.clone(), v.verifier_hex.clone()])
}

/// The constants the reference's helper keeps as fields: `[N, g, k]` as hex, and the
/// prefix of `NEW_PASSWORD_REQUIRED`'s attribute names.
#[wasm_bindgen(js_name = srpConstants)]
pub fn srp_constants() -> Vec<String> {
    use crate::srp::{group::G, multiplier, N};
    vec![N.to_hex(), format!("{G:x}"), multiplier().to_hex(), crate::protocol::names::USER_ATTRIBUTES_PREFIX.to_string()]
}
