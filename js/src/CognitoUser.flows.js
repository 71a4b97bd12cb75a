// The sign-in, challenge, account, attribute, MFA and device methods of `CognitoUser`, added to
// its prototype (so a stub on `CognitoUser.prototype.x` takes effect), each with its `...Async`
// twin. Every method is one row of FLOWS or ACCOUNT_FLOWS below: how its arguments become the
// module's plain `args`, which local check runs first, and how the outcome reaches the caller.
//
// Timing, as the reference: the local checks (missing password, invalid flow type, not
// signed in) report synchronously; everything that sends a request reports asynchronously,
// each callback once. The work itself is `run(op, state, args, env)` in the flows module
// (src/wasm/flows_api.rs: what a signed-out page runs) or, for the signed-in user's account,
// the extras module (src/wasm/extras_api.rs); neither holds state between calls: a method
// called from inside any callback starts from the user's fields as they are then.
import CognitoUser from './CognitoUser.js';
import CognitoUserAttribute from './CognitoUserAttribute.js';
import { localError, runFlow, deliverFailure, callMember, callNode } from './flows-support.js';
import { text, stringMap, bool, attributeList, nameList, mfaSettings, limit, detailsOf } from './flows-args.js';
import { addMethods } from './callbacks.js';
import { USER_AUTH_FLOWS, answerPasskeyChallenge } from './CognitoUser.userAuth.js';
import { createCredential } from './webauthn.js';
import { toAuthCallbacks, toStep, authTwin } from './auth-callbacks.js';
import { continueSignIn, takeAuthenticateUserRow } from './CognitoUser.internals.js';

/** Adds one method to the prototype, as the class's own are (writable, not enumerable). */
const defineMethod = (name, f) => addMethods(CognitoUser.prototype, { [name]: f });

const SUCCESS = 'SUCCESS';

const attributesOf = (list) => list.map((a) => new CognitoUserAttribute(a));

/** As the reference after updating or deleting attributes: `this.getUserData(.., {bypassCache: true})`, whatever it answers. */
function refreshUserData(user) {
  return new Promise((resolve) => {
    user.getUserData(() => resolve(), { bypassCache: true });
  });
}

// Each row: op (the flows module's name = the method's name), params (the callback form's
// parameter names, `callback` where the callback goes), args(...values) -> plain args,
// check (a local check, see flows-support.js), kind:
//   'auth'   IAuthenticationCallback; the twin resolves an AuthenticationStep
//   'node'   callback(err, ...results); the twin resolves results[0] (or `twin(results)`)
//   'object' {onSuccess, onFailure}; the twin resolves onSuccess's argument
// `deliver(user, callbacks, args)` where the reference routes results its own way, and
// `then(user)`: what the reference does after the request succeeded, before the callback.
// `continues`: the operation ends with the service's answer, which goes on to
// `this.authenticateUserInternal` (CognitoUser.internals.js); its twin goes through the
// callback form. `deviceSrp`: the outcome may be `getDeviceResponse()` (the remembered device
// proves itself next), which goes to `this.getDeviceResponse(callback)` as in the reference;
// its twin goes through the callback form too. `install(callbackForm, twin)`: where the
// methods go instead of the prototype. `module`: 'extras' when that module runs it.
// `before(user)`: what the reference calls on the user before the request (the core repeats it).
const FLOWS = [
  // ----- sign-in and challenges -----
  // For USER_AUTH (and an invalid flow type): the other flow types go through the reference's
  // internal methods (CognitoUser.internals.js), which take this row's methods for these two.
  {
    op: 'authenticateUser',
    params: ['details', 'callback'],
    kind: 'auth',
    check: 'authenticateUser',
    args: (details) => ({ details: detailsOf(details) }),
    afterSignIn: true,
    install: takeAuthenticateUserRow,
  },
  { op: 'initiateAuth', params: ['details', 'callback'], kind: 'auth', args: (details) => ({ details: detailsOf(details) }), afterSignIn: true },
  {
    op: 'sendCustomChallengeAnswer',
    params: ['answer', 'callback', 'clientMetadata'],
    kind: 'auth',
    args: (answer, clientMetadata) => ({ answer: text(answer), clientMetadata: stringMap(clientMetadata) }),
    before: (user) => user.getCachedDeviceKeyAndPassword(),
    continues: true,
  },
  {
    op: 'completeNewPasswordChallenge',
    params: ['newPassword', 'requiredAttributes', 'callback', 'clientMetadata'],
    kind: 'auth',
    check: 'completeNewPasswordChallenge',
    args: (newPassword, requiredAttributes, clientMetadata) => ({
      newPassword: text(newPassword),
      requiredAttributes: stringMap(requiredAttributes),
      clientMetadata: stringMap(clientMetadata),
    }),
    continues: true,
  },
  {
    op: 'sendMFACode',
    params: ['code', 'callback', 'mfaType', 'clientMetadata'],
    kind: 'auth',
    args: (code, mfaType, clientMetadata) => ({ code: text(code), mfaType: text(mfaType), clientMetadata: stringMap(clientMetadata) }),
    afterSignIn: true,
    deviceSrp: true,
  },
  { op: 'sendMFASelectionAnswer', params: ['answer', 'callback'], kind: 'auth', args: (answer) => ({ answer: text(answer) }) },
  {
    op: 'associateSoftwareToken',
    params: ['callback'],
    kind: 'auth',
    args: () => ({}),
    twin: (user, outcome) => outcome.args[0],
  },
  {
    op: 'verifySoftwareToken',
    params: ['code', 'friendlyDeviceName', 'callback'],
    kind: 'object',
    args: (code, friendlyDeviceName) => ({ code: text(code), friendlyDeviceName: text(friendlyDeviceName) }),
    afterSignIn: true,
  },

  // ----- registration and password reset -----
  {
    op: 'confirmRegistration',
    params: ['code', 'forceAliasCreation', 'callback', 'clientMetadata'],
    kind: 'node',
    args: (code, forceAliasCreation, clientMetadata) => ({
      code: text(code),
      forceAliasCreation: bool(forceAliasCreation),
      clientMetadata: stringMap(clientMetadata),
    }),
  },
  { op: 'resendConfirmationCode', params: ['callback', 'clientMetadata'], kind: 'node', args: (clientMetadata) => ({ clientMetadata: stringMap(clientMetadata) }) },
  {
    op: 'forgotPassword',
    params: ['callback', 'clientMetadata'],
    kind: 'object',
    args: (clientMetadata) => ({ clientMetadata: stringMap(clientMetadata) }),
    // inputVerificationCode(data) when the callback object has it, else onSuccess(data).
    deliver: (user, callbacks, [data]) =>
      callbacks && typeof callbacks.inputVerificationCode === 'function' ? callMember(callbacks, 'inputVerificationCode', [data]) : callMember(callbacks, 'onSuccess', [data]),
  },
  {
    op: 'confirmPassword',
    params: ['code', 'newPassword', 'callback', 'clientMetadata'],
    kind: 'object',
    args: (code, newPassword, clientMetadata) => ({ code: text(code), newPassword: text(newPassword), clientMetadata: stringMap(clientMetadata) }),
  },
];

// The signed-in user's account: run by the extras module (src/wasm/extras/account_ops.rs),
// which a signed-out page (sign-in, registration, password reset) does not load.
const ACCOUNT_FLOWS = [
  // ----- password and deletion -----
  {
    op: 'changePassword',
    params: ['oldPassword', 'newPassword', 'callback', 'clientMetadata'],
    kind: 'node',
    check: 'signedIn',
    args: (oldPassword, newPassword, clientMetadata) => ({ oldPassword: text(oldPassword), newPassword: text(newPassword), clientMetadata: stringMap(clientMetadata) }),
  },
  { op: 'deleteUser', params: ['callback', 'clientMetadata'], kind: 'node', check: 'signedIn', args: (clientMetadata) => ({ clientMetadata: stringMap(clientMetadata) }) },

  // ----- attributes and user data -----
  {
    op: 'getUserAttributes',
    params: ['callback'],
    kind: 'node',
    check: 'signedIn',
    args: () => ({}),
    results: ([list]) => [attributesOf(list)],
  },
  {
    op: 'updateAttributes',
    params: ['attributes', 'callback', 'clientMetadata'],
    kind: 'node',
    check: 'signedIn',
    args: (attributes, clientMetadata) => ({ attributes: attributeList(attributes), clientMetadata: stringMap(clientMetadata) }),
    then: refreshUserData,
    twin: (user, outcome) => ({ result: outcome.args[0], details: outcome.args[1] }),
  },
  { op: 'deleteAttributes', params: ['names', 'callback'], kind: 'node', check: 'signedIn', args: (names) => ({ names: nameList(names) }), then: refreshUserData },
  {
    op: 'getAttributeVerificationCode',
    params: ['name', 'callback', 'clientMetadata'],
    kind: 'object',
    check: 'signedIn',
    args: (name, clientMetadata) => ({ name: text(name), clientMetadata: stringMap(clientMetadata) }),
    // inputVerificationCode(data) when the callback object has it, else onSuccess('SUCCESS').
    deliver: (user, callbacks, [data]) =>
      callbacks && typeof callbacks.inputVerificationCode === 'function' ? callMember(callbacks, 'inputVerificationCode', [data]) : callMember(callbacks, 'onSuccess', [SUCCESS]),
  },
  {
    op: 'verifyAttribute',
    params: ['name', 'code', 'callback'],
    kind: 'object',
    check: 'signedIn',
    args: (name, code) => ({ name: text(name), code: text(code) }),
  },
  { op: 'getMFAOptions', params: ['callback'], kind: 'node', check: 'signedIn', args: () => ({}) },

  // ----- MFA settings -----
  { op: 'enableMFA', params: ['callback'], kind: 'node', check: 'signedIn', args: () => ({}) },
  { op: 'disableMFA', params: ['callback'], kind: 'node', check: 'signedIn', args: () => ({}) },
  {
    op: 'setUserMfaPreference',
    params: ['sms', 'totp', 'callback', 'email'],
    kind: 'node',
    check: 'signedIn',
    args: (sms, totp, email) => ({ sms: mfaSettings(sms), totp: mfaSettings(totp), email: mfaSettings(email) }),
  },

  // ----- devices -----
  { op: 'getDevice', params: ['callback'], kind: 'object', check: 'signedIn', args: () => ({}) },
  {
    op: 'listDevices',
    params: ['limit', 'paginationToken', 'callback'],
    kind: 'object',
    check: 'signedIn',
    args: (max, paginationToken) => ({ limit: limit(max), paginationToken: paginationToken ? text(paginationToken) : undefined }),
  },
  { op: 'setDeviceStatusRemembered', params: ['callback'], kind: 'object', check: 'signedIn', args: () => ({}) },
  { op: 'setDeviceStatusNotRemembered', params: ['callback'], kind: 'object', check: 'signedIn', args: () => ({}) },
  { op: 'forgetDevice', params: ['callback'], kind: 'object', check: 'signedIn', args: () => ({}) },
  { op: 'forgetSpecificDevice', params: ['deviceKey', 'callback'], kind: 'object', check: 'signedIn', args: (deviceKey) => ({ deviceKey: text(deviceKey) }) },
].map((row) => ({ ...row, module: 'extras' }));

/** After a sign-in step that ended signed in: the reference's cacheTokens() (and, when a new device was confirmed, cacheDeviceKeyAndPassword()), as prototype calls. */
function afterSignIn(user, deviceKeyBefore, outcome) {
  if (!outcome.withSession) return;
  user.cacheTokens();
  if (user.deviceKey && user.deviceKey !== deviceKeyBefore) user.cacheDeviceKeyAndPassword();
}

/** A result that could not be handed to the caller (a callback argument of the wrong shape). */
function reportUndelivered(error) {
  console.error('cognito-wasm: a result could not be delivered:', error);
}

function deliverSuccess(row, user, callback, outcome) {
  if (row.kind === 'auth') {
    if (row.continues) return continueSignIn(user, outcome, callback);
    if (row.deviceSrp && outcome.callback === 'getDeviceResponse') return user.getDeviceResponse(callback);
    return toAuthCallbacks(user, callback, outcome);
  }
  const results = row.results ? row.results(outcome.args) : outcome.args;
  if (row.deliver) return row.deliver(user, callback, results);
  if (row.kind === 'node') return callNode(callback, [null, ...results]);
  const args = outcome.withSession ? [user.signInUserSession, ...results] : results;
  return callMember(callback, outcome.callback || 'onSuccess', args);
}

function resolveTwin(row, user, outcome) {
  if (row.twin) return row.twin(user, outcome);
  if (row.kind === 'auth') return toStep(user, outcome);
  if (outcome.withSession) return user.signInUserSession;
  const results = row.results ? row.results(outcome.args) : outcome.args;
  return results[0];
}

/** Starts `row`'s flow for `user`; resolves the outcome, the state already written back. */
function start(row, user, values) {
  const deviceKeyBefore = user.deviceKey;
  if (row.before) row.before(user);
  return runFlow(user, row.op, row.args(...values), row.module)
    .then((outcome) => (row.kind === 'auth' ? answerPasskeyChallenge(user, outcome) : outcome))
    .then((outcome) => {
      if (outcome.error) return outcome;
      if (row.afterSignIn) afterSignIn(user, deviceKeyBefore, outcome);
      return row.then ? row.then(user).then(() => outcome) : outcome;
    });
}

function define(row) {
  const callbackAt = row.params.indexOf('callback');
  const callbackForm = function (...params) {
    const callback = params[callbackAt];
    const values = params.filter((_, i) => i !== callbackAt);
    const local = localError(this, row.check, values);
    if (local) return deliverFailure(row.kind, callback, local);
    start(row, this, values)
      .then(
        (outcome) => (outcome.error ? deliverFailure(row.kind, callback, outcome.error) : deliverSuccess(row, this, callback, outcome)),
        (error) => deliverFailure(row.kind, callback, error),
      )
      .catch(reportUndelivered);
    return undefined;
  };
  const twin = function (...values) {
    const local = localError(this, row.check, values);
    if (local) return Promise.reject(local);
    // `start` may answer synchronously (a `Now`); the twin still returns a Promise.
    return Promise.resolve(
      start(row, this, values).then((outcome) => {
        if (outcome.error) throw outcome.error;
        return resolveTwin(row, this, outcome);
      }),
    );
  };
  const twinForm = row.continues || row.deviceSrp ? authTwin(row.op, callbackAt) : twin;
  Object.defineProperty(callbackForm, 'name', { value: row.op });
  Object.defineProperty(twinForm, 'name', { value: `${row.op}Async` });
  if (row.install) row.install(callbackForm, twinForm);
  else addMethods(CognitoUser.prototype, { [row.op]: callbackForm, [`${row.op}Async`]: twinForm });
}

[...FLOWS, ...ACCOUNT_FLOWS, ...USER_AUTH_FLOWS].forEach(define);

/**
 * A new passkey for the signed-in user in one call: `startWebAuthnRegistration`, the
 * browser's `navigator.credentials.create`, `completeWebAuthnRegistration`.
 */
defineMethod('registerPasskeyAsync', function registerPasskeyAsync() {
  return this.startWebAuthnRegistrationAsync()
    .then((options) => createCredential(options))
    .then((credential) => this.completeWebAuthnRegistrationAsync(credential));
});

defineMethod('registerPasskey', function registerPasskey(callback) {
  this.registerPasskeyAsync()
    .then(
      (result) => callNode(callback, [null, result]),
      (error) => deliverFailure('node', callback, error),
    )
    .catch(reportUndelivered);
});

// ----- getUserData: answered from the cache synchronously, as the reference -----

/** The cached user data text (`storage[userDataKey]`), as the reference reads it. */
defineMethod('getUserDataFromCache', function getUserDataFromCache() {
  return this.storage.getItem(this.userDataKey);
});

/**
 * As the reference: refreshes with the in-memory refresh token through `this.refreshSession`
 * (so the pool's `wrapRefreshSessionCallback` sees it); resolves once that answered, whatever
 * it answered.
 */
defineMethod('refreshSessionIfPossible', function refreshSessionIfPossible(options = {}) {
  return new Promise((resolve) => {
    const refresh = this.signInUserSession && this.signInUserSession.getRefreshToken();
    if (refresh && refresh.getToken()) this.refreshSession(refresh, resolve, options && options.clientMetadata);
    else resolve();
  });
});

/**
 * Where `getUserData(params)` gets its answer: a local error, the cache (`{cached}`), or a
 * `GetUser` (`{fetch}`), followed by a refresh when `bypassCache` found data cached.
 */
function userDataSource(user, params) {
  const local = localError(user, 'signedIn', []);
  if (local) {
    user.clearCachedUserData();
    return { error: local };
  }
  const cached = user.getUserDataFromCache();
  if (!cached) return { fetch: false };
  if (params && params.bypassCache) return { fetch: true };
  try {
    return { cached: JSON.parse(cached) };
  } catch (error) {
    user.clearCachedUserData();
    return { error };
  }
}

/** `GetUser` (cached by the flow), then the refresh when asked; resolves the data. */
function fetchUserData(user, refresh, params) {
  return runFlow(user, 'fetchUserData', {}, 'extras').then((outcome) => {
    if (outcome.error) throw outcome.error;
    const [data] = outcome.args;
    return refresh ? user.refreshSessionIfPossible(params).then(() => data) : data;
  });
}

defineMethod('getUserData', function getUserData(callback, params) {
  const source = userDataSource(this, params);
  if (source.error) return deliverFailure('node', callback, source.error);
  if (source.fetch === undefined) return callNode(callback, [null, source.cached]);
  fetchUserData(this, source.fetch, params)
    .then(
      (data) => callNode(callback, [null, data]),
      (error) => deliverFailure('node', callback, error),
    )
    .catch(reportUndelivered);
  return undefined;
});

defineMethod('getUserDataAsync', function getUserDataAsync(params) {
  const source = userDataSource(this, params);
  if (source.error) return Promise.reject(source.error);
  if (source.fetch === undefined) return Promise.resolve(source.cached);
  return Promise.resolve(fetchUserData(this, source.fetch, params));
});
