//! The running emulator: state behind a lock, signing keys, settings, and committing.

use crate::errors::{ApiError, ApiResult};
use crate::ops::Ctx;
use crate::state::State;
use crate::tokens::{Keys, TokenSigner};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

pub struct App {
    state: Mutex<State>,
    pub keys: Keys,
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    pub region: String,
    pub code_ttl: Option<i64>,
    pub state_path: Option<PathBuf>,
    /// Emulator extension: lifetime in seconds of the AWS credentials the identity pools
    /// issue (`--credentials-validity`; Cognito's is one hour). `POST /_emulator/faults
    /// {"credentialsValiditySeconds": N}` overrides it at run time.
    pub credentials_validity: i64,
    /// Fault-injection rules (`/_emulator/faults`); a lock of its own, never held with `state`.
    faults: Mutex<crate::faults::Faults>,
    /// The hosted UI's short-lived grants (codes, sign-in sessions, the mock IdP's state).
    pub hosted: crate::oauth::memory::Memory,
}

impl App {
    pub fn new(state: State, keys: Keys, base_url: String, region: String, code_ttl: Option<i64>, state_path: Option<PathBuf>) -> App {
        App {
            state: Mutex::new(state),
            keys,
            base_url,
            region,
            code_ttl,
            state_path,
            credentials_validity: crate::identity::DEFAULT_CREDENTIALS_VALIDITY,
            faults: Mutex::default(),
            hosted: Default::default(),
        }
    }

    /// Lock the state (a panic in another request does not poison it for good).
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Lock the fault rules.
    pub fn faults(&self) -> MutexGuard<'_, crate::faults::Faults> {
        self.faults.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Commit what changed (call with the state locked), before the request that changed it
    /// is answered; also stores the signing key once it exists. `false` when the store could
    /// not be written (the changes are then undone).
    pub fn save(&self, st: &mut State) -> bool {
        // The key once generated, and again after each rotation.
        if let Some(pem) = self.keys.pem_if_ready().filter(|p| st.signing_key_pem.as_deref() != Some(p.as_str())) {
            st.signing_key_pem = Some(pem);
        }
        match st.commit() {
            Ok(()) => true,
            Err(e) => {
                eprintln!("cognito-emulator: {e}");
                false
            }
        }
    }

    /// Whether a pool exists (the `.well-known` documents).
    pub fn pool_exists(&self, pool_id: &str) -> bool {
        self.lock().pools.contains_key(pool_id)
    }

    /// The outbox of a pool (`/_emulator/messages`), all of it or one user's.
    pub fn outbox(&self, pool_id: &str, username: Option<&str>) -> ApiResult<serde_json::Value> {
        let st = self.lock();
        let pool = st.pools.get(pool_id).ok_or_else(|| crate::ops::pool_not_found(pool_id))?;
        Ok(crate::outbox::list(pool, username))
    }

    /// Runs `f` on the locked state and commits what it changed, as [`App::execute`] does
    /// for an operation (the hosted UI's steps that change users and tokens).
    /// (Its tokens are signed with the state locked.)
    pub fn run<T>(&self, f: impl FnOnce(&mut Ctx) -> ApiResult<T>) -> ApiResult<T> {
        self.run_locked("a hosted UI step", &self.region, false, &TokenSigner::now(&self.keys), f)
    }

    /// Runs one API operation and commits its changes before returning: the one entry point
    /// of the HTTP layer into the state. The expensive SRP steps run before the state is
    /// locked (see `srp_auth::prepare`). A panicking operation is an
    /// `InternalErrorException` and its changes are undone. `inject_panic` (test-only fault
    /// `panic`) panics after the operation has run and before its changes are committed.
    /// The tokens it mints are signed after the state is unlocked.
    pub fn execute(&self, op: &str, body: &serde_json::Value, region: &str, inject_panic: bool) -> ApiResult<serde_json::Value> {
        let prepared = crate::srp_auth::prepare(op, body, || self.lock());
        self.run_then_sign(op, region, inject_panic, |ctx| crate::srp_auth::with_prepared(prepared, || crate::ops::dispatch(ctx, op, body)))
    }

    /// [`App::execute`] for an operation of the identity-pool service
    /// (`AWSCognitoIdentityService`).
    pub fn execute_identity(&self, op: &str, body: &serde_json::Value, region: &str, inject_panic: bool) -> ApiResult<serde_json::Value> {
        self.run_then_sign(op, region, inject_panic, |ctx| crate::identity::dispatch(ctx, op, body))
    }

    /// STS `AssumeRoleWithWebIdentity` (a form body; see [`crate::sts`]).
    pub fn execute_sts(&self, form: &str) -> ApiResult<cognito_wasm::protocol::sts::AssumeRoleWithWebIdentityResponse> {
        self.run_locked(cognito_wasm::protocol::sts::ACTION, &self.region, false, &TokenSigner::now(&self.keys), |ctx| crate::sts::execute(ctx, form))
    }

    /// [`App::run_locked`], then, with the state unlocked, the signatures of the tokens the
    /// operation minted (one slow signature does not hold up every other request).
    fn run_then_sign(&self, op: &str, region: &str, inject_panic: bool, operation: impl FnOnce(&mut Ctx) -> ApiResult<serde_json::Value>) -> ApiResult<serde_json::Value> {
        let signer = TokenSigner::deferred(&self.keys);
        let mut answer = self.run_locked(op, region, inject_panic, &signer, operation)?;
        signer.sign_deferred(&mut answer);
        Ok(answer)
    }

    /// Runs `operation` with the state locked, commits its changes (or undoes them when
    /// it panics), as [`App::execute`] describes.
    fn run_locked<T>(&self, op: &str, region: &str, inject_panic: bool, signer: &TokenSigner, operation: impl FnOnce(&mut Ctx) -> ApiResult<T>) -> ApiResult<T> {
        // Read before the state lock: the two locks are never held together.
        let credentials_validity = self.faults().credentials_validity.unwrap_or(self.credentials_validity);
        let mut st = self.lock();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut ctx = Ctx {
                st: &mut st,
                keys: signer,
                base_url: &self.base_url,
                region,
                code_ttl: self.code_ttl,
                credentials_validity,
            };
            let out = operation(&mut ctx);
            if inject_panic {
                panic!("injected fault: panic in {op}");
            }
            out
        }));
        match result {
            Ok(out) => {
                if !self.save(&mut st) {
                    // Never acknowledge a change the store does not hold.
                    return Err(ApiError { message: "The emulator could not write its state file.".into(), ..ApiError::internal() });
                }
                out
            }
            Err(_) => {
                st.rollback();
                eprintln!("cognito-emulator: internal error in {op}; its changes were undone");
                Err(ApiError::internal())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::sync::{mpsc, Arc};
    use std::time::Duration;

    const POOL: &str = "us-east-1_Lock0001";

    fn app_with_one_user(keys: Keys) -> App {
        let mut state = State::default();
        let seed = json!({ "UserPools": [{
            "Id": POOL, "PoolName": "lock",
            "Clients": [{ "ClientId": "lockclient", "ClientName": "c", "ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
            "Users": [{ "Username": "demo", "Password": "Passw0rd!", "Status": "CONFIRMED" }],
        }] });
        crate::seed::apply(&mut state, &seed, "us-east-1").expect("seed");
        App::new(state, keys, "http://127.0.0.1:1".into(), "us-east-1".into(), None, None)
    }

    #[test]
    fn other_requests_get_the_state_while_a_sign_in_signs_its_tokens() {
        // A key still being generated stands for a slow signature: the sign-in waits for it.
        let keys = Keys::still_generating();
        let app = Arc::new(app_with_one_user(keys.clone()));
        let signing_in = {
            let app = app.clone();
            let body = json!({ "UserPoolId": POOL, "ClientId": "lockclient", "AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "AuthParameters": { "USERNAME": "demo", "PASSWORD": "Passw0rd!" } });
            std::thread::spawn(move || app.execute("AdminInitiateAuth", &body, "us-east-1", false))
        };
        // Another request locks the state until it sees the sign-in's refresh token committed.
        let (seen, sign_in_committed) = mpsc::channel();
        {
            let app = app.clone();
            std::thread::spawn(move || loop {
                let st = app.lock();
                let user = st.pools.get(POOL).and_then(|p| p.users.get("demo")).expect("the seeded user");
                if !user.refresh_tokens.is_empty() {
                    let _ = seen.send(());
                    return;
                }
                drop(st);
                std::thread::sleep(Duration::from_millis(5));
            });
        }
        let unlocked = sign_in_committed.recv_timeout(Duration::from_secs(10)).is_ok();
        assert!(!signing_in.is_finished(), "the sign-in cannot finish before the key exists");
        keys.finish_generating();
        let answer = signing_in.join().expect("no panic").expect("signed in");
        assert!(unlocked, "the state stayed locked while the sign-in waited to sign its tokens");
        let result = &answer["AuthenticationResult"];
        for name in ["AccessToken", "IdToken"] {
            let claims = app.keys.verify_jwt(result[name].as_str().unwrap_or_default()).unwrap_or_else(|| panic!("{name} is a token of the key"));
            let username = claims.get("cognito:username").or(claims.get("username")).and_then(serde_json::Value::as_str);
            assert_eq!(username, Some("demo"), "{name}");
        }
    }
}
