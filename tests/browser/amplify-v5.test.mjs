// Amplify v5 (aws-amplify 5.x, @aws-amplify/auth) unchanged, with `amazon-cognito-identity-js`
// and `amazon-cognito-identity-js/internals` aliased by esbuild to the SDK under test, in
// headless Chromium against the emulator: SMS MFA, TOTP MFA and NEW_PASSWORD_REQUIRED
// sign-ins, then currentSession and signOut. The same page is built against the reference
// too, which proves the harness.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from '../../scripts/static-server.mjs';
import { launchChromium } from '../support/browser.mjs';
import { SDK_ALIASES, bundleWithSdk } from '../support/bundle.mjs';
import { api, latestCode, totp } from '../support/cognito-api.mjs';
import { PASSWORD, createPool, startEmulator, stopEmulator } from '../js/sdk-support.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const at = (...p) => path.join(root, ...p);
/** How long one Amplify call may take (each is a round trip or two to the local emulator). */
const STEP_MS = 10_000;

/** Bundles tests/browser/amplify-v5/app.mjs with the SDK aliased into a fresh folder, with an index.html. */
async function bundleApp(sdk) {
  const dir = await mkdtemp(path.join(tmpdir(), `amplify-v5-${sdk}-`));
  await bundleWithSdk({ entry: at('tests/browser/amplify-v5/app.mjs'), sdk, outdir: dir });
  await writeFile(path.join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>Amplify v5</title><link rel="icon" href="data:,"><script type="module" src="./app.js"></script>\n');
  return dir;
}

let emulatorUrl;
let browser;
before(async () => {
  emulatorUrl = await startEmulator();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await stopEmulator();
});

/** A TOTP code with at least 3 s left in its 30-s window. */
async function freshTotp(secret) {
  const left = 30 - (Math.floor(Date.now() / 1000) % 30);
  if (left < 3) await new Promise((r) => setTimeout(r, left * 1000 + 200));
  return totp(secret);
}

const call = (op, body) => api(emulatorUrl, op, body);

/** The pool, and three users: SMS MFA, TOTP MFA, and one AdminCreateUser'd with a temporary password. */
async function setUpPool() {
  const p = await createPool({ MfaConfiguration: 'OPTIONAL' }, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  const UserPoolId = p.poolId;
  const permanent = async (Username, UserAttributes = []) => {
    await call('AdminCreateUser', { UserPoolId, Username, MessageAction: 'SUPPRESS', UserAttributes });
    await call('AdminSetUserPassword', { UserPoolId, Username, Password: PASSWORD, Permanent: true });
  };
  await permanent('sms-user', [{ Name: 'phone_number', Value: '+15555550142' }, { Name: 'phone_number_verified', Value: 'true' }]);
  await call('AdminSetUserMFAPreference', { UserPoolId, Username: 'sms-user', SMSMfaSettings: { Enabled: true, PreferredMfa: true } });

  await permanent('totp-user');
  const { AuthenticationResult } = await call('AdminInitiateAuth', {
    UserPoolId, ClientId: p.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'totp-user', PASSWORD },
  });
  const { SecretCode } = await call('AssociateSoftwareToken', { AccessToken: AuthenticationResult.AccessToken });
  await call('VerifySoftwareToken', { AccessToken: AuthenticationResult.AccessToken, UserCode: await freshTotp(SecretCode) });
  await call('AdminSetUserMFAPreference', { UserPoolId, Username: 'totp-user', SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });

  await call('AdminCreateUser', { UserPoolId, Username: 'new-user', TemporaryPassword: 'Temporary-Pass-1', MessageAction: 'SUPPRESS' });
  return { ...p, totpSecret: SecretCode };
}

for (const sdk of Object.keys(SDK_ALIASES)) {
  test(`Amplify v5 Auth with amazon-cognito-identity-js aliased to ${sdk}: SMS MFA, TOTP, new password, currentSession, signOut`, { timeout: 60_000 }, async () => {
    const [dir, p] = await Promise.all([bundleApp(sdk), setUpPool()]);
    const server = await startStaticServer(dir);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const consoleErrors = [];
      page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
      await page.goto(`${server.url}/index.html`);
      await page.waitForFunction(() => window.amplifyTest, null, { timeout: 15_000 });
      await page.evaluate((config) => window.amplifyTest.configure(config), { userPoolId: p.poolId, clientId: p.clientId, endpoint: `${emulatorUrl}/` });
      // Each step fails on its own, naming itself, rather than the whole test timing out.
      const step = (name, ...args) => {
        let timer;
        const timeout = new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${name} did not settle within ${STEP_MS} ms (page errors: ${errors.join('; ') || 'none'}; console errors: ${consoleErrors.join('; ') || 'none'})`)), STEP_MS);
        });
        return Promise.race([page.evaluate(([n, a]) => window.amplifyTest[n](...a), [name, args]), timeout]).finally(() => clearTimeout(timer));
      };

      // SMS MFA: the code from the emulator's outbox.
      assert.deepEqual(await step('signIn', 'sms-user', PASSWORD), { challengeName: 'SMS_MFA', username: 'sms-user' });
      const smsCode = await latestCode(emulatorUrl, p.poolId, 'sms-user', 'SMS_MFA');
      await step('confirmSignIn', smsCode, 'SMS_MFA');
      assert.deepEqual(await step('currentSession'), { valid: true, username: 'sms-user', tokenUse: 'access' });
      assert.deepEqual(await step('signOut'), [], 'signOut leaves no SDK keys in localStorage');

      // TOTP MFA: the code computed here from the secret.
      assert.deepEqual(await step('signIn', 'totp-user', PASSWORD), { challengeName: 'SOFTWARE_TOKEN_MFA', username: 'totp-user' });
      await step('confirmSignIn', await freshTotp(p.totpSecret), 'SOFTWARE_TOKEN_MFA');
      assert.deepEqual(await step('currentSession'), { valid: true, username: 'totp-user', tokenUse: 'access' });
      assert.deepEqual(await step('signOut'), []);

      // NEW_PASSWORD_REQUIRED for an AdminCreateUser'd user.
      assert.deepEqual(await step('signIn', 'new-user', 'Temporary-Pass-1'), { challengeName: 'NEW_PASSWORD_REQUIRED', username: 'new-user' });
      await step('completeNewPassword', 'Brand-New-Pass-2');
      assert.deepEqual(await step('currentSession'), { valid: true, username: 'new-user', tokenUse: 'access' });
      assert.deepEqual(await step('signOut'), []);
      await assert.rejects(step('currentSession'), /No current user/, 'no session after signOut');
      // The new password is the one the emulator now holds.
      const { AuthenticationResult } = await call('AdminInitiateAuth', {
        UserPoolId: p.poolId, ClientId: p.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'new-user', PASSWORD: 'Brand-New-Pass-2' },
      });
      assert.ok(AuthenticationResult.AccessToken);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
}
