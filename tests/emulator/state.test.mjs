// Restart with --state: users, devices, refresh tokens and the signing key survive; the
// file is a SQLite database without plain passwords or refresh tokens. Also the shipped
// demo seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { api } from '../support/cognito-api.mjs';
import {
  startEmulator, createPool, sdkPool, sdkUser, signIn, rejectsWith, traceFetch, uniqueName, PASSWORD, repoRoot,
  verifyJwt, signUpConfirmed,
} from './helpers.mjs';

test('state survives a restart: users, devices, refresh tokens, signing key', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cognito-emulator-state-'));
  const file = path.join(dir, 'state.db');
  try {
    let emu = await startEmulator(['--state', file]);
    const ids = await createPool(emu.url, { DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: false } });
    const pool = sdkPool(emu.url, ids);
    const name = uniqueName();
    await signUpConfirmed(emu.url, ids, pool, name, { email: `${name}@example.com` });
    const u1 = sdkUser(pool, name);
    const first = await signIn(u1, name, PASSWORD);
    assert.equal(first.kind, 'success');
    const deviceKey = u1.deviceKey;
    assert.ok(deviceKey);
    const refreshToken = first.session.getRefreshToken().getToken();
    const access = first.session.getAccessToken().getJwtToken();
    assert.equal(await emu.stop(), 0);

    // The database file and its write-ahead log (not folded in when the process exits).
    const db = readFileSync(file);
    assert.equal(db.subarray(0, 16).toString('latin1'), 'SQLite format 3\0');
    const saved = db.toString('latin1') + (existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).toString('latin1') : '');
    assert.ok(saved.includes(ids.poolId) && saved.includes(name), 'the pool and the user are stored');
    assert.ok(!saved.includes(PASSWORD), 'the password must not be stored');
    assert.ok(!saved.includes(refreshToken), 'refresh tokens are stored hashed');

    emu = await startEmulator(['--state', file]);
    try {
      // The port changed; the pool, user and tokens did not.
      const p2 = sdkPool(emu.url, ids, pool.storage);
      // Old access token still valid (same signing key; iss carries the old port, the key is what counts).
      const me = await api(emu.url, 'GetUser', { AccessToken: access });
      assert.equal(me.Username, name);
      // Refresh token from before the restart.
      const r = await api(emu.url, 'InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: ids.clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } });
      await verifyJwt(emu.url, ids.poolId, r.AuthenticationResult.AccessToken);
      // SRP sign-in with the remembered device from before the restart.
      const trace = traceFetch();
      try {
        const again = await signIn(sdkUser(p2, name), name, PASSWORD);
        assert.equal(again.kind, 'success');
        assert.equal(again.session.getAccessToken().decodePayload().device_key, deviceKey);
      } finally {
        trace.restore();
      }
      assert.ok(trace.trail.includes('RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER'), trace.trail.join());
      await rejectsWith(signIn(sdkUser(p2, name), name, 'Wr0ng-Password!'), 'NotAuthorizedException');
    } finally {
      await emu.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the demo seed: pool, client and the confirmed demo user', async () => {
  const emu = await startEmulator(['--seed', path.join(repoRoot, 'emulator', 'seed', 'demo.json')]);
  try {
    const seed = JSON.parse(readFileSync(path.join(repoRoot, 'emulator', 'seed', 'demo.json'), 'utf8'));
    const ids = { poolId: seed.UserPools[0].Id, clientId: seed.UserPools[0].Clients[0].ClientId };
    const pool = sdkPool(emu.url, ids);
    const r = await signIn(sdkUser(pool, 'demo'), 'demo', 'Demo-Passw0rd!');
    assert.equal(r.kind, 'success');
    assert.equal(r.session.getIdToken().decodePayload().email, 'demo@example.com');
    await rejectsWith(signIn(sdkUser(pool, 'demo'), 'demo', 'Demo-Passw0rd?'), 'NotAuthorizedException');
  } finally {
    await emu.stop();
  }
});
