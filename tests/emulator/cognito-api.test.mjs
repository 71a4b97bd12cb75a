// The tests' own JS helper library (tests/support/cognito-api.mjs) against an emulator of
// this file's own: TOTP codes match RFC 6238, the API caller's one error shape, the
// outbox, and the clocks it moves (and puts back).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { advanceEmulatorClock, api, faults, latestCode, letTimePass, messages, resetClocks, totp } from '../support/cognito-api.mjs';
import { startEmulator } from '../support/emulator.mjs';

let emu;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.stop(); });

test('totp matches RFC 6238 appendix B (SHA-1, last six digits)', () => {
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
  assert.equal(totp(secret, 59), '287082');
  assert.equal(totp(secret, 1111111109), '081804');
  assert.equal(totp(secret, 2000000000), '279037');
  assert.throws(() => totp('not base32!', 59), /not base32/);
});

test('api resolves with the body and rejects with message, code, status and operation', async () => {
  const { UserPool } = await api(emu.url, 'CreateUserPool', { PoolName: 'lib' });
  assert.match(UserPool.Id, /^us-east-1_/);
  const e = await api(`${emu.url}/`, 'DescribeUserPool', { UserPoolId: 'us-east-1_Nope' }).then(
    () => assert.fail('resolved'),
    (err) => err,
  );
  assert.ok(e instanceof Error);
  assert.equal(e.code, 'ResourceNotFoundException');
  assert.equal(e.status, 400);
  assert.equal(e.operation, 'DescribeUserPool');
  assert.ok(e.message.length > 0 && !e.message.includes('{'), e.message);
});

test('the outbox gives the newest code of a kind', async () => {
  const { UserPool } = await api(emu.url, 'CreateUserPool', { PoolName: 'outbox', AutoVerifiedAttributes: ['email'] });
  const { UserPoolClient } = await api(emu.url, 'CreateUserPoolClient', { UserPoolId: UserPool.Id, ClientName: 'web' });
  const signUp = { ClientId: UserPoolClient.ClientId, Username: 'ann', Password: 'Corr3ct-Horse!', UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }] };
  await api(emu.url, 'SignUp', signUp);
  await api(emu.url, 'ResendConfirmationCode', { ClientId: UserPoolClient.ClientId, Username: 'ann' });
  const all = await messages(emu.url, UserPool.Id, 'ann');
  assert.deepEqual(all.map((m) => m.kind), ['SignUp', 'ResendConfirmationCode']);
  assert.equal(await latestCode(emu.url, UserPool.Id, 'ann'), all[1].code);
  assert.equal(await latestCode(emu.url, UserPool.Id, 'ann', 'SignUp'), all[0].code);
  await assert.rejects(latestCode(emu.url, UserPool.Id, 'ann', 'ForgotPassword'), /no ForgotPassword message for ann/);
});

test('letTimePass moves the emulator and this process together; resetClocks puts both back', async () => {
  const realNow = Date.now();
  await advanceEmulatorClock(emu.url, 30);
  await letTimePass(emu.url, 3600);
  try {
    assert.equal((await faults(emu.url)).clockSkewSeconds, 3630);
    assert.ok(Math.abs(Date.now() - (realNow + 3600_000)) < 60_000, String(Date.now() - realNow));
    assert.ok(Math.abs(new Date().getTime() - (realNow + 3600_000)) < 60_000);
    assert.equal(new Date(0).getTime(), 0, 'dates given a time are untouched');
    // TOTP stays on the real clock, as the emulator checks it (this window or the next).
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const real = Math.floor(realNow / 1000);
    assert.ok([totp(secret, real), totp(secret, real + 30)].includes(totp(secret)));
  } finally {
    await resetClocks(emu.url);
  }
  assert.equal((await faults(emu.url)).clockSkewSeconds, 0);
  assert.ok(Math.abs(Date.now() - realNow) < 60_000);
  assert.ok(new Date() instanceof Date);
});
