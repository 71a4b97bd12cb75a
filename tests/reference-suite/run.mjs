// Runs amazon-cognito-identity-js's own unit suite (its npm tarball's `__tests__`, read in
// place) twice with jest: against the reference itself, which must pass every test (proof
// that the harness is sound), and against cognito-wasm's dist/node (after `make build`).
//
// Prints `reference: N passed, M failed of T` and `ours: N passed, M failed of T` (T is the
// reference's test count; a test of ours that did not run, or that passed without making an
// assertion where the reference's run of it makes some, counts as failed), writes our
// failing tests (with the first line of each failure) to a file, and fails when:
//   - the reference run does not pass everything, or
//   - one of our tests fails that is not in expected-failures.txt (a regression), or
//   - expected-failures.txt names a test the suite does not have (a stale entry).
// Tests that are listed there but now pass are printed (remove them: the list is a ratchet).
//
//   node tests/reference-suite/run.mjs [--only ours|reference]   (`make test` runs it without options)
//   REFERENCE_SUITE_OUT=<dir>  where the failing list and jest's logs go
//                              (default node_modules/.cache/reference-suite)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const out = path.resolve(process.env.REFERENCE_SUITE_OUT || path.join(root, 'node_modules/.cache/reference-suite'));
const jestBin = path.join(root, 'node_modules/jest/bin/jest.js');
const expectedFailuresFile = path.join(here, 'expected-failures.txt');

/** Gives `<test file> › <full test name>` keys, with ` (2)`, ` (3)`... for a name repeated in a file. */
function keyMaker() {
  const seen = new Map();
  return (file, fullName) => {
    const base = `${file} › ${fullName.replaceAll('\t', '\\t').replaceAll('\n', '\\n')}`;
    const n = (seen.get(base) || 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  };
}

/** The results reporter's file, keyed; each with the assertion count from `assertionsFile`. */
function keyedResults(report, assertionsFile) {
  const assertions = new Map();
  if (existsSync(assertionsFile)) {
    const key = keyMaker();
    for (const line of readFileSync(assertionsFile, 'utf8').split('\n').filter(Boolean)) {
      const a = JSON.parse(line);
      assertions.set(key(a.file, a.fullName), a.assertionCalls);
    }
  }
  const results = new Map();
  const key = keyMaker();
  for (const file of report.files) {
    for (const t of file.tests) {
      const k = key(file.file, t.fullName);
      results.set(k, { status: t.status, failure: t.failure, assertions: assertions.get(k) });
    }
    // A test file that failed to load has no results: remember why, for the report.
    if (file.loadFailure !== null) {
      results.set(`${file.file} (did not load)`, { status: 'failed', failure: file.loadFailure.split('\n').find((l) => l.trim()) || '' });
    }
  }
  return results;
}

/** Runs the suite against `target`; the keyed results, or a reason it could not run. */
function runSuite(target) {
  mkdirSync(out, { recursive: true });
  const json = path.join(out, `${target}.json`);
  const assertions = path.join(out, `${target}.assertions.jsonl`);
  rmSync(json, { force: true });
  rmSync(assertions, { force: true });
  const log = path.join(out, `${target}.log`);
  const config = path.join(here, `jest.${target}.config.cjs`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [jestBin, '-c', config, '--ci', '--reporters', 'default', '--reporters', path.join(here, 'results-reporter.cjs')], {
    cwd: root,
    env: { ...process.env, REFERENCE_SUITE_RESULTS: json, REFERENCE_SUITE_ASSERTIONS: assertions },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  writeFileSync(log, `${run.stdout}${run.stderr}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (run.error) return { error: `jest could not start: ${run.error.message}` };
  if (!existsSync(json)) return { error: `jest wrote no results (exit ${run.status}); see ${log}` };
  return { results: keyedResults(JSON.parse(readFileSync(json, 'utf8')), assertions), seconds, log };
}

/** Why test `name` failed: its first failure line, or why its file did not load or run. */
function failureOf(results, name) {
  const file = name.slice(0, name.indexOf(' › '));
  return (
    results.get(name)?.failure ||
    (results.has(name) ? `status ${results.get(name).status}` : null) ||
    results.get(`${file} (did not load)`)?.failure ||
    'its file is not run against cognito-wasm (see config.cjs)'
  );
}

/** expected-failures.txt: `<key> | <why>` per line; `#` comments and blank lines ignored. */
function readExpectedFailures() {
  const expected = new Map();
  for (const line of readFileSync(expectedFailuresFile, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' | ');
    if (cut < 0) throw new Error(`expected-failures.txt: no " | <why>" on line: ${line}`);
    expected.set(line.slice(0, cut), line.slice(cut + 3));
  }
  return expected;
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
if (only && !['ours', 'reference'].includes(only)) {
  console.error('usage: run.mjs [--only ours|reference]');
  process.exit(2);
}
const problems = [];

// The reference: every test passes, and its test names are the list ours is measured against.
// (`--only ours` reuses the last reference results when there are some: for quick iterations.)
const lastReference = path.join(out, 'reference.json');
const reference =
  only === 'ours' && existsSync(lastReference)
    ? {
        results: keyedResults(JSON.parse(readFileSync(lastReference, 'utf8')), path.join(out, 'reference.assertions.jsonl')),
        seconds: 'reused',
        log: path.join(out, 'reference.log'),
      }
    : runSuite('reference');
let names = [];
if (reference.error) {
  problems.push(`reference run: ${reference.error}`);
} else {
  names = [...reference.results.keys()].filter((k) => !k.endsWith('(did not load)'));
  const failing = [...reference.results].filter(([, r]) => r.status !== 'passed');
  console.log(`reference: ${names.length - failing.length} passed, ${failing.length} failed of ${names.length} (${reference.seconds}${reference.seconds === 'reused' ? '' : ' s'})`);
  if (failing.length) {
    problems.push(`the reference itself fails ${failing.length} tests: the harness is broken (log: ${reference.log})`);
    for (const [name, r] of failing) console.log(`  reference FAIL ${name}: ${r.failure}`);
  }
}

if (only !== 'reference' && names.length) {
  if (!existsSync(path.join(root, 'dist/node/index.cjs'))) {
    problems.push('dist/node/index.cjs is missing: run `make build` first');
  } else {
    const ours = runSuite('ours');
    if (ours.error) {
      problems.push(`ours run: ${ours.error}`);
    } else {
      // A test of ours passes when jest says so and, if the reference's run of it asserts
      // something, ours did too (a callback never called can end a test early and green).
      for (const n of names) {
        const mine = ours.results.get(n);
        const theirs = reference.results.get(n).assertions;
        if (mine?.status === 'passed' && mine.assertions === 0 && theirs > 0) {
          ours.results.set(n, { ...mine, status: 'vacuous', failure: `passed without reaching an assertion (the reference makes ${theirs})` });
        }
      }
      const failing = names.filter((n) => ours.results.get(n)?.status !== 'passed');
      console.log(`ours: ${names.length - failing.length} passed, ${failing.length} failed of ${names.length} (${ours.seconds} s)`);
      const failingFile = path.join(out, 'ours-failing.txt');
      writeFileSync(
        failingFile,
        failing.map((n) => `${n} | ${failureOf(ours.results, n)}`).join('\n') + '\n',
      );
      console.log(`ours: failing tests with their first failure line in ${path.relative(root, failingFile)}`);

      const expected = readExpectedFailures();
      const known = new Set(names);
      const stale = [...expected.keys()].filter((k) => !known.has(k));
      const regressions = failing.filter((n) => !expected.has(n));
      const nowPassing = [...expected.keys()].filter((k) => known.has(k) && !failing.includes(k));
      if (stale.length) {
        problems.push(`expected-failures.txt names ${stale.length} tests the suite does not have`);
        for (const k of stale) console.log(`  unknown test in expected-failures.txt: ${k}`);
      }
      if (regressions.length) {
        problems.push(`${regressions.length} tests fail that are not in expected-failures.txt`);
        for (const n of regressions) console.log(`  REGRESSION ${n}: ${failureOf(ours.results, n)}`);
      }
      if (nowPassing.length) {
        console.log(`ours: ${nowPassing.length} tests now pass but are still in expected-failures.txt (remove them):`);
        for (const n of nowPassing) console.log(`  now passing: ${n}`);
      }
      console.log(`ours: floor ${names.length - expected.size} (tests not in expected-failures.txt), passed ${names.length - failing.length}`);
    }
  }
}

for (const p of problems) console.log(`FAIL: ${p}`);
process.exit(problems.length ? 1 : 0);
