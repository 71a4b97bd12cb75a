//! Administration: user pools, app clients and Admin* user operations, so a pool can be
//! set up with the AWS CLI, boto3 or an AWS SDK (SigV4 is accepted and ignored).

use super::signup::{check_unique, new_user, resolve_new_username};
use super::user::{apply_attribute_update, mfa_fields, remove_attributes};
use super::{date, required, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::state::{Client, CustomAuth, DeviceConfig, PasswordPolicy, Pool, User};
use crate::{outbox, srp_auth, users, util};
use cognito_wasm::protocol::admin::{
    AdminCreateUserRequest, AdminDeleteUserAttributesRequest, AdminSetUserPasswordRequest, AdminUpdateUserAttributesRequest,
    CreateUserPoolClientRequest, CreateUserPoolRequest, ListUserPoolsRequest, ListUsersRequest, PoolClientRequest, PoolUserRequest,
    RefreshTokenRotation, UserPoolIdRequest, UserPoolPolicies,
};
use cognito_wasm::protocol::names::auth_factor;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Build a pool from CreateUserPool input (also used by the seed file).
pub fn build_pool(req: CreateUserPoolRequest, id: String) -> ApiResult<Pool> {
    let name = req.pool_name;
    let allowed_first_auth_factors = first_auth_factors(req.policies.as_ref())?;
    let policy = password_policy(req.policies.and_then(|p| p.password_policy));
    let username_attributes = req.username_attributes.unwrap_or_default();
    let alias_attributes = req.alias_attributes.unwrap_or_default();
    if !username_attributes.is_empty() && !alias_attributes.is_empty() {
        return Err(ApiError::invalid_parameter("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool."));
    }
    for a in &username_attributes {
        if a != "email" && a != "phone_number" {
            return Err(ApiError::invalid_parameter(format!("Invalid UsernameAttributes value {a}")));
        }
    }
    for a in &alias_attributes {
        if a != "email" && a != "phone_number" && a != "preferred_username" {
            return Err(ApiError::invalid_parameter(format!("Invalid AliasAttributes value {a}")));
        }
    }
    let mfa = req.mfa_configuration.unwrap_or_else(|| "OFF".to_string());
    if !["OFF", "ON", "OPTIONAL"].contains(&mfa.as_str()) {
        return Err(ApiError::invalid_parameter(format!("Invalid MfaConfiguration {mfa}")));
    }
    let device_configuration = req.device_configuration.map(|d| DeviceConfig {
        challenge_required_on_new_device: d.challenge_required_on_new_device.unwrap_or(false),
        device_only_remembered_on_user_prompt: d.device_only_remembered_on_user_prompt.unwrap_or(false),
    });
    let custom_auth = req.emulator_custom_auth.map(|c| CustomAuth {
        challenge_parameters: c.challenge_parameters.into_iter().map(|(k, v)| (k, v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))).collect(),
        answer: c.answer,
    });
    let case_sensitive = req.username_configuration.and_then(|u| u.case_sensitive).unwrap_or(true);
    let extra = req.other;
    let auto_verified_attributes = req.auto_verified_attributes.unwrap_or_default();
    let now = util::now_f64();
    Ok(Pool {
        id,
        name,
        created: now,
        last_modified: now,
        password_policy: policy,
        username_attributes,
        alias_attributes,
        auto_verified_attributes,
        username_case_sensitive: case_sensitive,
        mfa_configuration: mfa,
        device_configuration,
        custom_auth,
        allowed_first_auth_factors,
        web_authn: None,
        mfa_config_extra: Default::default(),
        extra,
        clients: BTreeMap::new(),
        users: Default::default(),
        outbox: Default::default(),
        revoked_origin_jtis: BTreeMap::new(),
        groups: BTreeMap::new(),
        domain: None,
        identity_providers: BTreeMap::new(),
    })
}

/// `Policies.PasswordPolicy`, with Cognito's defaults for what is left out.
pub fn password_policy(given: Option<cognito_wasm::protocol::admin::PasswordPolicy>) -> PasswordPolicy {
    let Some(p) = given else { return PasswordPolicy::default() };
    PasswordPolicy {
        minimum_length: p.minimum_length.unwrap_or(8).clamp(6, 99),
        require_uppercase: p.require_uppercase.unwrap_or(false),
        require_lowercase: p.require_lowercase.unwrap_or(false),
        require_numbers: p.require_numbers.unwrap_or(false),
        require_symbols: p.require_symbols.unwrap_or(false),
        temporary_password_validity_days: p.temporary_password_validity_days.unwrap_or(7),
    }
}

/// `Policies.SignInPolicy.AllowedFirstAuthFactors` checked (1 to 4 known factors, each
/// once), `PASSWORD` alone when absent.
pub fn first_auth_factors(policies: Option<&UserPoolPolicies>) -> ApiResult<Vec<String>> {
    let Some(factors) = policies.and_then(|p| p.sign_in_policy.as_ref()).and_then(|s| s.allowed_first_auth_factors.clone()) else {
        return Ok(crate::state::password_only());
    };
    if factors.is_empty() || factors.len() > auth_factor::ALL.len() {
        return Err(ApiError::invalid_parameter(
            "1 validation error detected: Value at 'policies.signInPolicy.allowedFirstAuthFactors' failed to satisfy constraint: Member must have length between 1 and 4",
        ));
    }
    for (i, f) in factors.iter().enumerate() {
        if !auth_factor::ALL.contains(&f.as_str()) {
            return Err(ApiError::invalid_parameter(format!(
                "1 validation error detected: Value '{f}' at 'policies.signInPolicy.allowedFirstAuthFactors' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
                auth_factor::ALL.join(", ")
            )));
        }
        if factors[..i].contains(f) {
            return Err(ApiError::invalid_parameter(format!("AllowedFirstAuthFactors lists {f} twice.")));
        }
    }
    Ok(factors)
}

pub fn new_pool_id(region: &str) -> String {
    format!("{region}_{}", util::random_from(util::ALNUM, 9))
}

pub fn pool_json(p: &Pool) -> Value {
    let mut out = Map::new();
    for (k, v) in &p.extra {
        out.insert(k.clone(), v.clone());
    }
    let pp = &p.password_policy;
    let region = p.id.split('_').next().unwrap_or("us-east-1");
    let mut v = json!({
        "Id": p.id,
        "Name": p.name,
        "Arn": format!("arn:aws:cognito-idp:{region}:000000000000:userpool/{}", p.id),
        "Policies": { "PasswordPolicy": {
            "MinimumLength": pp.minimum_length,
            "RequireUppercase": pp.require_uppercase,
            "RequireLowercase": pp.require_lowercase,
            "RequireNumbers": pp.require_numbers,
            "RequireSymbols": pp.require_symbols,
            "TemporaryPasswordValidityDays": pp.temporary_password_validity_days,
        }},
        "LastModifiedDate": date(p.last_modified),
        "CreationDate": date(p.created),
        "MfaConfiguration": p.mfa_configuration,
        "EstimatedNumberOfUsers": p.users.len(),
        "UsernameConfiguration": { "CaseSensitive": p.username_case_sensitive },
    });
    v["Policies"]["SignInPolicy"] = json!({ "AllowedFirstAuthFactors": p.allowed_first_auth_factors });
    for (k, val) in v.as_object_mut().unwrap().iter() {
        out.insert(k.clone(), val.clone());
    }
    if !p.username_attributes.is_empty() {
        out.insert("UsernameAttributes".into(), json!(p.username_attributes));
    }
    if !p.alias_attributes.is_empty() {
        out.insert("AliasAttributes".into(), json!(p.alias_attributes));
    }
    if !p.auto_verified_attributes.is_empty() {
        out.insert("AutoVerifiedAttributes".into(), json!(p.auto_verified_attributes));
    }
    if let Some(d) = &p.device_configuration {
        out.insert(
            "DeviceConfiguration".into(),
            json!({
                "ChallengeRequiredOnNewDevice": d.challenge_required_on_new_device,
                "DeviceOnlyRememberedOnUserPrompt": d.device_only_remembered_on_user_prompt,
            }),
        );
    }
    if let Some(c) = &p.custom_auth {
        out.insert("EmulatorCustomAuth".into(), json!({ "ChallengeParameters": c.challenge_parameters, "Answer": c.answer }));
    }
    v = Value::Object(out);
    v
}

pub fn create_user_pool(ctx: &mut Ctx, req: CreateUserPoolRequest) -> ApiResult<Value> {
    let id = new_pool_id(ctx.region);
    let pool = build_pool(req, id.clone())?;
    let out = pool_json(&pool);
    ctx.st.pools.insert(id, pool);
    Ok(json!({ "UserPool": out }))
}

pub fn describe_user_pool(ctx: &mut Ctx, req: UserPoolIdRequest) -> ApiResult<Value> {
    Ok(json!({ "UserPool": pool_json(ctx.pool(&req.user_pool_id)?) }))
}

pub fn list_user_pools(ctx: &mut Ctx, req: ListUserPoolsRequest) -> ApiResult<Value> {
    let max = req.max_results.unwrap_or(60) as usize;
    let pools: Vec<Value> = ctx
        .st
        .pools
        .values()
        .take(max.max(1))
        .map(|p| json!({"Id": p.id, "Name": p.name, "LastModifiedDate": date(p.last_modified), "CreationDate": date(p.created)}))
        .collect();
    Ok(json!({ "UserPools": pools }))
}

pub fn delete_user_pool(ctx: &mut Ctx, req: UserPoolIdRequest) -> ApiResult<Value> {
    let id = req.user_pool_id.as_str();
    ctx.st.pools.remove(id).ok_or_else(|| super::pool_not_found(id))?;
    Ok(json!({}))
}

// ---------- app clients ----------

fn unit_seconds(unit: Option<&str>, default: &str) -> ApiResult<i64> {
    Ok(match unit.unwrap_or(default) {
        "seconds" => 1,
        "minutes" => 60,
        "hours" => 3600,
        "days" => 86_400,
        other => {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid TokenValidityUnits value {other}: use seconds (emulator extension), minutes, hours or days"
            )))
        }
    })
}

/// Build an app client from CreateUserPoolClient input (also used by the seed file).
pub fn build_client(req: CreateUserPoolClientRequest, id: String) -> ApiResult<Client> {
    let units = req.token_validity_units.clone().unwrap_or_default();
    let life = |field: &str, value: Option<i64>, unit: Option<&str>, default_unit: &str, default_secs: i64| -> ApiResult<i64> {
        match value {
            Some(v) if v <= 0 => Err(ApiError::invalid_parameter(format!("{field} must be positive"))),
            Some(v) => Ok(v * unit_seconds(unit, default_unit)?),
            None => Ok(default_secs),
        }
    };
    let access = life("AccessTokenValidity", req.access_token_validity, units.access_token.as_deref(), "hours", 3600)?;
    let idv = life("IdTokenValidity", req.id_token_validity, units.id_token.as_deref(), "hours", 3600)?;
    let refresh = life("RefreshTokenValidity", req.refresh_token_validity, units.refresh_token.as_deref(), "days", 30 * 86_400)?;
    let secret = if req.generate_secret.unwrap_or(false) {
        Some(req.client_secret.unwrap_or_else(|| util::random_from(util::ALNUM_LOWER, 51)))
    } else {
        None
    };
    let token_validity_units = match &req.token_validity_units {
        Some(u) => Some(serde_json::to_value(u).map_err(|_| ApiError::internal())?),
        None => None,
    };
    crate::oauth::config::check_client_fields(&req.other)?;
    let now = util::now_f64();
    Ok(Client {
        id,
        name: req.client_name,
        secret,
        explicit_auth_flows: req.explicit_auth_flows.unwrap_or_default(),
        access_validity: access,
        id_validity: idv,
        refresh_validity: refresh,
        access_validity_raw: req.access_token_validity,
        id_validity_raw: req.id_token_validity,
        refresh_validity_raw: req.refresh_token_validity,
        token_validity_units,
        enable_token_revocation: req.enable_token_revocation.unwrap_or(true),
        refresh_token_rotation: checked_rotation(req.refresh_token_rotation)?,
        created: now,
        last_modified: now,
        extra: req.other,
    })
}

pub fn checked_rotation(rotation: Option<RefreshTokenRotation>) -> ApiResult<Option<RefreshTokenRotation>> {
    if rotation.and_then(|r| r.retry_grace_period_seconds).is_some_and(|s| s > 60) {
        return Err(ApiError::invalid_parameter(
            "1 validation error detected: Value at 'refreshTokenRotation.retryGracePeriodSeconds' failed to satisfy constraint: Member must have value less than or equal to 60",
        ));
    }
    Ok(rotation)
}

pub fn new_client_id() -> String {
    util::random_from(util::ALNUM_LOWER, 26)
}

pub fn client_json(pool_id: &str, c: &Client) -> Value {
    let mut out: Map<String, Value> = c.extra.clone();
    let units = c.token_validity_units.clone().unwrap_or_else(|| json!({"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}));
    let fields = json!({
        "UserPoolId": pool_id,
        "ClientName": c.name,
        "ClientId": c.id,
        "LastModifiedDate": date(c.last_modified),
        "CreationDate": date(c.created),
        "RefreshTokenValidity": c.refresh_validity_raw.unwrap_or(30),
        "AccessTokenValidity": c.access_validity_raw.unwrap_or(1),
        "IdTokenValidity": c.id_validity_raw.unwrap_or(1),
        "TokenValidityUnits": units,
        "EnableTokenRevocation": c.enable_token_revocation,
        "AuthSessionValidity": 3,
    });
    for (k, v) in fields.as_object().unwrap() {
        out.insert(k.clone(), v.clone());
    }
    if !c.explicit_auth_flows.is_empty() {
        out.insert("ExplicitAuthFlows".into(), json!(c.explicit_auth_flows));
    }
    if let Some(s) = &c.secret {
        out.insert("ClientSecret".into(), json!(s));
    }
    if let Some(r) = &c.refresh_token_rotation {
        out.insert("RefreshTokenRotation".into(), json!(r));
    }
    Value::Object(out)
}

pub fn create_user_pool_client(ctx: &mut Ctx, req: CreateUserPoolClientRequest) -> ApiResult<Value> {
    let pool_id = required(Some(&req.user_pool_id), "UserPoolId")?.to_string();
    ctx.pool(&pool_id)?;
    let client = build_client(req, new_client_id())?;
    let out = client_json(&pool_id, &client);
    ctx.pool_mut(&pool_id)?.clients.insert(client.id.clone(), client);
    Ok(json!({ "UserPoolClient": out }))
}

pub fn describe_user_pool_client(ctx: &mut Ctx, req: PoolClientRequest) -> ApiResult<Value> {
    let c = ctx.client(&req.user_pool_id, &req.client_id)?;
    Ok(json!({ "UserPoolClient": client_json(&req.user_pool_id, &c) }))
}

pub fn list_user_pool_clients(ctx: &mut Ctx, req: UserPoolIdRequest) -> ApiResult<Value> {
    let pool_id = req.user_pool_id.as_str();
    let list: Vec<Value> =
        ctx.pool(pool_id)?.clients.values().map(|c| json!({"ClientId": c.id, "UserPoolId": pool_id, "ClientName": c.name})).collect();
    Ok(json!({ "UserPoolClients": list }))
}

pub fn delete_user_pool_client(ctx: &mut Ctx, req: PoolClientRequest) -> ApiResult<Value> {
    let (pool_id, client_id) = (req.user_pool_id, req.client_id.as_str());
    ctx.pool_mut(&pool_id)?
        .clients
        .remove(client_id)
        .ok_or_else(|| ApiError::resource_not_found(format!("User pool client {client_id} does not exist.")))?;
    Ok(json!({}))
}

// ---------- users ----------

pub fn user_json(u: &User, attrs_key: &str) -> Value {
    let mut out = json!({
        "Username": u.username,
        "UserCreateDate": date(u.created),
        "UserLastModifiedDate": date(u.last_modified),
        "Enabled": u.enabled,
        "UserStatus": u.status,
    });
    out[attrs_key] = users::attribute_list(u);
    out
}

/// A temporary password that satisfies the pool's policy.
fn temp_password(pool: &Pool) -> String {
    let len = (pool.password_policy.minimum_length as usize).max(12);
    let mut s = util::random_from(util::ALNUM, len.saturating_sub(4));
    s.push_str("Aa1!");
    s
}

/// Create a user as an administrator (also used by the seed file).
pub fn create_user_admin(pool: &mut Pool, name: &str, attrs_in: Vec<(String, String)>, password: Option<&str>, status: &str) -> ApiResult<(String, String)> {
    users::validate_attributes(&attrs_in, true)?;
    let (username, sign_in_attr) = resolve_new_username(pool, name)?;
    let mut attrs: BTreeMap<String, String> = attrs_in.into_iter().collect();
    if let Some((a, v)) = sign_in_attr {
        attrs.insert(a.to_string(), v);
    }
    check_unique(pool, &username, &attrs, true)?;
    let password = match password {
        Some(p) => {
            users::check_password(pool, p)?;
            p.to_string()
        }
        None => temp_password(pool),
    };
    let mut user = new_user(&pool.id, &username, &password, attrs, status);
    if status == "FORCE_CHANGE_PASSWORD" {
        user.temp_password_expires = Some(util::now() + pool.password_policy.temporary_password_validity_days as i64 * 86_400);
    }
    pool.users.insert(username.clone(), user);
    Ok((username, password))
}

pub fn admin_create_user(ctx: &mut Ctx, req: AdminCreateUserRequest) -> ApiResult<Value> {
    let (pool_id, name) = (req.user_pool_id.clone(), req.username.as_str());
    let attrs = users::attribute_pairs(req.user_attributes.unwrap_or_default(), "UserAttributes")?;
    let temp = req.temporary_password.as_deref();
    let action = req.message_action.as_deref();
    let pool = ctx.pool_mut(&pool_id)?;
    if action == Some("RESEND") {
        let key = users::find_key_for_sign_in(pool, name).ok_or_else(ApiError::user_not_found)?;
        let u = pool.users.get(&key).unwrap();
        if u.status != "FORCE_CHANGE_PASSWORD" {
            return Err(ApiError::new("UnsupportedUserStateException", "Resend not possible. User is not in FORCE_CHANGE_PASSWORD status."));
        }
        let pw = temp.map(str::to_string).unwrap_or_else(|| temp_password(pool));
        let (salt, ver) = srp_auth::make_verifier(&pool_id, &key, &pw);
        let days = pool.password_policy.temporary_password_validity_days as i64;
        let u = pool.users.get_mut(&key).unwrap();
        u.salt_hex = salt;
        u.verifier_hex = ver;
        u.temp_password_expires = Some(util::now() + days * 86_400);
        let dest = u.attr("email").or(u.attr("phone_number")).unwrap_or("").to_string();
        let out = user_json(u, "Attributes");
        outbox::send(pool, &key, outbox::INVITATION, &pw, &dest, false);
        return Ok(json!({ "User": out }));
    }
    let (username, password) = create_user_admin(pool, name, attrs, temp, "FORCE_CHANGE_PASSWORD")?;
    let u = pool.users.get(&username).unwrap();
    let out = user_json(u, "Attributes");
    if action != Some("SUPPRESS") {
        let dest = u.attr("email").or(u.attr("phone_number")).unwrap_or("").to_string();
        outbox::send(pool, &username, outbox::INVITATION, &password, &dest, false);
    }
    Ok(json!({ "User": out }))
}

/// (pool id, real username) of the user an administration request names.
fn admin_user_key(ctx: &Ctx, pool_id: &str, name: &str) -> ApiResult<(String, String)> {
    let key = users::find_key_for_sign_in(ctx.pool(pool_id)?, name).ok_or_else(ApiError::user_not_found)?;
    Ok((pool_id.to_string(), key))
}

pub fn admin_confirm_sign_up(ctx: &mut Ctx, req: PoolUserRequest) -> ApiResult<Value> {
    let (pool_id, key) = admin_user_key(ctx, &req.user_pool_id, &req.username)?;
    let u = ctx.user_mut(&pool_id, &key)?;
    if u.status != "UNCONFIRMED" {
        return Err(ApiError::not_authorized(format!("User cannot be confirmed. Current status is {}", u.status)));
    }
    u.status = "CONFIRMED".into();
    u.signup_code = None;
    u.last_modified = util::now_f64();
    Ok(json!({}))
}

pub fn admin_set_user_password(ctx: &mut Ctx, req: AdminSetUserPasswordRequest) -> ApiResult<Value> {
    let (pool_id, key) = admin_user_key(ctx, &req.user_pool_id, &req.username)?;
    let password = req.password.as_str();
    let permanent = req.permanent.unwrap_or(false);
    users::check_password(ctx.pool(&pool_id)?, password)?;
    let days = ctx.pool(&pool_id)?.password_policy.temporary_password_validity_days as i64;
    let (salt, ver) = srp_auth::make_verifier(&pool_id, &key, password);
    let u = ctx.user_mut(&pool_id, &key)?;
    u.salt_hex = salt;
    u.verifier_hex = ver;
    if permanent {
        u.status = "CONFIRMED".into();
        u.temp_password_expires = None;
    } else {
        u.status = "FORCE_CHANGE_PASSWORD".into();
        u.temp_password_expires = Some(util::now() + days * 86_400);
    }
    u.last_modified = util::now_f64();
    Ok(json!({}))
}

pub fn admin_get_user(ctx: &mut Ctx, req: PoolUserRequest) -> ApiResult<Value> {
    let (pool_id, key) = admin_user_key(ctx, &req.user_pool_id, &req.username)?;
    let u = ctx.user(&pool_id, &key)?;
    let mut out = user_json(u, "UserAttributes");
    mfa_fields(u, &mut out);
    Ok(out)
}

pub fn admin_delete_user(ctx: &mut Ctx, req: PoolUserRequest) -> ApiResult<Value> {
    let (pool_id, key) = admin_user_key(ctx, &req.user_pool_id, &req.username)?;
    super::auth::sign_out_everywhere(ctx, &pool_id, &key)?;
    ctx.pool_mut(&pool_id)?.users.remove(&key);
    Ok(json!({}))
}

pub fn admin_enable_user(ctx: &mut Ctx, req: PoolUserRequest, enabled: bool) -> ApiResult<Value> {
    let (pool_id, key) = admin_user_key(ctx, &req.user_pool_id, &req.username)?;
    let u = ctx.user_mut(&pool_id, &key)?;
    u.enabled = enabled;
    u.last_modified = util::now_f64();
    Ok(json!({}))
}

pub fn admin_update_user_attributes(ctx: &mut Ctx, req: AdminUpdateUserAttributesRequest) -> ApiResult<Value> {
    let (pool_id, key) = admin_user_key(ctx, &req.user_pool_id, &req.username)?;
    let attrs = users::attribute_pairs(req.user_attributes, "UserAttributes")?;
    apply_attribute_update(ctx, &pool_id, &key, attrs, true)?;
    Ok(json!({}))
}

pub fn admin_delete_user_attributes(ctx: &mut Ctx, req: AdminDeleteUserAttributesRequest) -> ApiResult<Value> {
    let (pool_id, key) = admin_user_key(ctx, &req.user_pool_id, &req.username)?;
    remove_attributes(ctx.pool_mut(&pool_id)?, &key, &req.user_attribute_names)?;
    Ok(json!({}))
}

pub fn admin_reset_user_password(ctx: &mut Ctx, req: PoolUserRequest) -> ApiResult<Value> {
    let (pool_id, key) = admin_user_key(ctx, &req.user_pool_id, &req.username)?;
    let code = super::new_code(ctx, 3600);
    let pool = ctx.pool_mut(&pool_id)?;
    let u = pool.users.get_mut(&key).unwrap();
    u.status = "RESET_REQUIRED".into();
    u.forgot_code = Some(code.clone());
    let dest = u.attr("email").or(u.attr("phone_number")).unwrap_or("").to_string();
    outbox::send(pool, &key, outbox::FORGOT_PASSWORD, &code.code, &dest, true);
    Ok(json!({}))
}

/// `attr = "value"` or `attr ^= "value"`.
fn parse_filter(f: &str) -> ApiResult<Option<(String, bool, String)>> {
    let f = f.trim();
    if f.is_empty() {
        return Ok(None);
    }
    let bad = || ApiError::invalid_parameter(format!("Error while parsing filter: {f}"));
    let (attr, rest, prefix) = if let Some((a, r)) = f.split_once("^=") {
        (a, r, true)
    } else if let Some((a, r)) = f.split_once('=') {
        (a, r, false)
    } else {
        return Err(bad());
    };
    let value = rest.trim().strip_prefix('"').and_then(|v| v.strip_suffix('"')).ok_or_else(bad)?;
    Ok(Some((attr.trim().to_string(), prefix, value.to_string())))
}

pub fn list_users(ctx: &mut Ctx, req: ListUsersRequest) -> ApiResult<Value> {
    let pool = ctx.pool(&req.user_pool_id)?;
    let filter = parse_filter(req.filter.as_deref().unwrap_or(""))?;
    let limit = req.limit.unwrap_or(60).clamp(1, 60) as usize;
    // The token is the last username of the previous page: a page reads only its own users.
    let after: Option<String> = match req.pagination_token.as_deref() {
        Some(t) => Some(util::b64url_decode(t).and_then(|b| String::from_utf8(b).ok()).ok_or_else(|| ApiError::invalid_parameter("Invalid pagination token"))?),
        None => None,
    };
    let wanted = req.attributes_to_get;
    // An exact filter on an indexed attribute reads only its candidates.
    let source: Box<dyn Iterator<Item = &User>> = match &filter {
        Some((attr, false, value)) if attr == "username" => pool.users.with_name_ignoring_case(value),
        Some((attr, false, value)) => pool.users.with_attr(attr, value),
        _ => Box::new(pool.users.after(after.as_deref()).map(|(_, u)| u)),
    };
    let mut matching = source
        .filter(|u| after.as_deref().is_none_or(|a| u.username.as_str() > a))
        .filter(|u| match &filter {
            None => true,
            Some((attr, prefix, value)) => {
                let actual = match attr.as_str() {
                    "username" => Some(u.username.as_str()),
                    "cognito:user_status" => Some(u.status.as_str()),
                    "status" => Some(if u.enabled { "Enabled" } else { "Disabled" }),
                    other => u.attr(other),
                };
                actual.is_some_and(|a| if *prefix { a.starts_with(value.as_str()) } else { a == value })
            }
        });
    let users: Vec<&User> = matching.by_ref().take(limit).collect();
    let more = matching.next().is_some();
    let page: Vec<Value> = users
        .iter()
        .map(|u| {
            let mut j = user_json(u, "Attributes");
            if let Some(w) = &wanted {
                let attrs: Vec<Value> = u.attributes.iter().filter(|(k, _)| w.contains(k)).map(|(k, v)| json!({"Name": k, "Value": v})).collect();
                j["Attributes"] = json!(attrs);
            }
            j
        })
        .collect();
    let mut out = json!({ "Users": page });
    if let Some(last) = users.last().filter(|_| more) {
        out["PaginationToken"] = json!(util::b64url(last.username.as_bytes()));
    }
    Ok(out)
}
