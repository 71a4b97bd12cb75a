//! Small helpers: the emulator's clock, random ids and codes, destination masking, and the
//! encodings it shares with the SDK crate (re-exported from there: one implementation each).

use base64::Engine;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Emulator extension: seconds added to the real clock (`--clock-skew`, or
/// `POST /_emulator/faults {"clockSkewSeconds": N}`). Process-wide.
static CLOCK_SKEW: AtomicI64 = AtomicI64::new(0);

/// Sets the clock skew (seconds; negative = the emulator's clock is behind).
pub fn set_clock_skew(seconds: i64) {
    CLOCK_SKEW.store(seconds, Ordering::SeqCst);
}

/// The current clock skew in seconds.
pub fn clock_skew() -> i64 {
    CLOCK_SKEW.load(Ordering::SeqCst)
}

/// Seconds since the Unix epoch, on the emulator's (possibly skewed) clock: token
/// `iat`/`exp`/`auth_time`, expiry checks, dates.
pub fn now() -> i64 {
    real_now() + clock_skew()
}

/// Seconds since the Unix epoch on the real clock (TOTP codes, which the user's
/// authenticator computes from the real time).
pub fn real_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Seconds since the epoch, with fractions (for CreationDate etc.), on the skewed clock.
pub fn now_f64() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or(0.0) + clock_skew() as f64
}

pub use cognito_wasm::crypto::ct_eq;
pub use cognito_wasm::date::rfc3339;
pub use cognito_wasm::encoding::{to_base64 as b64, to_hex as hex};

/// `n` random bytes from the OS source (through the SDK crate); the emulator cannot work
/// without one.
pub fn random_bytes(n: usize) -> Vec<u8> {
    cognito_wasm::random::random_bytes(n).expect("OS random source failed")
}

/// A random RFC 4122 version-4 UUID (lowercase).
pub fn uuid_v4() -> String {
    let mut b = random_bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// Random string from `alphabet`, `len` characters (rejection sampling, no bias).
pub fn random_from(alphabet: &[u8], len: usize) -> String {
    let mut out = String::with_capacity(len);
    let limit = 256 - (256 % alphabet.len());
    while out.len() < len {
        for b in random_bytes(len * 2) {
            if (b as usize) < limit && out.len() < len {
                out.push(alphabet[b as usize % alphabet.len()] as char);
            }
        }
    }
    out
}

pub const ALNUM_LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
pub const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A 6-digit numeric code.
pub fn numeric_code() -> String {
    random_from(b"0123456789", 6)
}

pub fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).ok()
}

/// SHA-256 as lowercase hex (used to store refresh tokens by hash).
pub use cognito_wasm::crypto::hash as sha256_hex;

/// Mask an e-mail the way Cognito's CodeDeliveryDetails do: `d***@e***`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let l = local.chars().next().map(String::from).unwrap_or_default();
            let d = domain.chars().next().map(String::from).unwrap_or_default();
            format!("{l}***@{d}***")
        }
        None => "***".into(),
    }
}

/// Mask a phone number: `+*******1234`.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().collect();
    let n = digits.len();
    if n <= 4 {
        return "+****".into();
    }
    let tail: String = digits[n - 4..].iter().collect();
    format!("+{}{}", "*".repeat(n.saturating_sub(5)), tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_shape_and_masks() {
        let u = uuid_v4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert_eq!(mask_email("demo@example.com"), "d***@e***");
        assert_eq!(mask_phone("+15555550100"), "+*******0100");
        assert_eq!(numeric_code().len(), 6);
    }
}
