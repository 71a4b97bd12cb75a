// CognitoAuth (amazon-cognito-auth-js's class) through the Node build against the emulator's
// hosted UI: the auth-js callback API in the code and implicit flows, the Promise API, the user
// pool's getSession picking the tokens up, refresh, sign-out, and the refused callbacks (state
// tampering, a replayed callback, an OAuth error) leaving the stored session as it was.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { Cognito, startEmulator, stopEmulator } from './sdk-support.mjs';
import { PageBrowser, hostedUiPool } from '../support/hosted-ui.mjs';

const CALLBACK = 'http://localhost:3000/callback';
const SIGNED_OUT = 'http://localhost:3000/';
const PASSWORD = 'Correct-Horse-9';
let url;

before(async () => {
  url = await startEmulator();
});
after(stopEmulator);

function newAuth(clientId, storage, launched, extra = {}) {
  return new Cognito.CognitoAuth({
    ClientId: clientId,
    AppWebDomain: url,
    TokenScopesArray: ['openid', 'email'],
    RedirectUriSignIn: CALLBACK,
    RedirectUriSignOut: SIGNED_OUT,
    Storage: storage,
    LaunchUri: (u) => launched.push(u),
    ...extra,
  });
}

/** auth.userhandler as a Promise of the next callback. */
function nextResult(auth) {
  return new Promise((resolve, reject) => {
    auth.userhandler = { onSuccess: resolve, onFailure: reject };
  });
}

async function until(list) {
  for (let i = 0; i < 200 && list.length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
  return list.shift();
}

test('amazon-cognito-auth-js style: code flow sign-in, getCurrentUser().getSession(), refresh, sign-out', async () => {
  const { poolId, clientId } = await hostedUiPool(url, { callback: CALLBACK, signOut: SIGNED_OUT, username: 'alice', password: PASSWORD });
  const storage = new Cognito.MemoryStorage();
  const launched = [];
  const auth = newAuth(clientId, storage, launched);
  assert.throws(() => new Cognito.CognitoAuth({ ClientId: clientId }), /App client Id, App web domain/);
  auth.useCodeGrantFlow();
  auth.userhandler = { onSuccess: () => assert.fail('not signed in yet'), onFailure: (e) => assert.fail(e) };
  auth.getSession();
  const authorize = await until(launched);
  const q = new URL(authorize).searchParams;
  assert.equal(q.get('response_type'), 'code');
  assert.equal(q.get('code_challenge_method'), 'S256');
  assert.ok(q.get('state').length >= 43);

  const back = await new PageBrowser(url).signIn(authorize, 'alice', PASSWORD);
  const signedIn = nextResult(auth);
  auth.parseCognitoWebResponse(back);
  const session = await signedIn;
  assert.ok(session.isValid());
  assert.deepEqual(session.getTokenScopes().getScopes(), ['openid', 'email']);
  assert.equal(auth.getUsername(), 'alice');
  assert.equal(auth.isUserSignedIn(), true);
  const prefix = `CognitoIdentityServiceProvider.${clientId}`;
  assert.equal(storage.getItem(`${prefix}.LastAuthUser`), 'alice');
  assert.equal(storage.getItem(`${prefix}.alice.tokenScopesString`), 'openid email');

  // The user pool's API reads the same session.
  const pool = new Cognito.CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, Storage: storage, endpoint: `${url}/` });
  const user = pool.getCurrentUser();
  assert.equal(user.getUsername(), 'alice');
  const poolSession = await new Promise((resolve, reject) => user.getSession((err, s) => (err ? reject(err) : resolve(s))));
  assert.equal(poolSession.getAccessToken().getJwtToken(), session.getAccessToken().getJwtToken());

  // A new CognitoAuth (a new page) finds the session; getSession answers from it.
  const again = newAuth(clientId, storage, []);
  again.useCodeGrantFlow();
  const cached = nextResult(again);
  again.getSession();
  assert.equal((await cached).getIdToken().getJwtToken(), session.getIdToken().getJwtToken());

  // Refresh through the token endpoint.
  const refreshed = await auth.refresh();
  assert.ok(refreshed.isValid());
  assert.equal(refreshed.getRefreshToken().getToken(), session.getRefreshToken().getToken());

  // Sign-out: revoked, cleared, /logout opened.
  await auth.signOutRedirect();
  assert.equal(launched.pop(), `${url}/logout?client_id=${clientId}&logout_uri=${encodeURIComponent(SIGNED_OUT)}`);
  assert.equal(storage.getItem(`${prefix}.LastAuthUser`) ?? null, null);
  assert.equal(pool.getCurrentUser(), null);
});

test('implicit flow (the default), Promise API with customState, and refused callbacks', async () => {
  const { clientId } = await hostedUiPool(url, { callback: CALLBACK, signOut: SIGNED_OUT, username: 'bob', password: PASSWORD });
  const storage = new Cognito.MemoryStorage();
  const launched = [];
  const auth = newAuth(clientId, storage, launched);
  await auth.signInWithRedirect({ customState: 'cart=3', scopes: ['openid', 'profile'], lang: 'fr' });
  const authorize = launched.pop();
  assert.equal(new URL(authorize).searchParams.get('response_type'), 'token');
  assert.equal(new URL(authorize).searchParams.get('lang'), 'fr');
  const browser = new PageBrowser(url);
  const back = await browser.signIn(authorize, 'bob', PASSWORD);
  assert.ok(back.startsWith(`${CALLBACK}#`), back);
  const { session, username, customState } = await auth.handleRedirect(back);
  assert.equal(username, 'bob');
  assert.equal(customState, 'cart=3');
  assert.ok(session.isValid());
  const stored = JSON.stringify(Object.entries(storage));
  const prefix = `CognitoIdentityServiceProvider.${clientId}`;
  const before = storage.getItem(`${prefix}.bob.accessToken`);

  // Replayed: the state was used up.
  await assert.rejects(auth.handleRedirect(back), (e) => e.code === 'NoPendingSignInError');
  // Tampered state.
  await auth.signInWithRedirect();
  const second = await browser.signIn(launched.pop(), 'bob', PASSWORD);
  await assert.rejects(auth.handleRedirect(second.replace(/state=[^&]+/, 'state=forged')), (e) => e.code === 'StateMismatchError');
  // An OAuth error in the callback, through the auth-js callback API.
  await auth.signInWithRedirect();
  const failed = nextResult(auth);
  auth.parseCognitoWebResponse(`${CALLBACK}#error=access_denied&error_description=User+cancelled`);
  await assert.rejects(failed, (e) => e.code === 'access_denied' && /User cancelled/.test(e.message));
  // Malformed.
  await auth.signInWithRedirect();
  await assert.rejects(auth.handleRedirect(`${CALLBACK}?nothing=here`), (e) => e.code === 'MalformedCallbackError');
  assert.equal(storage.getItem(`${prefix}.bob.accessToken`), before, 'the stored session is left as it was');
  assert.ok(stored.length > 0);
});
