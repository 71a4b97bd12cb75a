//! USER_SRP_AUTH end to end with the root crate's SRP client (cognito_wasm::srp), including
//! a client with a secret (SECRET_HASH), a wrong password, a bad TIMESTAMP and the outbox.

mod common;
use cognito_wasm::crypto::secret_hash;
use cognito_wasm::srp::SrpClient;
use common::{pool_and_client, ApiError, Emulator};
use serde_json::{json, Value};

const PW: &str = "Corr3ct-Horse!";

fn srp_sign_in(emu: &Emulator, pool_id: &str, client_id: &str, secret: Option<&str>, name: &str, password: &str, timestamp: Option<&str>) -> Result<Value, ApiError> {
    let pool_name = pool_id.split_once('_').unwrap().1;
    let client = SrpClient::new(pool_name).unwrap();
    let mut params = json!({ "USERNAME": name, "SRP_A": client.srp_a_hex() });
    if let Some(s) = secret {
        params["SECRET_HASH"] = json!(secret_hash(s, name, client_id));
    }
    let ch = emu.call("InitiateAuth", json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": client_id, "AuthParameters": params }))?;
    assert_eq!(ch["ChallengeName"], "PASSWORD_VERIFIER");
    let p = &ch["ChallengeParameters"];
    let user_id = p["USER_ID_FOR_SRP"].as_str().unwrap();
    let ts = timestamp.map(str::to_string).unwrap_or_else(cognito_wasm::date::now_string);
    let ans = client
        .answer_password_verifier(user_id, password, p["SRP_B"].as_str().unwrap(), p["SALT"].as_str().unwrap(), p["SECRET_BLOCK"].as_str().unwrap(), &ts)
        .unwrap();
    let mut resp = json!({
        "USERNAME": user_id,
        "PASSWORD_CLAIM_SECRET_BLOCK": ans.secret_block,
        "TIMESTAMP": ans.timestamp,
        "PASSWORD_CLAIM_SIGNATURE": ans.signature,
    });
    if let Some(s) = secret {
        resp["SECRET_HASH"] = json!(secret_hash(s, user_id, client_id));
    }
    emu.call("RespondToAuthChallenge", json!({ "ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id, "ChallengeResponses": resp }))
}

#[test]
fn srp_with_client_secret_and_wrong_password() {
    let emu = Emulator::start(&[]);
    let (pool_id, client_id, secret) = pool_and_client(&emu, json!({}), json!({ "GenerateSecret": true }));
    let secret = secret.expect("GenerateSecret gives a secret");
    let sh = secret_hash(&secret, "alice", &client_id);

    // SignUp needs the SECRET_HASH.
    let (code, _) = emu.err_code("SignUp", json!({ "ClientId": client_id, "Username": "alice", "Password": PW }));
    assert_eq!(code, "NotAuthorizedException");
    let out = emu.ok(
        "SignUp",
        json!({ "ClientId": client_id, "Username": "alice", "Password": PW, "SecretHash": sh,
                "UserAttributes": [{ "Name": "email", "Value": "alice@example.com" }] }),
    );
    assert_eq!(out["UserConfirmed"], false);

    // The code is in the outbox.
    let (s, msgs) = emu.get_json(&format!("/_emulator/messages?poolId={pool_id}&username=alice"));
    assert_eq!(s, 200);
    let code = msgs[0]["code"].as_str().unwrap().to_string();
    assert_eq!(msgs[0]["kind"], "SignUp");
    emu.ok("ConfirmSignUp", json!({ "ClientId": client_id, "Username": "alice", "ConfirmationCode": code, "SecretHash": sh }));

    let ok = srp_sign_in(&emu, &pool_id, &client_id, Some(&secret), "alice", PW, None).expect("SRP sign-in");
    assert!(ok["AuthenticationResult"]["AccessToken"].as_str().unwrap().split('.').count() == 3);
    let ApiError { code: c, message: m, .. } = srp_sign_in(&emu, &pool_id, &client_id, Some(&secret), "alice", "Wr0ng-Horse!", None).unwrap_err();
    assert_eq!((c.as_str(), m.as_str()), ("NotAuthorizedException", "Incorrect username or password."));
    let ApiError { code: c, .. } = srp_sign_in(&emu, &pool_id, &client_id, Some("bad-secret"), "alice", PW, None).unwrap_err();
    assert_eq!(c, "NotAuthorizedException");
    let ApiError { code: c, .. } = srp_sign_in(&emu, &pool_id, &client_id, Some(&secret), "alice", PW, Some("2024-01-01T00:00:00Z")).unwrap_err();
    assert_eq!(c, "InvalidParameterException");
    emu.stop();
}

#[test]
fn srp_a_zero_and_replayed_secret_block_are_rejected() {
    let emu = Emulator::start(&[]);
    let (pool_id, client_id, _) = pool_and_client(&emu, json!({}), json!({}));
    emu.ok("AdminCreateUser", json!({ "UserPoolId": pool_id, "Username": "bob", "MessageAction": "SUPPRESS" }));
    emu.ok("AdminSetUserPassword", json!({ "UserPoolId": pool_id, "Username": "bob", "Password": PW, "Permanent": true }));
    let n_hex = cognito_wasm::srp::n().to_str_radix(16);
    for bad_a in ["0", n_hex.as_str(), "zz"] {
        let (c, _) = emu.err_code("InitiateAuth", json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": client_id, "AuthParameters": { "USERNAME": "bob", "SRP_A": bad_a } }));
        assert_eq!(c, "InvalidParameterException", "SRP_A={bad_a}");
    }
    // A PASSWORD_VERIFIER for a secret block never handed out.
    let (c, _) = emu.err_code(
        "RespondToAuthChallenge",
        json!({ "ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id, "ChallengeResponses": {
            "USERNAME": "bob", "PASSWORD_CLAIM_SECRET_BLOCK": "AAAA", "TIMESTAMP": "Mon Jan 2 03:04:05 UTC 2006", "PASSWORD_CLAIM_SIGNATURE": "x" } }),
    );
    assert_eq!(c, "NotAuthorizedException");
    assert!(srp_sign_in(&emu, &pool_id, &client_id, None, "bob", PW, None).is_ok());
    emu.stop();
}

#[test]
fn email_username_pool_uses_the_sub_as_user_id_for_srp() {
    let emu = Emulator::start(&[]);
    let (pool_id, client_id, _) = pool_and_client(&emu, json!({ "UsernameAttributes": ["email"] }), json!({}));
    let sub = emu.ok("SignUp", json!({ "ClientId": client_id, "Username": "Dana@Example.com", "Password": PW }))["UserSub"].as_str().unwrap().to_string();
    emu.ok("AdminConfirmSignUp", json!({ "UserPoolId": pool_id, "Username": "dana@example.com" }));
    let out = srp_sign_in(&emu, &pool_id, &client_id, None, "dana@example.com", PW, None).unwrap();
    let access = out["AuthenticationResult"]["AccessToken"].as_str().unwrap();
    let me = emu.ok("GetUser", json!({ "AccessToken": access }));
    assert_eq!(me["Username"], sub);
    emu.stop();
}
