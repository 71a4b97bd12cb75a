//! Shared pieces of the property/fuzz tests (`tests/prop_*.rs`): the case counts (short
//! by default, `COGNITO_FUZZ_CASES` per target for a long run), a runner that reports how
//! many inputs it tried, JSON-ish generators and a batch runner for Node differentials.
//! See `tests/FUZZING.md`.
#![allow(dead_code)]

use std::cell::Cell;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{Map, Number, Value};

/// True when `COGNITO_FUZZ_CASES` asks for a long run.
pub fn long_run() -> bool {
    std::env::var_os("COGNITO_FUZZ_CASES").is_some()
}

/// Inputs for one target: `short` by default, `COGNITO_FUZZ_CASES` in a long run.
pub fn cases(short: u32) -> u32 {
    match std::env::var("COGNITO_FUZZ_CASES") {
        Ok(v) => v.trim().parse().expect("COGNITO_FUZZ_CASES must be a number"),
        Err(_) => short,
    }
}

/// Inputs for an expensive target (big-integer exponentiations per input): the long run
/// is `COGNITO_FUZZ_CASES / divisor`.
pub fn cases_scaled(short: u32, divisor: u32) -> u32 {
    if long_run() {
        (cases(short) / divisor).max(short)
    } else {
        short
    }
}

/// The seed: `COGNITO_FUZZ_SEED` (decimal) when set, else fixed for the short run (CI is
/// reproducible) and time-based for long runs.
fn seed(name: &str) -> u64 {
    let base = match std::env::var("COGNITO_FUZZ_SEED") {
        Ok(v) => v.trim().parse().expect("COGNITO_FUZZ_SEED must be a number"),
        Err(_) if long_run() => std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(7),
        Err(_) => 0x5eed_c061_1170,
    };
    // Each target gets its own stream.
    name.bytes().fold(base, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// Runs `test` on `cases` inputs drawn from `strategy` (shrinking on failure; a panic in
/// the code under test is a failure), and prints `[fuzz] name: N inputs in T s (seed S)`.
pub fn check<S>(name: &str, cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: std::fmt::Debug,
{
    let seed = seed(name);
    let mut seed_bytes = [0u8; 32];
    for (i, chunk) in seed_bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&seed.wrapping_add(i as u64).to_le_bytes());
    }
    let config = Config { cases, failure_persistence: None, max_shrink_iters: 2_000, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes));
    let count = Cell::new(0u64);
    let start = Instant::now();
    let result = runner.run(&strategy, |value| {
        count.set(count.get() + 1);
        test(value)
    });
    eprintln!("[fuzz] {name}: {} inputs in {:.2} s (seed {seed})", count.get(), start.elapsed().as_secs_f64());
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

// ----- generators -----

/// Characters that matter to the parsers under test, plus arbitrary ones.
pub fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(vec![
            'A', 'z', '0', '9', '+', '/', '-', '_', '=', '.', '#', ':', ' ', '\n', '\t', '\r', '{', '}', '[', ']', '"', '\\', ',',
            '\0', '\u{7f}', '\u{a0}', '\u{feff}', '\u{2028}', 'é', 'Ł', '😀', '\u{fffd}', 'x', 'f', 'F',
        ]),
        1 => any::<char>(),
    ]
}

/// Short strings made of [`interesting_char`]s.
pub fn interesting_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(interesting_char(), 0..=max).prop_map(|v| v.into_iter().collect())
}

/// Field names the SDK reads, and some it does not.
pub fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "__type", "code", "message", "Message", "ChallengeName", "ChallengeParameters", "Session", "AuthenticationResult",
            "AccessToken", "IdToken", "RefreshToken", "ExpiresIn", "TokenType", "NewDeviceMetadata", "DeviceKey", "DeviceGroupKey",
            "UserConfirmationNecessary", "SecretCode", "Status", "UserConfirmed", "UserSub", "CodeDeliveryDetails", "Destination",
            "DeliveryMedium", "AttributeName", "Username", "UserAttributes", "Name", "Value", "MFAOptions", "PreferredMfaSetting",
            "UserMFASettingList", "SRP_B", "SALT", "SECRET_BLOCK", "USER_ID_FOR_SRP", "USERNAME", "userAttributes",
            "requiredAttributes", "exp", "iat", "origin_jti", "sub", "",
        ])
        .prop_map(str::to_string),
        1 => interesting_string(12),
    ]
}

/// A JSON number of any kind (integers, floats, big integers, negative zero).
pub fn json_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        (-5i64..5).prop_map(Value::from),
        Just(Value::from(-0.0f64)),
        Just(Value::from(1_767_225_600i64)),
    ]
}

/// Arbitrary JSON values, nested a few levels.
pub fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        json_number(),
        interesting_string(24).prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((json_key(), inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Deeply nested JSON (arrays or objects), `depth` levels, optionally unterminated.
pub fn deep_json(depth: usize, objects: bool, close: bool) -> String {
    let (open, end) = if objects { ("{\"a\":", "}") } else { ("[", "]") };
    let mut s = open.repeat(depth);
    s.push('1');
    if close {
        s.push_str(&end.repeat(depth));
    }
    s
}

/// Text that is JSON, nearly JSON, or not JSON at all.
pub fn body_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => json_value().prop_map(|v| v.to_string()),
        2 => (json_value(), any::<prop::sample::Index>()).prop_map(|(v, i)| {
            // Truncated JSON.
            let s = v.to_string();
            let cut = i.index(s.len() + 1);
            s.char_indices().map(|(k, _)| k).rfind(|&k| k <= cut).map_or(String::new(), |k| s[..k].to_string())
        }),
        2 => (json_value(), any::<prop::sample::Index>(), interesting_char()).prop_map(|(v, i, c)| {
            // One character inserted.
            let mut s = v.to_string();
            let at = s.char_indices().map(|(k, _)| k).nth(i.index(s.chars().count().max(1))).unwrap_or(s.len());
            s.insert(at, c);
            s
        }),
        1 => prop::sample::select(vec![
            "", " ", "\n", "null", "{}", "[]", "0", "\"x\"", "true", "<html><body><h1>502 Bad Gateway</h1></body></html>",
            "{\"__type\":", "{\"__type\":\"a#b#c\"}", "{\"__type\":\"#\"}", "{\"__type\":\"\"}", "\u{feff}{}", "1e400", "-1e400",
            "{\"exp\":1e400}", "\"\\ud800\"", "{\"a\":\"\\ud800\\udc00\"}",
        ])
        .prop_map(str::to_string),
        1 => interesting_string(64),
        1 => (1usize..3000, any::<bool>(), any::<bool>()).prop_map(|(d, o, c)| deep_json(d, o, c)),
        1 => (0usize..40_000, interesting_char()).prop_map(|(n, c)| format!("{{\"message\":\"{}\",\"__type\":\"X\"}}", c.to_string().repeat(n / 4))),
        1 => prop::collection::vec(any::<u8>(), 0..64).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

// ----- Node differentials -----

/// Runs `script` in `node` with `inputs` (JSON array) on standard input and returns its
/// standard output parsed as a JSON array (one answer per input). Panics when `node` cannot
/// be run: a differential without its reference fails, it never passes.
pub fn node_batch(script: &str, inputs: &[Value]) -> Vec<Value> {
    let mut child = Command::new("node")
        .arg("-e")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("the Node differential needs `node` on PATH and it cannot be run ({e}): install Node.js 20"));
    let payload = Value::Array(inputs.to_vec()).to_string();
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(payload.as_bytes()));
    let out = child.wait_with_output().expect("node ran");
    writer.join().expect("writer thread").expect("wrote to node");
    assert!(out.status.success(), "node failed");
    let answers: Vec<Value> = serde_json::from_slice(&out.stdout).expect("node printed JSON");
    assert_eq!(answers.len(), inputs.len());
    answers
}

/// The prelude every Node script starts with: reads standard input as JSON into `input`,
/// and `done(answers)` prints the answers.
pub const NODE_PRELUDE: &str = r#"
const chunks = [];
process.stdin.on('data', c => chunks.push(c));
process.stdin.on('end', () => { const input = JSON.parse(Buffer.concat(chunks).toString('utf8')); main(input); });
function done(answers) { process.stdout.write(JSON.stringify(answers)); }
"#;

/// Draws `n` values from `strategy` with a seeded runner (for batch differentials).
pub fn sample<S: Strategy>(name: &str, n: usize, strategy: S) -> Vec<S::Value> {
    let seed = seed(name);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes));
    (0..n).map(|_| strategy.new_tree(&mut runner).expect("value").current()).collect()
}

// ----- a transport answering from a random script -----

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use cognito_wasm::wire::{HttpRequest, HttpResponse, Transport, TransportError};

/// Replays scripted answers in order whatever the operation, then fails (no response).
#[derive(Default)]
pub struct ScriptState {
    pub answers: RefCell<VecDeque<Result<HttpResponse, TransportError>>>,
    /// Operation name and body of every request sent.
    pub sent: RefCell<Vec<(String, String)>>,
    pub now_ms: std::cell::Cell<i64>,
}

/// A transport over a shared [`ScriptState`].
#[derive(Clone, Default)]
pub struct ScriptedTransport(pub Rc<ScriptState>);

impl ScriptedTransport {
    pub fn new(answers: Vec<Result<HttpResponse, TransportError>>, now_ms: i64) -> Self {
        let t = ScriptedTransport::default();
        *t.0.answers.borrow_mut() = answers.into();
        t.0.now_ms.set(now_ms);
        t
    }

    pub fn operations(&self) -> Vec<String> {
        self.0.sent.borrow().iter().map(|(op, _)| op.clone()).collect()
    }
}

impl Transport for ScriptedTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.0.sent.borrow_mut().push((request.operation.name().to_string(), request.body));
        self.0.answers.borrow_mut().pop_front().unwrap_or_else(|| Err(TransportError { detail: "script over".into() }))
    }
    async fn sleep(&self, millis: u32) {
        self.0.now_ms.set(self.0.now_ms.get() + i64::from(millis));
    }
    fn now_millis(&self) -> i64 {
        self.0.now_ms.get()
    }
}

/// 2026-01-01T00:00:00Z, the clock of the scripted transport.
pub const NOW_MS: i64 = 1_767_225_600_000;

/// A JWT around `payload` (header and signature are placeholders).
pub fn jwt_of(payload: &str) -> String {
    use base64::Engine as _;
    format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload))
}

/// Token texts: JWTs valid now, expired, with odd claims, truncated, or junk.
pub fn token_text() -> impl Strategy<Value = String> {
    let now = NOW_MS / 1000;
    prop_oneof![
        3 => (-7200i64..7200, -7200i64..7200, any::<bool>())
            .prop_map(move |(e, i, jti)| jwt_of(&serde_json::json!({"exp": now + e, "iat": now + i, "origin_jti": if jti { "j" } else { "" }}).to_string())),
        1 => (json_value(), json_value()).prop_map(|(e, i)| jwt_of(&serde_json::json!({"exp": e, "iat": i}).to_string())),
        1 => (token_prefix(), any::<prop::sample::Index>()).prop_map(|(t, i)| t[..i.index(t.len() + 1)].to_string()),
        1 => interesting_string(40),
        1 => Just(String::new()),
    ]
}

fn token_prefix() -> impl Strategy<Value = String> {
    Just(jwt_of(&serde_json::json!({"exp": NOW_MS / 1000 + 3600, "iat": NOW_MS / 1000}).to_string()))
}

/// An `AuthenticationResult`-like value: usually usable tokens, sometimes broken fields.
pub fn auth_result_value() -> impl Strategy<Value = Value> {
    (token_text(), token_text(), prop::option::of(interesting_string(20)), prop::option::of(json_value()), any::<u8>()).prop_map(
        |(access, id, refresh, device, shape)| {
            let mut o = serde_json::Map::new();
            if shape & 1 == 0 {
                o.insert("AccessToken".into(), Value::String(access));
            }
            if shape & 2 == 0 {
                o.insert("IdToken".into(), Value::String(id));
            }
            if let Some(r) = refresh {
                o.insert("RefreshToken".into(), Value::String(r));
            }
            if shape & 4 == 0 {
                o.insert("ExpiresIn".into(), Value::from(3600));
            }
            if let Some(d) = device {
                o.insert(
                    "NewDeviceMetadata".into(),
                    if shape & 8 == 0 { serde_json::json!({"DeviceKey": "us-east-1_dev", "DeviceGroupKey": "grp"}) } else { d },
                );
            }
            if shape & 16 != 0 {
                o.insert("IdToken".into(), Value::from(5));
            }
            Value::Object(o)
        },
    )
}

/// Hex-ish SRP parameter values (some valid, some not).
pub fn srp_param() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[0-9a-f]{1,768}",
        1 => "[0-9A-F]{1,4}",
        1 => prop::sample::select(vec!["0", "00", "", "-1", "0x1f", "zz"]).prop_map(str::to_string),
        1 => interesting_string(10),
    ]
}

/// A Cognito-like response to any sign-in step, with random parts.
pub fn auth_response_value() -> impl Strategy<Value = Value> {
    let challenge = prop::option::of(prop_oneof![
        6 => prop::sample::select(vec![
            "PASSWORD_VERIFIER", "SMS_MFA", "SOFTWARE_TOKEN_MFA", "SELECT_MFA_TYPE", "MFA_SETUP", "CUSTOM_CHALLENGE", "NEW_PASSWORD_REQUIRED",
            "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER", "SMS_OTP", "EMAIL_OTP", "",
        ])
        .prop_map(|s| Value::String(s.to_string())),
        1 => json_value(),
    ]);
    let parameters = (
        prop::option::of(interesting_string(12)),
        prop::option::of(srp_param()),
        prop::option::of(srp_param()),
        prop::option::of(prop_oneof!["[A-Za-z0-9+/=]{0,64}", interesting_string(20)]),
        prop::option::of(prop_oneof![json_value().prop_map(|v| v.to_string()), interesting_string(10)]),
        prop::option::of(prop_oneof![Just("[\"userAttributes.name\"]".to_string()), json_value().prop_map(|v| v.to_string()), interesting_string(10)]),
        prop::collection::vec((json_key(), interesting_string(8)), 0..3),
    )
        .prop_map(|(user, b, salt, block, attrs, required, extra)| {
            let mut o: serde_json::Map<String, Value> = extra.into_iter().map(|(k, v)| (k, Value::String(v))).collect();
            for (k, v) in [("USER_ID_FOR_SRP", user), ("SRP_B", b), ("SALT", salt), ("SECRET_BLOCK", block), ("userAttributes", attrs), ("requiredAttributes", required)] {
                if let Some(v) = v {
                    o.insert(k.to_string(), Value::String(v));
                }
            }
            Value::Object(o)
        });
    (challenge, prop::option::of(prop_oneof![4 => parameters, 1 => json_value()]), prop::option::of(interesting_string(16)), prop::option::of(auth_result_value()), any::<u8>())
        .prop_map(|(challenge, parameters, session, result, extra)| {
            let mut o = serde_json::Map::new();
            if let Some(c) = challenge {
                o.insert("ChallengeName".into(), c);
            }
            if let Some(p) = parameters {
                o.insert("ChallengeParameters".into(), p);
            }
            if let Some(s) = session {
                o.insert("Session".into(), Value::String(s));
            }
            if let Some(r) = result {
                o.insert("AuthenticationResult".into(), r);
            }
            if extra % 7 == 0 {
                o.insert("SecretCode".into(), Value::String("SECRET".into()));
                o.insert("Status".into(), Value::String("SUCCESS".into()));
                o.insert("UserConfirmationNecessary".into(), Value::Bool(extra % 2 == 0));
            }
            Value::Object(o)
        })
}

/// One scripted answer: mostly a 200 with a Cognito-like body, else anything.
pub fn scripted_answer() -> impl Strategy<Value = Result<HttpResponse, TransportError>> {
    prop_oneof![
        6 => auth_response_value().prop_map(|v| Ok(HttpResponse::new(200, v.to_string()))),
        2 => (prop::sample::select(vec![400u16, 403, 429, 500, 502]), prop::sample::select(vec![
            "NotAuthorizedException", "ResourceNotFoundException", "TooManyRequestsException", "InternalErrorException", "CodeMismatchException",
        ]), prop::sample::select(vec!["Device does not exist.", "Incorrect username or password.", "x", ""]))
            .prop_map(|(s, c, m)| Ok(HttpResponse::new(s, serde_json::json!({"__type": c, "message": m}).to_string()))),
        2 => (any::<u16>(), body_text()).prop_map(|(s, b)| Ok(HttpResponse::new(s, b))),
        1 => Just(Err(TransportError { detail: "offline".into() })),
    ]
}
