// cognito-wasm's declarations against amazon-cognito-identity-js's, type by type: each of our
// classes (instances and constructors) is assignable where the reference's is expected (a
// library typed against the reference accepts our objects), and the reference's data types
// and session are assignable to ours. Compiled with `tsc --strict`.
//
// Not checked in that second direction: types that carry a CognitoUser (ISignUpResult, and
// through signUp's callback, CognitoUserPool and ICognitoUserData): our CognitoUser declares
// members the reference's does not (username, pool, the Promise twins...). A program that only
// changes its import never holds the reference's CognitoUser; reference-usage.ts covers a pool
// object literal typed as CognitoUserPool.
import * as Ref from 'amazon-cognito-identity-js';
import * as Ours from 'cognito-wasm';

declare function value<T>(): T;

// Instances: ours where the reference's is expected.
const instances: [
  Ref.AuthenticationDetails,
  Ref.CognitoUser,
  Ref.CognitoUserAttribute,
  Ref.CognitoUserPool,
  Ref.CognitoUserSession,
  Ref.CognitoAccessToken,
  Ref.CognitoIdToken,
  Ref.CognitoRefreshToken,
  Ref.CookieStorage,
  Ref.UserAgent,
  Ref.WordArray,
  Ref.ICognitoStorage,
] = [
  value<Ours.AuthenticationDetails>(),
  value<Ours.CognitoUser>(),
  value<Ours.CognitoUserAttribute>(),
  value<Ours.CognitoUserPool>(),
  value<Ours.CognitoUserSession>(),
  value<Ours.CognitoAccessToken>(),
  value<Ours.CognitoIdToken>(),
  value<Ours.CognitoRefreshToken>(),
  value<Ours.CookieStorage>(),
  value<Ours.UserAgent>(),
  value<Ours.WordArray>(),
  value<Ours.MemoryStorage>(),
];

// Constructors (parameters and statics): ours where the reference's class is expected.
const constructors: [
  typeof Ref.AuthenticationDetails,
  typeof Ref.CognitoUser,
  typeof Ref.CognitoUserAttribute,
  typeof Ref.CognitoUserPool,
  typeof Ref.CognitoUserSession,
  typeof Ref.CognitoAccessToken,
  typeof Ref.CognitoIdToken,
  typeof Ref.CognitoRefreshToken,
  typeof Ref.CookieStorage,
  typeof Ref.UserAgent,
  typeof Ref.WordArray,
  typeof Ref.appendToCognitoUserAgent,
] = [
  Ours.AuthenticationDetails,
  Ours.CognitoUser,
  Ours.CognitoUserAttribute,
  Ours.CognitoUserPool,
  Ours.CognitoUserSession,
  Ours.CognitoAccessToken,
  Ours.CognitoIdToken,
  Ours.CognitoRefreshToken,
  Ours.CookieStorage,
  Ours.UserAgent,
  Ours.WordArray,
  Ours.appendToCognitoUserAgent,
];

// The reference's data types where ours are expected.
const data: [
  Ours.IAuthenticationDetailsData,
  Ours.ICognitoUserPoolData,
  Ours.ICognitoUserSessionData,
  Ours.ICognitoUserAttributeData,
  Ours.ICookieStorageData,
  Ours.ICognitoStorage,
  Ours.IAuthenticationCallback,
  Ours.IMfaSettings,
  Ours.CodeDeliveryDetails,
  Ours.GetSessionOptions,
  Ours.MFAOption,
  Ours.UserData,
  Ours.ClientMetadata,
  Ours.ChallengeName,
  Ours.NodeCallback<Error, string>,
  Ours.NodeCallback.Any,
  Ours.UpdateAttributesNodeCallback<Error, string, unknown>,
] = [
  value<Ref.IAuthenticationDetailsData>(),
  value<Ref.ICognitoUserPoolData>(),
  value<Ref.ICognitoUserSessionData>(),
  value<Ref.ICognitoUserAttributeData>(),
  value<Ref.ICookieStorageData>(),
  value<Ref.ICognitoStorage>(),
  value<Ref.IAuthenticationCallback>(),
  value<Ref.IMfaSettings>(),
  value<Ref.CodeDeliveryDetails>(),
  value<Ref.GetSessionOptions>(),
  value<Ref.MFAOption>(),
  value<Ref.UserData>(),
  value<Ref.ClientMetadata>(),
  value<Ref.ChallengeName>(),
  value<Ref.NodeCallback<Error, string>>(),
  value<Ref.NodeCallback.Any>(),
  value<Ref.UpdateAttributesNodeCallback<Error, string, unknown>>(),
];

// The reference's session where ours is expected (setSignInUserSession): what we add to it
// must be optional.
const passedBack: Ours.CognitoUserSession = value<Ref.CognitoUserSession>();

console.log(instances, constructors, data, passedBack);
