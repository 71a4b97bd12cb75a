// A web page the developer happens to open must not be able to use the local emulator:
// a page served as http://evil.test:PORT (Chromium maps evil.test to 127.0.0.1) can not
// list pools or read client secrets, run an admin operation, read codes without a
// username, or inject faults; a DNS-rebinding-style page (its own name, the emulator's
// port) is refused too. A loopback page (the demo's) is served as before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from '../support/browser.mjs';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { startEmulator, createPool } from '../emulator/helpers.mjs';
import { api, faults } from '../support/cognito-api.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const BLANK = '/tests/browser/pages/blank.html';
let emulator;
let server;
let browser;
let ids;
let pagePort;

before(async () => {
  emulator = await startEmulator();
  server = await startStaticServer(root);
  pagePort = new URL(server.url).port;
  ids = await createPool(emulator.url, {}, { GenerateSecret: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP evil.test 127.0.0.1'],
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
  await emulator?.stop();
});

/** A page loaded from `url` (evil.test resolves to 127.0.0.1, as after DNS rebinding). */
async function pageAt(url) {
  const page = await browser.newPage();
  await page.goto(url);
  return page;
}

/** Runs `fetch(url, init)` in the page: {status, text} or {error}. */
function pageFetch(page, url, init = {}) {
  return page.evaluate(async ([u, i]) => {
    try {
      const r = await fetch(u, i);
      return { status: r.status, type: r.type, text: await r.text() };
    } catch (e) {
      return { error: String(e) };
    }
  }, [url, init]);
}

const target = (op) => ({ 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `AWSCognitoIdentityProviderService.${op}` });

async function faultRules() {
  return (await faults(emulator.url)).rules;
}

test('a page of another origin can read nothing and change nothing', async () => {
  const page = await pageAt(`http://evil.test:${pagePort}${BLANK}`);
  const emu = emulator.url;
  const attempts = {
    listPools: [`${emu}/`, { method: 'POST', headers: target('ListUserPools'), body: '{"MaxResults":60}' }],
    readClientSecret: [`${emu}/`, { method: 'POST', headers: target('DescribeUserPoolClient'), body: JSON.stringify({ UserPoolId: ids.poolId, ClientId: ids.clientId }) }],
    adminCreateUser: [`${emu}/`, { method: 'POST', headers: target('AdminCreateUser'), body: JSON.stringify({ UserPoolId: ids.poolId, Username: 'mallory' }) }],
    codesWithoutUsername: [`${emu}/_emulator/messages?poolId=${ids.poolId}`, {}],
    codesOfOneUser: [`${emu}/_emulator/messages?poolId=${ids.poolId}&username=alice`, {}],
    listFaults: [`${emu}/_emulator/faults`, {}],
    injectFault: [`${emu}/_emulator/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"kind":"hang"}' }],
  };
  for (const [name, [url, init]] of Object.entries(attempts)) {
    const r = await pageFetch(page, url, init);
    assert.ok(r.error, `${name}: the page must not read an answer, got ${JSON.stringify(r)}`);
  }
  // Requests that need no preflight still reach the server: they must not act.
  for (const [name, url, body] of [
    ['no-cors fault injection', `${emu}/_emulator/faults`, '{"kind":"error-json","target":"*","count":100}'],
    ['no-cors sign-up', `${emu}/`, JSON.stringify({ ClientId: ids.clientId, Username: 'victim', Password: 'Passw0rd!' })],
  ]) {
    const r = await pageFetch(page, url, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body });
    assert.equal(r.type, 'opaque', `${name}: ${JSON.stringify(r)}`);
  }
  assert.deepEqual(await faultRules(), [], 'no fault rule was added');
  await assert.rejects(api(emulator.url, 'AdminGetUser', { UserPoolId: ids.poolId, Username: 'mallory' }), (e) => e.code === 'UserNotFoundException');
  const pools = await api(emulator.url, 'ListUserPools', { MaxResults: 60 });
  assert.equal(pools.UserPools.length, 1, 'still the one pool');
  await page.close();
});

test('a DNS-rebinding-style page (its own name, the emulator\'s port) is refused', async () => {
  const port = new URL(emulator.url).port;
  const origin = `http://evil.test:${port}`;
  // The page itself is already the emulator's refusal; same-origin now, so the page can
  // read its requests' answers: every one is a refusal too.
  const page = await pageAt(`${origin}/_emulator/health`);
  for (const [url, init] of [
    [`${origin}/_emulator/health`, {}],
    [`${origin}/_emulator/messages?poolId=${ids.poolId}&username=alice`, {}],
    [`${origin}/`, { method: 'POST', headers: target('InitiateAuth'), body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: ids.clientId, AuthParameters: { USERNAME: 'a', PASSWORD: 'b' } }) }],
  ]) {
    const r = await pageFetch(page, url, init);
    assert.equal(r.status, 403, `${url}: ${JSON.stringify(r)}`);
    assert.equal(JSON.parse(r.text).__type, 'AccessDeniedException');
  }
  await page.close();
});

test('a loopback page is served (control: the browser and the emulator do work)', async () => {
  const page = await pageAt(`${server.url}${BLANK}`);
  const r = await pageFetch(page, `${emulator.url}/`, { method: 'POST', headers: target('SignUp'), body: JSON.stringify({ ClientId: 'nope', Username: 'a', Password: 'b' }) });
  assert.equal(r.status, 400, JSON.stringify(r));
  assert.equal(JSON.parse(r.text).__type, 'ResourceNotFoundException');
  const health = await pageFetch(page, `${emulator.url}/_emulator/health`);
  assert.equal(health.status, 200);
  await page.close();
});
