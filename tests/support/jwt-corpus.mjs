// The tokens of the verifier tests: good ones minted by the emulator (AdminInitiateAuth,
// refresh, two clients, groups, scopes, key rotation) and every class of bad token (tampered,
// alg none / HS256 / alg mismatch, unknown or missing kid, oversized and non-JWT strings,
// expired, not yet valid, wrong issuer, token_use, client, scope, group), each with the
// verifier settings it is checked against and the verdict expected. Shared by the Node
// differential test against aws-jwt-verify, the Rust CLI run and the browser test.
import { createHmac } from 'node:crypto';
import { api, rotateSigningKey, signJwt } from './cognito-api.mjs';

const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const parts = (t) => t.split('.');
const claimsOf = (t) => JSON.parse(Buffer.from(parts(t)[1], 'base64url').toString());
const headerOf = (t) => JSON.parse(Buffer.from(parts(t)[0], 'base64url').toString());

/**
 * Builds the corpus on the emulator at `url` (it rotates that emulator's signing key twice).
 * Returns `{ poolId, issuer, jwksUri, clients: {a, b}, cases: [{ name, token, settings, valid,
 * stricter? }] }`; `settings` are CognitoJwtVerifier.create()'s (issuer included), `valid` the
 * verdict, `stricter` marks the cases where ours refuses what aws-jwt-verify accepts.
 */
export async function buildCorpus(url) {
  const base = url.replace(/\/+$/, '');
  const poolId = (await api(base, 'CreateUserPool', { PoolName: 'jwt-corpus' })).UserPool.Id;
  const issuer = `${base}/${poolId}`;
  const flows = ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
  const a = (await api(base, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'a', ExplicitAuthFlows: flows, AllowedOAuthScopes: ['orders/read'] })).UserPoolClient.ClientId;
  const b = (await api(base, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'b', ExplicitAuthFlows: flows })).UserPoolClient.ClientId;
  for (const [GroupName, Precedence] of [['admins', 1], ['readers', 2]]) await api(base, 'CreateGroup', { UserPoolId: poolId, GroupName, Precedence });
  for (const Username of ['ann', 'bob']) {
    await api(base, 'AdminCreateUser', { UserPoolId: poolId, Username, MessageAction: 'SUPPRESS', TemporaryPassword: 'Temporary-1x' });
    await api(base, 'AdminSetUserPassword', { UserPoolId: poolId, Username, Password: 'Password-1x', Permanent: true });
  }
  await api(base, 'AdminAddUserToGroup', { UserPoolId: poolId, Username: 'ann', GroupName: 'admins' });
  await api(base, 'AdminAddUserToGroup', { UserPoolId: poolId, Username: 'ann', GroupName: 'readers' });
  const signIn = async (user, client) => (await api(base, 'AdminInitiateAuth', {
    UserPoolId: poolId, ClientId: client, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: user, PASSWORD: 'Password-1x' },
  })).AuthenticationResult;

  const annA = await signIn('ann', a);
  const bobA = await signIn('bob', a);
  const annB = await signIn('ann', b);
  const refreshed = (await api(base, 'InitiateAuth', { ClientId: a, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: annA.RefreshToken } })).AuthenticationResult;

  const cfg = (extra = {}) => ({ userPoolId: poolId, tokenUse: 'access', clientId: a, issuer, ...extra });
  const idCfg = (extra = {}) => cfg({ tokenUse: 'id', ...extra });
  const cases = [];
  const add = (name, token, settings, valid, stricter = false) => cases.push({ name, token, settings, valid, ...(stricter ? { stricter } : {}) });

  // ---- good tokens from the emulator ----
  add('access token', annA.AccessToken, cfg(), true);
  add('id token', annA.IdToken, idCfg(), true);
  add('access token, user without groups', bobA.AccessToken, cfg(), true);
  add('id token, user without groups', bobA.IdToken, idCfg(), true);
  add('access token with the scope required', annA.AccessToken, cfg({ scope: 'orders/read' }), true);
  add('access token, one of the scopes', annA.AccessToken, cfg({ scope: ['orders/write', 'aws.cognito.signin.user.admin'] }), true);
  add('access token with the group required', annA.AccessToken, cfg({ groups: 'admins' }), true);
  add('id token with one of the groups', annA.IdToken, idCfg({ groups: ['nobody', 'readers'] }), true);
  add('any token use, any client (access)', annA.AccessToken, cfg({ tokenUse: null, clientId: null }), true);
  add('any token use, any client (id)', annA.IdToken, cfg({ tokenUse: null, clientId: null }), true);
  add('client b access token, clients a or b', annB.AccessToken, cfg({ clientId: [a, b] }), true);
  add('client b id token, clients a or b', annB.IdToken, idCfg({ clientId: [a, b] }), true);
  add('access token from REFRESH_TOKEN_AUTH', refreshed.AccessToken, cfg(), true);
  add('id token from REFRESH_TOKEN_AUTH', refreshed.IdToken, idCfg(), true);
  add('access token with grace seconds', annA.AccessToken, cfg({ graceSeconds: 30 }), true);
  add('two issuers, the emulator one second', annA.AccessToken, cfg({ issuer: ['https://example.com/other', issuer], jwksUri: `${issuer}/.well-known/jwks.json` }), true);

  // ---- claims signed by the emulator's key (real signatures, chosen claims) ----
  const now = Math.floor(Date.now() / 1000);
  const access = claimsOf(annA.AccessToken);
  const id = claimsOf(annA.IdToken);
  const signed = (claims, header) => signJwt(base, claims, header);
  const kid = headerOf(annA.AccessToken).kid;
  const drop = (obj, key) => { const c = { ...obj }; delete c[key]; return c; };
  add('signed: valid claims', await signed({ ...access, exp: now + 600, iat: now }), cfg(), true);
  add('signed: nbf in the past', await signed({ ...access, nbf: now - 60 }), cfg(), true);
  add('signed: expired 5 s ago, 60 s grace', await signed({ ...access, exp: now - 5 }), cfg({ graceSeconds: 60 }), true);
  add('signed: nbf 5 s ahead, 60 s grace', await signed({ ...access, nbf: now + 5 }), cfg({ graceSeconds: 60 }), true);
  add('signed: aud as the client of an id token', await signed({ ...id, aud: a }), idCfg(), true);
  add('signed: extra unknown claims', await signed({ ...access, 'custom:x': { deep: [1, 2] }, flag: true }), cfg(), true);
  add('expired', await signed({ ...access, exp: now - 100 }), cfg(), false);
  add('expired long ago', await signed({ ...access, exp: 1000 }), cfg(), false);
  add('not yet valid (nbf)', await signed({ ...access, nbf: now + 3600 }), cfg(), false);
  add('exp not a number', await signed({ ...access, exp: String(now + 600) }), cfg(), false);
  add('nbf not a number', await signed({ ...access, nbf: 'soon' }), cfg(), false);
  add('wrong issuer (another pool)', await signed({ ...access, iss: `${base}/us-east-1_Other0` }), cfg(), false);
  add('wrong issuer (trailing slash)', await signed({ ...access, iss: `${issuer}/` }), cfg(), false);
  add('wrong issuer (Cognito\'s for this pool)', await signed({ ...access, iss: `https://cognito-idp.us-east-1.amazonaws.com/${poolId}` }), cfg(), false);
  add('no issuer', await signed(drop(access, 'iss')), cfg(), false);
  add('issuer not a string', await signed({ ...access, iss: [issuer] }), cfg(), false);
  add('no token_use', await signed(drop(access, 'token_use')), cfg(), false);
  add('token_use refresh', await signed({ ...access, token_use: 'refresh' }), cfg({ tokenUse: null }), false);
  add('no client_id', await signed(drop(access, 'client_id')), cfg(), false);
  add('client_id of another client', await signed({ ...access, client_id: 'another-client' }), cfg(), false);
  add('client_id as a list', await signed({ ...access, client_id: [a] }), cfg(), false);
  add('id token: aud of another client', await signed({ ...id, aud: 'another-client' }), idCfg(), false);
  add('id token: aud as a list', await signed({ ...id, aud: [a] }), idCfg(), false);
  add('no scope claim, scope required', await signed(drop(access, 'scope')), cfg({ scope: 'orders/read' }), false);
  add('scope that only starts like the one required', await signed({ ...access, scope: 'orders/read-all' }), cfg({ scope: 'orders/read' }), false);
  add('cognito:groups not a list of strings', await signed({ ...access, 'cognito:groups': [1] }), cfg({ groups: 'admins' }), false);
  add('stricter: no exp', await signed(drop(access, 'exp')), cfg(), false, true);
  add('stricter: iat an hour ahead', await signed({ ...access, iat: now + 3600 }), cfg(), false, true);
  add('payload is an array', `${b64({ kid, alg: 'RS256' })}.${b64([1, 2, 3])}.${parts(annA.AccessToken)[2]}`, cfg(), false);

  // ---- header and algorithm attacks ----
  add('alg RS512 (signed RS256)', await signed(access, { kid, alg: 'RS512' }), cfg(), false);
  add('alg ES256 on an RSA key', await signed(access, { kid, alg: 'ES256' }), cfg(), false);
  add('alg PS256', await signed(access, { kid, alg: 'PS256' }), cfg(), false);
  add('no alg', await signed(access, { kid }), cfg(), false);
  add('missing kid', await signed(access, { alg: 'RS256' }), cfg(), false);
  add('kid not a string', await signed(access, { alg: 'RS256', kid: 7 }), cfg(), false);
  add('unknown kid', await signed(access, { alg: 'RS256', kid: 'not-a-key-of-the-pool' }), cfg(), false);
  add('header is an array', `${b64([1])}.${parts(annA.AccessToken)[1]}.${parts(annA.AccessToken)[2]}`, cfg(), false);
  add('alg none, no signature', `${b64({ kid, alg: 'none' })}.${b64(access)}.`, cfg(), false);
  add('alg none, any signature', `${b64({ kid, alg: 'none' })}.${b64(access)}.${b64('x')}`, cfg(), false);
  const jwks = await (await fetch(`${issuer}/.well-known/jwks.json`)).text();
  const hsInput = `${b64({ kid, alg: 'HS256' })}.${b64(access)}`;
  add('HS256 with the JWKS as the secret', `${hsInput}.${createHmac('sha256', jwks).update(hsInput).digest('base64url')}`, cfg(), false);
  const jwkText = JSON.stringify(JSON.parse(jwks).keys[0]);
  const hsInput2 = `${b64({ kid, alg: 'HS256', typ: 'JWT' })}.${b64(access)}`;
  add('HS256 with the public JWK as the secret', `${hsInput2}.${createHmac('sha256', jwkText).update(hsInput2).digest('base64url')}`, cfg(), false);

  // ---- tampering ----
  const [h, p, s] = parts(annA.AccessToken);
  add('tampered payload (username)', `${h}.${b64({ ...access, username: 'root' })}.${s}`, cfg(), false);
  add('tampered payload (scope added)', `${h}.${b64({ ...access, scope: `${access.scope} admin/all` })}.${s}`, cfg({ scope: 'admin/all' }), false);
  add('tampered payload (exp extended)', `${h}.${b64({ ...access, exp: access.exp + 86400 })}.${s}`, cfg(), false);
  const sig = Buffer.from(s, 'base64url');
  sig[sig.length - 1] ^= 1;
  add('tampered signature (one bit)', `${h}.${p}.${sig.toString('base64url')}`, cfg(), false);
  add('truncated signature', `${h}.${p}.${s.slice(0, 100)}`, cfg(), false);
  add('signature of another token', `${h}.${p}.${parts(bobA.AccessToken)[2]}`, cfg(), false);
  add('id token payload with the access token signature', `${h}.${parts(annA.IdToken)[1]}.${s}`, idCfg(), false);

  // ---- wrong token for the verifier ----
  add('id token to an access-token verifier', annA.IdToken, cfg(), false);
  add('access token to an id-token verifier', annA.AccessToken, idCfg(), false);
  add('client b access token, client a expected', annB.AccessToken, cfg(), false);
  add('client b id token, client a expected', annB.IdToken, idCfg(), false);
  add('access token without the scope required', annB.AccessToken, cfg({ clientId: b, scope: 'orders/read' }), false);
  add('access token without the group required', bobA.AccessToken, cfg({ groups: 'admins' }), false);
  add('id token without the group required', annA.IdToken, idCfg({ groups: ['superusers'] }), false);
  add('token of this emulator, Cognito issuer expected', annA.AccessToken, { userPoolId: poolId, tokenUse: 'access', clientId: a, jwksUri: `${issuer}/.well-known/jwks.json` }, false);

  // ---- not a JWT ----
  for (const [name, text] of [['empty string', ''], ['one word', 'hello'], ['two parts', 'a.b'], ['four parts', `${h}.${p}.${s}.${s}`],
    ['spaces', 'not a jwt at all'], ['invalid base64url', `${h}.${p}!.${s}`], ['header not JSON', `${b64('{not json')}.${p}.${s}`],
    ['oversized (40 KB)', `${h}.${'A'.repeat(40_000)}.${s}`], ['a refresh token', annA.RefreshToken]]) {
    add(`not a JWT: ${name}`, text, cfg(), false);
  }

  // ---- key rotation: the old key stays published for its window, a dropped key is refused ----
  const rotated = await rotateSigningKey(base, 600);
  const afterFirst = await signIn('ann', a);
  if (headerOf(afterFirst.AccessToken).kid !== rotated.kid) throw new Error('the rotated key does not sign');
  await rotateSigningKey(base, 0);
  const afterSecond = await signIn('ann', a);
  add('rotation: token of the first key (still published)', annA.AccessToken, cfg({ graceSeconds: 1 }), true);
  add('rotation: token of the newest key', afterSecond.AccessToken, cfg({ graceSeconds: 1 }), true);
  add('rotation: id token of the newest key', afterSecond.IdToken, idCfg({ graceSeconds: 1 }), true);
  add('rotation: token of a key dropped from the JWKS', afterFirst.AccessToken, cfg({ graceSeconds: 1 }), false);

  return { poolId, issuer, jwksUri: `${issuer}/.well-known/jwks.json`, clients: { a, b }, cases };
}
