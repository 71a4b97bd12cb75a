//! `AuthenticationHelper`'s SRP integer math as plain functions: hex strings and bytes in, hex strings
//! and bytes out. The JavaScript `AuthenticationHelper` keeps its values (`a`, `A`, `u`,
//! the device secrets) in its own fields and passes them in, so nothing is held in wasm
//! between calls and a call made from inside one of its callbacks cannot collide.
//!
//! Failures throw FACE.md's plain `{code?, name, message}`; messages never carry the values.

use num_bigint::BigUint;
use wasm_bindgen::prelude::*;

use crate::wasm::interop::error_to_js;
use crate::encoding::parse_hex_integer;
use crate::srp::device::generate_device_verifier;
use crate::srp::{compute_u, password_key, SrpClient};
use crate::wire::SdkError;

fn thrown(error: crate::Error) -> JsValue {
    error_to_js(&SdkError::from(error))
}

fn integer(hex: &str, what: &'static str) -> Result<BigUint, JsValue> {
    parse_hex_integer(hex, what).map_err(thrown)
}

/// A client for `a` (the pool name only matters to the password key).
fn client(pool_name: &str, small_a_hex: &str) -> Result<SrpClient, JsValue> {
    SrpClient::with_small_a(pool_name, integer(small_a_hex, "a")?).map_err(thrown)
}

/// `A = g^a mod N`, as hex; throws `Illegal paramater. A mod N cannot be 0.`.
#[wasm_bindgen(js_name = srpLargeA)]
pub fn srp_large_a(small_a_hex: &str) -> Result<String, JsValue> {
    Ok(client("", small_a_hex)?.large_a().to_str_radix(16))
}

/// `u = H(padHex(A) || padHex(B))`, as hex (`0` when A or B is zero mod N).
#[wasm_bindgen(js_name = srpU)]
pub fn srp_u(large_a_hex: &str, large_b_hex: &str) -> Result<String, JsValue> {
    let u = compute_u(&integer(large_a_hex, "A")?, &integer(large_b_hex, "B")?).unwrap_or_default();
    Ok(u.to_str_radix(16))
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
    let (small_a, large_a) = (integer(small_a_hex, "a")?, integer(large_a_hex, "A")?);
    let (large_b, salt) = (integer(large_b_hex, "B")?, integer(salt_hex, "salt")?);
    let key = password_key(pool_name, &small_a, &large_a, username, password, &large_b, &salt).map_err(thrown)?;
    Ok(key.to_vec())
}

/// `S = (B − k·g^x)^(a + u·x) mod N` (`calculateS`), as hex.
#[wasm_bindgen(js_name = srpS)]
pub fn srp_s(small_a_hex: &str, u_hex: &str, x_hex: &str, large_b_hex: &str) -> Result<String, JsValue> {
    let srp = client("", small_a_hex)?;
    let s = srp.premaster_secret(&integer(u_hex, "u")?, &integer(x_hex, "x")?, &integer(large_b_hex, "B")?);
    Ok(s.to_str_radix(16))
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
    use crate::srp::{g, k, n};
    vec![n().to_str_radix(16), g().to_str_radix(16), k().to_str_radix(16), crate::protocol::names::USER_ATTRIBUTES_PREFIX.to_string()]
}
