//! `USER_AUTH`, choice-based sign-in: the user starts with one of the first factors the
//! pool allows (`Policies.SignInPolicy.AllowedFirstAuthFactors`) and the user has: the
//! password (`PASSWORD`, or SRP: `PASSWORD_SRP`), a code by e-mail (`EMAIL_OTP`) or SMS
//! (`SMS_OTP`), or a passkey (`WEB_AUTHN`). `PREFERRED_CHALLENGE` picks one; without it,
//! or when the user cannot use it, `SELECT_CHALLENGE` lists them (`AvailableChallenges`).
//! A password sign-in goes on to MFA as the other flows do; a code or a passkey is a
//! sign-in of its own.

use super::auth::{challenge, issue_tokens, mfa_challenge, password_auth, sign_in_user, srp_start};
use super::{map_opt, map_req, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::sessions::{AuthSession, Expect};
use crate::state::{Client, Pool, User};
use crate::webauthn;
use cognito_wasm::protocol::messages::ParameterMap;
use cognito_wasm::protocol::names::{auth_factor, challenge as challenge_name, parameter};
use cognito_wasm::protocol::passkeys::{AuthenticationCredential, CredentialDescriptor, CredentialRequestOptions, PUBLIC_KEY};
use serde_json::{json, Value};

/// How long a passkey assertion may take (milliseconds, in the request options).
const WEB_AUTHN_TIMEOUT_MS: u64 = 180_000;

/// Whether the pool allows the first factor `challenge` belongs to.
fn pool_allows(pool: &Pool, challenge: &str) -> bool {
    auth_factor::of_challenge(challenge).is_some_and(|f| pool.allowed_first_auth_factors.iter().any(|a| a == f))
}

/// The first-factor challenges this user can take in this pool, in Cognito's order.
pub fn available_challenges(pool: &Pool, user: &User) -> Vec<String> {
    challenge_name::FIRST_FACTOR
        .into_iter()
        .filter(|c| pool_allows(pool, c))
        .filter(|c| match *c {
            challenge_name::EMAIL_OTP => user.attr("email").is_some() && user.attr_true("email_verified"),
            challenge_name::SMS_OTP => user.attr("phone_number").is_some() && user.attr_true("phone_number_verified"),
            challenge_name::WEB_AUTHN => pool.web_authn.is_some() && !user.passkeys.is_empty(),
            _ => true,
        })
        .map(str::to_string)
        .collect()
}

/// `InitiateAuth` with `AuthFlow: USER_AUTH`.
pub fn start(ctx: &mut Ctx, pool_id: &str, client: &Client, params: &ParameterMap) -> ApiResult<Value> {
    let preferred = map_opt(params, parameter::PREFERRED_CHALLENGE);
    if let Some(p) = preferred {
        if !challenge_name::FIRST_FACTOR.contains(&p) {
            return Err(ApiError::invalid_parameter(format!(
                "PREFERRED_CHALLENGE must be one of {}; {p} is not a first-factor challenge.",
                challenge_name::FIRST_FACTOR.join(", ")
            )));
        }
        if !pool_allows(ctx.pool(pool_id)?, p) {
            return Err(factor_not_allowed(p));
        }
    }
    let key = sign_in_user(ctx, pool_id, client, params)?;
    let pool = ctx.pool(pool_id)?;
    let user = &pool.users[&key];
    if user.status == "UNCONFIRMED" {
        return Err(ApiError::user_not_confirmed());
    }
    let available = available_challenges(pool, user);
    let mut s = AuthSession::new(pool_id, &client.id, &key, Expect::SelectChallenge);
    s.device_key = map_opt(params, "DEVICE_KEY").map(str::to_string);
    match preferred {
        Some(p) if available.iter().any(|a| a == p) => begin(ctx, s, p, client, params),
        _ => Ok(select_challenge(ctx, s, available)),
    }
}

fn factor_not_allowed(challenge: &str) -> ApiError {
    ApiError::invalid_parameter(format!("{challenge} is not an allowed first authentication factor of this user pool."))
}

/// The `SELECT_CHALLENGE` answer: the challenges the user may pick.
fn select_challenge(ctx: &mut Ctx, mut s: AuthSession, available: Vec<String>) -> Value {
    s.expect = Expect::SelectChallenge;
    let username = s.username.clone();
    let mut out = challenge(ctx, s, challenge_name::SELECT_CHALLENGE, json!({ "USERNAME": username }));
    out["AvailableChallenges"] = json!(available);
    out
}

/// Starts first-factor `name` (already checked to be available). `params` are the
/// `AuthParameters` or the `ChallengeResponses` that chose it (`PASSWORD`, `SRP_A`, ...).
fn begin(ctx: &mut Ctx, s: AuthSession, name: &str, client: &Client, params: &ParameterMap) -> ApiResult<Value> {
    let pool_id = s.pool_id.clone();
    match name {
        challenge_name::PASSWORD => {
            map_req(params, parameter::PASSWORD)?;
            password_auth(ctx, &pool_id, client, params)
        }
        challenge_name::PASSWORD_SRP => srp_start(ctx, &pool_id, client, params, false),
        challenge_name::EMAIL_OTP | challenge_name::SMS_OTP => mfa_challenge(ctx, s, name),
        _ => web_authn_challenge(ctx, s),
    }
}

/// Issues a `WEB_AUTHN` challenge: request options for the user's passkeys.
fn web_authn_challenge(ctx: &mut Ctx, mut s: AuthSession) -> ApiResult<Value> {
    let pool = ctx.pool(&s.pool_id)?;
    let config = pool.web_authn.clone().ok_or_else(|| factor_not_allowed(challenge_name::WEB_AUTHN))?;
    let user = ctx.user(&s.pool_id, &s.username)?;
    let options = CredentialRequestOptions {
        challenge: webauthn::new_challenge(),
        timeout: Some(WEB_AUTHN_TIMEOUT_MS),
        rp_id: config.relying_party_id.clone(),
        allow_credentials: user
            .passkeys
            .iter()
            .map(|p| CredentialDescriptor {
                kind: PUBLIC_KEY.into(),
                id: p.credential_id.clone(),
                transports: Some(p.transports.clone()).filter(|t| !t.is_empty()),
            })
            .collect(),
        user_verification: Some(config.user_verification.clone()),
    };
    let text = serde_json::to_string(&options).map_err(|_| ApiError::internal())?;
    s.webauthn_challenge = Some(options.challenge);
    s.expect = Expect::WebAuthn;
    let username = s.username.clone();
    Ok(challenge(ctx, s, challenge_name::WEB_AUTHN, json!({ "USERNAME": username, parameter::CREDENTIAL_REQUEST_OPTIONS: text })))
}

/// `RespondToAuthChallenge` with `SELECT_CHALLENGE`: `ANSWER` is the chosen challenge.
/// A choice the user does not have is refused and the session kept.
pub fn answer_select_challenge(ctx: &mut Ctx, key: String, s: AuthSession, client: &Client, resp: &ParameterMap) -> ApiResult<Value> {
    let answer = match map_req(resp, parameter::ANSWER) {
        Ok(a) => a.to_string(),
        Err(e) => {
            ctx.st.sessions.insert(key, s);
            return Err(e);
        }
    };
    let pool = ctx.pool(&s.pool_id)?;
    let user = ctx.user(&s.pool_id, &s.username)?;
    if !available_challenges(pool, user).contains(&answer) {
        let error = if challenge_name::FIRST_FACTOR.contains(&answer.as_str()) && !pool_allows(pool, &answer) {
            factor_not_allowed(&answer)
        } else {
            ApiError::invalid_parameter(format!("{answer} is not one of the available challenges."))
        };
        ctx.st.sessions.insert(key, s);
        return Err(error);
    }
    begin(ctx, s, &answer, client, resp)
}

/// `RespondToAuthChallenge` with `WEB_AUTHN`: `CREDENTIAL` is the assertion (JSON text).
/// A refused assertion changes nothing stored (the counter stays) and keeps the session
/// for another try.
pub fn answer_web_authn(ctx: &mut Ctx, key: String, s: AuthSession, resp: &ParameterMap) -> ApiResult<Value> {
    let refuse = |ctx: &mut Ctx, s: AuthSession, error: ApiError| {
        super::challenges::retry_later(ctx, key.clone(), s);
        Err(error)
    };
    let text = match map_req(resp, parameter::CREDENTIAL) {
        Ok(t) => t.to_string(),
        Err(e) => return refuse(ctx, s, e),
    };
    let Ok(credential) = serde_json::from_str::<AuthenticationCredential>(&text) else {
        return refuse(ctx, s, ApiError::invalid_parameter("CREDENTIAL is not a WebAuthn assertion (PublicKeyCredential JSON)."));
    };
    let config = ctx.pool(&s.pool_id)?.web_authn.clone();
    let passkey = ctx.user(&s.pool_id, &s.username)?.passkeys.iter().find(|p| p.credential_id == credential.raw_id.trim_end_matches('=')).cloned();
    let (Some(config), Some(passkey), Some(challenge)) = (config, passkey, s.webauthn_challenge.clone()) else {
        return refuse(ctx, s, ApiError::not_authorized("The credential is not a passkey of this user."));
    };
    match webauthn::verify_assertion(&config, &challenge, &passkey.public_key, passkey.sign_count, &credential) {
        Ok(count) => {
            let user = ctx.user_mut(&s.pool_id, &s.username)?;
            if let Some(p) = user.passkeys.iter_mut().find(|p| p.credential_id == passkey.credential_id) {
                p.sign_count = count;
            }
            issue_tokens(ctx, &s)
        }
        Err(refusal) => refuse(ctx, s, ApiError::not_authorized(refusal.message())),
    }
}

