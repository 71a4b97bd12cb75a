//! Shared helpers for the emulator's integration tests: the binary on a free port (the
//! launcher the root crate's tests use too) and calls through the one test HTTP client.
#![allow(dead_code)]

#[path = "../../../tests/emulator_process/mod.rs"]
mod emulator_process;
#[path = "../../../tests/http_client/mod.rs"]
pub mod http_client;

use std::path::PathBuf;
use std::time::Duration;

use cognito_wasm::sigv4::Credentials;
use emulator_process::EmulatorProcess;
pub use http_client::ApiError;
use serde_json::{json, Value};

pub struct Emulator {
    process: EmulatorProcess,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub url: String,
}

impl Emulator {
    /// `$COGNITO_EMULATOR_BIN`, else the binary cargo built for these tests, started with `args`.
    pub fn start(args: &[&str]) -> Emulator {
        let bin = std::env::var_os("COGNITO_EMULATOR_BIN").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_cognito-emulator")));
        let process = EmulatorProcess::spawn(&bin, args);
        let (addr, url) = (process.addr.clone(), process.base_url());
        Emulator { process, addr, url }
    }

    /// Any request to `path`; returns (status, headers lower-cased, body). Panics when no
    /// complete, well-formed HTTP answer came back.
    pub fn raw(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, Vec<(String, String)>, Vec<u8>) {
        let r = http_client::request(method, &format!("{}{path}", self.url), headers, body, http_client::DEFAULT_TIMEOUT)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        (r.status, r.headers, r.body)
    }

    /// [`Emulator::raw`], SigV4-signed with the emulator's default credentials.
    pub fn signed(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, Vec<(String, String)>, Vec<u8>) {
        let r = http_client::signed_request(method, &format!("{}{path}", self.url), headers, body, http_client::DEFAULT_TIMEOUT)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        (r.status, r.headers, r.body)
    }

    /// Call an operation (signed when it is an administrative one); Ok(body) on 200,
    /// Err(the error answer) otherwise.
    pub fn call(&self, op: &str, body: Value) -> Result<Value, ApiError> {
        http_client::call(&format!("{}/", self.url), op, &body)
    }

    /// Call an identity-pool operation (signed when it is an administrative one).
    pub fn identity(&self, op: &str, body: Value) -> Result<Value, ApiError> {
        http_client::identity(&format!("{}/", self.url), op, &body)
    }

    pub fn ok(&self, op: &str, body: Value) -> Value {
        http_client::admin(&format!("{}/", self.url), op, &body)
    }

    /// The error code and message of a call that must fail.
    pub fn err_code(&self, op: &str, body: Value) -> (String, String) {
        match self.call(op, body) {
            Ok(v) => panic!("{op} unexpectedly succeeded: {v}"),
            Err(e) => (e.code, e.message),
        }
    }

    pub fn get_json(&self, path: &str) -> (u16, Value) {
        let r = http_client::get(&format!("{}{path}", self.url)).unwrap_or_else(|e| panic!("GET {path}: {e}"));
        (r.status, r.json())
    }

    /// How many users the pool holds, read page by page through `ListUsers`.
    pub fn user_count(&self, pool_id: &str) -> usize {
        let mut listed = 0;
        let mut token: Option<String> = None;
        loop {
            let mut body = json!({ "UserPoolId": pool_id, "Limit": 60 });
            if let Some(t) = &token {
                body["PaginationToken"] = json!(t);
            }
            let page = self.ok("ListUsers", body);
            listed += page["Users"].as_array().map_or(0, Vec::len);
            match page["PaginationToken"].as_str() {
                Some(t) => token = Some(t.to_string()),
                None => return listed,
            }
        }
    }

    /// The emulator's process id.
    pub fn pid(&self) -> u32 {
        self.process.pid()
    }

    /// CPU time (user + system) the emulator has used so far, where /proc tells it.
    pub fn cpu_time(&self) -> Option<Duration> {
        self.process.cpu_time()
    }

    /// Kills it at once (SIGKILL).
    pub fn stop(mut self) {
        self.process.kill();
    }
}

/// The credentials an emulator started without `--access-key-id` checks.
pub fn default_credentials() -> Credentials {
    http_client::emulator_credentials()
}

/// The headers (`X-Amz-Date`, `Authorization`) signing a request to `host` (`127.0.0.1:PORT`)
/// with `credentials` at `at` (seconds since the Unix epoch).
pub fn sign_at(credentials: &Credentials, at: i64, host: &str, method: &str, path_and_query: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<(String, String)> {
    let url = format!("http://{host}{path_and_query}");
    http_client::signature(credentials, at, method, &url, headers, body).into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// A pool and client; returns (pool id, client id, client secret).
pub fn pool_and_client(emu: &Emulator, pool: Value, client: Value) -> (String, String, Option<String>) {
    let mut p = json!({ "PoolName": "it", "AutoVerifiedAttributes": ["email"] });
    merge(&mut p, pool);
    let pool_id = emu.ok("CreateUserPool", p)["UserPool"]["Id"].as_str().unwrap().to_string();
    let mut c = json!({ "UserPoolId": pool_id, "ClientName": "it", "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] });
    merge(&mut c, client);
    let out = emu.ok("CreateUserPoolClient", c);
    let cid = out["UserPoolClient"]["ClientId"].as_str().unwrap().to_string();
    let secret = out["UserPoolClient"]["ClientSecret"].as_str().map(str::to_string);
    (pool_id, cid, secret)
}

fn merge(a: &mut Value, b: Value) {
    if let (Some(a), Value::Object(b)) = (a.as_object_mut(), b) {
        for (k, v) in b {
            a.insert(k, v);
        }
    }
}

/// A fallible API call on a fresh connection (for tests where the emulator may be gone or
/// slow): Ok((status, body as JSON or Null)) when a complete response came back.
pub fn try_call(addr: &str, op: &str, body: &Value, timeout: Duration) -> std::io::Result<(u16, Value)> {
    let r = http_client::cognito(&format!("http://{addr}/"), op, body, timeout)?;
    Ok((r.status, r.json()))
}
