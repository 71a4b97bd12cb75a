// `make bench`: cognito-wasm against amazon-cognito-identity-js (and hand-written JS BigInt
// SRP) in ONE headless Chromium page. Prints a few human lines, then, as its last line, one
// JSON object:
//   {"ours": {srp_ms, signin_ms, ready_ms, bundle_bytes, bundle_gzip_bytes},
//    "reference": {...same...}, "js_bigint_srp_ms", "srp_speedup", "gzip_ratio"}
// and rewrites README.md between <!-- bench:start --> and <!-- bench:end -->.
//
// Page-level figures (bench/page-level.mjs), in each SDK's object: cold_signin_ms and
// returning_visit_ms under Lighthouse's mobile preset (with *_unthrottled_ms twins), the ES
// module entry's size (esm_bytes, esm_gzip_bytes, esm_brotli_bytes: minified JS + its wasm),
// initial_gzip_bytes and flows_gzip_bytes; "ratios" holds ours / reference for each of them.
//
// Environment: BENCH_RUNS (default 21, at least 20 timed runs), BENCH_READY_RUNS (default 9),
// BENCH_PAGE_RUNS (default 5, at least 5), BENCH_NO_README=1 to leave README.md alone,
// CHROMIUM_PATH (default /usr/bin/chromium).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as zc, gzipSync } from 'node:zlib';
import { startStaticServer } from '../scripts/static-server.mjs';
import { launchChromium } from '../tests/support/browser.mjs';
import { pageLevel, startBenchEmulator } from './page-level.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Math.max(20, Number(process.env.BENCH_RUNS || 21));
const READY_RUNS = Math.max(3, Number(process.env.BENCH_READY_RUNS || 9));
const PAGE_RUNS = Math.max(5, Number(process.env.BENCH_PAGE_RUNS || 5));
const OURS_FILE = 'dist/amazon-cognito-identity.min.js';
const REFERENCE_FILE = 'node_modules/amazon-cognito-identity-js/dist/amazon-cognito-identity.min.js';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x, digits = 2) => (x == null ? null : Number(x.toFixed(digits)));

/**
 * Bytes of the script-tag file plus the sibling files it loads: every `.wasm` or `.js` file it
 * names that exists next to it (ours inlines its start-up wasm; a lazily loaded module such as
 * cognito_flows.js + cognito_flows_bg.wasm is a sibling), followed through those files too.
 */
function bundleSize(file) {
  const parts = [file];
  for (let i = 0; i < parts.length; i++) {
    const text = readFileSync(path.join(root, parts[i]), 'utf8');
    for (const m of text.matchAll(/["'`](?:\.\/)?([\w.-]+\.(?:wasm|js))["'`]/g)) {
      const sibling = path.join(path.dirname(file), m[1]);
      if (existsSync(path.join(root, sibling)) && !parts.includes(sibling)) parts.push(sibling);
    }
  }
  let bytes = 0;
  let gzip = 0;
  for (const p of parts) {
    const buf = readFileSync(path.join(root, p));
    bytes += buf.length;
    gzip += gzipSync(buf, { level: zc.Z_BEST_COMPRESSION }).length;
  }
  return { bytes, gzip, parts };
}

/** The page-level figures of one SDK, in the order the JSON and the ratios list them. */
const PAGE_FIGURES = [
  'cold_signin_ms',
  'cold_signin_unthrottled_ms',
  'returning_visit_ms',
  'returning_visit_unthrottled_ms',
  'esm_bytes',
  'esm_gzip_bytes',
  'esm_brotli_bytes',
  'initial_gzip_bytes',
  'flows_gzip_bytes',
];

/** One SDK's page-level figures from pageLevel()'s answer (all null when it did not run). */
function pageFigures(p) {
  if (!p) return Object.fromEntries(PAGE_FIGURES.map((k) => [k, null]));
  return {
    cold_signin_ms: round(p.cold_signin_ms),
    cold_signin_unthrottled_ms: round(p.cold_signin_unthrottled_ms),
    returning_visit_ms: round(p.returning_visit_ms),
    returning_visit_unthrottled_ms: round(p.returning_visit_unthrottled_ms),
    esm_bytes: p.entry.bytes,
    esm_gzip_bytes: p.entry.gzip,
    esm_brotli_bytes: p.entry.brotli,
    initial_gzip_bytes: p.initial_gzip_bytes,
    flows_gzip_bytes: p.flows_gzip_bytes,
  };
}

// ---------- main ----------
const vectors = JSON.parse(readFileSync(path.join(root, 'tests/vectors/srp-public.json'), 'utf8'));
const vector = vectors.user_srp_vectors[0];
const sizes = { ours: bundleSize(OURS_FILE), reference: bundleSize(REFERENCE_FILE) };

const server = await startStaticServer(root);
const browser = await launchChromium();
let emulator = null;
try {
  // Script load → ready, each in a fresh browser context (nothing cached), alternating.
  const ready = { ours: [], reference: [] };
  for (let i = 0; i < READY_RUNS; i++) {
    for (const which of ['ours', 'reference']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/bench/ready-${which}.html`);
      ready[which].push(await page.evaluate(() => window.readyMs));
      await context.close();
    }
  }

  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${server.url}/bench/page.html`);
  await page.evaluate(() => AmazonCognitoIdentity.ready);
  const srp = await page.evaluate((cfg) => window.bench.srp(cfg), {
    vector,
    runs: RUNS,
    nHex: vectors.constants.N_hex,
    kHex: vectors.constants.k_hex,
  });

  const signin = { ours: null, reference: null };
  let visits = null; // the page-level figures: they need the emulator too
  const haveUser = await page.evaluate(() => typeof AmazonCognitoIdentity.CognitoUser === 'function');
  if (haveUser) {
    try {
      emulator = await startBenchEmulator();
    } catch (e) {
      console.error(`emulator: ${e.message}`);
    }
  }
  if (haveUser && emulator) {
    const t = { ours: [], reference: [] };
    for (let i = 0; i <= RUNS; i++) {
      for (const which of ['ours', 'reference']) {
        const ms = await page.evaluate(([w, c]) => window.bench.signin(w, c), [which, emulator.config]);
        if (i > 0) t[which].push(ms); // the first sign-in of each warms the connection
      }
    }
    signin.ours = median(t.ours);
    signin.reference = median(t.reference);
    visits = await pageLevel(browser, emulator.config, PAGE_RUNS);
  } else {
    console.error(`signin_ms: skipped (${haveUser ? 'no target/debug/cognito-emulator' : 'AmazonCognitoIdentity.CognitoUser not exported yet'})`);
  }

  const m = srp.median;
  const result = {
    ours: {
      srp_ms: round(m.ours),
      signin_ms: round(signin.ours),
      ready_ms: round(median(ready.ours)),
      bundle_bytes: sizes.ours.bytes,
      bundle_gzip_bytes: sizes.ours.gzip,
    },
    reference: {
      srp_ms: round(m.reference),
      signin_ms: round(signin.reference),
      ready_ms: round(median(ready.reference)),
      bundle_bytes: sizes.reference.bytes,
      bundle_gzip_bytes: sizes.reference.gzip,
    },
    js_bigint_srp_ms: round(m.js),
    srp_speedup: round(m.reference / m.ours),
    gzip_ratio: round(sizes.ours.gzip / sizes.reference.gzip, 3),
  };
  for (const which of ['ours', 'reference']) Object.assign(result[which], pageFigures(visits?.[which]));
  result.ratios = Object.fromEntries(
    PAGE_FIGURES.map((k) => [k, result.ours[k] == null || !result.reference[k] ? null : round(result.ours[k] / result.reference[k], 3)]),
  );
  const extra = {
    first_run_ms: { ours: round(srp.first.ours), reference: round(srp.first.reference), js_bigint: round(srp.first.js) },
    chromium: await browser.version(),
  };

  console.log(`runs: ${RUNS} SRP runs per implementation (medians), ${READY_RUNS} fresh loads each for ready_ms; Chromium ${extra.chromium}`);
  console.log(`SRP (a, A, u, x, S, key, signature): ours ${result.ours.srp_ms} ms, reference ${result.reference.srp_ms} ms, JS BigInt ${result.js_bigint_srp_ms} ms → ${result.srp_speedup}× the reference`);
  console.log(`first run in the page: ours ${extra.first_run_ms.ours} ms, reference ${extra.first_run_ms.reference} ms, JS BigInt ${extra.first_run_ms.js_bigint} ms`);
  console.log(`bundle: ours ${sizes.ours.bytes} B (${sizes.ours.gzip} gz, ${sizes.ours.parts.join(' + ')}), reference ${sizes.reference.bytes} B (${sizes.reference.gzip} gz)`);

  if (visits) {
    const f = (k) => `ours ${result.ours[k]}, reference ${result.reference[k]} (ratio ${result.ratios[k]})`;
    console.log(`page level, medians of ${PAGE_RUNS} fresh pages each, scripts served gzip -9:`);
    console.log(`  cold sign-in, mobile preset (ms): ${f('cold_signin_ms')}`);
    console.log(`  cold sign-in, unthrottled (ms): ${f('cold_signin_unthrottled_ms')}`);
    console.log(`  returning visit, mobile preset (ms): ${f('returning_visit_ms')}`);
    console.log(`  returning visit, unthrottled (ms): ${f('returning_visit_unthrottled_ms')}`);
    console.log(`  ES module entry, minified + wasm (bytes / gzip / brotli): ours ${result.ours.esm_bytes} / ${result.ours.esm_gzip_bytes} / ${result.ours.esm_brotli_bytes} (${visits.ours.entry.files.join(' + ')}), reference ${result.reference.esm_bytes} / ${result.reference.esm_gzip_bytes} / ${result.reference.esm_brotli_bytes}`);
    console.log(`  loaded by a returning visit, gzip: ${f('initial_gzip_bytes')}; ours: ${visits.ours.initial_files.join(' + ')}`);
    console.log(`  added by a sign-in, gzip: ${f('flows_gzip_bytes')}; ours: ${visits.ours.flows_files.join(' + ') || 'nothing'}`);
  } else {
    console.error('page-level figures: skipped (they need the emulator and AmazonCognitoIdentity.CognitoUser)');
  }
  await (await import('./verifier.mjs')).run(); // JWT verifications/s: cognito-wasm/verifier vs aws-jwt-verify
  if (!process.env.BENCH_NO_README) updateReadme(result, extra);
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  await server.close();
  if (emulator) await emulator.stop();
}

function updateReadme(r, extra) {
  const file = path.join(root, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) {
    console.error('README.md has no bench markers; not rewritten');
    return;
  }
  const f = (x, unit = '') => (x == null ? 'n/a' : `${x}${unit}`);
  const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
  const tried = readFileSync(path.join(root, 'bench/TRIED.md'), 'utf8').trim();
  const size = readFileSync(path.join(root, 'bench/SIZE.md'), 'utf8').trim();
  const section = `${start}
Measured by \`make bench\` (bench/bench.mjs) in one headless Chromium ${extra.chromium} page, same inputs,
medians of ${RUNS} runs (${READY_RUNS} fresh loads for ready). SRP = one USER_SRP_AUTH's client work:
\`AuthenticationHelper\` construction (a, A = g^a), \`getPasswordAuthenticationKey\` (u, x,
S = (B − k·g^x)^(a+u·x), HKDF) and the signature HMAC.

| | cognito-wasm | amazon-cognito-identity-js 6.3.21 | JS BigInt square-and-multiply |
|---|---|---|---|
| SRP (ms) | **${f(r.ours.srp_ms)}** | ${f(r.reference.srp_ms)} | ${f(r.js_bigint_srp_ms)} |
| SRP, first run in the page (ms) | ${f(extra.first_run_ms.ours)} | ${f(extra.first_run_ms.reference)} | ${f(extra.first_run_ms.js_bigint)} |
| full sign-in against the local emulator (ms) | ${f(r.ours.signin_ms)} | ${f(r.reference.signin_ms)} | |
| script load → ready (ms) | ${f(r.ours.ready_ms)} | ${f(r.reference.ready_ms)} | |
| script-tag bundle (bytes) | ${r.ours.bundle_bytes} (${kb(r.ours.bundle_bytes)}) | ${r.reference.bundle_bytes} (${kb(r.reference.bundle_bytes)}) | |
| … gzip -9 (bytes) | ${r.ours.bundle_gzip_bytes} (${kb(r.ours.bundle_gzip_bytes)}) | ${r.reference.bundle_gzip_bytes} (${kb(r.reference.bundle_gzip_bytes)}) | |
| cold sign-in, navigate → signed in, mobile preset (ms) | ${f(r.ours.cold_signin_ms)} | ${f(r.reference.cold_signin_ms)} | |
| … unthrottled (ms) | ${f(r.ours.cold_signin_unthrottled_ms)} | ${f(r.reference.cold_signin_unthrottled_ms)} | |
| returning visit, navigate → valid session, mobile preset (ms) | ${f(r.ours.returning_visit_ms)} | ${f(r.reference.returning_visit_ms)} | |
| … unthrottled (ms) | ${f(r.ours.returning_visit_unthrottled_ms)} | ${f(r.reference.returning_visit_unthrottled_ms)} | |
| ES module entry, minified JS + wasm: gzip / brotli (bytes) | ${f(r.ours.esm_gzip_bytes)} / ${f(r.ours.esm_brotli_bytes)} | ${f(r.reference.esm_gzip_bytes)} / ${f(r.reference.esm_brotli_bytes)} | |
| loaded by a returning visit / added by a sign-in, gzip (bytes) | ${f(r.ours.initial_gzip_bytes)} / ${f(r.ours.flows_gzip_bytes)} | ${f(r.reference.initial_gzip_bytes)} / ${f(r.reference.flows_gzip_bytes)} | |

SRP speed-up over the reference: **${f(r.srp_speedup, '×')}**; gzip size ratio (ours / reference): ${f(r.gzip_ratio)}.
Page level (ours / reference): cold sign-in ${f(r.ratios.cold_signin_ms)}, returning visit ${f(r.ratios.returning_visit_ms)} under the
mobile preset; what a returning visit loads ${f(r.ratios.initial_gzip_bytes)}. Page-level runs: a fresh browser context per
run, the SDKs interleaved, medians of ${PAGE_RUNS}; Lighthouse's mobile preset through CDP (4× CPU slowdown, 150 ms latency,
1.6 Mbps down, 750 kbps up, cache disabled); each SDK bundled by esbuild (minified) into a small ES module app, served gzip -9.
Exponent sizes: ours and the JS BigInt column draw a 256-bit \`a\` (RFC 5054 §2.5.4's minimum),
so S's exponent a + u·x has ~512 bits; the reference draws 1024 bits (a + u·x ~1025).

${tried}

${size}
${end}`;
  writeFileSync(file, readme.slice(0, i) + section + readme.slice(j + end.length));
}
