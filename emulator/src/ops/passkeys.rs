//! The signed-in user's passkeys: `StartWebAuthnRegistration` (creation options with a
//! fresh challenge, kept on the user), `CompleteWebAuthnRegistration` (the relying party's
//! checks, then the key is stored), `ListWebAuthnCredentials` and `DeleteWebAuthnCredential`.

use super::{date, Ctx};
use crate::errors::{ApiError, ApiResult};
use crate::state::{Passkey, PendingCode, WebAuthnConfig};
use crate::webauthn::{self, Refusal};
use crate::util;
use cognito_wasm::protocol::messages::AccessTokenRequest;
use cognito_wasm::protocol::names::auth_factor;
use cognito_wasm::protocol::passkeys::{
    AuthenticatorSelection, CompleteWebAuthnRegistrationRequest, CredentialCreationOptions, CredentialDescriptor, CredentialParameters,
    DeleteWebAuthnCredentialRequest, ListWebAuthnCredentialsRequest, RelyingParty, UserEntity, ALG_ES256, ALG_RS256, PUBLIC_KEY,
};
use serde_json::{json, Value};

/// How long a registration challenge stays valid (seconds).
const REGISTRATION_TTL: i64 = 300;
/// Most passkeys one user may have (Cognito's limit).
const MAX_PASSKEYS: usize = 20;

/// The pool's relying party, when passkeys are on: `WebAuthnConfigurationMissingException`
/// without `WebAuthnConfiguration`, `WebAuthnNotEnabledException` when the sign-in policy
/// does not allow `WEB_AUTHN`.
fn relying_party(ctx: &Ctx, pool_id: &str) -> ApiResult<WebAuthnConfig> {
    let pool = ctx.pool(pool_id)?;
    let config = pool.web_authn.clone().ok_or_else(|| {
        ApiError::new(
            "WebAuthnConfigurationMissingException",
            "The user pool has no WebAuthn relying party: set WebAuthnConfiguration with SetUserPoolMfaConfig.",
        )
    })?;
    if !pool.allowed_first_auth_factors.iter().any(|f| f == auth_factor::WEB_AUTHN) {
        return Err(ApiError::new("WebAuthnNotEnabledException", "Passkeys (WEB_AUTHN) are not an allowed sign-in factor of this user pool."));
    }
    Ok(config)
}

pub fn start_web_authn_registration(ctx: &mut Ctx, req: AccessTokenRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    let config = relying_party(ctx, &pool_id)?;
    let pool_name = ctx.pool(&pool_id)?.name.clone();
    let user = ctx.user(&pool_id, &username)?;
    if user.passkeys.len() >= MAX_PASSKEYS {
        return Err(ApiError::new("LimitExceededException", format!("A user can register at most {MAX_PASSKEYS} passkeys.")));
    }
    let options = CredentialCreationOptions {
        challenge: webauthn::new_challenge(),
        rp: RelyingParty { id: config.relying_party_id.clone(), name: pool_name },
        user: UserEntity {
            id: util::b64url(user.sub.as_bytes()),
            name: username.clone(),
            display_name: user.attr("email").unwrap_or(&username).to_string(),
        },
        pub_key_cred_params: [ALG_ES256, ALG_RS256].map(|alg| CredentialParameters { kind: PUBLIC_KEY.into(), alg }).to_vec(),
        timeout: Some(REGISTRATION_TTL as u64 * 1000),
        exclude_credentials: user
            .passkeys
            .iter()
            .map(|p| CredentialDescriptor { kind: PUBLIC_KEY.into(), id: p.credential_id.clone(), transports: None })
            .collect(),
        authenticator_selection: Some(AuthenticatorSelection {
            authenticator_attachment: None,
            resident_key: Some("required".into()),
            require_resident_key: Some(true),
            user_verification: Some(config.user_verification.clone()),
        }),
        attestation: Some("none".into()),
    };
    let pending = PendingCode { code: options.challenge.clone(), expires: ctx.code_expiry(REGISTRATION_TTL), attempts: 0 };
    ctx.user_mut(&pool_id, &username)?.passkey_registration = Some(pending);
    Ok(json!({ "CredentialCreationOptions": options }))
}

/// Cognito's error for each reason a new passkey is refused.
fn registration_error(refusal: Refusal) -> ApiError {
    let code = match refusal {
        Refusal::ChallengeMismatch => "WebAuthnChallengeNotFoundException",
        Refusal::OriginNotAllowed => "WebAuthnOriginNotAllowedException",
        Refusal::RelyingPartyMismatch => "WebAuthnRelyingPartyMismatchException",
        Refusal::WrongCeremony => "WebAuthnClientMismatchException",
        Refusal::NotSupported(_) => "WebAuthnCredentialNotSupportedException",
        _ => "InvalidParameterException",
    };
    ApiError::new(code, refusal.message())
}

pub fn complete_web_authn_registration(ctx: &mut Ctx, req: CompleteWebAuthnRegistrationRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    let config = relying_party(ctx, &pool_id)?;
    let challenge = ctx
        .user(&pool_id, &username)?
        .passkey_registration
        .clone()
        .filter(|p| p.expires > util::now())
        .ok_or_else(|| ApiError::new("WebAuthnChallengeNotFoundException", "No passkey registration is pending: call StartWebAuthnRegistration first."))?;
    // Every check before the first change: a refused credential changes nothing.
    let new = webauthn::verify_registration(&config, &challenge.code, &req.credential).map_err(registration_error)?;
    let taken = ctx.pool(&pool_id)?.users.values().any(|u| u.passkeys.iter().any(|p| p.credential_id == new.credential_id));
    if taken {
        return Err(ApiError::invalid_parameter("This passkey is registered already."));
    }
    let user = ctx.user_mut(&pool_id, &username)?;
    let name = format!("Passkey {}", user.passkeys.len() + 1);
    user.passkeys.push(Passkey {
        credential_id: new.credential_id,
        public_key: new.public_key,
        sign_count: new.sign_count,
        relying_party_id: config.relying_party_id,
        friendly_name: name,
        transports: req.credential.response.transports.clone().unwrap_or_default(),
        attachment: req.credential.authenticator_attachment.clone(),
        created: util::now_f64(),
    });
    user.passkey_registration = None;
    Ok(json!({}))
}

pub fn list_web_authn_credentials(ctx: &mut Ctx, req: ListWebAuthnCredentialsRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    let max = req.max_results.unwrap_or(MAX_PASSKEYS as u32);
    if max > MAX_PASSKEYS as u32 {
        return Err(ApiError::invalid_parameter(
            "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 20",
        ));
    }
    let start = match req.next_token.as_deref() {
        None => 0,
        Some(t) => util::b64url_decode(t)
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.parse::<usize>().ok())
            .ok_or_else(|| ApiError::invalid_parameter("Invalid NextToken."))?,
    };
    let passkeys = &ctx.user(&pool_id, &username)?.passkeys;
    let end = (start + max.max(1) as usize).min(passkeys.len());
    let page: Vec<Value> = passkeys
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let mut v = json!({
                "CredentialId": p.credential_id,
                "FriendlyCredentialName": p.friendly_name,
                "RelyingPartyId": p.relying_party_id,
                "AuthenticatorTransports": p.transports,
                "CreatedAt": date(p.created),
            });
            if let Some(a) = &p.attachment {
                v["AuthenticatorAttachment"] = json!(a);
            }
            v
        })
        .collect();
    let mut out = json!({ "Credentials": page });
    if end < passkeys.len() {
        out["NextToken"] = json!(util::b64url(end.to_string().as_bytes()));
    }
    Ok(out)
}

pub fn delete_web_authn_credential(ctx: &mut Ctx, req: DeleteWebAuthnCredentialRequest) -> ApiResult<Value> {
    let (pool_id, username) = ctx.authenticate(&req.access_token)?;
    let id = req.credential_id.trim_end_matches('=');
    let at = ctx
        .user(&pool_id, &username)?
        .passkeys
        .iter()
        .position(|p| p.credential_id == id)
        .ok_or_else(|| ApiError::resource_not_found("The passkey does not exist."))?;
    ctx.user_mut(&pool_id, &username)?.passkeys.remove(at);
    Ok(json!({}))
}
