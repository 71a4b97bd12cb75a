// AWS Signature Version 4 for the JS test helpers and the bench: the emulator refuses
// administrative operations, whole-pool outboxes and fault injection without a signature
// made with its credentials (default `local` / `local`). The same rules as the Rust
// implementation (src/sigv4.rs): the path and query as sent, re-encoded; every header
// given is signed, plus Host and X-Amz-Date.
import { createHash, createHmac } from 'node:crypto';

/** The credentials an emulator started without --access-key-id / --secret-access-key checks. */
export const EMULATOR_CREDENTIALS = Object.freeze({ accessKeyId: 'local', secretAccessKey: 'local' });

// The real clock, captured at load: tests move `globalThis.Date` ahead, and the emulator
// checks signing times against the real clock.
const RealDate = globalThis.Date;

const sha256Hex = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();

/** Percent-encodes all but A-Z a-z 0-9 - _ . ~ (and `/` when keepSlash), upper-case hex. */
function uriEncode(bytes, keepSlash) {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c) || (keepSlash && c === '/')) out += c;
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** `%XX` escapes decoded to bytes (a `%` without two hex digits stays). */
function percentDecode(s) {
  const raw = Buffer.from(s, 'utf8');
  const out = [];
  for (let i = 0; i < raw.length; i++) {
    const hex = raw.subarray(i + 1, i + 3).toString('latin1');
    if (raw[i] === 0x25 && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else {
      out.push(raw[i]);
    }
  }
  return out;
}

function canonicalQuery(query) {
  const pairs = query.split('&').filter(Boolean).map((kv) => {
    const at = kv.indexOf('=');
    const [k, v] = at < 0 ? [kv, ''] : [kv.slice(0, at), kv.slice(at + 1)];
    return [uriEncode(percentDecode(k), false), uriEncode(percentDecode(v), false)];
  });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

/** `YYYYMMDD'T'HHMMSS'Z'`. */
export function amzDate(date) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The headers that sign a request: `{ 'X-Amz-Date', Authorization }`, to send along with
 * `headers` (which are all signed, with the Host of `url`).
 */
export function signatureHeaders({ method = 'POST', url, headers = {}, body = '', credentials = EMULATOR_CREDENTIALS,
  region = 'us-east-1', service = 'cognito-idp', date = new RealDate() }) {
  const u = new URL(url);
  const stamp = amzDate(date);
  const all = new Map();
  const add = (k, v) => {
    const name = k.toLowerCase();
    const value = String(v).trim().replace(/\s+/g, ' ');
    all.set(name, all.has(name) ? `${all.get(name)},${value}` : value);
  };
  add('host', u.host);
  for (const [k, v] of Object.entries(headers)) add(k, v);
  add('x-amz-date', stamp);
  const names = [...all.keys()].sort();
  const canonicalRequest = [
    method.toUpperCase(),
    uriEncode(Buffer.from(u.pathname || '/', 'utf8'), true),
    canonicalQuery(u.search.replace(/^\?/, '')),
    names.map((n) => `${n}:${all.get(n)}\n`).join(''),
    names.join(';'),
    sha256Hex(body),
  ].join('\n');
  const scope = `${stamp.slice(0, 8)}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256Hex(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${credentials.secretAccessKey}`, stamp.slice(0, 8));
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return {
    'X-Amz-Date': stamp,
    Authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}

/** `fetch` with the request signed (init.body must be a string, or absent). */
export function signedFetch(url, init = {}, options = {}) {
  const method = init.method || 'GET';
  const headers = { ...(init.headers || {}) };
  const signature = signatureHeaders({ method, url, headers, body: init.body || '', ...options });
  return fetch(url, { ...init, method, headers: { ...headers, ...signature } });
}
