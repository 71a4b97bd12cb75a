//! Operation dispatch (`X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`, the
//! operations of `cognito_wasm::protocol`) and the helpers every operation group shares:
//! reading typed requests, client lookup, SECRET_HASH, access tokens, one-time codes.

pub mod admin;
pub mod auth;
pub mod challenges;
pub mod devices;
pub mod groups;
pub mod mfa;
pub mod passkeys;
pub mod pool_settings;
pub mod signup;
pub mod user;
pub mod user_auth;

use crate::errors::{ApiError, ApiResult};
use crate::oauth::admin_ops as hosted;
use crate::state::{Client, PendingCode, Pool, State, User};
use crate::tokens::TokenSigner;
use crate::util;
use cognito_wasm::protocol::messages::ParameterMap;
use cognito_wasm::protocol::Operation;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// What an operation gets: the state (locked), the keys and the server's settings.
pub struct Ctx<'a> {
    pub st: &'a mut State,
    /// Signs the tokens an operation mints (after the state lock for the API operations) and
    /// verifies the ones it is given.
    pub keys: &'a TokenSigner<'a>,
    /// `http://127.0.0.1:PORT`, the base of every `iss`.
    pub base_url: &'a str,
    /// Region for new pool ids.
    pub region: &'a str,
    /// Emulator extension: lifetime of every one-time code, overriding the defaults.
    pub code_ttl: Option<i64>,
    /// Emulator extension: lifetime of identity-pool credentials, in seconds.
    pub credentials_validity: i64,
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

/// Run one operation: `op` is the name from `X-Amz-Target`, `body` the JSON object sent.
/// Each operation reads its typed request (see [`read`]) before anything else.
pub fn dispatch(ctx: &mut Ctx, op: &str, body: &Value) -> ApiResult<Value> {
    use Operation as O;
    let operation = Operation::from_name(op).ok_or_else(|| ApiError::unknown_operation(op))?;
    match operation {
        // sign-up and recovery
        O::SignUp => signup::sign_up(ctx, read(body)?),
        O::ConfirmSignUp => signup::confirm_sign_up(ctx, read(body)?),
        O::ResendConfirmationCode => signup::resend_confirmation_code(ctx, read(body)?),
        O::ForgotPassword => signup::forgot_password(ctx, read(body)?),
        O::ConfirmForgotPassword => signup::confirm_forgot_password(ctx, read(body)?),
        // sign-in
        O::InitiateAuth => auth::initiate_auth(ctx, read(body)?),
        O::RespondToAuthChallenge => challenges::respond_to_auth_challenge(ctx, read(body)?),
        O::AdminInitiateAuth => auth::admin_initiate_auth(ctx, read(body)?),
        O::AdminRespondToAuthChallenge => challenges::admin_respond_to_auth_challenge(ctx, read(body)?),
        O::RevokeToken => auth::revoke_token(ctx, read(body)?),
        O::GetTokensFromRefreshToken => auth::get_tokens_from_refresh_token(ctx, read(body)?),
        O::GlobalSignOut => auth::global_sign_out(ctx, read(body)?),
        O::AdminUserGlobalSignOut => auth::admin_user_global_sign_out(ctx, read(body)?),
        // the signed-in user
        O::GetUser => user::get_user(ctx, read(body)?),
        O::UpdateUserAttributes => user::update_user_attributes(ctx, read(body)?),
        O::DeleteUserAttributes => user::delete_user_attributes(ctx, read(body)?),
        O::GetUserAttributeVerificationCode => user::get_user_attribute_verification_code(ctx, read(body)?),
        O::VerifyUserAttribute => user::verify_user_attribute(ctx, read(body)?),
        O::ChangePassword => user::change_password(ctx, read(body)?),
        O::DeleteUser => user::delete_user(ctx, read(body)?),
        // MFA
        O::SetUserSettings => mfa::set_user_settings(ctx, read(body)?),
        O::SetUserMFAPreference => mfa::set_user_mfa_preference(ctx, read(body)?),
        O::AdminSetUserMFAPreference => mfa::admin_set_user_mfa_preference(ctx, read(body)?),
        O::AssociateSoftwareToken => mfa::associate_software_token(ctx, read(body)?),
        O::VerifySoftwareToken => mfa::verify_software_token(ctx, read(body)?),
        // passkeys
        O::StartWebAuthnRegistration => passkeys::start_web_authn_registration(ctx, read(body)?),
        O::CompleteWebAuthnRegistration => passkeys::complete_web_authn_registration(ctx, read(body)?),
        O::ListWebAuthnCredentials => passkeys::list_web_authn_credentials(ctx, read(body)?),
        O::DeleteWebAuthnCredential => passkeys::delete_web_authn_credential(ctx, read(body)?),
        // devices
        O::ConfirmDevice => devices::confirm_device(ctx, read(body)?),
        O::GetDevice => devices::get_device(ctx, read(body)?),
        O::ListDevices => devices::list_devices(ctx, read(body)?),
        O::UpdateDeviceStatus => devices::update_device_status(ctx, read(body)?),
        O::ForgetDevice => devices::forget_device(ctx, read(body)?),
        // administration
        O::CreateUserPool => admin::create_user_pool(ctx, read(body)?),
        O::DescribeUserPool => admin::describe_user_pool(ctx, read(body)?),
        O::ListUserPools => admin::list_user_pools(ctx, read(body)?),
        O::DeleteUserPool => admin::delete_user_pool(ctx, read(body)?),
        O::CreateUserPoolClient => admin::create_user_pool_client(ctx, read(body)?),
        O::DescribeUserPoolClient => admin::describe_user_pool_client(ctx, read(body)?),
        O::ListUserPoolClients => admin::list_user_pool_clients(ctx, read(body)?),
        O::DeleteUserPoolClient => admin::delete_user_pool_client(ctx, read(body)?),
        O::AdminCreateUser => admin::admin_create_user(ctx, read(body)?),
        O::AdminConfirmSignUp => admin::admin_confirm_sign_up(ctx, read(body)?),
        O::AdminSetUserPassword => admin::admin_set_user_password(ctx, read(body)?),
        O::AdminGetUser => admin::admin_get_user(ctx, read(body)?),
        O::AdminDeleteUser => admin::admin_delete_user(ctx, read(body)?),
        O::AdminDisableUser => admin::admin_enable_user(ctx, read(body)?, false),
        O::AdminEnableUser => admin::admin_enable_user(ctx, read(body)?, true),
        O::AdminUpdateUserAttributes => admin::admin_update_user_attributes(ctx, read(body)?),
        O::AdminDeleteUserAttributes => admin::admin_delete_user_attributes(ctx, read(body)?),
        O::AdminResetUserPassword => admin::admin_reset_user_password(ctx, read(body)?),
        O::ListUsers => admin::list_users(ctx, read(body)?),
        O::UpdateUserPool => pool_settings::update_user_pool(ctx, read(body)?),
        O::UpdateUserPoolClient => pool_settings::update_user_pool_client(ctx, read(body)?),
        O::SetUserPoolMfaConfig => pool_settings::set_user_pool_mfa_config(ctx, read(body)?),
        O::GetUserPoolMfaConfig => pool_settings::get_user_pool_mfa_config(ctx, read(body)?),
        // groups
        O::CreateGroup => groups::create_group(ctx, read(body)?),
        O::GetGroup => groups::get_group(ctx, read(body)?),
        O::ListGroups => groups::list_groups(ctx, read(body)?),
        O::DeleteGroup => groups::delete_group(ctx, read(body)?),
        O::AdminAddUserToGroup => groups::admin_add_user_to_group(ctx, read(body)?),
        O::AdminRemoveUserFromGroup => groups::admin_remove_user_from_group(ctx, read(body)?),
        O::AdminListGroupsForUser => groups::admin_list_groups_for_user(ctx, read(body)?),
        // hosted UI and federation
        O::CreateUserPoolDomain => hosted::create_user_pool_domain(ctx, read(body)?),
        O::DescribeUserPoolDomain => hosted::describe_user_pool_domain(ctx, read(body)?),
        O::DeleteUserPoolDomain => hosted::delete_user_pool_domain(ctx, read(body)?),
        O::CreateIdentityProvider => hosted::create_identity_provider(ctx, read(body)?),
        O::DescribeIdentityProvider => hosted::describe_identity_provider(ctx, read(body)?),
        O::ListIdentityProviders => hosted::list_identity_providers(ctx, read(body)?),
        O::DeleteIdentityProvider => hosted::delete_identity_provider(ctx, read(body)?),
    }
}

// ---------- reading requests ----------

/// Reads a request body into the operation's typed request, with Cognito's rules: a
/// top-level field that is `null` or `""` counts as absent; a required field that is
/// absent is an `InvalidParameterException` naming it ("must not be null", or "length
/// greater than or equal to 1" when it was `""`); a field of the wrong JSON type is a
/// `SerializationException` naming the field and the expected type (never the value sent).
/// Unknown fields are ignored.
pub fn read<T: DeserializeOwned>(body: &Value) -> ApiResult<T> {
    let Value::Object(fields) = body else {
        return Err(ApiError::new("SerializationException", "The request body must be a JSON object."));
    };
    let present: Map<String, Value> =
        fields.iter().filter(|(_, v)| !v.is_null() && v.as_str() != Some("")).map(|(k, v)| (k.clone(), v.clone())).collect();
    serde_path_to_error::deserialize(Value::Object(present)).map_err(|e| {
        let at = e.path().to_string();
        let message = e.inner().to_string();
        match message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
            Some(field) if at == "." && fields.get(field).is_some_and(|v| v.as_str() == Some("")) => ApiError::empty(field),
            Some(field) if at == "." => ApiError::missing(field),
            Some(field) => ApiError::missing(&format!("{at}.{field}")),
            None => ApiError::serialization(&at, &shape_problem(&message)),
        }
    })
}

/// What was wrong with a value, from serde's message, without the value itself:
/// `invalid type: string "…", expected a map` → `expected a map, found a string`.
fn shape_problem(serde_message: &str) -> String {
    let expected = serde_message.rsplit_once(", expected ").map(|(_, e)| e);
    let found = serde_message.strip_prefix("invalid type: ").and_then(|rest| rest.split([' ', ',']).next());
    match (expected, found) {
        (Some(e), Some(f)) => format!("expected {e}, found {f}"),
        (Some(e), None) => format!("expected {e}"),
        _ => "not a valid value".to_string(),
    }
}

/// An operation's typed response as the JSON answered.
pub fn reply<T: serde::Serialize>(response: &T) -> ApiResult<Value> {
    serde_json::to_value(response).map_err(|_| ApiError::internal())
}

/// A field the operation needs that Cognito's API (and so the request type) leaves optional.
pub fn required<'a>(value: Option<&'a str>, field: &str) -> ApiResult<&'a str> {
    value.filter(|v| !v.is_empty()).ok_or_else(|| ApiError::missing(field))
}

/// A required entry of a parameter map (`AuthParameters`, `ChallengeResponses`): present,
/// a string and not empty.
pub fn map_req<'a>(m: &'a ParameterMap, key: &str) -> ApiResult<&'a str> {
    map_opt(m, key).ok_or_else(|| ApiError::invalid_parameter(format!("Missing required parameter {key}")))
}

/// An optional entry of a parameter map (`null` and `""` count as absent).
pub fn map_opt<'a>(m: &'a ParameterMap, key: &str) -> Option<&'a str> {
    m.get(key).and_then(|v| v.as_deref()).filter(|s| !s.is_empty())
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

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_wasm::protocol::account::{ConfirmForgotPasswordRequest, ListDevicesRequest};
    use cognito_wasm::protocol::messages::{ConfirmDeviceRequest, InitiateAuthRequest};
    use serde_json::json;

    fn error<T: DeserializeOwned>(body: Value) -> ApiError {
        match read::<T>(&body) {
            Ok(_) => panic!("{body} must be refused"),
            Err(e) => e,
        }
    }

    #[test]
    fn reads_the_typed_request_and_ignores_unknown_fields() {
        let body = json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "c", "AuthParameters": {"USERNAME": "u", "DEVICE_KEY": null}, "Extra": [1]});
        let req: InitiateAuthRequest = read(&body).unwrap();
        assert_eq!((req.auth_flow.as_str(), req.client_id.as_str()), ("USER_SRP_AUTH", "c"));
        assert_eq!(map_req(&req.auth_parameters, "USERNAME").unwrap(), "u");
        assert_eq!(map_opt(&req.auth_parameters, "DEVICE_KEY"), None);
        assert_eq!(map_req(&req.auth_parameters, "SRP_A").unwrap_err().message, "Missing required parameter SRP_A");
        // null and "" are absent.
        let req: InitiateAuthRequest = read(&json!({"AuthFlow": "X", "ClientId": "c", "AuthParameters": null, "ClientMetadata": ""})).unwrap();
        assert!(req.auth_parameters.is_empty() && req.client_metadata.is_none());
    }

    #[test]
    fn missing_and_empty_fields_are_invalid_parameters_named_like_aws() {
        let e = error::<InitiateAuthRequest>(json!({"AuthFlow": "USER_SRP_AUTH"}));
        assert_eq!(e.code, "InvalidParameterException");
        assert!(e.message.contains("Value null at 'clientId'") && e.message.contains("must not be null"), "{}", e.message);
        let e = error::<InitiateAuthRequest>(json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": null}));
        assert!(e.message.contains("Value null at 'clientId'"), "{}", e.message);
        let e = error::<InitiateAuthRequest>(json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": ""}));
        assert!(e.message.contains("'clientId'") && e.message.contains("length greater than or equal to 1"), "{}", e.message);
        let e = error::<ConfirmDeviceRequest>(json!({"AccessToken": "t", "DeviceKey": "d", "DeviceSecretVerifierConfig": {"Salt": "s"}}));
        assert!(e.message.contains("'deviceSecretVerifierConfig.passwordVerifier'"), "{}", e.message);
        assert_eq!(required(None, "DeviceKey").unwrap_err().code, "InvalidParameterException");
        assert_eq!(required(Some("dk"), "DeviceKey").unwrap(), "dk");
    }

    #[test]
    fn wrong_types_are_serialization_errors_that_never_echo_the_value() {
        let secret = "hunter2-Secret!";
        let e = error::<ConfirmForgotPasswordRequest>(json!({"ClientId": "c", "Username": "u", "ConfirmationCode": "1", "Password": [secret]}));
        assert_eq!(e.code, "SerializationException");
        assert!(e.message.contains("'password'") && e.message.contains("expected a string, found sequence"), "{}", e.message);
        let e = error::<InitiateAuthRequest>(json!({"AuthFlow": "X", "ClientId": "c", "AuthParameters": {"PASSWORD": 12345}}));
        assert!(e.message.contains("'authParameters.PASSWORD'") && !e.message.contains("12345"), "{}", e.message);
        let e = error::<InitiateAuthRequest>(json!({"AuthFlow": "X", "ClientId": "c", "AuthParameters": secret}));
        assert!(e.message.contains("expected a map, found string") && !e.message.contains(secret), "{}", e.message);
        let e = error::<ListDevicesRequest>(json!({"AccessToken": "t", "Limit": -1}));
        assert_eq!(e.code, "SerializationException");
        assert!(e.message.contains("'limit'") && !e.message.contains("-1"), "{}", e.message);
        let e = error::<InitiateAuthRequest>(json!(["not", "an", "object"]));
        assert_eq!(e.code, "SerializationException");
    }
}
