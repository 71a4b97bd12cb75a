//! The test HTTP client itself (tests/http_client): malformed answers are errors, the
//! framing is checked, and a silent server is a timeout.
#![cfg(not(target_arch = "wasm32"))]

mod http_client;

use std::io;
use std::time::Duration;

use http_client::{parse_response, request};

#[test]
fn malformed_status_lines_are_errors() {
    for bad in ["", "HTTP/1.1", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 abc OK", "HTTP/2 200 OK", "ICY 200 OK", "HTTP/1.1 099 X"] {
        let raw = format!("{bad}\r\nContent-Length: 0\r\n\r\n");
        assert!(parse_response(raw.as_bytes()).is_err(), "{bad:?} was accepted");
    }
    assert_eq!(parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}").unwrap().status, 200);
    assert_eq!(parse_response(b"HTTP/1.0 404\r\n\r\n").unwrap().status, 404);
}

#[test]
fn framing_is_checked() {
    let short = parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}").unwrap_err();
    assert_eq!(short.kind(), io::ErrorKind::UnexpectedEof, "{short}");
    assert!(parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n").is_err());
    assert!(parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n").is_err());
    assert!(parse_response(b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n").is_err());
    assert!(parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n").is_err(), "headers cut");
    let chunked = parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{\"\r\n3;x=y\r\na\":\r\n1\r\n1\r\n0\r\n\r\n").unwrap();
    assert_eq!(chunked.text(), "{\"a\":1");
    assert!(parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n").is_err(), "no last chunk");
    assert!(parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}}\r\n0\r\n\r\n").is_err(), "chunk too long");
    assert!(parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").is_err(), "bad size");
    let to_close = parse_response(b"HTTP/1.1 200 OK\r\n\r\nuntil the end").unwrap();
    assert_eq!(to_close.text(), "until the end");
    assert!(parse_response(b"HTTP/1.1 204 No Content\r\n\r\n").unwrap().body.is_empty());
}

#[test]
fn a_silent_server_is_a_timeout() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let held = std::thread::spawn(move || {
        let (socket, _) = listener.accept().unwrap();
        std::thread::sleep(Duration::from_millis(500));
        drop(socket);
    });
    let e = request("GET", &url, &[], b"", Duration::from_millis(100)).unwrap_err();
    assert!(matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut), "{e:?}");
    held.join().unwrap();
}
