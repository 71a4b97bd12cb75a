// UserState and Env (js/FACE.md): what the face hands the wasm modules for one call on a
// CognitoUser, and how it writes the state that comes back onto the user's own fields.
import CognitoAccessToken from './CognitoAccessToken.js';
import CognitoIdToken from './CognitoIdToken.js';
import CognitoRefreshToken from './CognitoRefreshToken.js';
import CognitoUserSession from './CognitoUserSession.js';

// The pool options that are secrets or settings beyond the reference's fields, kept off the
// pool object (so they never show in a console.log of it).
const poolExtras = new WeakMap();

/** Remembers a pool's `ClientSecret` and `requestTimeoutMs`. */
export function setPoolExtras(pool, extras) {
  poolExtras.set(pool, extras);
}

/** A pool's `{ clientSecret, requestTimeoutMs }` (empty for a pool this package did not build). */
export function poolExtrasOf(pool) {
  return poolExtras.get(pool) || {};
}

/** The drift as a number for the boundary: the reference's arithmetic reads `null` as 0 and '5' as 5. */
function driftNumber(drift) {
  const n = Number(drift);
  return Number.isFinite(n) ? n : null;
}

/** The session's tokens as plain strings (`null` without a session). */
export function sessionTokens(session) {
  if (session == null) return null;
  const refresh = session.getRefreshToken && session.getRefreshToken();
  return {
    idToken: session.getIdToken().getJwtToken(),
    accessToken: session.getAccessToken().getJwtToken(),
    refreshToken: (refresh && refresh.getToken()) || '',
    clockDrift: driftNumber(session.getClockDrift ? session.getClockDrift() : session.clockDrift),
  };
}

/** The `EncodedData` of the advanced-security script for the user, if the page has it: through
 *  `user.getUserContextData()`, as the reference asks for it before each request (so a stub on
 *  the user or its pool sees the call). */
function encodedData(user) {
  if (typeof user.getUserContextData !== 'function' || !user.pool || typeof user.pool.getUserContextData !== 'function') return undefined;
  const data = user.getUserContextData();
  return data && data.EncodedData ? String(data.EncodedData) : undefined;
}

const orNull = (v) => (v === undefined ? null : v);

// The sessions the SDK itself stored (or read from storage). Any other session object on a user
// was set by the page (`user.signInUserSession = s`): it crosses as `unsaved`, and getSession
// serves it while valid without checking storage, as the reference does.
const savedSessions = new WeakSet();

/** A CognitoUser's UserState. */
export function readState(user) {
  const pool = user.pool;
  const state = {
    username: user.username == null ? null : String(user.username),
    pool: {
      userPoolId: pool.getUserPoolId(),
      clientId: pool.getClientId(),
      advancedSecurityDataCollectionFlag: pool.advancedSecurityDataCollectionFlag !== false,
    },
    authenticationFlowType: user.authenticationFlowType == null ? '' : String(user.authenticationFlowType),
    // Cognito's Session is a string; any other value a page put there is not sent.
    Session: typeof user.Session === 'string' ? user.Session : null,
    deviceKey: orNull(user.deviceKey),
    deviceGroupKey: orNull(user.deviceGroupKey),
    randomPassword: orNull(user.randomPassword),
    keyPrefix: user.keyPrefix,
    userDataKey: user.userDataKey,
    signInUserSession: sessionTokens(user.signInUserSession),
  };
  if (state.signInUserSession) state.signInUserSession.unsaved = !savedSessions.has(user.signInUserSession);
  if (user.challengeName != null) state.challengeName = user.challengeName;
  const { clientSecret, refreshTokenRotation } = poolExtrasOf(pool);
  if (clientSecret) state.pool.clientSecret = clientSecret;
  if (refreshTokenRotation) state.pool.refreshTokenRotation = true;
  const context = encodedData(user);
  if (context !== undefined) state.userContextData = context;
  return state;
}

/** A new CognitoUserSession of plain token strings. */
export function makeSession(tokens) {
  return new CognitoUserSession({
    IdToken: new CognitoIdToken({ IdToken: tokens.idToken }),
    AccessToken: new CognitoAccessToken({ AccessToken: tokens.accessToken }),
    RefreshToken: new CognitoRefreshToken({ RefreshToken: tokens.refreshToken }),
    ClockDrift: tokens.clockDrift == null ? undefined : tokens.clockDrift,
  });
}

function sameTokens(session, tokens) {
  const now = sessionTokens(session);
  return now.idToken === tokens.idToken && now.accessToken === tokens.accessToken && now.refreshToken === tokens.refreshToken;
}

function assign(user, field, value) {
  if ((user[field] ?? null) !== (value ?? null)) user[field] = value;
}

/** Writes a state that came back onto the user: only fields that changed are assigned, and a new
 *  CognitoUserSession is made only when the tokens changed (so identities hold). */
export function writeBack(user, state) {
  if (!state) return;
  assign(user, 'username', state.username);
  assign(user, 'authenticationFlowType', state.authenticationFlowType);
  assign(user, 'Session', state.Session);
  assign(user, 'challengeName', state.challengeName);
  assign(user, 'deviceKey', state.deviceKey);
  assign(user, 'deviceGroupKey', state.deviceGroupKey);
  assign(user, 'randomPassword', state.randomPassword);
  assign(user, 'keyPrefix', state.keyPrefix);
  assign(user, 'userDataKey', state.userDataKey);
  const tokens = state.signInUserSession;
  if (tokens == null) {
    if (user.signInUserSession != null) user.signInUserSession = null;
  } else {
    if (user.signInUserSession == null || !sameTokens(user.signInUserSession, tokens)) {
      user.signInUserSession = makeSession(tokens);
    }
    if (tokens.unsaved) savedSessions.delete(user.signInUserSession);
    else savedSessions.add(user.signInUserSession);
  }
}

/** The Env of one call on `user`: its client's request methods, called with the wasm module's
 *  own callback (no Promise in between, so a client that answers synchronously answers the flow
 *  synchronously), and its storage. */
export function env(user) {
  const client = user.client;
  return {
    request: (operation, params, callback) => client.request(operation, params, callback),
    requestWithRetry: (operation, params, callback) => client.requestWithRetry(operation, params, callback),
    storage: user.storage,
  };
}
