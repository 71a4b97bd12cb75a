//! RespondToAuthChallenge: PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED, SMS_MFA, EMAIL_OTP,
//! SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP, CUSTOM_CHALLENGE, DEVICE_SRP_AUTH,
//! DEVICE_PASSWORD_VERIFIER.

use super::auth::{after_first_factor, after_password, challenge, issue_tokens, mfa_challenge};
use super::{check_secret_hash, map_opt, map_req, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::sessions::{AuthSession, Expect, SrpPending};
use crate::srp_auth::{self, Claim};
use crate::{users, util};
use cognito_wasm::totp;
use cognito_wasm::protocol::admin::AdminRespondToAuthChallengeRequest;
use cognito_wasm::protocol::messages::{ParameterMap, RespondToAuthChallengeRequest};
use cognito_wasm::protocol::names::{challenge as challenge_name, parameter, USER_ATTRIBUTES_PREFIX};
use serde_json::{json, Value};

/// Wrong answers allowed on one session before it is dropped.
const MAX_SESSION_ATTEMPTS: u32 = 3;

fn expected(name: &str) -> Option<Expect> {
    Some(match name {
        challenge_name::PASSWORD_VERIFIER => Expect::PasswordVerifier,
        challenge_name::NEW_PASSWORD_REQUIRED => Expect::NewPasswordRequired,
        challenge_name::SMS_MFA => Expect::SmsMfa,
        challenge_name::EMAIL_OTP => Expect::EmailOtp,
        challenge_name::SOFTWARE_TOKEN_MFA => Expect::SoftwareTokenMfa,
        challenge_name::SELECT_MFA_TYPE => Expect::SelectMfaType,
        challenge_name::MFA_SETUP => Expect::MfaSetup,
        challenge_name::CUSTOM_CHALLENGE => Expect::CustomChallenge,
        challenge_name::DEVICE_SRP_AUTH => Expect::DeviceSrpAuth,
        challenge_name::DEVICE_PASSWORD_VERIFIER => Expect::DevicePasswordVerifier,
        challenge_name::SELECT_CHALLENGE => Expect::SelectChallenge,
        challenge_name::SMS_OTP => Expect::SmsOtp,
        challenge_name::WEB_AUTHN => Expect::WebAuthn,
        _ => return None,
    })
}

/// Find (and take out) the session this answer belongs to.
fn take_session(ctx: &mut Ctx, session_id: Option<&str>, name: &str, resp: &ParameterMap, client_id: &str) -> ApiResult<(String, AuthSession)> {
    let want = expected(name).ok_or_else(|| {
        ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{name}' at 'challengeName' failed to satisfy constraint: Member must satisfy enum value set"
        ))
    })?;
    let mut key = session_id.filter(|id| ctx.st.sessions.contains_key(id)).map(str::to_string);
    if key.is_none() {
        if let Some(block) = map_opt(resp, "PASSWORD_CLAIM_SECRET_BLOCK") {
            key = ctx
                .st
                .sessions
                .iter()
                .find(|(_, s)| s.srp.as_ref().is_some_and(|p| p.secret_block == block))
                .map(|(k, _)| k.clone());
        }
    }
    if key.is_none() && want == Expect::DeviceSrpAuth {
        // amazon-cognito-identity-js sends a stale Session here after MFA; match by device.
        let dk = map_opt(resp, "DEVICE_KEY");
        key = ctx
            .st
            .sessions
            .iter()
            .find(|(_, s)| s.expect == Expect::DeviceSrpAuth && s.client_id == client_id && s.device_key.as_deref() == dk)
            .map(|(k, _)| k.clone());
    }
    let Some(key) = key else {
        return Err(if session_id.is_none() && want != Expect::PasswordVerifier {
            ApiError::missing("Session")
        } else {
            ApiError::invalid_session()
        });
    };
    let s = ctx.st.sessions.remove(&key).unwrap();
    if s.expires <= util::now() {
        return Err(ApiError::session_expired());
    }
    if s.client_id != client_id || s.expect != want {
        // Not ours to consume: put it back.
        ctx.st.sessions.insert(key, s);
        return Err(ApiError::invalid_session());
    }
    Ok((key, s))
}

/// Put a session back after a recoverable wrong answer (or drop it after too many).
pub(super) fn retry_later(ctx: &mut Ctx, key: String, mut s: AuthSession) {
    s.attempts += 1;
    if s.attempts < MAX_SESSION_ATTEMPTS {
        ctx.st.sessions.insert(key, s);
    }
}

pub fn respond_to_auth_challenge(ctx: &mut Ctx, req: RespondToAuthChallengeRequest) -> ApiResult<Value> {
    respond(ctx, None, &req.client_id, &req.challenge_name, req.session.as_deref(), &req.challenge_responses)
}

/// AdminRespondToAuthChallenge: the same, for an app client of the given pool.
pub fn admin_respond_to_auth_challenge(ctx: &mut Ctx, req: AdminRespondToAuthChallengeRequest) -> ApiResult<Value> {
    respond(ctx, Some(&req.user_pool_id), &req.client_id, &req.challenge_name, req.session.as_deref(), &req.challenge_responses)
}

fn respond(ctx: &mut Ctx, user_pool_id: Option<&str>, client_id: &str, name: &str, session: Option<&str>, resp: &ParameterMap) -> ApiResult<Value> {
    let pool_id = ctx.pool_of_client(client_id)?;
    if user_pool_id.is_some_and(|p| p != pool_id) {
        return Err(ApiError::resource_not_found(format!("User pool client {client_id} does not exist.")));
    }
    let client = ctx.client(&pool_id, client_id)?;
    let (key, s) = take_session(ctx, session, name, resp, client_id)?;
    let given_name = map_opt(resp, "USERNAME").unwrap_or("").to_string();
    if let Err(e) = check_secret_hash(&client, map_opt(resp, "SECRET_HASH"), &[&given_name, &s.username]) {
        ctx.st.sessions.insert(key, s);
        return Err(e);
    }
    if !ctx.pool(&pool_id)?.users.contains_key(&s.username) {
        return Err(ApiError::user_not_found());
    }
    match s.expect {
        Expect::PasswordVerifier => password_verifier(ctx, key, s, resp),
        Expect::NewPasswordRequired => new_password(ctx, key, s, resp),
        Expect::SmsMfa | Expect::EmailOtp | Expect::SmsOtp => {
            let field = match s.expect {
                Expect::SmsMfa => "SMS_MFA_CODE",
                Expect::SmsOtp => parameter::SMS_OTP_CODE,
                _ => parameter::EMAIL_OTP_CODE,
            };
            let code = map_opt(resp, field).or_else(|| map_opt(resp, "SMS_MFA_CODE"));
            let code = match code {
                Some(c) => c,
                None => {
                    ctx.st.sessions.insert(key, s);
                    return Err(ApiError::invalid_parameter(format!("Missing required parameter {field}")));
                }
            };
            let ok = s.mfa_code.as_deref().is_some_and(|c| util::ct_eq(c.as_bytes(), code.trim().as_bytes()));
            if !ok {
                retry_later(ctx, key, s);
                return Err(ApiError::mfa_code_mismatch());
            }
            issue_tokens(ctx, &s)
        }
        Expect::SoftwareTokenMfa => {
            let code = map_req(resp, "SOFTWARE_TOKEN_MFA_CODE")?;
            let secret = ctx.user(&pool_id, &s.username)?.mfa.totp_secret.clone().unwrap_or_default();
            if !totp::verify(&secret, code, util::real_now()) {
                retry_later(ctx, key, s);
                return Err(ApiError::mfa_code_mismatch());
            }
            issue_tokens(ctx, &s)
        }
        Expect::SelectMfaType => {
            let answer = map_req(resp, "ANSWER")?.to_string();
            let u = ctx.user(&pool_id, &s.username)?;
            let allowed = match answer.as_str() {
                challenge_name::SMS_MFA => u.attr("phone_number").is_some(),
                challenge_name::SOFTWARE_TOKEN_MFA => u.mfa.totp_enabled && u.mfa.totp_secret.is_some(),
                challenge_name::EMAIL_OTP => u.mfa.email_enabled && u.attr("email").is_some(),
                _ => false,
            };
            if !allowed {
                ctx.st.sessions.insert(key, s);
                return Err(ApiError::invalid_parameter(format!("Invalid MFA type {answer}")));
            }
            mfa_challenge(ctx, s, &answer)
        }
        Expect::MfaSetup => {
            if !s.totp_setup_verified {
                ctx.st.sessions.insert(key, s);
                return Err(ApiError::invalid_parameter("Software token MFA has not been verified for this session."));
            }
            let u = ctx.user_mut(&pool_id, &s.username)?;
            u.mfa.totp_enabled = true;
            u.mfa.totp_preferred = true;
            u.mfa.sms_preferred = false;
            u.mfa.email_preferred = false;
            issue_tokens(ctx, &s)
        }
        Expect::CustomChallenge => {
            let answer = map_req(resp, "ANSWER")?;
            let expected = ctx.pool(&pool_id)?.custom_auth.as_ref().map(|c| c.answer.clone()).unwrap_or_default();
            if expected.is_empty() || !util::ct_eq(expected.as_bytes(), answer.as_bytes()) {
                return Err(ApiError::incorrect_credentials());
            }
            let mut s = s;
            if let Some(dk) = map_opt(resp, "DEVICE_KEY") {
                s.device_key = Some(dk.to_string());
            }
            issue_tokens(ctx, &s)
        }
        Expect::DeviceSrpAuth => device_srp_auth(ctx, key, s, resp),
        Expect::SelectChallenge => super::user_auth::answer_select_challenge(ctx, key, s, &client, resp),
        Expect::WebAuthn => super::user_auth::answer_web_authn(ctx, key, s, resp),
        Expect::DevicePasswordVerifier => device_password_verifier(ctx, s, resp),
    }
}

fn claim_error(c: Claim) -> ApiError {
    match c {
        Claim::BadTimestamp => ApiError::invalid_parameter("TIMESTAMP format is invalid."),
        Claim::BadA => ApiError::invalid_parameter("Invalid SRP_A value."),
        _ => ApiError::incorrect_credentials(),
    }
}

fn password_verifier(ctx: &mut Ctx, key: String, mut s: AuthSession, resp: &ParameterMap) -> ApiResult<Value> {
    let (sig, block, ts) = match (
        map_req(resp, "PASSWORD_CLAIM_SIGNATURE"),
        map_req(resp, "PASSWORD_CLAIM_SECRET_BLOCK"),
        map_req(resp, "TIMESTAMP"),
    ) {
        (Ok(a), Ok(b), Ok(c)) => (a, b, c),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            ctx.st.sessions.insert(key, s);
            return Err(e);
        }
    };
    let pending = s.srp.clone().ok_or_else(ApiError::invalid_session)?;
    if !util::ct_eq(pending.secret_block.as_bytes(), block.as_bytes()) {
        return Err(ApiError::invalid_session());
    }
    // A device key the user does not have: the SDK clears its cache and retries.
    if let Some(dk) = map_opt(resp, "DEVICE_KEY") {
        let pool = ctx.pool(&s.pool_id)?;
        let known = pool.users.get(&s.username).is_some_and(|u| u.devices.contains_key(dk));
        if pool.device_configuration.is_some() && !known {
            ctx.st.sessions.insert(key, s);
            return Err(ApiError::resource_not_found("Device does not exist."));
        }
        s.device_key = Some(dk.to_string());
    }
    let name = srp_auth::pool_name(&s.pool_id).to_string();
    let claim = srp_auth::verify_claim(
        &pending.b_hex,
        &pending.verifier_hex,
        &pending.big_a_hex,
        &name,
        &s.username,
        block,
        ts,
        sig,
    );
    if claim != Claim::Valid {
        return Err(claim_error(claim));
    }
    s.srp = None;
    after_first_factor(ctx, s)
}

fn new_password(ctx: &mut Ctx, key: String, mut s: AuthSession, resp: &ParameterMap) -> ApiResult<Value> {
    let pw = match map_req(resp, "NEW_PASSWORD") {
        Ok(p) => p.to_string(),
        Err(e) => {
            ctx.st.sessions.insert(key, s);
            return Err(e);
        }
    };
    let attrs: Vec<(String, String)> = resp
        .iter()
        .filter_map(|(k, v)| k.strip_prefix(USER_ATTRIBUTES_PREFIX).map(|n| (n.to_string(), v.as_deref().unwrap_or("").to_string())))
        .collect();
    let check = users::validate_attributes(&attrs, false).and_then(|_| users::check_password(ctx.pool(&s.pool_id)?, &pw));
    if let Err(e) = check {
        retry_later(ctx, key, s);
        return Err(e);
    }
    let (salt, ver) = srp_auth::make_verifier(&s.pool_id, &s.username, &pw);
    let u = ctx.user_mut(&s.pool_id, &s.username)?;
    u.salt_hex = salt;
    u.verifier_hex = ver;
    u.status = "CONFIRMED".into();
    u.temp_password_expires = None;
    u.last_modified = util::now_f64();
    for (n, v) in attrs {
        u.attributes.insert(n, v);
    }
    s.attempts = 0;
    if s.custom_flow {
        return super::auth::custom_challenge(ctx, s);
    }
    after_password(ctx, s)
}

fn device_srp_auth(ctx: &mut Ctx, key: String, mut s: AuthSession, resp: &ParameterMap) -> ApiResult<Value> {
    let (dk, srp_a) = match (map_req(resp, "DEVICE_KEY"), map_req(resp, "SRP_A")) {
        (Ok(d), Ok(a)) => (d.to_string(), a.to_string()),
        (Err(e), _) | (_, Err(e)) => {
            ctx.st.sessions.insert(key, s);
            return Err(e);
        }
    };
    if !srp_auth::srp_a_ok(&srp_a) {
        return Err(ApiError::invalid_parameter("Invalid SRP_A value."));
    }
    let device = ctx
        .user(&s.pool_id, &s.username)?
        .devices
        .get(&dk)
        .filter(|d| d.confirmed)
        .cloned()
        .ok_or_else(|| ApiError::resource_not_found("Device does not exist."))?;
    let (salt_hex, verifier_hex) = match (device.salt_hex.clone(), device.verifier_hex.clone()) {
        (Some(a), Some(b)) => (a, b),
        _ => return Err(ApiError::resource_not_found("Device does not exist.")),
    };
    let (b_hex, big_b_hex) = srp_auth::start(&verifier_hex).ok_or_else(ApiError::internal)?;
    let secret_block = util::b64(&util::random_bytes(128));
    s.device_key = Some(dk.clone());
    s.srp = Some(SrpPending {
        b_hex,
        big_b_hex: big_b_hex.clone(),
        big_a_hex: srp_a,
        salt_hex: salt_hex.clone(),
        verifier_hex,
        secret_block: secret_block.clone(),
    });
    s.expect = Expect::DevicePasswordVerifier;
    let params = json!({
        "SALT": salt_hex,
        "SRP_B": big_b_hex,
        "SECRET_BLOCK": secret_block,
        "USERNAME": s.username,
        "DEVICE_KEY": dk,
    });
    Ok(challenge(ctx, s, challenge_name::DEVICE_PASSWORD_VERIFIER, params))
}

fn device_password_verifier(ctx: &mut Ctx, mut s: AuthSession, resp: &ParameterMap) -> ApiResult<Value> {
    let sig = map_req(resp, "PASSWORD_CLAIM_SIGNATURE")?;
    let block = map_req(resp, "PASSWORD_CLAIM_SECRET_BLOCK")?;
    let ts = map_req(resp, "TIMESTAMP")?;
    let pending = s.srp.clone().ok_or_else(ApiError::invalid_session)?;
    if !util::ct_eq(pending.secret_block.as_bytes(), block.as_bytes()) {
        return Err(ApiError::invalid_session());
    }
    let dk = s.device_key.clone().unwrap_or_default();
    if let Some(given) = map_opt(resp, "DEVICE_KEY") {
        if given != dk {
            return Err(ApiError::resource_not_found("Device does not exist."));
        }
    }
    let device = ctx
        .user(&s.pool_id, &s.username)?
        .devices
        .get(&dk)
        .cloned()
        .ok_or_else(|| ApiError::resource_not_found("Device does not exist."))?;
    let claim = srp_auth::verify_claim(
        &pending.b_hex,
        &pending.verifier_hex,
        &pending.big_a_hex,
        &device.group_key,
        &dk,
        block,
        ts,
        sig,
    );
    if claim != Claim::Valid {
        return Err(claim_error(claim));
    }
    s.srp = None;
    issue_tokens(ctx, &s)
}
