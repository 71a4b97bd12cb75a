//! Shared helpers for the emulator's integration tests: spawn the binary on a free port,
//! and a minimal HTTP/1.1 client over TcpStream.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

pub struct Emulator {
    child: Child,
    pub addr: String,
    pub url: String,
}

impl Emulator {
    pub fn start(args: &[&str]) -> Emulator {
        let bin = std::env::var("COGNITO_EMULATOR_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_cognito-emulator").to_string());
        let mut child = Command::new(bin)
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the emulator");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().strip_prefix("cognito-emulator listening on ").unwrap_or_else(|| panic!("bad ready line {line:?}")).to_string();
        let addr = url.trim_start_matches("http://").to_string();
        Emulator { child, addr, url }
    }

    /// Raw request; returns (status, headers lower-cased, body).
    pub fn raw(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, Vec<(String, String)>, Vec<u8>) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n", self.addr, body.len());
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        s.write_all(req.as_bytes()).unwrap();
        let _ = s.write_all(body);
        let mut resp = Vec::new();
        let _ = s.read_to_end(&mut resp);
        let split = resp.windows(4).position(|w| w == b"\r\n\r\n").expect("HTTP response head");
        let head = String::from_utf8_lossy(&resp[..split]).to_string();
        let mut lines = head.split("\r\n");
        let status: u16 = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let headers = lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string())).collect();
        (status, headers, resp[split + 4..].to_vec())
    }

    /// Call an operation; Ok(body) on 200, Err((status, __type, message)) otherwise.
    pub fn call(&self, op: &str, body: Value) -> Result<Value, (u16, String, String)> {
        let target = format!("AWSCognitoIdentityProviderService.{op}");
        let (status, _, b) = self.raw(
            "POST",
            "/",
            &[("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", &target)],
            body.to_string().as_bytes(),
        );
        let v: Value = serde_json::from_slice(&b).unwrap_or(json!({}));
        if status == 200 {
            Ok(v)
        } else {
            Err((status, v["__type"].as_str().unwrap_or("").to_string(), v["message"].as_str().unwrap_or("").to_string()))
        }
    }

    pub fn ok(&self, op: &str, body: Value) -> Value {
        self.call(op, body).unwrap_or_else(|e| panic!("{op} failed: {e:?}"))
    }

    pub fn err_code(&self, op: &str, body: Value) -> (String, String) {
        match self.call(op, body) {
            Ok(v) => panic!("{op} unexpectedly succeeded: {v}"),
            Err((_, code, msg)) => (code, msg),
        }
    }

    pub fn get_json(&self, path: &str) -> (u16, Value) {
        let (status, _, b) = self.raw("GET", path, &[], b"");
        (status, serde_json::from_slice(&b).unwrap_or(Value::Null))
    }

    /// The emulator's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// CPU time (user + system) the emulator has used so far, where /proc tells it.
    pub fn cpu_time(&self) -> Option<std::time::Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        Some(std::time::Duration::from_millis(ticks * 10))
    }

    pub fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
pub fn try_call(addr: &str, op: &str, body: &Value, timeout: std::time::Duration) -> std::io::Result<(u16, Value)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(timeout))?;
    s.set_write_timeout(Some(timeout))?;
    let body = body.to_string();
    let req = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.{op}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes())?;
    let mut resp = Vec::new();
    s.read_to_end(&mut resp)?;
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::UnexpectedEof, m.to_string());
    let split = resp.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| bad("no response head"))?;
    let head = String::from_utf8_lossy(&resp[..split]).to_string();
    let status: u16 = head.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| bad("bad status line"))?;
    let length = head
        .split("\r\n")
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok());
    let body = &resp[split + 4..];
    if length.is_some_and(|n| n != body.len()) {
        return Err(bad("body shorter than Content-Length"));
    }
    Ok((status, serde_json::from_slice(body).unwrap_or(Value::Null)))
}
