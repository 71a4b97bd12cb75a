// The examples as a person uses them, against the emulator started with the demo seed:
// the script-tag page (sign up, read the code from the outbox, confirm, resend, sign in,
// tokens shown, sign out, session restored on reload), the ES-module page (async/await),
// and the Node script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { launchChromium } from '../support/browser.mjs';
import { startEmulator } from '../emulator/helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SEED = fileURLToPath(new URL('../../emulator/seed/demo.json', import.meta.url));
const DEMO = { UserPoolId: 'us-east-1_Demo0001', ClientId: 'demo0client0000000000000001', user: 'demo', password: 'Demo-Passw0rd!' };
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

/** A page whose examples/config.js points at this test's emulator (the file says 127.0.0.1:9229). */
async function openExample(name) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/examples/config.js', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `window.COGNITO_CONFIG = ${JSON.stringify({ UserPoolId: DEMO.UserPoolId, ClientId: DEMO.ClientId, endpoint: emulator.url })};`,
    }),
  );
  await page.goto(`${server.url}/examples/${name}/`);
  return { page, errors };
}

async function statusAfter(page, selector, pattern) {
  await page.evaluate(() => { document.getElementById('status').textContent = '…'; });
  await page.click(selector);
  await page.waitForFunction((re) => new RegExp(re).test(document.getElementById('status').textContent), pattern.source, { timeout: 15000 });
  return page.textContent('#status');
}

test('vanilla (script tag): sign up, confirm with the outbox code, sign in, sign out', async () => {
  const { page, errors } = await openExample('vanilla');
  const username = `person${Date.now()}`;
  await page.fill('#signup-username', username);
  await page.fill('#signup-email', `${username}@example.com`);
  await page.fill('#signup-password', 'Str0ng-Passw0rd!');
  assert.match(await statusAfter(page, '#signup', /^Signed up|^Error/), new RegExp(`^Signed up ${username}; confirmed: false`));

  assert.match(await statusAfter(page, '#resend', /^Code resent|^Error/), /^Code resent to /);
  assert.match(await statusAfter(page, '#show-outbox', /^Latest code|^No message|^Error/), /^Latest code from the emulator: \d{6}$/);
  await page.fill('#confirm-code', '000000');
  const confirmedWrong = await statusAfter(page, '#confirm', /^Confirmed|^Error/);
  assert.match(await statusAfter(page, '#show-outbox', /^Latest code|^No message|^Error/), /^Latest code/);
  assert.match(await statusAfter(page, '#confirm', /^Confirmed|^Error: (?!CodeMismatch)/), /^Confirmed: SUCCESS$/);
  if (!/CodeMismatchException/.test(confirmedWrong)) assert.fail(`a wrong code was not rejected: ${confirmedWrong}`);

  await page.fill('#signin-password', 'wrong-password');
  assert.match(await statusAfter(page, '#signin', /^Signed in|^Error/), /^Error: NotAuthorizedException: Incorrect username or password\.$/);
  await page.fill('#signin-password', 'Str0ng-Passw0rd!');
  assert.match(await statusAfter(page, '#signin', /^Signed in|^Error/), /^Signed in\.$/);
  assert.match(await page.textContent('#tokens'), new RegExp(`^ID token for ${username}, expires `));

  await page.reload();
  await page.waitForFunction(() => /^Session restored/.test(document.getElementById('status').textContent), null, { timeout: 15000 });
  assert.match(await statusAfter(page, '#signout', /^Signed out|^Nobody/), /^Signed out\.$/);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('CognitoIdentityServiceProvider.') && k.endsWith('.idToken')).length), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('esm (import map): the demo user signs in with async/await', async () => {
  const { page, errors } = await openExample('esm');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Ready.');
  await page.fill('#username', DEMO.user);
  await page.fill('#password', 'nope');
  assert.match(await statusAfter(page, '#signin', /^Signed in|^Error|^Next/), /^Error: NotAuthorizedException: /);
  await page.fill('#password', DEMO.password);
  assert.match(await statusAfter(page, '#signin', /^Signed in|^Error|^Next/), /^Signed in as demo; token expires \d{4}-/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('node: the example script signs the demo user in and out', async () => {
  const run = promisify(execFile);
  const env = { ...process.env, COGNITO_ENDPOINT: emulator.url };
  const { stdout } = await run('node', ['examples/node/index.mjs'], { cwd: root, env });
  assert.match(stdout, /^signed in as demo \(sub [0-9a-f-]{36}\)$/m);
  assert.match(stdout, /^session valid: true$/m);
  assert.match(stdout, /^signed out$/m);
  await assert.rejects(run('node', ['examples/node/index.mjs', 'demo', 'bad-password'], { cwd: root, env }), (e) => /NotAuthorizedException/.test(e.stderr));
});
