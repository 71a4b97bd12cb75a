// The verifier's error classes: aws-jwt-verify's names, so `err.name` and `instanceof` checks
// written for it keep working. Each carries `check`, the claim or step that failed
// ('exp', 'iss', 'signature', ...). Messages never contain the token.
export class JwtBaseError extends Error {
  constructor(message, check) {
    super(message);
    this.name = new.target.name;
    this.check = check;
  }
}
export class JwtParseError extends JwtBaseError {}
export class ParameterValidationError extends JwtBaseError {}
export class JwtInvalidSignatureError extends JwtBaseError {}
export class JwtInvalidSignatureAlgorithmError extends JwtBaseError {}
export class JwtInvalidClaimError extends JwtBaseError {}
export class JwtInvalidIssuerError extends JwtInvalidClaimError {}
export class JwtInvalidAudienceError extends JwtInvalidClaimError {}
export class JwtInvalidScopeError extends JwtInvalidClaimError {}
export class JwtExpiredError extends JwtInvalidClaimError {}
export class JwtNotBeforeError extends JwtInvalidClaimError {}
/** Ours only: `iat` later than now (plus the grace seconds). aws-jwt-verify does not check `iat`. */
export class JwtIssuedInFutureError extends JwtInvalidClaimError {}
export class CognitoJwtInvalidGroupError extends JwtInvalidClaimError {}
export class CognitoJwtInvalidTokenUseError extends JwtInvalidClaimError {}
export class CognitoJwtInvalidClientIdError extends JwtInvalidClaimError {}
export class JwksValidationError extends JwtBaseError {}
export class JwkValidationError extends JwtBaseError {}
export class JwkInvalidUseError extends JwtBaseError {}
export class JwkInvalidKtyError extends JwtBaseError {}
export class JwtWithoutValidKidError extends JwtBaseError {}
export class KidNotFoundInJwksError extends JwtBaseError {}
export class WaitPeriodNotYetEndedJwkError extends JwtBaseError {}
export class JwksNotAvailableInCacheError extends JwtBaseError {}
export class FetchError extends JwtBaseError {}
export class NotSupportedError extends JwtBaseError {}
