//! The core's choice-based sign-in, passkeys, e-mail MFA and refresh-token rotation end to
//! end against the local Cognito emulator: codes from the outbox, passkeys from a software
//! authenticator, and what storage holds after each success and each refusal.
#![cfg(not(target_arch = "wasm32"))]

mod native_emulator_support;
mod webauthn_authenticator;

use std::rc::Rc;

use cognito_wasm::protocol::account::MfaSettings;
use cognito_wasm::protocol::names::challenge;
use cognito_wasm::storage::{MemoryStorage, Storage};
use cognito_wasm::tokens::RefreshToken;
use cognito_wasm::user::{AuthOutcome, AuthenticationDetails, CognitoUser, UserAuthOutcome, UserPool};
use futures::executor::block_on;
use native_emulator_support::{admin, code_of, outbox_code, pool_config, sdk_pool, start, TcpTransport};
use serde_json::{json, Value};
use webauthn_authenticator::Authenticator;

const PASSWORD: &str = "Passw0rd!-user-auth";
const ORIGIN: &str = "http://localhost:8080";

struct Setup {
    url: String,
    pool_id: String,
    client_id: String,
    pool: Rc<UserPool<TcpTransport>>,
    storage: Rc<MemoryStorage>,
}

impl Setup {
    /// A pool allowing `factors` (passkeys on `localhost`; e-mail as a sign-in alias), a
    /// client with `USER_AUTH` and `client` settings, and `alice` with a verified e-mail and
    /// phone.
    fn new(url: &str, factors: &[&str], client: Value, rotates: bool) -> Setup {
        let pool_id = admin(url, "CreateUserPool", json!({ "PoolName": "user-auth", "AliasAttributes": ["email"], "Policies": { "SignInPolicy": { "AllowedFirstAuthFactors": factors } } }))
            ["UserPool"]["Id"]
            .as_str()
            .unwrap()
            .to_string();
        admin(url, "SetUserPoolMfaConfig", json!({ "UserPoolId": pool_id, "MfaConfiguration": "OPTIONAL", "WebAuthnConfiguration": { "RelyingPartyId": "localhost", "UserVerification": "preferred" } }));
        let mut settings = json!({ "UserPoolId": pool_id, "ClientName": "web", "ExplicitAuthFlows": ["ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
        settings.as_object_mut().unwrap().extend(client.as_object().cloned().unwrap_or_default());
        let client_id = admin(url, "CreateUserPoolClient", settings)["UserPoolClient"]["ClientId"].as_str().unwrap().to_string();
        admin(
            url,
            "AdminCreateUser",
            json!({ "UserPoolId": pool_id, "Username": "alice", "MessageAction": "SUPPRESS", "UserAttributes": [
                { "Name": "email", "Value": "alice@example.com" }, { "Name": "email_verified", "Value": "true" },
                { "Name": "phone_number", "Value": "+15550100" }, { "Name": "phone_number_verified", "Value": "true" } ] }),
        );
        admin(url, "AdminSetUserPassword", json!({ "UserPoolId": pool_id, "Username": "alice", "Password": PASSWORD, "Permanent": true }));
        let mut config = pool_config(url, &pool_id, &client_id, None);
        config.set_refresh_token_rotation(rotates);
        let (pool, storage) = sdk_pool(config);
        Setup { url: url.to_string(), pool_id, client_id, pool, storage }
    }

    fn user(&self) -> CognitoUser<TcpTransport> {
        CognitoUser::new("alice", self.pool.clone(), None)
    }

    fn stored(&self, entry: &str) -> Option<String> {
        self.storage.get_item(&format!("CognitoIdentityServiceProvider.{}.alice.{entry}", self.client_id))
    }

    fn code(&self, kind: &str) -> String {
        outbox_code(&self.url, &self.pool_id, "alice", kind)
    }

    /// Signed in with the password through USER_AUTH.
    fn signed_in(&self) -> CognitoUser<TcpTransport> {
        let user = self.user();
        let outcome = block_on(user.sign_in_with_user_auth(&details(), Some(challenge::PASSWORD))).unwrap();
        assert!(matches!(outcome, UserAuthOutcome::Done(AuthOutcome::Success { .. })), "{outcome:?}");
        user
    }
}

fn details() -> AuthenticationDetails {
    AuthenticationDetails::with_password("alice", PASSWORD)
}

fn signed_in_outcome(outcome: UserAuthOutcome) {
    assert!(matches!(outcome, UserAuthOutcome::Done(AuthOutcome::Success { .. })), "expected success, got {outcome:?}");
}

#[test]
fn email_code_sign_in_stores_the_session_only_after_the_right_code() {
    let emulator = start();
    let s = Setup::new(&emulator.url, &["PASSWORD", "EMAIL_OTP"], json!({}), false);
    let user = s.user();
    let outcome = block_on(user.sign_in_with_user_auth(&AuthenticationDetails::default(), Some(challenge::EMAIL_OTP))).unwrap();
    let UserAuthOutcome::OtpRequired { challenge_name, parameters } = outcome else { panic!("{outcome:?}") };
    assert_eq!(challenge_name, "EMAIL_OTP");
    assert_eq!(parameters.get("CODE_DELIVERY_DELIVERY_MEDIUM").map(String::as_str), Some("EMAIL"));
    let code = s.code("EMAIL_OTP");
    let wrong = if code == "123456" { "654321" } else { "123456" };
    assert_eq!(code_of(block_on(user.send_otp_code(challenge::EMAIL_OTP, wrong))), "CodeMismatchException");
    assert_eq!(s.stored("idToken"), None, "nothing stored after a wrong code");
    signed_in_outcome(block_on(user.send_otp_code(challenge::EMAIL_OTP, &code)).unwrap());
    assert!(s.stored("idToken").is_some() && s.stored("refreshToken").is_some());
    // Used once.
    assert_eq!(code_of(block_on(user.send_otp_code(challenge::EMAIL_OTP, &code))), "NotAuthorizedException");
    assert!(user.is_session_valid());
}

#[test]
fn select_challenge_then_sms_code_or_srp() {
    let emulator = start();
    let s = Setup::new(&emulator.url, &["PASSWORD", "SMS_OTP"], json!({}), false);
    let user = s.user();
    let outcome = block_on(user.sign_in_with_user_auth(&AuthenticationDetails::default(), None)).unwrap();
    let UserAuthOutcome::SelectChallenge { available_challenges } = outcome else { panic!("{outcome:?}") };
    assert_eq!(available_challenges, ["PASSWORD", "PASSWORD_SRP", "SMS_OTP"]);
    assert_eq!(code_of(block_on(user.select_challenge(challenge::EMAIL_OTP, None))), "InvalidParameterException");
    let outcome = block_on(user.select_challenge(challenge::SMS_OTP, None)).unwrap();
    assert!(matches!(&outcome, UserAuthOutcome::OtpRequired { challenge_name, .. } if challenge_name == "SMS_OTP"), "{outcome:?}");
    signed_in_outcome(block_on(user.send_otp_code(challenge::SMS_OTP, &s.code("SMS_OTP"))).unwrap());

    let user = s.user();
    block_on(user.sign_in_with_user_auth(&AuthenticationDetails::default(), None)).unwrap();
    assert_eq!(code_of(block_on(user.select_challenge(challenge::PASSWORD_SRP, None))), "<local: PASSWORD parameter is required>");
    signed_in_outcome(block_on(user.select_challenge(challenge::PASSWORD_SRP, Some(PASSWORD))).unwrap());
    assert_eq!(user.username(), "alice");

    // PASSWORD_SRP preferred, with a wrong password: refused, nothing stored for it.
    s.storage.clear().unwrap();
    let user = s.user();
    let wrong = AuthenticationDetails::with_password("alice", "Wr0ng-password!");
    assert_eq!(code_of(block_on(user.sign_in_with_user_auth(&wrong, Some(challenge::PASSWORD_SRP)))), "NotAuthorizedException");
    assert_eq!(s.stored("idToken"), None);
    // A challenge the pool does not allow.
    assert_eq!(code_of(block_on(user.sign_in_with_user_auth(&details(), Some(challenge::WEB_AUTHN)))), "InvalidParameterException");
    assert!(code_of(block_on(user.sign_in_with_user_auth(&details(), Some("SMS_MFA")))).starts_with("<local:"));
}

#[test]
fn email_mfa_after_the_password() {
    let emulator = start();
    let s = Setup::new(&emulator.url, &["PASSWORD"], json!({}), false);
    let user = s.signed_in();
    let on = MfaSettings { enabled: Some(true), preferred_mfa: Some(true) };
    block_on(user.set_user_mfa_preference_with_email(None, None, Some(on))).unwrap();
    let user = s.user();
    let outcome = block_on(user.authenticate_user(&details())).unwrap();
    let AuthOutcome::MfaRequired { challenge_name, .. } = outcome else { panic!("{outcome:?}") };
    assert_eq!(challenge_name, "EMAIL_OTP");
    let outcome = block_on(user.send_mfa_code(&s.code("EMAIL_OTP"), Some(challenge::EMAIL_OTP), None)).unwrap();
    assert!(matches!(outcome, AuthOutcome::Success { .. }), "{outcome:?}");
    // Through USER_AUTH's password too: the same code step as a passwordless e-mail code.
    let user = s.user();
    let outcome = block_on(user.sign_in_with_user_auth(&details(), Some(challenge::PASSWORD))).unwrap();
    let UserAuthOutcome::OtpRequired { challenge_name, .. } = outcome else { panic!("{outcome:?}") };
    assert_eq!(challenge_name, "EMAIL_OTP");
    signed_in_outcome(block_on(user.send_otp_code(challenge::EMAIL_OTP, &s.code("EMAIL_OTP"))).unwrap());
}

#[test]
fn passkey_registration_sign_in_and_refusals() {
    let emulator = start();
    let s = Setup::new(&emulator.url, &["PASSWORD", "WEB_AUTHN"], json!({}), false);
    let user = s.signed_in();
    let mut key = Authenticator::es256(3);
    let options = serde_json::to_value(block_on(user.start_webauthn_registration()).unwrap()).unwrap();
    assert_eq!(options["rp"]["id"], "localhost");
    let bad = key.register(&options, "https://evil.example", "localhost").to_string();
    assert_eq!(code_of(block_on(user.complete_webauthn_registration(&bad))), "WebAuthnOriginNotAllowedException");
    // Not JSON, or JSON without the credential's fields: the one message (as in the wasm).
    for text in ["not json", r#"{"id":"x","rawId":"x","type":"public-key"}"#] {
        assert_eq!(code_of(block_on(user.complete_webauthn_registration(text))), "<local: The passkey credential is not a PublicKeyCredential's JSON: invalid JSON>");
    }
    block_on(user.complete_webauthn_registration(&key.register(&options, ORIGIN, "localhost").to_string())).unwrap();
    let listed = block_on(user.list_webauthn_credentials(None, None)).unwrap();
    assert_eq!(listed.credentials.len(), 1);
    assert_eq!(listed.credentials[0].credential_id, key.id());

    user.sign_out().unwrap();
    let passkey_user = s.user();
    let outcome = block_on(passkey_user.sign_in_with_user_auth(&AuthenticationDetails::default(), Some(challenge::WEB_AUTHN))).unwrap();
    let UserAuthOutcome::WebAuthnRequired { credential_request_options } = outcome else { panic!("{outcome:?}") };
    let request: Value = serde_json::from_str(&credential_request_options).unwrap();
    assert_eq!(request["allowCredentials"][0]["id"], key.id());
    let challenge_text = request["challenge"].as_str().unwrap();
    let elsewhere = key.assert(challenge_text, "https://evil.example", "localhost").to_string();
    assert_eq!(code_of(block_on(passkey_user.send_webauthn_credential(&elsewhere))), "NotAuthorizedException");
    assert_eq!(s.stored("idToken"), None, "a refused assertion signs nobody in");
    let good = key.assert(challenge_text, ORIGIN, "localhost").to_string();
    signed_in_outcome(block_on(passkey_user.send_webauthn_credential(&good)).unwrap());
    assert!(s.stored("idToken").is_some());

    block_on(passkey_user.delete_webauthn_credential(&key.id())).unwrap();
    assert!(block_on(passkey_user.list_webauthn_credentials(None, None)).unwrap().credentials.is_empty());
    assert_eq!(code_of(block_on(passkey_user.delete_webauthn_credential(&key.id()))), "ResourceNotFoundException");
    passkey_user.sign_out().unwrap();
    assert_eq!(code_of(block_on(passkey_user.start_webauthn_registration())), "<local: User is not authenticated>");
}

#[test]
fn rotated_refresh_tokens_are_stored_and_a_reuse_keeps_the_session() {
    let emulator = start();
    let s = Setup::new(&emulator.url, &["PASSWORD"], json!({ "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 0 } }), true);
    let user = s.signed_in();
    let first = s.stored("refreshToken").unwrap();
    let session = block_on(user.refresh_session(&RefreshToken::new(first.clone()), None)).unwrap();
    let second = s.stored("refreshToken").unwrap();
    assert_ne!(second, first, "the rotated token is stored");
    assert_eq!(session.refresh_token().token(), second);
    assert_eq!(s.stored("idToken").as_deref(), Some(session.id_token().jwt_token()));

    // The old token again, after the (zero) grace period: refused, and the stored session stays.
    let id_before = s.stored("idToken");
    assert_eq!(code_of(block_on(user.refresh_session(&RefreshToken::new(first), None))), "RefreshTokenReuseException");
    assert_eq!(s.stored("refreshToken").as_deref(), Some(second.as_str()));
    assert_eq!(s.stored("idToken"), id_before);
    assert!(block_on(user.get_session(None)).is_ok());
    // The stored (newer) token still refreshes.
    block_on(user.refresh_session(&RefreshToken::new(second.clone()), None)).unwrap();
    assert_ne!(s.stored("refreshToken").as_deref(), Some(second.as_str()));
}

#[test]
fn a_client_that_does_not_rotate_keeps_its_refresh_token() {
    let emulator = start();
    let s = Setup::new(&emulator.url, &["PASSWORD"], json!({}), true);
    let user = s.signed_in();
    let token = s.stored("refreshToken").unwrap();
    // GetTokensFromRefreshToken without a new refresh token: the old one stays stored.
    let session = block_on(user.refresh_session(&RefreshToken::new(token.clone()), None)).unwrap();
    assert_eq!(session.refresh_token().token(), token);
    assert_eq!(s.stored("refreshToken"), Some(token));
}

#[test]
fn a_code_sign_in_by_alias_stores_the_session_under_the_real_username() {
    let emulator = start();
    let s = Setup::new(&emulator.url, &["PASSWORD", "EMAIL_OTP"], json!({}), false);
    let user = CognitoUser::new("alice@example.com", s.pool.clone(), None);
    let outcome = block_on(user.sign_in_with_user_auth(&AuthenticationDetails::default(), Some(challenge::EMAIL_OTP))).unwrap();
    assert!(matches!(outcome, UserAuthOutcome::OtpRequired { .. }), "{outcome:?}");
    assert_eq!(user.username(), "alice");
    signed_in_outcome(block_on(user.send_otp_code(challenge::EMAIL_OTP, &s.code("EMAIL_OTP"))).unwrap());
    assert!(s.stored("idToken").is_some(), "stored under alice");
}
