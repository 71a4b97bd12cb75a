//! MFA settings: SetUserSettings, SetUserMFAPreference, AdminSetUserMFAPreference,
//! AssociateSoftwareToken, VerifySoftwareToken.

use super::{reply, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::sessions::{new_session_id, Expect};
use crate::state::User;
use crate::{users, util};
use cognito_wasm::totp;
use cognito_wasm::protocol::account::{MfaSettings, SetUserMfaPreferenceRequest, SetUserSettingsRequest};
use cognito_wasm::protocol::admin::AdminSetUserMfaPreferenceRequest;
use cognito_wasm::protocol::messages::{
    AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, VerifySoftwareTokenRequest, VerifySoftwareTokenResponse,
};
use serde_json::{json, Value};

pub fn set_user_settings(ctx: &mut Ctx, req: SetUserSettingsRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    if req.mfa_options.iter().any(|o| o.delivery_medium.as_deref() != Some("SMS")) {
        return Err(ApiError::invalid_parameter("Only SMS is supported as an MFAOptions DeliveryMedium"));
    }
    let opts = req.mfa_options.iter().map(|o| serde_json::to_value(o).map_err(|_| ApiError::internal())).collect::<ApiResult<Vec<Value>>>()?;
    let u = ctx.user_mut(&pool_id, &username)?;
    u.mfa.sms_enabled = !opts.is_empty();
    if opts.is_empty() {
        u.mfa.sms_preferred = false;
    }
    u.mfa.mfa_options = opts;
    Ok(json!({}))
}

/// The MFA settings of a `SetUserMFAPreference` / `AdminSetUserMFAPreference` request.
struct Preference {
    sms: Option<MfaSettings>,
    totp: Option<MfaSettings>,
    email: Option<MfaSettings>,
}

fn apply_preference(u: &mut User, p: Preference) -> ApiResult<()> {
    let flags = |s: &MfaSettings| (s.enabled.unwrap_or(false), s.preferred_mfa.unwrap_or(false));
    if let Some((enabled, preferred)) = p.totp.as_ref().map(flags) {
        if (enabled || preferred) && u.mfa.totp_secret.is_none() {
            return Err(ApiError::invalid_parameter("User has not verified software token mfa"));
        }
    }
    if let Some((enabled, _)) = p.sms.as_ref().map(flags) {
        if enabled && u.attr("phone_number").is_none() {
            return Err(ApiError::invalid_parameter("User does not have a phone number, SMS MFA cannot be enabled."));
        }
    }
    let set = |settings: &Option<MfaSettings>, en: &mut bool, pref: &mut bool| -> Option<bool> {
        let (enabled, preferred) = flags(settings.as_ref()?);
        *en = enabled || preferred;
        *pref = preferred && *en;
        Some(*pref)
    };
    let mut m = u.mfa.clone();
    let sms_pref = set(&p.sms, &mut m.sms_enabled, &mut m.sms_preferred);
    let totp_pref = set(&p.totp, &mut m.totp_enabled, &mut m.totp_preferred);
    let email_pref = set(&p.email, &mut m.email_enabled, &mut m.email_preferred);
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

pub fn set_user_mfa_preference(ctx: &mut Ctx, req: SetUserMfaPreferenceRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    let p = Preference { sms: req.sms_mfa_settings, totp: req.software_token_mfa_settings, email: req.email_mfa_settings };
    apply_preference(ctx.user_mut(&pool_id, &username)?, p)?;
    Ok(json!({}))
}

pub fn admin_set_user_mfa_preference(ctx: &mut Ctx, req: AdminSetUserMfaPreferenceRequest) -> ApiResult<Value> {
    let pool_id = req.user_pool_id;
    let key = users::find_key_for_sign_in(ctx.pool(&pool_id)?, &req.username).ok_or_else(ApiError::user_not_found)?;
    let p = Preference { sms: req.sms_mfa_settings, totp: req.software_token_mfa_settings, email: req.email_mfa_settings };
    apply_preference(ctx.user_mut(&pool_id, &key)?, p)?;
    Ok(json!({}))
}

/// Who is asking: by access token, or by an MFA_SETUP session (returns the session id).
fn caller(ctx: &mut Ctx, access_token: Option<&str>, session: Option<&str>) -> ApiResult<(String, String, Option<String>)> {
    if let Some(t) = access_token {
        let (p, u) = ctx.authenticate(t)?;
        return Ok((p, u, None));
    }
    let sid = session.ok_or_else(|| ApiError::missing("AccessToken"))?;
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

pub fn associate_software_token(ctx: &mut Ctx, req: AssociateSoftwareTokenRequest) -> ApiResult<Value> {
    let (pool_id, username, sid) = caller(ctx, req.access_token.as_deref(), req.session.as_deref())?;
    let secret = totp::new_secret().map_err(|_| ApiError::internal())?;
    ctx.user_mut(&pool_id, &username)?.mfa.pending_totp_secret = Some(secret.clone());
    let session = sid.map(|sid| rotate(ctx, &sid, false));
    reply(&AssociateSoftwareTokenResponse { secret_code: Some(secret), session })
}

pub fn verify_software_token(ctx: &mut Ctx, req: VerifySoftwareTokenRequest) -> ApiResult<Value> {
    let code = req.user_code;
    let (pool_id, username, sid) = caller(ctx, req.access_token.as_deref(), req.session.as_deref())?;
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
    let session = sid.map(|sid| rotate(ctx, &sid, true));
    reply(&VerifySoftwareTokenResponse { status: Some("SUCCESS".to_string()), session })
}
