// cognito-wasm/verifier in headless Chromium: over the corpus of tests/support/jwt-corpus.mjs
// (emulator tokens and every bad class), the browser entry (dist/verifier/index.js, WebCrypto)
// gives the verdicts and error classes the Node entry gives, fetching the JWKS from the
// emulator across origins; verifySync is refused as in aws-jwt-verify (no synchronous
// WebCrypto).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { launchChromium } from '../support/browser.mjs';
import { startEmulator } from '../support/emulator.mjs';
import { buildCorpus } from '../support/jwt-corpus.mjs';
import * as ours from '../../dist/verifier/node.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
let server;
let browser;
let emu;
let corpus;

before(async () => {
  emu = await startEmulator();
  corpus = await buildCorpus(emu.url);
  server = await startStaticServer(root);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await emu?.stop();
});

async function nodeVerdicts(cases) {
  const verifiers = new Map();
  const out = [];
  for (const c of cases) {
    const key = JSON.stringify(c.settings);
    if (!verifiers.has(key)) verifiers.set(key, ours.CognitoJwtVerifier.create(c.settings));
    try {
      await verifiers.get(key).verify(c.token);
      out.push({ valid: true });
    } catch (e) {
      out.push({ valid: false, name: e.name });
    }
  }
  return out;
}

test('the browser entry gives the Node entry\'s verdicts over the corpus', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}/tests/browser/pages/blank.html`);
  const cases = corpus.cases.map(({ name, token, settings }) => ({ name, token, settings }));
  const inBrowser = await page.evaluate(async (list) => {
    const m = await import('/dist/verifier/index.js');
    const verifiers = new Map();
    const out = [];
    for (const c of list) {
      const key = JSON.stringify(c.settings);
      if (!verifiers.has(key)) verifiers.set(key, m.CognitoJwtVerifier.create(c.settings));
      try {
        const payload = await verifiers.get(key).verify(c.token);
        out.push({ valid: true, sub: payload.sub });
      } catch (e) {
        out.push({ valid: false, name: e.name, isClass: e instanceof m.JwtBaseError });
      }
    }
    const v = verifiers.values().next().value;
    let sync;
    try {
      v.verifySync(list[0].token);
      sync = 'passed';
    } catch (e) {
      sync = e.name;
    }
    return { out, sync, webcrypto: typeof crypto.subtle.verify };
  }, cases);
  const inNode = await nodeVerdicts(corpus.cases);
  assert.deepEqual(errors, []);
  assert.equal(inBrowser.webcrypto, 'function');
  corpus.cases.forEach((c, i) => {
    const b = inBrowser.out[i];
    assert.equal(b.valid, c.valid, `browser, ${c.name}: ${b.name}`);
    assert.equal(b.valid, inNode[i].valid, `browser and Node agree on ${c.name}`);
    if (!b.valid) {
      assert.equal(b.name, inNode[i].name, `same error class for ${c.name}`);
      assert.ok(b.isClass, `a JwtBaseError for ${c.name}`);
    }
  });
  assert.equal(inBrowser.sync, 'NotSupportedError');
  console.log(`# ${corpus.cases.length} tokens: the same verdicts in Chromium and Node`);
  await page.close();
});
