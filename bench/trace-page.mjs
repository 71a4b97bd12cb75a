// Where the page-level figures' time goes (README "What the timed pages spend"): the bench's
// own visits
// (bench/page-level.mjs: same pages, server, throttling and fresh contexts), each traced
// through CDP: the requests (start, first byte, end, bytes; CORS preflights included) and the
// main thread's work (script compile and run, wasm compile, tasks), in ms from the
// navigation's request. Not part of `make bench`; its figures are not the bench's.
//   node bench/trace-page.mjs [runs=3] [mobile|unthrottled|both=mobile] [sdk,sdk=ours,reference]
// BEFORE_ROOT=dir adds the SDK `before`: ours as bundled by dir/bench/page-level.mjs from
// dir/dist (a copy of the repository before a change), for before/after runs interleaved on the
// same machine state. TRACE=0: times only (no tracing overhead), with each case's min/median/max.
// PROFILE=1: instead of the trace, the JavaScript's self time by function (CDP Profiler).
// Needs dist/ (make build), the emulator (COGNITO_EMULATOR_BIN) and Chromium.
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchChromium } from '../tests/support/browser.mjs';
import { SDKS, buildVisitPage, startBenchEmulator, startGzipServer, visit } from './page-level.mjs';

const RUNS = Number(process.argv[2] || 3);
const THROTTLE = process.argv[3] || 'mobile';
// BEFORE_ROOT=dir1,dir2: the SDKs `before` (dir1), `before2` (dir2).
const BEFORE = (process.env.BEFORE_ROOT || '').split(',').filter(Boolean).map((dir, i) => ({ dir, sdk: i ? `before${i + 1}` : 'before' }));
const ONLY = (process.argv[4] || [...SDKS, ...BEFORE.map((b) => b.sdk)].join(',')).split(',');
const TRACE = process.env.TRACE !== '0';
const CATEGORIES = [
  '-*',
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'v8.execute',
  'v8.wasm',
  'disabled-by-default-v8.compile',
  'blink.user_timing',
  'loading',
].join(',');
// Main-thread work summed by event name (nested events are counted under their own name too).
const WORK = [
  'ParseHTML',
  'v8.compileModule',
  'v8.compile',
  'v8.evaluateModule',
  'EvaluateScript',
  'v8.parseOnBackground',
  'wasm.SyncCompile',
  'wasm.SyncInstantiate',
  'wasm.CompileLazy',
  'v8.wasm.compiledModule',
  'FunctionCall',
  'RunMicrotasks',
  'XHRReadyStateChange',
  'ResourceReceivedData',
  'MinorGC',
  'MajorGC',
];

/** A probe collecting the trace and the requests of one visit. */
function tracer() {
  const requests = new Map();
  const events = [];
  return {
    async start(cdp) {
      cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { url: e.request.url, method: e.request.method, type: e.type, start: e.timestamp }));
      cdp.on('Network.responseReceived', (e) => {
        const r = requests.get(e.requestId);
        if (r) Object.assign(r, { headers: e.timestamp, mime: e.response.mimeType, status: e.response.status });
      });
      cdp.on('Network.loadingFinished', (e) => {
        const r = requests.get(e.requestId);
        if (r) Object.assign(r, { end: e.timestamp, bytes: e.encodedDataLength });
      });
      cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
      await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
    },
    async stop(cdp) {
      const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await done;
      return { requests: [...requests.values()], events };
    },
  };
}

/** A probe sampling the page's JavaScript (CDP Profiler): self time by function, the top 12. */
function profiler() {
  return {
    async start(cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    },
    async stop(cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const self = new Map();
      profile.samples.forEach((id, i) => {
        const f = byId.get(id).callFrame;
        const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`;
        self.set(key, (self.get(key) || 0) + (profile.timeDeltas[i] || 0) / 1000);
      });
      return [...self].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${Math.round(v)} ${k}`);
    },
  };
}

/** One visit's breakdown: requests and main-thread work in ms from the document's request. */
function breakdown({ requests, events }) {
  const doc = requests.find((r) => r.url.includes('visit.html'));
  const t0 = doc.start;
  const ms = (t) => (t == null ? null : Math.round((t - t0) * 1000));
  const reqs = requests.map((r) => ({
    what: `${r.method} ${r.url.replace(/^https?:\/\/[^/]+/, '').replace(/#.*/, '')}`.slice(0, 60),
    start: ms(r.start),
    firstByte: ms(r.headers),
    end: ms(r.end),
    bytes: r.bytes,
  }));
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => main.has(`${e.pid}:${e.tid}`) && e.ph === 'X' && e.ts / 1e6 >= t0);
  const work = {};
  for (const name of WORK) {
    const d = onMain.filter((e) => e.name === name).reduce((n, e) => n + (e.dur || 0), 0) / 1000;
    if (d) work[name] = Math.round(d * 10) / 10;
  }
  // The main thread's top-level tasks over 3 ms, with their longest named child.
  const tasks = onMain
    .filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.dur > 3000)
    .map((task) => {
      const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur || 0) <= task.ts + task.dur && WORK.includes(e.name));
      const top = inside.sort((a, b) => b.dur - a.dur)[0];
      return `${ms(task.ts / 1e6)}+${Math.round(task.dur / 1000)} ${top ? `${top.name} ${Math.round(top.dur / 1000)}` : ''}`;
    });
  return { reqs, work, tasks };
}

const work = await mkdtemp(path.join(tmpdir(), 'cognito-trace-'));
const emulator = await startBenchEmulator();
const browser = await launchChromium();
try {
  for (const sdk of SDKS) await buildVisitPage(sdk, work);
  for (const { dir, sdk } of BEFORE) {
    const { buildVisitPage: buildBefore } = await import(path.resolve(dir, 'bench', 'page-level.mjs'));
    const other = await mkdtemp(path.join(tmpdir(), 'cognito-trace-before-'));
    await buildBefore('ours', other);
    await rename(path.join(other, 'ours'), path.join(work, sdk));
    await rm(other, { recursive: true, force: true });
  }
  const server = await startGzipServer(work);
  const times = {};
  try {
    const modes = THROTTLE === 'both' ? [true, false] : [THROTTLE === 'mobile'];
    for (const throttled of modes) {
      for (let i = 0; i < RUNS; i++) {
        for (const sdk of ONLY) {
          const probe = () => (process.env.PROFILE === '1' ? profiler() : TRACE ? tracer() : undefined);
          const cold = await visit(browser, server, { sdk, mode: 'signin', throttled, config: emulator.config, probe: probe() });
          const back = await visit(browser, server, { sdk, mode: 'returning', throttled, config: emulator.config, seed: cold.storage, probe: probe() });
          for (const [mode, v] of [
            ['signin', cold],
            ['returning', back],
          ]) {
            const key = `${sdk} ${mode} ${throttled ? 'mobile' : 'unthrottled'}`;
            (times[key] ||= []).push(Math.round(v.ms));
            if (process.env.PROFILE === '1') {
              console.log(`\n## ${key} run ${i + 1}: ${Math.round(v.ms)} ms, JS self time (ms):\n  ${v.probed.join('\n  ')}`);
              continue;
            }
            if (!TRACE) continue;
            const b = breakdown(v.probed);
            console.log(`\n## ${sdk} ${mode} ${throttled ? 'mobile' : 'unthrottled'} run ${i + 1}: ${Math.round(v.ms)} ms`);
            for (const r of b.reqs) console.log(`  ${String(r.start).padStart(5)} ${String(r.firstByte).padStart(5)} ${String(r.end).padStart(5)} ${String(r.bytes ?? '').padStart(7)}  ${r.what}`);
            console.log(`  work: ${JSON.stringify(b.work)}`);
            console.log(`  tasks: ${b.tasks.join(' | ')}`);
          }
        }
      }
    }
    console.log('\n## times (ms): min median max [all]');
    for (const [key, xs] of Object.entries(times)) {
      const sorted = [...xs].sort((a, b) => a - b);
      console.log(`  ${key.padEnd(32)} ${sorted[0]} ${sorted[sorted.length >> 1]} ${sorted[sorted.length - 1]} [${xs.join(' ')}]`);
    }
  } finally {
    await server.close();
  }
} finally {
  await browser.close();
  await emulator.stop();
  await rm(work, { recursive: true, force: true });
}
