// Browser-only storage behaviour of the JS face (js/src/StorageHelper.js, CookieStorage.js):
// a localStorage that refuses writes or cannot be read falls back to a memory storage; a
// cookie too large to keep is an error, never a silent loss, and a session write that needs
// one leaves no partial session behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withEmulatorAndBrowser } from './setup.mjs';
import { PASSWORD, createPool, createUser } from '../js/sdk-support.mjs';

const env = withEmulatorAndBrowser();

async function openPage() {
  const page = await env.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${env.server.url}/tests/browser/pages/esm.html`);
  await page.waitForFunction(() => window.AmazonCognitoIdentity && window.AmazonCognitoIdentity.CognitoUserPool);
  return { page, errors };
}

test('a localStorage that throws on write or on access: the pool falls back to memory and sign-in works', async () => {
  const p = await createPool();
  await createUser(p.poolId, 'private');
  const { page, errors } = await openPage();
  const result = await page.evaluate(
    async ({ poolData, password }) => {
      const C = window.AmazonCognitoIdentity;
      const signIn = (pool) =>
        new Promise((resolve, reject) =>
          new C.CognitoUser({ Username: 'private', Pool: pool }).authenticateUser(new C.AuthenticationDetails({ Username: 'private', Password: password }), {
            onSuccess: (session) => resolve(session.isValid()),
            onFailure: reject,
          }),
        );
      const out = {};
      // Quota 0 (old Safari private mode): setItem throws, so the probe fails.
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function refuse() {
        throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      };
      const quotaPool = new C.CognitoUserPool(poolData);
      Storage.prototype.setItem = setItem;
      out.quotaIsMemory = quotaPool.storage instanceof C.MemoryStorage && quotaPool.storage !== window.localStorage;
      out.quotaSignIn = await signIn(quotaPool);
      // Storage disabled (a sandboxed frame): reading window.localStorage throws.
      const descriptor = Object.getOwnPropertyDescriptor(window, 'localStorage');
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() {
          throw new DOMException('Access is denied for this document.', 'SecurityError');
        },
      });
      const deniedPool = new C.CognitoUserPool(poolData);
      if (descriptor) Object.defineProperty(window, 'localStorage', descriptor);
      else delete window.localStorage;
      out.deniedIsMemory = deniedPool.storage instanceof C.MemoryStorage;
      out.deniedSignIn = await signIn(deniedPool);
      out.restored = typeof window.localStorage.getItem === 'function';
      out.defaultIsLocal = new C.CognitoUserPool(poolData).storage === window.localStorage;
      out.probeRemoved = window.localStorage.getItem('aws.cognito.test-ls');
      return out;
    },
    { poolData: p.poolData(), password: PASSWORD },
  );
  await page.close();
  assert.deepEqual(errors, []);
  assert.deepEqual(result, { quotaIsMemory: true, quotaSignIn: true, deniedIsMemory: true, deniedSignIn: true, restored: true, defaultIsLocal: true, probeRemoved: null });
});

test('CookieStorage: an oversized cookie is a QuotaExceededError, and a session that needs one leaves no cookie', async () => {
  const p = await createPool();
  // Three 1500-character attributes make an id token of over 6 KB.
  const long = 'a'.repeat(1500);
  await createUser(p.poolId, 'cookie', [
    { Name: 'name', Value: long },
    { Name: 'family_name', Value: long },
    { Name: 'given_name', Value: long },
  ]);
  const { page, errors } = await openPage();
  const result = await page.evaluate(
    async ({ poolData, password }) => {
      const C = window.AmazonCognitoIdentity;
      const cookies = new C.CookieStorage({ secure: false, sameSite: 'strict', expires: 1 });
      const out = {};
      try {
        cookies.setItem('cognito.big', 'x'.repeat(5000));
        out.big = 'written';
      } catch (e) {
        out.big = { name: e.name, mentionsLimit: e.message.includes('4096') };
      }
      out.bigKept = cookies.getItem('cognito.big');
      document.cookie = `raw.big=${'y'.repeat(5000)}; path=/`;
      out.browserDropsSilently = !document.cookie.includes('raw.big');
      const fits = 'z'.repeat(4096 - 'cognito.fits='.length);
      out.fitsKept = cookies.setItem('cognito.fits', fits) === fits;
      cookies.removeItem('cognito.fits');
      out.fitsRemoved = cookies.getItem('cognito.fits');
      const pool = new C.CognitoUserPool({ ...poolData, Storage: cookies });
      out.signIn = await new Promise((resolve) =>
        new C.CognitoUser({ Username: 'cookie', Pool: pool }).authenticateUser(new C.AuthenticationDetails({ Username: 'cookie', Password: password }), {
          onSuccess: () => resolve('success'),
          onFailure: (e) => resolve(e.code),
        }),
      );
      out.cognitoCookies = document.cookie.split('; ').filter((c) => c.startsWith(`CognitoIdentityServiceProvider.${poolData.ClientId}`));
      return out;
    },
    { poolData: p.poolData(), password: PASSWORD },
  );
  await page.close();
  assert.deepEqual(errors, []);
  assert.deepEqual(result, {
    big: { name: 'QuotaExceededError', mentionsLimit: true },
    bigKept: null,
    browserDropsSilently: true,
    fitsKept: true,
    fitsRemoved: null,
    signIn: 'StorageError',
    cognitoCookies: [],
  });
});
