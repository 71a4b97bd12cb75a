// A user of a pool: the reference's fields (plain and writable) and its session methods. Each
// method hands the user's state (state.js) to the session module and writes back what changed;
// the sign-in, account, device and MFA methods are added to the prototype by CognitoUser.flows.js.
import { signedOut } from './identity-signout.js';
import CognitoRefreshToken from './CognitoRefreshToken.js';
import StorageHelper from './StorageHelper.js';
import { addMethods, later, laterMember, nodeTwin, objectTwin } from './callbacks.js';
import { session } from './core.js';
import { call, toError } from './errors.js';
import { env, readState, writeBack } from './state.js';

export default class CognitoUser {
  constructor(data) {
    if (data == null || data.Username == null || data.Pool == null) {
      throw toError({ name: 'Error', message: 'Username and Pool information are required.' });
    }
    this.username = data.Username || '';
    this.pool = data.Pool;
    this.Session = null;
    this.client = data.Pool.client;
    this.signInUserSession = null;
    this.authenticationFlowType = 'USER_SRP_AUTH';
    // The pool's storage unless another is given: one memory store per pool where there is no
    // localStorage (the reference would give each user a process-wide one).
    this.storage = data.Storage || data.Pool.storage || new StorageHelper().getStorage();
    const keys = session().userKeys(this.pool.getClientId(), this.username);
    this.keyPrefix = keys.keyPrefix;
    this.userDataKey = keys.userDataKey;
  }

  setSignInUserSession(signInUserSession) {
    this.clearCachedUserData();
    this.signInUserSession = signInUserSession;
    this.cacheTokens();
  }

  getSignInUserSession() {
    return this.signInUserSession;
  }

  getUsername() {
    return this.username;
  }

  getAuthenticationFlowType() {
    return this.authenticationFlowType;
  }

  setAuthenticationFlowType(authenticationFlowType) {
    this.authenticationFlowType = authenticationFlowType;
  }

  /** The session: at once (synchronously) when the one in memory or in storage is valid, and for
   *  every local error; after a refresh otherwise (synchronously too when the client answered
   *  the refresh synchronously). Storage is read each time, so a sign-out in
   *  another tab is seen. */
  getSession(callback, options = {}) {
    let found;
    try {
      found = session().localSession(readState(this), env(this));
    } catch (plain) {
      return callback(toError(plain), null);
    }
    writeBack(this, found.state);
    if (found.error) return callback(toError(found.error), null);
    if (found.valid) return callback(null, this.signInUserSession);
    this.refreshSession(new CognitoRefreshToken({ RefreshToken: found.refreshToken }), callback, (options || {}).clientMetadata);
    return undefined;
  }

  /** REFRESH_TOKEN_AUTH with `refreshToken` through `this.client.requestWithRetry` (concurrent
   *  refreshes of one token share one request); the callback is wrapped by the pool's
   *  `wrapRefreshSessionCallback` when it has one. Called back synchronously when the client
   *  answered synchronously, as the reference does. */
  refreshSession(refreshToken, callback, clientMetadata) {
    const wrapped = this.pool.wrapRefreshSessionCallback ? this.pool.wrapRefreshSessionCallback(callback) : callback;
    const token = refreshToken.getToken();
    let request;
    try {
      request = session().refreshStart(readState(this), env(this), token, clientMetadata);
    } catch (plain) {
      if (plain && plain.state) writeBack(this, plain.state);
      return wrapped(toError(plain), null);
    }
    writeBack(this, request.state);
    const finish = (err, data) => {
      try {
        writeBack(this, session().refreshFinish(readState(this), env(this), token, err || null, data));
      } catch (plain) {
        if (plain && plain.state) writeBack(this, plain.state);
        return later(wrapped, toError(plain), null);
      }
      return later(wrapped, null, this.signInUserSession);
    };
    shareRefresh(request.key, (answer) => this.client.requestWithRetry(request.operation, request.params, answer), finish);
    return undefined;
  }

  /** Runs one of the session module's caching operations (`userOp`, by the method's name) on
   *  this user and writes the state back. */
  runLocal(entry) {
    writeBack(this, call(() => session().userOp(entry, readState(this), env(this))));
  }

  cacheTokens() {
    this.runLocal('cacheTokens');
  }

  clearCachedUser() {
    this.runLocal('clearCachedUser');
  }

  clearCachedTokens() {
    this.runLocal('clearCachedTokens');
  }

  clearCachedUserData() {
    this.runLocal('clearCachedUserData');
  }

  cacheDeviceKeyAndPassword() {
    this.runLocal('cacheDeviceKeyAndPassword');
  }

  getCachedDeviceKeyAndPassword() {
    this.runLocal('getCachedDeviceKeyAndPassword');
  }

  clearCachedDeviceKeyAndPassword() {
    this.runLocal('clearCachedDeviceKeyAndPassword');
  }

  getUserContextData() {
    return this.pool.getUserContextData(this.username);
  }

  /** Without a callback: forgets the session and clears the cached user. With one: gets the
   *  session, revokes the refresh token, then clears, whatever the revocation gave. */
  signOut(revokeTokenCallback) {
    if (!revokeTokenCallback || typeof revokeTokenCallback !== 'function') {
      this.cleanClientData();
      return;
    }
    this.getSession((error) => {
      if (error) return revokeTokenCallback(error);
      this.revokeTokens((err) => {
        this.cleanClientData();
        revokeTokenCallback(err);
      });
      return undefined;
    });
  }

  cleanClientData() {
    this.signInUserSession = null;
    this.clearCachedUser();
    signedOut(this.pool);
  }

  /** RevokeToken (through `this.client.requestWithRetry`) of the refresh token when the access
   *  token is revocable (`origin_jti`); else calls back at once. */
  revokeTokens(revokeTokenCallback = () => {}) {
    if (typeof revokeTokenCallback !== 'function') {
      throw toError({ name: 'Error', message: 'Invalid revokeTokenCallback. It should be a function.' });
    }
    let request;
    try {
      request = session().revokeRequest(readState(this), env(this));
    } catch (plain) {
      return revokeTokenCallback(toError(plain));
    }
    if (!request) return revokeTokenCallback();
    this.client.requestWithRetry(request.operation, request.params, (err) => (err ? later(revokeTokenCallback, toError(err)) : later(revokeTokenCallback)));
    return undefined;
  }

  /** GlobalSignOut through `this.client.request` (needs a valid session, else fails at once),
   *  then clears the cached user. */
  globalSignOut(callback) {
    let request;
    try {
      request = session().globalSignOutRequest(readState(this), env(this));
    } catch (plain) {
      return callback.onFailure(toError(plain));
    }
    this.client.request(request.operation, request.params, (err) => {
      if (err) return laterMember(callback, 'onFailure', toError(err));
      try {
        this.clearCachedUser();
      } catch (error) {
        return laterMember(callback, 'onFailure', error);
      }
      return laterMember(callback, 'onSuccess', 'SUCCESS');
    });
    return undefined;
  }
}

// Refreshes in flight by key (user and refresh token): the callbacks waiting for each.
const refreshesInFlight = new Map();

/** Sends a refresh through `send(answer)` unless one with `key` is in flight; every waiter's
 *  `done(err, data)` gets the one answer. */
function shareRefresh(key, send, done) {
  const waiting = refreshesInFlight.get(key);
  if (waiting) {
    waiting.push(done);
    return;
  }
  const waiters = [done];
  refreshesInFlight.set(key, waiters);
  let answered = false;
  const answer = (err, data) => {
    if (answered) return;
    answered = true;
    refreshesInFlight.delete(key);
    for (const waiter of waiters) waiter(err, data);
  };
  try {
    send(answer);
  } catch (thrown) {
    answer(toError(thrown));
  }
}

// The Promise twins of the session methods (the flows methods' twins are in CognitoUser.flows.js).
addMethods(CognitoUser.prototype, {
  getSessionAsync: nodeTwin('getSession', 0),
  refreshSessionAsync: nodeTwin('refreshSession', 1),
  signOutAsync: nodeTwin('signOut', 0),
  revokeTokensAsync: nodeTwin('revokeTokens', 0),
  globalSignOutAsync: objectTwin('globalSignOut', 0),
});
