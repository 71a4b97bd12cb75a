// Page-level figures of `make bench` (called by bench/bench.mjs), for ours and the reference:
//   cold_signin_ms      navigate -> signed in (USER_SRP_AUTH against the emulator)
//   returning_visit_ms  tokens already in localStorage; navigate -> getCurrentUser().getSession() valid
// each under Lighthouse's mobile preset through CDP (4x CPU slowdown; 150 ms latency,
// 1.6 Mbps down, 750 kbps up; cache disabled) and unthrottled (the *_unthrottled_ms twins);
// a fresh browser context per run, the SDKs interleaved, medians. Scripts and wasm are served
// gzip -9 by this module's own server. Sizes: the ES module entry (JS minified by esbuild +
// the wasm files it loads), gzip -9 and brotli; initial_gzip_bytes = the files a returning
// visit loads, flows_gzip_bytes = the files a sign-in loads on top of those.
import { createServer } from 'node:http';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zc, gzipSync } from 'node:zlib';
import { TYPES } from '../scripts/static-server.mjs';
import { bundleWithSdk } from '../tests/support/bundle.mjs';
import { api } from '../tests/support/cognito-api.mjs';
import { startEmulator } from '../tests/support/emulator.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SDKS = ['ours', 'reference'];

/** Lighthouse's mobile preset, as CDP takes it. */
export const MOBILE = {
  cpuSlowdown: 4,
  network: { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 },
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const gzip = (buf) => gzipSync(buf, { level: zc.Z_BEST_COMPRESSION });
const brotli = (buf) => brotliCompressSync(buf, { params: { [zc.BROTLI_PARAM_QUALITY]: zc.BROTLI_MAX_QUALITY, [zc.BROTLI_PARAM_SIZE_HINT]: buf.length } });

/** Sum of raw, gzip -9 and brotli bytes of `files` in `dir`. */
async function sizes(dir, files) {
  const out = { bytes: 0, gzip: 0, brotli: 0 };
  for (const f of files) {
    const buf = await readFile(path.join(dir, f));
    out.bytes += buf.length;
    out.gzip += gzip(buf).length;
    out.brotli += brotli(buf).length;
  }
  return out;
}

/** The ES module entry as a bundler ships it: everything it exports, minified, plus the wasm it loads. */
async function entrySize(sdk, work) {
  const dir = path.join(work, `entry-${sdk}`);
  const entry = path.join(work, `entry-${sdk}.mjs`);
  await writeFile(entry, "export * from 'amazon-cognito-identity-js';\n");
  const { js, wasm } = await bundleWithSdk({ entry, sdk, outdir: dir, minify: true });
  return { ...(await sizes(dir, [...js, ...wasm])), files: [...js, ...wasm] };
}

/** A server over `dir` that sends every file gzip -9 (compressed once, at start). */
export async function startGzipServer(dir) {
  const files = new Map();
  const walk = async (sub) => {
    for (const entry of await readdir(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) await walk(rel);
      else files.set(`/${rel}`, gzip(await readFile(path.join(dir, rel))));
    }
  };
  await walk('');
  const server = createServer((req, res) => {
    const body = files.get(new URL(req.url, 'http://x').pathname);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(req.url.split('?')[0])] || 'application/octet-stream',
      'content-encoding': 'gzip',
      'cache-control': 'no-store',
    });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    gzipBytes: (pathname) => files.get(pathname)?.length ?? 0,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Writes `work`/`sdk`/visit.html and its bundled app (bench/visit.mjs with the SDK behind the alias). */
export async function buildVisitPage(sdk, work) {
  const html = '<!doctype html><meta charset="utf-8"><title>bench visit</title><link rel="icon" href="data:,"><script type="module" src="./app.js"></script>\n';
  await bundleWithSdk({ entry: path.join(here, 'visit.mjs'), sdk, outdir: path.join(work, sdk), minify: true });
  await writeFile(path.join(work, sdk, 'visit.html'), html);
}

/**
 * One visit in a fresh context: navigates to the SDK's page in `mode` and waits for its result.
 * Resolves with `{ ms, files }` (`files`: the server's paths the page loaded, the HTML excluded).
 * `probe` (bench/trace-page.mjs, not the figures): `start(cdp)` before the navigation,
 * `stop(cdp)` once the result is in; what `stop` resolves with is the result's `probed`.
 */
export async function visit(browser, server, { sdk, mode, throttled, config, seed, probe }) {
  const context = await browser.newContext();
  try {
    if (seed) {
      await context.addInitScript((items) => {
        if (location.protocol !== 'http:') return; // about:blank has no localStorage
        for (const [k, v] of Object.entries(items)) localStorage.setItem(k, v);
      }, seed);
    }
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (throttled) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: MOBILE.cpuSlowdown });
      await cdp.send('Network.emulateNetworkConditions', MOBILE.network);
    }
    const files = new Set();
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.origin === server.url && !u.pathname.endsWith('.html')) files.add(u.pathname);
    });
    if (probe) await probe.start(cdp);
    await page.goto(`${server.url}/${sdk}/visit.html#${encodeURIComponent(JSON.stringify({ ...config, mode }))}`);
    const handle = await page.waitForFunction(() => window.benchResult, null, { timeout: 120_000 });
    const result = await handle.jsonValue();
    const probed = probe ? await probe.stop(cdp, page) : undefined;
    if (result.error || !result.valid) throw new Error(`${sdk} ${mode}${throttled ? ' (mobile)' : ''}: ${result.error || 'session not valid'}`);
    const storage = mode === 'signin' ? await page.evaluate(() => Object.fromEntries(Object.entries(localStorage))) : null;
    return { ms: result.ms, files: [...files], storage, probed };
  } finally {
    await context.close();
  }
}

/**
 * The page-level figures for ours and the reference: `{ ours: {...}, reference: {...} }`.
 * `config` = the emulator's pool, client, endpoint, user and password; `runs` >= 5.
 */
export async function pageLevel(browser, config, runs) {
  const work = await mkdtemp(path.join(tmpdir(), 'cognito-bench-'));
  try {
    const out = {};
    for (const sdk of SDKS) {
      await buildVisitPage(sdk, work);
      out[sdk] = { entry: await entrySize(sdk, work) };
    }
    const server = await startGzipServer(work);
    try {
      const times = Object.fromEntries(SDKS.map((s) => [s, { signin: { mobile: [], unthrottled: [] }, returning: { mobile: [], unthrottled: [] } }]));
      const loaded = Object.fromEntries(SDKS.map((s) => [s, { signin: new Set(), returning: new Set() }]));
      for (let i = 0; i < runs; i++) {
        for (const throttled of [false, true]) {
          for (const sdk of SDKS) {
            const key = throttled ? 'mobile' : 'unthrottled';
            const cold = await visit(browser, server, { sdk, mode: 'signin', throttled, config });
            const back = await visit(browser, server, { sdk, mode: 'returning', throttled, config, seed: cold.storage });
            times[sdk].signin[key].push(cold.ms);
            times[sdk].returning[key].push(back.ms);
            cold.files.forEach((f) => loaded[sdk].signin.add(f));
            back.files.forEach((f) => loaded[sdk].returning.add(f));
          }
        }
      }
      for (const sdk of SDKS) {
        const initial = [...loaded[sdk].returning];
        const flows = [...loaded[sdk].signin].filter((f) => !loaded[sdk].returning.has(f));
        const sum = (files) => files.reduce((n, f) => n + server.gzipBytes(f), 0);
        Object.assign(out[sdk], {
          cold_signin_ms: median(times[sdk].signin.mobile),
          cold_signin_unthrottled_ms: median(times[sdk].signin.unthrottled),
          returning_visit_ms: median(times[sdk].returning.mobile),
          returning_visit_unthrottled_ms: median(times[sdk].returning.unthrottled),
          initial_gzip_bytes: sum(initial),
          flows_gzip_bytes: sum(flows),
          initial_files: initial.map((f) => f.replace(`/${sdk}/`, '')),
          flows_files: flows.map((f) => f.replace(`/${sdk}/`, '')),
        });
      }
      return out;
    } finally {
      await server.close();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The emulator the page-level figures sign in against (the tests' launcher), with a pool, a
 * client and a confirmed user made through the tests' API caller: `{ config, stop }`.
 */
export async function startBenchEmulator() {
  const emulator = await startEmulator();
  try {
    const { UserPool } = await api(emulator.url, 'CreateUserPool', { PoolName: 'bench' });
    const { UserPoolClient } = await api(emulator.url, 'CreateUserPoolClient', { UserPoolId: UserPool.Id, ClientName: 'bench' });
    const Username = 'bench-user';
    const Password = 'Bench-Passw0rd!';
    await api(emulator.url, 'AdminCreateUser', { UserPoolId: UserPool.Id, Username, TemporaryPassword: 'Temp-Passw0rd!', MessageAction: 'SUPPRESS' });
    await api(emulator.url, 'AdminSetUserPassword', { UserPoolId: UserPool.Id, Username, Password, Permanent: true });
    return { config: { UserPoolId: UserPool.Id, ClientId: UserPoolClient.ClientId, endpoint: emulator.url, Username, Password }, stop: emulator.stop };
  } catch (e) {
    await emulator.stop();
    throw e;
  }
}
