// CognitoAuth in Chromium against the emulator's hosted UI: the amazon-cognito-auth-js style page
// (examples/hosted-ui, only its script src differs from such a page) signs in with the code flow and
// the implicit flow, signs up and confirms with the code from the outbox, resets the password,
// replaces a temporary password and answers a TOTP code, all on the hosted pages, and signs out;
// the SSO page (examples/sso) goes through the mock IdP with the
// login_hint it was given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withEmulatorAndBrowser } from './setup.mjs';
import { api, latestCode, totp } from '../support/cognito-api.mjs';
import { hostedUiPool } from '../support/hosted-ui.mjs';

const env = withEmulatorAndBrowser();
const PASSWORD = 'Correct-Horse-9';

async function examplePage(name, config) {
  const page = await env.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/examples/hosted-ui/config.js', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: `window.HOSTED_UI_CONFIG = ${JSON.stringify(config)};` }),
  );
  await page.goto(`${env.server.url}/examples/${name}/index.html`);
  return { page, errors };
}

async function status(page, pattern) {
  await page.waitForSelector("#status", { timeout: 15000 }).catch(async () => { throw new Error(`no #status on ${page.url()}: ${(await page.content()).slice(0, 600)}`); });
  await page.waitForFunction((source) => new RegExp(source).test(document.getElementById("status").textContent), pattern.source, { timeout: 15000 });
  return page.textContent('#status');
}

async function fillAndSubmit(page, fields) {
  for (const [name, value] of Object.entries(fields)) await page.fill(`#${name}`, value);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

test('the amazon-cognito-auth-js style page: code and implicit flows, sign-up, reset, sign-out', async () => {
  const here = `${env.server.url}/examples/hosted-ui/index.html`;
  const { poolId, clientId } = await hostedUiPool(env.emulatorUrl, { callback: here, signOut: here, username: 'alice', password: PASSWORD });
  const { page, errors } = await examplePage('hosted-ui', { AppWebDomain: env.emulatorUrl, ClientId: clientId });

  // Code flow.
  await Promise.all([page.waitForURL(/\/login\?/), page.click('#signin-code')]);
  await fillAndSubmit(page, { username: 'alice', password: PASSWORD });
  assert.match(await status(page, /Signed in as alice/), /alice@example.com/);

  // Sign-out through /logout, back to the page; then the implicit flow asks to sign in again.
  await Promise.all([page.waitForURL(here), page.click('#signout')]);
  await status(page, /Signed out/);
  await Promise.all([page.waitForURL(/\/login\?/), page.click('#signin-implicit')]);
  await fillAndSubmit(page, { username: 'alice', password: PASSWORD });
  await status(page, /Signed in as alice/);
  await Promise.all([page.waitForURL(here), page.click('#signout')]);

  // Sign-up and confirmation on the hosted pages (code flow).
  await Promise.all([page.waitForURL(/\/login\?/), page.click('#signin-code')]);
  await Promise.all([page.waitForURL(/\/signup\?/), page.click('#sign-up')]);
  await fillAndSubmit(page, { username: 'carol', email: 'carol@example.com', password: PASSWORD });
  assert.match(page.url(), /\/confirmUser\?/);
  await fillAndSubmit(page, { code: await latestCode(env.emulatorUrl, poolId, 'carol') });
  await status(page, /Signed in as carol/);
  await Promise.all([page.waitForURL(here), page.click('#signout')]);

  // Password reset, then sign-in with the new password.
  await Promise.all([page.waitForURL(/\/login\?/), page.click('#signin-code')]);
  await Promise.all([page.waitForURL(/\/forgotPassword\?/), page.click('#forgot-password')]);
  await fillAndSubmit(page, { username: 'alice' });
  assert.match(page.url(), /\/confirmForgotPassword\?/);
  await fillAndSubmit(page, { code: await latestCode(env.emulatorUrl, poolId, 'alice', 'ForgotPassword'), password: 'N3w-Passw0rd!' });
  assert.match(await page.textContent('#info'), /password was changed/);
  await fillAndSubmit(page, { username: 'alice', password: 'N3w-Passw0rd!' });
  await status(page, /Signed in as alice/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('SSO through the mock IdP: login_hint forwarded, federated user, Promise API', async () => {
  const here = `${env.server.url}/examples/sso/index.html`;
  const { poolId, clientId } = await hostedUiPool(env.emulatorUrl, { callback: here, signOut: here, flows: ['code'], providers: ['COGNITO', 'MockIdP'] });
  await api(env.emulatorUrl, 'CreateIdentityProvider', {
    UserPoolId: poolId,
    ProviderName: 'MockIdP',
    ProviderType: 'OIDC',
    ProviderDetails: { client_id: 'mock-client', authorize_scopes: 'openid email', oidc_issuer: `${env.emulatorUrl}/_mock-idp` },
    AttributeMapping: { email: 'email' },
  });
  const { page, errors } = await examplePage('sso', { AppWebDomain: env.emulatorUrl, ClientId: clientId, IdentityProvider: 'MockIdP' });
  await page.fill('#email', 'dana@corp.example');
  await Promise.all([page.waitForURL(/\/_mock-idp\/authorize\?/), page.click('#continue')]);
  assert.equal(await page.inputValue('#email'), 'dana@corp.example', 'the IdP page got the login_hint');
  await Promise.all([page.waitForURL(new RegExp(`^${here}`)), page.click('button[type=submit]')]);
  const text = await status(page, /Signed in as/);
  assert.match(text, /Signed in as MockIdP_mock-[0-9a-f]+ \(dana@corp\.example\); back to \/dashboard/);
  const hints = await (await fetch(`${env.emulatorUrl}/_mock-idp/login-hints`)).json();
  assert.ok(hints.loginHints.includes('dana@corp.example'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the hosted pages ask for a new password (temporary one) and for a TOTP code (MFA)', async () => {
  const here = `${env.server.url}/examples/hosted-ui/index.html`;
  const { poolId, clientId } = await hostedUiPool(env.emulatorUrl, { callback: here, signOut: here });
  await api(env.emulatorUrl, 'AdminCreateUser', {
    UserPoolId: poolId,
    Username: 'tom',
    TemporaryPassword: 'Temp-Passw0rd!',
    MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: 'tom@example.com' }, { Name: 'email_verified', Value: 'true' }],
  });
  const { page, errors } = await examplePage('hosted-ui', { AppWebDomain: env.emulatorUrl, ClientId: clientId });

  // The temporary password leads to the new-password page, then back to the app signed in.
  await Promise.all([page.waitForURL(/\/login\?/), page.click('#signin-code')]);
  await fillAndSubmit(page, { username: 'tom', password: 'Temp-Passw0rd!' });
  assert.match(page.url(), /\/newPassword\?/);
  await fillAndSubmit(page, { password: PASSWORD, password2: PASSWORD });
  await status(page, /Signed in as tom/);
  await Promise.all([page.waitForURL(here), page.click('#signout')]);

  // TOTP set up through the API (with the new password), then the pages ask for its code.
  await api(env.emulatorUrl, 'SetUserPoolMfaConfig', { UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
  const { UserPoolClient } = await api(env.emulatorUrl, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'admin', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  const { AuthenticationResult } = await api(env.emulatorUrl, 'AdminInitiateAuth', { UserPoolId: poolId, ClientId: UserPoolClient.ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'tom', PASSWORD } });
  const { SecretCode } = await api(env.emulatorUrl, 'AssociateSoftwareToken', { AccessToken: AuthenticationResult.AccessToken });
  await api(env.emulatorUrl, 'VerifySoftwareToken', { AccessToken: AuthenticationResult.AccessToken, UserCode: totp(SecretCode) });
  await api(env.emulatorUrl, 'AdminSetUserMFAPreference', { UserPoolId: poolId, Username: 'tom', SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
  await Promise.all([page.waitForURL(/\/login\?/), page.click('#signin-code')]);
  await fillAndSubmit(page, { username: 'tom', password: PASSWORD });
  assert.match(page.url(), /\/mfa\?/);
  await page.fill('#code', '000000');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.match(await page.textContent('#error'), /Invalid code/);
  await fillAndSubmit(page, { code: totp(SecretCode) });
  await status(page, /Signed in as tom/);
  assert.deepEqual(errors, []);
  await page.close();
});
