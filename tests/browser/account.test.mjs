// A tutorial-style sign-up page (tests/browser/pages/account-app.js, written against the
// reference's UMD API: the global AmazonCognitoIdentity, signUp, confirmRegistration,
// resendConfirmationCode, authenticateUser) in headless Chromium, with our
// dist/amazon-cognito-identity.min.js loaded by a classic <script> and by
// <script type="module">, and — as a control that the page is right — with the
// reference's own UMD build. The test types into the form, clicks the buttons and reads
// the codes from the emulator's outbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withEmulatorAndBrowser } from './setup.mjs';
import { PASSWORD, createPool, latestCode } from '../js/sdk-support.mjs';

const env = withEmulatorAndBrowser();

/** Clicks `#button` and returns the status text once the handler has written it. */
async function click(page, button) {
  const before = Number((await page.getAttribute('#status', 'data-count')) || 0);
  await page.click(`#${button}`);
  await page.waitForFunction((n) => Number(document.getElementById('status').getAttribute('data-count') || 0) > n, before, { timeout: 15_000 });
  return page.textContent('#status');
}

const pages = [
  ['classic', 'our build, classic <script>'],
  ['module', 'our build, <script type="module">'],
  ['reference', "the reference's UMD build (control)"],
];

for (const [name, label] of pages) {
  test(`sign-up page with ${label}: sign up, wrong code, resend, confirm, sign in`, async () => {
    const p = await createPool({ AutoVerifiedAttributes: ['email'] });
    const page = await env.browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // (Chromium logs every HTTP 400 of the error steps as "Failed to load resource".)
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
    const query = new URLSearchParams({ pool: p.poolId, client: p.clientId, endpoint: `${env.emulatorUrl}/` });
    await page.goto(`${env.server.url}/tests/browser/pages/account-${name}.html?${query}`);
    await page.waitForFunction(() => window.AmazonCognitoIdentity && window.AmazonCognitoIdentity.CognitoUserPool);
    await page.evaluate(() => localStorage.clear());

    const username = `user-${name}`;
    const email = `${username}@example.com`;
    await page.fill('#username', username);
    await page.fill('#email', email);
    await page.fill('#password', 'short');
    assert.match(await click(page, 'signup'), /^error: InvalidPasswordException: /);

    await page.fill('#password', PASSWORD);
    assert.equal(await click(page, 'signup'), `signed up: ${username}, confirmed: false, code sent by EMAIL`);
    assert.match(await click(page, 'signin'), /^error: UserNotConfirmedException: /);

    const sent = await latestCode(p.poolId, username, 'SignUp');
    await page.fill('#code', sent === '000000' ? '111111' : '000000');
    assert.match(await click(page, 'confirm'), /^error: CodeMismatchException: /);

    assert.match(await click(page, 'resend'), /^code resent by EMAIL to \S+/);
    await page.fill('#code', await latestCode(p.poolId, username, 'ResendConfirmationCode'));
    assert.equal(await click(page, 'confirm'), 'confirmed: SUCCESS');
    assert.match(await click(page, 'confirm'), /^error: NotAuthorizedException: /, 'already confirmed');

    assert.equal(await click(page, 'signin'), `signed in: ${email}, valid: true`);
    const lastAuthUser = await page.evaluate((clientId) => localStorage.getItem(`CognitoIdentityServiceProvider.${clientId}.LastAuthUser`), p.clientId);
    assert.equal(lastAuthUser, username);
    assert.deepEqual(errors, []);
    await page.close();
  });
}
