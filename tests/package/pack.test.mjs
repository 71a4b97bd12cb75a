// The package people install: `npm pack`, installed into an empty project, works there from
// Node (require and import) and through a Vite production build loaded in Chromium, with no
// plugins and no `global` shim. (webpack 5: webpack.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { installPackedPackage, SIGN_IN_APP, SIGNED_IN, runInChromium } from './consumer.mjs';

let installed;
before(() => { installed = installPackedPackage(); });
after(() => installed?.remove());

test('the tarball ships the built entries and nothing from the sources', () => {
  const { files } = installed;
  for (const needed of ['package.json', 'index.d.ts', 'README.md', 'dist/web/index.js', 'dist/web/cognito_wasm_bg.wasm', 'dist/node/index.cjs', 'dist/node/index.mjs', 'dist/amazon-cognito-identity.min.js']) {
    assert.ok(files.includes(needed), `${needed} is packed`);
  }
  assert.deepEqual(files.filter((f) => /^(src|tests|emulator|target)\//.test(f) || f.endsWith('.rs')), []);
});

test('require and import work in the installed project', () => {
  const { project } = installed;
  const cjs = execFileSync('node', ['-e', "const c = require('cognito-wasm'); const p = new c.CognitoUserPool({UserPoolId: 'us-east-1_Abc', ClientId: 'x'}); console.log(typeof c.CognitoUser, p.getUserPoolName())"], { cwd: project, encoding: 'utf8' });
  assert.equal(cjs.trim(), 'function Abc');
  const esm = execFileSync('node', ['--input-type=module', '-e', "import { AuthenticationHelper, ready } from 'cognito-wasm'; await ready; console.log(new AuthenticationHelper('p').padHex(128n))"], { cwd: project, encoding: 'utf8' });
  assert.equal(esm.trim(), '0080');
});

test('a Vite production build that imports the package signs in from Chromium', async () => {
  const { project } = installed;
  writeFileSync(path.join(project, 'index.html'), '<!doctype html><html><body><script type="module" src="/main.js"></script></body></html>');
  writeFileSync(path.join(project, 'main.js'), SIGN_IN_APP);
  const outDir = path.join(project, 'dist');
  await build({ root: project, logLevel: 'silent', configFile: false, build: { outDir, emptyOutDir: true } });
  const assets = readdirSync(path.join(outDir, 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `the wasm is emitted as an asset: ${assets}`);

  const { result, errors } = await runInChromium(outDir);
  assert.deepEqual(errors, []);
  assert.deepEqual(result, SIGNED_IN);
});
