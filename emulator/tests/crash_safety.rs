//! Crash safety of `--state FILE`: users are created by several threads, the emulator is
//! killed with SIGKILL (`Child::kill`) at a random moment while writes happen, restarted
//! from the same file, and every user whose creation had been answered with HTTP 200
//! before the kill must be there; the database must pass SQLite's integrity check.
//! Repeated a few times on one file.

mod common;
use common::{try_call, Emulator};
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ITERATIONS: usize = 10;
const WRITERS: usize = 4;

fn random_below(n: u64) -> u64 {
    let b = cognito_emulator::util::random_bytes(8);
    u64::from_le_bytes(b.try_into().unwrap()) % n
}

#[test]
fn acknowledged_users_survive_kill_9() {
    let test_start = Instant::now();
    let dir = std::env::temp_dir().join(format!("cogemu-crash-{}-{}", std::process::id(), random_below(1 << 40)));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.db");
    let state_arg = state.to_str().unwrap().to_string();

    let emu = Emulator::start(&["--state", &state_arg]);
    let pool_id = emu.ok("CreateUserPool", json!({ "PoolName": "crash" }))["UserPool"]["Id"].as_str().unwrap().to_string();
    emu.stop();

    let mut all_acked: Vec<String> = vec![];
    let mut figures = vec![];
    for iteration in 0..ITERATIONS {
        let emu = Emulator::start(&["--state", &state_arg]);
        // Everything acknowledged in earlier rounds is there.
        for name in &all_acked {
            emu.ok("AdminGetUser", json!({ "UserPoolId": pool_id, "Username": name }));
        }
        let acked = Arc::new(Mutex::new(Vec::<String>::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (addr, pool_id, acked, stop) = (emu.addr.clone(), pool_id.clone(), acked.clone(), stop.clone());
                std::thread::spawn(move || {
                    for n in 0.. {
                        if stop.load(Ordering::SeqCst) {
                            break;
                        }
                        let name = format!("i{iteration}w{w}n{n}");
                        let body = json!({ "UserPoolId": pool_id, "Username": name, "MessageAction": "SUPPRESS",
                                           "UserAttributes": [{ "Name": "email", "Value": format!("{name}@example.com") }] });
                        match try_call(&addr, "AdminCreateUser", &body, Duration::from_secs(10)) {
                            Ok((200, _)) => acked.lock().unwrap().push(name),
                            Ok((status, v)) => panic!("{name}: HTTP {status} {v}"),
                            Err(_) => break, // killed
                        }
                    }
                })
            })
            .collect();
        // Let some writes land, then kill at a random moment.
        let started = Instant::now();
        while acked.lock().unwrap().len() < 5 {
            assert!(started.elapsed() < Duration::from_secs(20), "no write acknowledged");
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(random_below(600)));
        let acked_at_kill = acked.lock().unwrap().len();
        emu.stop(); // SIGKILL
        stop.store(true, Ordering::SeqCst);
        for w in writers {
            w.join().unwrap();
        }
        let acked = acked.lock().unwrap().clone();

        // The database is sound as the kill left it (SQLite replays its journal) and the
        // restarted emulator has every acknowledged user.
        let bytes = std::fs::metadata(&state).unwrap().len() + std::fs::metadata(dir.join("state.db-wal")).map(|m| m.len()).unwrap_or(0);
        {
            let db = rusqlite::Connection::open(&state).unwrap();
            let check: String = db.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
            assert_eq!(check, "ok", "iteration {iteration}: the state database is damaged");
        }
        let emu = Emulator::start(&["--state", &state_arg]);
        for name in &acked {
            let u = emu.call("AdminGetUser", json!({ "UserPoolId": pool_id, "Username": name }));
            assert!(u.is_ok(), "iteration {iteration}: acknowledged user {name} lost: {u:?}");
        }
        let leftovers: Vec<_> =
            std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().to_string()).filter(|n| n != "state.db" && n != "state.db-wal").collect();
        assert!(leftovers.is_empty(), "stale temporary files after restart: {leftovers:?}");
        emu.stop();
        all_acked.extend(acked.iter().cloned());
        figures.push(format!("#{iteration}: {} acked ({acked_at_kill} when the kill was sent), database {} KiB", acked.len(), bytes / 1024));
    }

    // A last clean start: the pool holds every acknowledged user (and maybe a few whose
    // answer the kill cut off).
    let emu = Emulator::start(&["--state", &state_arg]);
    let listed = emu.user_count(&pool_id);
    assert!(listed >= all_acked.len(), "{listed} listed, {} acknowledged", all_acked.len());
    emu.stop();
    println!(
        "crash safety: {ITERATIONS} kill -9 iterations, {WRITERS} writers, {} acknowledged users all present ({listed} in the pool), in {:.1?}\n  {}",
        all_acked.len(),
        test_start.elapsed(),
        figures.join("\n  ")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
