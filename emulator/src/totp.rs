//! TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) and the base32 secrets of
//! AssociateSoftwareToken.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding.
pub fn base32_encode(data: &[u8]) -> String {
    let mut out = String::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for &b in data {
        buf = (buf << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buf >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = vec![];
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in s.chars().filter(|c| *c != '=' && !c.is_whitespace()) {
        let v = ALPHABET.iter().position(|&a| a as char == c.to_ascii_uppercase())? as u32;
        buf = (buf << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    Some(out)
}

/// A new secret: 20 random bytes as base32 (32 characters).
pub fn new_secret() -> String {
    base32_encode(&crate::util::random_bytes(20))
}

/// The 6-digit code for time step `counter` (RFC 4226 HOTP).
pub fn hotp(key: &[u8], counter: u64) -> String {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(&counter.to_be_bytes());
    let h = mac.finalize().into_bytes();
    let off = (h[19] & 0x0f) as usize;
    let bin = ((h[off] as u32 & 0x7f) << 24) | ((h[off + 1] as u32) << 16) | ((h[off + 2] as u32) << 8) | h[off + 3] as u32;
    format!("{:06}", bin % 1_000_000)
}

/// The code for the given Unix time.
pub fn totp_at(secret_b32: &str, unix: i64) -> Option<String> {
    let key = base32_decode(secret_b32)?;
    Some(hotp(&key, (unix / 30) as u64))
}

/// Check a code against the current step and one step either side (clock skew).
pub fn verify(secret_b32: &str, code: &str, unix: i64) -> bool {
    let code = code.trim();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let Some(key) = base32_decode(secret_b32) else { return false };
    let step = unix / 30;
    (-1..=1).any(|d| crate::util::ct_eq(hotp(&key, (step + d) as u64).as_bytes(), code.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_sha1_vectors() {
        // RFC 6238 appendix B, SHA-1 key "12345678901234567890", last 6 digits.
        let secret = base32_encode(b"12345678901234567890");
        assert_eq!(secret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(totp_at(&secret, 59).unwrap(), "287082");
        assert_eq!(totp_at(&secret, 1_111_111_109).unwrap(), "081804");
        assert_eq!(totp_at(&secret, 2_000_000_000).unwrap(), "279037");
        assert!(verify(&secret, "287082", 59));
        assert!(verify(&secret, "287082", 80));
        assert!(!verify(&secret, "287083", 59));
        assert_eq!(base32_decode(&secret).unwrap(), b"12345678901234567890");
    }
}
