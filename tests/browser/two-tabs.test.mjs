// Two tabs of one origin (two Playwright pages in one browser context, sharing localStorage):
// both see the signed-in user; after a sign-out in one, the other's next getSession fails
// instead of serving its stale in-memory session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withEmulatorAndBrowser } from './setup.mjs';
import { PASSWORD, createPool, createUser } from '../js/sdk-support.mjs';

const env = withEmulatorAndBrowser();

async function openTab(context) {
  const page = await context.newPage();
  await page.goto(`${env.server.url}/tests/browser/pages/esm.html`);
  await page.waitForFunction(() => window.AmazonCognitoIdentity && window.AmazonCognitoIdentity.CognitoUserPool);
  return page;
}

/** getSession on the tab's long-lived current user: 'valid', or the error message. */
const getSession = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve) =>
        window.currentUser.getSession((err, session) => resolve(err ? `error: ${err.message}` : session.isValid() ? 'valid' : 'invalid')),
      ),
  );

test('a sign-out in one tab is seen by the other on its next getSession', async () => {
  const p = await createPool();
  await createUser(p.poolId, 'alice');
  const context = await env.browser.newContext();
  const tabA = await openTab(context);
  const tabB = await openTab(context);

  await tabA.evaluate(
    ({ poolData, password }) => {
      const { CognitoUserPool, CognitoUser, AuthenticationDetails } = window.AmazonCognitoIdentity;
      const pool = new CognitoUserPool(poolData);
      window.currentUser = new CognitoUser({ Username: 'alice', Pool: pool });
      return new Promise((resolve, reject) =>
        window.currentUser.authenticateUser(new AuthenticationDetails({ Username: 'alice', Password: password }), { onSuccess: () => resolve(), onFailure: reject }),
      );
    },
    { poolData: p.poolData(), password: PASSWORD },
  );
  await tabB.evaluate((poolData) => {
    window.currentUser = new window.AmazonCognitoIdentity.CognitoUserPool(poolData).getCurrentUser();
  }, p.poolData());
  assert.equal(await getSession(tabB), 'valid', 'tab B picks the session up from localStorage');
  assert.equal(await getSession(tabB), 'valid', 'and keeps it in memory');

  await tabA.evaluate(() => window.currentUser.signOut());
  assert.match(await getSession(tabB), /^error: Local storage is missing an ID Token, Please authenticate/);
  assert.match(await getSession(tabA), /^error: /);
  await context.close();
});
