//! Slow and oversized clients cost the emulator a bounded time and never stop it from
//! serving others: clients dribbling their headers or never finishing their bodies, idle
//! connections, oversized heads, and the connection cap. Loopback only, bounded loops.

mod common;
use common::Emulator;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const SLOW_CLIENTS: usize = 12;

/// Reads until the server closes the connection (or `limit`); returns what came and when.
fn read_until_closed(s: &mut TcpStream, limit: Duration) -> (Vec<u8>, Option<Duration>) {
    let started = Instant::now();
    s.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while started.elapsed() < limit {
        match s.read(&mut buf) {
            Ok(0) => return (out, Some(started.elapsed())),
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => return (out, Some(started.elapsed())),
        }
    }
    (out, None)
}

#[test]
fn slow_senders_do_not_stop_other_clients_and_are_cut_off() {
    let emu = Emulator::start(&["--header-timeout", "2", "--body-timeout", "2"]);
    let stop = Arc::new(AtomicBool::new(false));
    let mut slow = vec![];
    // Half of them dribble their headers one byte at a time; half send complete headers
    // announcing a body they never finish.
    for i in 0..SLOW_CLIENTS {
        let (addr, stop) = (emu.addr.clone(), stop.clone());
        slow.push(std::thread::spawn(move || {
            let started = Instant::now();
            let mut s = TcpStream::connect(&addr).unwrap();
            s.set_write_timeout(Some(Duration::from_secs(1))).unwrap();
            if i % 2 == 0 {
                let head = format!("POST / HTTP/1.1\r\nHost: {addr}\r\nX-Amz-Target: AWSCognitoIdentityProviderService.SignUp\r\nX-Padding: {}\r\n", "a".repeat(200));
                for b in head.bytes() {
                    if stop.load(Ordering::SeqCst) || s.write_all(&[b]).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
            } else {
                let _ = s.write_all(format!("POST / HTTP/1.1\r\nHost: {addr}\r\nX-Amz-Target: AWSCognitoIdentityProviderService.SignUp\r\nContent-Length: 1000\r\n\r\n{{\"Cl").as_bytes());
            }
            let (answer, closed) = read_until_closed(&mut s, Duration::from_secs(8));
            (i, answer, closed.map(|_| started.elapsed()))
        }));
    }
    std::thread::sleep(Duration::from_millis(300));
    // Others are served at once, many times over, while the slow clients hang on.
    for _ in 0..20 {
        let t = Instant::now();
        let (s, v) = emu.get_json("/_emulator/health");
        assert_eq!((s, v["status"].as_str()), (200, Some("ok")));
        assert!(t.elapsed() < Duration::from_secs(1), "served in {:?} while slow clients hold connections", t.elapsed());
        let (code, _) = emu.err_code("SignUp", serde_json::json!({ "ClientId": "nope", "Username": "a", "Password": "b" }));
        assert_eq!(code, "ResourceNotFoundException");
    }
    // Every slow client was cut off after its deadline (2 s, plus the time the head took).
    for h in slow {
        let (i, answer, closed) = h.join().unwrap();
        let took = closed.unwrap_or_else(|| panic!("slow client {i} still connected after 8 s"));
        assert!(took < Duration::from_secs(6), "slow client {i} cut off after {took:?}");
        if i % 2 == 1 {
            let text = String::from_utf8_lossy(&answer);
            assert!(text.starts_with("HTTP/1.1 408"), "an unfinished body gets 408: {text}");
        }
    }
    stop.store(true, Ordering::SeqCst);
}

#[test]
fn idle_connections_are_closed_and_the_cap_only_delays_others() {
    let emu = Emulator::start(&["--header-timeout", "1", "--max-connections", "2"]);
    // Two connections that never send anything take every slot...
    let idle: Vec<TcpStream> = (0..2).map(|_| TcpStream::connect(&emu.addr).unwrap()).collect();
    std::thread::sleep(Duration::from_millis(100));
    // ...so a third client waits, but only until the header deadline frees a slot.
    let t = Instant::now();
    let (s, _) = emu.get_json("/_emulator/health");
    assert_eq!(s, 200);
    let waited = t.elapsed();
    assert!(waited >= Duration::from_millis(500) && waited < Duration::from_secs(4), "served after {waited:?}");
    for mut s in idle {
        let (_, closed) = read_until_closed(&mut s, Duration::from_secs(3));
        assert!(closed.is_some(), "an idle connection is closed by the server");
    }
}

#[test]
fn oversized_heads_and_bodies_are_refused() {
    let emu = Emulator::start(&[]);
    let huge = "x".repeat(100 * 1024);
    let (s, _, _) = emu.raw("GET", "/_emulator/health", &[("X-Huge", &huge)], b"");
    assert_eq!(s, 431);
    let (s, _, _) = emu.raw("POST", "/", &[("X-Amz-Target", "AWSCognitoIdentityProviderService.SignUp")], &vec![b' '; 1024 * 1024 + 1]);
    assert_eq!(s, 413);
    // Chunked, so the size is only known while reading.
    let mut c = TcpStream::connect(&emu.addr).unwrap();
    let addr = &emu.addr;
    write!(c, "POST / HTTP/1.1\r\nHost: {addr}\r\nX-Amz-Target: AWSCognitoIdentityProviderService.SignUp\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").unwrap();
    let chunk = vec![b' '; 64 * 1024];
    for _ in 0..17 {
        write!(c, "{:x}\r\n", chunk.len()).unwrap();
        c.write_all(&chunk).unwrap();
        c.write_all(b"\r\n").unwrap();
    }
    c.write_all(b"0\r\n\r\n").unwrap();
    let (answer, _) = read_until_closed(&mut c, Duration::from_secs(5));
    assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 413"));
    let (s, _) = emu.get_json("/_emulator/health");
    assert_eq!(s, 200);
}
