#!/usr/bin/env node
// Checks that the SRP exponentiation in the wasm we ship (the flows module,
// dist/web/cognito_flows_bg.wasm, from `make build`) runs without secret-dependent control
// flow or memory addresses.
// Calls to core's panic functions (bounds checks on public indexes) are allowed: they never
// return, and the branch that leads to them is checked like any other.
//
// The shipped file has no function names (wasm-opt drops the name section), so this script
// rebuilds it from the same cargo output with the same wasm-bindgen call and the same
// wasm-opt flags (read from the Makefile) plus `-g`, which keeps the names, and first proves
// that every section of that copy except `name` is byte-for-byte the shipped file. Then it
// disassembles the copy with binaryen's wasm-dis and checks each function of
// src/srp/montgomery.rs that handles secrets:
//   - no `select` at all (engines may compile it to a branch);
//   - no `if` / `br_if` / `br_table` condition, load or store address, memory.fill/copy
//     destination or length, or division operand that derives from secret data;
//   - calls only to other checked functions (so nothing escapes the check).
// Secret data: the parameters listed below as secret, every value loaded from memory (limbs,
// exponent words, tables, the laundered masks) and every call result, followed through
// locals to a fixed point. Loop counters start from constants and stay public.
// A step that wasm-opt inlined into its only caller is checked as part of that caller.
//
// Usage: node scripts/check-wasm-ct.mjs   (CARGO_TARGET_DIR as for the build; CT_CHECK_KEEP=1
// keeps the temporary directory with the named wasm and its disassembly.)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const targetDir = path.resolve(root, process.env.CARGO_TARGET_DIR || 'target');
// `make build` copies each module's cargo output aside (both are named cognito_wasm.wasm).
const releaseWasm = path.join(targetDir, 'face-wasm/cognito_flows.wasm');
const shippedWasm = path.join(root, 'dist/web/cognito_flows_bg.wasm');
const nodeBin = (name) => path.join(root, 'node_modules/.bin', name);
const MODULE = 'cognito_wasm::srp::montgomery::';

// The functions to check. `secret`: indexes of parameters that carry secret values (the
// others are pointers to secret data, whose loads are secret anyway), with the signature
// they are expected at, so that a changed signature fails instead of checking the wrong
// parameter. `required`: must be present by name; the others may be inlined by wasm-opt into
// `inlinedInto` (their only callers), which are then required instead. `publicSelects`: the
// limb arithmetic, whose loops may use a `select` on a loop index (public: it leaks nothing
// even when an engine turns it into a branch); a `select` on secret data still fails there.
// The selection and step functions may contain no `select` at all.
const CHECKED = [
  { name: 'select', required: true, params: 'i32 i64 i32 i32', secret: [1], what: 'masked choice between two numbers' },
  { name: 'double_mod', required: true, what: 'doubling with a masked conditional subtraction' },
  { name: 'reduce_once', inlinedInto: ['from_mont'], what: 'final masked conditional subtraction' },
  { name: 'from_mont', required: true, what: 'conversion out of Montgomery form' },
  { name: 'table_lookup', inlinedInto: ['window_step', 'comb_step'], params: 'i32 i32 i32', secret: [2], what: 'masked table scan' },
  { name: 'window_step', required: true, params: 'i32 i32 i32 i32', secret: [3], what: 'windowed exponentiation loop body' },
  { name: 'comb_step', required: true, params: 'i32 i32 i32 i32', secret: [3], what: 'fixed-base comb loop body' },
  { name: 'pow_two_step', required: true, params: 'i32 i32 i64', secret: [2], what: 'square-and-double loop body' },
  { name: 'mont_mul', required: true, publicSelects: true, what: 'Montgomery product' },
  { name: 'mont_sqr', required: true, publicSelects: true, what: 'Montgomery squaring' },
  { name: 'redc', required: true, publicSelects: true, what: 'Montgomery reduction' },
  { name: 'half_product', inlinedInto: ['mont_mul'], publicSelects: true, what: 'Karatsuba half product' },
  { name: 'halves', inlinedInto: ['mont_mul'], publicSelects: true, what: 'Karatsuba split' },
  { name: 'reversed', inlinedInto: ['mont_mul', 'mont_sqr'], publicSelects: true, what: 'limb reversal' },
  { name: 'mul_add_sub', required: true, publicSelects: true, what: 'a + u·x − c (the exponent a + u·x of S, its base B − k·v)' },
  { name: 'doubled', inlinedInto: ['double_mod'], publicSelects: true, what: 'limb doubling' },
  { name: 'const_sub', inlinedInto: ['double_mod', 'reduce_once'], publicSelects: true, what: 'limb subtraction' },
];

class CheckFailure extends Error {}

function fail(message) {
  throw new CheckFailure(message);
}

function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    fail(`${cmd} ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

/** The wasm-opt flags of the build, from the Makefile (the one place they are written). */
function wasmOptFlags() {
  const makefile = readFileSync(path.join(root, 'Makefile'), 'utf8').replace(/\\\n\s*/g, ' ');
  const line = makefile.split('\n').find((l) => l.trim().startsWith('WASM_OPT_FLAGS :='));
  if (!line) fail('no WASM_OPT_FLAGS := line in the Makefile');
  const flags = line.trim().split(/\s+/).slice(2).filter((t) => t.startsWith('-') && t !== '-o');
  if (!flags.some((f) => /^-O/.test(f))) fail(`no optimisation level among the Makefile's wasm-opt flags: ${flags.join(' ')}`);
  return flags;
}

/** The sections of a wasm file: {id, name (custom sections), bytes}. */
function sections(file) {
  const buf = readFileSync(file);
  let p = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = buf[p++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const out = [];
  while (p < buf.length) {
    const id = buf[p++];
    const len = leb();
    const start = p;
    let name = '';
    if (id === 0) {
      const n = leb();
      name = buf.subarray(p, p + n).toString();
    }
    out.push({ id, name, bytes: buf.subarray(start, start + len) });
    p = start + len;
  }
  return out;
}

/** Parses one s-expression of binaryen's text format: nested arrays of atoms. */
function parseSexpr(src) {
  let i = 0;
  const skipSpace = () => {
    for (;;) {
      while (i < src.length && /\s/.test(src[i])) i++;
      if (src.startsWith(';;', i)) while (i < src.length && src[i] !== '\n') i++;
      else return;
    }
  };
  const atom = () => {
    const start = i;
    while (i < src.length) {
      const c = src[i];
      if (c === '"') {
        i++;
        while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
        i++;
      } else if (c === '(' || c === ')' || /\s/.test(c)) break;
      else i++;
    }
    return src.slice(start, i);
  };
  const node = () => {
    skipSpace();
    if (src[i] !== '(') return atom();
    i++;
    const list = [];
    for (;;) {
      skipSpace();
      if (i >= src.length) throw new Error('unbalanced parentheses');
      if (src[i] === ')') {
        i++;
        return list;
      }
      list.push(node());
    }
  };
  return node();
}

const render = (e, max = 160) => {
  const s = Array.isArray(e) ? `(${e.map((x) => render(x, max)).join(' ')})` : e;
  return s.length > max ? `${s.slice(0, max)}…` : s;
};

/** The top-level functions of a disassembly whose name is in MODULE, by short name. */
function moduleFunctions(wat) {
  const found = new Map();
  const header = /^ \(func \$("?)([^\s"]+|[^"]+)\1[\s)]/gm;
  let m;
  const starts = [];
  while ((m = header.exec(wat))) starts.push({ at: m.index, name: m[2] });
  for (const [k, { at, name }] of starts.entries()) {
    if (!name.startsWith(MODULE)) continue;
    const short = name.slice(MODULE.length).replace(/::h[0-9a-f]{16}$/, '');
    const end = k + 1 < starts.length ? starts[k + 1].at : wat.length;
    // Parse from this function's "(func" to its closing parenthesis.
    const text = wat.slice(at, end);
    const parsed = parseSexpr(text.slice(text.indexOf('(func')));
    if (!found.has(short)) found.set(short, []);
    found.get(short).push({ name, ast: parsed });
  }
  return { found, allNames: new Set(starts.map((s) => s.name)) };
}

const isList = Array.isArray;
const DECLS = new Set(['param', 'result', 'local', 'type', 'export', 'import']);
const children = (e) => e.slice(1).filter((x) => isList(x) && !(x[0] === 'result' || x[0] === 'type'));

/**
 * Taint analysis of one function: which values derive from secrets, and where such a
 * value decides control flow or a memory address. Flow-sensitive over binaryen's structured
 * control flow (wasm-opt reuses locals: a parameter slot may later hold a loop counter):
 * `local.set` replaces a local's state, `if` arms are joined, a block's end joins the states
 * of the branches to it, and a loop is re-run until the states at its head stop growing.
 * Returns the findings and a few counts.
 */
function analyse(fn, spec, checkedNames) {
  const ast = fn.ast;
  const params = ast.filter((x) => isList(x) && x[0] === 'param');
  const types = params.map((p) => p[2]).join(' ');
  const findings = new Set();
  const stats = { branches: new Set(), calls: new Set(), publicSelects: new Set() };
  if (spec.params !== undefined && types !== spec.params) {
    findings.add(`signature is (${types}), expected (${spec.params}): update the secret parameter list in this script`);
    return { findings: [...findings], stats: {} };
  }
  const body = ast.slice(2).filter((x) => isList(x) && !DECLS.has(x[0]));
  const flag = (what, e) => findings.add(`${what}: ${render(e)}`);
  const labelStates = new Map(); // label → union of the states branching to it
  const join = (a, b) => new Set([...a, ...b]);
  const branchTo = (label, state) => labelStates.set(label, join(labelStates.get(label) || new Set(), state));
  const labelOf = (e) => (typeof e[1] === 'string' && e[1].startsWith('$') ? e[1] : null);

  // Evaluates `e` in `state` (a Set of tainted locals, updated in place); returns whether its
  // value derives from secret data.
  const ev = (e, state) => {
    if (!isList(e)) return false;
    const op = e[0];
    const kids = children(e);
    const all = () => kids.map((k) => ev(k, state)).some(Boolean); // every child, in order
    switch (true) {
      case op === 'local.get':
        return state.has(e[1]);
      case op === 'local.set' || op === 'local.tee': {
        const t = all();
        if (t) state.add(e[1]);
        else state.delete(e[1]);
        return op === 'local.tee' && t;
      }
      case op === 'global.get' || /\.const$/.test(op):
        return false;
      case /\.load/.test(op): {
        if (ev(kids[0], state)) flag('load address derives from secret data', e);
        return true;
      }
      case /\.store/.test(op): {
        if (ev(kids[0], state)) flag('store address derives from secret data', e);
        ev(kids[1], state);
        return false;
      }
      case op === 'memory.fill' || op === 'memory.copy': {
        const ts = kids.map((k) => ev(k, state));
        if (ts[0] || ts[2] || (op === 'memory.copy' && ts[1])) flag(`${op} address or length derives from secret data`, e);
        return false;
      }
      case op === 'select': {
        const ts = kids.map((k) => ev(k, state));
        if (spec.publicSelects && !ts[2]) stats.publicSelects.add(render(e));
        else flag(ts[2] ? 'select on secret data' : 'select', e);
        return ts.some(Boolean);
      }
      case op === 'block': {
        const label = labelOf(e);
        if (label) labelStates.delete(label);
        const t = all();
        if (label) for (const l of labelStates.get(label) || []) state.add(l);
        return t;
      }
      case op === 'loop': {
        const label = labelOf(e);
        let entry = new Set(state);
        for (;;) {
          if (label) labelStates.delete(label);
          const s = new Set(entry);
          const t = kids.map((k) => ev(k, s)).some(Boolean);
          const next = join(entry, (label && labelStates.get(label)) || new Set());
          if (next.size === entry.size) {
            state.clear();
            for (const l of s) state.add(l);
            return t;
          }
          entry = next;
        }
      }
      case op === 'if': {
        stats.branches.add(render(kids[0]));
        if (ev(kids[0], state)) flag('if on secret data', kids[0]);
        const arms = kids.slice(1).map((arm) => {
          const s = new Set(state);
          return { t: ev(arm, s), s };
        });
        const out = arms.length === 2 ? join(arms[0].s, arms[1].s) : join(state, arms[0]?.s || new Set());
        state.clear();
        for (const l of out) state.add(l);
        return arms.some((a) => a.t);
      }
      case op === 'br' || op === 'br_if' || op === 'br_table': {
        const ts = kids.map((k) => ev(k, state));
        if (op !== 'br') {
          stats.branches.add(render(kids[kids.length - 1]));
          if (ts[ts.length - 1]) flag(`${op} on secret data`, kids[kids.length - 1]);
        }
        for (const label of e.slice(1).filter((x) => typeof x === 'string' && x.startsWith('$'))) branchTo(label, state);
        return op === 'br_if' && kids.length > 1 && ts[0];
      }
      case /\.(div|rem)_[su]$/.test(op): {
        if (all()) flag('division of secret data (variable time)', e);
        return true;
      }
      case op === 'call': {
        const callee = e[1].replace(/^\$"?|"$/g, '');
        const panics = /^core(\[[0-9a-f]+\])?::panicking::/.test(callee); // never returns
        if (!panics) stats.calls.add(callee);
        if (!checkedNames.has(callee) && !panics) flag(`call to a function outside the check (${callee})`, e);
        all();
        return true;
      }
      case op === 'call_indirect' || op === 'call_ref' || op.startsWith('return_call'):
        flag('indirect call', e);
        all();
        return true;
      default:
        return all();
    }
  };

  const state = new Set((spec.secret || []).map((k) => params[k][1]));
  for (const e of body) ev(e, state);
  return {
    findings: [...findings],
    stats: { branches: stats.branches.size, calls: stats.calls.size, publicSelects: stats.publicSelects.size },
  };
}

// ---------------------------------------------------------------------------------------

const tmp = mkdtempSync(path.join(os.tmpdir(), 'check-wasm-ct-'));
try {
  for (const [file, how] of [
    [releaseWasm, 'make build'],
    [shippedWasm, 'make build'],
    [nodeBin('wasm-opt'), 'npm ci (binaryen)'],
    [nodeBin('wasm-dis'), 'npm ci (binaryen)'],
  ]) {
    if (!existsSync(file)) fail(`${path.relative(root, file)} is missing: run ${how} first`);
  }
  const flags = wasmOptFlags();
  const env = `${path.join(os.homedir(), '.cargo/bin')}${path.delimiter}${process.env.PATH}`;
  process.env.PATH = env;
  run('wasm-bindgen', ['--target', 'web', '--out-dir', tmp, '--out-name', 'cognito_flows', releaseWasm]);
  const named = path.join(tmp, 'named.wasm');
  run(nodeBin('wasm-opt'), [...flags, '-g', path.join(tmp, 'cognito_flows_bg.wasm'), '-o', named]);

  const shippedSections = sections(shippedWasm);
  const shippedHasNames = shippedSections.some((s) => s.id === 0 && s.name === 'name');
  const a = shippedSections.filter((s) => s.name !== 'name');
  const b = sections(named).filter((s) => s.name !== 'name');
  const same = a.length === b.length && a.every((s, k) => s.id === b[k].id && s.name === b[k].name && Buffer.compare(s.bytes, b[k].bytes) === 0);
  if (!same) {
    fail(
      'the named rebuild differs from dist/web/cognito_flows_bg.wasm outside the name section: ' +
        'either dist/ is stale (run make build with the same CARGO_TARGET_DIR) or this script no ' +
        'longer builds the way the Makefile does (wasm-bindgen call, wasm-opt flags)',
    );
  }
  console.log(
    `shipped wasm: ${shippedHasNames ? 'has' : 'has no'} name section; rebuilt with names (wasm-opt ${flags.join(' ')} -g): ` +
      'every other section is byte-identical to the shipped file',
  );

  const wat = run(nodeBin('wasm-dis'), [named]);
  const { found } = moduleFunctions(wat);
  const present = (n) => found.has(n);
  const checkedNames = new Set();
  for (const spec of CHECKED) for (const fn of found.get(spec.name) || []) checkedNames.add(fn.name);

  const problems = [];
  for (const spec of CHECKED) {
    const fns = found.get(spec.name) || [];
    if (fns.length === 0) {
      if (spec.required) {
        problems.push(`${spec.name} (${spec.what}) is not in the wasm: it must stay a separate function (#[inline(never)], two call sites)`);
      } else {
        const hosts = spec.inlinedInto.filter(present);
        if (hosts.length < spec.inlinedInto.length) {
          problems.push(`${spec.name} (${spec.what}) is not in the wasm, nor are all of its callers (${spec.inlinedInto.join(', ')})`);
        } else {
          console.log(`ok   ${spec.name.padEnd(13)} inlined by wasm-opt into ${hosts.join(', ')} (checked there)`);
        }
      }
      continue;
    }
    for (const fn of fns) {
      const { findings, stats } = analyse(fn, spec, checkedNames);
      if (findings.length) {
        problems.push(`${fn.name} (${spec.what}):\n    ${findings.slice(0, 12).join('\n    ')}${findings.length > 12 ? `\n    … ${findings.length - 12} more` : ''}`);
      } else {
        console.log(
          `ok   ${spec.name.padEnd(13)} ${spec.what}: ${stats.publicSelects ? `${stats.publicSelects} select(s), all on public values` : 'no select'}, ` +
            `${stats.branches} branch condition(s), all public, ${stats.calls} callee(s), all checked`,
        );
      }
    }
  }
  if (problems.length) fail(`secret-dependent code in the shipped wasm:\n  ${problems.join('\n  ')}`);
  console.log('check-wasm-ct: the SRP exponentiation in the shipped wasm is branch- and select-free on secret data');
} catch (e) {
  if (!(e instanceof CheckFailure)) throw e;
  console.error(`check-wasm-ct: FAIL: ${e.message}`);
  process.exitCode = 1;
} finally {
  if (process.env.CT_CHECK_KEEP) console.log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
