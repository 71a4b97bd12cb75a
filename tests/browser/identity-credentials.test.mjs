// The script-tag example's AWS credentials section against the emulator started with the demo
// seed (which has an identity pool): a guest identity before sign-in, the same identity (linked)
// with the user's credentials and their expiry after sign-in, nothing after sign-out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { launchChromium } from '../support/browser.mjs';
import { startEmulator } from '../emulator/helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SEED = fileURLToPath(new URL('../../emulator/seed/demo.json', import.meta.url));
const DEMO = {
  UserPoolId: 'us-east-1_Demo0001',
  ClientId: 'demo0client0000000000000001',
  IdentityPoolId: 'us-east-1:00000000-0000-4000-8000-00000000de00',
  user: 'demo',
  password: 'Demo-Passw0rd!',
};
let emulator;
let server;
let browser;

before(async () => {
  emulator = await startEmulator(['--seed', SEED]);
  server = await startStaticServer(root);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await emulator?.stop();
});

const IDENTITY = /^Identity (us-east-1:[0-9a-f-]+) \((guest|signed in)\)\naccess key (ASIA\w+), expires (\S+)$/;

async function identityText(page, kind) {
  await page.waitForFunction((k) => {
    const text = document.getElementById('identity').textContent;
    return text.includes(`(${k})`) || text.startsWith('Error');
  }, kind, { timeout: 15000 });
  const text = await page.textContent('#identity');
  const match = IDENTITY.exec(text);
  assert.ok(match, `unexpected identity text: ${text}`);
  return { identityId: match[1], kind: match[2], accessKeyId: match[3], expires: new Date(match[4]) };
}

test('vanilla (script tag): a guest identity, then the same identity signed in, with the expiry', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/examples/config.js', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `window.COGNITO_CONFIG = ${JSON.stringify({
        UserPoolId: DEMO.UserPoolId, ClientId: DEMO.ClientId, IdentityPoolId: DEMO.IdentityPoolId, endpoint: emulator.url,
      })};`,
    }),
  );
  await page.goto(`${server.url}/examples/vanilla/`);
  const guest = await identityText(page, 'guest');
  assert.ok(guest.expires > new Date(), 'guest credentials expire in the future');
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), `aws.cognito.identity-id.${DEMO.IdentityPoolId}`), guest.identityId);

  await page.fill('#signin-username', DEMO.user);
  await page.fill('#signin-password', DEMO.password);
  await page.click('#signin');
  const signedIn = await identityText(page, 'signed in');
  assert.equal(signedIn.identityId, guest.identityId, 'the guest identity is linked to the user');
  assert.notEqual(signedIn.accessKeyId, guest.accessKeyId);
  assert.ok(signedIn.expires > new Date());

  await page.click('#signout');
  assert.equal(await page.textContent('#identity'), '');
  await page.waitForFunction((k) => localStorage.getItem(k) === null, `aws.cognito.identity-id.${DEMO.IdentityPoolId}`, { timeout: 5000 });
  assert.deepEqual(errors, []);
  await page.close();
});
