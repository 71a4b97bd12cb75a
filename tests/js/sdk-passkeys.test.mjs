// Passkeys through the Node build with a software authenticator standing in for
// navigator.credentials (tests/support/webauthn-authenticator.mjs), against the emulator
// (relying party `localhost`): registration, sign-in, and the assertions the relying party
// refuses (another origin, another relying party id, a replayed assertion, a cloned
// authenticator), each leaving the stored session as it was.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { Cognito, PASSWORD, call, createPool, createUser, startEmulator, stopEmulator } from './sdk-support.mjs';
import { SoftwareAuthenticator, installAuthenticator } from '../support/webauthn-authenticator.mjs';

before(startEmulator);
after(() => {
  delete globalThis.navigator;
  return stopEmulator();
});

async function passkeyPool() {
  const p = await createPool(
    { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } },
    { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
  );
  await call('SetUserPoolMfaConfig', { UserPoolId: p.poolId, WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'preferred' } });
  await createUser(p.poolId, 'alice', [{ Name: 'email', Value: 'alice@example.com' }]);
  return p;
}

function alice(p, storage = new Cognito.MemoryStorage()) {
  const user = new Cognito.CognitoUser({ Username: 'alice', Pool: new Cognito.CognitoUserPool(p.poolData({ Storage: storage })), Storage: storage });
  user.setAuthenticationFlowType('USER_AUTH');
  return { user, storage };
}

const details = (preferred, password) => new Cognito.AuthenticationDetails({ Username: 'alice', Password: password, AuthParameters: { PREFERRED_CHALLENGE: preferred } });
const snapshot = (storage) => JSON.stringify([...storage.items.entries()].sort());

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

/** A pool, alice signed in with her password (stored), and a passkey registered by `authenticator`. */
async function registered(authenticator) {
  const p = await passkeyPool();
  const { user, storage } = alice(p);
  installAuthenticator(authenticator);
  await user.authenticateUserAsync(details('PASSWORD', PASSWORD));
  const result = await new Promise((resolve, reject) => user.registerPasskey((err, r) => (err ? reject(err) : resolve(r))));
  assert.equal(result, 'SUCCESS');
  return { p, user, storage };
}

test('a passkey registered and used to sign in through navigator.credentials (the SDK converts the binary fields itself)', async () => {
  const authenticator = new SoftwareAuthenticator();
  const { p, user } = await registered(authenticator);
  const list = await user.listWebAuthnCredentialsAsync(10);
  assert.equal(list.Credentials.length, 1);

  const { user: again, storage } = alice(p);
  const step = await again.authenticateUserAsync(details('WEB_AUTHN'));
  assert.equal(step.type, 'SUCCESS');
  assert.equal(storage.getItem(`CognitoIdentityServiceProvider.${p.clientId}.alice.accessToken`), step.session.getAccessToken().getJwtToken());
  assert.equal(authenticator.passkeys[0].counter, 1);
});

test('assertions the relying party refuses: another origin, another relying party id, a replay, a clone; the stored session stays', async () => {
  const authenticator = new SoftwareAuthenticator();
  const { p, user, storage } = await registered(authenticator);
  const stored = snapshot(storage);
  const attempt = async (credentials) => {
    installAuthenticator(credentials);
    const error = await rejection(user.authenticateUserAsync(details('WEB_AUTHN')));
    assert.equal(snapshot(storage), stored, `the stored session is intact after: ${error.message}`);
    return error;
  };

  const otherOrigin = authenticator.clone();
  otherOrigin.origin = 'https://evil.example';
  const origin = await attempt(otherOrigin);
  assert.equal(origin.code, 'NotAuthorizedException');
  assert.match(origin.message, /origin/i);

  const otherRp = authenticator.clone();
  otherRp.signRpId = 'evil.example';
  const rp = await attempt(otherRp);
  assert.equal(rp.code, 'NotAuthorizedException');
  assert.match(rp.message, /relying party/i);

  // A captured assertion sent again for a new sign-in.
  let captured = null;
  const capturing = { get: async (options) => (captured = await authenticator.get(options)) };
  installAuthenticator(capturing);
  const { user: signedIn } = alice(p);
  assert.equal((await signedIn.authenticateUserAsync(details('WEB_AUTHN'))).type, 'SUCCESS');
  const replay = await attempt({ get: async () => captured });
  assert.equal(replay.code, 'NotAuthorizedException');

  // A clone taken before the last sign-in: its counter is behind.
  const stale = authenticator.clone();
  stale.passkeys[0].counter -= 1;
  const clone = await attempt(stale);
  assert.equal(clone.code, 'NotAuthorizedException');
  assert.match(clone.message, /counter/i);

  // The real authenticator still signs in: nothing a refusal did was stored.
  installAuthenticator(authenticator);
  const { user: fresh } = alice(p);
  assert.equal((await fresh.authenticateUserAsync(details('WEB_AUTHN'))).type, 'SUCCESS');
});

test('passkey methods need a signed-in user, and without navigator.credentials the sign-in fails with a typed error', async () => {
  const p = await passkeyPool();
  const { user, storage } = alice(p);
  const local = await rejection(user.startWebAuthnRegistrationAsync());
  assert.equal(local.message, 'User is not authenticated');
  await new Promise((resolve) =>
    user.deleteWebAuthnCredential('x', (err) => {
      assert.equal(err.message, 'User is not authenticated');
      resolve();
    }),
  );
  const authenticator = new SoftwareAuthenticator();
  installAuthenticator(authenticator);
  await user.authenticateUserAsync(details('PASSWORD', PASSWORD));
  await user.registerPasskeyAsync();
  const stored = snapshot(storage);
  delete globalThis.navigator;
  const error = await rejection(user.authenticateUserAsync(details('WEB_AUTHN')));
  assert.equal(error.code, 'WebAuthnNotSupportedException');
  assert.equal(snapshot(storage), stored);
  const malformed = await rejection(user.completeWebAuthnRegistrationAsync('{"id": 1}'));
  assert.match(malformed.message, /PublicKeyCredential/);
});
