// index.d.ts and the runtime agree: every class and method the typings declare exists in
// the built package, and every runtime export is declared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const api = createRequire(import.meta.url)('../../');
const dts = readFileSync(new URL('../../index.d.ts', import.meta.url), 'utf8');

// Top-level `export class Name { ... }` blocks, and their method names (two-space indent;
// optional methods, `name?(`, too).
const classes = new Map();
for (const match of dts.matchAll(/^export class (\w+)[^{]*\{\n([\s\S]*?)^\}/gm)) {
  const methods = [...match[2].matchAll(/^  (static )?(\w+)\??\(/gm)]
    .filter((m) => m[2] !== 'constructor')
    .map((m) => ({ name: m[2], isStatic: Boolean(m[1]) }));
  classes.set(match[1], methods);
}
const functions = [...dts.matchAll(/^export const (\w+): \(/gm)].map((m) => m[1]);

test('every declared class and method exists at runtime', () => {
  assert.ok(classes.size >= 15, `parsed ${classes.size} classes`);
  const missing = [];
  for (const [name, methods] of classes) {
    if (name === 'UserAgent') continue; // declared by the reference's typings, not a runtime export there either
    const cls = api[name];
    if (typeof cls !== 'function') {
      missing.push(name);
      continue;
    }
    for (const { name: method, isStatic } of methods) {
      const holder = isStatic ? cls : cls.prototype;
      if (typeof holder[method] !== 'function') missing.push(`${name}${isStatic ? '.' : '#'}${method}`);
    }
  }
  assert.deepEqual(missing, []);
  for (const fn of functions) assert.equal(typeof api[fn], 'function', fn);
});

test('every runtime export is declared', () => {
  const undeclared = Object.keys(api).filter(
    (name) => name !== 'ready' && !classes.has(name) && !functions.includes(name),
  );
  assert.deepEqual(undeclared, []);
});

test('cognito-wasm/internals: the declared functions are exactly the runtime exports', () => {
  const internals = createRequire(import.meta.url)('cognito-wasm/internals');
  const declared = [...readFileSync(new URL('../../internals.d.ts', import.meta.url), 'utf8').matchAll(/^export const (\w+): \(/gm)].map((m) => m[1]);
  assert.deepEqual(Object.keys(internals).sort(), declared.sort());
  for (const name of declared) assert.equal(typeof internals[name], 'function', name);
});
