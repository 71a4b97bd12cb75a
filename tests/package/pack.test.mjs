// The package people install: `npm pack`, installed into an empty project, works there from
// Node (require and import) and through a Vite production build loaded in Chromium, with no
// plugins and no `global` shim, for an app that imports it and for one that require()s it.
// (webpack 5: webpack.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { installPackedPackage, repoRoot, SIGN_IN_APP, SIGN_IN_APP_CJS, SIGNED_IN, runInChromium } from './consumer.mjs';

// The session module (every page loads it); the flows and extras modules are loaded on first use.
const WASM_SIZE = statSync(path.join(repoRoot, 'dist', 'web', 'cognito_session_bg.wasm')).size;
const FLOWS_SIZE = statSync(path.join(repoRoot, 'dist', 'web', 'cognito_flows_bg.wasm')).size;
const EXTRAS_SIZE = statSync(path.join(repoRoot, 'dist', 'web', 'cognito_extras_bg.wasm')).size;
// The modules loaded on first use, as separate wasm assets: their sizes, in ascending order.
const LAZY_SIZES = [FLOWS_SIZE, EXTRAS_SIZE].sort((a, b) => a - b);

let installed;
before(() => { installed = installPackedPackage(); });
after(() => installed?.remove());

test('the tarball ships the built entries and nothing from the sources', () => {
  const { files } = installed;
  for (const needed of ['package.json', 'index.d.ts', 'README.md', 'dist/web/index.js', 'dist/web/index.cjs', 'dist/web/cognito_session_bg.wasm', 'dist/web/cognito_flows_bg.wasm', 'dist/web/cognito_flows.js', 'dist/cognito_flows.js', 'dist/cognito_flows_bg.wasm', 'dist/web/cognito_extras_bg.wasm', 'dist/web/cognito_extras.js', 'dist/cognito_extras.js', 'dist/cognito_extras_bg.wasm', 'dist/node/index.cjs', 'dist/node/index.mjs', 'dist/amazon-cognito-identity.min.js']) {
    assert.ok(files.includes(needed), `${needed} is packed`);
  }
  assert.deepEqual(files.filter((f) => /^(src|tests|emulator|target)\//.test(f) || f.endsWith('.rs')), []);
});

test('require and import work in the installed project', () => {
  const { project } = installed;
  const cjs = execFileSync('node', ['-e', "const c = require('cognito-wasm'); const p = new c.CognitoUserPool({UserPoolId: 'us-east-1_Abc', ClientId: 'x'}); console.log(typeof c.CognitoUser, p.getUserPoolName())"], { cwd: project, encoding: 'utf8' });
  assert.equal(cjs.trim(), 'function Abc');
  const esm = execFileSync('node', ['--input-type=module', '-e', "import { AuthenticationHelper, prefetch } from 'cognito-wasm'; await prefetch(); console.log(new AuthenticationHelper('p').padHex(128n))"], { cwd: project, encoding: 'utf8' });
  assert.equal(esm.trim(), '0080');
});

test('cognito-wasm/verifier is packed, imports in Node, and stays out of the sign-in entries', () => {
  const { files, project } = installed;
  for (const needed of ['verifier.d.ts', 'dist/verifier/index.js', 'dist/verifier/node.mjs']) assert.ok(files.includes(needed), `${needed} is packed`);
  const out = execFileSync('node', ['--input-type=module', '-e', "import { CognitoJwtVerifier } from 'cognito-wasm/verifier'; const v = CognitoJwtVerifier.create({ userPoolId: 'eu-west-1_Abc', tokenUse: 'access', clientId: 'x' }); try { v.verifySync('a.b.c'); } catch (e) { console.log(v.jwksUri, e.name); }"], { cwd: project, encoding: 'utf8' });
  assert.equal(out.trim(), 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc/.well-known/jwks.json JwtParseError');
  for (const entry of ['dist/web/index.js', 'dist/node/index.mjs', 'dist/amazon-cognito-identity.min.js']) {
    assert.ok(!readFileSync(path.join(project, 'node_modules', 'cognito-wasm', entry), 'utf8').includes('VerifierCore'), `${entry} has no verifier`);
  }
});

/**
 * Builds `source` as the main.js of a new Vite app inside the installed project (so
 * 'cognito-wasm' resolves to the tarball's copy); resolves to {outDir, assets: {name: size}}.
 */
async function viteBuild(name, source) {
  const root = path.join(installed.project, name);
  mkdirSync(root);
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><html><body><script type="module" src="/main.js"></script></body></html>');
  writeFileSync(path.join(root, 'main.js'), source);
  const outDir = path.join(root, 'dist');
  await build({ root, logLevel: 'silent', configFile: false, build: { outDir, emptyOutDir: true } });
  const assetsDir = path.join(outDir, 'assets');
  const assets = Object.fromEntries(readdirSync(assetsDir).map((f) => [f, statSync(path.join(assetsDir, f)).size]));
  return { outDir, assets };
}

test('a Vite production build that imports the package signs in from Chromium', async () => {
  const { outDir, assets } = await viteBuild('esm-app', SIGN_IN_APP);
  const names = Object.keys(assets);
  const wasm = names.filter((f) => f.endsWith('.wasm'));
  // The session module is inlined in the ES module entry (compiled synchronously: a returning
  // visit makes one request) and nothing names its file, so no copy is emitted; the flows and
  // extras modules are the only wasm files, loaded on first use.
  const sizes = wasm.map((f) => assets[f]).sort((a, b) => a - b);
  assert.deepEqual(sizes, LAZY_SIZES, `only the flows and extras modules are wasm files (no unused session module): ${wasm}`);
  // ...and inlined once: the require() entry's copy must never reach import users as well.
  const js = names.filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + assets[f], 0);
  assert.ok(js > WASM_SIZE && js < 2 * WASM_SIZE, `the JS (${js} B) carries the session wasm (${WASM_SIZE} B) once`);

  const { result, errors } = await runInChromium(outDir);
  assert.deepEqual(errors, []);
  assert.deepEqual(result, SIGNED_IN);
});

test('a Vite production build of an app that require()s the package signs in from Chromium', async () => {
  // Vite bundles require() in app code for production (its dev server does not: browsers have
  // no require). It resolves the "require" condition to dist/web/index.cjs, the session module
  // inlined; the flows and extras modules are their glues' own ES modules and wasm assets.
  const { outDir, assets } = await viteBuild('cjs-app', SIGN_IN_APP_CJS);
  const wasm = Object.keys(assets).filter((f) => f.endsWith('.wasm'));
  assert.deepEqual(wasm.map((f) => assets[f]).sort((a, b) => a - b), wasm.length ? LAZY_SIZES : [], `the session module is inlined; only the flows and extras modules are separate: ${wasm}`);

  const { result, errors } = await runInChromium(outDir);
  assert.deepEqual(errors, []);
  assert.deepEqual(result, SIGNED_IN);
});
