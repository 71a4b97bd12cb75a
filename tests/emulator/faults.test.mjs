// The emulator's fault mode seen by a real fetch (Node's undici, keep-alive connections,
// an Origin header as a browser sends): error kinds are HTTP errors with CORS headers,
// `close` fails while reading the body, `hang` ends with the client's abort signal, and
// the connection pool keeps working once the rules are cleared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, faults } from '../support/cognito-api.mjs';
import { signatureHeaders } from '../support/sigv4.mjs';
import { emulatorWithPool } from './helpers.mjs';

const ORIGIN = 'http://localhost:8000';
const { emu, ids } = await emulatorWithPool();

function listPools(signal) {
  const headers = { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.ListUserPools', Origin: ORIGIN };
  const body = JSON.stringify({ MaxResults: 10 });
  return fetch(`${emu.url}/`, { method: 'POST', headers: { ...headers, ...signatureHeaders({ url: `${emu.url}/`, headers, body }) }, body, signal });
}

test('error kinds are HTTP errors a browser can read (CORS headers present)', async () => {
  const cases = [
    [{ kind: 'error-json', status: 500 }, 500, (t) => JSON.parse(t).__type === 'InternalErrorException'],
    [{ kind: 'error-json', status: 503 }, 503, (t) => JSON.parse(t).__type === 'ServiceUnavailableException'],
    [{ kind: 'error-html' }, 502, (t) => t.includes('<h1>502 Bad Gateway</h1>')],
    [{ kind: 'error-empty' }, 503, (t) => t === ''],
    [{ kind: 'truncated-json' }, 200, (t) => { try { JSON.parse(t); return false; } catch { return t.startsWith('{"UserPools":'); } }],
    [{ kind: 'truncated-json', status: 400 }, 400, (t) => t.startsWith('{"__type":"Internal')],
    [{ kind: 'TooManyRequestsException' }, 400, (t) => JSON.parse(t).__type === 'TooManyRequestsException'],
    [{ kind: 'ThrottlingException' }, 400, (t) => JSON.parse(t).__type === 'ThrottlingException'],
  ];
  for (const [rule, status, bodyOk] of cases) {
    await faults(emu.url, 'POST', { target: 'ListUserPools', ...rule });
    const resp = await listPools();
    assert.equal(resp.status, status, JSON.stringify(rule));
    assert.equal(resp.headers.get('access-control-allow-origin'), ORIGIN, JSON.stringify(rule));
    const text = await resp.text();
    assert.ok(bodyOk(text), `${JSON.stringify(rule)}: ${text}`);
  }
  const state = await faults(emu.url, 'GET');
  assert.deepEqual(state.rules, []);
});

test('close: the headers arrive, reading the body fails; hang: only the abort signal ends it', async () => {
  await faults(emu.url, 'POST', { target: 'ListUserPools', kind: 'close' });
  const resp = await listPools();
  assert.equal(resp.status, 200);
  assert.equal(resp.headers.get('access-control-allow-origin'), ORIGIN);
  await assert.rejects(resp.text());

  await faults(emu.url, 'POST', { target: 'ListUserPools', kind: 'hang', holdSeconds: 30 });
  const started = Date.now();
  await assert.rejects(listPools(AbortSignal.timeout(500)), (e) => e.name === 'TimeoutError');
  assert.ok(Date.now() - started < 5000);
  await faults(emu.url, 'DELETE');

  // The same keep-alive pool works again.
  const ok = await listPools();
  assert.equal(ok.status, 200);
  assert.ok((await ok.json()).UserPools.some((p) => p.Id === ids.poolId));
});

test('clock skew moves the emulator\'s clock; DELETE resets it', async () => {
  const state = await faults(emu.url, 'POST', { clockSkewSeconds: 3600 });
  assert.equal(state.clockSkewSeconds, 3600);
  const created = await api(emu.url, 'CreateUserPool', { PoolName: 'skewed' });
  assert.ok(Math.abs(created.UserPool.CreationDate - (Date.now() / 1000 + 3600)) < 60, String(created.UserPool.CreationDate));
  const { clockSkewSeconds } = await faults(emu.url, 'DELETE');
  assert.equal(clockSkewSeconds, 0);
});
