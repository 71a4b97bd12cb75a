//! InitiateAuth (USER_SRP_AUTH, USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH, CUSTOM_AUTH), the
//! steps after the first factor (new password, device SRP, MFA), token issuance,
//! RevokeToken and GlobalSignOut.

use super::{check_secret_hash, map_opt, map_req, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::sessions::{new_session_id, AuthSession, Expect, SrpPending};
use crate::state::{Device, RefreshRecord};
use crate::tokens::{self, TokenRequest};
use crate::{outbox, srp_auth, users, util};
use cognito_wasm::protocol::admin::{AdminInitiateAuthRequest, PoolUserRequest};
use cognito_wasm::protocol::messages::{AccessTokenRequest, GetTokensFromRefreshTokenRequest, InitiateAuthRequest, ParameterMap, RevokeTokenRequest};
use cognito_wasm::protocol::names::{challenge as challenge_name, flow};
use serde_json::{json, Map, Value};

const MFA_CODE_TTL: i64 = 180;

pub fn initiate_auth(ctx: &mut Ctx, req: InitiateAuthRequest) -> ApiResult<Value> {
    let pool_id = ctx.pool_of_client(&req.client_id)?;
    start_flow(ctx, &pool_id, &req.client_id, &req.auth_flow, &req.auth_parameters, false)
}

/// AdminInitiateAuth: the same flows plus ADMIN_USER_PASSWORD_AUTH / ADMIN_NO_SRP_AUTH.
pub fn admin_initiate_auth(ctx: &mut Ctx, req: AdminInitiateAuthRequest) -> ApiResult<Value> {
    let (pool_id, client_id) = (req.user_pool_id.as_str(), req.client_id.as_str());
    let owner = ctx.pool_of_client(client_id)?;
    if owner != pool_id {
        return Err(ApiError::resource_not_found(format!("User pool client {client_id} does not exist.")));
    }
    start_flow(ctx, pool_id, client_id, &req.auth_flow, &req.auth_parameters, true)
}

fn start_flow(ctx: &mut Ctx, pool_id: &str, client_id: &str, auth_flow: &str, params: &ParameterMap, admin: bool) -> ApiResult<Value> {
    let client = ctx.client(pool_id, client_id)?;
    if !flow::ALL.contains(&auth_flow) {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{auth_flow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
            flow::ALL.join(", ")
        )));
    }
    if flow::is_admin_only(auth_flow) && !admin {
        return Err(ApiError::invalid_parameter("Initiate Auth method not supported."));
    }
    if !client.flow_allowed(auth_flow) {
        return Err(ApiError::invalid_parameter(format!("{auth_flow} flow not enabled for this client")));
    }
    match auth_flow {
        flow::REFRESH_TOKEN_AUTH | flow::REFRESH_TOKEN => refresh(ctx, pool_id, &client, params),
        flow::USER_PASSWORD_AUTH | flow::ADMIN_NO_SRP_AUTH | flow::ADMIN_USER_PASSWORD_AUTH => password_auth(ctx, pool_id, &client, params),
        flow::USER_SRP_AUTH => srp_start(ctx, pool_id, &client, params, false),
        flow::USER_AUTH => super::user_auth::start(ctx, pool_id, &client, params),
        _ => {
            // CUSTOM_AUTH: SRP first when the client says so (CHALLENGE_NAME=SRP_A / SRP_A).
            if map_opt(params, "CHALLENGE_NAME") == Some("SRP_A") || map_opt(params, "SRP_A").is_some() {
                srp_start(ctx, pool_id, &client, params, true)
            } else {
                custom_start(ctx, pool_id, &client, params)
            }
        }
    }
}

/// Find the user for a sign-in name and check SECRET_HASH.
pub fn sign_in_user(ctx: &Ctx, pool_id: &str, client: &crate::state::Client, params: &ParameterMap) -> ApiResult<String> {
    let name = map_req(params, "USERNAME")?;
    let pool = ctx.pool(pool_id)?;
    let key = users::find_key_for_sign_in(pool, name);
    let real = key.clone().unwrap_or_default();
    check_secret_hash(client, map_opt(params, "SECRET_HASH"), &[name, &real])?;
    let key = key.ok_or_else(ApiError::user_not_found)?;
    if !pool.users[&key].enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    Ok(key)
}

pub fn srp_start(ctx: &mut Ctx, pool_id: &str, client: &crate::state::Client, params: &ParameterMap, custom: bool) -> ApiResult<Value> {
    if custom && ctx.pool(pool_id)?.custom_auth.is_none() {
        return Err(custom_not_configured());
    }
    let key = sign_in_user(ctx, pool_id, client, params)?;
    let srp_a = map_req(params, "SRP_A")?;
    if !srp_auth::srp_a_ok(srp_a) {
        return Err(ApiError::invalid_parameter("Invalid SRP_A value."));
    }
    let u = ctx.user(pool_id, &key)?;
    let (b_hex, big_b_hex) = srp_auth::start(&u.verifier_hex).ok_or_else(ApiError::internal)?;
    let secret_block = util::b64(&util::random_bytes(128));
    let mut s = AuthSession::new(pool_id, &client.id, &key, Expect::PasswordVerifier);
    s.custom_flow = custom;
    s.device_key = map_opt(params, "DEVICE_KEY").map(str::to_string);
    s.srp = Some(SrpPending {
        b_hex,
        big_b_hex: big_b_hex.clone(),
        big_a_hex: srp_a.to_string(),
        salt_hex: u.salt_hex.clone(),
        verifier_hex: u.verifier_hex.clone(),
        secret_block: secret_block.clone(),
    });
    let salt = u.salt_hex.clone();
    // The SECRET_BLOCK doubles as the session key: the SDKs do not send a Session back
    // with PASSWORD_VERIFIER (Cognito sends none).
    ctx.st.sessions.insert(secret_block.clone(), s);
    prune_sessions(ctx);
    Ok(json!({
        "ChallengeName": challenge_name::PASSWORD_VERIFIER,
        "ChallengeParameters": {
            "SALT": salt,
            "SECRET_BLOCK": secret_block,
            "SRP_B": big_b_hex,
            "USERNAME": key,
            "USER_ID_FOR_SRP": key,
        }
    }))
}

pub fn password_auth(ctx: &mut Ctx, pool_id: &str, client: &crate::state::Client, params: &ParameterMap) -> ApiResult<Value> {
    let key = sign_in_user(ctx, pool_id, client, params)?;
    let password = map_req(params, "PASSWORD")?;
    let u = ctx.user(pool_id, &key)?;
    if !srp_auth::password_matches(pool_id, &key, password, &u.salt_hex, &u.verifier_hex) {
        return Err(ApiError::incorrect_credentials());
    }
    let mut s = AuthSession::new(pool_id, &client.id, &key, Expect::PasswordVerifier);
    s.device_key = map_opt(params, "DEVICE_KEY").map(str::to_string);
    after_first_factor(ctx, s)
}

fn custom_not_configured() -> ApiError {
    ApiError::invalid_parameter("Custom auth lambda trigger is not configured for the user pool.")
}

fn custom_start(ctx: &mut Ctx, pool_id: &str, client: &crate::state::Client, params: &ParameterMap) -> ApiResult<Value> {
    if ctx.pool(pool_id)?.custom_auth.is_none() {
        return Err(custom_not_configured());
    }
    let key = sign_in_user(ctx, pool_id, client, params)?;
    let status = ctx.user(pool_id, &key)?.status.clone();
    if status == "UNCONFIRMED" {
        return Err(ApiError::user_not_confirmed());
    }
    let mut s = AuthSession::new(pool_id, &client.id, &key, Expect::CustomChallenge);
    s.custom_flow = true;
    s.device_key = map_opt(params, "DEVICE_KEY").map(str::to_string);
    custom_challenge(ctx, s)
}

/// Issue the pool's fixed CUSTOM_CHALLENGE.
pub fn custom_challenge(ctx: &mut Ctx, mut s: AuthSession) -> ApiResult<Value> {
    let ca = ctx.pool(&s.pool_id)?.custom_auth.clone().ok_or_else(custom_not_configured)?;
    let mut params: Map<String, Value> = ca.challenge_parameters.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    params.insert("USERNAME".into(), json!(s.username));
    s.expect = Expect::CustomChallenge;
    Ok(challenge(ctx, s, challenge_name::CUSTOM_CHALLENGE, Value::Object(params)))
}

/// Store the session under a new id and answer with a challenge.
pub fn challenge(ctx: &mut Ctx, mut s: AuthSession, name: &str, params: Value) -> Value {
    s.expires = util::now() + crate::sessions::SESSION_TTL;
    prune_sessions(ctx);
    let id = new_session_id();
    ctx.st.sessions.insert(id.clone(), s);
    json!({ "ChallengeName": name, "ChallengeParameters": params, "Session": id })
}

fn prune_sessions(ctx: &mut Ctx) {
    let now = util::now();
    ctx.st.sessions.retain(|_, s| s.expires > now);
}

/// The first factor (password or SRP) is proven: status checks, then the next step.
pub fn after_first_factor(ctx: &mut Ctx, mut s: AuthSession) -> ApiResult<Value> {
    s.first_factor_done = true;
    let u = ctx.user(&s.pool_id, &s.username)?;
    match u.status.as_str() {
        "UNCONFIRMED" => return Err(ApiError::user_not_confirmed()),
        "RESET_REQUIRED" => return Err(ApiError::new("PasswordResetRequiredException", "Password reset required for the user")),
        "FORCE_CHANGE_PASSWORD" => {
            if u.temp_password_expires.is_some_and(|t| t <= util::now()) {
                return Err(ApiError::not_authorized("Temporary password has expired and must be reset by an administrator."));
            }
            let attrs: Map<String, Value> = u
                .attributes
                .iter()
                .filter(|(k, _)| k.as_str() != "sub")
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect();
            let params = json!({
                "USER_ID_FOR_SRP": u.username,
                "requiredAttributes": "[]",
                "userAttributes": Value::Object(attrs).to_string(),
            });
            s.expect = Expect::NewPasswordRequired;
            return Ok(challenge(ctx, s, challenge_name::NEW_PASSWORD_REQUIRED, params));
        }
        _ => {}
    }
    if s.custom_flow {
        return custom_challenge(ctx, s);
    }
    after_password(ctx, s)
}

/// Whether `device_key` is a remembered device of the user (DEVICE_SRP_AUTH applies).
fn remembered_device(ctx: &Ctx, s: &AuthSession) -> Option<String> {
    let pool = ctx.st.pools.get(&s.pool_id)?;
    let cfg = pool.device_configuration.as_ref()?;
    let dk = s.device_key.as_ref()?;
    let d = pool.users.get(&s.username)?.devices.get(dk)?;
    let remembered = d.confirmed
        && d.verifier_hex.is_some()
        && match d.remembered_status.as_deref() {
            Some("remembered") => true,
            Some("not_remembered") => false,
            _ => !cfg.device_only_remembered_on_user_prompt,
        };
    remembered.then(|| dk.clone())
}

/// After password (and new password): device SRP, MFA, or tokens.
pub fn after_password(ctx: &mut Ctx, mut s: AuthSession) -> ApiResult<Value> {
    if let Some(dk) = remembered_device(ctx, &s) {
        s.expect = Expect::DeviceSrpAuth;
        let params = json!({ "USERNAME": s.username, "DEVICE_KEY": dk });
        return Ok(challenge(ctx, s, challenge_name::DEVICE_SRP_AUTH, params));
    }
    match mfa_step(ctx, &s)? {
        Some(kind) => mfa_challenge(ctx, s, &kind),
        None => issue_tokens(ctx, &s),
    }
}

/// The MFA challenge due for this sign-in, if any.
pub(crate) fn mfa_step(ctx: &Ctx, s: &AuthSession) -> ApiResult<Option<String>> {
    let pool = ctx.pool(&s.pool_id)?;
    if pool.mfa_configuration == "OFF" {
        return Ok(None);
    }
    let u = ctx.user(&s.pool_id, &s.username)?;
    let has_phone = u.attr("phone_number").is_some();
    let sms = has_phone && (u.mfa.sms_enabled || !u.mfa.mfa_options.is_empty());
    let totp = u.mfa.totp_enabled && u.mfa.totp_secret.is_some();
    let email = u.mfa.email_enabled && u.attr("email").is_some();
    let mut enabled = vec![];
    if sms {
        enabled.push(challenge_name::SMS_MFA);
    }
    if totp {
        enabled.push(challenge_name::SOFTWARE_TOKEN_MFA);
    }
    if email {
        enabled.push(challenge_name::EMAIL_OTP);
    }
    if enabled.is_empty() {
        if pool.mfa_configuration != "ON" {
            return Ok(None);
        }
        return Ok(Some(if has_phone { challenge_name::SMS_MFA.into() } else { challenge_name::MFA_SETUP.into() }));
    }
    let preferred = if u.mfa.totp_preferred && totp {
        Some(challenge_name::SOFTWARE_TOKEN_MFA)
    } else if u.mfa.sms_preferred && sms {
        Some(challenge_name::SMS_MFA)
    } else if u.mfa.email_preferred && email {
        Some(challenge_name::EMAIL_OTP)
    } else {
        None
    };
    Ok(Some(match (preferred, enabled.len()) {
        (Some(p), _) => p.to_string(),
        (None, 1) => enabled[0].to_string(),
        _ => challenge_name::SELECT_MFA_TYPE.to_string(),
    }))
}

/// Issue one MFA challenge (sending the code for SMS / e-mail).
pub fn mfa_challenge(ctx: &mut Ctx, mut s: AuthSession, kind: &str) -> ApiResult<Value> {
    let u = ctx.user(&s.pool_id, &s.username)?.clone();
    match kind {
        challenge_name::SMS_MFA | challenge_name::EMAIL_OTP | challenge_name::SMS_OTP => {
            let (attr, medium, out_kind, expect) = match kind {
                challenge_name::SMS_MFA => ("phone_number", "SMS", outbox::SMS_MFA, Expect::SmsMfa),
                challenge_name::SMS_OTP => ("phone_number", "SMS", outbox::SMS_OTP, Expect::SmsOtp),
                _ => ("email", "EMAIL", outbox::EMAIL_OTP, Expect::EmailOtp),
            };
            let dest = u.attr(attr).ok_or_else(|| ApiError::invalid_parameter(format!("User has no {attr}")))?.to_string();
            let code = util::numeric_code();
            let pool = ctx.pool_mut(&s.pool_id)?;
            outbox::send(pool, &s.username, out_kind, &code, &dest, true);
            s.mfa_code = Some(code);
            s.expect = expect;
            let masked = if medium == "SMS" { util::mask_phone(&dest) } else { util::mask_email(&dest) };
            let params = json!({ "CODE_DELIVERY_DELIVERY_MEDIUM": medium, "CODE_DELIVERY_DESTINATION": masked });
            let mut out = challenge(ctx, s, kind, params);
            // The code expires with the session (3 minutes), or sooner with --code-ttl.
            if let Some(id) = out["Session"].as_str() {
                if let Some(sess) = ctx.st.sessions.get_mut(id) {
                    sess.expires = util::now() + ctx.code_ttl.unwrap_or(MFA_CODE_TTL).min(MFA_CODE_TTL);
                }
            }
            out["ChallengeParameters"]["USERNAME"] = json!(u.username);
            Ok(out)
        }
        challenge_name::SOFTWARE_TOKEN_MFA => {
            s.expect = Expect::SoftwareTokenMfa;
            Ok(challenge(ctx, s, kind, json!({ "USERNAME": u.username })))
        }
        challenge_name::SELECT_MFA_TYPE => {
            s.expect = Expect::SelectMfaType;
            let mut choices = vec![];
            if u.attr("phone_number").is_some() && (u.mfa.sms_enabled || !u.mfa.mfa_options.is_empty()) {
                choices.push(challenge_name::SMS_MFA);
            }
            if u.mfa.totp_enabled {
                choices.push(challenge_name::SOFTWARE_TOKEN_MFA);
            }
            if u.mfa.email_enabled {
                choices.push(challenge_name::EMAIL_OTP);
            }
            let params = json!({ "MFAS_CAN_CHOOSE": json!(choices).to_string(), "USERNAME": u.username });
            Ok(challenge(ctx, s, kind, params))
        }
        _ => {
            s.expect = Expect::MfaSetup;
            let params = json!({ "MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]", "USERNAME": u.username });
            Ok(challenge(ctx, s, challenge_name::MFA_SETUP, params))
        }
    }
}

/// Mint tokens for a completed sign-in. Adds NewDeviceMetadata when the pool tracks
/// devices and the sign-in did not come from a known device.
pub fn issue_tokens(ctx: &mut Ctx, s: &AuthSession) -> ApiResult<Value> {
    let client = ctx.client(&s.pool_id, &s.client_id)?;
    let tracks_devices = ctx.pool(&s.pool_id)?.device_configuration.is_some();
    let region = s.pool_id.split('_').next().unwrap_or("us-east-1").to_string();
    let issuer = ctx.issuer(&s.pool_id);
    let now = util::now();
    let pool = ctx.pool_mut(&s.pool_id)?;
    let u = pool.users.get_mut(&s.username).ok_or_else(ApiError::user_not_found)?;
    let known_device = s.device_key.as_ref().filter(|k| u.devices.contains_key(*k)).cloned();
    let mut new_device = None;
    if known_device.is_none() && tracks_devices {
        let key = format!("{region}_{}", util::uuid_v4());
        let group = format!("-{}", util::random_from(util::ALNUM, 9));
        let nowf = util::now_f64();
        u.devices.insert(
            key.clone(),
            Device {
                key: key.clone(),
                group_key: group.clone(),
                salt_hex: None,
                verifier_hex: None,
                name: None,
                confirmed: false,
                remembered_status: None,
                created: nowf,
                last_modified: nowf,
                last_authenticated: nowf,
            },
        );
        new_device = Some((key, group));
    }
    if let Some(dk) = &known_device {
        if let Some(d) = u.devices.get_mut(dk) {
            d.last_authenticated = util::now_f64();
        }
    }
    let device_key = known_device.clone().or_else(|| new_device.as_ref().map(|(k, _)| k.clone()));
    let origin_jti = util::uuid_v4();
    let refresh = tokens::new_refresh_token();
    u.refresh_tokens.retain(|r| r.expires > now);
    u.refresh_tokens.push(RefreshRecord {
        hash: util::sha256_hex(refresh.as_bytes()),
        client_id: client.id.clone(),
        origin_jti: origin_jti.clone(),
        auth_time: s.auth_time,
        expires: now + client.refresh_validity,
        device_key: device_key.clone(),
        revoked: false,
        rotated_at: None,
        oauth_scope: None,
    });
    let u = u.clone();
    let groups = super::groups::claim(ctx.pool(&s.pool_id)?, &u);
    let (id, access) = tokens::mint(
        ctx.keys,
        &TokenRequest {
            issuer: &issuer,
            client_id: &client.id,
            user: &u,
            auth_time: s.auth_time,
            origin_jti: &origin_jti,
            device_key: device_key.as_deref(),
            access_validity: client.access_validity,
            id_validity: client.id_validity,
            groups,
            scope: tokens::access_scope(&client),
        },
    );
    let mut result = json!({
        "AccessToken": access,
        "ExpiresIn": client.access_validity,
        "TokenType": "Bearer",
        "RefreshToken": refresh,
        "IdToken": id,
    });
    if let Some((k, g)) = new_device {
        result["NewDeviceMetadata"] = json!({ "DeviceKey": k, "DeviceGroupKey": g });
    }
    Ok(json!({ "AuthenticationResult": result, "ChallengeParameters": {} }))
}

/// Find a refresh token: (real username, record index).
fn find_refresh(ctx: &Ctx, pool_id: &str, token: &str) -> Option<(String, usize)> {
    let hash = util::sha256_hex(token.as_bytes());
    users::find_refresh_token(ctx.st.pools.get(pool_id)?, &hash)
}

/// The refresh token's record, checked: issued to this client, not revoked, not expired,
/// user enabled. Returns (real username, record index).
pub(crate) fn checked_refresh(ctx: &Ctx, pool_id: &str, client: &crate::state::Client, token: &str) -> ApiResult<(String, usize)> {
    let invalid = || ApiError::not_authorized("Invalid Refresh Token");
    let (username, idx) = find_refresh(ctx, pool_id, token).ok_or_else(invalid)?;
    let u = ctx.user(pool_id, &username)?;
    let rec = &u.refresh_tokens[idx];
    if rec.client_id != client.id {
        return Err(invalid());
    }
    if rec.revoked || ctx.pool(pool_id)?.revoked_origin_jtis.contains_key(&rec.origin_jti) {
        return Err(ApiError::not_authorized("Refresh Token has been revoked"));
    }
    if rec.expires <= util::now() {
        return Err(ApiError::not_authorized("Refresh Token has expired"));
    }
    if !u.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    Ok((username, idx))
}

/// New id and access tokens of a refresh token's family.
pub(crate) fn mint_from_refresh(ctx: &Ctx, pool_id: &str, client: &crate::state::Client, username: &str, rec: &RefreshRecord) -> ApiResult<Value> {
    let u = ctx.user(pool_id, username)?;
    let groups = super::groups::claim(ctx.pool(pool_id)?, u);
    let (id, access) = tokens::mint(
        ctx.keys,
        &TokenRequest {
            issuer: &ctx.issuer(pool_id),
            client_id: &client.id,
            user: u,
            auth_time: rec.auth_time,
            origin_jti: &rec.origin_jti,
            device_key: rec.device_key.as_deref(),
            access_validity: client.access_validity,
            id_validity: client.id_validity,
            groups,
            scope: rec.oauth_scope.clone().unwrap_or_else(|| tokens::access_scope(client)),
        },
    );
    Ok(json!({
        "AccessToken": access,
        "ExpiresIn": client.access_validity,
        "TokenType": "Bearer",
        "IdToken": id,
    }))
}

fn refresh(ctx: &mut Ctx, pool_id: &str, client: &crate::state::Client, params: &ParameterMap) -> ApiResult<Value> {
    let token = map_req(params, "REFRESH_TOKEN")?;
    if client.rotation_grace().is_some() {
        return Err(ApiError::invalid_parameter(
            "Refresh token rotation is enabled for this app client: refresh with GetTokensFromRefreshToken.",
        ));
    }
    let (username, idx) = checked_refresh(ctx, pool_id, client, token)?;
    let u = ctx.user(pool_id, &username)?;
    check_secret_hash(client, map_opt(params, "SECRET_HASH"), &[&u.username, &u.sub, u.attr("email").unwrap_or("")])?;
    let rec = u.refresh_tokens[idx].clone();
    let result = mint_from_refresh(ctx, pool_id, client, &username, &rec)?;
    Ok(json!({ "AuthenticationResult": result, "ChallengeParameters": {} }))
}

/// `GetTokensFromRefreshToken`: new id and access tokens; with refresh-token rotation on
/// the client, a new refresh token too, and the one sent stops working once the client's
/// grace period (`RetryGracePeriodSeconds`, 0: at once) after its first rotation is over
/// (`RefreshTokenReuseException`; the family stays valid, so the newer token still works).
pub fn get_tokens_from_refresh_token(ctx: &mut Ctx, req: GetTokensFromRefreshTokenRequest) -> ApiResult<Value> {
    let pool_id = ctx.pool_of_client(&req.client_id)?;
    let client = ctx.client(&pool_id, &req.client_id)?;
    if let Some(secret) = &client.secret {
        let Some(given) = req.client_secret.as_deref() else {
            return Err(ApiError::not_authorized(format!("Client {} is configured for secret but secret was not received", client.id)));
        };
        if !util::ct_eq(secret.as_bytes(), given.as_bytes()) {
            return Err(ApiError::not_authorized(format!("Unable to verify secret hash for client {}", client.id)));
        }
    }
    let (username, idx) = checked_refresh(ctx, &pool_id, &client, &req.refresh_token)?;
    let mut rec = ctx.user(&pool_id, &username)?.refresh_tokens[idx].clone();
    let now = util::now();
    let Some(grace) = client.rotation_grace() else {
        let result = mint_from_refresh(ctx, &pool_id, &client, &username, &rec)?;
        return Ok(json!({ "AuthenticationResult": result }));
    };
    if rec.rotated_at.is_some_and(|at| now >= at + grace) {
        return Err(ApiError::new("RefreshTokenReuseException", "The refresh token has been used already and was rotated out."));
    }
    if let Some(device_key) = req.device_key.filter(|d| !d.is_empty()) {
        rec.device_key = Some(device_key);
    }
    let refresh = tokens::new_refresh_token();
    let user = ctx.user_mut(&pool_id, &username)?;
    user.refresh_tokens[idx].rotated_at.get_or_insert(now);
    user.refresh_tokens.retain(|r| r.expires > now);
    user.refresh_tokens.push(RefreshRecord {
        hash: util::sha256_hex(refresh.as_bytes()),
        client_id: client.id.clone(),
        origin_jti: rec.origin_jti.clone(),
        auth_time: rec.auth_time,
        expires: now + client.refresh_validity,
        device_key: rec.device_key.clone(),
        revoked: false,
        rotated_at: None,
        oauth_scope: rec.oauth_scope.clone(),
    });
    let mut result = mint_from_refresh(ctx, &pool_id, &client, &username, &rec)?;
    result["RefreshToken"] = json!(refresh);
    Ok(json!({ "AuthenticationResult": result }))
}

pub fn revoke_token(ctx: &mut Ctx, req: RevokeTokenRequest) -> ApiResult<Value> {
    let (token, client_id) = (req.token.as_str(), req.client_id.as_str());
    let pool_id = ctx.pool_of_client(client_id)?;
    let client = ctx.client(&pool_id, client_id)?;
    if let Some(secret) = &client.secret {
        let given = req.client_secret.as_deref().unwrap_or("");
        if !util::ct_eq(secret.as_bytes(), given.as_bytes()) {
            return Err(ApiError::not_authorized(format!("Unable to verify secret hash for client {client_id}")));
        }
    }
    if !client.enable_token_revocation {
        return Err(ApiError::new("UnsupportedOperationException", "Token revocation is not enabled for this app client."));
    }
    if token.contains('.') && token.split('.').count() == 3 && ctx.keys.verify_jwt(token).is_some() {
        return Err(ApiError::new("UnsupportedTokenTypeException", "Only refresh tokens can be revoked."));
    }
    let Some((username, idx)) = find_refresh(ctx, &pool_id, token) else {
        return Ok(json!({}));
    };
    let rec = ctx.user(&pool_id, &username)?.refresh_tokens[idx].clone();
    if rec.client_id != client_id {
        return Err(ApiError::new("UnauthorizedException", "The token was not issued to this client."));
    }
    ctx.user_mut(&pool_id, &username)?.refresh_tokens[idx].revoked = true;
    ctx.revoke_family(&pool_id, &rec.origin_jti);
    Ok(json!({}))
}

/// Revoke every refresh token (and token family) of a user.
pub fn sign_out_everywhere(ctx: &mut Ctx, pool_id: &str, username: &str) -> ApiResult<()> {
    let jtis: Vec<String> = {
        let u = ctx.user_mut(pool_id, username)?;
        for r in u.refresh_tokens.iter_mut() {
            r.revoked = true;
        }
        u.refresh_tokens.iter().map(|r| r.origin_jti.clone()).collect()
    };
    for j in jtis {
        ctx.revoke_family(pool_id, &j);
    }
    Ok(())
}

pub fn global_sign_out(ctx: &mut Ctx, req: AccessTokenRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    sign_out_everywhere(ctx, &pool_id, &username)?;
    Ok(json!({}))
}

pub fn admin_user_global_sign_out(ctx: &mut Ctx, req: PoolUserRequest) -> ApiResult<Value> {
    let pool_id = req.user_pool_id;
    let key = users::find_key(ctx.pool(&pool_id)?, &req.username).ok_or_else(ApiError::user_not_found)?;
    sign_out_everywhere(ctx, &pool_id, &key)?;
    Ok(json!({}))
}
