// The real amazon-cognito-identity-js@6.3.21 against the emulator: attributes, passwords,
// admin-created users (NEW_PASSWORD_REQUIRED), custom auth, username attributes and aliases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advanceEmulatorClock, api, messages, latestCode } from '../support/cognito-api.mjs';
import {
  Cognito, startEmulator, createPool, sdkPool, sdkUser, signUp, signIn, call, callO, rejectsWith, traceFetch,
  uniqueName, PASSWORD, authCallbacks, emulatorWithPool, signUpConfirmed,
} from './helpers.mjs';

const { emu, ids } = await emulatorWithPool();

async function signedIn(pool, poolIds = ids) {
  const name = uniqueName();
  await signUpConfirmed(emu.url, poolIds, pool, name, { email: `${name}@example.com` });
  const user = sdkUser(pool, name);
  const res = await signIn(user, name, PASSWORD);
  assert.equal(res.kind, 'success');
  return { name, user, session: res.session };
}

test('getUserAttributes, updateAttributes (+ verification code), verifyAttribute, deleteAttributes', async () => {
  const pool = sdkPool(emu.url, ids);
  const { name, user } = await signedIn(pool);
  let attrs = Object.fromEntries((await call(user, 'getUserAttributes')).map((a) => [a.getName(), a.getValue()]));
  assert.equal(attrs.email, `${name}@example.com`);
  assert.equal(attrs.email_verified, 'true');
  assert.match(attrs.sub, /^[0-9a-f-]{36}$/);

  const newEmail = `${name}.new@example.com`;
  const upd = [new Cognito.CognitoUserAttribute({ Name: 'email', Value: newEmail }), new Cognito.CognitoUserAttribute({ Name: 'name', Value: 'Ada' })];
  await new Promise((resolve, reject) => user.updateAttributes(upd, (err, res) => (err ? reject(err) : resolve(res))));
  attrs = Object.fromEntries((await call(user, 'getUserAttributes')).map((a) => [a.getName(), a.getValue()]));
  assert.equal(attrs.email, newEmail);
  assert.equal(attrs.name, 'Ada');
  assert.equal(attrs.email_verified, 'false');
  const sent = (await messages(emu.url, ids.poolId, name)).filter((m) => m.kind === 'VerifyUserAttribute');
  assert.equal(sent.length, 1);
  assert.equal(sent[0].destination, newEmail);

  await rejectsWith(callO(user, 'verifyAttribute', 'email', sent[0].code === '123456' ? '654321' : '123456'), 'CodeMismatchException');
  // getAttributeVerificationCode sends a fresh code.
  await new Promise((resolve, reject) => user.getAttributeVerificationCode('email', { onSuccess: resolve, onFailure: reject }));
  const code = await latestCode(emu.url, ids.poolId, name, 'VerifyUserAttribute');
  assert.equal(await callO(user, 'verifyAttribute', 'email', code), 'SUCCESS');
  attrs = Object.fromEntries((await call(user, 'getUserAttributes')).map((a) => [a.getName(), a.getValue()]));
  assert.equal(attrs.email_verified, 'true');

  await call(user, 'deleteAttributes', ['name']);
  attrs = Object.fromEntries((await call(user, 'getUserAttributes')).map((a) => [a.getName(), a.getValue()]));
  assert.equal(attrs.name, undefined);

  const data = await new Promise((resolve, reject) => user.getUserData((err, d) => (err ? reject(err) : resolve(d)), { bypassCache: true }));
  assert.equal(data.Username, name);
});

test('changePassword: wrong old password rejected, new password works for SRP', async () => {
  const pool = sdkPool(emu.url, ids);
  const { name, user } = await signedIn(pool);
  await rejectsWith(call(user, 'changePassword', 'Wr0ng-Old!', 'N3w-Password!'), 'NotAuthorizedException', 'Incorrect username or password.');
  await rejectsWith(call(user, 'changePassword', PASSWORD, 'weak'), 'InvalidPasswordException');
  assert.equal(await call(user, 'changePassword', PASSWORD, 'N3w-Password!'), 'SUCCESS');
  await rejectsWith(signIn(sdkUser(pool, name), name, PASSWORD), 'NotAuthorizedException');
  assert.equal((await signIn(sdkUser(pool, name), name, 'N3w-Password!')).kind, 'success');
});

test('forgotPassword / confirmPassword with the code from the outbox', async () => {
  const pool = sdkPool(emu.url, ids);
  const { name } = await signedIn(pool);
  const user = sdkUser(pool, name);
  const data = await new Promise((resolve, reject) => user.forgotPassword({ onSuccess: resolve, onFailure: reject }));
  assert.equal(data.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
  const code = await latestCode(emu.url, ids.poolId, name, 'ForgotPassword');
  await rejectsWith(callO(user, 'confirmPassword', code === '000000' ? '111111' : '000000', 'Res3t-Password!'), 'CodeMismatchException',
    'Invalid verification code provided, please try again.');
  assert.equal(await callO(user, 'confirmPassword', code, 'Res3t-Password!'), 'SUCCESS');
  await rejectsWith(callO(user, 'confirmPassword', code, 'Res3t-Password2!'), 'ExpiredCodeException');
  assert.equal((await signIn(sdkUser(pool, name), name, 'Res3t-Password!')).kind, 'success');
  await rejectsWith(new Promise((resolve, reject) => sdkUser(pool, 'ghost-' + name).forgotPassword({ onSuccess: resolve, onFailure: reject })),
    'UserNotFoundException');
});

test('an expired code fails with ExpiredCodeException (--code-ttl)', async () => {
  const fast = await startEmulator(['--code-ttl', '1']);
  try {
    const fids = await createPool(fast.url);
    const pool = sdkPool(fast.url, fids);
    const name = uniqueName();
    await signUp(pool, name, PASSWORD, { email: `${name}@example.com` });
    const code = await latestCode(fast.url, fids.poolId, name, 'SignUp');
    await advanceEmulatorClock(fast.url, 5); // past the 1 s lifetime, without waiting
    await rejectsWith(call(sdkUser(pool, name), 'confirmRegistration', code, true), 'ExpiredCodeException',
      'Invalid code provided, please request a code again.');
  } finally {
    await fast.stop();
  }
});

test('AdminCreateUser → FORCE_CHANGE_PASSWORD → NEW_PASSWORD_REQUIRED → completeNewPasswordChallenge', async () => {
  const pool = sdkPool(emu.url, ids);
  const name = uniqueName('admin');
  const created = await api(emu.url, 'AdminCreateUser', {
    UserPoolId: ids.poolId, Username: name, TemporaryPassword: 'Temp-Passw0rd!',
    UserAttributes: [{ Name: 'email', Value: `${name}@example.com` }, { Name: 'email_verified', Value: 'true' }],
  });
  assert.equal(created.User.UserStatus, 'FORCE_CHANGE_PASSWORD');
  const invite = await messages(emu.url, ids.poolId, name);
  assert.equal(invite[0].kind, 'AdminCreateUser');
  assert.equal(invite[0].code, 'Temp-Passw0rd!');

  const user = sdkUser(pool, name);
  await rejectsWith(signIn(sdkUser(pool, name), name, 'Wr0ng-Temp!'), 'NotAuthorizedException');
  const step = await signIn(user, name, 'Temp-Passw0rd!');
  assert.equal(step.kind, 'newPasswordRequired');
  assert.equal(step.userAttributes.email, `${name}@example.com`);
  assert.deepEqual(step.requiredAttributes, []);
  const done = await new Promise((resolve, reject) => user.completeNewPasswordChallenge('Perm-Passw0rd!', { name: 'Admin Made' }, authCallbacks(resolve, reject)));
  assert.equal(done.kind, 'success');
  const got = await api(emu.url, 'AdminGetUser', { UserPoolId: ids.poolId, Username: name });
  assert.equal(got.UserStatus, 'CONFIRMED');
  assert.ok(got.UserAttributes.some((a) => a.Name === 'name' && a.Value === 'Admin Made'));
  assert.equal((await signIn(sdkUser(pool, name), name, 'Perm-Passw0rd!')).kind, 'success');
  await rejectsWith(signIn(sdkUser(pool, name), name, 'Temp-Passw0rd!'), 'NotAuthorizedException');
});

test('email as username: the real username is the sub, USER_ID_FOR_SRP carries it', async () => {
  const eids = await createPool(emu.url, { UsernameAttributes: ['email'] });
  const pool = sdkPool(emu.url, eids);
  const email = `${uniqueName()}@example.com`;
  const res = await signUp(pool, email, PASSWORD, {});
  await rejectsWith(signUp(pool, 'plainname', PASSWORD, {}), 'InvalidParameterException', 'Username should be an email.');
  await rejectsWith(signUp(pool, email.toUpperCase(), PASSWORD, {}), 'UsernameExistsException', 'An account with the given email already exists.');
  const code = await latestCode(emu.url, eids.poolId, email, 'SignUp');
  await call(sdkUser(pool, email), 'confirmRegistration', code, true);
  const user = sdkUser(pool, email);
  const r = await signIn(user, email, PASSWORD);
  assert.equal(r.kind, 'success');
  assert.equal(user.getUsername(), res.userSub);
  const id = r.session.getIdToken().decodePayload();
  assert.equal(id['cognito:username'], res.userSub);
  assert.equal(id.email, email);
  await rejectsWith(signIn(sdkUser(pool, email), email, 'Wr0ng-Password!'), 'NotAuthorizedException');
});

test('alias attributes: a verified email signs in; case-insensitive usernames', async () => {
  const aids = await createPool(emu.url, { AliasAttributes: ['email'], UsernameConfiguration: { CaseSensitive: false } });
  const pool = sdkPool(emu.url, aids);
  const name = uniqueName('Alias');
  const email = `${name.toLowerCase()}@example.com`;
  await rejectsWith(signUp(pool, email, PASSWORD, {}), 'InvalidParameterException',
    'Username cannot be of email format, since user pool is configured for email alias.');
  await signUpConfirmed(emu.url, aids, pool, name, { email });
  const byAlias = sdkUser(pool, email);
  assert.equal((await signIn(byAlias, email, PASSWORD)).kind, 'success');
  assert.equal(byAlias.getUsername(), name);
  const upper = name.toUpperCase();
  const byCase = sdkUser(pool, upper);
  assert.equal((await signIn(byCase, upper, PASSWORD)).kind, 'success');
  await rejectsWith(signUp(pool, name.toLowerCase(), PASSWORD, {}), 'UsernameExistsException');
});

test('custom auth without Lambda: fixed challenge and answer, with and without SRP first', async () => {
  const cids = await createPool(emu.url, { EmulatorCustomAuth: { ChallengeParameters: { question: 'What is 6 x 7?' }, Answer: '42' } });
  const pool = sdkPool(emu.url, cids);
  const name = uniqueName();
  await signUp(pool, name, PASSWORD, { email: `${name}@example.com` });
  await api(emu.url, 'AdminConfirmSignUp', { UserPoolId: cids.poolId, Username: name });

  // initiateAuth: CUSTOM_AUTH without SRP.
  const user = sdkUser(pool, name);
  user.setAuthenticationFlowType('CUSTOM_AUTH');
  const details = new Cognito.AuthenticationDetails({ Username: name, AuthParameters: {} });
  const step = await new Promise((resolve, reject) => user.initiateAuth(details, authCallbacks(resolve, reject)));
  assert.equal(step.kind, 'customChallenge');
  assert.equal(step.params.question, 'What is 6 x 7?');
  await rejectsWith(new Promise((resolve, reject) => user.sendCustomChallengeAnswer('41', authCallbacks(resolve, reject))), 'NotAuthorizedException');
  const user2 = sdkUser(pool, name);
  user2.setAuthenticationFlowType('CUSTOM_AUTH');
  await new Promise((resolve, reject) => user2.initiateAuth(details, authCallbacks(resolve, reject)));
  const ok = await new Promise((resolve, reject) => user2.sendCustomChallengeAnswer('42', authCallbacks(resolve, reject)));
  assert.equal(ok.kind, 'success');

  // authenticateUser with CUSTOM_AUTH: SRP_A first, then the custom challenge.
  const user3 = sdkUser(pool, name);
  user3.setAuthenticationFlowType('CUSTOM_AUTH');
  const trace = traceFetch();
  let s3;
  try {
    s3 = await signIn(user3, name, PASSWORD);
    assert.equal(s3.kind, 'customChallenge');
    const fin = await new Promise((resolve, reject) => user3.sendCustomChallengeAnswer('42', authCallbacks(resolve, reject)));
    assert.equal(fin.kind, 'success');
  } finally {
    trace.restore();
  }
  assert.deepEqual(trace.trail, ['InitiateAuth:CUSTOM_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER', 'RespondToAuthChallenge:CUSTOM_CHALLENGE']);
  const user4 = sdkUser(pool, name);
  user4.setAuthenticationFlowType('CUSTOM_AUTH');
  await rejectsWith(signIn(user4, name, 'Wr0ng-Password!'), 'NotAuthorizedException');

  // A pool without the setting refuses CUSTOM_AUTH.
  const plain = sdkUser(sdkPool(emu.url, ids), name);
  plain.setAuthenticationFlowType('CUSTOM_AUTH');
  await rejectsWith(new Promise((resolve, reject) => plain.initiateAuth(details, authCallbacks(resolve, reject))), 'InvalidParameterException');
});
