//! Property/fuzz tests of the SRP client (`srp/`): `answer_password_verifier` on random
//! challenge parameters (SRP_B, SALT, SECRET_BLOCK, timestamps, usernames, passwords)
//! gives a typed error or a signature, never a panic; with a real server the signature
//! is accepted for any username/password/salt; the fixed-modulus exponentiation equals
//! `BigUint::modpow`, and the client's own integers (`Uint`: hex, padHex, B mod N, S) agree
//! with num-bigint on random values; errors never contain the secrets fed in. See
//! tests/FUZZING.md.
#![cfg(not(target_arch = "wasm32"))]

mod prop_support;

use cognito_wasm::error::Error;
use cognito_wasm::srp::device::device_verifier_from_random;
use cognito_wasm::srp::math::hex_mod_n;
use cognito_wasm::srp::{compute_s, g, k, mod_pow_n, n, pad_hex, pad_hex_signed, pad_hex_str, to_big, to_uint, ServerSrp, SrpClient, StoredVerifier, Uint};
use num_bigint::{BigInt, BigUint, Sign};
use prop_support::*;
use proptest::prelude::*;

fn client(pool: &str) -> SrpClient {
    SrpClient::with_small_a(pool, Uint::from_hex("1f1f1f1f1f1f").unwrap()).unwrap()
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![3 => interesting_string(24), 1 => any::<String>(), 1 => Just(String::new()), 1 => (4090usize..4100).prop_map(|n| "u".repeat(n))]
}

fn block() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[A-Za-z0-9+/=_-]{0,200}", 1 => interesting_string(30), 1 => Just(String::new()), 1 => (16_380usize..16_390).prop_map(|n| "Q".repeat(n))]
}

/// Cheap inputs first: most are rejected before any exponentiation.
fn b_or_salt() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => srp_param(),
        1 => Just(n().to_str_radix(16)),
        1 => Just((n() * 3u32).to_str_radix(16)),
        1 => (2040usize..2056).prop_map(|k| "f".repeat(k)),
    ]
}

/// The errors an answer may give, by the reference's rules.
fn expected_error(user: &str, password: &str, b: &str, salt: &str, block: &str) -> Option<Error> {
    let hex = |s: &str, what| {
        if s.is_empty() {
            Some(Error::Missing(what))
        } else if s.len() > 2048 {
            Some(Error::TooLong(what))
        } else if !s.bytes().all(|c| c.is_ascii_hexdigit()) {
            Some(Error::InvalidHex(what))
        } else {
            None
        }
    };
    let text = |s: &str, what| match s.len() {
        0 => Some(Error::Missing(what)),
        l if l > 4096 => Some(Error::TooLong(what)),
        _ => None,
    };
    if block.is_empty() {
        return Some(Error::Missing("SECRET_BLOCK"));
    }
    if block.len() > 16 * 1024 {
        return Some(Error::TooLong("SECRET_BLOCK"));
    }
    hex(b, "SRP_B").or_else(|| hex(salt, "SALT")).or_else(|| text(user, "USER_ID_FOR_SRP")).or_else(|| text(password, "Password")).or_else(|| {
        let b = BigUint::parse_bytes(b.as_bytes(), 16).unwrap();
        (b % n() == BigUint::from(0u32)).then_some(Error::IllegalB)
    })
}

fn assert_no_secret(what: &str, shown: &str, secret: &str) -> Result<(), TestCaseError> {
    // Texts short enough to occur by chance in a message are not checked.
    if secret.chars().count() >= 6 && !"is not a valid hexadecimal string. is required. is too long. SRP_B SALT USER_ID_FOR_SRP Password SECRET_BLOCK Illegal paramater. A mod N cannot be 0. B cannot be zero. U cannot be zero. InvalidParameterException SrpParameterError".contains(secret) {
        prop_assert!(!shown.contains(secret), "{} shows a secret", what);
    }
    Ok(())
}

#[test]
fn answers_to_random_challenges() {
    let strategy = (text(), text(), b_or_salt(), b_or_salt(), block(), text(), interesting_string(12));
    check("srp/answer", cases_scaled(300, 20), strategy, |(user, password, b, salt, block, timestamp, pool)| {
        let r = client(&pool).answer_password_verifier(&user, &password, &b, &salt, &block, &timestamp);
        match r {
            Ok(a) => {
                prop_assert_eq!(expected_error(&user, &password, &b, &salt, &block), None);
                prop_assert_eq!(a.signature.len(), 44);
                prop_assert_eq!(&a.username, &user);
                prop_assert_eq!(&a.secret_block, &block);
                prop_assert_eq!(&a.timestamp, &timestamp);
            }
            Err(e) => {
                if e != Error::IllegalU {
                    prop_assert_eq!(Some(e.clone()), expected_error(&user, &password, &b, &salt, &block));
                }
                let shown = format!("{e} {e:?} {}", cognito_wasm::wire::SdkError::from(e.clone()));
                for secret in [&password, &b, &salt, &block] {
                    assert_no_secret("error", &shown, secret)?;
                }
            }
        }
        Ok(())
    });
}

#[test]
fn a_real_server_accepts_every_answer() {
    let strategy = (interesting_string(16), interesting_string(24), "[0-9a-f]{1,64}", "[A-Za-z0-9+/]{4,80}", interesting_string(12));
    check("srp/round_trip", cases_scaled(15, 500), strategy, |(user, password, salt, block, pool)| {
        prop_assume!(!user.is_empty() && !password.is_empty());
        let salt = BigUint::parse_bytes(salt.as_bytes(), 16).unwrap();
        let stored = StoredVerifier::with_salt(&pool, &user, &password, salt.clone());
        let server = ServerSrp::new(&stored.verifier).unwrap();
        let client = SrpClient::new(&pool).unwrap();
        let ts = "Mon Jan 2 03:04:05 UTC 2006";
        let a = client.answer_password_verifier(&user, &password, &server.srp_b_hex(), &salt.to_str_radix(16), &block, ts).unwrap();
        prop_assert!(server.verify_claim(&client.srp_a_hex(), &pool, &user, &block, ts, &a.signature).unwrap());
        // A wrong password is refused.
        let wrong = client.answer_password_verifier(&user, &format!("{password}x"), &server.srp_b_hex(), &salt.to_str_radix(16), &block, ts).unwrap();
        prop_assert!(!server.verify_claim(&client.srp_a_hex(), &pool, &user, &block, ts, &wrong.signature).unwrap());
        Ok(())
    });
}

fn big(max_bytes: usize) -> impl Strategy<Value = BigUint> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..=max_bytes).prop_map(|b| BigUint::from_bytes_be(&b)),
        (0u32..16).prop_map(BigUint::from),
        Just(n().clone()),
        Just(n() - 1u32),
        Just(n() + 1u32),
    ]
}

#[test]
fn fixed_modulus_exponentiation_matches_modpow() {
    // Exponents below 2^3080 (a Uint), bases of any length.
    check("srp/mod_pow", cases_scaled(40, 250), (big(1024), big(385)), |(base, exp)| {
        prop_assert_eq!(mod_pow_n(&base, &exp), base.modpow(&exp, n()));
        Ok(())
    });
}

#[test]
fn pad_hex_is_twos_complement() {
    check("srp/pad_hex", cases(3000), (prop::collection::vec(any::<u8>(), 0..40), any::<bool>()), |(bytes, negative)| {
        let m = BigUint::from_bytes_be(&bytes);
        let p = pad_hex(&Uint::from_be_bytes(&bytes).unwrap());
        prop_assert_eq!(&pad_hex_str(&m.to_str_radix(16).to_uppercase()), &p);
        prop_assert!(p.len() % 2 == 0 && matches!(p.as_bytes()[0], b'0'..=b'7'));
        prop_assert_eq!(BigUint::parse_bytes(p.as_bytes(), 16).unwrap(), m.clone());
        let v = BigInt::from_biguint(if negative { Sign::Minus } else { Sign::Plus }, m);
        let s = pad_hex_signed(&v);
        // Two's complement, as Java's BigInteger.toByteArray(): decodes back to v.
        let bytes = (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect::<Vec<_>>();
        prop_assert_eq!(BigInt::from_signed_bytes_be(&bytes), v);
        Ok(())
    });
}

#[test]
fn device_verifiers_for_any_keys() {
    let strategy = (text(), text(), prop::collection::vec(any::<u8>(), 0..48), prop::collection::vec(any::<u8>(), 0..20));
    check("srp/device_verifier", cases_scaled(100, 200), strategy, |(group, key, password, salt)| {
        match device_verifier_from_random(&group, &key, &password, &salt) {
            Ok(v) => {
                prop_assert!(!group.is_empty() && !key.is_empty() && group.len() <= 4096 && key.len() <= 4096);
                let _ = (v.salt_base64(), v.verifier_base64());
                let dbg = format!("{:?}", v);
                prop_assert!(!dbg.contains(&v.random_password));
            }
            Err(e) => prop_assert!(matches!(e, Error::Missing(_) | Error::TooLong(_))),
        }
        Ok(())
    });
}

/// Hex of up to `max_bytes` bytes, in either case, with or without leading zeros.
fn hex_integer(max_bytes: usize) -> impl Strategy<Value = String> {
    (big(max_bytes), any::<bool>(), 0usize..3).prop_map(|(v, upper, zeros)| {
        let hex = format!("{}{}", "0".repeat(zeros), v.to_str_radix(16));
        if upper { hex.to_uppercase() } else { hex }
    })
}

#[test]
fn uint_agrees_with_num_bigint() {
    check("srp/uint", cases_scaled(300, 1000), (hex_integer(400), hex_integer(1024)), |(short, long)| {
        let want = BigUint::parse_bytes(short.as_bytes(), 16).unwrap();
        match Uint::from_hex(&short) {
            Some(v) => {
                prop_assert!(want.bits() <= 3080);
                prop_assert_eq!(v.to_hex(), want.to_str_radix(16));
                prop_assert_eq!(v.bits() as u64, want.bits());
                prop_assert_eq!(v.is_zero(), want == BigUint::from(0u32));
                prop_assert_eq!(to_big(&v), want.clone());
            }
            None => prop_assert!(want.bits() > 3080),
        }
        // B of any length, mod N.
        let long_value = BigUint::parse_bytes(long.as_bytes(), 16).unwrap();
        prop_assert_eq!(to_big(&hex_mod_n(&long)), &long_value % n());
        Ok(())
    });
}

/// S for random a, u, x and B (B up to 8192 bits) against the formula in num-bigint.
#[test]
fn premaster_secret_agrees_with_num_bigint() {
    // The protocol's sizes: a of 32 (ours) or 128 bytes (the reference's), u and x hashes.
    let int = |max_bytes: usize| prop::collection::vec(any::<u8>(), 0..=max_bytes).prop_map(|b| BigUint::from_bytes_be(&b));
    let exponent = prop_oneof![3 => int(32), 1 => int(128)];
    check("srp/s", cases_scaled(25, 250), (exponent, int(32), int(32), hex_integer(1024)), |(a, u, x, b_hex)| {
        let b = BigUint::parse_bytes(b_hex.as_bytes(), 16).unwrap();
        let n = n();
        let base = ((&b % n) + n - (k() * g().modpow(&x, n)) % n) % n;
        let want = base.modpow(&(&a + &u * &x), n);
        let got = compute_s(&to_uint(&a), &to_uint(&u), &to_uint(&x), &hex_mod_n(&b_hex)).unwrap();
        prop_assert_eq!(to_big(&got), want);
        Ok(())
    });
}
