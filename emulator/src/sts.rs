//! STS `AssumeRoleWithWebIdentity` for the identity pools' basic flow: the OpenID token of
//! `GetOpenIdToken` (signed by this emulator, `aud` an identity pool it has, unexpired) and
//! any well-formed role ARN become credentials like `GetCredentialsForIdentity`'s. Nothing
//! checks roles or policies. Served on `POST /` for form-encoded bodies with
//! `Action=AssumeRoleWithWebIdentity` (unsigned, as STS serves it); answers are XML.

use crate::errors::{ApiError, ApiResult};
use crate::identity::credentials::{self, OPEN_ID_ISSUER};
use crate::ops::Ctx;
use cognito_wasm::protocol::sts::{form_decode, AssumeRoleWithWebIdentityRequest, AssumeRoleWithWebIdentityResponse, StsCredentials, ACTION};
use serde_json::Value;

fn error(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::new(code, message)
}

/// `arn:aws:iam::<12 digits>:role/<name>`.
fn role_name(arn: &str) -> Option<&str> {
    let rest = arn.strip_prefix("arn:aws:iam::")?;
    let (account, role) = rest.split_once(":role/")?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) && !role.is_empty() && arn.len() <= 2048).then(|| role.rsplit('/').next().unwrap_or(role))
}

/// Runs the action of a form body (under the state lock: the identity pool must exist).
pub fn execute(ctx: &mut Ctx, body: &str) -> ApiResult<AssumeRoleWithWebIdentityResponse> {
    let pairs = form_decode(body);
    let action = pairs.iter().find(|(k, _)| k == "Action").map(|(_, v)| v.as_str()).unwrap_or("");
    if action != ACTION {
        return Err(error("InvalidAction", format!("Could not find operation {action} for version 2011-06-15 (the emulator serves AssumeRoleWithWebIdentity only)")));
    }
    let req = AssumeRoleWithWebIdentityRequest::from_form(&pairs).map_err(|name| error("MissingParameter", format!("The request must contain the parameter {name}")))?;
    let role = role_name(&req.role_arn).ok_or_else(|| error("ValidationError", "1 validation error detected: Value at 'roleArn' failed to satisfy constraint: Member must be an IAM role ARN"))?;
    let session_ok = (2..=64).contains(&req.role_session_name.len()) && req.role_session_name.chars().all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c));
    if !session_ok {
        return Err(error("ValidationError", "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"));
    }
    let validity = match req.duration_seconds {
        None => ctx.credentials_validity,
        Some(d) if (900..=43_200).contains(&d) => i64::from(d),
        Some(_) => return Err(error("ValidationError", "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200")),
    };
    let invalid = || error("InvalidIdentityToken", "Couldn't verify the web identity token");
    let claims = ctx.keys.verify_jwt(&req.web_identity_token).ok_or_else(invalid)?;
    let text = |name: &str| claims.get(name).and_then(Value::as_str).map(str::to_string);
    if text("iss").as_deref() != Some(OPEN_ID_ISSUER) {
        return Err(error("InvalidIdentityToken", "The web identity token was not issued by Amazon Cognito Identity"));
    }
    let audience = text("aud").filter(|a| ctx.st.identity.pools.contains_key(a)).ok_or_else(|| error("InvalidIdentityToken", "Incorrect token audience"))?;
    let subject = text("sub").ok_or_else(invalid)?;
    let exp = claims.get("exp").and_then(Value::as_i64).ok_or_else(invalid)?;
    let now = crate::util::now();
    if exp <= now {
        return Err(error("ExpiredTokenException", "Token expired: current date/time must be before the expiration date/time"));
    }
    let issued = credentials::issue(validity);
    let field = |name: &str| issued[name].as_str().unwrap_or_default().to_string();
    let account = req.role_arn.trim_start_matches("arn:aws:iam::").split(':').next().unwrap_or_default().to_string();
    Ok(AssumeRoleWithWebIdentityResponse {
        credentials: StsCredentials {
            access_key_id: field("AccessKeyId"),
            secret_access_key: field("SecretKey"),
            session_token: field("SessionToken"),
            expiration: crate::util::rfc3339(now + validity),
        },
        subject,
        audience,
        assumed_role_arn: format!("arn:aws:sts::{account}:assumed-role/{role}/{}", req.role_session_name),
        assumed_role_id: format!("AROA{}:{}", crate::util::random_from(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17), req.role_session_name),
        provider: "cognito-identity.amazonaws.com".into(),
        request_id: crate::util::uuid_v4(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arns() {
        assert_eq!(role_name("arn:aws:iam::123456789012:role/web"), Some("web"));
        assert_eq!(role_name("arn:aws:iam::123456789012:role/path/web"), Some("web"));
        for bad in ["", "web", "arn:aws:iam::1234:role/web", "arn:aws:iam::123456789012:user/x", "arn:aws:iam::123456789012:role/"] {
            assert_eq!(role_name(bad), None, "{bad}");
        }
    }
}
