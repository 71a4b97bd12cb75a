//! The basic flow's second step: STS `AssumeRoleWithWebIdentity` with the OpenID token of
//! `GetOpenIdToken` and a role ([`crate::protocol::sts`] has the request and answer).

use super::client::IdentityClient;
use super::provider::AwsCredentials;
use crate::protocol::sts::{error_from_xml, AssumeRoleWithWebIdentityRequest, AssumeRoleWithWebIdentityResponse, ACTION, CONTENT_TYPE};
use crate::protocol::OperationName;
use crate::wire::errors::{codes, SdkError, SdkResult};
use crate::wire::{HttpRequest, Transport};

/// STS's endpoint in `region`.
pub fn default_endpoint(region: &str) -> String {
    format!("https://sts.{region}.amazonaws.com/")
}

/// Exchanges an OpenID token for credentials at `endpoint` (unsigned, as STS takes this call).
pub async fn assume_role_with_web_identity<T: Transport>(client: &IdentityClient<T>, endpoint: &str, request: &AssumeRoleWithWebIdentityRequest) -> SdkResult<AwsCredentials> {
    let http = HttpRequest {
        url: endpoint.to_string(),
        operation: OperationName::Other(ACTION.to_string()),
        headers: vec![("Content-Type", CONTENT_TYPE.to_string())],
        body: request.to_form(),
        timeout_ms: None,
    };
    let response = client.send(http).await?;
    if !response.is_ok() {
        return Err(match error_from_xml(&response.body) {
            Some((code, message)) => SdkError::service(code, message, None),
            None => SdkError::service(codes::UNKNOWN_ERROR, format!("Unknown error (HTTP status {})", response.status), Some(response.status)),
        });
    }
    let invalid = || SdkError::invalid_response("Invalid AssumeRoleWithWebIdentity response from STS: incomplete Credentials");
    let c = AssumeRoleWithWebIdentityResponse::credentials_from_xml(&response.body).ok_or_else(invalid)?;
    let expiration = crate::date::parse_rfc3339(&c.expiration).ok_or_else(invalid)?;
    Ok(AwsCredentials { access_key_id: c.access_key_id, secret_access_key: c.secret_access_key, session_token: c.session_token, expiration })
}
