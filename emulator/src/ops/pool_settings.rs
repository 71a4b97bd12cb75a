//! Changing a pool and its app clients after creation: `UpdateUserPool` (sign-in policy,
//! password policy, MFA, devices), `SetUserPoolMfaConfig` / `GetUserPoolMfaConfig` (MFA
//! and the passkey relying party) and `UpdateUserPoolClient` (auth flows, token
//! lifetimes, refresh-token rotation). As in Cognito, `UpdateUserPool` and
//! `UpdateUserPoolClient` replace the settings: what a request leaves out goes back to its
//! default.

use super::admin::{build_client, checked_rotation, client_json, first_auth_factors, password_policy};
use super::Ctx;
use crate::errors::{ApiError, ApiResult};
use crate::state::{DeviceConfig, WebAuthnConfig};
use crate::util;
use cognito_wasm::protocol::admin::{
    CreateUserPoolClientRequest, SetUserPoolMfaConfigRequest, UpdateUserPoolClientRequest, UpdateUserPoolRequest, UserPoolIdRequest,
    WebAuthnConfiguration,
};
use serde_json::{json, Map, Value};

fn checked_mfa_configuration(value: Option<String>) -> ApiResult<String> {
    let mfa = value.unwrap_or_else(|| "OFF".to_string());
    if !["OFF", "ON", "OPTIONAL"].contains(&mfa.as_str()) {
        return Err(ApiError::invalid_parameter(format!("Invalid MfaConfiguration {mfa}")));
    }
    Ok(mfa)
}

pub fn update_user_pool(ctx: &mut Ctx, req: UpdateUserPoolRequest) -> ApiResult<Value> {
    ctx.pool(&req.user_pool_id)?;
    // Every check before the first change: a refused update changes nothing.
    let factors = first_auth_factors(req.policies.as_ref())?;
    let mfa = checked_mfa_configuration(req.mfa_configuration)?;
    let policy = password_policy(req.policies.and_then(|p| p.password_policy));
    let pool = ctx.pool_mut(&req.user_pool_id)?;
    pool.allowed_first_auth_factors = factors;
    pool.password_policy = policy;
    pool.mfa_configuration = mfa;
    pool.device_configuration = req.device_configuration.map(|d| DeviceConfig {
        challenge_required_on_new_device: d.challenge_required_on_new_device.unwrap_or(false),
        device_only_remembered_on_user_prompt: d.device_only_remembered_on_user_prompt.unwrap_or(false),
    });
    pool.auto_verified_attributes = req.auto_verified_attributes.unwrap_or_default();
    for (k, v) in req.other {
        pool.extra.insert(k, v);
    }
    pool.last_modified = util::now_f64();
    Ok(json!({}))
}

/// The `SetUserPoolMfaConfig` / `GetUserPoolMfaConfig` answer for a pool.
fn mfa_config_json(ctx: &Ctx, pool_id: &str) -> ApiResult<Value> {
    let pool = ctx.pool(pool_id)?;
    let mut out: Map<String, Value> = pool.mfa_config_extra.clone();
    out.insert("MfaConfiguration".into(), json!(pool.mfa_configuration));
    if let Some(w) = &pool.web_authn {
        let mut web = json!({ "RelyingPartyId": w.relying_party_id, "UserVerification": w.user_verification });
        if let Some(f) = &w.factor_configuration {
            web["FactorConfiguration"] = json!(f);
        }
        out.insert("WebAuthnConfiguration".into(), web);
    }
    Ok(Value::Object(out))
}

/// A `WebAuthnConfiguration` checked: the relying party id (given, or the current one) is
/// a domain name; `UserVerification` is `required` or `preferred` (the default).
pub fn checked_web_authn(w: WebAuthnConfiguration, current: Option<&WebAuthnConfig>) -> ApiResult<WebAuthnConfig> {
    let relying_party_id = w
        .relying_party_id
        .or_else(|| current.map(|c| c.relying_party_id.clone()))
        .filter(|id| !id.is_empty())
        .ok_or_else(|| ApiError::invalid_parameter("WebAuthnConfiguration.RelyingPartyId is required: the emulator has no user pool domain to default to."))?;
    if relying_party_id.contains(['/', ':', ' ']) {
        return Err(ApiError::invalid_parameter("WebAuthnConfiguration.RelyingPartyId must be a domain name."));
    }
    let user_verification = w.user_verification.unwrap_or_else(|| "preferred".to_string());
    if !["required", "preferred"].contains(&user_verification.as_str()) {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value '{user_verification}' at 'webAuthnConfiguration.userVerification' failed to satisfy constraint: Member must satisfy enum value set: [required, preferred]"
        )));
    }
    Ok(WebAuthnConfig { relying_party_id: relying_party_id.to_ascii_lowercase(), user_verification, factor_configuration: w.factor_configuration })
}

pub fn set_user_pool_mfa_config(ctx: &mut Ctx, req: SetUserPoolMfaConfigRequest) -> ApiResult<Value> {
    let pool_id = req.user_pool_id.clone();
    let current = ctx.pool(&pool_id)?.web_authn.clone();
    let web_authn = match req.web_authn_configuration {
        None => current,
        Some(w) => Some(checked_web_authn(w, current.as_ref())?),
    };
    let mfa = match req.mfa_configuration {
        Some(m) => Some(checked_mfa_configuration(Some(m))?),
        None => None,
    };
    let mut extra = Map::new();
    if let Some(v) = req.sms_mfa_configuration {
        extra.insert("SmsMfaConfiguration".into(), v);
    }
    if let Some(v) = req.software_token_mfa_configuration {
        extra.insert("SoftwareTokenMfaConfiguration".into(), json!(v));
    }
    if let Some(v) = req.email_mfa_configuration {
        extra.insert("EmailMfaConfiguration".into(), json!(v));
    }
    let pool = ctx.pool_mut(&pool_id)?;
    pool.web_authn = web_authn;
    if let Some(m) = mfa {
        pool.mfa_configuration = m;
    }
    for (k, v) in extra {
        pool.mfa_config_extra.insert(k, v);
    }
    pool.last_modified = util::now_f64();
    mfa_config_json(ctx, &pool_id)
}

pub fn get_user_pool_mfa_config(ctx: &mut Ctx, req: UserPoolIdRequest) -> ApiResult<Value> {
    mfa_config_json(ctx, &req.user_pool_id)
}

pub fn update_user_pool_client(ctx: &mut Ctx, req: UpdateUserPoolClientRequest) -> ApiResult<Value> {
    let pool_id = req.user_pool_id.clone();
    let old = ctx.client(&pool_id, &req.client_id)?;
    let rotation = checked_rotation(req.refresh_token_rotation)?;
    let settings = CreateUserPoolClientRequest {
        user_pool_id: pool_id.clone(),
        client_name: req.client_name.unwrap_or_else(|| old.name.clone()),
        generate_secret: None,
        client_secret: None,
        explicit_auth_flows: req.explicit_auth_flows,
        access_token_validity: req.access_token_validity,
        id_token_validity: req.id_token_validity,
        refresh_token_validity: req.refresh_token_validity,
        token_validity_units: req.token_validity_units,
        enable_token_revocation: req.enable_token_revocation,
        refresh_token_rotation: rotation,
        other: req.other,
    };
    let mut client = build_client(settings, old.id.clone())?;
    client.secret = old.secret;
    client.created = old.created;
    let out = client_json(&pool_id, &client);
    ctx.pool_mut(&pool_id)?.clients.insert(client.id.clone(), client);
    Ok(json!({ "UserPoolClient": out }))
}
