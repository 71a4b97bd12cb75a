// The JS SigV4 signer of the test helpers (tests/support/sigv4.mjs): AWS's published
// "get-vanilla" case, and the emulator accepting what it signs (and refusing the rest).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from './helpers.mjs';
import { signatureHeaders, signedFetch, amzDate } from '../support/sigv4.mjs';

test('the get-vanilla case of the AWS SigV4 test suite', () => {
  const h = signatureHeaders({
    method: 'GET',
    url: 'http://example.amazonaws.com/',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    region: 'us-east-1',
    service: 'service',
    date: new Date('2015-08-30T12:36:00Z'),
  });
  assert.equal(h['X-Amz-Date'], '20150830T123600Z');
  assert.equal(h.Authorization, 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, '
    + 'SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  assert.equal(amzDate(new Date(0)), '19700101T000000Z');
});

let emu;
before(async () => { emu = await startEmulator(); });
after(async () => { await emu.stop(); });

const listPools = { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'AWSCognitoIdentityProviderService.ListUserPools' };

test('the emulator accepts what it signs, with a query string too', async () => {
  const r = await signedFetch(`${emu.url}/`, { method: 'POST', headers: listPools, body: '{"MaxResults":5}' });
  assert.equal(r.status, 200, await r.clone().text());
  assert.ok(Array.isArray((await r.json()).UserPools));
  const q = await signedFetch(`${emu.url}/_emulator/messages?poolId=${encodeURIComponent('us-east-1_Nope 1')}&x=a%40b`);
  assert.equal(q.status, 404, 'signed (no 400), the pool does not exist');
});

test('unsigned, wrongly signed and stale requests are refused', async () => {
  const unsigned = await fetch(`${emu.url}/`, { method: 'POST', headers: listPools, body: '{}' });
  assert.equal((await unsigned.json()).__type, 'MissingAuthenticationTokenException');
  const wrong = await signedFetch(`${emu.url}/`, { method: 'POST', headers: listPools, body: '{}' },
    { credentials: { accessKeyId: 'local', secretAccessKey: 'guess' } });
  assert.equal((await wrong.json()).__type, 'InvalidSignatureException');
  const stale = await signedFetch(`${emu.url}/`, { method: 'POST', headers: listPools, body: '{}' },
    { date: new Date(Date.now() - 30 * 60 * 1000) });
  assert.equal((await stale.json()).__type, 'InvalidSignatureException');
});
