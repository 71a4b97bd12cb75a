//! The sign-in and session flows of the core, driven natively through a scripted mock
//! transport that checks every request (operation, headers, body) and replays answers.
#![cfg(not(target_arch = "wasm32"))]

mod common;
mod native_support;

use std::cell::RefCell;
use std::rc::Rc;

use cognito_wasm::storage::Storage;
use cognito_wasm::tokens::RefreshToken;
use cognito_wasm::protocol::names::flow;
use cognito_wasm::user::{current_user, AuthOutcome, AuthenticationDetails, VerifySoftwareTokenOutcome};
use cognito_wasm::protocol::messages::{ParameterMap, StringMap};
use cognito_wasm::protocol::ordered_map::OrderedMap;
use cognito_wasm::wire::{HttpResponse, TransportError};
use futures::executor::block_on;
use native_support::*;
use serde::Deserialize;
use serde_json::{json, Value};

fn now_s() -> i64 {
    NOW_MS / 1000
}

fn details(username: &str, password: &str) -> AuthenticationDetails {
    AuthenticationDetails::with_password(username, password)
}

/// Scripts InitiateAuth (SRP) and PASSWORD_VERIFIER against `server`; the verifier step is
/// answered with `final_reply` when the signature checks out.
fn script_srp_sign_in(mock: &Mock, server: Rc<SrpServer>, typed_username: &str, final_reply: Value) {
    let srp_a = Rc::new(RefCell::new(String::new()));
    let (a, s, name) = (srp_a.clone(), server.clone(), typed_username.to_string());
    mock.expect("InitiateAuth", move |r| {
        *a.borrow_mut() = r.body["AuthParameters"]["SRP_A"].as_str().unwrap().to_string();
        let reply = json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": s.challenge_parameters(&name), "Session": "session-1"});
        Ok(HttpResponse::new(200, reply.to_string()))
    });
    mock.expect("RespondToAuthChallenge", move |r| {
        if server.accepts(&srp_a.borrow(), &r.body["ChallengeResponses"]) {
            Ok(HttpResponse::new(200, final_reply.to_string()))
        } else {
            Ok(HttpResponse::new(400, json!({"__type": "NotAuthorizedException", "message": "Incorrect username or password."}).to_string()))
        }
    });
}

/// The string maps of a request body, read from its JSON text: their keys in the order
/// sent (`Recorded::body` is a `Value`, which sorts them).
#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase", default)]
struct RequestMaps {
    auth_parameters: ParameterMap,
    challenge_responses: ParameterMap,
    client_metadata: StringMap,
}

impl RequestMaps {
    fn of(raw_body: &str) -> Self {
        serde_json::from_str(raw_body).expect("request body is a JSON object")
    }

    /// The keys of `AuthParameters`, `ChallengeResponses` and `ClientMetadata`.
    fn keys(&self) -> [Vec<&str>; 3] {
        [keys(&self.auth_parameters), keys(&self.challenge_responses), keys(&self.client_metadata)]
    }
}

fn keys<V>(map: &OrderedMap<V>) -> Vec<&str> {
    map.keys().map(String::as_str).collect()
}

/// The requests the reference sent when the SRP vectors were captured.
#[derive(Deserialize)]
struct CapturedVectors {
    user_srp_vectors: Vec<CapturedRequests>,
}

#[derive(Deserialize)]
struct CapturedRequests {
    initiate_auth_request: RequestMaps,
    respond_to_auth_challenge_request: RequestMaps,
}

fn success(outcome: AuthOutcome) -> cognito_wasm::session::CognitoUserSession {
    match outcome {
        AuthOutcome::Success { session, .. } => session,
        other => panic!("expected success, got {other:?}"),
    }
}

#[test]
fn srp_sign_in_sends_the_captured_request_shapes() {
    let v = &common::vectors()["user_srp_vectors"][0];
    let mock = Mock::new();
    mock.0.now_ms.set(v["timestamp_epoch_ms"].as_i64().unwrap());
    let (pool, storage) = pool(&mock);
    let server = Rc::new(SrpServer {
        secret_block: v["secret_block_b64"].as_str().unwrap().into(),
        ..SrpServer::with_verifier(POOL_NAME, "alice", hex_int(v["salt_hex"].as_str().unwrap()), hex_int(v["server"]["verifier_hex"].as_str().unwrap()))
    });
    let now = mock.0.now_ms.get() / 1000;
    script_srp_sign_in(&mock, server, "alice", json!({"AuthenticationResult": auth_result(now, "a", true)}));
    let user = user(&pool, "alice");
    let session = success(block_on(user.authenticate_user(&details("alice", "P@ssw0rd!"))).unwrap());
    mock.assert_done();

    let requests = mock.requests();
    for r in &requests {
        assert_eq!(r.url, "http://mock.invalid/");
        assert_eq!(header(r, "Content-Type"), "application/x-amz-json-1.1");
        assert_eq!(header(r, "X-Amz-Target"), format!("AWSCognitoIdentityProviderService.{}", r.operation));
        assert_eq!(header(r, "Cache-Control"), "no-store");
        assert!(header(r, "X-Amz-User-Agent").starts_with("aws-amplify/5.0.4"));
        assert_eq!(r.headers.len(), 4);
    }
    // InitiateAuth: the captured shape, SRP_A aside (it is random).
    let mut expected = v["initiate_auth_request"].clone();
    let mut sent = requests[0].body.clone();
    assert!(sent["AuthParameters"]["SRP_A"].as_str().unwrap().len() > 700);
    sent["AuthParameters"]["SRP_A"] = json!("*");
    expected["AuthParameters"]["SRP_A"] = json!("*");
    assert_eq!(sent, expected);
    // PASSWORD_VERIFIER: the captured shape, with the same TIMESTAMP (clock fixed);
    // the signature differs (random a) and was verified by the server instead.
    let mut expected = v["respond_to_auth_challenge_request"].clone();
    let mut sent = requests[1].body.clone();
    sent["ChallengeResponses"]["PASSWORD_CLAIM_SIGNATURE"] = json!("*");
    expected["ChallengeResponses"]["PASSWORD_CLAIM_SIGNATURE"] = json!("*");
    expected["Session"] = json!("session-1");
    assert_eq!(sent, expected);
    // And the keys of every map in the captured order (what the reference assigns in).
    let captured: CapturedVectors = serde_json::from_str(common::VECTORS_JSON).unwrap();
    let captured = &captured.user_srp_vectors[0];
    assert_eq!(RequestMaps::of(&requests[0].raw_body).keys(), captured.initiate_auth_request.keys());
    assert_eq!(RequestMaps::of(&requests[1].raw_body).keys(), captured.respond_to_auth_challenge_request.keys());

    // Stored exactly under the reference's keys.
    let stored = storage.snapshot();
    let keys: Vec<_> = stored.keys().cloned().collect();
    assert_eq!(
        keys,
        [
            format!("{PREFIX}.LastAuthUser"),
            format!("{PREFIX}.alice.accessToken"),
            format!("{PREFIX}.alice.clockDrift"),
            format!("{PREFIX}.alice.idToken"),
            format!("{PREFIX}.alice.refreshToken"),
        ]
    );
    assert_eq!(stored[&format!("{PREFIX}.LastAuthUser")], "alice");
    assert_eq!(stored[&format!("{PREFIX}.alice.clockDrift")], "0");
    assert_eq!(stored[&format!("{PREFIX}.alice.refreshToken")], "refresh-a");
    assert_eq!(stored[&format!("{PREFIX}.alice.idToken")], session.id_token().jwt_token());
    assert!(user.is_session_valid());
    assert_eq!(user.challenge_name(), None);
}

#[test]
fn srp_switches_to_user_id_for_srp_and_loads_its_device() {
    let mock = Mock::new();
    let (pool, storage) = pool(&mock);
    let uuid = "9c8fc849-52df-48f9-88be-5b80f1763d7e";
    // A device remembered under the USER_ID_FOR_SRP: sent with PASSWORD_VERIFIER only.
    storage.set_item(&format!("{PREFIX}.{uuid}.deviceKey"), "us-east-1_dev").unwrap();
    storage.set_item(&format!("{PREFIX}.{uuid}.randomPasswordKey"), "pw").unwrap();
    storage.set_item(&format!("{PREFIX}.{uuid}.deviceGroupKey"), "grp").unwrap();
    let server = Rc::new(SrpServer::for_password(POOL_NAME, uuid, "correct horse battery staple"));
    script_srp_sign_in(&mock, server, "alice@example.com", json!({"AuthenticationResult": auth_result(now_s(), "a", true)}));
    let user = user(&pool, "alice@example.com");
    success(block_on(user.authenticate_user(&details("alice@example.com", "correct horse battery staple"))).unwrap());
    let r = mock.requests();
    assert_eq!(r[0].body["AuthParameters"]["USERNAME"], "alice@example.com");
    assert!(r[0].body["AuthParameters"].get("DEVICE_KEY").is_none());
    assert_eq!(r[1].body["ChallengeResponses"]["USERNAME"], uuid);
    assert_eq!(r[1].body["ChallengeResponses"]["DEVICE_KEY"], "us-east-1_dev");
    assert_eq!(user.username(), uuid);
    assert_eq!(storage.get_item(&format!("{PREFIX}.LastAuthUser")).as_deref(), Some(uuid));
    assert!(storage.get_item(&format!("{PREFIX}.{uuid}.idToken")).is_some());
}

#[test]
fn wrong_password_gives_the_service_error_and_stores_nothing() {
    let mock = Mock::new();
    let (pool, storage) = pool(&mock);
    let server = Rc::new(SrpServer::for_password(POOL_NAME, "alice", "right"));
    script_srp_sign_in(&mock, server, "alice", json!({}));
    let user = user(&pool, "alice");
    let e = block_on(user.authenticate_user(&details("alice", "wrong"))).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("NotAuthorizedException"));
    assert_eq!(e.name, "NotAuthorizedException");
    assert_eq!(e.message, "Incorrect username or password.");
    assert_eq!(e.status_code, None);
    assert!(storage.is_empty());
    assert!(!format!("{e:?}{e}").contains("wrong"));
}

#[test]
fn invalid_flow_and_missing_password() {
    let mock = Mock::new();
    let (pool, _) = pool(&mock);
    let user = user(&pool, "alice");
    user.set_authentication_flow_type("ADMIN_NO_SRP_AUTH");
    let e = block_on(user.authenticate_user(&details("alice", "x"))).unwrap_err();
    assert_eq!((e.code, e.message.as_str()), (None, "Authentication flow type is invalid."));
    user.set_authentication_flow_type(flow::USER_PASSWORD_AUTH);
    let e = block_on(user.authenticate_user(&AuthenticationDetails::default())).unwrap_err();
    assert_eq!(e.message, "PASSWORD parameter is required");
    assert!(mock.requests().is_empty());
}

#[test]
fn user_password_auth_and_client_metadata_rules() {
    let mock = Mock::new();
    let (pool, _) = pool(&mock);
    let user = user(&pool, "Alice");
    user.set_authentication_flow_type(flow::USER_PASSWORD_AUTH);
    mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": auth_result(now_s(), "p", true)}));
    let mut d = details("Alice", "pw");
    d.client_metadata.insert("k".into(), "v".into());
    d.validation_data.insert("vd".into(), "1".into());
    success(block_on(user.authenticate_user(&d)).unwrap());
    assert_eq!(
        mock.last_request().body,
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": CLIENT_ID, "AuthParameters": {"USERNAME": "Alice", "PASSWORD": "pw"}, "ClientMetadata": {"vd": "1"}})
    );
    // Without validation data, ClientMetadata is sent ({} by default).
    mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": auth_result(now_s(), "p", true)}));
    block_on(user.authenticate_user(&details("Alice", "pw"))).unwrap();
    assert_eq!(mock.last_request().body["ClientMetadata"], json!({}));
    assert!(mock.last_request().body.get("UserContextData").is_none());
}

fn password_user(mock: &Mock) -> (cognito_wasm::user::CognitoUser<Mock>, Rc<cognito_wasm::storage::MemoryStorage>) {
    let (pool, storage) = pool(mock);
    let user = user(&pool, "alice");
    user.set_authentication_flow_type(flow::USER_PASSWORD_AUTH);
    (user, storage)
}

#[test]
fn each_challenge_becomes_its_outcome_and_keeps_the_session() {
    let params = json!({"CODE_DELIVERY_DESTINATION": "+*******0123", "CODE_DELIVERY_DELIVERY_MEDIUM": "SMS"});
    type Check = fn(&AuthOutcome) -> bool;
    let cases: Vec<(&str, Check)> = vec![
        ("SMS_MFA", |o| matches!(o, AuthOutcome::MfaRequired { challenge_name, parameters } if challenge_name == "SMS_MFA" && parameters.len() == 2)),
        ("SOFTWARE_TOKEN_MFA", |o| matches!(o, AuthOutcome::TotpRequired { challenge_name, .. } if challenge_name == "SOFTWARE_TOKEN_MFA")),
        ("SELECT_MFA_TYPE", |o| matches!(o, AuthOutcome::SelectMfaType { challenge_name, .. } if challenge_name == "SELECT_MFA_TYPE")),
        ("MFA_SETUP", |o| matches!(o, AuthOutcome::MfaSetup { challenge_name, .. } if challenge_name == "MFA_SETUP")),
        ("CUSTOM_CHALLENGE", |o| matches!(o, AuthOutcome::CustomChallenge { parameters } if parameters.get("CODE_DELIVERY_DELIVERY_MEDIUM").is_some_and(|m| m == "SMS"))),
    ];
    for (name, check) in cases {
        let mock = Mock::new();
        let (user, storage) = password_user(&mock);
        mock.expect_ok("InitiateAuth", json!({"ChallengeName": name, "ChallengeParameters": params, "Session": format!("s-{name}")}));
        let outcome = block_on(user.authenticate_user(&details("alice", "pw"))).unwrap();
        assert!(check(&outcome), "{name}: {outcome:?}");
        assert_eq!(user.challenge_session().unwrap(), format!("s-{name}"));
        assert!(storage.is_empty());
    }
}

/// Maps keep their order as JavaScript objects do: what the server sent reaches the
/// callbacks in the server's order, and what the SDK builds is sent in the order the
/// reference assigns (a key assigned again keeps its place).
#[test]
fn maps_keep_the_order_they_were_given_or_built_in() {
    // ChallengeParameters in the server's order, through the dispatch of a sign-in step
    // and through initiateAuth.
    let server_order = r#"{"ChallengeName":"NAME","Session":"s1","ChallengeParameters":{"zeta":"1","CODE_DELIVERY_DESTINATION":"+*0123","alpha":"2"}}"#;
    for name in ["SMS_MFA", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE", "MFA_SETUP", "CUSTOM_CHALLENGE"] {
        let mock = Mock::new();
        let (user, _) = password_user(&mock);
        let body = server_order.replace("NAME", name);
        mock.expect("InitiateAuth", move |_| Ok(HttpResponse::new(200, body)));
        let parameters = match block_on(user.authenticate_user(&details("alice", "pw"))).unwrap() {
            AuthOutcome::MfaRequired { parameters, .. }
            | AuthOutcome::TotpRequired { parameters, .. }
            | AuthOutcome::SelectMfaType { parameters, .. }
            | AuthOutcome::MfaSetup { parameters, .. }
            | AuthOutcome::CustomChallenge { parameters } => parameters,
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(keys(&parameters), ["zeta", "CODE_DELIVERY_DESTINATION", "alpha"], "{name}");
    }

    // initiateAuth: the caller's AuthParameters in their order, USERNAME assigned in place
    // when the caller gave one (the reference's `authParameters.USERNAME = ...`), then
    // SECRET_HASH; ClientMetadata in the caller's order.
    let mock = Mock::new();
    let (pool, _) = pool_with(&mock, Some("client-secret"));
    let user = native_support::user(&pool, "alice");
    let body = server_order.replace("NAME", "CUSTOM_CHALLENGE");
    mock.expect("InitiateAuth", move |_| Ok(HttpResponse::new(200, body)));
    let d = AuthenticationDetails {
        auth_parameters: StringMap::from([("Z".to_string(), "1".to_string()), ("USERNAME".to_string(), "typed".to_string()), ("A".to_string(), "2".to_string())]),
        client_metadata: StringMap::from([("b".to_string(), "1".to_string()), ("a".to_string(), "2".to_string())]),
        ..Default::default()
    };
    let AuthOutcome::CustomChallenge { parameters } = block_on(user.initiate_auth(&d)).unwrap() else { panic!() };
    assert_eq!(keys(&parameters), ["zeta", "CODE_DELIVERY_DESTINATION", "alpha"]);
    let sent = RequestMaps::of(&mock.last_request().raw_body);
    assert_eq!(sent.keys()[0], ["Z", "USERNAME", "A", "SECRET_HASH"]);
    assert_eq!(sent.auth_parameters.get("USERNAME"), Some(&Some("alice".to_string())));
    assert_eq!(sent.keys()[2], ["b", "a"]);

    // completeNewPasswordChallenge: the required attributes in the caller's order, then
    // NEW_PASSWORD and USERNAME.
    let mock = Mock::new();
    let (user, _) = password_user(&mock);
    mock.expect_ok("InitiateAuth", json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s1", "ChallengeParameters": {}}));
    block_on(user.authenticate_user(&details("alice", "temp"))).unwrap();
    mock.expect_ok("RespondToAuthChallenge", json!({"AuthenticationResult": auth_result(now_s(), "n", true)}));
    let attrs = StringMap::from([("name".to_string(), "Alice".to_string()), ("family_name".to_string(), "A".to_string())]);
    success(block_on(user.complete_new_password_challenge("N3w-pass!", &attrs, None)).unwrap());
    let sent = RequestMaps::of(&mock.last_request().raw_body);
    assert_eq!(sent.keys()[1], ["userAttributes.name", "userAttributes.family_name", "NEW_PASSWORD", "USERNAME"]);
}

#[test]
fn new_password_required_then_completed() {
    let mock = Mock::new();
    let (user, _) = password_user(&mock);
    mock.expect_ok(
        "InitiateAuth",
        json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "s1", "ChallengeParameters": {
            "USER_ID_FOR_SRP": "alice",
            "userAttributes": "{\"email_verified\":\"true\",\"email\":\"a@example.com\"}",
            "requiredAttributes": "[\"userAttributes.name\"]"}}),
    );
    let outcome = block_on(user.authenticate_user(&details("alice", "temp"))).unwrap();
    let AuthOutcome::NewPasswordRequired { user_attributes_json, required_attributes } = outcome else { panic!() };
    let attrs: Value = serde_json::from_str(&user_attributes_json.unwrap()).unwrap();
    assert_eq!(attrs["email"], "a@example.com");
    assert_eq!(required_attributes, ["name"]);

    let e = block_on(user.complete_new_password_challenge("", &StringMap::new(), None)).unwrap_err();
    assert_eq!(e.message, "New password is required.");

    mock.expect_ok("RespondToAuthChallenge", json!({"AuthenticationResult": auth_result(now_s(), "n", true)}));
    let attrs = StringMap::from([("name".to_string(), "Alice".to_string())]);
    success(block_on(user.complete_new_password_challenge("N3w-pass!", &attrs, None)).unwrap());
    assert_eq!(
        mock.last_request().body,
        json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": CLIENT_ID, "Session": "s1",
               "ChallengeResponses": {"userAttributes.name": "Alice", "NEW_PASSWORD": "N3w-pass!", "USERNAME": "alice"}})
    );
}

#[test]
fn mfa_codes_selection_and_custom_answers() {
    // SMS code.
    let mock = Mock::new();
    let (user, storage) = password_user(&mock);
    mock.expect_ok("InitiateAuth", json!({"ChallengeName": "SMS_MFA", "Session": "s1", "ChallengeParameters": {}}));
    block_on(user.authenticate_user(&details("alice", "pw"))).unwrap();
    mock.expect_ok("RespondToAuthChallenge", json!({"AuthenticationResult": auth_result(now_s(), "m", true)}));
    success(block_on(user.send_mfa_code("123456", None, None)).unwrap());
    assert_eq!(
        mock.last_request().body,
        json!({"ChallengeName": "SMS_MFA", "ClientId": CLIENT_ID, "Session": "s1", "ChallengeResponses": {"USERNAME": "alice", "SMS_MFA_CODE": "123456"}})
    );
    assert!(storage.get_item(&format!("{PREFIX}.alice.idToken")).is_some());

    // Selection, then TOTP code.
    let mock = Mock::new();
    let (user, _) = password_user(&mock);
    mock.expect_ok("InitiateAuth", json!({"ChallengeName": "SELECT_MFA_TYPE", "Session": "s1", "ChallengeParameters": {"MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"}}));
    block_on(user.authenticate_user(&details("alice", "pw"))).unwrap();
    mock.expect_ok("RespondToAuthChallenge", json!({"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": "s2", "ChallengeParameters": {}}));
    let o = block_on(user.send_mfa_selection_answer("SOFTWARE_TOKEN_MFA")).unwrap();
    assert!(matches!(o, Some(AuthOutcome::TotpRequired { ref challenge_name, .. }) if challenge_name == "SOFTWARE_TOKEN_MFA"));
    assert_eq!(mock.last_request().body["ChallengeResponses"], json!({"USERNAME": "alice", "ANSWER": "SOFTWARE_TOKEN_MFA"}));
    assert_eq!(mock.last_request().body["ChallengeName"], "SELECT_MFA_TYPE");
    mock.expect_ok("RespondToAuthChallenge", json!({"AuthenticationResult": auth_result(now_s(), "t", true)}));
    success(block_on(user.send_mfa_code("654321", Some("SOFTWARE_TOKEN_MFA"), None)).unwrap());
    assert_eq!(mock.last_request().body["Session"], "s2");
    assert_eq!(
        mock.last_request().body["ChallengeResponses"],
        json!({"USERNAME": "alice", "SMS_MFA_CODE": "654321", "SOFTWARE_TOKEN_MFA_CODE": "654321"})
    );
    // E-mail MFA (an extension) comes to mfaRequired with its challenge name.
    mock.expect_ok("RespondToAuthChallenge", json!({"ChallengeName": "EMAIL_OTP", "Session": "s3", "ChallengeParameters": {}}));
    let o = block_on(user.send_mfa_selection_answer("EMAIL_OTP")).unwrap();
    assert!(matches!(o, Some(AuthOutcome::MfaRequired { ref challenge_name, .. }) if challenge_name == "EMAIL_OTP"), "{o:?}");
    // Another answer: no callback.
    mock.expect_ok("RespondToAuthChallenge", json!({"Session": "s4"}));
    assert_eq!(block_on(user.send_mfa_selection_answer("VOICE_MFA")).unwrap(), None);

    // Custom auth without SRP, then the answer.
    let mock = Mock::new();
    let (pool, _) = pool(&mock);
    let user = native_support::user(&pool, "alice");
    mock.expect_ok("InitiateAuth", json!({"ChallengeName": "CUSTOM_CHALLENGE", "Session": "c1", "ChallengeParameters": {"q": "2+2"}}));
    let mut d = AuthenticationDetails::default();
    d.auth_parameters.insert("CHALLENGE_NAME".into(), "CUSTOM".into());
    let o = block_on(user.initiate_auth(&d)).unwrap();
    assert!(matches!(o, AuthOutcome::CustomChallenge { ref parameters } if parameters.get("q").is_some_and(|q| q == "2+2")));
    assert_eq!(
        mock.last_request().body,
        json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": CLIENT_ID, "AuthParameters": {"CHALLENGE_NAME": "CUSTOM", "USERNAME": "alice"}, "ClientMetadata": {}})
    );
    mock.expect_ok("RespondToAuthChallenge", json!({"AuthenticationResult": auth_result(now_s(), "c", true)}));
    let meta = StringMap::from([("m".to_string(), "1".to_string())]);
    success(block_on(user.send_custom_challenge_answer("4", Some(meta))).unwrap());
    assert_eq!(
        mock.last_request().body,
        json!({"ChallengeName": "CUSTOM_CHALLENGE", "ClientId": CLIENT_ID, "Session": "c1", "ClientMetadata": {"m": "1"},
               "ChallengeResponses": {"USERNAME": "alice", "ANSWER": "4"}})
    );
}

#[test]
fn custom_auth_with_srp_sends_challenge_name_srp_a() {
    let mock = Mock::new();
    let (pool, _) = pool(&mock);
    let server = Rc::new(SrpServer::for_password(POOL_NAME, "alice", "pw"));
    script_srp_sign_in(&mock, server, "alice", json!({"ChallengeName": "CUSTOM_CHALLENGE", "Session": "c2", "ChallengeParameters": {"x": "y"}}));
    let user = user(&pool, "alice");
    user.set_authentication_flow_type(flow::CUSTOM_AUTH);
    let o = block_on(user.authenticate_user(&details("alice", "pw"))).unwrap();
    assert!(matches!(o, AuthOutcome::CustomChallenge { .. }));
    assert_eq!(mock.requests()[0].body["AuthFlow"], "CUSTOM_AUTH");
    assert_eq!(mock.requests()[0].body["AuthParameters"]["CHALLENGE_NAME"], "SRP_A");
    assert_eq!(user.challenge_session().as_deref(), Some("c2"));
}

#[test]
fn totp_setup_during_sign_in_and_when_signed_in() {
    let mock = Mock::new();
    let (user, storage) = password_user(&mock);
    mock.expect_ok("InitiateAuth", json!({"ChallengeName": "MFA_SETUP", "Session": "s1", "ChallengeParameters": {"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]"}}));
    block_on(user.authenticate_user(&details("alice", "pw"))).unwrap();
    mock.expect_ok("AssociateSoftwareToken", json!({"SecretCode": "JBSWY3DPEHPK3PXP", "Session": "s2"}));
    assert_eq!(block_on(user.associate_software_token()).unwrap(), "JBSWY3DPEHPK3PXP");
    assert_eq!(mock.last_request().body, json!({"Session": "s1"}));
    mock.expect_ok("VerifySoftwareToken", json!({"Status": "SUCCESS", "Session": "s3"}));
    mock.expect_ok("RespondToAuthChallenge", json!({"AuthenticationResult": auth_result(now_s(), "v", true)}));
    let o = block_on(user.verify_software_token("123456", Some("phone"))).unwrap();
    assert!(matches!(o, VerifySoftwareTokenOutcome::SignedIn(_)));
    let r = mock.requests();
    assert_eq!(r[2].body, json!({"Session": "s2", "UserCode": "123456", "FriendlyDeviceName": "phone"}));
    assert_eq!(r[3].body, json!({"ChallengeName": "MFA_SETUP", "ClientId": CLIENT_ID, "Session": "s3", "ChallengeResponses": {"USERNAME": "alice"}}));
    assert!(storage.get_item(&format!("{PREFIX}.alice.accessToken")).is_some());

    // Signed in: AccessToken, raw response.
    let access = user.sign_in_user_session().unwrap().access_token().jwt_token().to_string();
    mock.expect_ok("AssociateSoftwareToken", json!({"SecretCode": "S2"}));
    block_on(user.associate_software_token()).unwrap();
    assert_eq!(mock.last_request().body, json!({"AccessToken": access}));
    mock.expect_ok("VerifySoftwareToken", json!({"Status": "SUCCESS"}));
    let o = block_on(user.verify_software_token("1", None)).unwrap();
    let VerifySoftwareTokenOutcome::Verified(resp) = o else { panic!() };
    assert_eq!(resp.status.as_deref(), Some("SUCCESS"));
    assert_eq!(mock.last_request().body, json!({"AccessToken": access, "UserCode": "1"}));
}

#[test]
fn new_device_is_confirmed_then_used_for_device_srp() {
    let mock = Mock::new();
    let (pool, storage) = pool(&mock);
    let server = Rc::new(SrpServer::for_password(POOL_NAME, "alice", "pw"));
    let mut result = auth_result(now_s(), "d", true);
    result["NewDeviceMetadata"] = json!({"DeviceKey": "us-east-1_dev-1", "DeviceGroupKey": "-grp1"});
    script_srp_sign_in(&mock, server.clone(), "alice", json!({"AuthenticationResult": result}));
    mock.expect_ok("ConfirmDevice", json!({"UserConfirmationNecessary": true}));
    let alice = user(&pool, "alice");
    let o = block_on(alice.authenticate_user(&details("alice", "pw"))).unwrap();
    assert!(matches!(o, AuthOutcome::Success { user_confirmation_necessary: true, .. }));
    let confirm = mock.last_request().body;
    assert_eq!(confirm["DeviceKey"], "us-east-1_dev-1");
    assert_eq!(confirm["DeviceName"], "nodejs");
    assert_eq!(confirm["AccessToken"], alice.sign_in_user_session().unwrap().access_token().jwt_token());
    let salt = b64_int(confirm["DeviceSecretVerifierConfig"]["Salt"].as_str().unwrap());
    let verifier = b64_int(confirm["DeviceSecretVerifierConfig"]["PasswordVerifier"].as_str().unwrap());
    let password = storage.get_item(&format!("{PREFIX}.alice.randomPasswordKey")).unwrap();
    assert_eq!(password.len(), 56);
    assert_eq!(storage.get_item(&format!("{PREFIX}.alice.deviceKey")).as_deref(), Some("us-east-1_dev-1"));
    assert_eq!(storage.get_item(&format!("{PREFIX}.alice.deviceGroupKey")).as_deref(), Some("-grp1"));

    // Next sign-in: DEVICE_SRP_AUTH, proven against the registered verifier.
    let device_server = Rc::new(SrpServer::with_verifier("-grp1", "us-east-1_dev-1", salt, verifier));
    let mock2 = mock.clone();
    let bob = user(&pool, "alice");
    let srp_a = Rc::new(RefCell::new(String::new()));
    script_srp_sign_in(&mock, server, "alice", json!({"ChallengeName": "DEVICE_SRP_AUTH", "Session": "dev-s1", "ChallengeParameters": {}}));
    let (a, ds) = (srp_a.clone(), device_server.clone());
    mock.expect("RespondToAuthChallenge", move |r| {
        *a.borrow_mut() = r.body["ChallengeResponses"]["SRP_A"].as_str().unwrap().to_string();
        Ok(HttpResponse::new(200, json!({"ChallengeName": "DEVICE_PASSWORD_VERIFIER", "Session": "dev-s2", "ChallengeParameters": ds.challenge_parameters("alice")}).to_string()))
    });
    mock.expect("RespondToAuthChallenge", move |r| {
        assert!(device_server.accepts(&srp_a.borrow(), &r.body["ChallengeResponses"]));
        Ok(HttpResponse::new(200, json!({"AuthenticationResult": auth_result(NOW_MS / 1000, "dd", true)}).to_string()))
    });
    success(block_on(bob.authenticate_user(&details("alice", "pw"))).unwrap());
    mock2.assert_done();
    let r = mock.requests();
    let n = r.len();
    assert_eq!(r[n - 3].body["ChallengeResponses"]["DEVICE_KEY"], "us-east-1_dev-1");
    let dsa = &r[n - 2].body;
    assert_eq!(dsa["ChallengeName"], "DEVICE_SRP_AUTH");
    assert_eq!(dsa["Session"], "dev-s1");
    assert_eq!(dsa["ChallengeResponses"]["USERNAME"], "alice");
    assert_eq!(dsa["ChallengeResponses"]["DEVICE_KEY"], "us-east-1_dev-1");
    assert!(dsa.get("ClientMetadata").is_none());
    let dpv = &r[n - 1].body;
    assert_eq!(dpv["ChallengeName"], "DEVICE_PASSWORD_VERIFIER");
    assert_eq!(dpv["Session"], "dev-s2");
    // In the order the reference assigns them.
    assert_eq!(
        RequestMaps::of(&r[n - 1].raw_body).keys()[1],
        ["USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP", "PASSWORD_CLAIM_SIGNATURE", "DEVICE_KEY"]
    );
    assert_eq!(RequestMaps::of(&r[n - 2].raw_body).keys()[1], ["USERNAME", "DEVICE_KEY", "SRP_A"]);
    assert!(storage.get_item(&format!("{PREFIX}.alice.idToken")).unwrap().len() > 20);
}

#[test]
fn stale_device_key_is_dropped_and_the_answer_resent() {
    let mock = Mock::new();
    let (pool, storage) = pool(&mock);
    for (k, v) in [("deviceKey", "us-east-1_gone"), ("randomPasswordKey", "pw"), ("deviceGroupKey", "g")] {
        storage.set_item(&format!("{PREFIX}.alice.{k}"), v).unwrap();
    }
    let server = Rc::new(SrpServer::for_password(POOL_NAME, "alice", "pw"));
    let s = server.clone();
    mock.expect("InitiateAuth", move |_| {
        Ok(HttpResponse::new(200, json!({"ChallengeName": "PASSWORD_VERIFIER", "Session": "s1", "ChallengeParameters": s.challenge_parameters("alice")}).to_string()))
    });
    mock.expect_error("RespondToAuthChallenge", 400, "ResourceNotFoundException", "Device does not exist.");
    mock.expect_ok("RespondToAuthChallenge", json!({"AuthenticationResult": auth_result(now_s(), "s", true)}));
    let alice = user(&pool, "alice");
    success(block_on(alice.authenticate_user(&details("alice", "pw"))).unwrap());
    let r = mock.requests();
    assert_eq!(r[1].body["ChallengeResponses"]["DEVICE_KEY"], "us-east-1_gone");
    assert_eq!(r[2].body["ChallengeResponses"]["DEVICE_KEY"], Value::Null);
    assert_eq!(r[1].body["ChallengeResponses"]["TIMESTAMP"], r[2].body["ChallengeResponses"]["TIMESTAMP"]);
    assert_eq!(storage.get_item(&format!("{PREFIX}.alice.deviceKey")), None);
    assert_eq!(storage.get_item(&format!("{PREFIX}.alice.randomPasswordKey")), None);
    assert_eq!(alice.device_key(), None);
}

/// Storage holding an expired session for `alice` (issued two hours ago).
fn expired_session_in(storage: &dyn Storage) {
    let issued = now_s() - 7200;
    let r = auth_result(issued, "old", true);
    storage.set_item(&format!("{PREFIX}.alice.idToken"), r["IdToken"].as_str().unwrap()).unwrap();
    storage.set_item(&format!("{PREFIX}.alice.accessToken"), r["AccessToken"].as_str().unwrap()).unwrap();
    storage.set_item(&format!("{PREFIX}.alice.refreshToken"), "refresh-old").unwrap();
    storage.set_item(&format!("{PREFIX}.alice.clockDrift"), "0").unwrap();
    storage.set_item(&format!("{PREFIX}.LastAuthUser"), "alice").unwrap();
}

#[test]
fn get_session_from_storage_then_refresh() {
    let mock = Mock::new();
    let (pool, storage) = pool(&mock);
    // Nothing stored.
    let e = block_on(user(&pool, "alice").get_session(None)).unwrap_err();
    assert_eq!(e.message, "Local storage is missing an ID Token, Please authenticate");
    // A valid stored session: no request.
    let fresh = auth_result(now_s() - 10, "fresh", true);
    storage.set_item(&format!("{PREFIX}.alice.idToken"), fresh["IdToken"].as_str().unwrap()).unwrap();
    storage.set_item(&format!("{PREFIX}.alice.accessToken"), fresh["AccessToken"].as_str().unwrap()).unwrap();
    let s = block_on(user(&pool, "alice").get_session(None)).unwrap();
    assert_eq!(s.clock_drift(), 0.0);
    assert!(mock.requests().is_empty());
    // Expired without refresh token.
    let old = auth_result(now_s() - 7200, "old", false);
    storage.set_item(&format!("{PREFIX}.alice.idToken"), old["IdToken"].as_str().unwrap()).unwrap();
    storage.set_item(&format!("{PREFIX}.alice.accessToken"), old["AccessToken"].as_str().unwrap()).unwrap();
    let e = block_on(user(&pool, "alice").get_session(None)).unwrap_err();
    assert_eq!(e.message, "Cannot retrieve a new session. Please authenticate.");

    // Expired with a refresh token: REFRESH_TOKEN_AUTH; the old refresh token is kept.
    expired_session_in(storage.as_ref());
    mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": auth_result(now_s(), "new", false)}));
    let alice = current_user(&pool).unwrap();
    let s = block_on(alice.get_session(None)).unwrap();
    assert_eq!(
        mock.last_request().body,
        json!({"ClientId": CLIENT_ID, "AuthFlow": "REFRESH_TOKEN_AUTH", "AuthParameters": {"REFRESH_TOKEN": "refresh-old", "DEVICE_KEY": null}})
    );
    assert_eq!(s.refresh_token().token(), "refresh-old");
    assert_eq!(storage.get_item(&format!("{PREFIX}.alice.idToken")).unwrap(), s.id_token().jwt_token());
    assert!(s.is_valid(now_s()));
    // Memory now serves it.
    assert_eq!(block_on(alice.get_session(None)).unwrap(), s);
    mock.assert_done();
}

#[test]
fn refresh_switches_to_last_auth_user_and_sends_its_device_key() {
    let mock = Mock::new();
    let (pool, storage) = pool(&mock);
    expired_session_in(storage.as_ref());
    storage.set_item(&format!("{PREFIX}.alice.deviceKey"), "us-east-1_dev").unwrap();
    mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": auth_result(now_s(), "new", true)}));
    let someone = user(&pool, "someone-else");
    let s = block_on(someone.refresh_session(&RefreshToken::new("refresh-old"), Some(StringMap::from([("a".into(), "b".into())])))).unwrap();
    assert_eq!(someone.username(), "alice");
    assert_eq!(mock.last_request().body["AuthParameters"]["DEVICE_KEY"], "us-east-1_dev");
    assert_eq!(mock.last_request().body["ClientMetadata"], json!({"a": "b"}));
    assert_eq!(s.refresh_token().token(), "refresh-new");
    assert_eq!(storage.get_item(&format!("{PREFIX}.alice.refreshToken")).as_deref(), Some("refresh-new"));
}

#[test]
fn concurrent_get_session_calls_share_one_refresh() {
    let mock = Mock::new();
    mock.0.yield_before_reply.set(true);
    let (pool, storage) = pool(&mock);
    expired_session_in(storage.as_ref());
    mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": auth_result(now_s(), "shared", true)}));
    let (a, b) = (current_user(&pool).unwrap(), current_user(&pool).unwrap());
    let (ra, rb) = block_on(futures::future::join(a.get_session(None), b.get_session(None)));
    assert_eq!(mock.requests().len(), 1);
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.id_token(), rb.id_token());
    assert_eq!(ra.refresh_token().token(), "refresh-shared");
    // The same user object twice, too.
    let c = current_user(&pool).unwrap();
    c.set_username("alice");
    expired_session_in(storage.as_ref());
    mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": auth_result(now_s(), "again", true)}));
    let (x, y) = block_on(futures::future::join(c.get_session(None), c.get_session(None)));
    assert_eq!(x.unwrap(), y.unwrap());
    assert_eq!(mock.requests().len(), 2);
}

#[test]
fn refresh_rejected_clears_the_user_at_once() {
    let mock = Mock::new();
    let (pool, storage) = pool(&mock);
    expired_session_in(storage.as_ref());
    storage.set_item(&format!("{PREFIX}.alice.deviceKey"), "dev").unwrap();
    mock.expect_error("InitiateAuth", 400, "NotAuthorizedException", "Refresh Token has been revoked");
    let e = block_on(current_user(&pool).unwrap().get_session(None)).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("NotAuthorizedException"));
    assert!(mock.0.sleeps.borrow().is_empty(), "not retried");
    let left: Vec<_> = storage.snapshot().into_keys().collect();
    assert_eq!(left, [format!("{PREFIX}.alice.deviceKey")]);
}

#[test]
fn refresh_retries_server_errors_with_backoff_and_keeps_storage() {
    let mock = Mock::new();
    let (pool, storage) = pool(&mock);
    expired_session_in(storage.as_ref());
    let before = storage.snapshot();
    for _ in 0..6 {
        mock.expect("InitiateAuth", |_| Ok(HttpResponse::new(500, "<html><body>Internal Server Error</body></html>")));
    }
    let e = block_on(current_user(&pool).unwrap().get_session(None)).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("UnknownError"));
    assert_eq!(e.status_code, Some(500));
    let sleeps = mock.0.sleeps.borrow().clone();
    assert_eq!(sleeps.len(), 5);
    for (i, s) in sleeps.iter().enumerate() {
        let base = 100u32 << (i + 1);
        assert!((base..base + 100).contains(s), "{sleeps:?}");
    }
    mock.assert_done();
    assert_eq!(storage.snapshot(), before);

    // A network failure, then success.
    expired_session_in(storage.as_ref());
    mock.expect("InitiateAuth", |_| Err(TransportError { detail: "offline".into() }));
    mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": auth_result(now_s(), "back", true)}));
    let s = block_on(current_user(&pool).unwrap().get_session(None)).unwrap();
    assert_eq!(s.refresh_token().token(), "refresh-back");
}

#[test]
fn malformed_responses_leave_storage_intact() {
    let bad_replies: Vec<(u16, String, Option<&str>)> = vec![
        (200, "{\"AuthenticationResult\":{\"IdToken\":\"abc".to_string(), Some("InvalidResponseError")),
        (200, json!({"AuthenticationResult": {"TokenType": "Bearer"}}).to_string(), Some("InvalidResponseError")),
        (200, json!({}).to_string(), Some("InvalidResponseError")),
        (200, "<html>ok</html>".to_string(), Some("InvalidResponseError")),
        (400, "{\"__type\":\"Invalid".to_string(), Some("UnknownError")),
    ];
    for (status, body, code) in bad_replies {
        let mock = Mock::new();
        let (pool, storage) = pool(&mock);
        expired_session_in(storage.as_ref());
        let before = storage.snapshot();
        let b = body.clone();
        mock.expect("InitiateAuth", move |_| Ok(HttpResponse::new(status, b)));
        let e = block_on(current_user(&pool).unwrap().get_session(None)).unwrap_err();
        assert_eq!(e.code.as_deref(), code, "{body}");
        assert_eq!(storage.snapshot(), before, "{body}");
    }
    // Sign-in: a 200 without tokens is an error and stores nothing.
    let mock = Mock::new();
    let (user, storage) = password_user(&mock);
    mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": {"AccessToken": "only-access"}}));
    let e = block_on(user.authenticate_user(&details("alice", "pw"))).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("InvalidResponseError"));
    assert!(storage.is_empty());
    // An unknown challenge without tokens, too.
    mock.expect_ok("InitiateAuth", json!({"ChallengeName": "WEB_AUTHN", "Session": "x"}));
    let e = block_on(user.authenticate_user(&details("alice", "pw"))).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("InvalidResponseError"));
    // SRP parameters missing.
    user.set_authentication_flow_type(flow::USER_SRP_AUTH);
    mock.expect_ok("InitiateAuth", json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {"USER_ID_FOR_SRP": "alice"}}));
    let e = block_on(user.authenticate_user(&details("alice", "pw"))).unwrap_err();
    assert_eq!(e.message, "SRP_B is required.");
    assert!(storage.is_empty());
}

#[test]
fn network_failure_is_a_network_error() {
    let mock = Mock::new();
    let (user, _) = password_user(&mock);
    mock.expect("InitiateAuth", |_| Err(TransportError { detail: "TypeError: Failed to fetch".into() }));
    let e = block_on(user.authenticate_user(&details("alice", "pw"))).unwrap_err();
    assert_eq!((e.code.as_deref(), e.name.as_str(), e.message.as_str()), (Some("NetworkError"), "Error", "Network error"));
}

#[test]
fn secret_hash_uses_the_name_cognito_expects_at_each_step() {
    let mock = Mock::new();
    let (pool, storage) = pool_with(&mock, Some("client-secret"));
    let uuid = "21d6f8d1-f269-4378-9d5d-f0a52f0b79db";
    let server = Rc::new(SrpServer::for_password(POOL_NAME, uuid, "pw"));
    script_srp_sign_in(&mock, server, "+15555550123", json!({"AuthenticationResult": auth_result(now_s(), "h", true)}));
    let user = user(&pool, "+15555550123");
    success(block_on(user.authenticate_user(&details("+15555550123", "pw"))).unwrap());
    let hash = |name: &str| cognito_wasm::crypto::secret_hash("client-secret", name, CLIENT_ID);
    let r = mock.requests();
    assert_eq!(r[0].body["AuthParameters"]["SECRET_HASH"], hash("+15555550123"));
    assert_eq!(r[1].body["ChallengeResponses"]["SECRET_HASH"], hash(uuid));
    // SECRET_HASH (no reference counterpart) comes last.
    assert_eq!(RequestMaps::of(&r[0].raw_body).keys()[0], ["USERNAME", "SRP_A", "SECRET_HASH"]);
    assert_eq!(
        RequestMaps::of(&r[1].raw_body).keys()[1],
        ["USERNAME", "PASSWORD_CLAIM_SECRET_BLOCK", "TIMESTAMP", "PASSWORD_CLAIM_SIGNATURE", "SECRET_HASH"]
    );
    // Refresh: the stored (LastAuthUser) name.
    let mut stale = storage.snapshot();
    stale.insert(format!("{PREFIX}.{uuid}.clockDrift"), "-100000".into());
    for (k, v) in &stale {
        storage.set_item(k, v).unwrap();
    }
    mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": auth_result(now_s(), "h2", true)}));
    block_on(current_user(&pool).unwrap().get_session(None)).unwrap();
    assert_eq!(mock.last_request().body["AuthParameters"]["SECRET_HASH"], hash(uuid));
    // RevokeToken carries the secret.
    mock.expect_ok("RevokeToken", json!({}));
    let u = current_user(&pool).unwrap();
    block_on(u.sign_out_and_revoke()).unwrap();
    assert_eq!(mock.last_request().body, json!({"Token": "refresh-h2", "ClientId": CLIENT_ID, "ClientSecret": "client-secret"}));
}

#[test]
fn sign_out_variants() {
    let mock = Mock::new();
    let (user, storage) = password_user(&mock);
    storage.set_item(&format!("{PREFIX}.alice.deviceKey"), "dev").unwrap();
    mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": auth_result(now_s(), "so", true)}));
    block_on(user.authenticate_user(&details("alice", "pw"))).unwrap();
    // Revocable (origin_jti): RevokeToken, then local cleanup; device keys stay.
    mock.expect_ok("RevokeToken", json!({}));
    block_on(user.sign_out_and_revoke()).unwrap();
    assert_eq!(mock.last_request().body, json!({"Token": "refresh-so", "ClientId": CLIENT_ID}));
    assert_eq!(storage.snapshot().into_keys().collect::<Vec<_>>(), [format!("{PREFIX}.alice.deviceKey")]);
    assert!(user.sign_in_user_session().is_none());
    // Not signed in any more: getSession fails and nothing is cleared.
    let e = block_on(user.sign_out_and_revoke()).unwrap_err();
    assert_eq!(e.message, "Local storage is missing an ID Token, Please authenticate");

    // Global sign-out needs a valid session, clears storage, keeps memory.
    let e = block_on(user.global_sign_out()).unwrap_err();
    assert_eq!(e.message, "User is not authenticated");
    mock.expect_ok("InitiateAuth", json!({"AuthenticationResult": auth_result(now_s(), "g", true)}));
    block_on(user.authenticate_user(&details("alice", "pw"))).unwrap();
    let access = user.sign_in_user_session().unwrap().access_token().jwt_token().to_string();
    mock.expect_ok("GlobalSignOut", json!({}));
    block_on(user.global_sign_out()).unwrap();
    assert_eq!(mock.last_request().body, json!({"AccessToken": access}));
    assert_eq!(storage.get_item(&format!("{PREFIX}.alice.idToken")), None);
    assert!(user.sign_in_user_session().is_some());
    // Local sign-out.
    user.sign_out().unwrap();
    assert!(user.sign_in_user_session().is_none());
}

#[test]
fn user_context_data_is_sent_only_when_available() {
    let mock = Mock::new();
    let config = cognito_wasm::pool_config::PoolConfig::new(cognito_wasm::pool_config::PoolData {
        user_pool_id: Some(POOL_ID.into()),
        client_id: Some(CLIENT_ID.into()),
        endpoint: Some("http://mock.invalid/".into()),
        ..Default::default()
    })
    .unwrap();
    let mut pool = cognito_wasm::user::UserPool::new(config, mock.clone(), Rc::new(cognito_wasm::storage::MemoryStorage::new()));
    pool.set_user_context_provider(Some(Box::new(|username: &str| (username == "alice").then(|| format!("encoded-for-{username}")))));
    let pool = Rc::new(pool);
    let alice = user(&pool, "alice");
    alice.set_authentication_flow_type(flow::USER_PASSWORD_AUTH);
    mock.expect_ok("InitiateAuth", json!({"ChallengeName": "SMS_MFA", "Session": "s"}));
    block_on(alice.authenticate_user(&details("alice", "pw"))).unwrap();
    assert_eq!(mock.last_request().body["UserContextData"], json!({"EncodedData": "encoded-for-alice"}));
    let bob = user(&pool, "bob");
    bob.set_authentication_flow_type(flow::USER_PASSWORD_AUTH);
    mock.expect_ok("InitiateAuth", json!({"ChallengeName": "SMS_MFA", "Session": "s"}));
    block_on(bob.authenticate_user(&details("bob", "pw"))).unwrap();
    assert!(mock.last_request().body.get("UserContextData").is_none());
}
