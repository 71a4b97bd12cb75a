//! The checks of a token's claims, in aws-jwt-verify's order: `exp`, `nbf`, then (ours
//! only) `iat`, then `iss`, `scope`, `cognito:groups`, `token_use`, and the client (`aud`
//! for ID tokens, `client_id` for access tokens). Pure: the time is a parameter.

use super::config::VerifierConfig;
use super::error::JwtError;
use super::token::{Claim, Payload};

fn expected(list: &[String]) -> String {
    list.join(", ")
}

/// True when the claim (a string or a list of strings) holds one of `allowed`.
fn overlaps(claim: &Claim, allowed: &[String]) -> bool {
    claim.as_strings().is_some_and(|values| values.iter().any(|v| allowed.iter().any(|a| a == v)))
}

/// Check `payload` against `config` at `now` (seconds since the epoch).
///
/// Stricter than aws-jwt-verify in two places, both of which Cognito's own tokens always
/// pass: a token without `exp` is refused (`JwtExpiredError`), and so is one whose `iat` is
/// later than `now` plus the grace seconds.
pub fn check_claims(payload: &Payload, config: &VerifierConfig, now: f64) -> Result<(), JwtError> {
    let grace = config.grace_seconds;
    match payload.exp.as_number() {
        Some(exp) if exp + grace >= now => {}
        _ => return Err(JwtError::Expired),
    }
    if let Some(nbf) = payload.nbf.as_number() {
        if nbf - grace > now {
            return Err(JwtError::NotBefore);
        }
    }
    if let Some(iat) = payload.iat.as_number() {
        if iat - grace > now {
            return Err(JwtError::IssuedInFuture);
        }
    }
    let iss_ok = payload.iss.as_str().is_some_and(|iss| config.issuers().iter().any(|i| i == iss));
    if !iss_ok {
        return Err(JwtError::InvalidIssuer(expected(config.issuers())));
    }
    if let Some(scopes) = &config.scopes {
        let scope_ok = payload.scope.as_str().is_some_and(|s| s.split(' ').any(|given| scopes.iter().any(|want| want == given)));
        if !scope_ok {
            return Err(JwtError::InvalidScope(expected(scopes)));
        }
    }
    if let Some(groups) = &config.groups {
        if !overlaps(&payload.groups, groups) {
            return Err(JwtError::InvalidGroup(expected(groups)));
        }
    }
    let token_use = payload.token_use.as_str().filter(|u| *u == "id" || *u == "access");
    let wanted_use = config.token_use.map(|u| u.as_str());
    match (token_use, wanted_use) {
        (None, want) => return Err(JwtError::InvalidTokenUse(want.unwrap_or("id or access").to_string())),
        (Some(given), Some(want)) if given != want => return Err(JwtError::InvalidTokenUse(want.to_string())),
        _ => {}
    }
    if let Some(clients) = &config.client_ids {
        // A single string only, as aws-jwt-verify requires of both claims.
        let client = if token_use == Some("id") { &payload.aud } else { &payload.client_id };
        let client_ok = client.as_str().is_some_and(|c| clients.iter().any(|want| want == c));
        if !client_ok {
            return Err(JwtError::InvalidClientId(expected(clients)));
        }
    }
    Ok(())
}
