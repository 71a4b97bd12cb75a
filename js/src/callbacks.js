// How the face calls back: node callbacks `(err, result)`, callback objects
// (`{ onSuccess, onFailure, ... }`), and the Promise twins (`...Async`) over the same methods.

/** The Promise twin of the method `name` (looked up on `this` at call time, so stubs apply)
 *  taking a node callback at position `index`. */
export function nodeTwin(name, index) {
  return function twin(...args) {
    return new Promise((resolve, reject) => {
      const full = args.slice(0, index);
      while (full.length < index) full.push(undefined);
      full.push((err, result) => (err ? reject(err) : resolve(result)));
      full.push(...args.slice(index));
      this[name](...full);
    });
  };
}

/** The Promise twin of the method `name` taking a `{ onSuccess, onFailure }` object at position `index`. */
export function objectTwin(name, index) {
  return function twin(...args) {
    return new Promise((resolve, reject) => {
      const full = args.slice(0, index);
      while (full.length < index) full.push(undefined);
      full.push({ onSuccess: resolve, onFailure: reject });
      full.push(...args.slice(index));
      this[name](...full);
    });
  };
}

/** Calls `callbacks[name](...args)` when it is a function. */
export function invoke(callbacks, name, ...args) {
  const f = callbacks && callbacks[name];
  if (typeof f === 'function') return f.apply(callbacks, args);
  return undefined;
}

/** Adds `methods` to `proto` as classes define theirs (not enumerable). */
export function addMethods(proto, methods) {
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(proto, name, { value, writable: true, configurable: true, enumerable: false });
  }
}

/** Delivers an asynchronous result: calls `callback(...args)` when it is a function; an exception
 *  it throws is reported on the console (it cannot reach the caller, and must not become an
 *  unhandled rejection or a second call). */
export function later(callback, ...args) {
  if (typeof callback !== 'function') return;
  try {
    callback(...args);
  } catch (error) {
    console.error('cognito-wasm: a callback threw:', error);
  }
}

/** `later` for a member of a callback object (`callbacks.onSuccess(...)`). */
export function laterMember(callbacks, name, ...args) {
  const f = callbacks && callbacks[name];
  if (typeof f === 'function') later((...a) => f.apply(callbacks, a), ...args);
}

/**
 * A result that is already there, with a Promise's `then`/`catch` that run their handlers AT
 * ONCE (a throw becomes a rejected `Now`). The wasm modules' flow exports answer with the
 * value itself when the client answered synchronously, else with a Promise (src/wasm/eager.rs);
 * `settle` makes either chainable the same way, so the face's chains stay synchronous exactly
 * when the answer was. `Promise.resolve(now)` adopts it, so the `...Async` twins still return
 * real Promises.
 */
class Now {
  constructor(ok, value) {
    this.ok = ok;
    this.value = value;
  }

  then(onValue, onError) {
    const handler = this.ok ? onValue : onError;
    if (typeof handler !== 'function') return this;
    try {
      return lift(handler(this.value));
    } catch (error) {
      return new Now(false, error);
    }
  }

  catch(onError) {
    return this.then(undefined, onError);
  }
}

const isThenable = (value) => value != null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function';

/** `value` as a chainable: itself when it is a Promise (or a `Now`), else a `Now` of it. */
export function lift(value) {
  return isThenable(value) ? value : new Now(true, value);
}

/** A rejected `Now`. */
export function failedNow(error) {
  return new Now(false, error);
}

/** `produce()`'s value or Promise as a chainable; a throw is a rejected `Now`. */
export function settle(produce) {
  try {
    return lift(produce());
  } catch (error) {
    return new Now(false, error);
  }
}
