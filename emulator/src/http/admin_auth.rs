//! Administrative requests need a SigV4 signature made with the emulator's credentials,
//! as real Cognito needs IAM credentials for them ([`Operation::requires_iam`]). The
//! public operations (the ones amazon-cognito-identity-js calls) stay unsigned; an unknown
//! operation name needs a signature too.
//!
//! Errors carry the exception names AWS uses, with HTTP 400.

use crate::errors::ApiError;
use cognito_wasm::sigv4::{self, Authorization, Credentials, RequestParts};
use cognito_wasm::protocol::identity::IdentityOperation;
use cognito_wasm::protocol::Operation;

/// The service name in every credential scope.
pub const SERVICE: &str = "cognito-idp";
/// Largest accepted difference between the signing time and the emulator's clock.
pub const MAX_CLOCK_SKEW_SECONDS: i64 = 15 * 60;
/// The credentials an emulator uses unless told otherwise.
pub const DEFAULT_ACCESS_KEY_ID: &str = "local";
pub const DEFAULT_SECRET_ACCESS_KEY: &str = "local";

/// Whether an API operation may be called without a signature.
pub fn is_public(op: &str) -> bool {
    Operation::from_name(op).is_some_and(|o| !o.requires_iam())
}

/// Whether an identity-pool operation may be called without a signature.
pub fn is_public_identity(op: &str) -> bool {
    IdentityOperation::from_name(op).is_some_and(|o| !o.requires_iam())
}

fn missing() -> ApiError {
    ApiError::new("MissingAuthenticationTokenException", "Missing Authentication Token")
}

fn incomplete(msg: impl Into<String>) -> ApiError {
    ApiError::new("IncompleteSignatureException", msg)
}

fn invalid(msg: impl Into<String>) -> ApiError {
    ApiError::new("InvalidSignatureException", msg)
}

/// Checks the signature of a request at `now` (seconds since the Unix epoch, the real
/// clock: the emulator's test clock skew does not apply), scoped to the user-pool service.
/// Returns the region of the credential scope.
pub fn verify(credentials: &Credentials, now: i64, req: &RequestParts) -> Result<String, ApiError> {
    verify_for_service(credentials, now, req, SERVICE)
}

/// [`verify`] for a request to `service` (`cognito-idp`, `cognito-identity`).
pub fn verify_for_service(credentials: &Credentials, now: i64, req: &RequestParts, service: &str) -> Result<String, ApiError> {
    let value = req.header("authorization").ok_or_else(missing)?;
    let auth = Authorization::parse(value).map_err(|e| incomplete(e.to_string()))?;
    let amz_date = req.header(sigv4::DATE_HEADER).ok_or_else(|| incomplete("Authorization header requires existence of a 'X-Amz-Date' header."))?;
    let signed_at = sigv4::parse_amz_date(amz_date).ok_or_else(|| incomplete(format!("Date must be in ISO-8601 'basic format'. Got '{amz_date}'.")))?;
    for needed in ["host", sigv4::DATE_HEADER] {
        if !auth.signed_headers.iter().any(|h| h == needed) {
            return Err(incomplete(format!("'{needed}' must be a 'SignedHeader' in the AWS Authorization.")));
        }
    }
    if auth.scope.date != amz_date[..8] {
        return Err(invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP."));
    }
    if auth.scope.service != service {
        return Err(invalid(format!("Credential should be scoped to correct service: '{service}'.")));
    }
    if !auth.scope.region.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') || auth.scope.region.len() > 32 {
        return Err(invalid("Credential should be scoped to a valid region."));
    }
    if auth.access_key_id != credentials.access_key_id {
        return Err(ApiError::new("UnrecognizedClientException", "The security token included in the request is invalid."));
    }
    if signed_at < now - MAX_CLOCK_SKEW_SECONDS {
        let limit = sigv4::amz_date(now - MAX_CLOCK_SKEW_SECONDS);
        return Err(invalid(format!("Signature expired: {amz_date} is now earlier than {limit} ({} - 15 min.)", sigv4::amz_date(now))));
    }
    if signed_at > now + MAX_CLOCK_SKEW_SECONDS {
        let limit = sigv4::amz_date(now + MAX_CLOCK_SKEW_SECONDS);
        return Err(invalid(format!("Signature not yet current: {amz_date} is still later than {limit} ({} + 15 min.)", sigv4::amz_date(now))));
    }
    if !auth.verify(&credentials.secret_access_key, amz_date, req) {
        return Err(invalid(
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
        ));
    }
    Ok(auth.scope.region)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_704_164_645; // 2024-01-02T03:04:05Z

    fn creds(key: &str, secret: &str) -> Credentials {
        Credentials { access_key_id: key.into(), secret_access_key: secret.into() }
    }

    /// A request signed with `by` at `at`, checked by the default credentials at NOW.
    fn check(by: &Credentials, at: i64, service: &str, tamper: impl Fn(&mut Vec<(&'static str, String)>)) -> Result<String, ApiError> {
        let date = sigv4::amz_date(at);
        let mut headers: Vec<(&str, String)> = vec![("Host", "127.0.0.1:9229".into()), ("X-Amz-Date", date.clone())];
        let body = b"{}";
        let refs: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let auth = sigv4::authorization(by, "eu-west-1", service, &date, &RequestParts { method: "POST", path: "/", query: "", headers: &refs, body });
        headers.push(("Authorization", auth));
        tamper(&mut headers);
        let refs: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        verify(&creds("local", "local"), NOW, &RequestParts { method: "POST", path: "/", query: "", headers: &refs, body })
    }

    fn code(r: Result<String, ApiError>) -> &'static str {
        r.err().map_or("ok", |e| e.code)
    }

    #[test]
    fn signed_requests_pass_and_the_rest_get_aws_errors() {
        let local = creds("local", "local");
        assert_eq!(check(&local, NOW, SERVICE, |_| {}).unwrap(), "eu-west-1");
        assert_eq!(check(&local, NOW - 14 * 60, SERVICE, |_| {}).unwrap(), "eu-west-1");
        assert_eq!(code(check(&local, NOW, SERVICE, |h| h.retain(|(k, _)| *k != "Authorization"))), "MissingAuthenticationTokenException");
        assert_eq!(code(check(&creds("other", "local"), NOW, SERVICE, |_| {})), "UnrecognizedClientException");
        assert_eq!(code(check(&creds("local", "wrong"), NOW, SERVICE, |_| {})), "InvalidSignatureException");
        assert_eq!(code(check(&local, NOW - 16 * 60, SERVICE, |_| {})), "InvalidSignatureException");
        assert_eq!(code(check(&local, NOW + 16 * 60, SERVICE, |_| {})), "InvalidSignatureException");
        assert_eq!(code(check(&local, NOW, "s3", |_| {})), "InvalidSignatureException");
        assert_eq!(code(check(&local, NOW, "cognito-identity", |_| {})), "InvalidSignatureException");
        assert_eq!(code(check(&local, NOW, SERVICE, |h| h[0].1 = "evil.test:9229".into())), "InvalidSignatureException");
        assert_eq!(code(check(&local, NOW, SERVICE, |h| h.retain(|(k, _)| *k != "X-Amz-Date"))), "IncompleteSignatureException");
        assert_eq!(code(check(&local, NOW, SERVICE, |h| h[2].1 = "AWS4-HMAC-SHA256 Credential=local".into())), "IncompleteSignatureException");
        assert_eq!(code(check(&local, NOW, SERVICE, |h| h[1].1 = "yesterday".into())), "IncompleteSignatureException");
        let e = check(&creds("local", "wrong"), NOW, SERVICE, |_| {}).unwrap_err();
        assert!(!e.message.contains("wrong") && !e.message.contains("local"), "{}", e.message);
    }

    #[test]
    fn public_operations_are_the_ones_the_sdk_calls() {
        for op in ["InitiateAuth", "RespondToAuthChallenge", "SignUp", "GetUser", "ConfirmDevice"] {
            assert!(is_public(op), "{op}");
        }
        for op in ["AdminInitiateAuth", "CreateUserPool", "ListUserPools", "DescribeUserPoolClient", "ListUsers", "AdminCreateUser", "Nope"] {
            assert!(!is_public(op), "{op}");
        }
    }
}
