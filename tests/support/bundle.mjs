// Bundles a page's ES module with esbuild, `amazon-cognito-identity-js` (and `/internals`)
// aliased to the SDK under test: ours (dist/web, the ES module entry, with the wasm files it
// loads copied next to the bundle) or the reference's ES build. Used by the browser tests
// (Amplify through the module alias) and by the bench's page-level figures.
import { build } from 'esbuild';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const at = (...p) => path.join(root, ...p);

/** What `amazon-cognito-identity-js` and `amazon-cognito-identity-js/internals` resolve to, per SDK. */
export const SDK_ALIASES = {
  ours: {
    'amazon-cognito-identity-js': at('dist/web/index.js'),
    'amazon-cognito-identity-js/internals': at('dist/web/internals.js'),
  },
  reference: {
    'amazon-cognito-identity-js': at('node_modules/amazon-cognito-identity-js/es/index.js'),
    'amazon-cognito-identity-js/internals': at('node_modules/amazon-cognito-identity-js/es/internals/index.js'),
  },
};

/**
 * Bundles `entry` into `outdir` (ES modules; dynamic imports become chunks of their own) with
 * the SDK `sdk` ('ours' | 'reference') behind the alias. Resolves with the files written:
 * `{ js: [...], wasm: [...] }`, names relative to `outdir`; `wasm` holds the wasm files the
 * bundle names (those of dist/web, copied next to it).
 */
export async function bundleWithSdk({ entry, sdk, outdir, minify = false }) {
  if (!SDK_ALIASES[sdk]) throw new Error(`unknown SDK ${sdk}`);
  const result = await build({
    entryPoints: { app: entry },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    metafile: true,
    alias: SDK_ALIASES[sdk],
    // Amplify v5 and the reference read Node's `global` and `process.env` (webpack 4 provided them).
    define: { global: 'globalThis', 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'error',
  });
  const js = Object.keys(result.metafile.outputs).map((file) => path.relative(outdir, path.resolve(file)));
  const wasm = [];
  if (sdk === 'ours') {
    const text = (await Promise.all(js.map((f) => readFile(path.join(outdir, f), 'utf8')))).join('\n');
    for (const file of await readdir(at('dist/web'))) {
      if (file.endsWith('.wasm') && text.includes(file)) {
        await copyFile(at('dist/web', file), path.join(outdir, file));
        wasm.push(file);
      }
    }
    if (!wasm.length) throw new Error('the bundle names none of the wasm files in dist/web (run make build)');
  }
  return { js, wasm };
}
