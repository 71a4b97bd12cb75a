//! The identity-pool service over HTTP: administration (signed for `cognito-identity`),
//! signed-in and guest credentials, linking a guest on sign-in, the OpenID token, and each
//! refusal, which must store nothing. Also: identity pools in a `--state` file, and a
//! state file of the schema before identity pools.

mod common;

use common::{pool_and_client, Emulator};
use serde_json::{json, Value};

const PASSWORD: &str = "Passw0rd!x";

struct UserPool {
    id: String,
    client: String,
}

/// A user pool with an app client that allows the admin password flow, and a user in it.
fn user_pool(emu: &Emulator, username: &str) -> UserPool {
    let (id, client, _) = pool_and_client(emu, json!({}), json!({"ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}));
    add_user(emu, &id, username);
    UserPool { id, client }
}

fn add_user(emu: &Emulator, pool_id: &str, username: &str) {
    emu.ok("AdminCreateUser", json!({"UserPoolId": pool_id, "Username": username, "MessageAction": "SUPPRESS"}));
    emu.ok("AdminSetUserPassword", json!({"UserPoolId": pool_id, "Username": username, "Password": PASSWORD, "Permanent": true}));
}

fn another_client(emu: &Emulator, pool_id: &str) -> String {
    let c = emu.ok("CreateUserPoolClient", json!({"UserPoolId": pool_id, "ClientName": "other", "ExplicitAuthFlows": ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}));
    c["UserPoolClient"]["ClientId"].as_str().unwrap().to_string()
}

/// (id token, access token) of a sign-in.
fn sign_in(emu: &Emulator, pool_id: &str, client_id: &str, username: &str) -> (String, String) {
    let r = emu.ok(
        "AdminInitiateAuth",
        json!({"UserPoolId": pool_id, "ClientId": client_id, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": username, "PASSWORD": PASSWORD}}),
    );
    let result = &r["AuthenticationResult"];
    (result["IdToken"].as_str().unwrap().to_string(), result["AccessToken"].as_str().unwrap().to_string())
}

/// AWS's provider name for a user pool.
fn provider(pool_id: &str) -> String {
    format!("cognito-idp.{}.amazonaws.com/{pool_id}", pool_id.split('_').next().unwrap())
}

fn identity_pool(emu: &Emulator, guests: bool, providers: &[(&str, &str)]) -> String {
    let providers: Vec<Value> = providers.iter().map(|(p, c)| json!({"ProviderName": provider(p), "ClientId": c})).collect();
    let out = emu
        .identity("CreateIdentityPool", json!({"IdentityPoolName": "it pool", "AllowUnauthenticatedIdentities": guests, "CognitoIdentityProviders": providers}))
        .expect("CreateIdentityPool");
    out["IdentityPoolId"].as_str().unwrap().to_string()
}

fn refused(r: Result<Value, common::ApiError>) -> (String, String) {
    match r {
        Ok(v) => panic!("unexpectedly accepted: {v}"),
        Err(e) => {
            assert_eq!(e.status, 400, "{e:?}");
            (e.code, e.message)
        }
    }
}

fn identities(emu: &Emulator, pool: &str) -> Vec<Value> {
    emu.identity("ListIdentities", json!({"IdentityPoolId": pool, "MaxResults": 60})).expect("ListIdentities")["Identities"].as_array().unwrap().clone()
}

fn logins(key: &str, token: &str) -> Value {
    json!({ key: token })
}

#[test]
fn administration_is_signed_and_follows_the_model() {
    let emu = Emulator::start(&[]);
    let up = user_pool(&emu, "alice");
    let out = emu
        .identity(
            "CreateIdentityPool",
            json!({"IdentityPoolName": "web app", "AllowUnauthenticatedIdentities": true,
                   "CognitoIdentityProviders": [{"ProviderName": provider(&up.id), "ClientId": up.client}],
                   "SupportedLoginProviders": {"accounts.google.com": "123"}, "IdentityPoolTags": {"team": "a"}}),
        )
        .unwrap();
    let id = out["IdentityPoolId"].as_str().unwrap().to_string();
    assert!(id.starts_with("us-east-1:") && id.len() == 46, "{id}");
    let described = emu.identity("DescribeIdentityPool", json!({"IdentityPoolId": id})).unwrap();
    assert_eq!(described, out);
    assert_eq!(described["CognitoIdentityProviders"][0]["ClientId"], up.client.as_str());
    assert_eq!(described["SupportedLoginProviders"]["accounts.google.com"], "123");
    for n in 0..3 {
        emu.identity("CreateIdentityPool", json!({"IdentityPoolName": format!("p{n}"), "AllowUnauthenticatedIdentities": false})).unwrap();
    }
    let first = emu.identity("ListIdentityPools", json!({"MaxResults": 3})).unwrap();
    assert_eq!(first["IdentityPools"].as_array().unwrap().len(), 3);
    let rest = emu.identity("ListIdentityPools", json!({"MaxResults": 3, "NextToken": first["NextToken"]})).unwrap();
    assert_eq!(rest["IdentityPools"].as_array().unwrap().len(), 1);
    assert!(rest.get("NextToken").is_none());

    // Unsigned, or signed for the user-pool service: refused.
    let unsigned = common::http_client::request(
        "POST",
        &format!("{}/", emu.url),
        &[("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "AWSCognitoIdentityService.ListIdentityPools")],
        br#"{"MaxResults": 5}"#,
        common::http_client::DEFAULT_TIMEOUT,
    )
    .unwrap();
    assert_eq!((unsigned.status, unsigned.json()["__type"].as_str()), (400, Some("MissingAuthenticationTokenException")));
    let body = br#"{"MaxResults": 5}"#;
    let headers = [("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "AWSCognitoIdentityService.ListIdentityPools")];
    let wrong_scope = common::http_client::signed_request("POST", &format!("{}/", emu.url), &headers, body, common::http_client::DEFAULT_TIMEOUT).unwrap();
    assert_eq!(wrong_scope.json()["__type"], "InvalidSignatureException");

    assert_eq!(refused(emu.identity("DescribeIdentityPool", json!({"IdentityPoolId": "us-east-1:00000000-0000-0000-0000-000000000000"}))).0, "ResourceNotFoundException");
    assert_eq!(refused(emu.identity("DescribeIdentityPool", json!({"IdentityPoolId": "not an id"}))).0, "InvalidParameterException");
    assert_eq!(refused(emu.identity("ListIdentityPools", json!({"MaxResults": 61}))).0, "InvalidParameterException");
    assert_eq!(refused(emu.identity("CreateIdentityPool", json!({"IdentityPoolName": "x"}))).0, "InvalidParameterException");
    assert_eq!(refused(emu.identity("CreateIdentityPool", json!({"IdentityPoolName": "bad/name", "AllowUnauthenticatedIdentities": true}))).0, "InvalidParameterException");
    assert_eq!(refused(emu.identity("NoSuchOperation", json!({}))).0, "UnknownOperationException");

    emu.identity("DeleteIdentityPool", json!({"IdentityPoolId": id})).unwrap();
    assert_eq!(refused(emu.identity("DescribeIdentityPool", json!({"IdentityPoolId": id}))).0, "ResourceNotFoundException");
    assert_eq!(refused(emu.identity("DeleteIdentityPool", json!({"IdentityPoolId": id}))).0, "ResourceNotFoundException");
}

#[test]
fn a_signed_in_user_gets_credentials_and_keeps_one_identity() {
    let emu = Emulator::start(&["--credentials-validity", "120"]);
    let up = user_pool(&emu, "alice");
    let pool = identity_pool(&emu, false, &[(&up.id, &up.client)]);
    let (id_token, _) = sign_in(&emu, &up.id, &up.client, "alice");
    let key = provider(&up.id);
    let identity = emu.identity("GetId", json!({"IdentityPoolId": pool, "Logins": logins(&key, &id_token)})).unwrap()["IdentityId"].as_str().unwrap().to_string();
    assert!(identity.starts_with("us-east-1:"), "{identity}");
    // The same login again (a new token, the issuer's own spelling of the key): the same identity.
    let (id_token2, _) = sign_in(&emu, &up.id, &up.client, "alice");
    let issuer_key = format!("{}/{}", emu.url.trim_start_matches("http://"), up.id);
    let again = emu.identity("GetId", json!({"IdentityPoolId": pool, "Logins": logins(&issuer_key, &id_token2)})).unwrap();
    assert_eq!(again["IdentityId"], identity.as_str());

    let before = common::http_client::unix_now();
    let out = emu.identity("GetCredentialsForIdentity", json!({"IdentityId": identity, "Logins": logins(&key, &id_token)})).unwrap();
    assert_eq!(out["IdentityId"], identity.as_str());
    let c = &out["Credentials"];
    let key_id = c["AccessKeyId"].as_str().unwrap();
    assert!(key_id.starts_with("ASIA") && key_id.len() == 20, "{key_id}");
    assert_eq!(c["SecretKey"].as_str().unwrap().len(), 40);
    assert!(!c["SessionToken"].as_str().unwrap().is_empty());
    let expiration = c["Expiration"].as_f64().unwrap() as i64;
    assert!((before + 119..=before + 122).contains(&expiration), "{expiration} vs {before}");
    let second = emu.identity("GetCredentialsForIdentity", json!({"IdentityId": identity, "Logins": logins(&key, &id_token)})).unwrap();
    assert_ne!(second["Credentials"]["AccessKeyId"], c["AccessKeyId"]);

    // Without its login: refused.
    let (code, message) = refused(emu.identity("GetCredentialsForIdentity", json!({"IdentityId": identity})));
    assert_eq!(code, "NotAuthorizedException");
    assert!(message.starts_with("Logins don't match"), "{message}");

    let described = emu.identity("DescribeIdentity", json!({"IdentityId": identity})).unwrap();
    assert_eq!(described["Logins"], json!([key]));
    assert!(described["CreationDate"].as_f64().unwrap() > 1.6e9);

    let open_id = emu.identity("GetOpenIdToken", json!({"IdentityId": identity, "Logins": logins(&key, &id_token)})).unwrap();
    let token = open_id["Token"].as_str().unwrap();
    let payload: Value = serde_json::from_slice(&base64_url(token.split('.').nth(1).unwrap())).unwrap();
    assert_eq!((payload["sub"].as_str(), payload["aud"].as_str()), (Some(identity.as_str()), Some(pool.as_str())));
    assert_eq!(payload["amr"], json!(["authenticated", key]));
    assert_eq!(identities(&emu, &pool).len(), 1);
}

fn base64_url(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).unwrap()
}

#[test]
fn a_guest_is_linked_on_sign_in_and_a_second_guest_is_merged() {
    let emu = Emulator::start(&[]);
    let up = user_pool(&emu, "bob");
    let pool = identity_pool(&emu, true, &[(&up.id, &up.client)]);
    let key = provider(&up.id);
    let guest = emu.identity("GetId", json!({"IdentityPoolId": pool})).unwrap()["IdentityId"].as_str().unwrap().to_string();
    let out = emu.identity("GetCredentialsForIdentity", json!({"IdentityId": guest})).unwrap();
    assert!(out["Credentials"]["AccessKeyId"].as_str().unwrap().starts_with("ASIA"));
    let open_id = emu.identity("GetOpenIdToken", json!({"IdentityId": guest})).unwrap();
    let payload: Value = serde_json::from_slice(&base64_url(open_id["Token"].as_str().unwrap().split('.').nth(1).unwrap())).unwrap();
    assert_eq!(payload["amr"], json!(["unauthenticated"]));
    assert!(emu.identity("DescribeIdentity", json!({"IdentityId": guest})).unwrap().get("Logins").is_none());

    // Sign-in: the guest identity becomes bob's.
    let (id_token, _) = sign_in(&emu, &up.id, &up.client, "bob");
    let linked = emu.identity("GetCredentialsForIdentity", json!({"IdentityId": guest, "Logins": logins(&key, &id_token)})).unwrap();
    assert_eq!(linked["IdentityId"], guest.as_str());
    assert_eq!(emu.identity("DescribeIdentity", json!({"IdentityId": guest})).unwrap()["Logins"], json!([key]));
    assert_eq!(emu.identity("GetId", json!({"IdentityPoolId": pool, "Logins": logins(&key, &id_token)})).unwrap()["IdentityId"], guest.as_str());

    // Another guest (another browser) signs in as bob: merged into bob's identity.
    let guest2 = emu.identity("GetId", json!({"IdentityPoolId": pool})).unwrap()["IdentityId"].as_str().unwrap().to_string();
    let merged = emu.identity("GetCredentialsForIdentity", json!({"IdentityId": guest2, "Logins": logins(&key, &id_token)})).unwrap();
    assert_eq!(merged["IdentityId"], guest.as_str());
    assert_eq!(refused(emu.identity("DescribeIdentity", json!({"IdentityId": guest2}))).0, "ResourceNotFoundException");
    assert_eq!(identities(&emu, &pool).len(), 1);

    // Unlinking bob's login leaves a guest identity.
    emu.identity("UnlinkIdentity", json!({"IdentityId": guest, "Logins": logins(&key, &id_token), "LoginsToRemove": [key]})).unwrap();
    assert!(emu.identity("DescribeIdentity", json!({"IdentityId": guest})).unwrap().get("Logins").is_none());
}

#[test]
fn each_refusal_has_cognitos_error_and_stores_nothing() {
    let emu = Emulator::start(&[]);
    let a = user_pool(&emu, "carol");
    let b = user_pool(&emu, "dave");
    let unlisted_client = another_client(&emu, &a.id);
    let pool = identity_pool(&emu, true, &[(&a.id, &a.client), (&b.id, &b.client)]);
    let closed = identity_pool(&emu, false, &[(&a.id, &a.client)]);
    let (carol, carol_access) = sign_in(&emu, &a.id, &a.client, "carol");
    let (dave, _) = sign_in(&emu, &b.id, &b.client, "dave");
    let (carol_other_client, _) = sign_in(&emu, &a.id, &unlisted_client, "carol");
    let guest = emu.identity("GetId", json!({"IdentityPoolId": pool})).unwrap()["IdentityId"].as_str().unwrap().to_string();
    let state = |emu: &Emulator| (identities(emu, &pool), identities(emu, &closed));
    let before = state(&emu);

    // A token of another emulator (another signing key), with this user pool's issuer.
    let foreign = {
        let other = Emulator::start(&[]);
        let up = user_pool(&other, "carol");
        let (t, _) = sign_in(&other, &up.id, &up.client, "carol");
        t
    };
    let mut tampered = carol.clone();
    tampered.pop();
    tampered.push(if carol.ends_with('A') { 'B' } else { 'A' });
    let ka = provider(&a.id);
    let kb = provider(&b.id);
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        ("GetId", json!({"IdentityPoolId": pool, "Logins": logins(&ka, &foreign)}), "NotAuthorizedException", "Couldn't verify signed token"),
        ("GetId", json!({"IdentityPoolId": pool, "Logins": logins(&ka, &tampered)}), "NotAuthorizedException", "Couldn't verify signed token"),
        ("GetId", json!({"IdentityPoolId": pool, "Logins": logins(&ka, &carol_access)}), "NotAuthorizedException", "Missing a required claim: aud"),
        ("GetId", json!({"IdentityPoolId": pool, "Logins": logins(&kb, &carol)}), "NotAuthorizedException", "Issuer doesn't match providerName"),
        ("GetId", json!({"IdentityPoolId": pool, "Logins": logins(&ka, &carol_other_client)}), "NotAuthorizedException", "Incorrect token audience"),
        ("GetId", json!({"IdentityPoolId": closed, "Logins": logins(&kb, &dave)}), "NotAuthorizedException", "not from a supported provider"),
        ("GetId", json!({"IdentityPoolId": pool, "Logins": logins("accounts.google.com", &carol)}), "NotAuthorizedException", "not from a supported provider"),
        ("GetId", json!({"IdentityPoolId": closed}), "NotAuthorizedException", "Unauthenticated access is not supported"),
        ("GetCredentialsForIdentity", json!({"IdentityId": guest, "Logins": logins(&kb, &carol)}), "NotAuthorizedException", "Issuer doesn't match"),
        ("GetCredentialsForIdentity", json!({"IdentityId": guest, "Logins": {ka.clone(): carol.clone(), kb.clone(): foreign.clone()}}), "NotAuthorizedException", "Couldn't verify signed token"),
        ("GetCredentialsForIdentity", json!({"IdentityId": "us-east-1:00000000-0000-0000-0000-000000000000"}), "ResourceNotFoundException", "not found"),
        ("GetId", json!({"IdentityPoolId": "us-east-1:00000000-0000-0000-0000-000000000000"}), "ResourceNotFoundException", "not found"),
        ("GetId", json!({"Logins": logins(&ka, &carol)}), "InvalidParameterException", "identityPoolId"),
    ];
    for (op, body, code, message) in cases {
        let (c, m) = refused(emu.identity(op, body.clone()));
        assert_eq!(c, code, "{op} {m}");
        assert!(m.contains(message), "{op}: {m}");
        assert!(!m.contains(&carol[..40]), "a token in the message: {m}");
    }
    assert_eq!(state(&emu), before, "a refused request changed something");

    // An expired token: the emulator's clock two hours on (ID tokens live one hour).
    let skew = |s: i64| {
        let (status, _, body) = emu.signed("POST", "/_emulator/faults", &[("Content-Type", "application/json")], json!({"clockSkewSeconds": s}).to_string().as_bytes());
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    };
    skew(7200);
    let (code, message) = refused(emu.identity("GetCredentialsForIdentity", json!({"IdentityId": guest, "Logins": logins(&ka, &carol)})));
    skew(0);
    assert_eq!(code, "NotAuthorizedException");
    assert!(message.starts_with("Invalid login token. Token expired"), "{message}");
    assert_eq!(state(&emu), before);

    // A deleted identity pool: its identities are gone with it.
    emu.identity("DeleteIdentityPool", json!({"IdentityPoolId": pool})).unwrap();
    assert_eq!(refused(emu.identity("GetId", json!({"IdentityPoolId": pool}))).0, "ResourceNotFoundException");
    assert_eq!(refused(emu.identity("GetCredentialsForIdentity", json!({"IdentityId": guest}))).0, "ResourceNotFoundException");
    assert_eq!(refused(emu.identity("ListIdentities", json!({"IdentityPoolId": pool, "MaxResults": 10}))).0, "ResourceNotFoundException");
}

fn temp_state(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cogemu-idpool-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("state.db")
}

#[test]
fn identity_pools_persist_and_an_older_state_file_is_upgraded() {
    let file = temp_state("persist");
    let path = file.to_str().unwrap();
    let emu = Emulator::start(&["--state", path]);
    let up = user_pool(&emu, "erin");
    let pool = identity_pool(&emu, true, &[(&up.id, &up.client)]);
    let guest = emu.identity("GetId", json!({"IdentityPoolId": pool})).unwrap()["IdentityId"].as_str().unwrap().to_string();
    emu.stop();
    // Turn the file into one of schema version 1 (before identity pools).
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch("DROP TABLE identity_pools; DROP TABLE identities; UPDATE meta SET value = '1' WHERE key = 'schema';").unwrap();
    }
    let emu = Emulator::start(&["--state", path]);
    assert_eq!(refused(emu.identity("DescribeIdentityPool", json!({"IdentityPoolId": pool}))).0, "ResourceNotFoundException");
    // The user pool is still there, and identity pools work on the upgraded file.
    let (id_token, _) = sign_in(&emu, &up.id, &up.client, "erin");
    let pool = identity_pool(&emu, true, &[(&up.id, &up.client)]);
    let identity = emu.identity("GetId", json!({"IdentityPoolId": pool, "Logins": logins(&provider(&up.id), &id_token)})).unwrap()["IdentityId"].as_str().unwrap().to_string();
    assert_ne!(identity, guest);
    emu.stop();
    let emu = Emulator::start(&["--state", path]);
    assert_eq!(emu.identity("DescribeIdentity", json!({"IdentityId": identity})).unwrap()["Logins"], json!([provider(&up.id)]));
    let version: String = {
        emu.stop();
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(version, "2");
    let _ = std::fs::remove_dir_all(file.parent().unwrap());
}

#[test]
fn the_credentials_lifetime_can_be_set_at_run_time() {
    let emu = Emulator::start(&["--credentials-validity", "600"]);
    let pool = identity_pool(&emu, true, &[]);
    let guest = emu.identity("GetId", json!({"IdentityPoolId": pool})).unwrap()["IdentityId"].as_str().unwrap().to_string();
    let expiry = || {
        let out = emu.identity("GetCredentialsForIdentity", json!({"IdentityId": guest})).unwrap();
        out["Credentials"]["Expiration"].as_f64().unwrap() as i64 - common::http_client::unix_now()
    };
    assert!((598..=601).contains(&expiry()));
    let settings = |method: &str, body: Value| {
        let (status, _, out) = emu.signed(method, "/_emulator/faults", &[("Content-Type", "application/json")], body.to_string().as_bytes());
        (status, serde_json::from_slice::<Value>(&out).unwrap_or(Value::Null))
    };
    let (status, state) = settings("POST", json!({"credentialsValiditySeconds": 7}));
    assert_eq!((status, &state["credentialsValiditySeconds"]), (200, &json!(7)));
    assert!((5..=8).contains(&expiry()));
    for bad in [json!(0), json!(43_201), json!("7"), json!(1.5)] {
        let (status, out) = settings("POST", json!({"credentialsValiditySeconds": bad}));
        assert_eq!((status, out["__type"].as_str()), (400, Some("InvalidParameterException")), "{bad}");
    }
    let (status, state) = settings("DELETE", Value::Null);
    assert_eq!((status, &state["credentialsValiditySeconds"]), (200, &Value::Null));
    assert!((598..=601).contains(&expiry()), "back to the start value");
}

#[test]
fn the_demo_seed_has_an_identity_pool_for_its_user_pool() {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/seed/demo.json");
    let emu = Emulator::start(&["--seed", seed]);
    let pool = "us-east-1:00000000-0000-4000-8000-00000000de00";
    let described = emu.identity("DescribeIdentityPool", json!({"IdentityPoolId": pool})).unwrap();
    assert_eq!(described["AllowUnauthenticatedIdentities"], true);
    let tokens = emu
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "demo0client0000000000000001", "AuthParameters": {"USERNAME": "demo", "PASSWORD": "Demo-Passw0rd!"}}),
        )
        .unwrap();
    let id_token = tokens["AuthenticationResult"]["IdToken"].as_str().unwrap();
    let key = provider("us-east-1_Demo0001");
    let identity = emu.identity("GetId", json!({"IdentityPoolId": pool, "Logins": logins(&key, id_token)})).unwrap()["IdentityId"].as_str().unwrap().to_string();
    let out = emu.identity("GetCredentialsForIdentity", json!({"IdentityId": identity, "Logins": logins(&key, id_token)})).unwrap();
    assert!(out["Credentials"]["AccessKeyId"].as_str().unwrap().starts_with("ASIA"));
    // Seeding again (a restart on the same state) changes nothing; a bad identity pool id is refused.
    let bad = std::env::temp_dir().join(format!("cogemu-idpool-seed-{}.json", std::process::id()));
    std::fs::write(&bad, r#"{"UserPools": [], "IdentityPools": [{"IdentityPoolId": "nope", "IdentityPoolName": "x", "AllowUnauthenticatedIdentities": true}]}"#).unwrap();
    let cfg = cognito_emulator::cli::Config { port: 0, seed: Some(bad.clone()), ..Default::default() };
    let err = cognito_emulator::start(&cfg).err().expect("a bad identity pool id in the seed is refused");
    assert!(err.contains("invalid identity pool id"), "{err}");
    let _ = std::fs::remove_file(bad);
}

#[test]
fn sts_exchanges_an_open_id_token_for_credentials() {
    use cognito_wasm::protocol::sts::{error_from_xml, form_decode, AssumeRoleWithWebIdentityRequest, AssumeRoleWithWebIdentityResponse};
    let emu = Emulator::start(&["--credentials-validity", "1200"]);
    let pool = identity_pool(&emu, true, &[]);
    let guest = emu.identity("GetId", json!({"IdentityPoolId": pool})).unwrap()["IdentityId"].as_str().unwrap().to_string();
    let token = emu.identity("GetOpenIdToken", json!({"IdentityId": guest})).unwrap()["Token"].as_str().unwrap().to_string();
    let sts = |form: String| {
        let (status, headers, body) = emu.raw("POST", "/", &[("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], form.as_bytes());
        let ct = headers.iter().find(|(k, _)| k == "content-type").map(|(_, v)| v.clone()).unwrap_or_default();
        assert!(ct.starts_with("text/xml"), "{ct}");
        (status, String::from_utf8(body).unwrap())
    };
    let request = |role: &str, token: &str| AssumeRoleWithWebIdentityRequest {
        role_arn: role.into(),
        role_session_name: "web".into(),
        web_identity_token: token.into(),
        duration_seconds: None,
    };
    let role = "arn:aws:iam::123456789012:role/guests";
    let (status, xml) = sts(request(role, &token).to_form());
    assert_eq!(status, 200, "{xml}");
    let c = AssumeRoleWithWebIdentityResponse::credentials_from_xml(&xml).unwrap();
    assert!(c.access_key_id.starts_with("ASIA"));
    let expires = cognito_wasm::date::parse_rfc3339(&c.expiration).unwrap();
    assert!((expires - common::http_client::unix_now() - 1200).abs() <= 2, "{}", c.expiration);
    assert!(xml.contains(&format!("<SubjectFromWebIdentityToken>{guest}</SubjectFromWebIdentityToken>")));
    assert!(xml.contains("<Arn>arn:aws:sts::123456789012:assumed-role/guests/web</Arn>"));

    let mut tampered = token.clone();
    tampered.pop();
    tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
    let up = user_pool(&emu, "gina");
    let (id_token, _) = sign_in(&emu, &up.id, &up.client, "gina");
    let cases = [
        (request(role, &tampered).to_form(), "InvalidIdentityToken"),
        (request(role, &id_token).to_form(), "InvalidIdentityToken"),
        (request("arn:aws:iam::1:role/x", &token).to_form(), "ValidationError"),
        (request(role, &token).to_form().replace("RoleSessionName=web", "RoleSessionName=a%20b"), "ValidationError"),
        (request(role, &token).to_form().replace("&WebIdentityToken=", "&Other="), "MissingParameter"),
        ("Action=AssumeRole&Version=2011-06-15".to_string(), "InvalidAction"),
    ];
    for (form, code) in cases {
        let (status, xml) = sts(form.clone());
        assert_eq!(status, 400, "{xml}");
        assert_eq!(error_from_xml(&xml).map(|(c, _)| c).as_deref(), Some(code), "{:?}: {xml}", form_decode(&form).first());
        assert!(!xml.contains(&token[..30]), "no token in the error");
    }
    // An OpenID token of a deleted identity pool, and an expired one.
    let skew = |s: i64| emu.signed("POST", "/_emulator/faults", &[], json!({"clockSkewSeconds": s}).to_string().as_bytes()).0;
    assert_eq!(skew(700), 200);
    let (_, xml) = sts(request(role, &token).to_form());
    assert_eq!(skew(0), 200);
    assert_eq!(error_from_xml(&xml).unwrap().0, "ExpiredTokenException");
    emu.identity("DeleteIdentityPool", json!({"IdentityPoolId": pool})).unwrap();
    let (_, xml) = sts(request(role, &token).to_form());
    assert_eq!(error_from_xml(&xml).unwrap().0, "InvalidIdentityToken");
}

#[test]
fn malformed_requests_get_typed_errors_and_the_emulator_keeps_serving() {
    let emu = Emulator::start(&[]);
    let pool = identity_pool(&emu, true, &[]);
    let guest = emu.identity("GetId", json!({"IdentityPoolId": pool})).unwrap()["IdentityId"].as_str().unwrap().to_string();
    let long = "x".repeat(60_000);
    let bodies = [
        json!({}),
        json!({"IdentityPoolId": 5, "IdentityId": [1], "Logins": "token", "MaxResults": "ten"}),
        json!({"IdentityPoolId": pool, "IdentityId": guest, "Logins": {"k": 5}, "MaxResults": -1}),
        json!({"IdentityPoolId": pool, "IdentityId": guest, "Logins": {"": ""}, "LoginsToRemove": "x", "MaxResults": 0}),
        json!({"IdentityPoolId": long, "IdentityId": long, "Logins": {long.clone(): long.clone()}, "MaxResults": 4_294_967_296u64}),
        json!({"IdentityPoolId": pool, "IdentityId": guest, "Logins": {"cognito-idp.us-east-1.amazonaws.com/us-east-1_X": "a.b.c"}, "LoginsToRemove": [], "MaxResults": 1}),
        json!({"IdentityPoolName": long, "AllowUnauthenticatedIdentities": "yes", "CognitoIdentityProviders": [{}]}),
        json!({"IdentityPoolName": "ok", "AllowUnauthenticatedIdentities": true, "CognitoIdentityProviders": [{"ProviderName": "p"}]}),
    ];
    let ops = [
        "CreateIdentityPool",
        "DescribeIdentityPool",
        "ListIdentityPools",
        "DeleteIdentityPool",
        "GetId",
        "GetCredentialsForIdentity",
        "GetOpenIdToken",
        "UnlinkIdentity",
        "ListIdentities",
        "DescribeIdentity",
    ];
    let mut refused = 0;
    for op in ops {
        for body in &bodies {
            match emu.identity(op, body.clone()) {
                Ok(_) => {}
                Err(e) => {
                    assert_eq!(e.status, 400, "{op} {body}: {e:?}");
                    assert!(
                        ["InvalidParameterException", "SerializationException", "ResourceNotFoundException", "NotAuthorizedException"].contains(&e.code.as_str()),
                        "{op}: {e:?}"
                    );
                    assert!(!e.message.contains(&long[..100]), "{op}: the value echoed");
                    refused += 1;
                }
            }
        }
    }
    assert!(refused > 60, "{refused}");
    // Still serving (DeleteIdentityPool took the well-formed bodies at their word).
    let again = identity_pool(&emu, true, &[]);
    let guest = emu.identity("GetId", json!({"IdentityPoolId": again})).unwrap()["IdentityId"].as_str().unwrap().to_string();
    assert!(emu.identity("GetCredentialsForIdentity", json!({"IdentityId": guest})).is_ok());
    let (status, body) = emu.get_json("/_emulator/health");
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
}
