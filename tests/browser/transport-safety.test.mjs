// The fetch transport's safety rules in headless Chromium (the ES module build,
// dist/web/index.js), where a redirect shows up as an opaque redirect: a 307/308 is never
// followed (the password body would be re-sent to the Location), and an oversized body
// is not read past the cap. The Node twin is tests/js/sdk-transport-safety.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withEmulatorAndBrowser } from './setup.mjs';
import { startFloodingServer, startRecordingServer, startRedirectingServer } from '../support/hostile-servers.mjs';
import { sleep } from '../js/sdk-support.mjs';

const env = withEmulatorAndBrowser();
const SECRET = 'Not-For-Elsewhere-7';

/** USER_PASSWORD_AUTH against `endpoint` in a fresh page; resolves with the error's fields. */
async function passwordSignInError(endpoint) {
  const page = await env.browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  try {
    await page.goto(`${env.server.url}/tests/browser/pages/esm.html`);
    await page.waitForFunction(() => window.AmazonCognitoIdentity && window.AmazonCognitoIdentity.CognitoUserPool);
    const err = await page.evaluate(
      async ({ endpoint, secret }) => {
        const { CognitoUserPool, CognitoUser, AuthenticationDetails } = window.AmazonCognitoIdentity;
        const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_Hostile1', ClientId: 'client1', endpoint, requestTimeoutMs: 20000 });
        const user = new CognitoUser({ Username: 'alice', Pool: pool });
        user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
        const details = new AuthenticationDetails({ Username: 'alice', Password: secret });
        const e = await new Promise((resolve) =>
          user.authenticateUser(details, { onSuccess: () => resolve(new Error('signed in through a hostile endpoint')), onFailure: resolve }),
        );
        return { code: e.code, name: e.name, message: e.message, statusCode: e.statusCode ?? null };
      },
      { endpoint, secret: SECRET },
    );
    assert.deepEqual(pageErrors, []);
    return err;
  } finally {
    await page.close();
  }
}

for (const status of [307, 308]) {
  test(`Chromium: a ${status} redirect fails with RedirectError and the Location receives nothing`, async (t) => {
    const collector = await startRecordingServer();
    const redirector = await startRedirectingServer(status, `${collector.url}/`);
    t.after(() => Promise.all([collector.close(), redirector.close()]));
    const err = await passwordSignInError(`${redirector.url}/`);
    assert.equal(err.code, 'RedirectError', JSON.stringify(err));
    assert.equal(err.name, 'RedirectError');
    assert.equal(err.statusCode, null, 'a browser hides the status of a redirect it does not follow');
    assert.ok(!err.message.includes(SECRET));
    assert.equal(redirector.posts(), 1);
    assert.deepEqual(collector.requests, [], 'the redirect target received nothing (not even a preflight)');
  });
}

test('Chromium: an endless body fails with ResponseTooLargeError and the download is cancelled', async (t) => {
  const flood = await startFloodingServer({ maxBytes: 64 * 1024 * 1024 });
  t.after(flood.close);
  const err = await passwordSignInError(`${flood.url}/`);
  assert.equal(err.code, 'ResponseTooLargeError', JSON.stringify(err));
  await sleep(300);
  assert.equal(flood.finished(), false, `the whole body was sent (${flood.written()} bytes)`);
  assert.ok(flood.written() < 32 * 1024 * 1024, `${flood.written()} bytes were sent`);
});
