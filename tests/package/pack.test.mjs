// The package people install: `npm pack`, installed into an empty project, works there from
// Node (require and import) and through a Vite production build loaded in Chromium, with no
// plugins and no `global` shim.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'vite';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { launchChromium } from '../support/browser.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
let work;
let project;

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'cognito-wasm-pack-'));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
  const [info] = JSON.parse(out);
  project = path.join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', path.join(work, info.filename)], { cwd: project, stdio: 'pipe' });
  globalThis.packedFiles = info.files.map((f) => f.path);
});
after(() => rmSync(work, { recursive: true, force: true }));

test('the tarball ships the built entries and nothing from the sources', () => {
  const files = globalThis.packedFiles;
  for (const needed of ['package.json', 'index.d.ts', 'README.md', 'dist/web/index.js', 'dist/web/cognito_wasm_bg.wasm', 'dist/node/index.cjs', 'dist/node/index.mjs', 'dist/amazon-cognito-identity.min.js']) {
    assert.ok(files.includes(needed), `${needed} is packed`);
  }
  assert.deepEqual(files.filter((f) => /^(src|tests|emulator|target)\//.test(f) || f.endsWith('.rs')), []);
});

test('require and import work in the installed project', () => {
  const cjs = execFileSync('node', ['-e', "const c = require('cognito-wasm'); const p = new c.CognitoUserPool({UserPoolId: 'us-east-1_Abc', ClientId: 'x'}); console.log(typeof c.CognitoUser, p.getUserPoolName())"], { cwd: project, encoding: 'utf8' });
  assert.equal(cjs.trim(), 'function Abc');
  const esm = execFileSync('node', ['--input-type=module', '-e', "import { AuthenticationHelper, ready } from 'cognito-wasm'; await ready; console.log(new AuthenticationHelper('p').padHex(128n))"], { cwd: project, encoding: 'utf8' });
  assert.equal(esm.trim(), '0080');
});

test('a Vite production build that imports the package runs in Chromium', async () => {
  writeFileSync(path.join(project, 'index.html'), '<!doctype html><html><body><script type="module" src="/main.js"></script></body></html>');
  writeFileSync(
    path.join(project, 'main.js'),
    `import { CognitoUserPool, AuthenticationHelper, CognitoUserAttribute } from 'cognito-wasm';
const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_ViteTest', ClientId: 'client' });
const attribute = new CognitoUserAttribute({ Name: 'email', Value: 'a@b.c' });
window.result = { pool: pool.getUserPoolName(), padHex: new AuthenticationHelper('p').padHex(255n), attribute: attribute.toString() };
`,
  );
  const outDir = path.join(project, 'dist');
  await build({ root: project, logLevel: 'silent', configFile: false, build: { outDir, emptyOutDir: true } });
  const assets = readdirSync(path.join(outDir, 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `the wasm is emitted as an asset: ${assets}`);

  const server = await startStaticServer(outDir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url + '/');
    await page.waitForFunction(() => window.result, null, { timeout: 15000 });
    const result = await page.evaluate(() => window.result);
    assert.deepEqual(errors, []);
    assert.deepEqual(result, { pool: 'ViteTest', padHex: '00ff', attribute: '{"Name":"email","Value":"a@b.c"}' });
  } finally {
    await browser.close();
    await server.close();
  }
});
