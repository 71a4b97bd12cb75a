//! The hosted UI and OAuth endpoints, driven as a browser without JavaScript would: GET a
//! page, post its form (with the CSRF token and cookies it was given), follow the
//! redirects. Setup goes through the API as boto3 does (UpdateUserPoolClient's OAuth fields,
//! CreateUserPoolDomain, CreateIdentityProvider).

mod common;

use common::http_client;
use common::http_client::browser::{location, Browser};
use common::Emulator;
use cognito_wasm::oauth::form::{self, Form};
use cognito_wasm::oauth::pkce;
use serde_json::{json, Value};

const CALLBACK: &str = "http://localhost:3000/callback";
const SIGNED_OUT: &str = "http://localhost:3000/signed-out";
const PASSWORD: &str = "Passw0rd!";

/// The parameters of a redirect to the app (query or fragment).
fn callback_params(url: &str) -> Form {
    let rest = url.split_once(['?', '#']).map(|(_, r)| r).unwrap_or("");
    Form::parse(rest)
}

fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&cognito_emulator::util::b64url_decode(payload).unwrap()).unwrap()
}

struct Setup {
    pool_id: String,
    client_id: String,
    secret_client: (String, String),
}

/// A pool with a domain, a public client for the code and implicit flows, a confidential
/// client, and a confirmed user `alice`.
fn setup(emu: &Emulator) -> Setup {
    let pool_id = emu.ok("CreateUserPool", json!({"PoolName": "hosted", "AutoVerifiedAttributes": ["email"]}))["UserPool"]["Id"].as_str().unwrap().to_string();
    let client_id = emu.ok("CreateUserPoolClient", json!({"UserPoolId": pool_id, "ClientName": "web"}))["UserPoolClient"]["ClientId"].as_str().unwrap().to_string();
    let oauth = json!({
        "AllowedOAuthFlowsUserPoolClient": true,
        "AllowedOAuthFlows": ["code", "implicit"],
        "AllowedOAuthScopes": ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
        "CallbackURLs": [CALLBACK],
        "LogoutURLs": [SIGNED_OUT],
        "SupportedIdentityProviders": ["COGNITO"],
        "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    });
    let mut update = oauth.clone();
    update["UserPoolId"] = json!(pool_id);
    update["ClientId"] = json!(client_id);
    let described = emu.ok("UpdateUserPoolClient", update)["UserPoolClient"].clone();
    assert_eq!(described["CallbackURLs"], json!([CALLBACK]));
    let mut confidential = oauth.clone();
    confidential["UserPoolId"] = json!(pool_id);
    confidential["ClientName"] = json!("backend");
    confidential["GenerateSecret"] = json!(true);
    let c = emu.ok("CreateUserPoolClient", confidential)["UserPoolClient"].clone();
    let secret_client = (c["ClientId"].as_str().unwrap().to_string(), c["ClientSecret"].as_str().unwrap().to_string());
    emu.ok("CreateUserPoolDomain", json!({"UserPoolId": pool_id, "Domain": "hosted-test"}));
    emu.ok("AdminCreateUser", json!({"UserPoolId": pool_id, "Username": "alice", "MessageAction": "SUPPRESS", "UserAttributes": [{"Name": "email", "Value": "alice@example.com"}, {"Name": "email_verified", "Value": "true"}]}));
    emu.ok("AdminSetUserPassword", json!({"UserPoolId": pool_id, "Username": "alice", "Password": PASSWORD, "Permanent": true}));
    Setup { pool_id, client_id, secret_client }
}

fn authorize_path(client_id: &str, extra: &[(&str, &str)]) -> String {
    let mut pairs = vec![("client_id", client_id), ("redirect_uri", CALLBACK), ("response_type", "code")];
    pairs.extend_from_slice(extra);
    format!("/oauth2/authorize?{}", form::build(&pairs))
}

fn token_request(emu: &Emulator, pairs: &[(&str, &str)], basic: Option<(&str, &str)>) -> (u16, Value) {
    let auth = basic.map(|(id, secret)| format!("Basic {}", cognito_wasm::encoding::to_base64(format!("{id}:{secret}").as_bytes())));
    let mut headers = vec![("Content-Type", "application/x-www-form-urlencoded")];
    if let Some(a) = &auth {
        headers.push(("Authorization", a.as_str()));
    }
    let r = http_client::request("POST", &format!("{}/oauth2/token", emu.url), &headers, form::build(pairs).as_bytes(), http_client::DEFAULT_TIMEOUT).unwrap();
    (r.status, r.json())
}

/// Signs `alice` in through the pages; returns the redirect to the app.
fn sign_in(b: &mut Browser, authorize: &str) -> String {
    let login = location(&b.get(authorize));
    assert!(login.starts_with("/login?"), "{login}");
    location(&b.submit(&login, &[("username", "alice"), ("password", PASSWORD)]))
}

#[test]
fn code_flow_with_pkce_refresh_user_info_and_replay() {
    let emu = Emulator::start(&[]);
    let s = setup(&emu);
    let mut b = Browser::new(&emu.url);
    let verifier = pkce::new_verifier().unwrap();
    let challenge = pkce::challenge_s256(&verifier);
    let path = authorize_path(&s.client_id, &[("scope", "openid email"), ("state", "st-1"), ("nonce", "n-1"), ("code_challenge", &challenge), ("code_challenge_method", "S256")]);

    // A wrong password stays on the page with Cognito's message.
    let login = location(&b.get(&path));
    let wrong = b.submit(&login, &[("username", "alice"), ("password", "nope")]);
    assert_eq!(wrong.status, 400);
    assert!(wrong.text().contains("Incorrect username or password."));

    let back = sign_in(&mut b, &path);
    assert!(back.starts_with(CALLBACK), "{back}");
    let params = callback_params(&back);
    assert_eq!(params.get("state"), Some("st-1"));
    let code = params.get("code").unwrap().to_string();

    // PKCE: the code needs the verifier.
    let exchange = |code: &str, verifier: &str| token_request(&emu, &[("grant_type", "authorization_code"), ("client_id", &s.client_id), ("code", code), ("redirect_uri", CALLBACK), ("code_verifier", verifier)], None);
    let (status, tokens) = exchange(&code, &verifier);
    assert_eq!(status, 200, "{tokens}");
    let id = claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(id["nonce"], "n-1");
    assert_eq!(id["cognito:username"], "alice");
    assert_eq!(id["aud"], json!(s.client_id));
    let access = claims(tokens["access_token"].as_str().unwrap());
    assert_eq!(access["scope"], "openid email");
    assert_eq!(tokens["token_type"], "Bearer");

    // Replayed: refused.
    let (status, err) = exchange(&code, &verifier);
    assert_eq!((status, err["error"].as_str()), (400, Some("invalid_grant")));

    // userInfo with the access token.
    let bearer = format!("Bearer {}", tokens["access_token"].as_str().unwrap());
    let r = http_client::request("GET", &format!("{}/oauth2/userInfo", emu.url), &[("Authorization", &bearer)], b"", http_client::DEFAULT_TIMEOUT).unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["email"], "alice@example.com");
    assert_eq!(r.json()["username"], "alice");
    let r = http_client::request("GET", &format!("{}/oauth2/userInfo", emu.url), &[("Authorization", "Bearer x.y.z")], b"", http_client::DEFAULT_TIMEOUT).unwrap();
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error"], "invalid_token");

    // Refresh through the token endpoint keeps the granted scopes.
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let (status, again) = token_request(&emu, &[("grant_type", "refresh_token"), ("client_id", &s.client_id), ("refresh_token", refresh)], None);
    assert_eq!(status, 200, "{again}");
    assert_eq!(claims(again["access_token"].as_str().unwrap())["scope"], "openid email");
    assert!(again.get("refresh_token").is_none());

    // Revoked: the refresh token stops working.
    let r = http_client::request("POST", &format!("{}/oauth2/revoke", emu.url), &[("Content-Type", "application/x-www-form-urlencoded")], form::build(&[("token", refresh), ("client_id", s.client_id.as_str())]).as_bytes(), http_client::DEFAULT_TIMEOUT).unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    let (status, err) = token_request(&emu, &[("grant_type", "refresh_token"), ("client_id", &s.client_id), ("refresh_token", refresh)], None);
    assert_eq!((status, err["error"].as_str()), (400, Some("invalid_grant")));

    // The pool's OpenID configuration names the endpoints.
    let (_, doc) = emu.get_json(&format!("/{}/.well-known/openid-configuration", s.pool_id));
    assert_eq!(doc["token_endpoint"], json!(format!("{}/oauth2/token", emu.url)));
    assert_eq!(doc["code_challenge_methods_supported"], json!(["S256"]));
}

#[test]
fn attacks_are_refused_with_cognitos_errors() {
    let emu = Emulator::start(&[]);
    let s = setup(&emu);
    let mut b = Browser::new(&emu.url);

    // redirect_uri not registered: an error page, never a redirect.
    let r = b.get(&format!("/oauth2/authorize?{}", form::build(&[("client_id", s.client_id.as_str()), ("redirect_uri", "http://localhost:3000/callback/evil"), ("response_type", "code")])));
    assert_eq!(r.status, 400);
    assert!(r.header("location").is_none());
    assert!(r.text().contains("redirect_mismatch"));

    // Bad scope, response type, PKCE method: back to the app with the error and the state.
    for (extra, error) in [
        (vec![("scope", "openid admin")], "invalid_scope"),
        (vec![("scope", "email")], "invalid_scope"),
        (vec![("response_type", "id_token")], "unsupported_response_type"),
        (vec![("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"), ("code_challenge_method", "plain")], "invalid_request"),
        (vec![("prompt", "none")], "login_required"),
        (vec![("identity_provider", "Nobody")], "invalid_request"),
    ] {
        let mut pairs = vec![("client_id", s.client_id.as_str()), ("redirect_uri", CALLBACK), ("state", "s9")];
        if !extra.iter().any(|(k, _)| *k == "response_type") {
            pairs.push(("response_type", "code"));
        }
        pairs.extend(extra.iter().cloned());
        let back = location(&b.get(&format!("/oauth2/authorize?{}", form::build(&pairs))));
        let p = callback_params(&back);
        assert_eq!((p.get("error"), p.get("state")), (Some(error), Some("s9")), "{back}");
    }

    // PKCE mismatch, then the same code with the right verifier: both refused (one use).
    let verifier = pkce::new_verifier().unwrap();
    let path = authorize_path(&s.client_id, &[("code_challenge", &pkce::challenge_s256(&verifier)), ("code_challenge_method", "S256")]);
    let code = callback_params(&sign_in(&mut b, &path)).get("code").unwrap().to_string();
    let other = pkce::new_verifier().unwrap();
    let (status, err) = token_request(&emu, &[("grant_type", "authorization_code"), ("client_id", &s.client_id), ("code", &code), ("redirect_uri", CALLBACK), ("code_verifier", &other)], None);
    assert_eq!((status, err["error"].as_str()), (400, Some("invalid_grant")));

    // redirect_uri of the exchange differs from the authorization's.
    let path = authorize_path(&s.client_id, &[]);
    let code = callback_params(&location(&b.get(&path))).get("code").unwrap().to_string();
    let (status, err) = token_request(&emu, &[("grant_type", "authorization_code"), ("client_id", &s.client_id), ("code", &code), ("redirect_uri", "http://localhost:3000/other")], None);
    assert_eq!((status, err["error"].as_str()), (400, Some("unauthorized_client")));

    // Wrong client secret (Basic), and none at all.
    let (cid, secret) = (&s.secret_client.0, &s.secret_client.1);
    let path = authorize_path(cid, &[]);
    let code = callback_params(&location(&b.get(&path))).get("code").unwrap().to_string();
    let (status, err) = token_request(&emu, &[("grant_type", "authorization_code"), ("code", &code), ("redirect_uri", CALLBACK)], Some((cid, "wrong")));
    assert_eq!((status, err["error"].as_str()), (401, Some("invalid_client")));
    let (status, err) = token_request(&emu, &[("grant_type", "authorization_code"), ("client_id", cid), ("code", &code), ("redirect_uri", CALLBACK)], None);
    assert_eq!((status, err["error"].as_str()), (401, Some("invalid_client")));
    // The right secret in the body (client_secret_post) works, since no failed attempt
    // reached the code.
    let (status, tokens) = token_request(&emu, &[("grant_type", "authorization_code"), ("client_id", cid), ("client_secret", secret), ("code", &code), ("redirect_uri", CALLBACK)], None);
    assert_eq!(status, 200, "{tokens}");

    // Expired code: five minutes later.
    let code = callback_params(&location(&b.get(&authorize_path(&s.client_id, &[])))).get("code").unwrap().to_string();
    let (status, _, _) = emu.signed("POST", "/_emulator/faults", &[("Content-Type", "application/json")], json!({"clockSkewSeconds": 301}).to_string().as_bytes());
    assert_eq!(status, 200);
    let (status, err) = token_request(&emu, &[("grant_type", "authorization_code"), ("client_id", &s.client_id), ("code", &code), ("redirect_uri", CALLBACK)], None);
    assert_eq!((status, err["error"].as_str()), (400, Some("invalid_grant")));
    emu.signed("DELETE", "/_emulator/faults", &[], b"");

    // Unknown grant type, wrong content type.
    let (status, err) = token_request(&emu, &[("grant_type", "password"), ("client_id", &s.client_id)], None);
    assert_eq!((status, err["error"].as_str()), (400, Some("unsupported_grant_type")));
    let r = http_client::request("POST", &format!("{}/oauth2/token", emu.url), &[("Content-Type", "application/json")], b"{}", http_client::DEFAULT_TIMEOUT).unwrap();
    assert_eq!((r.status, r.json()["error"].as_str()), (400, Some("invalid_request")));

    // A form without the CSRF token of its cookie.
    let login = location(&b.get(&authorize_path(&s.client_id, &[("prompt", "login")])));
    let r = b.send("POST", &login, Some(&form::build(&[("username", "alice"), ("password", PASSWORD), ("_csrf", "forged-forged-forged")])));
    assert_eq!(r.status, 403);

    // Sign-out: an unregistered logout_uri is refused (no open redirect).
    let r = b.get(&format!("/logout?{}", form::build(&[("client_id", s.client_id.as_str()), ("logout_uri", "https://evil.example/")])));
    assert_eq!(r.status, 400);
    assert!(r.header("location").is_none());
    // The emulator lives on after all of it.
    assert_eq!(emu.get_json("/_emulator/health").0, 200);
}

#[test]
fn session_cookie_prompt_implicit_flow_and_sign_out() {
    let emu = Emulator::start(&[]);
    let s = setup(&emu);
    let mut b = Browser::new(&emu.url);
    sign_in(&mut b, &authorize_path(&s.client_id, &[]));
    assert!(b.cookies.contains_key("cognito"));

    // Signed in: the next authorization needs no page.
    let back = location(&b.get(&authorize_path(&s.client_id, &[("state", "x")])));
    assert!(callback_params(&back).get("code").is_some(), "{back}");
    // prompt=login shows the page again.
    assert!(location(&b.get(&authorize_path(&s.client_id, &[("prompt", "login")]))).starts_with("/login?"));

    // Implicit flow: tokens in the fragment, no refresh token.
    let path = format!("/oauth2/authorize?{}", form::build(&[("client_id", s.client_id.as_str()), ("redirect_uri", CALLBACK), ("response_type", "token"), ("scope", "openid profile"), ("state", "imp")]));
    let back = location(&b.get(&path));
    assert!(back.starts_with(&format!("{CALLBACK}#")), "{back}");
    let p = callback_params(&back);
    assert_eq!(p.get("state"), Some("imp"));
    assert_eq!(claims(p.get("access_token").unwrap())["scope"], "openid profile");
    assert!(p.get("id_token").is_some() && p.get("refresh_token").is_none());

    // Sign-out to a registered URI ends the session.
    let r = b.get(&format!("/logout?{}", form::build(&[("client_id", s.client_id.as_str()), ("logout_uri", SIGNED_OUT)])));
    assert_eq!(location(&r), SIGNED_OUT);
    assert!(!b.cookies.contains_key("cognito"));
    assert!(location(&b.get(&authorize_path(&s.client_id, &[]))).starts_with("/login?"));
}

fn outbox_code(emu: &Emulator, pool_id: &str, username: &str) -> String {
    let (status, msgs) = emu.get_json(&format!("/_emulator/messages?poolId={pool_id}&username={username}"));
    assert_eq!(status, 200, "{msgs}");
    msgs.as_array().and_then(|m| m.last()).and_then(|m| m["code"].as_str()).unwrap_or_else(|| panic!("no message: {msgs}")).to_string()
}

#[test]
fn sign_up_confirm_and_password_reset_on_the_pages() {
    let emu = Emulator::start(&[]);
    let s = setup(&emu);
    let mut b = Browser::new(&emu.url);
    let path = authorize_path(&s.client_id, &[("state", "su")]);
    let login = location(&b.get(&path));
    let signup = login.replacen("/login?", "/signup?", 1);

    // A password the policy refuses: the page says so.
    let weak = b.submit(&signup, &[("username", "bob"), ("email", "bob@example.com"), ("password", "weak")]);
    assert_eq!(weak.status, 400);
    assert!(weak.text().contains("Password"), "{}", weak.text());

    let confirm = location(&b.submit(&signup, &[("username", "bob"), ("email", "bob@example.com"), ("password", PASSWORD)]));
    assert!(confirm.starts_with("/confirmUser?"), "{confirm}");
    let bad = b.submit(&confirm, &[("username", "bob"), ("code", "000000x")]);
    assert_eq!(bad.status, 400);
    let code = outbox_code(&emu, &s.pool_id, "bob");
    let back = location(&b.submit(&confirm, &[("username", "bob"), ("code", &code)]));
    assert_eq!(callback_params(&back).get("state"), Some("su"), "{back}");
    assert!(callback_params(&back).get("code").is_some());

    // Password reset for alice, then sign-in with the new password.
    let mut other = Browser::new(&emu.url);
    let login = location(&other.get(&path));
    let forgot = login.replacen("/login?", "/forgotPassword?", 1);
    let next = location(&other.submit(&forgot, &[("username", "alice")]));
    assert!(next.starts_with("/confirmForgotPassword?"), "{next}");
    let code = outbox_code(&emu, &s.pool_id, "alice");
    let done = other.submit(&next, &[("username", "alice"), ("code", &code), ("password", "N3w-Passw0rd!")]);
    assert_eq!(done.status, 200);
    assert!(done.text().contains("Your password was changed"));
    let back = location(&other.submit(&login, &[("username", "alice"), ("password", "N3w-Passw0rd!")]));
    assert!(callback_params(&back).get("code").is_some(), "{back}");
}

#[test]
fn federation_through_the_mock_idp_with_login_hint() {
    let emu = Emulator::start(&[]);
    let s = setup(&emu);
    let provider = json!({
        "UserPoolId": s.pool_id,
        "ProviderName": "ScalekitIdPRouter",
        "ProviderType": "OIDC",
        "ProviderDetails": {"client_id": "idp-client", "client_secret": "idp-secret", "authorize_scopes": "openid email", "oidc_issuer": format!("{}/_mock-idp", emu.url), "attributes_request_method": "GET"},
        "AttributeMapping": {"email": "email", "username": "sub"},
        "IdpIdentifiers": ["example.org"],
    });
    emu.ok("CreateIdentityProvider", provider.clone());
    let (code, _) = emu.err_code("CreateIdentityProvider", provider);
    assert_eq!(code, "DuplicateProviderException");
    let listed = emu.ok("ListIdentityProviders", json!({"UserPoolId": s.pool_id}));
    assert_eq!(listed["Providers"][0]["ProviderName"], "ScalekitIdPRouter");
    emu.ok("UpdateUserPoolClient", json!({
        "UserPoolId": s.pool_id, "ClientId": s.client_id,
        "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["code"], "AllowedOAuthScopes": ["openid", "email"],
        "CallbackURLs": [CALLBACK], "SupportedIdentityProviders": ["COGNITO", "ScalekitIdPRouter"],
    }));

    for (route, email) in [("identity_provider", "carol@example.org"), ("idp_identifier", "dave@example.org")] {
        let mut b = Browser::new(&emu.url);
        let value = if route == "identity_provider" { "ScalekitIdPRouter" } else { "example.org" };
        let path = authorize_path(&s.client_id, &[("scope", "openid email"), ("state", "sso"), ("nonce", "nn"), (route, value), ("login_hint", email)]);
        let idp = location(&b.get(&path));
        assert!(idp.starts_with(&format!("{}/_mock-idp/authorize?", emu.url)), "{idp}");
        assert_eq!(callback_params(&idp).get("login_hint"), Some(email));
        let back_to_cognito = location(&b.submit(&idp, &[("email", email), ("name", "Carol")]));
        assert!(back_to_cognito.starts_with(&format!("{}/oauth2/idpresponse?", emu.url)), "{back_to_cognito}");
        let back = location(&b.get(&back_to_cognito));
        let p = callback_params(&back);
        assert_eq!(p.get("state"), Some("sso"), "{back}");
        let (status, tokens) = token_request(&emu, &[("grant_type", "authorization_code"), ("client_id", &s.client_id), ("code", p.get("code").unwrap()), ("redirect_uri", CALLBACK)], None);
        assert_eq!(status, 200, "{tokens}");
        let id = claims(tokens["id_token"].as_str().unwrap());
        let username = id["cognito:username"].as_str().unwrap();
        assert!(username.starts_with("ScalekitIdPRouter_mock-"), "{id}");
        assert_eq!(id["email"], email);
        assert_eq!(id["nonce"], "nn");
        let user = emu.ok("AdminGetUser", json!({"UserPoolId": s.pool_id, "Username": username}));
        assert_eq!(user["UserStatus"], "EXTERNAL_PROVIDER");
        // The state handed to the IdP works once.
        let replay = b.get(&back_to_cognito);
        assert_eq!(replay.status, 400);
    }
    let (_, hints) = emu.get_json("/_mock-idp/login-hints");
    assert_eq!(hints["loginHints"], json!(["carol@example.org", "dave@example.org"]));
}

#[test]
fn client_credentials_and_configuration_checks() {
    let emu = Emulator::start(&[]);
    let pool_id = emu.ok("CreateUserPool", json!({"PoolName": "m2m"}))["UserPool"]["Id"].as_str().unwrap().to_string();
    let (code, _) = emu.err_code("CreateUserPoolClient", json!({"UserPoolId": pool_id, "ClientName": "x", "AllowedOAuthFlows": ["code", "client_credentials"]}));
    assert_eq!(code, "InvalidParameterException");
    let (code, _) = emu.err_code("CreateUserPoolClient", json!({"UserPoolId": pool_id, "ClientName": "x", "CallbackURLs": ["http://evil.example/cb"]}));
    assert_eq!(code, "InvalidParameterException");
    let c = emu.ok("CreateUserPoolClient", json!({"UserPoolId": pool_id, "ClientName": "svc", "GenerateSecret": true, "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["client_credentials"], "AllowedOAuthScopes": ["api/read", "api/write"]}))["UserPoolClient"].clone();
    let (cid, secret) = (c["ClientId"].as_str().unwrap(), c["ClientSecret"].as_str().unwrap());
    // No domain yet: no hosted UI.
    let r = http_client::get(&format!("{}/oauth2/authorize?client_id={cid}&redirect_uri=x&response_type=code", emu.url)).unwrap();
    assert_eq!(r.status, 400);
    emu.ok("CreateUserPoolDomain", json!({"UserPoolId": pool_id, "Domain": "m2m-test"}));
    let described = emu.ok("DescribeUserPoolDomain", json!({"Domain": "m2m-test"}));
    assert_eq!(described["DomainDescription"]["UserPoolId"], json!(pool_id));
    let (code, _) = emu.err_code("CreateUserPoolDomain", json!({"UserPoolId": pool_id, "Domain": "Bad_Domain"}));
    assert_eq!(code, "InvalidParameterException");

    let (status, tokens) = token_request(&emu, &[("grant_type", "client_credentials"), ("scope", "api/read")], Some((cid, secret)));
    assert_eq!(status, 200, "{tokens}");
    let access = claims(tokens["access_token"].as_str().unwrap());
    assert_eq!((access["sub"].as_str(), access["scope"].as_str()), (Some(cid), Some("api/read")));
    let (status, err) = token_request(&emu, &[("grant_type", "client_credentials"), ("scope", "openid")], Some((cid, secret)));
    assert_eq!((status, err["error"].as_str()), (400, Some("invalid_scope")));
    let (status, err) = token_request(&emu, &[("grant_type", "client_credentials")], Some((cid, "nope")));
    assert_eq!((status, err["error"].as_str()), (401, Some("invalid_client")));
}

#[test]
fn a_seed_file_sets_up_domain_client_and_provider() {
    let dir = std::env::temp_dir().join(format!("hosted-ui-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed = dir.join("seed.json");
    let doc = json!({"UserPools": [{
        "Id": "us-east-1_Hosted01", "PoolName": "seeded", "Domain": "seeded-demo",
        "Clients": [{"ClientId": "seededclient", "ClientName": "spa",
                     "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["code", "implicit"], "AllowedOAuthScopes": ["openid", "email"],
                     "CallbackURLs": [CALLBACK], "LogoutURLs": [SIGNED_OUT], "SupportedIdentityProviders": ["COGNITO", "Mock"]}],
        "IdentityProviders": [{"ProviderName": "Mock", "ProviderType": "OIDC", "AttributeMapping": {"email": "email"},
                               "ProviderDetails": {"client_id": "seed-idp", "authorize_scopes": "openid email", "oidc_issuer": "/_mock-idp"}}],
        "Users": [{"Username": "sam", "Password": PASSWORD, "Attributes": {"email": "sam@example.com", "email_verified": "true"}}]
    }]});
    std::fs::write(&seed, doc.to_string()).unwrap();
    let emu = Emulator::start(&["--seed", seed.to_str().unwrap()]);
    // The pool's own sign-in.
    let mut b = Browser::new(&emu.url);
    let login = location(&b.get(&authorize_path("seededclient", &[])));
    let back = location(&b.submit(&login, &[("username", "sam"), ("password", PASSWORD)]));
    assert!(callback_params(&back).get("code").is_some(), "{back}");
    // The seeded provider (its issuer given as a path of the emulator).
    let mut b = Browser::new(&emu.url);
    let idp = location(&b.get(&authorize_path("seededclient", &[("identity_provider", "Mock")])));
    let to_cognito = location(&b.submit(&idp, &[("email", "sso@example.com")]));
    let back = location(&b.get(&to_cognito));
    assert!(callback_params(&back).get("code").is_some(), "{back}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn mfa_is_asked_on_the_pages() {
    let emu = Emulator::start(&[]);
    let s = setup(&emu);
    emu.ok("UpdateUserPool", json!({"UserPoolId": s.pool_id, "MfaConfiguration": "ON", "AutoVerifiedAttributes": ["email"]}));
    emu.ok("AdminUpdateUserAttributes", json!({"UserPoolId": s.pool_id, "Username": "alice", "UserAttributes": [{"Name": "phone_number", "Value": "+15555550100"}]}));
    let mut b = Browser::new(&emu.url);
    let path = authorize_path(&s.client_id, &[("state", "m")]);
    let login = location(&b.get(&path));
    let mfa = location(&b.submit(&login, &[("username", "alice"), ("password", PASSWORD)]));
    assert!(mfa.starts_with("/mfa?"), "{mfa}");
    let wrong = b.submit(&mfa, &[("code", "000000x")]);
    assert_eq!(wrong.status, 400);
    assert!(wrong.text().contains("Invalid code"));
    let code = outbox_code(&emu, &s.pool_id, "alice");
    let back = location(&b.submit(&mfa, &[("code", &code)]));
    assert_eq!(callback_params(&back).get("state"), Some("m"), "{back}");
    // The step is over: the same code again is refused.
    let again = b.submit(&mfa, &[("code", &code)]);
    assert_eq!(again.status, 400);
}

#[test]
fn a_temporary_password_is_replaced_on_the_pages() {
    let emu = Emulator::start(&[]);
    let s = setup(&emu);
    let temporary = "Temp-Passw0rd!";
    let create = |name: &str| {
        emu.ok(
            "AdminCreateUser",
            json!({"UserPoolId": s.pool_id, "Username": name, "TemporaryPassword": temporary, "MessageAction": "SUPPRESS",
                   "UserAttributes": [{"Name": "email", "Value": format!("{name}@example.com")}, {"Name": "email_verified", "Value": "true"}, {"Name": "phone_number", "Value": "+15555550101"}]}),
        )
    };
    create("tara");
    let mut b = Browser::new(&emu.url);
    let path = authorize_path(&s.client_id, &[("state", "np")]);
    let login = location(&b.get(&path));
    let wrong = b.submit(&login, &[("username", "tara"), ("password", "not-the-temporary-one")]);
    assert_eq!(wrong.status, 400);
    assert!(wrong.text().contains("Incorrect username or password."));
    let step = location(&b.submit(&login, &[("username", "tara"), ("password", temporary)]));
    assert!(step.starts_with("/newPassword?"), "{step}");
    assert!(b.get(&step).text().contains("choose a new one"));

    // The two fields must agree, and the pool's policy holds.
    let r = b.submit(&step, &[("password", "N3w-Passw0rd!"), ("password2", "N3w-Passw0rd?")]);
    assert_eq!(r.status, 400);
    assert!(r.text().contains("Passwords do not match."));
    let r = b.submit(&step, &[("password", "short"), ("password2", "short")]);
    assert_eq!(r.status, 400);
    assert!(r.text().contains("Password did not conform with policy"), "{}", r.text());

    let back = location(&b.submit(&step, &[("password", "N3w-Passw0rd!"), ("password2", "N3w-Passw0rd!")]));
    let p = callback_params(&back);
    assert_eq!(p.get("state"), Some("np"), "{back}");
    let (status, tokens) = token_request(&emu, &[("grant_type", "authorization_code"), ("client_id", &s.client_id), ("code", p.get("code").unwrap()), ("redirect_uri", CALLBACK)], None);
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(claims(tokens["id_token"].as_str().unwrap())["cognito:username"], "tara");
    // The step is over, and the user is confirmed with the new password only.
    assert_eq!(b.submit(&step, &[("password", "An0ther-Passw0rd!"), ("password2", "An0ther-Passw0rd!")]).status, 400);
    let user = emu.ok("AdminGetUser", json!({"UserPoolId": s.pool_id, "Username": "tara"}));
    assert_eq!(user["UserStatus"], "CONFIRMED");
    let mut fresh = Browser::new(&emu.url);
    let login = location(&fresh.get(&path));
    assert_eq!(fresh.submit(&login, &[("username", "tara"), ("password", temporary)]).status, 400);
    assert!(callback_params(&location(&fresh.submit(&login, &[("username", "tara"), ("password", "N3w-Passw0rd!")]))).get("code").is_some());

    // With MFA on, the second factor comes after the new password.
    emu.ok("UpdateUserPool", json!({"UserPoolId": s.pool_id, "MfaConfiguration": "ON", "AutoVerifiedAttributes": ["email"]}));
    create("uma");
    let mut b = Browser::new(&emu.url);
    let login = location(&b.get(&path));
    let step = location(&b.submit(&login, &[("username", "uma"), ("password", temporary)]));
    assert!(step.starts_with("/newPassword?"), "{step}");
    let mfa = location(&b.submit(&step, &[("password", "N3w-Passw0rd!"), ("password2", "N3w-Passw0rd!")]));
    assert!(mfa.starts_with("/mfa?"), "{mfa}");
    let back = location(&b.submit(&mfa, &[("code", &outbox_code(&emu, &s.pool_id, "uma"))]));
    assert_eq!(callback_params(&back).get("state"), Some("np"), "{back}");
}
