//! Choice-based sign-in (USER_AUTH) end to end over HTTP: e-mail and SMS codes from the
//! outbox, SELECT_CHALLENGE, passwords, passkeys (registration and assertions, ES256 and
//! RS256) with every refusal a relying party owes, e-mail MFA, and refresh-token rotation
//! with its grace period. Each refusal is checked to have changed nothing.

mod common;
#[path = "../../tests/webauthn_authenticator/mod.rs"]
mod webauthn_authenticator;

use cognito_wasm::srp::SrpClient;
use common::{pool_and_client, Emulator};
use serde_json::{json, Value};
use webauthn_authenticator::{Authenticator, FLAG_UP};

const PW: &str = "Corr3ct-Horse!";
const ORIGIN: &str = "http://localhost:5173";

struct Setup {
    emu: Emulator,
    pool_id: String,
    client_id: String,
}

/// A pool allowing `factors`, a client with USER_AUTH (and `client` settings), and a
/// confirmed user `alice` with a verified e-mail and phone.
fn setup(factors: &[&str], client: Value) -> Setup {
    setup_on(Emulator::start(&[]), factors, client)
}

fn setup_on(emu: Emulator, factors: &[&str], client: Value) -> Setup {
    let mut client_settings = json!({ "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
    if let (Some(a), Value::Object(b)) = (client_settings.as_object_mut(), client) {
        a.extend(b);
    }
    let (pool_id, client_id, _) =
        pool_and_client(&emu, json!({ "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": factors } } }), client_settings);
    let s = Setup { emu, pool_id, client_id };
    s.user("alice", &[("email", "alice@example.com"), ("email_verified", "true"), ("phone_number", "+15550100"), ("phone_number_verified", "true")]);
    s
}

impl Setup {
    fn user(&self, name: &str, attributes: &[(&str, &str)]) {
        let attrs: Vec<Value> = attributes.iter().map(|(n, v)| json!({ "Name": n, "Value": v })).collect();
        self.emu.ok("AdminCreateUser", json!({ "UserPoolId": self.pool_id, "Username": name, "MessageAction": "SUPPRESS", "UserAttributes": attrs }));
        self.emu.ok("AdminSetUserPassword", json!({ "UserPoolId": self.pool_id, "Username": name, "Password": PW, "Permanent": true }));
    }

    fn start(&self, params: Value) -> Result<Value, common::ApiError> {
        self.emu.call("InitiateAuth", json!({ "AuthFlow": "USER_AUTH", "ClientId": self.client_id, "AuthParameters": params }))
    }

    fn respond(&self, name: &str, session: &Value, responses: Value) -> Result<Value, common::ApiError> {
        self.emu.call("RespondToAuthChallenge", json!({ "ChallengeName": name, "ClientId": self.client_id, "Session": session, "ChallengeResponses": responses }))
    }

    fn messages(&self, username: &str) -> Vec<Value> {
        let (status, list) = self.emu.get_json(&format!("/_emulator/messages?poolId={}&username={username}", self.pool_id));
        assert_eq!(status, 200);
        list.as_array().cloned().unwrap_or_default()
    }

    fn last_code(&self, username: &str, kind: &str) -> String {
        let messages = self.messages(username);
        let m = messages.iter().rev().find(|m| m["kind"] == kind).unwrap_or_else(|| panic!("no {kind} message in {messages:?}"));
        m["code"].as_str().unwrap().to_string()
    }

    fn skew(&self, seconds: i64) {
        let (s, _, _) = self.emu.signed("POST", "/_emulator/faults", &[("Content-Type", "application/json")], json!({ "clockSkewSeconds": seconds }).to_string().as_bytes());
        assert_eq!(s, 200);
    }

    fn passkeys_on(&self, user_verification: &str) {
        self.emu.ok(
            "SetUserPoolMfaConfig",
            json!({ "UserPoolId": self.pool_id, "WebAuthnConfiguration": { "RelyingPartyId": "localhost", "UserVerification": user_verification } }),
        );
    }

    fn password_tokens(&self, name: &str) -> Value {
        let out = self.start(json!({ "USERNAME": name, "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PW })).expect("password sign-in");
        out["AuthenticationResult"].clone()
    }
}

fn error(result: Result<Value, common::ApiError>) -> (String, String) {
    match result {
        Ok(v) => panic!("must be refused, got {v}"),
        Err(e) => (e.code, e.message),
    }
}

fn tokens(out: &Value) -> &Value {
    let result = &out["AuthenticationResult"];
    assert!(result["AccessToken"].as_str().is_some_and(|t| t.split('.').count() == 3), "{out}");
    result
}

#[test]
fn pool_settings_are_validated_and_described() {
    let s = setup(&["PASSWORD", "EMAIL_OTP"], json!({}));
    let pool = s.emu.ok("DescribeUserPool", json!({ "UserPoolId": s.pool_id }));
    assert_eq!(pool["UserPool"]["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"], json!(["PASSWORD", "EMAIL_OTP"]));
    let (code, _) = s.emu.err_code("UpdateUserPool", json!({ "UserPoolId": s.pool_id, "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "SOFTWARE_TOKEN_MFA"] } } }));
    assert_eq!(code, "InvalidParameterException");
    let pool = s.emu.ok("DescribeUserPool", json!({ "UserPoolId": s.pool_id }));
    assert_eq!(pool["UserPool"]["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"], json!(["PASSWORD", "EMAIL_OTP"]), "a refused update changes nothing");
    s.emu.ok("UpdateUserPool", json!({ "UserPoolId": s.pool_id, "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"] } } }));
    let pool = s.emu.ok("DescribeUserPool", json!({ "UserPoolId": s.pool_id }));
    assert_eq!(pool["UserPool"]["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"], json!(["PASSWORD", "WEB_AUTHN"]));
    assert_eq!(pool["UserPool"]["Policies"]["PasswordPolicy"]["MinimumLength"], 8);

    let (code, _) = s.emu.err_code("SetUserPoolMfaConfig", json!({ "UserPoolId": s.pool_id, "WebAuthnConfiguration": { "RelyingPartyId": "localhost", "UserVerification": "sometimes" } }));
    assert_eq!(code, "InvalidParameterException");
    s.passkeys_on("required");
    let mfa = s.emu.ok("GetUserPoolMfaConfig", json!({ "UserPoolId": s.pool_id }));
    assert_eq!(mfa["WebAuthnConfiguration"], json!({ "RelyingPartyId": "localhost", "UserVerification": "required" }));

    let client = s.emu.ok(
        "UpdateUserPoolClient",
        json!({ "UserPoolId": s.pool_id, "ClientId": s.client_id, "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 10 } }),
    );
    assert_eq!(client["UserPoolClient"]["RefreshTokenRotation"], json!({ "Feature": "ENABLED", "RetryGracePeriodSeconds": 10 }));
    assert_eq!(client["UserPoolClient"]["ClientName"], "it", "the name stays when left out");
    let (code, _) = s.emu.err_code(
        "UpdateUserPoolClient",
        json!({ "UserPoolId": s.pool_id, "ClientId": s.client_id, "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 61 } }),
    );
    assert_eq!(code, "InvalidParameterException");
    s.emu.stop();
}

#[test]
fn email_code_sign_in_single_use_with_the_code_from_the_outbox() {
    let s = setup(&["PASSWORD", "EMAIL_OTP"], json!({}));
    let out = s.start(json!({ "USERNAME": "alice", "PREFERRED_CHALLENGE": "EMAIL_OTP" })).unwrap();
    assert_eq!(out["ChallengeName"], "EMAIL_OTP");
    assert_eq!(out["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"], "EMAIL");
    let session = out["Session"].clone();
    let code = s.last_code("alice", "EMAIL_OTP");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (c, _) = error(s.respond("EMAIL_OTP", &session, json!({ "USERNAME": "alice", "EMAIL_OTP_CODE": wrong })));
    assert_eq!(c, "CodeMismatchException");
    let done = s.respond("EMAIL_OTP", &session, json!({ "USERNAME": "alice", "EMAIL_OTP_CODE": code })).unwrap();
    assert!(tokens(&done)["RefreshToken"].is_string());
    // The code and its session are used up.
    let (c, _) = error(s.respond("EMAIL_OTP", &session, json!({ "USERNAME": "alice", "EMAIL_OTP_CODE": code })));
    assert_eq!(c, "NotAuthorizedException");
    s.emu.stop();
}

#[test]
fn sms_code_sign_in_and_an_expired_code() {
    let s = setup(&["PASSWORD", "SMS_OTP"], json!({}));
    let out = s.start(json!({ "USERNAME": "alice", "PREFERRED_CHALLENGE": "SMS_OTP" })).unwrap();
    assert_eq!(out["ChallengeName"], "SMS_OTP");
    assert_eq!(out["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"], "SMS");
    let code = s.last_code("alice", "SMS_OTP");
    tokens(&s.respond("SMS_OTP", &out["Session"], json!({ "USERNAME": "alice", "SMS_OTP_CODE": code })).unwrap());

    let out = s.start(json!({ "USERNAME": "alice", "PREFERRED_CHALLENGE": "SMS_OTP" })).unwrap();
    let code = s.last_code("alice", "SMS_OTP");
    s.skew(181);
    let (c, m) = error(s.respond("SMS_OTP", &out["Session"], json!({ "USERNAME": "alice", "SMS_OTP_CODE": code })));
    assert_eq!((c.as_str(), m.as_str()), ("NotAuthorizedException", "Invalid session for the user, session is expired."));
    s.emu.stop();
}

#[test]
fn select_challenge_lists_what_the_user_has_and_refuses_the_rest() {
    let s = setup(&["PASSWORD", "EMAIL_OTP", "SMS_OTP"], json!({}));
    s.user("bob", &[("email", "bob@example.com"), ("email_verified", "true")]);
    let out = s.start(json!({ "USERNAME": "bob" })).unwrap();
    assert_eq!(out["ChallengeName"], "SELECT_CHALLENGE");
    assert_eq!(out["AvailableChallenges"], json!(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]));
    let session = out["Session"].clone();
    // SMS_OTP: the pool allows it but bob has no phone; WEB_AUTHN: the pool does not allow it.
    for answer in ["SMS_OTP", "WEB_AUTHN"] {
        let (c, _) = error(s.respond("SELECT_CHALLENGE", &session, json!({ "USERNAME": "bob", "ANSWER": answer })));
        assert_eq!(c, "InvalidParameterException", "{answer}");
    }
    assert!(s.messages("bob").is_empty(), "nothing was sent");
    // The session survived the refusals.
    let code_step = s.respond("SELECT_CHALLENGE", &session, json!({ "USERNAME": "bob", "ANSWER": "EMAIL_OTP" })).unwrap();
    assert_eq!(code_step["ChallengeName"], "EMAIL_OTP");
    let code = s.last_code("bob", "EMAIL_OTP");
    tokens(&s.respond("EMAIL_OTP", &code_step["Session"], json!({ "USERNAME": "bob", "EMAIL_OTP_CODE": code })).unwrap());

    // A preferred challenge the user lacks falls back to SELECT_CHALLENGE.
    let out = s.start(json!({ "USERNAME": "bob", "PREFERRED_CHALLENGE": "SMS_OTP" })).unwrap();
    assert_eq!(out["ChallengeName"], "SELECT_CHALLENGE");
    // PASSWORD through SELECT_CHALLENGE, wrong then right.
    let out = s.start(json!({ "USERNAME": "bob" })).unwrap();
    let (c, _) = error(s.respond("SELECT_CHALLENGE", &out["Session"], json!({ "USERNAME": "bob", "ANSWER": "PASSWORD", "PASSWORD": "Wr0ng-Horse!" })));
    assert_eq!(c, "NotAuthorizedException");
    let out = s.start(json!({ "USERNAME": "bob" })).unwrap();
    tokens(&s.respond("SELECT_CHALLENGE", &out["Session"], json!({ "USERNAME": "bob", "ANSWER": "PASSWORD", "PASSWORD": PW })).unwrap());
    s.emu.stop();
}

#[test]
fn a_challenge_the_pool_does_not_allow_is_refused_and_nothing_sent() {
    let s = setup(&["PASSWORD", "EMAIL_OTP"], json!({}));
    for preferred in ["SMS_OTP", "WEB_AUTHN"] {
        let (c, _) = error(s.start(json!({ "USERNAME": "alice", "PREFERRED_CHALLENGE": preferred })));
        assert_eq!(c, "InvalidParameterException", "{preferred}");
    }
    let (c, _) = error(s.start(json!({ "USERNAME": "alice", "PREFERRED_CHALLENGE": "SMS_MFA" })));
    assert_eq!(c, "InvalidParameterException");
    assert!(s.messages("alice").is_empty());
    // A client without ALLOW_USER_AUTH.
    let (_, other_client, _) = pool_and_client(&s.emu, json!({}), json!({}));
    let (c, m) = s.emu.err_code("InitiateAuth", json!({ "AuthFlow": "USER_AUTH", "ClientId": other_client, "AuthParameters": { "USERNAME": "alice" } }));
    assert_eq!((c.as_str(), m.as_str()), ("InvalidParameterException", "USER_AUTH flow not enabled for this client"));
    s.emu.stop();
}

#[test]
fn password_srp_as_the_first_factor() {
    let s = setup(&["PASSWORD"], json!({}));
    let pool_name = s.pool_id.split_once('_').unwrap().1;
    let srp = SrpClient::new(pool_name).unwrap();
    let out = s.start(json!({ "USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD_SRP", "SRP_A": srp.srp_a_hex() })).unwrap();
    assert_eq!(out["ChallengeName"], "PASSWORD_VERIFIER");
    let p = &out["ChallengeParameters"];
    let ts = cognito_wasm::date::now_string();
    let answer = srp
        .answer_password_verifier("alice", PW, p["SRP_B"].as_str().unwrap(), p["SALT"].as_str().unwrap(), p["SECRET_BLOCK"].as_str().unwrap(), &ts)
        .unwrap();
    let done = s
        .emu
        .call(
            "RespondToAuthChallenge",
            json!({ "ChallengeName": "PASSWORD_VERIFIER", "ClientId": s.client_id, "Session": out["Session"],
                    "ChallengeResponses": { "USERNAME": "alice", "PASSWORD_CLAIM_SECRET_BLOCK": answer.secret_block, "TIMESTAMP": answer.timestamp, "PASSWORD_CLAIM_SIGNATURE": answer.signature } }),
        )
        .unwrap();
    tokens(&done);
    s.emu.stop();
}

#[test]
fn email_mfa_after_a_password() {
    let s = setup(&["PASSWORD"], json!({}));
    s.emu.ok("SetUserPoolMfaConfig", json!({ "UserPoolId": s.pool_id, "MfaConfiguration": "OPTIONAL", "EmailMfaConfiguration": { "Subject": "Your code" } }));
    s.emu.ok("AdminSetUserMFAPreference", json!({ "UserPoolId": s.pool_id, "Username": "alice", "EmailMfaSettings": { "Enabled": true, "PreferredMfa": true } }));
    let out = s.start(json!({ "USERNAME": "alice", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": PW })).unwrap();
    assert_eq!(out["ChallengeName"], "EMAIL_OTP");
    let code = s.last_code("alice", "EMAIL_OTP");
    tokens(&s.respond("EMAIL_OTP", &out["Session"], json!({ "USERNAME": "alice", "EMAIL_OTP_CODE": code })).unwrap());
    let mfa = s.emu.ok("GetUserPoolMfaConfig", json!({ "UserPoolId": s.pool_id }));
    assert_eq!(mfa["EmailMfaConfiguration"]["Subject"], "Your code");
    assert_eq!(mfa["MfaConfiguration"], "OPTIONAL");
    s.emu.stop();
}

/// Registers `authenticator` for the user of `access_token`.
fn register(s: &Setup, access_token: &str, authenticator: &Authenticator) {
    let options = s.emu.call("StartWebAuthnRegistration", json!({ "AccessToken": access_token })).unwrap()["CredentialCreationOptions"].clone();
    let credential = authenticator.register(&options, ORIGIN, "localhost");
    s.emu.call("CompleteWebAuthnRegistration", json!({ "AccessToken": access_token, "Credential": credential })).expect("registration");
}

/// Starts a passkey sign-in: (session, challenge).
fn web_authn_challenge(s: &Setup) -> (Value, String) {
    let out = s.start(json!({ "USERNAME": "alice", "PREFERRED_CHALLENGE": "WEB_AUTHN" })).unwrap();
    assert_eq!(out["ChallengeName"], "WEB_AUTHN", "{out}");
    let options: Value = serde_json::from_str(out["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"].as_str().unwrap()).unwrap();
    assert_eq!(options["rpId"], "localhost");
    (out["Session"].clone(), options["challenge"].as_str().unwrap().to_string())
}

fn answer(s: &Setup, session: &Value, credential: &Value) -> Result<Value, common::ApiError> {
    s.respond("WEB_AUTHN", session, json!({ "USERNAME": "alice", "CREDENTIAL": credential.to_string() }))
}

#[test]
fn passkey_registration_checks_and_management() {
    let s = setup(&["PASSWORD", "WEB_AUTHN"], json!({}));
    let access = s.password_tokens("alice")["AccessToken"].as_str().unwrap().to_string();
    let (c, _) = s.emu.err_code("StartWebAuthnRegistration", json!({ "AccessToken": access }));
    assert_eq!(c, "WebAuthnConfigurationMissingException");
    s.passkeys_on("preferred");
    let (c, _) = s.emu.err_code("CompleteWebAuthnRegistration", json!({ "AccessToken": access, "Credential": Authenticator::es256(1).register(&json!({"challenge": "x"}), ORIGIN, "localhost") }));
    assert_eq!(c, "WebAuthnChallengeNotFoundException", "no registration was started");

    let options = s.emu.ok("StartWebAuthnRegistration", json!({ "AccessToken": access }))["CredentialCreationOptions"].clone();
    assert_eq!(options["rp"]["id"], "localhost");
    assert_eq!(options["pubKeyCredParams"], json!([{ "type": "public-key", "alg": -7 }, { "type": "public-key", "alg": -257 }]));
    assert_eq!(options["attestation"], "none");
    let key = Authenticator::es256(1);
    let refused = [
        (key.register(&options, "https://evil.example", "localhost"), "WebAuthnOriginNotAllowedException"),
        (key.register(&options, ORIGIN, "example.com"), "WebAuthnRelyingPartyMismatchException"),
        (key.register(&json!({ "challenge": "another-challenge" }), ORIGIN, "localhost"), "WebAuthnChallengeNotFoundException"),
    ];
    for (credential, expected) in refused {
        let (c, _) = s.emu.err_code("CompleteWebAuthnRegistration", json!({ "AccessToken": access, "Credential": credential }));
        assert_eq!(c, expected);
    }
    let mut absent = key.clone();
    absent.flags = 0;
    let (c, _) = s.emu.err_code("CompleteWebAuthnRegistration", json!({ "AccessToken": access, "Credential": absent.register(&options, ORIGIN, "localhost") }));
    assert_eq!(c, "InvalidParameterException", "user presence is required");
    let listed = s.emu.ok("ListWebAuthnCredentials", json!({ "AccessToken": access }));
    assert_eq!(listed["Credentials"], json!([]), "refused registrations stored nothing");

    // The same challenge still works for a good credential.
    s.emu.ok("CompleteWebAuthnRegistration", json!({ "AccessToken": access, "Credential": key.register(&options, ORIGIN, "localhost") }));
    let (c, _) = s.emu.err_code("CompleteWebAuthnRegistration", json!({ "AccessToken": access, "Credential": key.register(&options, ORIGIN, "localhost") }));
    assert_eq!(c, "WebAuthnChallengeNotFoundException", "a challenge registers one passkey");
    register(&s, &access, &Authenticator::es256(2));
    let listed = s.emu.ok("ListWebAuthnCredentials", json!({ "AccessToken": access, "MaxResults": 1 }));
    assert_eq!(listed["Credentials"].as_array().unwrap().len(), 1);
    assert_eq!(listed["Credentials"][0]["CredentialId"], key.id());
    assert_eq!(listed["Credentials"][0]["RelyingPartyId"], "localhost");
    let next = s.emu.ok("ListWebAuthnCredentials", json!({ "AccessToken": access, "NextToken": listed["NextToken"] }));
    assert_eq!(next["Credentials"][0]["CredentialId"], Authenticator::es256(2).id());
    assert!(next.get("NextToken").is_none());

    s.emu.ok("DeleteWebAuthnCredential", json!({ "AccessToken": access, "CredentialId": key.id() }));
    let (c, _) = s.emu.err_code("DeleteWebAuthnCredential", json!({ "AccessToken": access, "CredentialId": key.id() }));
    assert_eq!(c, "ResourceNotFoundException");
    assert_eq!(s.emu.ok("ListWebAuthnCredentials", json!({ "AccessToken": access }))["Credentials"].as_array().unwrap().len(), 1);
    s.emu.stop();
}

#[test]
fn passkey_sign_in_refuses_other_origins_relying_parties_replays_and_clones() {
    let s = setup(&["PASSWORD", "WEB_AUTHN"], json!({}));
    s.passkeys_on("required");
    let access = s.password_tokens("alice")["AccessToken"].as_str().unwrap().to_string();
    let mut key = Authenticator::es256(7);
    register(&s, &access, &key);
    let clone = key.clone();

    let (session, challenge) = web_authn_challenge(&s);
    let (c, _) = error(answer(&s, &session, &key.assert(&challenge, "https://evil.example", "localhost")));
    assert_eq!(c, "NotAuthorizedException", "another origin");
    let (c, _) = error(answer(&s, &session, &key.assert(&challenge, ORIGIN, "example.com")));
    assert_eq!(c, "NotAuthorizedException", "another relying party id");
    let good = key.assert(&challenge, ORIGIN, "localhost");
    tokens(&answer(&s, &session, &good).unwrap());

    // The same assertion again, in a new sign-in: another challenge, and a stale counter.
    let (session, challenge) = web_authn_challenge(&s);
    let (c, _) = error(answer(&s, &session, &good));
    assert_eq!(c, "NotAuthorizedException", "replayed assertion");
    // A cloned authenticator: right challenge, counter behind the one stored.
    let mut cloned = clone.clone();
    let (c, m) = error(answer(&s, &session, &cloned.assert(&challenge, ORIGIN, "localhost")));
    assert_eq!(c, "NotAuthorizedException");
    assert!(m.contains("counter"), "{m}");
    // User verification is required by this pool.
    let (session, challenge) = web_authn_challenge(&s);
    key.flags = FLAG_UP;
    let (c, _) = error(answer(&s, &session, &key.assert(&challenge, ORIGIN, "localhost")));
    assert_eq!(c, "NotAuthorizedException", "no user verification");
    // None of the refusals moved the stored counter: the real authenticator still signs in.
    key.flags |= webauthn_authenticator::FLAG_UV;
    let (session, challenge) = web_authn_challenge(&s);
    tokens(&answer(&s, &session, &key.assert(&challenge, ORIGIN, "localhost")).unwrap());
    s.emu.stop();
}

#[test]
fn rs256_passkey() {
    use rsa::pkcs1v15::SigningKey;
    use rsa::signature::{SignatureEncoding, Signer};
    use rsa::traits::PublicKeyParts;
    let s = setup(&["PASSWORD", "WEB_AUTHN"], json!({}));
    s.passkeys_on("preferred");
    let private = rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).unwrap();
    let public = private.to_public_key();
    use webauthn_authenticator::cbor::{encode, Item};
    let cose = encode(&Item::Map(vec![
        (Item::Int(1), Item::Int(3)),
        (Item::Int(3), Item::Int(-257)),
        (Item::Int(-1), Item::Bytes(public.n().to_bytes_be())),
        (Item::Int(-2), Item::Bytes(public.e().to_bytes_be())),
    ]));
    let signer = SigningKey::<rsa::sha2::Sha256>::new(private);
    let mut key = Authenticator::with_signer(b"rsa-passkey-id".to_vec(), cose, move |m| signer.sign(m).to_vec());
    let access = s.password_tokens("alice")["AccessToken"].as_str().unwrap().to_string();
    register(&s, &access, &key);
    let (session, challenge) = web_authn_challenge(&s);
    let mut bad = key.assert(&challenge, ORIGIN, "localhost");
    bad["response"]["signature"] = json!(webauthn_authenticator::b64url(&[1u8; 256]));
    let (c, _) = error(answer(&s, &session, &bad));
    assert_eq!(c, "NotAuthorizedException", "bad signature");
    tokens(&answer(&s, &session, &key.assert(&challenge, ORIGIN, "localhost")).unwrap());
    s.emu.stop();
}

#[test]
fn refresh_token_rotation_inside_and_after_the_grace_period() {
    let s = setup(&["PASSWORD"], json!({ "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 5 } }));
    let first = s.password_tokens("alice")["RefreshToken"].as_str().unwrap().to_string();
    let get = |token: &str| s.emu.call("GetTokensFromRefreshToken", json!({ "ClientId": s.client_id, "RefreshToken": token }));
    let out = get(&first).unwrap();
    let second = tokens(&out)["RefreshToken"].as_str().unwrap().to_string();
    assert_ne!(second, first);
    // Inside the grace period the old token still works (a client retry).
    let retry = get(&first).unwrap();
    assert!(tokens(&retry)["RefreshToken"].is_string());
    s.skew(6);
    let (c, _) = error(get(&first));
    assert_eq!(c, "RefreshTokenReuseException");
    // The reuse did not revoke the family: the newer token works.
    let third = tokens(&get(&second).unwrap())["RefreshToken"].as_str().unwrap().to_string();
    assert_ne!(third, second);
    // InitiateAuth's refresh is not for rotating clients.
    let (c, _) = s.emu.err_code("InitiateAuth", json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": s.client_id, "AuthParameters": { "REFRESH_TOKEN": third } }));
    assert_eq!(c, "InvalidParameterException");
    s.emu.stop();
}

#[test]
fn rotation_without_grace_and_clients_that_do_not_rotate() {
    let s = setup(&["PASSWORD"], json!({ "RefreshTokenRotation": { "Feature": "ENABLED" } }));
    let first = s.password_tokens("alice")["RefreshToken"].as_str().unwrap().to_string();
    let get = |client: &str, token: &str| s.emu.call("GetTokensFromRefreshToken", json!({ "ClientId": client, "RefreshToken": token }));
    tokens(&get(&s.client_id, &first).unwrap());
    let (c, _) = error(get(&s.client_id, &first));
    assert_eq!(c, "RefreshTokenReuseException");
    let (c, _) = error(get(&s.client_id, "not-a-refresh-token"));
    assert_eq!(c, "NotAuthorizedException");

    s.emu.ok("UpdateUserPoolClient", json!({ "UserPoolId": s.pool_id, "ClientId": s.client_id, "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }));
    let token = s.password_tokens("alice")["RefreshToken"].as_str().unwrap().to_string();
    let out = get(&s.client_id, &token).unwrap();
    assert!(tokens(&out).get("RefreshToken").is_none(), "no rotation: no new refresh token");
    tokens(&get(&s.client_id, &token).unwrap());
    s.emu.stop();
}

#[test]
fn malformed_passkey_input_is_a_clear_error_and_the_emulator_keeps_serving() {
    let s = setup(&["PASSWORD", "WEB_AUTHN"], json!({}));
    s.passkeys_on("preferred");
    let access = s.password_tokens("alice")["AccessToken"].as_str().unwrap().to_string();
    let options = s.emu.ok("StartWebAuthnRegistration", json!({ "AccessToken": access }))["CredentialCreationOptions"].clone();
    let good = Authenticator::es256(9).register(&options, ORIGIN, "localhost");
    let garbage = [
        ("attestationObject", json!("!!not base64url!!")),
        ("attestationObject", json!(webauthn_authenticator::b64url(&[0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))),
        ("attestationObject", json!(webauthn_authenticator::b64url(&[0x81; 4096]))),
        ("clientDataJSON", json!(webauthn_authenticator::b64url(b"{not json"))),
    ];
    for (field, value) in garbage {
        let mut credential = good.clone();
        credential["response"][field] = value;
        let (c, _) = s.emu.err_code("CompleteWebAuthnRegistration", json!({ "AccessToken": access, "Credential": credential }));
        assert_eq!(c, "InvalidParameterException", "{field}");
    }
    let (c, _) = s.emu.err_code("CompleteWebAuthnRegistration", json!({ "AccessToken": access, "Credential": { "id": "x" } }));
    assert_eq!(c, "InvalidParameterException");
    s.emu.ok("CompleteWebAuthnRegistration", json!({ "AccessToken": access, "Credential": good }));

    let (session, _) = web_authn_challenge(&s);
    for text in ["not json", "{}", "[1,2]"] {
        let (c, _) = error(s.respond("WEB_AUTHN", &session, json!({ "USERNAME": "alice", "CREDENTIAL": text })));
        assert_eq!(c, "InvalidParameterException", "{text}");
    }
    let (c, _) = error(s.respond("WEB_AUTHN", &session, json!({ "USERNAME": "alice", "CREDENTIAL": "still not json" })));
    assert_eq!(c, "NotAuthorizedException", "after three wrong answers the session is gone");
    s.emu.stop();
}

#[test]
fn passkeys_pool_settings_and_rotations_survive_a_restart() {
    let n = u64::from_le_bytes(cognito_emulator::util::random_bytes(8).try_into().unwrap());
    let dir = std::env::temp_dir().join(format!("cogemu-user-auth-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.db");
    let state = file.to_str().unwrap();
    let s = setup_on(Emulator::start(&["--state", state]), &["PASSWORD", "WEB_AUTHN"], json!({ "RefreshTokenRotation": { "Feature": "ENABLED" } }));
    s.passkeys_on("preferred");
    let first = s.password_tokens("alice");
    let access = first["AccessToken"].as_str().unwrap().to_string();
    let mut key = Authenticator::es256(5);
    register(&s, &access, &key);
    let (session, challenge) = web_authn_challenge(&s);
    tokens(&answer(&s, &session, &key.assert(&challenge, ORIGIN, "localhost")).unwrap());
    let old = first["RefreshToken"].as_str().unwrap().to_string();
    let get = |s: &Setup, token: &str| s.emu.call("GetTokensFromRefreshToken", json!({ "ClientId": s.client_id, "RefreshToken": token }));
    let newer = tokens(&get(&s, &old).unwrap())["RefreshToken"].as_str().unwrap().to_string();
    let Setup { emu, pool_id, client_id } = s;
    emu.stop();

    let s = Setup { emu: Emulator::start(&["--state", state]), pool_id, client_id };
    let pool = s.emu.ok("DescribeUserPool", json!({ "UserPoolId": s.pool_id }));
    assert_eq!(pool["UserPool"]["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"], json!(["PASSWORD", "WEB_AUTHN"]));
    assert_eq!(s.emu.ok("GetUserPoolMfaConfig", json!({ "UserPoolId": s.pool_id }))["WebAuthnConfiguration"]["RelyingPartyId"], "localhost");
    // The stored counter survived: a replay of an old count is still refused, the next one signs in.
    let (session, challenge) = web_authn_challenge(&s);
    let mut stale = key.clone();
    stale.sign_count -= 1;
    let (c, _) = error(answer(&s, &session, &stale.assert(&challenge, ORIGIN, "localhost")));
    assert_eq!(c, "NotAuthorizedException");
    tokens(&answer(&s, &session, &key.assert(&challenge, ORIGIN, "localhost")).unwrap());
    let (c, _) = error(get(&s, &old));
    assert_eq!(c, "RefreshTokenReuseException", "the rotation was stored");
    tokens(&get(&s, &newer).unwrap());
    s.emu.stop();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_seed_file_sets_up_passwordless_sign_in() {
    let n = u64::from_le_bytes(cognito_emulator::util::random_bytes(8).try_into().unwrap());
    let seed = std::env::temp_dir().join(format!("cogemu-user-auth-seed-{}-{n}.json", std::process::id()));
    let doc = json!({ "UserPools": [{
        "Id": "us-east-1_Passkey01", "PoolName": "passwordless",
        "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP", "WEB_AUTHN"] } },
        "WebAuthnConfiguration": { "RelyingPartyId": "localhost", "UserVerification": "required" },
        "Clients": [{ "ClientId": "passkeyclient00000000000001", "ClientName": "web",
                      "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                      "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 10 } }],
        "Users": [{ "Username": "erin", "Password": PW, "Attributes": { "email": "erin@example.com", "email_verified": "true" } }]
    }]});
    std::fs::write(&seed, doc.to_string()).unwrap();
    let s = Setup { emu: Emulator::start(&["--seed", seed.to_str().unwrap()]), pool_id: "us-east-1_Passkey01".into(), client_id: "passkeyclient00000000000001".into() };
    let mfa = s.emu.ok("GetUserPoolMfaConfig", json!({ "UserPoolId": s.pool_id }));
    assert_eq!(mfa["WebAuthnConfiguration"], json!({ "RelyingPartyId": "localhost", "UserVerification": "required" }));
    let pool = s.emu.ok("DescribeUserPool", json!({ "UserPoolId": s.pool_id }));
    assert!(pool["UserPool"].get("WebAuthnConfiguration").is_none(), "not echoed as an unknown pool field");
    let out = s.start(json!({ "USERNAME": "erin" })).unwrap();
    assert_eq!(out["AvailableChallenges"], json!(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]));
    let code_step = s.respond("SELECT_CHALLENGE", &out["Session"], json!({ "USERNAME": "erin", "ANSWER": "EMAIL_OTP" })).unwrap();
    let done = s.respond("EMAIL_OTP", &code_step["Session"], json!({ "USERNAME": "erin", "EMAIL_OTP_CODE": s.last_code("erin", "EMAIL_OTP") })).unwrap();
    let refresh = tokens(&done)["RefreshToken"].as_str().unwrap().to_string();
    let rotated = s.emu.call("GetTokensFromRefreshToken", json!({ "ClientId": s.client_id, "RefreshToken": refresh })).unwrap();
    assert!(tokens(&rotated)["RefreshToken"].is_string());
    s.emu.stop();
    let _ = std::fs::remove_file(&seed);
}
