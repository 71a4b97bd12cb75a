// Assembles dist/ from wasm-bindgen's `--target web` output of the three modules (js/FACE.md):
//   dist/web/cognito_session.js + _bg.wasm   the session module (every page needs it)
//   dist/web/cognito_flows.js + _bg.wasm     the flows module (loaded on first use: sign-in, account)
//   dist/web/cognito_extras.js + _bg.wasm    the extras module (loaded on first use: identity pools,
//                                            the hosted UI, passkey management)
// and the JS face (js/src/index.js) bundled by esbuild into every entry:
//   dist/web/index.js                     ES module for browsers and bundlers: top-level await on the
//                                         session module next to it; flows and extras by import() +
//                                         new URL(...)
//   dist/web/index.cjs                    require() in browser bundles: session module inlined
//   dist/node/index.cjs, dist/node/index.mjs  Node require() and import: initSync from disk, flows
//                                         and extras loaded lazily from disk
//   dist/amazon-cognito-auth.min.js       amazon-cognito-auth-js's script tag: the same, added to
//                                         window.AmazonCognitoIdentity (CognitoAuth among it)
//   dist/amazon-cognito-identity.min.js   script tag: window.AmazonCognitoIdentity, session module
//                                         inlined; the flows and extras modules are
//                                         dist/cognito_{flows,extras}{.js,_bg.wasm}, found next to
//                                         the script (document.currentScript.src)
//   dist/{web,node}/internals.*           `cognito-wasm/internals` (the reference's `/internals`): the
//                                         user-agent functions Amplify calls, on the same session module
// Only glue lives here: the SDK's logic is in the Rust crate, its shapes in js/src.
import { build } from 'esbuild';
import { copyFile, mkdir, writeFile, access, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const web = path.join(dist, 'web');
const node = path.join(dist, 'node');
const face = path.join(root, 'js', 'src');
const faceIndex = path.join(face, 'index.js');
const faceCore = path.join(face, 'core.js');

await mkdir(node, { recursive: true });
// No "sideEffects": false: index.js instantiates the wasm, which bundlers must keep.
await writeFile(path.join(web, 'package.json'), '{ "type": "module" }\n');

// What `cognito-wasm/internals` exports, as the reference's `amazon-cognito-identity-js/internals`.
const INTERNALS = ['addAuthCategoryToCognitoUserAgent', 'addFrameworkToCognitoUserAgent'];
// The inlined builds carry one session module each; their internals travel on the API object under
// this key (not enumerable, so the API's export list stays the reference's shape).
const INTERNALS_KEY = `Symbol.for('cognito-wasm/internals')`;



// The flows helper's files (js/FACE.md's second half). With FACE_ALLOW_MISSING_FLOWS=1 a checkout
// without them still builds, with stand-ins that fail when used (never in a release: the variable is
// for working on the session half alone).
const FLOWS_FILES = ['CognitoUser.flows.js', 'CognitoUserPool.flows.js', 'AuthenticationDetails.js', 'AuthenticationHelper.js', 'CognitoUserAttribute.js'];
const missingFlows = {
  name: 'missing-flows',
  setup(b) {
    b.onResolve({ filter: /\.\/(CognitoUser\.flows|CognitoUserPool\.flows|AuthenticationDetails|AuthenticationHelper|CognitoUserAttribute)\.js$/ }, async (args) => {
      const file = path.join(args.resolveDir, args.path);
      try {
        await access(file);
        return undefined;
      } catch {
        if (process.env.FACE_ALLOW_MISSING_FLOWS !== '1') return undefined;
        return { path: path.basename(file), namespace: 'missing-flows' };
      }
    });
    b.onLoad({ filter: /.*/, namespace: 'missing-flows' }, (args) => ({
      contents: args.path.includes('.flows.')
        ? ''
        : `export default class Missing { constructor() { throw new Error('cognito-wasm: ${args.path} is not in this build'); } }`,
    }));
  },
};
if (process.env.FACE_ALLOW_MISSING_FLOWS === '1') console.warn(`FACE_ALLOW_MISSING_FLOWS=1: any of ${FLOWS_FILES.join(', ')} missing is a stand-in`);
const common = { bundle: true, logLevel: 'error', legalComments: 'none', target: ['es2020'], plugins: [missingFlows] };

// The session module's wasm is inlined in every browser entry and read from disk by the Node
// ones, so its glue's default location (`new URL('cognito_session_bg.wasm', import.meta.url)`,
// used when init is called without a module) is never used; left in, it makes bundlers (webpack,
// Vite) emit the file next to the ES entry as an asset nobody loads. It becomes an error instead.
const sessionGlueFile = path.join(web, 'cognito_session.js');
const sessionGlue = await readFile(sessionGlueFile, 'utf8');
const defaultWasmUrl = /new URL\((['"])cognito_session_bg\.wasm\1, import\.meta\.url\)/g;
const NO_DEFAULT_WASM = `(() => { throw new Error('cognito-wasm: the session module has no default location; pass its bytes'); })()`;
const urlCount = (sessionGlue.match(defaultWasmUrl) || []).length;
if (urlCount === 1) await writeFile(sessionGlueFile, sessionGlue.replace(defaultWasmUrl, NO_DEFAULT_WASM));
else if (urlCount > 1 || !sessionGlue.includes(NO_DEFAULT_WASM)) throw new Error(`dist/web/cognito_session.js names its wasm ${urlCount} times (expected once, from wasm-bindgen)`);

// The session glue's exports by name. The ES entry imports them by name and hands the face a
// plain object of them, never the glue's namespace (`import * as`): a bundler that splits code
// (esbuild) builds a namespace object with a runtime helper it puts in a chunk of its own, which
// the app's entry then imports — one more request, after the entry's, before anything runs.
const sessionExports = [...sessionGlue.matchAll(/^export function (\w+)/gm)].map((m) => m[1]);
const otherExports = sessionGlue.match(/^export (?!function ).*$/gm) || [];
if (!sessionExports.length || otherExports.join('\n') !== 'export { initSync, __wbg_init as default };') {
  throw new Error(`dist/web/cognito_session.js: unexpected exports from wasm-bindgen: ${otherExports.join(' ')}`);
}
const sessionNames = ['initSync', ...sessionExports].join(', ');

// The face's export list, read from esbuild's metafile.
const probe = await build({ entryPoints: [faceIndex], bundle: true, write: false, format: 'esm', metafile: true, logLevel: 'error', plugins: [missingFlows] });
const names = Object.values(probe.metafile.outputs)[0].exports.filter((n) => n !== 'default');
for (const needed of ['ready', 'prefetch']) {
  if (!names.includes(needed)) throw new Error(`js/src/index.js does not export ${needed}`);
}
const exportList = names.join(', ');

// How the builds that inline the session module carry it: each byte as one character
// (U+0000-U+00FF) of a string literal in a UTF-8 file. gzip -9 of the session wasm carried so:
// 72.6 KB against 88.8 KB as base64 (esbuild's `binary` loader), and 189 KB of text to parse
// instead of 210 KB. The classic scripts start with a byte-order mark, so every browser reads them
// as UTF-8 whatever the page's charset (module scripts are always UTF-8); the length check turns a
// file read otherwise into a clear error instead of a broken module.
const latin1Wasm = {
  name: 'latin1-wasm',
  setup(b) {
    b.onLoad({ filter: /\.wasm$/ }, async (args) => {
      const bytes = await readFile(args.path);
      let text = '';
      for (const byte of bytes) text += String.fromCharCode(byte);
      return {
        loader: 'js',
        contents: `const text = ${JSON.stringify(text)};
if (text.length !== ${bytes.length}) throw new Error('cognito-wasm: this script was not read as UTF-8; serve it with charset=utf-8');
const bytes = new Uint8Array(text.length);
for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
export default bytes;`,
      };
    });
  },
};

// The ES entry's loaders of the flows and extras modules, a module of their own imported first, so
// that they (and the flows hint, core.js) run before the session module's bytes are decoded and
// compiled: a signed-out page's flows download overlaps that work.
const lazyLoaders = {
  name: 'lazy-loaders',
  setup(b) {
    b.onResolve({ filter: /^cognito-wasm:lazy-loaders$/ }, () => ({ path: 'lazy-loaders.js', namespace: 'lazy-loaders' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-loaders' }, () => ({
      resolveDir: web,
      contents: `import { installFlowsLoader, installExtrasLoader, loadGlueAndWasm, prefetchFlowsWhenSignedOut } from ${JSON.stringify(faceCore)};
installFlowsLoader(() => loadGlueAndWasm(() => import('./cognito_flows.js'), new URL('./cognito_flows_bg.wasm', import.meta.url)));
installExtrasLoader(() => loadGlueAndWasm(() => import('./cognito_extras.js'), new URL('./cognito_extras_bg.wasm', import.meta.url)));
prefetchFlowsWhenSignedOut();
`,
    }));
  },
};

// Browser / bundler ES module: the session glue stays a sibling module (one instance, shared with
// internals.js); its wasm is inlined (latin1Wasm, below) and compiled synchronously, so a returning
// visit does not wait for a second request after this one (top-level await only where an engine
// refuses synchronous compilation); the flows glue and wasm are loaded on first use, or at load on
// a page with no signed-in user (lazyLoaders, above).
await build({
  ...common,
  plugins: [...common.plugins, latin1Wasm, lazyLoaders],
  charset: 'utf8',
  stdin: {
    contents: `import 'cognito-wasm:lazy-loaders';
import initSession, { ${sessionNames} } from './cognito_session.js';
import bytes from './cognito_session_bg.wasm';
import { installSession } from ${JSON.stringify(faceCore)};
const sessionGlue = { ${sessionNames} };
try {
  sessionGlue.initSync({ module: bytes });
} catch (syncCompileRefused) {
  await initSession({ module_or_path: bytes });
}
installSession(sessionGlue);
export * from ${JSON.stringify(faceIndex)};
`,
    resolveDir: web,
    sourcefile: 'web-entry.js',
  },
  outfile: path.join(web, 'index.js'),
  format: 'esm',
  target: ['es2022'],
  platform: 'neutral',
  external: ['./cognito_session.js', './cognito_flows.js', './cognito_extras.js'],
});
await writeFile(
  path.join(web, 'internals.js'),
  `import './index.js';
export { ${INTERNALS.join(', ')} } from './cognito_session.js';
`,
);

// Node: each glue converted to CommonJS; the face bundled once into index.cjs (index.mjs and the
// internals use that same instance).
for (const m of ['cognito_session', 'cognito_flows', 'cognito_extras']) {
  await build({ entryPoints: [path.join(web, `${m}.js`)], outfile: path.join(node, `${m}.cjs`), format: 'cjs', platform: 'node', logLevel: 'error' });
}
await build({
  ...common,
  stdin: {
    contents: `import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as sessionGlue from './cognito_session.cjs';
import { installSession, installFlowsLoader, installExtrasLoader } from ${JSON.stringify(faceCore)};
const wasmFile = (name) => readFileSync(join(__dirname, '..', 'web', name));
sessionGlue.initSync({ module: wasmFile('cognito_session_bg.wasm') });
installSession(sessionGlue);
const loadFlowsSync = () => {
  const flows = require('./cognito_flows.cjs');
  flows.initSync({ module: wasmFile('cognito_flows_bg.wasm') });
  return flows;
};
installFlowsLoader(async () => loadFlowsSync(), loadFlowsSync);
const loadExtrasSync = () => {
  const extras = require('./cognito_extras.cjs');
  extras.initSync({ module: wasmFile('cognito_extras_bg.wasm') });
  return extras;
};
installExtrasLoader(async () => loadExtrasSync(), loadExtrasSync);
export * from ${JSON.stringify(faceIndex)};
`,
    resolveDir: node,
    sourcefile: 'node-entry.js',
  },
  outfile: path.join(node, 'index.cjs'),
  format: 'cjs',
  platform: 'node',
  external: ['./cognito_session.cjs', './cognito_flows.cjs', './cognito_extras.cjs'],
});
await writeFile(
  path.join(node, 'index.mjs'),
  `import { createRequire } from 'node:module';
const api = createRequire(import.meta.url)('./index.cjs');
export const { ${exportList} } = api;
export default api;
`,
);
await writeFile(
  path.join(node, 'internals.cjs'),
  `'use strict';
require('./index.cjs');
const glue = require('./cognito_session.cjs');
module.exports = { ${INTERNALS.map((n) => `${n}: glue.${n}`).join(', ')} };
`,
);
await writeFile(
  path.join(node, 'internals.mjs'),
  `import { createRequire } from 'node:module';
export const { ${INTERNALS.join(', ')} } = createRequire(import.meta.url)('./internals.cjs');
`,
);

// The session-inlined builds: the script tag and the browser require() entry. The session module's
// bytes are inside, compiled synchronously at load (asynchronously, behind \`ready\`, where an
// engine refuses); \`lazyLoaders\` is how each finds the flows and extras modules.
async function buildInlined({ outfile, format, publish, lazyLoaders, minify }) {
  await build({
    ...common,
    stdin: {
      contents: `import * as sessionGlue from './web/cognito_session.js';
import bytes from './web/cognito_session_bg.wasm';
import { installSession, installFlowsLoader, installExtrasLoader, loadGlueAndWasm, prefetchFlowsWhenSignedOut } from ${JSON.stringify(faceCore)};
import * as face from ${JSON.stringify(faceIndex)};
${lazyLoaders}
try {
  sessionGlue.initSync({ module: bytes });
  installSession(sessionGlue);
} catch (syncCompileRefused) {
  // Some engines refuse synchronous compilation on the main thread: then \`ready\` waits for it.
  sessionGlue.default({ module_or_path: bytes }).then(() => installSession(sessionGlue));
}
const api = { ...face };
Object.defineProperty(api, ${INTERNALS_KEY}, { value: { ${INTERNALS.map((n) => `${n}: sessionGlue.${n}`).join(', ')} } });
${publish}
`,
      resolveDir: dist,
      sourcefile: 'inlined-entry.js',
    },
    outfile,
    format,
    platform: 'browser',
    minify,
    plugins: [...common.plugins, latin1Wasm],
    charset: 'utf8',
    banner: { js: '\uFEFF' },
    external: ['./cognito_flows.js', './cognito_extras.js'],
  });
}

// Script tag: one classic script defining window.AmazonCognitoIdentity. The flows and extras
// modules sit next to it (dist/cognito_flows.js + dist/cognito_flows_bg.wasm, the same for
// extras), found from the script's own URL.
for (const m of ['cognito_flows', 'cognito_extras']) {
  await copyFile(path.join(web, `${m}.js`), path.join(dist, `${m}.js`));
  await copyFile(path.join(web, `${m}_bg.wasm`), path.join(dist, `${m}_bg.wasm`));
}
const scriptTagLoaders = `// This file's own URL, captured at load: document.currentScript for a classic script; for
// <script type="module"> (no currentScript) the URL in a stack trace taken now, at the top of this file.
function ownUrl() {
  if (typeof document !== 'undefined' && document.currentScript && document.currentScript.src) return document.currentScript.src;
  const stack = String(new Error().stack || '');
  const found = stack.match(/(?:https?|file|blob):[^\\s()'"]+?(?=:\\d+:\\d+)/);
  if (found) return found[0];
  return typeof location !== 'undefined' ? location.href : '';
}
const scriptUrl = ownUrl();
const nextToScript = (glueFile, wasmFile) => () => loadGlueAndWasm(() => import(new URL(glueFile, scriptUrl).href), new URL(wasmFile, scriptUrl));
installFlowsLoader(nextToScript('cognito_flows.js', 'cognito_flows_bg.wasm'));
installExtrasLoader(nextToScript('cognito_extras.js', 'cognito_extras_bg.wasm'));`;
// As in the ES entry: on a signed-out page the flows download starts before the session module is
// compiled and the app runs (not in amazon-cognito-auth.min.js below: the hosted UI needs the
// extras module, not the flows module).
await buildInlined({
  outfile: path.join(dist, 'amazon-cognito-identity.min.js'),
  format: 'iife',
  minify: true,
  publish: 'globalThis.AmazonCognitoIdentity = api;',
  lazyLoaders: `${scriptTagLoaders}\nprefetchFlowsWhenSignedOut();`,
});
// amazon-cognito-auth-js's script tag: the same API (CognitoAuth among it), added to the global
// AmazonCognitoIdentity rather than replacing it, so a page may load it alone or after the other.
await buildInlined({
  outfile: path.join(dist, 'amazon-cognito-auth.min.js'),
  format: 'iife',
  minify: true,
  publish: 'globalThis.AmazonCognitoIdentity = Object.assign(globalThis.AmazonCognitoIdentity || {}, api);',
  lazyLoaders: scriptTagLoaders,
});
// Bundlers' require() (the "browser" + "require" condition): CommonJS cannot await the session
// module the way dist/web/index.js does, so it is inlined; the flows and extras glues are sibling
// ES modules that the bundler splits out (each wasm found by its glue's own new URL(..., import.meta.url)).
await buildInlined({
  outfile: path.join(web, 'index.cjs'),
  format: 'cjs',
  minify: false,
  publish: 'module.exports = api;',
  lazyLoaders: `installFlowsLoader(async () => {
  const flows = await import('./cognito_flows.js');
  await flows.default();
  return flows;
});
installExtrasLoader(async () => {
  const extras = await import('./cognito_extras.js');
  await extras.default();
  return extras;
});
prefetchFlowsWhenSignedOut();`,
});
await writeFile(
  path.join(web, 'internals.cjs'),
  `'use strict';
module.exports = require('./index.cjs')[${INTERNALS_KEY}];
`,
);

await access(path.join(dist, 'amazon-cognito-identity.min.js'));
console.log(`dist/ built: ${names.length} exports (${exportList})`);
