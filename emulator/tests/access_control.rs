//! Who may use the emulator over HTTP: pages of other origins and DNS-rebound host names
//! are refused before anything runs; administrative operations, whole-pool outboxes and
//! fault injection need a SigV4 signature with the emulator's credentials.

mod common;
use cognito_wasm::sigv4::Credentials;
use common::{default_credentials, pool_and_client, sign_at, Emulator};
use serde_json::{json, Value};

const EVIL: &str = "http://evil.test:8000";
const JSON: (&str, &str) = ("Content-Type", "application/x-amz-json-1.1");

/// Who signs a request, and when (`None`: unsigned).
type Signer<'a> = Option<(&'a Credentials, i64)>;
/// A request's signer, extra headers, and the error it must get.
type Case<'a> = (Signer<'a>, &'a [(&'a str, &'a str)], &'a str);

fn target(op: &str) -> String {
    format!("AWSCognitoIdentityProviderService.{op}")
}

fn error_type(body: &[u8]) -> String {
    serde_json::from_slice::<Value>(body).ok().and_then(|v| v["__type"].as_str().map(str::to_string)).unwrap_or_default()
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

/// An API request with extra headers, signed with `credentials` at `at` when given.
fn api(emu: &Emulator, op: &str, body: &Value, extra: &[(&str, &str)], credentials: Signer) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let t = target(op);
    let mut headers = vec![JSON, ("X-Amz-Target", t.as_str())];
    headers.extend_from_slice(extra);
    let body = body.to_string();
    let signature = credentials.map(|(c, at)| sign_at(c, at, &emu.addr, "POST", "/", &headers, body.as_bytes())).unwrap_or_default();
    let all: Vec<(&str, &str)> = headers.iter().copied().chain(signature.iter().map(|(k, v)| (k.as_str(), v.as_str()))).collect();
    emu.raw("POST", "/", &all, body.as_bytes())
}

fn has_header(h: &[(String, String)], name: &str) -> bool {
    h.iter().any(|(k, _)| k == name)
}

#[test]
fn pages_of_other_origins_are_refused_before_anything_runs() {
    let emu = Emulator::start(&[]);
    let (pool_id, client_id, _) = pool_and_client(&emu, json!({}), json!({ "GenerateSecret": true }));
    let local = default_credentials();
    let evil = [("Origin", EVIL)];

    // Even a correctly signed admin request is refused when a foreign page sends it.
    for (op, body) in [
        ("ListUserPools", json!({ "MaxResults": 10 })),
        ("DescribeUserPoolClient", json!({ "UserPoolId": pool_id, "ClientId": client_id })),
        ("AdminCreateUser", json!({ "UserPoolId": pool_id, "Username": "mallory" })),
    ] {
        let (s, h, b) = api(&emu, op, &body, &evil, Some((&local, now())));
        assert_eq!((s, error_type(&b).as_str()), (403, "AccessDeniedException"), "{op}");
        assert!(!has_header(&h, "access-control-allow-origin"), "{op}: the page may not read the refusal either");
    }
    // A public operation from a foreign page does not run (a simple request reaches the
    // server even when the browser hides the answer).
    let sign_up = json!({ "ClientId": client_id, "Username": "victim", "Password": "Passw0rd!" });
    let (s, _, _) = api(&emu, "SignUp", &sign_up, &evil, None);
    assert_eq!(s, 403);
    let (code, _) = emu.err_code("AdminGetUser", json!({ "UserPoolId": pool_id, "Username": "victim" }));
    assert_eq!(code, "UserNotFoundException", "the refused SignUp created nothing");
    // The preflight is refused too, and so are the emulator's own endpoints.
    let (s, h, _) = emu.raw("OPTIONS", "/", &[("Origin", EVIL), ("Access-Control-Request-Method", "POST")], b"");
    assert_eq!(s, 403);
    assert!(!has_header(&h, "access-control-allow-origin"));
    for path in ["/_emulator/health", &format!("/_emulator/messages?poolId={pool_id}&username=victim"), "/_emulator/faults"] {
        let (s, _, _) = emu.raw("GET", path, &[("Origin", EVIL)], b"");
        assert_eq!(s, 403, "{path}");
    }
    let (s, _, _) = emu.raw("POST", "/_emulator/faults", &[("Origin", EVIL)], br#"{"kind":"hang"}"#);
    assert_eq!(s, 403);
    let (_, _, rules) = emu.signed("GET", "/_emulator/faults", &[], b"");
    assert_eq!(serde_json::from_slice::<Value>(&rules).unwrap()["rules"], json!([]), "no fault was injected");

    // Loopback pages are served, with CORS naming them and without credentials.
    for origin in ["http://127.0.0.1:5173", "http://localhost:8080", "http://[::1]:3000"] {
        let (s, h, _) = api(&emu, "ListUserPools", &json!({ "MaxResults": 1 }), &[("Origin", origin)], Some((&local, now())));
        assert_eq!(s, 200, "{origin}");
        assert!(h.iter().any(|(k, v)| k == "access-control-allow-origin" && v == origin));
        assert!(!has_header(&h, "access-control-allow-credentials"));
    }
}

#[test]
fn foreign_host_names_are_refused_unless_allowed() {
    let emu = Emulator::start(&[]);
    // DNS rebinding: the page's own name in Host, no Origin needed for a same-origin request.
    let mut s = std::net::TcpStream::connect(&emu.addr).unwrap();
    use std::io::{Read, Write};
    s.write_all(b"GET /_emulator/health HTTP/1.1\r\nHost: evil.test:8000\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 403"), "{out}");
    assert!(out.contains("AccessDeniedException"));
    let (st, _) = emu.get_json("/_emulator/health");
    assert_eq!(st, 200, "the emulator's own address is fine");
    emu.stop();

    let emu = Emulator::start(&["--allow-host", "evil.test", "--allow-origin", EVIL]);
    let mut s = std::net::TcpStream::connect(&emu.addr).unwrap();
    s.write_all(format!("GET /_emulator/health HTTP/1.1\r\nHost: evil.test:8000\r\nOrigin: {EVIL}\r\nConnection: close\r\n\r\n").as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 200"), "{out}");
    assert!(out.to_lowercase().contains(&format!("access-control-allow-origin: {EVIL}")));
}

#[test]
fn admin_operations_need_a_valid_signature() {
    let emu = Emulator::start(&[]);
    let list = json!({ "MaxResults": 10 });
    let local = default_credentials();
    let wrong_secret = Credentials { access_key_id: "local".into(), secret_access_key: "not-it".into() };
    let wrong_key = Credentials { access_key_id: "someone".into(), secret_access_key: "local".into() };
    let cases: [Case; 6] = [
        (None, &[], "MissingAuthenticationTokenException"),
        (Some((&wrong_secret, now())), &[], "InvalidSignatureException"),
        (Some((&wrong_key, now())), &[], "UnrecognizedClientException"),
        (Some((&local, now() - 20 * 60)), &[], "InvalidSignatureException"),
        (Some((&local, now() + 20 * 60)), &[], "InvalidSignatureException"),
        (None, &[("Authorization", "AWS4-HMAC-SHA256 Credential=local")], "IncompleteSignatureException"),
    ];
    for (credentials, extra, expected) in cases {
        let (s, h, b) = api(&emu, "ListUserPools", &list, extra, credentials);
        assert_eq!((s, error_type(&b).as_str()), (400, expected));
        assert!(h.iter().any(|(k, v)| k == "x-amzn-errortype" && v.starts_with(expected)));
        assert!(!String::from_utf8_lossy(&b).contains("not-it"), "no secret in errors");
    }
    // A body changed after signing.
    let body = list.to_string();
    let t = target("ListUserPools");
    let headers = [JSON, ("X-Amz-Target", t.as_str())];
    let sig = sign_at(&local, now(), &emu.addr, "POST", "/", &headers, body.as_bytes());
    let all: Vec<(&str, &str)> = headers.iter().copied().chain(sig.iter().map(|(k, v)| (k.as_str(), v.as_str()))).collect();
    let (s, _, b) = emu.raw("POST", "/", &all, br#"{"MaxResults":60}"#);
    assert_eq!((s, error_type(&b).as_str()), (400, "InvalidSignatureException"));
    // Within 15 minutes of skew, and correctly signed: served.
    let (s, _, b) = api(&emu, "ListUserPools", &list, &[], Some((&local, now() - 10 * 60)));
    assert_eq!(s, 200, "{}", String::from_utf8_lossy(&b));
    // Public operations need none.
    let (s, _, b) = api(&emu, "SignUp", &json!({ "ClientId": "nope", "Username": "a", "Password": "b" }), &[], None);
    assert_eq!((s, error_type(&b).as_str()), (400, "ResourceNotFoundException"));
    emu.stop();

    // Other credentials, set by flag.
    let emu = Emulator::start(&["--access-key-id", "AKIDTEST", "--secret-access-key", "t0p-s3cret"]);
    let (s, _, _) = api(&emu, "ListUserPools", &list, &[], Some((&local, now())));
    assert_eq!(s, 400);
    let mine = Credentials { access_key_id: "AKIDTEST".into(), secret_access_key: "t0p-s3cret".into() };
    let (s, _, _) = api(&emu, "ListUserPools", &list, &[], Some((&mine, now())));
    assert_eq!(s, 200);
}

#[test]
fn whole_pool_outboxes_and_faults_need_a_signature() {
    let emu = Emulator::start(&[]);
    let (pool_id, client_id, _) = pool_and_client(&emu, json!({}), json!({}));
    emu.ok("SignUp", json!({ "ClientId": client_id, "Username": "alice", "Password": "Passw0rd!", "UserAttributes": [{ "Name": "email", "Value": "a@example.com" }] }));
    // One user's codes: anyone who can reach the emulator (the demo's outbox button).
    let (s, v) = emu.get_json(&format!("/_emulator/messages?poolId={pool_id}&username=alice"));
    assert_eq!((s, v.as_array().map(Vec::len)), (200, Some(1)));
    // Every user's codes: signed only.
    let all = format!("/_emulator/messages?poolId={pool_id}");
    let (s, _, b) = emu.raw("GET", &all, &[], b"");
    assert_eq!((s, error_type(&b).as_str()), (400, "MissingAuthenticationTokenException"));
    let (s, _, b) = emu.signed("GET", &all, &[], b"");
    assert_eq!(s, 200);
    assert_eq!(serde_json::from_slice::<Value>(&b).unwrap().as_array().map(Vec::len), Some(1));
    // Faults: every method signed.
    for method in ["GET", "POST", "DELETE"] {
        let (s, _, b) = emu.raw(method, "/_emulator/faults", &[], br#"{"kind":"error-json"}"#);
        assert_eq!((s, error_type(&b).as_str()), (400, "MissingAuthenticationTokenException"), "{method}");
    }
    let (s, _, b) = emu.signed("GET", "/_emulator/faults", &[], b"");
    assert_eq!(serde_json::from_slice::<Value>(&b).unwrap()["rules"], json!([]));
    assert_eq!(s, 200);
}
