//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for the JSON-protocol requests Cognito's
//! administrative API takes: the canonical request, the string to sign, the signing-key
//! derivation and the signature, as described in
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html>.
//!
//! One implementation serves both sides: test clients sign with [`authorization`], and the
//! emulator checks a request with [`Authorization::parse`] and [`Authorization::verify`].
//! The time is always passed in (an `X-Amz-Date` string), so everything here is pure.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::crypto::hmac_sha256;
use crate::date::UtcDateTime;
use crate::encoding::{from_hex, to_hex};

/// The only algorithm this module speaks.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// The last element of every credential scope.
pub const SCOPE_TERMINATOR: &str = "aws4_request";
/// The header carrying the signing time, `YYYYMMDD'T'HHMMSS'Z'`.
pub const DATE_HEADER: &str = "x-amz-date";

/// An access key pair. `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("access_key_id", &self.access_key_id).field("secret_access_key", &"<redacted>").finish()
    }
}

/// The parts of an HTTP request a signature covers. `path` and `query` are as sent on the
/// wire (already percent-encoded, no `?`); `headers` are every header the request carries.
#[derive(Debug, Clone, Copy)]
pub struct RequestParts<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
}

impl<'a> RequestParts<'a> {
    /// The first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
    }
}

/// `date/region/service/aws4_request`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// `YYYYMMDD`
    pub date: String,
    pub region: String,
    pub service: String,
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}/{}/{SCOPE_TERMINATOR}", self.date, self.region, self.service)
    }
}

/// Percent-encodes every byte but the unreserved characters (`A-Z a-z 0-9 - _ . ~`), and
/// `/` too when `keep_slash`; hex digits upper-case, as SigV4 requires.
pub fn uri_encode(s: &[u8], keep_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (a `%` not followed by two hex digits stays as it is).
pub fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = from_hex(&String::from_utf8_lossy(&b[i + 1..i + 3]), "percent escape") {
                if let [byte] = v[..] {
                    out.push(byte);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// The canonical URI: the path as sent, encoded once more (every service but S3 signs
/// the path URI-encoded twice); an empty path is `/`.
pub fn canonical_uri(path: &str) -> String {
    if path.is_empty() {
        "/".into()
    } else {
        uri_encode(path.as_bytes(), true)
    }
}

/// The canonical query string: each name and value decoded then strictly re-encoded,
/// sorted by name then value, joined with `&`.
pub fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (uri_encode(&percent_decode(k), false), uri_encode(&percent_decode(v), false))
        })
        .collect();
    pairs.sort();
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

/// A header value as signed: trimmed, inner runs of spaces collapsed to one.
fn canonical_value(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The canonical headers block (`name:value\n` for each signed header, sorted; values of
/// repeated headers joined with `,`). `signed` holds lower-case names.
pub fn canonical_headers(headers: &[(&str, &str)], signed: &[String]) -> String {
    let mut out = String::new();
    for name in signed {
        let values: Vec<String> =
            headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| canonical_value(v)).collect();
        out.push_str(name);
        out.push(':');
        out.push_str(&values.join(","));
        out.push('\n');
    }
    out
}

/// Lower-case header names, sorted and deduplicated: the `SignedHeaders` list.
fn signed_header_names(headers: &[(&str, &str)]) -> Vec<String> {
    let mut names: Vec<String> = headers.iter().map(|(k, _)| k.to_ascii_lowercase()).collect();
    names.sort();
    names.dedup();
    names
}

/// Hex SHA-256 of the body (the last line of the canonical request).
pub fn payload_hash(body: &[u8]) -> String {
    to_hex(&Sha256::digest(body))
}

/// The canonical request over the headers named in `signed` (lower-case, sorted).
pub fn canonical_request(req: &RequestParts, signed: &[String]) -> String {
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method.to_ascii_uppercase(),
        canonical_uri(req.path),
        canonical_query(req.query),
        canonical_headers(req.headers, signed),
        signed.join(";"),
        payload_hash(req.body)
    )
}

/// `AWS4-HMAC-SHA256\n<amz date>\n<scope>\n<hex SHA-256 of the canonical request>`.
pub fn string_to_sign(amz_date: &str, scope: &Scope, canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{amz_date}\n{scope}\n{}", to_hex(&Sha256::digest(canonical_request.as_bytes())))
}

/// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
pub fn signing_key(secret_access_key: &str, scope: &Scope) -> [u8; 32] {
    let k_secret = format!("AWS4{secret_access_key}");
    let k_date = hmac_sha256(k_secret.as_bytes(), &[scope.date.as_bytes()]);
    let k_region = hmac_sha256(&k_date, &[scope.region.as_bytes()]);
    let k_service = hmac_sha256(&k_region, &[scope.service.as_bytes()]);
    hmac_sha256(&k_service, &[SCOPE_TERMINATOR.as_bytes()])
}

/// The hex signature of a string to sign.
pub fn signature(secret_access_key: &str, scope: &Scope, string_to_sign: &str) -> String {
    to_hex(&hmac_sha256(&signing_key(secret_access_key, scope), &[string_to_sign.as_bytes()]))
}

/// `YYYYMMDD'T'HHMMSS'Z'` of a moment in seconds since the Unix epoch.
pub fn amz_date(unix_seconds: i64) -> String {
    let t = UtcDateTime::from_unix_seconds(unix_seconds);
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", t.year, t.month, t.day, t.hour, t.minute, t.second)
}

/// Seconds since the Unix epoch of an `X-Amz-Date` value, `None` when it is malformed.
pub fn parse_amz_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let (year, month, day) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hour, minute, second) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let t = UtcDateTime { year: i64::from(year), month, day, hour, minute, second, weekday: 0 };
    t.checked_unix_seconds()
}

/// Signs a request: the value of its `Authorization` header. Every header in
/// `req.headers` is signed; they must include `Host` and `X-Amz-Date` (= `amz_date`).
pub fn authorization(credentials: &Credentials, region: &str, service: &str, amz_date: &str, req: &RequestParts) -> String {
    let scope = Scope { date: amz_date.get(..8).unwrap_or(amz_date).to_string(), region: region.into(), service: service.into() };
    let signed = signed_header_names(req.headers);
    let sts = string_to_sign(amz_date, &scope, &canonical_request(req, &signed));
    format!(
        "{ALGORITHM} Credential={}/{scope}, SignedHeaders={}, Signature={}",
        credentials.access_key_id,
        signed.join(";"),
        signature(&credentials.secret_access_key, &scope, &sts)
    )
}

/// The headers that sign a request at `unix_seconds`: `X-Amz-Date` and `Authorization`,
/// to send along with the request's own. `req.headers` must include `Host`; all of them
/// are signed.
pub fn signature_headers(credentials: &Credentials, region: &str, service: &str, unix_seconds: i64, req: &RequestParts) -> [(&'static str, String); 2] {
    let date = amz_date(unix_seconds);
    let mut headers: Vec<(&str, &str)> = req.headers.to_vec();
    headers.push(("X-Amz-Date", &date));
    let auth = authorization(credentials, region, service, &date, &RequestParts { headers: &headers, ..*req });
    [("X-Amz-Date", date.clone()), ("Authorization", auth)]
}

/// Why an `Authorization` header could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedAuthorization(pub &'static str);

impl std::fmt::Display for MalformedAuthorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// A parsed `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub access_key_id: String,
    pub scope: Scope,
    /// Lower-case, in the order given.
    pub signed_headers: Vec<String>,
    /// 64 lower-case hex digits.
    pub signature: String,
}

impl Authorization {
    pub fn parse(value: &str) -> Result<Authorization, MalformedAuthorization> {
        let rest = value
            .trim()
            .strip_prefix(ALGORITHM)
            .filter(|r| r.starts_with(' '))
            .ok_or(MalformedAuthorization("Authorization header requires the AWS4-HMAC-SHA256 algorithm."))?;
        let (mut credential, mut signed, mut sig) = (None, None, None);
        for part in rest.split(',') {
            let (k, v) = part.trim().split_once('=').ok_or(MalformedAuthorization("Authorization header is not of the form 'key=value, ...'."))?;
            match k {
                "Credential" => credential = Some(v),
                "SignedHeaders" => signed = Some(v),
                "Signature" => sig = Some(v),
                _ => return Err(MalformedAuthorization("Authorization header has an unknown element.")),
            }
        }
        let credential = credential.ok_or(MalformedAuthorization("Authorization header requires 'Credential' parameter."))?;
        let signed = signed.ok_or(MalformedAuthorization("Authorization header requires 'SignedHeaders' parameter."))?;
        let sig = sig.ok_or(MalformedAuthorization("Authorization header requires 'Signature' parameter."))?;
        let fields: Vec<&str> = credential.split('/').collect();
        let [key, date, region, service, terminator] = fields[..] else {
            return Err(MalformedAuthorization("Credential is not of the form ACCESS_KEY/DATE/REGION/SERVICE/aws4_request."));
        };
        let well_formed_date = date.len() == 8 && date.bytes().all(|c| c.is_ascii_digit());
        if key.is_empty() || !well_formed_date || region.is_empty() || service.is_empty() || terminator != SCOPE_TERMINATOR {
            return Err(MalformedAuthorization("Credential is not of the form ACCESS_KEY/DATE/REGION/SERVICE/aws4_request."));
        }
        let signed_headers: Vec<String> = signed.split(';').map(str::to_ascii_lowercase).collect();
        if signed_headers.iter().any(String::is_empty) {
            return Err(MalformedAuthorization("SignedHeaders has an empty name."));
        }
        if sig.len() != 64 || !sig.bytes().all(|c| c.is_ascii_hexdigit()) {
            return Err(MalformedAuthorization("Signature is not 64 hex digits."));
        }
        Ok(Authorization {
            access_key_id: key.into(),
            scope: Scope { date: date.into(), region: region.into(), service: service.into() },
            signed_headers,
            signature: sig.to_ascii_lowercase(),
        })
    }

    /// Whether the signature is right for this request, this signing time and this secret
    /// (compared in constant time).
    pub fn verify(&self, secret_access_key: &str, amz_date: &str, req: &RequestParts) -> bool {
        let sts = string_to_sign(amz_date, &self.scope, &canonical_request(req, &self.signed_headers));
        let Ok(given) = from_hex(&self.signature, "signature") else { return false };
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(&signing_key(secret_access_key, &self.scope)) else {
            return false;
        };
        mac.update(sts.as_bytes());
        mac.verify_slice(&given).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The "get-vanilla" case of AWS's Signature Version 4 test suite (example credentials).
    const EXAMPLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    fn example() -> Credentials {
        Credentials { access_key_id: "AKIDEXAMPLE".into(), secret_access_key: EXAMPLE_SECRET.into() }
    }

    #[test]
    fn get_vanilla_from_the_aws_test_suite() {
        let headers = [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")];
        let req = RequestParts { method: "GET", path: "/", query: "", headers: &headers, body: b"" };
        assert_eq!(
            authorization(&example(), "us-east-1", "service", "20150830T123600Z", &req),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, \
             Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
    }

    #[test]
    fn signing_key_from_the_aws_documentation() {
        let scope = Scope { date: "20120215".into(), region: "us-east-1".into(), service: "iam".into() };
        assert_eq!(to_hex(&signing_key(EXAMPLE_SECRET, &scope)), "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    }

    #[test]
    fn canonical_parts() {
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/a b/%41"), "/a%20b/%2541");
        assert_eq!(canonical_query("b=2&a=x%40y&a=1&flag"), "a=1&a=x%40y&b=2&flag=");
        assert_eq!(canonical_query("k=%zz&s=a+b"), "k=%25zz&s=a%2Bb");
        let headers = [("My-Header", "  a   b  "), ("my-header", "c"), ("Host", "h")];
        assert_eq!(canonical_headers(&headers, &["host".into(), "my-header".into()]), "host:h\nmy-header:a b,c\n");
    }

    #[test]
    fn dates_round_trip_and_bad_ones_are_refused() {
        assert_eq!(amz_date(1_440_938_160), "20150830T123600Z");
        assert_eq!(parse_amz_date("20150830T123600Z"), Some(1_440_938_160));
        for bad in ["", "20150830T123600", "2015-08-30T12:36:00Z", "20151330T123600Z", "20150830T253600Z", "2015083xT123600Z", "20150830T12360+Z"] {
            assert_eq!(parse_amz_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_signed_request_verifies_and_any_change_breaks_it() {
        let creds = Credentials { access_key_id: "local".into(), secret_access_key: "local".into() };
        let date = "20240102T030405Z";
        let headers = [("Host", "127.0.0.1:9229"), ("X-Amz-Date", date), ("X-Amz-Target", "AWSCognitoIdentityProviderService.ListUserPools")];
        let body = br#"{"MaxResults":10}"#;
        let req = RequestParts { method: "POST", path: "/", query: "", headers: &headers, body };
        let auth = Authorization::parse(&authorization(&creds, "eu-west-1", "cognito-idp", date, &req)).unwrap();
        assert_eq!(auth.access_key_id, "local");
        assert_eq!(auth.scope.to_string(), "20240102/eu-west-1/cognito-idp/aws4_request");
        assert_eq!(auth.signed_headers, ["host", "x-amz-date", "x-amz-target"]);
        assert!(auth.verify("local", date, &req));
        assert!(!auth.verify("other", date, &req));
        assert!(!auth.verify("local", "20240102T030406Z", &req));
        assert!(!auth.verify("local", date, &RequestParts { body: br#"{"MaxResults":11}"#, ..req }));
        assert!(!auth.verify("local", date, &RequestParts { method: "PUT", ..req }));
        assert!(!auth.verify("local", date, &RequestParts { path: "/x", ..req }));
        assert!(!auth.verify("local", date, &RequestParts { query: "a=1", ..req }));
        let other_host = [("Host", "evil.test:9229"), ("X-Amz-Date", date), ("X-Amz-Target", "AWSCognitoIdentityProviderService.ListUserPools")];
        assert!(!auth.verify("local", date, &RequestParts { headers: &other_host, ..req }));
        // An unsigned header may change.
        let extra = [headers[0], headers[1], headers[2], ("User-Agent", "x")];
        assert!(auth.verify("local", date, &RequestParts { headers: &extra, ..req }));
    }

    #[test]
    fn signature_headers_sign_the_date_they_add() {
        let creds = Credentials { access_key_id: "local".into(), secret_access_key: "local".into() };
        let headers = [("Host", "127.0.0.1:1"), ("X-Amz-Target", "T")];
        let req = RequestParts { method: "POST", path: "/", query: "", headers: &headers, body: b"{}" };
        let [(d, date), (a, auth)] = signature_headers(&creds, "us-east-1", "cognito-idp", 1_704_164_645, &req);
        assert_eq!((d, date.as_str(), a), ("X-Amz-Date", "20240102T030405Z", "Authorization"));
        let parsed = Authorization::parse(&auth).unwrap();
        let sent = [headers[0], headers[1], ("X-Amz-Date", date.as_str())];
        assert!(parsed.verify("local", &date, &RequestParts { headers: &sent, ..req }));
    }

    #[test]
    fn malformed_authorization_headers_are_refused() {
        let good = "AWS4-HMAC-SHA256 Credential=k/20240102/r/s/aws4_request, SignedHeaders=host;x-amz-date, Signature=".to_string()
            + &"ab".repeat(32);
        assert!(Authorization::parse(&good).is_ok());
        for bad in [
            "",
            "Basic dXNlcjpwYXNz",
            "AWS4-HMAC-SHA256",
            "AWS4-HMAC-SHA256 Credential=k/20240102/r/s/aws4_request, SignedHeaders=host",
            "AWS4-HMAC-SHA256 Credential=k/20240102/r/s, SignedHeaders=host, Signature=00",
            &good.replace("aws4_request", "aws5_request"),
            &good.replace("20240102", "2024-1-2"),
            &good.replace("Signature=ab", "Signature=zz"),
            &good.replace("host;", "host;;"),
            &(good.clone() + ", Extra=1"),
        ] {
            assert!(Authorization::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn debug_never_shows_the_secret() {
        assert!(!format!("{:?}", example()).contains(EXAMPLE_SECRET));
    }
}
