// The session half of the JS face (js/src): pools, users' session methods, sessions, tokens,
// storage, Client. No network: requests are answered by a stub on the library's own
// `Client.prototype.request`, as application code stubs it. Cases marked [reference] run the
// same assertions against amazon-cognito-identity-js, proving the behaviour is the
// reference's; the rest check what this package adds (refresh sharing, cross-tab sign-out,
// atomic writes, per-pool memory storage). tests/js/reference-patterns.test.mjs covers the
// user's writable fields, identities, ClockDrift and a stubbed sign-in; not repeated here.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Cognito as ours } from './sdk-support.mjs';
import { authenticationResult, mapStorage, mintJwt } from '../support/fake-cognito.mjs';

const reference = createRequire(import.meta.url)('amazon-cognito-identity-js');
const LIBRARIES = { reference, ours };
const USER_POOL_ID = 'us-east-1_FaceSession';
// Nothing listens there: a request that escapes the stub fails at once.
const UNREACHABLE = 'http://127.0.0.1:9/';
const nowSeconds = () => Math.floor(Date.now() / 1000);

let clients = 0;
const nextClientId = () => `facesession${++clients}`;

/** Registers `name` once per library. */
function both(name, fn) {
  for (const [which, lib] of Object.entries(LIBRARIES)) {
    test(`${name} [${which}]`, { timeout: 20_000 }, (t) => fn(lib, t));
  }
}

/** A pool over a Map storage; `stub(handler)` answers its client's requests until the case ends. */
function setUp(lib, t, extra = {}, wrap) {
  const clientId = nextClientId();
  const storage = mapStorage();
  const pool = new lib.CognitoUserPool({ UserPoolId: USER_POOL_ID, ClientId: clientId, Storage: storage, endpoint: UNREACHABLE, ...extra }, wrap);
  const prefix = `CognitoIdentityServiceProvider.${clientId}`;
  const requests = [];
  const proto = Object.getPrototypeOf(pool.client);
  const original = proto.request;
  t.after(() => {
    proto.request = original;
  });
  const stub = (handler) => {
    proto.request = function stubbed(operation, params, callback) {
      requests.push({ operation, params: JSON.parse(JSON.stringify(params)) });
      Promise.resolve()
        .then(() => handler(operation, params))
        .then(
          (data) => callback(null, data),
          (error) => callback(error),
        );
    };
  };
  const store = (username, tokens, { clockDrift = '0' } = {}) => {
    storage.setItem(`${prefix}.LastAuthUser`, username);
    storage.setItem(`${prefix}.${username}.idToken`, tokens.IdToken);
    storage.setItem(`${prefix}.${username}.accessToken`, tokens.AccessToken);
    storage.setItem(`${prefix}.${username}.refreshToken`, tokens.RefreshToken ?? '');
    storage.setItem(`${prefix}.${username}.clockDrift`, clockDrift);
  };
  const user = (name = 'alice') => new lib.CognitoUser({ Username: name, Pool: pool, Storage: storage });
  return { clientId, storage, pool, prefix, requests, stub, store, user };
}

/** Tokens that expired a minute ago, with a refresh token. */
function expiredTokens(username) {
  const past = nowSeconds() - 60;
  return {
    IdToken: mintJwt({ sub: `sub-${username}`, token_use: 'id', iat: past - 3600, exp: past }),
    AccessToken: mintJwt({ sub: `sub-${username}`, username, token_use: 'access', iat: past - 3600, exp: past }),
    RefreshToken: 'refresh-old',
  };
}

/** `getSession` as a Promise of `{ error, session, sync }`. */
function getSession(user) {
  return new Promise((resolve) => {
    let returned = false;
    user.getSession((error, session) => resolve({ error, session, sync: !returned }));
    returned = true;
  });
}

const refreshAnswer = (username) => {
  const { IdToken, AccessToken, ExpiresIn } = authenticationResult(username);
  return { AuthenticationResult: { IdToken, AccessToken, ExpiresIn, TokenType: 'Bearer' }, ChallengeParameters: {} };
};

both('fields of the pool, the session, the tokens and the client are plain and writable (strict mode)', (lib) => {
  const pool = new lib.CognitoUserPool({ UserPoolId: USER_POOL_ID, ClientId: 'c', Storage: mapStorage() });
  for (const field of ['userPoolId', 'clientId', 'client', 'advancedSecurityDataCollectionFlag', 'storage']) {
    const value = { marker: field };
    pool[field] = value;
    assert.equal(pool[field], value, `pool.${field}`);
  }
  const t = authenticationResult('alice');
  const session = new lib.CognitoUserSession({
    IdToken: new lib.CognitoIdToken({ IdToken: t.IdToken }),
    AccessToken: new lib.CognitoAccessToken({ AccessToken: t.AccessToken }),
    RefreshToken: new lib.CognitoRefreshToken({ RefreshToken: t.RefreshToken }),
  });
  for (const field of ['idToken', 'accessToken', 'refreshToken', 'clockDrift']) {
    const value = { marker: field };
    session[field] = value;
    assert.equal(session[field], value, `session.${field}`);
  }
  const token = new lib.CognitoIdToken({ IdToken: t.IdToken });
  token.payload = { exp: 1 };
  assert.equal(token.getExpiration(), 1, 'getExpiration reads the assigned payload');
  token.jwtToken = 'x';
  assert.equal(token.getJwtToken(), 'x');
  const refresh = new lib.CognitoRefreshToken({ RefreshToken: 'r' });
  refresh.token = 's';
  assert.equal(refresh.getToken(), 's');
  const client = new lib.CognitoUserPool({ UserPoolId: USER_POOL_ID, ClientId: 'c', Storage: mapStorage(), endpoint: 'https://e.example/' }).client;
  assert.equal(client.endpoint, 'https://e.example/');
  client.endpoint = 'https://other.example/';
  assert.equal(client.endpoint, 'https://other.example/');
  assert.deepEqual(client.fetchOptions, {});
});

both('a null username: getSession calls back at once with the reference\'s error', (lib, t) => {
  const { user, store } = setUp(lib, t);
  store('alice', authenticationResult('alice'));
  const u = user();
  u.username = null;
  let seen;
  u.getSession((error, session) => {
    seen = { error, session };
  });
  assert.ok(seen, 'called back synchronously');
  assert.equal(seen.error.message, 'Username is null. Cannot retrieve a new session');
  assert.equal(seen.session, null);
});

both('exp and iat as strings compare as numbers: a stored session with string claims is valid', async (lib, t) => {
  const { user, store } = setUp(lib, t);
  const n = nowSeconds();
  const tokens = {
    IdToken: mintJwt({ token_use: 'id', iat: String(n), exp: String(n + 600) }),
    AccessToken: mintJwt({ token_use: 'access', iat: String(n), exp: String(n + 600) }),
    RefreshToken: 'refresh-x',
  };
  store('alice', tokens);
  const { error, session, sync } = await getSession(user());
  assert.equal(error, null);
  assert.equal(sync, true);
  assert.equal(session.getIdToken().getExpiration(), String(n + 600), 'the claim is handed out as it is');
  assert.equal(session.isValid(), true);
  const expired = {
    IdToken: mintJwt({ token_use: 'id', iat: String(n - 700), exp: String(n - 100) }),
    AccessToken: mintJwt({ token_use: 'access', iat: String(n - 700), exp: String(n - 100) }),
  };
  const stale = new lib.CognitoUserSession({
    IdToken: new lib.CognitoIdToken({ IdToken: expired.IdToken }),
    AccessToken: new lib.CognitoAccessToken({ AccessToken: expired.AccessToken }),
    ClockDrift: 0,
  });
  assert.equal(stale.isValid(), false);
});

for (const [which, lib] of Object.entries(LIBRARIES)) {
  test(`a Client.prototype.request stub answers the refresh of an expired stored session [${which}]`, async (t) => {
    const { user, store, stub, requests, storage, prefix, clientId } = setUp(lib, t);
    store('alice', expiredTokens('alice'));
    const answer = refreshAnswer('alice');
    stub((operation) => {
      assert.equal(operation, 'InitiateAuth');
      return answer;
    });
    const u = user();
    const { error, session, sync } = await getSession(u);
    assert.equal(error, null);
    assert.equal(sync, false, 'a refresh calls back asynchronously');
    assert.equal(requests.length, 1);
    assert.equal(requests[0].params.AuthFlow, 'REFRESH_TOKEN_AUTH');
    assert.equal(requests[0].params.ClientId, clientId);
    assert.equal(requests[0].params.AuthParameters.REFRESH_TOKEN, 'refresh-old');
    assert.equal(session.getIdToken().getJwtToken(), answer.AuthenticationResult.IdToken);
    assert.equal(session.getRefreshToken().getToken(), 'refresh-old', 'the old refresh token is kept when none comes back');
    assert.equal(u.getSignInUserSession(), session);
    assert.equal(storage.getItem(`${prefix}.alice.idToken`), answer.AuthenticationResult.IdToken);
    assert.equal(storage.getItem(`${prefix}.alice.refreshToken`), 'refresh-old');
    // The refreshed session is now served synchronously, as the same object.
    const again = await getSession(u);
    assert.equal(again.sync, true);
    assert.equal(again.session, session);
  });

  test(`getSession called from inside a getSession callback (stored and refreshed) [${which}]`, async (t) => {
    const { user, store, stub } = setUp(lib, t);
    store('alice', authenticationResult('alice'));
    const u = user();
    const inner = await new Promise((resolve) => {
      u.getSession((error, outer) => {
        assert.equal(error, null);
        u.getSession((error2, session) => resolve({ error2, same: session === outer }));
      });
    });
    assert.deepEqual(inner, { error2: null, same: true });

    store('bob', expiredTokens('bob'));
    stub(() => refreshAnswer('bob'));
    const b = user('bob');
    const nested = await new Promise((resolve, reject) => {
      b.getSession((error, refreshed) => {
        if (error) return reject(error);
        let syncInner = false;
        b.getSession((error2, session) => {
          syncInner = true;
          resolve({ error2, same: session === refreshed });
        });
        assert.equal(syncInner, true, 'the inner call is served synchronously');
        return undefined;
      });
    });
    assert.deepEqual(nested, { error2: null, same: true });
  });

  test(`NotAuthorizedException on refresh: the callback gets it and the cached user is cleared [${which}]`, async (t) => {
    const { user, store, stub, storage, prefix } = setUp(lib, t);
    store('alice', expiredTokens('alice'));
    stub(() => {
      throw Object.assign(new Error('Invalid Refresh Token'), { code: 'NotAuthorizedException', name: 'NotAuthorizedException' });
    });
    const { error, session } = await getSession(user());
    assert.equal(error.code, 'NotAuthorizedException');
    assert.equal(error.message, 'Invalid Refresh Token');
    assert.equal(session, null);
    for (const entry of ['idToken', 'accessToken', 'refreshToken', 'clockDrift']) {
      assert.equal(storage.getItem(`${prefix}.alice.${entry}`), null, entry);
    }
    assert.equal(storage.getItem(`${prefix}.LastAuthUser`), null);
  });

  test(`wrapRefreshSessionCallback wraps the refresh callback [${which}]`, async (t) => {
    const log = [];
    const wrap = (callback) => (error, session) => {
      log.push(error ? 'error' : 'session');
      callback(error, session);
    };
    const { user, store, stub } = setUp(lib, t, {}, wrap);
    store('alice', expiredTokens('alice'));
    stub(() => refreshAnswer('alice'));
    const { error } = await getSession(user());
    assert.equal(error, null);
    assert.deepEqual(log, ['session']);
    // A valid stored session is no refresh: the wrapper is not involved.
    const again = await getSession(user());
    assert.equal(again.sync, true);
    assert.deepEqual(log, ['session']);
  });

  test(`corrupted stored values: errors or a refresh, never a crash [${which}]`, async (t) => {
    const { user, store, stub, storage, prefix } = setUp(lib, t);
    stub(() => refreshAnswer('alice'));
    for (const junk of ['garbage', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJleHAiOiJzb29uIn0.', '..']) {
      store('alice', { ...authenticationResult('alice'), IdToken: junk });
      const { error, session } = await getSession(user());
      assert.equal(error, null, junk);
      assert.equal(session.isValid(), true, junk);
      assert.notEqual(storage.getItem(`${prefix}.alice.idToken`), junk, `${junk}: replaced by the refresh`);
    }
    for (const drift of ['abc', '', 'NaN', '-', '12abc']) {
      store('alice', authenticationResult('alice'), { clockDrift: drift });
      const { error, session, sync } = await getSession(user());
      assert.equal(error, null, drift);
      assert.equal(sync, true, `drift ${JSON.stringify(drift)} reads as a number, no refresh`);
      assert.equal(session.isValid(), true);
    }
    store('alice', { ...expiredTokens('alice'), RefreshToken: '' });
    let seen = await getSession(user());
    assert.equal(seen.error.message, 'Cannot retrieve a new session. Please authenticate.');
    assert.equal(seen.sync, true);
    storage.removeItem(`${prefix}.alice.idToken`);
    seen = await getSession(user());
    assert.equal(seen.error.message, 'Local storage is missing an ID Token, Please authenticate');
    assert.equal(seen.sync, true);
  });
}

test('concurrent getSession calls share one refresh request [ours]', async (t) => {
  const { user, store, stub, requests } = setUp(ours, t);
  store('alice', expiredTokens('alice'));
  stub(() => new Promise((resolve) => setTimeout(() => resolve(refreshAnswer('alice')), 20)));
  const [a, b, c] = await Promise.all([getSession(user()), getSession(user()), user().getSessionAsync()]);
  assert.equal(a.error, null);
  assert.equal(b.error, null);
  assert.equal(requests.length, 1, 'one InitiateAuth for three callers (the reference sends three)');
  assert.equal(a.session.getIdToken().getJwtToken(), b.session.getIdToken().getJwtToken());
  assert.equal(c.getIdToken().getJwtToken(), a.session.getIdToken().getJwtToken());
});

test('a sign-out elsewhere (another user object, another tab) is seen by getSession [ours]', async (t) => {
  const { user, store, storage, prefix } = setUp(ours, t);
  store('alice', authenticationResult('alice'));
  const here = user();
  const first = await getSession(here);
  assert.ok(first.session);
  user().signOut();
  assert.equal(storage.getItem(`${prefix}.alice.idToken`), null);
  const after = await getSession(here);
  assert.equal(after.error.message, 'Local storage is missing an ID Token, Please authenticate');
  assert.equal(here.signInUserSession, null, 'the stale in-memory session is dropped');
});

test('a storage refusing a write during a refresh: StorageError, the stored session unchanged [ours]', async (t) => {
  const { pool, store, stub, storage, prefix } = setUp(ours, t);
  store('alice', expiredTokens('alice'));
  const entries = ['idToken', 'accessToken', 'refreshToken', 'clockDrift'];
  const before = entries.map((e) => storage.getItem(`${prefix}.alice.${e}`));
  const refusing = {
    getItem: (k) => storage.getItem(k),
    removeItem: (k) => storage.removeItem(k),
    clear: () => storage.clear(),
    setItem(k, v) {
      if (k.endsWith('.clockDrift')) throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      return storage.setItem(k, v);
    },
  };
  stub(() => refreshAnswer('alice'));
  const u = new ours.CognitoUser({ Username: 'alice', Pool: pool, Storage: refusing });
  const { error } = await getSession(u);
  assert.equal(error.code, 'StorageError');
  assert.match(error.message, /quota/);
  assert.deepEqual(entries.map((e) => storage.getItem(`${prefix}.alice.${e}`)), before, 'tokens all old after the failed write');
  assert.equal(u.signInUserSession, null);
});

test('setSignInUserSession writes the session; signOut() removes every key; a fresh user starts empty [ours]', (t) => {
  const { user, storage, prefix } = setUp(ours, t);
  const u = user();
  assert.equal(u.keyPrefix, prefix);
  assert.equal(u.userDataKey, `${prefix}.alice.userData`);
  assert.equal(u.Session, null);
  assert.equal(u.signInUserSession, null);
  assert.equal(u.getAuthenticationFlowType(), 'USER_SRP_AUTH');
  const tokens = authenticationResult('alice');
  const session = new ours.CognitoUserSession({
    IdToken: new ours.CognitoIdToken({ IdToken: tokens.IdToken }),
    AccessToken: new ours.CognitoAccessToken({ AccessToken: tokens.AccessToken }),
    RefreshToken: new ours.CognitoRefreshToken({ RefreshToken: 'rt' }),
  });
  storage.setItem(u.userDataKey, '{}');
  u.setSignInUserSession(session);
  assert.equal(u.signInUserSession, session, 'the same object is kept');
  assert.equal(storage.getItem(`${prefix}.LastAuthUser`), 'alice');
  assert.equal(storage.getItem(`${prefix}.alice.refreshToken`), 'rt');
  assert.equal(storage.getItem(u.userDataKey), null, 'the cached user data is cleared');
  u.signOut();
  assert.equal(u.signInUserSession, null);
  assert.deepEqual([...storage.items.keys()], [], 'nothing left behind');
});

test('pools without a Storage get a memory storage each; the user shares its pool\'s [ours]', () => {
  const a = new ours.CognitoUserPool({ UserPoolId: USER_POOL_ID, ClientId: 'c' });
  const b = new ours.CognitoUserPool({ UserPoolId: USER_POOL_ID, ClientId: 'c' });
  assert.ok(a.storage instanceof ours.MemoryStorage);
  assert.notEqual(a.storage, b.storage, 'one memory storage per pool');
  a.storage.setItem('k', 'v');
  assert.equal(b.storage.getItem('k'), undefined);
  assert.equal(new ours.CognitoUser({ Username: 'u', Pool: a }).storage, a.storage);
  assert.equal(a.getCurrentUser(), null);
  a.storage.setItem('CognitoIdentityServiceProvider.c.LastAuthUser', 'u');
  const current = a.getCurrentUser();
  assert.equal(current.getUsername(), 'u');
  assert.equal(current.storage, a.storage);
  assert.equal(a.getUserPoolName(), 'FaceSession');
});

test('pool settings: the reference\'s errors, requestTimeoutMs, and a ClientSecret kept off the object [ours]', () => {
  assert.throws(() => new ours.CognitoUserPool({ ClientId: 'c' }), { message: 'Both UserPoolId and ClientId are required.' });
  assert.throws(() => new ours.CognitoUserPool({ UserPoolId: 'nounderscore', ClientId: 'c' }), { message: 'Invalid UserPoolId format.' });
  const pool = new ours.CognitoUserPool({ UserPoolId: USER_POOL_ID, ClientId: 'c', ClientSecret: 'very-secret', requestTimeoutMs: 1234 });
  assert.equal(pool.requestTimeoutMs, 1234);
  assert.equal(pool.client.endpoint, 'https://cognito-idp.us-east-1.amazonaws.com/');
  assert.ok(!JSON.stringify(Object.entries(pool)).includes('very-secret'), 'the secret is not a field');
});

test('a refresh with a ClientSecret sends SECRET_HASH through the stub [ours]', async (t) => {
  const { user, store, stub, requests } = setUp(ours, t, { ClientSecret: 'shh' });
  store('alice', expiredTokens('alice'));
  stub(() => refreshAnswer('alice'));
  const { error } = await getSession(user());
  assert.equal(error, null);
  assert.match(requests[0].params.AuthParameters.SECRET_HASH, /^[A-Za-z0-9+/]+=*$/);
});

test('Client: requestWithRetry retries this.request with the core policy; promisifyRequest rejects with a CognitoError [ours]', async (t) => {
  const { pool, stub, requests } = setUp(ours, t);
  let calls = 0;
  stub(() => {
    calls += 1;
    if (calls === 1) throw Object.assign(new Error('Rate exceeded'), { code: 'TooManyRequestsException', name: 'TooManyRequestsException' });
    return { ok: true };
  });
  const data = await new Promise((resolve, reject) => pool.client.requestWithRetry('GetUser', { AccessToken: 'a' }, (e, d) => (e ? reject(e) : resolve(d))));
  assert.deepEqual(data, { ok: true });
  assert.equal(requests.length, 2, 'retried once');
  calls = 10;
  stub(() => {
    throw Object.assign(new Error('Incorrect.'), { code: 'NotAuthorizedException', name: 'NotAuthorizedException' });
  });
  const before = requests.length;
  const error = await new Promise((resolve) => pool.client.requestWithRetry('GetUser', {}, (e) => resolve(e)));
  assert.equal(error.code, 'NotAuthorizedException');
  assert.equal(requests.length, before + 1, 'not retried');
  const rejected = await pool.client.promisifyRequest('GetUser', {}).then(assert.fail, (e) => e);
  assert.equal(rejected.code, 'NotAuthorizedException');
  assert.equal(rejected.message, 'Incorrect.');
});

test('Client.request without a stub: a network failure is NetworkError through the callback [ours]', async () => {
  const pool = new ours.CognitoUserPool({ UserPoolId: USER_POOL_ID, ClientId: 'c', endpoint: UNREACHABLE });
  const error = await new Promise((resolve) => pool.client.request('GetUser', {}, (e) => resolve(e)));
  assert.equal(error.code, 'NetworkError');
});

test('WordArray, DateHelper and the user agent [ours]', () => {
  const words = new ours.WordArray([0x01020304, 0xa0b0c0d0], 6);
  assert.equal(words.toString(), '01020304a0b0');
  const random = ours.WordArray.random(16);
  assert.equal(random.sigBytes, 16);
  assert.match(random.toString(), /^[0-9a-f]{32}$/);
  assert.match(new ours.WordArray().random(3).toString(), /^[0-9a-f]{6}$/);
  assert.match(new ours.DateHelper().getNowString(), /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2} \d\d:\d\d:\d\d UTC \d{4}$/);
  ours.appendToCognitoUserAgent('face-session-test/1');
  assert.match(ours.getCognitoUserAgent(), /face-session-test\/1/);
});

test('CookieStorage: writable fields; without a document nothing is stored [ours]', () => {
  const c = new ours.CookieStorage({ domain: 'example.com', secure: false, sameSite: 'lax', expires: 7 });
  assert.deepEqual({ domain: c.domain, path: c.path, expires: c.expires, secure: c.secure, sameSite: c.sameSite }, { domain: 'example.com', path: '/', expires: 7, secure: false, sameSite: 'lax' });
  c.path = '/app';
  assert.equal(c.path, '/app');
  assert.equal(c.setItem('k', 'v'), undefined);
  assert.equal(c.getItem('k'), null);
  assert.deepEqual(c.clear(), {});
});
