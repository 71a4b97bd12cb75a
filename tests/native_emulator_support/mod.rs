//! Running the local Cognito emulator for end-to-end tests: finding (or building) the
//! `cognito-emulator` binary, starting it on a free port, a minimal blocking HTTP/1.1
//! transport over `std::net::TcpStream`, and raw admin calls.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use cognito_wasm::wire::{HttpRequest, HttpResponse, Transport, TransportError};
use serde_json::Value;

/// A running emulator, killed on drop.
pub struct Emulator {
    child: Child,
    pub url: String,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn target_dir() -> PathBuf {
    // <target>/debug/deps/<test-binary>
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent().and_then(|p| p.parent()).and_then(|p| p.parent()).expect("target dir").to_path_buf()
}

/// The emulator binary: `<target>/debug/cognito-emulator`, or built on demand into
/// `<target>/e2e-emulator` (a separate target dir, so the running `cargo test` lock is
/// not needed).
pub fn emulator_binary() -> PathBuf {
    let exe_name = format!("cognito-emulator{}", std::env::consts::EXE_SUFFIX);
    let target = target_dir();
    for profile in ["debug", "release"] {
        let candidate = target.join(profile).join(&exe_name);
        if candidate.exists() {
            return candidate;
        }
    }
    let own_target = target.join("e2e-emulator");
    let candidate = own_target.join("debug").join(&exe_name);
    if !candidate.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let status = Command::new(cargo)
            .args(["build", "-p", "cognito-wasm-emulator", "--bin", "cognito-emulator"])
            .env("CARGO_TARGET_DIR", &own_target)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("run cargo build for the emulator");
        assert!(status.success(), "building cognito-emulator failed");
    }
    candidate
}

/// Starts the emulator on a free port and waits for its ready line.
pub fn start() -> Emulator {
    start_with(&[])
}

/// Starts the emulator on a free port with `extra` flags and waits for its ready line.
pub fn start_with(extra: &[&str]) -> Emulator {
    let mut child = Command::new(emulator_binary())
        .args(["--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start cognito-emulator");
    let stdout = child.stdout.take().expect("emulator stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("emulator ready line");
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_else(|| panic!("ready line: {line}")).trim_end_matches('/').to_string() + "/";
    Emulator { child, url }
}

/// Blocking HTTP/1.1 over TCP (the futures resolve at once).
#[derive(Clone)]
pub struct TcpTransport;

fn host_port(url: &str) -> (String, String) {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (authority, path) = rest.split_once('/').map(|(a, p)| (a, format!("/{p}"))).unwrap_or((rest, "/".to_string()));
    (authority.to_string(), path)
}

/// One POST; returns (status, x-amzn-errortype, body).
pub fn post(url: &str, headers: &[(&str, String)], body: &str) -> std::io::Result<(u16, Option<String>, String)> {
    let (authority, path) = host_port(url);
    let mut stream = TcpStream::connect(&authority)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut request = format!("POST {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status: u16 = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut error_type = None;
    let mut chunked = false;
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim().to_string());
            if name == "x-amzn-errortype" {
                error_type = Some(value);
            } else if name == "transfer-encoding" && value.eq_ignore_ascii_case("chunked") {
                chunked = true;
            }
        }
    }
    let body = if chunked { dechunk(rest) } else { rest.to_string() };
    Ok((status, error_type, body))
}

/// The body of a `Transfer-Encoding: chunked` response.
pub fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

impl Transport for TcpTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let (status, error_type, body) = post(&request.url, &request.headers, &request.body).map_err(|e| TransportError { detail: e.to_string() })?;
        Ok(HttpResponse { status, body, error_type })
    }

    async fn sleep(&self, millis: u32) {
        std::thread::sleep(Duration::from_millis(u64::from(millis)));
    }
}

/// A raw admin call; panics on an error answer.
pub fn admin(url: &str, operation: &str, body: Value) -> Value {
    let headers = [
        ("Content-Type", "application/x-amz-json-1.1".to_string()),
        ("X-Amz-Target", format!("AWSCognitoIdentityProviderService.{operation}")),
    ];
    let (status, _, text) = post(url, &headers, &body.to_string()).expect("admin call");
    assert_eq!(status, 200, "{operation}: {text}");
    serde_json::from_str(&text).expect("admin answer is JSON")
}
