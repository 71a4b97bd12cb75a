//! Load: 200 distinct users, then 200 concurrent USER_SRP_AUTH sign-ins (one thread each,
//! released together, fresh loopback connections, the root crate's SRP client): zero
//! errors, every user still there afterwards (ListUsers pages and AdminGetUser). Prints
//! the figures (run with `-- --nocapture`).

mod common;
use cognito_wasm::srp::SrpClient;
use common::{pool_and_client, try_call, Emulator};
use serde_json::{json, Value};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const USERS: usize = 200;
const PW: &str = "Corr3ct-Horse!";
/// Per-request read timeout: generous, the whole test must stay well under a minute.
const TIMEOUT: Duration = Duration::from_secs(40);

fn call(addr: &str, op: &str, body: Value) -> Result<Value, String> {
    match try_call(addr, op, &body, TIMEOUT) {
        Ok((200, v)) => Ok(v),
        Ok((status, v)) => Err(format!("{op}: HTTP {status} {v}")),
        Err(e) => Err(format!("{op}: {e}")),
    }
}

fn srp_sign_in(addr: &str, pool_id: &str, client_id: &str, name: &str) -> Result<(), String> {
    let client = SrpClient::new(pool_id.split_once('_').unwrap().1).map_err(|e| e.to_string())?;
    let ch = call(addr, "InitiateAuth", json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": client_id, "AuthParameters": { "USERNAME": name, "SRP_A": client.srp_a_hex() } }))?;
    let p = &ch["ChallengeParameters"];
    let user_id = p["USER_ID_FOR_SRP"].as_str().ok_or("no USER_ID_FOR_SRP")?;
    let ans = client
        .answer_password_verifier(
            user_id,
            PW,
            p["SRP_B"].as_str().ok_or("no SRP_B")?,
            p["SALT"].as_str().ok_or("no SALT")?,
            p["SECRET_BLOCK"].as_str().ok_or("no SECRET_BLOCK")?,
            &cognito_wasm::date::now_string(),
        )
        .map_err(|e| e.to_string())?;
    let out = call(
        addr,
        "RespondToAuthChallenge",
        json!({ "ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id, "Session": ch["Session"], "ChallengeResponses": {
            "USERNAME": user_id, "PASSWORD_CLAIM_SECRET_BLOCK": ans.secret_block, "TIMESTAMP": ans.timestamp,
            "PASSWORD_CLAIM_SIGNATURE": ans.signature } }),
    )?;
    match out["AuthenticationResult"]["AccessToken"].as_str() {
        Some(t) if t.split('.').count() == 3 => Ok(()),
        _ => Err(format!("no tokens for {name}: {out}")),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[test]
fn two_hundred_concurrent_srp_sign_ins() {
    let test_start = Instant::now();
    let emu = Emulator::start(&[]);
    let (pool_id, client_id, _) = pool_and_client(&emu, json!({}), json!({}));
    let addr = emu.addr.clone();

    // 200 users, created by 8 threads.
    let t = Instant::now();
    let creators: Vec<_> = (0..8)
        .map(|k| {
            let (addr, pool_id) = (addr.clone(), pool_id.clone());
            std::thread::spawn(move || {
                for i in (k..USERS).step_by(8) {
                    let name = format!("load{i:03}");
                    call(&addr, "AdminCreateUser", json!({ "UserPoolId": pool_id, "Username": name, "MessageAction": "SUPPRESS" })).unwrap();
                    call(&addr, "AdminSetUserPassword", json!({ "UserPoolId": pool_id, "Username": name, "Password": PW, "Permanent": true })).unwrap();
                }
            })
        })
        .collect();
    creators.into_iter().for_each(|h| h.join().unwrap());
    let create_time = t.elapsed();

    // 200 sign-ins at once.
    let barrier = Arc::new(Barrier::new(USERS + 1));
    let workers: Vec<_> = (0..USERS)
        .map(|i| {
            let (addr, pool_id, client_id, barrier) = (addr.clone(), pool_id.clone(), client_id.clone(), barrier.clone());
            std::thread::Builder::new()
                .stack_size(512 * 1024)
                .spawn(move || {
                    barrier.wait();
                    let t = Instant::now();
                    let r = srp_sign_in(&addr, &pool_id, &client_id, &format!("load{i:03}"));
                    (t.elapsed(), r)
                })
                .unwrap()
        })
        .collect();
    let cpu_before = emu.cpu_time();
    barrier.wait();
    let t = Instant::now();
    let results: Vec<_> = workers.into_iter().map(|h| h.join().unwrap()).collect();
    let total = t.elapsed();
    let server_cpu = emu.cpu_time().zip(cpu_before).map(|(a, b)| format!("{:.2?}", a - b)).unwrap_or_else(|| "?".into());
    let errors: Vec<_> = results.iter().filter_map(|(_, r)| r.as_ref().err()).collect();
    assert!(errors.is_empty(), "{} of {USERS} sign-ins failed, first: {}", errors.len(), errors[0]);
    let mut latencies: Vec<Duration> = results.iter().map(|(d, _)| *d).collect();
    latencies.sort();

    // Every user is still there.
    let listed = emu.user_count(&pool_id);
    assert_eq!(listed, USERS);
    for i in 0..USERS {
        let u = call(&addr, "AdminGetUser", json!({ "UserPoolId": pool_id, "Username": format!("load{i:03}") })).unwrap();
        assert_eq!(u["UserStatus"], "CONFIRMED");
    }
    println!(
        "load: {USERS} users created in {create_time:.2?} (8 threads); {USERS} concurrent SRP sign-ins (2 requests each), 0 errors, \
         wall {total:.2?} ({:.0} sign-ins/s), latency p50 {:.0?} p95 {:.0?} max {:.0?}; emulator CPU {server_cpu}; {listed} users listed after",
        USERS as f64 / total.as_secs_f64(),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.95),
        latencies[latencies.len() - 1],
    );
    assert!(test_start.elapsed() < Duration::from_secs(60), "the load test took {:?}", test_start.elapsed());
}
