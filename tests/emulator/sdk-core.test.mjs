// The real amazon-cognito-identity-js@6.3.21 against the emulator: sign-up, confirmation,
// SRP sign-in (right and wrong password), USER_PASSWORD_AUTH, refresh, sign-out, tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, letTimePass, messages, resetClocks } from '../support/cognito-api.mjs';
import {
  Cognito, createPool, sdkPool, sdkUser, signUp, signIn, call, callO, verifyJwt, rejectsWith, traceFetch,
  uniqueName, PASSWORD, emulatorWithPool, signUpConfirmed,
} from './helpers.mjs';

const { emu, ids } = await emulatorWithPool();

async function confirmedUser(pool, attrs = {}) {
  const name = uniqueName();
  await signUpConfirmed(emu.url, ids, pool, name, { email: `${name}@example.com`, ...attrs });
  return name;
}

test('signUp sends a code to the outbox; confirmRegistration checks it', async () => {
  const pool = sdkPool(emu.url, ids);
  const name = uniqueName();
  const res = await signUp(pool, name, PASSWORD, { email: `${name}@example.com` });
  assert.equal(res.userConfirmed, false);
  assert.match(res.userSub, /^[0-9a-f-]{36}$/);
  assert.equal(res.codeDeliveryDetails.DeliveryMedium, 'EMAIL');
  assert.equal(res.codeDeliveryDetails.AttributeName, 'email');
  assert.equal(res.codeDeliveryDetails.Destination, `${name[0]}***@e***`);

  const msgs = await messages(emu.url, ids.poolId, name);
  assert.equal(msgs.length, 1);
  assert.equal(msgs[0].kind, 'SignUp');
  assert.equal(msgs[0].destination, `${name}@example.com`);
  assert.match(msgs[0].code, /^\d{6}$/);
  assert.ok(!Number.isNaN(Date.parse(msgs[0].at)));

  const user = sdkUser(pool, name);
  // Sign-in before confirmation: the password is right, the user is not confirmed.
  await rejectsWith(signIn(sdkUser(pool, name), name, PASSWORD), 'UserNotConfirmedException', 'User is not confirmed.');
  const wrong = msgs[0].code === '000000' ? '111111' : '000000';
  await rejectsWith(call(user, 'confirmRegistration', wrong, true), 'CodeMismatchException');

  const resent = await call(user, 'resendConfirmationCode');
  assert.equal(resent.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
  const msgs2 = await messages(emu.url, ids.poolId, name);
  assert.equal(msgs2.length, 2);
  assert.equal(msgs2[1].kind, 'ResendConfirmationCode');
  // The first code was replaced by the resent one.
  if (msgs2[0].code !== msgs2[1].code) {
    await rejectsWith(call(user, 'confirmRegistration', msgs2[0].code, true), 'CodeMismatchException');
  }
  assert.equal(await call(user, 'confirmRegistration', msgs2[1].code, true), 'SUCCESS');
  await rejectsWith(call(user, 'confirmRegistration', msgs2[1].code, true), 'NotAuthorizedException',
    'User cannot be confirmed. Current status is CONFIRMED');
  await rejectsWith(call(user, 'resendConfirmationCode'), 'InvalidParameterException', 'User is already confirmed.');
});

test('signUp errors: existing user, weak password, bad email', async () => {
  const pool = sdkPool(emu.url, ids);
  const name = await confirmedUser(pool);
  await rejectsWith(signUp(pool, name, PASSWORD, {}), 'UsernameExistsException', 'User already exists');
  await rejectsWith(signUp(pool, uniqueName(), 'short', {}), 'InvalidPasswordException',
    'Password did not conform with policy: Password not long enough');
  await rejectsWith(signUp(pool, uniqueName(), 'alllowercase1!', {}), 'InvalidPasswordException',
    'Password did not conform with policy: Password must have uppercase characters');
  await rejectsWith(signUp(pool, uniqueName(), PASSWORD, { email: 'not-an-email' }), 'InvalidParameterException');
});

test('USER_SRP_AUTH sign-in gives verifiable RS256 tokens with Cognito claims', async () => {
  const pool = sdkPool(emu.url, ids);
  const name = await confirmedUser(pool);
  const trace = traceFetch();
  let res;
  try {
    res = await signIn(sdkUser(pool, name), name, PASSWORD);
  } finally {
    trace.restore();
  }
  assert.equal(res.kind, 'success');
  assert.deepEqual(trace.trail, ['InitiateAuth:USER_SRP_AUTH', 'RespondToAuthChallenge:PASSWORD_VERIFIER']);
  const session = res.session;
  assert.ok(session.isValid());
  const id = await verifyJwt(emu.url, ids.poolId, session.getIdToken().getJwtToken());
  const access = await verifyJwt(emu.url, ids.poolId, session.getAccessToken().getJwtToken());
  const iss = `${emu.url}/${ids.poolId}`;
  assert.equal(id.iss, iss);
  assert.equal(access.iss, iss);
  assert.equal(id.token_use, 'id');
  assert.equal(id.aud, ids.clientId);
  assert.equal(id['cognito:username'], name);
  assert.equal(id.email, `${name}@example.com`);
  assert.equal(id.email_verified, true);
  for (const c of ['sub', 'auth_time', 'iat', 'exp', 'jti', 'origin_jti', 'event_id']) assert.ok(id[c], `id token lacks ${c}`);
  assert.equal(access.token_use, 'access');
  assert.equal(access.client_id, ids.clientId);
  assert.equal(access.username, name);
  assert.equal(access.scope, 'aws.cognito.signin.user.admin');
  assert.equal(access.sub, id.sub);
  assert.equal(access.origin_jti, id.origin_jti);
  assert.equal(access.exp - access.iat, 3600);
  assert.ok(session.getRefreshToken().getToken().length > 40);

  const oidc = await (await fetch(`${iss}/.well-known/openid-configuration`)).json();
  assert.equal(oidc.issuer, iss);
  assert.equal(oidc.jwks_uri, `${iss}/.well-known/jwks.json`);
});

test('USER_SRP_AUTH with a wrong password is rejected', async () => {
  const pool = sdkPool(emu.url, ids);
  const name = await confirmedUser(pool);
  await rejectsWith(signIn(sdkUser(pool, name), name, 'Wr0ng-Password!'), 'NotAuthorizedException', 'Incorrect username or password.');
  await rejectsWith(signIn(sdkUser(pool, 'nobody-' + name), 'nobody-' + name, PASSWORD), 'UserNotFoundException', 'User does not exist.');
  // And the right password still works afterwards.
  assert.equal((await signIn(sdkUser(pool, name), name, PASSWORD)).kind, 'success');
});

test('USER_PASSWORD_AUTH checks the password against the verifier', async () => {
  const pool = sdkPool(emu.url, ids);
  const name = await confirmedUser(pool);
  const user = sdkUser(pool, name);
  user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
  await rejectsWith(signIn(user, name, 'Wr0ng-Password!'), 'NotAuthorizedException', 'Incorrect username or password.');
  const user2 = sdkUser(pool, name);
  user2.setAuthenticationFlowType('USER_PASSWORD_AUTH');
  const res = await signIn(user2, name, PASSWORD);
  assert.equal(res.kind, 'success');
  await verifyJwt(emu.url, ids.poolId, res.session.getAccessToken().getJwtToken());
});

test('refreshSession mints new tokens from the refresh token', async () => {
  const pool = sdkPool(emu.url, ids);
  const name = await confirmedUser(pool);
  const user = sdkUser(pool, name);
  const { session } = await signIn(user, name, PASSWORD);
  const refreshed = await call(user, 'refreshSession', session.getRefreshToken());
  assert.notEqual(refreshed.getAccessToken().getJwtToken(), session.getAccessToken().getJwtToken());
  const a = await verifyJwt(emu.url, ids.poolId, refreshed.getAccessToken().getJwtToken());
  assert.equal(a.origin_jti, session.getAccessToken().decodePayload().origin_jti);
  assert.equal(refreshed.getRefreshToken().getToken(), session.getRefreshToken().getToken());
  // getCurrentUser + getSession from storage
  const current = pool.getCurrentUser();
  assert.equal(current.getUsername(), name);
  const s2 = await call(current, 'getSession');
  assert.ok(s2.isValid());
});

test('signOut(callback) sends RevokeToken and the refresh token stops working', async () => {
  const pool = sdkPool(emu.url, ids);
  const name = await confirmedUser(pool);
  const user = sdkUser(pool, name);
  const { session } = await signIn(user, name, PASSWORD);
  const refreshToken = session.getRefreshToken().getToken();
  const trace = traceFetch();
  try {
    await new Promise((resolve, reject) => user.signOut((err) => (err ? reject(err) : resolve())));
  } finally {
    trace.restore();
  }
  assert.deepEqual(trace.trail, ['RevokeToken']);
  await rejectsWith(api(emu.url, 'InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: ids.clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } }),
    'NotAuthorizedException', 'Refresh Token has been revoked');
  // The access token of that family is revoked too.
  await rejectsWith(api(emu.url, 'GetUser', { AccessToken: session.getAccessToken().getJwtToken() }), 'NotAuthorizedException', 'Access Token has been revoked');
});

test('globalSignOut revokes the access token and every refresh token', async () => {
  const pool = sdkPool(emu.url, ids);
  const name = await confirmedUser(pool);
  const first = await signIn(sdkUser(pool, name), name, PASSWORD);
  const user = sdkUser(pool, name);
  const { session } = await signIn(user, name, PASSWORD);
  assert.equal(await callO(user, 'globalSignOut'), 'SUCCESS');
  for (const s of [first.session, session]) {
    await rejectsWith(api(emu.url, 'GetUser', { AccessToken: s.getAccessToken().getJwtToken() }), 'NotAuthorizedException', 'Access Token has been revoked');
    await rejectsWith(api(emu.url, 'InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: ids.clientId, AuthParameters: { REFRESH_TOKEN: s.getRefreshToken().getToken() } }),
      'NotAuthorizedException', 'Refresh Token has been revoked');
  }
  // A new sign-in works.
  assert.equal((await signIn(sdkUser(pool, name), name, PASSWORD)).kind, 'success');
});

test('tokens expire per client validity (seconds) and getSession refreshes them', async () => {
  const short = await createPool(emu.url, {}, {
    AccessTokenValidity: 2, IdTokenValidity: 2, RefreshTokenValidity: 60,
    TokenValidityUnits: { AccessToken: 'seconds', IdToken: 'seconds', RefreshToken: 'minutes' },
  });
  const desc = await api(emu.url, 'DescribeUserPoolClient', { UserPoolId: short.poolId, ClientId: short.clientId });
  assert.equal(desc.UserPoolClient.AccessTokenValidity, 2);
  assert.equal(desc.UserPoolClient.TokenValidityUnits.AccessToken, 'seconds');
  const pool = sdkPool(emu.url, short);
  const name = uniqueName();
  await signUp(pool, name, PASSWORD, { email: `${name}@example.com` });
  await api(emu.url, 'AdminConfirmSignUp', { UserPoolId: short.poolId, Username: name });
  const user = sdkUser(pool, name);
  const { session } = await signIn(user, name, PASSWORD);
  const p = session.getAccessToken().decodePayload();
  assert.equal(p.exp - p.iat, 2);
  // Three seconds pass for the emulator and for the SDK (its `new Date()`), without waiting.
  await letTimePass(emu.url, 3);
  try {
    await rejectsWith(api(emu.url, 'GetUser', { AccessToken: session.getAccessToken().getJwtToken() }), 'NotAuthorizedException', 'Access Token has expired');
    assert.equal(session.isValid(), false);
    const again = await call(user, 'getSession');
    assert.ok(again.isValid());
    assert.notEqual(again.getAccessToken().getJwtToken(), session.getAccessToken().getJwtToken());
    const attrs = await call(user, 'getUserAttributes');
    assert.ok(attrs.some((a) => a.getName() === 'email'));
  } finally {
    await resetClocks(emu.url);
  }
});

test('deleteUser removes the user; its refresh token stops working', async () => {
  const pool = sdkPool(emu.url, ids);
  const name = await confirmedUser(pool);
  const user = sdkUser(pool, name);
  const { session } = await signIn(user, name, PASSWORD);
  assert.equal(await call(user, 'deleteUser'), 'SUCCESS');
  await rejectsWith(signIn(sdkUser(pool, name), name, PASSWORD), 'UserNotFoundException');
  await rejectsWith(api(emu.url, 'InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: ids.clientId, AuthParameters: { REFRESH_TOKEN: session.getRefreshToken().getToken() } }),
    'NotAuthorizedException');
  await rejectsWith(api(emu.url, 'GetUser', { AccessToken: session.getAccessToken().getJwtToken() }), 'NotAuthorizedException');
});
