// Errors across the boundary (js/FACE.md): the wasm modules reject or throw plain
// `{ code?, name, message, statusCode? }` objects; callers get `Error`s with those fields, as the
// reference's are (`code` absent = a plain `new Error(message)`).

/** An `Error` from a plain error object (an `Error` is passed through as it is). */
export function toError(plain) {
  if (plain instanceof Error) return plain;
  if (plain == null || typeof plain !== 'object') return new Error(String(plain));
  const error = new Error(plain.message);
  if (plain.name !== undefined && plain.name !== 'Error') error.name = plain.name;
  if (plain.code !== undefined) error.code = plain.code;
  if (plain.statusCode !== undefined) error.statusCode = plain.statusCode;
  return error;
}

/** The reference's `CognitoError` of `promisifyRequest`: message, code, name and statusCode copied. */
export class CognitoError extends Error {
  constructor(message, code, name, statusCode) {
    super(message);
    this.code = code;
    this.name = name;
    this.statusCode = statusCode;
  }
}

/** Runs a synchronous session-module entry; a plain error it throws comes out as an `Error`. */
export function call(entry) {
  try {
    return entry();
  } catch (plain) {
    throw toError(plain);
  }
}
