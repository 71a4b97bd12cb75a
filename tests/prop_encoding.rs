//! Property/fuzz tests of the encodings (`encoding.rs`): strict hex, hex integers, and the
//! lenient base64 decoder, which is also compared with Node's `Buffer.from(s, 'base64')`
//! on random strings (one `node` process per batch). See tests/FUZZING.md.
#![cfg(not(target_arch = "wasm32"))]

mod prop_support;

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine as _;
use cognito_wasm::encoding::{from_base64_lenient, from_hex, parse_hex_integer, to_base64, to_hex, MAX_INTEGER_HEX_LEN};
use cognito_wasm::error::Error;
use num_bigint::BigUint;
use prop_support::*;
use proptest::prelude::*;
use serde_json::Value;

fn hexish() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[0-9a-fA-F]{0,80}",
        1 => "[0-9a-fA-F]{0,8}[g-z +x-]?[0-9a-fA-F]{0,8}",
        1 => interesting_string(20),
        1 => any::<String>(),
        1 => (MAX_INTEGER_HEX_LEN - 2..MAX_INTEGER_HEX_LEN + 3).prop_map(|n| "f".repeat(n)),
    ]
}

#[test]
fn hex_decoding_matches_a_model() {
    check("encoding/hex", cases(3000), hexish(), |s| {
        let model = if s.len() % 2 == 0 && s.bytes().all(|c| c.is_ascii_hexdigit()) {
            Some((0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect::<Vec<_>>())
        } else {
            None
        };
        match from_hex(&s, "x") {
            Ok(bytes) => {
                prop_assert_eq!(Some(&bytes), model.as_ref());
                prop_assert_eq!(to_hex(&bytes), s.to_ascii_lowercase());
            }
            Err(e) => {
                prop_assert_eq!(e, Error::InvalidHex("x"));
                prop_assert!(model.is_none());
            }
        }
        Ok(())
    });
}

#[test]
fn hex_integers_match_a_model() {
    check("encoding/hex_integer", cases(3000), hexish(), |s| {
        let r = parse_hex_integer(&s, "SRP_B");
        let expected = if s.is_empty() {
            Err(Error::Missing("SRP_B"))
        } else if s.len() > MAX_INTEGER_HEX_LEN {
            Err(Error::TooLong("SRP_B"))
        } else if !s.bytes().all(|c| c.is_ascii_hexdigit()) {
            Err(Error::InvalidHex("SRP_B"))
        } else {
            Ok(BigUint::parse_bytes(s.as_bytes(), 16).unwrap())
        };
        prop_assert_eq!(r, expected);
        Ok(())
    });
}

#[test]
fn bytes_round_trip_through_hex_and_every_base64_alphabet() {
    check("encoding/round_trip", cases(3000), prop::collection::vec(any::<u8>(), 0..200), |bytes| {
        prop_assert_eq!(from_hex(&to_hex(&bytes), "x").unwrap(), bytes.clone());
        prop_assert_eq!(to_base64(&bytes), STANDARD.encode(&bytes));
        for text in [STANDARD.encode(&bytes), STANDARD_NO_PAD.encode(&bytes), URL_SAFE.encode(&bytes), URL_SAFE_NO_PAD.encode(&bytes)] {
            prop_assert_eq!(from_base64_lenient(&text), bytes.clone());
        }
        Ok(())
    });
}

/// Strings a lenient base64 decoder meets: mostly the two alphabets, padding, blanks and
/// junk, with Latin-1 characters (U+0080..U+00FF) mixed in.
fn base64ish() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        8 => prop::sample::select(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_".to_vec()).prop_map(char::from),
        2 => Just('='),
        1 => prop::sample::select(vec![' ', '\n', '\r', '\t', '.', '!', '*', '\0', '\u{7f}', '~']),
        1 => (0u8..=127).prop_map(char::from),
        1 => (0x80u32..=0xff).prop_map(|c| char::from_u32(c).unwrap()),
    ];
    prop::collection::vec(c, 0..64).prop_map(|v| v.into_iter().collect())
}

#[test]
fn lenient_base64_never_panics_and_is_bounded() {
    check("encoding/base64_any", cases(3000), prop_oneof![base64ish(), any::<String>(), interesting_string(100)], |s| {
        let out = from_base64_lenient(&s);
        prop_assert!(out.len() <= s.len() * 3 / 4 + 1);
        // Where the strict decoder accepts the text, both agree.
        if let Ok(strict) = STANDARD.decode(&s) {
            prop_assert_eq!(out, strict);
        }
        Ok(())
    });
}

const NODE_BASE64: &str = r#"
function main(input) { done(input.map(s => Buffer.from(s, 'base64').toString('hex'))); }
"#;

/// Differential: `from_base64_lenient(s)` equals Node's `Buffer.from(s, 'base64')`.
/// Characters above U+00FF are left out: Node keeps the low byte of each UTF-16 code unit
/// (`'Ł'` decodes as `'A'`), the `buffer` package browsers bundle drops them, as this
/// decoder does.
#[test]
fn lenient_base64_matches_node_buffer() {
    let total = cases(3000) as usize;
    let batch = 200_000;
    let start = std::time::Instant::now();
    let mut done = 0;
    while done < total {
        let n = batch.min(total - done);
        let inputs = sample(&format!("encoding/node_base64/{done}"), n, base64ish());
        let json: Vec<Value> = inputs.iter().map(|s| Value::String(s.clone())).collect();
        let answers = node_batch(&format!("{NODE_PRELUDE}{NODE_BASE64}"), &json);
        for (s, want) in inputs.iter().zip(answers) {
            assert_eq!(to_hex(&from_base64_lenient(s)), want.as_str().unwrap(), "input {s:?}");
        }
        done += n;
    }
    eprintln!("[fuzz] encoding/node_base64: {done} inputs in {:.2} s", start.elapsed().as_secs_f64());
}
