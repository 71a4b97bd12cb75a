//! MFA settings: SetUserSettings, SetUserMFAPreference, AdminSetUserMFAPreference,
//! AssociateSoftwareToken, VerifySoftwareToken.

use super::{opt_str, req_str, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::sessions::{new_session_id, Expect};
use crate::state::User;
use crate::{totp, users, util};
use serde_json::{json, Value};

pub fn set_user_settings(ctx: &mut Ctx, body: &Value) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(req_str(body, "AccessToken")?)?;
    let opts = body.get("MFAOptions").ok_or_else(|| ApiError::missing("MFAOptions"))?;
    let opts = opts.as_array().cloned().ok_or_else(|| ApiError::invalid_parameter("MFAOptions must be a list"))?;
    for o in &opts {
        if o.get("DeliveryMedium").and_then(|v| v.as_str()) != Some("SMS") {
            return Err(ApiError::invalid_parameter("Only SMS is supported as an MFAOptions DeliveryMedium"));
        }
    }
    let u = ctx.user_mut(&pool_id, &username)?;
    u.mfa.sms_enabled = !opts.is_empty();
    if opts.is_empty() {
        u.mfa.sms_preferred = false;
    }
    u.mfa.mfa_options = opts;
    Ok(json!({}))
}

fn apply_preference(u: &mut User, body: &Value) -> ApiResult<()> {
    let get = |k: &str| body.get(k).filter(|v| v.is_object());
    if let Some(s) = get("SoftwareTokenMfaSettings") {
        let enabled = s.get("Enabled").and_then(|v| v.as_bool()).unwrap_or(false);
        let preferred = s.get("PreferredMfa").and_then(|v| v.as_bool()).unwrap_or(false);
        if (enabled || preferred) && u.mfa.totp_secret.is_none() {
            return Err(ApiError::invalid_parameter("User has not verified software token mfa"));
        }
    }
    if let Some(s) = get("SMSMfaSettings") {
        let enabled = s.get("Enabled").and_then(|v| v.as_bool()).unwrap_or(false);
        if enabled && u.attr("phone_number").is_none() {
            return Err(ApiError::invalid_parameter("User does not have a phone number, SMS MFA cannot be enabled."));
        }
    }
    let set = |key: &str, en: &mut bool, pref: &mut bool| -> Option<bool> {
        let s = get(key)?;
        let enabled = s.get("Enabled").and_then(|v| v.as_bool()).unwrap_or(false);
        let preferred = s.get("PreferredMfa").and_then(|v| v.as_bool()).unwrap_or(false);
        *en = enabled || preferred;
        *pref = preferred && *en;
        Some(*pref)
    };
    let mut m = u.mfa.clone();
    let sms_pref = set("SMSMfaSettings", &mut m.sms_enabled, &mut m.sms_preferred);
    let totp_pref = set("SoftwareTokenMfaSettings", &mut m.totp_enabled, &mut m.totp_preferred);
    let email_pref = set("EmailMfaSettings", &mut m.email_enabled, &mut m.email_preferred);
    // Only one preferred method.
    if sms_pref == Some(true) {
        m.totp_preferred = false;
        m.email_preferred = false;
    }
    if totp_pref == Some(true) {
        m.sms_preferred = false;
        m.email_preferred = false;
    }
    if email_pref == Some(true) {
        m.sms_preferred = false;
        m.totp_preferred = false;
    }
    if !m.sms_enabled {
        m.mfa_options.clear();
    }
    u.mfa = m;
    u.last_modified = util::now_f64();
    Ok(())
}

pub fn set_user_mfa_preference(ctx: &mut Ctx, body: &Value) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(req_str(body, "AccessToken")?)?;
    apply_preference(ctx.user_mut(&pool_id, &username)?, body)?;
    Ok(json!({}))
}

pub fn admin_set_user_mfa_preference(ctx: &mut Ctx, body: &Value) -> ApiResult<Value> {
    let pool_id = req_str(body, "UserPoolId")?.to_string();
    let name = req_str(body, "Username")?;
    let key = users::find_key_for_sign_in(ctx.pool(&pool_id)?, name).ok_or_else(ApiError::user_not_found)?;
    apply_preference(ctx.user_mut(&pool_id, &key)?, body)?;
    Ok(json!({}))
}

/// Who is asking: by access token, or by an MFA_SETUP session (returns the session id).
fn caller(ctx: &mut Ctx, body: &Value) -> ApiResult<(String, String, Option<String>)> {
    if let Some(t) = opt_str(body, "AccessToken") {
        let (p, u) = ctx.authenticate(t)?;
        return Ok((p, u, None));
    }
    let sid = opt_str(body, "Session").ok_or_else(|| ApiError::missing("AccessToken"))?;
    let s = ctx.st.sessions.get(sid).ok_or_else(ApiError::invalid_session)?;
    if s.expires <= util::now() {
        return Err(ApiError::session_expired());
    }
    if s.expect != Expect::MfaSetup {
        return Err(ApiError::invalid_session());
    }
    Ok((s.pool_id.clone(), s.username.clone(), Some(sid.to_string())))
}

/// Move a session to a new id (Cognito hands out a new Session at each step).
fn rotate(ctx: &mut Ctx, sid: &str, verified: bool) -> String {
    let mut s = ctx.st.sessions.remove(sid).expect("session checked by caller");
    if verified {
        s.totp_setup_verified = true;
    }
    s.expires = util::now() + crate::sessions::SESSION_TTL;
    let id = new_session_id();
    ctx.st.sessions.insert(id.clone(), s);
    id
}

pub fn associate_software_token(ctx: &mut Ctx, body: &Value) -> ApiResult<Value> {
    let (pool_id, username, sid) = caller(ctx, body)?;
    let secret = totp::new_secret();
    ctx.user_mut(&pool_id, &username)?.mfa.pending_totp_secret = Some(secret.clone());
    let mut out = json!({ "SecretCode": secret });
    if let Some(sid) = sid {
        out["Session"] = json!(rotate(ctx, &sid, false));
    }
    Ok(out)
}

pub fn verify_software_token(ctx: &mut Ctx, body: &Value) -> ApiResult<Value> {
    let code = req_str(body, "UserCode")?.to_string();
    let (pool_id, username, sid) = caller(ctx, body)?;
    let u = ctx.user_mut(&pool_id, &username)?;
    let secret = u
        .mfa
        .pending_totp_secret
        .clone()
        .ok_or_else(|| ApiError::invalid_parameter("User has not associated a software token. Call AssociateSoftwareToken first."))?;
    if !totp::verify(&secret, &code, util::real_now()) {
        return Err(ApiError::new("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA"));
    }
    u.mfa.totp_secret = Some(secret);
    u.mfa.pending_totp_secret = None;
    u.last_modified = util::now_f64();
    let mut out = json!({ "Status": "SUCCESS" });
    if let Some(sid) = sid {
        out["Session"] = json!(rotate(ctx, &sid, true));
    }
    Ok(out)
}
