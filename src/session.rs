//! `CognitoUserSession`: the three tokens plus the clock drift, and the reference's
//! validity rule (no tolerance, no early-refresh margin).

use crate::tokens::{AccessToken, IdToken, RefreshToken};
use crate::wire::errors::{messages, SdkError, SdkResult};

/// A signed-in session.
#[derive(Clone, PartialEq, Debug)]
pub struct CognitoUserSession {
    id_token: IdToken,
    access_token: AccessToken,
    refresh_token: RefreshToken,
    clock_drift: f64,
}

impl CognitoUserSession {
    /// The reference constructor: both JWTs are required (`Id token and Access Token
    /// must be present.`); without `clock_drift` it is computed against `now_unix_seconds`.
    pub fn new(
        id_token: Option<IdToken>,
        access_token: Option<AccessToken>,
        refresh_token: Option<RefreshToken>,
        clock_drift: Option<f64>,
        now_unix_seconds: i64,
    ) -> SdkResult<Self> {
        let (Some(id_token), Some(access_token)) = (id_token, access_token) else {
            return Err(SdkError::local(messages::SESSION_TOKENS_REQUIRED));
        };
        let refresh_token = refresh_token.unwrap_or_default();
        let clock_drift = clock_drift.unwrap_or_else(|| calculate_clock_drift(&access_token, &id_token, now_unix_seconds));
        Ok(CognitoUserSession { id_token, access_token, refresh_token, clock_drift })
    }

    /// `getIdToken()`.
    pub fn id_token(&self) -> &IdToken {
        &self.id_token
    }

    /// `getAccessToken()`.
    pub fn access_token(&self) -> &AccessToken {
        &self.access_token
    }

    /// `getRefreshToken()`.
    pub fn refresh_token(&self) -> &RefreshToken {
        &self.refresh_token
    }

    /// `getClockDrift()`: seconds the local clock is ahead of the issuer's (NaN when a
    /// token has no numeric `iat`, as in JavaScript).
    pub fn clock_drift(&self) -> f64 {
        self.clock_drift
    }

    /// `calculateClockDrift()` against `now_unix_seconds`.
    pub fn calculate_clock_drift(&self, now_unix_seconds: i64) -> f64 {
        calculate_clock_drift(&self.access_token, &self.id_token, now_unix_seconds)
    }

    /// `isValid()` at `now_unix_seconds`: `now − drift` is before both `exp` claims. A
    /// token without a numeric `exp` is never valid.
    pub fn is_valid(&self, now_unix_seconds: i64) -> bool {
        is_valid_at(now_unix_seconds, self.clock_drift, self.access_token.expiration(), self.id_token.expiration())
    }

    /// The same session with another refresh token.
    pub fn with_refresh_token(mut self, refresh_token: RefreshToken) -> Self {
        self.refresh_token = refresh_token;
        self
    }
}

/// `floor(now_s) − min(access.iat, id.iat)`; NaN when either `iat` is missing.
pub fn calculate_clock_drift(access: &AccessToken, id: &IdToken, now_unix_seconds: i64) -> f64 {
    clock_drift_at(now_unix_seconds, access.issued_at(), id.issued_at())
}

/// The reference's `calculateClockDrift()` over the two `iat` values as numbers:
/// `now − Math.min(access_iat, id_iat)`, NaN when either is missing or NaN.
pub fn clock_drift_at(now_unix_seconds: i64, access_iat: Option<f64>, id_iat: Option<f64>) -> f64 {
    match (access_iat, id_iat) {
        (Some(a), Some(b)) if !a.is_nan() && !b.is_nan() => now_unix_seconds as f64 - a.min(b),
        _ => f64::NAN,
    }
}

/// The reference's `isValid()` rule, the one place it lives: `now − drift` is before both
/// `exp` values (a missing or NaN one is never after anything).
pub fn is_valid_at(now_unix_seconds: i64, clock_drift: f64, access_exp: Option<f64>, id_exp: Option<f64>) -> bool {
    let adjusted = now_unix_seconds as f64 - clock_drift;
    let before = |exp: Option<f64>| exp.is_some_and(|exp| adjusted < exp);
    before(access_exp) && before(id_exp)
}

/// The drift as `cacheTokens()` writes it: JavaScript's `${number}` (Number::toString:
/// shortest round-trip digits, exponent form from 1e21 up and below 1e-6).
///
/// In wasm this is the host's own `String(number)`, which keeps Rust's float formatting
/// (about 14 KB) out of the binary; natively it is [`format_js_number`].
#[cfg(target_arch = "wasm32")]
pub fn format_clock_drift(drift: f64) -> String {
    String::from(js_sys::Number::from(drift).to_string_with_radix(10).unwrap_or_else(|_| js_sys::JsString::from("NaN")))
}

/// The drift as `cacheTokens()` writes it (see the wasm twin above).
#[cfg(not(target_arch = "wasm32"))]
pub fn format_clock_drift(drift: f64) -> String {
    format_js_number(drift)
}

/// JavaScript's Number::toString in Rust: shortest round-trip digits, exponent form from
/// 1e21 up and below 1e-6.
pub fn format_js_number(drift: f64) -> String {
    if drift.is_nan() {
        return "NaN".to_string();
    }
    if drift.is_infinite() {
        return if drift > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if drift == 0.0 {
        return "0".to_string();
    }
    let sign = if drift < 0.0 { "-" } else { "" };
    // `{:e}` gives the shortest round-trip digits: `d.ddde±x`.
    let sci = format!("{:e}", drift.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i64;
    let n = exponent.parse::<i64>().unwrap_or(0) + 1;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let e_sign = if e >= 0 { "+" } else { "-" };
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        format!("{first}{dot}{rest}e{e_sign}{}", e.abs())
    };
    format!("{sign}{body}")
}

/// A non-empty run of ASCII digits as the nearest f64. In wasm the host's `parseFloat`
/// (correctly rounded, like Rust's parser) keeps Rust's float parser (~5 KB) out of the binary.
#[cfg(target_arch = "wasm32")]
fn parse_decimal_digits(digits: &str) -> f64 {
    js_sys::Number::parse_float(digits)
}

#[cfg(not(target_arch = "wasm32"))]
fn parse_decimal_digits(digits: &str) -> f64 {
    digits.parse().unwrap_or(0.0)
}

/// The drift as `getSession()` reads it back: `parseInt(stored) || 0`.
pub fn parse_clock_drift(stored: Option<&str>) -> f64 {
    let Some(text) = stored else { return 0.0 };
    // JavaScript's white space and line terminators (not Rust's: U+0085 is not one, U+FEFF is).
    let text = text.trim_start_matches(|c: char| {
        matches!(c, '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}')
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}')
    });
    // Prefixes stripped and digits cut with `strip_prefix`/`get`, never `[..]` on a str: that
    // links core's str-slicing panic (~3 KB of formatting) into the session module.
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text.strip_prefix('+').unwrap_or(text)),
    };
    // `parseInt` without a radix reads `0x`/`0X` as hexadecimal.
    let (radix, digits) = match rest.strip_prefix("0x").or_else(|| rest.strip_prefix("0X")) {
        Some(hex) => (16, hex),
        None => (10, rest),
    };
    let end = digits.bytes().position(|b| !(b as char).is_digit(radix)).unwrap_or(digits.len());
    // Everything before `end` is ASCII, so the cut is on a char boundary.
    let digits = match digits.get(..end) {
        Some(digits) if end > 0 => digits,
        _ => return 0.0,
    };
    let value: f64 = if radix == 10 {
        parse_decimal_digits(digits)
    } else {
        digits.bytes().fold(0.0, |acc, b| acc * 16.0 + f64::from((b as char).to_digit(16).unwrap_or(0)))
    };
    sign * value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tests::jwt;

    fn session(exp: i64, iat: i64, drift: Option<f64>, now: i64) -> CognitoUserSession {
        let p = format!(r#"{{"exp":{exp},"iat":{iat}}}"#);
        CognitoUserSession::new(Some(IdToken::new(jwt(&p))), Some(AccessToken::new(jwt(&p))), None, drift, now).unwrap()
    }

    #[test]
    fn requires_both_jwts() {
        let e = CognitoUserSession::new(Some(IdToken::new("")), None, None, None, 0).unwrap_err();
        assert_eq!(e.message, "Id token and Access Token must be present.");
        assert_eq!(e.code, None);
    }

    #[test]
    fn drift_and_validity_follow_the_reference() {
        let s = session(10_003_600, 10_000_000, None, 10_000_100);
        assert_eq!(s.clock_drift(), 100.0);
        assert!(s.is_valid(10_000_100));
        // adjusted = now - 100 must stay strictly below exp
        assert!(s.is_valid(10_003_699));
        assert!(!s.is_valid(10_003_700));
        let stored = session(100, 0, Some(-5.0), 0);
        assert!(stored.is_valid(94));
        assert!(!stored.is_valid(95));
    }

    #[test]
    fn token_without_exp_is_never_valid() {
        let id = IdToken::new(jwt(r#"{"iat":1}"#));
        let access = AccessToken::new(jwt(r#"{"iat":1,"exp":99999999999}"#));
        let s = CognitoUserSession::new(Some(id), Some(access), None, None, 2).unwrap();
        assert!(!s.is_valid(2));
        let no_iat = CognitoUserSession::new(Some(IdToken::new("x")), Some(AccessToken::new("y")), None, None, 2).unwrap();
        assert!(no_iat.clock_drift().is_nan());
        assert_eq!(format_clock_drift(no_iat.clock_drift()), "NaN");
    }

    #[test]
    fn drift_text_round_trip() {
        assert_eq!(format_clock_drift(-12.0), "-12");
        assert_eq!(format_clock_drift(0.0), "0");
        // JavaScript's exponent forms (found by tests/prop_session.rs's Node differential).
        assert_eq!(format_clock_drift(1e21), "1e+21");
        assert_eq!(format_clock_drift(-1.5e-7), "-1.5e-7");
        assert_eq!(format_clock_drift(1e-6), "0.000001");
        assert_eq!(format_clock_drift(123e18), "123000000000000000000");
        assert_eq!(format_clock_drift(0.1), "0.1");
        assert_eq!(format_clock_drift(-0.0), "0");
        assert_eq!(parse_clock_drift(Some("-12")), -12.0);
        assert_eq!(parse_clock_drift(Some(" 42abc")), 42.0);
        assert_eq!(parse_clock_drift(Some("NaN")), 0.0);
        assert_eq!(parse_clock_drift(Some("")), 0.0);
        assert_eq!(parse_clock_drift(None), 0.0);
        assert_eq!(parse_clock_drift(Some("3.9")), 3.0);
        // parseInt's hexadecimal prefix and JavaScript white space (found by
        // tests/prop_session.rs's Node differential).
        assert_eq!(parse_clock_drift(Some(" 0X1f")), 31.0);
        assert_eq!(parse_clock_drift(Some("-0x10")), -16.0);
        assert_eq!(parse_clock_drift(Some("0x")), 0.0);
        assert_eq!(parse_clock_drift(Some("\u{feff}7")), 7.0);
        assert_eq!(parse_clock_drift(Some("\u{85}9")), 0.0);
    }
}
