// Verifications per second with a cached JWKS: cognito-wasm/verifier against aws-jwt-verify's
// CognitoJwtVerifier, in this one Node process, on the same RS256 access tokens (signed here
// with a fresh RSA-2048 key; both verifiers get its JWKS through cacheJwks). Four lines:
// verify() (Promise; ours checks the signature with WebCrypto), verify() with 64 at once,
// verifySync() (ours: node:crypto), and the ratios. Run by bench/bench.mjs, or alone:
// `node bench/verifier.mjs`. BENCH_VERIFIER_MS: time per measurement (default 1000).
import { generateKeyPairSync, createSign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CognitoJwtVerifier as AwsVerifier } from 'aws-jwt-verify';
import { CognitoJwtVerifier as OurVerifier } from '../dist/verifier/node.mjs';

const MS = Number(process.env.BENCH_VERIFIER_MS || 1000);
const ROUNDS = 3;
const POOL = 'eu-west-1_BenchPool1';
const CLIENT = 'bench-client';

function fixture() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'bench-key', alg: 'RS256', use: 'sig' };
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const tokens = Array.from({ length: 32 }, (_, i) => {
    const input = `${b64({ kid: 'bench-key', alg: 'RS256' })}.${b64({
      sub: `user-${i}`, iss: `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`, client_id: CLIENT, token_use: 'access',
      scope: 'aws.cognito.signin.user.admin orders/read', 'cognito:groups': ['admins'], auth_time: now, exp: now + 3600, iat: now,
      jti: `jti-${i}`, username: `user-${i}`, origin_jti: `o-${i}`, event_id: `e-${i}`,
    })}`;
    return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
  });
  return { jwks: { keys: [jwk] }, tokens };
}

/** Verifications per second of `step` (one verification, or `batch` of them) over MS ms. */
async function rate(step, batch = 1) {
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < MS) {
    await step(n);
    n += batch;
  }
  return (n * 1000) / (performance.now() - started);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function run() {
  const { jwks, tokens } = fixture();
  const props = { userPoolId: POOL, tokenUse: 'access', clientId: CLIENT, scope: 'orders/read', groups: 'admins' };
  const ours = OurVerifier.create(props);
  const aws = AwsVerifier.create(props);
  ours.cacheJwks(jwks);
  aws.cacheJwks(jwks);
  const token = (i) => tokens[i % tokens.length];
  // Same verdicts before timing anything.
  for (const t of tokens) {
    const [a, b] = [await ours.verify(t), await aws.verify(t)];
    if (a.sub !== b.sub || ours.verifySync(t).sub !== b.sub) throw new Error('the verifiers disagree');
  }
  const kinds = {
    verify: { ours: (i) => ours.verify(token(i)), aws: (i) => aws.verify(token(i)), batch: 1 },
    'verify x64': {
      ours: (i) => Promise.all(Array.from({ length: 64 }, (_, k) => ours.verify(token(i + k)))),
      aws: (i) => Promise.all(Array.from({ length: 64 }, (_, k) => aws.verify(token(i + k)))),
      batch: 64,
    },
    verifySync: { ours: (i) => ours.verifySync(token(i)), aws: (i) => aws.verifySync(token(i)), batch: 1 },
  };
  const results = {};
  for (const [kind, k] of Object.entries(kinds)) {
    await rate(k.ours, k.batch); // warm-up
    await rate(k.aws, k.batch);
    const o = [];
    const a = [];
    for (let r = 0; r < ROUNDS; r++) {
      o.push(await rate(k.ours, k.batch));
      a.push(await rate(k.aws, k.batch));
    }
    results[kind] = { ours: Math.round(median(o)), aws: Math.round(median(a)) };
    console.log(`JWT ${kind} (cached JWKS, verifications/s, median of ${ROUNDS}): cognito-wasm/verifier ${results[kind].ours}, aws-jwt-verify ${results[kind].aws} → ${(results[kind].ours / results[kind].aws).toFixed(2)}×`);
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
