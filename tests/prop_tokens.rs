//! Property/fuzz tests of JWT decoding (`tokens.rs`): any text as a token, near-valid
//! JWTs with mutated base64 / UTF-8 / JSON payloads, huge and deeply nested JSON. Decoding
//! never panics and gives either the empty payload or the payload's JSON text with the
//! claims the reference would read. See tests/FUZZING.md.
#![cfg(not(target_arch = "wasm32"))]

mod prop_support;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use cognito_wasm::tokens::{AccessToken, IdToken, JwtPayload, RefreshToken};
use prop_support::*;
use proptest::prelude::*;
use serde_json::Value;

/// What the reference reads from a payload text: `(exp, iat, !!origin_jti)`, computed
/// independently with `serde_json::Value`.
/// A claim as the reference's `<` and `Math.min` read it: a number as it is, a string through
/// `Number(string)` (the crate's own conversion: its cases are unit-tested in src/tokens.rs and
/// compared with the reference in tests/js/face-session.test.mjs), booleans as 1/0; `null`,
/// objects and arrays (and NaN) as missing.
fn claim_model(v: Option<&Value>) -> Option<f64> {
    let n = match v? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => cognito_wasm::tokens::string_to_number(s),
        Value::Bool(b) => f64::from(u8::from(*b)),
        _ => return None,
    };
    (!n.is_nan()).then_some(n)
}

fn model_claims(text: &str) -> Option<(Option<f64>, Option<f64>, bool)> {
    let v: Value = serde_json::from_str(text).ok()?;
    let num = |k: &str| claim_model(v.get(k));
    let truthy = match v.get("origin_jti") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    };
    Some((num("exp"), num("iat"), truthy))
}

fn check_payload(token: &str) -> Result<(), TestCaseError> {
    let t = IdToken::new(token);
    let a = AccessToken::new(token);
    prop_assert_eq!(t.payload(), a.payload());
    prop_assert_eq!(t.jwt_token(), token);
    let p = t.payload();
    // Debug never shows the token text (when it is long enough to be recognisable).
    let dbg = format!("{t:?} {a:?}");
    if token.len() >= 12 && !token.chars().all(|c| c.is_ascii_digit() || c == '.') {
        prop_assert!(!dbg.contains(token), "Debug shows the token");
    }
    if p.json() == "{}" {
        prop_assert_eq!(p.exp(), None);
        prop_assert_eq!(p.iat(), None);
        return Ok(());
    }
    // Anything else is the payload text itself, valid JSON, with the reference's claims.
    prop_assert!(serde_json::from_str::<serde::de::IgnoredAny>(p.json()).is_ok(), "payload kept is not JSON");
    // serde_json::Value rejects numbers beyond f64 (JSON.parse gives Infinity) that the
    // decoder skips when they are not a claim: no model then.
    let Some((exp, iat, jti)) = model_claims(p.json()) else { return Ok(()) };
    prop_assert!(close(p.exp(), exp), "exp {:?} vs {:?}", p.exp(), exp);
    prop_assert!(close(p.iat(), iat), "iat {:?} vs {:?}", p.iat(), iat);
    prop_assert_eq!(p.has_origin_jti(), jti);
    prop_assert_eq!(t.expiration(), p.exp());
    prop_assert_eq!(t.issued_at(), p.iat());
    Ok(())
}

/// Equal claims, up to the few ulps serde_json's default (not correctly rounded) float
/// parsing may be off: the crate reads numbers with Rust's exact parser natively and with
/// `parseFloat` in wasm, as `JSON.parse` reads them.
fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b || (a - b).abs() <= 1e-14 * a.abs().max(b.abs()),
        (a, b) => a == b,
    }
}

/// A token around `payload` bytes: random header/signature, either base64 alphabet.
fn token_with(payload: &[u8], url_safe: bool, header: &str, signature: &str) -> String {
    let body = if url_safe { URL_SAFE_NO_PAD.encode(payload) } else { STANDARD.encode(payload) };
    format!("{header}.{body}.{signature}")
}

#[derive(Debug, Clone)]
enum Mutation {
    None,
    InsertChar(usize, char),
    DeleteChar(usize),
    ReplaceByte(usize, u8),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => Just(Mutation::None),
        1 => (any::<usize>(), interesting_char()).prop_map(|(i, c)| Mutation::InsertChar(i, c)),
        1 => any::<usize>().prop_map(Mutation::DeleteChar),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::ReplaceByte(i, b)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply_to_bytes(mut bytes: Vec<u8>, m: &Mutation) -> Vec<u8> {
    let len = bytes.len();
    match *m {
        Mutation::None => {}
        Mutation::InsertChar(i, c) => {
            let mut buf = [0u8; 4];
            let at = i % (len + 1);
            bytes.splice(at..at, c.encode_utf8(&mut buf).bytes());
        }
        Mutation::DeleteChar(i) if len > 0 => {
            bytes.remove(i % len);
        }
        Mutation::ReplaceByte(i, b) if len > 0 => bytes[i % len] = b,
        Mutation::Truncate(i) => bytes.truncate(i % (len + 1)),
        _ => {}
    }
    bytes
}

fn apply_to_text(s: &str, m: &Mutation) -> String {
    String::from_utf8_lossy(&apply_to_bytes(s.as_bytes().to_vec(), m)).into_owned()
}

#[test]
fn any_text_as_a_token() {
    check("tokens/any_text", cases(3000), prop_oneof![any::<String>(), interesting_string(80)], |s| check_payload(&s));
}

#[test]
fn near_valid_jwts_with_mutated_payloads() {
    let strategy = (
        json_value(),
        any::<bool>(),
        mutation(),
        mutation(),
        prop::sample::select(vec!["eyJhbGciOiJSUzI1NiJ9", "", "h", "a.b"]),
        prop::sample::select(vec!["c2ln", "", "sig.extra", "=="]),
    );
    check("tokens/near_valid", cases(3000), strategy, |(payload, url_safe, json_mutation, b64_mutation, header, signature)| {
        // Mutate the JSON bytes (may break UTF-8 or JSON), then the base64 text.
        let json = apply_to_bytes(payload.to_string().into_bytes(), &json_mutation);
        let token = token_with(&json, url_safe, header, signature);
        let parts: Vec<&str> = token.splitn(3, '.').collect();
        let mutated_b64 = apply_to_text(parts.get(1).copied().unwrap_or(""), &b64_mutation);
        let token = format!("{}.{}.{}", parts[0], mutated_b64, parts.get(2).copied().unwrap_or(""));
        check_payload(&token)?;
        // Unmutated valid payloads decode exactly (JSON objects keep their claims).
        if matches!((&json_mutation, &b64_mutation), (Mutation::None, Mutation::None)) && header != "a.b" {
            let p = JwtPayload::decode(&token);
            if payload.is_object() {
                prop_assert_eq!(p.json(), payload.to_string());
            }
        }
        Ok(())
    });
}

#[test]
fn claims_of_any_type() {
    let strategy = (json_value(), json_value(), json_value(), any::<bool>());
    check("tokens/claims", cases(3000), strategy, |(exp, iat, jti, url_safe)| {
        let payload = serde_json::json!({"exp": exp, "iat": iat, "origin_jti": jti, "sub": "x"});
        let token = token_with(payload.to_string().as_bytes(), url_safe, "h", "s");
        check_payload(&token)?;
        let p = JwtPayload::decode(&token);
        prop_assert!(close(p.exp(), claim_model(Some(&exp))), "exp {:?} vs {:?}", p.exp(), exp);
        prop_assert!(close(p.iat(), claim_model(Some(&iat))), "iat {:?} vs {:?}", p.iat(), iat);
        Ok(())
    });
}

#[test]
fn huge_and_deep_payloads() {
    let strategy = prop_oneof![
        (1usize..20_000, any::<bool>(), any::<bool>()).prop_map(|(d, o, c)| deep_json(d, o, c)),
        (1usize..20_000).prop_map(|d| format!("{{\"exp\":{}1{}}}", "[".repeat(d), "]".repeat(d))),
        (1usize..20_000).prop_map(|d| format!("{{\"origin_jti\":{}1{}}}", "{\"a\":".repeat(d), "}".repeat(d))),
        (0usize..2_000_000).prop_map(|n| format!("{{\"exp\":1,\"big\":\"{}\"}}", "x".repeat(n))),
        (0usize..100_000).prop_map(|n| format!("{{\"exp\":{}}}", "9".repeat(n))),
    ];
    check("tokens/huge_deep", cases_scaled(60, 500), strategy, |json| {
        check_payload(&token_with(json.as_bytes(), true, "h", "s"))?;
        check_payload(&format!("h.{json}.s"))
    });
}

#[test]
fn refresh_token_debug_never_shows_the_token() {
    check("tokens/refresh_debug", cases(500), "[A-Za-z0-9_.-]{8,64}", |s| {
        let t = RefreshToken::new(s.clone());
        prop_assert_eq!(t.token(), s.as_str());
        let dbg = format!("{:?}", t);
        prop_assert!(!dbg.contains(&s));
        Ok(())
    });
}
