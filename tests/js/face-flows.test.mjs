// The JS face's flows methods (js/src/CognitoUser.flows.js over the flows wasm module), through
// the Node build: their timing (local errors synchronously, requests asynchronously, each
// callback once), the `Client.prototype.request` seam (a stub answers a whole SRP sign-in with
// TOTP, its verifier checked with the reference's own AuthenticationHelper), re-entrant calls
// from inside callbacks, prototype stubs, and the account, MFA and device flows against the
// emulator (tests/support/emulator.mjs; the file fails when it cannot start).
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  Cognito,
  PASSWORD,
  call,
  createPool,
  createUser,
  latestCode,
  sleep,
  startEmulator,
  stopEmulator,
  withTimeout,
} from './sdk-support.mjs';
import { totp } from '../support/cognito-api.mjs';

const require = createRequire(import.meta.url);
const Reference = require('amazon-cognito-identity-js');
const ReferenceBigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;

const { AuthenticationDetails, CognitoUser, CognitoUserPool, CognitoUserAttribute, MemoryStorage } = Cognito;
const NOT_AUTHENTICATED = 'User is not authenticated';
const NEW_PASSWORD = 'N3w-Passw0rd!';
const AUTO_VERIFY = { AutoVerifiedAttributes: ['email'] };

before(startEmulator);
after(stopEmulator);

// ----- helpers -----

const details = (username, password) => new AuthenticationDetails({ Username: username, Password: password });

/** A user of `poolData`'s pool (its own MemoryStorage unless `storage` is given). */
function userOf(poolData, username, storage = new MemoryStorage(), wrap) {
  const pool = new CognitoUserPool({ ...poolData, Storage: storage }, wrap);
  return new CognitoUser({ Username: username, Pool: pool });
}

async function signedIn(poolData, username, password = PASSWORD, storage) {
  const user = userOf(poolData, username, storage);
  const step = await user.authenticateUserAsync(details(username, password));
  assert.equal(step.type, 'SUCCESS');
  return user;
}

/** A recorder of callback calls: `node` is a node callback; `object(names)` a callback object. */
function recorder() {
  const calls = [];
  let sync = true;
  Promise.resolve().then(() => {
    sync = false;
  });
  const record = (name) =>
    function (...args) {
      calls.push({ name, args, sync, self: this });
    };
  return {
    calls,
    node: record('callback'),
    object(names = []) {
      const o = { onSuccess: record('onSuccess'), onFailure: record('onFailure') };
      for (const n of names) o[n] = record(n);
      return o;
    },
    /** Resolves the first call once there is one, after checking no second call follows. */
    async single(ms = 15_000) {
      const started = Date.now();
      while (calls.length === 0 && Date.now() - started < ms) await sleep(10);
      assert.ok(calls.length > 0, 'no callback was called');
      await sleep(50);
      assert.equal(calls.length, 1, `one callback call, got ${calls.map((c) => c.name)}`);
      return calls[0];
    },
  };
}

const code = (e) => e && e.code;
const wrongCode = (c) => (c === '000000' ? '111111' : '000000');

/** A JWT the session module can decode (not signed: nothing here checks signatures). */
function jwt(payload) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', kid: 'test' })}.${part(payload)}.c2ln`;
}

function tokens(username, extra = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    IdToken: jwt({ sub: 's', 'cognito:username': username, iat: now, exp: now + 3600, ...extra }),
    AccessToken: jwt({ username, iat: now, exp: now + 3600, origin_jti: 'o', ...extra }),
    RefreshToken: 'refresh-token',
    ExpiresIn: 3600,
    TokenType: 'Bearer',
  };
}

// ----- an SRP server over the reference's AuthenticationHelper, for a stubbed client -----

function modPow(base, exponent, modulus) {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/**
 * The server side of Cognito's SRP for one user, its hashes and padding done by the reference's
 * AuthenticationHelper: `challenge(A)` gives the PASSWORD_VERIFIER parameters, `verify(...)`
 * checks the client's PASSWORD_CLAIM_SIGNATURE as Cognito does.
 */
function referenceSrpServer(poolName, userId, password) {
  const helper = new Reference.AuthenticationHelper(poolName);
  const toRef = (n) => new ReferenceBigInteger(n.toString(16), 16);
  const padHex = (n) => helper.padHex(toRef(n));
  const N = BigInt(`0x${helper.N.toString(16)}`);
  const g = 2n;
  const k = BigInt(`0x${helper.k.toString(16)}`);
  const salt = BigInt(`0x${randomBytes(16).toString('hex')}`);
  const x = BigInt(`0x${helper.hexHash(padHex(salt) + helper.hash(`${poolName}${userId}:${password}`))}`);
  const v = modPow(g, x, N);
  const b = BigInt(`0x${randomBytes(32).toString('hex')}`);
  const B = (k * v + modPow(g, b, N)) % N;
  const secretBlock = randomBytes(64).toString('base64');
  return {
    parameters: { USER_ID_FOR_SRP: userId, SRP_B: B.toString(16), SALT: salt.toString(16), SECRET_BLOCK: secretBlock },
    verify(srpA, timestamp, signature) {
      const A = BigInt(`0x${srpA}`);
      const u = BigInt(`0x${helper.hexHash(padHex(A) + padHex(B))}`);
      const S = modPow((A * modPow(v, u, N)) % N, b, N);
      const key = helper.computehkdf(Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'));
      const expected = createHmac('sha256', key)
        .update(Buffer.concat([Buffer.from(poolName), Buffer.from(userId), Buffer.from(secretBlock, 'base64'), Buffer.from(timestamp)]))
        .digest('base64');
      return expected === signature;
    },
  };
}

const STUB_POOL = { UserPoolId: 'us-east-1_StubPool', ClientId: 'stubclient', endpoint: 'http://127.0.0.1:9/' };

/** Replaces `Client.prototype.request` for the duration of `fn`; `answer(op, params)` returns or throws. */
async function withStubbedClient(answer, fn) {
  const proto = Object.getPrototypeOf(new CognitoUserPool(STUB_POOL).client);
  const original = proto.request;
  const seen = [];
  proto.request = function request(operation, params, callback) {
    seen.push({ operation, params, client: this });
    setTimeout(() => {
      let data;
      try {
        data = answer(operation, params);
      } catch (error) {
        callback(error, null);
        return;
      }
      callback(null, data);
    }, 1);
  };
  try {
    return await fn(seen);
  } finally {
    proto.request = original;
  }
}

/** Canned answers of a whole SRP sign-in with SOFTWARE_TOKEN_MFA (code 123456). */
function srpWithTotp(username, password) {
  const server = referenceSrpServer(STUB_POOL.UserPoolId.split('_')[1], username, password);
  let srpA;
  return (operation, params) => {
    if (operation === 'InitiateAuth') {
      assert.equal(params.AuthFlow, 'USER_SRP_AUTH');
      srpA = params.AuthParameters.SRP_A;
      return { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: server.parameters, Session: 'session-1' };
    }
    if (operation === 'RespondToAuthChallenge' && params.ChallengeName === 'PASSWORD_VERIFIER') {
      assert.equal(params.Session, 'session-1');
      const r = params.ChallengeResponses;
      if (!server.verify(srpA, r.TIMESTAMP, r.PASSWORD_CLAIM_SIGNATURE)) {
        throw Object.assign(new Error('Incorrect username or password.'), { code: 'NotAuthorizedException', name: 'NotAuthorizedException' });
      }
      return { ChallengeName: 'SOFTWARE_TOKEN_MFA', ChallengeParameters: {}, Session: 'session-2' };
    }
    if (operation === 'RespondToAuthChallenge' && params.ChallengeName === 'SOFTWARE_TOKEN_MFA') {
      assert.equal(params.Session, 'session-2');
      if (params.ChallengeResponses.SOFTWARE_TOKEN_MFA_CODE !== '123456') {
        throw Object.assign(new Error('Invalid code received for user'), { code: 'CodeMismatchException', name: 'CodeMismatchException' });
      }
      return { AuthenticationResult: tokens(username) };
    }
    throw Object.assign(new Error(`unexpected ${operation}`), { code: 'UnexpectedOperation' });
  };
}

// ----- the Client.prototype.request seam -----

test('a Client.prototype.request stub answers a whole SRP sign-in with TOTP (verifier checked by the reference helper)', async () => {
  await withStubbedClient(srpWithTotp('stubbed', 'Stub-Passw0rd!'), async (seen) => {
    const storage = new MemoryStorage();
    const user = userOf(STUB_POOL, 'stubbed', storage);
    const log = [];
    await withTimeout((resolve, reject) =>
      user.authenticateUser(details('stubbed', 'Stub-Passw0rd!'), {
        onSuccess: reject,
        onFailure: reject,
        totpRequired(challengeName, parameters) {
          log.push(challengeName);
          assert.deepEqual(parameters, {});
          assert.equal(user.Session, 'session-2');
          user.sendMFACode('123456', { onSuccess: resolve, onFailure: reject }, 'SOFTWARE_TOKEN_MFA');
        },
      }),
    );
    assert.deepEqual(log, ['SOFTWARE_TOKEN_MFA']);
    assert.deepEqual(
      seen.map((s) => s.params.ChallengeName || s.operation),
      ['InitiateAuth', 'PASSWORD_VERIFIER', 'SOFTWARE_TOKEN_MFA'],
    );
    assert.ok(seen.every((s) => s.client === user.client), 'requests go through the user\'s client');
    assert.equal(user.signInUserSession.isValid(), true);
    assert.equal(user.getSignInUserSession().getIdToken().payload['cognito:username'], 'stubbed');
    assert.equal(storage.getItem('CognitoIdentityServiceProvider.stubclient.LastAuthUser'), 'stubbed');

    // A wrong password: the stub's verifier check fails, onFailure gets its error as is.
    const e = await userOf(STUB_POOL, 'stubbed').authenticateUserAsync(details('stubbed', 'wrong')).then(assert.fail, (x) => x);
    assert.equal(e.code, 'NotAuthorizedException');
  });
});

/** Canned answers of an SRP sign-in without MFA and of a refresh. */
function srpAndRefresh(username, password) {
  const server = referenceSrpServer(STUB_POOL.UserPoolId.split('_')[1], username, password);
  let srpA;
  return (operation, params) => {
    if (operation === 'InitiateAuth' && params.AuthFlow === 'REFRESH_TOKEN_AUTH') {
      assert.equal(params.AuthParameters.REFRESH_TOKEN, 'refresh-token');
      const { RefreshToken, ...fresh } = tokens(username, { refreshed: true });
      return { AuthenticationResult: fresh };
    }
    if (operation === 'InitiateAuth') {
      srpA = params.AuthParameters.SRP_A;
      return { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: server.parameters, Session: 'session-1' };
    }
    if (operation === 'RespondToAuthChallenge' && params.ChallengeName === 'PASSWORD_VERIFIER') {
      const r = params.ChallengeResponses;
      if (!server.verify(srpA, r.TIMESTAMP, r.PASSWORD_CLAIM_SIGNATURE)) {
        throw Object.assign(new Error('Incorrect username or password.'), { code: 'NotAuthorizedException', name: 'NotAuthorizedException' });
      }
      return { AuthenticationResult: tokens(username) };
    }
    throw Object.assign(new Error(`unexpected ${operation}`), { code: 'UnexpectedOperation' });
  };
}

/**
 * Sets `proto.request` and `proto.requestWithRetry` to answer with `answer(op, params)`, at once
 * (`sync`) or from a timer; returns the undo. Both, because the reference refreshes through
 * `requestWithRetry` (whose own retry always answers later) and cognito-wasm through `request`
 * (retried in Rust), so only a stub of each seam gives each its synchronous refresh.
 */
function stubRequest(proto, answer, sync) {
  const original = { request: proto.request, requestWithRetry: proto.requestWithRetry };
  proto.request = function request(operation, params, callback) {
    const reply = () => {
      let data;
      try {
        data = answer(operation, params);
      } catch (error) {
        callback(error, null);
        return;
      }
      callback(null, data);
    };
    if (sync) reply();
    else setTimeout(reply, 1);
  };
  proto.requestWithRetry = proto.request;
  return () => {
    Object.assign(proto, original);
  };
}

/**
 * Signs in with SRP, then refreshes, through a `Client.prototype.request` stub answering `sync`;
 * returns, for each, whether its callback was called before the method returned, and what it got.
 */
async function signInAndRefreshTiming(Sdk, sync) {
  const username = sync ? 'eager' : 'lazy';
  const password = 'Eager-Passw0rd!';
  const pool = new Sdk.CognitoUserPool({ ...STUB_POOL, Storage: new MemoryStorage() });
  const undo = stubRequest(Object.getPrototypeOf(pool.client), srpAndRefresh(username, password), sync);
  try {
    const user = new Sdk.CognitoUser({ Username: username, Pool: pool });
    const timing = {};
    let returned = false;
    const signedInNow = new Promise((resolve, reject) => {
      user.authenticateUser(new Sdk.AuthenticationDetails({ Username: username, Password: password }), {
        onSuccess: (session) => {
          timing.signIn = { before: !returned, valid: session.isValid() };
          resolve();
        },
        onFailure: reject,
      });
      returned = true;
    });
    await withTimeout((resolve, reject) => signedInNow.then(resolve, reject));
    returned = false;
    const refreshed = new Promise((resolve, reject) => {
      user.refreshSession(user.getSignInUserSession().getRefreshToken(), (err, session) => {
        if (err) return reject(err);
        timing.refresh = { before: !returned, refreshed: session.getIdToken().payload.refreshed === true };
        return resolve();
      });
      returned = true;
    });
    await withTimeout((resolve, reject) => refreshed.then(resolve, reject));
    return timing;
  } finally {
    undo();
  }
}

test('a client that answers synchronously gets onSuccess synchronously (SRP sign-in, refresh), as the reference; an asynchronous one asynchronously', async () => {
  for (const sync of [true, false]) {
    const expected = { signIn: { before: sync, valid: true }, refresh: { before: sync, refreshed: true } };
    assert.deepEqual(await signInAndRefreshTiming(Reference, sync), expected, `the reference, sync=${sync}`);
    assert.deepEqual(await signInAndRefreshTiming(Cognito, sync), expected, `cognito-wasm, sync=${sync}`);
  }
  // The Promise twin is still a Promise when the answer was synchronous.
  const undo = stubRequest(Object.getPrototypeOf(new CognitoUserPool(STUB_POOL).client), srpAndRefresh('twin-sync', 'Eager-Passw0rd!'), true);
  try {
    const pending = userOf(STUB_POOL, 'twin-sync').authenticateUserAsync(details('twin-sync', 'Eager-Passw0rd!'));
    assert.ok(pending instanceof Promise);
    assert.equal((await pending).type, 'SUCCESS');
  } finally {
    undo();
  }
});

test('the Promise twins go through the stub too; a wrong code leaves the challenge open', async () => {
  await withStubbedClient(srpWithTotp('twin', 'Twin-Passw0rd!'), async () => {
    const user = userOf(STUB_POOL, 'twin');
    const step = await user.authenticateUserAsync(details('twin', 'Twin-Passw0rd!'));
    assert.deepEqual(step, { type: 'SOFTWARE_TOKEN_MFA', challengeName: 'SOFTWARE_TOKEN_MFA', parameters: {} });
    const e = await user.sendMFACodeAsync('000000', 'SOFTWARE_TOKEN_MFA').then(assert.fail, (x) => x);
    assert.equal(e.code, 'CodeMismatchException');
    assert.equal(user.Session, 'session-2');
    const done = await user.sendMFACodeAsync('123456', 'SOFTWARE_TOKEN_MFA');
    assert.equal(done.type, 'SUCCESS');
    assert.equal(done.session, user.signInUserSession, 'the step carries the user\'s own session object');
    assert.equal(done.userConfirmationNecessary, false);
  });
});

/**
 * `sendMFACode` answered with DEVICE_SRP_AUTH, through `sdk`'s own `Client.prototype.request`:
 * what the user's `getDeviceResponse` (replaced on the instance) was handed, and what reached
 * the caller.
 */
async function mfaCodeThenDeviceSrp(sdk, viaTwin) {
  const pool = new sdk.CognitoUserPool({ ...STUB_POOL, Storage: new MemoryStorage() });
  const requests = [];
  const undo = stubRequest(Object.getPrototypeOf(pool.client), (operation, params) => {
    requests.push({ operation, challenge: params.ChallengeName, code: params.ChallengeResponses.SMS_MFA_CODE });
    return { ChallengeName: 'DEVICE_SRP_AUTH', Session: 'session-after-mfa', ChallengeParameters: {} };
  });
  try {
    const user = new sdk.CognitoUser({ Username: 'dora', Pool: pool });
    user.Session = 'session-mfa';
    const handed = [];
    user.getDeviceResponse = function getDeviceResponse(callbacks) {
      handed.push(callbacks);
      callbacks.onSuccess('from the stub');
    };
    if (viaTwin) {
      const step = await user.sendMFACodeAsync('123456');
      return { requests, handed: handed.length, step: step.type };
    }
    const callbacks = {};
    const result = await new Promise((resolve, reject) => {
      callbacks.onSuccess = (...args) => resolve(args);
      callbacks.onFailure = reject;
      user.sendMFACode('123456', callbacks);
    });
    return { requests, handed: handed.length, same: handed[0] === callbacks, result };
  } finally {
    undo();
  }
}

test('sendMFACode answered with DEVICE_SRP_AUTH goes on through this.getDeviceResponse(callback), as the reference', async () => {
  const expected = {
    requests: [{ operation: 'RespondToAuthChallenge', challenge: 'SMS_MFA', code: '123456' }],
    handed: 1,
    same: true,
    result: ['from the stub'],
  };
  assert.deepEqual(await mfaCodeThenDeviceSrp(Reference, false), expected, 'the reference');
  assert.deepEqual(await mfaCodeThenDeviceSrp(Cognito, false), expected, 'cognito-wasm');
  // The Promise twin (ours only) goes through the callback form, so the stub answers it too.
  const twin = await mfaCodeThenDeviceSrp(Cognito, true);
  assert.deepEqual(twin, { requests: expected.requests, handed: 1, step: 'SUCCESS' });
});

test('prototype stubs take effect: authenticateUser, cacheTokens after a sign-in, getUserData after updateAttributes', async () => {
  const proto = CognitoUser.prototype;
  const original = { authenticateUser: proto.authenticateUser, cacheTokens: proto.cacheTokens, getUserData: proto.getUserData };
  const seen = [];
  try {
    proto.authenticateUser = function (authDetails, callbacks) {
      seen.push(['authenticateUser', authDetails.getUsername()]);
      return original.authenticateUser.call(this, authDetails, callbacks);
    };
    proto.cacheTokens = function () {
      seen.push(['cacheTokens', this.username]);
      return original.cacheTokens.call(this);
    };
    proto.getUserData = function (callback, params) {
      seen.push(['getUserData', params && params.bypassCache]);
      return original.getUserData.call(this, callback, params);
    };
    await withStubbedClient(
      (operation) => {
        if (operation === 'InitiateAuth') return { AuthenticationResult: tokens('proto') };
        if (operation === 'UpdateUserAttributes') return { CodeDeliveryDetailsList: [] };
        if (operation === 'GetUser') return { Username: 'proto', UserAttributes: [] };
        throw new Error(`unexpected ${operation}`);
      },
      async () => {
        const user = userOf(STUB_POOL, 'proto');
        user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
        await withTimeout((resolve, reject) => user.authenticateUser(details('proto', 'pw'), { onSuccess: resolve, onFailure: reject }));
        const [err, result, extra] = await withTimeout((resolve) =>
          user.updateAttributes([new CognitoUserAttribute({ Name: 'name', Value: 'P' })], (...args) => resolve(args)),
        );
        assert.equal(err, null);
        assert.equal(result, 'SUCCESS');
        assert.deepEqual(extra, { CodeDeliveryDetailsList: [] });
      },
    );
  } finally {
    Object.assign(proto, original);
  }
  assert.deepEqual(seen, [
    ['authenticateUser', 'proto'],
    ['cacheTokens', 'proto'],
    ['getUserData', true],
  ]);
});

// ----- timing: local errors synchronously, requests asynchronously -----

test('local errors are reported synchronously, as the reference does', async () => {
  const p = await createPool();
  const user = userOf(p.poolData(), 'nobody');
  const syncNode = (method, ...args) => {
    const r = recorder();
    user[method](...args.map((a) => (a === 'CB' ? r.node : a)));
    assert.equal(r.calls.length, 1, `${method} called back synchronously`);
    assert.equal(r.calls[0].args[0].message, NOT_AUTHENTICATED, method);
    assert.equal(r.calls[0].args[1], null);
    assert.equal(r.calls[0].args[0].code, undefined, 'a plain Error, as the reference');
  };
  syncNode('changePassword', 'a', 'b', 'CB');
  syncNode('deleteUser', 'CB');
  syncNode('getUserAttributes', 'CB');
  syncNode('updateAttributes', [], 'CB');
  syncNode('deleteAttributes', ['name'], 'CB');
  syncNode('getUserData', 'CB');
  syncNode('getMFAOptions', 'CB');
  syncNode('enableMFA', 'CB');
  syncNode('disableMFA', 'CB');
  syncNode('setUserMfaPreference', null, null, 'CB');
  const syncObject = (method, ...args) => {
    const r = recorder();
    const callbacks = r.object(['inputVerificationCode']);
    user[method](...args.map((a) => (a === 'CB' ? callbacks : a)));
    assert.equal(r.calls.length, 1, `${method} called back synchronously`);
    assert.equal(r.calls[0].name, 'onFailure');
    assert.equal(r.calls[0].args[0].message, NOT_AUTHENTICATED, method);
    assert.equal(r.calls[0].self, callbacks, 'called as a method of the callback object');
  };
  syncObject('getAttributeVerificationCode', 'email', 'CB');
  syncObject('verifyAttribute', 'email', '1', 'CB');
  syncObject('getDevice', 'CB');
  syncObject('listDevices', 10, null, 'CB');
  syncObject('setDeviceStatusRemembered', 'CB');
  syncObject('setDeviceStatusNotRemembered', 'CB');
  syncObject('forgetDevice', 'CB');
  syncObject('forgetSpecificDevice', 'key', 'CB');

  // Sign-in's own local errors.
  let r = recorder();
  user.setAuthenticationFlowType('NOT_A_FLOW');
  user.authenticateUser(details('nobody', PASSWORD), r.object());
  assert.equal(r.calls.length, 1);
  assert.equal(r.calls[0].args[0].message, 'Authentication flow type is invalid.');
  r = recorder();
  user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
  user.authenticateUser(details('nobody', ''), r.object());
  assert.equal(r.calls[0].args[0].message, 'PASSWORD parameter is required');
  r = recorder();
  user.completeNewPasswordChallenge('', {}, r.object());
  assert.equal(r.calls[0].args[0].message, 'New password is required.');

  // The twins reject with the same errors.
  assert.equal((await user.getUserAttributesAsync().then(assert.fail, (e) => e)).message, NOT_AUTHENTICATED);
  assert.equal((await user.listDevicesAsync(1).then(assert.fail, (e) => e)).message, NOT_AUTHENTICATED);
  assert.equal((await user.authenticateUserAsync(details('nobody', '')).then(assert.fail, (e) => e)).message, 'PASSWORD parameter is required');
  assert.equal((await user.completeNewPasswordChallengeAsync('', {}).then(assert.fail, (e) => e)).message, 'New password is required.');
});

test('requests report asynchronously, each callback once; a throwing callback is reported, never called again', async () => {
  const p = await createPool(AUTO_VERIFY);
  await createUser(p.poolId, 'olga', [{ Name: 'email', Value: 'olga@example.com' }]);
  const user = userOf(p.poolData(), 'olga');
  let r = recorder();
  user.authenticateUser(details('olga', PASSWORD), r.object());
  assert.equal(r.calls.length, 0, 'not called synchronously');
  let c = await r.single();
  assert.equal(c.name, 'onSuccess');
  assert.equal(c.sync, false);
  assert.equal(c.args[0], user.signInUserSession);

  const errors = [];
  const original = console.error;
  console.error = (...args) => errors.push(args);
  try {
    const calls = [];
    const throwing = (err, result) => {
      calls.push([err, result]);
      throw new Error('thrown by the test');
    };
    user.getUserAttributes(throwing);
    user.changePassword(PASSWORD, 'weak', throwing);
    for (let i = 0; i < 400 && calls.length < 2; i++) await sleep(10);
    await sleep(100);
    assert.equal(calls.length, 2);
    assert.ok(calls.some(([err]) => err && err.code === 'InvalidPasswordException'));
    assert.ok(calls.some(([err, list]) => err === null && list.every((a) => a instanceof CognitoUserAttribute)));
    r = recorder();
    const callbacks = r.object();
    callbacks.onSuccess = function () {
      r.calls.push({ name: 'onSuccess' });
      throw new Error('x');
    };
    user.listDevices(undefined, undefined, callbacks);
    c = await r.single();
    assert.equal(c.name, 'onSuccess');
  } finally {
    console.error = original;
  }
  assert.equal(errors.length, 3);
});

// ----- re-entrancy: every method from inside every callback -----

/** Every public flows method, called with harmless arguments and a recording callback. */
function callEverything(user, record) {
  const node = (name) => (err) => record(name, err);
  const object = (name) => ({ onSuccess: () => record(name, null), onFailure: (e) => record(name, e), inputVerificationCode: () => record(name, null) });
  const auth = (name) => ({
    ...object(name),
    mfaRequired: () => record(name, null),
    totpRequired: () => record(name, null),
    customChallenge: () => record(name, null),
    newPasswordRequired: () => record(name, null),
    mfaSetup: () => record(name, null),
    selectMFAType: () => record(name, null),
    associateSecretCode: () => record(name, null),
  });
  user.getUserData(node('getUserData'));
  user.getUserAttributes(node('getUserAttributes'));
  user.getMFAOptions(node('getMFAOptions'));
  user.getDevice(object('getDevice'));
  user.listDevices(5, null, object('listDevices'));
  user.setUserMfaPreference(null, null, node('setUserMfaPreference'));
  user.getAttributeVerificationCode('email', object('getAttributeVerificationCode'));
  user.verifyAttribute('email', '123456', object('verifyAttribute'));
  user.resendConfirmationCode(node('resendConfirmationCode'));
  user.confirmRegistration('123456', false, node('confirmRegistration'));
  user.forgotPassword(object('forgotPassword'));
  user.associateSoftwareToken(auth('associateSoftwareToken'));
  user.getSession(node('getSession'));
  user.sendCustomChallengeAnswer('x', auth('sendCustomChallengeAnswer'));
  return 14;
}

test('re-entrancy: every method called from inside every callback of a sign-in answers, none fails for re-entrancy', async () => {
  const answer = (operation, params) => {
    switch (operation) {
      case 'InitiateAuth':
        return { ChallengeName: 'CUSTOM_CHALLENGE', ChallengeParameters: { q: '?' }, Session: 'c1' };
      case 'RespondToAuthChallenge':
        if (params.ChallengeResponses.ANSWER === 'mfa') return { ChallengeName: 'SMS_MFA', ChallengeParameters: {}, Session: 'm1' };
        if (params.ChallengeResponses.ANSWER === 'newpw') return { ChallengeName: 'NEW_PASSWORD_REQUIRED', ChallengeParameters: { userAttributes: '{}', requiredAttributes: '[]' }, Session: 'n1' };
        if (params.ChallengeName === 'CUSTOM_CHALLENGE' && params.ChallengeResponses.ANSWER === 'x') {
          throw Object.assign(new Error('Incorrect answer'), { code: 'NotAuthorizedException' });
        }
        return { AuthenticationResult: tokens('reenter') };
      case 'GetUser':
        return { Username: 'reenter', UserAttributes: [{ Name: 'email', Value: 'r@example.com' }] };
      case 'ListDevices':
        return { Devices: [] };
      case 'AssociateSoftwareToken':
        return { SecretCode: 'ABC', Session: params.Session };
      default:
        return {};
    }
  };
  await withStubbedClient(answer, async () => {
    const user = userOf(STUB_POOL, 'reenter');
    user.setAuthenticationFlowType('CUSTOM_AUTH');
    const results = [];
    let expected = 0;
    const record = (name, err) => results.push({ name, err });
    const inside = (where) => () => {
      expected += callEverything(user, (name, err) => record(`${where}>${name}`, err));
    };
    await withTimeout((resolve, reject) => {
      user.initiateAuth(details('reenter', ''), {
        onFailure: reject,
        customChallenge: (params) => {
          inside('customChallenge')();
          user.sendCustomChallengeAnswer('mfa', {
            onFailure: reject,
            mfaRequired: () => {
              inside('mfaRequired')();
              user.sendCustomChallengeAnswer('newpw', {
                onFailure: reject,
                newPasswordRequired: () => {
                  inside('newPasswordRequired')();
                  user.completeNewPasswordChallenge('N3w-Passw0rd!', {}, {
                    onFailure: reject,
                    onSuccess: () => {
                      inside('onSuccess')();
                      user.getUserAttributes((err) => {
                        if (err) return reject(err);
                        inside('getUserAttributes callback')();
                        return resolve(params);
                      });
                    },
                  });
                },
              });
            },
          });
        },
      });
    });
    for (let i = 0; i < 500 && results.length < expected; i++) await sleep(10);
    await sleep(50);
    assert.equal(results.length, expected, 'every call called back once');
    const broken = results.filter((r) => r.err && /recursive|borrow|unreachable|already|unexpected|Unknown flows/i.test(String(r.err.message)));
    assert.deepEqual(broken, []);
    // Once signed in, the signed-in calls succeed.
    const afterSignIn = results.filter((r) => r.name.startsWith('onSuccess>') && ['getUserAttributes', 'getDevice', 'listDevices', 'getUserData'].includes(r.name.split('>')[1]));
    assert.equal(afterSignIn.length, 4);
    assert.ok(afterSignIn.every((r) => r.err === null), JSON.stringify(afterSignIn));
  });
});

test('AuthenticationHelper: a call made from inside its own callback works; values live in its fields', async () => {
  await Cognito.prefetch?.();
  const helper = new Cognito.AuthenticationHelper('StubPool');
  const reference = new Reference.AuthenticationHelper('StubPool');
  const largeA = await new Promise((resolve, reject) =>
    helper.getLargeAValue((err, A) => {
      if (err) return reject(err);
      // Re-entrant: the helper is used again inside its callback.
      helper.getLargeAValue((err2, again) => (err2 ? reject(err2) : resolve([A, again])));
      return undefined;
    }),
  );
  assert.equal(largeA[0], largeA[1]);
  assert.equal(typeof helper.smallAValue, 'bigint');
  assert.equal(helper.largeAValue, largeA[0]);
  assert.equal(helper.N.toString(16), reference.N.toString(16));
  assert.equal(helper.k.toString(16), reference.k.toString(16));
  // The same math as the reference for the same inputs.
  const hex = 'ff00ab';
  assert.equal(helper.padHex(BigInt(`0x${hex}`)), reference.padHex(new ReferenceBigInteger(hex, 16)));
  assert.equal(helper.padHex(-128n), reference.padHex(new ReferenceBigInteger('-80', 16)));
  assert.equal(helper.hash('hello'), reference.hash('hello'));
  assert.equal(helper.hexHash('00ff'), reference.hexHash('00ff'));
  assert.deepEqual(Buffer.from(helper.computehkdf(Buffer.from('01', 'hex'), Buffer.from('02', 'hex'))), Buffer.from(reference.computehkdf(Buffer.from('01', 'hex'), Buffer.from('02', 'hex'))));
  const u = helper.calculateU(2n, 3n);
  assert.equal(u.toString(16), reference.calculateU(new ReferenceBigInteger('2', 16), new ReferenceBigInteger('3', 16)).toString(16));
  // Device hashes: fields set, verifier consistent with the salt and password.
  await new Promise((resolve, reject) => helper.generateHashDevice('group', 'device', (err) => (err ? reject(err) : resolve())));
  assert.equal(typeof helper.getRandomPassword(), 'string');
  const x = reference.hexHash(helper.getSaltDevices() + reference.hash(`groupdevice:${helper.getRandomPassword()}`));
  assert.equal(helper.getVerifierDevices(), reference.padHex(new ReferenceBigInteger(modPow(2n, BigInt(`0x${x}`), BigInt(`0x${reference.N.toString(16)}`)).toString(16), 16)));
  // The key of a password sign-in equals the reference's for the same a, B and salt.
  reference.smallAValue = new ReferenceBigInteger(helper.smallAValue.toString(16), 16);
  reference.largeAValue = undefined;
  await new Promise((resolve) => reference.getLargeAValue(resolve));
  const B = modPow(2n, 12345n, BigInt(`0x${reference.N.toString(16)}`));
  const ours = await new Promise((resolve, reject) => helper.getPasswordAuthenticationKey('user', 'pw', B, 'abcd', (e, k) => (e ? reject(e) : resolve(k))));
  const theirs = await new Promise((resolve, reject) =>
    reference.getPasswordAuthenticationKey('user', 'pw', new ReferenceBigInteger(B.toString(16), 16), new ReferenceBigInteger('abcd', 16), (e, k) => (e ? reject(e) : resolve(k))),
  );
  assert.deepEqual(Buffer.from(ours), Buffer.from(theirs));
  assert.throws(() => helper.getPasswordAuthenticationKey('user', 'pw', 0n, 'abcd', () => {}), /B cannot be zero/);
});

// ----- the flows against the emulator -----

test('SRP sign-in caches the tokens; a wrong password and an unconfirmed user fail with service errors', async () => {
  const p = await createPool();
  await createUser(p.poolId, 'alice');
  const storage = new MemoryStorage();
  const user = await signedIn(p.poolData(), 'alice', PASSWORD, storage);
  const prefix = `CognitoIdentityServiceProvider.${p.clientId}`;
  assert.equal(storage.getItem(`${prefix}.LastAuthUser`), user.getUsername());
  assert.equal(storage.getItem(`${prefix}.${user.getUsername()}.idToken`), user.signInUserSession.getIdToken().getJwtToken());
  const current = new CognitoUserPool({ ...p.poolData(), Storage: storage }).getCurrentUser();
  const restored = await current.getSessionAsync();
  assert.equal(restored.getAccessToken().getJwtToken(), user.signInUserSession.getAccessToken().getJwtToken());

  let e = await userOf(p.poolData(), 'alice').authenticateUserAsync(details('alice', 'nope-nope-1')).then(assert.fail, (x) => x);
  assert.equal(e.code, 'NotAuthorizedException');
  assert.equal(e.name, 'NotAuthorizedException');
  assert.equal(e.message, 'Incorrect username or password.');
  await call('SignUp', { ClientId: p.clientId, Username: 'carol', Password: PASSWORD });
  e = await userOf(p.poolData(), 'carol').authenticateUserAsync(details('carol', PASSWORD)).then(assert.fail, (x) => x);
  assert.equal(e.code, 'UserNotConfirmedException');
});

test('a storage that throws fails the sign-in with StorageError; nothing listening fails with NetworkError', async () => {
  const p = await createPool();
  await createUser(p.poolId, 'quinn');
  const storage = {
    setItem() {
      throw new Error('quota exceeded');
    },
    getItem() {
      return null;
    },
    removeItem() {},
    clear() {},
  };
  const e = await userOf(p.poolData(), 'quinn', storage).authenticateUserAsync(details('quinn', PASSWORD)).then(assert.fail, (x) => x);
  assert.equal(e.code, 'StorageError');
  assert.match(e.message, /quota exceeded/);
  const n = await userOf(STUB_POOL, 'x').authenticateUserAsync(details('x', PASSWORD)).then(assert.fail, (x) => x);
  assert.equal(n.code, 'NetworkError');
});

test('NEW_PASSWORD_REQUIRED and custom auth with and without SRP', async () => {
  const p = await createPool({ EmulatorCustomAuth: { Answer: '42', ChallengeParameters: { question: '6 x 7?' } } });
  await call('AdminCreateUser', {
    UserPoolId: p.poolId,
    Username: 'erin',
    TemporaryPassword: 'Temp-Pass-123',
    MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: 'erin@example.com' }],
  });
  const erin = userOf(p.poolData(), 'erin');
  let step = await erin.authenticateUserAsync(details('erin', 'Temp-Pass-123'));
  assert.equal(step.type, 'NEW_PASSWORD_REQUIRED');
  assert.equal(step.userAttributes.email, 'erin@example.com');
  assert.ok(Array.isArray(step.requiredAttributes));
  assert.equal(typeof erin.Session, 'string');
  step = await erin.completeNewPasswordChallengeAsync(PASSWORD, {});
  assert.equal(step.type, 'SUCCESS');
  await signedIn(p.poolData(), 'erin');

  await createUser(p.poolId, 'ivan');
  const ivan = userOf(p.poolData(), 'ivan');
  ivan.setAuthenticationFlowType('CUSTOM_AUTH');
  step = await ivan.authenticateUserAsync(details('ivan', PASSWORD));
  assert.equal(step.type, 'CUSTOM_CHALLENGE');
  assert.equal(step.challengeName, 'CUSTOM_CHALLENGE');
  assert.equal(step.parameters.question, '6 x 7?');
  const e = await ivan.sendCustomChallengeAnswerAsync('41').then(assert.fail, (x) => x);
  assert.equal(e.code, 'NotAuthorizedException');
  const ivan2 = userOf(p.poolData(), 'ivan');
  ivan2.setAuthenticationFlowType('CUSTOM_AUTH');
  step = await ivan2.initiateAuthAsync(details('ivan', ''));
  assert.equal(step.type, 'CUSTOM_CHALLENGE');
  step = await ivan2.sendCustomChallengeAnswerAsync('42');
  assert.equal(step.type, 'SUCCESS');
  assert.equal(step.session.isValid(), true);
});

test('TOTP when signed in, then SOFTWARE_TOKEN_MFA; MFA_SETUP during sign-in; MFA settings', async () => {
  const p = await createPool({ ...AUTO_VERIFY, MfaConfiguration: 'OPTIONAL' });
  await createUser(p.poolId, 'liam');
  await createUser(p.poolId, 'mia', [{ Name: 'phone_number', Value: '+15555550100' }]);
  const liam = await signedIn(p.poolData(), 'liam');
  const on = { PreferredMfa: true, Enabled: true };
  assert.equal(code(await liam.setUserMfaPreferenceAsync(null, on).then(assert.fail, (x) => x)), 'InvalidParameterException');
  let r = recorder();
  liam.associateSoftwareToken(r.object(['associateSecretCode']));
  const assoc = await r.single();
  assert.equal(assoc.name, 'associateSecretCode');
  const secret = assoc.args[0];
  r = recorder();
  liam.verifySoftwareToken('000000', 'phone', r.object());
  assert.equal(code((await r.single()).args[0]), 'EnableSoftwareTokenMFAException');
  r = recorder();
  liam.verifySoftwareToken(totp(secret), 'phone', r.object());
  const verified = await r.single();
  assert.equal(verified.name, 'onSuccess');
  assert.equal(verified.args[0].Status, 'SUCCESS');
  assert.equal(verified.args[0].getIdToken, undefined, 'the raw response, not a session');
  assert.equal(await liam.setUserMfaPreferenceAsync(undefined, on), 'SUCCESS');
  assert.equal((await liam.getUserDataAsync({ bypassCache: true })).PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
  const step = await userOf(p.poolData(), 'liam').authenticateUserAsync(details('liam', PASSWORD));
  assert.equal(step.type, 'SOFTWARE_TOKEN_MFA');

  // Deprecated SMS settings, then SMS MFA with the outbox code.
  const mia = await signedIn(p.poolData(), 'mia');
  assert.equal(await mia.enableMFAAsync(), 'SUCCESS');
  assert.deepEqual(await mia.getMFAOptionsAsync(), [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
  assert.equal(await mia.disableMFAAsync(), 'SUCCESS');
  const options = await mia.getMFAOptionsAsync();
  assert.ok(options === undefined || options.length === 0);
  assert.equal(await mia.setUserMfaPreferenceAsync(on, null), 'SUCCESS');
  const mia2 = userOf(p.poolData(), 'mia');
  const sms = await mia2.authenticateUserAsync(details('mia', PASSWORD));
  assert.equal(sms.type, 'SMS_MFA');
  assert.equal(sms.parameters.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
  const smsCode = await latestCode(p.poolId, 'mia', 'SMS_MFA');
  assert.equal(code(await mia2.sendMFACodeAsync(wrongCode(smsCode)).then(assert.fail, (x) => x)), 'CodeMismatchException');
  assert.equal((await mia2.sendMFACodeAsync(smsCode)).type, 'SUCCESS');

  const q = await createPool({ MfaConfiguration: 'ON' });
  await createUser(q.poolId, 'heidi');
  const heidi = userOf(q.poolData(), 'heidi');
  assert.equal((await heidi.authenticateUserAsync(details('heidi', PASSWORD))).type, 'MFA_SETUP');
  const s = await heidi.associateSoftwareTokenAsync();
  const session = await heidi.verifySoftwareTokenAsync(totp(s), 'my phone');
  assert.equal(session, heidi.signInUserSession);
  assert.equal(session.isValid(), true);
});

test('registration: signUp, confirmRegistration, resendConfirmationCode, forceAliasCreation', async () => {
  const p = await createPool({ ...AUTO_VERIFY, AliasAttributes: ['email'] });
  const storage = new MemoryStorage();
  const pool = new CognitoUserPool({ ...p.poolData(), Storage: storage });
  let r = recorder();
  pool.signUp('alice', 'short', [new CognitoUserAttribute({ Name: 'email', Value: 'alice@example.com' })], null, r.node);
  assert.equal(r.calls.length, 0, 'asynchronous');
  assert.equal(code((await r.single()).args[0]), 'InvalidPasswordException');
  r = recorder();
  pool.signUp(
    'alice',
    PASSWORD,
    [new CognitoUserAttribute({ Name: 'email', Value: 'alice@example.com' }), { Name: 'name', Value: 'Alice' }],
    [{ Name: 'invite', Value: '1' }],
    r.node,
    { source: 'test' },
  );
  const [err, result] = (await r.single()).args;
  assert.equal(err, null);
  assert.equal(result.userConfirmed, false);
  assert.equal(result.userSub.length, 36);
  assert.equal(result.codeDeliveryDetails.DeliveryMedium, 'EMAIL');
  assert.ok(result.user instanceof CognitoUser);
  assert.equal(result.user.getUsername(), 'alice');
  assert.equal(result.user.pool, pool);
  assert.equal(result.user.storage, storage);
  assert.equal(code(await pool.signUpAsync('alice', PASSWORD).then(assert.fail, (x) => x)), 'UsernameExistsException');

  const alice = result.user;
  const first = await latestCode(p.poolId, 'alice', 'SignUp');
  r = recorder();
  alice.confirmRegistration(wrongCode(first), undefined, r.node);
  assert.equal(code((await r.single()).args[0]), 'CodeMismatchException');
  r = recorder();
  alice.resendConfirmationCode(r.node);
  assert.equal((await r.single()).args[1].CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
  const codeNow = await latestCode(p.poolId, 'alice', 'ResendConfirmationCode');
  r = recorder();
  alice.confirmRegistration(codeNow, false, r.node);
  assert.deepEqual((await r.single()).args, [null, 'SUCCESS']);
  assert.equal(code(await alice.resendConfirmationCodeAsync().then(assert.fail, (x) => x)), 'InvalidParameterException');
  await signedIn(p.poolData(), 'alice');

  const r2 = await pool.signUpAsync('alice2', PASSWORD, [new CognitoUserAttribute({ Name: 'email', Value: 'alice@example.com' })]);
  const c2 = await latestCode(p.poolId, 'alice2', 'SignUp');
  assert.equal(code(await r2.user.confirmRegistrationAsync(c2, false).then(assert.fail, (x) => x)), 'AliasExistsException');
  await r2.user.resendConfirmationCodeAsync();
  const c3 = await latestCode(p.poolId, 'alice2', 'ResendConfirmationCode');
  assert.equal(await r2.user.confirmRegistrationAsync(c3, true), 'SUCCESS');
  assert.equal(code(await userOf(p.poolData(), 'nobody').confirmRegistrationAsync('123456').then(assert.fail, (x) => x)), 'UserNotFoundException');
});

test('passwords: changePassword, forgotPassword (inputVerificationCode or onSuccess), confirmPassword', async () => {
  const p = await createPool(AUTO_VERIFY);
  await createUser(p.poolId, 'hank', [{ Name: 'email', Value: 'hank@example.com' }, { Name: 'email_verified', Value: 'true' }]);
  const hank = await signedIn(p.poolData(), 'hank');
  let r = recorder();
  hank.changePassword('Wr0ng-Passw0rd!', NEW_PASSWORD, r.node);
  assert.equal(code((await r.single()).args[0]), 'NotAuthorizedException');
  assert.equal(code(await hank.changePasswordAsync(PASSWORD, 'weak').then(assert.fail, (x) => x)), 'InvalidPasswordException');
  assert.equal(await hank.changePasswordAsync(PASSWORD, NEW_PASSWORD), 'SUCCESS');
  await signedIn(p.poolData(), 'hank', NEW_PASSWORD);

  const fresh = userOf(p.poolData(), 'hank');
  r = recorder();
  fresh.forgotPassword(r.object());
  let c = await r.single();
  assert.equal(c.name, 'onSuccess');
  assert.equal(c.args[0].CodeDeliveryDetails.AttributeName, 'email');
  r = recorder();
  fresh.forgotPassword(r.object(['inputVerificationCode']), { k: 'v' });
  c = await r.single();
  assert.equal(c.name, 'inputVerificationCode');
  assert.equal(c.args[0].CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
  const codeNow = await latestCode(p.poolId, 'hank', 'ForgotPassword');
  r = recorder();
  fresh.confirmPassword(wrongCode(codeNow), 'R3set-Passw0rd!', r.object());
  assert.equal(code((await r.single()).args[0]), 'CodeMismatchException');
  r = recorder();
  fresh.confirmPassword(codeNow, 'R3set-Passw0rd!', r.object());
  assert.deepEqual((await r.single()).args, ['SUCCESS']);
  assert.equal(code(await fresh.confirmPasswordAsync(codeNow, 'An0ther-Passw0rd!').then(assert.fail, (x) => x)), 'ExpiredCodeException');
  await signedIn(p.poolData(), 'hank', 'R3set-Passw0rd!');
  r = recorder();
  userOf(p.poolData(), 'nobody').forgotPassword(r.object(['inputVerificationCode']));
  assert.equal(code((await r.single()).args[0]), 'UserNotFoundException');
});

test('attributes and user data: the cache answers synchronously; bypassCache and updates refresh through wrapRefreshSessionCallback', async () => {
  const p = await createPool(AUTO_VERIFY);
  await createUser(p.poolId, 'ivy', [{ Name: 'email', Value: 'ivy@example.com' }, { Name: 'email_verified', Value: 'true' }, { Name: 'name', Value: 'Ivy' }]);
  const log = [];
  const wrap = (callback) => {
    log.push('wrap');
    return (err, session) => {
      log.push(err ? `error:${err.code}` : `session:${session.isValid()}`);
      return callback(err, session);
    };
  };
  const storage = new MemoryStorage();
  const ivy = userOf(p.poolData(), 'ivy', storage, wrap);
  assert.equal((await ivy.authenticateUserAsync(details('ivy', PASSWORD))).type, 'SUCCESS');

  let r = recorder();
  ivy.getUserAttributes(r.node);
  const list = (await r.single()).args[1];
  assert.ok(list.every((a) => a instanceof CognitoUserAttribute));
  const find = (l, n) => (l.find((a) => a.getName() === n) || {}).Value;
  assert.equal(find(list, 'email'), 'ivy@example.com');
  assert.equal(find(list, 'name'), 'Ivy');

  // Nothing cached: GetUser (cached afterwards), no refresh; then the cache, synchronously.
  r = recorder();
  ivy.getUserData(r.node);
  assert.equal(r.calls.length, 0);
  const data = (await r.single()).args[1];
  assert.equal(data.Username, 'ivy');
  assert.ok(storage.getItem(ivy.userDataKey).includes('ivy@example.com'));
  assert.deepEqual(log, []);
  r = recorder();
  ivy.getUserData(r.node);
  assert.equal(r.calls.length, 1, 'answered from the cache synchronously');
  assert.deepEqual(r.calls[0].args[1], data);

  // updateAttributes: callback(null, 'SUCCESS', details) after getUserData({bypassCache}) refreshed.
  const before = ivy.signInUserSession.getAccessToken().getJwtToken();
  r = recorder();
  ivy.updateAttributes([new CognitoUserAttribute({ Name: 'email', Value: 'ivy2@example.com' }), { Name: 'name', Value: 'Ivy Two' }], r.node);
  const [err, word, detailsOut] = (await r.single()).args;
  assert.equal(err, null);
  assert.equal(word, 'SUCCESS');
  assert.equal(detailsOut.CodeDeliveryDetailsList[0].AttributeName, 'email');
  assert.ok(storage.getItem(ivy.userDataKey).includes('ivy2@example.com'));
  assert.notEqual(ivy.signInUserSession.getAccessToken().getJwtToken(), before, 'refreshed after the update');
  assert.deepEqual(log, ['wrap', 'session:true']);

  // Verification codes.
  r = recorder();
  ivy.getAttributeVerificationCode('email', r.object());
  assert.deepEqual((await r.single()).args, ['SUCCESS']);
  r = recorder();
  ivy.getAttributeVerificationCode('email', r.object(['inputVerificationCode']));
  const c = await r.single();
  assert.equal(c.name, 'inputVerificationCode');
  assert.equal(c.args[0].CodeDeliveryDetails.AttributeName, 'email');
  assert.equal(code(await ivy.getAttributeVerificationCodeAsync('name').then(assert.fail, (x) => x)), 'InvalidParameterException');
  const codeNow = await latestCode(p.poolId, 'ivy', 'VerifyUserAttribute');
  r = recorder();
  ivy.verifyAttribute('email', wrongCode(codeNow), r.object());
  assert.equal(code((await r.single()).args[0]), 'CodeMismatchException');
  assert.equal(await ivy.verifyAttributeAsync('email', codeNow), 'SUCCESS');
  assert.equal(code(await ivy.verifyAttributeAsync('email', codeNow).then(assert.fail, (x) => x)), 'ExpiredCodeException');

  // deleteAttributes, and `sub` cannot go; updateAttributesAsync resolves {result, details}.
  assert.equal(await ivy.deleteAttributesAsync(['name']), 'SUCCESS');
  assert.equal(find(await ivy.getUserAttributesAsync(), 'name'), undefined);
  assert.ok(!storage.getItem(ivy.userDataKey).includes('Ivy Two'));
  assert.equal(code(await ivy.deleteAttributesAsync(['sub']).then(assert.fail, (x) => x)), 'InvalidParameterException');
  const updated = await ivy.updateAttributesAsync([{ Name: 'name', Value: 'Ivy Three' }]);
  assert.equal(updated.result, 'SUCCESS');
  assert.equal(typeof updated.details, 'object');

  // bypassCache: GetUser and a refresh through the wrapper.
  log.length = 0;
  assert.equal((await ivy.getUserDataAsync()).Username, 'ivy');
  assert.deepEqual(log, []);
  const fresh = await ivy.getUserDataAsync({ bypassCache: true });
  assert.ok(JSON.stringify(fresh).includes('Ivy Three'));
  assert.deepEqual(log, ['wrap', 'session:true']);

  // A cache that is not JSON: removed, and the SyntaxError reported (synchronously).
  storage.setItem(ivy.userDataKey, '{not json');
  r = recorder();
  ivy.getUserData(r.node);
  assert.equal(r.calls.length, 1);
  assert.ok(r.calls[0].args[0] instanceof SyntaxError);
  assert.equal(storage.getItem(ivy.userDataKey) ?? null, null);
});

test('devices: registration at sign-in, get, list with pages, status, forget; deleteUser', async () => {
  const p = await createPool({ ...AUTO_VERIFY, DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: true } });
  await createUser(p.poolId, 'nina');
  const storage = new MemoryStorage();
  const nina = userOf(p.poolData(), 'nina', storage);
  const cached = [];
  const proto = CognitoUser.prototype;
  const original = proto.cacheDeviceKeyAndPassword;
  proto.cacheDeviceKeyAndPassword = function () {
    cached.push(this.deviceKey);
    return original.call(this);
  };
  let r;
  try {
    r = recorder();
    nina.authenticateUser(details('nina', PASSWORD), r.object());
    const c = await r.single();
    assert.equal(c.name, 'onSuccess');
    assert.deepEqual(c.args, [nina.signInUserSession, true], 'onSuccess(session, userConfirmationNecessary)');
  } finally {
    proto.cacheDeviceKeyAndPassword = original;
  }
  const deviceKey = nina.deviceKey;
  assert.ok(deviceKey && nina.deviceGroupKey && nina.randomPassword);
  assert.deepEqual(cached, [deviceKey], 'cacheDeviceKeyAndPassword() after ConfirmDevice, as the reference');

  r = recorder();
  nina.getDevice(r.object());
  assert.equal((await r.single()).args[0].Device.DeviceKey, deviceKey);
  assert.equal(await nina.setDeviceStatusRememberedAsync(), 'SUCCESS');
  const listed = await nina.listDevicesAsync(10, null);
  assert.equal(listed.Devices.length, 1);
  assert.ok(JSON.stringify(listed.Devices[0].DeviceAttributes).includes('"Name":"dev:device_remembered_status","Value":"remembered"'));
  assert.equal(await nina.setDeviceStatusNotRememberedAsync(), 'SUCCESS');
  r = recorder();
  nina.forgetSpecificDevice('us-east-1_00000000-0000-0000-0000-000000000000', r.object());
  assert.equal(code((await r.single()).args[0]), 'ResourceNotFoundException');

  const other = await signedIn(p.poolData(), 'nina');
  assert.ok(other.deviceKey && other.deviceKey !== deviceKey);
  const page = await nina.listDevicesAsync(1, null);
  assert.equal(page.Devices.length, 1);
  assert.equal(typeof page.PaginationToken, 'string');
  const page2 = await nina.listDevicesAsync(1, page.PaginationToken);
  assert.equal(page2.Devices.length, 1);
  assert.notEqual(page2.Devices[0].DeviceKey, page.Devices[0].DeviceKey);
  assert.equal(await nina.forgetSpecificDeviceAsync(other.deviceKey), 'SUCCESS');

  const prefix = `CognitoIdentityServiceProvider.${p.clientId}.${nina.getUsername()}`;
  assert.equal(storage.getItem(`${prefix}.deviceKey`), deviceKey);
  r = recorder();
  nina.forgetDevice(r.object());
  assert.deepEqual((await r.single()).args, ['SUCCESS']);
  assert.equal(nina.deviceKey, null);
  assert.equal(storage.getItem(`${prefix}.deviceKey`) ?? null, null);
  assert.equal((await nina.listDevicesAsync(10)).Devices.length, 0);
  assert.equal(code(await nina.getDeviceAsync().then(assert.fail, (x) => x)), 'InvalidParameterException');

  assert.ok(storage.getItem(`${prefix}.idToken`));
  r = recorder();
  nina.deleteUser(r.node);
  assert.deepEqual((await r.single()).args, [null, 'SUCCESS']);
  assert.equal(storage.getItem(`${prefix}.idToken`) ?? null, null);
  assert.equal(code(await nina.deleteUserAsync().then(assert.fail, (x) => x)), 'NotAuthorizedException');
});

test('remembered device: the next sign-in answers DEVICE_SRP_AUTH by itself', async () => {
  const p = await createPool({ DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false } });
  await createUser(p.poolId, 'judy');
  const storage = new MemoryStorage();
  const judy = await signedIn(p.poolData(), 'judy', PASSWORD, storage);
  const deviceKey = judy.deviceKey;
  assert.ok(deviceKey);
  const again = userOf(p.poolData(), 'judy', storage);
  const step = await again.authenticateUserAsync(details('judy', PASSWORD));
  assert.equal(step.type, 'SUCCESS');
  assert.equal(again.deviceKey, deviceKey);
  assert.equal(step.session.getAccessToken().payload.device_key, deviceKey);
  const third = userOf(p.poolData(), judy.getUsername(), storage);
  assert.equal(third.deviceKey, undefined);
  third.getCachedDeviceKeyAndPassword();
  assert.equal(third.deviceKey, deviceKey);
});

test('secrets never reach the console or error text', async () => {
  const p = await createPool();
  await createUser(p.poolId, 'sam');
  const printed = [];
  const originals = { log: console.log, error: console.error, warn: console.warn };
  for (const k of Object.keys(originals)) console[k] = (...args) => printed.push(args.map(String).join(' '));
  let texts;
  try {
    const user = await signedIn(p.poolData(), 'sam');
    const wrong = await userOf(p.poolData(), 'sam').authenticateUserAsync(details('sam', 'Secret-Wrong-9')).then(assert.fail, (x) => x);
    const tokenError = await user.changePasswordAsync('Secret-Old-9', 'Secret-New-9').then(assert.fail, (x) => x);
    texts = [...printed, wrong.message, String(wrong), tokenError.message, JSON.stringify(wrong)];
    const secrets = [PASSWORD, 'Secret-Wrong-9', 'Secret-Old-9', 'Secret-New-9', user.signInUserSession.getRefreshToken().getToken()];
    for (const secret of secrets) for (const t of texts) assert.ok(!t.includes(secret), 'a secret was printed or put in an error');
  } finally {
    Object.assign(console, originals);
  }
});

test('a missing or malformed callback argument is reported on the console, never an unhandled rejection', async () => {
  const printed = [];
  const original = console.error;
  console.error = (...args) => printed.push(args.map(String).join(' '));
  try {
    await withStubbedClient(
      () => ({ CodeDeliveryDetails: { DeliveryMedium: 'EMAIL' } }),
      async () => {
        const user = userOf(STUB_POOL, 'lost');
        user.forgotPassword(undefined);
        user.confirmRegistration('1', false, 'not a function');
        user.resendConfirmationCode();
        for (let i = 0; i < 300 && printed.length === 0; i++) await sleep(10);
        await sleep(100);
      },
    );
  } finally {
    console.error = original;
  }
  assert.equal(printed.length, 1, printed.join('\n'));
  assert.match(printed[0], /no onFailure function/);
});
