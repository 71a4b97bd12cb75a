// The SDK's small classes from JavaScript, through the Node build (no network).
import test from 'node:test';
import assert from 'node:assert/strict';
import { Cognito } from './sdk-support.mjs';

const {
  AuthenticationDetails,
  CognitoAccessToken,
  CognitoIdToken,
  CognitoRefreshToken,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  CognitoUserSession,
  CookieStorage,
} = Cognito;

const b64url = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload) => `eyJhbGciOiJSUzI1NiJ9.${b64url(payload)}.c2ln`;
const now = () => Math.floor(Date.now() / 1000);

test('CognitoUserPool: constructor errors and getters', () => {
  assert.throws(() => new CognitoUserPool({}), { message: 'Both UserPoolId and ClientId are required.' });
  assert.throws(() => new CognitoUserPool(undefined), { message: 'Both UserPoolId and ClientId are required.' });
  assert.throws(() => new CognitoUserPool({ UserPoolId: 'nounderscore', ClientId: 'c' }), { message: 'Invalid UserPoolId format.' });
  assert.throws(() => new CognitoUserPool({ UserPoolId: `us-east-1_${'a'.repeat(50)}`, ClientId: 'c' }), {
    message: 'Invalid UserPoolId format.',
  });
  const pool = new CognitoUserPool({ UserPoolId: 'eu-west-1_AbCdEf', ClientId: 'client123' });
  assert.equal(pool.getUserPoolId(), 'eu-west-1_AbCdEf');
  assert.equal(pool.getUserPoolName(), 'AbCdEf');
  assert.equal(pool.getClientId(), 'client123');
  assert.equal(pool.client.endpoint, 'https://cognito-idp.eu-west-1.amazonaws.com/');
  assert.equal(pool.getCurrentUser(), null);
  assert.equal(pool.getUserContextData('x'), undefined);
  assert.equal(pool.advancedSecurityDataCollectionFlag, true);
  assert.deepEqual(pool.client.fetchOptions, {});
  const pool2 = new CognitoUserPool({
    UserPoolId: 'eu-west-1_AbCdEf',
    ClientId: 'c',
    endpoint: 'http://127.0.0.1:1/',
    fetchOptions: { credentials: 'include', mode: 'no-cors' },
    AdvancedSecurityDataCollectionFlag: false,
  });
  assert.equal(pool2.client.endpoint, 'http://127.0.0.1:1/');
  assert.deepEqual(pool2.client.fetchOptions, { credentials: 'include' });
  assert.equal(pool2.advancedSecurityDataCollectionFlag, false);
});

test('CognitoUserPool: memory storage per pool in Node, or the given one', () => {
  const a = new CognitoUserPool({ UserPoolId: 'us-east-1_A', ClientId: 'c' });
  const b = new CognitoUserPool({ UserPoolId: 'us-east-1_A', ClientId: 'c' });
  a.storage.setItem('CognitoIdentityServiceProvider.c.LastAuthUser', 'alice');
  assert.equal(a.getCurrentUser().getUsername(), 'alice');
  assert.equal(b.getCurrentUser(), null, 'pools do not share their memory storage');
  assert.equal(a.storage.getItem('missing'), undefined);
  const items = new Map();
  const mine = {
    setItem: (k, v) => items.set(k, v),
    getItem: (k) => items.get(k) ?? null,
    removeItem: (k) => items.delete(k),
    clear: () => items.clear(),
  };
  const c = new CognitoUserPool({ UserPoolId: 'us-east-1_A', ClientId: 'c', Storage: mine });
  assert.equal(c.storage, mine);
  items.set('CognitoIdentityServiceProvider.c.LastAuthUser', 'bob');
  const user = c.getCurrentUser();
  assert.equal(user.getUsername(), 'bob');
  assert.equal(user.storage, mine);
  assert.equal(user.pool.getClientId(), 'c');
});

test('CognitoUserPool: getUserContextData with the advanced security script', () => {
  globalThis.AmazonCognitoAdvancedSecurityData = { getData: (u, p, c) => (u === 'none' ? '' : `data:${u}:${p}:${c}`) };
  try {
    const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_A', ClientId: 'c' });
    assert.deepEqual(pool.getUserContextData('u'), { EncodedData: 'data:u:us-east-1_A:c' });
    assert.deepEqual(pool.getUserContextData('none'), {});
    const off = new CognitoUserPool({ UserPoolId: 'us-east-1_A', ClientId: 'c', AdvancedSecurityDataCollectionFlag: false });
    assert.deepEqual(off.getUserContextData('u'), {});
  } finally {
    delete globalThis.AmazonCognitoAdvancedSecurityData;
  }
});

test('CognitoUser: constructor, fields and flow type', () => {
  const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_A', ClientId: 'c' });
  assert.throws(() => new CognitoUser({ Username: 'x' }), { message: 'Username and Pool information are required.' });
  assert.throws(() => new CognitoUser({ Pool: pool }), { message: 'Username and Pool information are required.' });
  assert.throws(() => new CognitoUser(null), { message: 'Username and Pool information are required.' });
  const user = new CognitoUser({ Username: 'alice', Pool: pool });
  assert.equal(user.getUsername(), 'alice');
  assert.equal(user.username, 'alice');
  assert.equal(user.pool, pool);
  assert.equal(user.Session, null);
  assert.equal(user.getSignInUserSession(), null);
  assert.equal(user.signInUserSession, null);
  assert.equal(user.keyPrefix, 'CognitoIdentityServiceProvider.c');
  assert.equal(user.userDataKey, 'CognitoIdentityServiceProvider.c.alice.userData');
  assert.equal(user.deviceKey, undefined);
  assert.equal(user.getAuthenticationFlowType(), 'USER_SRP_AUTH');
  assert.equal(user.setAuthenticationFlowType('USER_PASSWORD_AUTH'), undefined);
  assert.equal(user.authenticationFlowType, 'USER_PASSWORD_AUTH');
});

test('CognitoUser: setSignInUserSession caches tokens; getSession reads them; signOut clears', async () => {
  const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_A', ClientId: 'c' });
  const user = new CognitoUser({ Username: 'alice', Pool: pool });
  const session = new CognitoUserSession({
    IdToken: new CognitoIdToken({ IdToken: jwt({ exp: now() + 600, iat: now() }) }),
    AccessToken: new CognitoAccessToken({ AccessToken: jwt({ exp: now() + 600, iat: now() }) }),
    RefreshToken: new CognitoRefreshToken({ RefreshToken: 'r' }),
  });
  user.setSignInUserSession(session);
  assert.equal(pool.storage.getItem('CognitoIdentityServiceProvider.c.LastAuthUser'), 'alice');
  assert.equal(pool.storage.getItem('CognitoIdentityServiceProvider.c.alice.refreshToken'), 'r');
  assert.equal(pool.storage.getItem('CognitoIdentityServiceProvider.c.alice.clockDrift'), '0');
  const again = pool.getCurrentUser();
  const got = await new Promise((resolve, reject) => again.getSession((err, s) => (err ? reject(err) : resolve(s))));
  assert.equal(got.getIdToken().getJwtToken(), session.getIdToken().getJwtToken());
  assert.equal(got.isValid(), true);
  again.signOut();
  assert.equal(pool.storage.getItem('CognitoIdentityServiceProvider.c.LastAuthUser'), undefined);
  const err = await new Promise((resolve) => again.getSession((e) => resolve(e)));
  assert.equal(err.message, 'Local storage is missing an ID Token, Please authenticate');
  await assert.rejects(again.getSessionAsync(), { message: 'Local storage is missing an ID Token, Please authenticate' });
});

test('AuthenticationDetails', () => {
  const d = new AuthenticationDetails({ Username: 'u', Password: 'p', ValidationData: { k: 'v' }, AuthParameters: { a: '1' } });
  assert.equal(d.getUsername(), 'u');
  assert.equal(d.getPassword(), 'p');
  assert.deepEqual(d.getValidationData(), { k: 'v' });
  assert.deepEqual(d.getAuthParameters(), { a: '1' });
  assert.deepEqual(d.getClientMetadata(), {});
  assert.deepEqual(new AuthenticationDetails().getValidationData(), {});
});

test('CognitoUserAttribute', () => {
  const a = new CognitoUserAttribute({ Name: 'email', Value: 'a@example.com' });
  assert.equal(a.getName(), 'email');
  assert.equal(a.setValue('b@example.com').getValue(), 'b@example.com');
  assert.equal(a.getValue(), 'b@example.com');
  assert.equal(a.toString(), '{"Name":"email","Value":"b@example.com"}');
  assert.equal(JSON.stringify([a]), '[{"Name":"email","Value":"b@example.com"}]');
  assert.deepEqual(new CognitoUserAttribute().toJSON(), { Name: '', Value: '' });
});

test('tokens: payload, expiration, issued-at, bad tokens', () => {
  const t = new CognitoAccessToken({ AccessToken: jwt({ exp: 200, iat: 100, username: 'é' }) });
  assert.deepEqual(t.payload, { exp: 200, iat: 100, username: 'é' });
  assert.equal(t.payload, t.payload);
  assert.equal(t.getExpiration(), 200);
  assert.equal(t.getIssuedAt(), 100);
  assert.deepEqual(t.decodePayload(), t.payload);
  const bad = new CognitoIdToken({ IdToken: 'not-a-jwt' });
  assert.deepEqual(bad.payload, {});
  assert.equal(bad.getExpiration(), undefined);
  assert.equal(new CognitoIdToken().getJwtToken(), '');
  assert.equal(new CognitoRefreshToken({ RefreshToken: 'r' }).getToken(), 'r');
  assert.equal(new CognitoRefreshToken().getToken(), '');
});

test('CognitoUserSession: validity and clock drift', () => {
  assert.throws(() => new CognitoUserSession({}), { message: 'Id token and Access Token must be present.' });
  assert.throws(() => new CognitoUserSession(), { message: 'Id token and Access Token must be present.' });
  const n = now();
  const make = (exp, iat, ClockDrift) =>
    new CognitoUserSession({
      IdToken: new CognitoIdToken({ IdToken: jwt({ exp, iat }) }),
      AccessToken: new CognitoAccessToken({ AccessToken: jwt({ exp, iat }) }),
      ClockDrift,
    });
  const s = make(n + 100, n - 50);
  assert.ok(Math.abs(s.getClockDrift() - 50) <= 1);
  assert.equal(s.isValid(), true);
  assert.equal(make(n + 100, n, -200).isValid(), false, 'a local clock 200 s behind sees the tokens expired');
  assert.equal(make(n - 10, n - 100, 50).isValid(), true, 'a local clock 50 s ahead');
  assert.equal(make(n - 1, n - 100, 0).isValid(), false);
  assert.equal(s.getRefreshToken().getToken(), '');
});

test('CookieStorage: constructor checks; no document in Node', () => {
  assert.throws(() => new CookieStorage({ sameSite: 'bogus' }), {
    message: 'The sameSite value of cookieStorage must be "lax", "strict" or "none".',
  });
  assert.throws(() => new CookieStorage({ sameSite: 'none', secure: false }), {
    message: 'sameSite = None requires the Secure attribute in latest browser versions.',
  });
  const c = new CookieStorage({ domain: 'example.com' });
  assert.equal(c.path, '/');
  assert.equal(c.expires, 365);
  assert.equal(c.secure, true);
  assert.equal(c.getItem('x'), null);
  assert.equal(c.setItem('x', '1'), undefined);
  assert.deepEqual(c.clear(), {});
});

test('client.request: failures come through the callback', async () => {
  const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_A', ClientId: 'c', endpoint: 'http://127.0.0.1:9/' });
  const err = await new Promise((resolve) => pool.client.request('AnyOperationName', {}, (e) => resolve(e)));
  assert.equal(err.code, 'NetworkError');
  await assert.rejects(pool.client.promisifyRequest('GetUser', {}), { code: 'NetworkError' });
  const net = await new Promise((resolve) => pool.client.request('GetUser', { AccessToken: 'x' }, (e, d) => resolve([e, d])));
  assert.equal(net[0].code, 'NetworkError');
  assert.equal(net[0].message, 'Network error');
  const cyclic = {};
  cyclic.self = cyclic;
  const err2 = await new Promise((resolve) => pool.client.request('GetUser', cyclic, (e) => resolve(e)));
  assert.ok(err2 instanceof Error);
});

test('ClientMetadata given as a null-prototype object reaches the request', async () => {
  const { startRecordingServer } = await import('../support/hostile-servers.mjs');
  const server = await startRecordingServer();
  try {
    const pool = new CognitoUserPool({ UserPoolId: 'us-east-1_Meta1', ClientId: 'client1', endpoint: server.url });
    const metadata = Object.create(null);
    metadata.source = 'null-prototype';
    await new Promise((resolve) => pool.signUp('alice', 'Passw0rd!', [], [], () => resolve(), metadata));
    const sent = JSON.parse(server.requests.find((r) => r.method === 'POST').body);
    assert.deepEqual(sent.ClientMetadata, { source: 'null-prototype' });
  } finally {
    await server.close();
  }
});
