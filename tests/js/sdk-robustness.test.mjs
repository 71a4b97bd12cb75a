// Garbage from JavaScript never traps the wasm module (no Rust panic reaches JS): every
// public method of the SDK classes is called with odd arguments; throws must be ordinary
// Errors, never a WebAssembly.RuntimeError, and the module must keep working afterwards.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { Cognito, sleep, startEmulator, stopEmulator } from './sdk-support.mjs';

// Requests go to the emulator (for an unknown pool): answered at once with errors that are
// not retried, so refresh/revoke do not back off for seconds.
let url;
before(async () => {
  url = await startEmulator();
});
after(stopEmulator);

const ODD = [undefined, null, 0, -1, NaN, '', 'x'.repeat(5000), '\u0000\ud800', {}, [], [1, 'a'], () => {}, Symbol('s'), 10n, { toString() { throw new Error('toString'); } }];

function show(v) {
  try {
    return typeof v === 'symbol' ? v.toString() : String(v).slice(0, 20);
  } catch {
    return '<unprintable>';
  }
}

function isTrap(e) {
  return e instanceof WebAssembly.RuntimeError || /unreachable|RuntimeError/.test(String(e && e.stack));
}

async function poke(target, name, args) {
  const errors = [];
  try {
    const r = target[name](...args);
    if (r && typeof r.then === 'function') await r.catch((e) => errors.push(e));
  } catch (e) {
    errors.push(e);
  } finally {
    await sleep(0);
  }
  for (const e of errors) if (isTrap(e)) assert.fail(`${name}(${args.map(show).join(', ')}) trapped: ${e && e.stack}`);
}

function methods(obj) {
  const names = new Set();
  for (let p = Object.getPrototypeOf(obj); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const n of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, n);
      if (n !== 'constructor' && n !== 'free' && !n.startsWith('__') && typeof d.value === 'function') names.add(n);
    }
  }
  return [...names];
}

test('constructors with odd arguments throw ordinary errors or succeed', () => {
  const ctors = ['CognitoUserPool', 'CognitoUser', 'AuthenticationDetails', 'CognitoUserAttribute', 'CognitoUserSession', 'CognitoIdToken', 'CognitoAccessToken', 'CognitoRefreshToken', 'CookieStorage', 'MemoryStorage'];
  for (const name of ctors) {
    for (const a of ODD) {
      for (const arg of [a, { UserPoolId: a, ClientId: a, Username: a, Pool: a, Storage: a, IdToken: a, AccessToken: a, Name: a, Value: a, sameSite: a, expires: a }]) {
        try {
          new Cognito[name](arg);
        } catch (e) {
          if (isTrap(e)) assert.fail(`new ${name}(${show(a)}) trapped: ${e && e.stack}`);
        }
      }
    }
  }
});

test('every method with odd arguments: no trap, and the module still works', async (t) => {
  // Failures without an onFailure are reported on the console: keep the output clean.
  const original = console.error;
  console.error = () => {};
  t.after(() => {
    console.error = original;
  });
  const throwing = { setItem() { throw new Error('no'); }, getItem() { throw new Error('no'); }, removeItem() { throw new Error('no'); }, clear() { throw new Error('no'); } };
  const pool = new Cognito.CognitoUserPool({ UserPoolId: 'us-east-1_A', ClientId: 'c', endpoint: `${url}/`, Storage: throwing });
  const user = new Cognito.CognitoUser({ Username: 'u', Pool: pool });
  const targets = [pool, user, pool.client, new Cognito.CookieStorage(), new Cognito.MemoryStorage(), new Cognito.CognitoUserAttribute({ Name: 'a', Value: 'b' })];
  for (const target of targets) {
    for (const name of methods(target)) {
      for (const a of ODD) {
        await poke(target, name, [a, a, a, a]);
      }
      await poke(target, name, []);
    }
  }
  // Still alive: a fresh pool works and the SRP helper still computes.
  const fresh = new Cognito.CognitoUserPool({ UserPoolId: 'us-east-1_B', ClientId: 'c2' });
  assert.equal(fresh.getUserPoolName(), 'B');
  assert.equal(new Cognito.AuthenticationHelper('p').padHex(255n), '00ff');
  // Let the callbacks scheduled above (network errors) finish.
  await sleep(300);
});
