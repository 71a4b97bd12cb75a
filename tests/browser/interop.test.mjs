// Interop in one Chromium origin: a session written by the real amazon-cognito-identity-js is
// picked up by cognito-wasm's getCurrentUser().getSession() with the same tokens and no
// request, and the other way round (the storage keys are byte for byte the reference's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withEmulatorAndBrowser } from './setup.mjs';
import { PASSWORD, createPool, createUser } from '../js/sdk-support.mjs';

const env = withEmulatorAndBrowser();

/** Signs in with `writer`, then reads the session back with `reader`, counting requests. */
async function handOver(writer, reader) {
  const p = await createPool();
  await createUser(p.poolId, 'alice');
  const page = await env.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${env.server.url}/tests/browser/pages/classic.html`);
  await page.waitForFunction(() => window.AmazonCognitoIdentity && window.Reference);
  const result = await page.evaluate(
    async ({ poolData, password, writer, reader }) => {
      const sdks = { ours: window.AmazonCognitoIdentity, reference: window.Reference };
      let requests = 0;
      const realFetch = window.fetch;
      // Cognito requests only (POSTs): loading the flows module's wasm is a fetch too.
      window.fetch = (...args) => {
        if (args[1] && args[1].method === 'POST') requests += 1;
        return realFetch(...args);
      };
      localStorage.clear();
      const W = sdks[writer];
      const written = await new Promise((resolve, reject) =>
        new W.CognitoUser({ Username: 'alice', Pool: new W.CognitoUserPool(poolData) }).authenticateUser(
          new W.AuthenticationDetails({ Username: 'alice', Password: password }),
          { onSuccess: resolve, onFailure: reject },
        ),
      );
      const requestsToSignIn = requests;
      const R = sdks[reader];
      const current = new R.CognitoUserPool(poolData).getCurrentUser();
      const read = await new Promise((resolve, reject) => current.getSession((err, s) => (err ? reject(err) : resolve(s))));
      return {
        requestsToSignIn,
        requestsToRead: requests - requestsToSignIn,
        username: current.getUsername(),
        same:
          read.getIdToken().getJwtToken() === written.getIdToken().getJwtToken() &&
          read.getAccessToken().getJwtToken() === written.getAccessToken().getJwtToken() &&
          read.getRefreshToken().getToken() === written.getRefreshToken().getToken(),
        valid: read.isValid(),
        keys: Object.keys(localStorage).sort(),
      };
    },
    { poolData: p.poolData(), password: PASSWORD, writer, reader },
  );
  await page.close();
  assert.deepEqual(errors, []);
  assert.equal(result.requestsToSignIn, 2, 'USER_SRP_AUTH: InitiateAuth + RespondToAuthChallenge');
  assert.equal(result.requestsToRead, 0, 'the session comes from storage, without a request');
  assert.equal(result.same, true);
  assert.equal(result.valid, true);
  assert.equal(result.username, 'alice');
  return result.keys;
}

test('signed in with amazon-cognito-identity-js, read by cognito-wasm', async () => {
  await handOver('reference', 'ours');
});

test('signed in with cognito-wasm, read by amazon-cognito-identity-js; same storage keys', async () => {
  const oursKeys = await handOver('ours', 'reference');
  const referenceKeys = await handOver('reference', 'ours');
  const shape = (keys) => keys.map((k) => k.replace(/^CognitoIdentityServiceProvider\.[^.]+\./, 'P.'));
  assert.deepEqual(shape(oursKeys), shape(referenceKeys));
  assert.ok(shape(oursKeys).includes('P.LastAuthUser'));
});
