//! Small helpers: clock, randomness, ids, RFC 3339 dates, destination masking.

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

pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).expect("OS random source failed");
    buf
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

pub fn hex(bytes: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(H[(b >> 4) as usize] as char);
        s.push(H[(b & 15) as usize] as char);
    }
    s
}

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).ok()
}

/// SHA-256 as lowercase hex (used to store refresh tokens by hash).
pub fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(data))
}

/// Constant-time equality for secrets.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's civil_from_days).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// (year, month, day) to days since 1970-01-01.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `2024-01-02T03:04:05Z`
pub fn rfc3339(secs: i64) -> String {
    let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

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
    fn dates_round_trip() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_136_171_045), "2006-01-02T03:04:05Z");
        for days in [-1000i64, 0, 59, 60, 10_000, 20_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

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
