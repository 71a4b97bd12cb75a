//! Emulator benchmark, in process through `App::execute` (no HTTP), on `--state` databases
//! under the target folder: `cargo bench -p cognito-wasm-emulator`. Prints
//! - USER_SRP_AUTH sign-in latency (InitiateAuth + RespondToAuthChallenge) p50/p99 with
//!   1,000 and with 100,000 users in the pool, measured alternately (one sign-in on each in
//!   turn, so both see the same machine load): end to end (with the client's SRP math) and
//!   the emulator's share alone;
//! - 500 concurrent SRP sign-ins on the 100,000-user pool: errors and throughput;
//! - SignUp p50 with 100 / 1,000 / 3,000 / 100,000 users in the pool.
//!
//! Pools are filled through the seed loader (`seed::apply`: every user a real SRP verifier,
//! computed on every core, then one transaction). A seeded database is kept
//! (`seeded-<N>.db`) and copied for later runs, so only the first run pays for 100,000
//! verifiers. No assertions on timings.

use cognito_emulator::app::App;
use cognito_emulator::{persist, seed, tokens::Keys};
use cognito_wasm::srp::SrpClient;
use serde_json::{json, Value};
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const PW: &str = "Bench-Passw0rd!";
const CLIENT: &str = "benchclient";
const SAMPLES: usize = 300;
const CONCURRENT: usize = 500;

fn seed_doc(pool_id: &str, users: usize) -> Value {
    let users: Vec<Value> = (0..users)
        .map(|i| json!({ "Username": format!("user{i:06}"), "Password": PW,
                         "Attributes": { "email": format!("user{i:06}@example.com"), "email_verified": "true" } }))
        .collect();
    json!({ "UserPools": [{ "Id": pool_id, "PoolName": "bench", "AliasAttributes": ["email"], "AutoVerifiedAttributes": ["email"],
        "Clients": [{ "ClientId": CLIENT, "ClientName": "bench", "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
        "Users": users }] })
}

/// An emulator on a copy of a database whose pool `pool_id` has `users` users (seeded the
/// first time, through the seed loader).
fn app_with_users(dir: &Path, pool_id: &str, users: usize) -> App {
    let seeded = dir.join(format!("seeded-{pool_id}-{users}.db"));
    if !seeded.exists() {
        let partial = dir.join("seeding.db");
        let _ = std::fs::remove_file(&partial);
        let t = Instant::now();
        let mut state = persist::load(&partial).unwrap();
        seed::apply(&mut state, &seed_doc(pool_id, users), "us-east-1").unwrap();
        let computed = t.elapsed();
        let t = Instant::now();
        state.commit().unwrap();
        println!(
            "  seeded {users} users: verifiers on {} cores in {computed:.2?}, written in one transaction in {:.2?}",
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
            t.elapsed()
        );
        drop(state); // folds the WAL into the file
        std::fs::rename(&partial, &seeded).unwrap();
    }
    let file = dir.join(format!("run-{pool_id}.db"));
    std::fs::copy(&seeded, &file).unwrap();
    let _ = std::fs::remove_file(dir.join(format!("run-{pool_id}.db-wal")));
    let t = Instant::now();
    let state = persist::load(&file).unwrap();
    println!("  {users} users loaded from a {:.1} MB database in {:.2?}", std::fs::metadata(&file).unwrap().len() as f64 / 1e6, t.elapsed());
    let keys = Keys::load_or_generate(None);
    keys.get();
    App::new(state, keys, "http://127.0.0.1:9229".into(), "us-east-1".into(), None, Some(file))
}

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0.0);
    kb / 1024.0
}

fn exec(app: &App, op: &str, body: Value) -> Result<Value, String> {
    app.execute(op, &body, "us-east-1", false).map_err(|e| format!("{op}: {} {}", e.code, e.message))
}

/// One sign-in: Ok((end to end, time spent in the emulator)).
fn srp_sign_in(app: &App, pool_id: &str, name: &str) -> Result<(Duration, Duration), String> {
    let start = Instant::now();
    let client = SrpClient::new(pool_id.split_once('_').unwrap().1).map_err(|e| e.to_string())?;
    let t = Instant::now();
    let ch = exec(app, "InitiateAuth", json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT, "AuthParameters": { "USERNAME": name, "SRP_A": client.srp_a_hex() } }))?;
    let mut server = t.elapsed();
    let p = &ch["ChallengeParameters"];
    let text = |k: &str| p[k].as_str().ok_or_else(|| format!("no {k}"));
    let user_id = text("USER_ID_FOR_SRP")?;
    let ans = client
        .answer_password_verifier(user_id, PW, text("SRP_B")?, text("SALT")?, text("SECRET_BLOCK")?, &cognito_wasm::date::now_string())
        .map_err(|e| e.to_string())?;
    let body = json!({ "ChallengeName": "PASSWORD_VERIFIER", "ClientId": CLIENT, "ChallengeResponses": {
        "USERNAME": user_id, "PASSWORD_CLAIM_SECRET_BLOCK": ans.secret_block, "TIMESTAMP": ans.timestamp,
        "PASSWORD_CLAIM_SIGNATURE": ans.signature } });
    let t = Instant::now();
    let out = exec(app, "RespondToAuthChallenge", body)?;
    server += t.elapsed();
    out["AuthenticationResult"]["AccessToken"].as_str().ok_or_else(|| format!("no tokens for {name}"))?;
    Ok((start.elapsed(), server))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn pick(i: usize, users: usize) -> String {
    // Spread over the whole pool (a fixed stride, not only the first users).
    format!("user{:06}", (i * 7919) % users)
}

fn p50_p99(mut d: Vec<Duration>) -> String {
    d.sort();
    format!("p50 {:.2?}, p99 {:.2?}", percentile(&d, 0.5), percentile(&d, 0.99))
}

fn sign_up_p50(app: &App, tag: &str) -> Duration {
    let mut lat: Vec<Duration> = (0..SAMPLES)
        .map(|i| {
            let body = json!({ "ClientId": CLIENT, "Username": format!("new-{tag}-{i}"), "Password": PW,
                               "UserAttributes": [{ "Name": "email", "Value": format!("new-{tag}-{i}@example.com") }] });
            let t = Instant::now();
            exec(app, "SignUp", body).unwrap();
            t.elapsed()
        })
        .collect();
    lat.sort();
    percentile(&lat, 0.5)
}

fn main() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("emulator-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("emulator state benchmark (in process, --state databases in {}; load average {})", dir.display(), load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));

    println!("pool with 1000 users:");
    let small = app_with_users(&dir, "us-east-1_BenchSmall", 1_000);
    println!("pool with 100000 users:");
    let large = app_with_users(&dir, "us-east-1_BenchLarge", 100_000);
    println!("  process memory (both pools loaded): {:.0} MB", rss_mb());

    let (mut small_total, mut small_server, mut large_total, mut large_server) = (vec![], vec![], vec![], vec![]);
    for i in 0..SAMPLES {
        let (t, s) = srp_sign_in(&small, "us-east-1_BenchSmall", &pick(i, 1_000)).unwrap();
        small_total.push(t);
        small_server.push(s);
        let (t, s) = srp_sign_in(&large, "us-east-1_BenchLarge", &pick(i, 100_000)).unwrap();
        large_total.push(t);
        large_server.push(s);
    }
    let median = |d: &[Duration]| {
        let mut d = d.to_vec();
        d.sort();
        percentile(&d, 0.5)
    };
    println!("SRP sign-in, {SAMPLES} each, alternating:");
    println!("  1,000 users:   end to end {}; in the emulator {}", p50_p99(small_total.clone()), p50_p99(small_server.clone()));
    println!("  100,000 users: end to end {}; in the emulator {}", p50_p99(large_total.clone()), p50_p99(large_server.clone()));
    println!(
        "  p50 ratio 100,000 / 1,000 users: end to end {:.2}, in the emulator {:.2}",
        median(&large_total).as_secs_f64() / median(&small_total).as_secs_f64(),
        median(&large_server).as_secs_f64() / median(&small_server).as_secs_f64()
    );

    let large = Arc::new(large);
    let barrier = Arc::new(Barrier::new(CONCURRENT + 1));
    let workers: Vec<_> = (0..CONCURRENT)
        .map(|i| {
            let (app, barrier) = (large.clone(), barrier.clone());
            std::thread::Builder::new()
                .stack_size(512 * 1024)
                .spawn(move || {
                    barrier.wait();
                    srp_sign_in(&app, "us-east-1_BenchLarge", &pick(i + SAMPLES, 100_000))
                })
                .unwrap()
        })
        .collect();
    barrier.wait();
    let t = Instant::now();
    let errors: Vec<String> = workers.into_iter().filter_map(|w| w.join().unwrap().err()).collect();
    let wall = t.elapsed();
    println!(
        "{CONCURRENT} concurrent SRP sign-ins (100,000 users): {} errors{}, wall {wall:.2?}, {:.1} sign-ins/s",
        errors.len(),
        errors.first().map(|e| format!(" (first: {e})")).unwrap_or_default(),
        CONCURRENT as f64 / wall.as_secs_f64()
    );

    println!("SignUp, {SAMPLES} sequential, e-mail code sent:");
    println!("  100,000 users: p50 {:.2?}", sign_up_p50(&large, "large"));
    drop((small, large));
    for users in [100, 1_000, 3_000] {
        let app = app_with_users(&dir, &format!("us-east-1_SignUp{users}"), users);
        println!("  {users} users: p50 {:.2?}", sign_up_p50(&app, "new"));
    }
}
