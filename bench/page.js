// In-page half of `make bench` (see bench.mjs). Defines window.bench.* functions that
// bench.mjs calls through Playwright. Globals: AmazonCognitoIdentity (ours), Reference.
'use strict';

(() => {
  const enc = new TextEncoder();
  const subtle = crypto.subtle;

  const hexToBytes = (hex) => {
    const out = new Uint8Array(hex.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
    return out;
  };
  const bytesToHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const b64ToBytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const bytesToB64 = (bytes) => btoa(String.fromCharCode(...bytes));
  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };
  /** Bytes in our secret exponent a (src/srp/client.rs SMALL_A_BYTES); checked in srp(). */
  const OURS_A_BYTES = 32;
  const randomBigInt = (bytes) => BigInt('0x' + bytesToHex(crypto.getRandomValues(new Uint8Array(bytes))));

  async function hmac(key, message) {
    const k = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await subtle.sign('HMAC', k, message));
  }

  /** The PASSWORD_CLAIM_SIGNATURE for a derived key (same code for every implementation). */
  async function signature(key, v) {
    const message = concat(enc.encode(v.pool_name), enc.encode(v.user_id_for_srp), b64ToBytes(v.secret_block_b64), enc.encode(v.timestamp));
    return bytesToB64(await hmac(new Uint8Array(key), message));
  }

  // ---- Hand-written JS BigInt SRP (the same steps as the SDK, square-and-multiply modpow) ----
  let N = 0n;
  let K = 0n;
  function modPow(base, exp) {
    base %= N;
    let r = 1n;
    for (const bit of exp.toString(2)) {
      r = (r * r) % N;
      if (bit === '1') r = (r * base) % N;
    }
    return r;
  }
  function padHex(v) {
    let hex = v.toString(16);
    if (hex.length % 2) hex = '0' + hex;
    return /^[89a-f]/.test(hex) ? '00' + hex : hex;
  }
  const sha256 = async (bytes) => new Uint8Array(await subtle.digest('SHA-256', bytes));
  const hexHashInt = async (hex) => BigInt('0x' + bytesToHex(await sha256(hexToBytes(hex))));

  async function jsSrp(v, smallA) {
    const B = BigInt('0x' + v.srp_b_hex);
    const salt = BigInt('0x' + v.salt_hex);
    const A = modPow(2n, smallA);
    const u = await hexHashInt(padHex(A) + padHex(B));
    const inner = bytesToHex(await sha256(enc.encode(`${v.pool_name}${v.user_id_for_srp}:${v.password}`)));
    const x = await hexHashInt(padHex(salt) + inner);
    const base = (((B - K * modPow(2n, x)) % N) + N) % N;
    const S = modPow(base, smallA + u * x);
    const prk = await hmac(hexToBytes(padHex(u)), hexToBytes(padHex(S)));
    const key = (await hmac(prk, concat(enc.encode('Caldera Derived Key'), new Uint8Array([1])))).slice(0, 16);
    return { A, key, signature: await signature(key, v) };
  }

  // ---- The two SDKs through their exported AuthenticationHelper ----
  const keyOf = (helper, v, B, salt) =>
    new Promise((resolve, reject) =>
      helper.getPasswordAuthenticationKey(v.user_id_for_srp, v.password, B, salt, (err, key) => (err ? reject(err) : resolve(key))),
    );

  async function oursSrp(v) {
    const helper = new AmazonCognitoIdentity.AuthenticationHelper(v.pool_name); // a, A
    const key = await keyOf(helper, v, BigInt('0x' + v.srp_b_hex), BigInt('0x' + v.salt_hex));
    const sig = await signature(key, v);
    return { helper, sig };
  }

  async function referenceSrp(v) {
    const helper = new Reference.AuthenticationHelper(v.pool_name); // a, A (jsbn)
    const BigInteger = helper.N.constructor; // the reference does not export jsbn
    const key = await keyOf(helper, v, new BigInteger(v.srp_b_hex, 16), new BigInteger(v.salt_hex, 16));
    const sig = await signature(key, v);
    return { helper, sig };
  }

  async function time(fn) {
    const t0 = performance.now();
    const out = await fn();
    return [performance.now() - t0, out];
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };

  window.bench = {
    /** SRP timings, interleaved so that background noise hits every implementation alike. */
    async srp({ vector: v, runs, nHex, kHex }) {
      N = BigInt('0x' + nHex);
      K = BigInt('0x' + kHex);
      // Where the SRP math lives in a lazily loaded module, load it first: this measures the
      // math (the page-level figures count the module's load).
      if (typeof AmazonCognitoIdentity.prefetch === 'function') await AmazonCognitoIdentity.prefetch();
      // The hand-written version must be real: check it against the vector first.
      const check = await jsSrp(v, BigInt('0x' + v.small_a_hex));
      if (bytesToHex(check.key) !== v.hkdf_key_hex || check.signature !== v.password_claim_signature_b64) {
        throw new Error('JS BigInt SRP does not match the vector');
      }
      const probe = new AmazonCognitoIdentity.AuthenticationHelper(v.pool_name);
      const aBits = Math.max(...Array.from({ length: 16 }, () => probe.generateRandomSmallA().toString(2).length));
      probe.free?.();
      if (aBits > 8 * OURS_A_BYTES || aBits < 8 * OURS_A_BYTES - 8) {
        throw new Error(`ours draws ${aBits}-bit a; bench/page.js assumes ${8 * OURS_A_BYTES}`);
      }
      // The JS BigInt baseline does our work with our exponent sizes: a of OURS_A_BYTES random
      // bytes (256 bits, RFC 5054's minimum; src/srp/client.rs SMALL_A_BYTES). The reference
      // draws its own 128-byte a inside its AuthenticationHelper.
      const t = { ours: [], reference: [], js: [] };
      const first = {};
      for (let i = 0; i <= runs; i++) {
        const [o, ours] = await time(() => oursSrp(v));
        ours.helper.free?.();
        const [r] = await time(() => referenceSrp(v));
        const [j] = await time(() => jsSrp(v, randomBigInt(OURS_A_BYTES)));
        if (i === 0) {
          // The very first run in a fresh page: wasm still in its baseline tier, JS cold.
          Object.assign(first, { ours: o, reference: r, js: j });
          continue;
        }
        t.ours.push(o);
        t.reference.push(r);
        t.js.push(j);
      }
      const med = Object.fromEntries(Object.entries(t).map(([k, xs]) => [k, median(xs)]));
      return { median: med, first, runs };
    },

    /** One full USER_SRP_AUTH sign-in with the given library namespace, against the emulator. */
    async signin(which, { UserPoolId, ClientId, endpoint, Username, Password }) {
      const lib = which === 'ours' ? AmazonCognitoIdentity : Reference;
      const memory = new Map();
      const Storage = {
        setItem: (k, val) => memory.set(k, String(val)),
        getItem: (k) => (memory.has(k) ? memory.get(k) : null),
        removeItem: (k) => memory.delete(k),
        clear: () => memory.clear(),
      };
      const pool = new lib.CognitoUserPool({ UserPoolId, ClientId, endpoint, Storage });
      const user = new lib.CognitoUser({ Username, Pool: pool, Storage });
      const details = new lib.AuthenticationDetails({ Username, Password });
      const t0 = performance.now();
      await new Promise((resolve, reject) =>
        user.authenticateUser(details, {
          onSuccess: resolve,
          onFailure: reject,
          newPasswordRequired: () => reject(new Error('newPasswordRequired')),
          mfaRequired: () => reject(new Error('mfaRequired')),
          totpRequired: () => reject(new Error('totpRequired')),
        }),
      );
      return performance.now() - t0;
    },
  };
})();
