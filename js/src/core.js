// Loads the wasm modules the face calls (js/FACE.md). The entry point installs them: the session
// module synchronously (it is small and every page needs it); the flows module (sign-in, account,
// devices) and the extras module (identity pools, the hosted UI, passkey management) as loaders
// that run on first use.
let sessionExports;
let markReady;

/** Resolves once the session module is loaded (at once in every entry but where an engine refuses synchronous compilation). */
export const ready = new Promise((resolve) => {
  markReady = resolve;
});

/** Called once by the entry with the initialised session module's exports. */
export function installSession(exports) {
  sessionExports = exports;
  markReady();
}

/** The session module's exports (synchronous; always loaded). */
export function session() {
  if (!sessionExports) throw new Error('cognito-wasm: the session module is not loaded');
  return sessionExports;
}

/**
 * One module loaded on first use. `install(load, loadSync)` is called once by the entry with a
 * function that loads it (returns a Promise of its exports) and, where the entry can load it
 * synchronously (Node), one that does (returns them).
 */
function lazyModule(name) {
  let loader;
  let loaderSync;
  let promise;
  let exports;
  const installExports = (loadedExports) => {
    exports = loadedExports;
    promise = Promise.resolve(loadedExports);
  };
  return {
    install(load, loadSync) {
      loader = load;
      loaderSync = loadSync;
    },
    /**
     * Its exports, loaded once on first use. A failed load is retried on the next call. The loader
     * runs in a later microtask, or with `now` at once (its requests start before this returns,
     * not after the script running now ends).
     */
    get(now = false) {
      if (!promise) {
        if (!loader) return Promise.reject(new Error(`cognito-wasm: no ${name} module loader installed`));
        const started = now ? new Promise((resolve) => resolve(loader())) : Promise.resolve().then(loader);
        promise = started
          .then((loadedExports) => (exports = loadedExports))
          .catch((error) => {
            promise = undefined;
            throw error;
          });
      }
      return promise;
    },
    /** Its exports when loaded already (or the entry can load it synchronously: then now), else undefined. */
    loaded() {
      if (!exports && loaderSync) installExports(loaderSync());
      return exports;
    },
    installExports,
  };
}

/**
 * A module's compiled wasm from `url`: compiled while it downloads where the server sends it as
 * application/wasm (else from its bytes, as wasm-bindgen's glue does).
 */
async function compileWasm(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cognito-wasm: ${url} answered ${response.status}`);
  const type = response.headers.get('content-type') || '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.split(';')[0].trim() === 'application/wasm') return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * Loads a module whose glue is `importGlue()` and whose wasm is at `wasmUrl`: the glue's request
 * and the wasm's (compiled as it arrives) at once, not one after the other; resolves with the
 * initialised glue.
 */
export async function loadGlueAndWasm(importGlue, wasmUrl) {
  const [glue, module] = await Promise.all([importGlue(), compileWasm(wasmUrl)]);
  await glue.default({ module_or_path: module });
  return glue;
}

const flowsModule = lazyModule('flows');
const extrasModule = lazyModule('extras');
const byName = { flows: flowsModule, extras: extrasModule };

export const installFlowsLoader = flowsModule.install;
export const flows = flowsModule.get;
export const loadedFlows = flowsModule.loaded;

export const installExtrasLoader = extrasModule.install;
export const extras = extrasModule.get;
export const loadedExtras = extrasModule.loaded;

// The reference's key naming the signed-in user of a client (the session module's
// lastAuthUserKey makes it; this hint runs before that module is compiled).
const LAST_AUTH_USER = /^CognitoIdentityServiceProvider\..+\.LastAuthUser$/;

/**
 * Called by the browser entry before it compiles the session module: when localStorage names no
 * signed-in user, a sign-in is the likely next step, so the flows module starts loading now
 * rather than when `authenticateUser` asks for it (after the session module's compile and the
 * app's start-up). With a signed-in user (a returning visit) nothing is loaded. A hint only: a
 * failed or unneeded load changes no behaviour (a failed one is retried on first use).
 */
export function prefetchFlowsWhenSignedOut() {
  let storage;
  try {
    storage = globalThis.localStorage;
    if (!storage) return;
    for (let i = 0; i < storage.length; i++) {
      if (LAST_AUTH_USER.test(storage.key(i) || '')) return;
    }
  } catch {
    return; // storage refused (privacy settings, sandboxed frames): no hint
  }
  flowsModule.get(true).catch(() => {});
}

/**
 * Starts loading modules so their first use does not wait: `prefetch()` the flows module
 * (sign-in, account, devices); `prefetch('extras')` the extras module (identity pools, the
 * hosted UI, passkey management); `prefetch('flows', 'extras')` both.
 */
export function prefetch(...names) {
  const wanted = names.length ? names : ['flows'];
  for (const name of wanted) {
    if (!byName[name]) return Promise.reject(new TypeError(`cognito-wasm: prefetch('${name}'): the modules are 'flows' and 'extras'`));
  }
  return Promise.all(wanted.map((name) => byName[name].get())).then(() => undefined);
}
