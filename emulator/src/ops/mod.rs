//! Operation dispatch (`X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`) and the
//! helpers every operation group shares: field access, client lookup, SECRET_HASH, access
//! tokens, one-time codes.

pub mod admin;
pub mod auth;
pub mod challenges;
pub mod devices;
pub mod mfa;
pub mod signup;
pub mod user;

use crate::errors::{ApiError, ApiResult};
use crate::state::{Client, PendingCode, Pool, State, User};
use crate::tokens::Keys;
use crate::util;
use serde_json::{Map, Value};

/// What an operation gets: the state (locked), the keys and the server's settings.
pub struct Ctx<'a> {
    pub st: &'a mut State,
    pub keys: &'a Keys,
    /// `http://127.0.0.1:PORT`, the base of every `iss`.
    pub base_url: &'a str,
    /// Region for new pool ids.
    pub region: &'a str,
    /// Emulator extension: lifetime of every one-time code, overriding the defaults.
    pub code_ttl: Option<i64>,
}

impl Ctx<'_> {
    pub fn issuer(&self, pool_id: &str) -> String {
        format!("{}/{}", self.base_url, pool_id)
    }

    pub fn pool(&self, id: &str) -> ApiResult<&Pool> {
        self.st.pools.get(id).ok_or_else(|| pool_not_found(id))
    }

    pub fn pool_mut(&mut self, id: &str) -> ApiResult<&mut Pool> {
        self.st.pools.get_mut(id).ok_or_else(|| pool_not_found(id))
    }

    /// The pool id owning `client_id`.
    pub fn pool_of_client(&self, client_id: &str) -> ApiResult<String> {
        self.st
            .pool_of_client(client_id)
            .map(|p| p.id.clone())
            .ok_or_else(|| ApiError::resource_not_found(format!("User pool client {client_id} does not exist.")))
    }

    pub fn client(&self, pool_id: &str, client_id: &str) -> ApiResult<Client> {
        self.pool(pool_id)?
            .clients
            .get(client_id)
            .cloned()
            .ok_or_else(|| ApiError::resource_not_found(format!("User pool client {client_id} does not exist.")))
    }

    pub fn user(&self, pool_id: &str, username: &str) -> ApiResult<&User> {
        self.pool(pool_id)?.users.get(username).ok_or_else(ApiError::user_not_found)
    }

    pub fn user_mut(&mut self, pool_id: &str, username: &str) -> ApiResult<&mut User> {
        self.pool_mut(pool_id)?.users.get_mut(username).ok_or_else(ApiError::user_not_found)
    }

    /// Lifetime of a code of the given default lifetime.
    pub fn code_expiry(&self, default_secs: i64) -> i64 {
        util::now() + self.code_ttl.unwrap_or(default_secs)
    }

    /// Validate an access token: (pool id, real username).
    pub fn authenticate(&self, token: &str) -> ApiResult<(String, String)> {
        let invalid = || ApiError::not_authorized("Invalid Access Token");
        let claims = self.keys.verify_jwt(token).ok_or_else(invalid)?;
        if claims.get("token_use").and_then(|v| v.as_str()) != Some("access") {
            return Err(invalid());
        }
        let exp = claims.get("exp").and_then(|v| v.as_i64()).ok_or_else(invalid)?;
        if exp <= util::now() {
            return Err(ApiError::not_authorized("Access Token has expired"));
        }
        let iss = claims.get("iss").and_then(|v| v.as_str()).ok_or_else(invalid)?;
        let pool_id = iss.rsplit('/').next().unwrap_or_default().to_string();
        let pool = self.st.pools.get(&pool_id).ok_or_else(invalid)?;
        if let Some(jti) = claims.get("origin_jti").and_then(|v| v.as_str()) {
            if pool.revoked_origin_jtis.contains_key(jti) {
                return Err(ApiError::not_authorized("Access Token has been revoked"));
            }
        }
        let username = claims.get("username").and_then(|v| v.as_str()).ok_or_else(invalid)?;
        let user = pool.users.get(username).ok_or_else(ApiError::user_not_found)?;
        if claims.get("sub").and_then(|v| v.as_str()) != Some(user.sub.as_str()) {
            return Err(ApiError::user_not_found());
        }
        if !user.enabled {
            return Err(ApiError::not_authorized("User is disabled."));
        }
        Ok((pool_id, username.to_string()))
    }

    /// Revoke a token family (refresh token plus the id/access tokens minted from it).
    pub fn revoke_family(&mut self, pool_id: &str, origin_jti: &str) {
        if let Some(pool) = self.st.pools.get_mut(pool_id) {
            let max_life = pool.clients.values().map(|c| c.access_validity.max(c.id_validity)).max().unwrap_or(86_400);
            let now = util::now();
            pool.revoked_origin_jtis.retain(|_, until| *until > now);
            pool.revoked_origin_jtis.insert(origin_jti.to_string(), now + max_life.max(3600));
        }
    }
}

pub fn pool_not_found(id: &str) -> ApiError {
    ApiError::resource_not_found(format!("User pool {id} does not exist."))
}

/// Run one operation.
pub fn dispatch(ctx: &mut Ctx, op: &str, body: &Value) -> ApiResult<Value> {
    match op {
        // sign-up and recovery
        "SignUp" => signup::sign_up(ctx, body),
        "ConfirmSignUp" => signup::confirm_sign_up(ctx, body),
        "ResendConfirmationCode" => signup::resend_confirmation_code(ctx, body),
        "ForgotPassword" => signup::forgot_password(ctx, body),
        "ConfirmForgotPassword" => signup::confirm_forgot_password(ctx, body),
        // sign-in
        "InitiateAuth" => auth::initiate_auth(ctx, body),
        "RespondToAuthChallenge" => challenges::respond_to_auth_challenge(ctx, body),
        "AdminInitiateAuth" => auth::admin_initiate_auth(ctx, body),
        "AdminRespondToAuthChallenge" => challenges::respond_to_auth_challenge(ctx, body),
        "RevokeToken" => auth::revoke_token(ctx, body),
        "GlobalSignOut" => auth::global_sign_out(ctx, body),
        "AdminUserGlobalSignOut" => auth::admin_user_global_sign_out(ctx, body),
        // the signed-in user
        "GetUser" => user::get_user(ctx, body),
        "UpdateUserAttributes" => user::update_user_attributes(ctx, body),
        "DeleteUserAttributes" => user::delete_user_attributes(ctx, body),
        "GetUserAttributeVerificationCode" => user::get_user_attribute_verification_code(ctx, body),
        "VerifyUserAttribute" => user::verify_user_attribute(ctx, body),
        "ChangePassword" => user::change_password(ctx, body),
        "DeleteUser" => user::delete_user(ctx, body),
        // MFA
        "SetUserSettings" => mfa::set_user_settings(ctx, body),
        "SetUserMFAPreference" => mfa::set_user_mfa_preference(ctx, body),
        "AdminSetUserMFAPreference" => mfa::admin_set_user_mfa_preference(ctx, body),
        "AssociateSoftwareToken" => mfa::associate_software_token(ctx, body),
        "VerifySoftwareToken" => mfa::verify_software_token(ctx, body),
        // devices
        "ConfirmDevice" => devices::confirm_device(ctx, body),
        "GetDevice" => devices::get_device(ctx, body),
        "ListDevices" => devices::list_devices(ctx, body),
        "UpdateDeviceStatus" => devices::update_device_status(ctx, body),
        "ForgetDevice" => devices::forget_device(ctx, body),
        // administration
        "CreateUserPool" => admin::create_user_pool(ctx, body),
        "DescribeUserPool" => admin::describe_user_pool(ctx, body),
        "ListUserPools" => admin::list_user_pools(ctx, body),
        "DeleteUserPool" => admin::delete_user_pool(ctx, body),
        "CreateUserPoolClient" => admin::create_user_pool_client(ctx, body),
        "DescribeUserPoolClient" => admin::describe_user_pool_client(ctx, body),
        "ListUserPoolClients" => admin::list_user_pool_clients(ctx, body),
        "DeleteUserPoolClient" => admin::delete_user_pool_client(ctx, body),
        "AdminCreateUser" => admin::admin_create_user(ctx, body),
        "AdminConfirmSignUp" => admin::admin_confirm_sign_up(ctx, body),
        "AdminSetUserPassword" => admin::admin_set_user_password(ctx, body),
        "AdminGetUser" => admin::admin_get_user(ctx, body),
        "AdminDeleteUser" => admin::admin_delete_user(ctx, body),
        "AdminDisableUser" => admin::admin_enable_user(ctx, body, false),
        "AdminEnableUser" => admin::admin_enable_user(ctx, body, true),
        "AdminUpdateUserAttributes" => admin::admin_update_user_attributes(ctx, body),
        "AdminDeleteUserAttributes" => admin::admin_delete_user_attributes(ctx, body),
        "AdminResetUserPassword" => admin::admin_reset_user_password(ctx, body),
        "ListUsers" => admin::list_users(ctx, body),
        _ => Err(ApiError::unknown_operation(op)),
    }
}

// ---------- field access ----------

/// A required string field.
pub fn req_str<'a>(body: &'a Value, field: &str) -> ApiResult<&'a str> {
    match body.get(field) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        Some(Value::String(_)) => Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value at '{}' failed to satisfy constraint: Member must have length greater than or equal to 1",
            lower_first(field)
        ))),
        Some(Value::Null) | None => Err(ApiError::missing(field)),
        Some(_) => Err(ApiError::invalid_parameter(format!("{field} must be a string"))),
    }
}

/// An optional string field (null and "" count as absent).
pub fn opt_str<'a>(body: &'a Value, field: &str) -> Option<&'a str> {
    body.get(field).and_then(|v| v.as_str()).filter(|s| !s.is_empty())
}

pub fn opt_bool(body: &Value, field: &str) -> Option<bool> {
    body.get(field).and_then(|v| v.as_bool())
}

/// A string-to-string map field (AuthParameters, ChallengeResponses); absent → empty.
pub fn str_map(body: &Value, field: &str) -> ApiResult<Map<String, Value>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m.clone()),
        Some(_) => Err(ApiError::invalid_parameter(format!("{field} must be a map"))),
    }
}

/// A required entry of a parameter map (named like `AuthParameters.USERNAME`... in errors).
pub fn map_req<'a>(m: &'a Map<String, Value>, key: &str) -> ApiResult<&'a str> {
    match m.get(key).and_then(|v| v.as_str()).filter(|s| !s.is_empty()) {
        Some(s) => Ok(s),
        None => Err(ApiError::invalid_parameter(format!("Missing required parameter {key}"))),
    }
}

pub fn map_opt<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    m.get(key).and_then(|v| v.as_str()).filter(|s| !s.is_empty())
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

// ---------- shared checks ----------

/// Check SECRET_HASH for a client with a secret. Any of `names` (the name as typed, the
/// real username, ...) may have been hashed.
pub fn check_secret_hash(client: &Client, given: Option<&str>, names: &[&str]) -> ApiResult<()> {
    let Some(secret) = &client.secret else { return Ok(()) };
    let Some(given) = given else {
        return Err(ApiError::not_authorized(format!(
            "Client {} is configured for secret but secret was not received",
            client.id
        )));
    };
    let ok = names.iter().any(|n| {
        let expected = crate::srp_auth::secret_hash(secret, n, &client.id);
        util::ct_eq(expected.as_bytes(), given.as_bytes())
    });
    if ok {
        Ok(())
    } else {
        Err(ApiError::not_authorized(format!("Unable to verify secret hash for client {}", client.id)))
    }
}

/// Maximum wrong tries of one code before it is burnt.
const MAX_CODE_ATTEMPTS: u32 = 5;

/// Check a one-time code; consumes it on success.
pub fn check_code(slot: &mut Option<PendingCode>, given: &str) -> ApiResult<()> {
    let Some(p) = slot.as_mut() else { return Err(ApiError::expired_code()) };
    if p.attempts >= MAX_CODE_ATTEMPTS {
        return Err(ApiError::limit_exceeded());
    }
    if p.expires <= util::now() {
        return Err(ApiError::expired_code());
    }
    if !util::ct_eq(p.code.as_bytes(), given.trim().as_bytes()) {
        p.attempts += 1;
        return Err(ApiError::code_mismatch());
    }
    *slot = None;
    Ok(())
}

/// A new pending code.
pub fn new_code(ctx: &Ctx, default_ttl: i64) -> PendingCode {
    PendingCode { code: util::numeric_code(), expires: ctx.code_expiry(default_ttl), attempts: 0 }
}

/// Epoch seconds as the JSON number the API uses for dates.
pub fn date(secs: f64) -> Value {
    serde_json::json!((secs * 1000.0).round() / 1000.0)
}
