// The caller's values as the flows module's plain `args` (src/wasm/flows/args.rs): strings
// as `String(value)`, maps of strings, `{Name, Value}` lists. Absent values are `undefined`,
// which JSON leaves out. Shapes only: what each value means is the Rust core's business.

/** `String(value)`, or `undefined` for `undefined` / `null`. */
export function text(value) {
  return value === undefined || value === null ? undefined : String(value);
}

/** A `{key: string}` copy of a plain object (`undefined` values left out), or `undefined`. */
export function stringMap(value) {
  if (value === undefined || value === null || typeof value !== 'object') return undefined;
  const out = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v !== undefined && v !== null) out[key] = String(v);
  }
  return out;
}

/** Booleans as they are, `undefined` / `null` left out, anything else by truthiness. */
export function bool(value) {
  return value === undefined || value === null ? undefined : Boolean(value);
}

/** `CognitoUserAttribute[]` or `{Name, Value}[]` as plain pairs; not an array: `undefined`. */
export function attributeList(value) {
  if (!Array.isArray(value)) return undefined;
  return value.map((a) => ({ Name: text(a && a.Name) ?? '', Value: text(a && a.Value) }));
}

/** An array of names, each `String(..)`. */
export function nameList(value) {
  return Array.isArray(value) ? value.map((n) => String(n)) : [];
}

/** `IMfaSettings` (`{PreferredMfa, Enabled}`), or `undefined` for `null` / `undefined`. */
export function mfaSettings(value) {
  if (value === undefined || value === null) return undefined;
  return { PreferredMfa: bool(value.PreferredMfa), Enabled: bool(value.Enabled) };
}

/** `listDevices`'s limit: a non-negative number (a numeric string counts); others are left out. */
export function limit(value) {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.min(Math.floor(n), 0xffffffff) : undefined;
}

/** An `AuthenticationDetails` read through its getters (a plain `{Username, ...}` object directly). */
export function detailsOf(details) {
  const d = details || {};
  const read = (getter, field) => (typeof d[getter] === 'function' ? d[getter]() : d[field]);
  return {
    Username: text(read('getUsername', 'Username')),
    Password: text(read('getPassword', 'Password')),
    ValidationData: stringMap(read('getValidationData', 'ValidationData')) || {},
    AuthParameters: stringMap(read('getAuthParameters', 'AuthParameters')) || {},
    ClientMetadata: stringMap(read('getClientMetadata', 'ClientMetadata')) || {},
  };
}
