// Turns an error thrown by the wasm checks (an Error with `name` and `check`) into the
// instance of its class (errors.js). Internal to the verifier.
import * as errors from './errors.js';

const CLASSES = {
  ...errors,
};

/** The class instance for an error thrown by the wasm checks (`{ name, message, check }`). */
export function typed(e) {
  if (e instanceof errors.JwtBaseError) return e;
  const Class = e && Object.hasOwn(CLASSES, e.name) && CLASSES[e.name];
  if (!Class) throw e;
  return new Class(e.message, e.check);
}
