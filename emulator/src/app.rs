//! The running emulator: state behind a lock, signing keys, settings, and saving.

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
    last_saved: Mutex<Vec<u8>>,
    /// Fault-injection rules (`/_emulator/faults`); a lock of its own, never held with `state`.
    faults: Mutex<crate::faults::Faults>,
}

impl App {
    pub fn new(state: State, keys: Keys, base_url: String, region: String, code_ttl: Option<i64>, state_path: Option<PathBuf>) -> App {
        App { state: Mutex::new(state), keys, base_url, region, code_ttl, state_path, last_saved: Mutex::new(vec![]), faults: Mutex::default() }
    }

    /// Lock the state (a panic in another request does not poison it for good).
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Lock the fault rules.
    pub fn faults(&self) -> MutexGuard<'_, crate::faults::Faults> {
        self.faults.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Write the state file if anything changed (call with the state locked), before the
    /// request that changed it is answered. `false` when the file could not be written.
    pub fn save(&self, st: &mut State) -> bool {
        let Some(path) = &self.state_path else { return true };
        if st.signing_key_pem.is_none() {
            st.signing_key_pem = self.keys.pem_if_ready();
        }
        let bytes = crate::persist::serialize(st);
        let mut last = self.last_saved.lock().unwrap_or_else(|e| e.into_inner());
        if *last == bytes {
            return true;
        }
        match crate::persist::write_atomic(path, &bytes) {
            Ok(()) => {
                *last = bytes;
                true
            }
            Err(e) => {
                eprintln!("cognito-emulator: cannot write state file {}: {e}", path.display());
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

    /// Runs one API operation and makes its changes durable before returning: the one
    /// entry point of the HTTP layer into the state. A panicking operation is an
    /// `InternalErrorException`. `inject_panic` (test-only fault `panic`) panics after the
    /// operation has run and before its changes are saved.
    pub fn execute(&self, op: &str, body: &serde_json::Value, region: &str, inject_panic: bool) -> ApiResult<serde_json::Value> {
        let mut st = self.lock();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut ctx = Ctx { st: &mut st, keys: &self.keys, base_url: &self.base_url, region, code_ttl: self.code_ttl };
            let out = crate::ops::dispatch(&mut ctx, op, body);
            if inject_panic {
                panic!("injected fault: panic in {op}");
            }
            out
        }));
        let saved = crate::ops::is_read_only(op) || self.save(&mut st);
        drop(st);
        if !saved {
            // Never acknowledge a change the state file does not hold.
            return Err(ApiError { message: "The emulator could not write its state file.".into(), ..ApiError::internal() });
        }
        match result {
            Ok(r) => r,
            Err(_) => {
                eprintln!("cognito-emulator: internal error in {op}");
                Err(ApiError::internal())
            }
        }
    }
}
