// Code written for amazon-cognito-identity-js must run unchanged on cognito-wasm. Every case
// here runs twice: against the reference (proving the pattern is the reference's behaviour)
// and against ours (the package as `require('cognito-wasm')` gives it). No network: the
// SDKs' `request(operation, params, callback)` seam is answered by a fake Cognito
// (tests/support/fake-cognito.mjs) that checks what it receives, SRP signature included.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Cognito as ours } from './sdk-support.mjs';
import { FakeCognito, authenticationResult, mapStorage, mintJwt } from '../support/fake-cognito.mjs';

const reference = createRequire(import.meta.url)('amazon-cognito-identity-js');
const LIBRARIES = { reference, ours };

const USER_POOL_ID = 'us-east-1_FaceTests';
const PASSWORD = 'Correct-Horse-9';
// Nothing listens there: a request that escapes the stub fails at once instead of reaching AWS.
const UNREACHABLE = 'http://127.0.0.1:9/';
/** How long a case waits for a callback before it fails. */
const CALLBACK_MS = 5_000;
/** What a failure caused by re-entering the SDK looks like (wasm-bindgen's borrow checks, ours). */
const REENTRANCY = /recursive use|unsafe aliasing|already (mutably )?borrowed|re-?entran/i;

let clients = 0;
/** A client id of its own for each case (the reference's Node memory storage is process-wide). */
const nextClientId = () => `facetests${++clients}`;

/** Registers `name` once per library; `fn(lib)` runs the same assertions on each. */
function both(name, fn) {
  for (const [which, lib] of Object.entries(LIBRARIES)) {
    test(`${name} [${which}]`, { timeout: 20_000 }, () => fn(lib));
  }
}

/** A pool over its own Map storage, with a fake Cognito for its one user. */
function setUp(lib, fakeOptions = {}) {
  const clientId = nextClientId();
  const storage = mapStorage();
  const pool = new lib.CognitoUserPool({ UserPoolId: USER_POOL_ID, ClientId: clientId, Storage: storage, endpoint: UNREACHABLE });
  const fake = new FakeCognito({ userPoolId: USER_POOL_ID, clientId, username: 'alice', password: PASSWORD, ...fakeOptions });
  const prefix = `CognitoIdentityServiceProvider.${clientId}`;
  return { clientId, storage, pool, fake, prefix, user: (name = fake.username) => new lib.CognitoUser({ Username: name, Pool: pool, Storage: storage }) };
}

/** Valid tokens for `username` in `storage`, as a previous sign-in leaves them. */
function storeTokens(storage, clientId, username, { clockDrift = '0' } = {}) {
  const tokens = authenticationResult(username);
  const prefix = `CognitoIdentityServiceProvider.${clientId}`;
  storage.setItem(`${prefix}.LastAuthUser`, username);
  storage.setItem(`${prefix}.${username}.idToken`, tokens.IdToken);
  storage.setItem(`${prefix}.${username}.accessToken`, tokens.AccessToken);
  storage.setItem(`${prefix}.${username}.refreshToken`, tokens.RefreshToken);
  storage.setItem(`${prefix}.${username}.clockDrift`, clockDrift);
  return tokens;
}

/** A valid session built with the library's own classes. */
function makeSession(lib, username = 'alice') {
  const t = authenticationResult(username);
  return new lib.CognitoUserSession({
    IdToken: new lib.CognitoIdToken({ IdToken: t.IdToken }),
    AccessToken: new lib.CognitoAccessToken({ AccessToken: t.AccessToken }),
    RefreshToken: new lib.CognitoRefreshToken({ RefreshToken: t.RefreshToken }),
  });
}

/** The prototype every `pool.client` of the library shares (the reference's `Client.prototype`). */
function clientPrototype(lib) {
  const { client } = new lib.CognitoUserPool({ UserPoolId: USER_POOL_ID, ClientId: 'probe' });
  assert.ok(client && typeof client === 'object', 'pool.client is an object');
  const proto = Object.getPrototypeOf(client);
  assert.equal(typeof proto.request, 'function', 'Client.prototype.request is a function');
  return proto;
}

/** Runs `fn` with `Client.prototype.request` answering through `fake`, then puts the original back. */
async function withPrototypeStub(lib, fake, fn) {
  const proto = clientPrototype(lib);
  const original = Object.getOwnPropertyDescriptor(proto, 'request');
  proto.request = fake.requestFunction();
  try {
    return await fn();
  } finally {
    Object.defineProperty(proto, 'request', original);
  }
}

const CALLBACK_NAMES = ['onSuccess', 'onFailure', 'mfaRequired', 'totpRequired', 'newPasswordRequired', 'customChallenge', 'selectMFAType', 'mfaSetup', 'inputVerificationCode', 'associateSecretCode'];

/**
 * Calls `start(callbacks)` with an object of every auth callback; resolves with the first
 * one called: `{ name, args }`. Fails after CALLBACK_MS.
 */
function outcome(start) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no callback was called')), CALLBACK_MS);
    const callbacks = Object.fromEntries(CALLBACK_NAMES.map((name) => [name, (...args) => { clearTimeout(timer); resolve({ name, args }); }]));
    start(callbacks);
  });
}

/** Calls `start(cb)` with a node callback; resolves with its result or rejects with its error. */
function nodeCallback(start) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the callback was not called')), CALLBACK_MS);
    start((error, result) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(result);
    });
  });
}

const details = (lib, Username = 'alice', Password = PASSWORD) => new lib.AuthenticationDetails({ Username, Password });

// ---------------------------------------------------------------- synchronous getSession

both('getSession calls back synchronously with valid tokens in storage', (lib) => {
  const { storage, clientId, pool } = setUp(lib);
  const tokens = storeTokens(storage, clientId, 'alice');
  const user = pool.getCurrentUser();
  let s;
  let calls = 0;
  user.getSession((error, session) => {
    calls += 1;
    assert.equal(error, null);
    s = session;
  });
  assert.ok(s, 'the callback ran before getSession returned');
  assert.equal(calls, 1);
  assert.equal(s.isValid(), true);
  assert.equal(s.getIdToken().getJwtToken(), tokens.IdToken);
  let again;
  user.getSession((error, session) => { again = session; });
  assert.equal(again, s, 'a second read returns the same session object, synchronously');
});

// ---------------------------------------------------------------- writable fields (strict mode)

both('user.authenticationFlowType = ...: sticks, and sign-in uses that flow', async (lib) => {
  const { fake, user: makeUser } = setUp(lib);
  const user = makeUser();
  user.authenticationFlowType = 'USER_PASSWORD_AUTH';
  assert.equal(user.authenticationFlowType, 'USER_PASSWORD_AUTH');
  assert.equal(user.getAuthenticationFlowType(), 'USER_PASSWORD_AUTH');
  user.client = { request: fake.requestFunction(), requestWithRetry: fake.requestFunction() };
  const result = await outcome((cbs) => user.authenticateUser(details(lib), cbs));
  assert.equal(result.name, 'onSuccess');
  assert.deepEqual(fake.operations(), ['InitiateAuth:USER_PASSWORD_AUTH']);
  assert.equal(fake.requests[0].params.AuthParameters.PASSWORD, PASSWORD);
});

both('user.signInUserSession = ...: sticks, and getSession returns it', (lib) => {
  const { user: makeUser } = setUp(lib);
  const user = makeUser();
  const session = makeSession(lib);
  user.signInUserSession = session;
  assert.equal(user.signInUserSession, session);
  assert.equal(user.getSignInUserSession(), session);
  let got;
  user.getSession((error, s) => { got = s; });
  assert.equal(got, session);
});

both('user.storage = ...: sticks, and getSession reads the new storage', (lib) => {
  const { clientId, user: makeUser } = setUp(lib);
  const user = makeUser();
  const other = mapStorage();
  const tokens = storeTokens(other, clientId, 'alice');
  user.storage = other;
  assert.equal(user.storage, other);
  let got;
  user.getSession((error, s) => { got = s; });
  assert.ok(got, 'getSession called back synchronously from the assigned storage');
  assert.equal(got.getAccessToken().getJwtToken(), tokens.AccessToken);
});

both('user.client = ...: sticks, and requests go through it', async (lib) => {
  const { fake, user: makeUser } = setUp(lib);
  const user = makeUser();
  const client = { request: fake.requestFunction(), requestWithRetry: fake.requestFunction() };
  user.client = client;
  assert.equal(user.client, client);
  user.signInUserSession = makeSession(lib);
  const attributes = await nodeCallback((cb) => user.getUserAttributes(cb));
  assert.deepEqual(fake.operations(), ['GetUser']);
  assert.equal(fake.requests[0].params.AccessToken, user.signInUserSession.getAccessToken().getJwtToken());
  assert.equal(attributes.find((a) => a.getName() === 'sub').getValue(), 'sub-alice');
});

both('user.pool = ...: sticks, and getSession uses the new pool\'s client id', (lib) => {
  const { storage, user: makeUser } = setUp(lib);
  const user = makeUser();
  const otherClientId = nextClientId();
  const otherPool = new lib.CognitoUserPool({ UserPoolId: USER_POOL_ID, ClientId: otherClientId, Storage: storage, endpoint: UNREACHABLE });
  const tokens = storeTokens(storage, otherClientId, 'alice');
  user.pool = otherPool;
  assert.equal(user.pool, otherPool);
  let got;
  user.getSession((error, s) => { got = s; });
  assert.ok(got, 'getSession found the tokens under the assigned pool\'s keys');
  assert.equal(got.getIdToken().getJwtToken(), tokens.IdToken);
});

both('user.keyPrefix = ...: sticks, and sign-in derives userDataKey from it', async (lib) => {
  const { fake, user: makeUser } = setUp(lib, { userIdForSrp: 'uuid-alice' });
  const user = makeUser();
  user.keyPrefix = 'MyPrefix';
  assert.equal(user.keyPrefix, 'MyPrefix');
  user.client = { request: fake.requestFunction(), requestWithRetry: fake.requestFunction() };
  const result = await outcome((cbs) => user.authenticateUser(details(lib), cbs));
  assert.equal(result.name, 'onSuccess');
  assert.equal(user.userDataKey, 'MyPrefix.uuid-alice.userData');
});

both('user.deviceKey = ...: sticks, and getDevice asks for that device', async (lib) => {
  const { fake, user: makeUser } = setUp(lib);
  const user = makeUser();
  user.deviceKey = 'us-east-1_device-1';
  assert.equal(user.deviceKey, 'us-east-1_device-1');
  user.client = { request: fake.requestFunction(), requestWithRetry: fake.requestFunction() };
  user.signInUserSession = makeSession(lib);
  const result = await outcome((cbs) => user.getDevice(cbs));
  assert.equal(result.name, 'onSuccess');
  assert.deepEqual(fake.operations(), ['GetDevice']);
  assert.equal(fake.requests[0].params.DeviceKey, 'us-east-1_device-1');
});

both('user.challengeName = ...: sticks', (lib) => {
  const user = setUp(lib).user();
  user.challengeName = 'SMS_MFA';
  assert.equal(user.challengeName, 'SMS_MFA');
});

both('user.Session = ...: sticks, and sendMFACode sends it', async (lib) => {
  const { fake, user: makeUser } = setUp(lib);
  const user = makeUser();
  user.Session = 'SMS_MFA-session';
  assert.equal(user.Session, 'SMS_MFA-session');
  user.client = { request: fake.requestFunction(), requestWithRetry: fake.requestFunction() };
  const result = await outcome((cbs) => user.sendMFACode('123456', cbs));
  assert.equal(result.name, 'onSuccess');
  assert.deepEqual(fake.operations(), ['RespondToAuthChallenge:SMS_MFA']);
  assert.equal(fake.requests[0].params.Session, 'SMS_MFA-session');
  assert.equal(fake.requests[0].params.ChallengeResponses.USERNAME, 'alice');
  assert.deepEqual(fake.problems, []);
});

both('user.username = ...: sticks, and getSession reads that user\'s tokens', (lib) => {
  const { storage, clientId, user: makeUser } = setUp(lib);
  const user = makeUser();
  const tokens = storeTokens(storage, clientId, 'bob');
  user.username = 'bob';
  assert.equal(user.username, 'bob');
  assert.equal(user.getUsername(), 'bob');
  let got;
  user.getSession((error, s) => { got = s; });
  assert.ok(got, 'getSession found bob\'s tokens');
  assert.equal(got.getIdToken().getJwtToken(), tokens.IdToken);
});

both('pool.client = ...: sticks, new users and signUp use it', async (lib) => {
  const { fake, pool } = setUp(lib);
  const client = { request: fake.requestFunction(), requestWithRetry: fake.requestFunction() };
  pool.client = client;
  assert.equal(pool.client, client);
  assert.equal(new lib.CognitoUser({ Username: 'x', Pool: pool }).client, client);
  const result = await nodeCallback((cb) => pool.signUp('newbie', PASSWORD, [], [], cb));
  assert.equal(result.userSub, 'sub-new');
  assert.deepEqual(fake.operations(), ['SignUp']);
  assert.equal(fake.requests[0].params.Username, 'newbie');
});

both('pool.storage = ...: sticks, and getCurrentUser reads it', (lib) => {
  const { pool, clientId } = setUp(lib);
  const other = mapStorage();
  storeTokens(other, clientId, 'carol');
  pool.storage = other;
  assert.equal(pool.storage, other);
  const current = pool.getCurrentUser();
  assert.ok(current, 'getCurrentUser found LastAuthUser in the assigned storage');
  assert.equal(current.getUsername(), 'carol');
  assert.equal(current.storage, other);
});

// ---------------------------------------------------------------- a prototype stub answers a whole sign-in

both('Client.prototype.request stub: SRP sign-in, SOFTWARE_TOKEN_MFA, then a refresh', async (lib) => {
  const { fake, storage, prefix, user: makeUser } = setUp(lib, { afterPassword: 'SOFTWARE_TOKEN_MFA' });
  await withPrototypeStub(lib, fake, async () => {
    const user = makeUser();
    const first = await outcome((cbs) => user.authenticateUser(details(lib), cbs));
    assert.equal(first.name, 'totpRequired', `the fake accepted the password claim (problems: ${fake.problems})`);
    assert.equal(first.args[0], 'SOFTWARE_TOKEN_MFA');
    const verifier = fake.requests[1].params;
    assert.equal(verifier.Session, 'PASSWORD_VERIFIER-session');
    assert.match(verifier.ChallengeResponses.TIMESTAMP, /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d UTC \d{4}$/);
    assert.equal(user.Session, 'SOFTWARE_TOKEN_MFA-session');

    const second = await outcome((cbs) => user.sendMFACode('123456', cbs, 'SOFTWARE_TOKEN_MFA'));
    assert.equal(second.name, 'onSuccess');
    const session = second.args[0];
    assert.equal(session.isValid(), true);
    assert.equal(user.getSignInUserSession(), session);
    assert.equal(storage.getItem(`${prefix}.alice.refreshToken`), session.getRefreshToken().getToken());

    const refreshed = await nodeCallback((cb) => user.refreshSession(session.getRefreshToken(), cb));
    assert.notEqual(refreshed.getIdToken().getJwtToken(), session.getIdToken().getJwtToken());
    assert.equal(refreshed.getRefreshToken().getToken(), session.getRefreshToken().getToken(), 'the refresh token is kept');
    assert.equal(storage.getItem(`${prefix}.alice.idToken`), refreshed.getIdToken().getJwtToken());
    const refresh = fake.requests[3].params;
    assert.equal(refresh.AuthParameters.REFRESH_TOKEN, session.getRefreshToken().getToken());
  });
  assert.deepEqual(fake.operations(), [
    'InitiateAuth:USER_SRP_AUTH',
    'RespondToAuthChallenge:PASSWORD_VERIFIER',
    'RespondToAuthChallenge:SOFTWARE_TOKEN_MFA',
    'InitiateAuth:REFRESH_TOKEN_AUTH',
  ]);
  assert.deepEqual(fake.problems, []);
});

/** Runs `fn` with `CognitoUser.prototype[name]` replaced by `make(original)`, then puts the original back. */
async function withUserMethod(lib, name, make, fn) {
  const proto = lib.CognitoUser.prototype;
  const original = Object.getOwnPropertyDescriptor(proto, name);
  assert.equal(typeof original?.value, 'function', `CognitoUser.prototype.${name} is a method`);
  proto[name] = make(original.value);
  try {
    return await fn();
  } finally {
    Object.defineProperty(proto, name, original);
  }
}

both('CognitoUser.prototype.authenticateUserInternal stub: authenticateUser hands it the service\'s answer, and the stub decides the outcome', async (lib) => {
  const { fake, storage, prefix, user: makeUser } = setUp(lib);
  const seen = [];
  await withPrototypeStub(lib, fake, () =>
    withUserMethod(
      lib,
      'authenticateUserInternal',
      () =>
        function stub(data, helper, callback) {
          seen.push({ user: this, data, helper });
          callback.customChallenge({ from: 'the stub' });
        },
      async () => {
        const user = makeUser();
        const result = await outcome((cbs) => user.authenticateUser(details(lib), cbs));
        assert.deepEqual(result, { name: 'customChallenge', args: [{ from: 'the stub' }] });
        assert.equal(seen.length, 1);
        assert.equal(seen[0].user, user);
        assert.ok(seen[0].helper instanceof lib.AuthenticationHelper, 'the helper is an AuthenticationHelper');
        assert.equal(typeof seen[0].data.AuthenticationResult.IdToken, 'string', 'the answer to PASSWORD_VERIFIER, as the service sent it');
        // The stub neither made nor stored a session, so there is none.
        assert.equal(user.getSignInUserSession(), null);
        assert.equal(storage.getItem(`${prefix}.alice.idToken`), null);
      },
    ),
  );
  assert.deepEqual(fake.operations(), ['InitiateAuth:USER_SRP_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER']);
});

both('CognitoUser.prototype.getCognitoUserSession stub: the session authenticateUser ends with is the one it made', async (lib) => {
  const { fake, user: makeUser } = setUp(lib);
  const results = [];
  await withPrototypeStub(lib, fake, () =>
    withUserMethod(
      lib,
      'getCognitoUserSession',
      (original) =>
        function stub(authResult) {
          results.push(authResult);
          const session = original.call(this, authResult);
          session.madeByTheStub = true;
          return session;
        },
      async () => {
        const user = makeUser();
        user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
        const result = await outcome((cbs) => user.authenticateUser(details(lib), cbs));
        assert.equal(result.name, 'onSuccess');
        assert.equal(result.args[0].madeByTheStub, true);
        assert.equal(user.getSignInUserSession(), result.args[0]);
        assert.equal(results.length, 1);
        assert.equal(results[0].IdToken, result.args[0].getIdToken().getJwtToken());
      },
    ),
  );
  assert.deepEqual(fake.operations(), ['InitiateAuth:USER_PASSWORD_AUTH']);
});

both('authenticateUser goes through authenticateUserPlainUsernamePassword or authenticateUserDefaultAuth, by flow type', async (lib) => {
  const { user: makeUser } = setUp(lib);
  const calls = [];
  const record = (name) => () =>
    function stub(authDetails, callback) {
      calls.push({ name, user: this, authDetails });
      callback.onFailure(new Error(`stopped in ${name}`));
    };
  await withUserMethod(lib, 'authenticateUserPlainUsernamePassword', record('plain'), () =>
    withUserMethod(lib, 'authenticateUserDefaultAuth', record('default'), async () => {
      const user = makeUser();
      const authDetails = details(lib);
      for (const flow of ['USER_PASSWORD_AUTH', 'USER_SRP_AUTH', 'CUSTOM_AUTH']) {
        user.setAuthenticationFlowType(flow);
        const result = await outcome((cbs) => user.authenticateUser(authDetails, cbs));
        assert.equal(result.name, 'onFailure');
        assert.equal(result.args[0].message, `stopped in ${flow === 'USER_PASSWORD_AUTH' ? 'plain' : 'default'}`);
      }
      assert.deepEqual(calls.map((c) => c.name), ['plain', 'default', 'default']);
      assert.ok(calls.every((c) => c.user === user && c.authDetails === authDetails));
    }),
  );
});

both('Client.prototype.request stub: a wrong password fails the stub\'s signature check', async (lib) => {
  const { fake, user: makeUser } = setUp(lib);
  await withPrototypeStub(lib, fake, async () => {
    const result = await outcome((cbs) => makeUser().authenticateUser(details(lib, 'alice', 'Wrong-Horse-9'), cbs));
    assert.equal(result.name, 'onFailure');
    assert.equal(result.args[0].code, 'NotAuthorizedException');
  });
  assert.deepEqual(fake.operations(), ['InitiateAuth:USER_SRP_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER']);
  assert.deepEqual(fake.problems, []);
});

// ---------------------------------------------------------------- re-entrancy

/**
 * Calls every public method of the user, its pool and a session, each with a fresh
 * recording callback (a function that also carries every auth callback); returns the
 * records and a promise for all of them settling (or CALLBACK_MS passing).
 */
function callEverything(lib, { user, pool, session }) {
  const records = [];
  const pending = [];
  const run = (label, call) => {
    const record = { label, outcome: 'pending', error: null };
    records.push(record);
    let settle;
    pending.push(new Promise((resolve) => { settle = resolve; }));
    const finish = (outcomeName, error = null) => {
      if (record.outcome === 'pending') Object.assign(record, { outcome: outcomeName, error });
      settle();
    };
    const cb = (error) => finish(error ? 'error' : 'ok', error || null);
    for (const name of CALLBACK_NAMES) cb[name] = (...args) => finish(name, name === 'onFailure' ? args[0] : null);
    try {
      const returned = call(cb);
      if (returned && typeof returned.then === 'function') returned.then(() => finish('ok'), (e) => finish('error', e));
      else if (call.length === 0) finish('ok');
    } catch (error) {
      finish('threw', error);
    }
  };
  const sync = (label, fn) => run(label, () => { fn(); });
  const s = session || makeSession(lib);
  // The session, the pool, then the user (whose sign-out and deletion come last).
  sync('session.getIdToken', () => s.getIdToken());
  sync('session.getAccessToken', () => s.getAccessToken());
  sync('session.getRefreshToken', () => s.getRefreshToken());
  sync('session.getClockDrift', () => s.getClockDrift());
  sync('session.isValid', () => s.isValid());
  sync('pool.getUserPoolId', () => pool.getUserPoolId());
  sync('pool.getUserPoolName', () => pool.getUserPoolName());
  sync('pool.getClientId', () => pool.getClientId());
  sync('pool.getCurrentUser', () => pool.getCurrentUser());
  sync('pool.getUserContextData', () => pool.getUserContextData('alice'));
  run('pool.signUp', (cb) => pool.signUp('newbie', PASSWORD, [], [], cb));
  sync('user.getSignInUserSession', () => user.getSignInUserSession());
  sync('user.getUsername', () => user.getUsername());
  sync('user.getAuthenticationFlowType', () => user.getAuthenticationFlowType());
  sync('user.setAuthenticationFlowType', () => user.setAuthenticationFlowType(user.getAuthenticationFlowType()));
  sync('user.getCachedDeviceKeyAndPassword', () => user.getCachedDeviceKeyAndPassword());
  run('user.getSession', (cb) => user.getSession(cb));
  run('user.refreshSession', (cb) => user.refreshSession(s.getRefreshToken(), cb));
  run('user.authenticateUser', (cb) => user.authenticateUser(details(lib), cb));
  run('user.initiateAuth', (cb) => user.initiateAuth(details(lib), cb));
  run('user.confirmRegistration', (cb) => user.confirmRegistration('123456', true, cb));
  run('user.sendCustomChallengeAnswer', (cb) => user.sendCustomChallengeAnswer('blue', cb));
  run('user.resendConfirmationCode', (cb) => user.resendConfirmationCode(cb));
  run('user.changePassword', (cb) => user.changePassword(PASSWORD, 'New-Horse-10', cb));
  run('user.forgotPassword', (cb) => user.forgotPassword(cb));
  run('user.confirmPassword', (cb) => user.confirmPassword('123456', 'New-Horse-10', cb));
  run('user.setDeviceStatusRemembered', (cb) => user.setDeviceStatusRemembered(cb));
  run('user.setDeviceStatusNotRemembered', (cb) => user.setDeviceStatusNotRemembered(cb));
  run('user.getDevice', (cb) => user.getDevice(cb));
  run('user.forgetSpecificDevice', (cb) => user.forgetSpecificDevice('us-east-1_device-1', cb));
  run('user.forgetDevice', (cb) => user.forgetDevice(cb));
  run('user.sendMFACode', (cb) => user.sendMFACode('123456', cb, 'SMS_MFA'));
  run('user.listDevices', (cb) => user.listDevices(10, null, cb));
  run('user.completeNewPasswordChallenge', (cb) => user.completeNewPasswordChallenge('New-Horse-10', {}, cb));
  run('user.verifyAttribute', (cb) => user.verifyAttribute('email', '123456', cb));
  run('user.getUserAttributes', (cb) => user.getUserAttributes(cb));
  run('user.updateAttributes', (cb) => user.updateAttributes([new lib.CognitoUserAttribute({ Name: 'nickname', Value: 'al' })], cb));
  run('user.deleteAttributes', (cb) => user.deleteAttributes(['nickname'], cb));
  run('user.getAttributeVerificationCode', (cb) => user.getAttributeVerificationCode('email', cb));
  run('user.enableMFA', (cb) => user.enableMFA(cb));
  run('user.disableMFA', (cb) => user.disableMFA(cb));
  run('user.getMFAOptions', (cb) => user.getMFAOptions(cb));
  run('user.getUserData', (cb) => user.getUserData(cb));
  run('user.associateSoftwareToken', (cb) => user.associateSoftwareToken(cb));
  run('user.verifySoftwareToken', (cb) => user.verifySoftwareToken('123456', 'phone', cb));
  run('user.setUserMfaPreference', (cb) => user.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, cb));
  run('user.sendMFASelectionAnswer', (cb) => user.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', cb));
  run('user.setSignInUserSession', (cb) => { user.setSignInUserSession(s); cb(); });
  run('user.globalSignOut', (cb) => user.globalSignOut(cb));
  run('user.signOut', (cb) => user.signOut(cb));
  run('user.deleteUser', (cb) => user.deleteUser(cb));
  const settled = Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, CALLBACK_MS))]);
  return { records, settled };
}

/** The triggers: each starts a flow (on `env.lastUser`) that ends in the callback it is named after. */
const TRIGGERS = {
  onSuccess: { fake: {}, start: (lib, env, cbs) => env.user().authenticateUser(details(lib), cbs) },
  onFailure: { fake: {}, start: (lib, env, cbs) => env.user().authenticateUser(details(lib, 'alice', 'Wrong-Horse-9'), cbs) },
  mfaRequired: { fake: { afterPassword: 'SMS_MFA' }, start: (lib, env, cbs) => env.user().authenticateUser(details(lib), cbs) },
  totpRequired: { fake: { afterPassword: 'SOFTWARE_TOKEN_MFA' }, start: (lib, env, cbs) => env.user().authenticateUser(details(lib), cbs) },
  newPasswordRequired: { fake: { afterPassword: 'NEW_PASSWORD_REQUIRED' }, start: (lib, env, cbs) => env.user().authenticateUser(details(lib), cbs) },
  customChallenge: {
    fake: {},
    start: (lib, env, cbs) => {
      const user = env.user();
      user.setAuthenticationFlowType('CUSTOM_AUTH');
      user.initiateAuth(details(lib), cbs);
    },
  },
  'getSession callback': {
    fake: {},
    start: (lib, env, cbs) => {
      storeTokens(env.storage, env.clientId, 'alice');
      env.lastUser = env.pool.getCurrentUser();
      env.lastUser.getSession((error, session) => (error ? cbs.onFailure(error) : cbs['getSession callback'](session)));
    },
  },
  'node callback (getUserAttributes)': {
    fake: {},
    start: (lib, env, cbs) => {
      const user = env.user();
      user.setSignInUserSession(makeSession(lib));
      user.getUserAttributes((error) => (error ? cbs.onFailure(error) : cbs['node callback (getUserAttributes)']()));
    },
  },
};

for (const [callbackName, trigger] of Object.entries(TRIGGERS)) {
  both(`re-entrancy: every public method called from inside ${callbackName}`, async (lib) => {
    const env = setUp(lib, trigger.fake);
    await withPrototypeStub(lib, env.fake, async () => {
      const inner = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${callbackName} was not called (fake saw: ${env.fake.operations()})`)), CALLBACK_MS);
        const cbs = Object.fromEntries(CALLBACK_NAMES.map((name) => [name, (...args) => { clearTimeout(timer); reject(new Error(`${name} called instead of ${callbackName}: ${args[0]?.message ?? ''}`)); }]));
        cbs[callbackName] = (...args) => {
          clearTimeout(timer);
          // Inside the SDK's callback, before it returns: the user it belongs to, its pool and a session.
          const user = env.lastUser;
          const session = args.find((a) => a && typeof a.getIdToken === 'function');
          resolve(callEverything(lib, { user, pool: env.pool, session }));
        };
        const makeUser = env.user;
        env.user = (...a) => { env.lastUser = makeUser(...a); return env.lastUser; };
        trigger.start(lib, env, cbs);
      });
      await inner.settled;
      const reentrant = inner.records.filter((r) => r.error && REENTRANCY.test(String(r.error.message ?? r.error)));
      assert.deepEqual(reentrant.map((r) => `${r.label}: ${r.error.message}`), [], 'no call failed for re-entrancy');
      const threw = inner.records.filter((r) => r.outcome === 'threw');
      assert.deepEqual(threw.map((r) => `${r.label}: ${r.error?.message}`), [], 'no call threw synchronously');
      const silent = inner.records.filter((r) => r.outcome === 'pending');
      assert.deepEqual(silent.map((r) => r.label), [], 'every call called back');
    });
  });
}

test('the re-entrancy matrix calls every public method the reference declares', async () => {
  const declared = readFileSync(createRequire(import.meta.url).resolve('amazon-cognito-identity-js/index.d.ts'), 'utf8');
  const methods = (cls, prefix) => {
    const body = declared.slice(declared.indexOf(`export class ${cls} {`));
    return [...body.slice(0, body.indexOf('\n\t}')).matchAll(/^\t\tpublic (\w+)\(/gm)].map((m) => `${prefix}.${m[1]}`);
  };
  const wanted = [...methods('CognitoUser', 'user'), ...methods('CognitoUserPool', 'pool'), ...methods('CognitoUserSession', 'session')];
  assert.ok(wanted.length > 40, `read the reference's declarations (${wanted.length} methods)`);
  const env = setUp(reference);
  const called = await withPrototypeStub(reference, env.fake, async () => {
    const { records, settled } = callEverything(reference, { user: env.user(), pool: env.pool });
    await settled;
    return records.map((r) => r.label);
  });
  assert.deepEqual(wanted.filter((m) => !called.includes(m)), []);
});

// ---------------------------------------------------------------- identities

both('object identities: client, pool, session, tokens', (lib) => {
  const { storage, clientId, pool } = setUp(lib);
  storeTokens(storage, clientId, 'alice');
  assert.equal(pool.client, pool.client, 'pool.client === pool.client');
  const user = pool.getCurrentUser();
  assert.equal(user.pool, pool, 'user.pool === pool');
  assert.equal(user.client, pool.client, 'user.client === pool.client');
  let session;
  user.getSession((error, s) => { session = s; });
  assert.ok(session);
  assert.equal(user.getSignInUserSession(), user.signInUserSession);
  assert.equal(user.signInUserSession, session);
  assert.equal(session.getIdToken(), session.getIdToken());
  assert.equal(session.getAccessToken(), session.getAccessToken());
  assert.equal(session.getRefreshToken(), session.getRefreshToken());
});

// ---------------------------------------------------------------- alias sign-in and userDataKey

both('alias sign-in: userDataKey follows USER_ID_FOR_SRP; getCurrentUser().getUserData finds the cache', async (lib) => {
  const { fake, pool, prefix, user: makeUser } = setUp(lib, { username: 'alice@example.com', userIdForSrp: 'uuid-alice', attributes: [{ Name: 'email', Value: 'alice@example.com' }] });
  await withPrototypeStub(lib, fake, async () => {
    const user = makeUser('alice@example.com');
    const result = await outcome((cbs) => user.authenticateUser(details(lib, 'alice@example.com'), cbs));
    assert.equal(result.name, 'onSuccess', `signed in (problems: ${fake.problems})`);
    assert.equal(user.getUsername(), 'uuid-alice');
    assert.equal(user.userDataKey, `${prefix}.uuid-alice.userData`);
    const fetched = await nodeCallback((cb) => user.getUserData(cb));
    assert.equal(fetched.Username, 'uuid-alice');

    const current = pool.getCurrentUser();
    assert.equal(current.getUsername(), 'uuid-alice');
    let session;
    current.getSession((error, s) => { session = s; });
    assert.ok(session, 'the current user\'s session is read synchronously');
    let cached;
    current.getUserData((error, data) => { cached = data; }, { bypassCache: false });
    assert.ok(cached, 'getUserData called back synchronously from the cache');
    assert.deepEqual(cached, fetched);
  });
  assert.deepEqual(fake.operations(), ['InitiateAuth:USER_SRP_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER', 'GetUser']);
  assert.deepEqual(fake.problems, []);
});

// ---------------------------------------------------------------- ClockDrift as given

both('CognitoUserSession with ClockDrift null and \'5\': isValid as the reference', (lib) => {
  const now = Math.floor(Date.now() / 1000);
  const sessionWith = (exp, ClockDrift) => new lib.CognitoUserSession({
    IdToken: new lib.CognitoIdToken({ IdToken: mintJwt({ exp, iat: now - 60 }) }),
    AccessToken: new lib.CognitoAccessToken({ AccessToken: mintJwt({ exp, iat: now - 60 }) }),
    RefreshToken: new lib.CognitoRefreshToken({ RefreshToken: 'r' }),
    ClockDrift,
  });
  // null counts as no drift.
  const nullDrift = sessionWith(now + 30, null);
  assert.equal(nullDrift.getClockDrift(), null);
  assert.equal(nullDrift.isValid(), true);
  assert.equal(sessionWith(now - 3, null).isValid(), false);
  // '5' counts as 5 seconds: tokens that expired 3 s ago are still valid 5 s behind.
  const stringDrift = sessionWith(now - 3, '5');
  assert.equal(stringDrift.getClockDrift(), '5');
  assert.equal(stringDrift.isValid(), true);
  assert.equal(sessionWith(now - 30, '5').isValid(), false);
});
