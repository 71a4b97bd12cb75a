//! The identity-pool service (`AWSCognitoIdentityService`) on the same port as the user
//! pools: administration of identity pools ([`pools`]), identities and the credential
//! flows ([`identities`]), the checks of `Logins` tokens ([`logins`]) and the issued
//! credentials and OpenID tokens ([`credentials`]).
//!
//! Every operation checks everything before it changes anything, so a refused request
//! stores nothing.

pub mod credentials;
pub mod identities;
pub mod logins;
pub mod pools;

use crate::errors::{ApiError, ApiResult};
use crate::ops::{read, Ctx};
use cognito_wasm::protocol::identity::IdentityOperation;
use serde_json::Value;

/// Lifetime of issued credentials unless `--credentials-validity` says otherwise (Cognito's).
pub const DEFAULT_CREDENTIALS_VALIDITY: i64 = 3600;

/// Run one identity-pool operation (`op` from `X-Amz-Target`).
pub fn dispatch(ctx: &mut Ctx, op: &str, body: &Value) -> ApiResult<Value> {
    use IdentityOperation as O;
    let operation = IdentityOperation::from_name(op).ok_or_else(|| ApiError::unknown_operation(op))?;
    match operation {
        O::CreateIdentityPool => pools::create_identity_pool(ctx, read(body)?),
        O::DescribeIdentityPool => pools::describe_identity_pool(ctx, read(body)?),
        O::ListIdentityPools => pools::list_identity_pools(ctx, read(body)?),
        O::DeleteIdentityPool => pools::delete_identity_pool(ctx, read(body)?),
        O::GetId => identities::get_id(ctx, read(body)?),
        O::GetCredentialsForIdentity => identities::get_credentials_for_identity(ctx, read(body)?),
        O::GetOpenIdToken => identities::get_open_id_token(ctx, read(body)?),
        O::UnlinkIdentity => identities::unlink_identity(ctx, read(body)?),
        O::ListIdentities => identities::list_identities(ctx, read(body)?),
        O::DescribeIdentity => identities::describe_identity(ctx, read(body)?),
    }
}

/// A new identity-pool or identity id: `<region>:<uuid>`.
pub fn new_id(region: &str) -> String {
    format!("{region}:{}", crate::util::uuid_v4())
}

/// An id of the model's pattern `[\w-]+:[0-9a-f-]+`, at most 55 characters.
pub fn check_id(field: &str, id: &str) -> ApiResult<()> {
    let valid = id.len() <= 55
        && id.split_once(':').is_some_and(|(region, rest)| {
            !region.is_empty()
                && region.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
                && !rest.is_empty()
                && rest.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c) || c == b'-')
        });
    if valid {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value at '{}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+",
            crate::errors::member_name(field)
        )))
    }
}

/// `MaxResults` of the list operations: 1 to 60.
pub fn check_max_results(n: u32) -> ApiResult<usize> {
    if (1..=60).contains(&n) {
        Ok(n as usize)
    } else {
        Err(ApiError::invalid_parameter(
            "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60",
        ))
    }
}

pub fn identity_pool_not_found(id: &str) -> ApiError {
    ApiError::resource_not_found(format!("IdentityPool '{id}' not found."))
}

pub fn identity_not_found(id: &str) -> ApiError {
    ApiError::resource_not_found(format!("Identity '{id}' not found."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_model_pattern() {
        let id = new_id("eu-west-1");
        assert!(check_id("IdentityPoolId", &id).is_ok(), "{id}");
        for bad in ["", "eu-west-1", "eu-west-1:XYZ", ":abc", "a b:abc", &format!("eu-west-1:{}", "a".repeat(60))] {
            let e = check_id("IdentityPoolId", bad).unwrap_err();
            assert_eq!(e.code, "InvalidParameterException", "{bad}");
            assert!(e.message.contains("'identityPoolId'"), "{}", e.message);
        }
        assert_eq!(check_max_results(60).unwrap(), 60);
        assert!(check_max_results(0).is_err() && check_max_results(61).is_err());
    }
}
