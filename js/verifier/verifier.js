// cognito-wasm/verifier: verify Cognito JWTs in Node >= 18 and browsers, with the checks of
// aws-jwt-verify's CognitoJwtVerifier. The checks (taking the token apart, the JWKS cache and
// its refetch rule, the key, the algorithm, the claims) are the Rust core's, in a small wasm
// module of their own; the RS256 signature is checked here, with node:crypto on Node (node.js)
// and WebCrypto (crypto.subtle) in browsers, so no RSA code is in any wasm. Only glue lives in
// this file.
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

/** The verdict of `VerifierCore.check` when the JWKS must be fetched first (src/wasm/verifier_api.rs). */
const NEEDS_FETCH = -1;

export class CognitoJwtVerifier {
  #core;
  #inFlight = null;
  /**
   * Imported keys by their index in the cached JWKS (`check`'s verdict >> 1): CryptoKey
   * promises (WebCrypto) and the synchronous platform's key objects. Emptied whenever a
   * JWKS is cached, as the indexes then change.
   */
  #cryptoKeys = [];
  #syncKeys = [];

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
    this.#cryptoKeys = [];
    this.#syncKeys = [];
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

  /** The wasm checks of the token's `bytes` (`VerifierCore.check`): its verdict, or the error of a failed check. */
  #check(bytes, fetched, mayFetch) {
    try {
      return this.#core.check(bytes, nowSeconds(), fetched, mayFetch);
    } catch (e) {
      throw typed(e);
    }
  }

  /**
   * Resolves with the payload of a valid token; rejects with the error of the failed check.
   * With the JWKS cached, on Node the signature is checked at once with node:crypto, as
   * aws-jwt-verify does (WebCrypto would add a thread-pool round trip per token, which costs
   * more than the RSA itself), so there is no `await` at all; in browsers, with WebCrypto.
   */
  async verify(token) {
    const bytes = tokenBytes(token);
    let verdict = this.#check(bytes, false, true);
    if (verdict === NEEDS_FETCH) {
      await this.#fetchShared();
      verdict = this.#check(bytes, true, true);
    }
    const sync = getSyncRs256();
    if (sync) return this.#finishSync(sync, token, bytes, verdict);
    const signature = this.#core.takeSignature();
    const outcome = this.#outcome(verdict);
    const key = await this.#cryptoKey(verdict >> 1);
    const valid = await subtle.verify('RSASSA-PKCS1-v1_5', key, signature, signingInput(token, bytes));
    return finish(valid, outcome);
  }

  /**
   * The payload of a valid token, synchronously, with the cached JWKS (hydrate(), verify() or
   * cacheJwks() first). Needs synchronous RSA: Node has it; browsers' WebCrypto does not
   * (NotSupportedError, as in aws-jwt-verify): use verify() there.
   */
  verifySync(token) {
    const bytes = tokenBytes(token);
    const verdict = this.#check(bytes, false, false);
    const sync = getSyncRs256();
    if (!sync) throw new NotSupportedError('verifySync() needs synchronous RSA, which WebCrypto does not offer: use verify()', 'signature');
    return this.#finishSync(sync, token, bytes, verdict);
  }

  /** The signature of the token just checked, with the platform's synchronous RSA, then the verdict. */
  #finishSync(sync, token, bytes, verdict) {
    const key = this.#syncKey(sync, verdict >> 1);
    const valid = sync.verify(key, signingInput(token, bytes), this.#core.takeSignature());
    return finish(valid, this.#outcome(verdict));
  }

  /** The platform's key object of the key at `index` in the cached JWKS, imported once. */
  #syncKey(sync, index) {
    let key = this.#syncKeys[index];
    if (!key) {
      key = sync.importKey(JSON.parse(this.#core.key(index)));
      this.#syncKeys[index] = key;
    }
    return key;
  }

  /** What the token just checked comes to once its signature is valid: its payload's text or the failed claim check. */
  #outcome(verdict) {
    return verdict & 1 ? { error: typed(this.#core.claimsError()) } : { payload: this.#core.takePayload() };
  }

  #cryptoKey(index) {
    if (!subtle) throw new NotSupportedError('WebCrypto (crypto.subtle) is not available here', 'signature');
    let key = this.#cryptoKeys[index];
    if (!key) {
      const jwk = { ...JSON.parse(this.#core.key(index)), alg: 'RS256', ext: true };
      key = subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
      const keys = this.#cryptoKeys;
      key.catch(() => {
        if (keys[index] === key) keys[index] = undefined;
      });
      this.#cryptoKeys[index] = key;
    }
    return key;
  }
}

/** The token's UTF-8 bytes, encoded once for the checks and the signature. */
function tokenBytes(token) {
  if (typeof token !== 'string') throw new JwtParseError('not a valid JWT: JWT is not a string', 'parse');
  return encoder.encode(token);
}

/** The bytes the signature covers (`header.payload`; the checks found the token ASCII). */
function signingInput(token, bytes) {
  return bytes.subarray(0, token.lastIndexOf('.'));
}

/** The payload of a token whose signature is `valid`, or the error of the first failed check. */
function finish(valid, outcome) {
  if (!valid) throw new JwtInvalidSignatureError('Invalid signature', 'signature');
  if (outcome.error) throw outcome.error;
  return JSON.parse(outcome.payload);
}
