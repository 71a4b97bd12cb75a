// Loads the two wasm modules the face calls (js/FACE.md). The entry point installs both:
// the session module synchronously (it is small and every page needs it), the flows module
// as a loader that runs on first use.
let sessionExports;
let flowsLoader;
let flowsPromise;
let flowsExports;
let flowsLoaderSync;
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

/**
 * Called once by the entry with a function that loads the flows module (returns a Promise of its
 * exports) and, where the entry can load it synchronously (Node), one that does (returns them).
 */
export function installFlowsLoader(load, loadSync) {
  flowsLoader = load;
  flowsLoaderSync = loadSync;
}

/** The session module's exports (synchronous; always loaded). */
export function session() {
  if (!sessionExports) throw new Error('cognito-wasm: the session module is not loaded');
  return sessionExports;
}

/** The flows module's exports, loaded once on first use. A failed load is retried on the next call. */
export function flows() {
  if (!flowsPromise) {
    if (!flowsLoader) return Promise.reject(new Error('cognito-wasm: no flows module loader installed'));
    flowsPromise = Promise.resolve()
      .then(flowsLoader)
      .then((exports) => (flowsExports = exports))
      .catch((error) => {
        flowsPromise = undefined;
        throw error;
      });
  }
  return flowsPromise;
}

/**
 * The flows module's exports when it is loaded already (or the entry can load it synchronously:
 * then it is loaded now), else undefined.
 */
export function loadedFlows() {
  if (!flowsExports && flowsLoaderSync) installFlows(flowsLoaderSync());
  return flowsExports;
}

/** Installs an already initialised flows module (an entry that can load it synchronously). */
export function installFlows(exports) {
  flowsExports = exports;
  flowsPromise = Promise.resolve(exports);
}

/** Starts loading the flows module (sign-in, account, devices) so the first sign-in does not wait for it. */
export function prefetch() {
  return flows().then(() => undefined);
}
