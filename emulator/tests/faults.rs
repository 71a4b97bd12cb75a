//! Fault mode (`/_emulator/faults`): every kind on the wire (status, body, CORS headers,
//! cut and held connections, with and without keep-alive), rule matching and counting,
//! validation, the clock skew, and that held connections do not block the workers.

mod common;
use common::http_client::{self, Response};
use common::{pool_and_client, Emulator};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const ORIGIN: &str = "http://localhost:8000";
const PW: &str = "Corr3ct-Horse!";

/// Sends one API request with an `Origin` and watches the wire until EOF or `limit` (or,
/// with keep-alive, a complete response). Returns (bytes, closed by the server, elapsed).
fn send(emu: &Emulator, op: &str, body: &Value, keep_alive: bool, limit: Duration) -> (Vec<u8>, bool, Duration) {
    let body = body.to_string();
    let connection = if keep_alive { "keep-alive" } else { "close" };
    let req = format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nConnection: {connection}\r\nOrigin: {ORIGIN}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.{op}\r\nContent-Length: {}\r\n\r\n{body}",
        emu.addr,
        body.len()
    );
    let wire = http_client::watch(&emu.addr, req.as_bytes(), limit, keep_alive);
    (wire.bytes, wire.closed, wire.elapsed)
}

/// The response head (strictly parsed) and the body bytes as they came.
fn split(raw: &[u8]) -> Option<(Response, Vec<u8>)> {
    http_client::split_head(raw).ok().map(|(head, body)| (head, body.to_vec()))
}

fn header(head: &Response, name: &str) -> Option<String> {
    head.header(name).map(str::to_string)
}

fn content_length(head: &Response) -> Option<usize> {
    head.header("content-length")?.parse().ok()
}

fn status(head: &Response) -> u16 {
    head.status
}

fn faults(emu: &Emulator, method: &str, body: Value) -> (u16, Value) {
    let (s, _, b) = emu.signed(method, "/_emulator/faults", &[("Content-Type", "application/json")], body.to_string().as_bytes());
    (s, serde_json::from_slice(&b).unwrap_or(Value::Null))
}

fn arm(emu: &Emulator, rule: Value) {
    let (s, v) = faults(emu, "POST", rule.clone());
    assert_eq!(s, 200, "{rule}: {v}");
}

struct Setup {
    client_id: String,
}

fn setup(emu: &Emulator) -> Setup {
    let (pool_id, client_id, _) = pool_and_client(emu, json!({}), json!({}));
    emu.ok("AdminCreateUser", json!({ "UserPoolId": pool_id, "Username": "eve", "MessageAction": "SUPPRESS" }));
    emu.ok("AdminSetUserPassword", json!({ "UserPoolId": pool_id, "Username": "eve", "Password": PW, "Permanent": true }));
    Setup { client_id }
}

fn password_auth(s: &Setup) -> Value {
    json!({ "AuthFlow": "USER_PASSWORD_AUTH", "ClientId": s.client_id, "AuthParameters": { "USERNAME": "eve", "PASSWORD": PW } })
}

#[test]
fn every_fault_kind_on_the_wire() {
    let emu = Emulator::start(&[]);
    let s = setup(&emu);
    let auth = password_auth(&s);
    let limit = Duration::from_secs(10);

    // Error kinds: the status, the body, CORS (so browsers see an HTTP error).
    let cases: &[(Value, u16, &str, Option<&str>)] = &[
        (json!({"kind": "error-json"}), 500, "\"__type\":\"InternalErrorException\"", Some("InternalErrorException:")),
        (json!({"kind": "error-json", "status": 502}), 502, "\"__type\":\"InternalErrorException\"", Some("InternalErrorException:")),
        (json!({"kind": "error-json", "status": 503}), 503, "\"__type\":\"ServiceUnavailableException\"", Some("ServiceUnavailableException:")),
        (json!({"kind": "error-json", "status": 500, "code": "InternalErrorException", "message": "boom"}), 500, "\"message\":\"boom\"", Some("InternalErrorException:")),
        (json!({"kind": "error-html"}), 502, "<h1>502 Bad Gateway</h1>", None),
        (json!({"kind": "error-html", "status": 500}), 500, "<html>", None),
        (json!({"kind": "error-empty"}), 503, "", None),
        (json!({"kind": "error-empty", "status": 500}), 500, "", None),
        (json!({"kind": "TooManyRequestsException"}), 400, "{\"__type\":\"TooManyRequestsException\",\"message\":\"Too many requests.\"}", Some("TooManyRequestsException:")),
        (json!({"kind": "ThrottlingException"}), 400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}", Some("ThrottlingException:")),
    ];
    for (rule, want_status, want_body, want_type) in cases {
        for keep_alive in [false, true] {
            let mut targeted = rule.clone();
            targeted["target"] = json!("InitiateAuth");
            arm(&emu, targeted);
            let (raw, _, _) = send(&emu, "InitiateAuth", &auth, keep_alive, limit);
            let (head, body) = split(&raw).unwrap_or_else(|| panic!("{rule}: no response"));
            assert_eq!(status(&head), *want_status, "{rule}");
            assert_eq!(header(&head, "access-control-allow-origin").as_deref(), Some(ORIGIN), "{rule}: CORS");
            assert_eq!(content_length(&head), Some(body.len()), "{rule}");
            let text = String::from_utf8_lossy(&body);
            if want_body.is_empty() {
                assert!(body.is_empty(), "{rule}: {text}");
            } else {
                assert!(text.contains(want_body), "{rule}: {text}");
            }
            assert_eq!(header(&head, "x-amzn-errortype").as_deref(), *want_type, "{rule}");
        }
    }

    // Truncated JSON: 200 = the real answer cut in half; 400 = half an error document.
    arm(&emu, json!({"target": "InitiateAuth", "kind": "truncated-json"}));
    let (raw, _, _) = send(&emu, "InitiateAuth", &auth, false, limit);
    let (head, body) = split(&raw).unwrap();
    assert_eq!(status(&head), 200);
    assert_eq!(content_length(&head), Some(body.len()));
    assert!(body.starts_with(b"{\"AuthenticationResult\":{"));
    assert!(serde_json::from_slice::<Value>(&body).is_err());
    assert_eq!(header(&head, "access-control-allow-origin").as_deref(), Some(ORIGIN));
    arm(&emu, json!({"target": "InitiateAuth", "kind": "truncated-json", "status": 400}));
    let (raw, _, _) = send(&emu, "InitiateAuth", &auth, false, limit);
    let (head, body) = split(&raw).unwrap();
    assert_eq!(status(&head), 400);
    assert!(body.starts_with(b"{\"__type\":\"Internal") && serde_json::from_slice::<Value>(&body).is_err());
    assert_eq!(header(&head, "x-amzn-errortype"), None);
    assert_eq!(header(&head, "access-control-allow-origin").as_deref(), Some(ORIGIN));

    // Close: headers (with CORS and the full length), half the body, then EOF, also
    // when the client asked for keep-alive.
    for keep_alive in [false, true] {
        arm(&emu, json!({"target": "InitiateAuth", "kind": "close"}));
        let (raw, closed, took) = send(&emu, "InitiateAuth", &auth, keep_alive, limit);
        assert!(closed, "keep-alive {keep_alive}: the server closed the connection");
        assert!(took < Duration::from_secs(5), "{took:?}");
        let (head, body) = split(&raw).unwrap();
        assert_eq!(status(&head), 200);
        assert_eq!(header(&head, "access-control-allow-origin").as_deref(), Some(ORIGIN));
        let full = content_length(&head).unwrap();
        assert!(!body.is_empty() && body.len() < full, "{} of {full}", body.len());
    }

    // Hang: nothing at all, then EOF after holdSeconds (with and without keep-alive).
    for keep_alive in [false, true] {
        arm(&emu, json!({"target": "InitiateAuth", "kind": "hang", "holdSeconds": 1}));
        let (raw, closed, took) = send(&emu, "InitiateAuth", &auth, keep_alive, limit);
        assert!(raw.is_empty(), "{}", String::from_utf8_lossy(&raw));
        assert!(closed && took >= Duration::from_millis(900) && took < Duration::from_secs(5), "{closed} {took:?}");
    }
    // DELETE releases a held connection at once.
    arm(&emu, json!({"target": "InitiateAuth", "kind": "hang"}));
    let addr = emu.addr.clone();
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        let released = http_client::signed_request("DELETE", &format!("http://{addr}/_emulator/faults"), &[], b"", Duration::from_secs(5));
        assert_eq!(released.expect("DELETE /_emulator/faults").status, 200);
    });
    let (raw, closed, took) = send(&emu, "InitiateAuth", &auth, true, limit);
    releaser.join().unwrap();
    assert!(raw.is_empty() && closed && took < Duration::from_secs(3), "{took:?}");

    // Everything was counted; the next request is normal.
    let (_, state) = faults(&emu, "GET", json!(null));
    let injected = &state["injected"];
    assert_eq!(injected["error-json"], 8);
    assert_eq!(injected["error-html"], 4);
    assert_eq!(injected["error-empty"], 4);
    assert_eq!(injected["TooManyRequestsException"], 2);
    assert_eq!(injected["ThrottlingException"], 2);
    assert_eq!(injected["truncated-json"], 2);
    assert_eq!(injected["close"], 2);
    assert_eq!(injected["hang"], 3);
    assert_eq!(state["rules"], json!([]));
    assert!(emu.ok("InitiateAuth", auth)["AuthenticationResult"]["AccessToken"].is_string());
}

#[test]
fn rules_match_targets_and_flows_and_count_down() {
    let emu = Emulator::start(&[]);
    let s = setup(&emu);
    let auth = password_auth(&s);

    // Only the named operation (and flow) is hit, `count` times, in order of the rules.
    arm(&emu, json!({"target": "InitiateAuth", "authFlow": "REFRESH_TOKEN_AUTH", "kind": "error-json", "count": 2}));
    let tokens = emu.ok("InitiateAuth", auth.clone())["AuthenticationResult"].clone();
    let access = tokens["AccessToken"].as_str().unwrap().to_string();
    let refresh = json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": s.client_id, "AuthParameters": { "REFRESH_TOKEN": tokens["RefreshToken"] } });
    assert_eq!(emu.call("InitiateAuth", refresh.clone()).unwrap_err().code, "InternalErrorException");
    emu.ok("GetUser", json!({ "AccessToken": access }));
    assert_eq!(emu.call("InitiateAuth", refresh.clone()).unwrap_err().status, 500);
    emu.ok("InitiateAuth", refresh.clone());

    // `*`: any API operation, but never the admin endpoints, the preflight or well-known.
    arm(&emu, json!({"target": "*", "kind": "ThrottlingException", "count": 3}));
    let (st, v) = emu.get_json("/_emulator/health");
    assert_eq!((st, v["status"].as_str()), (200, Some("ok")));
    let (st, _, _) = emu.raw("OPTIONS", "/", &[("Origin", ORIGIN), ("Access-Control-Request-Method", "DELETE")], b"");
    assert_eq!(st, 200);
    assert_eq!(emu.call("GetUser", json!({ "AccessToken": access })).unwrap_err().code, "ThrottlingException");
    assert_eq!(emu.call("InitiateAuth", auth.clone()).unwrap_err().code, "ThrottlingException");
    assert_eq!(emu.call("ListUserPools", json!({ "MaxResults": 1 })).unwrap_err().code, "ThrottlingException");
    emu.ok("GetUser", json!({ "AccessToken": access }));

    // Target names may carry the service prefix; GET lists the rules; DELETE clears them.
    arm(&emu, json!({"target": "AWSCognitoIdentityProviderService.GetUser", "kind": "close", "count": 5}));
    let (_, state) = faults(&emu, "GET", json!(null));
    assert_eq!(state["rules"], json!([{"target": "GetUser", "kind": "close", "remaining": 5, "status": 200}]));
    let (st, state) = faults(&emu, "DELETE", json!(null));
    assert_eq!((st, state["rules"].clone()), (200, json!([])));
    emu.ok("GetUser", json!({ "AccessToken": access }));
}

#[test]
fn bad_fault_requests_are_refused() {
    let emu = Emulator::start(&[]);
    for body in [
        json!({}),
        json!({"kind": "nope"}),
        json!({"kind": "error-json", "count": 0}),
        json!({"kind": "error-json", "status": 302}),
        json!({"kind": "hang", "holdSeconds": 3600}),
        json!({"kind": "close", "status": 500}),
        json!({"target": "GetUser"}),
        json!({"clockSkewSeconds": "soon"}),
    ] {
        let (s, v) = faults(&emu, "POST", body.clone());
        assert_eq!(s, 400, "{body}");
        assert_eq!(v["__type"], "InvalidParameterException", "{body}");
    }
    let (s, _, b) = emu.signed("POST", "/_emulator/faults", &[], b"{not json");
    assert_eq!(s, 400);
    assert!(String::from_utf8_lossy(&b).contains("SerializationException"));
    let (s, h, _) = emu.signed("PUT", "/_emulator/faults", &[], b"{}");
    assert_eq!(s, 405);
    assert!(h.iter().any(|(k, v)| k == "allow" && v.contains("DELETE")));
    let (_, state) = faults(&emu, "GET", json!(null));
    assert_eq!(state, json!({"rules": [], "clockSkewSeconds": 0, "injected": {}}));
}

fn jwt_claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&cognito_emulator::util::b64url_decode(payload).unwrap()).unwrap()
}

#[test]
fn clock_skew_shifts_token_times_and_expiry() {
    let emu = Emulator::start(&["--clock-skew", "-3600"]);
    let s = setup(&emu);
    let auth = password_auth(&s);
    let now = || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let (_, state) = faults(&emu, "GET", json!(null));
    assert_eq!(state["clockSkewSeconds"], -3600);
    let tokens = emu.ok("InitiateAuth", auth.clone())["AuthenticationResult"].clone();
    let id = jwt_claims(tokens["IdToken"].as_str().unwrap());
    assert!((id["iat"].as_i64().unwrap() - (now() - 3600)).abs() <= 5, "{id}");
    assert!((id["auth_time"].as_i64().unwrap() - (now() - 3600)).abs() <= 5);
    assert_eq!(id["exp"].as_i64().unwrap() - id["iat"].as_i64().unwrap(), 3600);
    let behind = tokens["AccessToken"].as_str().unwrap().to_string();

    arm(&emu, json!({"clockSkewSeconds": 3600}));
    let tokens = emu.ok("InitiateAuth", auth)["AuthenticationResult"].clone();
    let access = jwt_claims(tokens["AccessToken"].as_str().unwrap());
    assert!((access["iat"].as_i64().unwrap() - (now() + 3600)).abs() <= 5, "{access}");
    // On the emulator's clock (two hours later) the first access token has expired.
    let (code, msg) = emu.err_code("GetUser", json!({ "AccessToken": behind }));
    assert_eq!(code, "NotAuthorizedException", "{msg}");
    emu.ok("GetUser", json!({ "AccessToken": tokens["AccessToken"] }));

    // DELETE resets the clock.
    faults(&emu, "DELETE", json!(null));
    let (_, state) = faults(&emu, "GET", json!(null));
    assert_eq!(state["clockSkewSeconds"], 0);
}

#[test]
fn held_connections_do_not_block_the_workers() {
    let emu = Emulator::start(&[]);
    let s = setup(&emu);
    let auth = password_auth(&s);
    // More held connections than there are worker threads.
    let held = 24;
    arm(&emu, json!({"target": "InitiateAuth", "kind": "hang", "count": held, "holdSeconds": 20}));
    let mut sockets = vec![];
    for _ in 0..held {
        let mut s = TcpStream::connect(&emu.addr).unwrap();
        let body = auth.to_string();
        let host = &emu.addr;
        s.write_all(format!("POST / HTTP/1.1\r\nHost: {host}\r\nX-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth\r\nContent-Length: {}\r\n\r\n{body}", body.len()).as_bytes()).unwrap();
        sockets.push(s);
    }
    // Wait until the emulator has taken every held request.
    let started = Instant::now();
    while faults(&emu, "GET", json!(null)).1["rules"] != json!([]) {
        assert!(started.elapsed() < Duration::from_secs(10), "hang rules not consumed");
        std::thread::sleep(Duration::from_millis(20));
    }
    let t = Instant::now();
    assert!(emu.ok("InitiateAuth", auth)["AuthenticationResult"].is_object());
    assert!(t.elapsed() < Duration::from_secs(5), "answered while {held} connections are held: {:?}", t.elapsed());
    faults(&emu, "DELETE", json!(null));
    let t = Instant::now();
    for mut s in sockets {
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).expect("the held connection is closed");
        assert!(buf.is_empty(), "released without an answer");
    }
    assert!(t.elapsed() < Duration::from_secs(3), "released on DELETE: {:?}", t.elapsed());
}

/// `panic`: the operation panics; the client gets 500 and the emulator goes on serving.
#[test]
fn a_panicking_operation_answers_500_and_the_emulator_keeps_serving() {
    let emu = Emulator::start(&[]);
    let s = setup(&emu);
    let (pool_id, _, _) = pool_and_client(&emu, json!({}), json!({}));
    arm(&emu, json!({"target": "AdminCreateUser", "kind": "panic", "count": 2}));
    for name in ["bob", "carol"] {
        let e = emu.call("AdminCreateUser", json!({ "UserPoolId": pool_id, "Username": name, "MessageAction": "SUPPRESS" })).unwrap_err();
        assert_eq!((e.status, e.code.as_str()), (500, "InternalErrorException"));
    }
    assert!(emu.ok("InitiateAuth", password_auth(&s))["AuthenticationResult"]["AccessToken"].is_string());
    emu.ok("AdminCreateUser", json!({ "UserPoolId": pool_id, "Username": "dave", "MessageAction": "SUPPRESS" }));
    let (_, state) = faults(&emu, "GET", json!(null));
    assert_eq!(state["injected"]["panic"], 2);
}

/// A panicking operation leaves no trace (the state store rolls its transaction back).
#[test]
fn a_panicking_operation_leaves_the_state_as_it_was() {
    let emu = Emulator::start(&[]);
    let (pool_id, _, _) = pool_and_client(&emu, json!({}), json!({}));
    arm(&emu, json!({"target": "AdminCreateUser", "kind": "panic"}));
    let e = emu.call("AdminCreateUser", json!({ "UserPoolId": pool_id, "Username": "bob", "MessageAction": "SUPPRESS" })).unwrap_err();
    assert_eq!(e.status, 500);
    let (code, _) = emu.err_code("AdminGetUser", json!({ "UserPoolId": pool_id, "Username": "bob" }));
    assert_eq!(code, "UserNotFoundException", "the panicked AdminCreateUser left no user behind");
}
