// Builds `cognito-wasm/verifier` into dist/verifier/ (called by `make build`):
//   1. the crate with --features verifier-module for wasm32 (the checks only, no RSA), in its
//      own cargo profile `verifier` (opt-level 3; the main wasm's build is left alone),
//   2. wasm-bindgen --target web, wasm-opt -O3,
//   3. esbuild bundles js/verifier/ with the glue and the wasm inlined (base64):
//        dist/verifier/index.js   browsers and bundlers (ES module)
//        dist/verifier/node.mjs   Node >= 18 (adds node:crypto for verifySync)
// Separate from js/build.mjs: the sign-in bundle and the script-tag file never contain it.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'verifier');
const work = path.join(out, '.build');
const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(root, process.env.CARGO_TARGET_DIR) : path.join(root, 'target');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run('cargo', ['build', '--profile', 'verifier', '--target', 'wasm32-unknown-unknown', '-p', 'cognito-wasm', '--features', 'verifier-module']);
await rm(out, { recursive: true, force: true });
await mkdir(work, { recursive: true });
run('wasm-bindgen', ['--target', 'web', '--out-dir', work, '--out-name', 'cognito_verifier',
  path.join(targetDir, 'wasm32-unknown-unknown', 'verifier', 'cognito_wasm.wasm')]);
const wasm = path.join(work, 'cognito_verifier_bg.wasm');
run(path.join(root, 'node_modules', '.bin', 'wasm-opt'), ['-O3', '--enable-bulk-memory', '--enable-nontrapping-float-to-int',
  '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue', wasm, '-o', wasm]);
const inline = path.join(work, 'wasm-inline.js');
await writeFile(inline, `export default ${JSON.stringify((await readFile(wasm)).toString('base64'))};\n`);

const common = {
  bundle: true,
  format: 'esm',
  minify: false,
  legalComments: 'none',
  alias: { 'cognito-verifier-glue': path.join(work, 'cognito_verifier.js'), 'cognito-verifier-wasm': inline },
  logLevel: 'warning',
};
await build({ ...common, entryPoints: [path.join(root, 'js', 'verifier', 'verifier.js')], outfile: path.join(out, 'index.js'), platform: 'browser', target: 'es2022' });
await build({ ...common, entryPoints: [path.join(root, 'js', 'verifier', 'node.js')], outfile: path.join(out, 'node.mjs'), platform: 'node', target: 'node18' });
await writeFile(path.join(out, 'package.json'), '{ "type": "module" }\n');
await rm(work, { recursive: true, force: true });
const sizes = await Promise.all(['index.js', 'node.mjs'].map(async (f) => `${f} ${(await readFile(path.join(out, f))).length} bytes`));
console.log(`dist/verifier: ${sizes.join(', ')}`);
