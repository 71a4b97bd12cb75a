// The real amazon-cognito-identity-js@6.3.21 against the emulator: SMS MFA, TOTP MFA,
// MFA_SETUP, SELECT_MFA_TYPE and remembered devices (ConfirmDevice, DEVICE_SRP_AUTH).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, latestCode, totp } from '../support/cognito-api.mjs';
import {
  startEmulator, createPool, sdkPool, sdkUser, signIn, sendMFACode, call, callO, rejectsWith, traceFetch,
  uniqueName, PASSWORD, authCallbacks, signUpConfirmed,
} from './helpers.mjs';

let emu;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.stop(); });

const PHONE = '+15555550123';

async function newUser(ids, pool, attrs = {}) {
  const name = uniqueName();
  await signUpConfirmed(emu.url, ids, pool, name, { email: `${name}@example.com`, ...attrs });
  return name;
}

function otherCode(code) { return code === '000000' ? '111111' : '000000'; }

/** A TOTP code for the next 30-s window if the current one is about to end (avoids edge flakiness). */
async function freshTotp(secret) {
  const left = 30 - (Math.floor(Date.now() / 1000) % 30);
  if (left < 3) await new Promise((r) => setTimeout(r, left * 1000 + 200));
  return totp(secret);
}

test('SMS MFA: code from the outbox; a wrong code fails with CodeMismatchException', async () => {
  const ids = await createPool(emu.url, { MfaConfiguration: 'OPTIONAL' });
  const pool = sdkPool(emu.url, ids);
  const name = await newUser(ids, pool, { phone_number: PHONE });
  const setup = sdkUser(pool, name);
  await signIn(setup, name, PASSWORD);
  await call(setup, 'setUserMfaPreference', { Enabled: true, PreferredMfa: true }, null);

  const user = sdkUser(pool, name);
  const step = await signIn(user, name, PASSWORD);
  assert.equal(step.kind, 'mfaRequired');
  assert.equal(step.challengeName, 'SMS_MFA');
  assert.equal(step.params.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
  assert.equal(step.params.CODE_DELIVERY_DESTINATION, '+*******0123');
  const code = await latestCode(emu.url, ids.poolId, name, 'SMS_MFA');
  await rejectsWith(sendMFACode(user, otherCode(code)), 'CodeMismatchException', 'Invalid code or auth state for the user.');
  const done = await sendMFACode(user, code);
  assert.equal(done.kind, 'success');
  const data = await call(user, 'getUserData');
  assert.deepEqual(data.UserMFASettingList, ['SMS_MFA']);
  assert.equal(data.PreferredMfaSetting, 'SMS_MFA');

  // Legacy disableMFA (SetUserSettings) turns it off again.
  assert.equal(await call(user, 'disableMFA'), 'SUCCESS');
  assert.equal((await signIn(sdkUser(pool, name), name, PASSWORD)).kind, 'success');
  assert.equal(await call(user, 'enableMFA'), 'SUCCESS');
  assert.equal((await signIn(sdkUser(pool, name), name, PASSWORD)).kind, 'mfaRequired');
});

test('TOTP: associateSoftwareToken + verifySoftwareToken, then SOFTWARE_TOKEN_MFA sign-in', async () => {
  const ids = await createPool(emu.url, { MfaConfiguration: 'OPTIONAL' });
  const pool = sdkPool(emu.url, ids);
  const name = await newUser(ids, pool);
  const user = sdkUser(pool, name);
  await signIn(user, name, PASSWORD);
  // TOTP cannot be enabled before a token is verified.
  await rejectsWith(call(user, 'setUserMfaPreference', null, { Enabled: true, PreferredMfa: true }), 'InvalidParameterException');
  const secret = await new Promise((resolve, reject) => user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
  assert.match(secret, /^[A-Z2-7]{32}$/);
  const bad = otherCode(totp(secret));
  await rejectsWith(callO(user, 'verifySoftwareToken', bad, 'phone'), 'EnableSoftwareTokenMFAException');
  const verified = await callO(user, 'verifySoftwareToken', await freshTotp(secret), 'phone');
  assert.equal(verified.Status, 'SUCCESS');
  await call(user, 'setUserMfaPreference', null, { Enabled: true, PreferredMfa: true });

  const u2 = sdkUser(pool, name);
  const step = await signIn(u2, name, PASSWORD);
  assert.equal(step.kind, 'totpRequired');
  assert.equal(step.challengeName, 'SOFTWARE_TOKEN_MFA');
  await rejectsWith(sendMFACode(u2, otherCode(totp(secret)), 'SOFTWARE_TOKEN_MFA'), 'CodeMismatchException');
  const done = await sendMFACode(u2, await freshTotp(secret), 'SOFTWARE_TOKEN_MFA');
  assert.equal(done.kind, 'success');
});

test('MFA_SETUP: pool MFA ON, user without MFA sets up TOTP during sign-in', async () => {
  const ids = await createPool(emu.url, { MfaConfiguration: 'ON' });
  const pool = sdkPool(emu.url, ids);
  const name = await newUser(ids, pool);
  const user = sdkUser(pool, name);
  const trace = traceFetch();
  try {
    const step = await signIn(user, name, PASSWORD);
    assert.equal(step.kind, 'mfaSetup');
    assert.equal(step.challengeName, 'MFA_SETUP');
    const secret = await new Promise((resolve, reject) => user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
    const session = await callO(user, 'verifySoftwareToken', await freshTotp(secret), 'my phone');
    assert.ok(session.isValid());
    assert.deepEqual(trace.trail, ['InitiateAuth:USER_SRP_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER', 'AssociateSoftwareToken',
      'VerifySoftwareToken', 'RespondToAuthChallenge:MFA_SETUP']);
    // Next sign-in asks for the TOTP.
    const u2 = sdkUser(pool, name);
    assert.equal((await signIn(u2, name, PASSWORD)).kind, 'totpRequired');
    assert.equal((await sendMFACode(u2, await freshTotp(secret), 'SOFTWARE_TOKEN_MFA')).kind, 'success');
  } finally {
    trace.restore();
  }
});

test('SELECT_MFA_TYPE when SMS and TOTP are both enabled and none is preferred', async () => {
  const ids = await createPool(emu.url, { MfaConfiguration: 'OPTIONAL' });
  const pool = sdkPool(emu.url, ids);
  const name = await newUser(ids, pool, { phone_number: PHONE });
  const user = sdkUser(pool, name);
  await signIn(user, name, PASSWORD);
  const secret = await new Promise((resolve, reject) => user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
  await callO(user, 'verifySoftwareToken', await freshTotp(secret), 'phone');
  await call(user, 'setUserMfaPreference', { Enabled: true, PreferredMfa: false }, { Enabled: true, PreferredMfa: false });

  const u2 = sdkUser(pool, name);
  const step = await signIn(u2, name, PASSWORD);
  assert.equal(step.kind, 'selectMFAType');
  assert.deepEqual(JSON.parse(step.params.MFAS_CAN_CHOOSE), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
  const next = await new Promise((resolve, reject) => u2.sendMFASelectionAnswer('SMS_MFA', authCallbacks(resolve, reject)));
  assert.equal(next.kind, 'mfaRequired');
  const done = await sendMFACode(u2, await latestCode(emu.url, ids.poolId, name, 'SMS_MFA'));
  assert.equal(done.kind, 'success');

  const u3 = sdkUser(pool, name);
  await signIn(u3, name, PASSWORD);
  const t = await new Promise((resolve, reject) => u3.sendMFASelectionAnswer('SOFTWARE_TOKEN_MFA', authCallbacks(resolve, reject)));
  assert.equal(t.kind, 'totpRequired');
  assert.equal((await sendMFACode(u3, await freshTotp(secret), 'SOFTWARE_TOKEN_MFA')).kind, 'success');
});

test('remembered device: ConfirmDevice after MFA, then DEVICE_SRP_AUTH skips MFA', async () => {
  const ids = await createPool(emu.url, {
    MfaConfiguration: 'OPTIONAL',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
  });
  const pool = sdkPool(emu.url, ids);
  const name = await newUser(ids, pool, { phone_number: PHONE });
  // Set MFA up from another "device" (its own storage), so this one starts unknown.
  const setup = sdkUser(sdkPool(emu.url, ids), name);
  await signIn(setup, name, PASSWORD);
  await call(setup, 'setUserMfaPreference', { Enabled: true, PreferredMfa: true }, null);

  // 1st sign-in on this "device": MFA, then the SDK registers the device.
  const trace = traceFetch();
  const u1 = sdkUser(pool, name);
  try {
    assert.equal((await signIn(u1, name, PASSWORD)).kind, 'mfaRequired');
    const done = await sendMFACode(u1, await latestCode(emu.url, ids.poolId, name, 'SMS_MFA'));
    assert.equal(done.kind, 'success');
    assert.ok(trace.trail.includes('ConfirmDevice'), trace.trail.join());
    const deviceKey = u1.deviceKey;
    assert.match(deviceKey, /^us-east-1_[0-9a-f-]{36}$/);

    // 2nd sign-in: the remembered device answers DEVICE_SRP_AUTH; no MFA.
    trace.trail.length = 0;
    const u2 = sdkUser(pool, name);
    const r2 = await signIn(u2, name, PASSWORD);
    assert.equal(r2.kind, 'success');
    assert.deepEqual(trace.trail, ['InitiateAuth:USER_SRP_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER',
      'RespondToAuthChallenge:DEVICE_SRP_AUTH', 'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER']);
    assert.equal(r2.session.getAccessToken().decodePayload().device_key, deviceKey);

    // Device operations.
    const list = await new Promise((resolve, reject) => u2.listDevices(10, null, { onSuccess: resolve, onFailure: reject }));
    // Two devices: the one used to set MFA up, and this one.
    assert.equal(list.Devices.length, 2);
    assert.ok(list.Devices.some((d) => d.DeviceKey === deviceKey));
    u2.getCachedDeviceKeyAndPassword();
    const got = await callO(u2, 'getDevice');
    assert.equal(got.Device.DeviceKey, deviceKey);
    assert.ok(got.Device.DeviceAttributes.some((a) => a.Name === 'device_name' && a.Value === 'nodejs'));

    // Not remembered → MFA again (the device stays known: no new device).
    await callO(u2, 'setDeviceStatusNotRemembered');
    const u3 = sdkUser(pool, name);
    assert.equal((await signIn(u3, name, PASSWORD)).kind, 'mfaRequired');
    await callO(u2, 'setDeviceStatusRemembered');
    assert.equal((await signIn(sdkUser(pool, name), name, PASSWORD)).kind, 'success');

    // A wrong device secret fails the device verifier.
    const key = `CognitoIdentityServiceProvider.${ids.clientId}.${name}.randomPasswordKey`;
    const saved = pool.storage.getItem(key);
    pool.storage.setItem(key, Buffer.alloc(40, 7).toString('base64'));
    await rejectsWith(signIn(sdkUser(pool, name), name, PASSWORD), 'NotAuthorizedException');
    pool.storage.setItem(key, saved);
    assert.equal((await signIn(sdkUser(pool, name), name, PASSWORD)).kind, 'success');

    // A device forgotten elsewhere: the SDK's stale-key retry, then MFA and a new device.
    await api(emu.url, 'ForgetDevice', { AccessToken: r2.session.getAccessToken().getJwtToken(), DeviceKey: deviceKey });
    const u4 = sdkUser(pool, name);
    assert.equal((await signIn(u4, name, PASSWORD)).kind, 'mfaRequired');
    assert.equal((await sendMFACode(u4, await latestCode(emu.url, ids.poolId, name, 'SMS_MFA'))).kind, 'success');
    assert.notEqual(u4.deviceKey, deviceKey);

    // forgetDevice through the SDK.
    u4.getCachedDeviceKeyAndPassword();
    assert.equal(await callO(u4, 'forgetDevice'), 'SUCCESS');
    await rejectsWith(api(emu.url, 'GetDevice', { AccessToken: u4.getSignInUserSession().getAccessToken().getJwtToken(), DeviceKey: u4.deviceKey || 'x' }),
      'ResourceNotFoundException', 'Device does not exist.');
  } finally {
    trace.restore();
  }
});

test('opt-in devices: ConfirmDevice says UserConfirmationNecessary', async () => {
  const ids = await createPool(emu.url, { DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: true } });
  const pool = sdkPool(emu.url, ids);
  const name = await newUser(ids, pool);
  const u1 = sdkUser(pool, name);
  const r = await signIn(u1, name, PASSWORD);
  assert.equal(r.kind, 'success');
  assert.equal(r.userConfirmationNecessary, true);
  // Not remembered yet: no device SRP.
  const trace = traceFetch();
  try {
    await signIn(sdkUser(pool, name), name, PASSWORD);
    assert.ok(!trace.trail.some((t) => t.includes('DEVICE_SRP_AUTH')));
    await callO(u1, 'setDeviceStatusRemembered');
    trace.trail.length = 0;
    await signIn(sdkUser(pool, name), name, PASSWORD);
    assert.ok(trace.trail.includes('RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER'), trace.trail.join());
  } finally {
    trace.restore();
  }
});
