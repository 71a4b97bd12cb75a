//! Hex and base64 encodings as the reference SDK (and Node's `Buffer`) apply them, and the
//! base32 of TOTP secrets.

use crate::error::{Error, Result};

/// Lowercase hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0xf) as usize] as char);
    }
    out
}

fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Strict hex decoding (even length, hex digits only). `what` names the parameter in errors.
pub fn from_hex(hex: &str, what: &'static str) -> Result<Vec<u8>> {
    let bytes = hex.as_bytes();
    if bytes.len() % 2 != 0 {
        return Err(Error::InvalidHex(what));
    }
    bytes
        .chunks_exact(2)
        .map(|pair| match (nibble(pair[0]), nibble(pair[1])) {
            (Some(hi), Some(lo)) => Ok(hi << 4 | lo),
            _ => Err(Error::InvalidHex(what)),
        })
        .collect()
}

/// Longest hex string accepted for a protocol integer (`SRP_B`, `SALT`): 8192 bits is
/// well above N's 3072 and keeps hostile inputs cheap to reject.
pub const MAX_INTEGER_HEX_LEN: usize = 2048;

/// Checks a hex integer as the reference reads one with `new BigInteger(s, 16)`: any
/// length up to [`MAX_INTEGER_HEX_LEN`], either case, leading zeros ignored. Empty, non-hex
/// and oversized strings are errors.
pub fn check_hex_integer(hex: &str, what: &'static str) -> Result<()> {
    if hex.is_empty() {
        return Err(Error::Missing(what));
    }
    if hex.len() > MAX_INTEGER_HEX_LEN {
        return Err(Error::TooLong(what));
    }
    if !hex.bytes().all(|c| nibble(c).is_some()) {
        return Err(Error::InvalidHex(what));
    }
    Ok(())
}

/// [`check_hex_integer`], then the value as a num-bigint integer (natively only: the
/// emulator's server side and the tests; the wasm client uses `srp::Uint`).
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_hex_integer(hex: &str, what: &'static str) -> Result<num_bigint::BigUint> {
    check_hex_integer(hex, what)?;
    num_bigint::BigUint::parse_bytes(hex.as_bytes(), 16).ok_or(Error::InvalidHex(what))
}

/// Standard base64 with padding. Written here rather than through the `base64` crate's
/// generic engine: the session module needs only this (for `SECRET_HASH`), and the
/// engine's code is ~3 KB of it.
pub fn to_base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = u32::from(chunk[0]) << 16 | u32::from(*chunk.get(1).unwrap_or(&0)) << 8 | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(group >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn base64_value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some((c - b'A') as u32),
        b'a'..=b'z' => Some((c - b'a') as u32 + 26),
        b'0'..=b'9' => Some((c - b'0') as u32 + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

/// Decodes base64 as leniently as Node's `Buffer.from(s, 'base64')`: both the standard and
/// the URL-safe alphabet, characters outside them skipped, decoding stops at the first `=`,
/// a trailing group of 2 or 3 characters yields 1 or 2 bytes. Never fails.
pub fn from_base64_lenient(s: &str) -> Vec<u8> {
    let src = s.as_bytes();
    let mut out = Vec::with_capacity(decoded_size_cap(src));
    let mut acc: u32 = 0;
    let mut count = 0;
    for &c in src {
        if c == b'=' {
            break;
        }
        let Some(v) = base64_value(c) else { continue };
        acc = acc << 6 | v;
        count += 1;
        if count == 4 {
            out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
            acc = 0;
            count = 0;
        }
    }
    match count {
        2 => out.push((acc >> 4) as u8),
        3 => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
        _ => {}
    }
    out.truncate(decoded_size_cap(src));
    out
}

/// Node sizes its output buffer from the raw length before decoding; mirror that cap.
fn decoded_size_cap(src: &[u8]) -> usize {
    let mut size = src.len();
    if size < 2 {
        return 0;
    }
    if src[size - 1] == b'=' {
        size -= 1;
        if src[size - 1] == b'=' {
            size -= 1;
        }
    }
    let remainder = size % 4;
    let mut n = size / 4 * 3;
    if remainder != 0 && !(n == 0 && remainder == 1) {
        n += 1 + usize::from(remainder == 3);
    }
    n
}

/// RFC 4648 base32 alphabet (TOTP secrets, as `AssociateSoftwareToken` hands them out).
const BASE32_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 of `bytes`, without `=` padding.
pub fn to_base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8 | u32::from(b)) & 0xfff;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32_ALPHABET[(buffer >> bits & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32_ALPHABET[(buffer << (5 - bits) & 31) as usize] as char);
    }
    out
}

/// Decodes RFC 4648 base32 as authenticator apps read a secret: either case, `=` padding
/// and whitespace ignored, leftover bits of a partial byte dropped. `None` on any other
/// character.
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()) {
        let value = BASE32_ALPHABET.iter().position(|a| *a == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5 | value) & 0xfff;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_rfc4648_vectors_and_lenient_reading() {
        // RFC 4648 section 10 (padding left out).
        for (plain, encoded) in [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")] {
            assert_eq!(to_base32(plain.as_bytes()), encoded);
            assert_eq!(from_base32(encoded).unwrap(), plain.as_bytes());
        }
        assert_eq!(from_base32("mzxw 6ytb oi======").unwrap(), b"foobar");
        assert_eq!(from_base32("MZXW1"), None);
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(from_base32(&to_base32(&bytes)).unwrap(), bytes);
    }

    #[test]
    fn hex_round_trip_and_errors() {
        assert_eq!(to_hex(&[0, 0xab, 0x10]), "00ab10");
        assert_eq!(from_hex("00AB10", "x").unwrap(), vec![0, 0xab, 0x10]);
        assert_eq!(from_hex("abc", "x"), Err(Error::InvalidHex("x")));
        assert_eq!(from_hex("zz", "x"), Err(Error::InvalidHex("x")));
    }

    #[test]
    fn hex_integers_are_checked() {
        assert_eq!(check_hex_integer("00000ABCdef", "SALT"), Ok(()));
        assert_eq!(check_hex_integer("", "SALT"), Err(Error::Missing("SALT")));
        assert_eq!(check_hex_integer("12g4", "SALT"), Err(Error::InvalidHex("SALT")));
        assert_eq!(check_hex_integer("-12", "SALT"), Err(Error::InvalidHex("SALT")));
        assert_eq!(check_hex_integer(&"f".repeat(1 << 20), "SRP_B"), Err(Error::TooLong("SRP_B")));
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn integers_ignore_case_and_leading_zeros() {
        let a = parse_hex_integer("00000ABCdef", "SALT").unwrap();
        let b = parse_hex_integer("abcdef", "SALT").unwrap();
        assert_eq!(a, b);
        assert_eq!(parse_hex_integer("", "SALT"), Err(Error::Missing("SALT")));
        assert_eq!(parse_hex_integer("12g4", "SALT"), Err(Error::InvalidHex("SALT")));
        assert_eq!(parse_hex_integer("-12", "SALT"), Err(Error::InvalidHex("SALT")));
        assert_eq!(parse_hex_integer(&"f".repeat(1 << 20), "SRP_B"), Err(Error::TooLong("SRP_B")));
    }

    #[test]
    fn base64_matches_the_base64_crate() {
        use base64::Engine as _;
        for len in 0..70 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + len) as u8).collect();
            assert_eq!(to_base64(&bytes), base64::engine::general_purpose::STANDARD.encode(&bytes), "{len}");
        }
    }

    #[test]
    fn lenient_base64_matches_strict_on_valid_input() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len as u8).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(from_base64_lenient(&to_base64(&bytes)), bytes);
        }
    }

    #[test]
    fn lenient_base64_reads_url_alphabet_and_skips_junk() {
        // A UUID, as moto sends for SECRET_BLOCK: 36 characters, '-' read as 62 → 27 bytes.
        let uuid = "6f1c1a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6";
        assert_eq!(from_base64_lenient(uuid).len(), 27);
        assert_eq!(from_base64_lenient("QU\nJD"), b"ABC");
        assert_eq!(from_base64_lenient("QQ==QUJD"), b"A");
        assert_eq!(from_base64_lenient(""), Vec::<u8>::new());
        assert_eq!(from_base64_lenient("Q"), Vec::<u8>::new());
        assert_eq!(from_base64_lenient("-_-_"), vec![0xfb, 0xff, 0xbf]);
    }
}
