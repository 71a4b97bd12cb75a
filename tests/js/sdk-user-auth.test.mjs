// Choice-based sign-in (AuthFlow USER_AUTH) with e-mail and SMS codes, e-mail MFA and
// refresh-token rotation, through the Node build against the emulator: every step through
// the public methods, the codes read from the emulator's outbox, and every refusal leaving
// the stored session as it was.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { Cognito, PASSWORD, createPool, createUser, latestCode, startEmulator, stopEmulator, withOwnEmulator, withTimeout } from './sdk-support.mjs';
import { advanceEmulatorClock, latestCode as latestCodeAt, messages } from '../support/cognito-api.mjs';

before(startEmulator);
after(stopEmulator);

const USER_AUTH_FLOWS = ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const ALICE = [
  { Name: 'email', Value: 'alice@example.com' },
  { Name: 'email_verified', Value: 'true' },
  { Name: 'phone_number', Value: '+15550100' },
  { Name: 'phone_number_verified', Value: 'true' },
];

/** A pool allowing `factors` as first factors, a USER_AUTH client, and alice (verified e-mail and phone). */
async function userAuthPool(factors, clientExtra = {}, at = undefined) {
  const p = await createPool({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } } }, { ExplicitAuthFlows: USER_AUTH_FLOWS, ...clientExtra }, at);
  await createUser(p.poolId, 'alice', ALICE, at);
  return p;
}

/** alice on a new pool object over a fresh MemoryStorage, signing in with USER_AUTH. */
function alice(p, poolExtra = {}) {
  const storage = new Cognito.MemoryStorage();
  const pool = new Cognito.CognitoUserPool(p.poolData({ Storage: storage, ...poolExtra }));
  const user = new Cognito.CognitoUser({ Username: 'alice', Pool: pool, Storage: storage });
  user.setAuthenticationFlowType('USER_AUTH');
  return { user, pool, storage, key: (name) => `CognitoIdentityServiceProvider.${p.clientId}.alice.${name}` };
}

const details = (preferred, password) =>
  new Cognito.AuthenticationDetails({ Username: 'alice', Password: password, AuthParameters: preferred ? { PREFERRED_CHALLENGE: preferred } : {} });

/** Every stored item, to compare before and after a refusal. */
const snapshot = (storage) => JSON.stringify([...storage.items.entries()].sort());

/** Calls `user[method](...args, callbacks)`-style with callback objects; resolves `{name, args}` of the member called. */
function step(user, method, before, after = []) {
  return withTimeout((resolve) => {
    const record = (name) => (...args) => resolve({ name, args });
    const callbacks = {};
    for (const name of ['onSuccess', 'onFailure', 'selectChallenge', 'emailOtpRequired', 'smsOtpRequired', 'mfaRequired', 'totpRequired', 'newPasswordRequired']) {
      callbacks[name] = record(name);
    }
    user[method](...before, callbacks, ...after);
  });
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

test('e-mail code sign-in: the code from the outbox signs in; a wrong code keeps the challenge; a reused code is refused and the stored session stays', async () => {
  const p = await userAuthPool(['PASSWORD', 'EMAIL_OTP']);
  const { user, storage, key } = alice(p);
  const asked = await step(user, 'authenticateUser', [details('EMAIL_OTP')]);
  assert.equal(asked.name, 'emailOtpRequired');
  assert.equal(asked.args[0], 'EMAIL_OTP');
  assert.equal(asked.args[1].CODE_DELIVERY_DELIVERY_MEDIUM, 'EMAIL');
  assert.match(asked.args[1].CODE_DELIVERY_DESTINATION, /@/);
  assert.equal(user.challengeName, 'EMAIL_OTP');
  const code = await latestCode(p.poolId, 'alice', 'EMAIL_OTP');
  const wrong = code === '000000' ? '111111' : '000000';

  const refused = await step(user, 'sendOTPCode', [wrong]);
  assert.equal(refused.name, 'onFailure');
  assert.equal(refused.args[0].code, 'CodeMismatchException');
  assert.equal(storage.getItem(key('accessToken')), undefined, 'nothing stored by a wrong code');

  const done = await step(user, 'sendOTPCode', [code]);
  assert.equal(done.name, 'onSuccess');
  const session = done.args[0];
  assert.equal(session.isValid(), true);
  assert.equal(storage.getItem(key('accessToken')), session.getAccessToken().getJwtToken());
  assert.equal(storage.getItem(`CognitoIdentityServiceProvider.${p.clientId}.LastAuthUser`), 'alice');

  const stored = snapshot(storage);
  const reused = await rejection(user.sendOTPCodeAsync(code));
  assert.equal(reused.code, 'NotAuthorizedException');
  assert.equal(snapshot(storage), stored, 'the stored session is intact');
  assert.equal(user.getSignInUserSession(), session, 'the in-memory session is intact');
});

test('SMS code sign-in chosen from SELECT_CHALLENGE, and an expired code refused', async () => {
  await withOwnEmulator(async (url) => {
    const p = await userAuthPool(['PASSWORD', 'SMS_OTP', 'EMAIL_OTP'], {}, url);
    const { user, storage, key } = alice(p);
    const choice = await user.authenticateUserAsync(details());
    assert.equal(choice.type, 'SELECT_CHALLENGE');
    assert.ok(choice.availableChallenges.includes('SMS_OTP'), JSON.stringify(choice));
    assert.ok(choice.availableChallenges.includes('PASSWORD'), JSON.stringify(choice));

    const asked = await step(user, 'sendChallengeSelectionAnswer', ['SMS_OTP']);
    assert.equal(asked.name, 'smsOtpRequired');
    assert.equal(asked.args[1].CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
    const code = await latestCodeAt(url, p.poolId, 'alice', 'SMS_OTP');
    const signedIn = await user.sendOTPCodeAsync(code);
    assert.equal(signedIn.type, 'SUCCESS');
    const stored = snapshot(storage);
    assert.ok(storage.getItem(key('refreshToken')));

    // A second sign-in whose code expires before it is typed.
    const again = await user.authenticateUserAsync(details('SMS_OTP'));
    assert.equal(again.type, 'SMS_OTP');
    const late = await latestCodeAt(url, p.poolId, 'alice', 'SMS_OTP');
    await advanceEmulatorClock(url, 181);
    const expired = await rejection(user.sendOTPCodeAsync(late));
    assert.equal(expired.code, 'NotAuthorizedException');
    assert.match(expired.message, /expired/);
    assert.equal(snapshot(storage), stored, 'the stored session is intact');
  });
});

test('PASSWORD and PASSWORD_SRP chosen from SELECT_CHALLENGE sign in; a first factor the pool does not allow is refused without a message sent', async () => {
  const p = await userAuthPool(['PASSWORD']);
  const { user, storage } = alice(p);
  const choice = await user.authenticateUserAsync(details());
  assert.equal(choice.type, 'SELECT_CHALLENGE');
  const missing = await rejection(user.sendChallengeSelectionAnswerAsync('PASSWORD'));
  assert.match(missing.message, /PASSWORD/);
  const done = await step(user, 'sendChallengeSelectionAnswer', ['PASSWORD_SRP'], [PASSWORD]);
  assert.equal(done.name, 'onSuccess');
  assert.equal(done.args[0].isValid(), true);

  const direct = await user.authenticateUserAsync(details('PASSWORD', PASSWORD));
  assert.equal(direct.type, 'SUCCESS');
  const stored = snapshot(storage);
  const disallowed = await step(user, 'authenticateUser', [details('EMAIL_OTP')]);
  assert.equal(disallowed.name, 'onFailure');
  assert.equal(disallowed.args[0].code, 'InvalidParameterException');
  assert.deepEqual((await messages(p.url, p.poolId, 'alice')).filter((m) => m.kind === 'EMAIL_OTP'), []);
  assert.equal(snapshot(storage), stored, 'the stored session is kept');

  const unknown = await rejection(user.authenticateUserAsync(details('CARRIER_PIGEON')));
  assert.match(unknown.message, /first-factor/);
});

test('e-mail MFA: setUserMfaPreference with EmailMfaSettings, then mfaRequired("EMAIL_OTP") answered by sendMFACode(code, cb, "EMAIL_OTP")', async () => {
  const p = await userAuthPool(['PASSWORD']);
  await fetchEmulator(p, 'SetUserPoolMfaConfig', { UserPoolId: p.poolId, MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration: { Subject: 'Your code' } });
  const { user } = alice(p);
  await user.authenticateUserAsync(details('PASSWORD', PASSWORD));
  const set = await withTimeout((resolve, reject) =>
    user.setUserMfaPreference(null, null, (err, result) => (err ? reject(err) : resolve(result)), { Enabled: true, PreferredMfa: true }),
  );
  assert.equal(set, 'SUCCESS');

  // A classic SRP sign-in now asks for the e-mailed code.
  const { user: again, storage, key } = alice(p);
  again.setAuthenticationFlowType('USER_SRP_AUTH');
  const asked = await step(again, 'authenticateUser', [details(undefined, PASSWORD)]);
  assert.equal(asked.name, 'mfaRequired');
  assert.equal(asked.args[0], 'EMAIL_OTP');
  const code = await latestCode(p.poolId, 'alice', 'EMAIL_OTP');
  const wrong = await step(again, 'sendMFACode', [code === '000000' ? '111111' : '000000'], ['EMAIL_OTP']);
  assert.equal(wrong.name, 'onFailure');
  assert.equal(wrong.args[0].code, 'CodeMismatchException');
  const done = await step(again, 'sendMFACode', [code], ['EMAIL_OTP']);
  assert.equal(done.name, 'onSuccess');
  assert.equal(storage.getItem(key('idToken')), done.args[0].getIdToken().getJwtToken());
});

test('RefreshTokenRotation: refresh through GetTokensFromRefreshToken stores the new token; the old one works inside the grace period, is refused after it, and the stored session stays', async () => {
  await withOwnEmulator(async (url) => {
    const p = await userAuthPool(['PASSWORD'], { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 5 } }, url);
    const { user, storage, key } = alice(p, { RefreshTokenRotation: true });
    const seen = [];
    user.pool.client.request = ((original) =>
      function request(operation, params, callback) {
        seen.push(operation);
        return original.call(this, operation, params, callback);
      })(user.pool.client.request);
    await user.authenticateUserAsync(details('PASSWORD', PASSWORD));
    const first = storage.getItem(key('refreshToken'));
    const refresh = (token) =>
      withTimeout((resolve, reject) => user.refreshSession(new Cognito.CognitoRefreshToken({ RefreshToken: token }), (err, s) => (err ? reject(err) : resolve(s))));

    const rotated = await refresh(first);
    const second = rotated.getRefreshToken().getToken();
    assert.notEqual(second, first);
    assert.equal(storage.getItem(key('refreshToken')), second, 'the new refresh token is stored');
    assert.equal(storage.getItem(key('accessToken')), rotated.getAccessToken().getJwtToken());
    assert.ok(seen.includes('GetTokensFromRefreshToken'), seen.join());
    assert.ok(!seen.includes('InitiateAuth') || seen.filter((o) => o === 'InitiateAuth').length === 1, 'only the sign-in used InitiateAuth');

    // A retry with the old token inside the grace period still works.
    const retried = await refresh(first);
    assert.equal(retried.isValid(), true);
    const stored = snapshot(storage);

    await advanceEmulatorClock(url, 6);
    const reused = await rejection(refresh(first));
    assert.equal(reused.code, 'RefreshTokenReuseException');
    assert.equal(snapshot(storage), stored, 'the stored session is intact after the reuse error');
    const current = storage.getItem(key('refreshToken'));
    const next = await refresh(current);
    assert.notEqual(next.getRefreshToken().getToken(), current);
  });
});

test('RefreshTokenRotation on a client that does not rotate: no new refresh token, the old one is kept', async () => {
  const p = await userAuthPool(['PASSWORD']);
  const { user, storage, key } = alice(p, { RefreshTokenRotation: true });
  await user.authenticateUserAsync(details('PASSWORD', PASSWORD));
  const token = storage.getItem(key('refreshToken'));
  const session = await withTimeout((resolve, reject) =>
    user.refreshSession(new Cognito.CognitoRefreshToken({ RefreshToken: token }), (err, s) => (err ? reject(err) : resolve(s))),
  );
  assert.equal(session.getRefreshToken().getToken(), token);
  assert.equal(storage.getItem(key('refreshToken')), token);
  assert.equal(storage.getItem(key('accessToken')), session.getAccessToken().getJwtToken());
});

/** One admin call on the pool's emulator. */
async function fetchEmulator(p, op, body) {
  const { api } = await import('../support/cognito-api.mjs');
  return api(p.url, op, body);
}
