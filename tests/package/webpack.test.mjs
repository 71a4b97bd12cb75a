// webpack 5 with the plainest config (mode: production, the default entry and output; no
// plugins, no resolve.fallback, no ProvidePlugin, no experiments) bundles the installed
// tarball, and the bundle signs in from Chromium, both ways an app can ask for the package:
// - import: the "browser" condition's ES module. webpack 5 handles what it uses: top-level
//   await (on by default in current webpack 5) and new URL('./x.wasm', import.meta.url)
//   (emitted as an asset, located at run time through the script's own URL; only the flows and
//   extras modules are named so: the session module is inlined);
// - require(): the "browser" + "require" condition's CommonJS file (dist/web/index.cjs),
//   which cannot await, so it carries the session module inlined and compiles it on load (the
//   flows and extras modules stay separate ES modules + wasm assets, loaded on first use).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { installPackedPackage, repoRoot, SIGN_IN_APP, SIGN_IN_APP_CJS, SIGNED_IN, runInChromium } from './consumer.mjs';

const WEBPACK_CLI = path.join(repoRoot, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
// The session module (every page loads it); the flows and extras modules are loaded on first use.
const WASM_SIZE = statSync(path.join(repoRoot, 'dist', 'web', 'cognito_session_bg.wasm')).size;
const FLOWS_SIZE = statSync(path.join(repoRoot, 'dist', 'web', 'cognito_flows_bg.wasm')).size;
const EXTRAS_SIZE = statSync(path.join(repoRoot, 'dist', 'web', 'cognito_extras_bg.wasm')).size;
// The modules loaded on first use, as separate wasm assets: their sizes, in ascending order.
const LAZY_SIZES = [FLOWS_SIZE, EXTRAS_SIZE].sort((a, b) => a - b);
let installed;
before(() => { installed = installPackedPackage(); });
after(() => installed?.remove());

/**
 * Builds `source` as src/index.js of a new app inside the installed project (so 'cognito-wasm'
 * resolves to the tarball's copy), checks webpack's warnings and resolves to {outDir, files,
 * mainSize}, with an index.html next to main.js.
 */
async function webpackBuild(name, source) {
  const app = path.join(installed.project, name);
  mkdirSync(path.join(app, 'src'), { recursive: true });
  writeFileSync(path.join(app, 'src', 'index.js'), source);
  writeFileSync(path.join(app, 'webpack.config.js'), "module.exports = { mode: 'production' };\n");
  // What `npx webpack` runs (webpack's bin hands over to webpack-cli, called here directly as
  // webpack's bin would offer to install it if missing); it exits non-zero on any error.
  const { stdout } = await promisify(execFile)(process.execPath, [WEBPACK_CLI, '--no-color'], { cwd: app, encoding: 'utf8' });
  // The only warnings allowed are webpack's size hints (the wasm is over its 244 KiB advice).
  const warnings = stdout.match(/^WARNING in .*$/gm) ?? [];
  assert.deepEqual(warnings.filter((w) => !/asset size limit|entrypoint size limit|performance recommendations/.test(w)), [], stdout);

  const outDir = path.join(app, 'dist');
  const files = readdirSync(outDir);
  assert.ok(files.includes('main.js'), `main.js is emitted: ${files}`);
  // webpack makes no HTML without a plugin: the page is a classic script tag, as usual.
  writeFileSync(path.join(outDir, 'index.html'), '<!doctype html><html><body><script src="main.js"></script></body></html>');
  return { outDir, files, mainSize: statSync(path.join(outDir, 'main.js')).size };
}

test('a webpack 5 production build with no plugin or shim signs in from Chromium', async () => {
  const { outDir, files, mainSize } = await webpackBuild('esm-app', SIGN_IN_APP);
  const wasm = files.filter((f) => f.endsWith('.wasm'));
  // The session module is inlined in the ES module entry (compiled synchronously: a returning
  // visit makes one request) and nothing names its file, so no copy is emitted; the flows and
  // extras modules are the only wasm files, loaded on first use.
  const sizes = wasm.map((f) => statSync(path.join(outDir, f)).size).sort((a, b) => a - b);
  assert.deepEqual(sizes, LAZY_SIZES, `only the flows and extras modules are wasm files (no unused session module): ${wasm}`);
  // ...and inlined once: the require() entry's copy must never reach import users as well.
  assert.ok(mainSize > WASM_SIZE && mainSize < 2 * WASM_SIZE, `main.js (${mainSize} B) carries the session wasm (${WASM_SIZE} B) once`);

  const { result, errors } = await runInChromium(outDir);
  assert.deepEqual(errors, []);
  assert.deepEqual(result, SIGNED_IN);
});

test('a webpack 5 production build of a CommonJS app that require()s the package signs in from Chromium', async () => {
  const { outDir, files, mainSize } = await webpackBuild('cjs-app', SIGN_IN_APP_CJS);
  const wasm = files.filter((f) => f.endsWith('.wasm'));
  assert.deepEqual(wasm.map((f) => statSync(path.join(outDir, f)).size).sort((a, b) => a - b), wasm.length ? LAZY_SIZES : [], `the session module is inlined; only the flows and extras modules are separate: ${wasm}`);
  assert.ok(mainSize > WASM_SIZE, `main.js (${mainSize} B) carries the wasm (${WASM_SIZE} B)`);

  const { result, errors } = await runInChromium(outDir);
  assert.deepEqual(errors, []);
  assert.deepEqual(result, SIGNED_IN);
});
