// Verifications per second with a cached JWKS: cognito-wasm/verifier against aws-jwt-verify's
// CognitoJwtVerifier, in this one Node process, on the same RS256 access tokens (signed here
// with a fresh RSA-2048 key; both verifiers get its JWKS through cacheJwks) and the same
// settings (scope and group checks on). Three measures: verify() one at a time, verify() with
// 64 at once, verifySync(). Run by bench/bench.mjs, or alone: `node bench/verifier.mjs` (then
// the last line is the results as JSON).
//
// The machine may be shared, so each measure is many short rounds, ours and theirs back to
// back (ABBAAB...: the order swaps every round), after a warm-up: what disturbs one side of a
// round mostly disturbs the other too. Printed: the median rate of each side, the median of
// the per-round ratios (ours / theirs) and their spread (min-max, and the middle half), and
// the median CPU time per verification of each side (steadier than rates on a busy machine).
// BENCH_VERIFIER_MS: length of one side of a round (default 150), BENCH_VERIFIER_ROUNDS:
// rounds per measure (default 15).
import { generateKeyPairSync, createSign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CognitoJwtVerifier as AwsVerifier } from 'aws-jwt-verify';
import { CognitoJwtVerifier as OurVerifier } from '../dist/verifier/node.mjs';

const MS = Number(process.env.BENCH_VERIFIER_MS || 150);
const ROUNDS = Number(process.env.BENCH_VERIFIER_ROUNDS || 15);
const WARM_UP_MS = 500;
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

/**
 * One side of a round: `step` (one verification, or `batch` of them) again and again for `ms`
 * ms. `rate`: verifications per second; `cpuUs`: the process's CPU time (all its threads) per
 * verification in µs, which other programs on a busy machine disturb far less than the rate.
 */
async function measure(step, batch, ms = MS) {
  let n = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  while (performance.now() - started < ms) {
    await step(n);
    n += batch;
  }
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { rate: (n * 1000) / elapsed, cpuUs: (used.user + used.system) / n };
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
/** The value at fraction `q` (0..1) of `xs` sorted (nearest rank). */
const quantile = (xs, q) => sorted(xs)[Math.min(xs.length - 1, Math.round(q * (xs.length - 1)))];
const median = (xs) => quantile(xs, 0.5);

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
  // And both check the signature: a token with another signature is refused by both.
  const [signed, other] = [tokens[0], tokens[1]];
  const forged = `${signed.slice(0, signed.lastIndexOf('.'))}${other.slice(other.lastIndexOf('.'))}`;
  const refusal = (f) => f().then(() => 'accepted', (e) => e.constructor.name);
  const [ourRefusal, awsRefusal] = [await refusal(() => ours.verify(forged)), await refusal(() => aws.verify(forged))];
  if (ourRefusal !== 'JwtInvalidSignatureError' || awsRefusal !== ourRefusal) throw new Error(`the verifiers disagree on a forged token: ${ourRefusal} / ${awsRefusal}`);
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
    await measure(k.ours, k.batch, WARM_UP_MS);
    await measure(k.aws, k.batch, WARM_UP_MS);
    const o = [];
    const a = [];
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2 === 0) {
        o.push(await measure(k.ours, k.batch));
        a.push(await measure(k.aws, k.batch));
      } else {
        a.push(await measure(k.aws, k.batch));
        o.push(await measure(k.ours, k.batch));
      }
    }
    const ratios = o.map((x, r) => x.rate / a[r].rate);
    const r2 = (x) => Math.round(x * 100) / 100;
    results[kind] = {
      ours: Math.round(median(o.map((x) => x.rate))),
      aws: Math.round(median(a.map((x) => x.rate))),
      ratio: r2(median(ratios)),
      ratioMin: r2(quantile(ratios, 0)),
      ratioMax: r2(quantile(ratios, 1)),
      ratioQ1: r2(quantile(ratios, 0.25)),
      ratioQ3: r2(quantile(ratios, 0.75)),
      oursCpuUs: Math.round(median(o.map((x) => x.cpuUs))),
      awsCpuUs: Math.round(median(a.map((x) => x.cpuUs))),
      rounds: ROUNDS,
    };
    const x = results[kind];
    console.log(
      `JWT ${kind} (cached JWKS, verifications/s, medians of ${ROUNDS} interleaved rounds): cognito-wasm/verifier ${x.ours}, aws-jwt-verify ${x.aws}` +
        ` → ${x.ratio.toFixed(2)}× (per-round ratios ${x.ratioMin.toFixed(2)}–${x.ratioMax.toFixed(2)}, middle half ${x.ratioQ1.toFixed(2)}–${x.ratioQ3.toFixed(2)});` +
        ` CPU per verification ${x.oursCpuUs} vs ${x.awsCpuUs} µs`,
    );
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await run()));
