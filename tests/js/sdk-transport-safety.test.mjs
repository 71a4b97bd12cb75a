// What the SDK does with an endpoint that misbehaves (through the Node build, after
// `make build`): a redirect is never followed (the password would go wherever `Location`
// points), an oversized body is not read past the cap, and sign-out with a storage that
// throws for one key still removes every other key. The browser twin is
// tests/browser/transport-safety.test.mjs.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { Cognito, PASSWORD, createPool, createUser, sleep, startEmulator, stopEmulator, withTimeout } from './sdk-support.mjs';
import { startFloodingServer, startRecordingServer, startRedirectingServer } from '../support/hostile-servers.mjs';

const MAX_RESPONSE_BYTES = 1024 * 1024; // src/wire/transport.rs
const SECRET = 'Not-For-Elsewhere-7';

before(startEmulator);
after(stopEmulator);

/** USER_PASSWORD_AUTH (the password in the request body) against `endpoint`; resolves with the error. */
function passwordSignInError(endpoint, extra = {}) {
  const pool = new Cognito.CognitoUserPool({ UserPoolId: 'us-east-1_Hostile1', ClientId: 'client1', endpoint, ...extra });
  const user = new Cognito.CognitoUser({ Username: 'alice', Pool: pool });
  user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
  const details = new Cognito.AuthenticationDetails({ Username: 'alice', Password: SECRET });
  return withTimeout((resolve, reject) =>
    user.authenticateUser(details, {
      onSuccess: () => reject(new Error('signed in through a hostile endpoint')),
      onFailure: resolve,
    }),
  );
}

for (const status of [307, 308, 302]) {
  test(`a ${status} redirect fails with RedirectError and the password never reaches the Location`, async (t) => {
    const collector = await startRecordingServer();
    const redirector = await startRedirectingServer(status, `${collector.url}/`);
    t.after(() => Promise.all([collector.close(), redirector.close()]));
    const err = await passwordSignInError(`${redirector.url}/`);
    assert.equal(err.code, 'RedirectError', String(err && err.stack));
    assert.equal(err.name, 'RedirectError');
    assert.equal(err.statusCode, status);
    assert.match(err.message, /redirect/);
    assert.ok(!err.message.includes(SECRET));
    assert.equal(redirector.posts(), 1, 'sent once: a redirect is not retried');
    assert.deepEqual(collector.requests, [], 'the redirect target received nothing');
  });
}

test('an endless body fails with ResponseTooLargeError, and reading stops near the cap', async (t) => {
  const flood = await startFloodingServer({ maxBytes: 64 * 1024 * 1024 });
  t.after(flood.close);
  const err = await passwordSignInError(`${flood.url}/`, { requestTimeoutMs: 20_000 });
  assert.equal(err.code, 'ResponseTooLargeError', String(err && err.stack));
  assert.match(err.message, new RegExp(String(MAX_RESPONSE_BYTES)));
  // The client cancelled the stream: the server saw it go away long before 64 MiB (what
  // is written beyond the cap sits in socket buffers).
  await sleep(300);
  assert.equal(flood.finished(), false, `the whole body was sent (${flood.written()} bytes)`);
  assert.ok(flood.written() < 32 * 1024 * 1024, `${flood.written()} bytes were sent`);
});

test('a Content-Length over the cap fails at once, before the body arrives', async (t) => {
  // The server sends one chunk of an announced 8 MiB and then holds the response open: a
  // client that read the body first would wait for the 20 s timeout.
  const flood = await startFloodingServer({ maxBytes: 8 * 1024 * 1024, announce: true });
  t.after(flood.close);
  const started = Date.now();
  const err = await passwordSignInError(`${flood.url}/`, { requestTimeoutMs: 20_000 });
  assert.equal(err.code, 'ResponseTooLargeError', String(err && err.stack));
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
});

test('a body just under the cap is still read (and is not Cognito JSON)', async (t) => {
  const flood = await startFloodingServer({ maxBytes: MAX_RESPONSE_BYTES - 64 * 1024 });
  t.after(flood.close);
  const err = await passwordSignInError(`${flood.url}/`, { requestTimeoutMs: 20_000 });
  assert.notEqual(err.code, 'ResponseTooLargeError', String(err && err.stack));
  assert.equal(flood.finished(), true);
});

/** A Map-backed storage whose removeItem throws for keys ending in `failingSuffix`. */
function storageRefusingRemoval(failingSuffix) {
  const items = new Map();
  const removals = [];
  return {
    items,
    removals,
    setItem: (k, v) => items.set(k, String(v)),
    getItem: (k) => (items.has(k) ? items.get(k) : null),
    removeItem(k) {
      removals.push(k);
      if (k.endsWith(failingSuffix)) throw new Error(`SecurityError: ${failingSuffix} is locked`);
      items.delete(k);
    },
    clear: () => items.clear(),
  };
}

for (const failing of ['.idToken', '.refreshToken', '.LastAuthUser']) {
  test(`signOut() with a storage whose removeItem throws for ${failing} still removes every other key`, async () => {
    const p = await createPool();
    await createUser(p.poolId, 'carol');
    const storage = storageRefusingRemoval(failing);
    const pool = new Cognito.CognitoUserPool(p.poolData({ Storage: storage }));
    const user = new Cognito.CognitoUser({ Username: 'carol', Pool: pool });
    await user.authenticateUserAsync(new Cognito.AuthenticationDetails({ Username: 'carol', Password: PASSWORD }));
    storage.setItem(`CognitoIdentityServiceProvider.${p.clientId}.${user.getUsername()}.userData`, '{"Username":"carol"}');
    const before = [...storage.items.keys()];
    assert.ok(before.some((k) => k.endsWith('.refreshToken')) && before.some((k) => k.endsWith('.LastAuthUser')), before.join());

    assert.throws(
      () => user.signOut(),
      (e) => e.code === 'StorageError' && e.message.includes('is locked'),
    );
    const left = [...storage.items.keys()];
    assert.deepEqual(left.filter((k) => !k.endsWith(failing)), [], `left behind: ${left.join(', ')}`);
    assert.equal(storage.removals.length, 6, storage.removals.join(', ')); // 3 tokens, LastAuthUser, clockDrift, userData
    assert.equal(user.getSignInUserSession(), null);
  });
}
