// The differential test of cognito-wasm/verifier: over the corpus of tests/support/jwt-corpus.mjs
// (good tokens minted by the emulator, every class of bad token), ours in Node, the Rust CLI
// (`cognito-emulator verify`, the native verifier) and aws-jwt-verify's generic JwtVerifier
// (pointed at the emulator's issuer and JWKS URL, with its Cognito checks as customJwtCheck)
// give the same verdicts, except the documented cases where ours is stricter. Also: the
// refetch on key rotation, the 10 s penalty for unknown kids, a JWKS endpoint that is down,
// slow or answers garbage, and verifySync.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { startEmulator, emulatorBin } from '../support/emulator.mjs';
import { buildCorpus } from '../support/jwt-corpus.mjs';
import { api, rotateSigningKey } from '../support/cognito-api.mjs';
import * as ours from '../../dist/verifier/node.mjs';

let emu;
let corpus;
before(async () => {
  emu = await startEmulator();
  corpus = await buildCorpus(emu.url);
});
after(async () => { await emu.stop(); });

/** aws-jwt-verify's fetcher speaks https only: this one fetches over http (the emulator). */
const httpFetcher = { fetch: async (uri) => (await fetch(uri)).arrayBuffer() };

function awsVerifier(settings) {
  // Cognito's issuer of the pool when none is given (as CognitoJwtVerifier would expect).
  const issuer = settings.issuer ?? `https://cognito-idp.${settings.userPoolId.split('_')[0]}.amazonaws.com/${settings.userPoolId}`;
  return JwtVerifier.create({
    issuer,
    audience: null,
    jwksUri: settings.jwksUri || `${Array.isArray(issuer) ? issuer[0] : issuer}/.well-known/jwks.json`,
    scope: settings.scope,
    graceSeconds: settings.graceSeconds,
    customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse: settings.tokenUse, clientId: settings.clientId, groups: settings.groups }),
  }, { jwksCache: new SimpleJwksCache({ fetcher: httpFetcher }) });
}

async function verdict(fn) {
  try {
    await fn();
    return { valid: true };
  } catch (e) {
    return { valid: false, name: e.name === "Error" && e.constructor ? e.constructor.name : e.name, message: String(e.message) };
  }
}

/** The Rust verdict: `cognito-emulator verify` with the settings as flags and the token on stdin. */
function rustVerdict(settings, token) {
  const list = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
  const args = ['verify', '--user-pool-id', settings.userPoolId, '--token-use', settings.tokenUse ?? 'any'];
  for (const c of settings.clientId === null ? ['any'] : list(settings.clientId)) args.push('--client-id', c);
  for (const s of list(settings.scope)) args.push('--scope', s);
  for (const g of list(settings.groups)) args.push('--group', g);
  if (settings.graceSeconds !== undefined) args.push('--grace-seconds', String(settings.graceSeconds));
  for (const i of list(settings.issuer)) args.push('--issuer', i);
  if (settings.jwksUri) args.push('--jwks-uri', settings.jwksUri);
  args.push('-');
  const r = spawnSync(emulatorBin(), args, { input: token, encoding: 'utf8', timeout: 20000 });
  if (r.status === 0) return { valid: true, payload: JSON.parse(r.stdout) };
  assert.equal(r.status, 1, `the CLI failed to run: ${r.stderr}`);
  const m = r.stderr.match(/^refused: (\w+) \(check (\w+)\)/);
  assert.ok(m, `the CLI names the failed check: ${r.stderr}`);
  return { valid: false, name: m[1], check: m[2], message: r.stderr };
}

test('the corpus has at least 60 tokens, good and bad', () => {
  assert.ok(corpus.cases.length >= 60, `${corpus.cases.length} cases`);
  assert.ok(corpus.cases.filter((c) => c.valid).length >= 15);
  assert.ok(corpus.cases.filter((c) => !c.valid).length >= 45);
});

test('ours (Node), Rust and aws-jwt-verify give the same verdicts', async () => {
  const oursBySettings = new Map();
  const awsBySettings = new Map();
  const table = [];
  for (const c of corpus.cases) {
    const key = JSON.stringify(c.settings);
    if (!oursBySettings.has(key)) {
      oursBySettings.set(key, ours.CognitoJwtVerifier.create(c.settings));
      awsBySettings.set(key, awsVerifier(c.settings));
    }
    const o = await verdict(() => oursBySettings.get(key).verify(c.token));
    const a = await verdict(() => awsBySettings.get(key).verify(c.token));
    const r = rustVerdict(c.settings, c.token);
    table.push({ name: c.name, expected: c.valid, ours: o.valid, rust: r.valid, aws: a.valid, oursError: o.name, rustError: r.name, awsError: a.name });
    assert.equal(o.valid, c.valid, `ours, ${c.name}: ${o.name} ${o.message}`);
    assert.equal(r.valid, c.valid, `Rust, ${c.name}: ${r.message}`);
    assert.equal(r.name, o.name, `Rust and Node name the same check, ${c.name}`);
    if (c.stricter) assert.equal(a.valid, true, `aws-jwt-verify accepts ${c.name} (ours is stricter)`);
    else {
      assert.equal(a.valid, c.valid, `aws-jwt-verify, ${c.name}: ${a.name} ${a.message}`);
      assert.equal(o.name, a.name, `ours refuses ${c.name} with aws-jwt-verify's error class`);
    }
    if (!o.valid) assert.ok(!o.message.includes(c.token.split('.')[1] || '\u0000') || c.token.length < 20, `the error does not echo the token: ${c.name}`);
  }
  const sameClass = table.filter((t) => !t.expected && t.oursError === t.awsError).length;
  const refused = table.filter((t) => !t.expected).length;
  console.log(`# ${table.length} tokens; refused ${refused}, of which ${sameClass} with aws-jwt-verify's own error class`);
  for (const t of table.filter((t) => !t.expected && t.oursError !== t.awsError)) console.log(`#   ${t.name}: ours ${t.oursError}, aws ${t.awsError}`);
});

test('verifySync works once the JWKS is cached, and gives verify()\'s verdicts', async () => {
  const good = corpus.cases.find((c) => c.name === 'access token');
  const v = ours.CognitoJwtVerifier.create(good.settings);
  assert.throws(() => v.verifySync(good.token), { name: 'JwksNotAvailableInCacheError' });
  await v.hydrate();
  assert.equal(v.verifySync(good.token).username, 'ann');
  const sameSettings = corpus.cases.filter((x) => JSON.stringify(x.settings) === JSON.stringify(good.settings));
  assert.ok(sameSettings.length > 40, `${sameSettings.length} cases`);
  for (const c of sameSettings) {
    const sync = await verdict(() => v.verifySync(c.token));
    assert.equal(sync.valid, c.valid, `${c.name}: ${sync.name}`);
  }
});

test('verify() of many tokens at once gives each its own verdict and payload', async () => {
  const good = corpus.cases.find((c) => c.name === 'access token');
  const v = ours.CognitoJwtVerifier.create(good.settings);
  await v.hydrate();
  const sameSettings = corpus.cases.filter((x) => JSON.stringify(x.settings) === JSON.stringify(good.settings));
  // One at a time first, twice: an unknown kid's first refusal starts the 10 s wait, after
  // which it is refused with WaitPeriodNotYetEndedJwkError (as in the burst below).
  for (const c of sameSettings) await verdict(() => v.verify(c.token));
  const oneAtATime = [];
  for (const c of sameSettings) oneAtATime.push(await verdict(() => v.verify(c.token)));
  // Twice over, valid and refused tokens mixed, all started in one turn of the event loop.
  const burst = [...sameSettings, ...sameSettings];
  const together = await Promise.all(burst.map((c) => verdict(() => v.verify(c.token))));
  burst.forEach((c, i) => {
    const alone = oneAtATime[i % sameSettings.length];
    assert.equal(together[i].valid, c.valid, `${c.name}: ${together[i].name}`);
    assert.equal(together[i].name, alone.name, `${c.name}: the same error as one at a time`);
  });
  // Payloads stay each token's own.
  const goods = Array.from({ length: 40 }, () => good.token);
  const payloads = await Promise.all(goods.map((t) => v.verify(t)));
  for (const p of payloads) assert.equal(p.username, 'ann');
});

test('a JWKS key that fails its checks is refused every time; caching another JWKS drops the keys imported before', async () => {
  const good = corpus.cases.find((c) => c.name === 'access token');
  const v = ours.CognitoJwtVerifier.create(good.settings);
  const jwks = await (await fetch(v.jwksUri)).json();
  const { kid } = JSON.parse(Buffer.from(good.token.split('.')[0], 'base64url').toString());
  const spoil = (change) => ({ keys: jwks.keys.map((k) => (k.kid === kid ? { ...k, ...change } : k)) });
  v.cacheJwks(spoil({ kty: 'EC' }));
  for (let i = 0; i < 2; i++) {
    await assert.rejects(v.verify(good.token), { name: 'JwkInvalidKtyError' });
    assert.throws(() => v.verifySync(good.token), { name: 'JwkInvalidKtyError' });
  }
  v.cacheJwks(jwks);
  assert.equal((await v.verify(good.token)).username, 'ann');
  assert.equal(v.verifySync(good.token).username, 'ann');
  v.cacheJwks(spoil({ use: 'enc' }));
  assert.throws(() => v.verifySync(good.token), { name: 'JwkInvalidUseError' });
  await assert.rejects(v.verify(good.token), { name: 'JwkInvalidUseError' });
  // The same kid with another modulus: the key imported for the first JWKS is not reused.
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  v.cacheJwks(spoil({ n: publicKey.export({ format: 'jwk' }).n }));
  assert.throws(() => v.verifySync(good.token), { name: 'JwtInvalidSignatureError' });
  await assert.rejects(v.verify(good.token), { name: 'JwtInvalidSignatureError' });
  v.cacheJwks(jwks);
  assert.equal(v.verifySync(good.token).username, 'ann');
});

test('key rotation: a new kid is fetched once; made-up kids wait 10 s; the payload is the token\'s', async () => {
  const poolId = corpus.poolId;
  const settings = { userPoolId: poolId, tokenUse: 'access', clientId: corpus.clients.a, issuer: corpus.issuer };
  let fetches = 0;
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    if (String(input).endsWith('/.well-known/jwks.json')) fetches += 1;
    return realFetch(input, init);
  };
  try {
    const v = ours.CognitoJwtVerifier.create(settings);
    const signIn = async () => (await api(emu.url, 'AdminInitiateAuth', { UserPoolId: poolId, ClientId: corpus.clients.a, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'bob', PASSWORD: 'Password-1x' } })).AuthenticationResult.AccessToken;
    const before = await signIn();
    // Concurrent first verifications share one fetch.
    const payloads = await Promise.all([v.verify(before), v.verify(before), v.verify(before)]);
    assert.equal(fetches, 1);
    assert.equal(payloads[0].username, 'bob');
    await rotateSigningKey(emu.url, 600);
    const after = await signIn();
    assert.equal((await v.verify(after)).username, 'bob');
    assert.equal(fetches, 2, 'the new kid was fetched once');
    await v.verify(before);
    assert.equal(fetches, 2, 'the old kid is still cached');
    const [h, p, s] = after.split('.');
    const madeUp = `${Buffer.from(JSON.stringify({ kid: 'made-up', alg: 'RS256' })).toString('base64url')}.${p}.${s}`;
    await assert.rejects(v.verify(madeUp), { name: 'KidNotFoundInJwksError', check: 'kid' });
    assert.equal(fetches, 3);
    await assert.rejects(v.verify(madeUp), { name: 'WaitPeriodNotYetEndedJwkError' });
    await assert.rejects(v.verify(madeUp), { name: 'WaitPeriodNotYetEndedJwkError' });
    assert.equal(fetches, 3, 'no fetch within 10 s of a miss');
    assert.ok(h);
  } finally {
    globalThis.fetch = realFetch;
  }
});

test('a JWKS endpoint that is down, slow or answers garbage: typed errors, then recovery', async () => {
  const good = corpus.cases.find((c) => c.name === 'access token');
  const realJwks = await (await fetch(corpus.jwksUri)).text();
  let mode = 'down';
  const server = createServer((req, res) => {
    if (mode === 'slow') return; // never answers
    if (mode === 'garbage') { res.writeHead(200, { 'content-type': 'text/html' }); return res.end('<html>oops</html>'); }
    if (mode === 'error') { res.writeHead(503); return res.end(); }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(realJwks);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const jwksUri = `http://127.0.0.1:${server.address().port}/jwks.json`;
  try {
    const v = ours.CognitoJwtVerifier.create({ ...good.settings, jwksUri });
    server.close();
    await assert.rejects(v.verify(good.token), { name: 'FetchError', check: 'fetch' });
    await new Promise((r) => server.listen(server.address()?.port ?? Number(jwksUri.split(':')[2].split('/')[0]), '127.0.0.1', r));
    mode = 'error';
    await assert.rejects(v.verify(good.token), (e) => e.name === 'FetchError' && /503/.test(e.message));
    mode = 'garbage';
    await assert.rejects(v.verify(good.token), { name: 'JwksValidationError', check: 'jwks' });
    mode = 'slow';
    const started = Date.now();
    await assert.rejects(v.verify(good.token), (e) => e.name === 'FetchError' && /timed out/.test(e.message));
    assert.ok(Date.now() - started < 8000);
    mode = 'ok';
    assert.equal((await v.verify(good.token)).username, 'ann', 'recovers when the endpoint is back');
  } finally {
    server.closeAllConnections?.();
    server.close();
  }
});

test('bad settings are a ParameterValidationError', () => {
  assert.throws(() => ours.CognitoJwtVerifier.create({ userPoolId: 'nope', tokenUse: 'access', clientId: null }), { name: 'ParameterValidationError' });
  assert.throws(() => ours.CognitoJwtVerifier.create({ userPoolId: corpus.poolId, clientId: null }), (e) => e instanceof ours.ParameterValidationError && /tokenUse/.test(e.message));
  assert.throws(() => ours.CognitoJwtVerifier.create({ userPoolId: corpus.poolId, tokenUse: 'access' }), /clientId/);
  assert.throws(() => ours.CognitoJwtVerifier.create(null), { name: 'ParameterValidationError' });
  const v = ours.CognitoJwtVerifier.create({ userPoolId: 'eu-west-1_Abc', tokenUse: 'id', clientId: 'c' });
  assert.equal(v.jwksUri, 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc/.well-known/jwks.json');
  assert.throws(() => v.cacheJwks('{"nokeys": true}'), { name: 'JwksValidationError' });
  assert.ok(new ours.JwtExpiredError('x') instanceof ours.JwtInvalidClaimError);
});
