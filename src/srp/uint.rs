//! [`Uint`]: the SRP client's integers (a, A, B mod N, u, x, k, v, k·v, a + u·x, S) on the
//! Montgomery code's own representation: 110 limbs of 28 bits, least significant first, so
//! values below 2^3080. A limb is exactly seven hex digits, so hex converts limb by limb
//! with shifts; the digits are computed without branches or table reads on their values.
//! The modular operations are in `src/srp/montgomery.rs`.
//!
//! Every `Uint` is wiped when it is dropped, and its `Debug` shows no value.

use zeroize::Zeroize;

use super::montgomery::{Limbs, L, W};
use crate::encoding::check_hex_integer;
use crate::error::{Error, Result};

/// An unsigned integer below 2^3080.
#[derive(Clone, PartialEq, Eq)]
pub struct Uint(pub(super) Limbs);

/// Hex digits per limb.
pub(super) const DIGITS: usize = W as usize / 4;
const _: () = assert!(DIGITS * 4 == W as usize);

/// The most significant hex digits a [`Uint`] holds (770: 3080 bits).
pub const MAX_HEX_DIGITS: usize = DIGITS * L;

impl Drop for Uint {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for Uint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Uint(..)")
    }
}

/// The value of a hex digit (`0-9`, `a-f`, `A-F`), without branches: letters have bit 6 set.
fn digit_value(c: u8) -> u64 {
    ((c & 0xf) + 9 * ((c >> 6) & 1)) as u64
}

/// The lowercase hex digit for `v` < 16, without branches: `9 − v` wraps (top bit set)
/// exactly when v > 9, which moves the digit from after `9` to `a`.
fn digit_char(v: u64) -> char {
    let v = v as u8;
    (v + b'0' + ((9u8.wrapping_sub(v) >> 7) * (b'a' - b'0' - 10))) as char
}

impl Uint {
    /// A small value.
    pub fn small(value: u32) -> Uint {
        let mut limbs = [0u64; L];
        limbs[0] = value as u64 & super::montgomery::MASK;
        limbs[1] = value as u64 >> W;
        Uint(limbs)
    }

    /// The value of a string of hex digits (leading zeros ignored), or `None` when it has
    /// more than [`MAX_HEX_DIGITS`] significant digits. The caller has checked that every
    /// character is a hex digit ([`Uint::parse`] does).
    pub fn from_hex(hex: &str) -> Option<Uint> {
        let digits = hex.trim_start_matches('0').as_bytes();
        if digits.len() > MAX_HEX_DIGITS {
            return None;
        }
        let mut out = Uint([0u64; L]);
        for (i, &c) in digits.iter().rev().enumerate() {
            out.0[i / DIGITS] |= digit_value(c) << (4 * (i % DIGITS));
        }
        Some(out)
    }

    /// A hex integer as the protocol receives one (any case, leading zeros ignored), checked
    /// as [`check_hex_integer`] does; longer than 3080 bits is `TooLong`.
    pub fn parse(hex: &str, what: &'static str) -> Result<Uint> {
        check_hex_integer(hex, what)?;
        Uint::from_hex(hex).ok_or(Error::TooLong(what))
    }

    /// The value of big-endian bytes (at most 385 of them).
    pub fn from_be_bytes(bytes: &[u8]) -> Option<Uint> {
        if bytes.len() * 2 > MAX_HEX_DIGITS {
            return None;
        }
        let mut out = Uint([0u64; L]);
        for (i, &byte) in bytes.iter().rev().enumerate() {
            for (half, nibble) in [(0, byte & 0xf), (1, byte >> 4)] {
                let d = 2 * i + half;
                out.0[d / DIGITS] |= (nibble as u64) << (4 * (d % DIGITS));
            }
        }
        Some(out)
    }

    fn digit(&self, i: usize) -> u64 {
        (self.0[i / DIGITS] >> (4 * (i % DIGITS))) & 0xf
    }

    /// How many hex digits the value has without leading zeros (0 for zero).
    fn hex_len(&self) -> usize {
        (0..MAX_HEX_DIGITS).rev().find(|&i| self.digit(i) != 0).map_or(0, |i| i + 1)
    }

    /// Lowercase hex without leading zeros (`0` for zero), as `BigInteger.toString(16)`.
    pub fn to_hex(&self) -> String {
        let len = self.hex_len().max(1);
        (0..len).rev().map(|i| digit_char(self.digit(i))).collect()
    }

    /// Bits in the value (0 for zero).
    pub fn bits(&self) -> usize {
        (0..L).rev().find(|&i| self.0[i] != 0).map_or(0, |i| i * W as usize + (64 - self.0[i].leading_zeros() as usize))
    }

    /// Whether the value is zero (without an early exit).
    pub fn is_zero(&self) -> bool {
        self.0.iter().fold(0, |acc, limb| acc | limb) == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn hex_round_trips() {
        for hex in ["0", "1", "f", "10", "abcdef0123456789", "fffffff", "10000000", &"f".repeat(770), &format!("1{}", "0".repeat(769))] {
            assert_eq!(Uint::from_hex(hex).unwrap().to_hex(), hex, "{hex}");
        }
        assert_eq!(Uint::from_hex("000ABCdef").unwrap().to_hex(), "abcdef");
        assert_eq!(Uint::from_hex("").unwrap().to_hex(), "0");
        assert!(Uint::from_hex(&"f".repeat(771)).is_none());
        assert_eq!(Uint::from_hex(&format!("0000{}", "f".repeat(770))).unwrap().to_hex(), "f".repeat(770));
        for v in 0..16u64 {
            assert_eq!(digit_char(v), char::from_digit(v as u32, 16).unwrap());
        }
    }

    #[test]
    fn bytes_bits_and_zero() {
        assert_eq!(Uint::from_be_bytes(&[0, 0x12, 0xab]).unwrap().to_hex(), "12ab");
        assert_eq!(Uint::from_be_bytes(&[0xff; 385]).unwrap().to_hex(), "f".repeat(770));
        assert!(Uint::from_be_bytes(&[1; 386]).is_none());
        assert_eq!(Uint::small(0).bits(), 0);
        assert_eq!(Uint::small(1).bits(), 1);
        assert_eq!(Uint::from_hex("10000000").unwrap().bits(), 29);
        assert_eq!(Uint::from_hex(&"f".repeat(770)).unwrap().bits(), 3080);
        assert!(Uint::small(0).is_zero() && !Uint::small(2).is_zero());
        assert_eq!(Uint::small(u32::MAX).to_hex(), "ffffffff");
        assert_eq!(format!("{:?}", Uint::small(0x1f1f)), "Uint(..)");
    }

    #[test]
    fn parse_checks_like_the_protocol() {
        assert_eq!(Uint::parse("00ABc", "SALT").unwrap().to_hex(), "abc");
        assert_eq!(Uint::parse("", "SALT"), Err(Error::Missing("SALT")));
        assert_eq!(Uint::parse("12g4", "SALT"), Err(Error::InvalidHex("SALT")));
        assert_eq!(Uint::parse(&"1".repeat(771), "a"), Err(Error::TooLong("a")));
    }
}
