//! The sign-in split where the reference splits it (its `authenticateUserPlainUsernamePassword`
//! / `authenticateUserDefaultAuth` / challenge answers, then `authenticateUserInternal`, then
//! `getDeviceResponse`): each first step ends with the service's answer as it came, and
//! `continue_sign_in` goes on from any given answer, stopping before device SRP.
#![cfg(not(target_arch = "wasm32"))]

mod prop_support;

use std::rc::Rc;

use cognito_wasm::pool_config::{PoolConfig, PoolData};
use cognito_wasm::protocol::messages::AuthResponse;
use cognito_wasm::protocol::names::flow;
use cognito_wasm::storage::{MemoryStorage, Storage};
use cognito_wasm::user::{AuthOutcome, AuthenticationDetails, CognitoUser, SignInStep, UserPool};
use cognito_wasm::wire::HttpResponse;
use futures::executor::block_on;
use prop_support::{jwt_of, ScriptedTransport, NOW_MS};

const PREFIX: &str = "CognitoIdentityServiceProvider.client123";

fn user_with(answers: &[&str]) -> (CognitoUser<ScriptedTransport>, ScriptedTransport, Rc<MemoryStorage>) {
    let transport = ScriptedTransport::new(answers.iter().map(|body| Ok(HttpResponse::new(200, *body))).collect(), NOW_MS);
    let storage = Rc::new(MemoryStorage::new());
    let config = PoolConfig::new(PoolData {
        user_pool_id: Some("us-east-1_Pool".into()),
        client_id: Some("client123".into()),
        endpoint: Some("http://mock.invalid/".into()),
        ..Default::default()
    })
    .unwrap();
    let pool = Rc::new(UserPool::new(config, transport.clone(), Rc::clone(&storage) as Rc<dyn Storage>));
    (CognitoUser::new("alice", pool, None), transport, storage)
}

fn tokens() -> String {
    let jwt = jwt_of(&serde_json::json!({"exp": NOW_MS / 1000 + 3600, "iat": NOW_MS / 1000}).to_string());
    serde_json::json!({"AuthenticationResult": {"IdToken": jwt, "AccessToken": jwt, "RefreshToken": "refresh-1"}}).to_string()
}

#[test]
fn the_password_first_factor_ends_with_the_answer_as_it_came_and_stores_nothing() {
    let answer = tokens();
    let (user, transport, storage) = user_with(&[&answer]);
    user.set_authentication_flow_type(flow::USER_PASSWORD_AUTH);
    let raw = block_on(user.password_first_factor(&AuthenticationDetails::with_password("alice", "pw-1"))).unwrap();
    assert_eq!(raw.text(), answer);
    assert_eq!(transport.operations(), ["InitiateAuth"]);
    assert_eq!(storage.get_item(&format!("{PREFIX}.alice.idToken")), None);
    assert!(user.sign_in_user_session().is_none());

    // Continuing from that answer signs in and stores the tokens, without another request.
    let step = block_on(user.continue_sign_in(raw.parse::<AuthResponse>().unwrap())).unwrap();
    let SignInStep::Done(outcome) = step else { panic!("{step:?}") };
    assert!(matches!(*outcome, AuthOutcome::Success { user_confirmation_necessary: false, .. }));
    assert_eq!(transport.operations(), ["InitiateAuth"]);
    assert_eq!(storage.get_item(&format!("{PREFIX}.alice.refreshToken")).as_deref(), Some("refresh-1"));
    assert_eq!(storage.get_item(&format!("{PREFIX}.LastAuthUser")).as_deref(), Some("alice"));
}

#[test]
fn a_custom_challenge_answer_ends_with_the_answer_and_a_challenge_keeps_its_session() {
    let answer = r#"{"ChallengeName":"SMS_MFA","Session":"s-2","ChallengeParameters":{"CODE_DELIVERY_DESTINATION":"+1***"}}"#;
    let (user, transport, _) = user_with(&[answer]);
    user.set_challenge_session(Some("s-1".into()));
    let raw = block_on(user.custom_challenge_response("42", None)).unwrap();
    assert_eq!(raw.text(), answer);
    assert_eq!(transport.operations(), ["RespondToAuthChallenge"]);
    assert!(transport.0.sent.borrow()[0].1.contains(r#""Session":"s-1""#), "the answer is sent with the challenge's Session");
    assert_eq!(user.challenge_session().as_deref(), Some("s-1"), "nothing is continued yet");

    let step = block_on(user.continue_sign_in(raw.parse::<AuthResponse>().unwrap())).unwrap();
    let SignInStep::Done(outcome) = step else { panic!("{step:?}") };
    let AuthOutcome::MfaRequired { challenge_name, parameters } = *outcome else { panic!("{outcome:?}") };
    assert_eq!(challenge_name, "SMS_MFA");
    assert_eq!(parameters.get("CODE_DELIVERY_DESTINATION").map(String::as_str), Some("+1***"));
    assert_eq!(user.challenge_session().as_deref(), Some("s-2"));
}

#[test]
fn device_srp_is_the_next_step_not_part_of_continuing() {
    let (user, transport, _) = user_with(&[]);
    let response = AuthResponse { challenge_name: Some("DEVICE_SRP_AUTH".into()), session: Some("device-session".into()), ..Default::default() };
    assert_eq!(block_on(user.continue_sign_in(response)).unwrap(), SignInStep::DeviceSrp);
    assert!(transport.operations().is_empty(), "continuing sends nothing for device SRP");
    assert_eq!(user.challenge_session().as_deref(), Some("device-session"));
    // Without remembered device secrets, device SRP fails with a typed error before sending.
    let error = block_on(user.respond_to_device_srp(None)).unwrap_err();
    assert!(error.message.contains("DeviceKey"), "{}", error.message);
    assert!(transport.operations().is_empty());
}

#[test]
fn an_answer_without_tokens_is_a_typed_error_and_stores_nothing() {
    let (user, _, storage) = user_with(&[]);
    let response = AuthResponse { challenge_name: Some("SOMETHING_NEW".into()), ..Default::default() };
    assert!(block_on(user.continue_sign_in(response)).is_err());
    let response: AuthResponse = serde_json::from_str(r#"{"AuthenticationResult":{"NewDeviceMetadata":null}}"#).unwrap();
    let error = block_on(user.continue_sign_in(response)).unwrap_err();
    assert!(error.message.contains("IdToken"), "{}", error.message);
    assert_eq!(storage.get_item(&format!("{PREFIX}.LastAuthUser")), None);
}
