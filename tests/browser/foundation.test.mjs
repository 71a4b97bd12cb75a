// The three browser entries (classic <script>, <script type="module">, ES module import)
// in headless Chromium, each beside the reference's UMD build in the same page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withBrowser } from './setup.mjs';

const env = withBrowser();

async function checkPage(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.waitForFunction(() => window.syncResult !== undefined && window.AmazonCognitoIdentity);
  const result = await page.evaluate(async () => {
    const ours = window.AmazonCognitoIdentity;
    await ours.ready;
    // The SRP integer math is in the flows module, loaded on first use (or now, by prefetch).
    await ours.prefetch();
    const ref = window.Reference;
    const helper = new ours.AuthenticationHelper('pool');
    const refHelper = new ref.AuthenticationHelper('pool');
    let A;
    helper.getLargeAValue((err, value) => { A = value; });
    return {
      sync: window.syncResult,
      names: ['AuthenticationHelper', 'DateHelper', 'WordArray', 'appendToCognitoUserAgent'].map((n) => typeof ours[n]),
      hash: helper.hash('päßwörd') === refHelper.hash('päßwörd'),
      hexHash: helper.hexHash('00ff') === refHelper.hexHash('00ff'),
      aBits: A.toString(2).length,
      now: new ours.DateHelper().getNowString(),
      random: ours.WordArray.random(8).toString().length,
    };
  });
  assert.deepEqual(errors, []);
  assert.equal(result.sync, '00ff');
  assert.deepEqual(result.names, ['function', 'function', 'function', 'function']);
  assert.ok(result.hash && result.hexHash);
  assert.ok(result.aBits > 3000, `A has ${result.aBits} bits`);
  assert.match(result.now, / UTC \d{4}$/);
  assert.equal(result.random, 16);
}

for (const name of ['classic', 'module', 'esm']) {
  test(`${name} page: AmazonCognitoIdentity works beside the reference`, async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.server.url}/tests/browser/pages/${name}.html`);
    await checkPage(page);
    await page.close();
  });
}
