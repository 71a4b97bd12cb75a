//! The checks of a `Logins` map: each entry is a provider name and an ID token of one of
//! the emulator's user pools. A login is accepted when the identity pool lists that user
//! pool with the token's app client, the key names the token's issuer, and the token is
//! the emulator's own unexpired ID token ([`crate::tokens::Keys::verify_id_token`]).
//!
//! A provider name is accepted in two spellings, both naming a user pool of this emulator:
//! AWS's `cognito-idp.<region>.amazonaws.com/<userPoolId>`, and the token's `iss` without
//! its scheme (`127.0.0.1:<port>/<userPoolId>`), which is what a client derives from the
//! token.

use crate::errors::{ApiError, ApiResult};
use crate::ops::Ctx;
use crate::state::identity::IdentityPool;
use crate::tokens::IdTokenProblem;
use cognito_wasm::protocol::identity::{provider_name_from_issuer, user_pool_provider_name, Logins};

/// A verified login: the provider as the identity pool lists it, and the user's `sub`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    pub provider: String,
    pub subject: String,
}

fn invalid(detail: &str) -> ApiError {
    ApiError::not_authorized(format!("Invalid login token. {detail}"))
}

/// The user pool a provider name names, if it is one of this emulator's spellings.
pub fn user_pool_of_provider(ctx: &Ctx, name: &str) -> Option<String> {
    let (_, pool_id) = name.rsplit_once('/')?;
    let known = user_pool_provider_name(pool_id) == name || provider_name_from_issuer(&ctx.issuer(pool_id)).as_deref() == Some(name);
    known.then(|| pool_id.to_string())
}

/// Verifies every entry of `logins` for `pool`; the logins in the order given.
pub fn verify(ctx: &Ctx, pool: &IdentityPool, logins: &Logins) -> ApiResult<Vec<Login>> {
    logins.iter().map(|(key, token)| verify_one(ctx, pool, key, token)).collect()
}

fn verify_one(ctx: &Ctx, pool: &IdentityPool, key: &str, token: &str) -> ApiResult<Login> {
    let unsupported = || ApiError::not_authorized("Token is not from a supported provider of this identity pool.");
    let user_pool = user_pool_of_provider(ctx, key).ok_or_else(unsupported)?;
    let listed: Vec<_> = pool.providers.iter().filter(|p| user_pool_of_provider(ctx, &p.provider_name).as_deref() == Some(user_pool.as_str())).collect();
    if listed.is_empty() {
        return Err(unsupported());
    }
    let claims = ctx.keys.verify_id_token(token, crate::util::now()).map_err(|problem| match problem {
        IdTokenProblem::Signature => invalid("Couldn't verify signed token."),
        IdTokenProblem::MissingClaim(claim) => invalid(&format!("Missing a required claim: {claim}")),
        IdTokenProblem::NotAnIdToken => invalid("Token is not an ID token."),
        IdTokenProblem::Expired { exp, now } => invalid(&format!("Token expired: {now} >= {exp}")),
    })?;
    if claims.iss != ctx.issuer(&user_pool) {
        return Err(invalid("Issuer doesn't match providerName"));
    }
    let Some(provider) = listed.iter().find(|p| p.client_id == claims.aud) else {
        return Err(invalid("Incorrect token audience."));
    };
    if provider.server_side_token_check {
        check_server_side(ctx, &user_pool, &claims)?;
    }
    Ok(Login { provider: provider.provider_name.clone(), subject: claims.sub })
}

/// `ServerSideTokenCheck`: the user still exists and is enabled, and the token's family
/// was not revoked (sign-out everywhere, revoked refresh token).
fn check_server_side(ctx: &Ctx, user_pool: &str, claims: &crate::tokens::IdTokenClaims) -> ApiResult<()> {
    let pool = ctx.st.pools.get(user_pool).ok_or_else(|| invalid("Couldn't verify signed token."))?;
    if claims.origin_jti.as_ref().is_some_and(|jti| pool.revoked_origin_jtis.contains_key(jti)) {
        return Err(invalid("Token has been revoked."));
    }
    if !pool.users.with_attr("sub", &claims.sub).any(|u| u.sub == claims.sub && u.enabled) {
        return Err(invalid("User does not exist or is disabled."));
    }
    Ok(())
}
