// Type declarations for cognito-wasm: a superset of amazon-cognito-identity-js 6.x's own
// declarations (every program typed against those compiles against these; tests/types checks
// it), plus what the reference's runtime has but its typings omit (fetchOptions,
// AuthParameters, getUserContextData, AuthenticationHelper...) and what is new: ClientSecret,
// the Promise twins (`...Async`), `ready`, getCognitoUserAgent. Members this package adds to
// classes that programs pass back in (the pool and the session) are optional, so objects
// typed with the reference's declarations still fit.

/** Node-style callback: `(err, result)`. */
export type NodeCallback<E, T> = (err?: E, result?: T) => void;
export namespace NodeCallback {
  export type Any = NodeCallback<Error | undefined, any>;
}
export type UpdateAttributesNodeCallback<E, T, K> = (err?: E, result?: T, details?: K) => void;

/** Resolves once the session WebAssembly module is compiled and instantiated. */
export const ready: Promise<unknown>;
/**
 * Starts loading wasm modules so their first use does not wait: with no argument the flows module
 * (sign-in, account, devices); `'extras'` the extras module (identity pools, the hosted UI's
 * `CognitoAuth`, passkey management).
 */
export const prefetch: (...modules: Array<'flows' | 'extras'>) => Promise<void>;

export interface CodeDeliveryDetails {
  AttributeName: string;
  DeliveryMedium: string;
  Destination: string;
}

export type ClientMetadata = { [key: string]: string } | undefined;

export type ChallengeName =
  | 'CUSTOM_CHALLENGE'
  | 'MFA_SETUP'
  | 'NEW_PASSWORD_REQUIRED'
  | 'SELECT_MFA_TYPE'
  | 'SMS_MFA'
  | 'SOFTWARE_TOKEN_MFA';

/** An error as the SDK reports it: `name` and `code` carry Cognito's exception name. */
export interface CognitoError extends Error {
  code: string;
  name: string;
  message: string;
  statusCode?: number;
}

export interface IAuthenticationCallback {
  onSuccess: (session: CognitoUserSession, userConfirmationNecessary?: boolean) => void;
  onFailure: (err: any) => void;
  newPasswordRequired?: (userAttributes: any, requiredAttributes: any) => void;
  mfaRequired?: (challengeName: ChallengeName, challengeParameters: any) => void;
  totpRequired?: (challengeName: ChallengeName, challengeParameters: any) => void;
  customChallenge?: (challengeParameters: any) => void;
  mfaSetup?: (challengeName: ChallengeName, challengeParameters: any) => void;
  selectMFAType?: (challengeName: ChallengeName, challengeParameters: any) => void;
  /** New (AuthFlow USER_AUTH): choose a first factor; answer with `sendChallengeSelectionAnswer`. */
  selectChallenge?: (availableChallenges: FirstFactorChallenge[]) => void;
  /** New (USER_AUTH): a code was e-mailed; answer with `sendOTPCode`. The parameters carry
   *  `CODE_DELIVERY_DELIVERY_MEDIUM` and `CODE_DELIVERY_DESTINATION`. */
  emailOtpRequired?: (challengeName: 'EMAIL_OTP', challengeParameters: { [key: string]: string }) => void;
  /** New (USER_AUTH): a code was sent by SMS; answer with `sendOTPCode`. */
  smsOtpRequired?: (challengeName: 'SMS_OTP', challengeParameters: { [key: string]: string }) => void;
}

/** New: the first factors of a choice-based sign-in (AuthFlow USER_AUTH). */
export type FirstFactorChallenge = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

/** New: one page of the signed-in user's passkeys (ListWebAuthnCredentials). */
export interface WebAuthnCredentialList {
  Credentials: {
    CredentialId: string;
    FriendlyCredentialName?: string;
    RelyingPartyId: string;
    AuthenticatorAttachment?: string;
    AuthenticatorTransports?: string[];
    CreatedAt: number;
  }[];
  NextToken?: string;
}

/** What `authenticateUserAsync` and the other sign-in Promise twins resolve to. */
export type AuthenticationStep =
  | { type: 'SUCCESS'; session: CognitoUserSession; userConfirmationNecessary: boolean }
  | { type: 'NEW_PASSWORD_REQUIRED'; userAttributes: any; requiredAttributes: string[] }
  | {
      type: 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'CUSTOM_CHALLENGE' | 'MFA_SETUP' | 'SELECT_MFA_TYPE';
      challengeName: ChallengeName;
      parameters: { [key: string]: string };
    }
  | { type: 'EMAIL_OTP' | 'SMS_OTP'; challengeName: 'EMAIL_OTP' | 'SMS_OTP'; parameters: { [key: string]: string } }
  | { type: 'SELECT_CHALLENGE'; challengeName: 'SELECT_CHALLENGE'; availableChallenges: FirstFactorChallenge[]; parameters: { [key: string]: string } };

export interface IMfaSettings {
  PreferredMfa: boolean;
  Enabled: boolean;
}

export interface IAuthenticationDetailsData {
  Username: string;
  Password?: string;
  ValidationData?: { [key: string]: any };
  AuthParameters?: { [key: string]: any };
  ClientMetadata?: ClientMetadata;
}

export class AuthenticationDetails {
  constructor(data: IAuthenticationDetailsData);
  getUsername(): string;
  getPassword(): string;
  getValidationData(): any[];
  getAuthParameters(): { [key: string]: any };
  getClientMetadata(): ClientMetadata;
}

export interface ICognitoStorage {
  setItem(key: string, value: string): void;
  getItem(key: string): string | null;
  removeItem(key: string): void;
  clear(): void;
}

export interface ICognitoUserData {
  Username: string;
  Pool: CognitoUserPool;
  Storage?: ICognitoStorage;
}

export interface GetSessionOptions {
  clientMetadata: Record<string, string>;
}

export interface MFAOption {
  DeliveryMedium: 'SMS' | 'EMAIL';
  AttributeName: string;
}

export interface UserData {
  MFAOptions: MFAOption[];
  PreferredMfaSetting: string;
  UserAttributes: ICognitoUserAttributeData[];
  UserMFASettingList: string[];
  Username: string;
}

type SuccessFailure<T = string, E = Error> = { onSuccess: (result: T) => void; onFailure: (err: E) => void };

export class CognitoUser {
  constructor(data: ICognitoUserData);

  username: string;
  pool: CognitoUserPool;
  Session: string | null;
  challengeName?: ChallengeName;
  authenticationFlowType: string;
  client: CognitoClient;
  storage: ICognitoStorage;
  deviceKey?: string;
  deviceGroupKey?: string;
  randomPassword?: string;
  keyPrefix: string;
  userDataKey: string;

  setSignInUserSession(signInUserSession: CognitoUserSession): void;
  getSignInUserSession(): CognitoUserSession | null;
  getUsername(): string;

  getAuthenticationFlowType(): string;
  /** Declared as the reference declares it; at runtime (there as here) it returns nothing. */
  setAuthenticationFlowType(authenticationFlowType: string): string;
  getCachedDeviceKeyAndPassword(): void;

  getSession(
    callback: ((error: Error, session: null) => void) | ((error: null, session: CognitoUserSession) => void),
    options?: GetSessionOptions,
  ): void;
  refreshSession(refreshToken: CognitoRefreshToken, callback: NodeCallback<any, any>, clientMetadata?: ClientMetadata): void;
  authenticateUser(authenticationDetails: AuthenticationDetails, callbacks: IAuthenticationCallback): void;
  initiateAuth(authenticationDetails: AuthenticationDetails, callbacks: IAuthenticationCallback): void;
  confirmRegistration(code: string, forceAliasCreation: boolean, callback: NodeCallback<any, any>, clientMetadata?: ClientMetadata): void;
  sendCustomChallengeAnswer(answerChallenge: any, callback: IAuthenticationCallback, clientMetaData?: ClientMetadata): void;
  resendConfirmationCode(callback: NodeCallback<Error, any>, clientMetaData?: ClientMetadata): void;
  changePassword(oldPassword: string, newPassword: string, callback: NodeCallback<Error, 'SUCCESS'>, clientMetadata?: ClientMetadata): void;
  forgotPassword(
    callbacks: { onSuccess: (data: any) => void; onFailure: (err: Error) => void; inputVerificationCode?: (data: any) => void },
    clientMetaData?: ClientMetadata,
  ): void;
  confirmPassword(verificationCode: string, newPassword: string, callbacks: SuccessFailure, clientMetaData?: ClientMetadata): void;
  setDeviceStatusRemembered(callbacks: SuccessFailure<string, any>): void;
  setDeviceStatusNotRemembered(callbacks: SuccessFailure<string, any>): void;
  getDevice(callbacks: { onSuccess: (success: string) => void; onFailure: (err: Error) => void }): any;
  forgetDevice(callbacks: SuccessFailure): void;
  forgetSpecificDevice(deviceKey: string, callbacks: SuccessFailure): void;
  sendMFACode(
    confirmationCode: string,
    callbacks: { onSuccess: (session: CognitoUserSession, userConfirmationNecessary?: boolean) => void; onFailure: (err: any) => void },
    mfaType?: string,
    clientMetadata?: ClientMetadata,
  ): void;
  listDevices(limit: number, paginationToken: string | null, callbacks: SuccessFailure<any>): void;
  completeNewPasswordChallenge(newPassword: string, requiredAttributeData: any, callbacks: IAuthenticationCallback, clientMetadata?: ClientMetadata): void;
  signOut(callback?: (err?: Error) => void): void;
  globalSignOut(callbacks: SuccessFailure): void;
  verifyAttribute(attributeName: string, confirmationCode: string, callbacks: SuccessFailure): void;
  getUserAttributes(callback: NodeCallback<Error, CognitoUserAttribute[]>): void;
  updateAttributes(
    attributes: (CognitoUserAttribute | ICognitoUserAttributeData)[],
    callback: UpdateAttributesNodeCallback<Error, string, any>,
    clientMetadata?: ClientMetadata,
  ): void;
  deleteAttributes(attributeList: string[], callback: NodeCallback<Error, string>): void;
  getAttributeVerificationCode(
    name: string,
    callback: { onSuccess: (success: string) => void; onFailure: (err: Error) => void; inputVerificationCode?: (data: string) => void | null },
    clientMetadata?: ClientMetadata,
  ): void;
  deleteUser(callback: NodeCallback<Error, string>, clientMetadata?: ClientMetadata): void;
  enableMFA(callback: NodeCallback<Error, string>): void;
  disableMFA(callback: NodeCallback<Error, string>): void;
  getMFAOptions(callback: NodeCallback<Error, MFAOption[]>): void;
  /** `params`: `{ bypassCache?: boolean; clientMetadata?: ClientMetadata }` (typed `any`, as the reference does). */
  getUserData(callback: NodeCallback<Error, UserData>, params?: any): void;
  associateSoftwareToken(callbacks: { associateSecretCode: (secretCode: string) => void; onFailure: (err: any) => void }): void;
  verifySoftwareToken(totpCode: string, friendlyDeviceName: string, callbacks: SuccessFailure<CognitoUserSession>): void;
  setUserMfaPreference(
    smsMfaSettings: IMfaSettings | null,
    softwareTokenMfaSettings: IMfaSettings | null,
    callback: NodeCallback<Error, string>,
    /** New: e-mail MFA (`EmailMfaSettings`). */
    emailMfaSettings?: IMfaSettings | null,
  ): void;
  /** New (USER_AUTH): answers `selectChallenge`; PASSWORD and PASSWORD_SRP need the password. */
  sendChallengeSelectionAnswer(answer: FirstFactorChallenge, callbacks: IAuthenticationCallback, password?: string): void;
  /** New (USER_AUTH): answers `emailOtpRequired` / `smsOtpRequired` (challengeName: the one the user is at). */
  sendOTPCode(code: string, callbacks: IAuthenticationCallback, challengeName?: 'EMAIL_OTP' | 'SMS_OTP'): void;
  /** New: passkey registration, step 1: the options for `navigator.credentials.create` (JSON form). */
  startWebAuthnRegistration(callback: NodeCallback<Error, any>): void;
  /** New: passkey registration, step 2: the created credential (its `toJSON()`, or that as text). */
  completeWebAuthnRegistration(credential: object | string, callback: NodeCallback<Error, 'SUCCESS'>): void;
  /** New: both registration steps around `navigator.credentials.create`. */
  registerPasskey(callback: NodeCallback<Error, 'SUCCESS'>): void;
  listWebAuthnCredentials(callback: NodeCallback<Error, WebAuthnCredentialList>, maxResults?: number, nextToken?: string): void;
  deleteWebAuthnCredential(credentialId: string, callback: NodeCallback<Error, 'SUCCESS'>): void;
  sendMFASelectionAnswer(
    answerChallenge: string,
    callbacks: {
      onSuccess: (session: CognitoUserSession) => void;
      onFailure: (err: any) => void;
      mfaRequired?: (challengeName: ChallengeName, challengeParameters: any) => void;
      totpRequired?: (challengeName: ChallengeName, challengeParameters: any) => void;
    },
  ): void;

  revokeTokens(callback: (err?: Error) => void): void;
  revokeTokensAsync(): Promise<void>;
  cacheTokens(): void;
  clearCachedUser(): void;
  clearCachedTokens(): void;
  clearCachedUserData(): void;
  clearCachedDeviceKeyAndPassword(): void;
  getUserContextData(): { EncodedData: string } | undefined;

  // Promise twins: each resolves with what the callback form passes to its success
  // callback and rejects with what it passes to its failure callback.
  authenticateUserAsync(authenticationDetails: AuthenticationDetails): Promise<AuthenticationStep>;
  initiateAuthAsync(authenticationDetails: AuthenticationDetails): Promise<AuthenticationStep>;
  sendCustomChallengeAnswerAsync(answerChallenge: any, clientMetadata?: ClientMetadata): Promise<AuthenticationStep>;
  completeNewPasswordChallengeAsync(newPassword: string, requiredAttributeData: any, clientMetadata?: ClientMetadata): Promise<AuthenticationStep>;
  sendMFACodeAsync(confirmationCode: string, mfaType?: string, clientMetadata?: ClientMetadata): Promise<AuthenticationStep>;
  sendMFASelectionAnswerAsync(answerChallenge: string): Promise<AuthenticationStep>;
  getSessionAsync(options?: GetSessionOptions): Promise<CognitoUserSession>;
  refreshSessionAsync(refreshToken: CognitoRefreshToken, clientMetadata?: ClientMetadata): Promise<CognitoUserSession>;
  signOutAsync(): Promise<void>;
  globalSignOutAsync(): Promise<string>;
  associateSoftwareTokenAsync(): Promise<string>;
  verifySoftwareTokenAsync(totpCode: string, friendlyDeviceName: string): Promise<any>;
  confirmRegistrationAsync(code: string, forceAliasCreation?: boolean, clientMetadata?: ClientMetadata): Promise<'SUCCESS'>;
  resendConfirmationCodeAsync(clientMetadata?: ClientMetadata): Promise<any>;
  forgotPasswordAsync(clientMetadata?: ClientMetadata): Promise<any>;
  confirmPasswordAsync(verificationCode: string, newPassword: string, clientMetadata?: ClientMetadata): Promise<'SUCCESS'>;
  changePasswordAsync(oldPassword: string, newPassword: string, clientMetadata?: ClientMetadata): Promise<'SUCCESS'>;
  deleteUserAsync(clientMetadata?: ClientMetadata): Promise<'SUCCESS'>;
  getUserAttributesAsync(): Promise<CognitoUserAttribute[]>;
  updateAttributesAsync(
    attributes: (CognitoUserAttribute | ICognitoUserAttributeData)[],
    clientMetadata?: ClientMetadata,
  ): Promise<{ result: 'SUCCESS'; details: any }>;
  deleteAttributesAsync(attributeList: string[]): Promise<'SUCCESS'>;
  getAttributeVerificationCodeAsync(name: string, clientMetadata?: ClientMetadata): Promise<any>;
  verifyAttributeAsync(attributeName: string, confirmationCode: string): Promise<'SUCCESS'>;
  getUserDataAsync(params?: { bypassCache?: boolean; clientMetadata?: ClientMetadata }): Promise<UserData>;
  getMFAOptionsAsync(): Promise<MFAOption[] | undefined>;
  enableMFAAsync(): Promise<'SUCCESS'>;
  disableMFAAsync(): Promise<'SUCCESS'>;
  setUserMfaPreferenceAsync(
    smsMfaSettings: IMfaSettings | null,
    softwareTokenMfaSettings: IMfaSettings | null,
    emailMfaSettings?: IMfaSettings | null,
  ): Promise<'SUCCESS'>;
  sendChallengeSelectionAnswerAsync(answer: FirstFactorChallenge, password?: string): Promise<AuthenticationStep>;
  sendOTPCodeAsync(code: string, challengeName?: 'EMAIL_OTP' | 'SMS_OTP'): Promise<AuthenticationStep>;
  startWebAuthnRegistrationAsync(): Promise<any>;
  completeWebAuthnRegistrationAsync(credential: object | string): Promise<'SUCCESS'>;
  registerPasskeyAsync(): Promise<'SUCCESS'>;
  listWebAuthnCredentialsAsync(maxResults?: number, nextToken?: string): Promise<WebAuthnCredentialList>;
  deleteWebAuthnCredentialAsync(credentialId: string): Promise<'SUCCESS'>;
  getDeviceAsync(): Promise<any>;
  listDevicesAsync(limit: number, paginationToken?: string | null): Promise<any>;
  setDeviceStatusRememberedAsync(): Promise<'SUCCESS'>;
  setDeviceStatusNotRememberedAsync(): Promise<'SUCCESS'>;
  forgetDeviceAsync(): Promise<'SUCCESS'>;
  forgetSpecificDeviceAsync(deviceKey: string): Promise<'SUCCESS'>;
}

export interface ICognitoUserAttributeData {
  Name: string;
  Value: string;
}

export class CognitoUserAttribute implements ICognitoUserAttributeData {
  constructor(data: ICognitoUserAttributeData);
  Name: string;
  Value: string;
  getValue(): string;
  setValue(value: string): CognitoUserAttribute;
  getName(): string;
  setName(name: string): CognitoUserAttribute;
  toString(): string;
  toJSON(): Object;
}

export interface ISignUpResult {
  user: CognitoUser;
  userConfirmed: boolean;
  userSub: string;
  codeDeliveryDetails: CodeDeliveryDetails;
}

export interface ICognitoUserPoolData {
  UserPoolId: string;
  ClientId: string;
  endpoint?: string;
  Storage?: ICognitoStorage;
  AdvancedSecurityDataCollectionFlag?: boolean;
  /** Only `credentials` is passed on to fetch. */
  fetchOptions?: { credentials?: 'omit' | 'same-origin' | 'include' };
  /** New: the app client's secret; SECRET_HASH is then sent wherever Cognito needs it. */
  ClientSecret?: string;
  /** New: per-request time limit in ms (default 30000; 0 = none). A request that takes
   *  longer fails with code `TimeoutError`; refresh retries it (the limit applies per attempt). */
  requestTimeoutMs?: number;
  /** New: the app client rotates refresh tokens; refresh then uses GetTokensFromRefreshToken
   *  (the new refresh token is stored with the new tokens). */
  RefreshTokenRotation?: boolean;
}

/** The low-level client behind a pool (`pool.client`): sends any Cognito operation. */
export class CognitoClient {
  endpoint: string;
  fetchOptions: { credentials?: 'omit' | 'same-origin' | 'include' };
  request(operation: string, params: any, callback: (err: CognitoError | null, data?: any) => void): void;
  /** With the reference's jittered backoff (errors that retrying cannot fix fail at once). */
  requestWithRetry(operation: string, params: any, callback: (err: CognitoError | null, data?: any) => void): void;
  promisifyRequest(operation: string, params: any): Promise<any>;
  requestAsync(operation: string, params: any): Promise<any>;
}

/** New (optional addition): options of `CognitoIdentityCredentials`. */
export interface ICognitoIdentityCredentialsParams {
  /** `<region>:<uuid>`. */
  IdentityPoolId: string;
  /** Explicit logins (`{ 'cognito-idp.<region>.amazonaws.com/<poolId>': idToken }`); else from `session` or `pool`. */
  Logins?: { [provider: string]: string };
  /** A session whose ID token signs in (the Logins key comes from the token's `iss`). */
  session?: CognitoUserSession;
  /** A pool whose current user's session signs in (a guest when nobody is signed in); its sign-out clears the identity. */
  pool?: CognitoUserPool;
  region?: string;
  /** Overrides `https://cognito-identity.<region>.amazonaws.com/`. */
  endpoint?: string;
  /** Credentials this close to their expiry are refreshed (default 300). */
  refreshMarginSeconds?: number;
  requestTimeoutMs?: number;
  /** The basic flow (GetOpenIdToken, then STS AssumeRoleWithWebIdentity) with this role. */
  RoleArn?: string;
  RoleSessionName?: string;
  /** `false` ignores `RoleArn` (the enhanced flow). */
  useBasicFlow?: boolean;
  stsEndpoint?: string;
}

/** New (optional addition): what an AWS SDK v3 credential provider resolves. */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** New (optional addition): temporary AWS credentials from an identity pool (AWS SDK v2's names). */
export class CognitoIdentityCredentials {
  constructor(params: ICognitoIdentityCredentialsParams, storage?: ICognitoStorage);
  params: ICognitoIdentityCredentialsParams;
  identityId: string | null;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  expireTime: Date | null;
  expired: boolean;
  get(callback: (err: Error | null) => void): void;
  refresh(callback: (err: Error | null) => void): void;
  getPromise(): Promise<AwsCredentialIdentity>;
  /** An AWS SDK v3 credential provider: `new S3Client({ credentials: c.provider() })`. */
  provider(): () => Promise<AwsCredentialIdentity>;
  /** Forgets the identity id (in storage too), the logins and the credentials. */
  clearCachedId(): Promise<void>;
}

/** New (optional addition): an AWS SDK v3 credential provider for an identity pool. */
export const fromCognitoIdentityPool: (params: ICognitoIdentityCredentialsParams, storage?: ICognitoStorage) => () => Promise<AwsCredentialIdentity>;

/** The storage used where there is no localStorage (Node): one per pool. */
export class MemoryStorage implements ICognitoStorage {
  constructor();
  setItem(key: string, value: string): void;
  getItem(key: string): string | null;
  removeItem(key: string): void;
  clear(): void;
}

export class CognitoUserPool {
  constructor(data: ICognitoUserPoolData, wrapRefreshSessionCallback?: (target: NodeCallback.Any) => NodeCallback.Any);
  // Not in the reference's declarations: optional, so a pool typed with those still fits
  // (they are always present on a pool this package constructs).
  client?: CognitoClient;
  storage?: ICognitoStorage;
  readonly requestTimeoutMs?: number;
  getUserContextData?(username: string): { EncodedData: string } | undefined;
  getUserPoolId(): string;
  getUserPoolName(): string;
  getClientId(): string;
  signUp(
    username: string,
    password: string,
    userAttributes: CognitoUserAttribute[],
    validationData: CognitoUserAttribute[],
    callback: NodeCallback<Error, ISignUpResult>,
    clientMetadata?: ClientMetadata,
  ): void;
  signUpAsync?(
    username: string,
    password: string,
    userAttributes: CognitoUserAttribute[],
    validationData: CognitoUserAttribute[],
    clientMetadata?: ClientMetadata,
  ): Promise<ISignUpResult>;
  getCurrentUser(): CognitoUser | null;
}

export interface ICognitoUserSessionData {
  IdToken: CognitoIdToken;
  AccessToken: CognitoAccessToken;
  RefreshToken?: CognitoRefreshToken;
  ClockDrift?: number;
}

export class CognitoUserSession {
  constructor(data: ICognitoUserSessionData);
  getIdToken(): CognitoIdToken;
  getRefreshToken(): CognitoRefreshToken;
  getAccessToken(): CognitoAccessToken;
  isValid(): boolean;
  // Not in the reference's declarations: optional, so a session typed with those still fits.
  getClockDrift?(): number;
  calculateClockDrift?(): number;
}

export class CognitoAccessToken {
  payload: { [key: string]: any };
  constructor({ AccessToken }: { AccessToken: string });
  getJwtToken(): string;
  getExpiration(): number;
  getIssuedAt(): number;
  decodePayload(): { [id: string]: any };
}

export class CognitoIdToken {
  payload: { [key: string]: any };
  constructor({ IdToken }: { IdToken: string });
  getJwtToken(): string;
  getExpiration(): number;
  getIssuedAt(): number;
  decodePayload(): { [id: string]: any };
}

export class CognitoRefreshToken {
  constructor({ RefreshToken }: { RefreshToken: string });
  getToken(): string;
}

export interface ICookieStorageData {
  domain?: string;
  path?: string;
  expires?: number;
  secure?: boolean;
  sameSite?: 'strict' | 'lax' | 'none';
}

export class CookieStorage implements ICognitoStorage {
  constructor(data?: ICookieStorageData);
  setItem(key: string, value: string): void;
  getItem(key: string): string;
  removeItem(key: string): void;
  clear(): void;
}

/** Declared by the reference's typings; not a runtime export there either. */
export class UserAgent {
  constructor();
}

export const appendToCognitoUserAgent: (content: string) => void;
/** The `X-Amz-User-Agent` value requests carry now (the reference's internal `getAmplifyUserAgent()`). */
export const getCognitoUserAgent: () => string;

export class WordArray {
  /** `words`: 32-bit words (the reference declares `string[]`, which is accepted too). */
  constructor(words?: number[] | string[], sigBytes?: number);
  words: number[];
  sigBytes: number;
  random(nBytes: number): WordArray;
  static random(nBytes: number): WordArray;
  toString(): string;
}

/** SRP helper (runtime export of the reference, untyped there). Big integers are `BigInt`s. */
export class AuthenticationHelper {
  constructor(poolName: string);
  getLargeAValue(callback: (err: Error | null, largeA: bigint) => void): void;
  generateRandomSmallA(): bigint;
  calculateA(a: bigint, callback: (err: Error | null, largeA: bigint | null) => void): void;
  generateRandomString(): string;
  getRandomPassword(): string | undefined;
  getSaltDevices(): string | undefined;
  getVerifierDevices(): string | undefined;
  generateHashDevice(deviceGroupKey: string, username: string, callback: (err: Error | null, result: null) => void): void;
  calculateU(A: bigint, B: bigint): bigint;
  hash(data: string | Uint8Array | ArrayBuffer): string;
  hexHash(hex: string): string;
  computehkdf(ikm: Uint8Array, salt: Uint8Array): Uint8Array;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    serverBValue: bigint | string,
    salt: bigint | string,
    callback: (err: Error | null, key: Uint8Array) => void,
  ): void;
  calculateS(xValue: bigint, serverBValue: bigint, callback: (err: Error | null, S: bigint | null) => void): void;
  getNewPasswordRequiredChallengeUserAttributePrefix(): string;
  padHex(value: bigint | string): string;
}

/** The Cognito timestamp helper (runtime export of the reference, untyped there). */
export class DateHelper {
  constructor();
  getNowString(): string;
}

// ----- the hosted UI (amazon-cognito-auth-js 1.3.3's CognitoAuth, plus a Promise API) -----

export interface CognitoAuthOptions {
  ClientId: string;
  /** `<prefix>.auth.<region>.amazoncognito.com` (https), or a full URL (http only for loopback). */
  AppWebDomain: string;
  TokenScopesArray?: string[];
  RedirectUriSignIn: string;
  RedirectUriSignOut: string;
  IdentityProvider?: string;
  UserPoolId?: string;
  AdvancedSecurityDataCollectionFlag?: boolean;
  Storage?: ICognitoStorage;
  LaunchUri?: (url: string) => void;
}

export interface SignInWithRedirectOptions {
  provider?: string;
  idpIdentifier?: string;
  loginHint?: string;
  scopes?: string[];
  customState?: string;
  lang?: string;
  prompt?: 'login' | 'none' | 'select_account' | 'consent';
}

export class CognitoTokenScopes {
  constructor(TokenScopesArray?: string[]);
  getScopes(): string[];
  setTokenScopes(tokenScopes: string[]): void;
}

export class CognitoAuthSession extends CognitoUserSession {
  constructor(data?: { IdToken?: CognitoIdToken; AccessToken?: CognitoAccessToken; RefreshToken?: CognitoRefreshToken; TokenScopes?: CognitoTokenScopes; State?: string; ClockDrift?: number });
  setIdToken(IdToken: CognitoIdToken): void;
  setAccessToken(AccessToken: CognitoAccessToken): void;
  setRefreshToken(RefreshToken: CognitoRefreshToken): void;
  getTokenScopes(): CognitoTokenScopes;
  setTokenScopes(tokenScopes: CognitoTokenScopes): void;
  getState(): string | null;
  setState(State: string | null): void;
}

export class CognitoAuth {
  constructor(data: CognitoAuthOptions);
  userhandler: { onSuccess: (session: CognitoAuthSession) => void; onFailure: (err: any) => void };
  getCognitoConstants(): Record<string, string>;
  getClientId(): string;
  getAppWebDomain(): string;
  getCurrentUser(): string | undefined;
  setUser(Username: string): void;
  getUsername(): string | undefined;
  setUsername(Username: string): void;
  getState(): string | undefined;
  setState(State: string): void;
  useCodeGrantFlow(): void;
  useImplicitFlow(): void;
  getSignInUserSession(): CognitoAuthSession;
  getSpaceSeperatedScopeString(): string;
  getLastUser(): string | undefined;
  getCachedSession(): CognitoAuthSession;
  isUserSignedIn(): boolean;
  getSession(): void;
  getFQDNSignIn(options?: SignInWithRedirectOptions): string;
  getFQDNSignOut(): string;
  parseCognitoWebResponse(httpRequestResponse: string): void;
  refreshSession(refreshToken?: string): void;
  cacheTokensScopes(): void;
  clearCachedTokensScopes(): void;
  signOut(): void;
  getUserContextData(): string | undefined;
  launchUri(url: string): void;
  signInWithRedirect(options?: SignInWithRedirectOptions): Promise<void>;
  handleRedirect(url?: string): Promise<{ session: CognitoAuthSession; username: string; customState?: string }>;
  refresh(): Promise<CognitoAuthSession>;
  signOutRedirect(): Promise<void>;
}
