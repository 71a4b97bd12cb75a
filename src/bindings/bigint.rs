//! Big integers across the boundary. The reference hands out jsbn `BigInteger`s; we hand
//! out native JavaScript `BigInt`s, which offer the same `toString(16)`. Inputs may be a
//! `BigInt`, a hex string, or any object with `toString(16)` (such as a jsbn value).

use num_bigint::{BigInt, BigUint, Sign};
use wasm_bindgen::{JsCast, JsValue};

use super::errors::plain_error;
use crate::encoding::MAX_INTEGER_HEX_LEN;

/// A `BigInt` with the value of `v`.
pub fn to_js_bigint(v: &BigUint) -> JsValue {
    let literal = format!("0x{}", v.to_str_radix(16));
    js_sys::BigInt::new(&JsValue::from_str(&literal)).map(JsValue::from).unwrap_or(JsValue::UNDEFINED)
}

fn hex_of(value: &JsValue) -> Option<String> {
    if let Some(s) = value.as_string() {
        return Some(s);
    }
    if value.is_bigint() {
        return value.dyn_ref::<js_sys::BigInt>()?.to_string(16).ok().map(String::from);
    }
    if value.is_object() {
        let to_string = js_sys::Reflect::get(value, &JsValue::from_str("toString")).ok()?;
        let f = to_string.dyn_ref::<js_sys::Function>()?;
        return f.call1(value, &JsValue::from_f64(16.0)).ok()?.as_string();
    }
    None
}

/// Reads a signed integer; `what` names the argument in the error.
pub fn from_js_signed(value: &JsValue, what: &str) -> Result<BigInt, JsValue> {
    let err = || plain_error(&format!("{what} is not a BigInteger"));
    let hex = hex_of(value).ok_or_else(err)?;
    if hex.len() > MAX_INTEGER_HEX_LEN + 1 {
        return Err(plain_error(&format!("{what} is too long")));
    }
    let (sign, digits) = match hex.strip_prefix('-') {
        Some(rest) => (Sign::Minus, rest),
        None => (Sign::Plus, hex.as_str()),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err(err());
    }
    let magnitude = BigUint::parse_bytes(digits.as_bytes(), 16).ok_or_else(err)?;
    Ok(BigInt::from_biguint(sign, magnitude))
}

/// Reads a non-negative integer.
pub fn from_js_unsigned(value: &JsValue, what: &str) -> Result<BigUint, JsValue> {
    from_js_signed(value, what)?.to_biguint().ok_or_else(|| plain_error(&format!("{what} must not be negative")))
}
