//! Cognito's three tokens: the id and access JWTs (decoded, never verified, as the
//! reference does) and the opaque refresh token.
//!
//! `Debug` output never shows a token's text.

use crate::encoding::from_base64_lenient;
use crate::json_read::Value;

/// A claim the reference compares as a number (`exp`, `iat`), read as JavaScript's `<`
/// and `Math.min` read it: a number as it is, a string through `Number(string)` (`"1700000000"`
/// compares as the number), `true`/`false` as 1/0; `null`, an object or an array (and NaN)
/// count as missing.
fn numeric_claim(value: Option<&Value>) -> Option<f64> {
    let n = match value? {
        Value::Number(n) => *n,
        Value::String(text) => string_to_number(text),
        Value::Bool(b) => f64::from(u8::from(*b)),
        _ => return None,
    };
    (!n.is_nan()).then_some(n)
}

/// JavaScript's `Number(string)`: the host's own conversion in wasm.
#[cfg(target_arch = "wasm32")]
pub fn string_to_number(text: &str) -> f64 {
    // Unary `+`, which is `Number(value)`.
    wasm_bindgen::JsValue::from_str(text).unchecked_into_f64()
}

/// JavaScript's `Number(string)` for the forms a claim takes: surrounding white space
/// ignored, empty = 0, decimal (with fraction and exponent), `Infinity`, `0x` hex; else NaN.
#[cfg(not(target_arch = "wasm32"))]
pub fn string_to_number(text: &str) -> f64 {
    let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if t.is_empty() {
        return 0.0;
    }
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).map_or(f64::NAN, |v| v as f64);
    }
    match t.trim_start_matches(['+', '-']) {
        "Infinity" => return if t.starts_with('-') { f64::NEG_INFINITY } else { f64::INFINITY },
        rest if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) => return f64::NAN,
        _ => {}
    }
    t.parse().unwrap_or(f64::NAN)
}

/// A decoded JWT payload: the JSON text (for the binding to hand out as an object) and
/// the claims the SDK uses.
#[derive(Clone, PartialEq)]
pub struct JwtPayload {
    json: String,
    exp: Option<f64>,
    iat: Option<f64>,
    has_origin_jti: bool,
}

impl JwtPayload {
    /// The empty payload `{}` every decoding failure yields.
    pub fn empty() -> Self {
        JwtPayload { json: "{}".to_string(), exp: None, iat: None, has_origin_jti: false }
    }

    /// The reference's `decodePayload()`: part `[1]` of the token, base64 (the URL-safe
    /// alphabet tolerated), UTF-8 (invalid sequences replaced), JSON. Any failure gives
    /// [`JwtPayload::empty`].
    pub fn decode(token: &str) -> Self {
        let Some(part) = token.split('.').nth(1) else { return Self::empty() };
        let bytes = from_base64_lenient(part);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        // Claims are read from a JSON object only: an array (`[exp, iat, origin_jti]`) has no
        // such properties in JavaScript either. Valid JSON that is not an object (`5`, `"x"`)
        // is kept, as the reference keeps it.
        match crate::json_read::parse(&text) {
            Ok(value @ Value::Object(_)) => JwtPayload {
                exp: numeric_claim(value.get("exp")),
                iat: numeric_claim(value.get("iat")),
                has_origin_jti: value.get("origin_jti").is_some_and(Value::is_truthy),
                json: text,
            },
            Ok(_) => JwtPayload { json: text, exp: None, iat: None, has_origin_jti: false },
            Err(_) => Self::empty(),
        }
    }

    /// The payload as JSON text (`{}` when the token could not be decoded).
    pub fn json(&self) -> &str {
        &self.json
    }

    /// The `exp` claim, when it is a number.
    pub fn exp(&self) -> Option<f64> {
        self.exp
    }

    /// The `iat` claim, when it is a number.
    pub fn iat(&self) -> Option<f64> {
        self.iat
    }

    /// True when the payload has a truthy `origin_jti` (the token can be revoked).
    pub fn has_origin_jti(&self) -> bool {
        self.has_origin_jti
    }
}

impl std::fmt::Debug for JwtPayload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtPayload").field("exp", &self.exp).field("iat", &self.iat).finish_non_exhaustive()
    }
}

/// A JWT (id or access token): the raw text and its decoded payload.
#[derive(Clone, PartialEq)]
pub struct JwtToken {
    jwt: String,
    payload: JwtPayload,
}

impl JwtToken {
    /// Wraps a token; `None` or absent text becomes `""` as in the reference.
    pub fn new(jwt: impl Into<String>) -> Self {
        let jwt = jwt.into();
        let payload = JwtPayload::decode(&jwt);
        JwtToken { jwt, payload }
    }

    /// `getJwtToken()`.
    pub fn jwt_token(&self) -> &str {
        &self.jwt
    }

    /// The decoded payload (`payload` / `decodePayload()`).
    pub fn payload(&self) -> &JwtPayload {
        &self.payload
    }

    /// `getExpiration()`: the `exp` claim.
    pub fn expiration(&self) -> Option<f64> {
        self.payload.exp
    }

    /// `getIssuedAt()`: the `iat` claim.
    pub fn issued_at(&self) -> Option<f64> {
        self.payload.iat
    }
}

impl std::fmt::Debug for JwtToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtToken").field("payload", &self.payload).finish_non_exhaustive()
    }
}

macro_rules! jwt_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Debug)]
        pub struct $name(JwtToken);

        impl $name {
            /// Wraps the token text (`""` for a missing token).
            pub fn new(jwt: impl Into<String>) -> Self {
                $name(JwtToken::new(jwt))
            }
            /// `getJwtToken()`.
            pub fn jwt_token(&self) -> &str {
                self.0.jwt_token()
            }
            /// The decoded payload.
            pub fn payload(&self) -> &JwtPayload {
                self.0.payload()
            }
            /// `getExpiration()`.
            pub fn expiration(&self) -> Option<f64> {
                self.0.expiration()
            }
            /// `getIssuedAt()`.
            pub fn issued_at(&self) -> Option<f64> {
                self.0.issued_at()
            }
        }
    };
}

jwt_newtype!(
    /// `CognitoIdToken`.
    IdToken
);
jwt_newtype!(
    /// `CognitoAccessToken`.
    AccessToken
);

/// `CognitoRefreshToken`: opaque text.
#[derive(Clone, PartialEq, Default)]
pub struct RefreshToken(String);

impl RefreshToken {
    /// Wraps the token text (`""` for a missing token).
    pub fn new(token: impl Into<String>) -> Self {
        RefreshToken(token.into())
    }

    /// `getToken()`.
    pub fn token(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() { "RefreshToken(empty)" } else { "RefreshToken(..)" })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;

    /// A JWT with the given payload JSON (header and signature are placeholders).
    pub fn jwt(payload: &str) -> String {
        format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", URL_SAFE_NO_PAD.encode(payload))
    }

    #[test]
    fn decodes_claims() {
        let t = AccessToken::new(jwt(r#"{"exp":1700000100,"iat":1700000000,"origin_jti":"abc","sub":"é"}"#));
        assert_eq!(t.expiration(), Some(1_700_000_100.0));
        assert_eq!(t.issued_at(), Some(1_700_000_000.0));
        assert!(t.payload().has_origin_jti());
        assert!(t.payload().json().contains("\"sub\":\"é\""));
    }

    #[test]
    fn failures_give_an_empty_payload() {
        for bad in ["", "abc", "a.!!!.c", "a.bm90IGpzb24.c", &jwt("{\"exp\":")] {
            let t = IdToken::new(bad);
            assert_eq!(t.payload().json(), "{}", "{bad}");
            assert_eq!(t.expiration(), None);
        }
        let odd = IdToken::new(jwt(r#"{"exp":"soon","origin_jti":""}"#));
        assert_eq!(odd.expiration(), None);
        assert!(!odd.payload().has_origin_jti());
    }

    #[test]
    fn string_claims_compare_as_javascript_numbers() {
        let t = IdToken::new(jwt(r#"{"exp":"1700000100","iat":" 1700000000 ","origin_jti":1}"#));
        assert_eq!((t.expiration(), t.issued_at()), (Some(1_700_000_100.0), Some(1_700_000_000.0)));
        assert_eq!(IdToken::new(jwt(r#"{"exp":true}"#)).expiration(), Some(1.0));
        assert_eq!(IdToken::new(jwt(r#"{"exp":""}"#)).expiration(), Some(0.0));
        for nan in ["1e", "inf", "NaN", "12abc", "1_000"] {
            assert!(super::string_to_number(nan).is_nan(), "{nan}");
        }
        assert_eq!(super::string_to_number("0x10"), 16.0);
        assert_eq!(super::string_to_number("-Infinity"), f64::NEG_INFINITY);
        assert_eq!(super::string_to_number("1.5e3"), 1500.0);
    }

    #[test]
    fn arrays_have_no_claims() {
        // Found by tests/prop_tokens.rs: serde filled the struct from a JSON array.
        for payload in [r#"[1700000100,1700000000,"jti"]"#, r#" [5,6]"#] {
            let t = AccessToken::new(jwt(payload));
            assert_eq!((t.expiration(), t.issued_at(), t.payload().has_origin_jti()), (None, None, false), "{payload}");
            assert_eq!(t.payload().json(), payload);
        }
        assert_eq!(IdToken::new(jwt(" \n{\"exp\":7}")).expiration(), Some(7.0));
    }

    #[test]
    fn standard_base64_is_accepted_too() {
        use base64::engine::general_purpose::STANDARD;
        let token = format!("h.{}.s", STANDARD.encode(r#"{"iat":5,"exp":9}"#));
        assert_eq!(IdToken::new(token).issued_at(), Some(5.0));
    }

    #[test]
    fn debug_hides_token_text() {
        let text = jwt(r#"{"exp":1}"#);
        let dbg = format!("{:?} {:?}", IdToken::new(text.clone()), RefreshToken::new("secret-refresh"));
        assert!(!dbg.contains(&text) && !dbg.contains("secret-refresh"));
    }
}
