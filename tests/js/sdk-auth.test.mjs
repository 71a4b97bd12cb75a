// The callback API driven as in amazon-cognito-identity-js's README examples, against the
// emulator (COGNITO_EMULATOR_URL, or one started by this file), through the Node build.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  Cognito as AmazonCognitoIdentity,
  PASSWORD,
  call,
  createPool,
  createUser,
  latestCode,
  sleep,
  startEmulator,
  stopEmulator,
  withOwnEmulator,
  withTimeout,
} from './sdk-support.mjs';
import { letTokensExpire, totp } from '../support/cognito-api.mjs';

before(startEmulator);
after(stopEmulator);

/** README "Use case 4": authenticateUser with onSuccess / onFailure. */
function signIn(poolData, username, password, extraCallbacks = {}) {
  const authenticationDetails = new AmazonCognitoIdentity.AuthenticationDetails({ Username: username, Password: password });
  const userPool = new AmazonCognitoIdentity.CognitoUserPool(poolData);
  const cognitoUser = new AmazonCognitoIdentity.CognitoUser({ Username: username, Pool: userPool });
  return withTimeout((resolve, reject) => {
    cognitoUser.authenticateUser(authenticationDetails, {
      onSuccess(result) {
        resolve({ cognitoUser, userPool, result });
      },
      onFailure(err) {
        reject(err);
      },
      ...extraCallbacks(resolve, reject, cognitoUser),
    });
  });
}

test('README use case 4: sign in, then getCurrentUser + getSession, then signOut', async () => {
  const p = await createPool();
  await createUser(p.poolId, 'alice', [{ Name: 'email', Value: 'alice@example.com' }]);
  const { result, userPool } = await signIn(p.poolData(), 'alice', PASSWORD, () => ({}));
  const accessToken = result.getAccessToken().getJwtToken();
  const idToken = result.getIdToken().getJwtToken();
  assert.match(accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal(result.getIdToken().payload.email, 'alice@example.com');
  assert.equal(result.isValid(), true);

  // Use case 16: the current user from storage.
  const cognitoUser = userPool.getCurrentUser();
  assert.ok(cognitoUser);
  const session = await withTimeout((resolve, reject) =>
    cognitoUser.getSession((err, s) => {
      if (err) return reject(err);
      resolve(s);
    }),
  );
  assert.equal(session.isValid(), true);
  assert.equal(session.getIdToken().getJwtToken(), idToken);

  // client.request with any operation (GetUser).
  const me = await withTimeout((resolve, reject) =>
    userPool.client.request('GetUser', { AccessToken: accessToken }, (err, data) => (err ? reject(err) : resolve(data))),
  );
  assert.equal(me.Username, cognitoUser.getUsername());
  // Any operation name goes through, also ones the SDK itself never sends: the emulator
  // answers for DescribeUserPool, and (as real Cognito) wants a signature the SDK cannot make.
  const described = await withTimeout((resolve) =>
    userPool.client.request('DescribeUserPool', { UserPoolId: p.poolId }, (err, data) => resolve([err, data])),
  );
  assert.equal(described[0]?.code, 'MissingAuthenticationTokenException');
  assert.equal(described[1], undefined);
  const unknown = await withTimeout((resolve) => userPool.client.request('NoSuchOperation', {}, (err, data) => resolve([err, data])));
  assert.ok(unknown[0] instanceof Error);
  assert.ok(unknown[0].code);
  assert.equal(unknown[1], undefined);

  // Use case 14: sign out (local).
  cognitoUser.signOut();
  assert.equal(userPool.getCurrentUser(), null);
});

test('wrong password: onFailure with the service error', async () => {
  const p = await createPool();
  await createUser(p.poolId, 'bob');
  const err = await signIn(p.poolData(), 'bob', 'Wrong-Password-1', () => ({})).then(
    () => assert.fail('signed in with a wrong password'),
    (e) => e,
  );
  assert.ok(err instanceof Error);
  assert.equal(err.code, 'NotAuthorizedException');
  assert.equal(err.name, 'NotAuthorizedException');
  assert.equal(err.message, 'Incorrect username or password.');
});

test('a throwing onSuccess is reported once, never passed to onFailure', async () => {
  const p = await createPool();
  await createUser(p.poolId, 'carl');
  const calls = [];
  const errors = [];
  const original = console.error;
  console.error = (...args) => errors.push(args);
  try {
    const userPool = new AmazonCognitoIdentity.CognitoUserPool(p.poolData());
    const cognitoUser = new AmazonCognitoIdentity.CognitoUser({ Username: 'carl', Pool: userPool });
    let sync = true;
    cognitoUser.authenticateUser(new AmazonCognitoIdentity.AuthenticationDetails({ Username: 'carl', Password: PASSWORD }), {
      onSuccess() {
        calls.push(['onSuccess', sync]);
        throw new Error('boom from user code');
      },
      onFailure(err) {
        calls.push(['onFailure', err.message]);
      },
    });
    sync = false;
    for (let i = 0; i < 200 && calls.length === 0; i++) await sleep(25);
    await sleep(200);
  } finally {
    console.error = original;
  }
  assert.deepEqual(calls, [['onSuccess', false]]);
  assert.equal(errors.length, 1);
  assert.equal(errors[0][1].message, 'boom from user code');
});

test('README use case 23: SMS MFA with mfaRequired and sendMFACode(code, this)', async () => {
  const p = await createPool({ MfaConfiguration: 'OPTIONAL' });
  await createUser(p.poolId, 'dora', [{ Name: 'phone_number', Value: '+15555550123' }]);
  await call('AdminSetUserMFAPreference', { UserPoolId: p.poolId, Username: 'dora', SMSMfaSettings: { Enabled: true, PreferredMfa: true } });
  const { result } = await signIn(p.poolData(), 'dora', PASSWORD, (resolve, reject, cognitoUser) => ({
    mfaRequired(challengeName, challengeParameters) {
      assert.equal(challengeName, 'SMS_MFA');
      assert.equal(challengeParameters.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
      latestCode(p.poolId, 'dora', 'SMS_MFA').then((code) => cognitoUser.sendMFACode(code, this), reject);
    },
  }));
  assert.equal(result.isValid(), true);
});

test('README use case 27: TOTP setup when signed in, then totpRequired', async () => {
  const p = await createPool({ MfaConfiguration: 'OPTIONAL' });
  await createUser(p.poolId, 'eve');
  const { cognitoUser } = await signIn(p.poolData(), 'eve', PASSWORD, () => ({}));
  const secret = await withTimeout((resolve, reject) =>
    cognitoUser.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }),
  );
  const verified = await withTimeout((resolve, reject) =>
    cognitoUser.verifySoftwareToken(totp(secret), 'My TOTP device', { onSuccess: resolve, onFailure: reject }),
  );
  assert.equal(verified.Status, 'SUCCESS');
  await call('AdminSetUserMFAPreference', { UserPoolId: p.poolId, Username: 'eve', SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
  const { result } = await signIn(p.poolData(), 'eve', PASSWORD, (resolve, reject, user) => ({
    totpRequired(challengeName) {
      assert.equal(challengeName, 'SOFTWARE_TOKEN_MFA');
      // The setup used this window's code; answer with the next window's.
      user.sendMFACode(totp(secret, Math.floor(Date.now() / 1000) + 30), this, 'SOFTWARE_TOKEN_MFA');
    },
  }));
  assert.equal(result.isValid(), true);
});

test('MFA_SETUP during sign-in: mfaSetup → associateSoftwareToken → verifySoftwareToken', async () => {
  const p = await createPool({ MfaConfiguration: 'ON' });
  await createUser(p.poolId, 'fay');
  const { result } = await signIn(p.poolData(), 'fay', PASSWORD, (resolve, reject, cognitoUser) => ({
    mfaSetup(challengeName) {
      assert.equal(challengeName, 'MFA_SETUP');
      cognitoUser.associateSoftwareToken({
        associateSecretCode(secretCode) {
          cognitoUser.verifySoftwareToken(totp(secretCode), 'phone', {
            onSuccess: (session) => resolve({ cognitoUser, result: session }),
            onFailure: reject,
          });
        },
        onFailure: reject,
      });
    },
  }));
  assert.equal(result.isValid(), true);
});

test('NEW_PASSWORD_REQUIRED: newPasswordRequired → completeNewPasswordChallenge', async () => {
  const p = await createPool();
  await call('AdminCreateUser', {
    UserPoolId: p.poolId,
    Username: 'gil',
    TemporaryPassword: 'Temp-Pass-123',
    MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: 'gil@example.com' }],
  });
  const { result } = await signIn(p.poolData(), 'gil', 'Temp-Pass-123', (resolve, reject, cognitoUser) => ({
    newPasswordRequired(userAttributes, requiredAttributes) {
      assert.equal(typeof userAttributes, 'object');
      assert.ok(Array.isArray(requiredAttributes));
      delete userAttributes.email_verified;
      delete userAttributes.email;
      cognitoUser.completeNewPasswordChallenge(PASSWORD, userAttributes, this);
    },
  }));
  assert.equal(result.isValid(), true);
});

test('README use case 25: custom auth with initiateAuth and sendCustomChallengeAnswer(answer, this)', async () => {
  const p = await createPool({ EmulatorCustomAuth: { Answer: 'blue', ChallengeParameters: { question: 'Sky colour?' } } });
  await createUser(p.poolId, 'hal');
  const userPool = new AmazonCognitoIdentity.CognitoUserPool(p.poolData());
  const cognitoUser = new AmazonCognitoIdentity.CognitoUser({ Username: 'hal', Pool: userPool });
  cognitoUser.setAuthenticationFlowType('CUSTOM_AUTH');
  const session = await withTimeout((resolve, reject) =>
    cognitoUser.initiateAuth(new AmazonCognitoIdentity.AuthenticationDetails({ Username: 'hal', AuthParameters: {} }), {
      onSuccess: resolve,
      onFailure: reject,
      customChallenge(challengeParameters) {
        assert.equal(challengeParameters.question, 'Sky colour?');
        cognitoUser.sendCustomChallengeAnswer('blue', this);
      },
    }),
  );
  assert.equal(session.isValid(), true);
});

test('a challenge without its callback: onFailure explains', async () => {
  const p = await createPool({ MfaConfiguration: 'ON' });
  await createUser(p.poolId, 'ian');
  const err = await signIn(p.poolData(), 'ian', PASSWORD, () => ({})).then(
    () => assert.fail('expected onFailure'),
    (e) => e,
  );
  assert.equal(err.code, 'MissingCallbackError');
  assert.match(err.message, /mfaSetup/);
});

test('README use case 32: refreshSession, wrapped by wrapRefreshSessionCallback; revoke on signOut(cb)', async () => {
  const p = await createPool();
  await createUser(p.poolId, 'jo');
  const wrapped = [];
  const userPool = new AmazonCognitoIdentity.CognitoUserPool(p.poolData(), (cb) => (err, data) => {
    wrapped.push(err ? 'error' : 'ok');
    cb(err, data);
  });
  const cognitoUser = new AmazonCognitoIdentity.CognitoUser({ Username: 'jo', Pool: userPool });
  const first = await withTimeout((resolve, reject) =>
    cognitoUser.authenticateUser(new AmazonCognitoIdentity.AuthenticationDetails({ Username: 'jo', Password: PASSWORD }), {
      onSuccess: resolve,
      onFailure: reject,
    }),
  );
  const refreshToken = first.getRefreshToken();
  const second = await withTimeout((resolve, reject) =>
    cognitoUser.refreshSession(refreshToken, (err, session) => (err ? reject(err) : resolve(session))),
  );
  assert.equal(second.isValid(), true);
  assert.deepEqual(wrapped, ['ok']);
  // signOut(callback) revokes the refresh token.
  const signOutErr = await withTimeout((resolve) => cognitoUser.signOut((err) => resolve(err)));
  assert.equal(signOutErr, undefined);
  const refreshErr = await withTimeout((resolve) => cognitoUser.refreshSession(refreshToken, (err) => resolve(err)));
  assert.equal(refreshErr.code, 'NotAuthorizedException');
  assert.deepEqual(wrapped, ['ok', 'error']);
});

test('README use case 15: globalSignOut', async () => {
  const p = await createPool();
  await createUser(p.poolId, 'kim');
  const { cognitoUser, result } = await signIn(p.poolData(), 'kim', PASSWORD, () => ({}));
  const res = await withTimeout((resolve, reject) => cognitoUser.globalSignOut({ onSuccess: resolve, onFailure: reject }));
  assert.equal(res, 'SUCCESS');
  const err = await withTimeout((resolve) =>
    cognitoUser.client.request('GetUser', { AccessToken: result.getAccessToken().getJwtToken() }, (e) => resolve(e)),
  );
  assert.equal(err.code, 'NotAuthorizedException');
});

test('Promise twins: authenticateUserAsync → SMS_MFA step → sendMFACodeAsync', async () => {
  const p = await createPool({ MfaConfiguration: 'OPTIONAL' });
  await createUser(p.poolId, 'lee', [{ Name: 'phone_number', Value: '+15555550124' }]);
  await call('AdminSetUserMFAPreference', { UserPoolId: p.poolId, Username: 'lee', SMSMfaSettings: { Enabled: true, PreferredMfa: true } });
  const userPool = new AmazonCognitoIdentity.CognitoUserPool(p.poolData());
  const user = new AmazonCognitoIdentity.CognitoUser({ Username: 'lee', Pool: userPool });
  const step = await user.authenticateUserAsync(new AmazonCognitoIdentity.AuthenticationDetails({ Username: 'lee', Password: PASSWORD }));
  assert.equal(step.type, 'SMS_MFA');
  assert.equal(step.challengeName, 'SMS_MFA');
  const done = await user.sendMFACodeAsync(await latestCode(p.poolId, 'lee', 'SMS_MFA'));
  assert.equal(done.type, 'SUCCESS');
  assert.equal(done.userConfirmationNecessary, false);
  assert.equal(done.session.isValid(), true);
  await assert.rejects(user.authenticateUserAsync(new AmazonCognitoIdentity.AuthenticationDetails({ Username: 'lee', Password: 'bad-Password-1' })), {
    code: 'NotAuthorizedException',
  });
});

test('client with a secret (ClientSecret option): SRP sign-in, refresh and revoke', async () => {
  const p = await createPool({}, { GenerateSecret: true });
  assert.ok(p.clientSecret);
  await createUser(p.poolId, 'max');
  const userPool = new AmazonCognitoIdentity.CognitoUserPool(p.poolData());
  const user = new AmazonCognitoIdentity.CognitoUser({ Username: 'max', Pool: userPool });
  const step = await user.authenticateUserAsync(new AmazonCognitoIdentity.AuthenticationDetails({ Username: 'max', Password: PASSWORD }));
  assert.equal(step.type, 'SUCCESS');
  const refreshed = await user.refreshSessionAsync(step.session.getRefreshToken());
  assert.equal(refreshed.isValid(), true);
  await user.signOutAsync();
  // Without the secret the same client refuses the sign-in.
  const noSecret = new AmazonCognitoIdentity.CognitoUserPool(p.poolData({ ClientSecret: undefined }));
  await assert.rejects(
    new AmazonCognitoIdentity.CognitoUser({ Username: 'max', Pool: noSecret }).authenticateUserAsync(
      new AmazonCognitoIdentity.AuthenticationDetails({ Username: 'max', Password: PASSWORD }),
    ),
    { code: 'NotAuthorizedException' },
  );
});

test('getSession refreshes an expired session through wrapRefreshSessionCallback', () =>
  // Its own emulator: the test moves the emulator's clock.
  withOwnEmulator(async (own) => {
    const p = await createPool({}, {}, own);
    await createUser(p.poolId, 'ned', [], own);
    const wrapped = [];
    const userPool = new AmazonCognitoIdentity.CognitoUserPool(p.poolData(), (cb) => (err, session) => {
      wrapped.push(err ? `error:${err.code}` : 'refreshed');
      cb(err, session);
    });
    const cognitoUser = new AmazonCognitoIdentity.CognitoUser({ Username: 'ned', Pool: userPool });
    const first = await withTimeout((resolve, reject) =>
      cognitoUser.authenticateUser(new AmazonCognitoIdentity.AuthenticationDetails({ Username: 'ned', Password: PASSWORD }), {
        onSuccess: resolve,
        onFailure: reject,
      }),
    );
    // A valid session: no refresh, no wrapper.
    await withTimeout((resolve, reject) => cognitoUser.getSession((err, s) => (err ? reject(err) : resolve(s))));
    assert.deepEqual(wrapped, []);
    // The tokens' hour passes for the emulator and for this process, without waiting.
    await letTokensExpire(own);
    assert.equal(first.isValid(), false);
    const current = userPool.getCurrentUser();
    const second = await withTimeout((resolve, reject) => current.getSession((err, s) => (err ? reject(err) : resolve(s))));
    assert.equal(second.isValid(), true);
    assert.notEqual(second.getAccessToken().getJwtToken(), first.getAccessToken().getJwtToken());
    assert.equal(second.getRefreshToken().getToken(), first.getRefreshToken().getToken());
    assert.deepEqual(wrapped, ['refreshed']);
  }));

test('SELECT_MFA_TYPE: selectMFAType → sendMFASelectionAnswer(answer, this) → mfaRequired → sendMFACode', async () => {
  const p = await createPool({ MfaConfiguration: 'OPTIONAL' });
  await createUser(p.poolId, 'olga', [{ Name: 'phone_number', Value: '+15555550125' }]);
  // TOTP set up while signed in, then both factors enabled, none preferred.
  const { cognitoUser } = await signIn(p.poolData(), 'olga', PASSWORD, () => ({}));
  const secret = await cognitoUser.associateSoftwareTokenAsync();
  const verified = await cognitoUser.verifySoftwareTokenAsync(totp(secret), 'phone');
  assert.equal(verified.Status, 'SUCCESS');
  await call('AdminSetUserMFAPreference', {
    UserPoolId: p.poolId,
    Username: 'olga',
    SMSMfaSettings: { Enabled: true, PreferredMfa: false },
    SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false },
  });
  const seen = [];
  const { result } = await signIn(p.poolData(), 'olga', PASSWORD, (resolve, reject, user) => ({
    selectMFAType(challengeName, challengeParameters) {
      seen.push(challengeName, JSON.parse(challengeParameters.MFAS_CAN_CHOOSE).sort().join(','));
      user.sendMFASelectionAnswer('SMS_MFA', this);
    },
    mfaRequired(challengeName) {
      seen.push(challengeName);
      latestCode(p.poolId, 'olga', 'SMS_MFA').then((code) => user.sendMFACode(code, this), reject);
    },
  }));
  assert.deepEqual(seen, ['SELECT_MFA_TYPE', 'SMS_MFA,SOFTWARE_TOKEN_MFA', 'SMS_MFA']);
  assert.equal(result.isValid(), true);
});

test('remembered devices: onSuccess(session, true) when the pool asks; device SRP on the next sign-in', async () => {
  const p = await createPool({ DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } });
  await createUser(p.poolId, 'pat');
  const storage = new AmazonCognitoIdentity.MemoryStorage();
  const poolData = p.poolData({ Storage: storage });
  const args = await withTimeout((resolve, reject) => {
    const user = new AmazonCognitoIdentity.CognitoUser({ Username: 'pat', Pool: new AmazonCognitoIdentity.CognitoUserPool(poolData) });
    user.authenticateUser(new AmazonCognitoIdentity.AuthenticationDetails({ Username: 'pat', Password: PASSWORD }), {
      onSuccess: (...a) => resolve([user, ...a]),
      onFailure: reject,
    });
  });
  const [user, session, userConfirmationNecessary] = args;
  assert.equal(args.length, 3);
  assert.equal(session.isValid(), true);
  assert.equal(userConfirmationNecessary, true);
  assert.ok(user.deviceKey);
  // Opt-in pool: remember the device, then the next sign-in goes through DEVICE_SRP_AUTH.
  await call('UpdateDeviceStatus', {
    AccessToken: session.getAccessToken().getJwtToken(),
    DeviceKey: user.deviceKey,
    DeviceRememberedStatus: 'remembered',
  });
  const again = new AmazonCognitoIdentity.CognitoUser({ Username: 'pat', Pool: new AmazonCognitoIdentity.CognitoUserPool(poolData) });
  const step = await again.authenticateUserAsync(new AmazonCognitoIdentity.AuthenticationDetails({ Username: 'pat', Password: PASSWORD }));
  assert.equal(step.type, 'SUCCESS');
  assert.equal(step.userConfirmationNecessary, false);
  assert.equal(again.deviceKey, user.deviceKey);
  assert.equal(step.session.getAccessToken().payload.device_key, user.deviceKey);
});
