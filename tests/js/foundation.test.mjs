// The JavaScript face of the SRP core, in Node, through the package entries, checked
// side by side with the real amazon-cognito-identity-js and the shared vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { createHash, createHmac } from 'node:crypto';

const require = createRequire(import.meta.url);
const ours = require('../../'); // the package root, as a user's require('cognito-wasm') resolves it
const reference = require('amazon-cognito-identity-js');
const RefHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper').default;
const RefBigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;
const vectors = JSON.parse(readFileSync(new URL('../vectors/srp-public.json', import.meta.url)));
const N = BigInt('0x' + vectors.constants.N_hex);
const k = BigInt('0x' + vectors.constants.k_hex);

function modPow(base, exp, mod) {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return result;
}
const hex = (n) => n.toString(16);
const padHex = (n) => new RefHelper('x').padHex(new RefBigInteger(hex(n), 16));
const sha256Hex = (buf) => createHash('sha256').update(buf).digest('hex');

test('require and import both expose the reference runtime names of the foundation', async () => {
  for (const name of ['AuthenticationHelper', 'DateHelper', 'WordArray', 'appendToCognitoUserAgent']) {
    assert.equal(typeof ours[name], 'function', name);
    assert.equal(typeof reference[name], 'function', `reference has ${name}`);
  }
  const esm = await import('cognito-wasm');
  assert.equal(esm.AuthenticationHelper, ours.AuthenticationHelper);
  await esm.ready;
});

test('padHex agrees with the reference and the vectors', () => {
  const helper = new ours.AuthenticationHelper('pool');
  for (const c of vectors.padhex_cases) {
    const value = c.value_hex.startsWith('-') ? -BigInt('0x' + c.value_hex.slice(1)) : BigInt('0x' + c.value_hex);
    assert.equal(helper.padHex(value), c.padhex, c.value_hex);
  }
  for (const v of [1n, 0x7fn, 0x80n, N, N - 1n, 2n ** 1024n + 5n]) {
    assert.equal(helper.padHex(v), padHex(v));
    assert.equal(helper.padHex(new RefBigInteger(hex(v), 16)), padHex(v), 'accepts a jsbn value');
  }
  assert.throws(() => helper.padHex({}), /BigInteger/);
});

test('hash, hexHash, computehkdf and calculateU match the reference helper', () => {
  const ourHelper = new ours.AuthenticationHelper('pool');
  const refHelper = new RefHelper('pool');
  for (const s of ['', 'abc', 'päßwörd ✓', 'x'.repeat(1000)]) {
    assert.equal(ourHelper.hash(s), refHelper.hash(s));
    assert.equal(ourHelper.hash(Buffer.from(s)), refHelper.hash(Buffer.from(s)));
    const h = Buffer.from(s).toString('hex');
    assert.equal(ourHelper.hexHash(h), refHelper.hexHash(h));
  }
  const ikm = Buffer.from('00ff10', 'hex');
  const salt = Buffer.from('abcdef0123', 'hex');
  assert.deepEqual(Buffer.from(ourHelper.computehkdf(ikm, salt)), Buffer.from(refHelper.computehkdf(ikm, salt)));
  const A = BigInt('0x' + vectors.user_srp_vectors[0].large_a_hex);
  const B = BigInt('0x' + vectors.user_srp_vectors[0].srp_b_hex);
  assert.equal(hex(ourHelper.calculateU(A, B)), vectors.user_srp_vectors[0].u_hex);
  assert.equal(ourHelper.getNewPasswordRequiredChallengeUserAttributePrefix(), 'userAttributes.');
  assert.throws(() => ourHelper.hexHash('abc'), /hexadecimal/);
});

test('A = g^a mod N, and the key a real SRP server would derive (server side done with BigInt here)', () => {
  for (const vector of vectors.user_srp_vectors.slice(0, 5)) {
    const helper = new ours.AuthenticationHelper(vector.pool_name);
    let A;
    helper.getLargeAValue((err, value) => {
      assert.equal(err, null);
      A = value;
    });
    assert.equal(typeof A, 'bigint');
    assert.ok(A > 1n && A < N);

    // Server: v from the vector's verifier, a fresh b, B = k·v + g^b.
    const v = BigInt('0x' + vector.server.verifier_hex);
    const b = BigInt('0x' + 'a5'.repeat(32));
    const B = (k * v + modPow(2n, b, N)) % N;
    const salt = BigInt('0x' + vector.salt_hex);
    let key;
    helper.getPasswordAuthenticationKey(vector.user_id_for_srp, vector.password, B, salt, (err, value) => {
      assert.equal(err, null);
      key = Buffer.from(value);
    });
    const u = BigInt('0x' + sha256Hex(Buffer.from(padHex(A) + padHex(B), 'hex')));
    const S = modPow((A * modPow(v, u, N)) % N, b, N);
    const prk = createHmac('sha256', Buffer.from(padHex(u), 'hex')).update(Buffer.from(padHex(S), 'hex')).digest();
    const serverKey = createHmac('sha256', prk).update(Buffer.concat([Buffer.from('Caldera Derived Key'), Buffer.from([1])])).digest().subarray(0, 16);
    assert.deepEqual(key, serverKey, `vector ${vector.id}`);

    // A wrong password gives a different key.
    helper.getPasswordAuthenticationKey(vector.user_id_for_srp, vector.password + 'x', B, salt, (err, value) => {
      assert.notDeepEqual(Buffer.from(value), serverKey);
    });
  }
});

test('getPasswordAuthenticationKey throws like the reference on B = 0 and rejects junk', () => {
  const helper = new ours.AuthenticationHelper('pool');
  assert.throws(() => helper.getPasswordAuthenticationKey('u', 'p', 0n, 1n, () => {}), /B cannot be zero\./);
  assert.throws(() => helper.getPasswordAuthenticationKey('u', 'p', N, 1n, () => {}), /B cannot be zero\./);
  assert.throws(() => helper.getPasswordAuthenticationKey('u', 'p', 'not hex', 1n, () => {}), /BigInteger/);
  assert.throws(() => helper.getPasswordAuthenticationKey('u', 'p', 'f'.repeat(1 << 20), 1n, () => {}), /too long/);
});

test('generateHashDevice makes a verifier the reference math agrees with', () => {
  const helper = new ours.AuthenticationHelper('pool');
  let called = 0;
  helper.generateHashDevice('us-east-1_group', 'device-key-1', (err, value) => {
    assert.equal(err, null);
    assert.equal(value, null);
    called++;
  });
  assert.equal(called, 1);
  const password = helper.getRandomPassword();
  const saltHex = helper.getSaltDevices();
  assert.equal(password.length, 56);
  assert.equal(Buffer.from(password, 'base64').length, 40);
  const ref = new RefHelper('pool');
  const x = BigInt('0x' + ref.hexHash(saltHex + ref.hash(`us-east-1_groupdevice-key-1:${password}`)));
  assert.equal(helper.getVerifierDevices(), padHex(modPow(2n, x, N)));
  assert.equal(saltHex, padHex(BigInt('0x' + saltHex)));
});

test('DateHelper, WordArray and appendToCognitoUserAgent', () => {
  const now = new ours.DateHelper().getNowString();
  assert.match(now, /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [1-9]\d? \d\d:\d\d:\d\d UTC \d{4}$/);
  const refNow = new reference.DateHelper().getNowString();
  assert.equal(now.slice(0, 10), refNow.slice(0, 10));
  const words = ours.WordArray.random(16);
  assert.equal(words.toString().length, 32);
  assert.notEqual(words.toString(), ours.WordArray.random(16).toString());
  assert.equal(ours.WordArray.random(3).toString().length, 6);
  assert.equal(new ours.WordArray().random(5).toString().length, 10, 'instance form, as the reference');
  assert.equal(new reference.WordArray().random(5).toString().length, 10);
  ours.appendToCognitoUserAgent('framework/test');
  ours.appendToCognitoUserAgent('framework/test');
  assert.equal(ours.getCognitoUserAgent(), 'aws-amplify/5.0.4 framework/test');
});
