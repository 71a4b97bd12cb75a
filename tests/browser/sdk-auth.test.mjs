// The SDK classes in headless Chromium (the ES module build, dist/web/index.js) against
// the emulator: SRP sign-in with localStorage (the default) and with CookieStorage,
// getCurrentUser + getSession from storage, fetchOptions.credentials, sign-out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withEmulatorAndBrowser } from './setup.mjs';
import { PASSWORD, createPool, createUser } from '../js/sdk-support.mjs';

const env = withEmulatorAndBrowser();

async function openPage(name = 'esm') {
  const page = await env.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${env.server.url}/tests/browser/pages/${name}.html`);
  await page.waitForFunction(() => window.AmazonCognitoIdentity && window.AmazonCognitoIdentity.CognitoUserPool);
  return { page, errors };
}

for (const pageName of ['esm', 'classic']) test(`${pageName} page: SRP sign-in stores tokens in localStorage; getSession reads them back`, async () => {
  const p = await createPool();
  await createUser(p.poolId, 'alice');
  const { page, errors } = await openPage(pageName);
  const result = await page.evaluate(
    async ({ poolData, password }) => {
      const { CognitoUserPool, CognitoUser, AuthenticationDetails } = window.AmazonCognitoIdentity;
      localStorage.clear();
      const userPool = new CognitoUserPool(poolData);
      const cognitoUser = new CognitoUser({ Username: 'alice', Pool: userPool });
      const session = await new Promise((resolve, reject) =>
        cognitoUser.authenticateUser(new AuthenticationDetails({ Username: 'alice', Password: password }), {
          onSuccess: resolve,
          onFailure: reject,
        }),
      );
      const prefix = `CognitoIdentityServiceProvider.${poolData.ClientId}`;
      const lastAuthUser = localStorage.getItem(`${prefix}.LastAuthUser`);
      const current = userPool.getCurrentUser();
      const restored = await new Promise((resolve, reject) => current.getSession((err, s) => (err ? reject(err) : resolve(s))));
      const sameToken = restored.getAccessToken().getJwtToken() === session.getAccessToken().getJwtToken();
      current.signOut();
      return {
        storageIsLocal: userPool.storage === window.localStorage,
        lastAuthUser,
        username: cognitoUser.getUsername(),
        valid: session.isValid(),
        sameToken,
        afterSignOut: localStorage.getItem(`${prefix}.LastAuthUser`),
        probeLeft: localStorage.getItem('aws.cognito.test-ls'),
      };
    },
    { poolData: p.poolData(), password: PASSWORD },
  );
  assert.deepEqual(errors, []);
  assert.equal(result.storageIsLocal, true);
  assert.equal(result.lastAuthUser, result.username);
  assert.equal(result.valid, true);
  assert.equal(result.sameToken, true);
  assert.equal(result.afterSignOut, null);
  assert.equal(result.probeLeft, null);
  await page.close();
});

test('CookieStorage and fetchOptions.credentials in the browser', async () => {
  const p = await createPool();
  await createUser(p.poolId, 'bob');
  const { page, errors } = await openPage();
  const result = await page.evaluate(
    async ({ poolData, password }) => {
      const { CognitoUserPool, CognitoUser, AuthenticationDetails, CookieStorage } = window.AmazonCognitoIdentity;
      const storage = new CookieStorage({ secure: false, sameSite: 'strict', expires: 1 });
      const details = new AuthenticationDetails({ Username: 'bob', Password: password });
      // fetchOptions reach fetch: with credentials 'include' the browser refuses the answer,
      // since the emulator (like Cognito) does not allow credentialed CORS.
      const credentialed = new CognitoUserPool({ ...poolData, fetchOptions: { credentials: 'include' } });
      const refused = await new CognitoUser({ Username: 'bob', Pool: credentialed }).authenticateUserAsync(details).then(() => null, (e) => e.code);
      const userPool = new CognitoUserPool({ ...poolData, Storage: storage, fetchOptions: { credentials: 'omit' } });
      const user = new CognitoUser({ Username: 'bob', Pool: userPool });
      const step = await user.authenticateUserAsync(details);
      const prefix = `CognitoIdentityServiceProvider.${poolData.ClientId}`;
      const inCookie = document.cookie.includes(`${prefix}.LastAuthUser=${user.getUsername()}`);
      const fromCookie = storage.getItem(`${prefix}.${user.getUsername()}.accessToken`) === step.session.getAccessToken().getJwtToken();
      const restored = await userPool.getCurrentUser().getSessionAsync();
      await user.signOutAsync();
      return {
        refused,
        type: step.type,
        inCookie,
        fromCookie,
        restoredValid: restored.isValid(),
        afterSignOut: storage.getItem(`${prefix}.LastAuthUser`),
      };
    },
    { poolData: p.poolData(), password: PASSWORD },
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(result, { refused: 'NetworkError', type: 'SUCCESS', inCookie: true, fromCookie: true, restoredValid: true, afterSignOut: null });
  await page.close();
});

test('wrong password and network failure give reference-shaped errors in the browser', async () => {
  const p = await createPool();
  await createUser(p.poolId, 'carol');
  const { page, errors } = await openPage();
  const result = await page.evaluate(
    async ({ poolData }) => {
      const { CognitoUserPool, CognitoUser, AuthenticationDetails } = window.AmazonCognitoIdentity;
      const details = new AuthenticationDetails({ Username: 'carol', Password: 'Wrong-Password-1' });
      const wrong = await new Promise((resolve) =>
        new CognitoUser({ Username: 'carol', Pool: new CognitoUserPool(poolData) }).authenticateUser(details, {
          onSuccess: () => resolve(null),
          onFailure: (e) => resolve({ code: e.code, name: e.name, message: e.message, isError: e instanceof Error }),
        }),
      );
      const offline = new CognitoUserPool({ ...poolData, endpoint: 'http://127.0.0.1:9/' });
      const net = await new CognitoUser({ Username: 'carol', Pool: offline }).authenticateUserAsync(details).catch((e) => ({ code: e.code, message: e.message }));
      return { wrong, net };
    },
    { poolData: p.poolData() },
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(result.wrong, { code: 'NotAuthorizedException', name: 'NotAuthorizedException', message: 'Incorrect username or password.', isError: true });
  assert.deepEqual(result.net, { code: 'NetworkError', message: 'Network error' });
  await page.close();
});
