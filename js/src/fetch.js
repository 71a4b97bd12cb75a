// The default transport of `Client.prototype.request`: one POST through the host's global
// `fetch` (read at call time, so a polyfill installed later is honoured). What to send (the
// headers) and how to read the answer (status, body, `x-amzn-errortype` -> data or a typed
// error) are the session module's; this file only moves the bytes:
// - redirects are never followed (`redirect: 'manual'`: a 3xx, or a browser's opaque
//   redirect, is a RedirectError; following a 307/308 would POST the body, passwords
//   included, to wherever `Location` points);
// - the body is read chunk by chunk and reading stops (the stream is cancelled) past the
//   session module's cap; a `Content-Length` over it fails before reading;
// - with a time limit, one timer aborts the request (AbortController) and the wait itself is
//   raced against it, so a polyfill that ignores `signal` cannot hang the SDK either.
import { session } from './core.js';

const handled = (promise) => {
  if (promise && typeof promise.catch === 'function') promise.catch(() => {});
};

/** `response.body.cancel()` or `reader.cancel()`: releases a body that will not be read. */
function cancel(stream) {
  try {
    if (stream && typeof stream.cancel === 'function') handled(stream.cancel());
  } catch {
    // nothing more to release
  }
}

/**
 * The body as text (UTF-8, invalid bytes replaced, a leading BOM dropped), or `undefined`
 * past `cap` bytes. A body that cannot be read (the connection broke) reads as empty.
 */
async function readBody(response, cap, within) {
  const stream = response.body;
  if (stream === null) return '';
  if (stream === undefined || typeof stream.getReader !== 'function') {
    // A polyfill without streams: the whole body arrives before its size can be checked.
    const text = await within(typeof response.text === 'function' ? response.text() : '').catch(() => '');
    const whole = typeof text === 'string' ? text : '';
    return new TextEncoder().encode(whole).length > cap ? undefined : whole;
  }
  const reader = stream.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    let chunk;
    try {
      chunk = await within(reader.read());
    } catch {
      cancel(reader);
      return '';
    }
    if (!chunk || chunk.done) break;
    // `ArrayBuffer.isView`, not `instanceof`: a chunk from another realm is still bytes.
    if (!ArrayBuffer.isView(chunk.value)) {
      cancel(reader);
      return '';
    }
    length += chunk.value.byteLength;
    if (length > cap) {
      cancel(reader);
      return undefined;
    }
    chunks.push(new Uint8Array(chunk.value.buffer, chunk.value.byteOffset, chunk.value.byteLength));
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * POSTs `operation` with `params` to `endpoint`: a Promise of the answer's data, or rejected
 * with the plain error object (`{ code?, name, message, statusCode? }`). `timeoutMs` 0: no limit.
 */
export async function post(endpoint, credentials, timeoutMs, operation, params) {
  const s = session();
  let body;
  try {
    body = params === undefined ? '{}' : JSON.stringify(params);
  } catch {
    body = undefined;
  }
  if (typeof body !== 'string') throw { name: 'Error', message: 'The request parameters cannot be sent as JSON.' };
  const init = { method: 'POST', mode: 'cors', redirect: 'manual', headers: s.requestHeaders(operation), body };
  if (credentials) init.credentials = credentials;
  let timer;
  let fired = false;
  let expired;
  if (timeoutMs > 0 && typeof setTimeout === 'function') {
    const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
    if (controller) init.signal = controller.signal;
    expired = new Promise((resolve, reject) => {
      timer = setTimeout(() => {
        fired = true;
        if (controller) controller.abort();
        reject(new Error('cognito-wasm: request timed out'));
      }, timeoutMs);
    });
    handled(expired);
  }
  // `Promise.resolve` adopts any thenable, from this realm or another.
  const within = (promise) => (expired ? Promise.race([Promise.resolve(promise), expired]) : Promise.resolve(promise));
  const timedOut = () => s.transportError('timeout', 0, timeoutMs);
  try {
    let response;
    try {
      if (typeof globalThis.fetch !== 'function') throw new Error('fetch is not available in this environment');
      response = await within(globalThis.fetch(String(endpoint), init));
      if (response === null || typeof response !== 'object') throw new TypeError('fetch gave no Response');
    } catch {
      throw fired ? timedOut() : s.transportError('network', 0, 0);
    }
    const status = Number(response.status) || 0;
    if (response.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
      cancel(response.body);
      throw s.transportError('redirect', status, 0);
    }
    const header = (name) => {
      try {
        const value = response.headers.get(name);
        return value == null ? undefined : String(value);
      } catch {
        return undefined;
      }
    };
    const cap = s.maxResponseBytes();
    const announced = Number(header('content-length'));
    if (announced > cap) {
      cancel(response.body);
      throw s.transportError('tooLarge', 0, 0);
    }
    const text = await readBody(response, cap, within);
    // A body cut off by the deadline is a timeout, not an empty answer.
    if (fired) throw timedOut();
    if (text === undefined) throw s.transportError('tooLarge', 0, 0);
    return s.readResponse(status, text, header('x-amzn-errortype'));
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
