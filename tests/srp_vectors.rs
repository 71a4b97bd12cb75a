//! Every public SRP vector (produced by amazon-cognito-identity-js and pycognito), every
//! field, through the pure-Rust core. The same file runs natively (`cargo test`) and in
//! wasm (Node and headless Chromium, `cargo test --target wasm32-unknown-unknown`).

mod common;

use cognito_wasm::crypto::{compute_hkdf, hash};
use cognito_wasm::encoding::{from_hex, to_hex};
use cognito_wasm::srp::device::device_verifier_from_random;
use cognito_wasm::srp::{self, compute_s, compute_u, compute_x, multiplier, pad_hex, pad_hex_str, SrpClient, Uint};
use common::{s, vectors};
#[cfg(not(target_arch = "wasm32"))]
use num_bigint::BigUint;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn int(hex: &str) -> Uint {
    Uint::parse(hex, "vector").unwrap()
}

#[cfg(not(target_arch = "wasm32"))]
fn big(hex: &str) -> BigUint {
    BigUint::parse_bytes(hex.as_bytes(), 16).unwrap()
}

#[test]
fn constants_match() {
    let v = vectors();
    let c = &v["constants"];
    assert_eq!(srp::N.to_hex(), s(c, "N_hex"));
    assert_eq!(pad_hex(&srp::N), s(c, "N_padhex"));
    assert_eq!(pad_hex(&Uint::small(srp::group::G)), s(c, "g_padhex"));
    assert_eq!(multiplier().to_hex(), s(c, "k_hex"));
    #[cfg(not(target_arch = "wasm32"))]
    {
        assert_eq!(srp::n().to_str_radix(16), s(c, "N_hex"));
        assert_eq!(srp::k().to_str_radix(16), s(c, "k_hex"));
    }
}

#[test]
fn pad_hex_cases() {
    let v = vectors();
    let cases = v["padhex_cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    let mut negatives = 0;
    for case in cases {
        let value = s(case, "value_hex");
        match value.strip_prefix('-') {
            Some(_magnitude) => {
                negatives += 1;
                // Negative values never occur in the protocol: num-bigint's signed form, natively.
                #[cfg(not(target_arch = "wasm32"))]
                {
                    let signed = num_bigint::BigInt::from_biguint(num_bigint::Sign::Minus, big(_magnitude));
                    assert_eq!(srp::pad_hex_signed(&signed), s(case, "padhex"), "{case}");
                }
            }
            None => {
                assert_eq!(pad_hex(&int(value)), s(case, "padhex"), "{case}");
                assert_eq!(pad_hex_str(value), s(case, "padhex"), "{case}");
            }
        }
    }
    assert!(negatives > 0);
}

/// Checks one vector (user or device) field by field; `pool` and `user` are the strings
/// that go into x and the signature.
fn check_exchange(vector: &serde_json::Value, pool: &str, user: &str) {
    let id = &vector["id"];
    let client = SrpClient::with_small_a(pool, int(s(vector, "small_a_hex"))).unwrap();
    assert_eq!(client.srp_a_hex(), s(vector, "large_a_hex"), "A, vector {id}");
    assert_eq!(pad_hex(client.large_a()), s(vector, "large_a_padhex"), "padHex(A), vector {id}");

    let (b_hex, salt_hex) = (s(vector, "srp_b_hex"), s(vector, "salt_hex"));
    assert_eq!(pad_hex_str(b_hex), s(vector, "srp_b_padhex"), "padHex(B), vector {id}");
    assert_eq!(pad_hex(&int(b_hex)), s(vector, "srp_b_padhex"), "padHex(B), vector {id}");
    assert_eq!(pad_hex_str(salt_hex), s(vector, "salt_padhex"), "padHex(salt), vector {id}");
    assert_eq!(multiplier().to_hex(), s(vector, "k_hex"));

    let u = compute_u(&client.srp_a_hex(), b_hex).unwrap();
    assert_eq!(u.to_hex(), s(vector, "u_hex"), "u, vector {id}");
    assert_eq!(pad_hex(&u), s(vector, "u_padhex"), "padHex(u), vector {id}");

    let password = s(vector, "password");
    let x = compute_x(pool, user, password, salt_hex);
    if let Some(x_hex) = vector["x_hex"].as_str() {
        assert_eq!(x.to_hex(), x_hex, "x, vector {id}");
    }
    let big_s = compute_s(&int(s(vector, "small_a_hex")), &u, &x, &int(b_hex)).unwrap();
    assert_eq!(big_s.to_hex(), s(vector, "s_hex"), "S, vector {id}");
    assert_eq!(pad_hex(&big_s), s(vector, "s_padhex"), "padHex(S), vector {id}");

    let key = client.password_authentication_key(user, password, s(vector, "srp_b_hex"), s(vector, "salt_hex")).unwrap();
    assert_eq!(to_hex(&key), s(vector, "hkdf_key_hex"), "key, vector {id}");
    let hkdf = compute_hkdf(&from_hex(&pad_hex(&big_s), "S").unwrap(), &from_hex(&pad_hex(&u), "u").unwrap());
    assert_eq!(hkdf, key);

    let answer = client
        .answer_password_verifier(user, password, s(vector, "srp_b_hex"), s(vector, "salt_hex"), s(vector, "secret_block_b64"), s(vector, "timestamp"))
        .unwrap();
    assert_eq!(answer.signature, s(vector, "password_claim_signature_b64"), "signature, vector {id}");
    assert_eq!(answer.username, user);
    assert_eq!(answer.secret_block, s(vector, "secret_block_b64"));
    assert_eq!(cognito_wasm::date::cognito_timestamp(vector["timestamp_epoch_ms"].as_i64().unwrap() / 1000), s(vector, "timestamp"));
}

#[test]
fn user_vectors_every_field() {
    let v = vectors();
    let users = v["user_srp_vectors"].as_array().unwrap();
    assert_eq!(users.len(), 25);
    for vector in users {
        check_exchange(vector, s(vector, "pool_name"), s(vector, "user_id_for_srp"));
        assert_eq!(s(vector, "user_pool_id").split('_').nth(1).unwrap(), s(vector, "pool_name"));

        // The wire requests the reference sent for this vector.
        let init = &vector["initiate_auth_request"];
        assert_eq!(init["AuthParameters"]["SRP_A"].as_str().unwrap(), s(vector, "large_a_hex"));
        assert_eq!(init["AuthParameters"]["USERNAME"].as_str().unwrap(), s(vector, "username"));
        let resp = &vector["respond_to_auth_challenge_request"]["ChallengeResponses"];
        assert_eq!(resp["PASSWORD_CLAIM_SIGNATURE"].as_str().unwrap(), s(vector, "password_claim_signature_b64"));
        assert_eq!(resp["USERNAME"].as_str().unwrap(), s(vector, "user_id_for_srp"));
        assert_eq!(resp["TIMESTAMP"].as_str().unwrap(), s(vector, "timestamp"));

        // The server side: a server holding v derives the same key, so it accepts the claim.
        let server = &vector["server"];
        let v = srp::verifier_for(&compute_x(s(vector, "pool_name"), s(vector, "user_id_for_srp"), s(vector, "password"), s(vector, "salt_hex")));
        assert_eq!(v, int(s(server, "verifier_hex")));
        #[cfg(not(target_arch = "wasm32"))]
        check_server(vector, &big(s(server, "verifier_hex")), s(vector, "pool_name"), s(vector, "user_id_for_srp"), Some(s(vector, "srp_b_hex")));
    }
}

/// A server holding the verifier (num-bigint, natively) sends the vector's B (`b_hex`, when
/// given), accepts the client's claim and refuses a wrong one.
#[cfg(not(target_arch = "wasm32"))]
fn check_server(vector: &serde_json::Value, verifier: &BigUint, pool: &str, user: &str, b_hex: Option<&str>) {
    let srv = srp::ServerSrp::with_small_b(verifier, big(s(&vector["server"], "small_b_hex")));
    if let Some(b_hex) = b_hex {
        assert_eq!(srv.srp_b_hex(), b_hex.trim_start_matches('0').to_lowercase());
    }
    let (block, ts) = (s(vector, "secret_block_b64"), s(vector, "timestamp"));
    assert!(srv.verify_claim(s(vector, "large_a_hex"), pool, user, block, ts, s(vector, "password_claim_signature_b64")).unwrap());
    assert!(!srv.verify_claim(s(vector, "large_a_hex"), pool, user, block, ts, "AAAA").unwrap());
}

#[test]
fn device_vectors_every_field() {
    let v = vectors();
    let devices = v["device_srp_vectors"].as_array().unwrap();
    assert_eq!(devices.len(), 5);
    for vector in devices {
        let id = &vector["id"];
        let gen = &vector["generate_hash_device"];
        let made = device_verifier_from_random(
            s(vector, "device_group_key"),
            s(vector, "device_key"),
            &from_hex(s(gen, "random_password_bytes_hex"), "pw").unwrap(),
            &from_hex(s(gen, "salt_random_bytes_hex"), "salt").unwrap(),
        )
        .unwrap();
        assert_eq!(made.random_password, s(gen, "random_password"), "device password, vector {id}");
        assert_eq!(made.salt_hex, s(gen, "salt_devices_hex"), "device salt, vector {id}");
        assert_eq!(made.verifier_hex, s(gen, "verifier_devices_hex"), "device verifier, vector {id}");
        assert_eq!(s(vector, "pool_name_for_srp"), s(vector, "device_group_key"));
        assert_eq!(s(vector, "user_id_for_srp"), s(vector, "device_key"));
        assert_eq!(s(vector, "password"), made.random_password);
        check_exchange(vector, s(vector, "device_group_key"), s(vector, "device_key"));

        #[cfg(not(target_arch = "wasm32"))]
        check_server(vector, &big(&made.verifier_hex), s(vector, "device_group_key"), s(vector, "device_key"), None);
        let dpv = &vector["device_password_verifier_request"]["ChallengeResponses"];
        assert_eq!(dpv["PASSWORD_CLAIM_SIGNATURE"].as_str().unwrap(), s(vector, "password_claim_signature_b64"));
        assert_eq!(vector["device_srp_auth_request"]["ChallengeResponses"]["SRP_A"].as_str().unwrap(), s(vector, "large_a_hex"));
    }
}

#[test]
fn hash_of_text_is_sha256_hex() {
    assert_eq!(hash(b"").len(), 64);
}
