//! `padHex`: the even-length, two's-complement hex the reference hashes (like Java's
//! `BigInteger.toByteArray()`): a positive value whose top bit is set gets a `00` prefix.

use num_bigint::{BigInt, BigUint, Sign};

/// padHex of a non-negative integer: lowercase, even length, `00` before a high nibble 8–f.
pub fn pad_hex(value: &BigUint) -> String {
    let mut hex = value.to_str_radix(16);
    if hex.len() % 2 == 1 {
        hex.insert(0, '0');
    }
    if matches!(hex.as_bytes()[0], b'8'..=b'f') {
        hex.insert_str(0, "00");
    }
    hex
}

/// padHex of any integer. Negative values never occur in the protocol; they are encoded
/// as the reference does (invert the padded magnitude's nibbles, add one, drop a leading
/// `ff` before `8`).
pub fn pad_hex_signed(value: &BigInt) -> String {
    let magnitude = pad_hex(value.magnitude());
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

    fn big(v: i64) -> BigInt {
        BigInt::from(v)
    }

    #[test]
    fn positive_examples() {
        for (v, want) in [(0x1u32, "01"), (0x7f, "7f"), (0x80, "0080"), (0xff, "00ff"), (0x8000, "008000"), (0, "00")] {
            assert_eq!(pad_hex(&BigUint::from(v)), want, "{v:x}");
        }
    }

    #[test]
    fn negative_examples() {
        assert_eq!(pad_hex_signed(&big(-236)), "ff14");
        assert_eq!(pad_hex_signed(&big(-20)), "ec");
        assert_eq!(pad_hex_signed(&big(-128)), "80");
        assert_eq!(pad_hex_signed(&big(300)), "012c");
    }
}
