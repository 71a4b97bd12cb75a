// examples/api against the emulator: the access token of its client with its scope passes
// (and the user comes from the token); an ID token, a token without the scope, a tampered or
// missing token are refused with 401/403 and the failed check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../support/cognito-api.mjs';
import { startEmulator } from '../support/emulator.mjs';
import { createApi } from '../../examples/api/server.mjs';

const SCOPE = 'demo-api/orders.read';
let emu;
let server;
let apiUrl;
const tokens = {};

before(async () => {
  emu = await startEmulator();
  const poolId = (await api(emu.url, 'CreateUserPool', { PoolName: 'example-api' })).UserPool.Id;
  const flows = ['ALLOW_ADMIN_USER_PASSWORD_AUTH'];
  const withScope = (await api(emu.url, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: flows, AllowedOAuthScopes: [SCOPE] })).UserPoolClient.ClientId;
  const noScope = (await api(emu.url, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'cli', ExplicitAuthFlows: flows })).UserPoolClient.ClientId;
  await api(emu.url, 'AdminCreateUser', { UserPoolId: poolId, Username: 'carol', MessageAction: 'SUPPRESS', TemporaryPassword: 'Temporary-1x' });
  await api(emu.url, 'AdminSetUserPassword', { UserPoolId: poolId, Username: 'carol', Password: 'Password-1x', Permanent: true });
  const signIn = async (ClientId) => (await api(emu.url, 'AdminInitiateAuth', {
    UserPoolId: poolId, ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD: 'Password-1x' },
  })).AuthenticationResult;
  const good = await signIn(withScope);
  tokens.access = good.AccessToken;
  tokens.id = good.IdToken;
  tokens.noScope = (await signIn(noScope)).AccessToken;
  server = createApi({ userPoolId: poolId, clientIds: [withScope, noScope], scope: SCOPE, issuer: `${emu.url}/${poolId}` });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  apiUrl = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  server?.close();
  await emu?.stop();
});

async function get(token, path = '/orders') {
  const res = await fetch(`${apiUrl}${path}`, { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json(), challenge: res.headers.get('www-authenticate') };
}

test('the access token of the client with the scope passes; the user is the token\'s', async () => {
  const r = await get(tokens.access);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.user, 'carol');
  assert.equal(r.body.orders.length, 2);
});

test('an ID token is refused: 401, token_use', async () => {
  const r = await get(tokens.id);
  assert.equal(r.status, 401);
  assert.equal(r.body.error, 'invalid_token');
  assert.equal(r.body.check, 'token_use');
  assert.match(r.body.reason, /^CognitoJwtInvalidTokenUseError: /);
  assert.match(r.challenge, /error="invalid_token"/);
});

test('an access token without the scope is refused: 403, scope', async () => {
  const r = await get(tokens.noScope);
  assert.equal(r.status, 403);
  assert.equal(r.body.error, 'insufficient_scope');
  assert.equal(r.body.check, 'scope');
  assert.ok(r.body.reason.includes(SCOPE), r.body.reason);
});

test('missing, tampered and garbage tokens are refused with 401 and never echoed', async () => {
  assert.equal((await get(undefined)).status, 401);
  const [h, p, s] = tokens.access.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url'));
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, username: 'admin' })).toString('base64url')}.${s}`;
  const r = await get(tampered);
  assert.equal(r.status, 401);
  assert.equal(r.body.check, 'signature');
  assert.ok(!JSON.stringify(r.body).includes(s.slice(0, 40)));
  const g = await get('not-a-token');
  assert.equal(g.status, 401);
  assert.equal(g.body.check, 'parse');
  assert.equal((await get(tokens.access, '/nope')).status, 404);
});
