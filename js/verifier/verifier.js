// cognito-wasm/verifier: verify Cognito JWTs in Node >= 18 and browsers, with the checks of
// aws-jwt-verify's CognitoJwtVerifier. The checks (taking the token apart, the JWKS cache and
// its refetch rule, the key, the algorithm, the claims) are the Rust core's, in a small wasm
// module of their own; the RS256 signature is checked here with WebCrypto (crypto.subtle), so
// no RSA code is in any wasm. Only glue lives in this file.
import init, { VerifierCore } from 'cognito-verifier-glue';
import WASM_BASE64 from 'cognito-verifier-wasm';
import { FetchError, JwtInvalidSignatureError, JwtParseError, NotSupportedError, ParameterValidationError } from './errors.js';
import { typed } from './typed.js';
import { getSyncRs256 } from './platform.js';

export * from './errors.js';

function base64Bytes(text) {
  if (typeof atob === 'function') return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  return new Uint8Array(Buffer.from(text, 'base64'));
}

// Asynchronous compilation: browsers refuse to compile a module this size synchronously on
// the main thread.
await init({ module_or_path: base64Bytes(WASM_BASE64) });

const subtle = globalThis.crypto && globalThis.crypto.subtle;
const encoder = new TextEncoder();
/** How long a JWKS fetch may take. */
const FETCH_TIMEOUT_MS = 5000;

function call(fn) {
  try {
    return fn();
  } catch (e) {
    throw typed(e);
  }
}

function nowSeconds() {
  return Date.now() / 1000;
}

async function fetchJwksText(uri) {
  let response;
  try {
    response = await fetch(uri, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { Accept: 'application/json' } });
  } catch (e) {
    const reason = e && (e.name === 'TimeoutError' || e.name === 'AbortError') ? `timed out after ${FETCH_TIMEOUT_MS} ms` : 'network error';
    throw new FetchError(`JWKS could not be fetched: ${reason}`, 'fetch');
  }
  if (response.status !== 200) throw new FetchError(`JWKS could not be fetched: HTTP status ${response.status}`, 'fetch');
  try {
    return await response.text();
  } catch {
    throw new FetchError('JWKS could not be fetched: the answer broke off', 'fetch');
  }
}

export class CognitoJwtVerifier {
  #core;
  #inFlight = null;
  /** CryptoKey promises by `n.e`. */
  #keys = new Map();
  /** Synchronous keys (Node) by `n.e`. */
  #syncKeys = new Map();

  /**
   * `props`: `{ userPoolId, tokenUse: 'id'|'access'|null, clientId: string|string[]|null,
   * scope?, groups?, graceSeconds?, issuer?, jwksUri? }`. `issuer` / `jwksUri` point the
   * verifier at the emulator, a custom domain or a proxy.
   */
  static create(props) {
    return new CognitoJwtVerifier(props);
  }

  constructor(props) {
    if (props === null || typeof props !== 'object' || Array.isArray(props)) {
      throw new ParameterValidationError('CognitoJwtVerifier.create() takes an object of settings', 'config');
    }
    this.#core = call(() => new VerifierCore(JSON.stringify(props)));
  }

  /** Where the JWKS is fetched from. */
  get jwksUri() {
    return this.#core.jwksUri;
  }

  /** Put a JWKS (an object or its JSON text) in the cache, e.g. one fetched at build time. */
  cacheJwks(jwks) {
    const text = typeof jwks === 'string' ? jwks : JSON.stringify(jwks);
    call(() => this.#core.cacheJwks(text));
  }

  /** Fetch the JWKS now (at start-up), so the first verify() does not wait and verifySync() works. */
  async hydrate() {
    await this.#fetchShared();
  }

  /** One fetch of the JWKS at a time; concurrent verifications share it. */
  #fetchShared() {
    if (!this.#inFlight) {
      this.#inFlight = fetchJwksText(this.#core.jwksUri)
        .then((text) => this.cacheJwks(text))
        .finally(() => {
          this.#inFlight = null;
        });
    }
    return this.#inFlight;
  }

  #prepare(token, fetched, mayFetch) {
    if (typeof token !== 'string') throw new JwtParseError('not a valid JWT: JWT is not a string', 'parse');
    return call(() => this.#core.prepare(token, nowSeconds(), fetched, mayFetch));
  }

  /** Resolves with the payload of a valid token; rejects with the error of the failed check. */
  async verify(token) {
    let prepared = this.#prepare(token, false, true);
    if (prepared.needsFetch) {
      prepared.free();
      await this.#fetchShared();
      prepared = this.#prepare(token, true, true);
    }
    try {
      const key = await this.#cryptoKey(prepared.n, prepared.e);
      const data = encoder.encode(token.slice(0, prepared.signingInputLength));
      const valid = await subtle.verify('RSASSA-PKCS1-v1_5', key, prepared.signature, data);
      return this.#finish(prepared, valid);
    } finally {
      prepared.free();
    }
  }

  /**
   * The payload of a valid token, synchronously, with the cached JWKS (hydrate(), verify() or
   * cacheJwks() first). Needs synchronous RSA: Node has it; browsers' WebCrypto does not
   * (NotSupportedError, as in aws-jwt-verify): use verify() there.
   */
  verifySync(token) {
    const prepared = this.#prepare(token, false, false);
    try {
      const syncRs256 = getSyncRs256();
      if (!syncRs256) throw new NotSupportedError('verifySync() needs synchronous RSA, which WebCrypto does not offer: use verify()', 'signature');
      const data = encoder.encode(token.slice(0, prepared.signingInputLength));
      return this.#finish(prepared, syncRs256(this.#syncKeys, prepared.n, prepared.e, data, prepared.signature));
    } finally {
      prepared.free();
    }
  }

  #finish(prepared, valid) {
    if (!valid) throw new JwtInvalidSignatureError('Invalid signature', 'signature');
    const claimsError = prepared.claimsError;
    if (claimsError) throw typed(claimsError);
    return JSON.parse(prepared.payload);
  }

  #cryptoKey(n, e) {
    if (!subtle) throw new NotSupportedError('WebCrypto (crypto.subtle) is not available here', 'signature');
    const id = `${n}.${e}`;
    let key = this.#keys.get(id);
    if (!key) {
      key = subtle.importKey('jwk', { kty: 'RSA', n, e, alg: 'RS256', ext: true }, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
      key.catch(() => this.#keys.delete(id));
      this.#keys.set(id, key);
    }
    return key;
  }
}
