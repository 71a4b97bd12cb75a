//! The account methods of the core end to end against the local Cognito emulator: each
//! method's success and its main error, codes read from the emulator's outbox, and the
//! whole Node-style journey (sign up → confirm → sign in → verify an attribute → TOTP →
//! remembered device → change / reset password → delete).
#![cfg(not(target_arch = "wasm32"))]

mod native_emulator_support;

use std::rc::Rc;

use cognito_wasm::pool_config::{PoolConfig, PoolData};
use cognito_wasm::session::CognitoUserSession;
use cognito_wasm::storage::{MemoryStorage, Storage};
use cognito_wasm::protocol::names::challenge;
use cognito_wasm::user::{AuthOutcome, AuthenticationDetails, CognitoUser, GetUserDataOptions, UserPool, VerifySoftwareTokenOutcome};
use cognito_wasm::protocol::account::{MfaOption, MfaSettings, UserAttribute};
use cognito_wasm::wire::errors::messages::USER_NOT_AUTHENTICATED;
use cognito_wasm::wire::SdkResult;
use futures::executor::block_on;
use native_emulator_support::{admin, advance_emulator_clock, code_of, outbox, outbox_code, pool_config, sdk_pool, start_with as start, TcpTransport};
use serde_json::{json, Value};

const PASSWORD: &str = "Passw0rd!";

// ----- pools, users -----

struct Setup {
    url: String,
    pool_id: String,
    client_id: String,
    pool: Rc<UserPool<TcpTransport>>,
    storage: Rc<MemoryStorage>,
}

impl Setup {
    fn new(url: &str, pool_extra: Value, secret: bool) -> Setup {
        let mut body = json!({"PoolName": "account", "AutoVerifiedAttributes": ["email"]});
        body.as_object_mut().unwrap().extend(pool_extra.as_object().cloned().unwrap_or_default());
        let pool_id = admin(url, "CreateUserPool", body)["UserPool"]["Id"].as_str().unwrap().to_string();
        let client = admin(
            url,
            "CreateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientName": "web", "GenerateSecret": secret,
                   "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        );
        let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap().to_string();
        let secret = client["UserPoolClient"]["ClientSecret"].as_str().map(str::to_string);
        let (pool, storage) = sdk_pool(pool_config(url, &pool_id, &client_id, secret));
        Setup { url: url.to_string(), pool_id, client_id, pool, storage }
    }

    fn user(&self, username: &str) -> CognitoUser<TcpTransport> {
        CognitoUser::new(username, self.pool.clone(), None)
    }

    fn key(&self, username: &str, entry: &str) -> String {
        format!("CognitoIdentityServiceProvider.{}.{username}.{entry}", self.client_id)
    }

    fn code(&self, username: &str, kind: &str) -> String {
        outbox_code(&self.url, &self.pool_id, username, kind)
    }

    /// Signs up `username` (with an e-mail) and confirms it with the outbox code.
    fn registered(&self, username: &str, extra: Vec<UserAttribute>) -> CognitoUser<TcpTransport> {
        let mut attributes = vec![UserAttribute::new("email", format!("{username}@example.com"))];
        attributes.extend(extra);
        block_on(self.pool.sign_up(username, PASSWORD, Some(attributes), None, None)).unwrap();
        let user = self.user(username);
        block_on(user.confirm_registration(&self.code(username, "SignUp"), None, None)).unwrap();
        user
    }

    /// A signed-in user (SRP) expected to need no challenge.
    fn signed_in(&self, username: &str, password: &str) -> CognitoUser<TcpTransport> {
        let user = self.user(username);
        success(block_on(user.authenticate_user(&AuthenticationDetails::with_password(username, password))).unwrap());
        user
    }
}

fn success(outcome: AuthOutcome) -> CognitoUserSession {
    match outcome {
        AuthOutcome::Success { session, .. } => session,
        other => panic!("expected success, got {other:?}"),
    }
}

fn not_authenticated<T: std::fmt::Debug>(result: SdkResult<T>) {
    let e = result.expect_err("must fail without a session");
    assert_eq!((e.code, e.message.as_str()), (None, USER_NOT_AUTHENTICATED));
}

fn raw(r: &cognito_wasm::user::RawJson) -> Value {
    serde_json::from_str(r.text()).unwrap()
}

// ----- TOTP (RFC 6238, the crate's own implementation) -----

fn totp_now(secret_base32: &str) -> String {
    cognito_wasm::totp::totp_at(secret_base32, cognito_wasm::date::now_unix_seconds()).expect("the emulator hands out base32 secrets")
}

// ----- registration -----

#[test]
fn sign_up_confirm_resend_and_their_errors() {
    let emulator = start(&[]);
    let s = Setup::new(&emulator.url, json!({"AliasAttributes": ["email"]}), false);

    let e = block_on(s.pool.sign_up("alice", "short", Some(vec![UserAttribute::new("email", "alice@example.com")]), None, None)).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("InvalidPasswordException"), "{e:?}");

    let result = block_on(s.pool.sign_up(
        "alice",
        PASSWORD,
        Some(vec![UserAttribute::new("email", "alice@example.com"), UserAttribute::new("name", "Alice")]),
        Some(vec![UserAttribute::new("invite", "1")]),
        Some([("source".to_string(), "test".to_string())].into()),
    ))
    .unwrap();
    assert_eq!(result.username, "alice");
    assert_eq!(result.user_confirmed, Some(false));
    assert!(result.user_sub.as_deref().is_some_and(|s| s.len() == 36));
    let delivery = result.code_delivery_details.expect("a code was sent");
    assert_eq!((delivery.delivery_medium.as_deref(), delivery.attribute_name.as_deref()), (Some("EMAIL"), Some("email")));
    assert_eq!(code_of(block_on(s.pool.sign_up("alice", PASSWORD, None, None, None))), "UsernameExistsException");

    // Unconfirmed: no sign-in.
    let alice = s.user("alice");
    let e = block_on(alice.authenticate_user(&AuthenticationDetails::with_password("alice", PASSWORD))).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("UserNotConfirmedException"), "{e:?}");

    // Wrong code; then resend and confirm with the new code.
    let first = s.code("alice", "SignUp");
    let wrong = if first == "000000" { "111111" } else { "000000" };
    assert_eq!(code_of(block_on(alice.confirm_registration(wrong, None, None))), "CodeMismatchException");
    let resent = block_on(alice.resend_confirmation_code(None)).unwrap();
    assert_eq!(raw(&resent)["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    let code = s.code("alice", "ResendConfirmationCode");
    block_on(alice.confirm_registration(&code, Some(false), None)).unwrap();
    assert_eq!(code_of(block_on(alice.confirm_registration(&code, None, None))), "NotAuthorizedException");
    assert_eq!(code_of(block_on(alice.resend_confirmation_code(None))), "InvalidParameterException");
    s.signed_in("alice", PASSWORD);

    // Alias: a second account with the same verified e-mail.
    block_on(s.pool.sign_up("alice2", PASSWORD, Some(vec![UserAttribute::new("email", "alice@example.com")]), None, None)).unwrap();
    let alice2 = s.user("alice2");
    assert_eq!(code_of(block_on(alice2.confirm_registration(&s.code("alice2", "SignUp"), Some(false), None))), "AliasExistsException");
    block_on(alice2.resend_confirmation_code(None)).unwrap();
    block_on(alice2.confirm_registration(&s.code("alice2", "ResendConfirmationCode"), Some(true), None)).unwrap();
    s.signed_in("alice2", PASSWORD);

    // Unknown users.
    assert_eq!(code_of(block_on(s.user("nobody").confirm_registration("123456", None, None))), "UserNotFoundException");
}

#[test]
fn an_srp_sign_in_by_alias_moves_the_user_data_key_to_the_real_username() {
    let emulator = start(&[]);
    let s = Setup::new(&emulator.url, json!({"AliasAttributes": ["email"]}), false);
    s.registered("alice", vec![]);
    // Signed in by the e-mail alias: USER_ID_FOR_SRP is "alice".
    let by_alias = s.user("alice@example.com");
    assert_eq!(by_alias.user_data_key(), s.key("alice@example.com", "userData"));
    success(block_on(by_alias.authenticate_user(&AuthenticationDetails::with_password("alice@example.com", PASSWORD))).unwrap());
    assert_eq!(by_alias.username(), "alice");
    assert_eq!(by_alias.user_data_key(), s.key("alice", "userData"));
    // getUserData caches where getCurrentUser()'s user (named by LastAuthUser) looks for it.
    block_on(by_alias.get_user_data(Default::default())).unwrap();
    let cached = s.pool.storage().get_item(&s.key("alice", "userData")).expect("user data cached under the real username");
    assert!(cached.contains("alice@example.com"), "{cached}");
    assert_eq!(s.pool.storage().get_item(&s.key("alice@example.com", "userData")), None);
}

#[test]
fn expired_codes() {
    // Codes live a minute (shorter than the access token, which verify_attribute needs);
    // the emulator's clock is moved past that instead of waiting, and the fresh codes sent
    // afterwards have their full minute however slow the machine is.
    let emulator = start(&["--code-ttl", "60"]);
    let s = Setup::new(&emulator.url, json!({}), false);
    block_on(s.pool.sign_up("erin", PASSWORD, Some(vec![UserAttribute::new("email", "erin@example.com")]), None, None)).unwrap();
    let erin = s.user("erin");
    let code = s.code("erin", "SignUp");
    advance_emulator_clock(&s.url, 120);
    assert_eq!(code_of(block_on(erin.confirm_registration(&code, None, None))), "ExpiredCodeException");
    block_on(erin.resend_confirmation_code(None)).unwrap();
    block_on(erin.confirm_registration(&s.code("erin", "ResendConfirmationCode"), None, None)).unwrap();

    block_on(erin.forgot_password(None)).unwrap();
    let code = s.code("erin", "ForgotPassword");
    advance_emulator_clock(&s.url, 120);
    assert_eq!(code_of(block_on(erin.confirm_password(&code, "N3w-Passw0rd!", None))), "ExpiredCodeException");

    let erin = s.signed_in("erin", PASSWORD);
    block_on(erin.get_attribute_verification_code("email", None)).unwrap();
    let code = s.code("erin", "VerifyUserAttribute");
    advance_emulator_clock(&s.url, 120);
    assert_eq!(code_of(block_on(erin.verify_attribute("email", &code))), "ExpiredCodeException");
}

#[test]
fn client_secret_registration_and_password_reset() {
    let emulator = start(&[]);
    let s = Setup::new(&emulator.url, json!({}), true);
    assert!(s.pool.config().has_client_secret());
    let frank = s.registered("frank", vec![]);
    block_on(frank.forgot_password(None)).unwrap();
    block_on(frank.confirm_password(&s.code("frank", "ForgotPassword"), "N3w-Passw0rd!", None)).unwrap();
    s.signed_in("frank", "N3w-Passw0rd!");
    // Without the secret the same calls are refused.
    let config = PoolConfig::new(PoolData {
        user_pool_id: Some(s.pool_id.clone()),
        client_id: Some(s.client_id.clone()),
        endpoint: Some(s.url.clone()),
        ..Default::default()
    })
    .unwrap();
    let bare = Rc::new(UserPool::new(config, TcpTransport, Rc::new(MemoryStorage::new()) as Rc<dyn Storage>));
    let e = block_on(bare.sign_up("gina", PASSWORD, None, None, None)).unwrap_err();
    assert!(e.is("NotAuthorizedException") && e.message.contains("secret"), "{e:?}");
    assert_eq!(code_of(block_on(CognitoUser::new("frank", bare, None).forgot_password(None))), "NotAuthorizedException");
}

#[test]
fn passwords() {
    let emulator = start(&[]);
    let s = Setup::new(&emulator.url, json!({}), false);
    s.registered("hank", vec![]);
    not_authenticated(block_on(s.user("hank").change_password(PASSWORD, "N3w-Passw0rd!", None)));

    let hank = s.signed_in("hank", PASSWORD);
    assert_eq!(code_of(block_on(hank.change_password("Wr0ng-Passw0rd!", "N3w-Passw0rd!", None))), "NotAuthorizedException");
    assert_eq!(code_of(block_on(hank.change_password(PASSWORD, "weak", None))), "InvalidPasswordException");
    block_on(hank.change_password(PASSWORD, "N3w-Passw0rd!", None)).unwrap();
    s.signed_in("hank", "N3w-Passw0rd!");

    // Forgot password: wrong code, weak password (the code survives), then success.
    let hank = s.user("hank");
    let sent = block_on(hank.forgot_password(None)).unwrap();
    assert_eq!(raw(&sent)["CodeDeliveryDetails"]["AttributeName"], "email");
    let code = s.code("hank", "ForgotPassword");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(code_of(block_on(hank.confirm_password(wrong, "R3set-Passw0rd!", None))), "CodeMismatchException");
    assert_eq!(code_of(block_on(hank.confirm_password(&code, "weak", None))), "InvalidPasswordException");
    block_on(hank.confirm_password(&code, "R3set-Passw0rd!", None)).unwrap();
    s.signed_in("hank", "R3set-Passw0rd!");
    assert_eq!(code_of(block_on(s.user("nobody").forgot_password(None))), "UserNotFoundException");
}

// ----- signed in: attributes, user data, MFA settings, devices, deletion -----

#[test]
fn attributes_and_user_data() {
    let emulator = start(&[]);
    let s = Setup::new(&emulator.url, json!({}), false);
    s.registered("ivy", vec![UserAttribute::new("name", "Ivy")]);
    s.registered("other", vec![]);
    not_authenticated(block_on(s.user("ivy").get_user_attributes()));
    not_authenticated(block_on(s.user("ivy").get_user_data(GetUserDataOptions::default())));

    let ivy = s.signed_in("ivy", PASSWORD);
    let attributes = block_on(ivy.get_user_attributes()).unwrap();
    let value = |name: &str| attributes.iter().find(|a| a.name == name).map(|a| a.value_or_empty().to_string());
    assert_eq!(value("email").as_deref(), Some("ivy@example.com"));
    assert_eq!(value("email_verified").as_deref(), Some("true"));
    assert_eq!(value("name").as_deref(), Some("Ivy"));
    assert!(value("sub").is_some());

    // getUserData: GetUser, cached under userDataKey.
    let data = raw(&block_on(ivy.get_user_data(GetUserDataOptions::default())).unwrap());
    assert_eq!(data["Username"], "ivy");
    assert!(s.storage.get_item(&s.key("ivy", "userData")).unwrap().contains("ivy@example.com"));

    // Update: a new e-mail gets a code; then the cached data and the tokens are fresh.
    let before = ivy.sign_in_user_session().unwrap();
    let details = block_on(ivy.update_attributes(vec![UserAttribute::new("email", "ivy2@example.com"), UserAttribute::new("name", "Ivy Two")], None)).unwrap();
    let list = &raw(&details)["CodeDeliveryDetailsList"];
    assert_eq!(list[0]["AttributeName"], "email", "{list}");
    let cached: Value = serde_json::from_str(&s.storage.get_item(&s.key("ivy", "userData")).unwrap()).unwrap();
    assert!(cached.to_string().contains("ivy2@example.com"));
    let after = ivy.sign_in_user_session().unwrap();
    assert_ne!(after.id_token().jwt_token(), before.id_token().jwt_token(), "refreshed after the update");
    assert!(after.id_token().payload().json().contains("Ivy Two"));

    // Verify the new e-mail: wrong code, then the outbox code.
    let wrong = "000000";
    let code = s.code("ivy", "VerifyUserAttribute");
    if code != wrong {
        assert_eq!(code_of(block_on(ivy.verify_attribute("email", wrong))), "CodeMismatchException");
    }
    block_on(ivy.verify_attribute("email", &code)).unwrap();
    // A fresh code on request.
    let sent = block_on(ivy.get_attribute_verification_code("email", None)).unwrap();
    assert_eq!(raw(&sent)["CodeDeliveryDetails"]["AttributeName"], "email");
    assert_eq!(code_of(block_on(ivy.get_attribute_verification_code("name", None))), "InvalidParameterException");
    let attributes = block_on(ivy.get_user_attributes()).unwrap();
    assert!(attributes.contains(&UserAttribute::new("email_verified", "true")), "{attributes:?}");

    // Delete an attribute; `sub` cannot be deleted.
    block_on(ivy.delete_attributes(vec!["name".into()])).unwrap();
    assert!(!block_on(ivy.get_user_attributes()).unwrap().iter().any(|a| a.name == "name"));
    assert!(!s.storage.get_item(&s.key("ivy", "userData")).unwrap().contains("Ivy Two"));
    assert_eq!(code_of(block_on(ivy.delete_attributes(vec!["sub".into()]))), "InvalidParameterException");

    // bypassCache with a cache: GetUser and a refresh.
    let before = ivy.sign_in_user_session().unwrap();
    let data = raw(&block_on(ivy.get_user_data(GetUserDataOptions::bypass_cache())).unwrap());
    assert_eq!(data["Username"], "ivy");
    assert_ne!(ivy.sign_in_user_session().unwrap().access_token().jwt_token(), before.access_token().jwt_token());
}

#[test]
fn alias_conflict_on_attribute_update() {
    let emulator = start(&[]);
    let s = Setup::new(&emulator.url, json!({"AliasAttributes": ["email"]}), false);
    s.registered("jack", vec![]);
    s.registered("kate", vec![]);
    let kate = s.signed_in("kate", PASSWORD);
    let e = block_on(kate.update_attributes(vec![UserAttribute::new("email", "jack@example.com")], None)).unwrap_err();
    assert_eq!(e.code.as_deref(), Some("AliasExistsException"), "{e:?}");
}

#[test]
fn mfa_settings_and_software_token() {
    let emulator = start(&[]);
    let s = Setup::new(&emulator.url, json!({"MfaConfiguration": "OPTIONAL"}), false);
    s.registered("liam", vec![]);
    s.registered("mia", vec![UserAttribute::new("phone_number", "+15555550100")]);
    not_authenticated(block_on(s.user("liam").enable_mfa()));
    not_authenticated(block_on(s.user("liam").set_user_mfa_preference(None, None)));

    // Deprecated SMS settings.
    let liam = s.signed_in("liam", PASSWORD);
    assert_eq!(block_on(liam.get_mfa_options()).unwrap().unwrap_or_default(), []);
    let sms_on = MfaSettings { preferred_mfa: Some(false), enabled: Some(true) };
    assert_eq!(code_of(block_on(liam.set_user_mfa_preference(Some(sms_on), None))), "InvalidParameterException");
    let mia = s.signed_in("mia", PASSWORD);
    block_on(mia.enable_mfa()).unwrap();
    assert_eq!(block_on(mia.get_mfa_options()).unwrap(), Some(vec![MfaOption::sms_phone_number()]));
    block_on(mia.disable_mfa()).unwrap();
    assert_eq!(block_on(mia.get_mfa_options()).unwrap().unwrap_or_default(), []);
    block_on(mia.set_user_mfa_preference(Some(sms_on), None)).unwrap();
    let outcome = block_on(s.user("mia").authenticate_user(&AuthenticationDetails::with_password("mia", PASSWORD))).unwrap();
    assert!(matches!(outcome, AuthOutcome::MfaRequired { .. }), "{outcome:?}");

    // TOTP preference before a verified token is refused; then associate and verify.
    let on = MfaSettings { preferred_mfa: Some(true), enabled: Some(true) };
    assert_eq!(code_of(block_on(liam.set_user_mfa_preference(None, Some(on)))), "InvalidParameterException");
    let secret = block_on(liam.associate_software_token()).unwrap();
    assert_eq!(code_of(block_on(liam.verify_software_token("000000", Some("phone")))), "EnableSoftwareTokenMFAException");
    let verified = block_on(liam.verify_software_token(&totp_now(&secret), Some("phone"))).unwrap();
    let VerifySoftwareTokenOutcome::Verified(response) = verified else { panic!("{verified:?}") };
    assert_eq!(response.status.as_deref(), Some("SUCCESS"));
    block_on(liam.set_user_mfa_preference(None, Some(on))).unwrap();
    let data = raw(&block_on(liam.get_user_data(GetUserDataOptions::default())).unwrap());
    assert_eq!(data["PreferredMfaSetting"], "SOFTWARE_TOKEN_MFA", "{data}");
}

#[test]
fn devices_and_deletion() {
    let emulator = start(&[]);
    let s = Setup::new(&emulator.url, json!({"DeviceConfiguration": {"DeviceOnlyRememberedOnUserPrompt": true}}), false);
    s.registered("nina", vec![]);
    not_authenticated(block_on(s.user("nina").list_devices(Some(10), None)));
    not_authenticated(block_on(s.user("nina").get_device()));
    not_authenticated(block_on(s.user("nina").delete_user(None)));

    // Sign-in registers the device (ConfirmDevice: confirmation necessary).
    let nina = s.user("nina");
    let outcome = block_on(nina.authenticate_user(&AuthenticationDetails::with_password("nina", PASSWORD))).unwrap();
    let AuthOutcome::Success { user_confirmation_necessary, .. } = outcome else { panic!("{outcome:?}") };
    assert!(user_confirmation_necessary);
    let device_key = nina.device_key().expect("device registered");

    let device = raw(&block_on(nina.get_device()).unwrap());
    assert_eq!(device["Device"]["DeviceKey"], device_key.as_str());
    block_on(nina.set_device_status_remembered()).unwrap();
    let listed = raw(&block_on(nina.list_devices(Some(10), None)).unwrap());
    assert_eq!(listed["Devices"].as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed["Devices"][0]["DeviceKey"], device_key.as_str());
    let remembered = listed["Devices"][0]["DeviceAttributes"].as_array().unwrap().iter().any(|a| a["Name"] == "dev:device_remembered_status" && a["Value"] == "remembered");
    assert!(remembered, "{listed}");
    block_on(nina.set_device_status_not_remembered()).unwrap();
    assert_eq!(code_of(block_on(nina.forget_specific_device("us-east-1_00000000-0000-0000-0000-000000000000"))), "ResourceNotFoundException");

    // A second device (another browser: its own storage); forget it by key, then forget
    // this one.
    let other_browser = Rc::new(UserPool::new(s.pool.config().clone(), TcpTransport, Rc::new(MemoryStorage::new()) as Rc<dyn Storage>));
    let other = CognitoUser::new("nina", other_browser, None);
    block_on(other.authenticate_user(&AuthenticationDetails::with_password("nina", PASSWORD))).unwrap();
    let other_key = other.device_key().unwrap();
    assert_ne!(other_key, device_key);
    assert_eq!(raw(&block_on(nina.list_devices(Some(1), None)).unwrap())["Devices"].as_array().unwrap().len(), 1);
    let page = raw(&block_on(nina.list_devices(Some(1), None)).unwrap());
    let token = page["PaginationToken"].as_str().expect("a second page").to_string();
    assert_eq!(raw(&block_on(nina.list_devices(Some(1), Some(&token))).unwrap())["Devices"].as_array().unwrap().len(), 1);
    block_on(nina.forget_specific_device(&other_key)).unwrap();
    block_on(nina.forget_device()).unwrap();
    assert_eq!(nina.device_key(), None);
    assert_eq!(s.storage.get_item(&s.key("nina", "deviceKey")), None);
    assert_eq!(raw(&block_on(nina.list_devices(Some(10), None)).unwrap())["Devices"].as_array().unwrap().len(), 0);
    assert_eq!(code_of(block_on(nina.get_device())), "InvalidParameterException");

    // Delete: the cached user is gone, and so is the account.
    block_on(nina.delete_user(None)).unwrap();
    assert_eq!(s.storage.get_item(&s.key("nina", "idToken")), None);
    let e = block_on(s.user("nina").authenticate_user(&AuthenticationDetails::with_password("nina", PASSWORD))).unwrap_err();
    assert!(e.is("UserNotFoundException") || e.is("NotAuthorizedException"), "{e:?}");
    assert_eq!(code_of(block_on(nina.delete_user(None))), "NotAuthorizedException");
}

// ----- the Node-style journey -----

#[test]
fn the_whole_journey() {
    let emulator = start(&[]);
    let s = Setup::new(
        &emulator.url,
        json!({"MfaConfiguration": "OPTIONAL", "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": true}}),
        false,
    );
    let pool = &s.pool;

    // Sign up, confirm with the outbox code.
    let signed_up = block_on(pool.sign_up("olga", PASSWORD, Some(vec![UserAttribute::new("email", "olga@example.com")]), None, None)).unwrap();
    assert_eq!(signed_up.user_confirmed, Some(false));
    let olga = CognitoUser::new(signed_up.username.clone(), pool.clone(), None);
    block_on(olga.confirm_registration(&s.code("olga", "SignUp"), None, None)).unwrap();

    // Sign in (the device is registered, not yet remembered).
    success(block_on(olga.authenticate_user(&AuthenticationDetails::with_password("olga", PASSWORD))).unwrap());

    // Update and verify an attribute.
    block_on(olga.update_attributes(vec![UserAttribute::new("email", "olga.new@example.com")], None)).unwrap();
    block_on(olga.verify_attribute("email", &s.code("olga", "VerifyUserAttribute"))).unwrap();
    let attributes = block_on(olga.get_user_attributes()).unwrap();
    assert!(attributes.contains(&UserAttribute::new("email", "olga.new@example.com")));
    assert!(attributes.contains(&UserAttribute::new("email_verified", "true")));

    // Set up TOTP and make it the preferred MFA.
    let secret = block_on(olga.associate_software_token()).unwrap();
    block_on(olga.verify_software_token(&totp_now(&secret), Some("authenticator"))).unwrap();
    block_on(olga.set_user_mfa_preference(None, Some(MfaSettings { preferred_mfa: Some(true), enabled: Some(true) }))).unwrap();

    // Sign out (local; device keys stay); sign in with TOTP.
    olga.sign_out().unwrap();
    assert!(olga.device_key().is_some());
    let olga = s.user("olga");
    let outcome = block_on(olga.authenticate_user(&AuthenticationDetails::with_password("olga", PASSWORD))).unwrap();
    let AuthOutcome::TotpRequired { challenge_name, .. } = outcome else { panic!("expected TOTP, got {outcome:?}") };
    assert_eq!(challenge_name, challenge::SOFTWARE_TOKEN_MFA);
    assert_eq!(code_of(block_on(olga.send_mfa_code("000000", Some(challenge::SOFTWARE_TOKEN_MFA), None)).map(|_| ())), "CodeMismatchException");
    success(block_on(olga.send_mfa_code(&totp_now(&secret), Some(challenge::SOFTWARE_TOKEN_MFA), None)).unwrap());

    // Remember this device; the next sign-in skips MFA (device SRP).
    let device_key = olga.device_key().expect("a device key");
    block_on(olga.set_device_status_remembered()).unwrap();
    let device = raw(&block_on(olga.get_device()).unwrap());
    assert_eq!(device["Device"]["DeviceKey"], device_key.as_str());
    olga.sign_out().unwrap();
    let olga = s.user("olga");
    let session = success(block_on(olga.authenticate_user(&AuthenticationDetails::with_password("olga", PASSWORD))).unwrap());
    assert!(session.access_token().payload().json().contains(&device_key), "signed in through the remembered device");

    // Change the password.
    block_on(olga.change_password(PASSWORD, "Ch4nged-Passw0rd!", None)).unwrap();
    olga.sign_out().unwrap();

    // Forgot / confirm password.
    let olga = s.user("olga");
    block_on(olga.forgot_password(None)).unwrap();
    block_on(olga.confirm_password(&s.code("olga", "ForgotPassword"), "R3set-Passw0rd!", None)).unwrap();
    let e = block_on(olga.authenticate_user(&AuthenticationDetails::with_password("olga", "Ch4nged-Passw0rd!"))).unwrap_err();
    assert!(e.is("NotAuthorizedException"), "{e:?}");
    let olga = s.user("olga");
    success(block_on(olga.authenticate_user(&AuthenticationDetails::with_password("olga", "R3set-Passw0rd!"))).unwrap());

    // Delete the user.
    block_on(olga.delete_user(None)).unwrap();
    assert_eq!(s.storage.get_item(&s.key("olga", "idToken")), None);
    let e = block_on(s.user("olga").authenticate_user(&AuthenticationDetails::with_password("olga", "R3set-Passw0rd!"))).unwrap_err();
    assert!(e.is("UserNotFoundException") || e.is("NotAuthorizedException"), "{e:?}");
    assert!(outbox(&s.url, &s.pool_id, "olga").len() >= 3);
}
