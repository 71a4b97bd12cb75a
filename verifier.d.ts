// Types of `cognito-wasm/verifier`: Cognito JWT verification for Node >= 18 and browsers,
// with aws-jwt-verify's CognitoJwtVerifier checks and error class names.

/** The claims of a verified token (Cognito's, plus any other). */
export interface CognitoJwtPayload {
  sub: string;
  iss: string;
  exp: number;
  iat: number;
  token_use: 'id' | 'access';
  auth_time?: number;
  jti?: string;
  origin_jti?: string;
  event_id?: string;
  'cognito:groups'?: string[];
  /** Access tokens. */
  client_id?: string;
  scope?: string;
  username?: string;
  device_key?: string;
  /** ID tokens. */
  aud?: string;
  'cognito:username'?: string;
  email?: string;
  email_verified?: boolean;
  [claim: string]: unknown;
}

export interface CognitoJwtVerifierProperties {
  /** `<region>_<id>`. */
  userPoolId: string;
  /** Which token passes; `null`: both. Required, as in aws-jwt-verify. */
  tokenUse: 'id' | 'access' | null;
  /** The app client(s) (`aud` of ID tokens, `client_id` of access tokens); `null`: any. Required. */
  clientId: string | string[] | null;
  /** The access token's `scope` must hold one of these. */
  scope?: string | string[];
  /** `cognito:groups` must hold one of these. */
  groups?: string | string[];
  /** Leeway for `exp`, `nbf` and `iat`, in seconds (default 0). */
  graceSeconds?: number;
  /**
   * Issuer(s) other than Cognito's (`https://cognito-idp.<region>.amazonaws.com/<pool>` and
   * `https://issuer-cognito-idp.<region>.amazonaws.com/<pool>`): the emulator
   * (`http://127.0.0.1:PORT/<pool>`), a custom domain, a proxy.
   */
  issuer?: string | string[];
  /** Where the JWKS is fetched (default: the first issuer's `/.well-known/jwks.json`). */
  jwksUri?: string;
}

export interface Jwks {
  keys: Array<{ kid?: string; kty?: string; alg?: string; use?: string; n?: string; e?: string; [field: string]: unknown }>;
}

export declare class CognitoJwtVerifier {
  /** Throws ParameterValidationError for bad settings. */
  static create(props: CognitoJwtVerifierProperties): CognitoJwtVerifier;
  constructor(props: CognitoJwtVerifierProperties);
  readonly jwksUri: string;
  /** The payload of a valid token; rejects with the error of the first failed check. */
  verify(token: string): Promise<CognitoJwtPayload>;
  /**
   * The payload of a valid token with the cached JWKS. Node only: browsers' WebCrypto has no
   * synchronous API (NotSupportedError there, as in aws-jwt-verify).
   */
  verifySync(token: string): CognitoJwtPayload;
  /** Fetch the JWKS now. */
  hydrate(): Promise<void>;
  /** Cache a JWKS (object or JSON text). */
  cacheJwks(jwks: Jwks | string): void;
}

/** Every error of the verifier. `check` names what failed: 'parse', 'kid', 'jwk', 'alg', 'signature', 'exp', 'nbf', 'iat', 'iss', 'scope', 'groups', 'token_use', 'client_id', 'jwks', 'fetch', 'config'. */
export declare class JwtBaseError extends Error {
  constructor(message: string, check?: string);
  readonly check?: string;
}
export declare class JwtParseError extends JwtBaseError {}
export declare class ParameterValidationError extends JwtBaseError {}
export declare class JwtInvalidSignatureError extends JwtBaseError {}
export declare class JwtInvalidSignatureAlgorithmError extends JwtBaseError {}
export declare class JwtInvalidClaimError extends JwtBaseError {}
export declare class JwtInvalidIssuerError extends JwtInvalidClaimError {}
export declare class JwtInvalidAudienceError extends JwtInvalidClaimError {}
export declare class JwtInvalidScopeError extends JwtInvalidClaimError {}
export declare class JwtExpiredError extends JwtInvalidClaimError {}
export declare class JwtNotBeforeError extends JwtInvalidClaimError {}
/** `iat` in the future (aws-jwt-verify does not check `iat`). */
export declare class JwtIssuedInFutureError extends JwtInvalidClaimError {}
export declare class CognitoJwtInvalidGroupError extends JwtInvalidClaimError {}
export declare class CognitoJwtInvalidTokenUseError extends JwtInvalidClaimError {}
export declare class CognitoJwtInvalidClientIdError extends JwtInvalidClaimError {}
export declare class JwksValidationError extends JwtBaseError {}
export declare class JwkValidationError extends JwtBaseError {}
export declare class JwkInvalidUseError extends JwtBaseError {}
export declare class JwkInvalidKtyError extends JwtBaseError {}
export declare class JwtWithoutValidKidError extends JwtBaseError {}
export declare class KidNotFoundInJwksError extends JwtBaseError {}
export declare class WaitPeriodNotYetEndedJwkError extends JwtBaseError {}
export declare class JwksNotAvailableInCacheError extends JwtBaseError {}
export declare class FetchError extends JwtBaseError {}
export declare class NotSupportedError extends JwtBaseError {}
