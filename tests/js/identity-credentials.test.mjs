// CognitoIdentityCredentials (identity-pool credentials in the JS face) against the emulator,
// through the Node build: signed-in and guest credentials, linking the guest on sign-in,
// sign-out clearing the identity, a shared refresh before expiry, each refusal of the identity
// service (nothing stored), and the AWS SDK v3 S3Client signing with the issued credentials.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createRequire } from 'node:module';
import {
  Cognito,
  PASSWORD,
  createPool,
  createUser,
  sleep,
  startEmulator,
  stopEmulator,
  withOwnEmulator,
  withTimeout,
} from './sdk-support.mjs';
import { faults, signJwt } from '../support/cognito-api.mjs';
import { signatureHeaders } from '../support/sigv4.mjs';

const require = createRequire(import.meta.url);
const rawFetch = globalThis.fetch;
const IDENTITY_TARGET = 'AWSCognitoIdentityService.';

let url;
before(async () => {
  url = await startEmulator();
});
after(stopEmulator);

/** An identity-service operation on the emulator at `at`, SigV4-signed (the administrative ones need it). */
async function identityApi(at, operation, body = {}) {
  const endpoint = `${at.replace(/\/+$/, '')}/`;
  const headers = { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `${IDENTITY_TARGET}${operation}` };
  const text = JSON.stringify(body);
  const signature = signatureHeaders({ url: endpoint, headers, body: text, service: 'cognito-identity' });
  const response = await rawFetch(endpoint, { method: 'POST', headers: { ...headers, ...signature }, body: text });
  const json = JSON.parse((await response.text()) || '{}');
  if (!response.ok) throw Object.assign(new Error(json.message), { code: json.__type });
  return json;
}

/** A user pool with a confirmed user, and an identity pool listing its client (plus `extra`). */
async function setUp(at, { allowGuests = true, extraProviders = [] } = {}) {
  const pool = await createPool({}, {}, at);
  const username = `idp-${Math.random().toString(36).slice(2, 10)}`;
  await createUser(pool.poolId, username, [], at);
  const { IdentityPoolId } = await identityApi(at, 'CreateIdentityPool', {
    IdentityPoolName: 'js',
    AllowUnauthenticatedIdentities: allowGuests,
    CognitoIdentityProviders: [
      { ProviderName: `cognito-idp.us-east-1.amazonaws.com/${pool.poolId}`, ClientId: pool.clientId },
      ...extraProviders,
    ],
  });
  return { ...pool, username, identityPoolId: IdentityPoolId };
}

async function identitiesOf(at, identityPoolId) {
  return (await identityApi(at, 'ListIdentities', { IdentityPoolId: identityPoolId, MaxResults: 60 })).Identities;
}

function signIn(userPool, username) {
  const user = new Cognito.CognitoUser({ Username: username, Pool: userPool });
  const details = new Cognito.AuthenticationDetails({ Username: username, Password: PASSWORD });
  return withTimeout((resolve, reject) => user.authenticateUser(details, { onSuccess: (session) => resolve({ user, session }), onFailure: reject }));
}

/** Counts the identity-service requests the SDK sends while `fn` runs. */
async function countingIdentityRequests(fn) {
  const seen = [];
  globalThis.fetch = (input, init = {}) => {
    const target = new Headers(init.headers || {}).get('x-amz-target') || '';
    if (target.startsWith(IDENTITY_TARGET)) seen.push(target.slice(IDENTITY_TARGET.length));
    return rawFetch(input, init);
  };
  try {
    return { result: await fn(), seen };
  } finally {
    globalThis.fetch = rawFetch;
  }
}

const KEY = (identityPoolId) => `aws.cognito.identity-id.${identityPoolId}`;

test('signed-in credentials: Logins from the ID token, identity cached, cleared on signOut', async () => {
  const s = await setUp(url);
  const userPool = new Cognito.CognitoUserPool(s.poolData());
  const { user } = await signIn(userPool, s.username);
  const credentials = new Cognito.CognitoIdentityCredentials({ IdentityPoolId: s.identityPoolId, pool: userPool, endpoint: url });
  const got = await credentials.getPromise();
  assert.match(got.accessKeyId, /^ASIA/);
  assert.equal(got.secretAccessKey.length, 40);
  assert.ok(got.sessionToken);
  assert.ok(got.expiration instanceof Date && got.expiration > new Date());
  assert.equal(credentials.accessKeyId, got.accessKeyId);
  assert.equal(credentials.secretAccessKey, got.secretAccessKey);
  assert.equal(credentials.sessionToken, got.sessionToken);
  assert.equal(credentials.expireTime.getTime(), got.expiration.getTime());
  assert.match(credentials.identityId, /^us-east-1:/);
  assert.equal(userPool.storage.getItem(KEY(s.identityPoolId)), credentials.identityId);
  const [identity] = await identitiesOf(url, s.identityPoolId);
  assert.equal(identity.IdentityId, credentials.identityId);
  assert.deepEqual(identity.Logins, [`cognito-idp.us-east-1.amazonaws.com/${s.poolId}`]);

  // The callback form sets the same fields (cached credentials: no new identity).
  await withTimeout((resolve, reject) => credentials.get((error) => (error ? reject(error) : resolve())));
  assert.equal(credentials.accessKeyId, got.accessKeyId);

  user.signOut();
  assert.equal(credentials.identityId, null);
  assert.equal(credentials.accessKeyId, undefined);
  await sleep(50);
  assert.equal(userPool.storage.getItem(KEY(s.identityPoolId)) ?? null, null);
});

test('a guest identity before sign-in becomes the user identity on sign-in', async () => {
  const s = await setUp(url);
  const userPool = new Cognito.CognitoUserPool(s.poolData());
  const credentials = new Cognito.CognitoIdentityCredentials({ IdentityPoolId: s.identityPoolId, pool: userPool, endpoint: url });
  const guest = await credentials.getPromise();
  const guestId = credentials.identityId;
  assert.match(guestId, /^us-east-1:/);
  assert.deepEqual((await identitiesOf(url, s.identityPoolId))[0].Logins ?? [], [], 'a guest identity has no logins');

  await signIn(userPool, s.username);
  const signedIn = await credentials.getPromise();
  assert.equal(credentials.identityId, guestId, 'the guest identity is linked, not replaced');
  assert.notEqual(signedIn.accessKeyId, guest.accessKeyId, 'the guest credentials are not reused for the user');
  const identities = await identitiesOf(url, s.identityPoolId);
  assert.equal(identities.length, 1);
  assert.deepEqual(identities[0].Logins, [`cognito-idp.us-east-1.amazonaws.com/${s.poolId}`]);
});

test('a refresh before expiry: 20 concurrent callers send one request', async () => {
  await withOwnEmulator(async (own) => {
    const s = await setUp(own);
    await faults(own, 'POST', { credentialsValiditySeconds: 4 });
    const userPool = new Cognito.CognitoUserPool(s.poolData());
    await signIn(userPool, s.username);
    const credentials = new Cognito.CognitoIdentityCredentials({
      IdentityPoolId: s.identityPoolId, pool: userPool, endpoint: own, refreshMarginSeconds: 2,
    });
    const first = await countingIdentityRequests(() => credentials.getPromise());
    assert.deepEqual(first.seen, ['GetId', 'GetCredentialsForIdentity']);
    assert.ok(first.result.expiration.getTime() - Date.now() <= 4000);

    const cached = await countingIdentityRequests(() => credentials.getPromise());
    assert.deepEqual(cached.seen, [], 'fresh credentials are reused');
    assert.equal(cached.result.accessKeyId, first.result.accessKeyId);

    await sleep(2300); // within the 2 s margin of the 4 s validity, not expired
    const burst = await countingIdentityRequests(() => Promise.all(Array.from({ length: 20 }, () => credentials.getPromise())));
    assert.deepEqual(burst.seen, ['GetCredentialsForIdentity'], 'one request for 20 callers');
    const keys = new Set(burst.result.map((c) => c.accessKeyId));
    assert.equal(keys.size, 1);
    assert.notEqual([...keys][0], first.result.accessKeyId);
    assert.ok(burst.result[0].expiration > first.result.expiration);
  });
});

function decode(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
}

/** Expects `getPromise()` to fail with `code` and a message matching `message`, and nothing stored. */
async function refused(s, params, code, message) {
  const storage = new Cognito.MemoryStorage();
  const credentials = new Cognito.CognitoIdentityCredentials({ IdentityPoolId: s.identityPoolId, endpoint: url, ...params }, storage);
  await assert.rejects(credentials.getPromise(), (e) => {
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
  assert.equal(storage.getItem(KEY(s.identityPoolId)) ?? null, null, 'no identity id cached');
  assert.equal(credentials.identityId, null);
  assert.equal(credentials.accessKeyId, undefined);
}

test('each refusal of the identity service comes back typed, with nothing stored', async () => {
  const other = await createPool({}, {}, url);
  const s = await setUp(url, {
    allowGuests: false,
    extraProviders: [{ ProviderName: `cognito-idp.us-east-1.amazonaws.com/${other.poolId}`, ClientId: other.clientId }],
  });
  const userPool = new Cognito.CognitoUserPool(s.poolData());
  const { session } = await signIn(userPool, s.username);
  const idToken = session.getIdToken().getJwtToken();
  const claims = decode(idToken);
  const now = Math.floor(Date.now() / 1000);

  const expired = await signJwt(url, { ...claims, iat: now - 7200, auth_time: now - 7200, exp: now - 3600 });
  const key = `cognito-idp.us-east-1.amazonaws.com/${s.poolId}`;
  await refused(s, { Logins: { [key]: expired } }, 'NotAuthorizedException', /expired/i);

  const [h, p] = idToken.split('.');
  const foreign = `${h}.${p}.${Buffer.from('not the emulator signature').toString('base64url')}`;
  await refused(s, { Logins: { [key]: foreign } }, 'NotAuthorizedException', /verify/i);

  const otherKey = `cognito-idp.us-east-1.amazonaws.com/${other.poolId}`;
  await refused(s, { Logins: { [otherKey]: idToken } }, 'NotAuthorizedException', /Issuer/);

  const { UserPoolClient } = await import('../support/cognito-api.mjs').then(({ api }) =>
    api(url, 'CreateUserPoolClient', { UserPoolId: s.poolId, ClientName: 'unlisted' }));
  const unlistedPool = new Cognito.CognitoUserPool({ ...s.poolData(), ClientId: UserPoolClient.ClientId });
  const unlisted = await signIn(unlistedPool, s.username);
  await refused(s, { session: unlisted.session }, 'NotAuthorizedException', /audience/);

  await refused(s, { Logins: {} }, 'NotAuthorizedException', /Unauthenticated access is not supported/);
  assert.deepEqual(await identitiesOf(url, s.identityPoolId), [], 'no identity created by any refusal');

  await identityApi(url, 'DeleteIdentityPool', { IdentityPoolId: s.identityPoolId });
  await refused(s, { session }, 'ResourceNotFoundException', /./);
});

test('AWS SDK v3 S3Client signs with the issued credentials through our provider', async () => {
  const { S3Client, ListObjectsV2Command } = require('@aws-sdk/client-s3');
  const s = await setUp(url);
  const userPool = new Cognito.CognitoUserPool(s.poolData());
  await signIn(userPool, s.username);
  const credentials = new Cognito.CognitoIdentityCredentials({ IdentityPoolId: s.identityPoolId, pool: userPool, endpoint: url });

  const captured = [];
  const server = http.createServer((req, res) => {
    captured.push({ method: req.method, url: req.url, headers: req.headers });
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/xml' });
    res.end('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>bucket</Name><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${server.address().port}`,
      forcePathStyle: true,
      credentials: credentials.provider(),
    });
    await s3.send(new ListObjectsV2Command({ Bucket: 'bucket' }));
    s3.destroy();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  assert.equal(captured.length, 1);
  const { headers } = captured[0];
  assert.ok(captured[0].url.startsWith('/bucket'), captured[0].url);
  assert.match(headers.authorization, new RegExp(`^AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/\\d{8}/us-east-1/s3/aws4_request`));
  assert.equal(headers['x-amz-security-token'], credentials.sessionToken);
});

test('a bad IdentityPoolId is a typed error', async () => {
  const credentials = new Cognito.CognitoIdentityCredentials({ IdentityPoolId: 'not-a-pool-id', endpoint: url });
  await assert.rejects(credentials.getPromise(), (e) => e.code === 'InvalidParameterException');
});
