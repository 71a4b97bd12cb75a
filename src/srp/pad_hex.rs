//! `padHex`: the even-length, two's-complement hex the reference hashes (like Java's
//! `BigInteger.toByteArray()`): a positive value whose top bit is set gets a `00` prefix.

use zeroize::Zeroizing;

use super::uint::Uint;

/// padHex of a non-negative integer: lowercase, even length, `00` before a high nibble 8–f.
pub fn pad_hex(value: &Uint) -> String {
    pad_hex_str(&Zeroizing::new(value.to_hex()))
}

/// padHex of a non-negative integer given as hex digits (either case, leading zeros
/// ignored: B and the salt as the server sent them).
pub fn pad_hex_str(hex: &str) -> String {
    let digits = hex.trim_start_matches('0');
    let prefix = match digits.as_bytes().first() {
        None => "00",
        Some(_) if digits.len() % 2 == 1 => "0",
        Some(b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F') => "00",
        Some(_) => "",
    };
    let mut out = String::with_capacity(prefix.len() + digits.len());
    out.push_str(prefix);
    out.extend(digits.chars().map(|c| c.to_ascii_lowercase()));
    out
}

/// padHex of any integer. Negative values never occur in the protocol; they are encoded
/// as the reference does (invert the padded magnitude's nibbles, add one, drop a leading
/// `ff` before `8`). Native only (num-bigint): the vectors and property tests check it.
#[cfg(not(target_arch = "wasm32"))]
pub fn pad_hex_signed(value: &num_bigint::BigInt) -> String {
    use num_bigint::{BigUint, Sign};
    let magnitude = pad_hex_str(&value.magnitude().to_str_radix(16));
    if value.sign() != Sign::Minus {
        return magnitude;
    }
    let inverted: String = magnitude
        .bytes()
        .map(|c| {
            let v = (c as char).to_digit(16).expect("padHex output is hex");
            char::from_digit(!v & 0xf, 16).expect("a nibble is a hex digit")
        })
        .collect();
    let plus_one = BigUint::parse_bytes(inverted.as_bytes(), 16).expect("hex") + 1u32;
    let hex = plus_one.to_str_radix(16);
    match hex.strip_prefix("ff") {
        Some(rest) if rest.starts_with('8') => rest.to_string(),
        _ => hex,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn positive_examples() {
        for (v, want) in [(0x1u32, "01"), (0x7f, "7f"), (0x80, "0080"), (0xff, "00ff"), (0x8000, "008000"), (0, "00"), (0x800, "0800")] {
            assert_eq!(pad_hex(&Uint::small(v)), want, "{v:x}");
            assert_eq!(pad_hex_str(&format!("000{v:X}")), want, "{v:x}");
        }
        assert_eq!(pad_hex_str(""), "00");
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn negative_examples() {
        let big = num_bigint::BigInt::from;
        assert_eq!(pad_hex_signed(&big(-236)), "ff14");
        assert_eq!(pad_hex_signed(&big(-20)), "ec");
        assert_eq!(pad_hex_signed(&big(-128)), "80");
        assert_eq!(pad_hex_signed(&big(300)), "012c");
    }
}
