// Fixtures of the suites that drive this library (tests/js/sdk-*.test.mjs, tests/browser):
// the library under test, the suite's emulator (the one named by COGNITO_EMULATOR_URL, or
// one started here), its pools and users. The calls themselves (JSON API, outbox, TOTP,
// clocks) are tests/support/cognito-api.mjs.
import { createRequire } from 'node:module';
import { startEmulator as launchEmulator } from '../support/emulator.mjs';
import { api, latestCode as latestCodeAt, resetClocks } from '../support/cognito-api.mjs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The package as `require('cognito-wasm')` gives it (after `make build`). */
export const Cognito = require(process.env.COGNITO_WASM_ENTRY || path.join(root, 'dist', 'node', 'index.cjs'));

export const PASSWORD = 'Correct-Horse-9';

let emulator = null;
let url = null;

/** The emulator's base URL: $COGNITO_EMULATOR_URL, else one started here (tests/support/emulator.mjs). */
export async function startEmulator() {
  if (process.env.COGNITO_EMULATOR_URL) {
    url = process.env.COGNITO_EMULATOR_URL.replace(/\/$/, '');
    return url;
  }
  emulator = await launchEmulator();
  url = emulator.url;
  return url;
}

/** Stops the emulator this module started (if any). */
export async function stopEmulator() {
  if (emulator) {
    const e = emulator;
    emulator = null;
    await e.stop();
  }
}

/**
 * An emulator of the test's own, for a test that moves the emulator's clock (the suite's
 * may be shared with other test files running at the same time): `fn(url)` runs against
 * it; the clocks are put back and it is stopped afterwards.
 */
export async function withOwnEmulator(fn, args = []) {
  const own = await launchEmulator(args);
  try {
    return await fn(own.url);
  } finally {
    await resetClocks(own.url);
    await own.stop();
  }
}

/** Any operation against this suite's emulator (tests/support/cognito-api.mjs `api`). */
export function call(op, body) {
  return api(url, op, body);
}

/**
 * A new pool and app client on this suite's emulator (or the one at `at`); returns
 * `{url, poolId, clientId, clientSecret, poolData(extra)}`.
 */
export async function createPool(poolExtra = {}, clientExtra = {}, at = url) {
  const { UserPool } = await api(at, 'CreateUserPool', { PoolName: 'js-tests', ...poolExtra });
  const { UserPoolClient } = await api(at, 'CreateUserPoolClient', { UserPoolId: UserPool.Id, ClientName: 'web', ...clientExtra });
  return {
    url: at,
    poolId: UserPool.Id,
    clientId: UserPoolClient.ClientId,
    clientSecret: UserPoolClient.ClientSecret,
    /** Constructor data for `new CognitoUserPool(...)`. */
    poolData(extra = {}) {
      return {
        UserPoolId: UserPool.Id,
        ClientId: UserPoolClient.ClientId,
        endpoint: `${at}/`,
        ...(UserPoolClient.ClientSecret ? { ClientSecret: UserPoolClient.ClientSecret } : {}),
        ...extra,
      };
    },
  };
}

/** A confirmed user with the permanent password PASSWORD (on the emulator at `at`). */
export async function createUser(poolId, username, attributes = [], at = url) {
  await api(at, 'AdminCreateUser', { UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: attributes });
  await api(at, 'AdminSetUserPassword', { UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true });
}

/** The newest outbox code of `kind` for a user of this suite's emulator. */
export function latestCode(poolId, username, kind) {
  return latestCodeAt(url, poolId, username, kind);
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn(resolve, reject)` (which drives a callback API) and resolves with what it
 * resolves, failing after `ms` milliseconds.
 */
export function withTimeout(fn, ms = 15_000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timed out waiting for a callback')), ms);
    fn(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
