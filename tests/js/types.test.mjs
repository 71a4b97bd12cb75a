// index.d.ts and internals.d.ts: code written against amazon-cognito-identity-js's typings
// compiles with `tsc --strict` when only the import changes; our classes fit where the
// reference's are expected (tests/types/class-compat.ts); the additions type-check; and a
// misuse fails (so this test can fail).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = path.join(root, 'node_modules/.bin/tsc');
const typesDir = path.join(root, 'tests/types');
const generated = path.join(typesDir, '.generated');
const COMMON = ['--strict', '--noEmit', '--target', 'es2020', '--moduleResolution', 'node', '--lib', 'es2020,dom'];

function compile(args) {
  try {
    execFileSync(tsc, args, { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (e) {
    return { ok: false, output: `${e.stdout}${e.stderr}` };
  }
}

test('the usage files are written against the reference typings', () => {
  mkdirSync(generated, { recursive: true });
  const files = [];
  for (const name of ['reference-usage.ts', 'internals-usage.ts']) {
    const source = readFileSync(path.join(typesDir, name), 'utf8');
    const file = path.join(generated, `against-reference-${name}`);
    writeFileSync(
      file,
      source.replace("from 'cognito-wasm'", "from 'amazon-cognito-identity-js'").replace("from 'cognito-wasm/internals'", "from 'amazon-cognito-identity-js/internals'"),
    );
    files.push(file);
  }
  const result = compile([...COMMON, ...files]);
  assert.ok(result.ok, result.output);
});

test('the same files, importing cognito-wasm, the class-by-class comparison and the additions compile with --strict', () => {
  const result = compile(['-p', path.join(typesDir, 'tsconfig.json')]);
  assert.ok(result.ok, result.output);
});

test('a misuse is rejected (the check is real)', () => {
  mkdirSync(generated, { recursive: true });
  const file = path.join(generated, 'misuse.ts');
  writeFileSync(file, `import { CognitoUserPool } from '../../../index';
const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_X', ClientId: 'c' });
const wrong: number = pool.getUserPoolId();
pool.signUp('u', 'p', [], [], 42);
console.log(wrong);
`);
  const result = compile([...COMMON, file]);
  assert.equal(result.ok, false);
  assert.match(result.output, /TS2322/);
  rmSync(generated, { recursive: true, force: true });
});
