// `AuthenticationHelper`: the reference's public SRP helper. Its values live in its own
// fields with the reference's names (`smallAValue`, `largeAValue`, `UValue`, `randomPassword`,
// `SaltToHashDevices`, `verifierDevices`, `N`, `g`, `k`, `poolName`), as native BigInts. The
// hashes and randomness are the session module's (always loaded: usable at once), the SRP
// integer math the flows module's (src/wasm/flows/math.rs), both called with plain hex and
// bytes. Nothing is held in wasm between calls, so a helper used from inside one of its own
// callbacks works.
//
// The integer math needs the flows module: the callback methods (getLargeAValue, calculateA,
// calculateS, generateHashDevice) wait for it; the synchronous ones (calculateU,
// getPasswordAuthenticationKey) need it loaded: `await prefetch()` (or any sign-in) loads it,
// and Node loads it on first use.
import { flows, loadedFlows, session } from './core.js';
import { toError } from './errors.js';

/** The loaded flows module, or an Error saying how to load it. */
function math() {
  const module = loadedFlows();
  if (!module) throw new Error('cognito-wasm: AuthenticationHelper needs the flows module; await prefetch() first');
  return module;
}

/** Runs `work(module)` now when the module is loaded, else once it is; errors go to `callback(err, null)`. */
function withMath(callback, work) {
  const module = loadedFlows();
  const run = (m) => {
    let result;
    try {
      result = work(m);
    } catch (error) {
      callback(toError(error), null);
      return;
    }
    callback(null, result);
  };
  if (module) return run(module);
  flows().then(run, (error) => callback(toError(error), null));
  return undefined;
}

const SIGNED_HEX = /^-?[0-9a-f]+$/i;

/** Hex of a BigInt, a hex string, or any object with `toString(16)` (a jsbn BigInteger). */
function hexOf(value, what) {
  let hex;
  if (typeof value === 'bigint' || typeof value === 'string') hex = typeof value === 'string' ? value : value.toString(16);
  else if (value !== null && typeof value === 'object' && typeof value.toString === 'function') hex = value.toString(16);
  // The shape is checked here; the length by the module (`... is too long.`).
  if (typeof hex !== 'string' || !SIGNED_HEX.test(hex)) throw new Error(`${what} is not a BigInteger`);
  return hex;
}

const big = (hex) => BigInt(`0x${hex}`);

// RFC 5054's 256-bit `a` (the reference draws 128 bytes); the device password's 40 bytes.
const SMALL_A_BYTES = 32;
const DEVICE_PASSWORD_BYTES = 40;

/** `n` random bytes from the platform CSPRNG (the session module's), as hex. */
function randomHex(n) {
  const s = session();
  return s.wordsToHex(call(s.randomWords, n), n);
}

/** Calls a math function, turning its thrown plain error into an `Error`. */
function call(f, ...args) {
  try {
    return f(...args);
  } catch (error) {
    throw toError(error);
  }
}

/** The bytes of a string (UTF-8), a Buffer / typed array / DataView, or an ArrayBuffer. */
function bytesOf(data, what) {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') return new Uint8Array(data);
  throw new Error(`${what} must be a string, a Uint8Array or an ArrayBuffer`);
}

// `[N, g, k, prefix]`, read from the module once: they are constants, and BigInts are
// immutable, so every helper can share them.
let constants;

/** Sets a helper's `N`, `g`, `k` (and the attribute prefix) from the module. */
function setConstants(helper, module) {
  if (!constants) {
    const [n, g, k, prefix] = module.srpConstants();
    constants = [big(n), big(g), big(k), prefix];
  }
  [helper.N, helper.g, helper.k, helper.attributePrefix] = constants;
}

export class AuthenticationHelper {
  constructor(poolName) {
    this.poolName = poolName;
    this.smallAValue = this.generateRandomSmallA();
    const module = loadedFlows();
    if (module) {
      setConstants(this, module);
      this.getLargeAValue(() => {});
    } else {
      // N, g and k arrive with the flows module.
      flows().then((m) => setConstants(this, m), () => {});
    }
  }

  getSmallAValue() {
    return this.smallAValue;
  }

  /** `callback(null, A)`: the kept `A`, else `g^a mod N` for this helper's `a`. */
  getLargeAValue(callback) {
    if (this.largeAValue) return callback(null, this.largeAValue);
    return this.calculateA(this.smallAValue, (err, largeA) => {
      if (err) return callback(err, null);
      this.largeAValue = largeA;
      return callback(null, largeA);
    });
  }

  /** A new random `a` (256 bits from the platform CSPRNG) as a BigInt (the helper keeps its own). */
  generateRandomSmallA() {
    return big(randomHex(SMALL_A_BYTES));
  }

  /** base64 of 40 random bytes. */
  generateRandomString() {
    const hex = randomHex(DEVICE_PASSWORD_BYTES);
    let binary = '';
    for (let i = 0; i < hex.length; i += 2) binary += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
    return btoa(binary);
  }

  getRandomPassword() {
    return this.randomPassword;
  }

  getSaltDevices() {
    return this.SaltToHashDevices;
  }

  getVerifierDevices() {
    return this.verifierDevices;
  }

  /** A new device password, salt and verifier (kept in the fields), then `callback(null, null)`. */
  generateHashDevice(deviceGroupKey, username, callback) {
    withMath(
      (err) => callback(err || null, null),
      (m) => {
        const [randomPassword, salt, verifier] = m.srpDeviceVerifier(String(deviceGroupKey), String(username));
        this.randomPassword = randomPassword;
        this.SaltToHashDevices = salt;
        this.verifierDevices = verifier;
      },
    );
  }

  /** `callback(null, g^a mod N)`; `callback(err)` when A mod N is 0. */
  calculateA(a, callback) {
    withMath(callback, (m) => big(m.srpLargeA(hexOf(a, 'a'))));
  }

  /** `u = H(padHex(A) || padHex(B))`, as a BigInt. */
  calculateU(A, B) {
    const u = call(math().srpU, hexOf(A, 'A'), hexOf(B, 'B'));
    this.UHexHash = u.padStart(64, '0');
    return big(u);
  }

  /** SHA-256 of a UTF-8 string or of bytes, as 64 hex characters. */
  hash(data) {
    return session().sha256Hex(bytesOf(data, 'hash input'));
  }

  /** SHA-256 of the bytes a hex string denotes. */
  hexHash(hex) {
    return call(session().hexHash, String(hex));
  }

  /** The 16-byte HKDF of `ikm` with `salt`. */
  computehkdf(ikm, salt) {
    return session().hkdf(bytesOf(ikm, 'ikm'), bytesOf(salt, 'salt'));
  }

  /**
   * The 16-byte key of a password sign-in for the server's `B` and `salt`, to
   * `callback(null, key)`. Throws `B cannot be zero.` / `U cannot be zero.`, as the reference.
   */
  getPasswordAuthenticationKey(username, password, serverBValue, salt, callback) {
    const m = math();
    const bHex = hexOf(serverBValue, 'serverBValue');
    const aHex = hexOf(this.smallAValue, 'a');
    const saltHex = hexOf(salt, 'salt');
    // A is computed once per helper (the constructor's getLargeAValue, or here when the flows
    // module arrived after it) and passed in, not recomputed by the key.
    if (!this.largeAValue) this.largeAValue = big(call(m.srpLargeA, aHex));
    const key = call(m.srpPasswordKey, String(this.poolName ?? ''), aHex, hexOf(this.largeAValue, 'A'), String(username), String(password), bHex, saltHex);
    this.UValue = this.calculateU(this.largeAValue, serverBValue);
    callback(null, key);
  }

  /** `S = (B - k·g^x)^(a + u·x) mod N` with this helper's `a` and `UValue`, to `callback(null, S)`. */
  calculateS(xValue, serverBValue, callback) {
    withMath(callback, (m) => {
      if (this.UValue === undefined) throw new Error('calculateU must run before calculateS.');
      return big(m.srpS(hexOf(this.smallAValue, 'a'), hexOf(this.UValue, 'u'), hexOf(xValue, 'xValue'), hexOf(serverBValue, 'serverBValue')));
    });
  }

  getNewPasswordRequiredChallengeUserAttributePrefix() {
    return this.attributePrefix ?? math().srpConstants()[3];
  }

  /**
   * The reference's padHex of a BigInt, hex string or jsbn value: even length, `00` before a
   * high nibble, negatives in two's complement (a formatting rule, so it needs no module; the
   * Rust core's `srp::pad_hex` is the same rule for its own hashing).
   */
  padHex(value) {
    const hex = hexOf(value, 'value');
    let out = hex.replace(/^-/, '').toLowerCase().replace(/^0+(?=.)/, '');
    const negative = hex.startsWith('-') && out !== '0';
    if (out.length % 2 === 1) out = `0${out}`;
    if (/^[89a-f]/.test(out)) out = `00${out}`;
    if (!negative) return out;
    const inverted = [...out].map((c) => (~parseInt(c, 16) & 0xf).toString(16)).join('');
    out = (BigInt(`0x${inverted}`) + 1n).toString(16);
    return out.startsWith('ff8') ? out.slice(2) : out;
  }
}

export default AuthenticationHelper;
