//! The SQLite state store: a panicking operation leaves the data exactly as it was (in the
//! running emulator and in the file, seen by a fresh process), and a JSON state file of the
//! earlier format (tests/fixtures/json-state-v0.json, written by that version) is converted
//! with everything in it kept.

mod common;
use cognito_emulator::app::App;
use cognito_emulator::cli::Config;
use cognito_emulator::errors::ApiError;
use cognito_wasm::srp::SrpClient;
use common::Emulator;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const PW: &str = "Corr3ct-Horse!";

fn temp_dir(tag: &str) -> PathBuf {
    let n = u64::from_le_bytes(cognito_emulator::util::random_bytes(8).try_into().unwrap());
    let dir = std::env::temp_dir().join(format!("cogemu-store-{tag}-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn exec(app: &App, op: &str, body: Value) -> Result<Value, ApiError> {
    app.execute(op, &body, "us-east-1", false)
}

fn ok(app: &App, op: &str, body: Value) -> Value {
    exec(app, op, body.clone()).unwrap_or_else(|e| panic!("{op} {body}: {} {}", e.code, e.message))
}

fn panicking(app: &App, op: &str, body: Value) {
    let e = app.execute(op, &body, "us-east-1", true).expect_err("an injected panic must fail the operation");
    assert_eq!(e.code, "InternalErrorException", "{op}: {}", e.message);
    assert_eq!(e.status, 500);
}

/// USER_SRP_AUTH through an app or a process: Ok(access token) or Err(error code).
fn srp_sign_in(call: &dyn Fn(&str, Value) -> Result<Value, String>, pool_id: &str, client_id: &str, name: &str, pw: &str) -> Result<String, String> {
    let client = SrpClient::new(pool_id.split_once('_').unwrap().1).unwrap();
    let ch = call("InitiateAuth", json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": client_id, "AuthParameters": { "USERNAME": name, "SRP_A": client.srp_a_hex() } }))?;
    let p = &ch["ChallengeParameters"];
    let user_id = p["USER_ID_FOR_SRP"].as_str().unwrap();
    let ans = client
        .answer_password_verifier(user_id, pw, p["SRP_B"].as_str().unwrap(), p["SALT"].as_str().unwrap(), p["SECRET_BLOCK"].as_str().unwrap(), &cognito_wasm::date::now_string())
        .unwrap();
    let out = call(
        "RespondToAuthChallenge",
        json!({ "ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id, "ChallengeResponses": {
            "USERNAME": user_id, "PASSWORD_CLAIM_SECRET_BLOCK": ans.secret_block, "TIMESTAMP": ans.timestamp,
            "PASSWORD_CLAIM_SIGNATURE": ans.signature } }),
    )?;
    Ok(out["AuthenticationResult"]["AccessToken"].as_str().ok_or("no access token")?.to_string())
}

fn attrs(user: &Value) -> Value {
    let mut list: Vec<(String, String)> = user["UserAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["Name"].as_str().unwrap().to_string(), a["Value"].as_str().unwrap().to_string()))
        .collect();
    list.sort();
    json!(list)
}

fn is_sqlite(path: &Path) -> bool {
    std::fs::read(path).unwrap().starts_with(b"SQLite format 3\0")
}

#[test]
fn a_panicking_operation_changes_nothing_in_memory_or_in_the_file() {
    let dir = temp_dir("panic");
    let file = dir.join("state.db");
    let cfg = Config { port: 0, state: Some(file.clone()), ..Config::default() };
    let running = cognito_emulator::start(&cfg).unwrap();
    let app = running.app.clone();

    let pool_id = ok(&app, "CreateUserPool", json!({ "PoolName": "panic", "AliasAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }))["UserPool"]["Id"].as_str().unwrap().to_string();
    let client_id = ok(&app, "CreateUserPoolClient", json!({ "UserPoolId": pool_id, "ClientName": "c" }))["UserPoolClient"]["ClientId"].as_str().unwrap().to_string();
    ok(&app, "AdminCreateUser", json!({ "UserPoolId": pool_id, "Username": "alice", "MessageAction": "SUPPRESS",
        "UserAttributes": [{ "Name": "email", "Value": "alice@example.com" }, { "Name": "email_verified", "Value": "true" }] }));
    ok(&app, "AdminSetUserPassword", json!({ "UserPoolId": pool_id, "Username": "alice", "Password": PW, "Permanent": true }));
    let get_alice = |app: &App| ok(app, "AdminGetUser", json!({ "UserPoolId": pool_id, "Username": "alice" }));
    let before = get_alice(&app);

    // AdminUpdateUserAttributes: the new e-mail (and its index entry) are undone.
    panicking(&app, "AdminUpdateUserAttributes", json!({ "UserPoolId": pool_id, "Username": "alice",
        "UserAttributes": [{ "Name": "email", "Value": "mallory@example.com" }, { "Name": "email_verified", "Value": "true" }, { "Name": "name", "Value": "M" }] }));
    assert_eq!(attrs(&get_alice(&app)), attrs(&before));
    assert_eq!(get_alice(&app)["UserLastModifiedDate"], before["UserLastModifiedDate"]);
    let by_alias = exec(&app, "AdminGetUser", json!({ "UserPoolId": pool_id, "Username": "mallory@example.com" }));
    assert_eq!(by_alias.map_err(|e| e.code), Err("UserNotFoundException"));
    assert_eq!(ok(&app, "AdminGetUser", json!({ "UserPoolId": pool_id, "Username": "alice@example.com" }))["Username"], "alice");

    // SignUp: neither the user nor its outbox message stay.
    let outbox_before = app.outbox(&pool_id, None).unwrap();
    panicking(&app, "SignUp", json!({ "ClientId": client_id, "Username": "bob", "Password": PW, "UserAttributes": [{ "Name": "email", "Value": "bob@example.com" }] }));
    let bob = exec(&app, "AdminGetUser", json!({ "UserPoolId": pool_id, "Username": "bob" }));
    assert_eq!(bob.map_err(|e| e.code), Err("UserNotFoundException"));
    assert_eq!(app.outbox(&pool_id, None).unwrap(), outbox_before);

    // DeleteUserPool: the pool comes back whole.
    panicking(&app, "DeleteUserPool", json!({ "UserPoolId": pool_id }));
    assert!(app.pool_exists(&pool_id));
    assert_eq!(attrs(&get_alice(&app)), attrs(&before));

    // A sign-in whose answer panics: no refresh token is kept, and signing in again works.
    let call = |op: &str, body: Value| exec(&app, op, body).map_err(|e| e.code.to_string());
    let client = SrpClient::new(pool_id.split_once('_').unwrap().1).unwrap();
    let ch = ok(&app, "InitiateAuth", json!({ "AuthFlow": "USER_SRP_AUTH", "ClientId": client_id, "AuthParameters": { "USERNAME": "alice", "SRP_A": client.srp_a_hex() } }));
    let p = &ch["ChallengeParameters"];
    let ans = client
        .answer_password_verifier("alice", PW, p["SRP_B"].as_str().unwrap(), p["SALT"].as_str().unwrap(), p["SECRET_BLOCK"].as_str().unwrap(), &cognito_wasm::date::now_string())
        .unwrap();
    let answer = json!({ "ChallengeName": "PASSWORD_VERIFIER", "ClientId": client_id, "ChallengeResponses": {
        "USERNAME": "alice", "PASSWORD_CLAIM_SECRET_BLOCK": ans.secret_block, "TIMESTAMP": ans.timestamp, "PASSWORD_CLAIM_SIGNATURE": ans.signature } });
    panicking(&app, "RespondToAuthChallenge", answer.clone());
    // The challenge session was restored too: the same answer now succeeds.
    assert!(ok(&app, "RespondToAuthChallenge", answer)["AuthenticationResult"]["RefreshToken"].is_string());
    srp_sign_in(&call, &pool_id, &client_id, "alice", PW).unwrap();

    // The emulator keeps serving, and the same SignUp works for real now.
    ok(&app, "SignUp", json!({ "ClientId": client_id, "Username": "bob", "Password": PW, "UserAttributes": [{ "Name": "email", "Value": "bob@example.com" }] }));
    let alice_now = get_alice(&app);
    running.stop();
    drop(app);

    // A fresh process on the same file sees the same data.
    let emu = Emulator::start(&["--state", file.to_str().unwrap()]);
    let alice = emu.ok("AdminGetUser", json!({ "UserPoolId": pool_id, "Username": "alice" }));
    assert_eq!(attrs(&alice), attrs(&before));
    assert_eq!(alice["UserLastModifiedDate"], alice_now["UserLastModifiedDate"]);
    assert_eq!(emu.err_code("AdminGetUser", json!({ "UserPoolId": pool_id, "Username": "mallory@example.com" })).0, "UserNotFoundException");
    assert_eq!(emu.ok("AdminGetUser", json!({ "UserPoolId": pool_id, "Username": "bob" }))["UserStatus"], "UNCONFIRMED");
    let (status, _, body) = emu.signed("GET", &format!("/_emulator/messages?poolId={pool_id}"), &[], b"");
    assert_eq!(status, 200);
    let messages: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(messages.as_array().unwrap().iter().filter(|m| m["username"] == "bob").count(), 1, "{messages}");
    let call = |op: &str, body: Value| emu.call(op, body).map_err(|e| e.code);
    srp_sign_in(&call, &pool_id, &client_id, "alice@example.com", PW).unwrap();
    emu.stop();
    assert!(is_sqlite(&file));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_json_state_file_of_the_earlier_format_is_converted() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let json_bytes = std::fs::read(fixtures.join("json-state-v0.json")).unwrap();
    let tokens: Value = serde_json::from_slice(&std::fs::read(fixtures.join("json-state-v0.tokens.json")).unwrap()).unwrap();
    let (pool_id, client_id) = (tokens["poolId"].as_str().unwrap(), tokens["clientId"].as_str().unwrap());
    let dir = temp_dir("convert");
    let file = dir.join("state.json");
    std::fs::write(&file, &json_bytes).unwrap();

    for round in 0..2 {
        let emu = Emulator::start(&["--state", file.to_str().unwrap()]);
        assert!(is_sqlite(&file), "round {round}: the file is now a SQLite database");
        assert_eq!(std::fs::read(dir.join("state.json.json.bak")).unwrap(), json_bytes, "the JSON is kept as it was");
        // Users, their passwords (verifiers), aliases, flags and status.
        let call = |op: &str, body: Value| emu.call(op, body).map_err(|e| e.code);
        srp_sign_in(&call, pool_id, client_id, "alice", "Legacy-Passw0rd!").unwrap();
        srp_sign_in(&call, pool_id, client_id, "bob@example.com", "Legacy-Passw0rd!").unwrap();
        assert_eq!(srp_sign_in(&call, pool_id, client_id, "alice", "Wrong-Passw0rd!"), Err("NotAuthorizedException".into()));
        assert_eq!(srp_sign_in(&call, pool_id, client_id, "carol", "Legacy-Passw0rd!"), Err("NotAuthorizedException".into()), "carol is disabled");
        assert_eq!(emu.ok("AdminGetUser", json!({ "UserPoolId": pool_id, "Username": "dave" }))["UserStatus"], "UNCONFIRMED");
        // The outbox (dave's sign-up code) and the refresh token of the earlier version.
        let (_, messages) = emu.get_json(&format!("/_emulator/messages?poolId={pool_id}&username=dave"));
        assert_eq!(messages.as_array().unwrap().len(), 1, "{messages}");
        let refreshed = emu.ok("InitiateAuth", json!({ "AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client_id,
            "AuthParameters": { "REFRESH_TOKEN": tokens["refreshToken"] } }));
        // The signing key: the new id token has the old one's key id.
        let kid = |jwt: &str| -> Value {
            let head = cognito_emulator::util::b64url_decode(jwt.split('.').next().unwrap()).unwrap();
            serde_json::from_slice::<Value>(&head).unwrap()["kid"].clone()
        };
        assert_eq!(kid(refreshed["AuthenticationResult"]["IdToken"].as_str().unwrap()), kid(tokens["idToken"].as_str().unwrap()));
        let listed = emu.ok("ListUsers", json!({ "UserPoolId": pool_id, "Limit": 3 }));
        assert_eq!(listed["Users"].as_array().unwrap().len(), 3);
        let rest = emu.ok("ListUsers", json!({ "UserPoolId": pool_id, "PaginationToken": listed["PaginationToken"] }));
        let names: Vec<&str> = listed["Users"].as_array().unwrap().iter().chain(rest["Users"].as_array().unwrap()).map(|u| u["Username"].as_str().unwrap()).collect();
        assert_eq!(names, ["alice", "bob", "carol", "dave"]);
        assert!(rest.get("PaginationToken").is_none());
        // Filters, indexed (exact e-mail, username, sub) or not (prefix, status), and paged.
        let filtered = |filter: &str, limit: u64| -> Vec<String> {
            let mut names = vec![];
            let mut token = Value::Null;
            loop {
                let page = emu.ok("ListUsers", json!({ "UserPoolId": pool_id, "Filter": filter, "Limit": limit, "PaginationToken": token }));
                names.extend(page["Users"].as_array().unwrap().iter().map(|u| u["Username"].as_str().unwrap().to_string()));
                token = page["PaginationToken"].clone();
                if token.is_null() {
                    return names;
                }
            }
        };
        let bob_sub = emu.ok("AdminGetUser", json!({ "UserPoolId": pool_id, "Username": "bob" }))["UserAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["Name"] == "sub")
            .unwrap()["Value"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(filtered("email = \"carol@example.com\"", 60), ["carol"]);
        assert_eq!(filtered("email = \"nobody@example.com\"", 60), Vec::<String>::new());
        assert_eq!(filtered("username = \"bob\"", 60), ["bob"]);
        assert_eq!(filtered(&format!("sub = \"{bob_sub}\""), 60), ["bob"]);
        assert_eq!(filtered("email ^= \"d\"", 60), ["dave"]);
        assert_eq!(filtered("status = \"Disabled\"", 60), ["carol"]);
        assert_eq!(filtered("cognito:user_status = \"CONFIRMED\"", 2), ["alice", "bob", "carol"]);
        emu.stop();
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_json_state_file_is_not_converted_over_a_different_backup() {
    let dir = temp_dir("backup");
    let file = dir.join("state.json");
    std::fs::write(&file, br#"{"pools":{}}"#).unwrap();
    std::fs::write(dir.join("state.json.json.bak"), b"something else").unwrap();
    let err = match cognito_emulator::start(&Config { port: 0, state: Some(file.clone()), ..Config::default() }) {
        Ok(_) => panic!("started over a different backup"),
        Err(e) => e,
    };
    assert!(err.contains("exists; move it away first"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), br#"{"pools":{}}"#);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn force_alias_creation_moves_a_verified_alias_through_the_index() {
    let running = cognito_emulator::start(&Config { port: 0, ..Config::default() }).unwrap();
    let app = running.app.clone();
    let pool_id = ok(&app, "CreateUserPool", json!({ "PoolName": "alias", "AliasAttributes": ["email"], "AutoVerifiedAttributes": ["email"] }))["UserPool"]["Id"]
        .as_str()
        .unwrap()
        .to_string();
    let client_id = ok(&app, "CreateUserPoolClient", json!({ "UserPoolId": pool_id, "ClientName": "c" }))["UserPoolClient"]["ClientId"].as_str().unwrap().to_string();
    let code = |name: &str| {
        let messages = app.outbox(&pool_id, Some(name)).unwrap();
        messages.as_array().unwrap().last().unwrap()["code"].as_str().unwrap().to_string()
    };
    for name in ["first", "second"] {
        ok(&app, "SignUp", json!({ "ClientId": client_id, "Username": name, "Password": PW, "UserAttributes": [{ "Name": "email", "Value": "shared@example.com" }] }));
    }
    ok(&app, "ConfirmSignUp", json!({ "ClientId": client_id, "Username": "first", "ConfirmationCode": code("first") }));
    let confirm_second = |force: bool| exec(&app, "ConfirmSignUp", json!({ "ClientId": client_id, "Username": "second", "ConfirmationCode": code("second"), "ForceAliasCreation": force }));
    assert_eq!(confirm_second(false).map_err(|e| e.code), Err("AliasExistsException"));
    // That attempt used the code up: a new one.
    ok(&app, "ResendConfirmationCode", json!({ "ClientId": client_id, "Username": "second" }));
    confirm_second(true).unwrap();
    let verified = |name: &str| {
        let u = ok(&app, "AdminGetUser", json!({ "UserPoolId": pool_id, "Username": name }));
        u["UserAttributes"].as_array().unwrap().iter().find(|a| a["Name"] == "email_verified").map(|a| a["Value"].clone())
    };
    assert_eq!(verified("first"), Some(json!("false")));
    assert_eq!(verified("second"), Some(json!("true")));
    // The alias now names the second user.
    let call = |op: &str, body: Value| exec(&app, op, body).map_err(|e| e.code.to_string());
    srp_sign_in(&call, &pool_id, &client_id, "shared@example.com", PW).unwrap();
    assert_eq!(ok(&app, "AdminGetUser", json!({ "UserPoolId": pool_id, "Username": "shared@example.com" }))["Username"], "second");
    running.stop();
}
