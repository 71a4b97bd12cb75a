// What the ES module entry (dist/web/index.js, as a browser loads it natively) requests at load,
// before the page calls anything: on a page with no signed-in user in localStorage it starts the
// flows module (glue and wasm together) at once, a sign-in being the likely next step; on a
// returning visit (a LastAuthUser in localStorage) it loads nothing beyond itself and the session
// glue; an account call of the signed-in user (getUserAttributes) then loads the extras module,
// not the flows module. The script tag (dist/amazon-cognito-identity.min.js) does the same with
// the files next to it. Needs `make build` and Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from './setup.mjs';

const ES_ENTRY_PAGE = '<!doctype html><meta charset="utf-8"><script type="module">import * as sdk from "/dist/web/index.js"; window.loaded = typeof sdk.CognitoUserPool;</script>';
const SCRIPT_TAG_PAGE = '<!doctype html><meta charset="utf-8"><script src="/dist/amazon-cognito-identity.min.js"></script><script>window.loaded = typeof AmazonCognitoIdentity.CognitoUserPool;</script>';
const SIGNED_IN = { 'CognitoIdentityServiceProvider.someclient.LastAuthUser': 'alice' };
const env = withBrowser();

/**
 * Loads `html` with `storage` in localStorage (`routes`: more paths the page's server answers,
 * `{path: json}`); resolves with the paths it requested by `settleMs` after load.
 */
async function load(html, storage, settleMs, routes = {}) {
  const context = await env.browser.newContext();
  try {
    await context.addInitScript((items) => {
      if (location.protocol !== 'http:') return;
      for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
    }, storage);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.route(`${env.server.url}/loading.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    for (const [path, json] of Object.entries(routes)) {
      await page.route(`${env.server.url}${path}`, (route) => route.fulfill({ contentType: 'application/x-amz-json-1.1', body: JSON.stringify(json) }));
    }
    await page.goto(`${env.server.url}/loading.html`);
    assert.equal(await (await page.waitForFunction(() => window.loaded)).jsonValue(), 'function');
    await page.waitForTimeout(settleMs);
    assert.deepEqual(errors, []);
    return requested;
  } finally {
    await context.close();
  }
}

test('signed out: the ES entry starts the flows glue and wasm at load, before any call', async () => {
  const requested = await load(ES_ENTRY_PAGE, {}, 1000);
  assert.ok(requested.includes('/dist/web/cognito_flows.js'), `the flows glue is requested: ${requested}`);
  assert.ok(requested.includes('/dist/web/cognito_flows_bg.wasm'), `the flows wasm is requested: ${requested}`);
  assert.ok(!requested.some((p) => p.includes('cognito_extras')), `the extras module waits for its first use: ${requested}`);
  assert.ok(!requested.includes('/dist/web/cognito_session_bg.wasm'), `the session module is inlined: ${requested}`);
});

test('returning visit (a LastAuthUser in localStorage): the ES entry loads nothing but itself and the session glue', async () => {
  const requested = await load(ES_ENTRY_PAGE, SIGNED_IN, 1000);
  assert.deepEqual(requested.filter((p) => p.startsWith('/dist/')).sort(), ['/dist/web/cognito_session.js', '/dist/web/index.js']);
});

test('signed out: the script tag starts the flows glue and wasm next to it at load', async () => {
  const requested = await load(SCRIPT_TAG_PAGE, {}, 1000);
  assert.ok(requested.includes('/dist/cognito_flows.js'), `the flows glue is requested: ${requested}`);
  assert.ok(requested.includes('/dist/cognito_flows_bg.wasm'), `the flows wasm is requested: ${requested}`);
  assert.ok(!requested.some((p) => p.includes('cognito_extras')), `the extras module waits for its first use: ${requested}`);
});

test('returning visit: the script tag loads nothing but itself', async () => {
  const requested = await load(SCRIPT_TAG_PAGE, SIGNED_IN, 1000);
  assert.deepEqual(requested.filter((p) => p.startsWith('/dist/')), ['/dist/amazon-cognito-identity.min.js']);
});

/** An unsigned JWT-shaped token (the session module checks only its claims' times). */
function token(claims) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part(claims)}.c2ln`;
}

test('signed in: an account call (getUserAttributes) loads the extras module, not the flows module', async () => {
  const now = Math.floor(Date.now() / 1000);
  const prefix = 'CognitoIdentityServiceProvider.someclient';
  const claims = { sub: 'alice-sub', username: 'alice', iat: now, exp: now + 3600 };
  const storage = {
    [`${prefix}.LastAuthUser`]: 'alice',
    [`${prefix}.alice.idToken`]: token({ ...claims, 'cognito:username': 'alice', token_use: 'id' }),
    [`${prefix}.alice.accessToken`]: token({ ...claims, token_use: 'access' }),
    [`${prefix}.alice.refreshToken`]: 'refresh-token',
    [`${prefix}.alice.clockDrift`]: '0',
  };
  const html = `<!doctype html><meta charset="utf-8"><script type="module">
    import * as sdk from "/dist/web/index.js";
    const pool = new sdk.CognitoUserPool({ UserPoolId: 'us-east-1_Loading', ClientId: 'someclient', endpoint: location.origin + '/idp/' });
    const user = pool.getCurrentUser();
    user.getSession((error) => {
      if (error) { window.loaded = 'getSession: ' + error.message; return; }
      user.getUserAttributes((e, list) => { window.loaded = e ? 'getUserAttributes: ' + e.message : list.map((a) => a.getName() + '=' + a.getValue()).join() === 'email=alice@example.com' && 'function'; });
    });
  </script>`;
  const requested = await load(html, storage, 500, { '/idp/': { UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }] } });
  assert.ok(requested.includes('/dist/web/cognito_extras.js') && requested.includes('/dist/web/cognito_extras_bg.wasm'), `the extras module is loaded: ${requested}`);
  assert.ok(!requested.some((p) => p.includes('cognito_flows')), `the flows module is not: ${requested}`);
});
