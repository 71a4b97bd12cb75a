//! SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword, ConfirmForgotPassword.

use super::{check_code, check_secret_hash, new_code, reply, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::state::{Pool, User};
use crate::{outbox, srp_auth, users, util};
use cognito_wasm::protocol::account::{ConfirmForgotPasswordRequest, ConfirmSignUpRequest, SignUpRequest, SignUpResponse, UsernameRequest};
use serde_json::{json, Value};
use std::collections::BTreeMap;

const SIGNUP_CODE_TTL: i64 = 24 * 3600;
const FORGOT_CODE_TTL: i64 = 3600;

/// Decide the real username and the sign-in attribute for a new user. Pools with
/// UsernameAttributes take an e-mail / phone as the name and generate the username.
pub fn resolve_new_username(pool: &Pool, name: &str) -> ApiResult<(String, Option<(&'static str, String)>)> {
    if name.chars().any(char::is_whitespace) || name.chars().count() > 128 {
        return Err(ApiError::invalid_parameter(
            "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        ));
    }
    if pool.username_attributes.is_empty() {
        if pool.alias_attributes.iter().any(|a| a == "email") && users::valid_email(name) {
            return Err(ApiError::invalid_parameter(
                "Username cannot be of email format, since user pool is configured for email alias.",
            ));
        }
        if pool.alias_attributes.iter().any(|a| a == "phone_number") && users::valid_phone(name) {
            return Err(ApiError::invalid_parameter(
                "Username cannot be of phone number format, since user pool is configured for phone_number alias.",
            ));
        }
        return Ok((name.to_string(), None));
    }
    let email_ok = pool.username_attributes.iter().any(|a| a == "email");
    let phone_ok = pool.username_attributes.iter().any(|a| a == "phone_number");
    let attr = if email_ok && users::valid_email(name) {
        ("email", name.to_string())
    } else if phone_ok && users::valid_phone(name) {
        ("phone_number", name.to_string())
    } else {
        let msg = match (email_ok, phone_ok) {
            (true, true) => "Username should be either an email or a phone number.",
            (true, false) => "Username should be an email.",
            _ => "Username should be a phone number.",
        };
        return Err(ApiError::invalid_parameter(msg));
    };
    Ok((util::uuid_v4(), Some(attr)))
}

/// Errors for a name or unique attribute already in use.
pub fn check_unique(pool: &Pool, username: &str, attrs: &BTreeMap<String, String>, admin: bool) -> ApiResult<()> {
    if users::find_key(pool, username).is_some() {
        return Err(ApiError::new(
            "UsernameExistsException",
            if admin { "User account already exists" } else { "User already exists" },
        ));
    }
    for attr in &pool.username_attributes {
        if let Some(v) = attrs.get(attr) {
            if users::attribute_taken(pool, attr, v, username) {
                return Err(ApiError::new(
                    "UsernameExistsException",
                    format!("An account with the given {attr} already exists."),
                ));
            }
        }
    }
    Ok(())
}

/// A new user record (no code sent yet).
pub fn new_user(pool_id: &str, username: &str, password: &str, attrs: BTreeMap<String, String>, status: &str) -> User {
    let (salt_hex, verifier_hex) = srp_auth::make_verifier(pool_id, username, password);
    let now = util::now_f64();
    let sub = if users_is_uuid(username) { username.to_string() } else { util::uuid_v4() };
    let mut attributes = attrs;
    attributes.insert("sub".into(), sub.clone());
    User {
        username: username.to_string(),
        sub,
        attributes,
        enabled: true,
        status: status.to_string(),
        created: now,
        last_modified: now,
        salt_hex,
        verifier_hex,
        temp_password_expires: None,
        mfa: Default::default(),
        devices: Default::default(),
        signup_code: None,
        forgot_code: None,
        attribute_codes: Default::default(),
        refresh_tokens: vec![],
        passkeys: vec![],
        passkey_registration: None,
        groups: Default::default(),
    }
}

fn users_is_uuid(s: &str) -> bool {
    s.len() == 36 && s.chars().enumerate().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
}

pub fn sign_up(ctx: &mut Ctx, req: SignUpRequest) -> ApiResult<Value> {
    let (client_id, name, password) = (req.client_id.as_str(), req.username.as_str(), req.password.as_str());
    let pool_id = ctx.pool_of_client(client_id)?;
    let client = ctx.client(&pool_id, client_id)?;
    check_secret_hash(&client, req.secret_hash.as_deref(), &[name])?;
    let attrs_in = users::attribute_pairs(req.user_attributes.unwrap_or_default(), "UserAttributes")?;
    users::validate_attributes(&attrs_in, false)?;

    let pool = ctx.pool(&pool_id)?;
    let (username, sign_in_attr) = resolve_new_username(pool, name)?;
    let mut attrs: BTreeMap<String, String> = attrs_in.into_iter().collect();
    if let Some((a, v)) = sign_in_attr {
        attrs.insert(a.to_string(), v);
    }
    check_unique(pool, &username, &attrs, false)?;
    users::check_password(pool, password)?;
    let user = new_user(&pool_id, &username, password, attrs, "UNCONFIRMED");
    let target = users::auto_verify_target(pool, &user);
    let sub = user.sub.clone();
    let code = new_code(ctx, SIGNUP_CODE_TTL);
    let pool = ctx.pool_mut(&pool_id)?;
    pool.users.insert(username.clone(), user);
    let mut out = SignUpResponse { user_confirmed: Some(false), user_sub: Some(sub), code_delivery_details: None };
    if let Some((medium, attr, dest)) = target {
        outbox::send(pool, &username, outbox::SIGN_UP, &code.code, &dest, true);
        pool.users.get_mut(&username).unwrap().signup_code = Some(code);
        out.code_delivery_details = Some(users::delivery_details(medium, attr, &dest));
    }
    reply(&out)
}

/// Mark the attribute a sign-up code went to as verified.
fn mark_verified_after_signup(pool: &Pool, u: &mut User) {
    if let Some((_, attr, _)) = users::auto_verify_target(pool, u) {
        u.attributes.insert(format!("{attr}_verified"), "true".into());
    }
}

pub fn confirm_sign_up(ctx: &mut Ctx, req: ConfirmSignUpRequest) -> ApiResult<Value> {
    let (client_id, name, code) = (req.client_id.as_str(), req.username.as_str(), req.confirmation_code.as_str());
    let force_alias = req.force_alias_creation.unwrap_or(false);
    let pool_id = ctx.pool_of_client(client_id)?;
    let client = ctx.client(&pool_id, client_id)?;
    let pool = ctx.pool_mut(&pool_id)?;
    let key = users::find_key_for_sign_in(pool, name).ok_or_else(ApiError::user_not_found)?;
    check_secret_hash(&client, req.secret_hash.as_deref(), &[name, &key])?;
    {
        let u = pool.users.get(&key).unwrap();
        if u.status != "UNCONFIRMED" {
            return Err(ApiError::not_authorized(format!("User cannot be confirmed. Current status is {}", u.status)));
        }
    }
    let mut slot = pool.users.get(&key).unwrap().signup_code.clone();
    let res = check_code(&mut slot, code);
    pool.users.get_mut(&key).unwrap().signup_code = slot;
    res?;
    // Alias conflicts: a verified alias held by another user.
    let mut u = pool.users.get(&key).unwrap().clone();
    mark_verified_after_signup(pool, &mut u);
    for attr in pool.alias_attributes.clone() {
        if let Some(v) = u.attr(&attr).map(str::to_string) {
            if users::attribute_taken(pool, &attr, &v, &key) && u.attr_true(&format!("{attr}_verified")) {
                if !force_alias {
                    return Err(ApiError::new("AliasExistsException", format!("An account with the given {attr} already exists.")));
                }
                let holders: Vec<String> =
                    pool.users.with_attr(&attr, &v).filter(|o| o.username != key && o.attr(&attr) == Some(v.as_str())).map(|o| o.username.clone()).collect();
                for other in holders {
                    if let Some(o) = pool.users.get_mut(&other) {
                        o.attributes.insert(format!("{attr}_verified"), "false".into());
                    }
                }
            }
        }
    }
    u.status = "CONFIRMED".into();
    u.last_modified = util::now_f64();
    pool.users.insert(key, u);
    Ok(json!({}))
}

pub fn resend_confirmation_code(ctx: &mut Ctx, req: UsernameRequest) -> ApiResult<Value> {
    let (client_id, name) = (req.client_id.as_str(), req.username.as_str());
    let pool_id = ctx.pool_of_client(client_id)?;
    let client = ctx.client(&pool_id, client_id)?;
    let code = new_code(ctx, SIGNUP_CODE_TTL);
    let pool = ctx.pool_mut(&pool_id)?;
    let key = users::find_key_for_sign_in(pool, name).ok_or_else(ApiError::user_not_found)?;
    check_secret_hash(&client, req.secret_hash.as_deref(), &[name, &key])?;
    let u = pool.users.get(&key).unwrap();
    if u.status != "UNCONFIRMED" {
        return Err(ApiError::invalid_parameter("User is already confirmed."));
    }
    let (medium, attr, dest) = users::auto_verify_target(pool, u)
        .or_else(|| users::delivery_target(pool, u, false))
        .ok_or_else(|| ApiError::invalid_parameter("Auto verification not turned on."))?;
    outbox::send(pool, &key, outbox::RESEND, &code.code, &dest, true);
    pool.users.get_mut(&key).unwrap().signup_code = Some(code);
    Ok(json!({ "CodeDeliveryDetails": users::delivery_details(medium, attr, &dest) }))
}

pub fn forgot_password(ctx: &mut Ctx, req: UsernameRequest) -> ApiResult<Value> {
    let (client_id, name) = (req.client_id.as_str(), req.username.as_str());
    let pool_id = ctx.pool_of_client(client_id)?;
    let client = ctx.client(&pool_id, client_id)?;
    let code = new_code(ctx, FORGOT_CODE_TTL);
    let pool = ctx.pool_mut(&pool_id)?;
    let key = users::find_key_for_sign_in(pool, name)
        .ok_or_else(|| ApiError::new("UserNotFoundException", "Username/client id combination not found."))?;
    check_secret_hash(&client, req.secret_hash.as_deref(), &[name, &key])?;
    let u = pool.users.get(&key).unwrap();
    if !u.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    let phone = u.attr("phone_number").filter(|_| u.attr_true("phone_number_verified")).map(|p| ("SMS", "phone_number", p.to_string()));
    let email = u.attr("email").filter(|_| u.attr_true("email_verified")).map(|e| ("EMAIL", "email", e.to_string()));
    let (medium, attr, dest) = email.or(phone).ok_or_else(|| {
        ApiError::invalid_parameter("Cannot reset password for the user as there is no registered/verified email or phone_number")
    })?;
    outbox::send(pool, &key, outbox::FORGOT_PASSWORD, &code.code, &dest, true);
    pool.users.get_mut(&key).unwrap().forgot_code = Some(code);
    Ok(json!({ "CodeDeliveryDetails": users::delivery_details(medium, attr, &dest) }))
}

pub fn confirm_forgot_password(ctx: &mut Ctx, req: ConfirmForgotPasswordRequest) -> ApiResult<Value> {
    let (client_id, name) = (req.client_id.as_str(), req.username.as_str());
    let (code, password) = (req.confirmation_code.as_str(), req.password.as_str());
    let pool_id = ctx.pool_of_client(client_id)?;
    let client = ctx.client(&pool_id, client_id)?;
    let pool = ctx.pool_mut(&pool_id)?;
    let key = users::find_key_for_sign_in(pool, name)
        .ok_or_else(|| ApiError::new("UserNotFoundException", "Username/client id combination not found."))?;
    check_secret_hash(&client, req.secret_hash.as_deref(), &[name, &key])?;
    let mut slot = pool.users.get(&key).unwrap().forgot_code.clone();
    let res = check_code(&mut slot, code);
    if res.is_ok() {
        // Only burn the code once the new password is accepted.
        users::check_password(pool, password)?;
    }
    pool.users.get_mut(&key).unwrap().forgot_code = slot;
    res?;
    let (salt, ver) = srp_auth::make_verifier(&pool_id, &key, password);
    let u = pool.users.get_mut(&key).unwrap();
    u.salt_hex = salt;
    u.verifier_hex = ver;
    if u.status == "RESET_REQUIRED" || u.status == "FORCE_CHANGE_PASSWORD" {
        u.status = "CONFIRMED".into();
        u.temp_password_expires = None;
    }
    u.last_modified = util::now_f64();
    Ok(json!({}))
}
