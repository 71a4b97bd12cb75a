// Shared helpers of the tests/js/sdk-*.test.mjs suites: the library under test, the
// emulator (the one named by COGNITO_EMULATOR_URL, or one started here), admin calls,
// the outbox, and RFC 6238 TOTP codes.
import { createRequire } from 'node:module';
import { startEmulator as launchEmulator } from '../support/emulator.mjs';
import { createHmac } from 'node:crypto';
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

/** Any operation as plain JSON against this suite's emulator; throws on an error response. */
export function call(op, body) {
  return callAt(url, op, body);
}

/** Any operation as plain JSON against the emulator at `baseUrl`; throws on an error response. */
export async function callAt(baseUrl, op, body) {
  const res = await fetch(`${baseUrl}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `AWSCognitoIdentityProviderService.${op}` },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${op}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

/** A new pool and app client; returns `{poolId, clientId, clientSecret, poolData(extra)}`. */
export async function createPool(poolExtra = {}, clientExtra = {}) {
  const { UserPool } = await call('CreateUserPool', { PoolName: 'js-tests', ...poolExtra });
  const { UserPoolClient } = await call('CreateUserPoolClient', { UserPoolId: UserPool.Id, ClientName: 'web', ...clientExtra });
  return {
    poolId: UserPool.Id,
    clientId: UserPoolClient.ClientId,
    clientSecret: UserPoolClient.ClientSecret,
    /** Constructor data for `new CognitoUserPool(...)`. */
    poolData(extra = {}) {
      return {
        UserPoolId: UserPool.Id,
        ClientId: UserPoolClient.ClientId,
        endpoint: `${url}/`,
        ...(UserPoolClient.ClientSecret ? { ClientSecret: UserPoolClient.ClientSecret } : {}),
        ...extra,
      };
    },
  };
}

/** A confirmed user with the permanent password PASSWORD. */
export async function createUser(poolId, username, attributes = []) {
  await call('AdminCreateUser', { UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: attributes });
  await call('AdminSetUserPassword', { UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true });
}

/** The newest outbox code of `kind` for a user of this suite's emulator. */
export function latestCode(poolId, username, kind) {
  return latestCodeAt(url, poolId, username, kind);
}

/** The newest outbox code of `kind` for a user of the emulator at `baseUrl`. */
export async function latestCodeAt(baseUrl, poolId, username, kind) {
  const res = await fetch(`${baseUrl}/_emulator/messages?poolId=${encodeURIComponent(poolId)}&username=${encodeURIComponent(username)}`);
  const list = await res.json();
  const m = list.filter((x) => x.kind === kind).pop();
  if (!m) throw new Error(`no ${kind} message for ${username}`);
  return m.code;
}

function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let acc = 0;
  const out = [];
  for (const c of s.replace(/=+$/, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    if (v < 0) continue;
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) of a base32 secret at `unixSeconds`. */
export function totp(secret, unixSeconds = Math.floor(Date.now() / 1000)) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const h = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const o = h[h.length - 1] & 0xf;
  const n = (h.readUInt32BE(o) & 0x7fffffff) % 1_000_000;
  return String(n).padStart(6, '0');
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
