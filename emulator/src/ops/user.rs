//! Operations of the signed-in user (AccessToken in the body): GetUser,
//! UpdateUserAttributes, DeleteUserAttributes, GetUserAttributeVerificationCode,
//! VerifyUserAttribute, ChangePassword, DeleteUser.

use super::{check_code, new_code, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::state::{Pool, User};
use crate::{outbox, srp_auth, users, util};
use cognito_wasm::protocol::account::{
    ChangePasswordRequest, CodeDeliveryDetails, DeleteUserAttributesRequest, DeleteUserRequest, GetUserAttributeVerificationCodeRequest,
    UpdateUserAttributesRequest, VerifyUserAttributeRequest,
};
use cognito_wasm::protocol::messages::AccessTokenRequest;
use serde_json::{json, Value};

const ATTRIBUTE_CODE_TTL: i64 = 24 * 3600;

/// MFA fields shared by GetUser and AdminGetUser.
pub fn mfa_fields(u: &User, out: &mut Value) {
    let mut list = vec![];
    if u.mfa.sms_enabled && u.attr("phone_number").is_some() {
        list.push("SMS_MFA");
    }
    if u.mfa.totp_enabled && u.mfa.totp_secret.is_some() {
        list.push("SOFTWARE_TOKEN_MFA");
    }
    if u.mfa.email_enabled {
        list.push("EMAIL_OTP");
    }
    if !list.is_empty() {
        out["UserMFASettingList"] = json!(list);
    }
    let preferred = if u.mfa.totp_preferred {
        Some("SOFTWARE_TOKEN_MFA")
    } else if u.mfa.sms_preferred {
        Some("SMS_MFA")
    } else if u.mfa.email_preferred {
        Some("EMAIL_OTP")
    } else {
        None
    };
    if let Some(p) = preferred {
        out["PreferredMfaSetting"] = json!(p);
    }
    if !u.mfa.mfa_options.is_empty() {
        out["MFAOptions"] = json!(u.mfa.mfa_options);
    }
}

pub fn get_user(ctx: &mut Ctx, req: AccessTokenRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    let u = ctx.user(&pool_id, &username)?;
    let mut out = json!({ "Username": u.username, "UserAttributes": users::attribute_list(u) });
    mfa_fields(u, &mut out);
    Ok(out)
}

/// Apply attribute changes (user or admin). Returns the CodeDeliveryDetailsList.
pub fn apply_attribute_update(ctx: &mut Ctx, pool_id: &str, username: &str, attrs: Vec<(String, String)>, admin: bool) -> ApiResult<Vec<CodeDeliveryDetails>> {
    users::validate_attributes(&attrs, admin)?;
    let code_ttl = ctx.code_expiry(ATTRIBUTE_CODE_TTL);
    let pool = ctx.pool_mut(pool_id)?;
    for (name, value) in &attrs {
        if (name == "email" || name == "phone_number") && users::attribute_taken(pool, name, value, username) {
            return Err(ApiError::new("AliasExistsException", format!("An account with the given {name} already exists.")));
        }
    }
    let explicit_verified: Vec<String> = attrs.iter().filter(|(n, _)| n.ends_with("_verified")).map(|(n, _)| n.clone()).collect();
    let mut deliveries = vec![];
    let auto: Vec<String> = pool.auto_verified_attributes.clone();
    let mut sends = vec![];
    {
        let u = pool.users.get_mut(username).ok_or_else(ApiError::user_not_found)?;
        for (name, value) in attrs {
            let changed = u.attr(&name) != Some(value.as_str());
            u.attributes.insert(name.clone(), value.clone());
            if changed && (name == "email" || name == "phone_number") {
                let flag = format!("{name}_verified");
                if !explicit_verified.contains(&flag) {
                    u.attributes.insert(flag, "false".into());
                    if auto.contains(&name) {
                        let code = util::numeric_code();
                        u.attribute_codes.insert(
                            name.clone(),
                            crate::state::PendingCode { code: code.clone(), expires: code_ttl, attempts: 0 },
                        );
                        sends.push((name.clone(), value.clone(), code));
                    }
                }
            }
        }
        u.last_modified = util::now_f64();
    }
    for (name, dest, code) in sends {
        outbox::send(pool, username, outbox::VERIFY_ATTRIBUTE, &code, &dest, true);
        let medium = if name == "phone_number" { "SMS" } else { "EMAIL" };
        deliveries.push(users::delivery_details(medium, &name, &dest));
    }
    Ok(deliveries)
}

pub fn update_user_attributes(ctx: &mut Ctx, req: UpdateUserAttributesRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    let attrs = users::attribute_pairs(req.user_attributes, "UserAttributes")?;
    let list = apply_attribute_update(ctx, &pool_id, &username, attrs, false)?;
    Ok(json!({ "CodeDeliveryDetailsList": list }))
}

/// Remove attributes (user or admin).
pub fn remove_attributes(pool: &mut Pool, username: &str, names: &[String]) -> ApiResult<()> {
    for n in names {
        if n == "sub" || pool.username_attributes.contains(n) {
            return Err(ApiError::invalid_parameter(format!("Cannot delete attribute {n}: it is required or immutable.")));
        }
    }
    let u = pool.users.get_mut(username).ok_or_else(ApiError::user_not_found)?;
    for n in names {
        u.attributes.remove(n);
        if n == "email" || n == "phone_number" {
            u.attributes.remove(&format!("{n}_verified"));
            u.attribute_codes.remove(n);
        }
    }
    u.last_modified = util::now_f64();
    Ok(())
}

pub fn delete_user_attributes(ctx: &mut Ctx, req: DeleteUserAttributesRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    remove_attributes(ctx.pool_mut(&pool_id)?, &username, &req.user_attribute_names)?;
    Ok(json!({}))
}

pub fn get_user_attribute_verification_code(ctx: &mut Ctx, req: GetUserAttributeVerificationCodeRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    let attr = req.attribute_name;
    if attr != "email" && attr != "phone_number" {
        return Err(ApiError::invalid_parameter(format!("Invalid attribute name {attr}: only email and phone_number can be verified")));
    }
    let pending = new_code(ctx, ATTRIBUTE_CODE_TTL);
    let pool = ctx.pool_mut(&pool_id)?;
    let dest = pool.users[&username]
        .attr(&attr)
        .ok_or_else(|| ApiError::invalid_parameter(format!("User does not have the attribute {attr}")))?
        .to_string();
    outbox::send(pool, &username, outbox::VERIFY_ATTRIBUTE, &pending.code, &dest, true);
    pool.users.get_mut(&username).unwrap().attribute_codes.insert(attr.clone(), pending);
    let medium = if attr == "phone_number" { "SMS" } else { "EMAIL" };
    Ok(json!({ "CodeDeliveryDetails": users::delivery_details(medium, &attr, &dest) }))
}

pub fn verify_user_attribute(ctx: &mut Ctx, req: VerifyUserAttributeRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    let (attr, code) = (req.attribute_name, req.code.as_str());
    let u = ctx.user_mut(&pool_id, &username)?;
    let mut slot = u.attribute_codes.get(&attr).cloned();
    let res = check_code(&mut slot, code);
    match slot {
        Some(p) => {
            u.attribute_codes.insert(attr.clone(), p);
        }
        None => {
            u.attribute_codes.remove(&attr);
        }
    }
    res?;
    u.attributes.insert(format!("{attr}_verified"), "true".into());
    u.last_modified = util::now_f64();
    Ok(json!({}))
}

pub fn change_password(ctx: &mut Ctx, req: ChangePasswordRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    let (old, new) = (req.previous_password.as_str(), req.proposed_password.as_str());
    let u = ctx.user(&pool_id, &username)?;
    if !srp_auth::password_matches(&pool_id, &username, old, &u.salt_hex, &u.verifier_hex) {
        return Err(ApiError::incorrect_credentials());
    }
    users::check_password(ctx.pool(&pool_id)?, new)?;
    let (salt, ver) = srp_auth::make_verifier(&pool_id, &username, new);
    let u = ctx.user_mut(&pool_id, &username)?;
    u.salt_hex = salt;
    u.verifier_hex = ver;
    u.last_modified = util::now_f64();
    Ok(json!({}))
}

pub fn delete_user(ctx: &mut Ctx, req: DeleteUserRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    super::auth::sign_out_everywhere(ctx, &pool_id, &username)?;
    ctx.pool_mut(&pool_id)?.users.remove(&username);
    Ok(json!({}))
}
