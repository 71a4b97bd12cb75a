//! TOTP (RFC 6238 over RFC 4226 HOTP: HMAC-SHA1, 30-second steps, 6 digits), the codes of
//! `SOFTWARE_TOKEN_MFA`, with base32 secrets as `AssociateSoftwareToken` hands them out.
//! The emulator issues and checks them; tests compute them as an authenticator app would.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

use crate::encoding::{from_base32, to_base32};
use crate::error::Result;

/// Length of a time step, in seconds.
pub const STEP_SECONDS: i64 = 30;

/// Digits of a code.
pub const DIGITS: usize = 6;

/// Random bytes of a new secret (160 bits, as RFC 4226 recommends; 32 base32 characters).
pub const SECRET_BYTES: usize = 20;

/// The HOTP code (RFC 4226, 6 digits) of `key` for `counter`.
pub fn hotp(key: &[u8], counter: u64) -> String {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[digest.len() - 1] & 0x0f);
    let value = u32::from_be_bytes([digest[offset] & 0x7f, digest[offset + 1], digest[offset + 2], digest[offset + 3]]);
    format!("{:06}", value % 1_000_000)
}

/// The time step of a moment (seconds since the Unix epoch; moments before it count as step 0).
fn step_of(unix_seconds: i64) -> u64 {
    u64::try_from(unix_seconds.div_euclid(STEP_SECONDS)).unwrap_or(0)
}

/// The code of a base32 secret at a moment (seconds since the Unix epoch); `None` when the
/// secret is not base32.
pub fn totp_at(secret_base32: &str, unix_seconds: i64) -> Option<String> {
    Some(hotp(&from_base32(secret_base32)?, step_of(unix_seconds)))
}

/// Whether `code` is the secret's code at `unix_seconds` or one step either side (the
/// authenticator's clock may be off a little). Surrounding whitespace in `code` is ignored;
/// anything but 6 digits, or a secret that is not base32, never matches.
pub fn verify(secret_base32: &str, code: &str, unix_seconds: i64) -> bool {
    let code = code.trim();
    if code.len() != DIGITS || !code.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let Some(key) = from_base32(secret_base32) else { return false };
    let step = step_of(unix_seconds);
    [step.saturating_sub(1), step, step.saturating_add(1)]
        .iter()
        .any(|s| crate::crypto::ct_eq(hotp(&key, *s).as_bytes(), code.as_bytes()))
}

/// A new random secret, base32.
pub fn new_secret() -> Result<String> {
    Ok(to_base32(&crate::random::random_bytes(SECRET_BYTES)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 key "12345678901234567890" (the last 6 of its 8 digits).
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn rfc6238_appendix_b_vectors() {
        assert_eq!(to_base32(b"12345678901234567890"), RFC_SECRET);
        for (t, code) in [(59, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"), (1_234_567_890, "005924"), (2_000_000_000, "279037"), (20_000_000_000, "353130")] {
            assert_eq!(totp_at(RFC_SECRET, t).unwrap(), code, "T = {t}");
        }
        assert_eq!(totp_at(&RFC_SECRET.to_lowercase(), 59).unwrap(), "287082");
        assert_eq!(totp_at("not base32!", 59), None);
    }

    #[test]
    fn rfc4226_appendix_d_hotp_vectors() {
        let codes = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
        for (counter, code) in codes.iter().enumerate() {
            assert_eq!(hotp(b"12345678901234567890", counter as u64), *code);
        }
    }

    #[test]
    fn verify_accepts_one_step_of_drift_and_nothing_else() {
        assert!(verify(RFC_SECRET, "287082", 59));
        assert!(verify(RFC_SECRET, " 287082\n", 80));
        assert!(verify(RFC_SECRET, "287082", 30 + 59));
        assert!(!verify(RFC_SECRET, "287082", 59 + 2 * STEP_SECONDS));
        assert!(!verify(RFC_SECRET, "287083", 59));
        assert!(!verify(RFC_SECRET, "28708", 59));
        assert!(!verify(RFC_SECRET, "2870822", 59));
        assert!(!verify(RFC_SECRET, "28708a", 59));
        assert!(!verify("!!", "287082", 59));
        // Before the epoch: step 0, no underflow.
        assert!(verify(RFC_SECRET, "755224", -5));
    }

    #[test]
    fn new_secrets_are_random_base32() {
        let (a, b) = (new_secret().unwrap(), new_secret().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert_eq!(from_base32(&a).unwrap().len(), SECRET_BYTES);
    }
}
