// The export list: the reference's (amazon-cognito-identity-js 6.x), plus this package's own:
// CognitoAuth (amazon-cognito-auth-js's hosted-UI class, with CognitoAuthSession and
// CognitoTokenScopes), CognitoClient (the class of `pool.client`), MemoryStorage, getCognitoUserAgent, `ready` and
// `prefetch` (js/src/core.js).
import './CognitoUser.flows.js';
import './CognitoUserPool.flows.js';

export { default as AuthenticationDetails } from './AuthenticationDetails.js';
export { default as AuthenticationHelper } from './AuthenticationHelper.js';
export { default as CognitoAccessToken } from './CognitoAccessToken.js';
export { default as CognitoIdToken } from './CognitoIdToken.js';
export { default as CognitoRefreshToken } from './CognitoRefreshToken.js';
export { default as CognitoUser } from './CognitoUser.js';
export { default as CognitoUserAttribute } from './CognitoUserAttribute.js';
export { default as CognitoUserPool } from './CognitoUserPool.js';
export { default as CognitoUserSession } from './CognitoUserSession.js';
export { default as CookieStorage } from './CookieStorage.js';
export { default as DateHelper } from './DateHelper.js';
export { default as WordArray } from './WordArray.js';
export { default as CognitoAuth, CognitoAuthSession, CognitoTokenScopes } from './CognitoAuth.js';
export { default as CognitoIdentityCredentials, fromCognitoIdentityPool } from './CognitoIdentityCredentials.js';
export { default as CognitoClient } from './Client.js';
export { MemoryStorage } from './StorageHelper.js';
export { appendToCognitoUserAgent, getCognitoUserAgent } from './UserAgent.js';
export { prefetch, ready } from './core.js';
