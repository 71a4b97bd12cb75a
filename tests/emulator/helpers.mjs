// Helpers of the tests that drive the reference SDK (amazon-cognito-identity-js) against the
// emulator: its pools and users, its callbacks as promises, request tracing and JWT checks.
// The JSON API, the outbox, TOTP and the clocks come from tests/support/cognito-api.mjs.
import { createPublicKey, createVerify, randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { after } from 'node:test';
import { api, latestCode } from '../support/cognito-api.mjs';
import { startEmulator } from '../support/emulator.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
export const Cognito = require('amazon-cognito-identity-js');
// JWKS reads bypass traceFetch().
const rawFetch = globalThis.fetch;

export { emulatorBin, startEmulator } from '../support/emulator.mjs';

/** Expect a rejection with the given code (and message, if given). */
export async function rejectsWith(promise, code, message) {
  try {
    await promise;
  } catch (e) {
    if (e.code !== code) throw new Error(`expected ${code}, got ${e.code}: ${e.message}`);
    if (message !== undefined && e.message !== message) throw new Error(`expected message "${message}", got "${e.message}"`);
    return e;
  }
  throw new Error(`expected ${code}, but the call succeeded`);
}

/** A pool and an app client without secret. `pool` / `client` are CreateUserPool / CreateUserPoolClient extras. */
export async function createPool(url, pool = {}, client = {}) {
  const p = await api(url, 'CreateUserPool', {
    PoolName: 'test-' + randomBytes(4).toString('hex'),
    AutoVerifiedAttributes: ['email'],
    ...pool,
  });
  const c = await api(url, 'CreateUserPoolClient', {
    UserPoolId: p.UserPool.Id,
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    ...client,
  });
  return { poolId: p.UserPool.Id, clientId: c.UserPoolClient.ClientId };
}

/**
 * One emulator with one pool (createPool's defaults) for a whole test file, stopped after its
 * tests: `const { emu, ids } = await emulatorWithPool();` at the top of the file.
 */
export async function emulatorWithPool() {
  const emu = await startEmulator();
  after(() => emu.stop());
  return { emu, ids: await createPool(emu.url) };
}

/** An in-memory storage per test (the SDK's default MemoryStorage is global to the process). */
export class TestStorage {
  constructor() { this.data = {}; }
  setItem(k, v) { this.data[k] = String(v); return this.data[k]; }
  getItem(k) { return Object.prototype.hasOwnProperty.call(this.data, k) ? this.data[k] : null; }
  removeItem(k) { return delete this.data[k]; }
  clear() { this.data = {}; return this.data; }
}

export function sdkPool(url, ids, storage = new TestStorage()) {
  return new Cognito.CognitoUserPool({ UserPoolId: ids.poolId, ClientId: ids.clientId, endpoint: url, Storage: storage });
}

export function sdkUser(pool, username) {
  return new Cognito.CognitoUser({ Username: username, Pool: pool, Storage: pool.storage });
}

// ---- JWT ----
export function decodeJwt(token) {
  const [h, p] = token.split('.');
  return { header: JSON.parse(Buffer.from(h, 'base64url')), payload: JSON.parse(Buffer.from(p, 'base64url')) };
}

/** Verify an RS256 token against the pool's JWKS; returns the payload. */
export async function verifyJwt(url, poolId, token) {
  const jwks = await (await rawFetch(`${url}/${poolId}/.well-known/jwks.json`)).json();
  const { header, payload } = decodeJwt(token);
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) throw new Error('kid not in JWKS');
  const [h, p, s] = token.split('.');
  const ok = createVerify('RSA-SHA256').update(`${h}.${p}`).verify(createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url'));
  if (!ok) throw new Error('bad signature');
  return payload;
}

// ---- the reference SDK, promisified ----
/**
 * Run authenticateUser / sendMFACode & co. and resolve with {kind, ...}: kind is 'success'
 * (session) or the name of the callback that fired (mfaRequired, totpRequired, customChallenge,
 * newPasswordRequired, mfaSetup, selectMFAType). Rejects on onFailure.
 */
export function authCallbacks(resolve, reject) {
  return {
    onSuccess: (session, userConfirmationNecessary) => resolve({ kind: 'success', session, userConfirmationNecessary }),
    onFailure: (err) => reject(err),
    newPasswordRequired: (userAttributes, requiredAttributes) => resolve({ kind: 'newPasswordRequired', userAttributes, requiredAttributes }),
    mfaRequired: (challengeName, params) => resolve({ kind: 'mfaRequired', challengeName, params }),
    totpRequired: (challengeName, params) => resolve({ kind: 'totpRequired', challengeName, params }),
    customChallenge: (params) => resolve({ kind: 'customChallenge', params }),
    mfaSetup: (challengeName, params) => resolve({ kind: 'mfaSetup', challengeName, params }),
    selectMFAType: (challengeName, params) => resolve({ kind: 'selectMFAType', challengeName, params }),
  };
}

export function signIn(user, username, password) {
  const details = new Cognito.AuthenticationDetails({ Username: username, Password: password });
  return new Promise((resolve, reject) => user.authenticateUser(details, authCallbacks(resolve, reject)));
}

export function sendMFACode(user, code, type) {
  return new Promise((resolve, reject) => user.sendMFACode(code, authCallbacks(resolve, reject), type));
}

/** Promisify a node-style SDK method: call(user, 'getUserAttributes'). */
export function call(obj, method, ...args) {
  return new Promise((resolve, reject) => obj[method](...args, (err, res) => (err ? reject(err) : resolve(res))));
}

/** Promisify an {onSuccess, onFailure} SDK method. */
export function callO(obj, method, ...args) {
  return new Promise((resolve, reject) => obj[method](...args, { onSuccess: resolve, onFailure: reject }));
}

export function signUp(pool, username, password, attrs = {}) {
  const list = Object.entries(attrs).map(([Name, Value]) => new Cognito.CognitoUserAttribute({ Name, Value }));
  return new Promise((resolve, reject) => pool.signUp(username, password, list, [], (err, res) => (err ? reject(err) : resolve(res))));
}

/** Signs `name` up (PASSWORD, `attrs`) through the SDK pool `pool` of the pool `ids` on the emulator at `url`, and confirms it with its code from the outbox. */
export async function signUpConfirmed(url, ids, pool, name, attrs = {}) {
  await signUp(pool, name, PASSWORD, attrs);
  await call(sdkUser(pool, name), 'confirmRegistration', await latestCode(url, ids.poolId, name, 'SignUp'), true);
}

/** Record the X-Amz-Target (and ChallengeName) of every request the SDK sends. */
export function traceFetch() {
  const trail = [];
  const original = globalThis.fetch;
  globalThis.fetch = (input, init = {}) => {
    const target = init.headers && (init.headers['X-Amz-Target'] || init.headers['x-amz-target']);
    if (target) {
      let step = target.split('.').pop();
      try {
        const b = JSON.parse(init.body);
        if (b.ChallengeName) step += ':' + b.ChallengeName;
        if (b.AuthFlow) step += ':' + b.AuthFlow;
      } catch { /* not JSON */ }
      trail.push(step);
    }
    return original(input, init);
  };
  return { trail, restore: () => { globalThis.fetch = original; } };
}

export const PASSWORD = 'Corr3ct-Horse!';
export function uniqueName(prefix = 'user') {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}
