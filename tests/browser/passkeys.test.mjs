// Passkeys in headless Chromium with a CDP virtual authenticator (ctap2, internal, resident
// keys, user verification), the ES module build against the emulator as relying party
// `localhost`: register a passkey while signed in, sign in with it (USER_AUTH, WEB_AUTHN),
// list and delete it. The page is served from http://localhost, a secure context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withEmulatorAndBrowser } from './setup.mjs';
import { PASSWORD, call, createPool, createUser } from '../js/sdk-support.mjs';

const env = withEmulatorAndBrowser();

async function passkeyPool() {
  const p = await createPool(
    { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } },
    { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
  );
  await call('SetUserPoolMfaConfig', { UserPoolId: p.poolId, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' } });
  await createUser(p.poolId, 'alice', [{ Name: 'email', Value: 'alice@example.com' }]);
  return p;
}

/** A page on http://localhost with a virtual authenticator; returns `{page, cdp, authenticatorId, errors}`. */
async function pageWithAuthenticator() {
  const page = await env.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  const origin = env.server.url.replace('127.0.0.1', 'localhost');
  await page.goto(`${origin}/tests/browser/pages/esm.html`);
  await page.waitForFunction(() => window.AmazonCognitoIdentity && window.AmazonCognitoIdentity.CognitoUserPool);
  return { page, cdp, authenticatorId, errors };
}

test('register a passkey while signed in, then sign in with it; list and delete it', async () => {
  const p = await passkeyPool();
  const { page, cdp, authenticatorId, errors } = await pageWithAuthenticator();
  try {
    const registered = await page.evaluate(
      async ({ poolData, password }) => {
        const { CognitoUserPool, CognitoUser, AuthenticationDetails } = window.AmazonCognitoIdentity;
        localStorage.clear();
        const pool = new CognitoUserPool(poolData);
        const user = new CognitoUser({ Username: 'alice', Pool: pool });
        user.setAuthenticationFlowType('USER_AUTH');
        const first = await user.authenticateUserAsync(
          new AuthenticationDetails({ Username: 'alice', Password: password, AuthParameters: { PREFERRED_CHALLENGE: 'PASSWORD' } }),
        );
        const result = await user.registerPasskeyAsync();
        const list = await user.listWebAuthnCredentialsAsync();
        user.signOut();
        return { first: first.type, result, list, origin: location.origin, stored: localStorage.length };
      },
      { poolData: p.poolData(), password: PASSWORD },
    );
    assert.equal(registered.first, 'SUCCESS');
    assert.equal(registered.result, 'SUCCESS');
    assert.match(registered.origin, /^http:\/\/localhost:\d+$/);
    assert.equal(registered.list.Credentials.length, 1, JSON.stringify(registered.list));
    assert.equal(registered.list.Credentials[0].RelyingPartyId, 'localhost');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1, 'the virtual authenticator holds the passkey');

    const signedIn = await page.evaluate(
      async ({ poolData }) => {
        const { CognitoUserPool, CognitoUser, AuthenticationDetails } = window.AmazonCognitoIdentity;
        const pool = new CognitoUserPool(poolData);
        const user = new CognitoUser({ Username: 'alice', Pool: pool });
        user.setAuthenticationFlowType('USER_AUTH');
        const details = new AuthenticationDetails({ Username: 'alice', AuthParameters: { PREFERRED_CHALLENGE: 'WEB_AUTHN' } });
        // The registration used the browser's JSON helpers; this sign-in goes through the
        // face's own base64url path, as on a browser without them.
        const hadHelpers = typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function' && typeof PublicKeyCredential.prototype.toJSON === 'function';
        delete PublicKeyCredential.parseRequestOptionsFromJSON;
        delete PublicKeyCredential.prototype.toJSON;
        if (PublicKeyCredential.parseRequestOptionsFromJSON || PublicKeyCredential.prototype.toJSON) throw new Error('could not remove the JSON helpers');
        // The callback form: onSuccess with the session.
        const session = await new Promise((resolve, reject) => user.authenticateUser(details, { onSuccess: resolve, onFailure: reject }));
        const current = pool.getCurrentUser();
        const restored = await new Promise((resolve, reject) => current.getSession((err, s) => (err ? reject(err) : resolve(s))));
        const list = await user.listWebAuthnCredentialsAsync();
        const deleted = await user.deleteWebAuthnCredentialAsync(list.Credentials[0].CredentialId);
        const after = await user.listWebAuthnCredentialsAsync();
        // Without a passkey, WEB_AUTHN falls back to the choice of what the user has.
        user.setAuthenticationFlowType('USER_AUTH');
        const fallback = await user.authenticateUserAsync(details);
        return {
          valid: session.isValid(),
          sameToken: restored.getAccessToken().getJwtToken() === session.getAccessToken().getJwtToken(),
          username: session.getIdToken().payload['cognito:username'],
          deleted,
          remaining: after.Credentials.length,
          fallback,
          hadHelpers,
        };
      },
      { poolData: p.poolData() },
    );
    assert.equal(signedIn.hadHelpers, true, 'this Chromium has the WebAuthn JSON helpers (the registration used them)');
    assert.equal(signedIn.valid, true);
    assert.equal(signedIn.sameToken, true, 'the passkey sign-in stored its session');
    assert.equal(signedIn.username, 'alice');
    assert.equal(signedIn.deleted, 'SUCCESS');
    assert.equal(signedIn.remaining, 0);
    assert.equal(signedIn.fallback.type, 'SELECT_CHALLENGE');
    assert.ok(!signedIn.fallback.availableChallenges.includes('WEB_AUTHN'), JSON.stringify(signedIn.fallback));
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.ok(after.credentials[0].signCount >= 1, 'the assertion counted');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a passkey sign-in the authenticator refuses (user verification fails) fails with the browser error and stores nothing', async () => {
  const p = await passkeyPool();
  const { page, cdp, authenticatorId } = await pageWithAuthenticator();
  try {
    await page.evaluate(
      async ({ poolData, password }) => {
        const { CognitoUserPool, CognitoUser, AuthenticationDetails } = window.AmazonCognitoIdentity;
        localStorage.clear();
        const user = new CognitoUser({ Username: 'alice', Pool: new CognitoUserPool(poolData) });
        user.setAuthenticationFlowType('USER_AUTH');
        await user.authenticateUserAsync(new AuthenticationDetails({ Username: 'alice', Password: password, AuthParameters: { PREFERRED_CHALLENGE: 'PASSWORD' } }));
        await user.registerPasskeyAsync();
        user.signOut();
        localStorage.clear();
      },
      { poolData: p.poolData(), password: PASSWORD },
    );
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
    const refused = await page.evaluate(
      async ({ poolData }) => {
        const { CognitoUserPool, CognitoUser, AuthenticationDetails } = window.AmazonCognitoIdentity;
        const user = new CognitoUser({ Username: 'alice', Pool: new CognitoUserPool(poolData) });
        user.setAuthenticationFlowType('USER_AUTH');
        const details = new AuthenticationDetails({ Username: 'alice', AuthParameters: { PREFERRED_CHALLENGE: 'WEB_AUTHN' } });
        const error = await new Promise((resolve) =>
          user.authenticateUser(details, { onSuccess: () => resolve(null), onFailure: (e) => resolve({ name: e.name, message: e.message }) }),
        );
        return { error, stored: localStorage.length };
      },
      { poolData: p.poolData() },
    );
    assert.ok(refused.error, 'the sign-in must fail without an authenticator');
    assert.equal(refused.error.name, 'NotAllowedError', JSON.stringify(refused.error));
    assert.equal(refused.stored, 0);
  } finally {
    await page.close();
  }
});
