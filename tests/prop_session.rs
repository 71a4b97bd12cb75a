//! Property/fuzz tests of stored sessions (`storage.rs`, `session.rs`, the user's
//! `getSession`): a storage holding random, corrupted, truncated or foreign values under
//! the Cognito keys gives the reference's errors or a session, never a panic; a refresh
//! answered at random leaves storage as it was unless it succeeds (or the refresh token
//! is rejected). The clock drift's text form is compared with JavaScript's in Node.
//! See tests/FUZZING.md.
#![cfg(not(target_arch = "wasm32"))]

mod prop_support;

use std::collections::BTreeMap;
use std::rc::Rc;

use cognito_wasm::pool_config::{PoolConfig, PoolData};
use cognito_wasm::session::{format_clock_drift, parse_clock_drift, CognitoUserSession};
use cognito_wasm::storage::{MemoryStorage, Storage};
use cognito_wasm::tokens::{AccessToken, IdToken, RefreshToken};
use cognito_wasm::user::{current_user, CognitoUser, LocalSession, UserPool};
use cognito_wasm::wire::errors::messages;
use futures::executor::block_on;
use prop_support::*;
use proptest::prelude::*;
use serde_json::Value;

const CLIENT_ID: &str = "client123";
const PREFIX: &str = "CognitoIdentityServiceProvider.client123";
const ENTRIES: [&str; 8] = ["idToken", "accessToken", "refreshToken", "clockDrift", "userData", "deviceKey", "randomPasswordKey", "deviceGroupKey"];

fn drift_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => "[ \t\n]{0,2}[+-]?[0-9]{0,25}(\\.[0-9]{0,5})?(e[+-]?[0-9]{1,3})?[a-z ]{0,3}",
        1 => "[ ]?[+-]?0[xX][0-9a-fA-F]{0,13}[g-z]?",
        1 => prop::sample::select(vec!["NaN", "Infinity", "-Infinity", "", "-", "+", "-0", "0x", "1e21", "\u{a0}5", "\u{feff}7", "\u{85}9", "\u{2028}3", "\u{3000}4"])
            .prop_map(str::to_string),
        1 => interesting_string(12),
    ]
}

/// `stored || 0` of a JavaScript number, sent back from Node as a string.
const NODE_DRIFT: &str = r#"
function main(input) {
  done(input.map(([text, value]) => [String(parseInt(text) || 0), `${Number(value)}`]));
}
"#;

fn f64_text(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        format!("{x:?}")
    }
}

fn drift_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => (-4_000_000_000i64..4_000_000_000).prop_map(|v| v as f64),
        2 => any::<f64>(),
        1 => prop::sample::select(vec![0.0, -0.0, 1e21, -1e21, 1e20, 123e18, 1e-6, 1e-7, 1.5e-7, 0.1, f64::MAX, f64::MIN_POSITIVE, 5e-324, f64::INFINITY, f64::NAN]),
    ]
}

/// `parseInt(stored) || 0` and `${drift}` exactly as JavaScript computes them.
#[test]
fn drift_text_matches_javascript_in_node() {
    let total = cases(3000) as usize;
    let start = std::time::Instant::now();
    let mut done = 0;
    while done < total {
        let n = (total - done).min(200_000);
        let inputs = sample(&format!("session/node_drift/{done}"), n, (drift_text(), drift_value()));
        let json: Vec<Value> = inputs.iter().map(|(t, v)| serde_json::json!([t, f64_text(*v)])).collect();
        let answers = node_batch(&format!("{NODE_PRELUDE}{NODE_DRIFT}"), &json);
        for ((text, value), want) in inputs.iter().zip(answers) {
            let parsed: f64 = want[0].as_str().unwrap().parse().unwrap_or_else(|_| if want[0] == "Infinity" { f64::INFINITY } else { f64::NEG_INFINITY });
            let got = parse_clock_drift(Some(text));
            assert_eq!(got, parsed, "parseInt({text:?}) = {want}");
            let (got, want) = (format_clock_drift(*value), want[1].as_str().unwrap());
            if got != want {
                // Among equally short digit strings V8 picks the closest, Rust's shortest
                // formatting not always (`-586621721428485.3` vs `.2`): same number,
                // same length, last digit only.
                assert_eq!(got.parse::<f64>().ok(), want.parse::<f64>().ok(), "`${{{value:?}}}`: {got} vs {want}");
                assert_eq!(got.len(), want.len(), "`${{{value:?}}}`: {got} vs {want}");
                assert_eq!(got[..got.len() - 1], want[..want.len() - 1], "`${{{value:?}}}`: {got} vs {want}");
            }
        }
        done += n;
    }
    eprintln!("[fuzz] session/node_drift: {done} inputs in {:.2} s", start.elapsed().as_secs_f64());
}

fn stored_value(entry: &'static str) -> impl Strategy<Value = Option<String>> {
    let value = match entry {
        "idToken" | "accessToken" => token_text().boxed(),
        "clockDrift" => prop_oneof![drift_text(), (-100i64..100).prop_map(|v| v.to_string())].boxed(),
        "userData" => body_text().boxed(),
        _ => interesting_string(20).boxed(),
    };
    prop::option::of(value)
}

fn username() -> impl Strategy<Value = String> {
    prop_oneof![3 => Just("alice".to_string()), 1 => Just(String::new()), 1 => interesting_string(8)]
}

/// A storage with random values under the keys of `alice`, of another user, and
/// `LastAuthUser`.
fn stored() -> impl Strategy<Value = BTreeMap<String, String>> {
    let per_user = || ENTRIES.map(stored_value);
    (per_user(), per_user(), prop::option::of(prop_oneof![Just("alice".to_string()), interesting_string(8)]), username())
        .prop_map(|(alice, other, last, other_name)| {
            let mut m = BTreeMap::new();
            for (name, values) in [("alice", alice), (other_name.as_str(), other)] {
                for (entry, v) in ENTRIES.iter().zip(values) {
                    if let Some(v) = v {
                        m.insert(format!("{PREFIX}.{name}.{entry}"), v);
                    }
                }
            }
            if let Some(last) = last {
                m.insert(format!("{PREFIX}.LastAuthUser"), last);
            }
            m
        })
}

fn pool(transport: ScriptedTransport, storage: Rc<MemoryStorage>) -> Rc<UserPool<ScriptedTransport>> {
    let config = PoolConfig::new(PoolData {
        user_pool_id: Some("us-east-1_Pool".into()),
        client_id: Some(CLIENT_ID.into()),
        endpoint: Some("http://mock.invalid/".into()),
        ..Default::default()
    })
    .unwrap();
    Rc::new(UserPool::new(config, transport, storage as Rc<dyn Storage>))
}

fn fill(storage: &MemoryStorage, items: &BTreeMap<String, String>) {
    for (k, v) in items {
        storage.set_item(k, v).unwrap();
    }
}

/// The reference's `getSession` steps 1–5 from storage alone.
fn model_local_session(username: &str, items: &BTreeMap<String, String>, now: i64) -> Result<LocalSession, &'static str> {
    if username.is_empty() {
        return Err(messages::USERNAME_NULL);
    }
    let get = |e: &str| items.get(&format!("{PREFIX}.{username}.{e}")).cloned();
    let Some(id) = get("idToken").filter(|t| !t.is_empty()) else { return Err(messages::MISSING_ID_TOKEN) };
    let session = CognitoUserSession::new(
        Some(IdToken::new(id)),
        Some(AccessToken::new(get("accessToken").unwrap_or_default())),
        Some(RefreshToken::new(get("refreshToken").unwrap_or_default())),
        Some(parse_clock_drift(get("clockDrift").as_deref())),
        now,
    )
    .unwrap();
    if session.is_valid(now) {
        return Ok(LocalSession::Valid(session));
    }
    if session.refresh_token().token().is_empty() {
        return Err(messages::CANNOT_REFRESH);
    }
    Ok(LocalSession::NeedsRefresh(session.refresh_token().clone()))
}

#[test]
fn stored_sessions_give_the_reference_outcome() {
    check("session/local", cases(1000), (stored(), username()), |(items, name)| {
        let storage = Rc::new(MemoryStorage::new());
        fill(&storage, &items);
        let pool = pool(ScriptedTransport::new(vec![], NOW_MS), storage.clone());
        let user = CognitoUser::new(name.clone(), Rc::clone(&pool), None);
        let got = user.local_session();
        let want = model_local_session(&name, &items, NOW_MS / 1000);
        match (&got, &want) {
            (Ok(g), Ok(w)) => prop_assert_eq!(g, w),
            (Err(g), Err(w)) => {
                prop_assert_eq!(g.message.as_str(), *w);
                prop_assert_eq!(g.code.as_ref(), None);
            }
            _ => prop_assert!(false, "got {:?}, reference {:?}", got, want),
        }
        // No network, no writes.
        prop_assert_eq!(storage.snapshot(), items.clone());
        prop_assert!(pool.transport().0.sent.borrow().is_empty());
        // getCurrentUser on the same storage.
        if let Some(u) = current_user(&pool) {
            prop_assert!(!u.username().is_empty());
            let _ = u.local_session();
        }
        Ok(())
    });
}

fn user_keys(name: &str) -> Vec<String> {
    let mut keys: Vec<String> = ["idToken", "accessToken", "refreshToken", "clockDrift", "userData"].iter().map(|e| format!("{PREFIX}.{name}.{e}")).collect();
    keys.push(format!("{PREFIX}.LastAuthUser"));
    keys
}

#[test]
fn refresh_answered_at_random() {
    let strategy = (stored(), username(), prop::collection::vec(scripted_answer(), 0..7));
    check("session/refresh", cases(800), strategy, |(items, name, answers)| {
        let storage = Rc::new(MemoryStorage::new());
        fill(&storage, &items);
        let transport = ScriptedTransport::new(answers, NOW_MS);
        let pool = pool(transport.clone(), storage.clone());
        let user = CognitoUser::new(name.clone(), Rc::clone(&pool), None);
        let needs_refresh = matches!(user.local_session(), Ok(LocalSession::NeedsRefresh(_)));
        let result = block_on(user.get_session(None));
        let after = storage.snapshot();
        prop_assert!(transport.operations().iter().all(|op| op == "InitiateAuth"));
        prop_assert!(transport.operations().len() <= 6);
        match &result {
            Ok(session) => {
                if needs_refresh {
                    // The new session is stored under the (LastAuthUser) username.
                    let u = user.username();
                    prop_assert_eq!(after.get(&format!("{PREFIX}.{u}.idToken")).map(String::as_str), Some(session.id_token().jwt_token()));
                    prop_assert_eq!(after.get(&format!("{PREFIX}.{u}.accessToken")).map(String::as_str), Some(session.access_token().jwt_token()));
                    prop_assert_eq!(after.get(&format!("{PREFIX}.{u}.refreshToken")).map(String::as_str), Some(session.refresh_token().token()));
                    prop_assert_eq!(after.get(&format!("{PREFIX}.LastAuthUser")), Some(&u));
                } else {
                    prop_assert_eq!(&after, &items);
                }
            }
            Err(e) if e.is("NotAuthorizedException") => {
                // The rejected refresh token's cached user is cleared, nothing else changes.
                // (`userData` stays keyed by the constructor's username, as the reference.)
                let mut cleared = user_keys(&user.username());
                cleared.retain(|k| !k.ends_with(".userData"));
                cleared.push(format!("{PREFIX}.{name}.userData"));
                for (k, v) in &items {
                    if !cleared.contains(k) {
                        prop_assert_eq!(after.get(k), Some(v));
                    }
                }
                for k in &cleared {
                    prop_assert!(!after.contains_key(k), "{} kept", k);
                }
            }
            Err(_) => prop_assert_eq!(&after, &items, "a failed refresh changed storage"),
        }
        Ok(())
    });
}
