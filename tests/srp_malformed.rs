//! Malformed server input gives typed errors, never a panic (natively and in wasm).

use cognito_wasm::error::Error;
use cognito_wasm::srp::device::device_verifier_from_random;
use cognito_wasm::srp::group::N_HEX;
use cognito_wasm::srp::{SrpClient, Uint};
use num_bigint::BigUint;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const SALT: &str = "8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d";
const BLOCK: &str = "c2VjcmV0LWJsb2Nr";
const TIME: &str = "Mon Jan 2 03:04:05 UTC 2006";

fn client() -> SrpClient {
    SrpClient::with_small_a("AbCdEfGhI", Uint::small(0x1f1f1f1f)).unwrap()
}

fn n() -> BigUint {
    BigUint::parse_bytes(N_HEX.as_bytes(), 16).unwrap()
}

fn answer(b: &str, salt: &str, block: &str) -> Result<String, Error> {
    client().answer_password_verifier("user", "Correct-Horse-9", b, salt, block, TIME).map(|a| a.signature)
}

fn valid_b() -> String {
    (n() - 12345u32).to_str_radix(16)
}

#[test]
fn a_well_formed_exchange_signs() {
    assert_eq!(answer(&valid_b(), SALT, BLOCK).unwrap().len(), 44);
}

#[test]
fn odd_length_and_mixed_case_hex_are_integers() {
    // SRP_B/SALT are integers: odd length, case and leading zeros do not matter.
    let b = valid_b();
    let reference = answer(&b, SALT, BLOCK).unwrap();
    assert_eq!(answer(&format!("000{}", b.to_uppercase()), &format!("0{SALT}"), BLOCK).unwrap(), reference);
    assert!(answer(&b, "abc", BLOCK).is_ok());
}

#[test]
fn non_hex_is_an_error() {
    assert_eq!(answer("xyz", SALT, BLOCK), Err(Error::InvalidHex("SRP_B")));
    assert_eq!(answer(&valid_b(), "12 34", BLOCK), Err(Error::InvalidHex("SALT")));
    assert_eq!(answer("0x1234", SALT, BLOCK), Err(Error::InvalidHex("SRP_B")));
}

#[test]
fn zero_b_and_multiples_of_n_are_rejected() {
    assert_eq!(answer("0", SALT, BLOCK), Err(Error::IllegalB));
    assert_eq!(answer(&n().to_str_radix(16), SALT, BLOCK), Err(Error::IllegalB));
    assert_eq!(answer(&(n() * 2u32).to_str_radix(16), SALT, BLOCK), Err(Error::IllegalB));
    // Longer than N (and than a Uint): reduced as the reference does, by the same rule.
    assert_eq!(answer(&(n() << 5000usize).to_str_radix(16), SALT, BLOCK), Err(Error::IllegalB));
    // (tests/prop_srp.rs checks the key for such B against num-bigint.)
    let long_b = n() * 7u32 + (n() - 12345u32);
    assert_eq!(answer(&(&long_b << 4000usize).to_str_radix(16), SALT, BLOCK).map(|s| s.len()), Ok(44));
}

#[test]
fn a_multiple_of_n_as_a_is_rejected() {
    // g^a mod N is never 0 for a real a; a = 0 gives A = 1, which is allowed by the reference.
    assert!(SrpClient::with_small_a("p", Uint::small(0)).is_ok());
}

#[test]
fn empty_inputs_are_errors() {
    assert_eq!(answer("", SALT, BLOCK), Err(Error::Missing("SRP_B")));
    assert_eq!(answer(&valid_b(), "", BLOCK), Err(Error::Missing("SALT")));
    assert_eq!(answer(&valid_b(), SALT, ""), Err(Error::Missing("SECRET_BLOCK")));
    assert_eq!(client().answer_password_verifier("", "pw", &valid_b(), SALT, BLOCK, TIME).map(|_| ()), Err(Error::Missing("USER_ID_FOR_SRP")));
    assert_eq!(client().answer_password_verifier("u", "", &valid_b(), SALT, BLOCK, TIME).map(|_| ()), Err(Error::Missing("Password")));
    assert!(device_verifier_from_random("", "k", &[1], &[1]).is_err());
}

#[test]
fn megabyte_strings_are_rejected_quickly() {
    let huge = "f".repeat(1 << 20);
    assert_eq!(answer(&huge, SALT, BLOCK), Err(Error::TooLong("SRP_B")));
    assert_eq!(answer(&valid_b(), &huge, BLOCK), Err(Error::TooLong("SALT")));
    assert_eq!(answer(&valid_b(), SALT, &huge), Err(Error::TooLong("SECRET_BLOCK")));
    assert_eq!(client().answer_password_verifier(&huge, "pw", &valid_b(), SALT, BLOCK, TIME).map(|_| ()), Err(Error::TooLong("USER_ID_FOR_SRP")));
    assert_eq!(client().answer_password_verifier("u", &huge, &valid_b(), SALT, BLOCK, TIME).map(|_| ()), Err(Error::TooLong("Password")));
    assert!(SrpClient::with_small_a(&huge, Uint::small(3)).is_err());
}

#[test]
fn a_non_base64_secret_block_is_signed_leniently() {
    // moto sends a UUID as SECRET_BLOCK; the reference signs its lenient decoding.
    assert!(answer(&valid_b(), SALT, "6f1c1a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6").is_ok());
    assert!(answer(&valid_b(), SALT, "!!!").is_ok());
}

#[test]
fn errors_never_echo_the_input() {
    let secret = "Correct-Horse-9-secret-value";
    let err = answer(&format!("{secret}zz"), SALT, BLOCK).unwrap_err();
    assert!(!err.to_string().contains(secret));
    assert!(!format!("{err:?}").contains(secret));
    assert!(!format!("{:?}", client()).contains("1f1f1f1f"));
}
