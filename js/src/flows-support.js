// What every flows method shares: running one operation in the flows module over a state
// (FACE.md: read the state, run, write the state back), the local checks that report
// synchronously, and handing results and errors to the caller's callbacks.
import { flows, loadedFlows, extras, loadedExtras, session } from './core.js';
import { readState as userState, writeBack as applyState, env as userEnv } from './state.js';
import { toError } from './errors.js';
import { failedNow, later, lift, settle } from './callbacks.js';
import { detailsOf, text } from './flows-args.js';

/** A callback object without the member a challenge needs: onFailure explains. */
function missingCallback(name) {
  const error = new Error(`The sign-in needs a \`${name}\` function in the callback object, and none was given.`);
  error.name = 'MissingCallbackError';
  error.code = 'MissingCallbackError';
  return error;
}

/**
 * Calls `callbacks[name](...args)` (with `this` = the callback object) once; an exception it
 * throws is reported, never turned into a second callback. A missing member goes to
 * `onFailure` as a MissingCallbackError (a missing `onFailure` is reported).
 */
export function callMember(callbacks, name, args) {
  const f = callbacks && callbacks[name];
  if (typeof f === 'function') return later((...a) => f.apply(callbacks, a), ...args);
  if (name === 'onFailure') return console.error('cognito-wasm: the callback object has no onFailure function for:', args[0]);
  return callMember(callbacks, 'onFailure', [missingCallback(name)]);
}

/** Calls a node-style `callback(...args)` once, when it is a function; an exception is reported. */
export function callNode(callback, args) {
  return later(callback, ...args);
}

// The modules with a `run(op, state, args, env)` entry: how each is loaded.
const RUNNERS = { flows: [loadedFlows, flows], extras: [loadedExtras, extras] };

/**
 * Runs `op` in the flows module (or `module`: 'extras', for passkey management) over `state`
 * and `env`. Resolves `{state, outcome}`, the outcome being `{callback, args, withSession?}`
 * or `{error}` (an `Error`); rejects only when the module cannot load or the state cannot be
 * read. Synchronous (a `Now`, callbacks.js) when the module is loaded and the client answered
 * every request synchronously; else a Promise.
 */
export function runFlowOver(state, env, op, args, module = 'flows') {
  const [loadedNow, load] = RUNNERS[module];
  const loaded = loadedNow();
  return (loaded ? lift(loaded) : load())
    .then((module) => settle(() => module.run(op, state, args, env)))
    .then(
      ({ state: after, outcome }) => ({ state: after, outcome: outcome.error ? { error: toError(outcome.error) } : outcome }),
      (error) => {
        throw toError(error);
      },
    );
}

/** `runFlowOver` for a user: resolves the outcome once the returned state is on the user. */
export function runFlow(user, op, args, module) {
  let state;
  let env;
  try {
    state = userState(user);
    env = userEnv(user);
  } catch (error) {
    return failedNow(error);
  }
  return runFlowOver(state, env, op, args, module).then(({ state: after, outcome }) => {
    applyChanges(user, state, after);
    return outcome;
  });
}

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Writes onto the user only what the flow changed (`before` -> `after`): another call that
 * ran meanwhile (one started from inside a callback) keeps what it wrote.
 */
function applyChanges(user, before, after) {
  const merged = userState(user);
  for (const key of Object.keys(after)) {
    if (!same(before[key], after[key])) merged[key] = after[key];
  }
  applyState(user, merged);
}

// The password a local check looks at, from the method's values (callback left out).
const PASSWORD_OF = {
  authenticateUser: (values) => detailsOf(values[0]).Password,
  completeNewPasswordChallenge: (values) => text(values[0]),
};

/**
 * The local error of a method, or null: the session module's synchronous checks (`check`:
 * 'signedIn', 'authenticateUser', 'completeNewPasswordChallenge'; src/wasm/local_checks.rs).
 */
export function localError(user, check, values) {
  if (!check) return null;
  const password = PASSWORD_OF[check] ? PASSWORD_OF[check](values) : undefined;
  const plain = session().localError(check, userState(user), password);
  return plain ? toError(plain) : null;
}

/** `callback(err, null)` or `callbacks.onFailure(err)`, by the method's kind. */
export function deliverFailure(kind, callback, error) {
  if (kind === 'node') callNode(callback, [error, null]);
  else callMember(callback, 'onFailure', [error]);
  return undefined;
}
