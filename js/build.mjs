// Assembles dist/ from wasm-bindgen's `--target web` output (dist/web/cognito_wasm.js +
// cognito_wasm_bg.wasm), so every entry shares ONE wasm module:
//   dist/web/index.js                     ES module for browsers and bundlers (loads the wasm next to it)
//   dist/web/index.cjs                    require() in browser bundles: CommonJS, wasm inlined
//   dist/node/index.cjs, dist/node/index.mjs  Node require() and import (read the same wasm from disk)
//   dist/amazon-cognito-identity.min.js   script-tag build: window.AmazonCognitoIdentity, wasm inlined
//   dist/{web,node}/internals.*           `cognito-wasm/internals` (the reference's `/internals`): the
//                                         user-agent functions Amplify calls, on the same wasm instance
// Only glue lives here: the SDK's logic is all in the Rust crate.
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const web = path.join(dist, 'web');
const node = path.join(dist, 'node');

await mkdir(node, { recursive: true });
// No "sideEffects": false: index.js instantiates the wasm, which bundlers must keep.
await writeFile(path.join(web, 'package.json'), '{ "type": "module" }\n');

// Names the glue exports, minus wasm-bindgen's own init functions.
const glue = await readFile(path.join(web, 'cognito_wasm.js'), 'utf8');
// What `cognito-wasm/internals` exports, as the reference's `amazon-cognito-identity-js/internals`
// does; the main entries leave these out.
const INTERNALS = ['addAuthCategoryToCognitoUserAgent', 'addFrameworkToCognitoUserAgent'];
const glueNames = [...glue.matchAll(/^export (?:class|function|const) (\w+)/gm)]
  .map((m) => m[1])
  .filter((n) => n !== 'initSync');
for (const name of INTERNALS) {
  if (!glueNames.includes(name)) throw new Error(`the wasm glue does not export ${name} (needed by cognito-wasm/internals)`);
}
const names = glueNames.filter((n) => !INTERNALS.includes(n));
const exportList = names.join(', ');
const internalsList = INTERNALS.join(', ');
// The inlined builds carry one wasm instance each; their internals travel on the API object
// under this key (not enumerable, so the API's export list stays the reference's shape).
const INTERNALS_KEY = `Symbol.for('cognito-wasm/internals')`;
// The reference's WordArray.random is an instance method; offer the static form too.
const STATIC_RANDOM = `WordArray.random = (nBytes) => new WordArray().random(nBytes);`;

// Browser / bundler ES module: top-level await on the wasm next to this file.
await writeFile(
  path.join(web, 'index.js'),
  `import init from './cognito_wasm.js';
await init({ module_or_path: new URL('./cognito_wasm_bg.wasm', import.meta.url) });
import { WordArray } from './cognito_wasm.js';
${STATIC_RANDOM}
export { ${exportList} } from './cognito_wasm.js';
/** Resolves once the WebAssembly module is ready (it already is when this module has loaded). */
export const ready = Promise.resolve();
`,
);

// `cognito-wasm/internals` for browsers and bundlers: the same glue module, initialised by index.js.
await writeFile(
  path.join(web, 'internals.js'),
  `import './index.js';
export { ${internalsList} } from './cognito_wasm.js';
`,
);

// Node: the same glue converted to CommonJS, initialised synchronously from the shared wasm.
await build({
  entryPoints: [path.join(web, 'cognito_wasm.js')],
  outfile: path.join(node, 'cognito_wasm.cjs'),
  format: 'cjs',
  platform: 'node',
  logLevel: 'error',
});
await writeFile(
  path.join(node, 'index.cjs'),
  `'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const glue = require('./cognito_wasm.cjs');
glue.initSync({ module: readFileSync(join(__dirname, '..', 'web', 'cognito_wasm_bg.wasm')) });
const api = {};
for (const name of ${JSON.stringify(names)}) api[name] = glue[name];
const { WordArray } = api;
${STATIC_RANDOM}
api.ready = Promise.resolve();
module.exports = api;
`,
);
await writeFile(
  path.join(node, 'index.mjs'),
  `import { createRequire } from 'node:module';
const api = createRequire(import.meta.url)('./index.cjs');
export const { ${exportList}, ready } = api;
export default api;
`,
);
// Node's internals: index.cjs first (it initialises the shared glue), then the glue's functions.
await writeFile(
  path.join(node, 'internals.cjs'),
  `'use strict';
require('./index.cjs');
const glue = require('./cognito_wasm.cjs');
module.exports = { ${INTERNALS.map((n) => `${n}: glue.${n}`).join(', ')} };
`,
);
await writeFile(
  path.join(node, 'internals.mjs'),
  `import { createRequire } from 'node:module';
export const { ${internalsList} } = createRequire(import.meta.url)('./internals.cjs');
`,
);

// The wasm-inlined builds: the script tag and the browser require() entry. Both are one file
// with the wasm bytes inside, compiled synchronously at load (falling back to asynchronous
// compilation, with `ready`, where an engine refuses); they differ only in the output format
// and in how the API object is published.
async function buildInlined({ outfile, format, publish }) {
  await build({
    stdin: {
      contents: `import * as glue from './web/cognito_wasm.js';
import bytes from './web/cognito_wasm_bg.wasm';
const api = {};
for (const name of ${JSON.stringify(names)}) api[name] = glue[name];
const { WordArray } = api;
${STATIC_RANDOM}
Object.defineProperty(api, ${INTERNALS_KEY}, { value: { ${INTERNALS.map((n) => `${n}: glue.${n}`).join(', ')} } });
let ready;
try {
  glue.initSync({ module: bytes });
  ready = Promise.resolve();
} catch (syncCompileRefused) {
  // Some engines refuse synchronous compilation of large modules on the main thread.
  ready = glue.default({ module_or_path: bytes });
}
api.ready = ready.then(() => api);
${publish}
`,
      resolveDir: dist,
      sourcefile: 'inlined-entry.js',
    },
    outfile,
    bundle: true,
    format,
    platform: 'browser',
    minify: true,
    loader: { '.wasm': 'binary' },
    target: ['es2020'],
    // The glue's default wasm URL (new URL(..., import.meta.url)) is never used: the bytes are passed.
    logOverride: { 'empty-import-meta': 'silent' },
    logLevel: 'error',
    legalComments: 'none',
  });
}

// Script tag: one classic script (also valid as type="module") defining window.AmazonCognitoIdentity.
await buildInlined({
  outfile: path.join(dist, 'amazon-cognito-identity.min.js'),
  format: 'iife',
  publish: 'globalThis.AmazonCognitoIdentity = api;',
});
// Bundlers' require() (the "browser" + "require" export condition): CommonJS cannot await the
// wasm the way dist/web/index.js does, so this entry carries it inlined, ready on require().
await buildInlined({
  outfile: path.join(web, 'index.cjs'),
  format: 'cjs',
  publish: 'module.exports = api;',
});

// The browser require() entry's internals: the functions carried by index.cjs's API object.
await writeFile(
  path.join(web, 'internals.cjs'),
  `'use strict';
module.exports = require('./index.cjs')[${INTERNALS_KEY}];
`,
);

console.log(`dist/ built: ${names.length} exports (${exportList})`);
