// The one JS helper library for talking to the emulator from tests and the bench: the
// Cognito JSON API caller (one error shape, requests SigV4-signed by ./sigv4.mjs), the outbox and its codes, RFC 6238 TOTP
// codes, the fault endpoint, and the clocks (the emulator's and this process's) moved
// forward instead of waited for. Every function takes the emulator's base URL.
import { createHmac } from 'node:crypto';
import { signatureHeaders } from './sigv4.mjs';

// Captured at load: tests that wrap `globalThis.fetch` to trace the SDK's requests do not
// see these calls.
const rawFetch = globalThis.fetch;

// The real clock, whatever advanceLocalClock() did to `globalThis.Date`.
const RealDate = globalThis.Date;

const base = (url) => url.replace(/\/+$/, '');

/**
 * Calls an operation of the Cognito JSON protocol. Resolves with the answer's body;
 * rejects with an Error whose `message` is Cognito's message, `code` its `__type`,
 * `status` the HTTP status and `operation` the operation.
 */
export async function api(url, operation, body = {}) {
  const endpoint = `${base(url)}/`;
  const headers = { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}` };
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  // SigV4-signed with the emulator's credentials, as boto3 signs admin calls (the emulator
  // checks the signature of administrative operations only).
  const signature = signatureHeaders({ url: endpoint, headers, body: text });
  const response = await rawFetch(endpoint, { method: 'POST', headers: { ...headers, ...signature }, body: text });
  const answer = await response.text();
  let json;
  try {
    json = answer ? JSON.parse(answer) : {};
  } catch {
    json = null;
  }
  if (!response.ok || json === null) {
    const e = new Error((json && json.message) || `${operation}: HTTP ${response.status} ${answer.slice(0, 200)}`);
    e.code = json && json.__type;
    e.status = response.status;
    e.operation = operation;
    throw e;
  }
  return json;
}

/**
 * GET/POST/DELETE on one of the emulator's own endpoints (`/_emulator/...`), signed (the
 * fault endpoint and a whole pool's outbox need it); the JSON answer.
 */
async function emulatorEndpoint(url, path, method = 'GET', body) {
  const endpoint = `${base(url)}${path}`;
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
  const text = body === undefined ? undefined : JSON.stringify(body);
  const signature = signatureHeaders({ method, url: endpoint, headers, body: text || '' });
  const response = await rawFetch(endpoint, { method, headers: { ...headers, ...signature }, body: text });
  const answer = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${answer}`);
  return JSON.parse(answer);
}

// ---- the outbox ----

/** Every message the emulator "sent" to a user, oldest first. */
export function messages(url, poolId, username) {
  return emulatorEndpoint(url, `/_emulator/messages?${new URLSearchParams({ poolId, username })}`);
}

/** The code of the newest message of `kind` (`SignUp`, `ForgotPassword`, ...; any kind if omitted). */
export async function latestCode(url, poolId, username, kind) {
  const list = (await messages(url, poolId, username)).filter((m) => !kind || m.kind === kind);
  if (!list.length) throw new Error(`no ${kind || ''} message for ${username}`);
  return list[list.length - 1].code;
}

// ---- TOTP (RFC 6238: HMAC-SHA1, 30 s steps, 6 digits) ----

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    const i = alphabet.indexOf(c);
    if (i < 0) throw new Error(`not base32: ${JSON.stringify(c)}`);
    value = ((value << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/**
 * The TOTP code of a base32 secret at `unixSeconds` (default: now on the real clock, as an
 * authenticator app has it and as the emulator checks it, whatever the clocks moved here).
 */
export function totp(secret, unixSeconds = Math.floor(RealDate.now() / 1000)) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const h = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = h[h.length - 1] & 0xf;
  return String((h.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

// ---- signing keys (verifier tests) ----

/** `POST /_emulator/keys/rotate`: a new key signs from now on; the old one stays published `keepOldSeconds`. */
export function rotateSigningKey(url, keepOldSeconds) {
  return emulatorEndpoint(url, '/_emulator/keys/rotate', 'POST', keepOldSeconds === undefined ? {} : { keepOldSeconds });
}

/** `POST /_emulator/sign`: a JWT of `claims` signed by the emulator's current key (header as given, or `{kid, alg: RS256}`). */
export async function signJwt(url, claims, header) {
  return (await emulatorEndpoint(url, '/_emulator/sign', 'POST', header === undefined ? { claims } : { claims, header })).token;
}

// ---- faults and clocks ----

/** `/_emulator/faults`: GET the state, POST a rule and/or `clockSkewSeconds`, DELETE everything. */
export function faults(url, method = 'GET', body) {
  return emulatorEndpoint(url, '/_emulator/faults', method, body);
}

/**
 * Moves the emulator's clock `seconds` further ahead: codes expire, new tokens get a later
 * `iat`. Process-wide for that emulator: only for an emulator no other test file shares.
 */
export async function advanceEmulatorClock(url, seconds) {
  const { clockSkewSeconds } = await faults(url);
  await faults(url, 'POST', { clockSkewSeconds: clockSkewSeconds + seconds });
}

let localOffsetMs = 0;

/** `Date` with this process's clock `localOffsetMs` ahead (`new Date()` and `Date.now()`). */
class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + localOffsetMs);
    else super(...args);
  }

  static now() {
    return RealDate.now() + localOffsetMs;
  }
}

/** Moves this process's clock (what the SDKs read through `Date`) `seconds` ahead. */
export function advanceLocalClock(seconds) {
  localOffsetMs += seconds * 1000;
  globalThis.Date = ShiftedDate;
}

/**
 * Lets `seconds` pass for both sides at once, the emulator and this process, so tokens
 * expire as they would after a real wait.
 */
export async function letTimePass(url, seconds) {
  await advanceEmulatorClock(url, seconds);
  advanceLocalClock(seconds);
}

/** The emulator's default lifetime of access and id tokens. */
export const TOKEN_LIFETIME_SECONDS = 3600;

/** Lets the tokens issued so far expire on both clocks (a lifetime and a minute pass). */
export function letTokensExpire(url) {
  return letTimePass(url, TOKEN_LIFETIME_SECONDS + 60);
}

/** Both clocks back on the real time (and every fault rule cleared). */
export async function resetClocks(url) {
  localOffsetMs = 0;
  globalThis.Date = RealDate;
  await faults(url, 'DELETE');
}
