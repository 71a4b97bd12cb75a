//! Property/fuzz tests of the user flows (`user/`) fed random responses: every step's
//! answer is replaced by a random (mostly Cognito-like) body, status or network failure.
//! Each flow ends in a typed error or an outcome, never a panic; a failed flow leaves
//! storage as it was, except for what the reference itself does on that path (tokens of a
//! sign-in stored before `ConfirmDevice` failed, a rejected refresh token's user cleared,
//! a stale device forgotten, the user data cache dropped). Secrets given to the flows
//! (passwords, refresh tokens, codes) never appear in an error's message or `Debug`.
//! See tests/FUZZING.md.
#![cfg(not(target_arch = "wasm32"))]

mod prop_support;

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use cognito_wasm::pool_config::{PoolConfig, PoolData};
use cognito_wasm::session::CognitoUserSession;
use cognito_wasm::storage::{MemoryStorage, Storage};
use cognito_wasm::tokens::{AccessToken, IdToken, RefreshToken};
use cognito_wasm::protocol::names::flow;
use cognito_wasm::user::{AuthenticationDetails, CognitoUser, GetUserDataOptions, UserPool};
use cognito_wasm::protocol::account::UserAttribute;
use cognito_wasm::protocol::messages::StringMap;
use cognito_wasm::wire::{SdkError, SdkResult};
use futures::executor::block_on;
use prop_support::*;
use proptest::prelude::*;

const PREFIX: &str = "CognitoIdentityServiceProvider.client123";
const TOKEN_ENTRIES: [&str; 4] = ["idToken", "accessToken", "refreshToken", "clockDrift"];
const DEVICE_ENTRIES: [&str; 3] = ["deviceKey", "randomPasswordKey", "deviceGroupKey"];

/// A storage whose writes fail when the bit for the write's number is set in `mask`.
struct FlakyStorage {
    inner: MemoryStorage,
    mask: Cell<u32>,
    writes: Cell<u32>,
}

impl Storage for FlakyStorage {
    fn get_item(&self, key: &str) -> Option<String> {
        self.inner.get_item(key)
    }
    fn set_item(&self, key: &str, value: &str) -> SdkResult<()> {
        let n = self.writes.get();
        self.writes.set(n + 1);
        if n < 32 && self.mask.get() & (1 << n) != 0 {
            return Err(SdkError::storage("quota exceeded"));
        }
        self.inner.set_item(key, value)
    }
    fn remove_item(&self, key: &str) -> SdkResult<()> {
        self.inner.remove_item(key)
    }
    fn clear(&self) -> SdkResult<()> {
        self.inner.clear()
    }
}

#[derive(Debug, Clone, Copy)]
enum Flow {
    SrpSignIn,
    CustomSrpSignIn,
    PasswordSignIn,
    InitiateCustom,
    CustomAnswer,
    NewPassword,
    MfaCode,
    TotpCode,
    MfaSelection,
    AssociateToken,
    VerifyToken,
    GetSession,
    SignOutAndRevoke,
    GlobalSignOut,
    GetUserAttributes,
    UpdateAttributes,
    DeleteAttributes,
    GetUserData,
    ChangePassword,
    ForgotPassword,
    ConfirmPassword,
    DeleteUser,
    Devices,
    SignUp,
    ConfirmRegistration,
    Mfa,
}

const FLOWS: [Flow; 26] = [
    Flow::SrpSignIn,
    Flow::CustomSrpSignIn,
    Flow::PasswordSignIn,
    Flow::InitiateCustom,
    Flow::CustomAnswer,
    Flow::NewPassword,
    Flow::MfaCode,
    Flow::TotpCode,
    Flow::MfaSelection,
    Flow::AssociateToken,
    Flow::VerifyToken,
    Flow::GetSession,
    Flow::SignOutAndRevoke,
    Flow::GlobalSignOut,
    Flow::GetUserAttributes,
    Flow::UpdateAttributes,
    Flow::DeleteAttributes,
    Flow::GetUserData,
    Flow::ChangePassword,
    Flow::ForgotPassword,
    Flow::ConfirmPassword,
    Flow::DeleteUser,
    Flow::Devices,
    Flow::SignUp,
    Flow::ConfirmRegistration,
    Flow::Mfa,
];

#[derive(Debug, Clone)]
struct Case {
    flow: Flow,
    answers: Vec<Result<cognito_wasm::wire::HttpResponse, cognito_wasm::wire::TransportError>>,
    /// Start signed in (a valid in-memory and stored session).
    signed_in: bool,
    /// Device secrets stored for alice.
    device: bool,
    /// Cached user data.
    user_data: Option<String>,
    /// Write failures of the storage.
    storage_failures: u32,
    password: String,
    refresh_token: String,
    code: String,
    with_secret: bool,
}

fn secret_text() -> impl Strategy<Value = String> {
    // Recognisable secrets: never a substring of a fixed message by chance.
    "[A-Za-z0-9]{6,10}".prop_map(|s| format!("Sx{s}9q"))
}

fn case(srp_flows: bool) -> impl Strategy<Value = Case> {
    let flows: Vec<Flow> = FLOWS.iter().copied().filter(|f| srp_flows == matches!(f, Flow::SrpSignIn | Flow::CustomSrpSignIn)).collect();
    (
        prop::sample::select(flows),
        prop::collection::vec(scripted_answer(), 0..6),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(prop_oneof![body_text(), Just("{\"Username\":\"alice\"}".to_string())]),
        prop_oneof![4 => Just(0u32), 1 => any::<u32>()],
        (secret_text(), secret_text(), secret_text(), any::<bool>()),
    )
        .prop_map(|(flow, answers, signed_in, device, user_data, storage_failures, (password, refresh_token, code, with_secret))| Case {
            flow,
            answers,
            signed_in,
            device,
            user_data,
            storage_failures,
            password,
            refresh_token,
            code,
            with_secret,
        })
}

fn session(refresh: &str) -> CognitoUserSession {
    let now = NOW_MS / 1000;
    let claims = serde_json::json!({"exp": now + 3600, "iat": now, "origin_jti": "j", "sub": "s"}).to_string();
    CognitoUserSession::new(Some(IdToken::new(jwt_of(&claims))), Some(AccessToken::new(jwt_of(&claims))), Some(RefreshToken::new(refresh)), None, now).unwrap()
}

/// What one case leaves behind: the outcome, the storage before and after, the operations sent.
type RunResult = (SdkResult<String>, BTreeMap<String, String>, BTreeMap<String, String>, Vec<String>);

fn run(case: &Case) -> RunResult {
    let transport = ScriptedTransport::new(case.answers.clone(), NOW_MS);
    let storage = Rc::new(FlakyStorage { inner: MemoryStorage::new(), mask: Cell::new(0), writes: Cell::new(0) });
    let config = PoolConfig::new(PoolData {
        user_pool_id: Some("us-east-1_Pool".into()),
        client_id: Some("client123".into()),
        endpoint: Some("http://mock.invalid/".into()),
        client_secret: case.with_secret.then(|| "client-secret-value".to_string()),
        ..Default::default()
    })
    .unwrap();
    let pool = Rc::new(UserPool::new(config, transport.clone(), storage.clone() as Rc<dyn Storage>));
    let user = CognitoUser::new("alice", Rc::clone(&pool), None);
    if case.signed_in {
        user.set_sign_in_user_session(session(&case.refresh_token)).unwrap();
    } else {
        // An expired stored session: getSession refreshes with this token.
        let s = &storage.inner;
        let expired = jwt_of(&serde_json::json!({"exp": 1, "iat": 0}).to_string());
        for (entry, value) in [("idToken", expired.as_str()), ("accessToken", expired.as_str()), ("refreshToken", case.refresh_token.as_str()), ("clockDrift", "0")] {
            s.set_item(&format!("{PREFIX}.alice.{entry}"), value).unwrap();
        }
        s.set_item(&format!("{PREFIX}.LastAuthUser"), "alice").unwrap();
    }
    if case.device {
        for (entry, value) in DEVICE_ENTRIES.iter().zip(["us-east-1_dev", "device-password", "group"]) {
            storage.inner.set_item(&format!("{PREFIX}.alice.{entry}"), value).unwrap();
        }
        user.get_cached_device_key_and_password();
    }
    if let Some(data) = &case.user_data {
        storage.inner.set_item(&format!("{PREFIX}.alice.userData"), data).unwrap();
    }
    let before = storage.inner.snapshot();
    // Storage failures apply from here on.
    storage.mask.set(case.storage_failures);

    let details = AuthenticationDetails::with_password("alice", case.password.clone());
    let code = case.code.as_str();
    let result: SdkResult<String> = block_on(async {
        Ok(match case.flow {
            Flow::SrpSignIn => format!("{:?}", user.authenticate_user(&details).await?),
            Flow::CustomSrpSignIn => {
                user.set_authentication_flow_type(flow::CUSTOM_AUTH);
                format!("{:?}", user.authenticate_user(&details).await?)
            }
            Flow::PasswordSignIn => {
                user.set_authentication_flow_type(flow::USER_PASSWORD_AUTH);
                format!("{:?}", user.authenticate_user(&details).await?)
            }
            Flow::InitiateCustom => format!("{:?}", user.initiate_auth(&details).await?),
            Flow::CustomAnswer => format!("{:?}", user.send_custom_challenge_answer(code, None).await?),
            Flow::NewPassword => {
                let attrs = StringMap::from([("name".to_string(), "Alice".to_string())]);
                format!("{:?}", user.complete_new_password_challenge(&case.password, &attrs, None).await?)
            }
            Flow::MfaCode => format!("{:?}", user.send_mfa_code(code, None, None).await?),
            Flow::TotpCode => format!("{:?}", user.send_mfa_code(code, Some("SOFTWARE_TOKEN_MFA"), None).await?),
            Flow::MfaSelection => format!("{:?}", user.send_mfa_selection_answer("SOFTWARE_TOKEN_MFA").await?),
            Flow::AssociateToken => user.associate_software_token().await.map(|s| s.len().to_string())?,
            Flow::VerifyToken => format!("{:?}", user.verify_software_token(code, Some("phone")).await?),
            Flow::GetSession => format!("{:?}", user.get_session(None).await?),
            Flow::SignOutAndRevoke => format!("{:?}", user.sign_out_and_revoke().await?),
            Flow::GlobalSignOut => format!("{:?}", user.global_sign_out().await?),
            Flow::GetUserAttributes => format!("{:?}", user.get_user_attributes().await?),
            Flow::UpdateAttributes => format!("{:?}", user.update_attributes(vec![UserAttribute::new("name", "A")], None).await?),
            Flow::DeleteAttributes => format!("{:?}", user.delete_attributes(vec!["name".into()]).await?),
            Flow::GetUserData => {
                let a = user.get_user_data(GetUserDataOptions::default()).await;
                let b = user.get_user_data(GetUserDataOptions::bypass_cache()).await?;
                format!("{a:?} {b:?} {:?}", user.get_mfa_options().await)
            }
            Flow::ChangePassword => format!("{:?}", user.change_password(&case.password, &format!("{}n", case.password), None).await?),
            Flow::ForgotPassword => format!("{:?}", user.forgot_password(None).await?),
            Flow::ConfirmPassword => format!("{:?}", user.confirm_password(code, &case.password, None).await?),
            Flow::DeleteUser => format!("{:?}", user.delete_user(None).await?),
            Flow::Devices => {
                let a = user.get_device().await;
                let b = user.list_devices(Some(10), Some("p")).await;
                let c = user.set_device_status_remembered().await;
                let d = user.forget_specific_device("k").await;
                user.forget_device().await?;
                format!("{a:?}{b:?}{c:?}{d:?}")
            }
            Flow::SignUp => format!("{:?}", pool.sign_up("alice", &case.password, Some(vec![UserAttribute::new("email", "a@b.c")]), None, None).await?),
            Flow::ConfirmRegistration => {
                let r = user.resend_confirmation_code(None).await;
                user.confirm_registration(code, Some(true), None).await?;
                format!("{r:?}")
            }
            Flow::Mfa => {
                let a = user.enable_mfa().await;
                let b = user.disable_mfa().await;
                user.set_user_mfa_preference(None, None).await?;
                format!("{a:?}{b:?}")
            }
        })
    });
    let after = storage.inner.snapshot();
    (result, before, after, transport.operations())
}

fn check_case(case: Case) -> Result<(), TestCaseError> {
    let (result, before, after, operations) = run(&case);
    let shown = match &result {
        Ok(text) => text.clone(),
        Err(e) => format!("{e} {e:?}"),
    };
    // Secrets never show in errors or Debug output.
    for secret in [&case.password, &case.refresh_token, &case.code] {
        prop_assert!(!shown.contains(secret.as_str()), "a secret shows in {:?}", shown);
    }
    prop_assert!(!shown.contains("client-secret-value"));
    let changed: Vec<&String> = before.keys().chain(after.keys()).filter(|k| before.get(*k) != after.get(*k)).collect();
    let Err(error) = &result else { return Ok(()) };
    let key = |e: &str| format!("{PREFIX}.alice.{e}");
    let last = format!("{PREFIX}.LastAuthUser");
    let token_keys: Vec<String> = TOKEN_ENTRIES.iter().map(|e| key(e)).chain([last]).collect();
    let confirmed_device = operations.iter().any(|op| op == "ConfirmDevice");
    let stale_device_retry = operations.iter().filter(|op| *op == "RespondToAuthChallenge").count() >= 2;
    for k in changed {
        let is_token = token_keys.contains(k);
        let allowed = if is_token {
            // Tokens are written together (a sign-in whose device confirmation then
            // failed: the reference caches the tokens first too) or cleared (a rejected
            // refresh token, sign-out, deleted user); the count check below sees halves.
            true
        } else if *k == key("userData") {
            !after.contains_key(k) || matches!(case.flow, Flow::GetUserData | Flow::UpdateAttributes | Flow::DeleteAttributes)
        } else if DEVICE_ENTRIES.iter().any(|e| *k == key(e)) {
            !after.contains_key(k) && (stale_device_retry || matches!(case.flow, Flow::Devices))
        } else {
            // Another username's keys (USER_ID_FOR_SRP): only its tokens written together,
            // or its device secrets after a ConfirmDevice.
            TOKEN_ENTRIES.iter().any(|e| k.ends_with(&format!(".{e}"))) || confirmed_device && DEVICE_ENTRIES.iter().any(|e| k.ends_with(&format!(".{e}")))
        };
        prop_assert!(allowed, "{:?} failed with {:?} after {:?} but changed {}", case.flow, error, operations, k);
    }
    // Never half a session: the token entries of alice are all there or none.
    let present = TOKEN_ENTRIES.iter().filter(|e| after.contains_key(&key(e))).count();
    prop_assert!(present == 0 || present == TOKEN_ENTRIES.len(), "partial session stored: {:?}", after.keys());
    Ok(())
}

#[test]
fn flows_fed_random_responses() {
    check("flows/random", cases(1000), case(false), check_case);
}

#[test]
fn srp_flows_fed_random_responses() {
    check("flows/srp_random", cases_scaled(80, 50), case(true), check_case);
}
