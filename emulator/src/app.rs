//! The running emulator: state behind a lock, signing keys, settings, and committing.

use crate::errors::{ApiError, ApiResult};
use crate::ops::Ctx;
use crate::state::State;
use crate::tokens::Keys;
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
    pub fn run<T>(&self, f: impl FnOnce(&mut Ctx) -> ApiResult<T>) -> ApiResult<T> {
        self.run_locked("a hosted UI step", &self.region, false, f)
    }

    /// Runs one API operation and commits its changes before returning: the one entry point
    /// of the HTTP layer into the state. The expensive SRP steps run before the state is
    /// locked (see `srp_auth::prepare`). A panicking operation is an
    /// `InternalErrorException` and its changes are undone. `inject_panic` (test-only fault
    /// `panic`) panics after the operation has run and before its changes are committed.
    pub fn execute(&self, op: &str, body: &serde_json::Value, region: &str, inject_panic: bool) -> ApiResult<serde_json::Value> {
        let prepared = crate::srp_auth::prepare(op, body, || self.lock());
        self.run_locked(op, region, inject_panic, |ctx| crate::srp_auth::with_prepared(prepared, || crate::ops::dispatch(ctx, op, body)))
    }

    /// [`App::execute`] for an operation of the identity-pool service
    /// (`AWSCognitoIdentityService`).
    pub fn execute_identity(&self, op: &str, body: &serde_json::Value, region: &str, inject_panic: bool) -> ApiResult<serde_json::Value> {
        self.run_locked(op, region, inject_panic, |ctx| crate::identity::dispatch(ctx, op, body))
    }

    /// STS `AssumeRoleWithWebIdentity` (a form body; see [`crate::sts`]).
    pub fn execute_sts(&self, form: &str) -> ApiResult<cognito_wasm::protocol::sts::AssumeRoleWithWebIdentityResponse> {
        self.run_locked(cognito_wasm::protocol::sts::ACTION, &self.region, false, |ctx| crate::sts::execute(ctx, form))
    }

    /// Runs `operation` with the state locked, commits its changes (or undoes them when
    /// it panics), as [`App::execute`] describes.
    fn run_locked<T>(&self, op: &str, region: &str, inject_panic: bool, operation: impl FnOnce(&mut Ctx) -> ApiResult<T>) -> ApiResult<T> {
        // Read before the state lock: the two locks are never held together.
        let credentials_validity = self.faults().credentials_validity.unwrap_or(self.credentials_validity);
        let mut st = self.lock();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut ctx = Ctx {
                st: &mut st,
                keys: &self.keys,
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
