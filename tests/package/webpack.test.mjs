// webpack 5 with the plainest config (mode: production, the default entry and output; no
// plugins, no resolve.fallback, no ProvidePlugin, no experiments) bundles the installed
// tarball, and the bundle signs in from Chromium. webpack 5 handles what the ES entry uses:
// top-level await (on by default in current webpack 5) and new URL('./x.wasm', import.meta.url)
// (emitted as an asset, located at run time through the script's own URL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { installPackedPackage, repoRoot, SIGN_IN_APP, SIGNED_IN, runInChromium } from './consumer.mjs';

const WEBPACK_CLI = path.join(repoRoot, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
let installed;
before(() => { installed = installPackedPackage(); });
after(() => installed?.remove());

test('a webpack 5 production build with no plugin or shim signs in from Chromium', async () => {
  const { project } = installed;
  mkdirSync(path.join(project, 'src'));
  writeFileSync(path.join(project, 'src', 'index.js'), SIGN_IN_APP);
  writeFileSync(path.join(project, 'webpack.config.js'), "module.exports = { mode: 'production' };\n");
  // What `npx webpack` runs (webpack's bin hands over to webpack-cli, called here directly as
  // webpack's bin would offer to install it if missing); it exits non-zero on any error.
  const { stdout } = await promisify(execFile)(process.execPath, [WEBPACK_CLI, '--no-color'], { cwd: project, encoding: 'utf8' });
  // The only warnings allowed are webpack's size hints (the .wasm is over its 244 KiB advice).
  const warnings = stdout.match(/^WARNING in .*$/gm) ?? [];
  assert.deepEqual(warnings.filter((w) => !/asset size limit|entrypoint size limit|performance recommendations/.test(w)), [], stdout);

  const outDir = path.join(project, 'dist');
  const files = readdirSync(outDir);
  assert.ok(files.includes('main.js') && files.some((f) => f.endsWith('.wasm')), `main.js and the wasm are emitted: ${files}`);
  // webpack makes no HTML without a plugin: the page is a classic script tag, as usual.
  writeFileSync(path.join(outDir, 'index.html'), '<!doctype html><html><body><script src="main.js"></script></body></html>');

  const { result, errors } = await runInChromium(outDir);
  assert.deepEqual(errors, []);
  assert.deepEqual(result, SIGNED_IN);
});
