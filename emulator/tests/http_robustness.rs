//! Bad input never crashes the emulator: malformed JSON, unknown targets, missing fields,
//! huge bodies, wrong methods; CORS preflight; `--help`.

mod common;
use common::Emulator;
use serde_json::json;

#[test]
fn malformed_and_unknown_requests_get_json_errors() {
    let emu = Emulator::start(&[]);
    let t = |op: &str| format!("AWSCognitoIdentityProviderService.{op}");

    let (s, h, b) = emu.raw("POST", "/", &[("X-Amz-Target", &t("SignUp"))], b"{not json");
    assert_eq!(s, 400);
    assert!(String::from_utf8_lossy(&b).contains("SerializationException"));
    assert!(!h.iter().any(|(k, _)| k == "access-control-allow-origin"), "no Origin, no CORS headers");

    let (s, _, b) = emu.raw("POST", "/", &[("X-Amz-Target", &t("SignUp"))], b"[1,2]");
    assert_eq!(s, 400);
    assert!(String::from_utf8_lossy(&b).contains("SerializationException"));

    let (code, _) = emu.err_code("NoSuchOperation", json!({}));
    assert_eq!(code, "UnknownOperationException");
    let (s, _, b) = emu.raw("POST", "/", &[("X-Amz-Target", &t("NoSuchOperation"))], b"{}");
    assert_eq!(s, 400);
    assert!(String::from_utf8_lossy(&b).contains("MissingAuthenticationTokenException"), "unsigned and not public");
    let (s, _, b) = emu.raw("POST", "/", &[], b"{}");
    assert_eq!(s, 400);
    assert!(String::from_utf8_lossy(&b).contains("UnknownOperationException"));

    let (code, msg) = emu.err_code("SignUp", json!({ "Username": "a", "Password": "b" }));
    assert_eq!(code, "InvalidParameterException");
    assert!(msg.contains("clientId"), "{msg}");
    let (code, msg) = emu.err_code("InitiateAuth", json!({ "ClientId": "x" }));
    assert_eq!(code, "InvalidParameterException");
    assert!(msg.contains("authFlow"), "{msg}");
    let (code, msg) = emu.err_code("SignUp", json!({ "ClientId": "nope", "Username": "a", "Password": "b" }));
    assert_eq!((code.as_str(), msg.as_str()), ("ResourceNotFoundException", "User pool client nope does not exist."));
    let (code, _) = emu.err_code("GetUser", json!({ "AccessToken": "garbage" }));
    assert_eq!(code, "NotAuthorizedException");
    // A field of the wrong JSON type: SerializationException, as Cognito answers.
    let (code, msg) = emu.err_code("GetUser", json!({ "AccessToken": 42 }));
    assert_eq!(code, "SerializationException");
    assert!(msg.contains("'accessToken'") && !msg.contains("42"), "{msg}");

    // 2 MiB body: 413.
    let big = vec![b' '; 2 * 1024 * 1024];
    let (s, _, _) = emu.raw("POST", "/", &[("X-Amz-Target", &t("SignUp"))], &big);
    assert_eq!(s, 413);

    // Wrong methods.
    let (s, h, _) = emu.raw("PUT", "/", &[], b"");
    assert_eq!(s, 405);
    assert!(h.iter().any(|(k, _)| k == "allow"));
    let (s, _, _) = emu.raw("DELETE", "/_emulator/messages", &[], b"");
    assert_eq!(s, 405);
    let (s, _) = emu.get_json("/nowhere");
    assert_eq!(s, 404);
    let (s, _) = emu.get_json("/us-east-1_Nope/.well-known/jwks.json");
    assert_eq!(s, 404);
    let (s, v) = emu.get_json("/_emulator/messages?username=a");
    assert_eq!(s, 400);
    assert_eq!(v["__type"], "InvalidParameterException");

    // Still alive and answering.
    let (s, v) = emu.get_json("/_emulator/health");
    assert_eq!((s, v["status"].as_str()), (200, Some("ok")));
    emu.stop();
}

#[test]
fn cors_preflight_allows_the_sdk_headers_from_loopback_pages() {
    let emu = Emulator::start(&[]);
    let (s, h, _) = emu.raw(
        "OPTIONS",
        "/",
        &[
            ("Origin", "http://localhost:8000"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type, x-amz-target, x-amz-user-agent, cache-control"),
        ],
        b"",
    );
    assert_eq!(s, 200);
    let get = |k: &str| h.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    assert_eq!(get("access-control-allow-origin"), "http://localhost:8000");
    for needed in ["content-type", "x-amz-target", "x-amz-user-agent", "cache-control"] {
        assert!(get("access-control-allow-headers").to_lowercase().contains(needed));
    }
    assert!(get("access-control-allow-methods").contains("POST"));
    assert!(!h.iter().any(|(k, _)| k == "access-control-allow-credentials"), "credentialed CORS stays off");
    // Errors carry CORS headers too.
    let (s, h, _) = emu.raw("POST", "/", &[("Origin", "http://127.0.0.1:3000"), ("X-Amz-Target", "AWSCognitoIdentityProviderService.Nope")], b"{}");
    assert_eq!(s, 400);
    assert!(h.iter().any(|(k, v)| k == "access-control-allow-origin" && v == "http://127.0.0.1:3000"));
    emu.stop();
}

#[test]
fn help_documents_every_flag_and_bad_flags_fail() {
    let bin = env!("CARGO_BIN_EXE_cognito-emulator");
    let out = std::process::Command::new(bin).arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--port",
        "--host",
        "--state",
        "--seed",
        "--region",
        "--code-ttl",
        "--allow-origin",
        "--allow-host",
        "--access-key-id",
        "--secret-access-key",
        "--header-timeout",
        "--body-timeout",
        "--write-timeout",
        "--max-connections",
        "--help",
    ] {
        assert!(text.contains(flag), "--help lacks {flag}");
    }
    let bad = std::process::Command::new(bin).args(["--host", "0.0.0.0"]).output().unwrap();
    assert!(!bad.status.success());
    let bad = std::process::Command::new(bin).arg("--frobnicate").output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
