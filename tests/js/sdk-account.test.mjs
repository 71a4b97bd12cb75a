// The account methods through the Node build (dist/node/index.cjs, after
// `make build`) against the emulator (COGNITO_EMULATOR_URL, or one started here): every
// `…Async` Promise form with its success and main error, code expiry on an emulator whose
// clock the test moves, and the whole journey written as people write it
// against amazon-cognito-identity-js (callbacks, codes from the outbox, TOTP by RFC 6238).
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  Cognito as AmazonCognitoIdentity,
  PASSWORD,
  createPool,
  latestCode,
  sleep,
  startEmulator,
  stopEmulator,
  withOwnEmulator,
  withTimeout,
} from './sdk-support.mjs';
import { advanceEmulatorClock, api, latestCode as latestCodeAt, totp } from '../support/cognito-api.mjs';

const { CognitoUserPool, CognitoUser, CognitoUserAttribute, AuthenticationDetails } = AmazonCognitoIdentity;
const NOT_AUTHENTICATED = 'User is not authenticated';
const AUTO_VERIFY = { AutoVerifiedAttributes: ['email'] };

before(startEmulator);
after(stopEmulator);

// ----- helpers -----

/** `(err, result) => …` as a Promise, as people wrap the reference's node callbacks. */
const nodeCall = (fn) => withTimeout((resolve, reject) => fn((err, result) => (err ? reject(err) : resolve(result))));

const wrong = (code) => (code === '000000' ? '111111' : '000000');

function assertNotAuthenticated(e) {
  assert.ok(e instanceof Error);
  assert.equal(e.message, NOT_AUTHENTICATED);
  assert.equal(e.code, undefined);
}

async function rejects(promise, code) {
  const e = await promise.then(
    (v) => assert.fail(`expected ${code}, resolved with ${JSON.stringify(v)}`),
    (e) => e,
  );
  if (code === NOT_AUTHENTICATED) assertNotAuthenticated(e);
  else assert.equal(e.code, code, `${e.code}: ${e.message}`);
  return e;
}

/** Signs up and confirms `username` (e-mail `<username>@example.com`) with the Promise forms. */
async function registered(p, pool, username, extra = []) {
  const attributes = [new CognitoUserAttribute({ Name: 'email', Value: `${username}@example.com` }), ...extra];
  const { user } = await pool.signUpAsync(username, PASSWORD, attributes, null);
  assert.equal(await user.confirmRegistrationAsync(await latestCode(p.poolId, username, 'SignUp'), false), 'SUCCESS');
  return user;
}

async function signedIn(pool, username, password = PASSWORD) {
  const user = new CognitoUser({ Username: username, Pool: pool });
  const step = await user.authenticateUserAsync(new AuthenticationDetails({ Username: username, Password: password }));
  assert.equal(step.type, 'SUCCESS');
  return user;
}

// ----- the Promise forms -----

test('signUpAsync, confirmRegistrationAsync, resendConfirmationCodeAsync', async () => {
  const p = await createPool({ ...AUTO_VERIFY, AliasAttributes: ['email'] });
  const pool = new CognitoUserPool(p.poolData());
  await rejects(pool.signUpAsync('alice', 'short', [{ Name: 'email', Value: 'alice@example.com' }], null), 'InvalidPasswordException');

  const result = await pool.signUpAsync(
    'alice',
    PASSWORD,
    [new CognitoUserAttribute({ Name: 'email', Value: 'alice@example.com' }), { Name: 'name', Value: 'Alice' }],
    [{ Name: 'invite', Value: '1' }],
    { source: 'test' },
  );
  assert.deepEqual(Object.keys(result).sort(), ['codeDeliveryDetails', 'user', 'userConfirmed', 'userSub']);
  assert.ok(result.user instanceof CognitoUser);
  assert.equal(result.user.getUsername(), 'alice');
  assert.equal(result.user.pool.getUserPoolId(), p.poolId);
  assert.equal(result.user.storage, pool.storage);
  assert.equal(result.userConfirmed, false);
  assert.match(result.userSub, /^[0-9a-f-]{36}$/);
  assert.equal(result.codeDeliveryDetails.DeliveryMedium, 'EMAIL');
  assert.equal(result.codeDeliveryDetails.AttributeName, 'email');
  await rejects(pool.signUpAsync('alice', PASSWORD, null, null), 'UsernameExistsException');

  const alice = result.user;
  const first = await latestCode(p.poolId, 'alice', 'SignUp');
  await rejects(alice.confirmRegistrationAsync(wrong(first), false), 'CodeMismatchException');
  const resent = await alice.resendConfirmationCodeAsync();
  assert.equal(resent.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
  const code = await latestCode(p.poolId, 'alice', 'ResendConfirmationCode');
  assert.equal(await alice.confirmRegistrationAsync(code, false, { k: 'v' }), 'SUCCESS');
  await rejects(alice.confirmRegistrationAsync(code, false), 'NotAuthorizedException');
  await rejects(alice.resendConfirmationCodeAsync(), 'InvalidParameterException');
  await signedIn(pool, 'alice');

  // The same e-mail on a second account: AliasExistsException unless forceAliasCreation.
  const { user: alice2 } = await pool.signUpAsync('alice2', PASSWORD, [{ Name: 'email', Value: 'alice@example.com' }], null);
  await rejects(alice2.confirmRegistrationAsync(await latestCode(p.poolId, 'alice2', 'SignUp'), false), 'AliasExistsException');
  await alice2.resendConfirmationCodeAsync();
  assert.equal(await alice2.confirmRegistrationAsync(await latestCode(p.poolId, 'alice2', 'ResendConfirmationCode'), true), 'SUCCESS');
  await signedIn(pool, 'alice2');
});

test('changePasswordAsync, forgotPasswordAsync, confirmPasswordAsync', async () => {
  const p = await createPool(AUTO_VERIFY);
  const pool = new CognitoUserPool(p.poolData());
  await registered(p, pool, 'hank');
  await rejects(new CognitoUser({ Username: 'hank', Pool: pool }).changePasswordAsync(PASSWORD, 'N3w-Passw0rd!'), NOT_AUTHENTICATED);

  const hank = await signedIn(pool, 'hank');
  await rejects(hank.changePasswordAsync('Wr0ng-Passw0rd!', 'N3w-Passw0rd!'), 'NotAuthorizedException');
  await rejects(hank.changePasswordAsync(PASSWORD, 'weak'), 'InvalidPasswordException');
  assert.equal(await hank.changePasswordAsync(PASSWORD, 'N3w-Passw0rd!'), 'SUCCESS');
  await signedIn(pool, 'hank', 'N3w-Passw0rd!');

  const user = new CognitoUser({ Username: 'hank', Pool: pool });
  const sent = await user.forgotPasswordAsync();
  assert.equal(sent.CodeDeliveryDetails.AttributeName, 'email');
  const code = await latestCode(p.poolId, 'hank', 'ForgotPassword');
  await rejects(user.confirmPasswordAsync(wrong(code), 'R3set-Passw0rd!'), 'CodeMismatchException');
  await rejects(user.confirmPasswordAsync(code, 'weak'), 'InvalidPasswordException');
  assert.equal(await user.confirmPasswordAsync(code, 'R3set-Passw0rd!'), 'SUCCESS');
  await rejects(user.confirmPasswordAsync(code, 'An0ther-Passw0rd!'), 'ExpiredCodeException');
  await signedIn(pool, 'hank', 'R3set-Passw0rd!');
  await rejects(new CognitoUser({ Username: 'nobody', Pool: pool }).forgotPasswordAsync(), 'UserNotFoundException');
});

test('attribute and user-data Promise forms; the refresh goes through wrapRefreshSessionCallback', async () => {
  const p = await createPool(AUTO_VERIFY);
  const hub = [];
  const pool = new CognitoUserPool(p.poolData(), (callback) => (err, session) => {
    hub.push(err ? `error:${err.code}` : `session:${session.isValid()}`);
    return callback(err, session);
  });
  await registered(p, pool, 'ivy', [{ Name: 'name', Value: 'Ivy' }]);
  const nobody = new CognitoUser({ Username: 'ivy', Pool: pool });
  for (const call of [
    () => nobody.getUserAttributesAsync(),
    () => nobody.updateAttributesAsync([{ Name: 'name', Value: 'x' }]),
    () => nobody.deleteAttributesAsync(['name']),
    () => nobody.getAttributeVerificationCodeAsync('email'),
    () => nobody.verifyAttributeAsync('email', '123456'),
    () => nobody.getUserDataAsync(),
    () => nobody.getMFAOptionsAsync(),
  ]) {
    await rejects(call(), NOT_AUTHENTICATED);
  }

  const ivy = await signedIn(pool, 'ivy');
  const attributes = await ivy.getUserAttributesAsync();
  assert.ok(attributes.every((a) => a instanceof CognitoUserAttribute));
  const byName = Object.fromEntries(attributes.map((a) => [a.getName(), a.getValue()]));
  assert.equal(byName.email, 'ivy@example.com');
  assert.equal(byName.email_verified, 'true');
  assert.equal(byName.name, 'Ivy');

  const data = await ivy.getUserDataAsync();
  assert.equal(data.Username, 'ivy');
  assert.ok(ivy.storage.getItem(ivy.userDataKey).includes('ivy@example.com'));
  assert.deepEqual(hub, []);

  const before = ivy.getSignInUserSession().getAccessToken().getJwtToken();
  const updated = await ivy.updateAttributesAsync([
    new CognitoUserAttribute({ Name: 'email', Value: 'ivy2@example.com' }),
    { Name: 'name', Value: 'Ivy Two' },
  ]);
  assert.equal(updated.result, 'SUCCESS');
  assert.equal(updated.details.CodeDeliveryDetailsList[0].AttributeName, 'email');
  assert.deepEqual(hub, ['session:true']);
  assert.notEqual(ivy.getSignInUserSession().getAccessToken().getJwtToken(), before);
  assert.ok(ivy.storage.getItem(ivy.userDataKey).includes('ivy2@example.com'));

  const sent = await ivy.getAttributeVerificationCodeAsync('email');
  assert.equal(sent.CodeDeliveryDetails.AttributeName, 'email');
  await rejects(ivy.getAttributeVerificationCodeAsync('name'), 'InvalidParameterException');
  const code = await latestCode(p.poolId, 'ivy', 'VerifyUserAttribute');
  await rejects(ivy.verifyAttributeAsync('email', wrong(code)), 'CodeMismatchException');
  assert.equal(await ivy.verifyAttributeAsync('email', code), 'SUCCESS');
  const verified = Object.fromEntries((await ivy.getUserAttributesAsync()).map((a) => [a.Name, a.Value]));
  assert.equal(verified.email, 'ivy2@example.com');
  assert.equal(verified.email_verified, 'true');

  assert.equal(await ivy.deleteAttributesAsync(['name']), 'SUCCESS');
  assert.ok(!(await ivy.getUserAttributesAsync()).some((a) => a.getName() === 'name'));
  await rejects(ivy.deleteAttributesAsync(['sub']), 'InvalidParameterException');

  hub.length = 0;
  assert.equal((await ivy.getUserDataAsync()).Username, 'ivy');
  assert.deepEqual(hub, [], 'from the cache, no refresh');
  assert.equal((await ivy.getUserDataAsync({ bypassCache: true })).Username, 'ivy');
  assert.deepEqual(hub, ['session:true']);
});

test('MFA settings and device Promise forms; deleteUserAsync', async () => {
  const p = await createPool({ ...AUTO_VERIFY, MfaConfiguration: 'OPTIONAL', DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: true } });
  const pool = new CognitoUserPool(p.poolData());
  await registered(p, pool, 'mia', [{ Name: 'phone_number', Value: '+15555550100' }]);
  const nobody = new CognitoUser({ Username: 'mia', Pool: pool });
  for (const call of [
    () => nobody.enableMFAAsync(),
    () => nobody.disableMFAAsync(),
    () => nobody.setUserMfaPreferenceAsync(null, null),
    () => nobody.getDeviceAsync(),
    () => nobody.listDevicesAsync(10, null),
    () => nobody.setDeviceStatusRememberedAsync(),
    () => nobody.setDeviceStatusNotRememberedAsync(),
    () => nobody.forgetDeviceAsync(),
    () => nobody.forgetSpecificDeviceAsync('key'),
    () => nobody.deleteUserAsync(),
  ]) {
    await rejects(call(), NOT_AUTHENTICATED);
  }

  const mia = new CognitoUser({ Username: 'mia', Pool: pool });
  const step = await mia.authenticateUserAsync(new AuthenticationDetails({ Username: 'mia', Password: PASSWORD }));
  assert.equal(step.type, 'SUCCESS');
  assert.equal(step.userConfirmationNecessary, true);
  assert.equal(await mia.enableMFAAsync(), 'SUCCESS');
  assert.deepEqual(await mia.getMFAOptionsAsync(), [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
  assert.equal(await mia.disableMFAAsync(), 'SUCCESS');
  assert.deepEqual((await mia.getMFAOptionsAsync()) ?? [], []);
  await rejects(mia.setUserMfaPreferenceAsync(null, { PreferredMfa: true, Enabled: true }), 'InvalidParameterException');
  assert.equal(await mia.setUserMfaPreferenceAsync({ PreferredMfa: false, Enabled: true }, null), 'SUCCESS');

  const { Device } = await mia.getDeviceAsync();
  assert.equal(Device.DeviceKey, mia.deviceKey);
  assert.equal(await mia.setDeviceStatusRememberedAsync(), 'SUCCESS');
  const { Devices } = await mia.listDevicesAsync(10, null);
  assert.equal(Devices.length, 1);
  assert.ok(Devices[0].DeviceAttributes.some((a) => a.Name === 'dev:device_remembered_status' && a.Value === 'remembered'));
  assert.equal(await mia.setDeviceStatusNotRememberedAsync(), 'SUCCESS');
  await rejects(mia.forgetSpecificDeviceAsync('us-east-1_00000000-0000-0000-0000-000000000000'), 'ResourceNotFoundException');
  assert.equal(await mia.forgetDeviceAsync(), 'SUCCESS');
  assert.equal(mia.deviceKey ?? null, null);
  assert.equal((await mia.listDevicesAsync(10)).Devices.length, 0);
  await rejects(mia.getDeviceAsync(), 'InvalidParameterException');

  assert.equal(await mia.deleteUserAsync(), 'SUCCESS');
  assert.equal(pool.getCurrentUser(), null);
  await rejects(mia.deleteUserAsync(), 'NotAuthorizedException');
});

// ----- codes that expire (an emulator of the test's own, whose clock is moved) -----

test('expired codes (--code-ttl 60): confirmRegistration, confirmPassword, verifyAttribute', () =>
  // Codes live a minute (shorter than the access token, which verifyAttribute needs); the
  // emulator's clock is moved past that instead of waiting, and the fresh codes sent
  // afterwards have their full minute however slow the machine is.
  withOwnEmulator(async (url) => {
    const codeAt = (poolId, username, kind) => latestCodeAt(url, poolId, username, kind);
    const { UserPool } = await api(url, 'CreateUserPool', { PoolName: 'ttl', ...AUTO_VERIFY });
    const { UserPoolClient } = await api(url, 'CreateUserPoolClient', { UserPoolId: UserPool.Id, ClientName: 'web' });
    const pool = new CognitoUserPool({ UserPoolId: UserPool.Id, ClientId: UserPoolClient.ClientId, endpoint: `${url}/` });
    const { user: erin } = await pool.signUpAsync('erin', PASSWORD, [{ Name: 'email', Value: 'erin@example.com' }], null);
    const code = await codeAt(UserPool.Id, 'erin', 'SignUp');
    await advanceEmulatorClock(url, 120);
    // The callback form, as the reference is used.
    const expired = await withTimeout((resolve) => erin.confirmRegistration(code, false, (err, result) => resolve({ err, result })));
    assert.equal(expired.err.code, 'ExpiredCodeException');
    assert.equal(expired.result, null);
    await erin.resendConfirmationCodeAsync();
    assert.equal(await erin.confirmRegistrationAsync(await codeAt(UserPool.Id, 'erin', 'ResendConfirmationCode')), 'SUCCESS');

    await erin.forgotPasswordAsync();
    const resetCode = await codeAt(UserPool.Id, 'erin', 'ForgotPassword');
    await advanceEmulatorClock(url, 120);
    const failed = await withTimeout((resolve, reject) =>
      erin.confirmPassword(resetCode, 'N3w-Passw0rd!', { onSuccess: () => reject(new Error('onSuccess')), onFailure: resolve }),
    );
    assert.equal(failed.code, 'ExpiredCodeException');

    const signed = await signedIn(pool, 'erin');
    await signed.getAttributeVerificationCodeAsync('email');
    const verifyCode = await codeAt(UserPool.Id, 'erin', 'VerifyUserAttribute');
    await advanceEmulatorClock(url, 120);
    await rejects(signed.verifyAttributeAsync('email', verifyCode), 'ExpiredCodeException');
  }, ['--code-ttl', '60']));

// ----- the journey, written as people write it against the reference -----

test('journey: sign up → confirm → sign in → attribute → TOTP → remembered device → passwords → delete', async () => {
  const p = await createPool({
    ...AUTO_VERIFY,
    MfaConfiguration: 'OPTIONAL',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
  });
  const poolData = p.poolData();
  const userPool = new AmazonCognitoIdentity.CognitoUserPool(poolData);

  // Sign up (README use case 1) and confirm with the code from the e-mail (use case 2).
  const attributeList = [new AmazonCognitoIdentity.CognitoUserAttribute({ Name: 'email', Value: 'olga@example.com' })];
  const signUp = await nodeCall((cb) => userPool.signUp('olga', PASSWORD, attributeList, null, cb));
  let cognitoUser = signUp.user;
  assert.equal(cognitoUser.getUsername(), 'olga');
  assert.equal(signUp.userConfirmed, false);
  const signUpCode = await latestCode(p.poolId, 'olga', 'SignUp');
  const mistyped = await nodeCall((cb) => cognitoUser.confirmRegistration(wrong(signUpCode), true, cb)).catch((e) => e);
  assert.equal(mistyped.code, 'CodeMismatchException');
  assert.equal(await nodeCall((cb) => cognitoUser.confirmRegistration(signUpCode, true, cb)), 'SUCCESS');

  // Sign in (use case 4).
  const signIn = (user, password, extra = {}) =>
    withTimeout((resolve, reject) =>
      user.authenticateUser(new AmazonCognitoIdentity.AuthenticationDetails({ Username: 'olga', Password: password }), {
        onSuccess: (session, userConfirmationNecessary) => resolve({ type: 'success', session, userConfirmationNecessary }),
        onFailure: reject,
        ...extra(resolve),
      }),
    );
  cognitoUser = new AmazonCognitoIdentity.CognitoUser({ Username: 'olga', Pool: userPool });
  const first = await signIn(cognitoUser, PASSWORD, () => ({}));
  assert.equal(first.type, 'success');
  assert.equal(first.userConfirmationNecessary, true, 'a new device, remembered only on request');

  // Update an attribute (use case 8) and verify it (use case 6 style, inputVerificationCode).
  const [status, details] = await withTimeout((resolve, reject) =>
    cognitoUser.updateAttributes([{ Name: 'email', Value: 'olga.new@example.com' }], (err, result, details) => (err ? reject(err) : resolve([result, details]))),
  );
  assert.equal(status, 'SUCCESS');
  assert.equal(details.CodeDeliveryDetailsList[0].AttributeName, 'email');
  const verifyCode = await latestCode(p.poolId, 'olga', 'VerifyUserAttribute');
  assert.equal(
    await withTimeout((resolve, reject) => cognitoUser.verifyAttribute('email', verifyCode, { onSuccess: resolve, onFailure: reject })),
    'SUCCESS',
  );
  const attributes = await nodeCall((cb) => cognitoUser.getUserAttributes(cb));
  assert.equal(attributes.find((a) => a.getName() === 'email').getValue(), 'olga.new@example.com');
  assert.equal(attributes.find((a) => a.getName() === 'email_verified').getValue(), 'true');

  // Set up TOTP (signed in): associate, verify (raw {Status}), prefer it.
  const secret = await withTimeout((resolve, reject) => cognitoUser.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
  const verified = await withTimeout((resolve, reject) =>
    cognitoUser.verifySoftwareToken(totp(secret), 'authenticator', { onSuccess: resolve, onFailure: reject }),
  );
  assert.equal(verified.Status, 'SUCCESS');
  assert.equal(await nodeCall((cb) => cognitoUser.setUserMfaPreference(null, { PreferredMfa: true, Enabled: true }, cb)), 'SUCCESS');

  // Sign out (local; the device keys stay) and sign in with a TOTP code.
  cognitoUser.signOut();
  assert.equal(userPool.getCurrentUser(), null);
  cognitoUser = new AmazonCognitoIdentity.CognitoUser({ Username: 'olga', Pool: userPool });
  const challenged = await signIn(cognitoUser, PASSWORD, (resolve) => ({ totpRequired: (name) => resolve({ type: name }) }));
  assert.equal(challenged.type, 'SOFTWARE_TOKEN_MFA');
  let now = Math.floor(Date.now() / 1000);
  if (now % 30 > 27) {
    await sleep(4000); // codes are single use: do not reuse the setup's window
    now = Math.floor(Date.now() / 1000);
  }
  const session = await withTimeout((resolve, reject) =>
    cognitoUser.sendMFACode(totp(secret, now + 30), { onSuccess: resolve, onFailure: reject }, 'SOFTWARE_TOKEN_MFA'),
  );
  assert.equal(session.isValid(), true);

  // Remember this device: the next sign-in needs no MFA (device SRP).
  const deviceKey = cognitoUser.deviceKey;
  assert.ok(deviceKey);
  assert.equal(await withTimeout((resolve, reject) => cognitoUser.setDeviceStatusRemembered({ onSuccess: resolve, onFailure: reject })), 'SUCCESS');
  const device = await withTimeout((resolve, reject) => cognitoUser.getDevice({ onSuccess: resolve, onFailure: reject }));
  assert.equal(device.Device.DeviceKey, deviceKey);
  cognitoUser.signOut();
  cognitoUser = new AmazonCognitoIdentity.CognitoUser({ Username: 'olga', Pool: userPool });
  const again = await signIn(cognitoUser, PASSWORD, () => ({
    totpRequired: () => {
      throw new Error('MFA was asked on a remembered device');
    },
  }));
  assert.equal(again.type, 'success');
  assert.equal(again.session.getAccessToken().payload.device_key, deviceKey);

  // Change the password (use case 11), sign out.
  assert.equal(await nodeCall((cb) => cognitoUser.changePassword(PASSWORD, 'Ch4nged-Passw0rd!', cb)), 'SUCCESS');
  cognitoUser.signOut();

  // Forgot password (use case 12): the code arrives through inputVerificationCode.
  cognitoUser = new AmazonCognitoIdentity.CognitoUser({ Username: 'olga', Pool: userPool });
  const delivery = await withTimeout((resolve, reject) =>
    cognitoUser.forgotPassword({ onSuccess: () => reject(new Error('onSuccess instead of inputVerificationCode')), onFailure: reject, inputVerificationCode: resolve }),
  );
  assert.equal(delivery.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
  const resetCode = await latestCode(p.poolId, 'olga', 'ForgotPassword');
  assert.equal(
    await withTimeout((resolve, reject) => cognitoUser.confirmPassword(resetCode, 'R3set-Passw0rd!', { onSuccess: resolve, onFailure: reject })),
    'SUCCESS',
  );
  const old = await signIn(new AmazonCognitoIdentity.CognitoUser({ Username: 'olga', Pool: userPool }), 'Ch4nged-Passw0rd!', () => ({})).catch((e) => e);
  assert.equal(old.code, 'NotAuthorizedException');
  cognitoUser = new AmazonCognitoIdentity.CognitoUser({ Username: 'olga', Pool: userPool });
  assert.equal((await signIn(cognitoUser, 'R3set-Passw0rd!', () => ({}))).type, 'success');

  // Delete the user (use case 7).
  assert.equal(await nodeCall((cb) => cognitoUser.deleteUser(cb)), 'SUCCESS');
  assert.equal(userPool.getCurrentUser(), null);
  const gone = await signIn(new AmazonCognitoIdentity.CognitoUser({ Username: 'olga', Pool: userPool }), 'R3set-Passw0rd!', () => ({})).catch((e) => e);
  assert.ok(['UserNotFoundException', 'NotAuthorizedException'].includes(gone.code), gone.code);
});
