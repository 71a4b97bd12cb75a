//! Glue between the emulator and the SRP core of the root crate (`cognito_wasm::srp`):
//! verifiers, the server's B, and the check of PASSWORD_CLAIM_SIGNATURE.
//!
//! The modular exponentiations never run under the state lock when they can be avoided:
//! [`prepare`] computes them before the lock is taken (g^b for a new exchange, the claim
//! check of a PASSWORD_VERIFIER answer, the password checks and new verifiers of SignUp,
//! ChangePassword, AdminCreateUser with a temporary password, AdminSetUserPassword,
//! ConfirmForgotPassword and NEW_PASSWORD_REQUIRED), and the operation, run under
//! the lock inside [`with_prepared`], picks up a result whose inputs match exactly, or
//! computes it itself when nothing matches (the results are pure functions of their inputs).

use crate::state::State;
use crate::util;
use cognito_wasm::srp::{ServerSrp, StoredVerifier};
use num_bigint::BigUint;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::MutexGuard;

/// The "pool name" in SRP: the part of the pool id after `_`.
pub fn pool_name(pool_id: &str) -> &str {
    pool_id.split_once('_').map(|(_, n)| n).unwrap_or(pool_id)
}

fn parse_hex(h: &str) -> Option<BigUint> {
    if h.is_empty() || h.len() > 2048 {
        return None;
    }
    BigUint::parse_bytes(h.as_bytes(), 16)
}

/// (salt_hex, verifier_hex) for a new password (prepared, or computed now).
pub fn make_verifier(pool_id: &str, username: &str, password: &str) -> (String, String) {
    let key = (pool_id.to_string(), username.to_string(), password.to_string());
    PREPARED.with(|p| p.borrow_mut().verifiers.remove(&key)).unwrap_or_else(|| compute_verifier(pool_id, username, password))
}

fn compute_verifier(pool_id: &str, username: &str, password: &str) -> (String, String) {
    let v = StoredVerifier::generate(pool_name(pool_id), username, password).expect("OS random source failed");
    (v.salt.to_str_radix(16), v.verifier.to_str_radix(16))
}

/// Whether `password` matches the stored verifier (USER_PASSWORD_AUTH, ChangePassword).
/// Uses the prepared answer when it was computed for exactly these inputs.
pub fn password_matches(pool_id: &str, username: &str, password: &str, salt_hex: &str, verifier_hex: &str) -> bool {
    let key = [pool_id, username, password, salt_hex, verifier_hex].map(str::to_string);
    PREPARED.with(|p| p.borrow_mut().password_checks.remove(&key)).unwrap_or_else(|| check_password(pool_id, username, password, salt_hex, verifier_hex))
}

fn check_password(pool_id: &str, username: &str, password: &str, salt_hex: &str, verifier_hex: &str) -> bool {
    match (parse_hex(salt_hex), parse_hex(verifier_hex)) {
        (Some(salt), Some(verifier)) => {
            StoredVerifier { salt, verifier }.matches_password(pool_name(pool_id), username, password)
        }
        _ => false,
    }
}

/// A fresh server exchange against a stored verifier: (b_hex, B_hex), from the prepared
/// g^b when there is one. `None` if the stored verifier is unreadable.
pub fn start(verifier_hex: &str) -> Option<(String, String)> {
    let v = parse_hex(verifier_hex)?;
    if let Some(e) = PREPARED.with(|p| p.borrow_mut().ephemeral.take()) {
        return Some((e.small_b.to_str_radix(16), e.large_b(&v).to_str_radix(16)));
    }
    let s = ServerSrp::new(&v).ok()?;
    Some((s.small_b().to_str_radix(16), s.srp_b_hex()))
}

/// The server's secret b and g^b, computed before the verifier is known.
struct Ephemeral {
    small_b: BigUint,
    g_b: BigUint,
}

impl Ephemeral {
    fn new() -> Ephemeral {
        let small_b = BigUint::from_bytes_be(&crate::util::random_bytes(cognito_wasm::srp::server::SMALL_B_BYTES));
        let g_b = cognito_wasm::srp::mod_pow_n(cognito_wasm::srp::g(), &small_b);
        Ephemeral { small_b, g_b }
    }

    /// `B = (k·v + g^b) mod N`: `ServerSrp::with_small_b` split in two, so that g^b is
    /// computed without the lock (the test below holds the two equal).
    fn large_b(&self, verifier: &BigUint) -> BigUint {
        (cognito_wasm::srp::k() * verifier + &self.g_b) % cognito_wasm::srp::n()
    }
}

/// Outcome of a claim check.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    Valid,
    /// Wrong password (or wrong device secret).
    Wrong,
    /// TIMESTAMP is not in the reference's `Ddd Mmm D HH:mm:ss UTC YYYY` format.
    BadTimestamp,
    /// SRP_A is malformed or 0 mod N.
    BadA,
}

/// Check PASSWORD_CLAIM_SIGNATURE. `name` is the pool name (user SRP) or the device group
/// key (device SRP); `user_id` is USER_ID_FOR_SRP or the device key.
/// Uses the prepared result when it was computed for exactly these inputs.
#[allow(clippy::too_many_arguments)]
pub fn verify_claim(
    b_hex: &str,
    verifier_hex: &str,
    srp_a_hex: &str,
    name: &str,
    user_id: &str,
    secret_block: &str,
    timestamp: &str,
    signature: &str,
) -> Claim {
    let inputs = ClaimInputs {
        b_hex: b_hex.into(),
        verifier_hex: verifier_hex.into(),
        srp_a_hex: srp_a_hex.into(),
        name: name.into(),
        user_id: user_id.into(),
        secret_block: secret_block.into(),
        timestamp: timestamp.into(),
        signature: signature.into(),
    };
    let prepared = PREPARED.with(|p| {
        let mut p = p.borrow_mut();
        let i = p.claims.iter().position(|(k, _)| *k == inputs)?;
        Some(p.claims.swap_remove(i).1)
    });
    prepared.unwrap_or_else(|| inputs.check())
}

/// Everything a claim check depends on.
#[derive(PartialEq, Eq)]
struct ClaimInputs {
    b_hex: String,
    verifier_hex: String,
    srp_a_hex: String,
    name: String,
    user_id: String,
    secret_block: String,
    timestamp: String,
    signature: String,
}

impl ClaimInputs {
    /// The check itself: the timestamp's format, then the server's S from b and the verifier,
    /// then the signature.
    fn check(&self) -> Claim {
        if cognito_wasm::date::parse_cognito_timestamp(&self.timestamp).is_none() {
            return Claim::BadTimestamp;
        }
        let (Some(b), Some(v)) = (parse_hex(&self.b_hex), parse_hex(&self.verifier_hex)) else { return Claim::Wrong };
        if parse_hex(&self.srp_a_hex).is_none() {
            return Claim::BadA;
        }
        let server = ServerSrp::with_small_b(&v, b);
        match server.verify_claim(&self.srp_a_hex, &self.name, &self.user_id, &self.secret_block, &self.timestamp, &self.signature) {
            Ok(true) => Claim::Valid,
            Ok(false) => Claim::Wrong,
            Err(cognito_wasm::Error::IllegalA) | Err(cognito_wasm::Error::InvalidHex(_)) => Claim::BadA,
            Err(_) => Claim::Wrong,
        }
    }
}

/// Whether SRP_A is acceptable before answering (hex, not 0 mod N).
pub fn srp_a_ok(srp_a_hex: &str) -> bool {
    match parse_hex(srp_a_hex) {
        Some(a) => (a % cognito_wasm::srp::n()).bits() != 0,
        None => false,
    }
}

/// The SECRET_HASH a client with a secret must send (from the core).
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    cognito_wasm::crypto::secret_hash(client_secret, username, client_id)
}

/// SRP results computed ahead of an operation (see the module documentation).
#[derive(Default)]
pub struct Prepared {
    ephemeral: Option<Ephemeral>,
    claims: Vec<(ClaimInputs, Claim)>,
    /// (pool id, username, password) → (salt_hex, verifier_hex).
    verifiers: HashMap<(String, String, String), (String, String)>,
    /// [pool id, username, password, salt_hex, verifier_hex] → whether the password matches.
    password_checks: HashMap<[String; 5], bool>,
}

impl Prepared {
    fn add_verifier(&mut self, pool_id: String, username: String, password: String) {
        if !password.is_empty() {
            let v = compute_verifier(&pool_id, &username, &password);
            self.verifiers.insert((pool_id, username, password), v);
        }
    }
}

thread_local! {
    static PREPARED: RefCell<Prepared> = RefCell::default();
}

/// Run `f` (an operation) with `prepared` available to [`start`], [`verify_claim`] and
/// [`make_verifier`] on this thread; whatever `f` does not use is dropped after it, also
/// when it panics.
pub fn with_prepared<R>(prepared: Prepared, f: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            PREPARED.with(|p| *p.borrow_mut() = Prepared::default());
        }
    }
    PREPARED.with(|p| *p.borrow_mut() = prepared);
    let _reset = Reset;
    f()
}

/// Verifiers for many (pool id, username, password) at once, on every core (the seed
/// loader's bulk path).
pub fn prepare_verifiers(wanted: Vec<(String, String, String)>) -> Prepared {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(wanted.len().max(1));
    let chunk = wanted.len().div_ceil(threads).max(1);
    let verifiers = std::thread::scope(|scope| {
        let workers: Vec<_> = wanted
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|k| (k.clone(), compute_verifier(&k.0, &k.1, &k.2))).collect::<Vec<_>>()))
            .collect();
        workers.into_iter().flat_map(|w| w.join().expect("verifier worker panicked")).collect()
    });
    Prepared { verifiers, ..Default::default() }
}

/// Compute, before the state lock is taken, the SRP values `op` will need: g^b for an
/// exchange it may start, the check of a PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER
/// answer (reading the pending exchange under a brief `lock`), the verifier of a SignUp.
pub fn prepare<'a>(op: &str, body: &Value, lock: impl FnOnce() -> MutexGuard<'a, State>) -> Prepared {
    let mut p = Prepared::default();
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_string();
    let pool_of = |st: &State| match body.get("UserPoolId").and_then(Value::as_str) {
        Some(id) => st.pools.get(id).map(|p| p.id.clone()),
        None => st.pool_of_client(&text(body.get("ClientId"))).map(|p| p.id.clone()),
    };
    // (pool id, real username) of a sign-in name, read under the lock.
    let user_of = |st: &State, name: &str| {
        let pool_id = pool_of(st)?;
        let key = crate::users::find_key_for_sign_in(st.pools.get(&pool_id)?, name)?;
        Some((pool_id, key))
    };
    match op {
        "InitiateAuth" | "AdminInitiateAuth" if body.pointer("/AuthParameters/SRP_A").is_some() => p.ephemeral = Some(Ephemeral::new()),
        "InitiateAuth" | "AdminInitiateAuth" => {
            let password = text(body.pointer("/AuthParameters/PASSWORD"));
            let name = text(body.pointer("/AuthParameters/USERNAME"));
            let stored = (!password.is_empty()).then(|| {
                let st = lock();
                let (pool_id, key) = user_of(&st, &name)?;
                let u = st.pools.get(&pool_id)?.users.get(&key)?;
                Some([pool_id, key, password, u.salt_hex.clone(), u.verifier_hex.clone()])
            });
            if let Some(k) = stored.flatten() {
                let matches = check_password(&k[0], &k[1], &k[2], &k[3], &k[4]);
                p.password_checks.insert(k, matches);
            }
        }
        "RespondToAuthChallenge" | "AdminRespondToAuthChallenge" => match body.get("ChallengeName").and_then(Value::as_str) {
            Some("DEVICE_SRP_AUTH") => p.ephemeral = Some(Ephemeral::new()),
            Some(name @ ("PASSWORD_VERIFIER" | "DEVICE_PASSWORD_VERIFIER")) => {
                let inputs = claim_inputs(&lock(), body, name == "DEVICE_PASSWORD_VERIFIER");
                if let Some(i) = inputs {
                    let claim = i.check();
                    p.claims.push((i, claim));
                }
            }
            // USER_AUTH's choice of PASSWORD_SRP (g^b) or PASSWORD (the password check).
            Some("SELECT_CHALLENGE") if body.pointer("/ChallengeResponses/SRP_A").is_some() => p.ephemeral = Some(Ephemeral::new()),
            Some("SELECT_CHALLENGE") => {
                let password = text(body.pointer("/ChallengeResponses/PASSWORD"));
                let stored = (!password.is_empty()).then(|| {
                    let st = lock();
                    let s = st.sessions.get(&text(body.get("Session")))?;
                    let u = st.pools.get(&s.pool_id)?.users.get(&s.username)?;
                    Some([s.pool_id.clone(), s.username.clone(), password, u.salt_hex.clone(), u.verifier_hex.clone()])
                });
                if let Some(k) = stored.flatten() {
                    let matches = check_password(&k[0], &k[1], &k[2], &k[3], &k[4]);
                    p.password_checks.insert(k, matches);
                }
            }
            Some("NEW_PASSWORD_REQUIRED") => {
                let session = text(body.get("Session"));
                let target = lock().sessions.get(&session).map(|s| (s.pool_id.clone(), s.username.clone()));
                if let Some((pool_id, username)) = target {
                    p.add_verifier(pool_id, username, text(body.pointer("/ChallengeResponses/NEW_PASSWORD")));
                }
            }
            _ => {}
        },
        "SignUp" => {
            // Pools with UsernameAttributes choose the username inside the operation.
            let pool_id = lock().pool_of_client(&text(body.get("ClientId"))).filter(|p| p.username_attributes.is_empty()).map(|p| p.id.clone());
            if let Some(pool_id) = pool_id {
                p.add_verifier(pool_id, text(body.get("Username")), text(body.get("Password")));
            }
        }
        "ChangePassword" => {
            // The operation checks the token; here it only names whose verifier to read (a
            // forged one costs a wasted computation, never a wrong answer: results are used
            // only for exactly these inputs).
            if let Some((pool_id, username)) = unverified_token_user(&text(body.get("AccessToken"))) {
                let stored = lock().pools.get(&pool_id).and_then(|p| p.users.get(&username)).map(|u| (u.salt_hex.clone(), u.verifier_hex.clone()));
                if let Some((salt_hex, verifier_hex)) = stored {
                    let k = [pool_id.clone(), username.clone(), text(body.get("PreviousPassword")), salt_hex, verifier_hex];
                    let matches = check_password(&k[0], &k[1], &k[2], &k[3], &k[4]);
                    p.password_checks.insert(k, matches);
                    p.add_verifier(pool_id, username, text(body.get("ProposedPassword")));
                }
            }
        }
        "AdminCreateUser" => {
            // A caller-given temporary password (a generated one is drawn inside the operation).
            let name = text(body.get("Username"));
            let target = if body.get("MessageAction").and_then(Value::as_str) == Some("RESEND") {
                user_of(&lock(), &name)
            } else {
                // Pools with UsernameAttributes choose the username inside the operation.
                let st = lock();
                pool_of(&st).filter(|id| st.pools.get(id).is_some_and(|p| p.username_attributes.is_empty())).map(|id| (id, name))
            };
            if let Some((pool_id, key)) = target {
                p.add_verifier(pool_id, key, text(body.get("TemporaryPassword")));
            }
        }
        "AdminSetUserPassword" | "ConfirmForgotPassword" => {
            let target = user_of(&lock(), &text(body.get("Username")));
            if let Some((pool_id, key)) = target {
                p.add_verifier(pool_id, key, text(body.get("Password")));
            }
        }
        _ => {}
    }
    p
}

/// (pool id, username) named by an access token's `iss` and `username` claims, read without
/// checking its signature (for [`prepare`] only).
fn unverified_token_user(token: &str) -> Option<(String, String)> {
    let payload = util::b64url_decode(token.split('.').nth(1)?)?;
    let claims: Value = serde_json::from_slice(&payload).ok()?;
    let pool_id = claims.get("iss")?.as_str()?.rsplit('/').next()?.to_string();
    Some((pool_id, claims.get("username")?.as_str()?.to_string()))
}

/// The inputs of the claim check an answer will need, from its pending exchange.
fn claim_inputs(st: &State, body: &Value, device: bool) -> Option<ClaimInputs> {
    let resp = body.get("ChallengeResponses")?;
    let field = |k: &str| resp.get(k).and_then(Value::as_str);
    let block = field("PASSWORD_CLAIM_SECRET_BLOCK")?;
    let session = body.get("Session").and_then(Value::as_str).and_then(|id| st.sessions.get(id)).or_else(|| st.sessions.get(block))?;
    let pending = session.srp.as_ref()?;
    let (name, user_id) = if device {
        let dk = session.device_key.as_deref()?;
        let device = st.pools.get(&session.pool_id)?.users.get(&session.username)?.devices.get(dk)?;
        (device.group_key.clone(), dk.to_string())
    } else {
        (pool_name(&session.pool_id).to_string(), session.username.clone())
    };
    Some(ClaimInputs {
        b_hex: pending.b_hex.clone(),
        verifier_hex: pending.verifier_hex.clone(),
        srp_a_hex: pending.big_a_hex.clone(),
        name,
        user_id,
        secret_block: block.to_string(),
        timestamp: field("TIMESTAMP")?.to_string(),
        signature: field("PASSWORD_CLAIM_SIGNATURE")?.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_wasm::srp::SrpClient;

    #[test]
    fn round_trip_with_the_core_client() {
        let (salt, ver) = make_verifier("us-east-1_Abc", "alice", "Passw0rd!");
        assert!(password_matches("us-east-1_Abc", "alice", "Passw0rd!", &salt, &ver));
        assert!(!password_matches("us-east-1_Abc", "alice", "wrong", &salt, &ver));
        let (b, big_b) = start(&ver).unwrap();
        let client = SrpClient::new("Abc").unwrap();
        let a_hex = client.srp_a_hex();
        assert!(srp_a_ok(&a_hex));
        assert!(!srp_a_ok("0"));
        let block = crate::util::b64(b"opaque block");
        let ts = "Mon Jan 2 03:04:05 UTC 2006";
        let ans = client.answer_password_verifier("alice", "Passw0rd!", &big_b, &salt, &block, ts).unwrap();
        assert_eq!(verify_claim(&b, &ver, &a_hex, "Abc", "alice", &block, ts, &ans.signature), Claim::Valid);
        let bad = client.answer_password_verifier("alice", "nope", &big_b, &salt, &block, ts).unwrap();
        assert_eq!(verify_claim(&b, &ver, &a_hex, "Abc", "alice", &block, ts, &bad.signature), Claim::Wrong);
        assert_eq!(verify_claim(&b, &ver, &a_hex, "Abc", "alice", &block, "2006-01-02", &ans.signature), Claim::BadTimestamp);
    }

    #[test]
    fn the_split_b_equals_the_core_b() {
        let (_, ver) = make_verifier("us-east-1_Abc", "alice", "Passw0rd!");
        let v = parse_hex(&ver).unwrap();
        let e = Ephemeral::new();
        assert_eq!(&e.large_b(&v), ServerSrp::with_small_b(&v, e.small_b.clone()).large_b());
    }

    #[test]
    fn change_password_and_admin_create_user_are_prepared_outside_the_lock() {
        let mut st = State::default();
        let seed = serde_json::json!({ "UserPools": [{ "Id": "us-east-1_Prep0001", "PoolName": "prep",
            "Users": [{ "Username": "alice", "Password": "Passw0rd!", "Status": "CONFIRMED" }] }] });
        crate::seed::apply(&mut st, &seed, "us-east-1").unwrap();
        let mutex = std::sync::Mutex::new(st);
        let claims = crate::util::b64url(br#"{"iss":"http://127.0.0.1:1/us-east-1_Prep0001","username":"alice"}"#);
        let token = format!("e30.{claims}.sig");
        let body = serde_json::json!({ "AccessToken": token, "PreviousPassword": "Passw0rd!", "ProposedPassword": "N3w-Passw0rd!" });
        let p = prepare("ChangePassword", &body, || mutex.lock().unwrap());
        assert_eq!(p.password_checks.values().collect::<Vec<_>>(), [&true], "the old password was checked before the lock");
        assert!(p.verifiers.contains_key(&("us-east-1_Prep0001".into(), "alice".into(), "N3w-Passw0rd!".into())));

        let body = serde_json::json!({ "UserPoolId": "us-east-1_Prep0001", "Username": "bob", "TemporaryPassword": "Temp-Passw0rd1!" });
        let p = prepare("AdminCreateUser", &body, || mutex.lock().unwrap());
        assert!(p.verifiers.contains_key(&("us-east-1_Prep0001".into(), "bob".into(), "Temp-Passw0rd1!".into())));
        // A token that names nobody prepares nothing (the operation itself rejects it).
        let p = prepare("ChangePassword", &serde_json::json!({ "AccessToken": "not.a.jwt" }), || mutex.lock().unwrap());
        assert!(p.password_checks.is_empty() && p.verifiers.is_empty());
    }

    #[test]
    fn prepared_results_are_used_only_for_their_inputs() {
        let (salt, ver) = make_verifier("us-east-1_Abc", "alice", "Passw0rd!");
        // A prepared verifier is taken once, for its exact inputs.
        let prepared = prepare_verifiers(vec![("us-east-1_Abc".into(), "bob".into(), "Passw0rd!".into())]);
        let (bob_salt, bob_ver) = with_prepared(prepared, || {
            let other = make_verifier("us-east-1_Abc", "carol", "Passw0rd!");
            assert!(password_matches("us-east-1_Abc", "carol", "Passw0rd!", &other.0, &other.1));
            let bob = make_verifier("us-east-1_Abc", "bob", "Passw0rd!");
            assert!(PREPARED.with(|p| p.borrow().verifiers.is_empty()));
            bob
        });
        assert!(password_matches("us-east-1_Abc", "bob", "Passw0rd!", &bob_salt, &bob_ver));
        // A prepared claim result is not used for other inputs: a wrong signature stays wrong.
        let (b, big_b) = with_prepared(Prepared { ephemeral: Some(Ephemeral::new()), ..Default::default() }, || start(&ver).unwrap());
        let client = SrpClient::new("Abc").unwrap();
        let block = crate::util::b64(b"opaque block");
        let ts = "Mon Jan 2 03:04:05 UTC 2006";
        let ans = client.answer_password_verifier("alice", "Passw0rd!", &big_b, &salt, &block, ts).unwrap();
        let good = ClaimInputs {
            b_hex: b.clone(),
            verifier_hex: ver.clone(),
            srp_a_hex: client.srp_a_hex(),
            name: "Abc".into(),
            user_id: "alice".into(),
            secret_block: block.clone(),
            timestamp: ts.into(),
            signature: ans.signature.clone(),
        };
        assert_eq!(good.check(), Claim::Valid);
        let prepared_claim = Prepared { claims: vec![(good, Claim::Valid)], ..Default::default() };
        // A prepared password check answers for its exact inputs only (here a planted
        // answer shows which path was taken).
        let planted = ["us-east-1_Abc", "alice", "not-it", salt.as_str(), ver.as_str()].map(str::to_string);
        let prepared = Prepared { password_checks: [(planted, true)].into_iter().collect(), ..Default::default() };
        with_prepared(prepared, || {
            assert!(!password_matches("us-east-1_Abc", "alice", "not-it-either", &salt, &ver));
            assert!(password_matches("us-east-1_Abc", "alice", "not-it", &salt, &ver));
        });
        assert!(!password_matches("us-east-1_Abc", "alice", "not-it", &salt, &ver), "nothing prepared outside with_prepared");
        with_prepared(prepared_claim, || {
            assert_eq!(verify_claim(&b, &ver, &client.srp_a_hex(), "Abc", "alice", &block, ts, "forged"), Claim::Wrong);
            assert_eq!(verify_claim(&b, &ver, &client.srp_a_hex(), "Abc", "alice", &block, ts, &ans.signature), Claim::Valid);
        });
    }
}
