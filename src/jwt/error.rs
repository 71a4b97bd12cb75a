//! The typed errors of JWT verification. Each names the check that failed with the class
//! name aws-jwt-verify uses for it ([`JwtError::name`]), and a message that may name the
//! expected value (from the verifier's configuration) but never repeats the token or any
//! value read from it.

/// Why a JWT was refused, or why the verifier could not decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwtError {
    /// The text is not a JWT: not three base64url parts, too long, header or payload not a
    /// JSON object, or a standard claim of the wrong type. The detail says which.
    Parse(&'static str),
    /// The verifier's own configuration is wrong (a bad user pool id, a missing setting).
    ParameterValidation(String),
    /// The header has no `kid` (a string).
    WithoutValidKid,
    /// The JWKS (fetched again if it was older than the token's key) has no key of that `kid`.
    KidNotFoundInJwks,
    /// The `kid` is unknown and the JWKS was fetched for an unknown `kid` less than the
    /// refetch interval ago: not fetched again yet.
    WaitPeriodNotYetEnded,
    /// `verify_sync` before the JWKS of the verifier's URL was cached.
    JwksNotAvailableInCache,
    /// The JWKS document is not a JWKS (the detail says what is wrong).
    JwksValidation(&'static str),
    /// The JWK of the `kid` cannot be used (the detail says why).
    JwkValidation(&'static str),
    /// The JWK's `use` is not `sig`.
    JwkInvalidUse,
    /// The JWK's `kty` is not `RSA`.
    JwkInvalidKty,
    /// The header's `alg` is missing, is not RS256, or differs from the JWK's `alg`.
    InvalidSignatureAlgorithm(&'static str),
    /// The signature does not match the header and payload under the key of the `kid`.
    InvalidSignature,
    /// `exp` (plus the grace seconds) is in the past, or there is no `exp`.
    Expired,
    /// `nbf` (minus the grace seconds) is in the future.
    NotBefore,
    /// `iat` (minus the grace seconds) is in the future.
    IssuedInFuture,
    /// `iss` is missing or not one of the issuers expected.
    InvalidIssuer(String),
    /// `scope` is missing or has none of the scopes expected.
    InvalidScope(String),
    /// `cognito:groups` is missing or has none of the groups expected.
    InvalidGroup(String),
    /// `token_use` is missing, not `id` / `access`, or not the one expected.
    InvalidTokenUse(String),
    /// `aud` (ID tokens) or `client_id` (access tokens) is missing or not a client expected.
    InvalidClientId(String),
    /// The JWKS could not be fetched (network error, HTTP status, timeout).
    Fetch(String),
}

impl JwtError {
    /// The aws-jwt-verify error class of this failure (`JwtExpiredError`, ...). `iat` in the
    /// future has no class there (it does not check `iat`): `JwtIssuedInFutureError`.
    pub fn name(&self) -> &'static str {
        match self {
            JwtError::Parse(_) => "JwtParseError",
            JwtError::ParameterValidation(_) => "ParameterValidationError",
            JwtError::WithoutValidKid => "JwtWithoutValidKidError",
            JwtError::KidNotFoundInJwks => "KidNotFoundInJwksError",
            JwtError::WaitPeriodNotYetEnded => "WaitPeriodNotYetEndedJwkError",
            JwtError::JwksNotAvailableInCache => "JwksNotAvailableInCacheError",
            JwtError::JwksValidation(_) => "JwksValidationError",
            JwtError::JwkValidation(_) => "JwkValidationError",
            JwtError::JwkInvalidUse => "JwkInvalidUseError",
            JwtError::JwkInvalidKty => "JwkInvalidKtyError",
            JwtError::InvalidSignatureAlgorithm(_) => "JwtInvalidSignatureAlgorithmError",
            JwtError::InvalidSignature => "JwtInvalidSignatureError",
            JwtError::Expired => "JwtExpiredError",
            JwtError::NotBefore => "JwtNotBeforeError",
            JwtError::IssuedInFuture => "JwtIssuedInFutureError",
            JwtError::InvalidIssuer(_) => "JwtInvalidIssuerError",
            JwtError::InvalidScope(_) => "JwtInvalidScopeError",
            JwtError::InvalidGroup(_) => "CognitoJwtInvalidGroupError",
            JwtError::InvalidTokenUse(_) => "CognitoJwtInvalidTokenUseError",
            JwtError::InvalidClientId(_) => "CognitoJwtInvalidClientIdError",
            JwtError::Fetch(_) => "FetchError",
        }
    }

    /// The check that failed, in a word: `parse`, `config`, `kid`, `jwks`, `jwk`, `alg`,
    /// `signature`, `exp`, `nbf`, `iat`, `iss`, `scope`, `groups`, `token_use`, `client_id`,
    /// `fetch`.
    pub fn check(&self) -> &'static str {
        match self {
            JwtError::Parse(_) => "parse",
            JwtError::ParameterValidation(_) => "config",
            JwtError::WithoutValidKid | JwtError::KidNotFoundInJwks | JwtError::WaitPeriodNotYetEnded => "kid",
            JwtError::JwksNotAvailableInCache | JwtError::JwksValidation(_) => "jwks",
            JwtError::JwkValidation(_) | JwtError::JwkInvalidUse | JwtError::JwkInvalidKty => "jwk",
            JwtError::InvalidSignatureAlgorithm(_) => "alg",
            JwtError::InvalidSignature => "signature",
            JwtError::Expired => "exp",
            JwtError::NotBefore => "nbf",
            JwtError::IssuedInFuture => "iat",
            JwtError::InvalidIssuer(_) => "iss",
            JwtError::InvalidScope(_) => "scope",
            JwtError::InvalidGroup(_) => "groups",
            JwtError::InvalidTokenUse(_) => "token_use",
            JwtError::InvalidClientId(_) => "client_id",
            JwtError::Fetch(_) => "fetch",
        }
    }

    /// True when the token itself was refused (as opposed to a configuration, JWKS or
    /// network problem of the verifier).
    pub fn is_token_refused(&self) -> bool {
        !matches!(
            self,
            JwtError::ParameterValidation(_)
                | JwtError::JwksNotAvailableInCache
                | JwtError::JwksValidation(_)
                | JwtError::Fetch(_)
                | JwtError::WaitPeriodNotYetEnded
        )
    }
}

impl std::fmt::Display for JwtError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JwtError::Parse(detail) => write!(f, "not a valid JWT: {detail}"),
            JwtError::ParameterValidation(detail) => write!(f, "verifier configuration: {detail}"),
            JwtError::WithoutValidKid => f.write_str("JWT header does not have a valid kid"),
            JwtError::KidNotFoundInJwks => f.write_str("no JWK for the JWT's kid in the JWKS"),
            JwtError::WaitPeriodNotYetEnded => f.write_str("the JWT's kid is not in the JWKS, and the JWKS was fetched again less than 10 seconds ago"),
            JwtError::JwksNotAvailableInCache => f.write_str("the JWKS is not cached yet: call hydrate() or verify() first"),
            JwtError::JwksValidation(detail) => write!(f, "JWKS is not valid: {detail}"),
            JwtError::JwkValidation(detail) => write!(f, "JWK is not valid: {detail}"),
            JwtError::JwkInvalidUse => f.write_str("JWK use is not sig"),
            JwtError::JwkInvalidKty => f.write_str("JWK kty is not RSA"),
            JwtError::InvalidSignatureAlgorithm(detail) => write!(f, "JWT signature algorithm not allowed: {detail}. Expected: RS256"),
            JwtError::InvalidSignature => f.write_str("Invalid signature"),
            JwtError::Expired => f.write_str("Token expired (exp)"),
            JwtError::NotBefore => f.write_str("Token not valid yet (nbf)"),
            JwtError::IssuedInFuture => f.write_str("Token issued in the future (iat)"),
            JwtError::InvalidIssuer(expected) => write!(f, "Issuer not allowed (iss). Expected: {expected}"),
            JwtError::InvalidScope(expected) => write!(f, "Scope not allowed (scope). Expected one of: {expected}"),
            JwtError::InvalidGroup(expected) => write!(f, "Cognito group not allowed (cognito:groups). Expected one of: {expected}"),
            JwtError::InvalidTokenUse(expected) => write!(f, "Token use not allowed (token_use). Expected: {expected}"),
            JwtError::InvalidClientId(expected) => write!(f, "Client ID not allowed (aud / client_id). Expected one of: {expected}"),
            JwtError::Fetch(detail) => write!(f, "JWKS could not be fetched: {detail}"),
        }
    }
}

impl std::error::Error for JwtError {}
